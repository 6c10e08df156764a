/**
 * The segment editor: paint into or erase from one segment of the twin on the slices, with undo/redo,
 * volumes updated at once (exact voxel counts of the edit) and the segment's mesh rebuilt in the twin
 * worker (only the touched segments; the edit crosses as a small run-length record). It reads and
 * updates the {@link Store}; the labels array is edited in place and its history kept here (typed
 * arrays, no DOM or Babylon objects).
 */
import { BrushStroke, brushDiskIndices, editLabelDeltas, editTouchedLabels, rectangleSliceIndices } from '../segmentation/brush';
import { EditHistory, type LabelEdit } from '../segmentation/edits';
import type { Volume, VoxelArray } from '../volume/volume';
import { voxelVolumeMm3, type Geometry, type LabelArray } from '../segmentation/labelmap';
import type { IslandOutcome, RemeshOutcome } from '../workers/twinClient';
import type { IslandOp, TwinResult, TwinSegmentWire } from '../workers/twinProtocol';
import { applyEdit } from '../segmentation/edits';
import { planAxialView } from './logic/sliceView';
import type { AppState, EditState, Store } from './state';

/** What the editor needs from the twin worker. */
export interface RemeshPort {
  remesh(twin: { geometry: Geometry; labels: LabelArray; segments: TwinSegmentWire[] }, edit: LabelEdit, direction: 'redo' | 'undo', remeshLabels: number[]): Promise<RemeshOutcome>;
  islandOp(twin: { geometry: Geometry; labels: LabelArray; segments: TwinSegmentWire[] }, op: IslandOp, label: number, volume?: Volume): Promise<IslandOutcome>;
}

/** Brush radius limits (mm): a voxel-level touch-up up to a 5 cm swipe. */
export const BRUSH_RADIUS_RANGE_MM: [number, number] = [0.5, 50];

/** Edits the current twin's labels. */
export class SegmentEditor {
  private history: EditHistory | null = null;
  private historyOf: LabelArray | null = null;
  private stroke: BrushStroke | null = null;
  /** An island operation is running in the worker: strokes and undo wait for it. */
  private opPending = false;

  /** @param onSaved - called after the twin changed and its meshes are current (to save the case) */
  constructor(private readonly store: Store, private readonly port: RemeshPort, private readonly onSaved: (twin: TwinResult) => void = () => undefined) {}

  private get twinOfLoaded(): TwinResult | null {
    const s = this.store.get();
    return s.loaded && s.loaded.seriesId === s.selectedSeriesId && s.twin?.seriesId === s.loaded.seriesId ? s.twin.result : null;
  }

  private patch(p: Partial<EditState>): void {
    this.store.update({ edit: { ...this.store.get().edit, ...p } });
  }

  /** The history of the shown twin's labels (a new twin starts a new history). */
  private historyFor(twin: TwinResult): EditHistory {
    if (this.historyOf !== twin.labels) {
      this.history = new EditHistory(twin.labels);
      this.historyOf = twin.labels;
    }
    return this.history!;
  }

  /** Chooses the segment to edit (null: none) and the tool. */
  select(label: number | null, tool: EditState['tool'] = this.store.get().edit.tool): void {
    const twin = this.twinOfLoaded;
    const ok = label !== null && twin?.segments.some((s) => s.label === label);
    this.patch({ label: ok ? label : null, tool: ok ? tool : 'none', message: '' });
    if (ok && tool !== 'none') this.store.update({ seedMode: 'none' });
  }

  /** Shows a message of the editor (e.g. a bad form value, named). */
  report(message: string): void {
    this.patch({ message });
  }

  /** Sets the brush radius from the form field; a bad value is refused with a message naming the field. */
  setRadius(text: string): boolean {
    const v = Number(text);
    const [lo, hi] = BRUSH_RADIUS_RANGE_MM;
    if (text.trim() === '' || !Number.isFinite(v) || v < lo || v > hi) {
      this.patch({ message: `Brush radius (mm): must be a number from ${lo} to ${hi} (got "${text}"); kept ${this.store.get().edit.radiusMm} mm.` });
      return false;
    }
    this.patch({ radiusMm: v, message: '' });
    return true;
  }

