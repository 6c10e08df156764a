// The plan side of the app state: edits go through the planning functions, a refused value keeps the
// plan and names the field, placing a landmark is armed then done by one click, the plan stays plain data.
import { describe, expect, it } from 'vitest';
import { Store } from '../../../src/ui/state';
import { APP_CATALOGUE, PlanController, planMetricsOf } from '../../../src/ui/planController';
import { PLAN_SCHEMA, type Plan } from '../../../src/planning/plan';
import { withCup, withLandmark } from '../../../src/planning/hipPlanEdits';
import type { TwinResult } from '../../../src/workers/twinProtocol';
import type { LoadReport } from '../../../src/workers/protocol';

function setup() {
  const store = new Store();
  let plan: Plan = { schema: PLAN_SCHEMA, anatomy: 'hip', side: 'L', source: { seriesInstanceUid: null, volumeSha256: '0'.repeat(64) }, landmarks: [], implants: [], resections: [] };
  plan = withLandmark(plan, 'femoralHeadCentreLeft', [90, 0, 0], 'auto', 't');
  plan = withLandmark(plan, 'femoralHeadCentreRight', [-90, 0, 0], 'auto', 't');
  plan = withCup(plan, { familyId: APP_CATALOGUE.families.find((f) => f.kind === 'cup')!.id, size: '52', inclinationDeg: 40, anteversionDeg: 15 }, APP_CATALOGUE);
  const result = { anatomy: 'hip', anatomyReason: '', labels: new Uint8Array(1), segments: [], notes: [], timings: { segmentS: 0, surfaceS: 0, smoothS: 0, decimateS: 0, checkS: 0 }, buildMs: 0, plan } as TwinResult;
  const volume = { size: [1, 1, 1], spacing: [1, 1, 1], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], data: new Int16Array(1), unit: 'HU' } as LoadReport['volume'];
  store.update({ loaded: { seriesId: 's', volume, warnings: [], range: { min: 0, max: 0 }, paddedVoxels: 0, loadMs: 0 }, selectedSeriesId: 's', twin: { seriesId: 's', result } });
  const saved: TwinResult[] = [];
  return { store, ctrl: new PlanController(store, (t) => saved.push(t)), saved };
}

describe('PlanController', () => {
  it('applies a cup, refuses a bad one naming the field, keeps the plan', () => {
    const { store, ctrl, saved } = setup();
    const fam = APP_CATALOGUE.families.find((f) => f.kind === 'cup')!.id;
    expect(ctrl.setCup({ familyId: fam, size: '54', inclination: '45', anteversion: '20' })).toBe(true);
    const m = planMetricsOf(ctrl.plan!).hip!.cupAngles;
    expect(m.available && m.value.angles.radiographic.inclinationDeg).toBeCloseTo(45, 9);
    expect(saved.length).toBe(1);
    const kept = ctrl.plan;
    expect(ctrl.setCup({ familyId: fam, size: '54', inclination: '', anteversion: '20' })).toBe(false);
    expect(store.get().planUi.message).toMatch(/^Not applied — inclination: must be a number of degrees from 0 to 90 \(got NaN\)\. The plan is unchanged\.$/);
    expect(ctrl.plan).toBe(kept);
    expect(() => structuredClone(store.get().twin)).not.toThrow();
  });

  it('arms a landmark, places it on the next click as manual, then disarms', () => {
    const { store, ctrl } = setup();
    expect(ctrl.placeAt([1, 2, 3], 'slice click')).toBe(false); // nothing armed: the click is for seeds
    ctrl.startPlacing('asisLeft');
    expect(store.get().planUi.placing).toBe('asisLeft');
    expect(ctrl.placeAt([110, -80, 60], '3D pick')).toBe(true);
    expect(ctrl.plan!.landmarks.find((l) => l.name === 'asisLeft')).toEqual({ name: 'asisLeft', pointLps: [110, -80, 60], source: 'manual', method: 'placed by 3D pick' });
    expect(store.get().planUi.placing).toBeNull();
  });
});
