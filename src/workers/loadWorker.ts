/**
 * The load worker: every heavy step of opening a study runs here, off the page's main thread.
 *
 * `open`: fetch the sample files (same origin only) or take the given File/Blob list, scan every header
 * ({@link scanDicomSources}), report the series and skipped files, then optionally load one series.
 * NIfTI / NRRD / MetaImage files among the inputs ({@link splitImageInputs}) are not scanned as DICOM:
 * each is listed as one entry, read through itk-wasm (`itkRead.ts`, imported only when needed).
 * `load`: load another series of the last opened inputs ({@link loadSeriesVolume}); the voxel buffer is
 * transferred to the page, not copied. `cancel`: aborts the running job (it ends with a CANCELLED error).
 * Every failure is posted as `{ code, message }`; nothing is thrown out of the worker.
 */
import { JumeauError, describeError } from '../core/errors';
import { loadSeriesVolume, scanDicomSources, sourceFromBlob, type DicomFileSource, type Progress, type ScannedSeries, type SeriesSummary } from '../dicom/index';
import { valueRange } from '../volume/volume';
import { installCodecLocator } from './codecUrls';
import type { AutoLoad, NamedUrl, Stage, WireError, WorkerMessage, WorkerRequest } from './protocol';
import { pickDefaultSeries } from './pickSeries';
import { splitImageInputs, type ImageInput } from './imageInputs';

/** The parts of DedicatedWorkerGlobalScope used here (the project compiles against the DOM lib). */
interface WorkerScope {
  postMessage(message: WorkerMessage, transfer: Transferable[]): void;
  addEventListener(type: 'message', fn: (ev: MessageEvent<WorkerRequest>) => void): void;
  addEventListener(type: 'unhandledrejection', fn: (ev: PromiseRejectionEvent) => void): void;
  location: { href: string; origin: string };
}
const scope = self as unknown as WorkerScope;

installCodecLocator();

/** The inputs of the last successful scan (kept for later `load` requests). */
let opened: { sources: DicomFileSource[]; series: ScannedSeries[]; images: ImageInput[]; imageSummaries: SeriesSummary[] } | null = null;

/** The itk-wasm reader, loaded on first use (keeps itk-wasm out of DICOM-only opens). */
const itkReader = (): Promise<typeof import('./itkRead')> => import('./itkRead');
let running: { job: number; abort: AbortController } | null = null;

const post = (m: WorkerMessage, transfer: Transferable[] = []): void => scope.postMessage(m, transfer);

function toWire(e: unknown): WireError {
  if (e instanceof JumeauError) return { code: e.code, message: e.message };
  if (e instanceof DOMException && e.name === 'AbortError') return { code: 'CANCELLED', message: 'operation cancelled by the user' };
  return { code: 'INTERNAL', message: describeError(e) };
}

function progress(job: number, stage: Stage): (p: Progress | { done: number; total: number }) => void {
  // Throttle to ~30 messages per second, but always send the last one.
  let last = 0;
  return (p) => {
    const now = performance.now();
    if (p.done < p.total && now - last < 33) return;
    last = now;
    post({ type: 'progress', job, stage, done: p.done, total: p.total });
  };
}

/** Fetches same-origin sample files into Blobs, a few at a time. */
async function fetchSamples(urls: NamedUrl[], signal: AbortSignal, onProgress: (p: { done: number; total: number }) => void): Promise<DicomFileSource[]> {
  const out = new Array<DicomFileSource>(urls.length);
  let next = 0;
  let done = 0;
  const one = async (): Promise<void> => {
    while (next < urls.length) {
      const n = next++;
      const u = urls[n];
      const url = new URL(u.url, scope.location.href);
      if (url.origin !== scope.location.origin) throw new JumeauError('BAD_ARGUMENT', `refusing to fetch ${u.url}: not on this site`, { subject: u.name });
      let res: Response;
      try {
        res = await fetch(url, { signal, credentials: 'same-origin' });
      } catch (e) {
        if (signal.aborted) throw new JumeauError('CANCELLED', 'operation cancelled by the user');
        throw new JumeauError('FILE_READ', `could not download the sample file: ${describeError(e)}`, { subject: u.name, cause: e });
      }
      if (!res.ok) throw new JumeauError('FILE_READ', `could not download the sample file: HTTP ${res.status}`, { subject: u.name });
      out[n] = sourceFromBlob(u.name, await res.blob());
      onProgress({ done: ++done, total: urls.length });
    }
  };
  await Promise.all(Array.from({ length: Math.min(6, urls.length) }, one));
  if (signal.aborted) throw new JumeauError('CANCELLED', 'operation cancelled by the user');
  return out;
}

