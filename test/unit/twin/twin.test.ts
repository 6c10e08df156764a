// The twin stage on the generated hip phantom: segmentation → closed meshes → files, with progress,
// cancellation, `auto` anatomy choice and typed errors; and the crop/paste it relies on for speed.
import { beforeAll, describe, expect, it } from 'vitest';
import { expectJumeauError } from '../../helpers/expectError';
import { buildHipPhantom, HIP_LABELS } from '../../../src/samples/hipPhantom';
import type { PhantomCase } from '../../../src/samples/phantom';
import { createLabelmap, maskOfLabel } from '../../../src/segmentation/labelmap';
import { overlapMetrics } from '../../../src/segmentation/metrics';
import { terminologyOf } from '../../../src/segmentation/terminology';
import { readStlBinary } from '../../../src/meshing/stl';
import { anatomyFromDescription, buildTwin, meshLabelmap, stlFileName, twinMeshFiles, type Twin, type TwinProgress } from '../../../src/twin';
import type { Volume } from '../../../src/volume/volume';
import { readGlb } from '../meshing/glbReader';

const expectCode = (fn: () => unknown, code: string, message?: RegExp): void => expectJumeauError(fn, code, { message });

describe('buildTwin on the hip phantom', () => {
  let hip: PhantomCase;
  let twin: Twin;
  const events: TwinProgress[] = [];
  beforeAll(() => {
    hip = buildHipPhantom();
    twin = buildTwin(hip.volume, { anatomy: 'hip', onProgress: (p) => events.push(p) });
  }, 60_000);

  it('five bones, Dice ≥ 0.97 each, closed printable meshes whose volume is within 1.5 % of the voxel volume', () => {
    expect(twin.anatomy).toBe('hip');
    expect(twin.segments.map((s) => s.name)).toEqual(['femur left', 'femur right', 'hip bone left', 'hip bone right', 'sacrum']);
    const truth = [HIP_LABELS.femurLeft, HIP_LABELS.femurRight, HIP_LABELS.hipLeft, HIP_LABELS.hipRight, HIP_LABELS.sacrum];
    twin.segments.forEach((s, n) => {
      expect(overlapMetrics(maskOfLabel(twin.labelmap, s.label), maskOfLabel(hip.labels, truth[n])).dice, s.name).toBeGreaterThanOrEqual(0.97);
      expect(s.quality.closed && s.quality.manifold && s.quality.consistentlyOriented, s.name).toBe(true);
      expect(s.quality.degenerateTriangles).toBe(0);
      expect(Math.abs(s.quality.volumeErrorPercent), s.name).toBeLessThan(1.5);
      expect(s.volumeMl).toBeCloseTo((s.voxelCount * 1.5 * 1.5 * 2) / 1000, 9);
      // Decimation to a quarter, never more than asked.
      expect(s.triangleCount).toBeLessThanOrEqual(Math.ceil(s.surfaceTriangleCount * 0.25) + 2);
      expect(s.triangleCount).toBeGreaterThan(s.surfaceTriangleCount * 0.2);
    });
    // The left femur (bigger head, 24.5 vs 22 mm) is the bigger one.
    expect(twin.segments[0].volumeMl).toBeGreaterThan(twin.segments[1].volumeMl + 5);
    expect(twin.segments[0].terminology).toEqual(terminologyOf('femur', 'L'));
  });

  it('progress: segment 0 → 100 % in steps naming the pipeline, then surface/smooth/decimate/check per segment, ending at 5 / 5', () => {
    expect(events[0]).toEqual({ stage: 'segment', done: 0, total: 100 });
    const seg = events.filter((e) => e.stage === 'segment');
    expect(seg.length).toBeGreaterThan(5); // thresholds, every erosion depth, growth, filling
    expect(seg.slice(1, -1).every((e) => e.segment === 'hip bones')).toBe(true);
    for (let n = 1; n < seg.length; n++) expect(seg[n].done).toBeGreaterThanOrEqual(seg[n - 1].done);
    expect(seg.at(-1)).toEqual({ stage: 'segment', done: 100, total: 100 });
    const meshEvents = events.slice(seg.length);
    expect(meshEvents.map((e) => e.stage).slice(0, 4)).toEqual(['surface', 'smooth', 'decimate', 'check']);
    expect(meshEvents.at(-1)).toEqual({ stage: 'check', done: 5, total: 5 });
    for (let n = 1; n < meshEvents.length; n++) expect(meshEvents[n].done).toBeGreaterThanOrEqual(meshEvents[n - 1].done);
    for (const k of ['segmentS', 'surfaceS', 'smoothS', 'decimateS', 'checkS'] as const) expect(twin.timings[k]).toBeGreaterThan(0);
  });

  it('cancelling during segmentation stops it between erosion depths', () => {
    const ac = new AbortController();
    let after = 0;
    expectCode(() => buildTwin(hip.volume, { anatomy: 'hip', signal: ac.signal, onProgress: (p) => {
      if (ac.signal.aborted) after++;
      if (p.stage === 'segment' && p.done > 0 && p.done < 50) ac.abort();
    } }), 'CANCELLED');
    expect(after).toBe(0); // no further step reported once cancelled
  });

  it('cancelling mid-way ends with CANCELLED, not a partial twin', () => {
    const ac = new AbortController();
    expectCode(() => buildTwin(hip.volume, { anatomy: 'hip', signal: ac.signal, onProgress: (p) => { if (p.stage === 'smooth') ac.abort(); } }), 'CANCELLED');
    ac.abort();
    expectCode(() => buildTwin(hip.volume, { anatomy: 'hip', signal: ac.signal }), 'CANCELLED');
  });

  it('files: one STL per segment (same triangles, mm, LPS) and a GLB with the five named meshes', () => {
    const files = twinMeshFiles(twin);
    expect(files.map((f) => f.fileName)).toEqual(['femur-left.stl', 'femur-right.stl', 'hip-bone-left.stl', 'hip-bone-right.stl', 'sacrum.stl', 'twin.glb', 'twin.obj', 'twin.mtl']);
    const obj = new TextDecoder().decode(files[6].bytes);
    expect(obj.match(/^o /gm)).toHaveLength(5);
    expect(obj.match(/^f /gm)).toHaveLength(twin.segments.reduce((n, s) => n + s.triangleCount, 0));
    expect(obj).toContain('mtllib twin.mtl');
    const stl = readStlBinary(files[0].bytes);
    expect(stl.mesh.indices.length / 3).toBe(twin.segments[0].triangleCount);
    expect(stl.header).toContain('femur left');
    const glb = readGlb(files[5].bytes);
    expect(glb.json.meshes.map((m) => m.name)).toEqual(twin.segments.map((s) => s.name));
    expectCode(() => twinMeshFiles({ segments: [] }), 'EMPTY_SEGMENT');
    expect(stlFileName('Tumour 1 (segment VII)')).toBe('tumour-1-segment-vii.stl');
  });

  it('auto: without a description the hip pipeline is chosen from the content and says so', () => {
    const auto = buildTwin(hip.volume, { meshSettings: { smoothing: false, decimate: false } });
    expect(auto.anatomy).toBe('hip');
    expect(auto.anatomyReason).toMatch(/^the hip pipeline found its structures in the image/);
    expect(auto.segments).toHaveLength(5);
  }, 30_000);
});

