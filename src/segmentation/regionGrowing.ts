/**
 * Seeded region growing (brief §1.2 items 2):
 *
 * - connected threshold: flood (scanline fill) from the seeds over voxels with loHu ≤ I ≤ hiHu;
 * - confidence connected (as ITK's ConfidenceConnectedImageFilter): the window is μ ± k·σ of the
 *   intensities, first in a small cube around the seeds, then — for `iterations` rounds — of the
 *   region grown so far; each round regrows from the seeds with the new window.
 */
import { JumeauError } from '../core/errors';
import type { IndexIjk } from '../core/vec3';
import type { Volume } from '../volume/volume';
import type { Mask } from './labelmap';
import { assertSameGeometry, createMask } from './labelmap';
import type { Connectivity } from './runs';
import { checkSeedsIjk, linearIndex } from './seeds';

/** Parameters of {@link connectedThreshold}. */
export interface ConnectedThresholdParams {
  /** Integer voxel indices (i, j, k) to grow from. */
  seedsIjk: IndexIjk[];
  /** Lower bound, HU (inclusive). */
  loHu: number;
  /** Upper bound, HU (inclusive). */
  hiHu: number;
  /** Neighbourhood, default 6 (brief §1.2). */
  connectivity?: Connectivity;
  /** Optional mask (same grid) the region may not leave. */
  within?: Mask;
}

/**
 * Voxels connected to a seed through voxels inside [loHu, hiHu]. Seeds outside the window are
 * skipped; throws EMPTY_SEGMENT when none is inside it, SEED_OUTSIDE_VOLUME for a seed off the grid.
 */
export function connectedThreshold(volume: Volume, params: ConnectedThresholdParams): Mask {
  const seeds = checkSeedsIjk(volume, params.seedsIjk, 'seedsIjk');
  if (!(params.loHu <= params.hiHu)) throw new JumeauError('BAD_ARGUMENT', `loHu ${params.loHu} must be ≤ hiHu ${params.hiHu}`, { subject: 'loHu' });
  if (params.within) assertSameGeometry(volume, params.within, 'volume', 'within');
  const out = createMask(volume);
  const grown = grow(volume, seeds, params.loHu, params.hiHu, params.connectivity ?? 6, params.within?.data, out.data);
  if (grown === 0) {
    const values = seeds.map((s) => volume.data[linearIndex(volume.size, s)]);
    throw new JumeauError('EMPTY_SEGMENT', `no seed lies in [${params.loHu}, ${params.hiHu}] ${volume.unit} (seed values: ${values.join(', ')})`, { subject: 'seedsIjk' });
  }
  return out;
}

/** Neighbour rows (dj, dk) of a connectivity and the i-tolerance of each (see runs.ts). */
function rowOffsets(connectivity: Connectivity): [number, number, number][] {
  const out: [number, number, number][] = [];
  for (let dk = -1; dk <= 1; dk++) {
    for (let dj = -1; dj <= 1; dj++) {
      const nz = (dj !== 0 ? 1 : 0) + (dk !== 0 ? 1 : 0);
      if (nz === 0 || (connectivity === 6 && nz > 1)) continue;
      const tol = connectivity === 26 || (connectivity === 18 && nz === 1) ? 1 : 0;
      out.push([dj, dk, tol]);
    }
  }
  return out;
}

/**
 * Scanline flood fill into `state` (0 = unvisited; on return 1 = region, everything else 0): each
 * popped voxel fills its whole run along i, then the overlapping stretches of the neighbour rows
 * are scanned and the first voxel of every accepted run is pushed.
 * @returns the number of region voxels
 */
function grow(volume: Volume, seeds: [number, number, number][], lo: number, hi: number, connectivity: Connectivity, within: Uint8Array | undefined, state: Uint8Array): number {
  const [ni, nj, nk] = volume.size;
  const data = volume.data;
  const REJECTED = 2;
  const rows = rowOffsets(connectivity);
  const accept = (q: number): boolean => data[q] >= lo && data[q] <= hi && (!within || within[q] !== 0);
  let stack = new Int32Array(1 << 12);
  let top = 0;
  const push = (q: number) => {
    if (top === stack.length) {
      const g = new Int32Array(stack.length * 2);
      g.set(stack);
      stack = g;
    }
    stack[top++] = q;
  };
  for (const s of seeds) push(linearIndex(volume.size, s));
  let count = 0;
  while (top > 0) {
    const q = stack[--top];
    if (state[q] !== 0) continue;
    if (!accept(q)) {
      state[q] = REJECTED;
      continue;
    }
    const row = (q / ni) | 0;
    const base = row * ni;
    let a = q - base;
    let b = a;
    while (a > 0 && state[base + a - 1] === 0 && accept(base + a - 1)) a--;
    while (b < ni - 1 && state[base + b + 1] === 0 && accept(base + b + 1)) b++;
    state.fill(1, base + a, base + b + 1);
    count += b - a + 1;
    const j = row % nj;
    const k = (row / nj) | 0;
    for (const [dj, dk, tol] of rows) {
      const jj = j + dj, kk = k + dk;
      if (jj < 0 || kk < 0 || jj >= nj || kk >= nk) continue;
      const nbase = ni * (jj + nj * kk);
      const end = nbase + Math.min(ni - 1, b + tol);
      for (let p = nbase + Math.max(0, a - tol); p <= end; p++) {
        if (state[p] !== 0) continue;
        if (!accept(p)) {
          state[p] = REJECTED;
          continue;
        }
        push(p);
        while (p + 1 <= end && state[p + 1] === 0 && accept(p + 1)) p++;
      }
    }
  }
  for (let q = 0; q < state.length; q++) if (state[q] === REJECTED) state[q] = 0;
  return count;
}

