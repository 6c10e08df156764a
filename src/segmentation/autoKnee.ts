/**
 * Automatic knee bones: femur, tibia, fibula and patella of each leg in a knee / lower-leg CT, as
 * distinct segments with the patient's laterality, split across the narrow tibiofemoral,
 * patellofemoral and proximal tibiofibular joints.
 *
 * The machinery is the one of the hip pipeline ({@link splitBonesByCores}: threshold → hole fill →
 * EDT cores at increasing erosion depths → geodesic growth → joint space dropped → per-bone fill);
 * before it, a defective k-slice (bone overlapping neither neighbour) is replaced by the mean of its
 * neighbours ({@link repairOutlierSlices}). What is knee-specific is the naming of the cores:
 * - legs: cores sorted by centroid x split where consecutive centroids are more than `legGapMm`
 *   apart (one or two legs); with two legs the one on +x is the patient's left, with one leg the
 *   sign of its x (LPS, patient left = +x);
 * - per leg, cores that are joined below the core threshold (same `group`) and whose centroids lie
 *   within 20 mm in x-y are merged first (an epiphysis and its shaft); the tibia is the largest piece
 *   reaching the lower third of the leg; the femur the largest piece reaching the top (within 10 mm)
 *   above the tibia's centroid; the patella a piece near the joint ≥ 15 mm anterior (−y) to the femur
 *   (or, without femur, anterior to the whole tibia); the fibula the largest remaining piece ≥ 30 mm
 *   long below the joint, which must lie lateral to the tibia (−x for a right leg, +x for a left
 *   leg) — a note reports a medial fibula (possible flip);
 * - other pieces join the named bone nearest in height and axis (z gap ≤ 20 mm, x-y ≤ 30 mm); the
 *   rest seed a competitor whose voxels stay unlabelled;
 * - the depth naming the most bones wins, the shallowest on ties.
 * Tested on the generated right-knee phantom (and its mirror images) and on the Visible Human knee.
 */
import { JumeauError } from '../core/errors';
import type { Volume } from '../volume/volume';
import type { Labelmap, Segment } from './labelmap';
import { labelStatistics } from '../volume/labelStats';
import type { BoneCore, CoreNaming } from './boneCores';
import { repairOutlierSlices, splitBonesByCores } from './boneCores';
import { terminologyOf } from './terminology';
import { THRESHOLD_PRESETS } from './threshold';

/** Labels written by {@link segmentKneeBones}. */
export const AUTO_KNEE_LABELS = {
  femurLeft: 1,
  femurRight: 2,
  tibiaLeft: 3,
  tibiaRight: 4,
  fibulaLeft: 5,
  fibulaRight: 6,
  patellaLeft: 7,
  patellaRight: 8,
} as const;

/** Parameters of {@link segmentKneeBones} (all optional). */
export interface AutoKneeParams {
  /** Threshold of the bone surface, HU (default 600, the cortical-bone preset). */
  surfaceHu?: number;
  /** Threshold of the mask the cores are eroded from, HU (default: `surfaceHu`). */
  coreSurfaceHu?: number;
  /** Erosion depths tried, mm (default 1.5, 2, 2.5, 3, 4, 5). */
  coreDepthsMm?: number[];
  /** Voxels of the filled mask darker than this (HU) are left out of the cores; default 150. */
  coreHu?: number;
  /** Smallest core that seeds a bone, mL (default 1). */
  minCoreMl?: number;
  /** Also fill holes enclosed within each slice (marrow canals opened by a thin epiphysis); default true. */
  fillSlices?: boolean;
  /** Gap between consecutive core centroids (x, mm) that separates two legs (default 60). */
  legGapMm?: number;
  /** Progress of the split, 0…1. */
  onProgress?: (fraction: number) => void;
  /** Stops between steps (JumeauError CANCELLED). */
  signal?: AbortSignal;
}

/** Result of {@link segmentKneeBones}. */
export interface AutoKneeResult {
  /** The bones found (only those: a bone out of view is in `notes`, not an empty segment). */
  labelmap: Labelmap;
  /** Legs found, patient's side. */
  legs: ('left' | 'right')[];
  /** Number of cores at the chosen depth. */
  cores: number;
  /** Erosion depth that separated the bones, mm. */
  coreDepthMm: number;
  /** Notes for the report (bones not found, possible flip, repaired slices, …). */
  notes: string[];
}

type Bone = 'femur' | 'tibia' | 'fibula' | 'patella';
type Side = 'L' | 'R';
const BONES: Bone[] = ['femur', 'tibia', 'fibula', 'patella'];
const COLOURS: Record<Bone, [number, number, number]> = {
  femur: [255, 176, 64],
  tibia: [96, 160, 255],
  fibula: [96, 220, 190],
  patella: [230, 110, 150],
};

