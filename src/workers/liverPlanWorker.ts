/**
 * The liver plan worker: resection splits, volumes, FLR, tumour and vessel margins, territories and the
 * portal branch proposal (vessel centerlines) off the page's
 * main thread (src/planning/liver/liverPlanFile.ts — the code `jumeau plan` runs). It keeps the
 * prepared organ, tumour masks and distance fields of the last `init`, and the split of each surface
 * (so moving one surface re-splits only it). Failures are posted as `{ code, message }`.
 */
import { JumeauError, describeError } from '../core/errors';
import { computeLiverPlanMetrics, computeTerritories, prepareLiverPlan, proposeBranchesOf, vesselsOf, type LiverPlanContext } from '../planning/liver/liverPlanMetrics';
import { drawableCenterlines } from '../planning/liver/vesselMargins';
import type { WireError } from './protocol';
import type { LiverPlanMessage, LiverPlanRequest } from './liverPlanProtocol';

interface WorkerScope {
  postMessage(message: LiverPlanMessage, transfer: Transferable[]): void;
  addEventListener(type: 'message', fn: (ev: MessageEvent<LiverPlanRequest>) => void): void;
}
const scope = self as unknown as WorkerScope;
const post = (m: LiverPlanMessage, transfer: Transferable[] = []): void => scope.postMessage(m, transfer);

function toWire(e: unknown): WireError {
  if (e instanceof JumeauError) return { code: e.code, message: e.message };
  return { code: 'INTERNAL', message: `liver plan computation failed: ${describeError(e)}` };
}

let ctx: LiverPlanContext | null = null;
/** Partition of the last update (territory volumes per side use it). */
let lastPartition: Uint8Array | null = null;

function need(): LiverPlanContext {
  if (!ctx) throw new JumeauError('MISSING_INPUT', 'the liver plan worker holds no labels (init first)', { subject: 'labels' });
  return ctx;
}

scope.addEventListener('message', (ev) => {
  const req = ev.data;
  const t0 = performance.now();
  try {
    if (req.type === 'init') {
      ctx = null;
      lastPartition = null;
      ctx = prepareLiverPlan(req.grid, req.labels, req.segments);
      post({ type: 'ready', job: req.job, summary: ctx.summary, ms: performance.now() - t0 });
    } else if (req.type === 'update') {
      const r = computeLiverPlanMetrics(need(), req.inputs, { territories: false });
      lastPartition = r.partition;
      const transfer = r.vertexDistanceMm.filter((d): d is Float32Array => d !== null).map((d) => d.buffer);
      post({ type: 'metrics', job: req.job, metrics: r.metrics, vertexDistanceMm: r.vertexDistanceMm, ms: performance.now() - t0 }, transfer);
    } else if (req.type === 'territories') {
      const t = computeTerritories(need(), req.inputs.territoryBranches, lastPartition);
      const c = need();
      post({ type: 'territories', job: req.job, metrics: t.metric, labels: t.labels, cropLoIjk: c.cropLoIjk, cropSize: [...c.grid.size] as [number, number, number], ms: performance.now() - t0 }, t.labels ? [t.labels.buffer] : []);
    } else if (req.type === 'propose') {
      const { proposal } = proposeBranchesOf(need());
      post({ type: 'proposal', job: req.job, proposal, centerlines: drawableCenterlines(vesselsOf(need())), ms: performance.now() - t0 });
    } else if (req.type === 'full') {
      const r = computeLiverPlanMetrics(need(), req.inputs);
      post({ type: 'metrics', job: req.job, metrics: r.metrics, vertexDistanceMm: r.vertexDistanceMm, ms: performance.now() - t0 });
    }
  } catch (e) {
    post({ type: 'error', job: req.job, error: toWire(e) });
  }
});