/** Parameters of {@link confidenceConnected}. */
export interface ConfidenceConnectedParams {
  /** Integer voxel indices (i, j, k) to grow from. */
  seedsIjk: IndexIjk[];
  /** Window half-width in standard deviations, default 2.5 (brief §1.1, §1.2). */
  multiplier?: number;
  /** Re-estimation rounds after the first growth, default 4 (brief: 3–5). */
  iterations?: number;
  /** Half-size in voxels of the cube around each seed for the first estimate, default 1 (3×3×3). */
  initialRadiusVoxels?: number;
  /** Neighbourhood, default 6. */
  connectivity?: Connectivity;
  /** Optional mask (same grid) the region may not leave. */
  within?: Mask;
  /** Lower bound on σ (HU) so a noise-free seed region still grows (default 1). */
  minSigmaHu?: number;
}

/** Result of {@link confidenceConnected}: the region and the final statistics and window. */
export interface ConfidenceConnectedResult {
  /** The grown region. */
  mask: Mask;
  /** Mean intensity (HU) of the region that set the final window (the last re-estimate). */
  meanHu: number;
  /** Standard deviation (HU) of that region, floored at `minSigmaHu`. */
  sigmaHu: number;
  /** Window used for the final growth, HU. */
  loHu: number;
  /** Window used for the final growth, HU. */
  hiHu: number;
  /** Region size after each growth (first estimate, then each iteration). */
  voxelsPerRound: number[];
}

/** Confidence-connected region growing (see module doc). Throws EMPTY_SEGMENT if nothing grows. */
export function confidenceConnected(volume: Volume, params: ConfidenceConnectedParams): ConfidenceConnectedResult {
  const seeds = checkSeedsIjk(volume, params.seedsIjk, 'seedsIjk');
  const k = params.multiplier ?? 2.5;
  const iterations = params.iterations ?? 4;
  const radius = params.initialRadiusVoxels ?? 1;
  const minSigma = params.minSigmaHu ?? 1;
  if (!(k > 0)) throw new JumeauError('BAD_ARGUMENT', `must be > 0 (got ${k})`, { subject: 'multiplier' });
  if (!(Number.isInteger(iterations) && iterations >= 0)) throw new JumeauError('BAD_ARGUMENT', `must be an integer ≥ 0 (got ${iterations})`, { subject: 'iterations' });
  if (params.within) assertSameGeometry(volume, params.within, 'volume', 'within');
  const [ni, nj, nk] = volume.size;
  // First estimate: the cubes around the seeds.
  let sum = 0, sum2 = 0, n = 0;
  for (const [si, sj, sk] of seeds) {
    for (let c = Math.max(0, sk - radius); c <= Math.min(nk - 1, sk + radius); c++) {
      for (let b = Math.max(0, sj - radius); b <= Math.min(nj - 1, sj + radius); b++) {
        for (let a = Math.max(0, si - radius); a <= Math.min(ni - 1, si + radius); a++) {
          const v = volume.data[a + ni * (b + nj * c)];
          sum += v;
          sum2 += v * v;
          n++;
        }
      }
    }
  }
  let mean = sum / n;
  let sigma = Math.max(minSigma, Math.sqrt(Math.max(0, sum2 / n - mean * mean)));
  const out = createMask(volume);
  const voxelsPerRound: number[] = [];
  let lo = mean - k * sigma, hi = mean + k * sigma;
  for (let round = 0; round <= iterations; round++) {
    lo = mean - k * sigma;
    hi = mean + k * sigma;
    out.data.fill(0);
    const grown = grow(volume, seeds, lo, hi, params.connectivity ?? 6, params.within?.data, out.data);
    voxelsPerRound.push(grown);
    if (grown === 0) {
      throw new JumeauError('EMPTY_SEGMENT', `no seed lies in the window ${lo.toFixed(1)}…${hi.toFixed(1)} ${volume.unit} (μ ${mean.toFixed(1)}, σ ${sigma.toFixed(1)})`, { subject: 'seedsIjk' });
    }
    if (round === iterations) break;
    sum = 0;
    sum2 = 0;
    for (let q = 0; q < out.data.length; q++) {
      if (out.data[q] === 0) continue;
      const v = volume.data[q];
      sum += v;
      sum2 += v * v;
    }
    mean = sum / grown;
    sigma = Math.max(minSigma, Math.sqrt(Math.max(0, sum2 / grown - mean * mean)));
  }
  return { mask: out, meanHu: mean, sigmaHu: sigma, loHu: lo, hiHu: hi, voxelsPerRound };
}
