/**
 * Bicubic Bézier resection surface (brief §6.2, Slicer-Liver / NorMIT-Plan): a 4×4 grid of control
 * points P_ij (LPS mm), S(u, v) = Σᵢ Σⱼ Bᵢ(u) Bⱼ(v) P_ij with Bᵢ(t) = C(3,i) tⁱ (1 − t)^(3−i),
 * u, v ∈ [0, 1]. Control point P_ij is `controlPointsLps[4·i + j]` (i along u, j along v).
 *
 * The surface normal is ∂S/∂u × ∂S/∂v; its side is the **positive** side of the cut (where a plane's
 * normal points). {@link bezierFromPlane} orders the grid so that this normal equals the plane's.
 */
import { JumeauError } from '../../core/errors';
import type { PointLps, Vec3 } from '../../core/vec3';
import { cross, dot, norm, normalize } from '../../core/vec3';
import { checkFinite, checkVec3 } from '../validate';

/** A bicubic Bézier patch: 16 control points, `controlPointsLps[4·i + j]` = P_ij (LPS mm). */
export interface BezierSurface {
  /** P_00, P_01, …, P_33 (i along u, j along v), LPS mm. */
  controlPointsLps: PointLps[];
}

/** A triangle mesh in LPS mm (Float32 for GPU upload). */
export interface SurfaceMesh {
  /** x, y, z per vertex, LPS mm. */
  positionsLps: Float32Array;
  /** Unit normal per vertex (the surface's ∂S/∂u × ∂S/∂v direction), LPS. */
  normalsLps: Float32Array;
  /** Three vertex indices per triangle, wound counter-clockwise about the normal. */
  indices: Uint32Array;
}

/** Cubic Bernstein basis B₀…B₃ at t. */
export function bernstein3(t: number): [number, number, number, number] {
  const s = 1 - t;
  return [s * s * s, 3 * t * s * s, 3 * t * t * s, t * t * t];
}

/** Derivatives dBᵢ/dt of the cubic Bernstein basis at t. */
export function bernstein3Derivative(t: number): [number, number, number, number] {
  const s = 1 - t;
  return [-3 * s * s, 3 * s * s - 6 * t * s, 6 * t * s - 3 * t * t, 3 * t * t];
}

/** Throws BAD_ARGUMENT unless `surface` has 16 finite control points. */
export function checkBezierSurface(surface: BezierSurface, subject = 'surface'): BezierSurface {
  const cps = surface?.controlPointsLps;
  if (!Array.isArray(cps) || cps.length !== 16) {
    throw new JumeauError('BAD_ARGUMENT', `must hold 16 control points (4×4), got ${Array.isArray(cps) ? cps.length : 'none'}`, { subject: `${subject}.controlPointsLps` });
  }
  cps.forEach((p, n) => checkVec3(p, `${subject}.controlPointsLps[${n}]`));
  return surface;
}

function combine(cps: PointLps[], bu: readonly number[], bv: readonly number[]): Vec3 {
  let x = 0, y = 0, z = 0;
  for (let i = 0; i < 4; i++) {
    for (let j = 0; j < 4; j++) {
      const w = bu[i] * bv[j];
      const p = cps[4 * i + j];
      x += w * p[0];
      y += w * p[1];
      z += w * p[2];
    }
  }
  return [x, y, z];
}

function checkUv(u: number, v: number): void {
  checkFinite(u, 'u');
  checkFinite(v, 'v');
  if (u < 0 || u > 1) throw new JumeauError('BAD_ARGUMENT', `must be within [0, 1], got ${u}`, { subject: 'u' });
  if (v < 0 || v > 1) throw new JumeauError('BAD_ARGUMENT', `must be within [0, 1], got ${v}`, { subject: 'v' });
}

/** S(u, v), LPS mm. Corners interpolate P_00, P_03, P_30, P_33 exactly (LIV-05). */
export function bezierPointLps(surface: BezierSurface, u: number, v: number): PointLps {
  checkUv(u, v);
  return combine(surface.controlPointsLps, bernstein3(u), bernstein3(v));
}

/** Point, partial derivatives (mm per unit parameter) and unit normal (null where degenerate) at (u, v). */
export interface BezierFrame {
  pointLps: PointLps;
  /** ∂S/∂u, LPS mm. */
  dULps: Vec3;
  /** ∂S/∂v, LPS mm. */
  dVLps: Vec3;
  /** unit(∂S/∂u × ∂S/∂v), or null where the two are parallel (collapsed control points). */
  normalLps: Vec3 | null;
}

