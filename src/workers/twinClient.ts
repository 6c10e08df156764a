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
import type { LabelEdit } from '../segmentation/edits';
import type { Geometry, LabelArray, Segment } from '../segmentation/labelmap';
import type { TwinBoneRom } from '../planning/twinBoneRom';
import type { BoneRomRequest, IslandOp, KneeCutAnswer, KneeCutRequest, TwinEditRequest, TwinMessage, TwinRequest, TwinResult, TwinSegmentWire } from './twinProtocol';

/** How a twin job ended. */
export type TwinOutcome = { ok: true; result: TwinResult } | { ok: false; error: WireError };

/** How a remesh after an edit ended. */
export type RemeshOutcome = { ok: true; segments: TwinSegmentWire[]; emptied: number[]; ms: number } | { ok: false; error: WireError };

/** How an island operation ended: the edit it made (to apply to the page's labels) and the new meshes. */
export type IslandOutcome = { ok: true; edit: LabelEdit; segments: TwinSegmentWire[]; emptied: number[]; ms: number } | { ok: false; error: WireError };

/** How a bony ROM computation ended. */
export type BoneRomOutcome = { ok: true; result: TwinBoneRom; ms: number } | { ok: false; error: WireError };

/** How a knee plan request ended. */
export type KneeCutOutcome = { ok: true; result: KneeCutAnswer; ms: number } | { ok: false; error: WireError };

/** Creates the worker (default: `twinWorker.ts` as an ES-module worker). */
export type TwinWorkerFactory = () => Worker;

const defaultFactory: TwinWorkerFactory = () => new Worker(new URL('./twinWorker.ts', import.meta.url), { type: 'module', name: 'jumeau-twin' });

interface Pending { job: number; onProgress: (p: TwinProgress) => void; resolve: (o: TwinOutcome) => void }

/** Client of the twin worker; one job at a time (a new build cancels the running one). */
export class TwinClient {
  private worker: Worker | null = null;
  private pending: Pending | null = null;
  private nextJob = 1;
  /** The page-side labels array whose copy the worker holds (null: none, or the worker was restarted). */
  private heldFor: LabelArray | null = null;
  /** The page-side voxel array whose values the worker holds (the last build's, or one sent). */
  private volumeFor: Volume['data'] | null = null;
  private readonly pendingEdits = new Map<number, (o: RemeshOutcome) => void>();
  private readonly pendingOps = new Map<number, (o: IslandOutcome) => void>();
  private readonly pendingRom = new Map<number, (o: BoneRomOutcome) => void>();
  private readonly pendingKnee = new Map<number, (o: KneeCutOutcome) => void>();

  constructor(private readonly factory: TwinWorkerFactory = defaultFactory) {}

  /** True while a build runs. */
  get busy(): boolean {
    return this.pending !== null;
  }

  /** Builds the twin of `volume` (copied into the worker). */
  build(volume: Volume, options: { anatomy: AnatomyChoice; description?: string; seeds?: TwinSeeds; seriesInstanceUid?: string | null }, onProgress: (p: TwinProgress) => void = () => undefined): Promise<TwinOutcome> {
    if (this.pending) this.cancel('replaced by a newer build');
    const job = this.nextJob++;
    const w = this.ensureWorker();
    const copy: Volume = { ...volume, data: volume.data.slice() };
    this.volumeFor = null;
    return new Promise<TwinOutcome>((resolve) => {
      this.pending = { job, onProgress, resolve: (o) => { if (o.ok) this.volumeFor = volume.data; resolve(o); } };
      const req: TwinRequest = { type: 'build', job, volume: copy, anatomy: options.anatomy, description: options.description, seeds: options.seeds, seriesInstanceUid: options.seriesInstanceUid ?? null };
      w.postMessage(req, [copy.data.buffer]);
    });
  }

  /**
   * Sends an edit already applied to `twin.labels` to the worker and resolves with the new meshes of
   * `remeshLabels`. The first edit of a twin the worker does not hold (restored from this browser, or
   * after a cancel restarted the worker) sends a copy of the labels first; applying an edit is
   * idempotent, so a copy that already contains it is fine. Edits are processed in order.
   */
  remesh(twin: { geometry: Geometry; labels: LabelArray; segments: Segment[] }, edit: LabelEdit, direction: 'redo' | 'undo', remeshLabels: number[]): Promise<RemeshOutcome> {
    const w = this.holding(twin);
    const job = this.nextJob++;
    return new Promise<RemeshOutcome>((resolve) => {
      this.pendingEdits.set(job, resolve);
      const msg: TwinEditRequest = { type: 'edit', job, edit, direction, remeshLabels };
      w.postMessage(msg);
    });
  }

  /**
   * Runs an operation on segment `label` in the worker (on its copy of the labels). The seed operations
   * need `volume`: its values are copied to the worker once (a build's copy is kept there).
   */
  islandOp(twin: { geometry: Geometry; labels: LabelArray; segments: Segment[] }, op: IslandOp, label: number, volume?: Volume): Promise<IslandOutcome> {
    const w = this.holding(twin);
    if (volume && this.volumeFor !== volume.data) {
      const copy: Volume = { ...volume, data: volume.data.slice() };
      const msg: TwinEditRequest = { type: 'volume', job: 0, volume: copy };
      w.postMessage(msg, [copy.data.buffer]);
      this.volumeFor = volume.data;
    }
    const job = this.nextJob++;
    return new Promise<IslandOutcome>((resolve) => {
      this.pendingOps.set(job, resolve);
      const msg: TwinEditRequest = { type: 'op', job, op, label };
      w.postMessage(msg);
    });
  }

