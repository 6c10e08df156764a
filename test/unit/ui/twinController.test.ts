// The twin side of the app state, with a fake worker: progress reaches the state, a built twin is
// stored as plain data, Cancel and a newly opened study end the build cleanly, errors are shown, and a
// store that cannot save (no IndexedDB here) says so without losing the twin.
import { describe, expect, it } from 'vitest';
import { Store } from '../../../src/ui/state';
import { TwinController } from '../../../src/ui/twinController';
import { TwinClient } from '../../../src/workers/twinClient';
import type { TwinMessage, TwinRequest } from '../../../src/workers/twinProtocol';
import type { LoadReport } from '../../../src/workers/protocol';

/** A Worker stand-in: records requests, lets the test answer. */
class FakeWorker {
  requests: TwinRequest[] = [];
  terminated = false;
  private listener: ((ev: MessageEvent<TwinMessage>) => void) | null = null;
  addEventListener(type: string, fn: (ev: MessageEvent<TwinMessage>) => void): void {
    if (type === 'message') this.listener = fn;
  }
  postMessage(m: TwinRequest): void {
    this.requests.push(m);
  }
  terminate(): void {
    this.terminated = true;
  }
  answer(m: TwinMessage): void {
    this.listener?.({ data: m } as MessageEvent<TwinMessage>);
  }
}

function setup() {
  const workers: FakeWorker[] = [];
  const client = new TwinClient(() => {
    const w = new FakeWorker();
    workers.push(w);
    return w as unknown as Worker;
  });
  const store = new Store();
  const root = { dataset: {} as Record<string, string> } as unknown as HTMLElement;
  const volume = { size: [4, 3, 2] as [number, number, number], spacing: [1, 1, 2] as [number, number, number], origin: [0, 0, 0] as [number, number, number], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] as LoadReport['volume']['direction'], data: new Int16Array(24).fill(700), unit: 'HU' as const };
  const loaded: LoadReport = { seriesId: 's1', volume, warnings: [], range: { min: 700, max: 700 }, paddedVoxels: 0, loadMs: 1 };
  store.update({ loaded, selectedSeriesId: 's1', status: 'ready' });
  return { store, root, workers, ctrl: new TwinController(store, root, client), loaded };
}

const result = {
  anatomy: 'hip' as const, anatomyReason: 'asked for hip', labels: new Uint8Array(24).fill(1), notes: [], buildMs: 12,
  timings: { segmentS: 0.01, surfaceS: 0, smoothS: 0, decimateS: 0, checkS: 0 },
  segments: [{ label: 1, name: 'femur left', colorRgb: [255, 176, 64] as [number, number, number], terminology: { category: { scheme: 'SCT' as const, code: '91723000', meaning: 'Anatomical Structure' }, type: { scheme: 'SCT' as const, code: '71341001', meaning: 'Femur' } }, voxelCount: 24, volumeMl: 0.048, triangleCount: 12, surfaceTriangleCount: 12, quality: { closed: true, manifold: true, consistentlyOriented: true, degenerateTriangles: 0, shells: 1, meshVolumeMl: 0.048, volumeErrorPercent: 0 }, mesh: { positionsLps: new Float32Array(24), indices: new Uint32Array(36) } }],
};

describe('TwinController', () => {
  it('sends a copy of the volume, shows progress, stores the twin as plain data, says why it is not saved', async () => {
    const { store, root, workers, ctrl, loaded } = setup();
    store.update({ twinAnatomy: 'hip' });
    const done = ctrl.build();
    expect(store.get().status).toBe('busy');
    const req = workers[0].requests[0];
    expect(req.anatomy).toBe('hip');
    expect(req.volume.data).not.toBe(loaded.volume.data); // the page keeps its own voxels
    workers[0].answer({ type: 'progress', job: req.job, progress: { stage: 'segment', done: 37, total: 100, segment: 'hip bones' } });
    expect(store.get().job).toEqual({ label: 'Twin', stage: 'segment', done: 37, total: 100, detail: 'hip bones' });
    workers[0].answer({ type: 'built', job: req.job, result });
    const outcome = await done;
    expect(outcome?.ok).toBe(true);
    const s = store.get();
    expect(s.status).toBe('ready');
    expect(s.twin?.seriesId).toBe('s1');
    expect(s.twin?.result.segments[0].name).toBe('femur left');
    expect(() => structuredClone(s.twin)).not.toThrow(); // plain data: no Babylon object, no worker
    await new Promise((r) => setTimeout(r, 50));
    expect((root as unknown as { dataset: Record<string, string> }).dataset.caseSaved).toBe('false'); // no IndexedDB in Node
    expect(store.get().statusText).toMatch(/Not saved in this browser/);
  });

  it('Cancel terminates the worker at once and keeps the loaded series', async () => {
    const { store, workers, ctrl } = setup();
    const done = ctrl.build();
    ctrl.cancel();
    const outcome = await done;
    expect(outcome?.ok).toBe(false);
    expect(workers[0].terminated).toBe(true);
    expect(store.get().status).toBe('cancelled');
    expect(store.get().loaded?.seriesId).toBe('s1');
  });

  it('a study opened during a build abandons it: its outcome does not touch the new state', async () => {
    const { store, ctrl } = setup();
    const done = ctrl.build();
    ctrl.abandon();
    store.update({ status: 'busy', statusText: 'Opening another study…' });
    await done;
    expect(store.get().status).toBe('busy');
    expect(store.get().statusText).toBe('Opening another study…');
  });

  it('a pipeline error is shown with its code; no twin appears', async () => {
    const { store, workers, ctrl } = setup();
    const done = ctrl.build();
    const req = workers[0].requests[0];
    workers[0].answer({ type: 'error', job: req.job, error: { code: 'EMPTY_SEGMENT', message: 'bone: no voxel at or above 600 HU' } });
    await done;
    expect(store.get().status).toBe('error');
    expect(store.get().error?.code).toBe('EMPTY_SEGMENT');
    expect(store.get().twin).toBeNull();
  });

  it('seeds clicked in tumour mode accumulate; the liver seed replaces and ends its mode', () => {
    const { store, ctrl } = setup();
    store.update({ seedMode: 'tumour' });
    ctrl.placeSeed([1, 1, 0]);
    ctrl.placeSeed([2, 1, 1]);
    ctrl.placeSeed([1, 1, 0]); // the same voxel again: one seed per tumour
    expect(store.get().statusText).toBe('Voxel (1, 1, 0) is already a tumour seed: one seed per tumour.');
    store.update({ seedMode: 'liver' });
    ctrl.placeSeed([3, 2, 1]);
    expect(store.get().twinSeeds).toEqual({ seriesId: 's1', liverIjk: [3, 2, 1], tumoursIjk: [[1, 1, 0], [2, 1, 1]] });
    expect(store.get().seedMode).toBe('none');
  });
});