function labelOf(bone: Bone, side: Side): number {
  const key = `${bone}${side === 'L' ? 'Left' : 'Right'}` as keyof typeof AUTO_KNEE_LABELS;
  return AUTO_KNEE_LABELS[key];
}

const SEGMENTS: Segment[] = (['L', 'R'] as const).flatMap((side) =>
  BONES.map((bone) => ({
    label: labelOf(bone, side),
    name: `${bone} ${side === 'L' ? 'left' : 'right'}`,
    colorRgb: side === 'L' ? COLOURS[bone] : (COLOURS[bone].map((c) => Math.round(c * 0.8)) as [number, number, number]),
    terminology: terminologyOf(bone, side),
  })),
).sort((a, b) => a.label - b.label);

/** A bone candidate: cores joined below the core threshold and stacked on one axis, merged. */
interface Piece extends BoneCore {
  members: number[];
}

const xyDistanceMm = (a: BoneCore, b: BoneCore): number =>
  Math.hypot(a.centroidLps[0] - b.centroidLps[0], a.centroidLps[1] - b.centroidLps[1]);
const zGapMm = (a: BoneCore, b: BoneCore): number => Math.max(0, a.minLps[2] - b.maxLps[2], b.minLps[2] - a.maxLps[2]);

/** Merges cores of one `group` whose centroids lie within 20 mm in x-y (pieces of one bone, not a tibia and its fibula). */
function mergePieces(leg: BoneCore[]): Piece[] {
  const pieces: Piece[] = [];
  for (const c of [...leg].sort((a, b) => b.voxels - a.voxels)) {
    const host = pieces.find((p) => p.group === c.group && xyDistanceMm(p, c) <= 20);
    if (!host) {
      pieces.push({ ...c, centroidLps: [...c.centroidLps], minLps: [...c.minLps], maxLps: [...c.maxLps], members: [c.id] });
      continue;
    }
    const n = host.voxels + c.voxels;
    for (let a = 0; a < 3; a++) {
      host.centroidLps[a] = (host.centroidLps[a] * host.voxels + c.centroidLps[a] * c.voxels) / n;
      host.minLps[a] = Math.min(host.minLps[a], c.minLps[a]);
      host.maxLps[a] = Math.max(host.maxLps[a], c.maxLps[a]);
    }
    host.voxels = n;
    host.members.push(c.id);
  }
  return pieces;
}

interface LegNaming {
  side: Side;
  bones: Map<Bone, BoneCore>;
  notes: string[];
}

/** Names the cores of one leg (see module doc); the bones found, and each core's bone in `byId`. */
function nameLeg(leg: BoneCore[], side: Side, byId: Map<number, number>): LegNaming {
  const bones = new Map<Bone, Piece>();
  const notes: string[] = [];
  const sideName = side === 'L' ? 'left' : 'right';
  const pieces = mergePieces(leg); // largest first
  const lowZ = Math.min(...pieces.map((c) => c.minLps[2]));
  const highZ = Math.max(...pieces.map((c) => c.maxLps[2]));
  const tibia = pieces.find((c) => c.minLps[2] <= lowZ + (highZ - lowZ) / 3);
  if (tibia) bones.set('tibia', tibia);
  const rest = pieces.filter((c) => c !== tibia);
  // Femur: the largest piece reaching the top (within 10 mm), above the tibia's centroid.
  const femur = rest.find((c) => c.maxLps[2] >= highZ - 10 && (!tibia || c.centroidLps[2] > tibia.centroidLps[2]));
  const jointZ = femur ? femur.minLps[2] : tibia ? tibia.maxLps[2] : highZ;
  const patella = rest.find(
    (c) =>
      c !== femur &&
      c.centroidLps[2] > jointZ - 30 &&
      (femur ? c.centroidLps[1] < femur.centroidLps[1] - 15 : tibia !== undefined && c.centroidLps[1] < tibia.minLps[1]),
  );
  if (femur) bones.set('femur', femur);
  if (patella) bones.set('patella', patella);
  const fibula = rest.find((c) => c !== femur && c !== patella && c.centroidLps[2] < jointZ && c.maxLps[2] - c.minLps[2] >= 30);
  if (fibula) {
    bones.set('fibula', fibula);
    const lateral = side === 'L' ? 1 : -1;
    if (tibia && (fibula.centroidLps[0] - tibia.centroidLps[0]) * lateral < 0) {
      notes.push(`the fibula of the ${sideName} leg lies medial to its tibia: laterality or orientation may be flipped`);
    }
  }
  const named = [...bones.entries()];
  // Other pieces join the named bone nearest in height and axis (z gap ≤ 20 mm, x-y ≤ 30 mm); the
  // rest seed a competitor whose voxels stay unlabelled.
  for (const c of pieces) {
    const own = named.find(([, n]) => n === c);
    let label = own ? labelOf(own[0], side) : 0;
    let best = Infinity;
    for (const [bone, n] of own ? [] : named) {
      const cost = xyDistanceMm(c, n) + zGapMm(c, n);
      if (xyDistanceMm(c, n) <= 30 && zGapMm(c, n) <= 20 && cost < best) {
        best = cost;
        label = labelOf(bone, side);
      }
    }
    for (const id of c.members) byId.set(id, label);
  }
  return { side, bones, notes };
}

