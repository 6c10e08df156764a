// The 3D gizmos' edits through the controllers: a cup dragged live updates the plan without saving the
// case, the drag's end saves it and recomputes a shown bony ROM in the worker, a refused pose keeps the
// last accepted plan; a knee cut dragged live recomputes planes without asking the worker, the drag's
// end asks for the volumes once (a block tibia: a knob 3 mm deeper removes exactly 3 × 1.6 mL more), a
// value out of range is refused with the typed field's message.
import { describe, expect, it } from 'vitest';
import { engineDirectionFromLps, engineFromLps } from '../../../src/core/engineFrame';
import { cupGizmoHandlesEngine, cupPoseFromHandle, cupPoseOf } from '../../../src/planning/cupPose';
import { withCup, withLandmark } from '../../../src/planning/hipPlanEdits';
import { kneeCutFrame, kneeCutHandlesLps, kneeCutPoseFromHandle } from '../../../src/planning/kneeCutPose';
import type { KneeLandmarkEntry } from '../../../src/planning/kneeLandmarks';
import { kneeCutVolumes } from '../../../src/planning/kneePlanModel';
import { PLAN_SCHEMA, type Plan } from '../../../src/planning/plan';
import { KneePlanController, type KneeCutPort } from '../../../src/ui/kneePlanController';
import { APP_CATALOGUE, PlanController, planMetricsOf, type BoneRomPort } from '../../../src/ui/planController';
import { Store } from '../../../src/ui/state';
import type { LoadReport } from '../../../src/workers/protocol';
import type { KneeCutRequest, TwinResult } from '../../../src/workers/twinProtocol';

const geometry = { size: [50, 50, 100] as [number, number, number], spacing: [1, 1, 1] as [number, number, number], origin: [-25, -25, 0] as [number, number, number], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] as [number, number, number, number, number, number, number, number, number] };
function storeWith(result: TwinResult, data: Int16Array): Store {
  const store = new Store();
  const volume = { ...geometry, data, unit: 'HU' } as LoadReport['volume'];
  store.update({ loaded: { seriesId: 's', volume, warnings: [], range: { min: 0, max: 0 }, paddedVoxels: 0, loadMs: 0 }, selectedSeriesId: 's', twin: { seriesId: 's', result } });
  return store;
}
const settle = async () => { for (let n = 0; n < 20; n++) await new Promise((r) => setTimeout(r, 0)); };
const timings = { segmentS: 0, surfaceS: 0, smoothS: 0, decimateS: 0, checkS: 0 };

