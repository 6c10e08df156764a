/**
 * Page-side client of the liver plan worker. Promises resolve, never reject. Live updates are
 * coalesced, latest wins: at most one update is computed at a time and at most one waits; a newer
 * update replaces the waiting one, whose promise resolves `superseded` at once. So a drag that fires
 * 60 moves a second computes only as many as the worker can finish, each with the newest inputs.
 * (A running computation is not interrupted: it is one synchronous call, short by design.)
 */
import type { Geometry, LabelArray } from '../segmentation/labelmap';
import type { LiverOrganSummary, LiverPlanInputs, LiverPlanMetrics, LiverPlanSegment } from '../planning/liver/liverPlanMetrics';
import type { PortalProposal } from '../planning/liver/portalBranches';
import type { VesselCenterline } from '../planning/liver/vesselMargins';
import type { WireError } from './protocol';
import type { LiverPlanMessage, LiverPlanRequest } from './liverPlanProtocol';

/** How an init ended. */
export type LiverInitOutcome = { status: 'ok'; summary: LiverOrganSummary; ms: number } | { status: 'error'; error: WireError };
/** How a metrics job ended (`superseded`: a newer update replaced it before it was sent). */
export type LiverMetricsOutcome = { status: 'ok'; metrics: LiverPlanMetrics; vertexDistanceMm: (Float32Array | null)[]; ms: number } | { status: 'error'; error: WireError } | { status: 'superseded' };
/** How a territories job ended. */
export type LiverTerritoriesOutcome = { status: 'ok'; metrics: LiverPlanMetrics['territories']; labels: Uint16Array | null; cropLoIjk?: [number, number, number]; cropSize?: [number, number, number]; ms: number } | { status: 'error'; error: WireError };

/** How a branch proposal ended. */
export type LiverProposeOutcome = { status: 'ok'; proposal: PortalProposal; centerlines: VesselCenterline[]; ms: number } | { status: 'error'; error: WireError };

/** What the liver plan controller needs of a worker (the client, or a synchronous stand-in in tests). */
export interface LiverPlanService {
  init(grid: Geometry, labels: LabelArray, segments: LiverPlanSegment[]): Promise<LiverInitOutcome>;
  update(inputs: LiverPlanInputs): Promise<LiverMetricsOutcome>;
  territories(inputs: LiverPlanInputs): Promise<LiverTerritoriesOutcome>;
  full(inputs: LiverPlanInputs): Promise<LiverMetricsOutcome>;
  /** Portal branches proposed from the portal vein's centerline (with the vessels' centerlines). */
  propose(): Promise<LiverProposeOutcome>;
}

/** Creates the worker (default: `liverPlanWorker.ts` as an ES-module worker). */
export type LiverPlanWorkerFactory = () => Pick<Worker, 'postMessage' | 'addEventListener' | 'terminate'>;

const defaultFactory: LiverPlanWorkerFactory = () => new Worker(new URL('./liverPlanWorker.ts', import.meta.url), { type: 'module', name: 'jumeau-liver-plan' });

type Resolver = (m: LiverPlanMessage | { type: 'failed'; error: WireError }) => void;

/** Client of the liver plan worker. */
export class LiverPlanClient implements LiverPlanService {
  private worker: ReturnType<LiverPlanWorkerFactory> | null = null;
  private nextJob = 1;
  private readonly pending = new Map<number, Resolver>();
  private updateInFlight = false;
  private waiting: { inputs: LiverPlanInputs; resolve: (o: LiverMetricsOutcome) => void } | null = null;
  /** Updates sent to the worker (not superseded): for tests and the e2e's count. */
  sentUpdates = 0;

  constructor(private readonly factory: LiverPlanWorkerFactory = defaultFactory) {}

  /** Sends a copy of the labels (transferred) and the segments; resolves with the organ summary. */
  init(grid: Geometry, labels: LabelArray, segments: LiverPlanSegment[]): Promise<LiverInitOutcome> {
    const copy = labels.slice();
    const g = { size: [...grid.size], spacing: [...grid.spacing], origin: [...grid.origin], direction: [...grid.direction] } as Geometry;
    return this.send({ type: 'init', job: 0, grid: g, labels: copy, segments }, [copy.buffer]).then((m) =>
      m.type === 'ready' ? { status: 'ok', summary: m.summary, ms: m.ms } : { status: 'error', error: errorOf(m) });
  }

