/**
 * Symmetric eigen-decomposition by the cyclic Jacobi method — small dense matrices only (3×3 principal
 * axes, Horn's 4×4 quaternion matrix, the ICP 6×6 normal matrix). No LAPACK in the browser; Jacobi is
 * short, unconditionally stable and accurate to a few ulps of the largest eigenvalue.
 */
import { JumeauError } from '../core/errors';

/** Eigenvalues (descending) and eigenvectors of a symmetric n×n matrix. */
export interface SymmetricEigen {
  /** Dimension n. */
  n: number;
  /** Eigenvalues λ₀ ≥ λ₁ ≥ … ≥ λₙ₋₁ (unit of the matrix entries). */
  values: Float64Array;
  /** Eigenvectors as columns of a row-major n×n matrix: component r of vector k is `vectors[r * n + k]`. */
  vectors: Float64Array;
}

/**
 * Eigen-decomposition of a real symmetric matrix (cyclic Jacobi rotations until the off-diagonal part
 * vanishes at machine precision).
 * @param matrix - n×n entries, row-major; only symmetry is assumed (the mean of a_ij and a_ji is used)
 * @param n - dimension (1…16 is the intended range)
 * @returns eigenvalues sorted descending and the matching orthonormal eigenvectors (columns)
 * @throws JumeauError BAD_ARGUMENT on a wrong length or a non-finite entry
 */
export function jacobiEigenSymmetric(matrix: ArrayLike<number>, n: number): SymmetricEigen {
  if (!Number.isInteger(n) || n < 1 || matrix.length !== n * n) {
    throw new JumeauError('BAD_ARGUMENT', `expected ${n}×${n} = ${n * n} entries, got ${matrix.length}`, { subject: 'matrix' });
  }
  const a = new Float64Array(n * n);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      const v = 0.5 * (matrix[r * n + c] + matrix[c * n + r]);
      if (!Number.isFinite(v)) throw new JumeauError('BAD_ARGUMENT', 'matrix has a non-finite entry', { subject: `matrix[${r}][${c}]` });
      a[r * n + c] = v;
    }
  }
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;

  for (let sweep = 0; sweep < 64; sweep++) {
    let off = 0;
    let diag = 0;
    for (let p = 0; p < n; p++) {
      diag += a[p * n + p] * a[p * n + p];
      for (let q = p + 1; q < n; q++) off += a[p * n + q] * a[p * n + q];
    }
    if (off === 0 || off <= 1e-34 * diag) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        const app = a[p * n + p];
        const aqq = a[q * n + q];
        // Negligible next to both diagonal entries: set to zero (this is what makes the loop terminate).
        if (Math.abs(apq) <= 1e-18 * (Math.abs(app) + Math.abs(aqq))) {
          a[p * n + q] = 0;
          a[q * n + p] = 0;
          continue;
        }
        const theta = (aqq - app) / (2 * apq);
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p];
          const akq = a[k * n + q];
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k];
          const aqk = a[q * n + k];
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        a[p * n + q] = 0;
        a[q * n + p] = 0;
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p];
          const vkq = v[k * n + q];
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }

  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => a[j * n + j] - a[i * n + i]);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((src, k) => {
    values[k] = a[src * n + src];
    for (let r = 0; r < n; r++) vectors[r * n + k] = v[r * n + src];
  });
  return { n, values, vectors };
}

/** Column `k` of the eigenvector matrix as a plain array (length n). */
export function eigenvector(e: SymmetricEigen, k: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < e.n; r++) out.push(e.vectors[r * e.n + k]);
  return out;
}
