/**
 * Automatic hip bones (first version): femur left/right, hip bone left/right and sacrum as distinct
 * segments from a CT, including the split across the narrow hip and sacro-iliac joint spaces where a
 * global threshold bridges them (brief §1.2 item 8).
 *
 * Pipeline (each step a tool of this folder):
 * 1. threshold ≥ `surfaceHu` (cortex and dense bone; its half-way partial-volume level puts the
 *    surface close to the true one) → 3-D hole filling, with the scan's end slices capped, closes
 *    the cancellous cores and the marrow canals the scan cuts open;
 * 2. exact EDT inside that mask less its voxels below `coreHu` (a joint space the fill enclosed,
 *    marrow) gives a depth (mm); the voxels deeper than r form "cores" (an erosion by r):
 *    of the depths `coreDepthsMm`, the one giving the most cores of ≥ `minCoreMl` that can be named
 *    (step 4) wins, the shallowest on ties — bridges and contacts between bones break before the
 *    bones themselves vanish, so each bone keeps its own core(s);
 * 3. the cores seed a competitive growth inside the mask by geodesic distance (grow from seeds,
 *    'distance' cost): only the eroded rim (≤ r) and the bridges are reassigned, split half-way;
 * 4. cores are named by position (LPS: patient left is +x): midline cores are the sacrum; on each
 *    side the large core that reaches lowest is the femur, all others are hip bone;
 * 4b. voxels below `surfaceHu` that touch another bone lose their label (the joint space the first
 *    fill enclosed is not bone);
 * 5. per bone, enclosed holes (end slices capped) are filled again, which restores its cancellous
 *    core and marrow canal but not a joint space (no single bone encloses it).
 * Tuned and tested on the generated hip phantom only; real CT (thin, osteoporotic cortices) needs
 * the evaluation listed in the README before it is trusted.
 */
import { JumeauError } from '../core/errors';
import type { Volume } from '../volume/volume';
import { indexToLps } from '../volume/volume';
import type { Labelmap, Mask, Segment } from './labelmap';
import { countVoxels, createLabelmap, createMask, voxelVolumeMm3 } from './labelmap';
import { connectedComponents, componentLabelArray } from './connectedComponents';
import { squaredDistanceMm2 } from './distanceTransform';
import { growFromSeeds } from './growFromSeeds';
import { fillHoles } from './holes';
import { terminologyOf } from './terminology';
import { THRESHOLD_PRESETS, threshold } from './threshold';

/** Labels written by {@link segmentHipBones}. */
export const AUTO_HIP_LABELS = { femurLeft: 1, femurRight: 2, hipLeft: 3, hipRight: 4, sacrum: 5 } as const;

/** Parameters of {@link segmentHipBones} (all optional). */
export interface AutoHipParams {
  /** Threshold of the bone surface, HU (default 600, the cortical-bone preset). */
  surfaceHu?: number;
  /** Erosion depths tried in turn, mm (default 1.5, 2, 2.5, 3, 4, 5, 6). */
  coreDepthsMm?: number[];
  /** Voxels of the filled mask darker than this (HU) are left out of the cores (joint space, marrow); default 150. */
  coreHu?: number;
  /** Smallest core that seeds a bone, mL (default 2). */
  minCoreMl?: number;
  /** Half-width of the midline band where the sacrum's centroid must lie, mm (default 30). */
  midlineMm?: number;
}

/** Result of {@link segmentHipBones}. */
export interface AutoHipResult {
  /** Five segments on the CT's grid. */
  labelmap: Labelmap;
  /** Number of cores found (5 when every bone gave exactly one). */
  cores: number;
  /** Erosion depth that separated the bones, mm. */
  coreDepthMm: number;
  /** Notes for the report (extra cores merged, …). */
  notes: string[];
}

const SEGMENTS: Segment[] = [
  { label: AUTO_HIP_LABELS.femurLeft, name: 'femur left', colorRgb: [255, 176, 64], terminology: terminologyOf('femur', 'L') },
  { label: AUTO_HIP_LABELS.femurRight, name: 'femur right', colorRgb: [250, 226, 110], terminology: terminologyOf('femur', 'R') },
  { label: AUTO_HIP_LABELS.hipLeft, name: 'hip bone left', colorRgb: [96, 160, 255], terminology: terminologyOf('hipBone', 'L') },
  { label: AUTO_HIP_LABELS.hipRight, name: 'hip bone right', colorRgb: [96, 220, 190], terminology: terminologyOf('hipBone', 'R') },
  { label: AUTO_HIP_LABELS.sacrum, name: 'sacrum', colorRgb: [200, 120, 220], terminology: terminologyOf('sacrum') },
];

