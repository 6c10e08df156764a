/**
 * Segmentation metrics exactly as defined in the domain brief §1.4 (A, B binary masks on the same
 * grid, spacing (sx, sy, sz) mm):
 *
 * - Dice = 2|A∩B| / (|A|+|B|), Jaccard = |A∩B| / |A∪B|; both empty → 1, one empty → 0.
 * - Surface ∂A = voxels of A with ≥ 1 face neighbour (6-connectivity) outside A; voxels beyond
 *   the array count as outside.
 * - d(a, ∂B) for a ∈ ∂A by an exact EDT of ¬∂B in mm (anisotropic spacing).
 * - HD = max of both directed maxima.
 * - HD95 = max(P95{d(a,∂B)}, P95{d(b,∂A)}): per-direction 95th percentile (linear interpolation,
 *   numpy's default), then the max — the MONAI convention. (The pooled variant differs.)
 * - ASSD = (Σ_a d(a,∂B) + Σ_b d(b,∂A)) / (|∂A| + |∂B|).
 * - NSD@τ = (|{a: d(a,∂B) ≤ τ}| + |{b: d(b,∂A) ≤ τ}|) / (|∂A| + |∂B|) (voxel-surface approximation).
 * Surface distances are undefined for an empty mask: they throw EMPTY_SEGMENT naming it.
 */
import { JumeauError } from '../core/errors';
import type { Mask } from './labelmap';
import { assertSameGeometry, boundingBoxIjk, voxelVolumeMm3 } from './labelmap';
import { squaredDistanceMm2 } from './distanceTransform';

/** Overlap metrics and volumes. */
export interface OverlapMetrics {
  /** Dice similarity coefficient, 0…1. */
  dice: number;
  /** Jaccard index (IoU), 0…1. */
  jaccard: number;
  /** Voxels of A, of B and of A∩B. */
  voxelsA: number;
  voxelsB: number;
  voxelsBoth: number;
  /** Volumes in mL (voxels × voxel volume / 1000). */
  volumeAMl: number;
  volumeBMl: number;
}

/** Dice, Jaccard and volumes of two masks on the same grid (GEOMETRY_MISMATCH otherwise). */
export function overlapMetrics(a: Mask, b: Mask): OverlapMetrics {
  assertSameGeometry(a, b, 'a', 'b');
  let na = 0, nb = 0, nab = 0;
  const da = a.data, db = b.data;
  for (let q = 0; q < da.length; q++) {
    const x = da[q] !== 0, y = db[q] !== 0;
    if (x) na++;
    if (y) nb++;
    if (x && y) nab++;
  }
  const union = na + nb - nab;
  const v = voxelVolumeMm3(a) / 1000;
  return {
    dice: na + nb === 0 ? 1 : (2 * nab) / (na + nb),
    jaccard: union === 0 ? 1 : nab / union,
    voxelsA: na,
    voxelsB: nb,
    voxelsBoth: nab,
    volumeAMl: na * v,
    volumeBMl: nb * v,
  };
}

/** Surface-distance metrics (mm). */
export interface SurfaceMetrics {
  /** Hausdorff distance, mm. */
  hausdorffMm: number;
  /** 95th-percentile Hausdorff distance (per direction, then max), mm. */
  hd95Mm: number;
  /** Average symmetric surface distance, mm. */
  assdMm: number;
  /** Normalised surface Dice at `toleranceMm`, 0…1. */
  nsd: number;
  /** Tolerance used for `nsd`, mm. */
  toleranceMm: number;
  /** |∂A| and |∂B| in voxels. */
  surfaceVoxelsA: number;
  surfaceVoxelsB: number;
}

/** Linear-interpolation percentile (numpy default) of an ascending array, p in [0, 100]. */
export function percentile(sortedAsc: Float64Array, p: number): number {
  const n = sortedAsc.length;
  if (n === 0) return NaN;
  const pos = ((n - 1) * p) / 100;
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  return sortedAsc[lo] + (pos - lo) * (sortedAsc[hi] - sortedAsc[lo]);
}

