// The liver plan side of the app state: a liver twin gets a plan whose metrics come back from the
// worker (here a synchronous stand-in running the same code); bad values are refused naming the field
// with the plan kept; a plane converts to a Bézier with the same cut; territories are blocked without a
// portal vein; the export is sealed and checks; the worker client coalesces live updates (latest wins).
import { describe, expect, it } from 'vitest';
import { Store } from '../../../src/ui/state';
import { LiverPlanController, normalOfAngles, planeParams, roleOfSegment } from '../../../src/ui/liverPlanController';
import { checkLiverPlan, computeLiverPlanMetrics, computeTerritories, parseLiverPlan, prepareLiverPlan, proposeBranchesOf, vesselsOf, type LiverPlanContext } from '../../../src/planning/liver/liverPlanFile';
import { drawableCenterlines } from '../../../src/planning/liver/vesselMargins';
import { LiverPlanClient, type LiverPlanService } from '../../../src/workers/liverPlanClient';
import type { LiverPlanMessage, LiverPlanRequest } from '../../../src/workers/liverPlanProtocol';
import type { TwinResult } from '../../../src/workers/twinProtocol';
import type { LoadReport } from '../../../src/workers/protocol';
import { cubeGrid, paintSphere } from '../planning/liver/fixtures';

/** The same computation as the worker, synchronously. */
function localService(): LiverPlanService & { updates: number } {
  let ctx: LiverPlanContext | null = null;
  const svc = {
    updates: 0,
    init: async (grid, labels, segments) => {
      try { ctx = prepareLiverPlan(grid, labels, segments); return { status: 'ok' as const, summary: ctx.summary, ms: 0 }; } catch (e) { return { status: 'error' as const, error: { code: (e as { code: 'INTERNAL' }).code, message: (e as Error).message } }; }
    },
    update: async (inputs) => { svc.updates++; const r = computeLiverPlanMetrics(ctx!, inputs, { territories: false }); return { status: 'ok' as const, metrics: r.metrics, vertexDistanceMm: r.vertexDistanceMm, ms: 1 }; },
    territories: async (inputs) => { const t = computeTerritories(ctx!, inputs.territoryBranches, null); return { status: 'ok' as const, metrics: t.metric, labels: t.labels, ms: 1 }; },
    full: async (inputs) => { const r = computeLiverPlanMetrics(ctx!, inputs); return { status: 'ok' as const, metrics: r.metrics, vertexDistanceMm: r.vertexDistanceMm, ms: 1 }; },
    propose: async () => {
      try { const { proposal } = proposeBranchesOf(ctx!); return { status: 'ok' as const, proposal, centerlines: drawableCenterlines(vesselsOf(ctx!)), ms: 1 }; } catch (e) { return { status: 'error' as const, error: { code: (e as { code: 'INTERNAL' }).code, message: (e as Error).message } }; }
    },
  } satisfies LiverPlanService & { updates: number };
  return svc;
}

const flush = async () => { for (let n = 0; n < 10; n++) await new Promise((r) => setTimeout(r, 0)); };

/** Sphere liver R 80 mm (label 1) with a tumour r 15 mm at (60, 0, 0) (label 4), 2 mm voxels. */
async function setup(anatomy: 'liver' | 'hip' = 'liver', portal = false) {
  const m = paintSphere(cubeGrid(90, 2, 44.5), [0, 0, 0], 80, 1);
  paintSphere(m, [60, 0, 0], 15, 4);
  if (portal) for (let i = 20; i < 70; i++) m.data[i + 90 * (44 + 90 * 44)] = 2;
  const seg = (label: number, name: string) => ({ label, name, colorRgb: [1, 2, 3], mesh: { positionsLps: new Float32Array(0), indices: new Uint32Array(0) } });
  const result = { anatomy, anatomyReason: '', labels: m.data, segments: [seg(1, 'liver'), seg(4, 'tumour 1'), ...(portal ? [seg(2, 'portal vein')] : [])], notes: [], timings: {}, buildMs: 1 } as unknown as TwinResult;
  const volume = { size: m.size, spacing: m.spacing, origin: m.origin, direction: m.direction, data: new Int16Array(m.data.length), unit: 'HU' } as LoadReport['volume'];
  const store = new Store();
  store.update({ loaded: { seriesId: 's', volume, warnings: [], range: { min: 0, max: 0 }, paddedVoxels: 0, loadMs: 0 }, selectedSeriesId: 's', twin: { seriesId: 's', result } });
  const svc = localService();
  let t = 0;
  const ctrl = new LiverPlanController(store, svc, () => (t += 5));
  ctrl.sync(store.get());
  await flush();
  return { store, ctrl, svc, labels: m.data, grid: volume };
}

