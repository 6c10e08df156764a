// The segment editor's state layer, with a fake worker that runs the real remesh code: a brush stroke
// changes the segment's volume at once by the exact voxel count, the mesh follows from the worker,
// undo/redo restore volumes and meshes, an emptied segment is reported and comes back on undo, a bad
// radius is refused naming the field, and the twin stays plain data.
import type { Volume } from '../../../src/volume/volume';
import { describe, expect, it } from 'vitest';
import { Store } from '../../../src/ui/state';
import { SegmentEditor, brushArmed } from '../../../src/ui/segmentEditor';
import { TwinClient } from '../../../src/workers/twinClient';
import type { TwinEditRequest, TwinMessage, TwinResult } from '../../../src/workers/twinProtocol';
import type { LoadReport } from '../../../src/workers/protocol';
import { handleTwinEdit } from '../../../src/workers/twinEditHandler';
import { meshLabelmap } from '../../../src/twin/buildTwin';
import type { Labelmap } from '../../../src/segmentation/labelmap';
import { BONE_TERMS } from './segmentEditorFixtures';

const N = 32;
const size: [number, number, number] = [N, N, N];
const spacing: [number, number, number] = [1, 1, 2];
const direction: LoadReport['volume']['direction'] = [1, 0, 0, 0, 1, 0, 0, 0, 1];

/** A worker stand-in running the twin worker's own edit handler, synchronously on run(). */
class EditingWorker {
  held: Labelmap | null = null;
  queue: TwinEditRequest[] = [];
  labelsMessages = 0;
  volume: Volume | null = null;
  private listener: ((ev: MessageEvent<TwinMessage>) => void) | null = null;
  addEventListener(type: string, fn: (ev: MessageEvent<TwinMessage>) => void): void {
    if (type === 'message') this.listener = fn;
  }
  postMessage(m: TwinEditRequest): void {
    this.queue.push(m);
  }
  terminate(): void {}
  /** Processes every queued request. */
  run(): void {
    for (const m of this.queue.splice(0)) {
      if (m.type === 'labels') {
        this.labelsMessages++;
        this.held = { ...m.geometry, data: m.labels, unit: 'label', segments: m.segments };
        continue;
      }
      if (m.type === 'volume') {
        this.volume = m.volume;
        continue;
      }
      this.listener?.({ data: handleTwinEdit(this.held!, m, this.volume).message } as MessageEvent<TwinMessage>);
    }
  }
}

function setup() {
  const labels = new Uint8Array(N * N * N);
  // segment 1: a 10×10×6 box; segment 2: a 4×4×4 box elsewhere.
  for (let k = 5; k < 11; k++) for (let j = 8; j < 18; j++) for (let i = 8; i < 18; i++) labels[i + N * (j + N * k)] = 1;
  for (let k = 20; k < 24; k++) for (let j = 22; j < 26; j++) for (let i = 22; i < 26; i++) labels[i + N * (j + N * k)] = 2;
  const segs = [
    { label: 1, name: 'femur left', colorRgb: [255, 176, 64] as [number, number, number], terminology: BONE_TERMS },
    { label: 2, name: 'femur right', colorRgb: [64, 176, 255] as [number, number, number], terminology: BONE_TERMS },
  ];
  const built = meshLabelmap({ size, spacing, origin: [0, 0, 0], direction, data: labels, unit: 'label', segments: segs });
  const result: TwinResult = { anatomy: 'hip', anatomyReason: 'test', labels, notes: [], buildMs: 1, timings: { segmentS: 0, surfaceS: 0, smoothS: 0, decimateS: 0, checkS: 0 }, segments: built };
  const workers: EditingWorker[] = [];
  const client = new TwinClient(() => {
    const w = new EditingWorker();
    workers.push(w);
    return w as unknown as Worker;
  });
  const store = new Store();
  const volume = { size, spacing, origin: [0, 0, 0] as [number, number, number], direction, data: new Int16Array(N * N * N), unit: 'HU' as const };
  const loaded: LoadReport = { seriesId: 's1', volume, warnings: [], range: { min: 0, max: 0 }, paddedVoxels: 0, loadMs: 1 };
  store.update({ loaded, selectedSeriesId: 's1', status: 'ready', twin: { seriesId: 's1', result } });
  const saved: TwinResult[] = [];
  const editor = new SegmentEditor(store, client, (t) => saved.push(t));
  const settle = async (): Promise<void> => {
    workers[0].run();
    await new Promise((r) => setTimeout(r, 0));
  };
  return { store, editor, workers, saved, settle, labels, volume };
}

const seg = (store: Store, label: number) => store.get().twin!.result.segments.find((s) => s.label === label);

