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
import type { Labelmap, Segment } from './labelmap';
import type { BoneCore, CoreNaming } from './boneCores';
import { splitBonesByCores } from './boneCores';
import { terminologyOf } from './terminology';
import { THRESHOLD_PRESETS } from './threshold';

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
  /** Half-width of the midline band where the sacrum's centroid must lie, mm (default 30), about the bones' own midline. */
  midlineMm?: number;
  /** Threshold of the mask the cores are eroded from, HU (default `surfaceHu`; higher keeps partial-volume bridges out of the cores). */
  coreSurfaceHu?: number;
  /** Also fill holes within each k-slice (a cortex broken by coarse voxels leaves the marrow open in 3-D); default false. */
  fillSlices?: boolean;
  /** Progress of the split, 0…1. */
  onProgress?: (fraction: number) => void;
  /** Stops between steps (JumeauError CANCELLED). */
  signal?: AbortSignal;
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

/**
 * Names cores (step 4): the largest core within `midlineMm` of x = 0 is the sacrum (other midline
 * cores join it); on each side (patient left = +x), among cores of at least 10 % of that side's
 * largest, the one reaching lowest (the femoral shaft runs to the scan's lower end) is the femur and
 * every other core is hip bone; when that core also reaches highest (the iliac crest) the bones
 * are still joined and a deeper erosion is needed.
 * Returns the bone label per core id, or a reason when the cores cannot be named.
 */
function nameCores(cores: BoneCore[], midlineMm: number): CoreNaming | string {
  const byId = new Map<number, number>();
  // The patient's midline: the voxel-weighted x of all cores (the scanner's x = 0 need not be it).
  const total = cores.reduce((n, c) => n + c.voxels, 0);
  const midX = cores.reduce((x, c) => x + c.voxels * c.centroidLps[0], 0) / total;
  const midY = cores.reduce((y, c) => y + c.voxels * c.centroidLps[1], 0) / total;
  // Midline cores behind the bones' centre: the lowest is the sacrum; those above it are lumbar
  // vertebrae (left unlabelled, but they compete, so the sacrum does not grow into them). Other midline
  // cores (the pubic symphysis region, in front) go to the hip bone of their side.
  const mid = cores.filter((c) => Math.abs(c.centroidLps[0] - midX) < midlineMm && c.centroidLps[1] >= midY - 10);
  if (mid.length === 0) return 'no bone core near the midline (sacrum)';
  const sacrum = mid.reduce((a, b) => (b.centroidLps[2] < a.centroidLps[2] ? b : a));
  for (const c of mid) byId.set(c.id, c === sacrum || c.centroidLps[2] <= sacrum.maxLps[2] - 5 ? AUTO_HIP_LABELS.sacrum : 0);
  const vertebrae = mid.filter((c) => byId.get(c.id) === 0).length;
  for (const side of ['L', 'R'] as const) {
    const sign = side === 'L' ? 1 : -1;
    const here = cores.filter((c) => !byId.has(c.id) && sign * (c.centroidLps[0] - midX) > 0);
    const largest = Math.max(0, ...here.map((c) => c.voxels));
    const big = here.filter((c) => c.voxels >= 0.1 * largest).sort((a, b) => a.minLps[2] - b.minLps[2]);
    const sideName = side === 'L' ? 'left' : 'right';
    if (big.length < 2) return `${big.length} bone core(s) on the patient's ${sideName}: femur and hip bone still joined`;
    // The iliac crest reaches highest: that core is hip bone. The femur is the other big core that
    // reaches lowest (its shaft runs to the scan's lower end), lowest centroid on ties.
    const top = big.reduce((a, b) => (b.maxLps[2] > a.maxLps[2] ? b : a));
    const rest = big.filter((c) => c !== top);
    const femur = rest.reduce((a, b) => (b.minLps[2] < a.minLps[2] - 1 || (Math.abs(b.minLps[2] - a.minLps[2]) <= 1 && b.centroidLps[2] < a.centroidLps[2]) ? b : a));
    if (femur.maxLps[2] >= top.maxLps[2]) return `the femur core on the patient's ${sideName} reaches as high as the iliac crest: femur and hip bone still joined`;
    for (const c of here) byId.set(c.id, side === 'L' ? AUTO_HIP_LABELS.hipLeft : AUTO_HIP_LABELS.hipRight);
    byId.set(femur.id, side === 'L' ? AUTO_HIP_LABELS.femurLeft : AUTO_HIP_LABELS.femurRight);
  }
  return { byId, score: cores.length - vertebrae };
}

/** Segments the five hip bones of a CT (see module doc). Throws EMPTY_SEGMENT when no bone is found (e.g. MR). */
export function segmentHipBones(volume: Volume, params: AutoHipParams = {}): AutoHipResult {
  const notes: string[] = [];
  if (volume.unit !== 'HU') notes.push(`volume unit is ${volume.unit}, not HU: bone thresholds assume CT`);
  const midlineMm = params.midlineMm ?? 30;
  const split = splitBonesByCores(
    volume,
    {
      surfaceHu: params.surfaceHu ?? THRESHOLD_PRESETS.corticalBone.loHu,
      coreHu: params.coreHu ?? 150,
      coreDepthsMm: params.coreDepthsMm ?? [1.5, 2, 2.5, 3, 4, 5, 6],
      minCoreMl: params.minCoreMl ?? 2,
      coreSurfaceHu: params.coreSurfaceHu,
      fillSlices: params.fillSlices,
      onProgress: params.onProgress,
      signal: params.signal,
    },
    (cores) => nameCores(cores, midlineMm),
    SEGMENTS,
  );
  if (!split.labelmap) throw new JumeauError('EMPTY_SEGMENT', `cannot separate the hip bones: ${split.reason}`, { subject: 'bone' });
  if (split.cores > 5) notes.push(`${split.cores} cores after a ${split.depthMm} mm erosion; extra cores joined their side's hip bone or the sacrum`);
  return { labelmap: split.labelmap, cores: split.cores, coreDepthMm: split.depthMm, notes };
}
