// The knee plan's edits are kept with the twin (TwinResult.plan, anatomy knee) and so with the case:
// a typed tibial depth and a hand-placed landmark come back after a reload (a new controller on the
// saved twin, through the .jumeau codec), with the resected volume they give; the hip panel ignores
// the knee plan; plan.json is sealed and recomputes the same metrics.
import { describe, expect, it } from 'vitest';
import type { KneeLandmarkEntry } from '../../../src/planning/kneeLandmarks';
import { kneeCutVolumes } from '../../../src/planning/kneePlanModel';
import { parsePlan } from '../../../src/planning/plan';
import { checkPlan } from '../../../src/planning/planIntegrity';
import { CASE_FILE_FORMAT, decodeCaseFile, encodeCaseFile } from '../../../src/ui/logic/caseFile';
import { kneeFormValues } from '../../../src/ui/logic/kneePlanForms';
import { KneePlanController, type KneeCutPort } from '../../../src/ui/kneePlanController';
import { PlanController } from '../../../src/ui/planController';
import { Store } from '../../../src/ui/state';
import { voxelSha256 } from '../../../src/volume/voxelHash';
import type { LoadReport } from '../../../src/workers/protocol';
import type { KneeCutRequest, TwinResult } from '../../../src/workers/twinProtocol';
import { catalogue, sizes } from './kneeComponentsFixture';

// 50 × 50 × 100 voxels of 1 mm, origin (−25, −25, 0): a 40 × 40 mm tibia block (label 2) with its top at
// z = 39.5 mm and a femur block (label 1) from z = 44.5 mm. A cut d mm below the top removes 1.6·d mL exactly.
const size: [number, number, number] = [50, 50, 100];
const geometry = { size, spacing: [1, 1, 1] as [number, number, number], origin: [-25, -25, 0] as [number, number, number], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] as [number, number, number, number, number, number, number, number, number] };
function labelsOf(): Uint8Array {
  const l = new Uint8Array(50 * 50 * 100);
  for (let k = 0; k < 100; k++) for (let j = 5; j < 45; j++) for (let i = 5; i < 45; i++) if (k < 40 || k >= 45) l[i + 50 * (j + 50 * k)] = k < 40 ? 2 : 1;
  return l;
}
const auto = (base: KneeLandmarkEntry['base'], bone: 'femur' | 'tibia', p: [number, number, number] | null): KneeLandmarkEntry =>
  ({ base, bone, pointLps: p, source: 'auto', method: 'test proposal', missingReason: p ? null : 'the femoral head is not in view' });
const entries: KneeLandmarkEntry[] = [
  auto('femoralHeadCentre', 'femur', null),
  auto('distalCondyleMedial', 'femur', [10, 0, 44.5]), auto('distalCondyleLateral', 'femur', [-10, 0, 44.5]),
  auto('femoralKneeCentre', 'femur', [0, 0, 50]), auto('femoralShaftAxisProximal', 'femur', [0, 0, 90]), auto('femoralShaftAxisDistal', 'femur', [0, 0, 60]),
  auto('tibialKneeCentre', 'tibia', [0, 0, 39.5]), auto('plateauMedial', 'tibia', [10, 0, 39.5]), auto('plateauLateral', 'tibia', [-10, 0, 39.5]),
];

function portFor(labels: Uint8Array, requests: KneeCutRequest[], components = false): KneeCutPort {
  const held = { ...geometry, data: labels };
  return {
    kneeCut: async (_twin, input) => {
      requests.push(input);
      if (input.kind === 'propose') return { ok: true, ms: 3, result: { kind: 'propose', proposal: { side: 'R', femurLabel: 1, tibiaLabel: 2, entries, tibialShaftUnitLps: [0, 0, 1], notes: [], ms: 3 } } };
      return { ok: true, ms: 4, result: { kind: 'volumes', ...kneeCutVolumes(held, input), ...(components ? { components: sizes() } : {}) } };
    },
  };
}

function storeWith(result: TwinResult, volumeData: Int16Array): Store {
  const store = new Store();
  const volume = { ...geometry, data: volumeData, unit: 'HU' } as LoadReport['volume'];
  store.update({ loaded: { seriesId: 's', volume, warnings: [], range: { min: 0, max: 0 }, paddedVoxels: 0, loadMs: 0 }, selectedSeriesId: 's', twin: { seriesId: 's', result } });
  return store;
}

