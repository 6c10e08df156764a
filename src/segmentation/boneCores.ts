/**
 * Shared machinery of the automatic bone pipelines ({@link segmentHipBones}, {@link segmentKneeBones}):
 * split a CT's bone into distinct bones through "cores" (the bone deeper than r mm, an erosion),
 * name the cores with a pipeline-specific rule, and grow them back.
 *
 * 1. threshold ≥ `surfaceHu` → 3-D hole filling with the scan's end slices capped (cancellous cores,
 *    marrow canals cut open by the scan's end);
 * 2. exact EDT depth inside that mask (or the same built from `coreSurfaceHu`) less its voxels below `coreHu`; for each r of `coreDepthsMm`
 *    the voxels deeper than r are cut into 6-connected cores of ≥ `minCoreMl`; the namer scores
 *    each depth's cores and the best score wins (the shallowest on ties);
 * 3. the cores seed a geodesic competitive growth inside the filled mask (grow from seeds,
 *    'distance' cost); unnamed cores seed nothing (the named bones grow over them when connected);
 * 4. voxels below `surfaceHu` touching another bone are dropped (the enclosed joint space);
 * 5. per bone, enclosed holes (end slices capped) are filled again.
 * Work is done on the dense mask's bounding box grown by one voxel (exactly the same result as on
 * the whole grid: the margin is background, and only a true scan end is ever capped).
 */
import { JumeauError, throwIfAborted } from '../core/errors';
import type { PointLps } from '../core/vec3';
import type { Volume } from '../volume/volume';
import { indexToLps } from '../volume/volume';
import type { Labelmap, Mask, Segment } from './labelmap';
import { cropVolume, pasteInto, type IndexBox } from '../volume/crop';
import { boundingBoxIjk, createLabelmap, createMask, voxelVolumeMm3 } from './labelmap';
import { labelStatistics } from '../volume/labelStats';
import { connectedComponents, componentLabelArray } from './connectedComponents';
import { squaredDistanceMm2 } from './distanceTransform';
import { growFromSeeds } from './growFromSeeds';
import { fillHoles } from './holes';
import { threshold } from './threshold';

/** One core (connected voxels deeper than the erosion depth): size, centroid and LPS extent. */
export interface BoneCore {
  /** Core id (1 = largest). */
  id: number;
  /** Voxel count. */
  voxels: number;
  /** Centroid, LPS mm. */
  centroidLps: PointLps;
  /** Smallest x, y, z of its voxel centres, LPS mm. */
  minLps: [number, number, number];
  /** Largest x, y, z of its voxel centres, LPS mm. */
  maxLps: [number, number, number];
  /**
   * With a `coreSurfaceHu` above `surfaceHu`: the core (same depth) of the `surfaceHu` mask that
   * contains this one — cores sharing a group are joined below the core threshold. Else the id.
   */
  group: number;
}

/** A naming of the cores of one erosion depth: bone label per core id (absent = unnamed), and a score (higher wins). */
export interface CoreNaming<T = unknown> {
  byId: Map<number, number>;
  score: number;
  /** What the namer wants back about the winning depth (e.g. the legs found). */
  info?: T;
}

/** Names the cores of one depth, or returns why they cannot be named. */
export type CoreNamer<T = unknown> = (cores: BoneCore[], depthMm: number) => CoreNaming<T> | string;

/** Parameters of {@link splitBonesByCores}. */
export interface CoreSplitParams {
  /** Threshold of the bone surface, HU (the extent the cores grow back into). */
  surfaceHu: number;
  /** Threshold of the mask the cores are eroded from, HU (default `surfaceHu`; higher keeps thin partial-volume bridges out of the cores). */
  coreSurfaceHu?: number;
  /** Voxels of the filled mask darker than this (HU) are left out of the cores. */
  coreHu: number;
  /** Erosion depths tried, mm. */
  coreDepthsMm: readonly number[];
  /** Progress, 0…1, after each step (thresholds, each erosion depth, growth, filling). */
  onProgress?: (fraction: number) => void;
  /** Stops between steps (JumeauError CANCELLED). */
  signal?: AbortSignal;
  /** Smallest core that seeds a bone, mL. */
  minCoreMl: number;
  /**
   * Also fill holes enclosed within each k-slice (default false): closes a marrow canal that a
   * thin or gapped epiphysis opens to the outside in 3-D (both in step 1 and step 5).
   */
  fillSlices?: boolean;
}