/** Marks ∂M (see module doc) within a cropped grid `size` whose data is `m`; returns the count. */
function surfaceOf(m: Uint8Array, size: readonly number[], out: Uint8Array): number {
  const [ni, nj, nk] = size;
  const slab = ni * nj;
  let count = 0;
  for (let k = 0, q = 0; k < nk; k++) {
    for (let j = 0; j < nj; j++) {
      for (let i = 0; i < ni; i++, q++) {
        if (m[q] === 0) continue;
        const s =
          i === 0 || m[q - 1] === 0 || i === ni - 1 || m[q + 1] === 0 ||
          j === 0 || m[q - ni] === 0 || j === nj - 1 || m[q + ni] === 0 ||
          k === 0 || m[q - slab] === 0 || k === nk - 1 || m[q + slab] === 0;
        if (s) {
          out[q] = 1;
          count++;
        }
      }
    }
  }
  return count;
}

/**
 * HD, HD95, ASSD and NSD@τ (default τ = 3 mm) between the surfaces of two masks. Throws
 * EMPTY_SEGMENT naming "a" or "b" when a mask is empty, GEOMETRY_MISMATCH when grids differ.
 * Works on the union bounding box (exact: every surface voxel lies inside it; a voxel on the box
 * edge that is not on the array edge has its outer neighbour outside both masks anyway).
 */
export function surfaceMetrics(a: Mask, b: Mask, options: { toleranceMm?: number } = {}): SurfaceMetrics {
  assertSameGeometry(a, b, 'a', 'b');
  const tau = options.toleranceMm ?? 3;
  const ba = boundingBoxIjk(a.data, a.size);
  if (!ba) throw new JumeauError('EMPTY_SEGMENT', 'has no voxel: surface distances are undefined for an empty segment', { subject: 'a' });
  const bb = boundingBoxIjk(b.data, b.size);
  if (!bb) throw new JumeauError('EMPTY_SEGMENT', 'has no voxel: surface distances are undefined for an empty segment', { subject: 'b' });
  const lo = [0, 1, 2].map((c) => Math.min(ba.min[c], bb.min[c]));
  const hi = [0, 1, 2].map((c) => Math.max(ba.max[c], bb.max[c]));
  const size = [hi[0] - lo[0] + 1, hi[1] - lo[1] + 1, hi[2] - lo[2] + 1] as [number, number, number];
  const n = size[0] * size[1] * size[2];
  const ca = new Uint8Array(n), cb = new Uint8Array(n);
  for (let k = 0, q = 0; k < size[2]; k++) {
    for (let j = 0; j < size[1]; j++) {
      const base = lo[0] + a.size[0] * (lo[1] + j + a.size[1] * (lo[2] + k));
      for (let i = 0; i < size[0]; i++, q++) {
        ca[q] = a.data[base + i] !== 0 ? 1 : 0;
        cb[q] = b.data[base + i] !== 0 ? 1 : 0;
      }
    }
  }
  const sa = new Uint8Array(n), sb = new Uint8Array(n);
  const nsa = surfaceOf(ca, size, sa);
  const nsb = surfaceOf(cb, size, sb);
  const dToB = squaredDistanceMm2(sb, size, a.spacing);
  const dToA = squaredDistanceMm2(sa, size, a.spacing);
  const ab = new Float64Array(nsa), ba2 = new Float64Array(nsb);
  let ta = 0, tb = 0, sum = 0, within = 0;
  const tau2 = tau * tau * (1 + 1e-9);
  for (let q = 0; q < n; q++) {
    if (sa[q]) {
      const d = Math.sqrt(dToB[q]);
      ab[ta++] = d;
      sum += d;
      if (dToB[q] <= tau2) within++;
    }
    if (sb[q]) {
      const d = Math.sqrt(dToA[q]);
      ba2[tb++] = d;
      sum += d;
      if (dToA[q] <= tau2) within++;
    }
  }
  ab.sort();
  ba2.sort();
  return {
    hausdorffMm: Math.max(ab[nsa - 1], ba2[nsb - 1]),
    hd95Mm: Math.max(percentile(ab, 95), percentile(ba2, 95)),
    assdMm: sum / (nsa + nsb),
    nsd: within / (nsa + nsb),
    toleranceMm: tau,
    surfaceVoxelsA: nsa,
    surfaceVoxelsB: nsb,
  };
}

/** All metrics of §1.4 between a test mask `a` and a reference `b`. */
export function compareMasks(a: Mask, b: Mask, options: { toleranceMm?: number } = {}): OverlapMetrics & SurfaceMetrics {
  return { ...overlapMetrics(a, b), ...surfaceMetrics(a, b, options) };
}
