/**
 * The slice brush of the segment editor: a disk of a radius in millimetres on one slice of the
 * labelmap (the slice the user is looking at), painted into one segment or erased from it, recorded as
 * one undoable {@link LabelEdit} per stroke.
 *
 * Paint writes the segment's label only into empty voxels and voxels already of that label: a brush
 * stroke over the neighbouring bone never silently takes voxels from it (3D Slicer's "overwrite other
 * segments" is deliberately not the default; use the eraser on the other segment first). Erase clears
 * only voxels of the chosen segment.
 */
import { JumeauError } from '../core/errors';
import type { IndexIjk } from '../core/vec3';
import type { LabelEdit } from './edits';
import type { Geometry, LabelArray } from './labelmap';

/** What a stroke does to the chosen segment. */
export type BrushMode = 'paint' | 'erase';

/**
 * Linear indices (i fastest) of the voxels of slice `centreIjk[sliceAxis]` whose centres lie within
 * `radiusMm` of the centre voxel's centre, measured with the grid spacing (anisotropic pixels honoured).
 * The centre voxel is always included; voxels outside the grid are left out.
 * @throws JumeauError BAD_ARGUMENT for a radius that is not a positive finite number
 */
export function brushDiskIndices(geometry: Pick<Geometry, 'size' | 'spacing'>, centreIjk: IndexIjk, radiusMm: number, sliceAxis: 0 | 1 | 2): Uint32Array {
  if (!Number.isFinite(radiusMm) || radiusMm <= 0) throw new JumeauError('BAD_ARGUMENT', `brush radius must be a positive number of mm (got ${radiusMm})`, { subject: 'radiusMm' });
  const [nx, ny] = geometry.size;
  const axes = ([0, 1, 2] as const).filter((a) => a !== sliceAxis);
  const [a, b] = axes;
  const c = centreIjk.map(Math.round) as [number, number, number];
  if (c[sliceAxis] < 0 || c[sliceAxis] >= geometry.size[sliceAxis]) return new Uint32Array(0);
  const ra = Math.floor(radiusMm / geometry.spacing[a]);
  const rb = Math.floor(radiusMm / geometry.spacing[b]);
  const out: number[] = [];
  const p: [number, number, number] = [c[0], c[1], c[2]];
  for (let db = -rb; db <= rb; db++) {
    p[b] = c[b] + db;
    if (p[b] < 0 || p[b] >= geometry.size[b]) continue;
    const yMm = db * geometry.spacing[b];
    for (let da = -ra; da <= ra; da++) {
      p[a] = c[a] + da;
      if (p[a] < 0 || p[a] >= geometry.size[a]) continue;
      const xMm = da * geometry.spacing[a];
      if (xMm * xMm + yMm * yMm > radiusMm * radiusMm) continue;
      out.push(p[0] + nx * (p[1] + ny * p[2]));
    }
  }
  return Uint32Array.from(out);
}

/**
 * One brush stroke (pointer down → up): applies disks to the labels in place, remembers the first
 * value of every voxel it changed, and becomes one {@link LabelEdit}.
 */
export class BrushStroke {
  private readonly before = new Map<number, number>();
  private changedNow = 0;

  /**
   * @param data - the labelmap's voxels (changed in place)
   * @param label - the segment painted or erased (1…max of the array type)
   */
  constructor(private readonly data: LabelArray, readonly label: number, readonly mode: BrushMode) {
    const max = data instanceof Uint16Array ? 65535 : 255;
    if (!Number.isInteger(label) || label < 1 || label > max) throw new JumeauError('BAD_ARGUMENT', `segment label must be an integer in 1…${max} (got ${label})`, { subject: 'label' });
  }

  /** Applies the brush to these voxels; returns how many changed. */
  apply(indices: ArrayLike<number>): number {
    const { data, label } = this;
    let changed = 0;
    for (let n = 0; n < indices.length; n++) {
      const q = indices[n];
      const old = data[q];
      const next = this.mode === 'paint' ? (old === 0 ? label : old) : old === label ? 0 : old;
      if (next === old) continue;
      if (!this.before.has(q)) this.before.set(q, old);
      data[q] = next;
      changed++;
    }
    this.changedNow += changed;
    return changed;
  }

