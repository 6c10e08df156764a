/**
 * Femoral-head sphere fit, brief §3.1 (HIP-06): algebraic (Kåsa) initial fit, then geometric
 * Levenberg–Marquardt refinement of min Σ(|p − c| − R)². `fitSphere` always returns the refined fit:
 * the algebraic one is biased on small caps (≈1 mm at a 30° half-angle).
 */
import { JumeauError } from '../core/errors';
import type { PointLps } from '../core/vec3';
import { checkVec3 } from './validate';

/** A refined sphere fit. */
export interface SphereFit {
  /** Sphere centre (mm, LPS). */
  centerLps: PointLps;
  /** Radius (mm). */
  radiusMm: number;
  /** RMS of the geometric residuals |p − c| − R (mm). */
  rmsResidualMm: number;
  /** Number of points fitted. */
  pointCount: number;
  /** Levenberg–Marquardt iterations taken (≥ 1). */
  iterations: number;
  /** True when the step criterion was met before `maxIterations`. */
  converged: boolean;
  /** Always 'geometric-lm': the Kåsa fit is only the starting point. */
  method: 'geometric-lm';
}

/** Options of {@link fitSphere}. */
export interface SphereFitOptions {
  /** Maximum LM iterations (default 200). */
  maxIterations?: number;
  /** Stop when the step is below this fraction of the radius (default 1e-12). */
  relativeStepTolerance?: number;
}

/** Algebraic fit result: an initial estimate only, never a planning output. */
export interface AlgebraicSphereEstimate {
  /** Centre (mm, LPS). */
  centerLps: PointLps;
  /** Radius (mm). */
  radiusMm: number;
}

function checkPoints(pointsLps: readonly PointLps[]): void {
  if (!Array.isArray(pointsLps)) throw new JumeauError('BAD_ARGUMENT', 'must be an array of [x, y, z] points', { subject: 'pointsLps' });
  if (pointsLps.length < 4) {
    throw new JumeauError('BAD_ARGUMENT', `a sphere fit needs at least 4 points, got ${pointsLps.length}`, { subject: 'pointsLps' });
  }
  pointsLps.forEach((p, n) => checkVec3(p, `pointsLps[${n}]`));
}

/** Solves the 4×4 system A·x = b in place by Gaussian elimination with partial pivoting; null if singular. */
function solve4(a: number[][], b: number[]): number[] | null {
  const n = 4;
  let maxAbs = 0;
  for (const row of a) for (const v of row) maxAbs = Math.max(maxAbs, Math.abs(v));
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) pivot = r;
    if (!(Math.abs(a[pivot][col]) > 1e-13 * maxAbs)) return null;
    [a[col], a[pivot]] = [a[pivot], a[col]];
    [b[col], b[pivot]] = [b[pivot], b[col]];
    for (let r = col + 1; r < n; r++) {
      const f = a[r][col] / a[col][col];
      for (let c = col; c < n; c++) a[r][c] -= f * a[col][c];
      b[r] -= f * b[col];
    }
  }
  const x = [0, 0, 0, 0];
  for (let r = n - 1; r >= 0; r--) {
    let s = b[r];
    for (let c = r + 1; c < n; c++) s -= a[r][c] * x[c];
    x[r] = s / a[r][r];
  }
  return x;
}

/**
 * Kåsa algebraic sphere fit `[2x 2y 2z 1]·[cx cy cz k]ᵀ = x² + y² + z²`, R = √(k + |c|²), solved on
 * centred, scaled coordinates. Exported for comparison and tests; biased on small caps — planning code
 * must use {@link fitSphere}.
 * @throws JumeauError BAD_ARGUMENT for < 4 points, NaN coordinates, or coplanar/collinear points
 */