describe('PlanController.setCupPose (hip cup gizmo)', () => {
  function setup() {
    let plan: Plan = { schema: PLAN_SCHEMA, anatomy: 'hip', side: 'L', source: { seriesInstanceUid: null, volumeSha256: '0'.repeat(64) }, landmarks: [], implants: [], resections: [] };
    plan = withLandmark(plan, 'femoralHeadCentreLeft', [90, 0, 0], 'auto', 't');
    plan = withLandmark(plan, 'femoralHeadCentreRight', [-90, 0, 0], 'auto', 't');
    plan = withCup(plan, { familyId: APP_CATALOGUE.families.find((f) => f.kind === 'cup')!.id, size: '52', inclinationDeg: 40, anteversionDeg: 15 }, APP_CATALOGUE);
    const result = { anatomy: 'hip', anatomyReason: '', labels: new Uint8Array(1), segments: [], notes: [], timings, buildMs: 0, plan, headRadiiMm: { L: 24 } } as unknown as TwinResult;
    const store = storeWith(result, new Int16Array(1));
    const saved: TwinResult[] = [];
    const romCalls: unknown[] = [];
    const rom: BoneRomPort = { boneRom: async (_t, input) => { romCalls.push(input); return { ok: false, error: { code: 'TEST', message: 'not in this test' } } as never; } };
    return { store, saved, romCalls, ctrl: new PlanController(store, (t) => saved.push(t), rom) };
  }

  it('updates the plan live without saving; the end saves and recomputes a shown bony ROM; angles from the dragged axis', async () => {
    const { store, saved, romCalls, ctrl } = setup();
    store.update({ planUi: { ...store.get().planUi, boneRom: { key: 'old', result: {} as never, ms: 1 } } });
    const start = cupPoseOf(ctrl.plan!)!;
    const h = cupGizmoHandlesEngine(start);
    const up = cupPoseFromHandle(start, 'S', [h.S[0], h.S[1] + 0.004, h.S[2]]); // 4 mm superior
    expect(ctrl.setCupPose(up, false)).toBe(true);
    expect(saved).toHaveLength(0);
    expect(cupPoseOf(ctrl.plan!)!.centreLps).toEqual([90, 0, 4]);
    expect(store.get().planUi.message).toBe('Cup at (90.0, 0.0, 4.0) mm LPS, 40.0° / 15.0° radiographic (scanner)…');
    const h2 = cupGizmoHandlesEngine(up);
    const aimed = cupPoseFromHandle(up, 'axis', [h2.axis[0], h2.axis[1], h2.axis[2] - 0.005]); // knob 5 mm anterior
    expect(ctrl.setCupPose(aimed, true)).toBe(true);
    expect(saved).toHaveLength(1);
    expect(saved[0].plan).toBe(ctrl.plan);
    const m = planMetricsOf(ctrl.plan!).hip!.cupAngles;
    if (!m.available) throw new Error(m.reason);
    expect(m.value.angles.radiographic.anteversionDeg).toBeGreaterThan(15 + 5);
    expect(romCalls).toHaveLength(1);
    await settle();
  });

  it('a refused pose keeps the last accepted plan (saved at the end of the drag) and names the field', () => {
    const { store, saved, ctrl } = setup();
    const start = cupPoseOf(ctrl.plan!)!;
    const h = cupGizmoHandlesEngine(start);
    const moved = cupPoseFromHandle(start, 'P', [h.P[0], h.P[1], h.P[2] + 0.002]);
    expect(ctrl.setCupPose(moved, false)).toBe(true);
    const kept = ctrl.plan;
    // The aim knob dragged medially past the centre: negative inclination.
    const medial = cupPoseFromHandle(moved, 'axis', [h.centre[0] - 0.02, h.centre[1] - 0.03, h.centre[2]]);
    expect(ctrl.setCupPose(medial, true)).toBe(false);
    expect(store.get().planUi.message).toMatch(/^Not applied — inclination: must be a number of degrees from 0 to 90 \(got -\d/);
    expect(ctrl.plan).toBe(kept);
    expect(saved).toHaveLength(1);
    expect(saved[0].plan).toBe(kept);
  });
});

describe('KneePlanController.setCutFromGizmo (knee cut gizmo)', () => {
  // A 40 × 40 mm tibia block (label 2), top at z = 39.5: a cut d mm below the top removes 1.6·d mL.
  const labels = new Uint8Array(50 * 50 * 100);
  for (let k = 0; k < 100; k++) for (let j = 5; j < 45; j++) for (let i = 5; i < 45; i++) if (k < 40 || k >= 45) labels[i + 50 * (j + 50 * k)] = k < 40 ? 2 : 1;
  const auto = (base: KneeLandmarkEntry['base'], bone: 'femur' | 'tibia', p: [number, number, number]): KneeLandmarkEntry => ({ base, bone, pointLps: p, source: 'auto', method: 'test', missingReason: null });
  const entries = [
    auto('distalCondyleMedial', 'femur', [10, 0, 44.5]), auto('distalCondyleLateral', 'femur', [-10, 0, 44.5]), auto('femoralKneeCentre', 'femur', [0, 0, 50]),
    auto('femoralShaftAxisProximal', 'femur', [0, 0, 90]), auto('femoralShaftAxisDistal', 'femur', [0, 0, 60]),
    auto('tibialKneeCentre', 'tibia', [0, 0, 39.5]), auto('plateauMedial', 'tibia', [10, 0, 39.5]), auto('plateauLateral', 'tibia', [-10, 0, 39.5]),
  ];
  async function setup() {
    const requests: KneeCutRequest[] = [];
    const port: KneeCutPort = {
      kneeCut: async (_t, input) => {
        requests.push(input);
        if (input.kind === 'propose') return { ok: true, ms: 1, result: { kind: 'propose', proposal: { side: 'R', femurLabel: 1, tibiaLabel: 2, entries, tibialShaftUnitLps: [0, 0, 1], notes: [], ms: 1 } } };
        return { ok: true, ms: 1, result: { kind: 'volumes', ...kneeCutVolumes({ ...geometry, data: labels }, input) } };
      },
    };
    const store = storeWith({ anatomy: 'knee', anatomyReason: '', labels, segments: [], notes: [], timings, buildMs: 0 } as unknown as TwinResult, new Int16Array(labels.length));
    const ctrl = new KneePlanController(store, port);
    ctrl.sync(store.get());
    await settle();
    return { store, ctrl, requests };
  }
  const tibiaMl = (ctrl: KneePlanController): number => { const v = ctrl.plan!.volumes!.tibia; if (!v.available) throw new Error(v.reason); return v.value.resectedMl; };

  it('the depth knob 3 mm distally: planes live without the worker, volumes once at the end (+4.8 mL)', async () => {
    const { ctrl, requests } = await setup();
    expect(tibiaMl(ctrl)).toBeCloseTo(14.4, 9);
    const cut = ctrl.plan!.metrics!.proximalTibia;
    if (!cut.available) throw new Error(cut.reason);
    const p0 = ctrl.plan!.params.tibia;
    const frame = kneeCutFrame('tibia', 'R', cut.value, p0.depthMm);
    const knob = kneeCutHandlesLps(frame, p0).depth;
    const at = (mm: number) => { const e = engineFromLps(knob), d = engineDirectionFromLps(cut.value.plane.normalLps); return [e[0] - d[0] * mm / 1000, e[1] - d[1] * mm / 1000, e[2] - d[2] * mm / 1000] as [number, number, number]; };
    const n = requests.length;
    expect(ctrl.setCutFromGizmo('tibia', kneeCutPoseFromHandle(frame, p0, 'depth', at(1.52)), false)).toBe(true);
    expect(ctrl.plan!.params.tibia.depthMm).toBe(10.5); // 10.52 rounded to 0.1 mm
    expect(ctrl.plan!.volumesCurrent).toBe(false);
    expect(requests).toHaveLength(n);
    expect(ctrl.setCutFromGizmo('tibia', kneeCutPoseFromHandle(frame, p0, 'depth', at(3)), true)).toBe(true);
    expect(requests).toHaveLength(n + 1);
    await settle();
    expect(ctrl.plan!.params.tibia).toEqual({ depthMm: 12, varusValgusDeg: 0, posteriorSlopeDeg: 0 });
    expect(tibiaMl(ctrl)).toBeCloseTo(19.2, 9);
  });

  it('refuses a depth out of range with the typed field\'s message; the femur takes depth and varus, not slope', async () => {
    const { ctrl } = await setup();
    const before = ctrl.plan!.params;
    expect(ctrl.setCutFromGizmo('tibia', { depthMm: 35, varusValgusDeg: 0, posteriorSlopeDeg: 0 }, true)).toBe(false);
    expect(ctrl.plan!.message).toBe('Not applied — Tibial cut depth (tibia.depthMm: must be within [0, 30], got 35). The plan is unchanged.');
    expect(ctrl.plan!.params).toBe(before);
    expect(ctrl.setCutFromGizmo('femur', { depthMm: 10.04, varusValgusDeg: 2.26, posteriorSlopeDeg: 5 }, true)).toBe(true);
    expect(ctrl.plan!.params.femur).toEqual({ depthMm: 10, varusValgusDeg: 2.3, valgusAngleDeg: before.femur.valgusAngleDeg });
    expect(ctrl.plan!.params.tibia).toEqual(before.tibia);
  });
});
