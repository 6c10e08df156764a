/**
 * Page-side client of the twin worker. `build` sends a copy of the volume (the page keeps its own for
 * the viewers) and resolves, never rejects, with the twin or the error. `cancel` terminates the worker
 * at once — segmentation is one synchronous computation that no message can interrupt — and the next
 * build starts a fresh one.
 */
import type { TwinProgress } from '../twin/types';
import type { AnatomyChoice, TwinSeeds } from '../twin/types';
import type { Volume } from '../volume/volume';
import type { WireError } from './protocol';
import type { TwinMessage, TwinRequest, TwinResult } from './twinProtocol';

/** How a twin job ended. */
export type TwinOutcome = { ok: true; result: TwinResult } | { ok: false; error: WireError };

/** Creates the worker (default: `twinWorker.ts` as an ES-module worker). */
export type TwinWorkerFactory = () => Worker;

const defaultFactory: TwinWorkerFactory = () => new Worker(new URL('./twinWorker.ts', import.meta.url), { type: 'module', name: 'jumeau-twin' });

interface Pending { job: number; onProgress: (p: TwinProgress) => void; resolve: (o: TwinOutcome) => void }

/** Client of the twin worker; one job at a time (a new build cancels the running one). */
export class TwinClient {
  private worker: Worker | null = null;
  private pending: Pending | null = null;
  private nextJob = 1;

  constructor(private readonly factory: TwinWorkerFactory = defaultFactory) {}

  /** True while a build runs. */
  get busy(): boolean {
    return this.pending !== null;
  }

  /** Builds the twin of `volume` (copied into the worker). */
  build(volume: Volume, options: { anatomy: AnatomyChoice; description?: string; seeds?: TwinSeeds }, onProgress: (p: TwinProgress) => void = () => undefined): Promise<TwinOutcome> {
    if (this.pending) this.cancel('replaced by a newer build');
    const job = this.nextJob++;
    const w = this.ensureWorker();
    const copy: Volume = { ...volume, data: volume.data.slice() };
    return new Promise<TwinOutcome>((resolve) => {
      this.pending = { job, onProgress, resolve };
      const req: TwinRequest = { type: 'build', job, volume: copy, anatomy: options.anatomy, description: options.description, seeds: options.seeds };
      w.postMessage(req, [copy.data.buffer]);
    });
  }

  /** Stops the running build now; its promise resolves with a CANCELLED error. */
  cancel(message = 'twin build cancelled by the user'): void {
    if (!this.pending) return;
    this.worker?.terminate();
    this.worker = null;
    this.finish({ ok: false, error: { code: 'CANCELLED', message } });
  }

  /** Stops the worker. */
  dispose(): void {
    this.cancel('the page closed the twin worker');
    this.worker?.terminate();
    this.worker = null;
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const w = this.factory();
    w.addEventListener('message', (ev: MessageEvent<TwinMessage>) => this.onMessage(ev.data));
    w.addEventListener('error', (ev: ErrorEvent) => {
      ev.preventDefault();
      this.finish({ ok: false, error: { code: 'INTERNAL', message: `the twin worker failed: ${ev.message || 'unknown error (out of memory?)'}` } });
      w.terminate();
      if (this.worker === w) this.worker = null;
    });
    this.worker = w;
    return w;
  }

  private onMessage(m: TwinMessage): void {
    const p = this.pending;
    if (!p || m.job !== p.job) return;
    if (m.type === 'progress') p.onProgress(m.progress);
    else if (m.type === 'built') this.finish({ ok: true, result: m.result });
    else this.finish({ ok: false, error: m.error });
  }

  private finish(outcome: TwinOutcome): void {
    const p = this.pending;
    if (!p) return;
    this.pending = null;
    p.resolve(outcome);
  }
}
