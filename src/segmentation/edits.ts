/**
 * Undo/redo-able labelmap edits.
 *
 * An edit stores only what changed, run-length encoded: runs of consecutive changed voxel indices
 * (start, length) plus the old and the new value of each changed voxel. Undo writes the old values
 * back, redo the new ones, so both restore the exact bytes. A brush stroke on a 512×512×400
 * labelmap costs a few kB, not the 100 MB of a snapshot.
 */
import { JumeauError } from '../core/errors';
import type { LabelArray, Labelmap, Mask } from './labelmap';
import { assertSameGeometry } from './labelmap';

/** One recorded change of a labelmap. */
export interface LabelEdit {
  /** What the user did, for the history list (e.g. "threshold 200…3071 HU → femur left"). */
  description: string;
  /** First linear voxel index of each run of changed voxels. */
  runStarts: Uint32Array;
  /** Length of each run. */
  runLengths: Uint32Array;
  /** Values before the edit, one per changed voxel, in run order. */
  before: LabelArray;
  /** Values after the edit, one per changed voxel, in run order. */
  after: LabelArray;
}

/** Number of changed voxels of an edit. */
export function editVoxelCount(edit: LabelEdit): number {
  return edit.before.length;
}

/** Bytes an edit holds (for a history memory budget). */
export function editBytes(edit: LabelEdit): number {
  return edit.runStarts.byteLength + edit.runLengths.byteLength + edit.before.byteLength + edit.after.byteLength;
}

/** The edit that turns `before` into `after` (same length and type). */
export function diffLabels(before: LabelArray, after: LabelArray, description: string): LabelEdit {
  if (before.length !== after.length) throw new JumeauError('GEOMETRY_MISMATCH', `${after.length} voxels vs ${before.length}`, { subject: 'after' });
  const starts: number[] = [];
  const lengths: number[] = [];
  let changed = 0;
  for (let q = 0; q < before.length; q++) {
    if (before[q] === after[q]) continue;
    const start = q;
    while (q < before.length && before[q] !== after[q]) q++;
    starts.push(start);
    lengths.push(q - start);
    changed += q - start;
  }
  const Ctor = before instanceof Uint16Array ? Uint16Array : Uint8Array;
  const b = new Ctor(changed);
  const a = new Ctor(changed);
  let t = 0;
  for (let r = 0; r < starts.length; r++) {
    for (let q = starts[r], e = starts[r] + lengths[r]; q < e; q++, t++) {
      b[t] = before[q];
      a[t] = after[q];
    }
  }
  return { description, runStarts: Uint32Array.from(starts), runLengths: Uint32Array.from(lengths), before: b, after: a };
}

/** Writes an edit's new values (`'redo'`) or old values (`'undo'`) into `data`. */
export function applyEdit(data: LabelArray, edit: LabelEdit, direction: 'redo' | 'undo'): void {
  const values = direction === 'redo' ? edit.after : edit.before;
  let t = 0;
  for (let r = 0; r < edit.runStarts.length; r++) {
    const s = edit.runStarts[r];
    const len = edit.runLengths[r];
    data.set(values.subarray(t, t + len), s);
    t += len;
  }
}

/** How a mask is written into a labelmap by {@link paintMask}. */
export interface PaintParams {
  /** Label to write where the mask is set (0 erases). */
  label: number;
  /** 'overwrite' (default): every mask voxel; 'empty-only': only voxels that are 0; 'erase': set mask voxels of `label` to 0. */
  mode?: 'overwrite' | 'empty-only' | 'erase';
  /** History description. */
  description?: string;
}

/**
 * Writes a mask into a labelmap in place and returns the edit (empty when nothing changed), ready
 * for {@link EditHistory.push}. Only changed voxels are recorded.
 */
