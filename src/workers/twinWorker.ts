/**
 * The twin worker: segmentation and meshing of a loaded volume (src/twin `buildTwin`) off the page's
 * main thread. Progress is posted per stage and segment (throttled); the labelmap and the meshes are
 * transferred back. Failures are posted as `{ code, message }`; nothing is thrown out of the worker.
 */
import { JumeauError, describeError } from '../core/errors';
import { buildTwin } from '../twin/buildTwin';
import type { WireError } from './protocol';
import type { TwinMessage, TwinRequest, TwinResult } from './twinProtocol';

interface WorkerScope {
  postMessage(message: TwinMessage, transfer: Transferable[]): void;
  addEventListener(type: 'message', fn: (ev: MessageEvent<TwinRequest>) => void): void;
}
const scope = self as unknown as WorkerScope;
const post = (m: TwinMessage, transfer: Transferable[] = []): void => scope.postMessage(m, transfer);

function toWire(e: unknown): WireError {
  if (e instanceof JumeauError) return { code: e.code, message: e.message };
  return { code: 'INTERNAL', message: `twin build failed: ${describeError(e)}` };
}

scope.addEventListener('message', (ev) => {
  const req = ev.data;
  if (req.type !== 'build') return;
  const t0 = performance.now();
  try {
    const twin = buildTwin(req.volume, {
      anatomy: req.anatomy,
      description: req.description,
      seeds: req.seeds,
      onProgress: (progress) => post({ type: 'progress', job: req.job, progress }),
    });
    const result: TwinResult = {
      anatomy: twin.anatomy,
      anatomyReason: twin.anatomyReason,
      labels: twin.labelmap.data,
      segments: twin.segments.map((s) => ({
        label: s.label, name: s.name, colorRgb: s.colorRgb, terminology: s.terminology, voxelCount: s.voxelCount, volumeMl: s.volumeMl,
        triangleCount: s.triangleCount, surfaceTriangleCount: s.surfaceTriangleCount, quality: s.quality, mesh: s.mesh,
      })),
      notes: twin.notes,
      timings: twin.timings,
      buildMs: performance.now() - t0,
    };
    const transfer: Transferable[] = [result.labels.buffer];
    for (const s of result.segments) transfer.push(s.mesh.positionsLps.buffer, s.mesh.indices.buffer);
    post({ type: 'built', job: req.job, result }, transfer);
  } catch (e) {
    post({ type: 'error', job: req.job, error: toWire(e) });
  }
});
