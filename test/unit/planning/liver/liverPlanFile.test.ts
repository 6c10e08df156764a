// The liver plan file: metrics from a labels volume (LIV-03/04 geometry: sphere liver R 80 mm, tumour
// r 15 mm at 60 mm, plane at 30 mm), several surfaces (union of the resected parts), sFLR missing
// without height/weight, a surface that misses the liver, territories, parsing with field-named errors,
// sealing and the headless check (tampering, other grid, other labels).
import { describe, expect, it } from 'vitest';
import { expectBadArgument, expectJumeauError } from '../../../helpers/expectError';
import { assessFlr } from '../../../../src/planning/liver/flr';
import {
  LIVER_PLAN_SCHEMA, checkLiverPlan, computeLiverPlanMetrics, displayPatchOf, gridOfGeometry, labelsSha256, parseLiverPlan, prepareLiverPlan, sealLiverPlan,
  type LiverPlan, type LiverPlanInputs, type LiverPlanSegment, type LiverPlanSurface,
} from '../../../../src/planning/liver/liverPlanFile';
import { capMm3, cubeGrid, paintSphere } from './fixtures';

/** Sphere liver R 80 (label 1) with tumour r 15 at (60, 0, 0) (label 4) on a 2 mm grid, centre at voxel 44.5. */
function sphereCase(options: { portal?: boolean } = {}) {
  const m = paintSphere(cubeGrid(90, 2, 44.5), [0, 0, 0], 80, 1);
  paintSphere(m, [60, 0, 0], 15, 4);
  if (options.portal) {
    // A portal "vein" along x through the centre: label 2.
    for (let i = 20; i < 70; i++) m.data[i + 90 * (44 + 90 * 44)] = 2;
  }
  const { data, ...grid } = m;
  const segments: LiverPlanSegment[] = [{ label: 1, name: 'liver', role: 'liver' }, { label: 4, name: 'tumour 1', role: 'tumour' }];
  if (options.portal) segments.push({ label: 2, name: 'portal vein', role: 'portalVein' });
  return { grid, labels: data, segments };
}

const plane = (name: string, x: number, nx: number): LiverPlanSurface => ({ name, kind: 'plane', pointLps: [x, 0, 0], normalLps: [nx, 0, 0], resectedSide: 'positive' });
const inputs = (surfaces: LiverPlanSurface[], patient = { heightCm: null as number | null, weightKg: null as number | null }): LiverPlanInputs =>
  ({ surfaces, patient, liverCondition: 'normal', safetyMarginMm: 10, territoryBranches: [] });

