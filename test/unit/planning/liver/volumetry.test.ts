import { describe, expect, it } from 'vitest';
import { bernstein3, bezierFromPlane, withControlPoint, type BezierSurface } from '../../../../src/planning/liver/bezier';
import { splitLiverByBezier } from '../../../../src/planning/liver/bezierSplit';
import { splitLiverByPlane, type PlaneLps } from '../../../../src/planning/liver/planeSplit';
import { LIVER_PART, partitionVolumes } from '../../../../src/planning/liver/volumetry';
import { createMask } from '../../../../src/segmentation/labelmap';
import { expectBadArgument, expectJumeauError } from '../../../helpers/expectError';
import { capMm3, cubeGrid, paintSphere, sphereLiver } from './fixtures';

const R = 80;
const TOTAL_ML = (4 / 3) * Math.PI * R ** 3 / 1000; // 2144.66
const CAP_ML = capMm3(R, 50) / 1000; // 497.42
const rel = (a: number, b: number): number => Math.abs(a - b) / b;

/** n·(x − p) at every voxel centre of an identity-direction grid. */
function signedAt(mask: ReturnType<typeof cubeGrid>, plane: PlaneLps, q: number): number {
  const [ni, nj] = mask.size;
  const i = q % ni, j = Math.floor(q / ni) % nj, k = Math.floor(q / (ni * nj));
  const n = plane.normalLps, len = Math.hypot(...n);
  const x = mask.origin[0] + i * mask.spacing[0] - plane.pointLps[0];
  const y = mask.origin[1] + j * mask.spacing[1] - plane.pointLps[1];
  const z = mask.origin[2] + k * mask.spacing[2] - plane.pointLps[2];
  return (n[0] * x + n[1] * y + n[2] * z) / len;
}

describe('LIV-03 plane volumetry (sphere R 80 cut at 30 mm)', () => {
  it('2 mm voxels: total, cap and remnant within 0.5 % of analytic', () => {
    const liver = sphereLiver(R, 2, 84, 41.5);
    const s = splitLiverByPlane(liver, { pointLps: [30, 0, 0], normalLps: [1, 0, 0] });
    expect(rel(s.totalVolumeMl, TOTAL_ML)).toBeLessThan(0.005);
    expect(rel(s.resectedVolumeMl, CAP_ML)).toBeLessThan(0.005);
    expect(rel(s.remnantVolumeMl, 1647.24)).toBeLessThan(0.005);
    expect(s.remnantVolumeMl / s.totalVolumeMl).toBeCloseTo(0.7681, 3);
    // The negative side resected instead: the roles swap.
    const t = splitLiverByPlane(liver, { pointLps: [30, 0, 0], normalLps: [1, 0, 0] }, { resectedSide: 'negative' });
    expect(t.remnantVoxels).toBe(s.resectedVoxels);
  });
  it('1 mm voxels (centre at voxel 84.5): 2144.4 / 497.3 mL as the brief, within 0.5 %', () => {
    const liver = sphereLiver(R, 1, 170, 84.5);
    const s = splitLiverByPlane(liver, { pointLps: [30, 0, 0], normalLps: [1, 0, 0] });
    expect(s.totalVolumeMl).toBeCloseTo(2144.4, 0);
    expect(s.resectedVolumeMl).toBeCloseTo(497.3, 0);
    expect(rel(s.totalVolumeMl, TOTAL_ML)).toBeLessThan(0.005);
    expect(rel(s.resectedVolumeMl, CAP_ML)).toBeLessThan(0.005);
    // The same plane as a flat Bézier patch gives the same partition (1 mm, one run).
    const b = splitLiverByBezier(liver, bezierFromPlane({ centreLps: [30, 0, 0], normalLps: [1, 0, 0], sizeMm: 200 }));
    expect(b.cutComplete).toBe(true);
    expect(b.resectedVoxels).toBe(s.resectedVoxels);
  });
  it('anisotropic 1.5 × 1.5 × 2 mm grid, oblique plane: cap within 0.5 %', () => {
    const g = createMask({ size: [112, 112, 84], spacing: [1.5, 1.5, 2], origin: [-83.25, -83.25, -83], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] });
    paintSphere(g, [0, 0, 0], R);
    const n: [number, number, number] = [1, -2, 2];
    const s = splitLiverByPlane(g, { pointLps: [10, -20, 20], normalLps: n }); // 30 mm from the centre
    expect(rel(s.totalVolumeMl, TOTAL_ML)).toBeLessThan(0.005);
    expect(rel(s.resectedVolumeMl, CAP_ML)).toBeLessThan(0.005);
  });
});

