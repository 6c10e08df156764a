import { describe, expect, it } from 'vitest';
import type { PointLps } from '../../../../src/core/vec3';
import {
  bernstein3, bezierFrame, bezierFromPlane, bezierPointLps, bezierReferencePlane, tessellateBezier, withControlPoint, type BezierSurface,
} from '../../../../src/planning/liver/bezier';
import { expectBadArgument } from '../../../helpers/expectError';

/** Planar 4×4 grid on z = 0, P_ij = (30 i, 30 j, 0). */
function flatGrid(): BezierSurface {
  const cps: PointLps[] = [];
  for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) cps.push([30 * i, 30 * j, 0]);
  return { controlPointsLps: cps };
}

describe('LIV-05 bicubic Bézier', () => {
  it('raising P11 by 10 mm → S(0.5, 0.5).z = 10·(3/8)² = 1.40625 mm', () => {
    const s = withControlPoint(flatGrid(), 1, 1, [30, 30, 10]);
    expect(bezierPointLps(s, 0.5, 0.5)[2]).toBeCloseTo(1.40625, 12);
  });
  it('raising P00 instead → 0.15625 mm', () => {
    const s = withControlPoint(flatGrid(), 0, 0, [0, 0, 10]);
    expect(bezierPointLps(s, 0.5, 0.5)[2]).toBeCloseTo(0.15625, 12);
  });
  it('corners interpolate P00, P03, P30, P33 exactly', () => {
    const s = flatGrid();
    s.controlPointsLps = s.controlPointsLps.map((p, n) => [p[0] + 0.37 * n, p[1] - 0.11 * n * n, Math.sin(n)] as PointLps);
    expect(bezierPointLps(s, 0, 0)).toEqual(s.controlPointsLps[0]);
    expect(bezierPointLps(s, 0, 1)).toEqual(s.controlPointsLps[3]);
    expect(bezierPointLps(s, 1, 0)).toEqual(s.controlPointsLps[12]);
    expect(bezierPointLps(s, 1, 1)).toEqual(s.controlPointsLps[15]);
  });
  it('Bernstein basis sums to 1', () => {
    for (const t of [0, 0.1, 0.5, 0.77, 1]) expect(bernstein3(t).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 14);
  });
});

describe('derivatives and normals', () => {
  const s = withControlPoint(withControlPoint(flatGrid(), 1, 2, [31, 62, 14]), 2, 1, [58, 29, -9]);
  it('partials match central differences', () => {
    for (const [u, v] of [[0.3, 0.6], [0.5, 0.5], [0.9, 0.1]]) {
      const f = bezierFrame(s, u, v);
      const e = 1e-6;
      const pu = bezierPointLps(s, u + e, v), mu = bezierPointLps(s, u - e, v);
      const pv = bezierPointLps(s, u, v + e), mv = bezierPointLps(s, u, v - e);
      for (let a = 0; a < 3; a++) {
        expect(f.dULps[a]).toBeCloseTo((pu[a] - mu[a]) / (2 * e), 5);
        expect(f.dVLps[a]).toBeCloseTo((pv[a] - mv[a]) / (2 * e), 5);
      }
      expect(Math.hypot(...f.normalLps!)).toBeCloseTo(1, 12);
    }
  });
  it('flat grid normal is +z (u along x, v along y)', () => {
    expect(bezierFrame(flatGrid(), 0.4, 0.7).normalLps!.map((x) => x + 0)).toEqual([0, 0, 1]);
  });
});

