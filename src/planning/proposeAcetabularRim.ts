/**
 * Automatic proposal of the acetabular rim and the native acetabular opening (issue 5, brief §3.1–3.2).
 *
 * From the fitted femoral head sphere (centre c, radius R): rays from c in ~4000 evenly spread
 * directions (Fibonacci sphere) are sampled every 0.5 mm from 0.9·R to R + `bandMm` (default 8 mm:
 * joint space plus a few mm of bone); a direction is *covered* when the ray meets the hip-bone segment.
 * The covered directions are the acetabular shell; the largest connected set of uncovered directions is
 * the opening. The shell's free edge — covered directions next to the opening — gives the rim points
 * (c + first-hit distance · direction). A plane is fitted to them robustly (MSAC consensus over
 * point triples, then least-squares refits on the points within max(2 mm, largest voxel spacing)),
 * which drops the acetabular notch and bone lobes beyond the rim). Its normal, turned toward the opening, is the native opening axis; the opening
 * centre is a circle fit to the inlier rim points in that plane.
 *
 * The angles reuse cupAngles.ts with the opening axis as the cup axis (same conventions and side
 * handling): {@link nativeAcetabularAngles} in the APP frame. Pure: no DOM, no Babylon.
 */
import { JumeauError } from '../core/errors';
import type { PointLps, Vec3 } from '../core/vec3';
import { add, cross, dot, scale, sub } from '../core/vec3';
import { eigenvector, jacobiEigenSymmetric } from '../registration/eigen';
import type { Geometry } from '../segmentation/labelmap';
import { lpsToIndex } from '../volume/volume';
import { cupAnglesFromAxisLai, cupAxisLaiFromFrame, type CupAngleDefinition, type CupAngles } from './cupAngles';
import { unitOrThrow } from './geometry';
import { directionLpsToPelvic, type PelvicFrame } from './pelvicFrame';
import type { Side } from './validate';
import { checkSide, checkVec3 } from './validate';

/** Options of {@link proposeAcetabularRim}. */
export interface AcetabularRimOptions {
  /** Value of the hip bone in `segment.data`; omitted = every non-zero voxel is hip bone. */
  label?: number;
  /** How far beyond the head surface a ray looks for bone, mm (default 8: joint space + a few mm). */
  bandMm?: number;
  /** Number of ray directions (default 4000, ≈ 3.2° apart). */
  directionCount?: number;
  /** Ray sampling step, mm (default 0.5). */
  rayStepMm?: number;
  /** Rim points within this distance of the consensus plane are inliers, mm (default max(2, largest voxel spacing)). */
  inlierToleranceMm?: number;
}

/** Three rim points a surgeon can move (each on the fitted rim plane); they define the opening plane. */
export interface RimLandmarksLps {
  /** Inlier rim point nearest the superior direction (LPS +z projected on the plane) from the centre. */
  superiorLps: PointLps;
  /** Inlier rim point nearest the anterior direction (LPS −y projected on the plane). */
  anteriorLps: PointLps;
  /** Inlier rim point nearest the posterior direction (LPS +y projected on the plane). */
  posteriorLps: PointLps;
}

/** A proposed native acetabular opening of one side. */
export interface AcetabularRimProposal {
  side: Side;
  /** Centre of the opening (circle fitted to the inlier rim points in the rim plane), LPS mm. */
  centreLps: PointLps;
  /** Unit normal of the rim plane, out of the opening (the native "cup axis"), LPS. */
  normalLps: Vec3;
  /** Radius of the fitted rim circle, mm. */
  openingRadiusMm: number;
  /** Distance of the head centre from the rim plane toward the inside of the acetabulum, mm (< 0: the centre is outside the opening plane). */
  headCentreDepthMm: number;
  /** The three rim landmarks (on the plane; their plane is the fitted one). */
  landmarksLps: RimLandmarksLps;
  /** Inlier rim points of the last fit, LPS mm. */
  rimPointsLps: PointLps[];
  /** Rim points before trimming. */
  candidateCount: number;
  /** RMS distance of the inliers to the plane, mm. */
  rmsResidualMm: number;
  /** Fraction of the ray directions that met hip bone (≈ 0.5 for a hemispherical socket). */
  coveredFraction: number;
  /** Always 'auto'. */
  source: 'auto';
  /** How it was found, for the plan landmarks' `method`. */
  method: string;
}