/** S and its first partial derivatives and normal at (u, v). */
export function bezierFrame(surface: BezierSurface, u: number, v: number): BezierFrame {
  checkUv(u, v);
  const cps = surface.controlPointsLps;
  const bu = bernstein3(u), bv = bernstein3(v);
  const du = combine(cps, bernstein3Derivative(u), bv);
  const dv = combine(cps, bu, bernstein3Derivative(v));
  const n = cross(du, dv);
  const len = norm(n);
  return { pointLps: combine(cps, bu, bv), dULps: du, dVLps: dv, normalLps: len > 1e-12 * (norm(du) * norm(dv) + 1e-300) ? [n[0] / len, n[1] / len, n[2] / len] : null };
}

/**
 * A flat patch in a plane: control points on a square of side `sizeMm` centred at `centreLps`, with
 * ∂S/∂u × ∂S/∂v along `normalLps`. The in-plane u axis is `uAxisLps` projected on the plane, or the
 * LPS axis least parallel to the normal.
 */
export function bezierFromPlane(input: { centreLps: PointLps; normalLps: Vec3; sizeMm: number; uAxisLps?: Vec3 }): BezierSurface {
  checkVec3(input.centreLps, 'centreLps');
  checkVec3(input.normalLps, 'normalLps');
  checkFinite(input.sizeMm, 'sizeMm');
  if (!(input.sizeMm > 0)) throw new JumeauError('BAD_ARGUMENT', `must be > 0 mm, got ${input.sizeMm}`, { subject: 'sizeMm' });
  if (!(norm(input.normalLps) > 1e-12)) throw new JumeauError('BAD_ARGUMENT', 'must not be the zero vector', { subject: 'normalLps' });
  const n = normalize(input.normalLps);
  let seed: Vec3;
  if (input.uAxisLps) {
    checkVec3(input.uAxisLps, 'uAxisLps');
    seed = input.uAxisLps;
  } else {
    const a = [Math.abs(n[0]), Math.abs(n[1]), Math.abs(n[2])];
    seed = a[0] <= a[1] && a[0] <= a[2] ? [1, 0, 0] : a[1] <= a[2] ? [0, 1, 0] : [0, 0, 1];
  }
  const d = dot(seed, n);
  const inPlane: Vec3 = [seed[0] - d * n[0], seed[1] - d * n[1], seed[2] - d * n[2]];
  if (!(norm(inPlane) > 1e-9 * (norm(seed) + 1e-300))) throw new JumeauError('BAD_ARGUMENT', 'must not be parallel to the normal', { subject: 'uAxisLps' });
  const uAxis = normalize(inPlane);
  const vAxis = cross(n, uAxis); // u × v = n
  const c = input.centreLps;
  const cps: PointLps[] = [];
  for (let i = 0; i < 4; i++) {
    for (let j = 0; j < 4; j++) {
      const a = (i / 3 - 0.5) * input.sizeMm;
      const b = (j / 3 - 0.5) * input.sizeMm;
      cps.push([c[0] + a * uAxis[0] + b * vAxis[0], c[1] + a * uAxis[1] + b * vAxis[1], c[2] + a * uAxis[2] + b * vAxis[2]]);
    }
  }
  return { controlPointsLps: cps };
}

/** A copy of `surface` with P_ij replaced by `pointLps` (the UI's drag of one control point). */
export function withControlPoint(surface: BezierSurface, i: number, j: number, pointLps: PointLps): BezierSurface {
  if (!Number.isInteger(i) || i < 0 || i > 3) throw new JumeauError('BAD_ARGUMENT', `must be an integer in 0…3, got ${i}`, { subject: 'i' });
  if (!Number.isInteger(j) || j < 0 || j > 3) throw new JumeauError('BAD_ARGUMENT', `must be an integer in 0…3, got ${j}`, { subject: 'j' });
  checkVec3(pointLps, 'pointLps');
  const cps = surface.controlPointsLps.map((p) => [p[0], p[1], p[2]] as PointLps);
  cps[4 * i + j] = [pointLps[0], pointLps[1], pointLps[2]];
  return { controlPointsLps: cps };
}

/**
 * Samples S on a (segmentsU + 1) × (segmentsV + 1) grid, Float64, vertex (a, b) at index a·(segmentsV + 1) + b
 * with u = a / segmentsU, v = b / segmentsV. Precomputes the Bernstein weights once per row/column.
 */