describe('SegmentEditor', () => {
  it('erases with a mm brush: volume drops at once by the exact voxels, the mesh follows, undo/redo restore both', async () => {
    const { store, editor, workers, saved, settle, labels } = setup();
    const before = seg(store, 1)!;
    const otherMesh = seg(store, 2)!.mesh;
    expect(before.volumeMl).toBeCloseTo((600 * 2) / 1000, 9);
    editor.select(1, 'erase');
    expect(brushArmed(store.get())).toBe(true);
    expect(editor.setRadius('3')).toBe(true);
    // Axial slice k = 7 through the box centre: a disk of radius 3 mm (1 mm pixels) = 29 voxels, all inside the box.
    expect(editor.strokeStart([12, 12, 7])).toBe(true);
    editor.strokeEnd();
    const after = seg(store, 1)!;
    expect(after.voxelCount).toBe(600 - 29);
    expect(after.volumeMl).toBeCloseTo(((600 - 29) * 2) / 1000, 9);
    expect(after.mesh).toBe(before.mesh); // the mesh is updated by the worker, shortly
    expect(store.get().edit.remeshing).toBe(1);
    await settle();
    expect(workers[0].labelsMessages).toBe(1); // a twin the worker did not build: its labels are sent once
    const meshed = seg(store, 1)!;
    expect(meshed.mesh).not.toBe(before.mesh);
    expect(meshed.voxelCount).toBe(600 - 29); // the worker counts the same
    expect(meshed.quality.closed).toBe(true);
    expect(seg(store, 2)!.mesh).toBe(otherMesh); // the untouched segment keeps its mesh
    expect(store.get().edit.remeshing).toBe(0);
    expect(store.get().edit.message).toMatch(/erase femur left \(29 voxels\); mesh updated/);
    expect(saved.length).toBe(1);
    editor.undo();
    expect(seg(store, 1)!.voxelCount).toBe(600);
    expect(labels[12 + N * (12 + N * 7)]).toBe(1);
    await settle();
    expect(seg(store, 1)!.quality.meshVolumeMl).toBeCloseTo(before.quality.meshVolumeMl, 6);
    expect(store.get().edit).toMatchObject({ undoCount: 0, redoCount: 1 });
    editor.redo();
    await settle();
    expect(workers[0].labelsMessages).toBe(1);
    expect(seg(store, 1)!.voxelCount).toBe(571);
    expect(() => structuredClone(store.get().twin)).not.toThrow();
  });

  it('paints only empty voxels and reports and restores a segment it empties', async () => {
    const { store, editor, settle } = setup();
    editor.select(2, 'paint');
    editor.setRadius('2');
    editor.strokeStart([21, 23, 21]); // half on segment 2, half empty
    editor.strokeMove([20, 23, 21]);
    editor.strokeEnd();
    const grown = seg(store, 2)!.voxelCount;
    expect(grown).toBeGreaterThan(64);
    await settle();
    editor.select(2, 'erase');
    editor.setRadius('50');
    for (let k = 20; k < 24; k++) {
      editor.strokeStart([23, 23, k]);
      editor.strokeEnd();
    }
    await settle();
    expect(seg(store, 2)).toBeUndefined();
    expect(store.get().edit.message).toMatch(/now empty \(femur right\); Undo brings it back/);
    editor.undo();
    await settle();
    expect(seg(store, 2)!.voxelCount).toBeGreaterThan(0);
    expect(store.get().twin!.result.segments.map((s) => s.label)).toEqual([1, 2]);
  });

  it('refuses a bad radius naming the field and keeps the old one; nothing happens without a tool', () => {
    const { store, editor } = setup();
    expect(editor.setRadius('0')).toBe(false);
    expect(store.get().edit.message).toMatch(/^Brush radius \(mm\): must be a number from 0.5 to 50 \(got "0"\); kept 5 mm/);
    expect(editor.setRadius('abc')).toBe(false);
    expect(store.get().edit.radiusMm).toBe(5);
    expect(editor.strokeStart([12, 12, 7])).toBe(false);
    editor.select(99, 'paint');
    expect(store.get().edit.label).toBeNull();
  });

  it('threshold brush: only voxels in the HU range change; a bad range is refused naming the field', async () => {
    const { store, editor, settle, volume } = setup();
    // Half of slice k = 7 of the box is "bone" (500 HU), the rest 0 HU.
    for (let j = 8; j < 18; j++) for (let i = 8; i < 13; i++) volume.data[i + N * (j + N * 7)] = 500;
    expect(editor.setThreshold(true, '300', 'abc')).toBe(false);
    expect(store.get().edit.message).toMatch(/^Threshold maximum: must be a number \(got "abc"\)/);
    expect(store.get().edit.threshold.on).toBe(false);
    expect(editor.setThreshold(true, '200', '3071')).toBe(true);
    editor.select(1, 'erase');
    editor.setRadius('50');
    editor.strokeStart([12, 12, 7]);
    editor.strokeEnd();
    expect(seg(store, 1)!.voxelCount).toBe(600 - 50); // only the 5 × 10 bone voxels of that slice
    await settle();
  });

  it('keeps the largest island in the worker, as one undoable edit', async () => {
    const { store, editor, settle, labels } = setup();
    for (let k = 26; k < 28; k++) for (let j = 2; j < 4; j++) for (let i = 2; i < 4; i++) labels[i + N * (j + N * k)] = 1; // an 8-voxel island of segment 1
    // The worker holds a copy made when the first edit is sent, so it sees the island too.
    editor.select(1, 'none');
    const run = editor.islands({ kind: 'keepLargestIsland' });
    await settle();
    await run;
    expect(store.get().edit.message).toMatch(/^Done: keep the largest island of femur left \(1 smaller removed\) \(8 voxels\); mesh updated/);
    expect(labels[2 + N * (2 + N * 26)]).toBe(0);
    expect(seg(store, 1)!.voxelCount).toBe(600);
    editor.undo();
    expect(labels[2 + N * (2 + N * 26)]).toBe(1);
    expect(seg(store, 1)!.voxelCount).toBe(608);
    await settle();
  });

  it('scissors: a rectangle on one slice cuts the segment on every slice, as one undoable edit', async () => {
    const { store, editor, settle } = setup();
    editor.select(1, 'scissors');
    expect(editor.strokeStart([8, 8, 7])).toBe(true);
    editor.strokeMove([12, 17, 7]);
    expect(store.get().edit.scissorRect).toEqual({ a: [8, 8, 7], b: [12, 17, 7] });
    editor.strokeEnd();
    expect(store.get().edit.scissorRect).toBeNull();
    expect(seg(store, 1)!.voxelCount).toBe(600 - 5 * 10 * 6); // i 8…12 of the box, every j, every slice
    await settle();
    editor.undo();
    expect(seg(store, 1)!.voxelCount).toBe(600);
    await settle();
  });
});