describe('twin: bad input', () => {
  it('an MR-like volume (no HU ≥ 600) with auto: EMPTY_SEGMENT giving each pipeline\'s reason', () => {
    const data = new Int16Array(30 * 30 * 20).map((_, q) => 100 + (q % 30) * 5);
    const mr: Volume = { size: [30, 30, 20], spacing: [3, 3, 3], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], data, unit: 'raw' };
    expectCode(() => buildTwin(mr), 'EMPTY_SEGMENT', /^anatomy: no anatomy recognised in this image — hip: bone: no voxel at or above 600 raw/);
    expectCode(() => buildTwin(mr, { anatomy: 'hip' }), 'EMPTY_SEGMENT', /no bone to segment/);
  });
  it('a segment listed with no voxel is named, and no mesh is made', () => {
    const g = { size: [10, 10, 10] as [number, number, number], spacing: [1, 1, 1] as [number, number, number], origin: [0, 0, 0] as [number, number, number], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] as Volume['direction'] };
    const lm = createLabelmap(g, { segments: [
      { label: 1, name: 'liver', colorRgb: [200, 100, 90], terminology: terminologyOf('liver') },
      { label: 2, name: 'tumour 1', colorRgb: [250, 250, 0], terminology: terminologyOf('neoplasm') },
    ] });
    for (let q = 0; q < 100; q++) lm.data[300 + q] = 1;
    expectCode(() => meshLabelmap(lm), 'EMPTY_SEGMENT', /no voxels for "tumour 1" \(label 2\): nothing to mesh/);
  });
  it('descriptions name the anatomy (keywords in English and French)', () => {
    expect(anatomyFromDescription('CT PELVIS W/O')).toBe('hip');
    expect(anatomyFromDescription('Hanche droite')).toBe('hip');
    expect(anatomyFromDescription('Synthetic hip CT phantom')).toBe('hip');
    expect(anatomyFromDescription('Thorax 1.25 mm')).toBeNull();
    expect(anatomyFromDescription(undefined)).toBeNull();
  });
});
