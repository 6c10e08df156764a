// The hip cup gizmo's pure conversions: LPS pose → engine knobs → back gives the same radiographic
// angles (APP frame with tilt and a turned pelvis, left and right hips), the knobs sit on the
// anatomically right side of the centre in the engine's mirrored world, drags move the centre along
// the intended LPS axis and turn the axis with the intended signs, and a pose enters the plan through
// the form's edit path (validated, unsealed, head and stem follow).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { engineFromLps } from '../../../src/core/engineFrame';
import type { PointLps, Vec3 } from '../../../src/core/vec3';
import { CUP_GIZMO_ARM_MM, cupAnglesOfAxis, cupGizmoHandlesEngine, cupPoseFromHandle, cupPoseOf, withCupPose } from '../../../src/planning/cupPose';
import { cupAxisLpsFromAngles, withCup, withHeadAndStem, withLandmark } from '../../../src/planning/hipPlanEdits';
import { parseImplantCatalogue } from '../../../src/planning/implants';
import { PLAN_SCHEMA, type Plan } from '../../../src/planning/plan';
import { computePlanMetrics } from '../../../src/planning/planMetrics';
import type { Side } from '../../../src/planning/validate';
import { expectBadArgument, expectJumeauError } from '../../helpers/expectError';
import { REPO } from '../../helpers/sharedData';

const catalogue = parseImplantCatalogue(JSON.parse(readFileSync(path.join(REPO, 'assets', 'implants', 'generic.json'), 'utf8')));
const cupFamily = catalogue.families.find((f) => f.kind === 'cup')!.id;
const headStem = { headFamilyId: catalogue.families.find((f) => f.kind === 'head')!.id, headDiameterMm: 32, neckLengthMm: 0, stemFamilyId: catalogue.families.find((f) => f.kind === 'stem')!.id, stemSize: '5', neckShaftAngleDeg: 132, offsetMm: 39.2, versionDeg: 15 };

/**
 * A plan of side `side` with both head centres and, unless `tiltDeg` is null, APP landmarks of a pelvis
 * tilted `tiltDeg` posteriorly (about x) and turned `turnDeg` about the scanner's z; `mirror` reflects
 * every landmark through x → −x (a left plan mirrored is the right plan of the mirrored patient).
 */
function base(side: Side, tiltDeg: number | null, turnDeg = 0, mirror = false): Plan {
  const m = (q: PointLps): PointLps => (mirror ? [-q[0], q[1], q[2]] : q);
  const t = (tiltDeg ?? 0) * Math.PI / 180, r = turnDeg * Math.PI / 180;
  const rot = (q: PointLps): PointLps => {
    const a: PointLps = [q[0], q[1] * Math.cos(t) + q[2] * Math.sin(t), -q[1] * Math.sin(t) + q[2] * Math.cos(t)];
    return m([a[0] * Math.cos(r) - a[1] * Math.sin(r), a[0] * Math.sin(r) + a[1] * Math.cos(r), a[2]]);
  };
  let p: Plan = { schema: PLAN_SCHEMA, anatomy: 'hip', side, source: { seriesInstanceUid: null, volumeSha256: '0'.repeat(64) }, catalogue: { id: catalogue.id, version: catalogue.version }, landmarks: [], implants: [], resections: [] };
  // Mirrored: the left landmarks become the right ones (x → −x swaps the labels).
  const name = (b: string, s: 'Left' | 'Right') => `${b}${mirror ? (s === 'Left' ? 'Right' : 'Left') : s}`;
  p = withLandmark(p, name('femoralHeadCentre', 'Left'), rot([90, 5, -10]), 'auto', 'test');
  p = withLandmark(p, name('femoralHeadCentre', 'Right'), rot([-90, 5, -10]), 'auto', 'test');
  if (tiltDeg === null) return p;
  p = withLandmark(p, name('asis', 'Left'), rot([120, -40, 60]), 'manual', 'test');
  p = withLandmark(p, name('asis', 'Right'), rot([-120, -40, 60]), 'manual', 'test');
  p = withLandmark(p, name('pubicTubercle', 'Left'), rot([20, -40, -40]), 'manual', 'test');
  return withLandmark(p, name('pubicTubercle', 'Right'), rot([-20, -40, -40]), 'manual', 'test');
}
const withCupAt = (p: Plan, inc: number, av: number): Plan => withCup(p, { familyId: cupFamily, size: '52', inclinationDeg: inc, anteversionDeg: av }, catalogue);
const deg = (a: Vec3, b: Vec3): number => (Math.acos(Math.min(1, Math.abs(a[0] * b[0] + a[1] * b[1] + a[2] * b[2]))) * 180) / Math.PI;