export function sampleBezierGrid(surface: BezierSurface, segmentsU: number, segmentsV: number): Float64Array {
  const cps = surface.controlPointsLps;
  const nu = segmentsU + 1, nv = segmentsV + 1;
  const bu = Array.from({ length: nu }, (_, a) => bernstein3(a / segmentsU));
  const bv = Array.from({ length: nv }, (_, b) => bernstein3(b / segmentsV));
  // Row sums R_j(u) = Σᵢ Bᵢ(u) P_ij, then S = Σⱼ Bⱼ(v) R_j.
  const out = new Float64Array(3 * nu * nv);
  const row = new Float64Array(12);
  for (let a = 0; a < nu; a++) {
    row.fill(0);
    for (let i = 0; i < 4; i++) {
      const w = bu[a][i];
      for (let j = 0; j < 4; j++) {
        const p = cps[4 * i + j];
        row[3 * j] += w * p[0];
        row[3 * j + 1] += w * p[1];
        row[3 * j + 2] += w * p[2];
      }
    }
    for (let b = 0; b < nv; b++) {
      const w = bv[b];
      const o = 3 * (a * nv + b);
      out[o] = w[0] * row[0] + w[1] * row[3] + w[2] * row[6] + w[3] * row[9];
      out[o + 1] = w[0] * row[1] + w[1] * row[4] + w[2] * row[7] + w[3] * row[10];
      out[o + 2] = w[0] * row[2] + w[1] * row[5] + w[2] * row[8] + w[3] * row[11];
    }
  }
  return out;
}

function checkSegments(n: number, subject: string): number {
  if (!Number.isInteger(n) || n < 1 || n > 4096) throw new JumeauError('BAD_ARGUMENT', `must be an integer in 1…4096, got ${n}`, { subject });
  return n;
}

/**
 * Triangle indices of a (segmentsU + 1) × (segmentsV + 1) vertex grid (see {@link sampleBezierGrid}),
 * two triangles per cell, wound so that their normal is ∂S/∂u × ∂S/∂v.
 */
export function gridTriangleIndices(segmentsU: number, segmentsV: number): Uint32Array {
  const nv = segmentsV + 1;
  const idx = new Uint32Array(6 * segmentsU * segmentsV);
  let t = 0;
  for (let a = 0; a < segmentsU; a++) {
    for (let b = 0; b < segmentsV; b++) {
      const p00 = a * nv + b, p10 = (a + 1) * nv + b, p01 = a * nv + b + 1, p11 = (a + 1) * nv + b + 1;
      // (p10 − p00) × (p01 − p00) ∝ S_u × S_v.
      idx[t++] = p00; idx[t++] = p10; idx[t++] = p11;
      idx[t++] = p00; idx[t++] = p11; idx[t++] = p01;
    }
  }
  return idx;
}

/**
 * Tessellates the patch into a triangle mesh (LPS mm, Float32) with analytic unit normals.
 * @param options.segmentsU / segmentsV - cells along u and v (default 32 each)
 */
export function tessellateBezier(surface: BezierSurface, options: { segmentsU?: number; segmentsV?: number } = {}): SurfaceMesh {
  checkBezierSurface(surface);
  const su = checkSegments(options.segmentsU ?? 32, 'segmentsU');
  const sv = checkSegments(options.segmentsV ?? 32, 'segmentsV');
  const pts = sampleBezierGrid(surface, su, sv);
  const normals = new Float32Array(pts.length);
  for (let a = 0; a <= su; a++) {
    for (let b = 0; b <= sv; b++) {
      const n = bezierFrame(surface, a / su, b / sv).normalLps;
      const o = 3 * (a * (sv + 1) + b);
      if (n) {
        normals[o] = n[0];
        normals[o + 1] = n[1];
        normals[o + 2] = n[2];
      }
    }
  }
  return { positionsLps: Float32Array.from(pts), normalsLps: normals, indices: gridTriangleIndices(su, sv) };
}

/**
 * The patch's reference plane: centroid of the control points and the unit mean of the normals at the
 * 4 × 4 parameter samples (used to orient automatic seeds). Null normal when the patch is degenerate.
 */
export function bezierReferencePlane(surface: BezierSurface): { pointLps: PointLps; normalLps: Vec3 | null } {
  const cps = surface.controlPointsLps;
  const c: Vec3 = [0, 0, 0];
  for (const p of cps) for (let a = 0; a < 3; a++) c[a] += p[a] / 16;
  const n: Vec3 = [0, 0, 0];
  for (let a = 0; a < 4; a++) {
    for (let b = 0; b < 4; b++) {
      const f = bezierFrame(surface, (a + 0.5) / 4, (b + 0.5) / 4);
      const w = cross(f.dULps, f.dVLps); // area-weighted
      for (let e = 0; e < 3; e++) n[e] += w[e];
    }
  }
  return { pointLps: c, normalLps: norm(n) > 1e-12 ? normalize(n) : null };
}
