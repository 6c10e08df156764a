import { describe, expect, it } from 'vitest';
import type { PointLps } from '../../../../src/core/vec3';
import { geodesicTerritories } from '../../../../src/planning/liver/geodesicTerritories';
import { euclideanTerritories, nearestBranch, type TerritoryBranch } from '../../../../src/planning/liver/territories';
import { createMask } from '../../../../src/segmentation/labelmap';
import { expectBadArgument, expectJumeauError } from '../../../helpers/expectError';
import { sphereLiver } from './fixtures';

/** LIV-06 toy tree: every branch from (0,0,0) to its segment's end point. */
const ENDS: [number, string, PointLps][] = [
  [2, 'S2', [60, 10, 40]], [3, 'S3', [60, -30, -10]], [4, 'S4', [15, -40, 20]], [5, 'S5', [-40, -35, -30]],
  [8, 'S8', [-40, -20, 45]], [6, 'S6', [-90, 20, -40]], [7, 'S7', [-90, 40, 30]],
];
const TREE: TerritoryBranch[] = ENDS.map(([label, name, end]) => ({ label, name, pointsLps: [[0, 0, 0], end] }));

describe('LIV-06 nearest-branch Couinaud (toy tree)', () => {
  const cases: [PointLps, string, number][] = [
    [[50, 5, 30], 'S2', 4.121], [[45, -25, -5], 'S3', 3.458], [[10, -35, 10], 'S4', 6.971], [[-35, -30, -20], 'S5', 5.262],
    [[-35, -15, 40], 'S8', 2.554], [[-80, 15, -30], 'S6', 5.562], [[-80, 35, 25], 'S7', 1.611],
  ];
  for (const [p, name, d] of cases) {
    it(`${p.join(',')} → ${name} (${d} mm)`, () => {
      const r = nearestBranch(p, TREE);
      expect(r.name).toBe(name);
      expect(Math.abs(r.distanceMm - d)).toBeLessThan(1e-3);
      expect(r.ambiguous).toBe(false);
    });
  }
  it('(−20, 0, 0) → S6 (8.900 mm), second only 0.813 mm further → ambiguous', () => {
    const r = nearestBranch([-20, 0, 0], TREE);
    expect(r.name).toBe('S6');
    expect(Math.abs(r.distanceMm - 8.9)).toBeLessThan(1e-3);
    expect(Math.abs(r.secondDistanceMm! - r.distanceMm - 0.813)).toBeLessThan(1e-3);
    expect(r.ambiguous).toBe(true);
    expect(nearestBranch([-20, 0, 0], TREE, { ambiguityMm: 0.5 }).ambiguous).toBe(false);
  });
  it('voxel territories agree with nearestBranch; volumes add up; geodesic ≈ Euclidean in a convex liver', () => {
    const liver = sphereLiver(70, 3, 50, 24.5);
    const e = euclideanTerritories(liver, TREE);
    const g = geodesicTerritories(liver, TREE);
    const organ = liver.data.reduce((a, v) => a + v, 0);
    expect(e.territories.reduce((a, t) => a + t.voxels, 0)).toBe(organ);
    expect(g.territories.reduce((a, t) => a + t.voxels, 0)).toBe(organ);
    expect(g.unreachedVoxels).toBe(0);
    expect(e.territories.reduce((a, t) => a + t.volumeMl, 0)).toBeCloseTo((organ * 27) / 1000, 9);
    let agree = 0, checked = 0;
    for (let q = 0; q < liver.data.length; q += 7) {
      if (!liver.data[q]) continue;
      const p: PointLps = [-73.5 + 3 * (q % 50), -73.5 + 3 * (Math.floor(q / 50) % 50), -73.5 + 3 * Math.floor(q / 2500)];
      const r = nearestBranch(p, TREE);
      expect(e.labels[q]).toBe(r.label);
      expect(e.distanceMm[q]).toBeCloseTo(r.distanceMm, 4);
      expect(e.ambiguous[q]).toBe(r.ambiguous ? 1 : 0);
      checked++;
      if (g.labels[q] === e.labels[q]) agree++;
      // Grid paths are never shorter than straight lines.
      expect(g.distanceMm[q]).toBeGreaterThanOrEqual(e.distanceMm[q] - 1e-3);
      expect(g.distanceMm[q]).toBeLessThanOrEqual(1.09 * e.distanceMm[q] + 3 * Math.sqrt(3)); // ≤ 8.2 % (26-neighbour) + seed snapping
    }
    expect(agree / checked).toBeGreaterThan(0.9);
    expect(e.ambiguousVoxels).toBeGreaterThan(0);
    expect(e.ambiguousVolumeMl).toBeCloseTo((e.ambiguousVoxels * 27) / 1000, 9);
  });
});

