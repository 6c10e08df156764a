import { beforeAll, describe, expect, it } from 'vitest';
import type { Vec3 } from '../../../src/core/vec3';
import { registerPairedPoints } from '../../../src/registration/pairedPoint';
import { rotationAngleDeg, transformDifference } from '../../../src/registration/rigidTransform';
import { predictTreRms } from '../../../src/registration/tre';
import { buildHipPhantom } from '../../../src/samples/hipPhantom';
import { mulberry32 } from '../../../src/samples/random';
import type { RigidTransformM } from '../../../src/xr/frames';
import { poseFromEuler, xrFromLps, xrMmFromLpsOf } from '../../../src/xr/frames';
import { hipRegistrationPlan } from '../../../src/xr/landmarks';
import type { PlannedLandmark, RegistrationTarget } from '../../../src/xr/landmarks';
import { qualityLevel, qualityTexts } from '../../../src/xr/quality';
import { makeRecord, parseRecord } from '../../../src/xr/record';
import { RegistrationWorkflow } from '../../../src/xr/workflow';
import { expectBadArgument, expectJumeauError } from '../../helpers/expectError';

/** Gaussian noise, σ per axis (metres), seeded. */
function noiseM(seed: number): (sigmaM: number) => Vec3 {
  const rnd = mulberry32(seed);
  const g = (): number => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  return (s) => [g() * s, g() * s, g() * s];
}

const TRUE_POSE: RigidTransformM = poseFromEuler([0.05, 0.85, -0.6], 25, 5, -3);
const TRUE_MM = xrMmFromLpsOf(TRUE_POSE);
let plan: { landmarks: PlannedLandmark[]; targets: RegistrationTarget[]; checkPoints: PlannedLandmark[] };

beforeAll(() => {
  plan = hipRegistrationPlan(buildHipPhantom({ gridSize: [4, 4, 4], noiseSigmaHu: 0 }).landmarksLps);
});

/** Picks the first `n` landmarks at their true XR position + noise σ (mm per axis). */
function pickAll(w: RegistrationWorkflow, n: number, sigmaMm: number, seed: number): Vec3[] {
  const noise = noiseM(seed);
  const out: Vec3[] = [];
  for (let i = 0; i < n; i++) {
    const p = xrFromLps(TRUE_POSE, w.nextLandmark()!.pointLps);
    const e = noise(sigmaMm / 1000);
    const q: Vec3 = [p[0] + e[0], p[1] + e[1], p[2] + e[2]];
    out.push(q);
    w.pick(q);
  }
  return out;
}

describe('registration workflow on the hip phantom, known patient pose', () => {
  it('uses the phantom ground truth: 5 landmarks, cup-centre target', () => {
    expect(plan.landmarks.map((l) => l.name)).toEqual(['femoralHeadCentreLeft', 'femoralHeadCentreRight', 'femoralShaftAxisDistalLeft', 'femoralShaftAxisDistalRight', 'markerBeadLeft']);
    expect(plan.targets[0].pointLps).toEqual([80, 0, 0]);
  });

  for (const n of [4, 5]) {
    for (const seed of [1, 2, 3, 4, 5]) {
      it(`${n} picks with 0.5 mm/axis noise (seed ${seed}): ≤ 1 mm at the target and ≤ 1°; FRE/TRE are the registration module's`, () => {
        const w = new RegistrationWorkflow({ landmarks: plan.landmarks, targets: plan.targets });
        const picks = pickAll(w, n, 0.5, seed);
        const e = w.evaluate();
        expect(e.pickCount).toBe(n);
        const d = transformDifference(e.xrMmFromLps!, TRUE_MM, plan.targets[0].pointLps);
        expect(d.translationMm).toBeLessThanOrEqual(1);
        expect(d.rotationDeg).toBeLessThanOrEqual(1);
        // Same numbers as the registration module called directly.
        const sourceLps = plan.landmarks.slice(0, n).map((l) => l.pointLps);
        const targetLps = picks.map((p) => p.map((v) => v * 1000) as Vec3);
        const ref = registerPairedPoints({ sourceLps, targetLps });
        expect(e.freMm).toBe(ref.freMm);
        expect(e.residualsMm).toEqual(ref.residualsMm);
        expect(e.targets[0].treRmsMm).toBe(predictTreRms({ fiducialsLps: sourceLps, fleRmsMm: 1, targetLps: plan.targets[0].pointLps }).treRmsMm);
        expect(e.xrMmFromLps!.translationMm).toEqual(ref.targetFromSource.translationMm);
      });
    }
  }

  it('reports what a wrong registration would get wrong: the error of a 2 mm shift is seen at the target', () => {
    const w = new RegistrationWorkflow({ landmarks: plan.landmarks, targets: plan.targets });
    const noise = noiseM(9);
    for (let i = 0; i < 5; i++) {
      const p = xrFromLps(TRUE_POSE, w.nextLandmark()!.pointLps);
      const e = noise(0);
      w.pick([p[0] + e[0] + 0.002, p[1], p[2]]);
    }
    const d = transformDifference(w.evaluate().xrMmFromLps!, TRUE_MM, plan.targets[0].pointLps);
    expect(d.translationMm).toBeCloseTo(2, 9);
    expect(w.evaluate().freMm).toBeLessThan(1e-9); // FRE 0 with a 2 mm error: not an accuracy indicator
  });

  it('FLE is configurable and scales the predicted TRE', () => {
    const w = new RegistrationWorkflow({ landmarks: plan.landmarks, targets: plan.targets, fleRmsMm: 2 });
    pickAll(w, 5, 0.5, 11);
    const t2 = w.evaluate().targets[0].treRmsMm;
    w.setFle(1);
    expect(t2 / w.evaluate().targets[0].treRmsMm).toBeCloseTo(2, 12);
    expectBadArgument(() => w.setFle(-1), 'fleRmsMm');
  });
});

