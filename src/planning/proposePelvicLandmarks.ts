/**
 * Automatic proposal of the anterior pelvic plane landmarks (both ASIS and both pubic tubercles, brief
 * §3.1) from the two hip-bone segments: the APP taken as the plane tangent to the front of the pelvis.
 *
 * Method (a convex-hull tangent plane found by fixed-point iteration, tilt-tolerant):
 * 1. start from the scanner's anterior direction a₀ = (0, −1, 0) (LPS), left X₀ = +x, superior Z₀ = +z;
 * 2. per side, split the hip bone's boundary points by height along the current Z: with the acetabulum
 *    centre of that side (the femoral head centre) the upper (iliac) part lies `upperAboveCentreMm`
 *    (20 mm) or more above it and the lower (pubic) part at or below it (`lowerAboveCentreMm`, 0);
 *    without it, above `upperFraction` (0.5) and below `lowerFraction` (0.4) of the bone's height
 *    range — which moves with a scan that cuts the ischium or the crest (on ts-abdopelvic-ct, cut
 *    12 mm below the pubis, an upper fraction of 0.7 misses the ASIS; 0.5 and 0.6 find it);
 * 3. in each of the four parts take the point farthest along the current anterior normal a (the support
 *    point; the boundary point nearest the centroid of the points within `contactToleranceMm` of the
 *    maximum, so a flat contact patch gives its middle, not an arbitrary corner);
 * 4. rebuild the APP frame from these four points ({@link anteriorPelvicPlaneFrame}) and repeat from 2.
 *    At the fixed point both ASIS lie on the plane, the pubic midpoint too, and no bone of the four parts
 *    is anterior to it (within the contact tolerance): the anterior tangent plane of the pelvis. The
 *    start needs only to be within the basin of that plane (tested for ±20° of tilt and 10° of axial
 *    rotation); the iteration stops when no point changes (or after `maxIterations`, with a warning).
 *
 * The points are proposals (`source: 'auto'`, a `method` string for the plan) to check and correct by
 * hand: the support point of the pubic part is the most anterior point of the pubic body/crest, which
 * is the tubercle or next to it; with a scan cut above the iliac crest or below the pubis the split
 * heights move and a warning says so. Pure.
 */
import { JumeauError } from '../core/errors';
import type { PointLps, Vec3 } from '../core/vec3';
import { dot, sub } from '../core/vec3';
import type { Geometry } from '../segmentation/labelmap';
import { anteriorPelvicPlaneFrame, pointLpsToPelvic, type AppLandmarksLps, type PelvicFrame } from './pelvicFrame';
import { segmentBoundaryPointsLps } from './proposeHeadCentre';
import { checkRange, checkVec3, radToDeg } from './validate';

/** Options of {@link proposeAppLandmarks}. */
export interface PelvicLandmarkOptions {
  /** Acetabulum centre per side (the femoral head centre), LPS mm: the height split of that side. */
  acetabulumCentresLps?: { L?: PointLps; R?: PointLps };
  /** With a centre: the upper (iliac) part starts this far above it, mm (default 20). */
  upperAboveCentreMm?: number;
  /** With a centre: the lower (pubic) part ends this far above it, mm (default 0; negative = below). */
  lowerAboveCentreMm?: number;
  /** Without a centre: the upper part is above this fraction of the hip bone's height range (default 0.5). */
  upperFraction?: number;
  /** Without a centre: the lower part is below this fraction of the height range (default 0.4). */
  lowerFraction?: number;
  /** Points within this depth of the most anterior one form the contact patch, mm (default 1). */
  contactToleranceMm?: number;
  /** Iteration limit (default 30). */
  maxIterations?: number;
  /** Starting anterior direction, LPS (default (0, −1, 0), the scanner's anterior). */
  initialAnteriorLps?: Vec3;
}

/** A proposed anterior pelvic plane. */
export interface PelvicLandmarkProposal {
  /** The four landmarks (LPS mm), ready for {@link anteriorPelvicPlaneFrame}. */
  landmarks: AppLandmarksLps;
  /** The APP frame they define. */
  frame: PelvicFrame;
  /** Pelvic tilt τ, degrees (> 0 posterior: ASIS behind the pubis). */
  pelvicTiltDeg: number;
  /** |LASIS − RASIS|, mm. */
  interAsisMm: number;
  /** |LPT − RPT|, mm. */
  interTubercleMm: number;
  /** Height of the ASIS midpoint above the pubic midpoint along the pelvic Z, mm. */
  asisAbovePubisMm: number;
  /** Fixed-point iterations run. */
  iterations: number;
  /** True when the four points stopped changing. */
  converged: boolean;
  /** Boundary points per side that were searched. */
  pointCounts: { left: number; right: number };
  /** Always 'auto'. */
  source: 'auto';
  /** How the points were found, for the plan's landmark `method`. */
  method: string;
  /** Truncation, non-convergence. */
  warnings: string[];
}