describe('LiverPlanController', () => {
  it('plane form helpers: azimuth 0 / elevation 0 is patient left; offset and angles round-trip', () => {
    expect(normalOfAngles(0, 0)).toEqual([1, 0, 0]);
    const n = normalOfAngles(30, -20);
    const p = planeParams([1, 2, 3], { pointLps: [1 + 12 * n[0], 2 + 12 * n[1], 3 + 12 * n[2]], normalLps: n });
    expect(p.offsetMm).toBeCloseTo(12, 9);
    expect(p.azimuthDeg).toBeCloseTo(30, 9);
    expect(p.elevationDeg).toBeCloseTo(-20, 9);
    expect([roleOfSegment('liver'), roleOfSegment('tumour 2'), roleOfSegment('portal vein'), roleOfSegment('hepatic vein'), roleOfSegment('spleen')]).toEqual(['liver', 'tumour', 'portalVein', 'hepaticVein', null]);
  });

  it('a liver twin gets a plan; a plane through the centre gives metrics; a plane moved to 30 mm gives the LIV-03 cap', async () => {
    const { store, ctrl } = await setup();
    const lp = store.get().liverPlan!;
    expect(lp.segments.map((s) => s.role)).toEqual(['liver', 'tumour']);
    expect(lp.organ!.tlvCtMl).toBeGreaterThan(2100);
    expect(ctrl.addSurface('plane')).toBe(true);
    await flush();
    const m = store.get().liverPlan!;
    expect(m.updates).toBe(1);
    expect(m.metricsKey).toBe(m.inputsKey);
    expect(m.updateMs).toBe(5); // one tick of the fake clock between the change and the metrics
    expect(ctrl.setPlane({ offset: '30', azimuth: '0', elevation: '0' })).toBe(true);
    await flush();
    const r = store.get().liverPlan!.metrics!.resection;
    expect(r.available && r.value.resectedMl).toBeCloseTo(497.4, -1);
    const mg = store.get().liverPlan!.metrics!.margins;
    expect(mg.available && mg.value.tumours[0].side).toBe('resected');
    expect(() => structuredClone(store.get().liverPlan)).not.toThrow();
  });

  it('refuses bad values naming the field and keeps the plan', async () => {
    const { store, ctrl } = await setup();
    ctrl.addSurface('plane');
    await flush();
    const before = store.get().liverPlan!.surfaces;
    expect(ctrl.setPlane({ offset: '', azimuth: '0', elevation: '0' })).toBe(false);
    expect(store.get().liverPlan!.message).toMatch(/^Not applied — offsetMm: must be a number from -\d+(\.\d+)? to \d+(\.\d+)? mm \(got nothing\)\. The plan is unchanged\.$/);
    expect(ctrl.setPlane({ offset: '0', azimuth: '0', elevation: '95' })).toBe(false);
    expect(store.get().liverPlan!.message).toMatch(/^Not applied — elevationDeg: must be a number from -90 to 90°/);
    expect(ctrl.setPatient({ height: '1.75', weight: '75' })).toBe(false);
    expect(store.get().liverPlan!.message).toMatch(/^Not applied — heightCm: must be a height in centimetres within \[50, 250\], got 1\.75/);
    expect(ctrl.setSafetyMargin('-2')).toBe(false);
    expect(store.get().liverPlan!.message).toMatch(/^Not applied — safetyMarginMm:/);
    expect(ctrl.moveControlPoint(5, [0, 0, 0])).toBe(false); // a plane has no control points
    expect(store.get().liverPlan!.message).toMatch(/is a plane: convert it to a Bézier surface first/);
    expect(store.get().liverPlan!.surfaces).toBe(before);
    expect(store.get().liverPlan!.patient).toEqual({ heightCm: null, weightKg: null });
  });

  it('sFLR: missing with the reason until height and weight are typed', async () => {
    const { store, ctrl } = await setup();
    ctrl.addSurface('plane');
    await flush();
    const s0 = store.get().liverPlan!.metrics!.flrStandardized;
    expect(s0.available ? '' : s0.reason).toMatch(/^heightCm: is needed/);
    expect(ctrl.setPatient({ height: '175', weight: '75' })).toBe(true);
    await flush();
    const s1 = store.get().liverPlan!.metrics!.flrStandardized;
    expect(s1.available && s1.value.tlvUsed.tlvMl).toBeCloseTo(1625.3, 1);
    expect(ctrl.setCondition('cirrhosis')).toBe(true);
    await flush();
    const s2 = store.get().liverPlan!.metrics!.flrMeasured;
    expect(s2.available && s2.value.verdict.minRatio).toBe(0.4);
  });

  it('a plane converted to a Bézier keeps the cut; dragging a control point changes it', async () => {
    const { store, ctrl } = await setup();
    ctrl.addSurface('plane');
    ctrl.setPlane({ offset: '30', azimuth: '0', elevation: '0' });
    await flush();
    const plane = store.get().liverPlan!.metrics!.resection;
    expect(ctrl.toBezier()).toBe(true);
    await flush();
    const lp = store.get().liverPlan!;
    expect(lp.surfaces[0].kind).toBe('bezier');
    const bez = lp.metrics!.resection;
    expect(bez.available && plane.available && bez.value.resectedMl).toBe(plane.available && plane.value.resectedMl);
    const s = lp.surfaces[0];
    if (s.kind !== 'bezier') throw new Error('not a Bézier');
    const p = s.controlPointsLps[5];
    expect(ctrl.moveControlPoint(5, [p[0] - 20, p[1], p[2]])).toBe(true);
    await flush();
    const moved = store.get().liverPlan!.metrics!.resection;
    expect(moved.available && moved.value.resectedMl).toBeGreaterThan(bez.available ? bez.value.resectedMl + 5 : Infinity);
    expect(ctrl.toBezier()).toBe(false);
  });

  it('territories are blocked without a portal vein (MISSING_SEGMENT), branch placement is refused', async () => {
    const { store, ctrl } = await setup();
    expect(ctrl.territoriesBlocked(store.get().liverPlan)).toMatch(/^MISSING_SEGMENT: the liver twin has no portal vein segment/);
    ctrl.startPlacingBranch();
    expect(store.get().liverPlan!.placingBranch).toBe(false);
    expect(ctrl.placeAt([0, 0, 0], 'slice click')).toBe(false);
    expect(await ctrl.computeTerritories()).toBe(false);
    expect(store.get().liverPlan!.message).toMatch(/^Territories not computed — MISSING_SEGMENT/);
  });

  it('with a portal vein: branch points placed by clicks, then geodesic territories with volumes', async () => {
    const { store, ctrl } = await setup('liver', true);
    expect(ctrl.territoriesBlocked(store.get().liverPlan)).toMatch(/^MISSING_INPUT: place portal branch points/);
    for (const p of [[-30, -1, -1], [30, -1, -1]] as [number, number, number][]) {
      ctrl.startPlacingBranch();
      expect(store.get().liverPlan!.placingBranch).toBe(true);
      expect(ctrl.placeAt(p, '3D pick')).toBe(true);
    }
    expect(store.get().liverPlan!.branches.map((b) => b.name)).toEqual(['B1', 'B2']);
    expect(await ctrl.computeTerritories()).toBe(true);
    const t = store.get().liverPlan!.territories!.metrics;
    if (!t.available) throw new Error(t.reason);
    expect(t.value.territories.map((x) => x.name)).toEqual(['B1', 'B2']);
    expect(t.value.territories[0].volumeMl / t.value.territories[1].volumeMl).toBeCloseTo(1, 1);
  });

  it('Propose branches: a portal vein without a bifurcation is refused with the reason, the clicked points kept; removing a branch', async () => {
    const { store, ctrl } = await setup('liver', true);
    expect(ctrl.branches.proposeBlocked(store.get().liverPlan)).toBeNull();
    ctrl.startPlacingBranch();
    ctrl.placeAt([-30, -1, -1], '3D pick');
    expect(await ctrl.proposeBranches()).toBe(false);
    const lp = store.get().liverPlan!;
    expect(lp.message).toMatch(/^Branches not proposed — portalVein: the portal vein's centerline \(\d+ mm\) has no bifurcation: too small a tree/);
    expect(lp.branches.map((b) => [b.name, b.source])).toEqual([['B1', 'user']]);
    expect(lp.proposing).toBe(false);
    expect(ctrl.branches.remove(0)).toBe(true);
    expect(store.get().liverPlan!.branches).toEqual([]);
    const none = await setup();
    expect(await none.ctrl.proposeBranches()).toBe(false);
    expect(none.store.get().liverPlan!.message).toMatch(/^Branches not proposed — MISSING_SEGMENT: the liver twin has no portal vein segment/);
  });

  it('exports a sealed jumeau.liverPlan/1 that checks against the same labels', async () => {
    const { ctrl, labels, grid } = await setup();
    ctrl.addSurface('plane');
    ctrl.setPlane({ offset: '30', azimuth: '0', elevation: '0' });
    await flush();
    const bytes = await ctrl.exportPlan();
    const plan = parseLiverPlan(JSON.parse(new TextDecoder().decode(bytes!)));
    expect(plan.surfaces).toHaveLength(1);
    const check = await checkLiverPlan(plan, { ...grid, data: labels });
    expect([check.integrity, check.storedMetrics, check.labels]).toEqual(['match', 'match', 'match']);
  });

  it('an edit of the labels re-sends them once the edits pause; the surfaces are kept', async () => {
    const { store, ctrl } = await setup();
    ctrl.addSurface('plane');
    await flush();
    const surfaces = store.get().liverPlan!.surfaces;
    for (let v = 1; v <= 3; v++) {
      store.update({ edit: { ...store.get().edit, labelsVersion: v } });
      ctrl.sync(store.get());
      await flush();
    }
    expect(store.get().liverPlan!.organ).toBeNull();
    await new Promise((r) => setTimeout(r, 350));
    await flush();
    const lp = store.get().liverPlan!;
    expect(lp.organ).not.toBeNull();
    expect(lp.surfaces).toEqual(surfaces);
    expect(lp.metrics?.resection.available).toBe(true);
  });

  it('no liver twin (a hip twin): no liver plan', async () => {
    const { store } = await setup('hip');
    expect(store.get().liverPlan).toBeNull();
  });
});

describe('LiverPlanClient', () => {
  it('coalesces live updates: one in flight, the newest waiting, the rest superseded', async () => {
    const posted: LiverPlanRequest[] = [];
    let onMessage: ((ev: MessageEvent<LiverPlanMessage>) => void) | null = null;
    const worker = {
      postMessage: (m: LiverPlanRequest) => { posted.push(m); },
      addEventListener: (type: string, fn: (ev: MessageEvent<LiverPlanMessage>) => void) => { if (type === 'message') onMessage = fn; },
      terminate: () => undefined,
    };
    const client = new LiverPlanClient(() => worker as unknown as Worker);
    const inputs = (n: number) => ({ surfaces: [], patient: { heightCm: null, weightKg: null }, liverCondition: 'normal' as const, safetyMarginMm: n, territoryBranches: [] });
    const outcomes = [1, 2, 3, 4].map((n) => client.update(inputs(n)));
    expect(posted.map((p) => p.type === 'update' && p.inputs.safetyMarginMm)).toEqual([1]);
    const answer = (job: number) => onMessage!({ data: { type: 'metrics', job, metrics: {} as never, vertexDistanceMm: [], ms: 1 } } as unknown as MessageEvent<LiverPlanMessage>);
    expect((await Promise.race([outcomes[1], outcomes[2]])).status).toBe('superseded');
    answer(posted[0].job);
    await flush();
    expect(posted.map((p) => p.type === 'update' && p.inputs.safetyMarginMm)).toEqual([1, 4]);
    answer(posted[1].job);
    expect((await Promise.all(outcomes)).map((o) => o.status)).toEqual(['ok', 'superseded', 'superseded', 'ok']);
    expect(client.sentUpdates).toBe(2);
  });
});