describe('cup gizmo pose ↔ engine', () => {
  it('round trip LPS pose → engine knobs → pose gives the same angles (APP tilt 12°, turned 7°, both sides; scanner frame)', () => {
    let worst = 0;
    for (const side of ['L', 'R'] as const) {
      for (const frame of [[12, 7], [null, 0]] as const) {
        const plan = base(side, frame[0], frame[1]);
        for (const inc of [20, 40, 55, 70]) {
          for (const av of [-20, 0, 15, 35]) {
            const axisLps = cupAxisLpsFromAngles(plan, inc, av);
            const centreLps: PointLps = [side === 'L' ? 93.4 : -88.1, 4.2, -12.7];
            const h = cupGizmoHandlesEngine({ centreLps, axisLps });
            // The aim knob where the engine put it: the same axis; a translation knob where it is: the same centre.
            const back = cupPoseFromHandle({ centreLps, axisLps }, 'axis', h.axis);
            const still = cupPoseFromHandle({ centreLps, axisLps }, 'S', h.S);
            const a = cupAnglesOfAxis(plan, back.axisLps);
            worst = Math.max(worst, Math.abs(a.inclinationDeg - inc), Math.abs(a.anteversionDeg - av));
            expect(a.frame).toBe(frame[0] === null ? 'scanner' : 'APP');
            for (let n = 0; n < 3; n++) expect(Math.abs(back.centreLps[n] - centreLps[n]) + Math.abs(still.centreLps[n] - centreLps[n])).toBeLessThan(1e-9);
          }
        }
      }
    }
    expect(worst).toBeLessThan(0.01);
    expect(worst).toBeLessThan(1e-9); // measured ≈ 1e-13°
  });

  it('the knobs sit on the anatomical side in the mirrored engine world: left lateral = engine +X, anterior = engine −Z, superior = +Y', () => {
    for (const side of ['L', 'R'] as const) {
      const plan = base(side, 0);
      const centreLps: PointLps = [side === 'L' ? 90 : -90, 0, 0];
      const h = cupGizmoHandlesEngine({ centreLps, axisLps: cupAxisLpsFromAngles(plan, 40, 15) });
      const d = [0, 1, 2].map((n) => (h.axis[n] - h.centre[n]) * 1000); // mm in engine axes
      // 40°/15° radiographic, APP = scanner: lateral sin40·cos15, anterior sin15, inferior cos40·cos15.
      expect(d[0]).toBeCloseTo((side === 'L' ? 1 : -1) * CUP_GIZMO_ARM_MM * Math.sin(40 * Math.PI / 180) * Math.cos(15 * Math.PI / 180), 9);
      expect(d[1]).toBeCloseTo(-CUP_GIZMO_ARM_MM * Math.cos(40 * Math.PI / 180) * Math.cos(15 * Math.PI / 180), 9);
      expect(d[2]).toBeCloseTo(-CUP_GIZMO_ARM_MM * Math.sin(15 * Math.PI / 180), 9);
      expect((h.L[0] - h.centre[0]) * 1000).toBeCloseTo(CUP_GIZMO_ARM_MM, 9); // patient left = engine +X
      expect((h.S[1] - h.centre[1]) * 1000).toBeCloseTo(CUP_GIZMO_ARM_MM, 9); // superior = engine +Y
      expect((h.P[2] - h.centre[2]) * 1000).toBeCloseTo(CUP_GIZMO_ARM_MM, 9); // posterior = engine +Z
    }
  });

  it('a translation knob moves the centre along its own LPS axis by the dragged amount; off-axis motion is dropped', () => {
    const start = { centreLps: [90, 0, 0] as PointLps, axisLps: [0.6, -0.28, -0.75].map((v, _n, a) => v / Math.hypot(...a)) as Vec3 };
    const h = cupGizmoHandlesEngine(start);
    const moved = (k: 'L' | 'P' | 'S', dEngineM: Vec3) => cupPoseFromHandle(start, k, [h[k][0] + dEngineM[0], h[k][1] + dEngineM[1], h[k][2] + dEngineM[2]]).centreLps;
    const close = (a: PointLps, b: PointLps) => a.forEach((v, n) => expect(v).toBeCloseTo(b[n], 9));
    close(moved('L', [0.010, 0.002, -0.001]), [100, 0, 0]); // 10 mm toward the patient's left
    close(moved('S', [0.003, 0.005, 0]), [90, 0, 5]); // 5 mm superior
    close(moved('P', [0, 0, -0.004]), [90, -4, 0]); // 4 mm anterior
    expect(cupPoseFromHandle(start, 'L', [h.L[0] + 0.01, h.L[1], h.L[2]]).axisLps).toEqual(start.axisLps);
  });

  it('the aim knob turns the cup with the same signs on both sides (mirror-checked)', () => {
    const results: Record<string, number[]> = {};
    for (const [key, side, mirror] of [['L', 'L', false], ['R', 'R', false], ['Lmirror', 'R', true]] as const) {
      const plan = base(side, 10, 5, mirror);
      const centreLps: PointLps = side === 'L' ? [90, 5, -10] : [-90, 5, -10];
      const start = { centreLps, axisLps: cupAxisLpsFromAngles(plan, 40, 15) };
      const h = cupGizmoHandlesEngine(start);
      const lateralX = side === 'L' ? 1 : -1;
      const turned = (d: Vec3) => cupAnglesOfAxis(plan, cupPoseFromHandle(start, 'axis', [h.axis[0] + d[0], h.axis[1] + d[1], h.axis[2] + d[2]]).axisLps);
      const up = turned([0, 0.005, 0]), ant = turned([0, 0, -0.005]), lat = turned([lateralX * 0.005, 0, 0]);
      expect(up.inclinationDeg).toBeGreaterThan(40); // knob superior: opening faces more laterally
      expect(ant.anteversionDeg).toBeGreaterThan(15); // knob anterior: more anteversion
      expect(lat.inclinationDeg).toBeGreaterThan(40);
      results[key] = [up.inclinationDeg, up.anteversionDeg, ant.inclinationDeg, ant.anteversionDeg, lat.inclinationDeg, lat.anteversionDeg];
    }
    // The mirrored left pelvis, operated on the right, gives the left's numbers exactly.
    results.L.forEach((v, n) => expect(results.Lmirror[n]).toBeCloseTo(v, 9));
  });
});