const neighbourCache = new Map<number, { dirs: Vec3[]; nbrs: Int32Array }>();
const K = 6;

/** N Fibonacci-sphere directions and the K nearest neighbours of each (cached per N). */
function directionGraph(n: number): { dirs: Vec3[]; nbrs: Int32Array } {
  const hit = neighbourCache.get(n);
  if (hit) return hit;
  const golden = Math.PI * (3 - Math.sqrt(5));
  const dirs: Vec3[] = [];
  for (let q = 0; q < n; q++) {
    const z = 1 - (2 * q + 1) / n, r = Math.sqrt(1 - z * z);
    dirs.push([r * Math.cos(golden * q), r * Math.sin(golden * q), z]);
  }
  const nbrs = new Int32Array(n * K);
  const best = new Float64Array(K), idx = new Int32Array(K);
  for (let q = 0; q < n; q++) {
    best.fill(-Infinity);
    const d = dirs[q];
    for (let m = 0; m < n; m++) {
      if (m === q) continue;
      const c = d[0] * dirs[m][0] + d[1] * dirs[m][1] + d[2] * dirs[m][2];
      if (c <= best[K - 1]) continue;
      let s = K - 1;
      while (s > 0 && best[s - 1] < c) { best[s] = best[s - 1]; idx[s] = idx[s - 1]; s--; }
      best[s] = c; idx[s] = m;
    }
    nbrs.set(idx, q * K);
  }
  const g = { dirs, nbrs };
  neighbourCache.set(n, g);
  return g;
}

/** Least-squares plane: centroid and unit normal (smallest principal axis). */
function fitPlane(points: readonly PointLps[]): { centroid: Vec3; normal: Vec3 } {
  const c: Vec3 = [0, 1, 2].map((a) => points.reduce((s, p) => s + p[a], 0) / points.length) as Vec3;
  const m = new Float64Array(9);
  for (const p of points) {
    const d = sub(p, c);
    for (let r = 0; r < 3; r++) for (let s = 0; s < 3; s++) m[r * 3 + s] += d[r] * d[s];
  }
  const e = jacobiEigenSymmetric(m, 3);
  return { centroid: c, normal: unitOrThrow(eigenvector(e, 2) as Vec3, 'rim plane') };
}

/**
 * Robust plane (MSAC): of 800 planes through point triples (fixed-seed sampling), the one with the least
 * Σ min(r², tol²); then least-squares refits on the points within `tol` until they stop changing.
 */
function consensusPlane(points: readonly PointLps[], tol: number): { centroid: Vec3; normal: Vec3; inliers: PointLps[] } {
  let seed = 0x2545f491;
  const rand = (m: number) => { seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0; return seed % m; };
  let best: { p: Vec3; n: Vec3 } | null = null, bestCost = Infinity;
  for (let t = 0; t < 800; t++) {
    const [a, b, c] = [points[rand(points.length)], points[rand(points.length)], points[rand(points.length)]];
    const x = cross(sub(b, a), sub(c, a)), len = Math.hypot(...x);
    if (!(len > 1e-6)) continue;
    const nrm = scale(x, 1 / len);
    let cost = 0;
    for (const p of points) cost += Math.min(dot(sub(p, a), nrm) ** 2, tol * tol);
    if (cost < bestCost) { bestCost = cost; best = { p: a, n: nrm }; }
  }
  if (!best) throw new JumeauError('BAD_ARGUMENT', 'acetabular rim points are collinear', { subject: 'rim' });
  let inliers = points.filter((p) => Math.abs(dot(sub(p, best.p), best.n)) <= tol);
  let plane = fitPlane(inliers);
  for (let it = 0; it < 10; it++) {
    const next = points.filter((p) => Math.abs(dot(sub(p, plane.centroid), plane.normal)) <= tol);
    if (next.length < 3 || (next.length === inliers.length && next.every((p, m) => p === inliers[m]))) break;
    inliers = next;
    plane = fitPlane(inliers);
  }
  return { ...plane, inliers };
}

