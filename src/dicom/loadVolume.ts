/**
 * Builds the patient {@link Volume} of a scanned series: one preallocated buffer, filled slice by slice
 * as files are read (a few files in flight), so a 2,000-slice series never holds more than the volume
 * plus a handful of files in memory. Applies BitsStored, PixelRepresentation, RescaleSlope/Intercept and
 * PixelPaddingValue; resamples across gaps and gantry tilt when the plan says so.
 */
import { JumeauError, throwIfAborted } from '../core/errors';
import type { DicomFileSource } from './source';
import type { FrameRecord } from './frames';
import type { ScannedSeries, Progress } from './scan';
import { readFrameSamples } from './pixels';
import type { StoredSamples } from './codecTypes';
import { type SeriesWarning, warn } from './warnings';
import { valueRange, type Volume, type VoxelArray } from '../volume/volume';
import { TISSUE_HU, findIntensityOutliers } from './outliers';
import { addInt16Stats } from './kernels/rescaleKernel';
import { resampleSlice } from './resampleSlice';

/** Options of {@link loadSeriesVolume}. */
export interface LoadOptions {
  onProgress?: (p: Progress) => void;
  signal?: AbortSignal;
  /** Refuse volumes larger than this many bytes (default 3 GiB). */
  maxBytes?: number;
  /** Files read ahead of the slice being written (default 6). */
  readAhead?: number;
}

/** A loaded series: its volume and every warning (scan-time and load-time). */
export interface LoadedSeries { volume: Volume; warnings: SeriesWarning[]; paddedVoxels: number }

const AIR_HU = -1024;

function storedRange(f: FrameRecord): [number, number] {
  const bs = f.pixel.bitsStored;
  return f.pixel.pixelRepresentation === 1 ? [-(2 ** (bs - 1)), 2 ** (bs - 1) - 1] : [0, 2 ** bs - 1];
}

/**
 * True when every frame's rescale is integral, so Int16 can hold the values exactly as long as they
 * stay in range (checked slice by slice while loading; the buffer is widened to Float32 if not).
 */
function int16Candidate(frames: FrameRecord[]): boolean {
  return frames.every((f) => Number.isInteger(f.rescaleSlope) && Number.isInteger(f.rescaleIntercept) && storedRange(f)[1] > 0);
}

const fitsInt16 = (r: { min: number; max: number }): boolean => r.min >= -32768 && r.max <= 32767;

/**
 * Stored samples → real values (HU for CT) of one frame, into `out` at `offset`.
 * Returns the padded-voxel count and the range of the values written (padding excluded), so the
 * caller can tell whether an Int16 target held them exactly.
 */
function rescaleInto(src: StoredSamples, f: FrameRecord, out: VoxelArray | Float32Array, offset: number, fill: number): { padded: number; min: number; max: number; tissue?: number } {
  const n = f.pixel.rows * f.pixel.columns;
  const bs = f.pixel.bitsStored;
  const ba = f.pixel.bitsAllocated;
  const signed = f.pixel.pixelRepresentation === 1;
  const slope = f.rescaleSlope;
  const icpt = f.rescaleIntercept;
  const pad = f.pixelPaddingValue;
  const shift = 32 - bs;
  const mask = bs >= 32 ? 0xffffffff : 2 ** bs - 1;
  let padded = 0;
  let lo = Infinity;
  let hi = -Infinity;
  if (bs === ba && pad === undefined && slope === 1) {
    if (src instanceof Int16Array && out instanceof Int16Array) {
      const dst = out.subarray(offset, offset + n);
      const simd = addInt16Stats(src, dst, icpt, TISSUE_HU);
      if (simd) return { padded: 0, min: simd.minIn + icpt, max: simd.maxIn + icpt, tissue: simd.countAbove / n };
      return addInt16(src, dst, icpt);
    }
    for (let q = 0; q < n; q++) {
      const v = src[q];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
      out[offset + q] = v + icpt;
    }
    return { padded: 0, min: lo + icpt, max: hi + icpt };
  }
  for (let q = 0; q < n; q++) {
    let v = src[q];
    if (bs < ba) v = signed ? (v << shift) >> shift : v & mask;
    if (pad !== undefined && v === pad) { out[offset + q] = fill; padded++; continue; }
    const r = v * slope + icpt;
    if (r < lo) lo = r;
    if (r > hi) hi = r;
    out[offset + q] = r;
  }
  return { padded, min: lo, max: hi };
}

