/**
 * Messages between the page and the twin worker (`twinWorker.ts`): the page sends a copy of the
 * loaded volume and the anatomy; the worker answers with progress per stage, then the labelmap and
 * one mesh per segment (typed arrays transferred, not copied), or an error. One job at a time; a
 * cancel terminates the worker (the segmentation is one synchronous computation), see twinClient.ts.
 */
import type { TriangleMesh } from '../meshing/types';
import type { LabelEdit } from '../segmentation/edits';
import type { LabelSeed } from '../segmentation/seedEdits';
import type { Geometry, LabelArray, Segment } from '../segmentation/labelmap';
import type { Anatomy, AnatomyChoice, TwinMeshQuality, TwinProgress, TwinSeeds, TwinTimings } from '../twin/types';
import type { Volume } from '../volume/volume';
import type { Plan } from '../planning/plan';
import type { MotionFrameAxes } from '../planning/boneImpingement';
import type { TwinBoneRom } from '../planning/twinBoneRom';
import type { LiverPlanInputs } from '../planning/liver/liverPlanMetrics';
import type { WireError } from './protocol';
import type { KneeLandmarkProposal } from '../planning/kneeLandmarks';
import type { KneeCutVolume } from '../planning/kneePlanModel';
import type { ResectionPlane } from '../planning/kneeResection';
import type { Metric } from '../planning/planMetrics';
import type { FemoralSizing, TibialSizing } from '../planning/kneeComponentSizing';
import type { PointLps } from '../core/vec3';

/** Page → worker. */
export interface TwinRequest {
  type: 'build';
  job: number;
  volume: Volume;
  anatomy: AnatomyChoice;
  /** Series description, read by `auto`. */
  description?: string;
  /** The series' UID, recorded in a proposed plan. */
  seriesInstanceUid?: string | null;
  seeds?: TwinSeeds;
}

/**
 * Page → worker, after an edit on the slices: the worker's copy of the labels (`labels`, sent once per
 * twin, or again after the worker was restarted) gets the same edit, then the touched segments are
 * meshed again. Edits are applied in the order sent.
 */
export type TwinEditRequest =
  | { type: 'labels'; job: number; geometry: Geometry; labels: LabelArray; segments: Segment[] }
  /** The volume's values for the seed operations (sent once per volume; the build's copy is kept). */
  | { type: 'volume'; job: number; volume: Volume }
  | { type: 'edit'; job: number; edit: LabelEdit; direction: 'redo' | 'undo'; remeshLabels: number[] }
  /** An island operation on one segment, computed on the worker's labels; answered with its edit. */
  | { type: 'op'; job: number; op: IslandOp; label: number }
  /** Bony range of motion of the operated hip on the worker's labels (planning/twinBoneRom). */
  | { type: 'boneRom'; job: number; input: BoneRomRequest }
  /** Knee plan on the worker's labels: propose the landmarks of one knee, or measure the bone two cut planes remove. */
  | { type: 'kneeCut'; job: number; input: KneeCutRequest };

/** What the knee plan asks of the worker's labels (planning/kneeLandmarks, planning/kneePlanModel). */
export type KneeCutRequest =
  | { kind: 'propose'; side?: 'L' | 'R' }
  | { kind: 'volumes'; femurLabel: number | null; tibiaLabel: number | null; femurPlane: ResectionPlane | null; tibiaPlane: ResectionPlane | null; sizing?: KneeSizingLandmarks };

/** What the component sizing needs besides the labels and the cut planes (absent: no sizing asked). LPS mm; null: not placed. */
export interface KneeSizingLandmarks {
  side: 'L' | 'R';
  posteriorCondyleMedialLps: PointLps | null;
  posteriorCondyleLateralLps: PointLps | null;
  /** The distal end of the femoral shaft axis: the anterior cortex is looked for in the 30 mm above it. */
  femoralShaftAxisDistalLps: PointLps | null;
}