/** Algebraic (Kåsa) circle fit in the plane (basis e1, e2 at origin o): centre (LPS) and radius. */
function fitCircleInPlane(points: readonly PointLps[], o: Vec3, e1: Vec3, e2: Vec3): { centre: Vec3; radius: number } {
  // x² + y² + D x + E y + F = 0 → normal equations of [x y 1]·[D E F] = −(x² + y²).
  const A = new Float64Array(9), b = new Float64Array(3);
  for (const p of points) {
    const d = sub(p, o), x = dot(d, e1), y = dot(d, e2), row = [x, y, 1], rhs = -(x * x + y * y);
    for (let r = 0; r < 3; r++) { b[r] += row[r] * rhs; for (let s = 0; s < 3; s++) A[r * 3 + s] += row[r] * row[s]; }
  }
  const det = (m: ArrayLike<number>) => m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) + m[2] * (m[3] * m[7] - m[4] * m[6]);
  const D0 = det(A);
  const solve = (k: number) => det(A.map((v, i) => (i % 3 === k ? b[Math.floor(i / 3)] : v))) / D0;
  const [D, E, F] = [solve(0), solve(1), solve(2)];
  const cx = -D / 2, cy = -E / 2;
  return { centre: add(o, add(scale(e1, cx), scale(e2, cy))), radius: Math.sqrt(Math.max(0, cx * cx + cy * cy - F)) };
}

/**
 * Proposes the acetabular rim and the native opening (centre, axis) of one side from its hip-bone
 * segment and the fitted femoral head sphere of that side (LPS mm).
 * @throws JumeauError BAD_ARGUMENT on a bad side, centre or radius, or when no shell with a free edge is
 *   found (no hip bone around the head, or bone all round it)
 */
export function proposeAcetabularRim(segment: Geometry & { data: ArrayLike<number> }, headCentreLps: PointLps, headRadiusMm: number, side: Side, options: AcetabularRimOptions = {}): AcetabularRimProposal {
  checkSide(side);
  checkVec3(headCentreLps, 'headCentreLps');
  if (!(headRadiusMm > 5 && headRadiusMm < 60)) throw new JumeauError('BAD_ARGUMENT', `head radius ${headRadiusMm} mm is not a femoral head's (5–60 mm)`, { subject: 'headRadiusMm' });
  const band = options.bandMm ?? 8, step = options.rayStepMm ?? 0.5, n = options.directionCount ?? 4000;
  const subject = options.label === undefined ? 'hip bone mask' : `label ${options.label}`;
  const { size, data } = segment;
  const isBone = (p: Vec3): boolean => {
    const [i, j, k] = lpsToIndex(segment, p).map(Math.round);
    if (i < 0 || j < 0 || k < 0 || i >= size[0] || j >= size[1] || k >= size[2]) return false;
    const v = data[i + size[0] * (j + size[1] * k)];
    return options.label === undefined ? v !== 0 : v === options.label;
  };
  const { dirs, nbrs } = directionGraph(n);
  const hitMm = new Float64Array(n).fill(NaN);
  for (let q = 0; q < n; q++) {
    for (let t = 0.9 * headRadiusMm; t <= headRadiusMm + band; t += step) {
      if (isBone(add(headCentreLps, scale(dirs[q], t)))) { hitMm[q] = t; break; }
    }
  }
  const covered = (q: number) => !Number.isNaN(hitMm[q]);
  const coveredCount = dirs.reduce((s, _, q) => s + (covered(q) ? 1 : 0), 0);
  // Largest connected set of uncovered directions = the opening.
  const comp = new Int32Array(n).fill(-1);
  let bestComp = -1, bestSize = 0, nComp = 0;
  for (let q = 0; q < n; q++) {
    if (covered(q) || comp[q] >= 0) continue;
    const stack = [q];
    comp[q] = nComp;
    let count = 0;
    while (stack.length) {
      const u = stack.pop()!;
      count++;
      for (let s = 0; s < K; s++) {
        const v = nbrs[u * K + s];
        if (!covered(v) && comp[v] < 0) { comp[v] = nComp; stack.push(v); }
      }
    }
    if (count > bestSize) { bestSize = count; bestComp = nComp; }
    nComp++;
  }
  if (coveredCount < 0.1 * n || bestComp < 0) {
    throw new JumeauError('BAD_ARGUMENT', `no acetabular shell with a free edge around the head (${((100 * coveredCount) / n).toFixed(0)} % of directions meet hip bone within ${band} mm of the head surface)`, { subject });
  }
  let openSum: Vec3 = [0, 0, 0];
  const candidates: PointLps[] = [];
  for (let q = 0; q < n; q++) {
    if (comp[q] === bestComp) openSum = add(openSum, dirs[q]);
    if (!covered(q)) continue;
    let edge = false;
    for (let s = 0; s < K && !edge; s++) edge = comp[nbrs[q * K + s]] === bestComp;
    if (edge) candidates.push(add(headCentreLps, scale(dirs[q], hitMm[q])));
  }
  if (candidates.length < 20) throw new JumeauError('BAD_ARGUMENT', `only ${candidates.length} rim points found (need ≥ 20)`, { subject });
  const plane = consensusPlane(candidates, options.inlierToleranceMm ?? Math.max(2, Math.max(...segment.spacing)));
  const inliers = plane.inliers;
  const normal = dot(plane.normal, openSum) >= 0 ? plane.normal : scale(plane.normal, -1);
  const rms = Math.sqrt(inliers.reduce((s, p) => s + dot(sub(p, plane.centroid), normal) ** 2, 0) / inliers.length);
  // In-plane basis: e1 = superior projected (fallback: anterior), e2 = normal × e1.
  const inPlane = (v: Vec3) => sub(v, scale(normal, dot(v, normal)));
  const sup = inPlane([0, 0, 1]);
  const e1 = unitOrThrow(Math.hypot(...sup) > 0.1 ? sup : inPlane([0, -1, 0]), 'rim plane basis');
  const e2 = cross(normal, e1);
  const circle = fitCircleInPlane(inliers, plane.centroid, e1, e2);
  const centreLps = circle.centre;
  const toPlane = (p: Vec3) => sub(p, scale(normal, dot(sub(p, centreLps), normal)));
  const nearest = (target: Vec3): PointLps => {
    const t = unitOrThrow(inPlane(target), 'rim landmark direction');
    let best = inliers[0], bestCos = -Infinity;
    for (const p of inliers) {
      const d = inPlane(sub(p, centreLps)), len = Math.hypot(...d);
      const c = len > 0 ? dot(d, t) / len : -Infinity;
      if (c > bestCos) { bestCos = c; best = p; }
    }
    return toPlane(best);
  };
  const landmarksLps: RimLandmarksLps = { superiorLps: nearest([0, 0, 1]), anteriorLps: nearest([0, -1, 0]), posteriorLps: nearest([0, 1, 0]) };
  return {
    side, centreLps, normalLps: normal, openingRadiusMm: circle.radius,
    headCentreDepthMm: -dot(sub(headCentreLps, centreLps), normal),
    landmarksLps, rimPointsLps: inliers, candidateCount: candidates.length, rmsResidualMm: rms,
    coveredFraction: coveredCount / n, source: 'auto',
    method: `free edge of the hip-bone shell within ${band} mm of the fitted head sphere (${n} rays), consensus plane through ${inliers.length} of ${candidates.length} rim points (RMS ${rms.toFixed(2)} mm), circle fit for the centre`,
  };
}