describe('bezierFromPlane', () => {
  it('lies in the plane, has the plane normal and spans sizeMm', () => {
    const n: [number, number, number] = [1, 2, -2];
    const c: PointLps = [10, -20, 30];
    const s = bezierFromPlane({ centreLps: c, normalLps: n, sizeMm: 90 });
    const unit = n.map((x) => x / 3);
    for (const [u, v] of [[0, 0], [0.2, 0.9], [1, 1], [0.5, 0.5]]) {
      const p = bezierPointLps(s, u, v);
      expect((p[0] - c[0]) * unit[0] + (p[1] - c[1]) * unit[1] + (p[2] - c[2]) * unit[2]).toBeCloseTo(0, 10);
      const f = bezierFrame(s, u, v);
      for (let a = 0; a < 3; a++) expect(f.normalLps![a]).toBeCloseTo(unit[a], 12);
    }
    expect(bezierPointLps(s, 0.5, 0.5).map((x, a) => x - c[a]).every((x) => Math.abs(x) < 1e-9)).toBe(true);
    const p00 = bezierPointLps(s, 0, 0), p11 = bezierPointLps(s, 1, 1);
    expect(Math.hypot(p11[0] - p00[0], p11[1] - p00[1], p11[2] - p00[2])).toBeCloseTo(90 * Math.SQRT2, 9);
    // Linear precision: uniform control points give a uniform parametrisation.
    const q = bezierPointLps(s, 0.25, 0);
    expect(Math.hypot(q[0] - p00[0], q[1] - p00[1], q[2] - p00[2])).toBeCloseTo(22.5, 9);
    const ref = bezierReferencePlane(s);
    for (let a = 0; a < 3; a++) expect(ref.normalLps![a]).toBeCloseTo(unit[a], 12);
  });
  it('rejects a zero normal, a bad size and a u axis along the normal', () => {
    expectBadArgument(() => bezierFromPlane({ centreLps: [0, 0, 0], normalLps: [0, 0, 0], sizeMm: 10 }), 'normalLps');
    expectBadArgument(() => bezierFromPlane({ centreLps: [0, 0, 0], normalLps: [0, 0, 1], sizeMm: 0 }), 'sizeMm');
    expectBadArgument(() => bezierFromPlane({ centreLps: [0, 0, 0], normalLps: [0, 0, 1], sizeMm: 10, uAxisLps: [0, 0, 5] }), 'uAxisLps');
    expectBadArgument(() => bezierPointLps(flatGrid(), 1.5, 0), 'u');
    expectBadArgument(() => withControlPoint(flatGrid(), 4, 0, [0, 0, 0]), 'i');
    expectBadArgument(() => tessellateBezier({ controlPointsLps: flatGrid().controlPointsLps.slice(0, 15) }), 'surface.controlPointsLps');
  });
});

describe('tessellation', () => {
  it('vertices on the surface, triangles wound about the normal', () => {
    const s = withControlPoint(flatGrid(), 1, 1, [30, 30, 25]);
    const mesh = tessellateBezier(s, { segmentsU: 6, segmentsV: 4 });
    expect(mesh.positionsLps.length).toBe(3 * 7 * 5);
    expect(mesh.indices.length).toBe(3 * 2 * 6 * 4);
    const p = bezierPointLps(s, 2 / 6, 3 / 4);
    const o = 3 * (2 * 5 + 3);
    for (let a = 0; a < 3; a++) expect(mesh.positionsLps[o + a]).toBeCloseTo(p[a], 4);
    for (let t = 0; t < mesh.indices.length; t += 3) {
      const [a, b, c] = [mesh.indices[t], mesh.indices[t + 1], mesh.indices[t + 2]].map((v) => [0, 1, 2].map((e) => mesh.positionsLps[3 * v + e]));
      const u = [b[0] - a[0], b[1] - a[1], b[2] - a[2]], w = [c[0] - a[0], c[1] - a[1], c[2] - a[2]];
      const n = [u[1] * w[2] - u[2] * w[1], u[2] * w[0] - u[0] * w[2], u[0] * w[1] - u[1] * w[0]];
      const vn = [0, 1, 2].map((e) => mesh.normalsLps[3 * mesh.indices[t] + e]);
      expect(n[0] * vn[0] + n[1] * vn[1] + n[2] * vn[2]).toBeGreaterThan(0);
    }
  });
});