type Part = 'upper' | 'lower';

/** Index of the support point of `pts[idx]` along `a` (middle of the contact patch). */
function supportIndex(pts: readonly PointLps[], idx: readonly number[], a: Vec3, tolMm: number): number {
  let best = -Infinity;
  for (const q of idx) best = Math.max(best, dot(pts[q], a));
  const patch = idx.filter((q) => dot(pts[q], a) >= best - tolMm);
  const c: Vec3 = [0, 0, 0];
  for (const q of patch) for (let n = 0; n < 3; n++) c[n] += pts[q][n] / patch.length;
  let pick = patch[0];
  let d2 = Infinity;
  for (const q of patch) {
    const d = sub(pts[q], c);
    const e = dot(d, d);
    if (e < d2) [d2, pick] = [e, q];
  }
  return pick;
}

/** How one side is split: heights above the acetabulum centre, or fractions of the height range. */
type Split = { centreLps: PointLps; upperMm: number; lowerMm: number } | { upper: number; lower: number };

/** Indices of the upper and lower parts of one hip bone along the unit superior `z`. */
function parts(pts: readonly PointLps[], z: Vec3, split: Split, subject: string): Record<Part, number[]> {
  const h = pts.map((p) => dot(p, z));
  let upperFrom: number, lowerTo: number;
  if ('centreLps' in split) {
    const c = dot(split.centreLps, z);
    [upperFrom, lowerTo] = [c + split.upperMm, c + split.lowerMm];
  } else {
    let lo = Infinity, hi = -Infinity;
    for (const v of h) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
    [upperFrom, lowerTo] = [lo + split.upper * (hi - lo), lo + split.lower * (hi - lo)];
  }
  const out: Record<Part, number[]> = { upper: [], lower: [] };
  h.forEach((v, q) => {
    if (v >= upperFrom) out.upper.push(q);
    if (v <= lowerTo) out.lower.push(q);
  });
  for (const part of ['upper', 'lower'] as const) {
    if (out[part].length === 0) throw new JumeauError('EMPTY_SEGMENT', `no bone in the ${part === 'upper' ? 'upper (iliac)' : 'lower (pubic)'} part: the split height is outside the bone`, { subject });
  }
  return out;
}

/**
 * Proposes both ASIS and both pubic tubercles from the boundary points of the left and right hip bones
 * (LPS mm; the patient's left hip bone at larger x).
 * @throws JumeauError EMPTY_SEGMENT when a side has fewer than 20 points; BAD_ARGUMENT for fractions
 *   outside (0, 1) or overlapping parts, or when the tangent plane is degenerate (e.g. sides swapped)
 */