  /** Net change of the segment's voxel count so far (positive when painting, negative when erasing). */
  get voxelDelta(): number {
    return this.mode === 'paint' ? this.changedNow : -this.changedNow;
  }

  /** The stroke as an edit (voxels whose value ended where it began are left out). */
  finish(description: string): LabelEdit {
    const idx = [...this.before.keys()].filter((q) => this.data[q] !== this.before.get(q)).sort((x, y) => x - y);
    const Ctor = this.data instanceof Uint16Array ? Uint16Array : Uint8Array;
    const before = new Ctor(idx.length);
    const after = new Ctor(idx.length);
    const starts: number[] = [];
    const lengths: number[] = [];
    idx.forEach((q, t) => {
      before[t] = this.before.get(q)!;
      after[t] = this.data[q];
      if (t > 0 && idx[t - 1] === q - 1) lengths[lengths.length - 1]++;
      else {
        starts.push(q);
        lengths.push(1);
      }
    });
    return { description, runStarts: Uint32Array.from(starts), runLengths: Uint32Array.from(lengths), before, after };
  }
}

/**
 * Per-label change of the voxel counts that applying `edit` in `direction` makes (label → delta);
 * labels that do not change are absent.
 */
export function editLabelDeltas(edit: LabelEdit, direction: 'redo' | 'undo'): Map<number, number> {
  const from = direction === 'redo' ? edit.before : edit.after;
  const to = direction === 'redo' ? edit.after : edit.before;
  const out = new Map<number, number>();
  for (let t = 0; t < from.length; t++) {
    if (from[t] === to[t]) continue;
    if (from[t] !== 0) out.set(from[t], (out.get(from[t]) ?? 0) - 1);
    if (to[t] !== 0) out.set(to[t], (out.get(to[t]) ?? 0) + 1);
  }
  for (const [k, v] of out) if (v === 0) out.delete(k);
  return out;
}

/** The non-zero labels an edit changes voxels of (their meshes need rebuilding after it). */
export function editTouchedLabels(edit: LabelEdit): number[] {
  const s = new Set<number>();
  for (let t = 0; t < edit.before.length; t++) {
    if (edit.before[t] !== 0) s.add(edit.before[t]);
    if (edit.after[t] !== 0) s.add(edit.after[t]);
  }
  return [...s].sort((a, b) => a - b);
}

/**
 * The scissors of the segment editor: linear indices of the voxels of slice `sliceIndex` (along
 * `sliceAxis`) inside the index rectangle spanned by `a` and `b` on the two other axes — called for
 * every slice, it cuts a prism through the whole volume (3D Slicer's scissors with an unlimited slab).
 */
export function rectangleSliceIndices(size: readonly [number, number, number], a: IndexIjk, b: IndexIjk, sliceAxis: 0 | 1 | 2, sliceIndex: number): Uint32Array {
  const [u, v] = ([0, 1, 2] as const).filter((x) => x !== sliceAxis);
  const lo = (ax: number) => Math.max(0, Math.min(Math.round(a[ax]), Math.round(b[ax])));
  const hi = (ax: number) => Math.min(size[ax] - 1, Math.max(Math.round(a[ax]), Math.round(b[ax])));
  const [u0, u1, v0, v1] = [lo(u), hi(u), lo(v), hi(v)];
  if (u1 < u0 || v1 < v0 || sliceIndex < 0 || sliceIndex >= size[sliceAxis]) return new Uint32Array(0);
  const out = new Uint32Array((u1 - u0 + 1) * (v1 - v0 + 1));
  const p = [0, 0, 0];
  p[sliceAxis] = sliceIndex;
  let n = 0;
  for (let y = v0; y <= v1; y++) {
    p[v] = y;
    for (let x = u0; x <= u1; x++) {
      p[u] = x;
      out[n++] = p[0] + size[0] * (p[1] + size[1] * p[2]);
    }
  }
  return out;
}