describe('computeLiverPlanMetrics', () => {
  const c = sphereCase();
  const ctx = prepareLiverPlan(c.grid, c.labels, c.segments);

  it('LIV-03/04 on the labels: volumes within 1.5 % of the analytic cap, margin 15 mm (within a voxel), measured FLR = functional remnant / functional total', () => {
    const { metrics: m } = computeLiverPlanMetrics(ctx, inputs([plane('Plane 1', 30, 1)]));
    expect(m.organ.tlvCtMl).toBeGreaterThan(2144.66 * 0.985);
    expect(m.organ.tlvCtMl).toBeLessThan(2144.66 * 1.015);
    expect(m.organ.tumourMl / ((4 / 3) * Math.PI * 15 ** 3 / 1000)).toBeCloseTo(1, 1);
    if (!m.resection.available) throw new Error(m.resection.reason);
    expect(m.resection.value.resectedMl / (capMm3(80, 50) / 1000)).toBeGreaterThan(0.985);
    expect(m.resection.value.resectedMl / (capMm3(80, 50) / 1000)).toBeLessThan(1.015);
    expect(m.resection.value.tumourRemnantMl).toBe(0);
    if (!m.flrMeasured.available) throw new Error(m.flrMeasured.reason);
    expect(m.flrMeasured.value.ratio).toBeCloseTo(m.resection.value.remnantFunctionalMl / m.organ.functionalTotalMl, 12);
    expect(m.flrMeasured.value.verdict).toMatchObject({ minRatio: 0.25, passes: true });
    expect(m.flrMeasured.value.verdict.source).toMatch(/Vauthey/);
    if (!m.margins.available) throw new Error(m.margins.reason);
    const t = m.margins.value.tumours[0];
    expect(t).toMatchObject({ name: 'tumour 1', label: 4, side: 'resected', passes: true, surface: 'Plane 1' });
    expect(Math.abs(t.marginMm! - 15)).toBeLessThan(2);
  });

  it('sFLR is missing with the field named until height and weight are given, then uses Vauthey (LIV-01: 175 cm, 75 kg → 1625.3 mL)', () => {
    const r0 = computeLiverPlanMetrics(ctx, inputs([plane('P', 30, 1)])).metrics;
    expect(r0.flrStandardized).toEqual({ available: false, reason: expect.stringMatching(/^heightCm: is needed for the standardised liver volume/) });
    const r1 = computeLiverPlanMetrics(ctx, inputs([plane('P', 30, 1)], { heightCm: 175, weightKg: 75 })).metrics;
    if (!r1.flrStandardized.available || !r1.resection.available) throw new Error('sFLR missing');
    expect(r1.flrStandardized.value.tlvUsed.tlvMl).toBeCloseTo(1625.3, 1);
    expect(r1.flrStandardized.value.ratio).toBe(assessFlr({ flrVolumeMl: r1.resection.value.remnantFunctionalMl, tlv: { kind: 'standardized', heightCm: 175, weightKg: 75 }, condition: 'normal' }).ratio);
  });

  it('two surfaces: the resected parts are united (two caps), each tumour measured to its nearest surface', () => {
    const r = computeLiverPlanMetrics(ctx, inputs([plane('A', 30, 1), plane('B', -40, -1)]));
    if (!r.metrics.resection.available || !r.metrics.margins.available) throw new Error('missing');
    const want = (capMm3(80, 50) + capMm3(80, 40)) / 1000; // 497.4 + 335.1 mL
    expect(r.metrics.resection.value.resectedMl / want).toBeGreaterThan(0.985);
    expect(r.metrics.resection.value.resectedMl / want).toBeLessThan(1.015);
    expect(r.metrics.resection.value.surfaces.map((s) => s.name)).toEqual(['A', 'B']);
    expect(r.metrics.margins.value.tumours[0].surface).toBe('A');
    expect(r.vertexDistanceMm).toHaveLength(2);
    expect(r.vertexDistanceMm[0]!.length).toBe(65 * 65);
    // Vertices of A nearest the tumour are ≈ 15 mm away, under 10 mm nowhere (the tumour is 15 mm from A).
    expect(Math.min(...r.vertexDistanceMm[0]!)).toBeGreaterThan(13);
  });

  it('a flat Bézier patch from the plane gives the same volumes as the plane', () => {
    const p = plane('P', 30, 1);
    const b: LiverPlanSurface = { name: 'B', kind: 'bezier', controlPointsLps: displayPatchOf(p, ctx.summary).controlPointsLps, resectedSide: 'positive' };
    const a = computeLiverPlanMetrics(ctx, inputs([p])).metrics.resection;
    const z = computeLiverPlanMetrics(ctx, inputs([b])).metrics.resection;
    if (!a.available || !z.available) throw new Error('missing');
    expect(z.value.resectedMl).toBe(a.value.resectedMl);
  });

  it('a surface that misses the liver: resection, FLR and margins missing with the surface named, never 0', () => {
    const r = computeLiverPlanMetrics(ctx, inputs([plane('Far', 200, 1)])).metrics;
    expect(r.resection).toEqual({ available: false, reason: expect.stringMatching(/^surfaces\[0\]: Far: surface: leaves the whole organ on one side/) });
    expect(r.flrMeasured.available).toBe(false);
    expect(r.margins.available).toBe(false);
    expect(r.organ.tlvCtMl).toBeGreaterThan(2000);
  });

  it('territories: missing without a portal vein segment; with one, two branch points split the symmetric liver in halves', () => {
    expect(computeLiverPlanMetrics(ctx, inputs([plane('P', 30, 1)])).metrics.territories).toEqual({ available: false, reason: expect.stringMatching(/^MISSING_SEGMENT: no portal vein segment/) });
    const p = sphereCase({ portal: true });
    const ctxP = prepareLiverPlan(p.grid, p.labels, p.segments);
    const noPoints = computeLiverPlanMetrics(ctxP, inputs([plane('P', 30, 1)])).metrics.territories;
    expect(noPoints.available === false && noPoints.reason).toMatch(/^MISSING_INPUT: no portal branch point/);
    const withPoints = { ...inputs([plane('P', 30, 1)]), territoryBranches: [{ label: 1, name: 'R', pointsLps: [[-30, -1, -1]] }, { label: 2, name: 'L', pointsLps: [[30, -1, -1]] }] } as LiverPlanInputs;
    const t = computeLiverPlanMetrics(ctxP, withPoints).metrics.territories;
    if (!t.available) throw new Error(t.reason);
    const [r, l] = t.value.territories;
    expect(r.volumeMl / l.volumeMl).toBeCloseTo(1, 1);
    expect(r.volumeMl + l.volumeMl).toBeCloseTo(ctxP.summary.tlvCtMl, 6);
    // The plane at x = 30 resects only from the left territory.
    expect(r.resectedMl).toBe(0);
    expect(l.resectedMl! / (capMm3(80, 50) / 1000)).toBeGreaterThan(0.98);
  });

  it('a tumour label with no voxel near the liver is refused (OUTSIDE_ORGAN); an empty liver names its segment', () => {
    const c2 = sphereCase();
    c2.labels[0] = 5;
    expectJumeauError(() => prepareLiverPlan(c2.grid, c2.labels, [...c2.segments, { label: 5, name: 'tumour 2', role: 'tumour' }]), 'OUTSIDE_ORGAN', { subject: 'segments[2]', message: /tumour 2 lies outside the liver/ });
    expectJumeauError(() => prepareLiverPlan(c2.grid, c2.labels, [{ label: 9, name: 'liver', role: 'liver' }]), 'EMPTY_SEGMENT', { subject: 'segments[0]' });
  });
});