describe('workflow states', () => {
  it('no pose, FRE or TRE before 3 picks (null with a reason); cannot accept', () => {
    const w = new RegistrationWorkflow({ landmarks: plan.landmarks, targets: plan.targets });
    pickAll(w, 2, 0.5, 3);
    const e = w.evaluate();
    expect(e.xrMmFromLps).toBeNull();
    expect(e.freMm).toBeNull();
    expect(e.targets).toEqual([]);
    expect(e.reason).toMatch(/at least 3/);
    expectJumeauError(() => w.accept(), 'DEGENERATE_FIDUCIALS', { subject: 'picks' });
    expect(w.phase).toBe('picking');
  });

  it('undo removes the last pick and makes its landmark next again', () => {
    const w = new RegistrationWorkflow({ landmarks: plan.landmarks, targets: plan.targets });
    pickAll(w, 3, 0.5, 4);
    expect(w.nextLandmark()!.name).toBe('femoralShaftAxisDistalRight');
    expect(w.undo()).toBe(true);
    expect(w.evaluate().pickCount).toBe(2);
    expect(w.nextLandmark()!.name).toBe('femoralShaftAxisDistalLeft');
    expect(w.evaluate().xrMmFromLps).toBeNull();
    w.undo();
    w.undo();
    expect(w.undo()).toBe(false);
  });

  it('selectLandmark changes the order; picking everything ends the list', () => {
    const w = new RegistrationWorkflow({ landmarks: plan.landmarks, targets: plan.targets });
    w.selectLandmark('markerBeadLeft');
    expect(w.nextLandmark()!.name).toBe('markerBeadLeft');
    w.pick(xrFromLps(TRUE_POSE, plan.landmarks[4].pointLps));
    expect(w.pickList[0].name).toBe('markerBeadLeft');
    expectBadArgument(() => w.selectLandmark('markerBeadLeft'), 'name');
    expectBadArgument(() => w.selectLandmark('nope'), 'name');
    pickAll(w, 4, 0, 1);
    expect(w.nextLandmark()).toBeNull();
    expectBadArgument(() => w.pick([0, 0, 0]), 'pick');
    const d = transformDifference(w.evaluate().xrMmFromLps!, TRUE_MM);
    expect(d.translationMm).toBeLessThan(1e-9);
  });

  it('locked refuses picks, undo, nudges, trace and ICP; unlock re-enables them', () => {
    const w = new RegistrationWorkflow({ landmarks: plan.landmarks, targets: plan.targets });
    pickAll(w, 3, 0.5, 5);
    expect(w.accept().phase).toBe('locked');
    for (const f of [() => w.nudge({ translateMm: [1, 0, 0] }), () => w.pick([0, 0, 0]), () => w.undo(), () => w.addTracePoint([0, 0, 0]), () => w.refineWithIcp()]) expectBadArgument(f, 'workflow');
    expect(w.evaluate().next).toBeNull();
    w.unlock();
    expect(() => w.nudge({ translateMm: [1, 0, 0] })).not.toThrow();
  });

  it('nudges move the overlay in patient axes; rotation about the target keeps the target fixed', () => {
    const w = new RegistrationWorkflow({ landmarks: plan.landmarks, targets: plan.targets });
    expectBadArgument(() => w.nudge({ translateMm: [1, 0, 0] }), 'workflow');
    pickAll(w, 5, 0, 6);
    const before = w.pose()!;
    const e = w.nudge({ translateMm: [1, 0, 0] }); // 1 mm toward the patient's left
    const p: Vec3 = [10, 20, 30];
    const moved = xrFromLps(e.xrFromPatient!, p);
    const expected = xrFromLps(TRUE_POSE, [11, 20, 30]);
    moved.forEach((v, i) => expect(Math.abs(v - expected[i])).toBeLessThan(1e-9));
    expect(transformDifference(w.pose()!, before).translationMm).toBeCloseTo(1, 9);
    const t = plan.targets[0].pointLps;
    const r = w.nudge({ translateMm: [-1, 0, 0] });
    expect(transformDifference(r.xrMmFromLps!, before).translationMm).toBeLessThan(1e-9);
    const rot = w.nudge({ rotateDeg: 0.5, axisLps: [0, 0, 1] });
    const dT = transformDifference(rot.xrMmFromLps!, before, t);
    expect(dT.translationMm).toBeLessThan(1e-9);
    expect(dT.rotationDeg).toBeCloseTo(0.5, 9);
    expect(rotationAngleDeg(rot.nudge.rotation)).toBeCloseTo(0.5, 9);
    w.undo(); // a new pick set clears the nudges
    expect(w.evaluate().nudge.translationMm).toEqual([0, 0, 0]);
  });

  it('check point: distance between the touch and the overlay at a landmark not used for registration', () => {
    const w = new RegistrationWorkflow({ landmarks: plan.landmarks, targets: plan.targets });
    pickAll(w, 5, 0.5, 7);
    w.accept();
    const cp = plan.checkPoints[0];
    const m = w.checkPoint(cp.name, cp.pointLps, xrFromLps(TRUE_POSE, cp.pointLps));
    expect(m.errorMm).toBeCloseTo(transformDifference(w.pose()!, TRUE_MM, cp.pointLps).translationMm, 9);
    const shifted = xrFromLps(TRUE_POSE, cp.pointLps);
    shifted[1] += 0.003;
    expect(w.checkPoint(cp.name, cp.pointLps, shifted).errorMm).toBeGreaterThan(2);
    expect(w.checks.length).toBe(2);
  });

  it('record: JSON round-trip, restore locks the same pose; a tampered record is refused', () => {
    const w = new RegistrationWorkflow({ landmarks: plan.landmarks, targets: plan.targets });
    pickAll(w, 5, 0.5, 8);
    const e = w.accept();
    const rec = makeRecord(e, '2026-01-02T03:04:05.000Z', 'immersive-ar', w.pickList.map((p) => p.name));
    const back = parseRecord(JSON.parse(JSON.stringify(rec)));
    expect(transformDifference(back.xrMmFromLps, e.xrMmFromLps!).translationMm).toBeLessThan(1e-9);
    expect(back.record.freMm).toBe(e.freMm);
    const w2 = new RegistrationWorkflow({ landmarks: plan.landmarks, targets: plan.targets });
    w2.restore(back.xrMmFromLps, { freMm: back.record.freMm, targets: back.record.targets });
    const e2 = w2.evaluate();
    expect(e2.phase).toBe('locked');
    expect(e2.source).toBe('restored');
    expect(e2.targets[0].treRmsMm).toBe(e.targets[0].treRmsMm);
    expect(transformDifference(e2.xrMmFromLps!, e.xrMmFromLps!).translationMm).toBeLessThan(1e-9);
    const bad = JSON.parse(JSON.stringify(rec));
    bad.xrFromPatientMatrix4[3] += 0.01;
    expectBadArgument(() => parseRecord(bad), 'xrFromPatientMatrix4');
    expectBadArgument(() => parseRecord({ ...rec, schema: 'x' }), 'schema');
    expectBadArgument(() => parseRecord({ ...rec, xrFromLpsMatrix4: [1, 2, 3] }), 'xrFromLpsMatrix4');
  });
});

describe('quality badge', () => {
  it('green ≤ 2 mm, amber ≤ 5 mm, red above; FRE labelled as not accuracy', () => {
    expect([null, 0.3, 2, 2.0001, 5, 5.01].map(qualityLevel)).toEqual(['none', 'green', 'green', 'amber', 'amber', 'red']);
    const w = new RegistrationWorkflow({ landmarks: plan.landmarks, targets: plan.targets });
    expect(qualityTexts(w.evaluate()).badge).toBe('TRE —');
    pickAll(w, 5, 0.5, 10);
    const e = w.evaluate();
    const t = qualityTexts(e);
    expect(t.badge).toBe(`TRE ${e.targets[0].treRmsMm.toFixed(2)} mm`);
    expect(t.fre).toBe(`FRE ${e.freMm!.toFixed(2)} mm (fit of the picks, not accuracy)`);
    expect(t.level).toBe('green');
  });
});