/**
 * The components sized on the worker's labels for the current cuts (planning/kneeComponentSizing, the
 * catalogue the worker ships): each sized one with its family, or missing with the reason (no cut, no
 * landmark, no size fits — then the measurement made is in the reason).
 */
export interface KneeComponentSizes {
  catalogue: { id: string; version: string };
  femoral: Metric<FemoralSizing & { familyId: string; size: string }>;
  /** `sidesMm`: footprint edge − cut-surface extreme along each axis through the placed footprint, mm (+ overhang, − underhang). */
  tibial: Metric<TibialSizing & { familyId: string; size: string; insertThicknessMm: number; sidesMm: { medial: number; lateral: number; anterior: number; posterior: number } }>;
}

/** The answer to a {@link KneeCutRequest}. */
export type KneeCutAnswer =
  | { kind: 'propose'; proposal: KneeLandmarkProposal | null }
  | { kind: 'volumes'; femur: Metric<KneeCutVolume>; tibia: Metric<KneeCutVolume>; components?: KneeComponentSizes };

/** What the bony ROM needs besides the labels. */
export interface BoneRomRequest {
  side: 'L' | 'R';
  centreOfRotationLps: [number, number, number];
  headRadiusMm: number;
  frame?: MotionFrameAxes;
}

/** The island operations of the segment editor. */
export type IslandOp =
  | { kind: 'keepLargestIsland' }
  | { kind: 'removeSmallIslands'; minVolumeMl: number }
  /** Bone separation: the seeded segments' voxels re-divided between them (segmentation/seedEdits). */
  | { kind: 'separate'; seeds: LabelSeed[]; rangeHu: [number, number] }
  /** Grow from seeds into unlabelled voxels inside the range (segmentation/seedEdits). */
  | { kind: 'grow'; seeds: LabelSeed[]; rangeHu: [number, number] };

/** A segment as the page receives it: identity, measures, quality and its mesh. */
export interface TwinSegmentWire extends Segment {
  voxelCount: number;
  volumeMl: number;
  triangleCount: number;
  surfaceTriangleCount: number;
  quality: TwinMeshQuality;
  mesh: TriangleMesh;
}

/** The built twin as the page receives it. */
export interface TwinResult {
  anatomy: Anatomy;
  anatomyReason: string;
  /** Labels on the loaded volume's grid (same size; i fastest). */
  labels: LabelArray;
  segments: TwinSegmentWire[];
  notes: string[];
  timings: TwinTimings;
  /** Wall time of the whole job in the worker, ms. */
  buildMs: number;
  /** The proposed (then edited) plan of a hip twin, or absent. */
  plan?: Plan | null;
  /** Why parts of the proposed plan are missing, placeholder rules. */
  planNotes?: string[];
  /** The liver plan's inputs (surfaces, patient, condition, margin, branches), kept with the case. */
  liverPlanInputs?: LiverPlanInputs;
  /** Radii of the femoral heads fitted for the proposal, mm, per side. */
  headRadiiMm?: Partial<Record<'L' | 'R', number>>;
}

/** Worker → page. */
export type TwinMessage =
  | { type: 'progress'; job: number; progress: TwinProgress }
  | { type: 'built'; job: number; result: TwinResult }
  | { type: 'error'; job: number; error: WireError }
  /** Answer to an edit: new meshes of the touched segments; `emptied` lists labels left with no voxel. */
  | { type: 'remeshed'; job: number; segments: TwinSegmentWire[]; emptied: number[]; ms: number }
  /** Answer to an island operation: the edit it made (already applied in the worker) and the new meshes. */
  | { type: 'opDone'; job: number; edit: LabelEdit; segments: TwinSegmentWire[]; emptied: number[]; ms: number }
  | { type: 'boneRomDone'; job: number; result: TwinBoneRom; ms: number }
  | { type: 'kneeCutDone'; job: number; result: KneeCutAnswer; ms: number };