  /** A live update; latest wins (see the module doc). */
  update(inputs: LiverPlanInputs): Promise<LiverMetricsOutcome> {
    return new Promise((resolve) => {
      if (this.updateInFlight) {
        this.waiting?.resolve({ status: 'superseded' });
        this.waiting = { inputs, resolve };
        return;
      }
      this.startUpdate(inputs, resolve);
    });
  }

  private startUpdate(inputs: LiverPlanInputs, resolve: (o: LiverMetricsOutcome) => void): void {
    this.updateInFlight = true;
    this.sentUpdates++;
    void this.send({ type: 'update', job: 0, inputs }).then((m) => {
      this.updateInFlight = false;
      resolve(metricsOutcome(m));
      const next = this.waiting;
      this.waiting = null;
      if (next) this.startUpdate(next.inputs, next.resolve);
    });
  }

  /** Geodesic territories from the inputs' portal branches. */
  territories(inputs: LiverPlanInputs): Promise<LiverTerritoriesOutcome> {
    return this.send({ type: 'territories', job: 0, inputs }).then((m) =>
      m.type === 'territories' ? { status: 'ok', metrics: m.metrics, labels: m.labels, cropLoIjk: m.cropLoIjk, cropSize: m.cropSize, ms: m.ms } : { status: 'error', error: errorOf(m) });
  }

  /** Every metric (territories included) for the export. */
  full(inputs: LiverPlanInputs): Promise<LiverMetricsOutcome> {
    return this.send({ type: 'full', job: 0, inputs }).then(metricsOutcome);
  }

  /** Proposed portal branches and the vessels' centerlines. */
  propose(): Promise<LiverProposeOutcome> {
    return this.send({ type: 'propose', job: 0 }).then((m) =>
      m.type === 'proposal' ? { status: 'ok', proposal: m.proposal, centerlines: m.centerlines, ms: m.ms } : { status: 'error', error: errorOf(m) });
  }

  /** Stops the worker; pending jobs fail. */
  dispose(): void {
    this.fail({ code: 'CANCELLED', message: 'the liver plan worker was closed' });
    this.worker?.terminate();
    this.worker = null;
  }

  private send(req: LiverPlanRequest, transfer: Transferable[] = []): Promise<LiverPlanMessage | { type: 'failed'; error: WireError }> {
    const w = this.ensureWorker();
    const job = this.nextJob++;
    return new Promise((resolve) => {
      this.pending.set(job, resolve);
      w.postMessage({ ...req, job }, transfer);
    });
  }

  private ensureWorker(): ReturnType<LiverPlanWorkerFactory> {
    if (this.worker) return this.worker;
    const w = this.factory();
    w.addEventListener('message', (ev: Event) => {
      const m = (ev as MessageEvent<LiverPlanMessage>).data;
      const r = this.pending.get(m.job);
      if (!r) return;
      this.pending.delete(m.job);
      r(m);
    });
    w.addEventListener('error', (ev: Event) => {
      ev.preventDefault();
      this.fail({ code: 'INTERNAL', message: `the liver plan worker failed: ${(ev as ErrorEvent).message || 'unknown error (out of memory?)'}` });
      w.terminate();
      if (this.worker === w) this.worker = null;
    });
    this.worker = w;
    return w;
  }

  private fail(error: WireError): void {
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const r of all) r({ type: 'failed', error });
    this.waiting?.resolve({ status: 'error', error });
    this.waiting = null;
  }
}

function errorOf(m: LiverPlanMessage | { type: 'failed'; error: WireError }): WireError {
  return m.type === 'error' || m.type === 'failed' ? m.error : { code: 'INTERNAL', message: `unexpected answer ${m.type} from the liver plan worker` };
}

function metricsOutcome(m: LiverPlanMessage | { type: 'failed'; error: WireError }): LiverMetricsOutcome {
  return m.type === 'metrics' ? { status: 'ok', metrics: m.metrics, vertexDistanceMm: m.vertexDistanceMm, ms: m.ms } : { status: 'error', error: errorOf(m) };
}
