/**
 * 3-D connected components (6/18/26-connectivity) and the clean-up tools built on them: keep the
 * largest component, remove islands smaller than a volume in mm³, keep the components under seeds,
 * and the fused "threshold + largest component" of vtkImageConnectivityFilter.
 */
import { JumeauError } from '../core/errors';
import type { IndexIjk } from '../core/vec3';
import type { Volume } from '../volume/volume';
import { voxelCount } from '../volume/volume';
import type { Geometry, Mask } from './labelmap';
import { createMask, voxelVolumeMm3 } from './labelmap';
import type { Connectivity, RunComponents, RunSet } from './runs';
import { labelRuns, paintRuns, runsOfMask, runsOfWindow } from './runs';
import { resolveHuRange } from './threshold';
import { checkSeedsIjk } from './seeds';

export type { Connectivity } from './runs';

/** Components of a mask, kept as runs (no per-voxel label array unless asked for). */
export interface Components extends RunComponents {
  /** Grid the components live on. */
  geometry: Geometry;
  /** Foreground runs. */
  runs: RunSet;
}

/** Connectivity option shared by the tools; default 6 (brief §1.2: conservative clean-up). */
export interface ConnectivityParams {
  /** 6 (faces), 18 or 26 (faces, edges, corners). Default 6. */
  connectivity?: Connectivity;
}

function checkConnectivity(c: unknown): Connectivity {
  if (c === undefined) return 6;
  if (c !== 6 && c !== 18 && c !== 26) throw new JumeauError('BAD_ARGUMENT', `must be 6, 18 or 26 (got ${String(c)})`, { subject: 'connectivity' });
  return c;
}

/** Labels the connected components of `mask`; label 1 is the largest (size rank). */
export function connectedComponents(mask: Mask, params: ConnectivityParams = {}): Components {
  const connectivity = checkConnectivity(params.connectivity);
  const runs = runsOfMask(mask.data, mask.size);
  return { geometry: mask, runs, ...labelRuns(runs, connectivity) };
}

/**
 * A per-voxel label array (0 = background, 1 = largest component, …): Uint16Array when there
 * are fewer than 65536 components, otherwise Uint32Array.
 */
export function componentLabelArray(components: Components): Uint16Array | Uint32Array {
  const n = voxelCount(components.geometry.size);
  const out = components.count < 65536 ? new Uint16Array(n) : new Uint32Array(n);
  const keep = new Uint8Array(components.count + 1).fill(1);
  keep[0] = 0;
  paintRuns(components.runs, components.runLabel, keep, out, null);
  return out;
}

/** The mask of the components whose label `keep(label, voxelCount)` accepts. */
export function maskOfComponents(components: Components, keep: (label: number, voxels: number) => boolean): Mask {
  const sel = new Uint8Array(components.count + 1);
  for (let l = 1; l <= components.count; l++) sel[l] = keep(l, components.voxelCounts[l]) ? 1 : 0;
  const out = createMask(components.geometry);
  paintRuns(components.runs, components.runLabel, sel, out.data);
  return out;
}

/** Keeps the largest connected component (ties: the first in memory order). Throws EMPTY_SEGMENT on an empty mask. */
export function keepLargestComponent(mask: Mask, params: ConnectivityParams = {}): Mask {
  const cc = connectedComponents(mask, params);
  if (cc.count === 0) throw new JumeauError('EMPTY_SEGMENT', 'has no voxel: there is no component to keep', { subject: 'mask' });
  return maskOfComponents(cc, (l) => l === 1);
}

/** Parameters of {@link removeSmallIslands}. */
export interface RemoveIslandsParams extends ConnectivityParams {
  /** Components with a volume below this (mm³) are removed. */
  minVolumeMm3: number;
}

/** Removes components smaller than `minVolumeMm3` (voxel count × voxel volume). */
export function removeSmallIslands(mask: Mask, params: RemoveIslandsParams): Mask {
  if (!(params.minVolumeMm3 >= 0)) throw new JumeauError('BAD_ARGUMENT', `must be ≥ 0 mm³ (got ${params.minVolumeMm3})`, { subject: 'minVolumeMm3' });
  const cc = connectedComponents(mask, params);
  const v = voxelVolumeMm3(mask);
  return maskOfComponents(cc, (_l, voxels) => voxels * v >= params.minVolumeMm3);
}

/** Parameters of {@link keepComponentsAtSeeds}. */
export interface SeedComponentParams extends ConnectivityParams {
  /** Integer voxel indices (i, j, k); components containing one are kept. */
  seedsIjk: IndexIjk[];
}

/** Keeps the components that contain at least one seed; throws EMPTY_SEGMENT when no seed is inside the mask. */
export function keepComponentsAtSeeds(mask: Mask, params: SeedComponentParams): Mask {
  const seeds = checkSeedsIjk(mask, params.seedsIjk, 'seedsIjk');
  const cc = connectedComponents(mask, params);
  const [ni, nj] = mask.size;
  const keep = new Set<number>();
  for (const [i, j, k] of seeds) {
    const row = j + nj * k;
    for (let r = cc.runs.rowStart[row]; r < cc.runs.rowStart[row + 1]; r++) {
      if (cc.runs.i0[r] <= i && i < cc.runs.i1[r]) keep.add(cc.runLabel[r]);
    }
  }
  if (keep.size === 0) throw new JumeauError('EMPTY_SEGMENT', `none of the ${seeds.length} seed(s) lies inside the mask (grid ${ni}×${nj}×${mask.size[2]})`, { subject: 'seedsIjk' });
  return maskOfComponents(cc, (l) => keep.has(l));
}

/** Parameters of {@link thresholdLargestComponent}. */
export interface ThresholdLargestParams extends ConnectivityParams {
  /** Lower bound, HU (inclusive). */
  loHu: number;
  /** Upper bound, HU (inclusive). */
  hiHu: number;
}

/**
 * Threshold + keep the largest component in one pass over the voxels (as vtkImageConnectivityFilter
 * with a scalar range and LargestRegion extraction): runs are found directly on the HU data, so no
 * intermediate mask is written. Same result as `keepLargestComponent(threshold(volume, …))`.
 * Throws EMPTY_SEGMENT when the range selects nothing.
 */
export function thresholdLargestComponent(volume: Volume, params: ThresholdLargestParams): { mask: Mask; voxels: number; components: number } {
  const connectivity = checkConnectivity(params.connectivity);
  const [lo, hi] = resolveHuRange(params);
  const runs = runsOfWindow(volume.data, volume.size, lo, hi, !(volume.data instanceof Float32Array));
  const cc = labelRuns(runs, connectivity);
  if (cc.count === 0) throw new JumeauError('EMPTY_SEGMENT', `threshold [${lo}, ${hi}] ${volume.unit} selects no voxel`, { subject: 'loHu…hiHu' });
  const mask = createMask(volume);
  const keep = new Uint8Array(cc.count + 1);
  keep[1] = 1;
  paintRuns(runs, cc.runLabel, keep, mask.data);
  return { mask, voxels: cc.voxelCounts[1], components: cc.count };
}
