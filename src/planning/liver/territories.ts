/**
 * Vascular territories (Couinaud segments by nearest portal branch, brief §6.1). Each branch is a
 * labelled centerline polyline (LPS mm); every liver voxel goes to the label of the nearest
 * centerline point — Euclidean here (exact point-to-segment distances, O(voxels × segments)), or
 * geodesic inside the liver mask in `geodesicTerritories.ts`. A voxel is **ambiguous** when the
 * nearest *other* territory is less than `ambiguityMm` (default 2 mm) further away.
 */
import { JumeauError } from '../../core/errors';
import type { PointLps } from '../../core/vec3';
import { voxelVolumeMm3 } from '../../segmentation/labelmap';
import { checkFinite, checkVec3 } from '../validate';
import { checkOrgan, voxelAffine, type GridMask } from './grid';

/** A labelled centerline: polyline points (LPS mm); one point is a point seed. */
export interface TerritoryBranch {
  /** Territory label (1…65535), e.g. the Couinaud segment number; branches may share a label. */
  label: number;
  /** Display name, e.g. "S2". */
  name: string;
  /** Centerline polyline, LPS mm (≥ 1 point). */
  pointsLps: PointLps[];
  /** Who placed it: 'auto' = proposed from the portal centerline (portalBranches.ts), 'user' = clicked; absent in older plans (= user). */
  source?: 'auto' | 'user';
}

/** Default ambiguity band, mm (brief §6.1). */
export const DEFAULT_AMBIGUITY_MM = 2;

/** Branches flattened to segments: a, b (LPS mm) and the territory index of each. */
export interface BranchSegments {
  /** Distinct labels in first-seen order; territory index t ↔ labels[t]. */
  labels: number[];
  /** Name of each territory (the first branch's name for a shared label). */
  names: string[];
  /** 6 numbers per segment: ax, ay, az, bx, by, bz. */
  coords: Float64Array;
  /** Territory index per segment. */
  territory: Int32Array;
}

/**
 * Validates branches and flattens them to segments.
 * @throws MISSING_SEGMENT (no branch, or a branch without points); BAD_ARGUMENT (label, name, point)
 */
export function branchSegments(branches: TerritoryBranch[]): BranchSegments {
  if (!Array.isArray(branches) || branches.length === 0) {
    throw new JumeauError('MISSING_SEGMENT', 'no portal-vein branch given: territories need labelled centerlines', { subject: 'branches' });
  }
  const labels: number[] = [], names: string[] = [], coords: number[] = [], territory: number[] = [];
  branches.forEach((b, n) => {
    const subject = `branches[${n}]`;
    if (!b || typeof b !== 'object') throw new JumeauError('BAD_ARGUMENT', 'must be { label, name, pointsLps }', { subject });
    if (!Number.isInteger(b.label) || b.label < 1 || b.label > 65535) throw new JumeauError('BAD_ARGUMENT', `must be an integer in 1…65535, got ${b.label}`, { subject: `${subject}.label` });
    if (!Array.isArray(b.pointsLps) || b.pointsLps.length === 0) throw new JumeauError('MISSING_SEGMENT', 'has no centerline point', { subject: `${subject}.pointsLps` });
    b.pointsLps.forEach((p, k) => checkVec3(p, `${subject}.pointsLps[${k}]`));
    let t = labels.indexOf(b.label);
    if (t < 0) {
      t = labels.length;
      labels.push(b.label);
      names.push(typeof b.name === 'string' ? b.name : String(b.label));
    }
    const pts = b.pointsLps;
    const last = Math.max(1, pts.length - 1);
    for (let s = 0; s < last; s++) {
      const a = pts[s], c = pts[Math.min(s + 1, pts.length - 1)];
      coords.push(a[0], a[1], a[2], c[0], c[1], c[2]);
      territory.push(t);
    }
  });
  return { labels, names, coords: Float64Array.from(coords), territory: Int32Array.from(territory) };
}

/** Squared distance (mm²) from (x, y, z) to segment `s` of `coords`. */
export function segmentDistance2(coords: Float64Array, s: number, x: number, y: number, z: number): number {
  const o = 6 * s;
  const ax = coords[o], ay = coords[o + 1], az = coords[o + 2];
  const ux = coords[o + 3] - ax, uy = coords[o + 4] - ay, uz = coords[o + 5] - az;
  const wx = x - ax, wy = y - ay, wz = z - az;
  const uu = ux * ux + uy * uy + uz * uz;
  let t = uu > 0 ? (wx * ux + wy * uy + wz * uz) / uu : 0;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  const dx = wx - t * ux, dy = wy - t * uy, dz = wz - t * uz;
  return dx * dx + dy * dy + dz * dz;
}

/** Nearest and second-nearest territory of one point. */
export interface NearestBranch {
  label: number;
  name: string;
  distanceMm: number;
  /** Nearest territory with another label; null when all branches share one label. */
  secondLabel: number | null;
  secondName: string | null;
  secondDistanceMm: number | null;
  /** secondDistanceMm − distanceMm < ambiguityMm. */
  ambiguous: boolean;
}

function nearestTwo(seg: BranchSegments, x: number, y: number, z: number, best: Float64Array): void {
  // best = [d1², t1, d2², t2] with t1 ≠ t2.
  best[0] = Infinity; best[1] = -1; best[2] = Infinity; best[3] = -1;
  const nSeg = seg.territory.length;
  for (let s = 0; s < nSeg; s++) {
    const d = segmentDistance2(seg.coords, s, x, y, z);
    const t = seg.territory[s];
    if (t === best[1]) {
      if (d < best[0]) best[0] = d;
    } else if (d < best[0]) {
      best[2] = best[0]; best[3] = best[1];
      best[0] = d; best[1] = t;
    } else if (t === best[3]) {
      if (d < best[2]) best[2] = d;
    } else if (d < best[2]) {
      best[2] = d; best[3] = t;
    }
  }
}