describe('Bézier split', () => {
  const liver = sphereLiver(R, 2, 84, 41.5);
  it('a flat patch equals the plane split, also for oblique planes (6-tight barrier: no diagonal leak)', () => {
    for (const n of [[1, 0, 0], [1, 1, 1], [1, 2, 3], [-0.3, 0.9, 0.2]] as [number, number, number][]) {
      const plane: PlaneLps = { pointLps: [30 / Math.sqrt(3), 5, -7], normalLps: n };
      const p = splitLiverByPlane(liver, plane);
      const b = splitLiverByBezier(liver, bezierFromPlane({ centreLps: plane.pointLps, normalLps: n, sizeMm: 400 }));
      expect(b.cutComplete).toBe(true);
      expect(b.barrierVoxels).toBeGreaterThan(0);
      let differ = 0;
      for (let q = 0; q < p.partition.length; q++) if (p.partition[q] !== b.partition[q] && Math.abs(signedAt(liver, plane, q)) > 1e-6) differ++;
      expect(differ).toBe(0);
    }
  });
  it('a curved patch matches a brute-force side test against the analytic height field', () => {
    // Plane z = 20 (u → +x, v → +y), inner control points raised 25 mm: z = 20 + 25·Σ_{i,j∈{1,2}} Bᵢ(u)Bⱼ(v).
    let s: BezierSurface = bezierFromPlane({ centreLps: [0, 0, 20], normalLps: [0, 0, 1], sizeMm: 240 });
    for (const [i, j] of [[1, 1], [1, 2], [2, 1], [2, 2]]) {
      const p = s.controlPointsLps[4 * i + j];
      s = withControlPoint(s, i, j, [p[0], p[1], p[2] + 25]);
    }
    const height = (x: number, y: number): number => {
      const bu = bernstein3((x + 120) / 240), bv = bernstein3((y + 120) / 240);
      return 20 + 25 * (bu[1] + bu[2]) * (bv[1] + bv[2]);
    };
    const b = splitLiverByBezier(liver, s);
    expect(b.cutComplete).toBe(true);
    const [ni, nj] = liver.size;
    let bruteResected = 0, farMismatch = 0;
    for (let q = 0; q < liver.data.length; q++) {
      if (!liver.data[q]) continue;
      const x = -83 + 2 * (q % ni), y = -83 + 2 * (Math.floor(q / ni) % nj), z = -83 + 2 * Math.floor(q / (ni * nj));
      const d = z - height(x, y);
      if (d >= 0) bruteResected++;
      if (Math.abs(d) > 0.1 && (b.partition[q] === LIVER_PART.resected) !== d >= 0) farMismatch++;
    }
    expect(farMismatch).toBe(0);
    expect(Math.abs(b.resectedVoxels - bruteResected) / bruteResected).toBeLessThan(0.002);
  });
  it('a patch that ends inside the organ: seed competition, cutComplete false, volumes add up', () => {
    const s = bezierFromPlane({ centreLps: [0, 0, 0], normalLps: [0, 0, 1], sizeMm: 100 }); // disc of R 80 not covered
    const b = splitLiverByBezier(liver, s);
    expect(b.cutComplete).toBe(false);
    expect(b.seedsLps).not.toBeNull();
    expect(b.seedsLps!.positive[2]).toBeGreaterThan(60);
    expect(b.seedsLps!.negative[2]).toBeLessThan(-60);
    expect(b.resectedVoxels + b.remnantVoxels).toBe(liver.data.reduce((a, v) => a + v, 0));
    // Symmetric geometry → about half each.
    expect(b.resectedVolumeMl / b.totalVolumeMl).toBeGreaterThan(0.45);
    expect(b.resectedVolumeMl / b.totalVolumeMl).toBeLessThan(0.55);
  });
  it('given seeds decide the sides; seeds off the organ or on the surface are refused', () => {
    const s = bezierFromPlane({ centreLps: [30, 0, 0], normalLps: [1, 0, 0], sizeMm: 200 });
    const b = splitLiverByBezier(liver, s, { seedsLps: { positive: [-50, 0, 0], negative: [60, 0, 0] } });
    expect(b.resectedVolumeMl).toBeGreaterThan(1600); // the user's seeds put the large part on the positive side
    expectJumeauError(() => splitLiverByBezier(liver, s, { seedsLps: { positive: [0, 0, 79.9], negative: [200, 0, 0] } }), 'OUTSIDE_ORGAN', { subject: 'seedsLps.negative' });
    expectBadArgument(() => splitLiverByBezier(liver, s, { seedsLps: { positive: [31, 1, 1], negative: [0, 0, 0] } }), 'seedsLps.positive');
  });
  it('surfaces that miss the organ → SURFACE_MISSES_ORGAN', () => {
    expectJumeauError(() => splitLiverByPlane(liver, { pointLps: [90, 0, 0], normalLps: [1, 0, 0] }), 'SURFACE_MISSES_ORGAN');
    expectJumeauError(() => splitLiverByBezier(liver, bezierFromPlane({ centreLps: [90, 0, 0], normalLps: [1, 0, 0], sizeMm: 300 })), 'SURFACE_MISSES_ORGAN');
    // A patch beyond the grid does not touch the organ.
    expectJumeauError(() => splitLiverByBezier(liver, bezierFromPlane({ centreLps: [0, 0, 200], normalLps: [0, 0, 1], sizeMm: 50 })), 'SURFACE_MISSES_ORGAN');
    expectJumeauError(() => splitLiverByPlane(cubeGrid(4, 1, 1.5), { pointLps: [0, 0, 0], normalLps: [1, 0, 0] }), 'EMPTY_SEGMENT');
    expectBadArgument(() => splitLiverByPlane(liver, { pointLps: [0, 0, 0], normalLps: [0, 0, 0] }), 'plane.normalLps');
  });
});

