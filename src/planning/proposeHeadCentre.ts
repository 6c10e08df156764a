/**
 * Automatic proposal of the femoral head centre from a femur segment (brief §3.1): boundary points of
 * the segment near its proximal end, a geometric sphere fit ({@link fitSphere}), then repeated fits on
 * the points that lie within a shrinking tolerance of the fitted sphere, which drops the neck, the
 * trochanters and the head–neck junction. The result is a landmark with `source: 'auto'`.
 */
import { JumeauError } from '../core/errors';
import type { PointLps, Vec3 } from '../core/vec3';
import { dot, normalize } from '../core/vec3';
import type { Geometry } from '../segmentation/labelmap';
import { boundingBoxIjk } from '../segmentation/labelmap';
import { indexToLps } from '../volume/volume';
import { fitSphere } from './sphereFit';

/** Options of {@link proposeFemoralHeadCentre}. */
export interface HeadCentreOptions {
  /** Value of the femur in `segment.data`; omitted = every non-zero voxel is femur (a {@link Mask}). */
  label?: number;
  /** Unit direction toward proximal in LPS (default superior, (0, 0, 1)). */
  proximalLps?: Vec3;
  /** Boundary points within this distance of the most proximal point seed the first fit, mm (default 30; on the hip phantom 20–50 mm give the same centre, ≥ 60 mm reaches the trochanter and fails). */
  seedRadiusMm?: number;
  /** Inlier tolerances |d − R| of the successive refits, mm (default 5, 3, 2, 1.5, 1, 1). */
  tolerancesMm?: readonly number[];
}

/** A proposed femoral head centre. */
export interface HeadCentreProposal {
  /** Centre of the fitted sphere, LPS mm. */
  centerLps: PointLps;
  /** Radius of the fitted sphere, mm. */
  radiusMm: number;
  /** RMS of |p − c| − R over the inlier points, mm. */
  rmsResidualMm: number;
  /** Inlier boundary points used in the last fit. */
  pointCount: number;
  /** Boundary points of the whole segment (the candidates). */
  boundaryPointCount: number;
  /** Refits done (one per tolerance, fewer when the inliers stop changing). */
  iterations: number;
  /** Always 'auto' (a proposal the user can correct). */
  source: 'auto';
  /** How it was found, for the plan's landmark `method`. */
  method: string;
}

/** Face neighbours: di, dj, dk. */
const FACES: readonly Vec3[] = [[1, 0, 0], [-1, 0, 0], [0, 1, 0], [0, -1, 0], [0, 0, 1], [0, 0, -1]];

/**
 * Boundary points of a segment: the centre of every face shared by a voxel of the segment and one
 * outside it (or the grid edge), in LPS mm. These lie on the binary surface at the 0.5 level, as
 * marching-cubes vertices of the mask do, so a sphere fitted to them has no half-voxel radius bias.
 */
export function segmentBoundaryPointsLps(segment: Geometry & { data: ArrayLike<number> }, label?: number): PointLps[] {
  const { size, data } = segment;
  const inside = (q: number) => (label === undefined ? data[q] !== 0 : data[q] === label);
  const mask = label === undefined ? data : Uint8Array.from({ length: data.length }, (_, q) => (data[q] === label ? 1 : 0));
  const box = boundingBoxIjk(mask, size);
  if (!box) return [];
  const [ni, nj, nk] = size;
  const out: PointLps[] = [];
  for (let k = box.min[2]; k <= box.max[2]; k++) {
    for (let j = box.min[1]; j <= box.max[1]; j++) {
      for (let i = box.min[0]; i <= box.max[0]; i++) {
        const q = i + ni * (j + nj * k);
        if (!inside(q)) continue;
        for (const [di, dj, dk] of FACES) {
          const a = i + di, b = j + dj, c = k + dk;
          const outsideGrid = a < 0 || b < 0 || c < 0 || a >= ni || b >= nj || c >= nk;
          if (outsideGrid || !inside(a + ni * (b + nj * c))) out.push(indexToLps(segment, [i + di / 2, j + dj / 2, k + dk / 2]));
        }
      }
    }
  }
  return out;
}

const dist = (a: Vec3, b: Vec3) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

/**
 * Proposes the femoral head centre of one femur segment (labelmap + label, or a mask), LPS mm.
 * Assumes the head is the most proximal part of the segment (true for a proximal femur with the neck
 * pointing up; a trochanter higher than the head top would mislead the seed).
 * @throws JumeauError EMPTY_SEGMENT when the segment has no voxel; BAD_ARGUMENT when no sphere of a
 *   femoral-head size (10–40 mm radius) fits
 */
export function proposeFemoralHeadCentre(segment: Geometry & { data: ArrayLike<number> }, options: HeadCentreOptions = {}): HeadCentreProposal {
  const proximal = normalize(options.proximalLps ?? [0, 0, 1]);
  const seedRadiusMm = options.seedRadiusMm ?? 30;
  const tolerances = options.tolerancesMm ?? [5, 3, 2, 1.5, 1, 1];
  const subject = options.label === undefined ? 'femur mask' : `label ${options.label}`;
  const points = segmentBoundaryPointsLps(segment, options.label);
  if (!points.length) throw new JumeauError('EMPTY_SEGMENT', 'has no voxel: no femoral head to fit', { subject });
  // Seed: the mean of the boundary points within 1 mm (along the axis) of the most proximal one.
  let top = -Infinity;
  for (const p of points) top = Math.max(top, dot(p, proximal));
  const cap = points.filter((p) => dot(p, proximal) >= top - 1);
  const seed: Vec3 = [0, 1, 2].map((a) => cap.reduce((s, p) => s + p[a], 0) / cap.length) as Vec3;
  let inliers = points.filter((p) => dist(p, seed) <= seedRadiusMm);
  let fit = fitSphere(inliers);
  let iterations = 1;
  for (const tol of tolerances) {
    const next = points.filter((p) => Math.abs(dist(p, fit.centerLps) - fit.radiusMm) <= tol);
    if (next.length < 50) break;
    const same = next.length === inliers.length && next.every((p, n) => p === inliers[n]);
    inliers = next;
    if (same) break;
    fit = fitSphere(inliers);
    iterations++;
  }
  if (!(fit.radiusMm >= 10 && fit.radiusMm <= 40) || inliers.length < 50) {
    throw new JumeauError('BAD_ARGUMENT', `no femoral head found (best sphere radius ${fit.radiusMm.toFixed(1)} mm on ${inliers.length} points; expected 10–40 mm)`, { subject });
  }
  return {
    centerLps: fit.centerLps,
    radiusMm: fit.radiusMm,
    rmsResidualMm: fit.rmsResidualMm,
    pointCount: fit.pointCount,
    boundaryPointCount: points.length,
    iterations,
    source: 'auto',
    method: `sphere fit (geometric LM) to ${fit.pointCount} boundary points of the proximal femur, neck excluded by ${iterations} trimmed refits (final tolerance ${tolerances[tolerances.length - 1]} mm)`,
  };
}