/** Result of {@link splitBonesByCores}. */
export type CoreSplit<T = unknown> =
  | { labelmap: Labelmap; cores: number; depthMm: number; naming: CoreNaming<T> }
  | { labelmap: null; reason: string };

/** LPS step vectors of the i, j, k axes (mm per index). */
function axisSteps(vol: Pick<Volume, 'spacing' | 'direction'>): number[][] {
  const d = vol.direction;
  return [0, 1, 2].map((a) => [d[3 * a] * vol.spacing[a], d[3 * a + 1] * vol.spacing[a], d[3 * a + 2] * vol.spacing[a]]);
}

/** Size, centroid and LPS extent of labels 1…n of a label array on `vol`'s grid. */
export function coreStats(
  vol: Pick<Volume, 'size' | 'spacing' | 'origin' | 'direction'>,
  labels: ArrayLike<number>,
  n: number,
  groups?: ArrayLike<number>,
): BoneCore[] {
  const group = new Float64Array(n + 1);
  const sum = new Float64Array(3 * (n + 1));
  const cnt = new Float64Array(n + 1);
  const lo = new Float64Array(3 * (n + 1)).fill(Infinity);
  const hi = new Float64Array(3 * (n + 1)).fill(-Infinity);
  const [ni, nj, nk] = vol.size;
  const [si, sj, sk] = axisSteps(vol);
  const p = [0, 0, 0];
  for (let k = 0, q = 0; k < nk; k++) for (let j = 0; j < nj; j++) for (let i = 0; i < ni; i++, q++) {
    const l = labels[q];
    if (l === 0 || l > n) continue;
    if (cnt[l]++ === 0) group[l] = groups ? groups[q] : l;
    sum[3 * l] += i;
    sum[3 * l + 1] += j;
    sum[3 * l + 2] += k;
    for (let a = 0; a < 3; a++) {
      p[a] = vol.origin[a] + i * si[a] + j * sj[a] + k * sk[a];
      if (p[a] < lo[3 * l + a]) lo[3 * l + a] = p[a];
      if (p[a] > hi[3 * l + a]) hi[3 * l + a] = p[a];
    }
  }
  const out: BoneCore[] = [];
  for (let l = 1; l <= n; l++) {
    if (cnt[l] === 0) continue;
    const centroidLps = indexToLps(vol, [sum[3 * l] / cnt[l], sum[3 * l + 1] / cnt[l], sum[3 * l + 2] / cnt[l]]);
    const minLps: [number, number, number] = [lo[3 * l], lo[3 * l + 1], lo[3 * l + 2]];
    const maxLps: [number, number, number] = [hi[3 * l], hi[3 * l + 1], hi[3 * l + 2]];
    out.push({ id: l, voxels: cnt[l], centroidLps, minLps, maxLps, group: group[l] });
  }
  return out;
}

type Box = IndexBox;

/** The dense mask's bounding box grown by one voxel (clamped to the grid). */
function workBox(dense: Mask): Box | null {
  const b = boundingBoxIjk(dense.data, dense.size);
  if (!b) return null;
  const min = b.min.map((x) => Math.max(0, x - 1)) as [number, number, number];
  const max = b.max.map((x, a) => Math.min(dense.size[a] - 1, x + 1)) as [number, number, number];
  return { min, max };
}

/**
 * Splits a CT's bone into named bones (see module doc). Throws EMPTY_SEGMENT (subject "bone") when
 * no voxel reaches `surfaceHu`; returns a reason instead of a labelmap when no depth can be named.
 * The labelmap lists all `segments`; the caller keeps those it found.
 */
