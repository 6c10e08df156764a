import { describe, expect, it } from 'vitest';
import { bezierFromPlane, bezierPointLps, tessellateBezier, withControlPoint, type BezierSurface } from '../../../../src/planning/liver/bezier';
import { splitLiverByBezier } from '../../../../src/planning/liver/bezierSplit';
import { tumourMargins } from '../../../../src/planning/liver/margins';
import { splitLiverByPlane, type PlaneLps } from '../../../../src/planning/liver/planeSplit';
import { prepareTumours, vertexTumourDistances } from '../../../../src/planning/liver/tumourField';
import { expectJumeauError } from '../../../helpers/expectError';
import { cubeGrid, paintSphere, sphereLiver } from './fixtures';

describe('LIV-04 margin: sphere tumour r 15, 60 mm out along the normal', () => {
  // 1 mm grid, LPS 0 at voxel 84.5 (half-integer voxel centres, as LIV-03).
  const liver = sphereLiver(80, 1, 170, 84.5);
  const tumour = paintSphere(cubeGrid(170, 1, 84.5), [60, 0, 0], 15);
  const [prepared] = prepareTumours(liver, [{ name: 'T1', mask: tumour }]);
  const run = (plane: PlaneLps, safetyMarginMm?: number) =>
    tumourMargins({ organ: liver, split: splitLiverByPlane(liver, plane), tumours: [prepared], surface: { kind: 'plane', plane }, safetyMarginMm });

  it('plane at 30 mm → 15 mm, resected side, passes 10 mm', () => {
    const r = run({ pointLps: [30, 0, 0], normalLps: [1, 0, 0] });
    const m = r.tumours[0];
    expect(m.side).toBe('resected');
    expect(Math.abs(m.marginMm! - 15)).toBeLessThan(0.05); // voxel tolerance is 1 mm; here exact to the sampling
    expect(m.centreDistanceMm!).toBeCloseTo(15.5, 1); // outermost voxel centre at x = 45.5
    expect(m.passes).toBe(true);
    expect(r.allPass).toBe(true);
    expect(m.closestSurfacePointLps![0]).toBeCloseTo(30, 9);
  });
  it('plane at 40 mm → 5 mm, fails', () => {
    const m = run({ pointLps: [40, 0, 0], normalLps: [1, 0, 0] }).tumours[0];
    expect(Math.abs(m.marginMm! - 5)).toBeLessThan(0.05);
    expect(m.passes).toBe(false);
    expect(m.reason).toMatch(/< safety margin 10 mm/);
  });
  it('the safety margin is configurable', () => {
    expect(run({ pointLps: [30, 0, 0], normalLps: [1, 0, 0] }, 16).tumours[0].passes).toBe(false);
    expect(run({ pointLps: [40, 0, 0], normalLps: [1, 0, 0] }, 4).tumours[0].passes).toBe(true);
  });
  it('an oblique plane 15 mm from the tumour, within a voxel', () => {
    const n: [number, number, number] = [2, -1, 2]; // |n| = 3
    const c = [60, 0, 0];
    const foot: [number, number, number] = [c[0] - (30 * 2) / 3, c[1] + 30 / 3, c[2] - (30 * 2) / 3]; // 30 mm from the centre toward −n
    const m = run({ pointLps: foot, normalLps: n }).tumours[0];
    expect(m.side).toBe('resected');
    expect(Math.abs(m.marginMm! - 15)).toBeLessThan(1);
  });
  it('a plane through the tumour → transected, margin 0; tumour left in the remnant fails', () => {
    const t = run({ pointLps: [60, 0, 0], normalLps: [1, 0, 0] }).tumours[0];
    expect(t).toMatchObject({ side: 'transected', marginMm: 0, passes: false });
    const rem = run({ pointLps: [30, 0, 0], normalLps: [-1, 0, 0] }).tumours[0];
    expect(rem.side).toBe('remnant');
    expect(rem.passes).toBe(false);
    expect(rem.reason).toMatch(/remnant/);
    expect(Math.abs(rem.marginMm! - 15)).toBeLessThan(0.05);
  });
});

