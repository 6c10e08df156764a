/**
 * Paired-point rigid registration (brief §7.1): the proper rotation R and translation t minimising
 * Σ wᵢ ‖R·pᵢ + t − qᵢ‖², by Kabsch (SVD with the reflection guard D) or Horn (unit quaternion, top
 * eigenvector of the 4×4 matrix N). No scale is estimated: CT is metric.
 */
import { JumeauError } from '../core/errors';
import type { Vec3 } from '../core/vec3';
import type { Mat3 } from '../planning/geometry';
import { jacobiEigenSymmetric } from './eigen';
import type { RigidTransform } from './rigidTransform';
import { quaternionFromRotation, rotationFromQuaternion } from './rigidTransform';
import { det3, svd3 } from './svd3';

/** Result of {@link registerPairedPoints}. */
export interface PairedRegistration {
  /** Maps source points onto target points: target ≈ R·source + t (mm). */
  targetFromSource: RigidTransform;
  /** The rotation as a unit quaternion (w, x, y, z), w ≥ 0. */
  quaternionWxyz: [number, number, number, number];
  /** Fiducial registration error: weighted RMS of the residuals (mm). Not an accuracy measure (brief §7.3). */
  freMm: number;
  /** |R·pᵢ + t − qᵢ| per pair (mm), in input order. */
  residualsMm: number[];
  /** Singular values of the (weighted) centred source matrix, descending (mm). */
  singularValuesMm: Vec3;
  /** Second singular value < 10 % of the first: the fiducials lie close to a line (large TRE about it). */
  nearCollinear: boolean;
  /** Human-readable cautions (near-collinear configuration, ignored zero-weight pairs). */
  warnings: string[];
}

/** Below this ratio s₂/s₁ of the centred matrix a configuration counts as exactly collinear (rejected). */
const COLLINEAR_RATIO = 1e-6;
/** Below this ratio s₂/s₁ the result carries the near-collinear warning (brief §7.1). */
const NEAR_COLLINEAR_RATIO = 0.1;

function checkPoints(points: readonly Vec3[], name: string): void {
  if (!Array.isArray(points)) throw new JumeauError('BAD_ARGUMENT', 'expected an array of [x, y, z] points (mm)', { subject: name });
  points.forEach((p, i) => {
    if (!Array.isArray(p) || p.length !== 3 || !p.every((c) => typeof c === 'number' && Number.isFinite(c))) {
      throw new JumeauError('BAD_ARGUMENT', 'point must be three finite numbers (mm)', { subject: `${name}[${i}]` });
    }
  });
}

/** Weighted centroid and singular values of the centred matrix (rows √wᵢ·(pᵢ − p̄)). */
function spread(points: readonly Vec3[], w: readonly number[], wSum: number): { centroid: Vec3; singular: Vec3 } {
  const c: Vec3 = [0, 0, 0];
  points.forEach((p, i) => {
    c[0] += w[i] * p[0];
    c[1] += w[i] * p[1];
    c[2] += w[i] * p[2];
  });
  c[0] /= wSum;
  c[1] /= wSum;
  c[2] /= wSum;
  const s = new Float64Array(9);
  points.forEach((p, i) => {
    const d = [p[0] - c[0], p[1] - c[1], p[2] - c[2]];
    for (let r = 0; r < 3; r++) for (let k = 0; k < 3; k++) s[r * 3 + k] += w[i] * d[r] * d[k];
  });
  const { values } = jacobiEigenSymmetric(s, 3);
  return { centroid: c, singular: [Math.sqrt(Math.max(0, values[0])), Math.sqrt(Math.max(0, values[1])), Math.sqrt(Math.max(0, values[2]))] };
}

function checkConfiguration(points: readonly Vec3[], w: readonly number[], name: string, singular: Vec3): void {
  const extent = singular[0];
  const tol = 1e-6 + 1e-12 * extent;
  for (let j = 0; j < points.length; j++) {
    if (w[j] === 0) continue;
    for (let i = 0; i < j; i++) {
      if (w[i] === 0) continue;
      const a = points[i];
      const b = points[j];
      if (Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]) <= tol) {
        throw new JumeauError('DEGENERATE_FIDUCIALS', `coincides with ${name}[${i}] (the same point picked twice?)`, { subject: `${name}[${j}]` });
      }
    }
  }
  if (!(singular[1] > COLLINEAR_RATIO * singular[0])) {
    throw new JumeauError('DEGENERATE_FIDUCIALS', 'points are collinear: the rotation about their line is undetermined (need ≥ 3 non-collinear points)', { subject: name });
  }
}

/** Horn's symmetric 4×4 matrix N of the cross-covariance H = Σ w p̃ q̃ᵀ (Horn 1987, eq. for N). */
function hornMatrix(h: Mat3): Float64Array {
  const [[sxx, sxy, sxz], [syx, syy, syz], [szx, szy, szz]] = h;
  return Float64Array.of(
    sxx + syy + szz, syz - szy, szx - sxz, sxy - syx,
    syz - szy, sxx - syy - szz, sxy + syx, szx + sxz,
    szx - sxz, sxy + syx, -sxx + syy - szz, syz + szy,
    sxy - syx, szx + sxz, syz + szy, -sxx - syy + szz,
  );
}