export function paintMask(labelmap: Labelmap, mask: Mask, params: PaintParams): LabelEdit {
  assertSameGeometry(labelmap, mask, 'labelmap', 'mask');
  const max = labelmap.data instanceof Uint16Array ? 65535 : 255;
  if (!Number.isInteger(params.label) || params.label < 0 || params.label > max) {
    throw new JumeauError('BAD_ARGUMENT', `must be an integer in 0…${max} (got ${params.label})`, { subject: 'label' });
  }
  const mode = params.mode ?? 'overwrite';
  const data = labelmap.data;
  const m = mask.data;
  const starts: number[] = [];
  const lengths: number[] = [];
  const before: number[] = [];
  const after: number[] = [];
  let runEnd = -2;
  for (let q = 0; q < m.length; q++) {
    if (m[q] === 0) continue;
    const old = data[q];
    let value: number;
    if (mode === 'erase') value = old === params.label ? 0 : old;
    else if (mode === 'empty-only') value = old === 0 ? params.label : old;
    else value = params.label;
    if (value === old) continue;
    if (q === runEnd) lengths[lengths.length - 1]++;
    else {
      starts.push(q);
      lengths.push(1);
    }
    runEnd = q + 1;
    before.push(old);
    after.push(value);
    data[q] = value;
  }
  const Ctor = data instanceof Uint16Array ? Uint16Array : Uint8Array;
  return {
    description: params.description ?? `${mode} label ${params.label}`,
    runStarts: Uint32Array.from(starts),
    runLengths: Uint32Array.from(lengths),
    before: Ctor.from(before),
    after: Ctor.from(after),
  };
}

/**
 * Undo/redo stacks of edits applied to one labelmap's data. Pushing a new edit clears the redo
 * stack; the oldest edits are dropped beyond `maxBytes` (default 256 MiB).
 */
export class EditHistory {
  private readonly undoStack: LabelEdit[] = [];
  private redoStack: LabelEdit[] = [];
  private bytes = 0;

  constructor(private readonly data: LabelArray, private readonly maxBytes = 256 * 1024 * 1024) {}

  /** Records an edit already applied to the data (as {@link paintMask} does). Empty edits are ignored. */
  push(edit: LabelEdit): void {
    if (edit.runStarts.length === 0) return;
    this.undoStack.push(edit);
    this.bytes += editBytes(edit);
    this.redoStack = [];
    while (this.bytes > this.maxBytes && this.undoStack.length > 1) this.bytes -= editBytes(this.undoStack.shift()!);
  }

  /** Applies `after` (a full new label array) as one edit: diff, write, record. */
  commit(after: LabelArray, description: string): LabelEdit {
    const edit = diffLabels(this.data, after, description);
    applyEdit(this.data, edit, 'redo');
    this.push(edit);
    return edit;
  }

  /** True when there is an edit to undo. */
  get canUndo(): boolean {
    return this.undoStack.length > 0;
  }

  /** True when there is an edit to redo. */
  get canRedo(): boolean {
    return this.redoStack.length > 0;
  }

  /** Number of edits that can be undone / redone. */
  get undoCount(): number {
    return this.undoStack.length;
  }

  get redoCount(): number {
    return this.redoStack.length;
  }

  /** Descriptions of the undoable edits, oldest first. */
  get descriptions(): string[] {
    return this.undoStack.map((e) => e.description);
  }

  /** Reverts the latest edit; returns it, or null when there is none. */
  undo(): LabelEdit | null {
    const edit = this.undoStack.pop();
    if (!edit) return null;
    applyEdit(this.data, edit, 'undo');
    this.bytes -= editBytes(edit);
    this.redoStack.push(edit);
    return edit;
  }

  /** Re-applies the latest undone edit; returns it, or null when there is none. */
  redo(): LabelEdit | null {
    const edit = this.redoStack.pop();
    if (!edit) return null;
    applyEdit(this.data, edit, 'redo');
    this.undoStack.push(edit);
    this.bytes += editBytes(edit);
    return edit;
  }
}