interface Core { id: number; voxels: number; centroidLps: [number, number, number]; minZMm: number; maxZMm: number }

/** Centroids (LPS mm), lowest LPS z (mm) and voxel counts of labels 1…n of a label array. */
function labelStats(vol: Volume, labels: ArrayLike<number>, n: number): Core[] {
  const sum = new Float64Array(3 * (n + 1));
  const cnt = new Float64Array(n + 1);
  const minZ = new Float64Array(n + 1).fill(Infinity);
  const maxZ = new Float64Array(n + 1).fill(-Infinity);
  const [ni, nj, nk] = vol.size;
  const d = vol.direction;
  const dz = [vol.spacing[0] * d[2], vol.spacing[1] * d[5], vol.spacing[2] * d[8]];
  for (let k = 0, q = 0; k < nk; k++) for (let j = 0; j < nj; j++) for (let i = 0; i < ni; i++, q++) {
    const l = labels[q];
    if (l === 0 || l > n) continue;
    cnt[l]++;
    sum[3 * l] += i;
    sum[3 * l + 1] += j;
    sum[3 * l + 2] += k;
    const z = vol.origin[2] + i * dz[0] + j * dz[1] + k * dz[2];
    if (z < minZ[l]) minZ[l] = z;
    if (z > maxZ[l]) maxZ[l] = z;
  }
  const out: Core[] = [];
  for (let l = 1; l <= n; l++) {
    if (cnt[l] === 0) continue;
    const centroidLps = indexToLps(vol, [sum[3 * l] / cnt[l], sum[3 * l + 1] / cnt[l], sum[3 * l + 2] / cnt[l]]);
    out.push({ id: l, voxels: cnt[l], centroidLps, minZMm: minZ[l], maxZMm: maxZ[l] });
  }
  return out;
}

/**
 * Names cores (step 4): the largest core within `midlineMm` of x = 0 is the sacrum (other midline
 * cores join it); on each side (patient left = +x), among cores of at least 10 % of that side's
 * largest, the one reaching lowest (the femoral shaft runs to the scan's lower end) is the femur and
 * every other core is hip bone; when that core also reaches highest (the iliac crest) the bones
 * are still joined and a deeper erosion is needed.
 * Returns the bone label per core id, or a reason when the cores cannot be named.
 */
function nameCores(cores: Core[], midlineMm: number): Map<number, number> | string {
  const byId = new Map<number, number>();
  const mid = cores.filter((c) => Math.abs(c.centroidLps[0]) < midlineMm);
  if (mid.length === 0) return 'no bone core near the midline (sacrum)';
  for (const c of mid) byId.set(c.id, AUTO_HIP_LABELS.sacrum);
  for (const side of ['L', 'R'] as const) {
    const sign = side === 'L' ? 1 : -1;
    const here = cores.filter((c) => sign * c.centroidLps[0] >= midlineMm);
    const largest = Math.max(0, ...here.map((c) => c.voxels));
    const big = here.filter((c) => c.voxels >= 0.1 * largest).sort((a, b) => a.minZMm - b.minZMm);
    const sideName = side === 'L' ? 'left' : 'right';
    if (big.length < 2) return `${big.length} bone core(s) on the patient's ${sideName}: femur and hip bone still joined`;
    // The femur reaches lowest, the iliac crest highest: one core doing both is still femur + hip bone.
    const top = big.reduce((a, b) => (b.maxZMm > a.maxZMm ? b : a));
    if (top === big[0]) return `the lowest core on the patient's ${sideName} also reaches highest: femur and hip bone still joined`;
    for (const c of here) byId.set(c.id, side === 'L' ? AUTO_HIP_LABELS.hipLeft : AUTO_HIP_LABELS.hipRight);
    byId.set(big[0].id, side === 'L' ? AUTO_HIP_LABELS.femurLeft : AUTO_HIP_LABELS.femurRight);
  }
  return byId;
}

