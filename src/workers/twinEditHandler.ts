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
import type { TwinEditRequest, TwinMessage, TwinSegmentWire } from './twinProtocol';

/** Applies an edit/op to `held` (in place) and returns the answer and the buffers to transfer. */
export function handleTwinEdit(held: Labelmap, req: Exclude<TwinEditRequest, { type: 'labels' }>): { message: TwinMessage; transfer: ArrayBuffer[] } {
  const t0 = performance.now();
  if (req.type === 'boneRom') {
    const result = twinBoneRom({ labelmap: held, ...req.input });
    return { message: { type: 'boneRomDone', job: req.job, result, ms: performance.now() - t0 }, transfer: [] };
  }
  let opEdit: LabelEdit | null = null;
  if (req.type === 'op') {
    opEdit = req.op.kind === 'keepLargestIsland' ? keepLargestIslandEdit(held, req.label) : removeSmallIslandsEdit(held, req.label, req.op.minVolumeMl);
    applyEdit(held.data, opEdit, 'redo');
  } else applyEdit(held.data, req.edit, req.direction);
  const r = remeshEdited(held, req.type === 'op' ? [req.label] : req.remeshLabels);
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