describe('Bézier margins and per-vertex distances (2 mm grid)', () => {
  const liver = sphereLiver(80, 2, 84, 41.5);
  const tumour = paintSphere(cubeGrid(84, 2, 41.5), [45, 10, -5], 12);
  const prepared = prepareTumours(liver, [{ name: 'T', mask: tumour }]);
  let s: BezierSurface = bezierFromPlane({ centreLps: [20, 0, 0], normalLps: [1, 0, 0], sizeMm: 220 });
  s = withControlPoint(s, 1, 2, [s.controlPointsLps[6][0] + 18, s.controlPointsLps[6][1], s.controlPointsLps[6][2]]);
  s = withControlPoint(s, 2, 2, [s.controlPointsLps[10][0] + 12, s.controlPointsLps[10][1], s.controlPointsLps[10][2]]);

  it('match brute-force minima over the tumour voxel cubes and centres on a dense surface sampling', () => {
    const split = splitLiverByBezier(liver, s);
    const mesh = tessellateBezier(s, { segmentsU: 48, segmentsV: 48 });
    const r = tumourMargins({ organ: liver, split, tumours: prepared, surface: { kind: 'bezier', surface: s }, displayPositionsLps: mesh.positionsLps });
    const m = r.tumours[0];
    expect(m.side).toBe('resected');
    // Brute force: boundary voxels of the tumour vs dense surface samples (coarse 100², then 201² in ±0.02 of u, v).
    const [ni, nj] = tumour.size;
    const cubes: number[][] = [];
    for (let q = 0; q < tumour.data.length; q++) {
      if (!tumour.data[q]) continue;
      if ([1, -1, ni, -ni, ni * nj, -ni * nj].every((o) => tumour.data[q + o])) continue; // interior
      cubes.push([-83 + 2 * (q % ni), -83 + 2 * (Math.floor(q / ni) % nj), -83 + 2 * Math.floor(q / ni / nj)]);
    }
    const measure = (u: number, v: number): [number, number] => {
      const p = bezierPointLps(s, u, v);
      let centre = Infinity, cube = Infinity;
      for (const c of cubes) {
        const dx = Math.abs(p[0] - c[0]), dy = Math.abs(p[1] - c[1]), dz = Math.abs(p[2] - c[2]);
        centre = Math.min(centre, Math.hypot(dx, dy, dz));
        cube = Math.min(cube, Math.hypot(Math.max(0, dx - 1), Math.max(0, dy - 1), Math.max(0, dz - 1)));
      }
      return [centre, cube];
    };
    let best = [Infinity, Infinity], bu = 0, bv = 0;
    for (let a = 0; a <= 100; a++) for (let b = 0; b <= 100; b++) { const d = measure(a / 100, b / 100); if (d[1] < best[1]) { best = d; bu = a / 100; bv = b / 100; } }
    let centreBrute = Infinity, cubeBrute = Infinity;
    for (let a = -100; a <= 100; a++) {
      for (let b = -100; b <= 100; b++) {
        const [c, k] = measure(Math.min(1, Math.max(0, bu + a / 5000)), Math.min(1, Math.max(0, bv + b / 5000)));
        centreBrute = Math.min(centreBrute, c);
        cubeBrute = Math.min(cubeBrute, k);
      }
    }
    expect(Math.abs(m.marginMm! - cubeBrute)).toBeLessThan(0.2); // cube-union distance (gradient approximation)
    expect(m.centreDistanceMm!).toBeGreaterThan(centreBrute - 0.05);
    expect(m.centreDistanceMm! - centreBrute).toBeLessThan(0.3);
    expect(m.marginMm!).toBeLessThan(m.centreDistanceMm!);
    // Beyond the distance field (pad 4 mm < margin): exact brute force over the boundary voxels.
    const far = tumourMargins({ organ: liver, split, tumours: prepareTumours(liver, [{ name: 'T', mask: tumour }], { fieldPadMm: 4 }), surface: { kind: 'bezier', surface: s } }).tumours[0];
    expect(Math.abs(far.marginMm! - cubeBrute)).toBeLessThan(0.02);
    expect(Math.abs(far.centreDistanceMm! - centreBrute)).toBeLessThan(0.3);
    // Per-vertex colouring: red exactly where the distance is under the margin; the nearest vertex ≈ the margin.
    const vd = r.vertexDistanceMm!;
    let minV = Infinity, red = 0;
    for (let v = 0; v < vd.length; v++) {
      minV = Math.min(minV, vd[v]);
      if (vd[v] < 10) red++;
      expect(r.vertexUnderMargin![v]).toBe(vd[v] < 10 ? 1 : 0);
    }
    expect(minV).toBeGreaterThanOrEqual(m.marginMm! - 1e-6);
    expect(minV - m.marginMm!).toBeLessThan(1); // 48 × 48 mesh, ≈ 4.6 mm vertex spacing
    expect(red > 0).toBe(m.marginMm! < 10);
    expect(vertexTumourDistances(prepared, mesh.positionsLps)).toEqual(vd);
  });
});

