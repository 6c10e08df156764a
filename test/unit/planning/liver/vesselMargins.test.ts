// Vessel margins on the liver phantom through the plan computation (prepareLiverPlan +
// computeLiverPlanMetrics): planes whose distance to the portal and hepatic veins is known from the
// design polylines (the support of a tube of linearly varying radius in a direction is reached at a
// vertex: max over vertices of n·v + r), the branches a plane cuts, the proposal from the plan context,
// and missing values with their reasons.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Vec3 } from '../../../../src/core/vec3';
import { computeLiverPlanMetrics, prepareLiverPlan, proposeBranchesOf, type LiverPlanContext, type LiverPlanInputs, type LiverPlanSegment } from '../../../../src/planning/liver/liverPlanMetrics';
import { buildLiverPhantom, LIVER_LABELS } from '../../../../src/samples/liverPhantom';
import type { PhantomCase } from '../../../../src/samples/phantom';

let ph: PhantomCase, ctx: LiverPlanContext;
const segments: LiverPlanSegment[] = [
  { label: LIVER_LABELS.liver, name: 'liver', role: 'liver' },
  { label: LIVER_LABELS.portalVein, name: 'portal vein', role: 'portalVein' },
  { label: LIVER_LABELS.hepaticVein, name: 'hepatic vein', role: 'hepaticVein' },
  { label: LIVER_LABELS.tumour1, name: 'tumour 1', role: 'tumour' },
  { label: LIVER_LABELS.tumour2, name: 'tumour 2', role: 'tumour' },
];
const plane = (x: number): LiverPlanInputs => ({
  surfaces: [{ name: 'Plane 1', kind: 'plane', pointLps: [x, 0, 0], normalLps: [1, 0, 0] as Vec3, resectedSide: 'positive' }],
  patient: { heightCm: null, weightKg: null }, liverCondition: 'normal', safetyMarginMm: 10, territoryBranches: [],
});
const vessels = (x: number) => {
  const m = computeLiverPlanMetrics(ctx, plane(x), { territories: false }).metrics.vesselMargins;
  if (!m.available) throw new Error(m.reason);
  return Object.fromEntries(m.value.vessels.map((v) => [v.name, v]));
};

beforeAll(() => {
  ph = buildLiverPhantom();
  ctx = prepareLiverPlan(ph.labels, ph.labels.data, segments);
}, 60_000);

describe('vessel margins (liver phantom)', () => {
  it('plane x = 65 mm (left lobe tip): portal vein 7.5 mm (S3 end 55 + r 2.5), hepatic vein 13 mm (left vein end 50 + r 2) within 1 mm; nothing cut', () => {
    const v = vessels(65);
    expect(Math.abs(v['portal vein'].minDistanceMm! - 7.5)).toBeLessThan(1);
    expect(Math.abs(v['hepatic vein'].minDistanceMm! - 13)).toBeLessThan(1);
    expect(v['portal vein'].cutBranches).toEqual([]);
    expect(v['hepatic vein'].cutBranches).toEqual([]);
    expect(v['portal vein'].closestSurfacePointLps![0]).toBeCloseTo(65, 6);
    expect(v['portal vein'].surface).toBe('Plane 1');
  });
  it('plane x = 35 mm: 0 mm to both; the portal S2 and S3 branches and the left hepatic vein are cut, at x = 35', () => {
    const v = vessels(35);
    expect(v['portal vein'].minDistanceMm).toBe(0);
    expect(v['hepatic vein'].minDistanceMm).toBe(0);
    const cut = v['portal vein'].cutBranches!;
    expect(cut).toHaveLength(2);
    for (const c of cut) {
      expect(Math.abs(c.crossingLps[0] - 35)).toBeLessThan(1.5);
      expect(c.generation).toBe(3); // trunk 0, left portal vein 1, the trifurcation's two traced nodes 2 and 3
      expect(c.radiusAtCutMm).toBeGreaterThan(2);
      expect(c.radiusAtCutMm).toBeLessThan(3.6); // design 2.5–3 mm there
    }
    // S2 runs from (15, −25, 5) to (48, −8, 22), S3 to (55, −35, 20): at x = 35, y ≈ −14.7 and −30.
    const ys = cut.map((c) => c.crossingLps[1]).sort((a, b) => a - b);
    expect(ys[0]).toBeCloseTo(-30, -0.5);
    expect(ys[1]).toBeCloseTo(-14.7, -0.5);
    expect(v['hepatic vein'].cutBranches).toHaveLength(1);
  });
  it('the proposal from the plan context: seven branches; and no vessel segment → vessel margins missing with the reason', () => {
    expect(proposeBranchesOf(ctx).proposal.branches).toHaveLength(7);
    const noVessels = prepareLiverPlan(ph.labels, ph.labels.data, segments.filter((s) => s.role === 'liver' || s.role === 'tumour'));
    const m = computeLiverPlanMetrics(noVessels, plane(35), { territories: false }).metrics.vesselMargins;
    expect(m).toEqual({ available: false, reason: 'MISSING_SEGMENT: no vessel segment (portal vein, hepatic vein) in the labels' });
    expect(() => proposeBranchesOf(noVessels)).toThrow(expect.objectContaining({ code: 'MISSING_SEGMENT' }));
  });
});
