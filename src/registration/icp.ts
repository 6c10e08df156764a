/**
 * Point-to-plane ICP (Chen–Medioni; linearised as in Low 2004), brief §7.2. Each iteration: closest
 * target point of every moved source point (k-d tree), outlier rejection, one Gauss–Newton step on
 * Σ ((R·sᵢ + t − qᵢ)·nᵢ)² from the 6×6 normal equations, and an exact (re-orthonormalised) rotation.
 * ICP converges only locally: start from a paired-point registration (3–4 landmarks).
 */
import { JumeauError, throwIfAborted } from '../core/errors';
import type { Mat3 } from '../planning/geometry';
import { matMul } from '../planning/geometry';
import { jacobiEigenSymmetric } from './eigen';
import { KdTree3 } from './kdTree';
import type { RigidTransform } from './rigidTransform';
import { assertRigidTransform, IDENTITY_TRANSFORM } from './rigidTransform';
import { nearestRotation } from './svd3';
import { solveSymmetric6 } from './solve6';

/** Result of {@link icpPointToPlane}. */
export interface IcpResult {
  /** Final pose: target ≈ R·source + t (mm). */
  targetFromSource: RigidTransform;
  /** Gauss–Newton steps taken. */
  iterations: number;
  /** Point-to-plane RMS distance (mm) of the inlier pairs at the last correspondence step. */
  rmsMm: number;
  /** Pairs kept by the rejection tests at the last correspondence step. */
  inlierCount: number;
  /**
   * Condition number λmax/λmin of the last 6×6 normal matrix, with the rotation columns scaled by the
   * RMS radius of the source about its centroid (dimensionless; Gelfand et al. 2003). Large (≳ 1e3)
   * means a sliding direction is poorly constrained (cylinder-like shaft, flat liver face). Infinity
   * when singular.
   */
  conditionNumber: number;
  /** A stopping tolerance was met before maxIterations. */
  converged: boolean;
  /** Why it stopped. */
  stopReason: 'step' | 'rms' | 'maxIterations';
  /** Per iteration: RMS (mm) and inlier count of the correspondences it used. */
  history: { rmsMm: number; inliers: number }[];
}

type Xyz = Float64Array | Float32Array;

function checkPacked(a: Xyz, subject: string, minCount: number): number {
  if (!(a instanceof Float64Array || a instanceof Float32Array)) throw new JumeauError('BAD_ARGUMENT', 'expected a Float64Array or Float32Array of packed xyz', { subject });
  if (a.length % 3 !== 0 || a.length / 3 < minCount) {
    throw new JumeauError('BAD_ARGUMENT', `need at least ${minCount} packed xyz points (length ${a.length})`, { subject });
  }
  for (let i = 0; i < a.length; i++) {
    if (!Number.isFinite(a[i])) throw new JumeauError('BAD_ARGUMENT', 'non-finite coordinate', { subject: `${subject}[${Math.floor(i / 3)}]` });
  }
  return a.length / 3;
}

/**
 * Validated unit normals as Float64, optionally permuted: out[k] = normal of point `order[k]`.
 * @throws JumeauError BAD_ARGUMENT on a wrong length or a zero / non-finite normal
 */
function unitNormals(a: Xyz, count: number, subject: string, order: Uint32Array | null): Float64Array {
  if (!(a instanceof Float64Array || a instanceof Float32Array) || a.length !== count * 3) {
    throw new JumeauError('BAD_ARGUMENT', `need one normal per point (${count} × 3 numbers)`, { subject });
  }
  const out = new Float64Array(a.length);
  for (let k = 0; k < count; k++) {
    const i = order ? order[k] : k;
    const x = a[i * 3], y = a[i * 3 + 1], z = a[i * 3 + 2];
    const len = Math.sqrt(x * x + y * y + z * z);
    if (!(len > 1e-12) || !Number.isFinite(len)) throw new JumeauError('BAD_ARGUMENT', 'normal has zero length or a non-finite value', { subject: `${subject}[${i}]` });
    out[k * 3] = x / len;
    out[k * 3 + 1] = y / len;
    out[k * 3 + 2] = z / len;
  }
  return out;
}

/** Spreads the low 10 bits of v so that bit k lands at bit 3k (Morton interleave). */
function spreadBits10(v: number): number {
  let x = v & 0x3ff;
  x = (x | (x << 16)) & 0x30000ff;
  x = (x | (x << 8)) & 0x300f00f;
  x = (x | (x << 4)) & 0x30c30c3;
  x = (x | (x << 2)) & 0x9249249;
  return x;
}

/**
 * A spatially coherent visiting order of packed points (Morton / Z-order on a 1024³ grid over their
 * bounding box). Consecutive queries then touch the same k-d tree leaves, which roughly halves the
 * closest-point time on 50 000 points; results do not depend on the order (sums only).
 */
