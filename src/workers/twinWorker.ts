/**
 * The twin worker: segmentation and meshing of a loaded volume (src/twin `buildTwin`) off the page's
 * main thread. Progress is posted per stage and segment (throttled); the labelmap and the meshes are
 * transferred back. Failures are posted as `{ code, message }`; nothing is thrown out of the worker.
 *
 * The worker keeps a copy of the last labels it built (or was sent), so an edit on the slices crosses
 * as a small run-length edit and only the touched segments are meshed again (`remeshEdited`).
 */
import { JumeauError, describeError } from '../core/errors';
import { buildTwin } from '../twin/buildTwin';
import { proposeTwinHipPlan } from '../twin/proposeTwinPlan';
import { parseImplantCatalogue } from '../planning/implants';
import { voxelSha256 } from '../volume/voxelHash';
import catalogueJson from '../../assets/implants/generic.json';
import { handleTwinEdit } from './twinEditHandler';
import type { Labelmap } from '../segmentation/labelmap';
import type { Volume } from '../volume/volume';
import type { WireError } from './protocol';
import type { TwinEditRequest, TwinMessage, TwinRequest, TwinResult } from './twinProtocol';

interface WorkerScope {
  postMessage(message: TwinMessage, transfer: Transferable[]): void;
  addEventListener(type: 'message', fn: (ev: MessageEvent<TwinRequest | TwinEditRequest>) => void): void;
}
const scope = self as unknown as WorkerScope;
const post = (m: TwinMessage, transfer: Transferable[] = []): void => scope.postMessage(m, transfer);

function toWire(e: unknown): WireError {
  if (e instanceof JumeauError) return { code: e.code, message: e.message };
  return { code: 'INTERNAL', message: `twin build failed: ${describeError(e)}` };
}

/** The worker's copy of the current twin's labels (edits are replayed on it). */
let held: Labelmap | null = null;
/** The values of the volume the held labels lie on (the build's copy, or sent for a restored twin). */
let heldVolume: Volume | null = null;

function onEdit(req: TwinEditRequest): void {
  if (req.type === 'labels') {
    held = { ...req.geometry, data: req.labels, unit: 'label', segments: req.segments };
    return;
  }
  if (req.type === 'volume') {
    heldVolume = req.volume;
    return;
  }
  try {
    if (!held) throw new JumeauError('BAD_ARGUMENT', 'the twin worker holds no labels to edit', { subject: 'labels' });
    const { message, transfer } = handleTwinEdit(held, req, heldVolume);
    post(message, transfer);
  } catch (e) {
    post({ type: 'error', job: req.job, error: toWire(e) });
  }
}

scope.addEventListener('message', (ev) => {
  const req = ev.data;
  if (req.type !== 'build') return onEdit(req);
  void build(req);
});

async function build(req: TwinRequest): Promise<void> {
  held = null;
  heldVolume = req.volume;
  const t0 = performance.now();
  try {
    const sha = await voxelSha256(req.volume.data);
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
      buildMs: 0,
    };
    if (twin.anatomy === 'hip') {
      // The plan proposal is part of the twin; a failure there leaves the twin intact and says why.
      try {
        const proposal = await proposeTwinHipPlan(twin.labelmap, { seriesInstanceUid: req.seriesInstanceUid ?? null, volumeSha256: sha }, parseImplantCatalogue(catalogueJson), true, req.volume);
        result.plan = proposal.plan;
        result.planNotes = proposal.notes;
        result.headRadiiMm = proposal.headRadiiMm;
      } catch (e) {
        result.plan = null;
        result.planNotes = [`no plan proposed: ${describeError(e)}`];
      }
    }
    result.buildMs = performance.now() - t0;
    held = { ...twin.labelmap, data: twin.labelmap.data.slice() };
    const transfer: Transferable[] = [result.labels.buffer];
    for (const s of result.segments) transfer.push(s.mesh.positionsLps.buffer, s.mesh.indices.buffer);
    post({ type: 'built', job: req.job, result }, transfer);
  } catch (e) {
    post({ type: 'error', job: req.job, error: toWire(e) });
  }
}
