/**
 * Quadric error metric (Garland & Heckbert 1997). A quadric is 10 numbers, the upper triangle of
 * the symmetric 4×4 K = Σ wᵢ·pᵢpᵢᵀ with pᵢ = (n, −n·x₀) the plane of triangle i (unit normal) and wᵢ
 * its area, so vᵀKv is the area-weighted sum of squared distances (mm⁴ → divide by the weight for
 * a mean squared distance in mm²). Layout: [xx, xy, xz, xw, yy, yz, yw, zz, zw, ww].
 */

/** Adds w·ppᵀ for the plane n·x + d = 0 (unit n) to quadric `q` at offset `o`. */
export function addPlane(q: Float64Array, o: number, nx: number, ny: number, nz: number, d: number, w: number): void {
  q[o] += w * nx * nx;
  q[o + 1] += w * nx * ny;
  q[o + 2] += w * nx * nz;
  q[o + 3] += w * nx * d;
  q[o + 4] += w * ny * ny;
  q[o + 5] += w * ny * nz;
  q[o + 6] += w * ny * d;
  q[o + 7] += w * nz * nz;
  q[o + 8] += w * nz * d;
  q[o + 9] += w * d * d;
}

/** vᵀ(Qa + Qb)v at v = (x, y, z, 1), clamped at 0 (rounding can make it slightly negative). */
function errorAt(q: Float64Array, a: number, b: number, x: number, y: number, z: number): number {
  const e =
    (q[a] + q[b]) * x * x + 2 * (q[a + 1] + q[b + 1]) * x * y + 2 * (q[a + 2] + q[b + 2]) * x * z + 2 * (q[a + 3] + q[b + 3]) * x +
    (q[a + 4] + q[b + 4]) * y * y + 2 * (q[a + 5] + q[b + 5]) * y * z + 2 * (q[a + 6] + q[b + 6]) * y +
    (q[a + 7] + q[b + 7]) * z * z + 2 * (q[a + 8] + q[b + 8]) * z + (q[a + 9] + q[b + 9]);
  return e > 0 ? e : 0;
}

/** Result of {@link optimalCollapse}: the merged vertex and its error. */
export interface CollapseTarget {
  x: number;
  y: number;
  z: number;
  cost: number;
}

/**
 * Position minimising vᵀ(Qa + Qb)v for the collapse of edge (pa, pb), with its cost. Solves the
 * 3×3 system when it is well conditioned and the solution stays within one edge length of the
 * edge's midpoint; otherwise (flat or cylindrical neighbourhoods) minimises along the edge.
 * @param q - all quadrics; qa, qb - offsets (10·vertex) of the two
 * @param p - positions (3 per vertex); a, b - vertex numbers
 * @param out - receives the result (no allocation in the hot loop)
 */
export function optimalCollapse(q: Float64Array, qa: number, qb: number, p: Float64Array, a: number, b: number, out: CollapseTarget): void {
  const m00 = q[qa] + q[qb], m01 = q[qa + 1] + q[qb + 1], m02 = q[qa + 2] + q[qb + 2];
  const m11 = q[qa + 4] + q[qb + 4], m12 = q[qa + 5] + q[qb + 5], m22 = q[qa + 7] + q[qb + 7];
  const r0 = -(q[qa + 3] + q[qb + 3]), r1 = -(q[qa + 6] + q[qb + 6]), r2 = -(q[qa + 8] + q[qb + 8]);
  const ax = p[3 * a], ay = p[3 * a + 1], az = p[3 * a + 2];
  const dx = p[3 * b] - ax, dy = p[3 * b + 1] - ay, dz = p[3 * b + 2] - az;
  const c00 = m11 * m22 - m12 * m12;
  const c01 = m02 * m12 - m01 * m22;
  const c02 = m01 * m12 - m02 * m11;
  const det = m00 * c00 + m01 * c01 + m02 * c02;
  const tr = m00 + m11 + m22;
  if (Math.abs(det) > 1e-9 * tr * tr * tr) {
    const inv = 1 / det;
    const c11 = m00 * m22 - m02 * m02;
    const c12 = m01 * m02 - m00 * m12;
    const c22 = m00 * m11 - m01 * m01;
    const x = (c00 * r0 + c01 * r1 + c02 * r2) * inv;
    const y = (c01 * r0 + c11 * r1 + c12 * r2) * inv;
    const z = (c02 * r0 + c12 * r1 + c22 * r2) * inv;
    const ex = x - (ax + 0.5 * dx), ey = y - (ay + 0.5 * dy), ez = z - (az + 0.5 * dz);
    if (ex * ex + ey * ey + ez * ez <= dx * dx + dy * dy + dz * dz) {
      out.x = x;
      out.y = y;
      out.z = z;
      out.cost = errorAt(q, qa, qb, x, y, z);
      return;
    }
  }
  // Along the edge v(t) = pa + t·d: E'(t) = 0 → t = (dᵀr − dᵀM·pa) / dᵀM·d, clamped to [0, 1].
  const mdx = m00 * dx + m01 * dy + m02 * dz;
  const mdy = m01 * dx + m11 * dy + m12 * dz;
  const mdz = m02 * dx + m12 * dy + m22 * dz;
  const den = dx * mdx + dy * mdy + dz * mdz;
  let t = 0.5;
  if (den > 1e-30) {
    t = (dx * r0 + dy * r1 + dz * r2 - (ax * mdx + ay * mdy + az * mdz)) / den;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
  }
  out.x = ax + t * dx;
  out.y = ay + t * dy;
  out.z = az + t * dz;
  out.cost = errorAt(q, qa, qb, out.x, out.y, out.z);
}
