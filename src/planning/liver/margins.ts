/**
 * Oncological margins (brief §6.3): for each tumour, the minimum distance (mm) between the tumour and
 * the resection surface, which side of the cut the tumour lies on, and pass/fail against the safety
 * margin (default 10 mm, Slicer-Liver's default [S40]; configurable).
 *
 * Distance: the tumour's EDT ({@link prepareTumours}), as the distance to the tumour's voxel cubes,
 * sampled on the surface — a coarse grid of S(u, v) with vertex spacing ≈ the smallest voxel spacing,
 * then three rounds of local refinement (see {@link minimiseOnPatch}). A plane is handled as a
 * flat patch centred on the projection of the tumour's centroid, large enough to hold the nearest point.
 * LIV-04 (sphere r 15 vs plane) gives 15 / 5 mm within a voxel (exactly at 1 mm with half-integer centres).
 *
 * Side: the partition code of the tumour's voxels (or, for tumour voxels outside the organ mask, of
 * their 6-neighbours in the organ). Voxels on both sides → 'transected', margin 0, fails.
 * A tumour in the remnant is reported with its distance but fails ("not resected").
 */
import { JumeauError } from '../../core/errors';
import type { PointLps } from '../../core/vec3';
import { dot, sub } from '../../core/vec3';
import { checkFinite } from '../validate';
import type { BezierSurface } from './bezier';
import { bezierFromPlane, bezierPointLps, checkBezierSurface, sampleBezierGrid } from './bezier';
import { checkOrgan, toLps, voxelAffine, type GridMask } from './grid';
import type { PlaneLps } from './planeSplit';
import { checkPlane } from './planeSplit';
import type { PreparedTumour } from './tumourField';
import { vertexTumourDistances } from './tumourField';
import type { LiverSplit } from './volumetry';
import { LIVER_PART } from './volumetry';

/** A resection surface: a plane or a Bézier patch (LPS mm). */
export type ResectionSurface = { kind: 'plane'; plane: PlaneLps } | { kind: 'bezier'; surface: BezierSurface };

/** Default safety margin, mm (Slicer-Liver default [S40]). */
export const DEFAULT_SAFETY_MARGIN_MM = 10;

/** Margin of one tumour. */
export interface TumourMargin {
  name: string;
  /** Side of the cut: 'resected', 'remnant', 'transected' (both sides), or null (empty mask). */
  side: 'resected' | 'remnant' | 'transected' | null;
  /** Minimum distance (mm) from the tumour's voxel cubes to the surface; 0 when transected; null when it cannot be computed. */
  marginMm: number | null;
  /** Distance (mm) from that surface point to the nearest tumour voxel centre (≥ marginMm by ≤ a voxel). */
  centreDistanceMm: number | null;
  /** Closest surface point (LPS mm), null with the margin. */
  closestSurfacePointLps: PointLps | null;
  /** Resected and ≥ the safety margin; null when the margin is null. */
  passes: boolean | null;
  /** Why it fails or why the margin is null; null when it passes. */
  reason: string | null;
}

/** Margins of all tumours against one surface. */
export interface MarginReport {
  safetyMarginMm: number;
  tumours: TumourMargin[];
  /** True when every tumour passes; null when there is no tumour (see `reason`). */
  allPass: boolean | null;
  reason: string | null;
  /** Per display-mesh vertex: distance to the nearest tumour (mm); null without a display mesh or tumours. */
  vertexDistanceMm: Float32Array | null;
  /** Per display-mesh vertex: 1 where the distance is under the safety margin (colour it red). */
  vertexUnderMargin: Uint8Array | null;
}

/** Options of {@link tumourMargins}. */
export interface MarginOptions {
  /** Liver mask the split was made on. */
  organ: GridMask;
  /** The split (its partition decides the side of each tumour). */
  split: Pick<LiverSplit, 'partition'>;
  /** Tumours with their distance fields. */
  tumours: PreparedTumour[];
  /** The surface the split used. */
  surface: ResectionSurface;
  /** Safety margin, mm (default 10). */
  safetyMarginMm?: number;
  /** Vertices of the mesh the UI draws (x, y, z per vertex, LPS mm), for per-vertex colouring. */
  displayPositionsLps?: ArrayLike<number>;
}

/**
 * Refines a minimum of `distanceAt` over the patch around (u, v): `rounds` passes of 11 × 11 samples
 * over ±`cell` in (u, v), the cell shrinking five-fold each pass.
 */
function refineOnPatch(patch: BezierSurface, u: number, v: number, best: number, cell: number, rounds: number, distanceAt: (p: PointLps) => number): { best: number; pointLps: PointLps } {
  let bu = u, bv = v;
  for (let round = 0; round < rounds; round++) {
    const u0 = bu, v0 = bv;
    for (let a = -5; a <= 5; a++) {
      for (let b = -5; b <= 5; b++) {
        const uu = Math.min(1, Math.max(0, u0 + (a * cell) / 5)), vv = Math.min(1, Math.max(0, v0 + (b * cell) / 5));
        const d = distanceAt(bezierPointLps(patch, uu, vv));
        if (d < best) {
          best = d;
          bu = uu;
          bv = vv;
        }
      }
    }
    cell /= 5;
  }
  return { best, pointLps: bezierPointLps(patch, bu, bv) };
}

