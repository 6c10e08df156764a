/**
 * Solves the symmetric positive (semi-)definite 6×6 normal equations of one ICP step: Cholesky when
 * the matrix is safely positive definite, otherwise a truncated eigen pseudo-inverse, so that an
 * unconstrained sliding direction (a plane, a sphere, a cylinder) gets a zero step instead of noise.
 */
import { jacobiEigenSymmetric } from './eigen';

/** Eigenvalues below this fraction of the largest are treated as zero by the pseudo-inverse. */
const RELATIVE_CUTOFF = 1e-12;

/**
 * x = A⁻¹·b for a symmetric 6×6 A (row-major, 36 entries).
 * @returns the solution (Cholesky), or the minimum-norm least-squares solution when A is singular
 */
export function solveSymmetric6(a: Float64Array, b: readonly number[]): number[] {
  const n = 6;
  let maxDiag = 0;
  for (let i = 0; i < n; i++) maxDiag = Math.max(maxDiag, a[i * n + i]);
  // Cholesky A = L·Lᵀ.
  const l = new Float64Array(36);
  let ok = maxDiag > 0;
  for (let j = 0; j < n && ok; j++) {
    let d = a[j * n + j];
    for (let k = 0; k < j; k++) d -= l[j * n + k] * l[j * n + k];
    if (!(d > RELATIVE_CUTOFF * maxDiag)) {
      ok = false;
      break;
    }
    const ljj = Math.sqrt(d);
    l[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j];
      for (let k = 0; k < j; k++) s -= l[i * n + k] * l[j * n + k];
      l[i * n + j] = s / ljj;
    }
  }
  if (ok) {
    const y = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) {
      let s = b[i];
      for (let k = 0; k < i; k++) s -= l[i * n + k] * y[k];
      y[i] = s / l[i * n + i];
    }
    const x = new Array<number>(n).fill(0);
    for (let i = n - 1; i >= 0; i--) {
      let s = y[i];
      for (let k = i + 1; k < n; k++) s -= l[k * n + i] * x[k];
      x[i] = s / l[i * n + i];
    }
    return x;
  }
  const e = jacobiEigenSymmetric(a, n);
  const x = new Array<number>(n).fill(0);
  if (!(e.values[0] > 0)) return x;
  for (let k = 0; k < n; k++) {
    if (!(e.values[k] > RELATIVE_CUTOFF * e.values[0])) continue;
    let proj = 0;
    for (let r = 0; r < n; r++) proj += e.vectors[r * n + k] * b[r];
    proj /= e.values[k];
    for (let r = 0; r < n; r++) x[r] += proj * e.vectors[r * n + k];
  }
  return x;
}
