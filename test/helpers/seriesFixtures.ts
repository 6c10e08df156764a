/**
 * Series-level fixtures for the DICOM loader tests: known pixel patterns, multi-slice series written
 * with {@link writeCtSlice}, and small helpers to scan + load in-memory sources and compare voxels.
 */
import type { Vec3 } from '../../src/core/vec3';
import { type DicomFileSource, type LoadOptions, type LoadedSeries, type ScanOptions, type ScanResult, type ScannedSeries, loadSeriesVolume, scanDicomSources, sourceFromBytes } from '../../src/dicom';
import type { Volume } from '../../src/volume/volume';
import { type CtSliceParams, type FileOptions, type Samples, writeCtSlice } from './dicomWriter';

/** A UID under a test root, e.g. `uid(7, 3)` → `1.2.826.0.1.3680043.10.1078.7.3`. */
export function uid(...parts: number[]): string {
  return ['1.2.826.0.1.3680043.10.1078', ...parts].join('.');
}

/**
 * A gradient plus a bright disc, different on every slice k (so slice order is visible in values).
 * 16-bit: signed values from −300 up to about +2800 (negatives included); the disc adds 900.
 * 8-bit: 10 + 2i + j + 5k, disc = 230 (fits 0–255).
 */
export function gradientDisc(rows: number, columns: number, k: number, kind: 'int16' | 'uint8' = 'int16'): Samples {
  const out = kind === 'uint8' ? new Uint8Array(rows * columns) : new Int16Array(rows * columns);
  const cx = columns / 2 + k;
  const cy = rows / 2;
  const r2 = (Math.min(rows, columns) / 4) ** 2;
  for (let j = 0; j < rows; j++) {
    for (let i = 0; i < columns; i++) {
      const inDisc = (i - cx) ** 2 + (j - cy) ** 2 <= r2;
      out[j * columns + i] = kind === 'uint8'
        ? (inDisc ? 230 : 10 + 2 * i + j + 5 * k)
        : -300 + 23 * i + 11 * j + 40 * k + (inDisc ? 900 : 0);
    }
  }
  return out;
}

/** What {@link makeSeries} builds. */
export interface SeriesSpec {
  /** Default 3. */
  count?: number;
  rows?: number;
  columns?: number;
  /** [between rows, between columns], default [0.8, 0.7] (unequal on purpose: a swap is visible). */
  pixelSpacing?: [number, number];
  /** Distance between slices along z, default 2.5 mm. */
  sliceSpacing?: number;
  /** IPP of slice 0, default (−100, −120, 30). */
  origin?: Vec3;
  kind?: 'int16' | 'uint8';
  rescaleSlope?: number;
  rescaleIntercept?: number;
  seriesInstanceUid?: string;
  seriesNumber?: number;
  /** File names are `${prefix}${k + 1}.dcm` unless `names` is given. */
  prefix?: string;
  names?: string[];
  file?: FileOptions;
  /** Per-slice overrides of the slice parameters. */
  override?: (k: number, p: CtSliceParams) => CtSliceParams;
}

/** A built series: its in-memory files and the stored values and HU expected per slice. */
export interface FixtureSeries {
  sources: DicomFileSource[];
  names: string[];
  bytes: Uint8Array[];
  params: CtSliceParams[];
  /** Expected real values (stored × slope + intercept) of slice k, in file order. */
  expected: Float64Array[];
}

/** Real values of stored samples under a rescale (default slope 1, intercept 0, as the standard says). */
export function rescaled(s: ArrayLike<number>, slope = 1, intercept = 0): Float64Array {
  const out = new Float64Array(s.length);
  for (let q = 0; q < s.length; q++) out[q] = s[q] * slope + intercept;
  return out;
}

