/**
 * What the twin worker does with an edit or an island operation, as a plain function of its copy of
 * the labels (so the page-side tests drive the very same code through a fake worker): apply, re-mesh
 * the touched segments, answer with the new meshes (and, for an operation, the edit it made).
 */
import { applyEdit, type LabelEdit } from '../segmentation/edits';
import { keepLargestIslandEdit, removeSmallIslandsEdit } from '../segmentation/islandEdits';
import type { Labelmap } from '../segmentation/labelmap';
import { remeshEdited } from '../twin/remeshEdited';
import { twinBoneRom } from '../planning/twinBoneRom';
import type { IslandOp, TwinEditRequest, TwinMessage, TwinSegmentWire } from './twinProtocol';
import { JumeauError } from '../core/errors';
import { kneeCutMessage } from './kneeCutHandler';
import { growSeedsEdit, separateBySeedsEdit } from '../segmentation/seedEdits';
import { editTouchedLabels } from '../segmentation/brush';
import type { Volume } from '../volume/volume';

/** The edit an operation makes on the worker's labels (seed operations need the volume's values). */
function operationEdit(held: Labelmap, op: IslandOp, label: number, volume: Volume | null): LabelEdit {
  if (op.kind === 'keepLargestIsland') return keepLargestIslandEdit(held, label);
  if (op.kind === 'removeSmallIslands') return removeSmallIslandsEdit(held, label, op.minVolumeMl);
  if (!volume || volume.data.length !== held.data.length) throw new JumeauError('BAD_ARGUMENT', 'the twin worker holds no image values for this twin: open the series again', { subject: 'volume' });
  return op.kind === 'separate' ? separateBySeedsEdit(volume, held, op.seeds, { rangeHu: op.rangeHu }) : growSeedsEdit(volume, held, op.seeds, { rangeHu: op.rangeHu });
}

/** Applies an edit/op to `held` (in place) and returns the answer and the buffers to transfer. */
export function handleTwinEdit(held: Labelmap, req: Exclude<TwinEditRequest, { type: 'labels' | 'volume' }>, volume: Volume | null = null): { message: TwinMessage; transfer: ArrayBuffer[] } {
  const t0 = performance.now();
  if (req.type === 'boneRom') {
    const result = twinBoneRom({ labelmap: held, ...req.input });
    return { message: { type: 'boneRomDone', job: req.job, result, ms: performance.now() - t0 }, transfer: [] };
  }
  if (req.type === 'kneeCut') return { message: kneeCutMessage(held, req, t0), transfer: [] };
  let opEdit: LabelEdit | null = null;
  if (req.type === 'op') {
    opEdit = operationEdit(held, req.op, req.label, volume);
    applyEdit(held.data, opEdit, 'redo');
  } else applyEdit(held.data, req.edit, req.direction);
  const r = remeshEdited(held, opEdit ? editTouchedLabels(opEdit) : req.type === 'edit' ? req.remeshLabels : []);
  const segments: TwinSegmentWire[] = r.segments.map((s) => ({
    label: s.label, name: s.name, colorRgb: s.colorRgb, terminology: s.terminology, voxelCount: s.voxelCount, volumeMl: s.volumeMl,
    triangleCount: s.triangleCount, surfaceTriangleCount: s.surfaceTriangleCount, quality: s.quality, mesh: s.mesh,
  }));
  const transfer: ArrayBuffer[] = [];
  for (const s of segments) transfer.push(s.mesh.positionsLps.buffer as ArrayBuffer, s.mesh.indices.buffer as ArrayBuffer);
  const ms = performance.now() - t0;
  if (!opEdit) return { message: { type: 'remeshed', job: req.job, segments, emptied: r.emptied, ms }, transfer };
  transfer.push(...[opEdit.runStarts, opEdit.runLengths, opEdit.before, opEdit.after].map((a) => a.buffer as ArrayBuffer));
  return { message: { type: 'opDone', job: req.job, edit: opEdit, segments, emptied: r.emptied, ms }, transfer };
}