export function kasaSphereEstimate(pointsLps: readonly PointLps[]): AlgebraicSphereEstimate {
  checkPoints(pointsLps);
  const count = pointsLps.length;
  const mean = [0, 0, 0];
  for (const p of pointsLps) for (let d = 0; d < 3; d++) mean[d] += p[d] / count;
  let spread = 0;
  for (const p of pointsLps) spread += (p[0] - mean[0]) ** 2 + (p[1] - mean[1]) ** 2 + (p[2] - mean[2]) ** 2;
  spread = Math.sqrt(spread / count);
  if (!(spread > 1e-9)) throw new JumeauError('BAD_ARGUMENT', 'all points coincide', { subject: 'pointsLps' });
  const ata = [[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]];
  const atb = [0, 0, 0, 0];
  for (const p of pointsLps) {
    const q = [(p[0] - mean[0]) / spread, (p[1] - mean[1]) / spread, (p[2] - mean[2]) / spread];
    const row = [2 * q[0], 2 * q[1], 2 * q[2], 1];
    const rhs = q[0] * q[0] + q[1] * q[1] + q[2] * q[2];
    for (let r = 0; r < 4; r++) {
      atb[r] += row[r] * rhs;
      for (let c = 0; c < 4; c++) ata[r][c] += row[r] * row[c];
    }
  }
  const x = solve4(ata, atb);
  const r2 = x ? x[3] + x[0] * x[0] + x[1] * x[1] + x[2] * x[2] : NaN;
  if (!x || !(r2 > 0)) {
    throw new JumeauError('BAD_ARGUMENT', 'points are coplanar or collinear: no unique sphere fits them', { subject: 'pointsLps' });
  }
  return {
    centerLps: [mean[0] + spread * x[0], mean[1] + spread * x[1], mean[2] + spread * x[2]],
    radiusMm: spread * Math.sqrt(r2),
  };
}

/** Σ(|p − c| − R)² for parameters [cx, cy, cz, R]. */
function cost(points: readonly PointLps[], t: readonly number[]): number {
  let s = 0;
  for (const p of points) {
    const r = Math.hypot(p[0] - t[0], p[1] - t[1], p[2] - t[2]) - t[3];
    s += r * r;
  }
  return s;
}

/**
 * Geometric sphere fit: Kåsa start, then Levenberg–Marquardt (Marquardt diagonal scaling) on
 * r_i = |p_i − c| − R. Returns the refined fit with RMS residual and point count.
 * @throws JumeauError BAD_ARGUMENT for < 4 points, NaN coordinates, or coplanar/collinear points
 */
export function fitSphere(pointsLps: readonly PointLps[], options: SphereFitOptions = {}): SphereFit {
  const start = kasaSphereEstimate(pointsLps);
  const maxIterations = options.maxIterations ?? 200;
  const tol = options.relativeStepTolerance ?? 1e-12;
  let t = [start.centerLps[0], start.centerLps[1], start.centerLps[2], start.radiusMm];
  let f = cost(pointsLps, t);
  let lambda = 1e-3;
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations && !converged) {
    iterations++;
    const jtj = [[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]];
    const jtr = [0, 0, 0, 0];
    for (const p of pointsLps) {
      const dx = p[0] - t[0];
      const dy = p[1] - t[1];
      const dz = p[2] - t[2];
      const d = Math.hypot(dx, dy, dz);
      const row = d > 0 ? [-dx / d, -dy / d, -dz / d, -1] : [0, 0, 0, -1];
      const r = d - t[3];
      for (let a = 0; a < 4; a++) {
        jtr[a] += row[a] * r;
        for (let b = 0; b < 4; b++) jtj[a][b] += row[a] * row[b];
      }
    }
    // Try damped steps until the cost does not increase (or λ explodes: we are at the minimum).
    let accepted = false;
    while (!accepted && lambda < 1e16) {
      const m = jtj.map((row, a) => row.map((v, b) => (a === b ? v * (1 + lambda) : v)));
      const step = solve4(m, jtr.map((v) => -v));
      if (!step) {
        lambda *= 10;
        continue;
      }
      const trial = t.map((v, a) => v + step[a]);
      const ft = cost(pointsLps, trial);
      if (ft <= f) {
        const stepSize = Math.hypot(step[0], step[1], step[2], step[3]);
        t = trial;
        f = ft;
        lambda = Math.max(lambda / 10, 1e-12);
        accepted = true;
        if (stepSize <= tol * Math.max(1, Math.abs(t[3]))) converged = true;
      } else {
        lambda *= 10;
      }
    }
    if (!accepted) converged = true; // no descent direction left: the current estimate is the minimum
  }
  return {
    centerLps: [t[0], t[1], t[2]],
    radiusMm: Math.abs(t[3]),
    rmsResidualMm: Math.sqrt(f / pointsLps.length),
    pointCount: pointsLps.length,
    iterations,
    converged,
    method: 'geometric-lm',
  };
}