describe('partitionVolumes', () => {
  it('functional volumes exclude tumours; measured FLR ratio', () => {
    const liver = sphereLiver(R, 2, 84, 41.5);
    const tumour = paintSphere(cubeGrid(84, 2, 41.5), [60, 0, 0], 15);
    const outside = paintSphere(cubeGrid(84, 2, 41.5), [0, 0, 0], 10); // inside the organ, remnant side
    const s = splitLiverByPlane(liver, { pointLps: [30, 0, 0], normalLps: [1, 0, 0] });
    const v = partitionVolumes(s, liver, [tumour, outside]);
    const tCount = tumour.data.reduce((a, x) => a + x, 0), oCount = outside.data.reduce((a, x) => a + x, 0);
    expect(v.tumourResectedMl).toBeCloseTo((tCount * 8) / 1000, 9);
    expect(v.tumourRemnantMl).toBeCloseTo((oCount * 8) / 1000, 9);
    expect(v.remnantFunctionalMl).toBeCloseTo(s.remnantVolumeMl - (oCount * 8) / 1000, 9);
    expect(v.functionalTotalMl).toBeCloseTo(s.totalVolumeMl - ((tCount + oCount) * 8) / 1000, 9);
    expect(v.measuredFlrRatio).toBeCloseTo(v.remnantFunctionalMl / v.functionalTotalMl, 12);
    expect(v.totalMl).toBeCloseTo(s.totalVolumeMl, 9);
    expectJumeauError(() => partitionVolumes(s, liver, [cubeGrid(10, 2, 5)]), 'GEOMETRY_MISMATCH');
  });
});
