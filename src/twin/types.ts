/**
 * Types of the twin stage: a patient volume → labelled segments → closed surface meshes, with the
 * numbers `jumeau build` reports and the app shows. Lengths in mm, volumes in mL, positions in LPS.
 */
import type { IndexIjk } from '../core/vec3';
import type { TriangleMesh } from '../meshing/types';
import type { WindowedSincOptions } from '../meshing/smooth';
import type { Labelmap } from '../segmentation/labelmap';
import type { SegmentTerminology } from '../segmentation/terminology';

/** The anatomies with an automatic pipeline. */
export type Anatomy = 'hip' | 'knee' | 'liver';

/** What the user asks for: one anatomy, or `auto` (chosen from the series description, then from the content). */
export type AnatomyChoice = Anatomy | 'auto';

/** All anatomies, in the order `auto` tries them on the image content. */
export const ANATOMIES: readonly Anatomy[] = ['hip', 'knee', 'liver'];

/** Optional user seeds (voxel indices) for the liver pipeline; bone pipelines take none. */
export interface TwinSeeds {
  /** A voxel inside the liver (default: proposed from the image). */
  liverSeedIjk?: IndexIjk;
  /** One voxel inside each tumour. */
  tumourSeedsIjk?: IndexIjk[];
  /** Voxels inside the portal vein. */
  portalVeinSeedsIjk?: IndexIjk[];
  /** Voxels inside the hepatic veins. */
  hepaticVeinSeedsIjk?: IndexIjk[];
}

/** How each segment's surface is made after marching cubes. */
export interface MeshSettings {
  /** Windowed-sinc smoothing (volume-preserving), or false to keep the voxel-faithful surface. */
  smoothing: WindowedSincOptions | false;
  /** Quadric decimation, or false. The surface stays closed; `maxErrorMm` bounds the shape change. */
  decimate: { targetRatio: number; maxErrorMm: number } | false;
}

/** Stages reported through progress and timed in {@link Twin.timings}. */
export type TwinStage = 'segment' | 'surface' | 'smooth' | 'decimate' | 'check';

/** Progress of {@link buildTwin}: `done` of `total` steps of `stage` (segments for mesh stages). */
export interface TwinProgress {
  stage: TwinStage;
  done: number;
  total: number;
  /** Segment being meshed, when the stage works per segment. */
  segment?: string;
}

/** Mesh quality in brief, as the report and the app show it. */
export interface TwinMeshQuality {
  /** Every edge shared by exactly two triangles (watertight, printable). */
  closed: boolean;
  /** No non-manifold edge or vertex. */
  manifold: boolean;
  /** Consistent outward winding. */
  consistentlyOriented: boolean;
  /** Triangles with no area. */
  degenerateTriangles: number;
  /** Connected shells of the surface. */
  shells: number;
  /** Volume enclosed by the final mesh, mL. */
  meshVolumeMl: number;
  /** 100 · (mesh − voxel) / voxel volume. */
  volumeErrorPercent: number;
}

/** One segment of the twin: identity, voxel measures and its final surface. */
export interface TwinSegment {
  /** Value in the labelmap. */
  label: number;
  /** e.g. "femur left" (patient's left). */
  name: string;
  /** sRGB 0–255. */
  colorRgb: [number, number, number];
  /** DICOM SEG coded meaning (SNOMED CT). */
  terminology: SegmentTerminology;
  /** Voxels with this label. */
  voxelCount: number;
  /** voxelCount × voxel volume, mL. */
  volumeMl: number;
  /** The final surface (smoothed, decimated), LPS mm. */
  mesh: TriangleMesh;
  /** Triangles of the final surface. */
  triangleCount: number;
  /** Triangles straight out of marching cubes. */
  surfaceTriangleCount: number;
  /** Checks of the final surface. */
  quality: TwinMeshQuality;
}

/** Seconds spent per stage (mesh stages summed over segments). */
export interface TwinTimings {
  segmentS: number;
  surfaceS: number;
  smoothS: number;
  decimateS: number;
  checkS: number;
}

/** The result of {@link buildTwin}. */
export interface Twin {
  /** The anatomy whose pipeline made the labelmap. */
  anatomy: Anatomy;
  /** Why this anatomy (asked for, found in the description, or the first pipeline that found its bones/organ). */
  anatomyReason: string;
  /** Labels on the volume's grid (same size, spacing, origin, direction). */
  labelmap: Labelmap;
  /** One entry per segment found, in label order. */
  segments: TwinSegment[];
  /** Remarks from the pipelines (a bone out of view, a proposed seed, a reduced decimation…). */
  notes: string[];
  timings: TwinTimings;
  /** The mesh settings used. */
  meshSettings: MeshSettings;
}