  /** Bony range of motion of the operated hip, computed on the worker's copy of the labels. */
  boneRom(twin: { geometry: Geometry; labels: LabelArray; segments: Segment[] }, input: BoneRomRequest): Promise<BoneRomOutcome> {
    const w = this.holding(twin);
    const job = this.nextJob++;
    return new Promise<BoneRomOutcome>((resolve) => {
      this.pendingRom.set(job, resolve);
      const msg: TwinEditRequest = { type: 'boneRom', job, input };
      w.postMessage(msg);
    });
  }

  /** A knee plan request (landmark proposal or cut volumes), computed on the worker's copy of the labels. */
  kneeCut(twin: { geometry: Geometry; labels: LabelArray; segments: Segment[] }, input: KneeCutRequest): Promise<KneeCutOutcome> {
    const w = this.holding(twin);
    const job = this.nextJob++;
    return new Promise<KneeCutOutcome>((resolve) => {
      this.pendingKnee.set(job, resolve);
      const msg: TwinEditRequest = { type: 'kneeCut', job, input };
      w.postMessage(msg);
    });
  }

  /** The worker, holding a copy of `twin.labels` (sent now when it does not). */
  private holding(twin: { geometry: Geometry; labels: LabelArray; segments: Segment[] }): Worker {
    const w = this.ensureWorker();
    if (this.heldFor !== twin.labels) {
      const copy = twin.labels.slice();
      const g = twin.geometry;
      const msg: TwinEditRequest = { type: 'labels', job: 0, geometry: { size: [...g.size], spacing: [...g.spacing], origin: [...g.origin], direction: [...g.direction] } as Geometry, labels: copy, segments: twin.segments.map((s) => ({ label: s.label, name: s.name, colorRgb: s.colorRgb, terminology: s.terminology })) };
      w.postMessage(msg, [copy.buffer]);
      this.heldFor = twin.labels;
    }
    return w;
  }

  /** Stops the running build now; its promise resolves with a CANCELLED error. */
  cancel(message = 'twin build cancelled by the user'): void {
    if (!this.pending) return;
    this.worker?.terminate();
    this.worker = null;
    this.dropEdits({ code: 'CANCELLED', message });
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
      const error: WireError = { code: 'INTERNAL', message: `the twin worker failed: ${ev.message || 'unknown error (out of memory?)'}` };
      this.finish({ ok: false, error });
      this.dropEdits(error);
      w.terminate();
      if (this.worker === w) this.worker = null;
    });
    this.worker = w;
    return w;
  }

  /** The worker is gone: pending remeshes fail, and its copy of the labels with it. */
  private dropEdits(error: WireError): void {
    this.heldFor = null;
    this.volumeFor = null;
    const waiting = [...this.pendingEdits.values(), ...this.pendingOps.values(), ...this.pendingRom.values(), ...this.pendingKnee.values()];
    this.pendingKnee.clear();
    this.pendingEdits.clear();
    this.pendingOps.clear();
    this.pendingRom.clear();
    for (const r of waiting) r({ ok: false, error });
  }

  private onMessage(m: TwinMessage): void {
    const rom = this.pendingRom.get(m.job);
    if (rom && (m.type === 'boneRomDone' || m.type === 'error')) {
      this.pendingRom.delete(m.job);
      rom(m.type === 'boneRomDone' ? { ok: true, result: m.result, ms: m.ms } : { ok: false, error: m.error });
      return;
    }
    const knee = this.pendingKnee.get(m.job);
    if (knee && (m.type === 'kneeCutDone' || m.type === 'error')) {
      this.pendingKnee.delete(m.job);
      knee(m.type === 'kneeCutDone' ? { ok: true, result: m.result, ms: m.ms } : { ok: false, error: m.error });
      return;
    }
    const op = this.pendingOps.get(m.job);
    if (op && (m.type === 'opDone' || m.type === 'error')) {
      this.pendingOps.delete(m.job);
      op(m.type === 'opDone' ? { ok: true, edit: m.edit, segments: m.segments, emptied: m.emptied, ms: m.ms } : { ok: false, error: m.error });
      return;
    }
    const edit = this.pendingEdits.get(m.job);
    if (edit && (m.type === 'remeshed' || m.type === 'error')) {
      this.pendingEdits.delete(m.job);
      edit(m.type === 'remeshed' ? { ok: true, segments: m.segments, emptied: m.emptied, ms: m.ms } : { ok: false, error: m.error });
      return;
    }
    const p = this.pending;
    if (!p || m.job !== p.job) return;
    if (m.type === 'progress') p.onProgress(m.progress);
    else if (m.type === 'built') {
      this.heldFor = m.result.labels;
      this.finish({ ok: true, result: m.result });
    } else if (m.type === 'error') this.finish({ ok: false, error: m.error });
  }

  private finish(outcome: TwinOutcome): void {
    const p = this.pending;
    if (!p) return;
    this.pending = null;
    p.resolve(outcome);
  }
}