  /**
   * The threshold brush: when on, strokes change only voxels whose value (HU for CT) lies in
   * [lo, hi] — Slicer's "editable intensity range". Bad numbers are refused naming the field.
   */
  setThreshold(on: boolean, loText: string, hiText: string): boolean {
    const lo = Number(loText), hi = Number(hiText);
    if (!on && !this.store.get().edit.threshold.on) return true; // the range changed while off: nothing to say (Separate / Grow read it)
    const bad = loText.trim() === '' || !Number.isFinite(lo) ? 'Threshold minimum' : hiText.trim() === '' || !Number.isFinite(hi) ? 'Threshold maximum' : lo > hi ? 'Threshold maximum' : null;
    if (on && bad) {
      this.patch({ message: `${bad}: must be a number${bad === 'Threshold maximum' && Number.isFinite(lo) && Number.isFinite(hi) ? ` ≥ the minimum (${lo})` : ''} (got "${bad === 'Threshold minimum' ? loText : hiText}"); the threshold brush stays off.`, threshold: { ...this.store.get().edit.threshold, on: false } });
      return false;
    }
    this.patch({ threshold: on && !bad ? { on, loHu: lo, hiHu: hi } : { ...this.store.get().edit.threshold, on: false }, message: on ? `Threshold brush: only voxels from ${lo} to ${hi} change.` : '' });
    return true;
  }

  /** Forgets the seeds clicked. */
  clearSeeds(): void {
    this.patch({ seeds: [], message: '' });
  }

  /**
   * Separate (bone separation) or Grow from the seeds clicked, in the twin worker, with the intensity
   * range of the form (bad values refused, naming the field); one undoable edit; the seeds are cleared
   * when it succeeds.
   */
  async seedOperation(kind: 'separate' | 'grow', loText: string, hiText: string): Promise<void> {
    const s = this.store.get();
    const lo = Number(loText), hi = Number(hiText);
    if (loText.trim() === '' || !Number.isFinite(lo)) return this.report(`Range minimum: must be a number (got "${loText}"). Nothing changed.`);
    if (hiText.trim() === '' || !Number.isFinite(hi) || hi < lo) return this.report(`Range maximum: must be a number ≥ the minimum (${lo}) (got "${hiText}"). Nothing changed.`);
    const seeds = s.edit.seeds;
    const op: IslandOp = { kind, seeds, rangeHu: [lo, hi] };
    if (await this.islands(op, seeds[0]?.label ?? null, `${kind === 'separate' ? 'Separating' : 'Growing'} from ${seeds.length} seed${seeds.length === 1 ? '' : 's'}…`)) this.patch({ seeds: [] });
  }

  /** Keeps the largest island of the chosen segment, or removes its islands under `minVolumeMl` (undoable). */
  async islands(op: IslandOp, label: number | null = this.store.get().edit.label, busyText = 'Finding the islands…'): Promise<boolean> {
    const s = this.store.get();
    const twin = this.twinOfLoaded;
    if (!twin || label === null || this.stroke || this.opPending || s.status === 'busy') return false;
    this.opPending = true;
    this.patch({ remeshing: s.edit.remeshing + 1, message: busyText });
    const seedOp = op.kind === 'separate' || op.kind === 'grow';
    const o = await this.port.islandOp({ geometry: s.loaded!.volume, labels: twin.labels, segments: twin.segments }, op, label, seedOp ? s.loaded!.volume : undefined);
    this.opPending = false;
    const now = this.twinOfLoaded;
    const left = Math.max(0, this.store.get().edit.remeshing - 1);
    const what = op.kind === 'separate' ? 'Separate' : op.kind === 'grow' ? 'Grow' : 'Islands';
    if (!now || now.labels !== twin.labels) { this.patch({ remeshing: left }); return false; }
    if (!o.ok) { this.patch({ remeshing: left, message: `${what}: ${o.error.message}. Nothing changed.` }); return false; }
    if (o.edit.before.length === 0) { this.patch({ remeshing: left, message: `${o.edit.description}: nothing ${seedOp ? 'to change' : 'to remove'}.` }); return false; }
    applyEdit(now.labels, o.edit, 'redo'); // the worker made and applied it on its copy
    const h = this.historyFor(now);
    h.push(o.edit);
    this.patch({ undoCount: h.undoCount, redoCount: h.redoCount, labelsVersion: this.store.get().edit.labelsVersion + 1 });
    this.onRemeshed(now.labels, editTouchedLabels(o.edit), { ok: true, segments: o.segments, emptied: o.emptied, ms: o.ms }, `Done: ${o.edit.description} (${o.edit.before.length.toLocaleString('en')} voxels)`, left + 1);
    return true;
  }