describe('withCupPose: the gizmo through the form edit path', () => {
  it('moves the cup, head and stem, applies the angles of the axis in the APP frame, and unseals the plan', () => {
    let plan = withHeadAndStem(withCupAt(base('L', 12, 7), 40, 15), headStem, catalogue);
    plan = { ...plan, metrics: { stale: true }, integrity: { algorithm: 'SHA-256', canonicalization: 'RFC 8785', inputsSha256: 'f'.repeat(64) } } as Plan;
    const start = cupPoseOf(plan)!;
    const h = cupGizmoHandlesEngine(start);
    const up = cupPoseFromHandle(start, 'S', [h.S[0], h.S[1] + 0.006, h.S[2]]);
    const h2 = cupGizmoHandlesEngine(up);
    const pose = cupPoseFromHandle(up, 'axis', [h2.axis[0], h2.axis[1] + 0.006, h2.axis[2] - 0.004]);
    const next = withCupPose(plan, pose, catalogue);
    expect(next.metrics).toBeUndefined();
    expect(next.integrity).toBeUndefined();
    const cup = next.implants.find((i) => i.role === 'cup')!;
    expect(cup.pose.positionLps[2]).toBeCloseTo(start.centreLps[2] + 6, 9);
    expect(deg(cup.pose.axisLps, pose.axisLps)).toBeLessThan(1e-9);
    expect(next.implants.find((i) => i.role === 'head')!.pose.positionLps).toEqual(cup.pose.positionLps);
    const m = computePlanMetrics(next, { catalogue }).hip!.cupAngles;
    if (!m.available) throw new Error(m.reason);
    const want = cupAnglesOfAxis(plan, pose.axisLps);
    expect(m.value.frame).toBe('APP');
    expect(m.value.angles.radiographic.inclinationDeg).toBeCloseTo(want.inclinationDeg, 9);
    expect(m.value.angles.radiographic.anteversionDeg).toBeCloseTo(want.anteversionDeg, 9);
    expect(want.inclinationDeg).toBeGreaterThan(40);
    expect(want.anteversionDeg).toBeGreaterThan(15);
  });

  it('refuses an axis outside the form ranges, naming the field', () => {
    const plan = withCupAt(base('R', 10), 40, 15);
    const c = cupPoseOf(plan)!.centreLps;
    // Pointing medially (toward +x for a right hip): negative inclination.
    expectBadArgument(() => withCupPose(plan, { centreLps: c, axisLps: [0.5, -0.2, -0.8] }, catalogue), 'inclination');
    // Anteversion beyond 60°: axis nearly anterior.
    expectBadArgument(() => withCupPose(plan, { centreLps: c, axisLps: cupAxisLpsFromAngles(plan, 30, 75) }, catalogue), 'anteversion');
    expectBadArgument(() => withCupPose(plan, { centreLps: [Number.NaN, 0, 0], axisLps: [-0.6, -0.3, -0.7] }, catalogue), 'cup centre');
    expectBadArgument(() => cupPoseFromHandle(cupPoseOf(plan)!, 'axis', engineFromLps(c)), 'cup axis');
    expectJumeauError(() => withCupPose(base('R', 10), { centreLps: c, axisLps: [-0.6, -0.3, -0.7] }, catalogue), 'MISSING_INPUT', { subject: 'cup' });
  });
});
