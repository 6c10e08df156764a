/**
 * Helpers of the automatic liver ({@link ./autoLiver}): a light smoothing of the CT, robust
 * intensity statistics around a voxel, and the automatic proposal of a liver seed.
 *
 * Seed proposal ({@link proposeLiverSeed}): the liver is the largest, thickest soft-tissue organ of
 * the right upper abdomen. On the smoothed CT, soft tissue (`softTissueHu`, default 30…180 HU: liver
 * unenhanced ≈ 50–70 HU, portal-venous ≈ 100–130 HU, brief §1.1; fat, air, bone cortex excluded) is
 * measured by its depth (exact EDT, mm); the seed is the deepest soft-tissue voxel lying on the
 * patient's right (the scan's edges count as outside, so a cut face is not deep; LPS x at least `minRightOffsetMm` below the body's centroid x, i.e. to the
 * patient's right of the midline, so the spine, aorta, stomach and spleen are out).
 */
import { JumeauError } from '../core/errors';
import type { IndexIjk, PointLps } from '../core/vec3';
import type { Volume } from '../volume/volume';
import { indexToLps } from '../volume/volume';
import { createMask } from './labelmap';
import { keepLargestComponent } from './connectedComponents';
import { squaredDistanceMm2 } from './distanceTransform';

/** Throws BAD_ARGUMENT naming `volume` when the volume does not hold Hounsfield units (MR, PET …). */
export function requireHu(volume: Volume, what: string): void {
  if (volume.unit !== 'HU') {
    throw new JumeauError(
      'BAD_ARGUMENT',
      `${what} needs a CT in Hounsfield units; this volume is '${volume.unit}' (an MR or other modality has no HU, and the liver windows would be meaningless)`,
      { subject: 'volume' },
    );
  }
}

/**
 * The volume smoothed by the binomial kernel [1, 2, 1]/4 along i, j and k (edges replicated):
 * noise σ × ≈ 0.23, edges spread by ≈ one voxel. Returned as a Float32 Volume on the same grid.
 */
export function smoothBinomial(volume: Volume): Volume {
  const [ni, nj, nk] = volume.size;
  const n = ni * nj * nk;
  let a = Float32Array.from(volume.data as ArrayLike<number>);
  let b = new Float32Array(n);
  const strides = [1, ni, ni * nj];
  for (let axis = 0; axis < 3; axis++) {
    const len = volume.size[axis];
    const s = strides[axis];
    if (len < 2) continue;
    for (let k = 0, q = 0; k < nk; k++) for (let j = 0; j < nj; j++) for (let i = 0; i < ni; i++, q++) {
      const c = axis === 0 ? i : axis === 1 ? j : k;
      const lo = c > 0 ? a[q - s] : a[q];
      const hi = c < len - 1 ? a[q + s] : a[q];
      b[q] = 0.25 * lo + 0.5 * a[q] + 0.25 * hi;
    }
    [a, b] = [b, a];
  }
  return { size: [ni, nj, nk], spacing: [...volume.spacing], origin: [...volume.origin], direction: [...volume.direction] as Volume['direction'], data: a, unit: volume.unit };
}

/** Robust statistics of a sample: median and σ from the median absolute deviation (×1.4826). */
export interface RobustStats {
  /** Median (HU). */
  median: number;
  /** 1.4826 × MAD (HU): σ for Gaussian data, insensitive to a vessel or lesion in the sample. */
  sigma: number;
  /** Number of values. */
  count: number;
}

/** Median and MAD-σ of `data` over the voxels within `radiusMm` of `centre` (honours spacing). */
export function statsInBall(vol: Volume, centre: readonly number[], radiusMm: number): RobustStats {
  const [ni, nj, nk] = vol.size;
  const r = [0, 1, 2].map((a) => Math.floor(radiusMm / vol.spacing[a]));
  const values: number[] = [];
  for (let k = Math.max(0, centre[2] - r[2]); k <= Math.min(nk - 1, centre[2] + r[2]); k++) {
    for (let j = Math.max(0, centre[1] - r[1]); j <= Math.min(nj - 1, centre[1] + r[1]); j++) {
      for (let i = Math.max(0, centre[0] - r[0]); i <= Math.min(ni - 1, centre[0] + r[0]); i++) {
        const d2 = ((i - centre[0]) * vol.spacing[0]) ** 2 + ((j - centre[1]) * vol.spacing[1]) ** 2 + ((k - centre[2]) * vol.spacing[2]) ** 2;
        if (d2 <= radiusMm * radiusMm) values.push(vol.data[i + ni * (j + nj * k)]);
      }
    }
  }
  return robustStats(values);
}

/** Median and MAD-σ of a list of values (count 0 gives NaN). */
export function robustStats(values: number[]): RobustStats {
  const sorted = Float64Array.from(values).sort();
  const mid = (s: Float64Array) => (s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]));
  const median = mid(sorted);
  const dev = Float64Array.from(sorted, (v) => Math.abs(v - median)).sort();
  return { median, sigma: 1.4826 * mid(dev), count: values.length };
}