  /** A pointer went down on the slice at voxel `ijk`: starts a stroke when a tool is armed. */
  strokeStart(ijk: [number, number, number]): boolean {
    const s = this.store.get();
    const twin = this.twinOfLoaded;
    if (!twin || s.edit.label === null || s.edit.tool === 'none' || s.status === 'busy' || this.opPending) return false;
    if (s.edit.tool === 'scissors') {
      this.patch({ scissorRect: { a: ijk, b: ijk } });
      return true;
    }
    if (s.edit.tool === 'seed') {
      const label = s.edit.label;
      const seeds = s.edit.seeds.some((x) => x.label === label && x.ijk.every((v, a) => v === ijk[a])) ? s.edit.seeds : [...s.edit.seeds, { label, ijk }];
      this.patch({ seeds, message: seedSummary(twin, seeds) });
      return true;
    }
    this.stroke = new BrushStroke(twin.labels, s.edit.label, s.edit.tool === 'paint' ? 'paint' : 'erase');
    this.strokeMove(ijk);
    return true;
  }

  /** The pointer moved with the button down: one more dab. */
  strokeMove(ijk: [number, number, number]): void {
    const s = this.store.get();
    if (s.edit.scissorRect) return this.patch({ scissorRect: { a: s.edit.scissorRect.a, b: ijk } });
    if (!this.stroke || !s.loaded) return;
    const plan = planAxialView(s.loaded.volume);
    let disk = brushDiskIndices(s.loaded.volume, ijk, s.edit.radiusMm, plan.sliceAxis);
    if (s.edit.threshold.on) disk = withinRange(disk, s.loaded.volume.data, s.edit.threshold.loHu, s.edit.threshold.hiHu);
    if (this.stroke.apply(disk) > 0) this.patch({ labelsVersion: s.edit.labelsVersion + 1 });
  }

  /** The pointer went up: the stroke becomes one undoable edit; volumes update now, the mesh shortly. */
  strokeEnd(): void {
    const rect = this.store.get().edit.scissorRect;
    if (rect) {
      this.patch({ scissorRect: null });
      return this.cutPrism(rect.a, rect.b);
    }
    const stroke = this.stroke;
    this.stroke = null;
    const twin = this.twinOfLoaded;
    if (!stroke || !twin) return;
    const seg = twin.segments.find((x) => x.label === stroke.label);
    const edit = stroke.finish(`${stroke.mode} ${seg?.name ?? `label ${stroke.label}`}`);
    if (edit.before.length === 0) return;
    this.historyFor(twin).push(edit);
    this.afterChange(twin, edit, 'redo');
  }

  /**
   * Scissors: erases the chosen segment inside the rectangle from `a` to `b` on every slice (a prism
   * through the volume along the view direction), as one undoable edit.
   */
  cutPrism(a: [number, number, number], b: [number, number, number]): void {
    const s = this.store.get();
    const twin = this.twinOfLoaded;
    if (!twin || !s.loaded || s.edit.label === null) return;
    const plan = planAxialView(s.loaded.volume);
    const stroke = new BrushStroke(twin.labels, s.edit.label, 'erase');
    for (let k = 0; k < s.loaded.volume.size[plan.sliceAxis]; k++) stroke.apply(rectangleSliceIndices(s.loaded.volume.size, a, b, plan.sliceAxis, k));
    const seg = twin.segments.find((x) => x.label === stroke.label);
    const edit = stroke.finish(`scissors on ${seg?.name ?? `label ${stroke.label}`}`);
    if (edit.before.length === 0) return this.patch({ message: `Scissors: no voxel of ${seg?.name ?? 'the segment'} inside the rectangle.` });
    this.historyFor(twin).push(edit);
    this.afterChange(twin, edit, 'redo');
  }

  /** Reverts the last edit (volumes at once, meshes shortly). */
  undo(): void {
    this.step('undo');
  }

  /** Re-applies the last undone edit. */
  redo(): void {
    this.step('redo');
  }

  private step(direction: 'undo' | 'redo'): void {
    const twin = this.twinOfLoaded;
    if (!twin || this.stroke || this.opPending || this.store.get().status === 'busy') return;
    const h = this.historyFor(twin);
    const edit = direction === 'undo' ? h.undo() : h.redo();
    if (edit) this.afterChange(twin, edit, direction === 'undo' ? 'undo' : 'redo');
  }