/** Nearest branch of a point (LIV-06), with the ambiguity flag. */
export function nearestBranch(pointLps: PointLps, branches: TerritoryBranch[], options: { ambiguityMm?: number } = {}): NearestBranch {
  checkVec3(pointLps, 'pointLps');
  const amb = checkAmbiguity(options.ambiguityMm);
  const seg = branchSegments(branches);
  const best = new Float64Array(4);
  nearestTwo(seg, pointLps[0], pointLps[1], pointLps[2], best);
  const d1 = Math.sqrt(best[0]);
  const has2 = best[3] >= 0;
  const d2 = has2 ? Math.sqrt(best[2]) : null;
  return {
    label: seg.labels[best[1]],
    name: seg.names[best[1]],
    distanceMm: d1,
    secondLabel: has2 ? seg.labels[best[3]] : null,
    secondName: has2 ? seg.names[best[3]] : null,
    secondDistanceMm: d2,
    ambiguous: d2 !== null && d2 - d1 < amb,
  };
}

/** Checks the ambiguity band (default 2 mm). */
export function checkAmbiguity(mm: number | undefined): number {
  const a = checkFinite(mm ?? DEFAULT_AMBIGUITY_MM, 'ambiguityMm');
  if (a < 0) throw new JumeauError('BAD_ARGUMENT', `must be ≥ 0 mm, got ${a}`, { subject: 'ambiguityMm' });
  return a;
}

/** Territories of a liver mask. */
export interface Territories {
  method: 'euclidean' | 'geodesic';
  /** Per voxel: territory label (0 outside the organ or unreached). */
  labels: Uint16Array;
  /** Per voxel: distance (mm) to the nearest centerline (Infinity where unlabelled). */
  distanceMm: Float32Array;
  /** Per voxel: distance (mm) to the nearest centerline of another label (Infinity if none). */
  secondDistanceMm: Float32Array;
  /** Per voxel: 1 where secondDistance − distance < ambiguityMm. */
  ambiguous: Uint8Array;
  ambiguityMm: number;
  /** Volume per territory, in label order of first appearance. */
  territories: { label: number; name: string; voxels: number; volumeMl: number }[];
  /** Ambiguous organ voxels and their volume (mL). */
  ambiguousVoxels: number;
  ambiguousVolumeMl: number;
  /** Organ voxels no seed reaches (geodesic: parts of the mask not connected to any centerline). */
  unreachedVoxels: number;
}

/** Fills territory volumes and ambiguity totals from per-voxel results. */
export function summariseTerritories(
  method: Territories['method'],
  organ: GridMask,
  seg: BranchSegments,
  territoryIndex: Int32Array,
  d1: Float32Array,
  d2: Float32Array,
  ambiguityMm: number,
): Territories {
  const n = organ.data.length;
  const labels = new Uint16Array(n), ambiguous = new Uint8Array(n);
  const counts = new Array<number>(seg.labels.length).fill(0);
  let amb = 0, unreached = 0;
  for (let q = 0; q < n; q++) {
    if (organ.data[q] === 0) continue;
    const t = territoryIndex[q];
    if (t < 0) {
      unreached++;
      continue;
    }
    labels[q] = seg.labels[t];
    counts[t]++;
    if (d2[q] - d1[q] < ambiguityMm) {
      ambiguous[q] = 1;
      amb++;
    }
  }
  const ml = voxelVolumeMm3(organ) / 1000;
  return {
    method,
    labels,
    distanceMm: d1,
    secondDistanceMm: d2,
    ambiguous,
    ambiguityMm,
    territories: seg.labels.map((label, t) => ({ label, name: seg.names[t], voxels: counts[t], volumeMl: counts[t] * ml })),
    ambiguousVoxels: amb,
    ambiguousVolumeMl: amb * ml,
    unreachedVoxels: unreached,
  };
}

/**
 * Euclidean nearest-branch territories of every organ voxel (exact point-to-segment distances).
 * @param organ - liver mask
 * @param branches - labelled centerlines, LPS mm
 * @throws MISSING_SEGMENT (no branch / no points), EMPTY_SEGMENT (empty organ)
 */
export function euclideanTerritories(organ: GridMask, branches: TerritoryBranch[], options: { ambiguityMm?: number } = {}): Territories {
  checkOrgan(organ);
  const amb = checkAmbiguity(options.ambiguityMm);
  const seg = branchSegments(branches);
  const aff = voxelAffine(organ);
  const [ni, nj, nk] = organ.size;
  const [si, sj, sk] = aff.stepLps;
  const n = organ.data.length;
  const tIdx = new Int32Array(n).fill(-1);
  const d1 = new Float32Array(n).fill(Infinity), d2 = new Float32Array(n).fill(Infinity);
  const best = new Float64Array(4);
  for (let k = 0, q = 0; k < nk; k++) {
    for (let j = 0; j < nj; j++) {
      for (let i = 0; i < ni; i++, q++) {
        if (organ.data[q] === 0) continue;
        const x = aff.originLps[0] + i * si[0] + j * sj[0] + k * sk[0];
        const y = aff.originLps[1] + i * si[1] + j * sj[1] + k * sk[1];
        const z = aff.originLps[2] + i * si[2] + j * sj[2] + k * sk[2];
        nearestTwo(seg, x, y, z, best);
        tIdx[q] = best[1];
        d1[q] = Math.sqrt(best[0]);
        d2[q] = Math.sqrt(best[2]);
      }
    }
  }
  return summariseTerritories('euclidean', organ, seg, tIdx, d1, d2, amb);
}