export function splitBonesByCores<T>(volume: Volume, params: CoreSplitParams, nameCores: CoreNamer<T>, segments: Segment[]): CoreSplit<T> {
  const { surfaceHu, coreHu } = params;
  const full = threshold(volume, { loHu: surfaceHu, hiHu: 32767, allowEmpty: true });
  const box = workBox(full);
  if (!box) {
    throw new JumeauError('EMPTY_SEGMENT', `no voxel at or above ${surfaceHu} ${volume.unit}: no bone to segment (is this a CT? MR has no HU)`, { subject: 'bone' });
  }
  const vol = cropVolume(volume, box);
  const dense = cropVolume(full, box);
  const fillSlices = params.fillSlices ?? false;
  const solid = fillBone(dense, fillSlices);
  const coreSurfaceHu = params.coreSurfaceHu ?? surfaceHu;
  const coreSolid = coreSurfaceHu > surfaceHu ? fillBone(threshold(vol, { loHu: coreSurfaceHu, hiHu: 32767, allowEmpty: true }), fillSlices) : solid;
  const depthOf = (m: Mask): Float32Array | Float64Array => {
    const outside = new Uint8Array(m.data.length);
    for (let q = 0; q < outside.length; q++) outside[q] = m.data[q] && vol.data[q] >= coreHu ? 0 : 1;
    return squaredDistanceMm2(outside, vol.size, vol.spacing);
  };
  const depth2 = depthOf(coreSolid);
  const groupDepth2 = coreSolid === solid ? null : depthOf(solid);
  const minVoxels = (params.minCoreMl * 1000) / voxelVolumeMm3(vol);
  const core = createMask(vol);
  let found: { seeds: Uint16Array; naming: CoreNaming<T>; cores: number; depthMm: number } | null = null;
  let reason = '';
  const steps = params.coreDepthsMm.length + 3;
  let step = 1;
  const tick = (): void => {
    throwIfAborted(params.signal);
    params.onProgress?.(Math.min(1, step++ / steps));
  };
  tick();
  for (const r of params.coreDepthsMm) {
    tick();
    const limit = r * r;
    for (let q = 0; q < core.data.length; q++) core.data[q] = depth2[q] > limit ? 1 : 0;
    const cc = connectedComponents(core, { connectivity: 6 });
    let n = 0;
    while (n < cc.count && cc.voxelCounts[n + 1] >= minVoxels) n++;
    if (n === 0) {
      reason ||= `no bone thicker than ${2 * r} mm above ${surfaceHu} HU (is this a CT with bone in view?)`;
      break;
    }
    const labels = componentLabelArray(cc);
    const seeds = new Uint16Array(labels.length);
    for (let q = 0; q < seeds.length; q++) seeds[q] = labels[q] <= n ? labels[q] : 0;
    let groups: ArrayLike<number> | undefined;
    if (groupDepth2) {
      const g = createMask(vol);
      for (let q = 0; q < g.data.length; q++) g.data[q] = groupDepth2[q] > limit ? 1 : 0;
      groups = componentLabelArray(connectedComponents(g, { connectivity: 6 }));
    }
    const naming = nameCores(coreStats(vol, seeds, n, groups), r);
    if (typeof naming === 'string') {
      reason = `${naming} after a ${r} mm erosion`;
      continue;
    }
    if (found && naming.score <= found.naming.score) continue; // the shallowest erosion with the best score
    found = { seeds, naming, cores: n, depthMm: r };
  }
  if (!found) return { labelmap: null, reason };
  const byId = found.naming.byId;
  for (let q = 0; q < found.seeds.length; q++) if (found.seeds[q] !== 0 && !byId.has(found.seeds[q])) found.seeds[q] = 0;
  const grown = growFromSeeds(vol, { seeds: found.seeds, within: solid, cost: 'distance' });
  tick();
  const local = createLabelmap(vol, { segments });
  for (let q = 0; q < grown.labels.length; q++) {
    const l = grown.labels[q];
    if (l !== 0) local.data[q] = byId.get(l) ?? 0;
  }
  dropJointSpace(local, dense);
  fillPerBone(local, fillSlices);
  params.onProgress?.(1);
  const labelmap = createLabelmap(volume, { segments });
  pasteInto(labelmap, local, box);
  return { labelmap, cores: found.cores, depthMm: found.depthMm, naming: found.naming };
}

/**
 * Step 4: voxels below the surface threshold that touch (26-neighbourhood) a different bone are the
 * joint space the first fill enclosed, not bone: they go back to background. Cancellous bone and
 * marrow, enclosed by one bone, stay.
 */
