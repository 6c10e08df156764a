/**
 * Island edits of one segment as undoable {@link LabelEdit}s (the "Islands" tool of the segment
 * editor, as in 3D Slicer's Segment Editor): keep the segment's largest connected piece, or remove the
 * pieces smaller than a volume. The labels are not changed here: apply the returned edit.
 */
import type { LabelEdit } from './edits';
import { connectedComponents, maskOfComponents, type Connectivity } from './connectedComponents';
import { maskOfLabel, voxelVolumeMm3, type Labelmap } from './labelmap';
import { JumeauError } from '../core/errors';

function editRemoving(labelmap: Labelmap, label: number, keep: Uint8Array, description: string): LabelEdit {
  const d = labelmap.data;
  const starts: number[] = [];
  const lengths: number[] = [];
  let n = 0;
  for (let q = 0; q < d.length; q++) {
    if (d[q] !== label || keep[q]) continue;
    if (starts.length && starts[starts.length - 1] + lengths[lengths.length - 1] === q) lengths[lengths.length - 1]++;
    else {
      starts.push(q);
      lengths.push(1);
    }
    n++;
  }
  const Ctor = d instanceof Uint16Array ? Uint16Array : Uint8Array;
  return { description, runStarts: Uint32Array.from(starts), runLengths: Uint32Array.from(lengths), before: new Ctor(n).fill(label), after: new Ctor(n) };
}

/**
 * The edit that keeps only the largest connected piece of segment `label` (6-connected by default).
 * @throws JumeauError EMPTY_SEGMENT when the segment has no voxel
 */
export function keepLargestIslandEdit(labelmap: Labelmap, label: number, connectivity: Connectivity = 6): LabelEdit {
  const cc = connectedComponents(maskOfLabel(labelmap, label), { connectivity });
  if (cc.count === 0) throw new JumeauError('EMPTY_SEGMENT', `segment ${label} has no voxel: no island to keep`, { subject: 'label' });
  const name = labelmap.segments.find((s) => s.label === label)?.name ?? `label ${label}`;
  return editRemoving(labelmap, label, maskOfComponents(cc, (l) => l === 1).data, `keep the largest island of ${name} (${cc.count - 1} smaller removed)`);
}

/**
 * The edit that removes the pieces of segment `label` smaller than `minVolumeMl`.
 * @throws JumeauError BAD_ARGUMENT for a negative or non-finite volume
 */
export function removeSmallIslandsEdit(labelmap: Labelmap, label: number, minVolumeMl: number, connectivity: Connectivity = 6): LabelEdit {
  if (!(Number.isFinite(minVolumeMl) && minVolumeMl >= 0)) throw new JumeauError('BAD_ARGUMENT', `must be a volume ≥ 0 mL (got ${minVolumeMl})`, { subject: 'minimum island volume' });
  const cc = connectedComponents(maskOfLabel(labelmap, label), { connectivity });
  const v = voxelVolumeMm3(labelmap) / 1000;
  let removed = 0;
  const keep = maskOfComponents(cc, (_l, voxels) => {
    const ok = voxels * v >= minVolumeMl;
    if (!ok) removed++;
    return ok;
  });
  const name = labelmap.segments.find((s) => s.label === label)?.name ?? `label ${label}`;
  return editRemoving(labelmap, label, keep.data, `remove ${removed} island(s) of ${name} under ${minVolumeMl} mL`);
}
