/**
 * The stable, documented description of one series (what `jumeau inspect --json` prints and the app's
 * series browser shows). Plain JSON; geometry in LPS mm; direction column-major (see Volume).
 */
import type { JumeauError, ErrorCode, Remedy } from '../core/errors';
import type { Vec3 } from '../core/vec3';
import type { FrameRecord } from './frames';
import type { SlicePlan } from './geometry';
import { transferSyntaxName } from './transferSyntax';
import type { SeriesWarning } from './warnings';
import { orientationCode, type Mat3 } from '../volume/volume';

/** One series as reported to users and scripts (schema `jumeau.series/1`). */
export interface SeriesSummary {
  /** SeriesInstanceUID, with `#n` appended when a series had to be split. */
  id: string;
  seriesInstanceUid: string;
  studyInstanceUid: string;
  frameOfReferenceUid: string;
  modality: string;
  description: string;
  seriesNumber?: number;
  /** Volume size [columns, rows, slices] (null when no volume can be built). */
  size: [number, number, number] | null;
  /** Voxel spacing along i, j, k in mm (k from positions). */
  spacing: Vec3 | null;
  /** LPS centre of the first voxel, mm. */
  origin: Vec3 | null;
  /** Column-major direction cosines of i, j, k in LPS. */
  direction: Mat3 | null;
  /** Nearest-axis code of the direction, e.g. "LPS". */
  orientation: string | null;
  transferSyntaxes: { uid: string; name: string }[];
  /** Number of image frames (files, or frames of multi-frame files) in the series. */
  sliceCount: number;
  fileCount: number;
  sliceThicknessMm?: number;
  /** The window the modality suggests (WindowCenter/Width of the first frame), in HU for CT. */
  window?: { center: number; width: number };
  warnings: SeriesWarning[];
  /** Why no volume can be built, or null when it can; `remedy` when loading with an option would fix it. */
  error: { code: ErrorCode; message: string; remedy?: Remedy } | null;
  /** Files of the series, sorted by slice position when known. */
  files: string[];
}

/** Builds the summary of a series from its frames and (when it exists) its plan. */
export function summarise(id: string, frames: FrameRecord[], plan: SlicePlan | null, warnings: SeriesWarning[], error: JumeauError | null): SeriesSummary {
  const f = frames[0];
  const direction: Mat3 | null = plan ? [...plan.rowCosine, ...plan.colCosine, ...plan.normal] as Mat3 : null;
  const files = plan ? plan.sorted.map((x) => x.fileName) : frames.map((x) => x.fileName);
  return {
    id,
    seriesInstanceUid: f.seriesInstanceUid,
    studyInstanceUid: f.studyInstanceUid,
    frameOfReferenceUid: f.frameOfReferenceUid,
    modality: f.modality,
    description: f.seriesDescription,
    seriesNumber: f.seriesNumber,
    size: plan ? plan.size : null,
    spacing: plan ? plan.spacing : null,
    origin: plan ? plan.origin : null,
    direction,
    orientation: direction ? orientationCode(direction) : null,
    transferSyntaxes: [...new Set(frames.map((x) => x.transferSyntaxUid))].map((uid) => ({ uid, name: transferSyntaxName(uid) })),
    sliceCount: frames.length,
    fileCount: new Set(frames.map((x) => x.sourceIndex)).size,
    sliceThicknessMm: f.sliceThicknessMm,
    window: f.window,
    warnings,
    error: error ? { code: error.code, message: error.message, ...(error.remedy ? { remedy: error.remedy } : {}) } : null,
    files: [...new Set(files)],
  };
}