/**
 * Minimum of the tumour's cube distance over the patch: a coarse grid (vertex spacing ≈ the smallest
 * voxel spacing) of the cheap voxel-centre distance picks the basin, then three rounds of 11 × 11
 * samples of the cube distance in ±2 cells around the best (cell / 5 per round) refine it.
 */
function minimiseOnPatch(t: PreparedTumour, patch: BezierSurface, minSpacingMm: number): { distanceMm: number; centreDistanceMm: number; pointLps: PointLps } {
  const cps = patch.controlPointsLps;
  const extent = Math.max(Math.hypot(...sub(cps[15], cps[0])), Math.hypot(...sub(cps[12], cps[3])));
  const g = Math.min(400, Math.max(16, Math.ceil(extent / minSpacingMm)));
  const pts = sampleBezierGrid(patch, g, g);
  let coarse = Infinity, bu = 0, bv = 0;
  for (let a = 0; a <= g; a++) {
    for (let b = 0; b <= g; b++) {
      const o = 3 * (a * (g + 1) + b);
      const d = t.distanceAt(pts[o], pts[o + 1], pts[o + 2]);
      if (d < coarse) {
        coarse = d;
        bu = a / g;
        bv = b / g;
      }
    }
  }
  if (coarse >= 0.8 * t.fieldReachMm) return minimiseFar(t, patch, coarse);
  const start = bezierPointLps(patch, bu, bv);
  const r = refineOnPatch(patch, bu, bv, t.boundaryDistanceAt(start[0], start[1], start[2]), 2 / g, 3, (p) => t.boundaryDistanceAt(p[0], p[1], p[2]));
  return { distanceMm: r.best, centreDistanceMm: t.distanceMm(r.pointLps), pointLps: r.pointLps };
}

/**
 * The same for a tumour farther than its distance field reaches: exact brute-force distances to the
 * boundary voxels on a grid of spacing ≈ distance / 8 (the error of a coarse grid shrinks like h²/8D),
 * then the same refinement.
 */
function minimiseFar(t: PreparedTumour, patch: BezierSurface, lowerBoundMm: number): { distanceMm: number; centreDistanceMm: number; pointLps: PointLps } {
  const cps = patch.controlPointsLps;
  const extent = Math.max(Math.hypot(...sub(cps[15], cps[0])), Math.hypot(...sub(cps[12], cps[3])));
  const g = Math.min(64, Math.max(8, Math.ceil(extent / (lowerBoundMm / 8))));
  const pts = sampleBezierGrid(patch, g, g);
  let best = Infinity, bu = 0, bv = 0;
  for (let a = 0; a <= g; a++) {
    for (let b = 0; b <= g; b++) {
      const o = 3 * (a * (g + 1) + b);
      const d = t.exactDistanceAt(pts[o], pts[o + 1], pts[o + 2]).cubeMm;
      if (d < best) {
        best = d;
        bu = a / g;
        bv = b / g;
      }
    }
  }
  const r = refineOnPatch(patch, bu, bv, best, 2 / g, 4, (p) => t.exactDistanceAt(p[0], p[1], p[2]).cubeMm);
  return { distanceMm: r.best, centreDistanceMm: t.exactDistanceAt(r.pointLps[0], r.pointLps[1], r.pointLps[2]).centreMm, pointLps: r.pointLps };
}

/** Counts tumour voxels per side of the partition (neighbours in the organ for voxels outside it). */
function tumourSides(t: PreparedTumour, partition: Uint8Array, size: readonly [number, number, number]): { resected: number; remnant: number } {
  const [ni, nj, nk] = size;
  const nij = ni * nj;
  let resected = 0, remnant = 0;
  const count = (p: number): void => {
    if (p === LIVER_PART.resected) resected++;
    else if (p === LIVER_PART.remnant) remnant++;
  };
  for (const q of t.voxels) {
    const p = partition[q];
    if (p !== LIVER_PART.outside) {
      count(p);
      continue;
    }
    const k = Math.floor(q / nij), r = q - k * nij, j = Math.floor(r / ni), i = r - j * ni;
    if (i > 0) count(partition[q - 1]);
    if (i < ni - 1) count(partition[q + 1]);
    if (j > 0) count(partition[q - ni]);
    if (j < nj - 1) count(partition[q + ni]);
    if (k > 0) count(partition[q - nij]);
    if (k < nk - 1) count(partition[q + nij]);
  }
  return { resected, remnant };
}