function mortonOrder(xyz: Xyz, n: number): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  if (n > 1 << 23) return order; // key · 2²³ + index must stay an exact double
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < n * 3; i += 3) {
    for (let k = 0; k < 3; k++) {
      if (xyz[i + k] < lo[k]) lo[k] = xyz[i + k];
      if (xyz[i + k] > hi[k]) hi[k] = xyz[i + k];
    }
  }
  const scale = [0, 1, 2].map((k) => (hi[k] > lo[k] ? 1023.999 / (hi[k] - lo[k]) : 0));
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const code =
      spreadBits10(((xyz[i * 3] - lo[0]) * scale[0]) | 0) |
      (spreadBits10(((xyz[i * 3 + 1] - lo[1]) * scale[1]) | 0) << 1) |
      (spreadBits10(((xyz[i * 3 + 2] - lo[2]) * scale[2]) | 0) << 2);
    keys[i] = (code >>> 0) * 8388608 + i;
  }
  keys.sort();
  for (let i = 0; i < n; i++) order[i] = keys[i] % 8388608;
  return order;
}

/** k-th smallest (0-based) of a[0..n) — Hoare quickselect, reorders `a`. */
function selectKth(a: Float64Array, n: number, k: number): number {
  let lo = 0;
  let hi = n - 1;
  while (hi > lo) {
    const pivot = a[(lo + hi) >>> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return a[k];
}

/** Checks that a caller-supplied tree indexes exactly `tgt` (count, and a sample of points). */
function checkTree(tree: KdTree3, tgt: Xyz, nt: number): void {
  if (!(tree instanceof KdTree3) || tree.count !== nt) throw new JumeauError('BAD_ARGUMENT', `tree does not index the ${nt} target points`, { subject: 'targetTree' });
  const pts = tree.pointsTreeOrder;
  const order = tree.treeOrder;
  const step = Math.max(1, Math.floor(nt / 64));
  for (let p = 0; p < nt; p += step) {
    const i = order[p] * 3;
    if (pts[p * 3] !== tgt[i] || pts[p * 3 + 1] !== tgt[i + 1] || pts[p * 3 + 2] !== tgt[i + 2]) {
      throw new JumeauError('BAD_ARGUMENT', 'tree was built from different target points', { subject: 'targetTree' });
    }
  }
}

/** Rodrigues rotation of the rotation vector ω (rad). */
function rotationFromVector(wx: number, wy: number, wz: number): Mat3 {
  const angle = Math.sqrt(wx * wx + wy * wy + wz * wz);
  if (angle === 0) return [[1, 0, 0], [0, 1, 0], [0, 0, 1]];
  const x = wx / angle, y = wy / angle, z = wz / angle;
  const c = Math.cos(angle), s = Math.sin(angle), k = 1 - c;
  return [
    [c + x * x * k, x * y * k - z * s, x * z * k + y * s],
    [y * x * k + z * s, c + y * y * k, y * z * k - x * s],
    [z * x * k - y * s, z * y * k + x * s, c + z * z * k],
  ];
}

/**
 * Rigidly aligns a source point cloud to a target surface given as points with normals.
 * @param params.sourceLps - packed xyz (mm), ≥ 6 points (e.g. traced with the controller tip)
 * @param params.targetLps - packed xyz (mm) of the target surface (e.g. CT mesh vertices)
 * @param params.targetNormals - packed unit normals of the target points (normalised here if not unit)
 * @param params.sourceNormals - optional packed source normals; when given, pairs whose normals differ by
 *   more than `maxNormalAngleDeg` (default 60°) are rejected. Without them (a traced point cloud has
 *   none) only the distance test applies.
 * @param params.targetTree - optional prebuilt k-d tree of `targetLps` (reuse across calls)
 * @param params.initial - starting pose (default identity); ICP converges only locally
 * @param params.maxIterations - default 30
 * @param params.rejectFactor - reject pairs farther than this × the median distance (default 3)
 * @param params.signal - cancels with CANCELLED between iterations
 * @param params.onProgress - called after each iteration with (iteration 1…, RMS mm)
 * @throws JumeauError BAD_ARGUMENT (arrays, normals, initial pose, options), CANCELLED, NOT_CONVERGED
 *   (fewer than 6 pairs survive rejection)
 */
export function icpPointToPlane(params: {
  sourceLps: Xyz;
  targetLps: Xyz;
  targetNormals: Xyz;
  sourceNormals?: Xyz;
  targetTree?: KdTree3;
  initial?: RigidTransform;
  maxIterations?: number;
  rejectFactor?: number;
  maxNormalAngleDeg?: number;
  signal?: AbortSignal;
  onProgress?: (iteration: number, rmsMm: number) => void;
}): IcpResult {
  const { targetLps: tgt, signal, onProgress } = params;
  const maxIterations = params.maxIterations ?? 30;
  const rejectFactor = params.rejectFactor ?? 3;
  const maxNormalAngleDeg = params.maxNormalAngleDeg ?? 60;
  const ns = checkPacked(params.sourceLps, 'sourceLps', 6);
  const nt = checkPacked(tgt, 'targetLps', 3);
  if (!Number.isInteger(maxIterations) || maxIterations < 1) throw new JumeauError('BAD_ARGUMENT', 'must be a positive integer', { subject: 'maxIterations' });
  if (!(rejectFactor > 0) || !Number.isFinite(rejectFactor)) throw new JumeauError('BAD_ARGUMENT', 'must be a finite number > 0', { subject: 'rejectFactor' });
  if (!(maxNormalAngleDeg > 0 && maxNormalAngleDeg <= 180)) throw new JumeauError('BAD_ARGUMENT', 'must be in (0, 180] degrees', { subject: 'maxNormalAngleDeg' });
  const initial = params.initial ?? IDENTITY_TRANSFORM;
  assertRigidTransform(initial, 'initial');
  const tree = params.targetTree ?? KdTree3.build(tgt);
  checkTree(tree, tgt, nt);
  // Target data in tree order, source data in a spatially coherent order (both Float64).
  const tp = tree.pointsTreeOrder;
  const tn = unitNormals(params.targetNormals, nt, 'targetNormals', tree.treeOrder);
  const visit = mortonOrder(params.sourceLps, ns);
  const src = new Float64Array(ns * 3);
  for (let k = 0; k < ns; k++) {
    const i = visit[k] * 3;
    src[k * 3] = params.sourceLps[i];
    src[k * 3 + 1] = params.sourceLps[i + 1];
    src[k * 3 + 2] = params.sourceLps[i + 2];
  }
  const sn = params.sourceNormals ? unitNormals(params.sourceNormals, ns, 'sourceNormals', visit) : null;
  const cosMax = Math.cos((maxNormalAngleDeg * Math.PI) / 180);

  let r: Mat3 = nearestRotation(initial.rotation);
  let t = [...initial.translationMm];
  const moved = new Float64Array(ns * 3);
  const nn = new Int32Array(ns).fill(-1);
  const dist = new Float64Array(ns);
  const scratch = new Float64Array(ns);
  const history: { rmsMm: number; inliers: number }[] = [];
  const m = new Float64Array(36);
  let conditionNumber = NaN;
  let stopReason: IcpResult['stopReason'] = 'maxIterations';
  let prevRms = Infinity;
  let iterations = 0;

  for (let iter = 0; iter < maxIterations; iter++) {
    throwIfAborted(signal);
    // 1. Move the source, find closest target points.
    const [r0, r1, r2] = r;
    let cx = 0, cy = 0, cz = 0;
    for (let i = 0, o = 0; i < ns; i++, o += 3) {
      const x = src[o], y = src[o + 1], z = src[o + 2];
      const mx = r0[0] * x + r0[1] * y + r0[2] * z + t[0];
      const my = r1[0] * x + r1[1] * y + r1[2] * z + t[1];
      const mz = r2[0] * x + r2[1] * y + r2[2] * z + t[2];
      moved[o] = mx;
      moved[o + 1] = my;
      moved[o + 2] = mz;
      cx += mx;
      cy += my;
      cz += mz;
      const j = tree.nearestPosition(mx, my, mz, nn[i]);
      nn[i] = j;
      dist[i] = Math.sqrt(tree.lastDistanceSq);
    }
    cx /= ns;
    cy /= ns;
    cz /= ns;
    let radiusSq = 0;
    for (let o = 0; o < ns * 3; o += 3) radiusSq += (moved[o] - cx) ** 2 + (moved[o + 1] - cy) ** 2 + (moved[o + 2] - cz) ** 2;
    const lever = Math.sqrt(radiusSq / ns) || 1; // scales rotation columns to mm → a dimensionless 6×6

    // 2. Rejection: distance > factor × median, normals > maxNormalAngle apart.
    scratch.set(dist);
    const medianMm = ns % 2 ? selectKth(scratch, ns, ns >> 1) : 0.5 * (selectKth(scratch, ns, (ns >> 1) - 1) + selectKth(scratch, ns, ns >> 1));
    const limit = rejectFactor * medianMm;

    // 3. Normal equations of rows [((s − c) × n)/L, n] · [L·ω; τ] = (q − s)·n.
    let a00 = 0, a01 = 0, a02 = 0, a03 = 0, a04 = 0, a05 = 0;
    let a11 = 0, a12 = 0, a13 = 0, a14 = 0, a15 = 0;
    let a22 = 0, a23 = 0, a24 = 0, a25 = 0;
    let a33 = 0, a34 = 0, a35 = 0, a44 = 0, a45 = 0, a55 = 0;
    let b0 = 0, b1 = 0, b2 = 0, b3 = 0, b4 = 0, b5 = 0;
    let inliers = 0;
    let sq = 0;
    const invLever = 1 / lever;
    for (let i = 0, o = 0; i < ns; i++, o += 3) {
      if (dist[i] > limit) continue;
      const q = nn[i] * 3;
      const nx = tn[q], ny = tn[q + 1], nz = tn[q + 2];
      if (sn) {
        const sx = sn[o], sy = sn[o + 1], sz = sn[o + 2];
        const rx = r0[0] * sx + r0[1] * sy + r0[2] * sz;
        const ry = r1[0] * sx + r1[1] * sy + r1[2] * sz;
        const rz = r2[0] * sx + r2[1] * sy + r2[2] * sz;
        if (rx * nx + ry * ny + rz * nz < cosMax) continue;
      }
      const sx = moved[o], sy = moved[o + 1], sz = moved[o + 2];
      const res = (tp[q] - sx) * nx + (tp[q + 1] - sy) * ny + (tp[q + 2] - sz) * nz;
      const px = (sx - cx) * invLever, py = (sy - cy) * invLever, pz = (sz - cz) * invLever;
      const u0 = py * nz - pz * ny, u1 = pz * nx - px * nz, u2 = px * ny - py * nx;
      a00 += u0 * u0; a01 += u0 * u1; a02 += u0 * u2; a03 += u0 * nx; a04 += u0 * ny; a05 += u0 * nz;
      a11 += u1 * u1; a12 += u1 * u2; a13 += u1 * nx; a14 += u1 * ny; a15 += u1 * nz;
      a22 += u2 * u2; a23 += u2 * nx; a24 += u2 * ny; a25 += u2 * nz;
      a33 += nx * nx; a34 += nx * ny; a35 += nx * nz;
      a44 += ny * ny; a45 += ny * nz; a55 += nz * nz;
      b0 += u0 * res; b1 += u1 * res; b2 += u2 * res; b3 += nx * res; b4 += ny * res; b5 += nz * res;
      sq += res * res;
      inliers++;
    }
    if (inliers < 6) {
      throw new JumeauError('NOT_CONVERGED', `only ${inliers} point pairs survived outlier rejection (need ≥ 6): is the initial pose close enough?`, { subject: 'sourceLps' });
    }
    const rms = Math.sqrt(sq / inliers);
    history.push({ rmsMm: rms, inliers });
    m.set([a00, a01, a02, a03, a04, a05, a01, a11, a12, a13, a14, a15, a02, a12, a22, a23, a24, a25, a03, a13, a23, a33, a34, a35, a04, a14, a24, a34, a44, a45, a05, a15, a25, a35, a45, a55]);
    const x = solveSymmetric6(m, [b0, b1, b2, b3, b4, b5]);

    // 4. Update: x ↦ ΔR·(x − c) + c + τ, then snap R back onto SO(3).
    const wx = x[0] * invLever, wy = x[1] * invLever, wz = x[2] * invLever;
    const dr = rotationFromVector(wx, wy, wz);
    const tc = [t[0] - cx, t[1] - cy, t[2] - cz];
    t = [0, 1, 2].map((k) => dr[k][0] * tc[0] + dr[k][1] * tc[1] + dr[k][2] * tc[2] + [cx, cy, cz][k] + x[3 + k]);
    r = nearestRotation(matMul(dr, r));
    iterations = iter + 1;
    onProgress?.(iterations, rms);

    const step = Math.sqrt(wx * wx + wy * wy + wz * wz + x[3] * x[3] + x[4] * x[4] + x[5] * x[5]);
    const rmsChange = Math.abs(prevRms - rms);
    prevRms = rms;
    if (step < 1e-6 || rmsChange < 1e-4) {
      stopReason = step < 1e-6 ? 'step' : 'rms';
      const e = jacobiEigenSymmetric(m, 6);
      conditionNumber = e.values[5] > 0 ? e.values[0] / e.values[5] : Infinity;
      break;
    }
    if (iter === maxIterations - 1) {
      const e = jacobiEigenSymmetric(m, 6);
      conditionNumber = e.values[5] > 0 ? e.values[0] / e.values[5] : Infinity;
    }
  }
  const last = history[history.length - 1];
  return {
    targetFromSource: { rotation: r, translationMm: [t[0], t[1], t[2]] },
    iterations,
    rmsMm: last.rmsMm,
    inlierCount: last.inliers,
    conditionNumber,
    converged: stopReason !== 'maxIterations',
    stopReason,
    history,
  };
}