  /** Applies the voxel-count change of an edit to the segment rows, then asks the worker for new meshes. */
  private afterChange(twin: TwinResult, edit: LabelEdit, direction: 'redo' | 'undo'): void {
    const s = this.store.get();
    const vol = s.loaded!.volume;
    const voxelMm3 = voxelVolumeMm3(vol); // as the worker computes it, so the listed value does not flicker
    const deltas = editLabelDeltas(edit, direction);
    const segments = twin.segments.map((x) => {
      const d = deltas.get(x.label);
      return d ? { ...x, voxelCount: x.voxelCount + d, volumeMl: ((x.voxelCount + d) * voxelMm3) / 1000 } : x;
    });
    const next: TwinResult = { ...twin, segments };
    const h = this.historyFor(twin); // same labels array: the history carries over to the updated result
    this.store.update({ twin: { seriesId: s.twin!.seriesId, result: next } });
    const what = `${direction === 'undo' ? 'Undone' : 'Done'}: ${edit.description} (${edit.before.length.toLocaleString('en')} voxels)`;
    this.patch({ undoCount: h.undoCount, redoCount: h.redoCount, remeshing: this.store.get().edit.remeshing + 1, labelsVersion: this.store.get().edit.labelsVersion + 1, message: `${what}; updating the mesh…` });
    const touched = editTouchedLabels(edit);
    void this.port.remesh({ geometry: vol, labels: next.labels, segments: next.segments }, edit, direction, touched).then((o) => this.onRemeshed(next.labels, touched, o, what));
  }

  private onRemeshed(labels: LabelArray, touched: number[], o: RemeshOutcome, what: string, inFlight = this.store.get().edit.remeshing): void {
    const left = Math.max(0, inFlight - 1);
    const twin = this.twinOfLoaded;
    if (!twin || twin.labels !== labels) return this.patch({ remeshing: left }); // another twin since
    if (!o.ok) return this.patch({ remeshing: left, message: `${what}; the mesh could not be updated (${o.error.message}). The labels are kept; undo or edit again.` });
    const byLabel = new Map(o.segments.map((x) => [x.label, x]));
    const known = new Map(twin.segments.map((x) => [x.label, x]));
    for (const x of o.segments) known.set(x.label, x);
    const emptiedNames = o.emptied.map((l) => known.get(l)?.name ?? `label ${l}`);
    for (const l of o.emptied) known.delete(l);
    const segments = [...known.values()].sort((a, b) => a.label - b.label).map((x) => byLabel.get(x.label) ?? x);
    const next: TwinResult = { ...twin, segments };
    this.store.update({ twin: { seriesId: this.store.get().twin!.seriesId, result: next } });
    const meshNote = touched.length ? `mesh updated in ${(o.ms / 1000).toFixed(1)} s` : '';
    this.patch({ remeshing: left, lastRemeshMs: o.ms, message: `${what}; ${meshNote}${emptiedNames.length ? `. The segment is now empty (${emptiedNames.join(', ')}); Undo brings it back` : ''}.` });
    if (left === 0) this.onSaved(next);
  }
}

/** "3 seeds: femur left ×2, hip bone left ×1 — …" for the editor's message. */
function seedSummary(twin: TwinResult, seeds: EditState['seeds']): string {
  const counts = new Map<number, number>();
  for (const x of seeds) counts.set(x.label, (counts.get(x.label) ?? 0) + 1);
  const parts = [...counts].map(([l, n]) => `${twin.segments.find((x) => x.label === l)?.name ?? `label ${l}`} ×${n}`);
  const next = counts.size >= 2 ? 'Separate or Grow' : 'Grow, or choose another segment and click seeds in it to Separate';
  return `${seeds.length} seed${seeds.length === 1 ? '' : 's'}: ${parts.join(', ')} — ${next}.`;
}

/** The voxels of `indices` whose value lies in [lo, hi] (the threshold brush). */
function withinRange(indices: Uint32Array, data: VoxelArray, lo: number, hi: number): Uint32Array {
  return indices.filter((q) => data[q] >= lo && data[q] <= hi);
}

/** True when a pointer on the slice should paint or erase rather than place seeds or pick. */
export function brushArmed(s: AppState): boolean {
  return s.edit.label !== null && s.edit.tool !== 'none' && s.twin !== null && s.loaded?.seriesId === s.twin.seriesId;
}
