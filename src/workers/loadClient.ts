/**
 * Typed page-side client of the load worker. Each call starts a job and returns a promise that always
 * resolves (never rejects) with the job's outcome; progress, scan results and volumes arrive through
 * the handlers as they come. Starting a job cancels the one running.
 */
import type { AutoLoad, LoadReport, NamedBlob, NamedUrl, ScanReport, Stage, WireError, WorkerMessage, WorkerRequest } from './protocol';

/** Callbacks of one job. */
export interface JobHandlers {
  onProgress?: (stage: Stage, done: number, total: number) => void;
  onScanned?: (report: ScanReport, scanMs: number) => void;
  onLoaded?: (report: LoadReport) => void;
}

/** How a job ended. */
export type JobOutcome = { ok: true } | { ok: false; error: WireError };

interface Pending { job: number; handlers: JobHandlers; resolve: (o: JobOutcome) => void }

/** Creates the worker (the default builds `loadWorker.ts` as an ES-module worker). */
export type WorkerFactory = () => Worker;

const defaultFactory: WorkerFactory = () => new Worker(new URL('./loadWorker.ts', import.meta.url), { type: 'module', name: 'jumeau-load' });

/** Client of the load worker; one job at a time. */
export class LoadClient {
  private worker: Worker | null = null;
  private pending: Pending | null = null;
  private nextJob = 1;

  constructor(private readonly factory: WorkerFactory = defaultFactory) {}

  /** Reads and scans local files or same-origin sample URLs, then loads the series `autoLoad` names. */
  open(input: { files?: NamedBlob[]; urls?: NamedUrl[] }, autoLoad: AutoLoad, handlers: JobHandlers = {}): Promise<JobOutcome> {
    return this.start((job) => ({ type: 'open', job, files: input.files, urls: input.urls, autoLoad }), handlers);
  }

  /**
   * Loads another series of the last opened study. `allowGaps` re-plans it with missing slices
   * interpolated (the series is re-scanned and reported again, with the interpolation in its warnings).
   */
  load(seriesId: string, handlers: JobHandlers = {}, options: { allowGaps?: boolean } = {}): Promise<JobOutcome> {
    return this.start((job) => ({ type: 'load', job, seriesId, ...(options.allowGaps ? { allowGaps: true } : {}) }), handlers);
  }

  /** True while a job runs. */
  get busy(): boolean {
    return this.pending !== null;
  }

  /** Asks the worker to stop the running job; its promise resolves with a CANCELLED error. */
  cancel(): void {
    if (this.pending && this.worker) this.worker.postMessage({ type: 'cancel', job: this.pending.job } satisfies WorkerRequest);
  }

  /** Stops the worker; a running job ends with a CANCELLED error. */
  dispose(): void {
    this.finish({ ok: false, error: { code: 'CANCELLED', message: 'operation cancelled by the user' } });
    this.worker?.terminate();
    this.worker = null;
  }

  private start(make: (job: number) => WorkerRequest, handlers: JobHandlers): Promise<JobOutcome> {
    this.finish({ ok: false, error: { code: 'CANCELLED', message: 'replaced by a newer request' } }, true);
    const job = this.nextJob++;
    const w = this.ensureWorker();
    return new Promise<JobOutcome>((resolve) => {
      this.pending = { job, handlers, resolve };
      w.postMessage(make(job));
    });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const w = this.factory();
    w.addEventListener('message', (ev: MessageEvent<WorkerMessage>) => this.onMessage(ev.data));
    w.addEventListener('error', (ev: ErrorEvent) => {
      ev.preventDefault();
      this.finish({ ok: false, error: { code: 'INTERNAL', message: `the load worker failed: ${ev.message || 'unknown error'}` } });
      w.terminate();
      if (this.worker === w) this.worker = null;
    });
    this.worker = w;
    return w;
  }

  private onMessage(m: WorkerMessage): void {
    const p = this.pending;
    if (!p || m.job !== p.job) return; // a late message of a cancelled job
    switch (m.type) {
      case 'progress': p.handlers.onProgress?.(m.stage, m.done, m.total); break;
      case 'scanned': p.handlers.onScanned?.(m.report, m.scanMs); break;
      case 'loaded': p.handlers.onLoaded?.(m.report); break;
      case 'done': this.finish({ ok: true }); break;
      case 'error': this.finish({ ok: false, error: m.error }); break;
    }
  }

  private finish(outcome: JobOutcome, cancelInWorker = false): void {
    const p = this.pending;
    if (!p) return;
    if (cancelInWorker && this.worker) this.worker.postMessage({ type: 'cancel', job: p.job } satisfies WorkerRequest);
    this.pending = null;
    p.resolve(outcome);
  }
}
