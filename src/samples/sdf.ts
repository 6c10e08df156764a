/**
 * Solid shapes for phantoms, described by signed distance bounds in the LPS frame (millimetres).
 *
 * Every {@link Shape} has `sdf(x, y, z)` that is negative inside, positive outside, zero on the
 * surface and **1-Lipschitz** (|sdf(p) − sdf(q)| ≤ |p − q|). It is the exact Euclidean distance for
 * spheres, capsules, tori and half-spaces and a lower bound of it for the others; the rasteriser only
 * relies on the sign and on the Lipschitz bound (to skip runs of voxels and to find boundary voxels).
 * Hot paths take plain numbers, not tuples, so evaluation allocates nothing.
 */
import { cross, dot, normalize, scale, sub } from '../core/vec3';
import type { PointLps, Vec3 } from '../core/vec3';

/** A solid in LPS millimetres. */
export interface Shape {
  /** Signed distance bound in mm at LPS point (x, y, z): < 0 inside, > 0 outside, 1-Lipschitz. */
  sdf(xMm: number, yMm: number, zMm: number): number;
  /** Lower corner of an axis-aligned LPS box (mm) that contains the solid; may be −Infinity. */
  boundsMinLps: Vec3;
  /** Upper corner of that box (mm); may be +Infinity. */
  boundsMaxLps: Vec3;
}

/** Sphere of `radiusMm` around `centreLps` (exact distance). */
export function sphere(centreLps: PointLps, radiusMm: number): Shape {
  const [cx, cy, cz] = centreLps;
  return {
    sdf: (x, y, z) => Math.hypot(x - cx, y - cy, z - cz) - radiusMm,
    boundsMinLps: [cx - radiusMm, cy - radiusMm, cz - radiusMm],
    boundsMaxLps: [cx + radiusMm, cy + radiusMm, cz + radiusMm],
  };
}

/** An orthonormal frame (three unit vectors in LPS). */
export interface Frame {
  u: Vec3;
  v: Vec3;
  w: Vec3;
}

/**
 * Right-handed orthonormal frame whose first axis is `uApprox` (normalised) and whose second axis is
 * `vApprox` made orthogonal to it (Gram–Schmidt). Throws when the two are parallel.
 */
export function frameFrom(uApprox: Vec3, vApprox: Vec3): Frame {
  const u = normalize(uApprox);
  const v = normalize(sub(vApprox, scale(u, dot(vApprox, u))));
  return { u, v, w: cross(u, v) };
}

/** The identity frame (u = L, v = P, w = S). */
export const AXES_LPS: Frame = { u: [1, 0, 0], v: [0, 1, 0], w: [0, 0, 1] };

function frameHalfExtents(frame: Frame, semiAxesMm: Vec3): Vec3 {
  const { u, v, w } = frame;
  const [a, b, c] = semiAxesMm;
  return [0, 1, 2].map((n) => Math.hypot(a * u[n], b * v[n], c * w[n])) as Vec3;
}

/**
 * Ellipsoid with semi-axes `semiAxesMm` along the frame's u, v, w.
 * Bound used: (|q ⊘ r| − 1)·min(r), which is 1-Lipschitz and exact on the surface.
 */
export function ellipsoid(centreLps: PointLps, semiAxesMm: Vec3, frame: Frame = AXES_LPS): Shape {
  const [cx, cy, cz] = centreLps;
  const [a, b, c] = semiAxesMm;
  if (!(a > 0 && b > 0 && c > 0)) throw new RangeError(`ellipsoid semi-axes must be > 0, got ${semiAxesMm.join(', ')}`);
  const { u, v, w } = frame;
  const rMin = Math.min(a, b, c);
  const half = frameHalfExtents(frame, semiAxesMm);
  return {
    sdf: (x, y, z) => {
      const px = x - cx;
      const py = y - cy;
      const pz = z - cz;
      const qa = (px * u[0] + py * u[1] + pz * u[2]) / a;
      const qb = (px * v[0] + py * v[1] + pz * v[2]) / b;
      const qc = (px * w[0] + py * w[1] + pz * w[2]) / c;
      return (Math.sqrt(qa * qa + qb * qb + qc * qc) - 1) * rMin;
    },
    boundsMinLps: [cx - half[0], cy - half[1], cz - half[2]],
    boundsMaxLps: [cx + half[0], cy + half[1], cz + half[2]],
  };
}

/**
 * Capped cone (a cylinder when the radii are equal) from `startLps` (radius `startRadiusMm`) to
 * `endLps` (radius `endRadiusMm`) with flat caps. Bound: max(radial excess / √(1 + slope²), cap distance).
 */