export function proposeAppLandmarks(leftLps: readonly PointLps[], rightLps: readonly PointLps[], options: PelvicLandmarkOptions = {}): PelvicLandmarkProposal {
  const upper = checkRange(options.upperFraction ?? 0.5, 0.05, 0.95, 'upperFraction');
  const lower = checkRange(options.lowerFraction ?? 0.4, 0.05, 0.95, 'lowerFraction');
  if (!(lower < upper)) throw new JumeauError('BAD_ARGUMENT', `must be below upperFraction (${upper}), got ${lower}`, { subject: 'lowerFraction' });
  const upperMm = checkRange(options.upperAboveCentreMm ?? 20, -100, 200, 'upperAboveCentreMm');
  const lowerMm = checkRange(options.lowerAboveCentreMm ?? 0, -200, 100, 'lowerAboveCentreMm');
  if (!(lowerMm < upperMm)) throw new JumeauError('BAD_ARGUMENT', `must be below upperAboveCentreMm (${upperMm}), got ${lowerMm}`, { subject: 'lowerAboveCentreMm' });
  const splitOf = (side: 'L' | 'R'): Split => {
    const c = options.acetabulumCentresLps?.[side];
    if (c) checkVec3(c, `acetabulumCentresLps.${side}`);
    return c ? { centreLps: c, upperMm, lowerMm } : { upper, lower };
  };
  const split = { L: splitOf('L'), R: splitOf('R') };
  const tol = checkRange(options.contactToleranceMm ?? 1, 0, 20, 'contactToleranceMm');
  const maxIterations = Math.max(1, Math.floor(options.maxIterations ?? 30));
  for (const [pts, name] of [[leftLps, 'hip bone left'], [rightLps, 'hip bone right']] as const) {
    if (pts.length < 20) throw new JumeauError('EMPTY_SEGMENT', `${pts.length} boundary points: too few to propose ASIS and pubic tubercle`, { subject: name });
  }
  const a0 = options.initialAnteriorLps ?? [0, -1, 0];
  // Superior axis of the starting frame: +z made orthogonal to a₀.
  let frameZ: Vec3 = [-a0[2] * a0[0], -a0[2] * a0[1], 1 - a0[2] * a0[2]];
  const zn = Math.hypot(...frameZ);
  frameZ = [frameZ[0] / zn, frameZ[1] / zn, frameZ[2] / zn];
  let a: Vec3 = a0;
  let picks = '';
  let landmarks: AppLandmarksLps | null = null;
  let frame: PelvicFrame | null = null;
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    iterations++;
    const partsOf = { L: parts(leftLps, frameZ, split.L, 'hip bone left'), R: parts(rightLps, frameZ, split.R, 'hip bone right') };
    const q = {
      la: supportIndex(leftLps, partsOf.L.upper, a, tol), ra: supportIndex(rightLps, partsOf.R.upper, a, tol),
      lp: supportIndex(leftLps, partsOf.L.lower, a, tol), rp: supportIndex(rightLps, partsOf.R.lower, a, tol),
    };
    const key = `${q.la},${q.ra},${q.lp},${q.rp}`;
    landmarks = { leftAsisLps: leftLps[q.la], rightAsisLps: rightLps[q.ra], leftPubicTubercleLps: leftLps[q.lp], rightPubicTubercleLps: rightLps[q.rp] };
    frame = anteriorPelvicPlaneFrame(landmarks);
    if (key === picks) {
      converged = true;
      break;
    }
    picks = key;
    a = frame.anteriorNormalLps;
    frameZ = frame.zLps;
  }
  const lm = landmarks!;
  const f = frame!;
  const warnings: string[] = [];
  if (!converged) warnings.push(`the tangent-plane iteration did not settle in ${maxIterations} iterations (the last plane is given): check the four points`);
  const ptMid: Vec3 = [0, 1, 2].map((n) => (lm.leftPubicTubercleLps[n] + lm.rightPubicTubercleLps[n]) / 2) as Vec3;
  const asisAbovePubisMm = -pointLpsToPelvic(ptMid, f)[2];
  const dist = (p: Vec3, r: Vec3) => Math.hypot(p[0] - r[0], p[1] - r[1], p[2] - r[2]);
  const how = (sp: Split) => ('centreLps' in sp ? `${sp.upperMm} mm above / ${sp.lowerMm} mm above the acetabulum centre` : `above ${Math.round(100 * sp.upper)} % / below ${Math.round(100 * sp.lower)} % of the height`);
  const splits = how(split.L) === how(split.R) ? how(split.L) : `left ${how(split.L)}, right ${how(split.R)}`;
  const method = `APP tangent plane to the anterior hip bones: most anterior point of the iliac / pubic part (split ${splits}), ${iterations} fixed-point iterations${converged ? '' : ', NOT converged'}`;
  return {
    landmarks: lm, frame: f, pelvicTiltDeg: f.pelvicTiltDeg,
    interAsisMm: dist(lm.leftAsisLps, lm.rightAsisLps), interTubercleMm: dist(lm.leftPubicTubercleLps, lm.rightPubicTubercleLps),
    asisAbovePubisMm, iterations, converged, pointCounts: { left: leftLps.length, right: rightLps.length }, source: 'auto', method, warnings,
  };
}

/**
 * {@link proposeAppLandmarks} on a labelmap: the boundary points of the two hip-bone labels (face
 * centres between the bone and anything else, {@link segmentBoundaryPointsLps}). Warns when a hip bone
 * touches the top or bottom slice of the grid (iliac crest or pubis possibly cut by the scan).
 * @throws JumeauError EMPTY_SEGMENT when a label has no voxel (subject: its name)
 */
export function proposePelvicLandmarks(labelmap: Geometry & { data: ArrayLike<number> }, labels: { left: number; right: number }, options: PelvicLandmarkOptions = {}): PelvicLandmarkProposal {
  const left = segmentBoundaryPointsLps(labelmap, labels.left);
  const right = segmentBoundaryPointsLps(labelmap, labels.right);
  const r = proposeAppLandmarks(left, right, options);
  const [ni, nj, nk] = labelmap.size;
  const touches: string[] = [];
  for (const [label, name] of [[labels.left, 'left'], [labels.right, 'right']] as const) {
    let first = false, last = false;
    for (let q = 0; q < ni * nj && !(first && last); q++) {
      if (labelmap.data[q] === label) first = true;
      if (labelmap.data[q + ni * nj * (nk - 1)] === label) last = true;
    }
    if (first || last) touches.push(`the ${name} hip bone reaches the ${first && last ? 'first and last' : first ? 'first' : 'last'} slice of the scan`);
  }
  if (touches.length) r.warnings.push(`${touches.join('; ')}: the iliac crest or the pubis may be cut, check ASIS and pubic tubercles`);
  return r;
}

/** Angle between two APP normals, degrees (for comparing proposals). */
export function appNormalAngleDeg(a: PelvicFrame, b: PelvicFrame): number {
  const c = Math.max(-1, Math.min(1, dot(a.anteriorNormalLps, b.anteriorNormalLps)));
  return radToDeg(Math.acos(c));
}
