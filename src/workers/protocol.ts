/**
 * Messages between the page and the load worker (`loadWorker.ts`). Plain, structured-cloneable data
 * only: File / Blob objects, JSON-like objects and the volume's typed array (transferred, not copied).
 *
 * One job at a time per worker: a job is an `open` (read the inputs, scan them, optionally load one
 * series) or a `load` (load another series of the last opened inputs). Every job ends with exactly one
 * `done` or `error` message carrying its `job` number.
 */
import type { ErrorCode } from '../core/errors';
import type { SeriesSummary, SeriesWarning, SkippedFile } from '../dicom/index';
import type { Volume } from '../volume/volume';

/** A local file (from a file input or a drop), with the name to show (relative path when known). */
export interface NamedBlob { name: string; blob: Blob }

/** A same-origin file URL (a bundled sample), with the name to show. */
export interface NamedUrl { name: string; url: string }

/** What to load once the scan is done. */
export type AutoLoad = 'none' | 'best' | { seriesId: string };

/** Page → worker. */
export type WorkerRequest =
  | { type: 'open'; job: number; files?: NamedBlob[]; urls?: NamedUrl[]; autoLoad: AutoLoad }
  | { type: 'load'; job: number; seriesId: string; allowGaps?: boolean }
  | { type: 'cancel'; job: number };

/** Stages of a job: fetching sample files, scanning headers, loading pixel data. */
export type Stage = 'fetch' | 'scan' | 'load';

/** A user-facing error: stable code and a message that names the file and the reason. */
export interface WireError { code: ErrorCode | 'INTERNAL'; message: string }

/** The result of a scan, as the page shows it. */
export interface ScanReport { series: SeriesSummary[]; skipped: SkippedFile[] }

/** A loaded volume with what the page shows about it. */
export interface LoadReport {
  seriesId: string;
  volume: Volume;
  warnings: SeriesWarning[];
  /** Minimum and maximum voxel value (HU for CT). */
  range: { min: number; max: number };
  /** Voxels set to air/zero because they held PixelPaddingValue. */
  paddedVoxels: number;
  /** Milliseconds spent loading the volume in the worker. */
  loadMs: number;
}

/** Worker → page. */
export type WorkerMessage =
  | { type: 'progress'; job: number; stage: Stage; done: number; total: number }
  | { type: 'scanned'; job: number; report: ScanReport; scanMs: number }
  | { type: 'loaded'; job: number; report: LoadReport }
  | { type: 'done'; job: number }
  | { type: 'error'; job: number; error: WireError };