export function cappedCone(startLps: PointLps, endLps: PointLps, startRadiusMm: number, endRadiusMm: number): Shape {
  const axis = sub(endLps, startLps);
  const lengthMm = Math.hypot(axis[0], axis[1], axis[2]);
  if (!(lengthMm > 0)) throw new RangeError('cone axis has zero length');
  const [nx, ny, nz] = scale(axis, 1 / lengthMm);
  const [ax, ay, az] = startLps;
  const slope = (endRadiusMm - startRadiusMm) / lengthMm;
  const lipschitz = Math.sqrt(1 + slope * slope);
  const halfLength = lengthMm / 2;
  const lo: Vec3 = [0, 0, 0];
  const hi: Vec3 = [0, 0, 0];
  const n = [nx, ny, nz];
  for (let c = 0; c < 3; c++) {
    const across = Math.sqrt(Math.max(0, 1 - n[c] * n[c]));
    lo[c] = Math.min(startLps[c] - startRadiusMm * across, endLps[c] - endRadiusMm * across);
    hi[c] = Math.max(startLps[c] + startRadiusMm * across, endLps[c] + endRadiusMm * across);
  }
  return {
    sdf: (x, y, z) => {
      const px = x - ax;
      const py = y - ay;
      const pz = z - az;
      const t = px * nx + py * ny + pz * nz;
      const rx = px - t * nx;
      const ry = py - t * ny;
      const rz = pz - t * nz;
      const tc = t < 0 ? 0 : t > lengthMm ? lengthMm : t;
      const radial = (Math.sqrt(rx * rx + ry * ry + rz * rz) - (startRadiusMm + slope * tc)) / lipschitz;
      const cap = Math.abs(t - halfLength) - halfLength;
      return radial > cap ? radial : cap;
    },
    boundsMinLps: lo,
    boundsMaxLps: hi,
  };
}

/** Cylinder of `radiusMm` from `startLps` to `endLps` with flat caps (exact inside the slab). */
export function cappedCylinder(startLps: PointLps, endLps: PointLps, radiusMm: number): Shape {
  return cappedCone(startLps, endLps, radiusMm, radiusMm);
}

/**
 * Elliptic prism along the S axis: ellipse centred at (`centreXMm`, `centreYMm`) with semi-axes
 * `semiXMm` (along L) and `semiYMm` (along P), between `zMinMm` and `zMaxMm` (may be infinite).
 */
export function ellipticPrismZ(
  centreXMm: number,
  centreYMm: number,
  semiXMm: number,
  semiYMm: number,
  zMinMm = -Infinity,
  zMaxMm = Infinity,
): Shape {
  const rMin = Math.min(semiXMm, semiYMm);
  return {
    sdf: (x, y, z) => {
      const qx = (x - centreXMm) / semiXMm;
      const qy = (y - centreYMm) / semiYMm;
      const radial = (Math.sqrt(qx * qx + qy * qy) - 1) * rMin;
      const cap = Math.max(zMinMm - z, z - zMaxMm);
      return radial > cap ? radial : cap;
    },
    boundsMinLps: [centreXMm - semiXMm, centreYMm - semiYMm, zMinMm],
    boundsMaxLps: [centreXMm + semiXMm, centreYMm + semiYMm, zMaxMm],
  };
}

/** Torus around `axisLps` through `centreLps`: ring radius `majorRadiusMm`, tube radius `minorRadiusMm` (exact). */
export function torus(centreLps: PointLps, axisLps: Vec3, majorRadiusMm: number, minorRadiusMm: number): Shape {
  const [nx, ny, nz] = normalize(axisLps);
  const [cx, cy, cz] = centreLps;
  const n = [nx, ny, nz];
  const half = n.map((c) => majorRadiusMm * Math.sqrt(Math.max(0, 1 - c * c)) + minorRadiusMm);
  return {
    sdf: (x, y, z) => {
      const px = x - cx;
      const py = y - cy;
      const pz = z - cz;
      const h = px * nx + py * ny + pz * nz;
      const rx = px - h * nx;
      const ry = py - h * ny;
      const rz = pz - h * nz;
      const ring = Math.sqrt(rx * rx + ry * ry + rz * rz) - majorRadiusMm;
      return Math.sqrt(ring * ring + h * h) - minorRadiusMm;
    },
    boundsMinLps: [cx - half[0], cy - half[1], cz - half[2]],
    boundsMaxLps: [cx + half[0], cy + half[1], cz + half[2]],
  };
}

/**
 * Tube along a polyline with a radius per vertex (linear taper along each segment, round ends):
 * the union of tapered capsules. Used for vessels and ribs.
 * @param pointsLps - at least two vertices (mm)
 * @param radiiMm - one radius per vertex, or a single radius for all
 */