/** The centroid (LPS mm) and bounding radius (mm) of a tumour's voxels. */
function tumourSphere(organ: GridMask, t: PreparedTumour): { centreLps: PointLps; radiusMm: number } {
  const aff = voxelAffine(organ);
  const [ni, nj] = organ.size;
  const pts = Array.from(t.voxels, (q) => {
    const k = Math.floor(q / (ni * nj)), r = q - k * ni * nj, j = Math.floor(r / ni);
    return toLps(aff, r - j * ni, j, k);
  });
  const c: PointLps = [0, 0, 0];
  for (const p of pts) for (let a = 0; a < 3; a++) c[a] += p[a] / pts.length;
  let r = 0;
  for (const p of pts) r = Math.max(r, Math.hypot(p[0] - c[0], p[1] - c[1], p[2] - c[2]));
  return { centreLps: c, radiusMm: r };
}

/**
 * Margins of every tumour against the resection surface.
 * @returns per-tumour margins; with no tumour, `allPass` null and a reason (never a fake 0)
 */
export function tumourMargins(options: MarginOptions): MarginReport {
  const { organ, split, tumours, surface } = options;
  checkOrgan(organ);
  const safety = checkFinite(options.safetyMarginMm ?? DEFAULT_SAFETY_MARGIN_MM, 'safetyMarginMm');
  if (safety < 0) throw new JumeauError('BAD_ARGUMENT', `must be ≥ 0 mm, got ${safety}`, { subject: 'safetyMarginMm' });
  if (!(split?.partition instanceof Uint8Array) || split.partition.length !== organ.data.length) {
    throw new JumeauError('BAD_ARGUMENT', 'must be the split of this organ', { subject: 'split.partition' });
  }
  if (surface?.kind === 'plane') checkPlane(surface.plane, 'surface.plane');
  else if (surface?.kind === 'bezier') checkBezierSurface(surface.surface, 'surface.surface');
  else throw new JumeauError('BAD_ARGUMENT', "kind must be 'plane' or 'bezier'", { subject: 'surface.kind' });
  if (!Array.isArray(tumours) || tumours.length === 0) {
    return { safetyMarginMm: safety, tumours: [], allPass: null, reason: 'no tumour segment: margins cannot be computed', vertexDistanceMm: null, vertexUnderMargin: null };
  }
  const minSpacing = Math.min(...organ.spacing);
  const results = tumours.map((t): TumourMargin => {
    if (t.voxels.length === 0) {
      return { name: t.name, side: null, marginMm: null, centreDistanceMm: null, closestSurfacePointLps: null, passes: null, reason: 'tumour mask is empty' };
    }
    const sides = tumourSides(t, split.partition, organ.size);
    const side = sides.resected > 0 && sides.remnant > 0 ? 'transected' : sides.resected > 0 ? 'resected' : 'remnant';
    let patch: BezierSurface;
    if (surface.kind === 'plane') {
      const { pointLps, normalLps } = checkPlane(surface.plane, 'surface.plane');
      const { centreLps, radiusMm } = tumourSphere(organ, t);
      const h = dot(sub(centreLps, pointLps), normalLps);
      const foot: PointLps = [centreLps[0] - h * normalLps[0], centreLps[1] - h * normalLps[1], centreLps[2] - h * normalLps[2]];
      // The nearest tumour point projects within radius of the foot; pad by a few voxels.
      patch = bezierFromPlane({ centreLps: foot, normalLps, sizeMm: 2 * (radiusMm + 4 * minSpacing) });
    } else {
      patch = surface.surface;
    }
    const m = minimiseOnPatch(t, patch, minSpacing);
    if (side === 'transected') {
      return { name: t.name, side, marginMm: 0, centreDistanceMm: m.centreDistanceMm, closestSurfacePointLps: m.pointLps, passes: false, reason: 'the resection surface passes through the tumour' };
    }
    if (side === 'remnant') {
      return { name: t.name, side, marginMm: m.distanceMm, centreDistanceMm: m.centreDistanceMm, closestSurfacePointLps: m.pointLps, passes: false, reason: 'the tumour lies in the remnant (not resected)' };
    }
    const passes = m.distanceMm >= safety;
    return {
      name: t.name,
      side,
      marginMm: m.distanceMm,
      centreDistanceMm: m.centreDistanceMm,
      closestSurfacePointLps: m.pointLps,
      passes,
      reason: passes ? null : `margin ${m.distanceMm.toFixed(1)} mm < safety margin ${safety} mm`,
    };
  });
  const judged = results.filter((r) => r.passes !== null);
  let vertexDistanceMm: Float32Array | null = null, vertexUnderMargin: Uint8Array | null = null;
  if (options.displayPositionsLps) {
    vertexDistanceMm = vertexTumourDistances(tumours, options.displayPositionsLps);
    vertexUnderMargin = new Uint8Array(vertexDistanceMm.length);
    for (let v = 0; v < vertexDistanceMm.length; v++) vertexUnderMargin[v] = vertexDistanceMm[v] < safety ? 1 : 0;
  }
  return {
    safetyMarginMm: safety,
    tumours: results,
    allPass: judged.length === 0 ? null : judged.every((r) => r.passes),
    reason: judged.length === 0 ? 'every tumour mask is empty' : null,
    vertexDistanceMm,
    vertexUnderMargin,
  };
}