async function loadOne(job: number, seriesId: string, signal: AbortSignal, allowGaps = false): Promise<void> {
  if (!opened) throw new JumeauError('SERIES_NOT_FOUND', 'no study is open');
  if (allowGaps) {
    // The user asked to interpolate missing slices: re-plan every series with gaps allowed and report
    // the new summaries (the interpolation shows in their warnings) before loading.
    const t0 = performance.now();
    const rescan = await scanDicomSources(opened.sources, { signal, allowGaps: true, onProgress: progress(job, 'scan') });
    opened.series = rescan.series;
    post({ type: 'scanned', job, report: { series: [...rescan.series.map((s) => s.summary), ...opened.imageSummaries], skipped: rescan.skipped }, scanMs: performance.now() - t0 });
  }
  const image = opened.images.find((x) => x.id === seriesId);
  if (image) return loadImage(job, image, signal);
  const series = opened.series.find((s) => s.summary.id === seriesId);
  if (!series) throw new JumeauError('SERIES_NOT_FOUND', `series ${seriesId} is not in the open study`);
  const t0 = performance.now();
  const { volume, warnings, paddedVoxels } = await loadSeriesVolume(opened.sources, series, { signal, onProgress: progress(job, 'load') });
  const range = valueRange(volume.data);
  const loadMs = performance.now() - t0;
  post({ type: 'loaded', job, report: { seriesId, volume, warnings, range, paddedVoxels, loadMs } }, [volume.data.buffer as ArrayBuffer]);
}

async function open(job: number, req: Extract<WorkerRequest, { type: 'open' }>, signal: AbortSignal): Promise<void> {
  opened = null;
  const sources = req.urls?.length
    ? await fetchSamples(req.urls, signal, progress(job, 'fetch'))
    : (req.files ?? []).map((f) => sourceFromBlob(f.name, f.blob));
  if (!sources.length) throw new JumeauError('NO_IMAGE_SERIES', 'no file was given');
  const t0 = performance.now();
  const { images, others } = await splitImageInputs(sources);
  const total = others.length + images.length;
  const onProgress = progress(job, 'scan');
  const scan = others.length
    ? await scanDicomSources(others, { signal, onProgress: (p) => onProgress({ done: p.done, total }) })
    : { series: [], skipped: [] };
  const imageSummaries: SeriesSummary[] = [];
  if (images.length) {
    const itk = await itkReader();
    for (const input of images) {
      if (signal.aborted) throw new JumeauError('CANCELLED', 'operation cancelled by the user');
      imageSummaries.push(await itk.scanImageInput(input));
      onProgress({ done: others.length + imageSummaries.length, total });
    }
  }
  // Frames refer to their file by index in the list that was scanned: keep that list.
  opened = { sources: others, series: scan.series, images, imageSummaries };
  const summaries = [...scan.series.map((s) => s.summary), ...imageSummaries];
  post({ type: 'scanned', job, report: { series: summaries, skipped: scan.skipped }, scanMs: performance.now() - t0 });
  // Nothing can be shown and an image file failed: the job fails with that file's IMAGE_READ error.
  const failed = imageSummaries.find((x) => x.error);
  if (failed?.error && !summaries.some((x) => !x.error && x.size)) throw new JumeauError(failed.error.code, failed.error.message);
  const target = chooseSeries(req.autoLoad, summaries);
  if (target) await loadOne(job, target, signal);
}

async function loadImage(job: number, input: ImageInput, signal: AbortSignal): Promise<void> {
  const t0 = performance.now();
  post({ type: 'progress', job, stage: 'load', done: 0, total: 1 });
  const volume = await (await itkReader()).loadImageInput(input);
  if (signal.aborted) throw new JumeauError('CANCELLED', 'operation cancelled by the user');
  post({ type: 'progress', job, stage: 'load', done: 1, total: 1 });
  const report = { seriesId: input.id, volume, warnings: [], range: valueRange(volume.data), paddedVoxels: 0, loadMs: performance.now() - t0 };
  post({ type: 'loaded', job, report }, [volume.data.buffer as ArrayBuffer]);
}

function chooseSeries(auto: AutoLoad, series: SeriesSummary[]): string | null {
  if (auto === 'none') return null;
  if (auto === 'best') return pickDefaultSeries(series);
  return auto.seriesId;
}

async function run(req: Exclude<WorkerRequest, { type: 'cancel' }>): Promise<void> {
  running?.abort.abort();
  const abort = new AbortController();
  running = { job: req.job, abort };
  try {
    if (req.type === 'open') await open(req.job, req, abort.signal);
    else await loadOne(req.job, req.seriesId, abort.signal, req.allowGaps ?? false);
    if (abort.signal.aborted) throw new JumeauError('CANCELLED', 'operation cancelled by the user');
    post({ type: 'done', job: req.job });
  } catch (e) {
    post({ type: 'error', job: req.job, error: abort.signal.aborted ? { code: 'CANCELLED', message: 'operation cancelled by the user' } : toWire(e) });
  } finally {
    if (running?.job === req.job) running = null;
  }
}

scope.addEventListener('message', (ev: MessageEvent<WorkerRequest>) => {
  const req = ev.data;
  if (req.type === 'cancel') {
    if (running && running.job === req.job) running.abort.abort();
    return;
  }
  void run(req);
});

scope.addEventListener('unhandledrejection', (ev) => {
  ev.preventDefault();
  post({ type: 'error', job: running?.job ?? -1, error: toWire(ev.reason) });
});