/** Parameters of {@link proposeLiverSeed}. */
export interface LiverSeedParams {
  /** Soft-tissue window on the smoothed CT, HU (default [30, 180]). */
  softTissueHu?: [number, number];
  /** The seed lies at least this far to the patient's right of the body centroid, mm (default 20). */
  minRightOffsetMm?: number;
  /** Smallest depth accepted as an organ (the seed's distance to non-soft-tissue), mm (default 12). */
  minDepthMm?: number;
  /** The smoothed CT if the caller already has it (same grid; saves a pass). */
  smoothed?: Volume;
}

/** A proposed liver seed and why it was chosen. */
export interface LiverSeedProposal {
  /** Voxel index of the seed. */
  seedIjk: IndexIjk;
  /** Its LPS position, mm. */
  seedLps: PointLps;
  /** Distance from the seed to the nearest voxel outside the soft-tissue window, mm. */
  depthMm: number;
  /** Smoothed CT value at the seed, HU. */
  seedHu: number;
  /** One sentence for the report. */
  reason: string;
}

/**
 * Proposes a liver seed (see module doc). Throws BAD_ARGUMENT (`volume`) for a non-HU volume and
 * EMPTY_SEGMENT (`seedIjk`) when no soft-tissue organ of at least `minDepthMm` lies on the patient's right.
 */
export function proposeLiverSeed(volume: Volume, params: LiverSeedParams = {}): LiverSeedProposal {
  requireHu(volume, 'the liver seed proposal');
  const [lo, hi] = params.softTissueHu ?? [30, 180];
  const minOffset = params.minRightOffsetMm ?? 20;
  const minDepth = params.minDepthMm ?? 12;
  const sm = params.smoothed ?? smoothBinomial(volume);
  const [ni, nj, nk] = volume.size;
  const n = ni * nj * nk;
  // Body: the largest component above −300 HU; its centroid x is the midline.
  const body = createMask(volume);
  for (let q = 0; q < n; q++) body.data[q] = sm.data[q] > -300 ? 1 : 0;
  const bodyMask = keepLargestComponent(body, { connectivity: 6 });
  const d = volume.direction;
  const xOf = (i: number, j: number, k: number) => volume.origin[0] + i * volume.spacing[0] * d[0] + j * volume.spacing[1] * d[3] + k * volume.spacing[2] * d[6];
  let sx = 0, cnt = 0;
  for (let k = 0, q = 0; k < nk; k++) for (let j = 0; j < nj; j++) for (let i = 0; i < ni; i++, q++) {
    if (bodyMask.data[q]) {
      sx += xOf(i, j, k);
      cnt++;
    }
  }
  if (cnt === 0) throw new JumeauError('EMPTY_SEGMENT', 'no body (nothing above −300 HU) in the volume', { subject: 'seedIjk' });
  const midlineX = sx / cnt;
  // Depth of soft tissue (mm): distance to the nearest voxel outside the window.
  const outside = new Uint8Array(n);
  for (let k = 0, q = 0; k < nk; k++) for (let j = 0; j < nj; j++) for (let i = 0; i < ni; i++, q++) {
    // The scan's edges count as outside, so the seed is not proposed on a cut face of the organ.
    const edge = i === 0 || j === 0 || k === 0 || i === ni - 1 || j === nj - 1 || k === nk - 1;
    outside[q] = !edge && bodyMask.data[q] && sm.data[q] >= lo && sm.data[q] <= hi ? 0 : 1;
  }
  const depth2 = squaredDistanceMm2(outside, volume.size, volume.spacing);
  let best = -1, bestQ = -1;
  for (let k = 0, q = 0; k < nk; k++) for (let j = 0; j < nj; j++) for (let i = 0; i < ni; i++, q++) {
    if (depth2[q] > best && xOf(i, j, k) <= midlineX - minOffset) {
      best = depth2[q];
      bestQ = q;
    }
  }
  const depthMm = Math.sqrt(Math.max(0, best));
  if (bestQ < 0 || depthMm < minDepth) {
    throw new JumeauError('EMPTY_SEGMENT', `no soft-tissue organ (${lo}…${hi} HU) at least ${minDepth} mm deep on the patient's right: no liver to seed (deepest ${depthMm.toFixed(1)} mm)`, { subject: 'seedIjk' });
  }
  const seedIjk: IndexIjk = [bestQ % ni, Math.floor(bestQ / ni) % nj, Math.floor(bestQ / (ni * nj))];
  const seedLps = indexToLps(volume, seedIjk);
  const seedHu = sm.data[bestQ];
  const reason =
    `seed proposed at LPS (${seedLps.map((v) => v.toFixed(1)).join(', ')}) mm, voxel (${seedIjk.join(', ')}): the deepest soft-tissue voxel ` +
    `(${lo}…${hi} HU, ${depthMm.toFixed(1)} mm from any other tissue, ${seedHu.toFixed(0)} HU) on the patient's right ` +
    `(${(midlineX - seedLps[0]).toFixed(0)} mm right of the body's midline x = ${midlineX.toFixed(1)} mm)`;
  return { seedIjk, seedLps, depthMm, seedHu, reason };
}