/**
 * Rigid paired-point registration of `sourceLps[i]` onto `targetLps[i]`.
 * @param params.sourceLps - fiducials in the source frame (e.g. CT, LPS mm), ≥ 3, not collinear
 * @param params.targetLps - the same fiducials in the target frame (e.g. headset world, mm), same order
 * @param params.weights - optional non-negative weights (default 1); zero-weight pairs are ignored
 * @param params.method - 'kabsch' (SVD, default) or 'horn' (quaternion); equal to rounding
 * @returns transform, quaternion, FRE, residuals, source spread and warnings
 * @throws JumeauError BAD_ARGUMENT (non-finite point `sourceLps[2]`, count mismatch `targetLps`, bad
 *   `weights[i]`, unknown `method`); DEGENERATE_FIDUCIALS (fewer than 3 pairs, a point coinciding with an
 *   earlier one `sourceLps[j]`, collinear `sourceLps` / `targetLps`)
 */
export function registerPairedPoints(params: {
  sourceLps: readonly Vec3[];
  targetLps: readonly Vec3[];
  weights?: readonly number[];
  method?: 'kabsch' | 'horn';
}): PairedRegistration {
  const { sourceLps, targetLps, weights, method = 'kabsch' } = params;
  checkPoints(sourceLps, 'sourceLps');
  checkPoints(targetLps, 'targetLps');
  if (targetLps.length !== sourceLps.length) {
    throw new JumeauError('BAD_ARGUMENT', `${targetLps.length} target points for ${sourceLps.length} source points (pairs must match)`, { subject: 'targetLps' });
  }
  if (method !== 'kabsch' && method !== 'horn') throw new JumeauError('BAD_ARGUMENT', `unknown method '${String(method)}' (kabsch | horn)`, { subject: 'method' });
  const n = sourceLps.length;
  let w: readonly number[];
  if (weights === undefined) {
    w = new Array<number>(n).fill(1);
  } else {
    if (!Array.isArray(weights) || weights.length !== n) throw new JumeauError('BAD_ARGUMENT', `need one weight per pair (${n})`, { subject: 'weights' });
    weights.forEach((x, i) => {
      if (typeof x !== 'number' || !Number.isFinite(x) || x < 0) throw new JumeauError('BAD_ARGUMENT', 'weight must be a finite number ≥ 0', { subject: `weights[${i}]` });
    });
    w = weights;
  }
  const used = w.filter((x) => x > 0).length;
  if (used < 3) {
    throw new JumeauError('DEGENERATE_FIDUCIALS', `a rigid registration needs at least 3 point pairs, got ${used}`, { subject: 'sourceLps' });
  }
  const wSum = w.reduce((a, b) => a + b, 0);
  const src = spread(sourceLps, w, wSum);
  const tgt = spread(targetLps, w, wSum);
  checkConfiguration(sourceLps, w, 'sourceLps', src.singular);
  checkConfiguration(targetLps, w, 'targetLps', tgt.singular);

  const p0 = src.centroid;
  const q0 = tgt.centroid;
  const h: Mat3 = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
  for (let i = 0; i < n; i++) {
    if (w[i] === 0) continue;
    const p = [sourceLps[i][0] - p0[0], sourceLps[i][1] - p0[1], sourceLps[i][2] - p0[2]];
    const q = [targetLps[i][0] - q0[0], targetLps[i][1] - q0[1], targetLps[i][2] - q0[2]];
    for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) h[r][c] += w[i] * p[r] * q[c];
  }

  let rotation: Mat3;
  let quaternionWxyz: [number, number, number, number];
  if (method === 'kabsch') {
    // H = U S Vᵀ; R = V D Uᵀ with D = diag(1, 1, sign det(V Uᵀ)) — the reflection guard (REG-02).
    const { u, v } = svd3(h);
    const d = det3(v) * det3(u) < 0 ? -1 : 1;
    rotation = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
    for (let r = 0; r < 3; r++) {
      for (let c = 0; c < 3; c++) rotation[r][c] = v[r][0] * u[c][0] + v[r][1] * u[c][1] + d * v[r][2] * u[c][2];
    }
    quaternionWxyz = quaternionFromRotation(rotation);
  } else {
    const e = jacobiEigenSymmetric(hornMatrix(h), 4);
    const q: [number, number, number, number] = [e.vectors[0], e.vectors[4], e.vectors[8], e.vectors[12]];
    const sign = q[0] < 0 ? -1 : 1;
    const len = Math.hypot(q[0], q[1], q[2], q[3]);
    quaternionWxyz = [(sign * q[0]) / len, (sign * q[1]) / len, (sign * q[2]) / len, (sign * q[3]) / len];
    rotation = rotationFromQuaternion(quaternionWxyz);
  }
  const rp0 = [0, 1, 2].map((r) => rotation[r][0] * p0[0] + rotation[r][1] * p0[1] + rotation[r][2] * p0[2]);
  const translationMm: Vec3 = [q0[0] - rp0[0], q0[1] - rp0[1], q0[2] - rp0[2]];

  let sq = 0;
  const residualsMm = sourceLps.map((p, i) => {
    const e = [0, 1, 2].map((r) => rotation[r][0] * p[0] + rotation[r][1] * p[1] + rotation[r][2] * p[2] + translationMm[r] - targetLps[i][r]);
    const d = Math.hypot(e[0], e[1], e[2]);
    sq += w[i] * d * d;
    return d;
  });

  const warnings: string[] = [];
  const nearCollinear = src.singular[1] < NEAR_COLLINEAR_RATIO * src.singular[0];
  if (nearCollinear) {
    warnings.push(
      `fiducials are nearly collinear (singular values ${src.singular.map((s) => s.toFixed(1)).join(', ')} mm): the rotation about their line is poorly determined — add a landmark off that line`,
    );
  }
  if (used < n) warnings.push(`${n - used} pair(s) with weight 0 were ignored`);
  return {
    targetFromSource: { rotation, translationMm },
    quaternionWxyz,
    freMm: Math.sqrt(sq / wSum),
    residualsMm,
    singularValuesMm: src.singular,
    nearCollinear,
    warnings,
  };
}
