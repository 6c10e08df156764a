/**
 * Scanning: read the header of every input file, skip (and name) the files that are not usable
 * images, group frames into series (SeriesInstanceUID, split further by orientation, matrix size and
 * pixel spacing) and plan each series' geometry. No pixel data is decoded here.
 */
import { JumeauError, describeError, throwIfAborted, type ErrorCode } from '../core/errors';
import type { DicomFileSource } from './source';
import { fileOffset, parseDicomBytes } from './parse';
import { framesOfDataSet, type FrameRecord } from './frames';
import { planSlices, type PlanOptions, type SlicePlan } from './geometry';
import { transferSyntaxInfo, transferSyntaxName } from './transferSyntax';
import { type SeriesWarning, warn } from './warnings';
import { summarise, type SeriesSummary } from './summary';
import { mapPool } from './pool';

/** Progress of a long operation: `done` of `total` units of `stage`. */
export interface Progress { stage: 'scan' | 'load'; done: number; total: number }

/** A file that was not used, and why. */
export interface SkippedFile { file: string; code: ErrorCode; reason: string }

/** One series found by the scan, ready to be loaded (when `plan` is set). */
export interface ScannedSeries {
  summary: SeriesSummary;
  /** Null when the series cannot be built into a volume (see `summary.error`). */
  plan: SlicePlan | null;
}

/** Result of {@link scanDicomSources}. */
export interface ScanResult { series: ScannedSeries[]; skipped: SkippedFile[] }

/** Options of the scan. */
export interface ScanOptions extends PlanOptions {
  onProgress?: (p: Progress) => void;
  signal?: AbortSignal;
  /** Bytes read first from each file to find its header (the rest is read only when needed). */
  headerBytes?: number;
}

const IMAGE_STORAGE_EXCLUDED = new Set([
  '1.2.840.10008.5.1.4.1.1.66.4', // Segmentation Storage (a label object, not an image to stack)
  '1.2.840.10008.5.1.4.1.1.88.11', '1.2.840.10008.5.1.4.1.1.88.22', '1.2.840.10008.5.1.4.1.1.88.33', // SR
]);

const DEFLATED = '1.2.840.10008.1.2.1.99';

async function readFrames(src: DicomFileSource, index: number, headerBytes: number): Promise<FrameRecord[]> {
  let bytes = await src.read(0, Math.min(src.size, headerBytes));
  let ds;
  try {
    ds = parseDicomBytes(bytes, src.name, true);
    if (!ds.elements.x7fe00010 && bytes.length < src.size) throw new Error('header longer than the first read');
  } catch (e) {
    if (bytes.length >= src.size || (e instanceof JumeauError && e.code === 'NOT_DICOM')) throw e;
    bytes = await src.read();
    ds = parseDicomBytes(bytes, src.name, true);
  }
  // Deflated data sets are parsed whole (the inflater needs the full stream).
  if (ds.string('x00020010') === DEFLATED && bytes.length < src.size) ds = parseDicomBytes(await src.read(), src.name, true);
  const sopClass = ds.string('x00080016') ?? '';
  if (IMAGE_STORAGE_EXCLUDED.has(sopClass)) throw new JumeauError('NO_PIXEL_DATA', `not an image to stack (SOP Class ${sopClass})`, { subject: src.name });
  const frames = framesOfDataSet(ds, src.name, index);
  const f0 = frames[0];
  if (!f0.hasPixelData) throw new JumeauError('NO_PIXEL_DATA', 'the file has no Pixel Data element (7FE0,0010)', { subject: src.name });
  if (!transferSyntaxInfo(f0.transferSyntaxUid)) {
    throw new JumeauError('UNSUPPORTED_TRANSFER_SYNTAX', `transfer syntax ${f0.transferSyntaxUid} (${transferSyntaxName(f0.transferSyntaxUid)}) is not supported`, { subject: src.name });
  }
  // Deflated: the offsets are in the inflated data set (parsed whole above), so compare with its length.
  const available = f0.transferSyntaxUid === DEFLATED ? fileOffset(ds, ds.byteArray.length) : src.size;
  if (f0.pixelDataLength >= 0 && f0.pixelDataOffset + f0.pixelDataLength > available) {
    throw new JumeauError('DICOM_TRUNCATED', `file is truncated: pixel data needs ${f0.pixelDataOffset + f0.pixelDataLength} bytes, file has ${available}`, { subject: src.name });
  }
  if (f0.pixel.rows === 0 || f0.pixel.columns === 0) throw new JumeauError('NO_PIXEL_DATA', 'Rows or Columns is 0', { subject: src.name });
  if (f0.pixelDataLength < 0 && transferSyntaxInfo(f0.transferSyntaxUid)?.encapsulated) await checkEncapsulatedEnd(src);
  return frames;
}

const NO_UID = '(no SeriesInstanceUID)';

/** 32-bit FNV-1a hash as 8 hex digits (stable ids for series without a UID). */
function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

const SEQ_DELIMITER = [0xfe, 0xff, 0xdd, 0xe0, 0, 0, 0, 0];

/**
 * Encapsulated pixel data ends with a Sequence Delimitation Item; a file cut short lacks it. Checking
 * the last bytes at scan time keeps a truncated compressed file out of the series (it then shows as a
 * missing slice) instead of failing the whole load later.
 */
async function checkEncapsulatedEnd(src: DicomFileSource): Promise<void> {
  const tail = await src.read(Math.max(0, src.size - 256), src.size);
  for (let q = tail.length - SEQ_DELIMITER.length; q >= 0; q--) {
    if (SEQ_DELIMITER.every((b, n) => tail[q + n] === b)) return;
  }
  throw new JumeauError('DICOM_TRUNCATED', 'file is truncated: its compressed pixel data has no end marker (sequence delimitation item)', { subject: src.name });
}