/** Builds a series of axial slices of {@link gradientDisc}, one file per slice. */
export async function makeSeries(spec: SeriesSpec = {}): Promise<FixtureSeries> {
  const count = spec.count ?? 3;
  const rows = spec.rows ?? 64;
  const columns = spec.columns ?? 64;
  const o = spec.origin ?? [-100, -120, 30];
  const dz = spec.sliceSpacing ?? 2.5;
  const series = spec.seriesInstanceUid ?? uid(1, 1);
  const params: CtSliceParams[] = [];
  for (let k = 0; k < count; k++) {
    const base: CtSliceParams = {
      rows, columns,
      pixels: gradientDisc(rows, columns, k, spec.kind),
      ipp: [o[0], o[1], o[2] + k * dz],
      pixelSpacing: spec.pixelSpacing ?? [0.8, 0.7],
      sliceThickness: dz,
      rescaleSlope: spec.rescaleSlope ?? 1,
      rescaleIntercept: spec.rescaleIntercept ?? -1024,
      sopInstanceUid: `${series}.${k + 1}`,
      seriesInstanceUid: series,
      seriesNumber: spec.seriesNumber ?? 1,
      instanceNumber: k + 1,
    };
    params.push(spec.override ? spec.override(k, base) : base);
  }
  const bytes = await Promise.all(params.map((p) => writeCtSlice(p, spec.file)));
  const names = spec.names ?? params.map((_, k) => `${spec.prefix ?? 'IM'}${String(k + 1).padStart(4, '0')}.dcm`);
  return {
    sources: bytes.map((b, k) => sourceFromBytes(names[k], b)),
    names,
    bytes,
    params,
    expected: params.map((p) => rescaled(p.pixels, p.rescaleSlope, p.rescaleIntercept)),
  };
}

/**
 * A source over in-memory bytes that behaves like a file on disk: `read` returns fresh copies and
 * `readInto` fills the caller's buffer (the loader then reads native frames into recycled buffers).
 */
export function fileLikeSource(name: string, bytes: Uint8Array): DicomFileSource {
  return {
    name,
    size: bytes.length,
    read: (start = 0, end = bytes.length) => Promise.resolve(bytes.slice(start, Math.min(end, bytes.length))),
    readInto: (target, start) => {
      const n = Math.max(0, Math.min(target.length, bytes.length - start));
      target.set(bytes.subarray(start, start + n));
      return Promise.resolve(n);
    },
  };
}

/** Result of {@link scanAndLoad}. */
export interface ScannedAndLoaded { scan: ScanResult; series: ScannedSeries; loaded: LoadedSeries }

/** Scans the sources, expects exactly one series, loads it. */
export async function scanAndLoad(sources: DicomFileSource[], scanOpts?: ScanOptions, loadOpts?: LoadOptions): Promise<ScannedAndLoaded> {
  const scan = await scanDicomSources(sources, scanOpts);
  if (scan.series.length !== 1) {
    throw new Error(`expected 1 series, got ${scan.series.length}; skipped: ${JSON.stringify(scan.skipped)}`);
  }
  const series = scan.series[0];
  return { scan, series, loaded: await loadSeriesVolume(sources, series, loadOpts) };
}

/** Voxels of slice k of a volume (a view, i fastest). */
export function sliceOf(v: Volume, k: number): ArrayLike<number> {
  const plane = v.size[0] * v.size[1];
  return v.data.subarray(k * plane, (k + 1) * plane);
}

/** Largest |a − b| over two equal-length arrays (Infinity when the lengths differ). */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let q = 0; q < a.length; q++) m = Math.max(m, Math.abs(a[q] - b[q]));
  return m;
}

/** Index and values of the first difference, or null when equal (readable failure messages). */
export function firstMismatch(actual: ArrayLike<number>, expected: ArrayLike<number>): { q: number; actual: number; expected: number } | null {
  if (actual.length !== expected.length) return { q: -1, actual: actual.length, expected: expected.length };
  for (let q = 0; q < actual.length; q++) if (actual[q] !== expected[q]) return { q, actual: actual[q], expected: expected[q] };
  return null;
}