/** Groups cores into legs by centroid x (gaps > `legGapMm`); at most the two largest groups. */
function groupLegs(cores: BoneCore[], legGapMm: number): BoneCore[][] {
  const sorted = [...cores].sort((a, b) => a.centroidLps[0] - b.centroidLps[0]);
  const groups: BoneCore[][] = [[]];
  sorted.forEach((c, n) => {
    if (n > 0 && c.centroidLps[0] - sorted[n - 1].centroidLps[0] > legGapMm) groups.push([]);
    groups[groups.length - 1].push(c);
  });
  const size = (g: BoneCore[]): number => g.reduce((s, c) => s + c.voxels, 0);
  return groups.sort((a, b) => size(b) - size(a)).slice(0, 2);
}

function meanX(g: BoneCore[]): number {
  const n = g.reduce((s, c) => s + c.voxels, 0);
  return g.reduce((s, c) => s + c.voxels * c.centroidLps[0], 0) / n;
}

/** Names the cores of one depth: legs, then bones per leg; score = bones named. */
function nameKneeCores(cores: BoneCore[], legGapMm: number): CoreNaming<LegNaming[]> | string {
  const legs = groupLegs(cores, legGapMm);
  const byId = new Map<number, number>();
  let sides: Side[];
  if (legs.length === 2) sides = meanX(legs[0]) > meanX(legs[1]) ? ['L', 'R'] : ['R', 'L'];
  else sides = [meanX(legs[0]) >= 0 ? 'L' : 'R'];
  const named = legs.map((g, n) => nameLeg(g, sides[n], byId));
  const score = named.reduce((s, l) => s + l.bones.size, 0);
  if (!named.some((l) => l.bones.has('tibia') || l.bones.has('femur'))) return 'no tibia or femur core';
  return { byId, score, info: named };
}

/**
 * Segments femur, tibia, fibula and patella of each leg in a knee CT (see module doc). Throws
 * EMPTY_SEGMENT (subject "bone") when no bone is found (e.g. MR) or no depth gives a tibia or femur.
 */
export function segmentKneeBones(volume: Volume, params: AutoKneeParams = {}): AutoKneeResult {
  const notes: string[] = [];
  if (volume.unit !== 'HU') notes.push(`volume unit is ${volume.unit}, not HU: bone thresholds assume CT`);
  const surfaceHu = params.surfaceHu ?? THRESHOLD_PRESETS.corticalBone.loHu;
  const repaired = repairOutlierSlices(volume, surfaceHu);
  for (const k of repaired.slicesK) notes.push(`slice k=${k} looks defective (its bone overlaps neither neighbour): segmented from the mean of its neighbours`);
  const legGapMm = params.legGapMm ?? 60;
  const split = splitBonesByCores(
    repaired.volume,
    {
      surfaceHu,
      coreSurfaceHu: params.coreSurfaceHu,
      coreHu: params.coreHu ?? 150,
      coreDepthsMm: params.coreDepthsMm ?? [1.5, 2, 2.5, 3, 4, 5],
      minCoreMl: params.minCoreMl ?? 1,
      fillSlices: params.fillSlices ?? true,
      onProgress: params.onProgress,
      signal: params.signal,
    },
    (cores) => nameKneeCores(cores, legGapMm),
    SEGMENTS,
  );
  if (!split.labelmap) throw new JumeauError('EMPTY_SEGMENT', `cannot find the knee bones: ${split.reason}`, { subject: 'bone' });
  const labelmap = split.labelmap;
  const chosen = split.naming.info ?? [];
  const present = new Set<number>(labelStatistics(labelmap).map((st) => st.label));
  labelmap.segments = SEGMENTS.filter((s) => present.has(s.label));
  for (const leg of chosen) {
    notes.push(...leg.notes);
    const sideName = leg.side === 'L' ? 'left' : 'right';
    for (const bone of BONES) if (!present.has(labelOf(bone, leg.side))) notes.push(`no ${bone} found in the ${sideName} leg (out of view or joined to another bone)`);
  }
  return { labelmap, legs: chosen.map((l) => (l.side === 'L' ? 'left' : 'right')), cores: split.cores, coreDepthMm: split.depthMm, notes };
}