/** Segments the five hip bones of a CT (see module doc). Throws EMPTY_SEGMENT when no bone is found (e.g. MR). */
export function segmentHipBones(volume: Volume, params: AutoHipParams = {}): AutoHipResult {
  const surfaceHu = params.surfaceHu ?? THRESHOLD_PRESETS.corticalBone.loHu;
  const depths = params.coreDepthsMm ?? [1.5, 2, 2.5, 3, 4, 5, 6];
  const minCoreMl = params.minCoreMl ?? 2;
  const notes: string[] = [];
  if (volume.unit !== 'HU') notes.push(`volume unit is ${volume.unit}, not HU: bone thresholds assume CT`);
  const coreHu = params.coreHu ?? 150;
  // 1. Dense bone, cores closed.
  const dense = threshold(volume, { loHu: surfaceHu, hiHu: 32767, allowEmpty: true });
  if (countVoxels(dense.data) === 0) {
    throw new JumeauError('EMPTY_SEGMENT', `no voxel at or above ${surfaceHu} ${volume.unit}: no bone to segment (is this a CT? MR has no HU)`, { subject: 'bone' });
  }
  const solid = fillHoles(dense, { capSliceEnds: true });
  // 2. Cores: deeper than r inside the solid mask without its dark voxels (an enclosed joint space,
  //    marrow), r increasing until the bones come apart.
  const outside = new Uint8Array(solid.data.length);
  for (let q = 0; q < outside.length; q++) outside[q] = solid.data[q] && volume.data[q] >= coreHu ? 0 : 1;
  const depth2 = squaredDistanceMm2(outside, volume.size, volume.spacing);
  const minVoxels = (minCoreMl * 1000) / voxelVolumeMm3(volume);
  const core = createMask(volume);
  let found: { seeds: Uint16Array; naming: Map<number, number>; cores: number; depthMm: number } | null = null;
  let reason = '';
  for (const r of depths) {
    const limit = r * r;
    for (let q = 0; q < core.data.length; q++) core.data[q] = depth2[q] > limit ? 1 : 0;
    const cc = connectedComponents(core, { connectivity: 6 });
    let n = 0;
    while (n < cc.count && cc.voxelCounts[n + 1] >= minVoxels) n++;
    if (n === 0) {
      reason ||= `no bone thicker than ${2 * r} mm above ${surfaceHu} HU (is this a CT with bone in view?)`;
      break;
    }
    if (found && n <= found.cores) continue; // keep the shallowest erosion giving the most cores
    const labels = componentLabelArray(cc);
    const seeds = new Uint16Array(labels.length);
    for (let q = 0; q < seeds.length; q++) seeds[q] = labels[q] <= n ? labels[q] : 0;
    const naming = nameCores(labelStats(volume, seeds, n), params.midlineMm ?? 30);
    if (typeof naming === 'string') {
      reason = `${naming} after a ${r} mm erosion`;
      continue;
    }
    found = { seeds, naming, cores: n, depthMm: r };
  }
  if (!found) throw new JumeauError('EMPTY_SEGMENT', `cannot separate the hip bones: ${reason}`, { subject: 'bone' });
  if (found.cores > 5) notes.push(`${found.cores} cores after a ${found.depthMm} mm erosion; extra cores joined their side's hip bone or the sacrum`);
  // 3. Geodesic competitive growth inside the solid mask.
  const grown = growFromSeeds(volume, { seeds: found.seeds, within: solid, cost: 'distance' });
  // 4. Name the cores; keep the dense voxels only (the filled joint space is not bone).
  const naming = found.naming;
  const labelmap = createLabelmap(volume, { segments: SEGMENTS });
  for (let q = 0; q < grown.labels.length; q++) {
    const l = grown.labels[q];
    if (l !== 0) labelmap.data[q] = naming.get(l) ?? 0;
  }
  dropJointSpace(labelmap, dense);
  // 5. Per-bone hole filling restores cancellous bone and marrow.
  fillPerBone(labelmap);
  return { labelmap, cores: found.cores, coreDepthMm: found.depthMm, notes };
}

/**
 * Step 4b: voxels below the surface threshold that touch (26-neighbourhood) a different bone are the
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

function fillPerBone(labelmap: Labelmap): void {
  for (const seg of labelmap.segments) {
    const m: Mask = createMask(labelmap);
    for (let q = 0; q < m.data.length; q++) m.data[q] = labelmap.data[q] === seg.label ? 1 : 0;
    const filled = fillHoles(m, { capSliceEnds: true });
    for (let q = 0; q < m.data.length; q++) if (filled.data[q] && labelmap.data[q] === 0) labelmap.data[q] = seg.label;
  }
}