export function tube(pointsLps: readonly PointLps[], radiiMm: readonly number[] | number): Shape {
  if (pointsLps.length < 2) throw new RangeError('a tube needs at least two points');
  const radii = typeof radiiMm === 'number' ? pointsLps.map(() => radiiMm) : radiiMm;
  if (radii.length !== pointsLps.length) throw new RangeError('a tube needs one radius per point');
  const count = pointsLps.length - 1;
  // Per segment: a (3), ab (3), 1/|ab|², ra, rb − ra, 1/Lipschitz.
  const seg = new Float64Array(count * 10);
  for (let s = 0; s < count; s++) {
    const a = pointsLps[s];
    const ab = sub(pointsLps[s + 1], a);
    const len2 = dot(ab, ab);
    if (!(len2 > 0)) throw new RangeError(`tube segment ${s} has zero length`);
    const dr = radii[s + 1] - radii[s];
    seg.set([a[0], a[1], a[2], ab[0], ab[1], ab[2], 1 / len2, radii[s], dr, 1 / (1 + Math.abs(dr) / Math.sqrt(len2))], s * 10);
  }
  const lo: Vec3 = [Infinity, Infinity, Infinity];
  const hi: Vec3 = [-Infinity, -Infinity, -Infinity];
  pointsLps.forEach((p, n) => {
    for (let c = 0; c < 3; c++) {
      lo[c] = Math.min(lo[c], p[c] - radii[n]);
      hi[c] = Math.max(hi[c], p[c] + radii[n]);
    }
  });
  return {
    sdf: (x, y, z) => {
      let best = Infinity;
      for (let o = 0; o < seg.length; o += 10) {
        const px = x - seg[o];
        const py = y - seg[o + 1];
        const pz = z - seg[o + 2];
        let t = (px * seg[o + 3] + py * seg[o + 4] + pz * seg[o + 5]) * seg[o + 6];
        t = t < 0 ? 0 : t > 1 ? 1 : t;
        const dx = px - t * seg[o + 3];
        const dy = py - t * seg[o + 4];
        const dz = pz - t * seg[o + 5];
        const d = (Math.sqrt(dx * dx + dy * dy + dz * dz) - (seg[o + 7] + t * seg[o + 8])) * seg[o + 9];
        if (d < best) best = d;
      }
      return best;
    },
    boundsMinLps: lo,
    boundsMaxLps: hi,
  };
}

/** Half-space {p : (p − pointLps)·normal ≤ 0}; `normalLps` points out of the solid (exact). */
export function halfSpace(pointLps: PointLps, normalLps: Vec3): Shape {
  const [nx, ny, nz] = normalize(normalLps);
  const offset = nx * pointLps[0] + ny * pointLps[1] + nz * pointLps[2];
  return {
    sdf: (x, y, z) => x * nx + y * ny + z * nz - offset,
    boundsMinLps: [-Infinity, -Infinity, -Infinity],
    boundsMaxLps: [Infinity, Infinity, Infinity],
  };
}

/** Union of solids (minimum of the bounds; 1-Lipschitz). */
export function union(...shapes: Shape[]): Shape {
  if (shapes.length === 0) throw new RangeError('union of nothing');
  if (shapes.length === 1) return shapes[0];
  const fns = shapes.map((s) => s.sdf);
  return {
    sdf: (x, y, z) => {
      let best = Infinity;
      for (const f of fns) {
        const d = f(x, y, z);
        if (d < best) best = d;
      }
      return best;
    },
    boundsMinLps: [0, 1, 2].map((c) => Math.min(...shapes.map((s) => s.boundsMinLps[c]))) as Vec3,
    boundsMaxLps: [0, 1, 2].map((c) => Math.max(...shapes.map((s) => s.boundsMaxLps[c]))) as Vec3,
  };
}

/** Intersection of solids (maximum of the bounds). */
export function intersect(first: Shape, ...rest: Shape[]): Shape {
  const fns = [first, ...rest].map((s) => s.sdf);
  const all = [first, ...rest];
  return {
    sdf: (x, y, z) => {
      let worst = -Infinity;
      for (const f of fns) {
        const d = f(x, y, z);
        if (d > worst) worst = d;
      }
      return worst;
    },
    boundsMinLps: [0, 1, 2].map((c) => Math.max(...all.map((s) => s.boundsMinLps[c]))) as Vec3,
    boundsMaxLps: [0, 1, 2].map((c) => Math.min(...all.map((s) => s.boundsMaxLps[c]))) as Vec3,
  };
}

/** `solid` minus every shape in `holes`: max(solid, −hole₁, −hole₂, …). */
export function subtract(solid: Shape, ...holes: Shape[]): Shape {
  if (holes.length === 0) return solid;
  const f = solid.sdf;
  const gs = holes.map((h) => h.sdf);
  return {
    sdf: (x, y, z) => {
      let d = f(x, y, z);
      for (const g of gs) {
        const e = -g(x, y, z);
        if (e > d) d = e;
      }
      return d;
    },
    boundsMinLps: solid.boundsMinLps,
    boundsMaxLps: solid.boundsMaxLps,
  };
}