describe('margin inputs', () => {
  const liver = sphereLiver(40, 2, 44, 21.5);
  const split = splitLiverByPlane(liver, { pointLps: [0, 0, 0], normalLps: [1, 0, 0] });
  const surface = { kind: 'plane' as const, plane: { pointLps: [0, 0, 0] as [number, number, number], normalLps: [1, 0, 0] as [number, number, number] } };
  it('no tumour → metrics null with a reason', () => {
    const r = tumourMargins({ organ: liver, split, tumours: [], surface });
    expect(r.allPass).toBeNull();
    expect(r.reason).toMatch(/no tumour/);
    expect(r.vertexDistanceMm).toBeNull();
  });
  it('an empty tumour mask → margin null with a reason', () => {
    const r = tumourMargins({ organ: liver, split, tumours: prepareTumours(liver, [{ name: 'empty', mask: cubeGrid(44, 2, 21.5) }]), surface });
    expect(r.tumours[0]).toMatchObject({ marginMm: null, passes: null, reason: 'tumour mask is empty' });
    expect(r.allPass).toBeNull();
  });
  it('a tumour outside the liver → OUTSIDE_ORGAN; another grid → GEOMETRY_MISMATCH', () => {
    const out = paintSphere(cubeGrid(44, 2, 21.5), [0, 0, -39], 1.5); // touches nothing: the liver ends at |z| < 40
    const far = paintSphere(cubeGrid(44, 2, 21.5), [35, 35, 35], 5);
    expectJumeauError(() => prepareTumours(liver, [{ name: 'ok', mask: paintSphere(cubeGrid(44, 2, 21.5), [0, 0, 0], 5) }, { name: 'far', mask: far }]), 'OUTSIDE_ORGAN', { subject: 'tumours[1]' });
    void out;
    expectJumeauError(() => prepareTumours(liver, [{ name: 'x', mask: cubeGrid(10, 2, 5) }]), 'GEOMETRY_MISMATCH', { subject: 'tumours[0].mask' });
  });
  it('a tumour in a hole of a parenchyma-only mask is inside; its side comes from its neighbours', () => {
    const t = paintSphere(cubeGrid(44, 2, 21.5), [20, 0, 0], 8);
    const parenchyma = sphereLiver(40, 2, 44, 21.5);
    for (let q = 0; q < t.data.length; q++) if (t.data[q]) parenchyma.data[q] = 0;
    const sp = splitLiverByPlane(parenchyma, surface.plane);
    const r = tumourMargins({ organ: parenchyma, split: sp, tumours: prepareTumours(parenchyma, [{ name: 'T', mask: t }]), surface });
    expect(r.tumours[0].side).toBe('resected');
    expect(Math.abs(r.tumours[0].marginMm! - 12)).toBeLessThan(2);
  });
});