const settle = async () => { for (let n = 0; n < 20; n++) await new Promise((r) => setTimeout(r, 0)); };

describe('KneePlanController: edits kept with the case', () => {
  it('a typed tibial depth and a placed landmark are saved with the twin and restored after a reload, with their volume', async () => {
    const labels = labelsOf();
    const volumeData = new Int16Array(labels.length);
    const twin = { anatomy: 'knee', anatomyReason: '', labels, segments: [], notes: [], timings: { segmentS: 0, surfaceS: 0, smoothS: 0, decimateS: 0, checkS: 0 }, buildMs: 0 } as unknown as TwinResult;
    const store = storeWith(twin, volumeData);
    const saved: TwinResult[] = [];
    const requests: KneeCutRequest[] = [];
    const ctrl = new KneePlanController(store, portFor(labels, requests), (t) => saved.push(t));
    ctrl.sync(store.get());
    await settle();
    const vol = () => { const v = ctrl.plan!.volumes!.tibia; if (!v.available) throw new Error(v.reason); return v.value.resectedMl; };
    expect(ctrl.plan!.params.tibia.depthMm).toBe(9);
    expect(vol()).toBeCloseTo(14.4, 9); // 9 mm × 1600 mm²
    expect(saved).toEqual([]); // a proposal alone is not an edit

    expect(ctrl.setParams({ ...kneeFormValues(ctrl.plan!.params), 'tibia-depth': '12' })).toBe(true);
    ctrl.startPlacing('femoralKneeCentre');
    expect(ctrl.placeAt([1, 2, 51], 'slice click')).toBe(true);
    await settle();
    expect(vol()).toBeCloseTo(19.2, 9);
    const last = saved[saved.length - 1];
    expect(store.get().twin!.result).toBe(last);
    const kept = last.plan!;
    expect(kept.anatomy).toBe('knee');
    expect(kept.source).toEqual({ seriesInstanceUid: null, volumeSha256: await voxelSha256(volumeData) });
    expect(kept.resections).toEqual([
      { name: 'distalFemur', depthMm: 9, varusValgusDeg: 0, valgusAngleDeg: 6, reference: 'auto' },
      { name: 'proximalTibia', depthMm: 12, varusValgusDeg: 0, posteriorSlopeDeg: 0, reference: 'auto' },
    ]);
    expect(kept.landmarks.find((l) => l.name === 'femoralKneeCentreRight')).toEqual({ name: 'femoralKneeCentreRight', pointLps: [1, 2, 51], source: 'manual', method: 'placed by slice click' });
    expect(kept.landmarks.some((l) => l.name.startsWith('femoralHeadCentre'))).toBe(false);
    expect(new PlanController(store).plan).toBeNull(); // the hip panel does not take the knee plan

    // Reload: the case (TwinResult as is) through the .jumeau codec, a fresh store and controller.
    const bytes = await encodeCaseFile({ format: CASE_FILE_FORMAT, savedAt: '2026-01-01T00:00:00.000Z', source: { voxelSha256: kept.source.volumeSha256, size, spacingMm: [1, 1, 1] }, content: { twin: last } });
    const back = (await decodeCaseFile<{ twin: TwinResult }>(bytes, 'knee.jumeau')).content.twin;
    const store2 = storeWith(back, volumeData);
    const requests2: KneeCutRequest[] = [];
    const ctrl2 = new KneePlanController(store2, portFor(back.labels as Uint8Array, requests2));
    ctrl2.sync(store2.get());
    await settle();
    expect(requests2[0]).toEqual({ kind: 'propose', side: 'R' });
    expect(ctrl2.plan!.params.tibia.depthMm).toBe(12);
    expect(ctrl2.plan!.entries.find((e) => e.base === 'femoralKneeCentre')).toMatchObject({ pointLps: [1, 2, 51], source: 'manual', method: 'placed by slice click' });
    expect(ctrl2.plan!.entries.find((e) => e.base === 'distalCondyleMedial')).toMatchObject({ source: 'auto' });
    expect(ctrl2.plan!.message).toMatch(/Cut parameters and 1 manual landmark restored from the case\.$/);
    const v2 = ctrl2.plan!.volumes!.tibia;
    expect(v2.available && v2.value.resectedMl).toBeCloseTo(19.2, 9);
  });

  it('plan.json is sealed, de-identified, and `jumeau plan` recomputes the same metrics (femoral cut from the anatomical axis)', async () => {
    const labels = labelsOf();
    const twin = { anatomy: 'knee', anatomyReason: '', labels, segments: [], notes: [], timings: { segmentS: 0, surfaceS: 0, smoothS: 0, decimateS: 0, checkS: 0 }, buildMs: 0 } as unknown as TwinResult;
    const store = storeWith(twin, new Int16Array(labels.length));
    const ctrl = new KneePlanController(store, portFor(labels, []));
    ctrl.sync(store.get());
    await settle();
    const bytes = await ctrl.exportPlan();
    const text = new TextDecoder().decode(bytes!);
    expect(text).not.toMatch(/patient|birth/i);
    const plan = parsePlan(JSON.parse(text));
    const check = await checkPlan(plan);
    expect(check.integrity).toBe('match');
    expect(check.storedMetrics).toBe('match');
    const d = check.metrics.knee!.distalFemoralResection;
    const w = ctrl.plan!.metrics!.distalFemur;
    if (!d.available || !w.available) throw new Error('femoral cut missing');
    expect(d.value.resectionMm.medial).toBeCloseTo(w.value.resectionMm.medial, 9);
    expect(d.value.femoralAxis?.method).toMatch(/^anatomical axis \+ 6° valgus \(⚠ default\)/);
    // The report: numbers as computed, HKA missing with its reason, the plan hash.
    const html = new TextDecoder().decode((await ctrl.exportReport({ view3dPng: null, slicePng: null }))!);
    expect(html).toContain('missing: landmarks femoralHeadCentreRight, ankleCentreRight missing');
    expect(html).toContain(`Plan inputs SHA-256 (RFC 8785) ${plan.integrity!.inputsSha256}`);
    expect(html).toContain('14.40 mL removed of 64.0 mL');
  });

  it('the components the worker sized go into the kept plan, plan.json (sealed with the catalogue) and the report', async () => {
    const labels = labelsOf();
    const twin = { anatomy: 'knee', anatomyReason: '', labels, segments: [], notes: [], timings: { segmentS: 0, surfaceS: 0, smoothS: 0, decimateS: 0, checkS: 0 }, buildMs: 0 } as unknown as TwinResult;
    const store = storeWith(twin, new Int16Array(labels.length));
    const saved: TwinResult[] = [];
    const requests: KneeCutRequest[] = [];
    const ctrl = new KneePlanController(store, portFor(labels, requests, true), (t) => saved.push(t));
    ctrl.sync(store.get());
    await settle();
    expect(requests[1]).toMatchObject({ kind: 'volumes', sizing: { side: 'R', posteriorCondyleMedialLps: null, posteriorCondyleLateralLps: null, femoralShaftAxisDistalLps: [0, 0, 60] } });
    expect(saved).toEqual([]); // a proposal alone is not an edit
    expect(ctrl.setParams({ ...kneeFormValues(ctrl.plan!.params), 'tibia-depth': '12' })).toBe(true);
    await settle();
    const kept = saved[saved.length - 1].plan!;
    expect(kept.implants.map((i) => `${i.role} ${i.size}`)).toEqual(['femoralComponent 1', 'tibialComponent 6']);
    const plan = parsePlan(JSON.parse(new TextDecoder().decode((await ctrl.exportPlan())!)));
    expect(plan.catalogue?.id).toBe('jumeau-generic');
    const check = await checkPlan(plan, { catalogue });
    expect([check.integrity, check.storedMetrics]).toEqual(['match', 'match']);
    const c = check.metrics.knee!.components!;
    expect(c.available && [c.value.tibial?.mlWidthMm, c.value.tibial?.apDepthMm]).toEqual([77, 51]);
    const html = new TextDecoder().decode((await ctrl.exportReport({ view3dPng: null, slicePng: null }))!);
    expect(html).toMatch(/<tr><th>Tibial baseplate<\/th><td>size 6 .*coverage 87\.7 %/);
  });
});