/**
 * Unit opening axis (LPS) of the plane through three rim points, turned to face laterally (the
 * acetabulum opens laterally: +x for a left hip, −x for a right one, in the frame's x when given).
 * @throws JumeauError BAD_ARGUMENT when the three points are (nearly) collinear
 */
export function openingAxisFromRimPoints(rim: RimLandmarksLps, side: Side, frame?: Pick<PelvicFrame, 'xLps'>): Vec3 {
  checkSide(side);
  const n = unitOrThrow(cross(sub(rim.anteriorLps, rim.posteriorLps), sub(rim.superiorLps, rim.posteriorLps)), 'acetabular rim points (collinear?)', 1e-3);
  const lateral = dot(n, frame?.xLps ?? [1, 0, 0]) * (side === 'L' ? 1 : -1);
  return lateral >= 0 ? n : scale(n, -1);
}

/**
 * Native acetabular angles, all three Murray definitions, of an opening axis (LPS) in a pelvic frame
 * (the APP frame for APP angles): the axis is used as the cup axis of cupAngles.ts, same side handling.
 */
export function nativeAcetabularAngles(openingAxisLps: Vec3, frame: Pick<PelvicFrame, 'xLps' | 'yLps' | 'zLps'>, side: Side): Record<CupAngleDefinition, CupAngles> {
  const f = directionLpsToPelvic(unitOrThrow(openingAxisLps, 'openingAxisLps'), frame as PelvicFrame);
  const lai = cupAxisLaiFromFrame(f, side);
  return { radiographic: cupAnglesFromAxisLai(lai, 'radiographic'), operative: cupAnglesFromAxisLai(lai, 'operative'), anatomic: cupAnglesFromAxisLai(lai, 'anatomic') };
}