describe('liver plan file', () => {
  const c = sphereCase();
  const base = async (): Promise<LiverPlan> => ({
    schema: LIVER_PLAN_SCHEMA,
    source: { seriesInstanceUid: '1.2.3', volumeSha256: 'a'.repeat(64), labelsSha256: await labelsSha256(c.labels) },
    grid: gridOfGeometry(c.grid), segments: c.segments, ...inputs([plane('Plane 1', 30, 1)], { heightCm: 175, weightKg: 75 }),
  });

  it('parses its own output; refuses bad fields by name', async () => {
    const plan = JSON.parse(JSON.stringify(await base()));
    expect(parseLiverPlan(plan)).toEqual(plan);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- edits reach into nested JSON
    const bad = (edit: (p: Record<string, any>) => void, subject: string) => {
      const p = JSON.parse(JSON.stringify(plan));
      edit(p);
      expectBadArgument(() => parseLiverPlan(p), subject);
    };
    bad((p) => { p.schema = 'jumeau.plan/1'; }, 'schema');
    bad((p) => { p.patient.heightCm = 1.75; }, 'patient.heightCm');
    bad((p) => { delete p.patient.weightKg; }, 'patient.weightKg');
    bad((p) => { p.surfaces[0].normalLps = [0, 0, 0]; }, 'surfaces[0].normalLps');
    bad((p) => { p.surfaces[0] = { name: 'B', kind: 'bezier', controlPointsLps: [[0, 0, 0]], resectedSide: 'positive' }; }, 'surfaces[0].controlPointsLps');
    bad((p) => { p.surfaces[0].pointLPS = [0, 0, 0]; }, 'surfaces[0].pointLPS');
    bad((p) => { p.surfaces = []; }, 'surfaces');
    bad((p) => { p.liverCondition = 'fatty'; }, 'liverCondition');
    bad((p) => { p.segments = [{ label: 4, name: 'tumour 1', role: 'tumour' }]; }, 'segments');
    bad((p) => { p.source.labelsSha256 = 'xyz'; }, 'source.labelsSha256');
    bad((p) => { p.safetyMarginMm = -1; }, 'safetyMarginMm');
    // Branches may say where they come from ('auto': proposed from the portal centerline); older plans do not.
    const withSource = { ...plan, territoryBranches: [{ label: 1, name: 'R1', pointsLps: [[0, 0, 0], [1, 0, 0]], source: 'auto' }, { label: 2, name: 'B2', pointsLps: [[5, 0, 0]] }] };
    expect(parseLiverPlan(withSource).territoryBranches.map((b) => b.source)).toEqual(['auto', undefined]);
    bad((p) => { p.territoryBranches = [{ label: 1, name: 'R1', pointsLps: [[0, 0, 0]], source: 'robot' }]; }, 'territoryBranches[0].source');
  });

  it('a plan sealed before vessel margins existed (no metrics.vesselMargins) still checks: the metrics it stores match', async () => {
    const plan = await base();
    const ctx = prepareLiverPlan(c.grid, c.labels, c.segments);
    const sealed = JSON.parse(JSON.stringify(await sealLiverPlan(plan, computeLiverPlanMetrics(ctx, plan).metrics)));
    delete sealed.metrics.vesselMargins;
    const ok = await checkLiverPlan(parseLiverPlan(sealed), { ...c.grid, data: c.labels });
    expect([ok.integrity, ok.storedMetrics]).toEqual(['match', 'match']);
    expect(ok.metrics.vesselMargins).toEqual({ available: false, reason: 'MISSING_SEGMENT: no vessel segment (portal vein, hepatic vein) in the labels' });
  });

  it('sealed: the check recomputes the same metrics, the hash and the labels match; tampering, other labels and another grid are caught', async () => {
    const plan = await base();
    const ctx = prepareLiverPlan(c.grid, c.labels, c.segments);
    const sealed = parseLiverPlan(JSON.parse(JSON.stringify(await sealLiverPlan(plan, computeLiverPlanMetrics(ctx, plan).metrics))));
    const ok = await checkLiverPlan(sealed, { ...c.grid, data: c.labels });
    expect([ok.integrity, ok.storedMetrics, ok.labels]).toEqual(['match', 'match', 'match']);
    expect(ok.computedInputsSha256).toBe(sealed.integrity!.inputsSha256);
    const tampered = await checkLiverPlan({ ...sealed, safetyMarginMm: 5 }, { ...c.grid, data: c.labels });
    expect(tampered.integrity).toBe('mismatch');
    const other = c.labels.slice();
    other[other.indexOf(1)] = 0;
    const o = await checkLiverPlan(sealed, { ...c.grid, data: other });
    expect([o.integrity, o.labels, o.storedMetrics]).toEqual(['match', 'differ', 'differ']);
    // NIfTI stores float32: 1e-4 mm off is the same grid, a voxel off is not.
    expect((await checkLiverPlan(sealed, { ...c.grid, origin: [c.grid.origin[0] + 1e-4, c.grid.origin[1], c.grid.origin[2]], data: c.labels })).integrity).toBe('match');
    await expect(checkLiverPlan(sealed, { ...c.grid, origin: [c.grid.origin[0] + 2, c.grid.origin[1], c.grid.origin[2]], data: c.labels })).rejects.toMatchObject({ code: 'GEOMETRY_MISMATCH', subject: 'labels' });
  });

  it('labelsSha256 is the same for Uint8 and Uint16 storage of the same values', async () => {
    expect(await labelsSha256(Uint8Array.from([0, 1, 4]))).toBe(await labelsSha256(Uint16Array.from([0, 1, 4])));
    expect(await labelsSha256(Uint8Array.from([0, 1, 4]))).not.toBe(await labelsSha256(Uint8Array.from([0, 1, 5])));
  });
});