describe('LIV-07 geodesic vs Euclidean (40 × 20 grid, wall at x = 20 for y ∈ [0, 15])', () => {
  // A thin 3-D grid: 40 × 20 × 1 voxels of 1 mm, voxel (i, j) at LPS (i, j, 0).
  const grid = createMask({ size: [40, 20, 1], spacing: [1, 1, 1], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] });
  grid.data.fill(1);
  for (let y = 0; y <= 15; y++) grid.data[20 + 40 * y] = 0;
  const seeds: TerritoryBranch[] = [
    { label: 1, name: 'A', pointsLps: [[10, 2, 0]] },
    { label: 2, name: 'B', pointsLps: [[38, 2, 0]] },
  ];
  const Q = 21 + 40 * 2;
  it('Euclidean picks A (11 vs 17 mm)', () => {
    const e = euclideanTerritories(grid, seeds);
    expect(e.labels[Q]).toBe(1);
    expect(e.distanceMm[Q]).toBeCloseTo(11, 6);
    expect(e.secondDistanceMm[Q]).toBeCloseTo(17, 6);
  });
  it('geodesic picks B: 17 mm vs 32.56 mm around the wall (8-neighbour grid value)', () => {
    const g = geodesicTerritories(grid, seeds);
    expect(g.labels[Q]).toBe(2);
    expect(g.distanceMm[Q]).toBeCloseTo(17, 4);
    expect(Math.abs(g.secondDistanceMm[Q] - (10 * Math.SQRT2 + 4 + Math.SQRT2 + 13))).toBeLessThan(1e-3);
    expect(g.secondDistanceMm[Q]).toBeCloseTo(32.56, 2);
    expect(g.secondDistanceMm[Q]).toBeGreaterThan(31.24); // never shorter than the true path
    expect(g.ambiguous[Q]).toBe(0);
    // The lower right of the wall is B's (Euclidean gives A the strip next to the wall).
    const e = euclideanTerritories(grid, seeds);
    for (let y = 0; y <= 5; y++) {
      for (let x = 21; x < 40; x++) expect(g.labels[x + 40 * y]).toBe(2);
      expect(e.labels[21 + 40 * y]).toBe(1);
    }
  });
});

describe('territory inputs', () => {
  const liver = sphereLiver(20, 2, 24, 11.5);
  it('no branch, or a branch without points → MISSING_SEGMENT', () => {
    expectJumeauError(() => euclideanTerritories(liver, []), 'MISSING_SEGMENT', { subject: 'branches' });
    expectJumeauError(() => geodesicTerritories(liver, [{ label: 1, name: 'S1', pointsLps: [] }]), 'MISSING_SEGMENT', { subject: 'branches[0].pointsLps' });
    expectJumeauError(() => nearestBranch([0, 0, 0], []), 'MISSING_SEGMENT');
  });
  it('centerlines entirely outside the mask → MISSING_SEGMENT (geodesic)', () => {
    expectJumeauError(() => geodesicTerritories(liver, [{ label: 1, name: 'far', pointsLps: [[100, 0, 0], [120, 0, 0]] }]), 'MISSING_SEGMENT', { subject: 'branches' });
  });
  it('bad labels and points → BAD_ARGUMENT', () => {
    expectBadArgument(() => euclideanTerritories(liver, [{ label: 0, name: 'x', pointsLps: [[0, 0, 0]] }]), 'branches[0].label');
    expectBadArgument(() => euclideanTerritories(liver, [{ label: 1, name: 'x', pointsLps: [[0, Number.NaN, 0]] }]), 'branches[0].pointsLps[0]');
    expectBadArgument(() => nearestBranch([0, 0, 0], TREE, { ambiguityMm: -1 }), 'ambiguityMm');
  });
  it('branches may share a label (one territory); an empty organ → EMPTY_SEGMENT', () => {
    const two: TerritoryBranch[] = [
      { label: 4, name: 'S4a', pointsLps: [[-10, 0, 0], [-5, 0, 0]] },
      { label: 4, name: 'S4b', pointsLps: [[10, 0, 0], [5, 0, 0]] },
    ];
    const g = geodesicTerritories(liver, two);
    expect(g.territories).toHaveLength(1);
    expect(g.territories[0]).toMatchObject({ label: 4, name: 'S4a' });
    expect(nearestBranch([0, 0, 0], two).secondLabel).toBeNull();
    const empty = createMask({ size: [4, 4, 4], spacing: [1, 1, 1], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] });
    expectJumeauError(() => euclideanTerritories(empty, TREE), 'EMPTY_SEGMENT');
  });
});