function groupKey(f: FrameRecord): string {
  const r = (v: number) => v.toFixed(3);
  const o = f.orientation ? [...f.orientation.row, ...f.orientation.col].map(r).join(',') : 'none';
  const ps = f.pixelSpacingMm ? f.pixelSpacingMm.map(r).join(',') : 'none';
  return `${f.pixel.columns}x${f.pixel.rows}|${o}|${ps}|${f.pixel.samplesPerPixel}`;
}

/**
 * Scans the given files: every usable image frame ends up in exactly one series; every other file is
 * listed in `skipped` with its reason. Throws only on cancel.
 */
export async function scanDicomSources(sources: DicomFileSource[], opts: ScanOptions = {}): Promise<ScanResult> {
  const skipped: SkippedFile[] = [];
  const all: FrameRecord[] = [];
  let done = 0;
  const perFile = await mapPool(sources, 8, async (src, index) => {
    throwIfAborted(opts.signal);
    try {
      return await readFrames(src, index, opts.headerBytes ?? 64 * 1024);
    } catch (e) {
      const je = e instanceof JumeauError ? e : new JumeauError('FILE_READ', describeError(e), { subject: src.name, cause: e });
      skipped.push({ file: src.name, code: je.code, reason: je.message.startsWith(`${src.name}: `) ? je.message.slice(src.name.length + 2) : je.message });
      return [];
    } finally {
      opts.onProgress?.({ stage: 'scan', done: ++done, total: sources.length });
    }
  });
  throwIfAborted(opts.signal);
  for (const frames of perFile) all.push(...frames);

  const bySeries = new Map<string, FrameRecord[]>();
  for (const f of all) {
    // Without a SeriesInstanceUID (over-zealous de-identification), frames that share study, frame of
    // reference, series number, description and modality are taken as one series (with a warning).
    const key = f.seriesInstanceUid || `${NO_UID}|${f.studyInstanceUid}|${f.frameOfReferenceUid}|${f.seriesNumber ?? ''}|${f.seriesDescription}|${f.modality}`;
    const list = bySeries.get(key);
    if (list) list.push(f);
    else bySeries.set(key, [f]);
  }
  const series: ScannedSeries[] = [];
  for (const [uid, frames] of bySeries) {
    const parts = new Map<string, FrameRecord[]>();
    for (const f of frames) {
      const part = parts.get(groupKey(f));
      if (part) part.push(f);
      else parts.set(groupKey(f), [f]);
    }
    let p = 0;
    for (const partFrames of parts.values()) {
      p++;
      const base = uid.startsWith(NO_UID) ? `no-uid-${fnv1a(uid)}` : uid;
      const id = parts.size > 1 ? `${base}#${p}` : base;
      const extra: SeriesWarning[] = [];
      if (uid.startsWith(NO_UID)) {
        extra.push(warn('missing-series-uid', 'files have no SeriesInstanceUID; they were grouped by frame of reference, series number, description and modality'));
      }
      if (parts.size > 1) {
        extra.push(warn('series-split', `series ${uid} mixes ${parts.size} orientations, matrix sizes or pixel spacings; split into ${parts.size} parts (this is part ${p})`));
      }
      series.push(buildSeries(id, partFrames, extra, opts));
    }
  }
  series.sort((a, b) => (a.summary.seriesNumber ?? 1e9) - (b.summary.seriesNumber ?? 1e9) || a.summary.id.localeCompare(b.summary.id));
  skipped.sort((a, b) => a.file.localeCompare(b.file));
  return { series, skipped };
}

function buildSeries(id: string, frames: FrameRecord[], extra: SeriesWarning[], opts: PlanOptions): ScannedSeries {
  const warnings = [...extra];
  const slopes = new Set(frames.map((f) => `${f.rescaleSlope}/${f.rescaleIntercept}`));
  if (slopes.size > 1) warnings.push(warn('mixed-rescale', `${slopes.size} different RescaleSlope/RescaleIntercept pairs in one series; each slice is rescaled with its own and the volume is stored as Float32`));
  const lossy = [...new Set(frames.map((f) => f.transferSyntaxUid))].filter((u) => transferSyntaxInfo(u)?.lossy);
  if (lossy.length) warnings.push(warn('lossy-compression', `pixel data is lossy-compressed (${lossy.map(transferSyntaxName).join(', ')}): values differ from the original acquisition`));
  if (frames.some((f) => f.pixelPaddingValue !== undefined)) {
    warnings.push(warn('pixel-padding', `PixelPaddingValue ${frames[0].pixelPaddingValue} marks voxels outside the scanned field; they are set to air`, undefined, 'info'));
  }
  if (frames[0].pixel.samplesPerPixel !== 1) {
    const err = new JumeauError('UNSUPPORTED_PIXEL_FORMAT', `colour images (${frames[0].pixel.photometricInterpretation}) cannot form a CT/MR volume`, { subject: frames[0].fileName });
    return { summary: summarise(id, frames, null, warnings, err), plan: null };
  }
  try {
    const { plan, warnings: w } = planSlices(frames, opts);
    warnings.push(...w);
    return { summary: summarise(id, frames, plan, warnings, null), plan };
  } catch (e) {
    const err = e instanceof JumeauError ? e : new JumeauError('GEOMETRY_INVALID', describeError(e), { cause: e });
    return { summary: summarise(id, frames, null, warnings, err), plan: null };
  }
}