/**
 * Loads the volume of a scanned series.
 * @throws JumeauError (the series' own error when it cannot be built, VOLUME_TOO_LARGE, CANCELLED, or the first file that fails)
 */
export async function loadSeriesVolume(sources: DicomFileSource[], series: ScannedSeries, opts: LoadOptions = {}): Promise<LoadedSeries> {
  const { summary, plan } = series;
  if (!plan) throw new JumeauError(summary.error?.code ?? 'GEOMETRY_INVALID', summary.error?.message ?? 'series cannot be built into a volume');
  const [ni, nj, nk] = plan.size;
  const plane = ni * nj;
  let exact = int16Candidate(plan.sorted);
  const bytesPer = exact ? 2 : 4;
  const maxBytes = opts.maxBytes ?? 3 * 1024 ** 3;
  if (plane * nk * bytesPer > maxBytes) {
    throw new JumeauError('VOLUME_TOO_LARGE', `${ni}×${nj}×${nk} voxels need ${((plane * nk * bytesPer) / 1024 ** 2).toFixed(0)} MiB, over the ${(maxBytes / 1024 ** 2).toFixed(0)} MiB limit`, { subject: summary.id });
  }
  const isCt = summary.modality === 'CT';
  const fill = isCt ? AIR_HU : 0;
  let data: Int16Array | Float32Array;
  try {
    data = exact ? new Int16Array(plane * nk) : new Float32Array(plane * nk);
  } catch (e) {
    throw new JumeauError('VOLUME_TOO_LARGE', `cannot allocate ${ni}×${nj}×${nk} voxels: ${String(e)}`, { subject: summary.id, cause: e });
  }

  const needsFloat = plan.shearPx !== null || plan.targets.some((t) => t.w !== 0);
  const fileCache = new Map<number, Promise<Uint8Array>>();
  const pending = new Map<number, Promise<StoredSamples>>();
  const readAhead = opts.readAhead ?? 6;
  // Recycled read buffers: a native frame is read into one, rescaled into the volume, then returned.
  const free: Uint8Array[] = [];
  const pool = (n: number): Uint8Array => {
    const b = free.pop();
    return b && b.length === n ? b : new Uint8Array(n);
  };
  const recycle = (s: StoredSamples): void => {
    if (free.length < readAhead + 2 && s.byteOffset === 0 && s.buffer instanceof ArrayBuffer) free.push(new Uint8Array(s.buffer));
  };
  const fetch = (s: number): Promise<StoredSamples> => {
    for (let q = s; q < Math.min(plan.sorted.length, s + readAhead); q++) {
      if (!pending.has(q)) {
        const p = readFrameSamples(sources[plan.sorted[q].sourceIndex], plan.sorted[q], fileCache, pool);
        p.catch(() => undefined); // surfaced when awaited
        pending.set(q, p);
      }
    }
    return pending.get(s)!;
  };
  // Float copies of source slices, only when resampling is needed (at most two live at once).
  const floatCache = new Map<number, Float32Array>();
  const floatSlice = async (s: number): Promise<Float32Array> => {
    let fs = floatCache.get(s);
    if (!fs) {
      fs = new Float32Array(plane);
      const samples = await fetch(s);
      padded += rescaleInto(samples, plan.sorted[s], fs, 0, fill).padded;
      recycle(samples);
      pending.delete(s);
      floatCache.set(s, fs);
      for (const key of floatCache.keys()) if (key < s - 1) floatCache.delete(key);
    }
    return fs;
  };

  let padded = 0;
  const tissue = new Float64Array(nk).fill(NaN);
  const tmp = needsFloat ? new Float32Array(plane) : null;
  for (let k = 0; k < nk; k++) {
    throwIfAborted(opts.signal);
    const t = plan.targets[k];
    if (!needsFloat) {
      const samples = await fetch(t.a);
      let r = rescaleInto(samples, plan.sorted[t.a], data, k * plane, fill);
      if (exact && !fitsInt16(r)) {
        // Values outside Int16 (e.g. unsigned 16-bit data): widen what is loaded so far, redo this slice.
        data = widen(data as Int16Array, k * plane);
        exact = false;
        r = rescaleInto(samples, plan.sorted[t.a], data, k * plane, fill);
      }
      padded += r.padded;
      if (r.tissue !== undefined) tissue[k] = r.tissue;
      pending.delete(t.a);
      recycle(samples);
    } else {
      const a = await floatSlice(t.a);
      const b = t.w !== 0 ? await floatSlice(t.b) : a;
      const shA = plan.shearPx?.[t.a] ?? [0, 0];
      const shB = plan.shearPx?.[t.b] ?? [0, 0];
      resampleSlice(a, b, t.w, shA, shB, ni, nj, fill, tmp!);
      const off = k * plane;
      if (exact && !fitsInt16(valueRange(tmp!))) {
        data = widen(data as Int16Array, off);
        exact = false;
      }
      if (exact) for (let q = 0; q < plane; q++) data[off + q] = Math.round(tmp![q]);
      else data.set(tmp!, off);
    }
    opts.onProgress?.({ stage: 'load', done: k + 1, total: nk });
  }
  fileCache.clear();

  const warnings: SeriesWarning[] = [...summary.warnings];
  if (isCt && nk >= 3) {
    for (const o of findIntensityOutliers(data, ni, nj, nk, plan.interpolated, tissue)) {
      const t = plan.targets[o.k];
      warnings.push(warn('slice-intensity-outlier', `slice k=${o.k} (${plan.sorted[t.a].fileName}) has ${(o.fraction * 100).toFixed(0)} % tissue area where its neighbours have ${(o.expected * 100).toFixed(0)} %: the slice looks defective; check it before planning on this region`, [plan.sorted[t.a].fileName]));
    }
  }
  const volume: Volume = {
    size: [ni, nj, nk],
    spacing: [...plan.spacing],
    origin: [...plan.origin],
    direction: [...plan.rowCosine, ...plan.colCosine, ...plan.normal],
    data,
    unit: isCt ? 'HU' : 'raw',
  };
  return { volume, warnings, paddedVoxels: padded };
}

/**
 * Hot path of CT loading (signed 16-bit, slope 1): `out = src + intercept`, monomorphic on Int16Array.
 * Only the bound that the intercept can break is tracked (a negative intercept can only underflow).
 */
function addInt16(src: Int16Array, out: Int16Array, icpt: number): { padded: number; min: number; max: number } {
  const n = src.length;
  if (icpt <= 0) {
    let lo = 32767;
    for (let q = 0; q < n; q++) {
      const v = src[q];
      if (v < lo) lo = v;
      out[q] = v + icpt;
    }
    return { padded: 0, min: lo + icpt, max: -32768 };
  }
  let hi = -32768;
  for (let q = 0; q < n; q++) {
    const v = src[q];
    if (v > hi) hi = v;
    out[q] = v + icpt;
  }
  return { padded: 0, min: 32767, max: hi + icpt };
}

function widen(data: Int16Array, filled: number): Float32Array {
  const f = new Float32Array(data.length);
  for (let q = 0; q < filled; q++) f[q] = data[q];
  return f;
}
