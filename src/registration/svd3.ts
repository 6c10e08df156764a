/**
 * 3×3 singular value decomposition by one-sided Jacobi (Hestenes) rotations, plus the nearest proper
 * rotation (polar factor) used to re-orthonormalise accumulated rotations. Pure Float64, no LAPACK.
 * One-sided Jacobi works on the matrix itself (not on AᵀA), so small singular values keep full
 * relative accuracy — this is what lets Kabsch reproduce a known rotation to ~1e-15 (REG-01).
 */
import type { Vec3 } from '../core/vec3';
import { cross, norm } from '../core/vec3';
import type { Mat3 } from '../planning/geometry';

/** A = U · diag(s) · Vᵀ with U, V orthogonal (not necessarily det +1) and s₀ ≥ s₁ ≥ s₂ ≥ 0. */
export interface Svd3 {
  /** Left singular vectors as columns. */
  u: Mat3;
  /** Singular values, descending, in the unit of A. */
  s: Vec3;
  /** Right singular vectors as columns. */
  v: Mat3;
}

/** 3×3 determinant. */
export function det3(m: Mat3): number {
  return (
    m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) -
    m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) +
    m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0])
  );
}

/** Transpose of a 3×3 matrix. */
export function transpose3(m: Mat3): Mat3 {
  return [
    [m[0][0], m[1][0], m[2][0]],
    [m[0][1], m[1][1], m[2][1]],
    [m[0][2], m[1][2], m[2][2]],
  ];
}

/** A unit vector orthogonal to the unit vector `a`. */
function anyPerpendicular(a: Vec3): Vec3 {
  const helper: Vec3 = Math.abs(a[0]) < 0.6 ? [1, 0, 0] : Math.abs(a[1]) < 0.6 ? [0, 1, 0] : [0, 0, 1];
  const p = cross(a, helper);
  const n = norm(p);
  return [p[0] / n, p[1] / n, p[2] / n];
}

/**
 * Singular value decomposition of a finite 3×3 matrix. Rank-deficient inputs are fine: the left
 * singular vectors of (numerically) zero singular values are completed to an orthonormal basis by
 * cross products (singular values below 1e-13 × s₀ count as zero for that purpose).
 */
export function svd3(m: Mat3): Svd3 {
  // Columns of W = A·V are rotated in pairs until mutually orthogonal; then W = U·diag(s).
  const w = [m[0][0], m[0][1], m[0][2], m[1][0], m[1][1], m[1][2], m[2][0], m[2][1], m[2][2]];
  const v = [1, 0, 0, 0, 1, 0, 0, 0, 1];
  for (let sweep = 0; sweep < 60; sweep++) {
    let rotated = false;
    for (let i = 0; i < 2; i++) {
      for (let j = i + 1; j < 3; j++) {
        let alpha = 0;
        let beta = 0;
        let gamma = 0;
        for (let k = 0; k < 3; k++) {
          const wi = w[k * 3 + i];
          const wj = w[k * 3 + j];
          alpha += wi * wi;
          beta += wj * wj;
          gamma += wi * wj;
        }
        if (gamma === 0 || Math.abs(gamma) <= 1e-15 * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        for (let k = 0; k < 3; k++) {
          const wi = w[k * 3 + i];
          const wj = w[k * 3 + j];
          w[k * 3 + i] = c * wi - s * wj;
          w[k * 3 + j] = s * wi + c * wj;
          const vi = v[k * 3 + i];
          const vj = v[k * 3 + j];
          v[k * 3 + i] = c * vi - s * vj;
          v[k * 3 + j] = s * vi + c * vj;
        }
      }
    }
    if (!rotated) break;
  }
  const sigma = [0, 1, 2].map((c) => Math.hypot(w[c], w[3 + c], w[6 + c]));
  const order = [0, 1, 2].sort((a, b) => sigma[b] - sigma[a]);
  const s: Vec3 = [sigma[order[0]], sigma[order[1]], sigma[order[2]]];
  const vCols: Vec3[] = order.map((c) => [v[c], v[3 + c], v[6 + c]] as Vec3);
  const uCols: Vec3[] = order.map((c, k) => (s[k] > 0 ? ([w[c] / s[k], w[3 + c] / s[k], w[6 + c] / s[k]] as Vec3) : ([0, 0, 0] as Vec3)));
  const tiny = 1e-13 * s[0];
  if (!(s[0] > 0)) {
    uCols[0] = [1, 0, 0];
    uCols[1] = [0, 1, 0];
    uCols[2] = [0, 0, 1];
  } else if (s[1] <= tiny) {
    uCols[1] = anyPerpendicular(uCols[0]);
    uCols[2] = cross(uCols[0], uCols[1]);
  } else if (s[2] <= tiny) {
    uCols[2] = cross(uCols[0], uCols[1]);
    const n = norm(uCols[2]);
    uCols[2] = [uCols[2][0] / n, uCols[2][1] / n, uCols[2][2] / n];
  }
  const cols = (c: Vec3[]): Mat3 => [
    [c[0][0], c[1][0], c[2][0]],
    [c[0][1], c[1][1], c[2][1]],
    [c[0][2], c[1][2], c[2][2]],
  ];
  return { u: cols(uCols), s, v: cols(vCols) };
}

/**
 * The proper rotation closest to `m` in the Frobenius norm (U·diag(1,1,±1)·Vᵀ from the SVD, the sign
 * making det = +1). Used to re-orthonormalise rotations after accumulation or Float32 round-trips.
 */
export function nearestRotation(m: Mat3): Mat3 {
  const { u, v } = svd3(m);
  const d = det3(u) * det3(v) < 0 ? -1 : 1;
  const out: Mat3 = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 3; c++) out[r][c] = u[r][0] * v[c][0] + u[r][1] * v[c][1] + d * u[r][2] * v[c][2];
  }
  return out;
}