function dropJointSpace(labelmap: Labelmap, dense: Mask): void {
  const [ni, nj, nk] = labelmap.size;
  const src = labelmap.data.slice();
  for (let k = 0, q = 0; k < nk; k++) for (let j = 0; j < nj; j++) for (let i = 0; i < ni; i++, q++) {
    const l = src[q];
    if (l === 0 || dense.data[q]) continue;
    let touches = false;
    for (let c = Math.max(0, k - 1); c <= Math.min(nk - 1, k + 1) && !touches; c++) {
      for (let b = Math.max(0, j - 1); b <= Math.min(nj - 1, j + 1) && !touches; b++) {
        for (let a = Math.max(0, i - 1); a <= Math.min(ni - 1, i + 1); a++) {
          const o = src[a + ni * (b + nj * c)];
          if (o !== 0 && o !== l) {
            touches = true;
            break;
          }
        }
      }
    }
    if (touches) labelmap.data[q] = 0;
  }
}

/** 3-D hole filling with capped scan ends, united with the per-slice filling when `slices`. */
function fillBone(mask: Mask, slices: boolean): Mask {
  const filled = fillHoles(mask, { capSliceEnds: true });
  if (slices) {
    const perSlice = fillHoles(mask, { mode: 'slice' });
    for (let q = 0; q < filled.data.length; q++) filled.data[q] |= perSlice.data[q];
  }
  return filled;
}

/**
 * Step 5: per bone present, enclosed holes (end slices capped) join it. Each bone is filled on its own
 * bounding box grown by one voxel (the same holes as on the whole grid: that ring is background, so
 * anything reaching it reaches the border either way), which keeps this step proportional to the bones.
 */
function fillPerBone(labelmap: Labelmap, slices: boolean): void {
  const boxes = new Map(labelStatistics(labelmap).map((st) => [st.label, st.boxIjk]));
  const [ni, nj] = labelmap.size;
  for (const seg of labelmap.segments) {
    const b = boxes.get(seg.label);
    if (!b) continue;
    const box = {
      min: b.min.map((x) => Math.max(0, x - 1)) as [number, number, number],
      max: b.max.map((x, a) => Math.min(labelmap.size[a] - 1, x + 1)) as [number, number, number],
    };
    const sub = cropVolume(labelmap, box);
    const m: Mask = createMask(sub);
    for (let q = 0; q < m.data.length; q++) m.data[q] = sub.data[q] === seg.label ? 1 : 0;
    const filled = fillBone(m, slices);
    const [si, sj, sk] = sub.size;
    for (let k = 0, q = 0; k < sk; k++) {
      for (let j = 0; j < sj; j++) {
        const row = box.min[0] + ni * (box.min[1] + j + nj * (box.min[2] + k));
        for (let i = 0; i < si; i++, q++) if (filled.data[q] && labelmap.data[row + i] === 0) labelmap.data[row + i] = seg.label;
      }
    }
  }
}

/**
 * Finds defective k-slices — the bone (≥ `surfaceHu`) of slice k overlaps neither neighbour by half
 * of what the two neighbours share (rows shifted or half the tissue missing, like one slice of the
 * Visible Human knee) — and returns a copy of the volume where each such slice is the voxelwise mean
 * of its two neighbours (the volume itself when none is found). Both neighbours must be sound and
 * share ≥ 50 bone voxels and half of the smaller one's bone.
 */
export function repairOutlierSlices(volume: Volume, surfaceHu: number): { volume: Volume; slicesK: number[] } {
  const [ni, nj, nk] = volume.size;
  const plane = ni * nj;
  const d = volume.data;
  const overlap = (a: number, b: number): number => {
    let n = 0;
    for (let p = 0, qa = a * plane, qb = b * plane; p < plane; p++) if (d[qa + p] >= surfaceHu && d[qb + p] >= surfaceHu) n++;
    return n;
  };
  const own = (k: number): number => overlap(k, k);
  const slicesK: number[] = [];
  for (let k = 1; k < nk - 1; k++) {
    const shared = overlap(k - 1, k + 1);
    if (shared < 50 || shared < 0.5 * Math.min(own(k - 1), own(k + 1))) continue;
    if (overlap(k - 1, k) < 0.5 * shared && overlap(k, k + 1) < 0.5 * shared) slicesK.push(k);
  }
  if (slicesK.length === 0) return { volume, slicesK };
  const data = d.slice();
  for (const k of slicesK) {
    for (let p = 0, q = k * plane; p < plane; p++, q++) data[q] = Math.round((d[q - plane] + d[q + plane]) / 2);
  }
  return { volume: { ...volume, data }, slicesK };
}
