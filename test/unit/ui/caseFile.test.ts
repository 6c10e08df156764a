// The `.jumeau` case file: a case survives the round trip bit for bit (typed arrays keep their type,
// NaN survives), a damaged or foreign file is refused with BAD_CASE_FILE naming the file and the reason,
// and a case only opens onto the voxels it was made on — through the TwinController, the twin shown is
// replaced only then, with its edits, plan and seeds.
import { describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { JumeauError } from '../../../src/core/errors';
import { CASE_FILE_FORMAT, caseFileName, decodeCaseFile, encodeCaseFile, type CaseSource } from '../../../src/ui/logic/caseFile';
import { checkWorkstationCase, readWorkstationCase } from '../../../src/ui/logic/caseContent';
import { Store } from '../../../src/ui/state';
import { TwinController } from '../../../src/ui/twinController';
import { TwinClient } from '../../../src/workers/twinClient';
import type { LoadReport } from '../../../src/workers/protocol';
import type { TwinResult } from '../../../src/workers/twinProtocol';
import { voxelSha256 } from '../../../src/volume/voxelHash';

const tetra = () => ({ positionsLps: new Float32Array([0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1]), indices: new Uint32Array([0, 2, 1, 0, 1, 3, 0, 3, 2, 1, 2, 3]) });
function twinOf(labels: Uint8Array): TwinResult {
  return {
    anatomy: 'hip', anatomyReason: 'asked for hip', labels, notes: ['a note'], buildMs: 12,
    timings: { segmentS: 0.01, surfaceS: 0, smoothS: 0, decimateS: 0, checkS: 0 },
    segments: [{ label: 1, name: 'femur left', colorRgb: [10, 20, 30], terminology: { category: { scheme: 'SCT', code: '91723000', meaning: 'Anatomical Structure' }, type: { scheme: 'SCT', code: '71341001', meaning: 'Femur' } }, voxelCount: 3, volumeMl: 0.006, triangleCount: 4, surfaceTriangleCount: 4, quality: { closed: true, manifold: true, consistentlyOriented: true, degenerateTriangles: 0, shells: 1, meshVolumeMl: 0.006, volumeErrorPercent: Number.NaN }, mesh: tetra() }],
    headRadiiMm: { L: 23.5 },
  } as TwinResult;
}
const source: CaseSource = { voxelSha256: 'ab'.repeat(32), size: [4, 3, 2], spacingMm: [1, 1, 2], seriesDescription: 'CT hip' };
const labels = () => { const l = new Uint8Array(24); l[5] = 1; l[6] = 1; l[17] = 1; return l; };
const caseOf = (twin: TwinResult) => ({ format: CASE_FILE_FORMAT as typeof CASE_FILE_FORMAT, savedAt: '2026-12-06T17:30:00.000Z', source, content: { twin, seeds: { liverIjk: [1, 2, 0] as [number, number, number], tumoursIjk: [] } } });

async function rejection(p: Promise<unknown>): Promise<JumeauError> {
  try { await p; } catch (e) { expect(e).toBeInstanceOf(JumeauError); return e as JumeauError; }
  throw new Error('expected a rejection');
}

describe('case file codec', () => {
  it('round-trips a case: typed arrays with their type and values, NaN, nested plain data', async () => {
    const twin = twinOf(labels());
    const bytes = await encodeCaseFile(caseOf(twin));
    expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]);
    const back = await decodeCaseFile<{ twin: TwinResult; seeds: unknown }>(bytes, 'x.jumeau');
    expect(back.source).toEqual(source);
    expect(back.savedAt).toBe('2026-12-06T17:30:00.000Z');
    const t = back.content.twin;
    expect(t.labels).toBeInstanceOf(Uint8Array);
    expect([...t.labels]).toEqual([...twin.labels]);
    expect(t.segments[0].mesh.positionsLps).toBeInstanceOf(Float32Array);
    expect(t.segments[0].mesh.indices).toBeInstanceOf(Uint32Array);
    expect([...t.segments[0].mesh.indices]).toEqual([0, 2, 1, 0, 1, 3, 0, 3, 2, 1, 2, 3]);
    expect(Number.isNaN(t.segments[0].quality.volumeErrorPercent)).toBe(true);
    expect(t.headRadiiMm).toEqual({ L: 23.5 });
    expect(back.content.seeds).toEqual({ liverIjk: [1, 2, 0], tumoursIjk: [] });
  });

  it('keeps Uint16 labels (more than 255 segments) and odd-length arrays aligned', async () => {
    const l16 = new Uint16Array([0, 300, 7]);
    const back = await decodeCaseFile<{ a: Uint16Array; b: Uint8Array; c: Float64Array }>(await encodeCaseFile({ ...caseOf(twinOf(labels())), content: { a: l16, b: new Uint8Array([1, 2, 3, 4, 5]), c: new Float64Array([Math.PI]) } }), 'x.jumeau');
    expect(back.content.a).toBeInstanceOf(Uint16Array);
    expect([...back.content.a]).toEqual([0, 300, 7]);
    expect([...back.content.b]).toEqual([1, 2, 3, 4, 5]);
    expect(back.content.c[0]).toBe(Math.PI);
  });

  it('refuses foreign, damaged and future files with BAD_CASE_FILE naming the file', async () => {
    const good = await encodeCaseFile(caseOf(twinOf(labels())));
    let e = await rejection(decodeCaseFile(new TextEncoder().encode('{"this is": "json, not a case"}'), 'notes.jumeau'));
    expect(e.code).toBe('BAD_CASE_FILE');
    expect(e.message).toMatch(/^notes\.jumeau: not a Jumeau case file \(not gzip/);
    e = await rejection(decodeCaseFile(new Uint8Array(gzipSync(Buffer.from('PLAIN TEXT, NOT A CASE FILE AT ALL'))), 'other.gz'));
    expect(e.message).toMatch(/^other\.gz: not a Jumeau case file \(no JUMEAU-CASE signature\)/);
    e = await rejection(decodeCaseFile(good.slice(0, Math.floor(good.length / 2)), 'cut.jumeau'));
    expect(e.message).toMatch(/^cut\.jumeau: the file is damaged or truncated/);
    // A future major version: the header says so.
    const raw = new Uint8Array(await new Response(new Blob([good as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer());
    const bumped = raw.slice();
    const at = Buffer.from(bumped.buffer).indexOf('jumeau.case/1');
    bumped[at + 'jumeau.case/'.length] = '9'.charCodeAt(0);
    e = await rejection(decodeCaseFile(new Uint8Array(gzipSync(bumped)), 'future.jumeau'));
    expect(e.message).toBe('future.jumeau: case format jumeau.case/9 is not readable by this version (reads jumeau.case/1)');
    // Blobs cut off: a truncated (but well-compressed) payload.
    e = await rejection(decodeCaseFile(new Uint8Array(gzipSync(raw.slice(0, raw.length - 40))), 'short.jumeau'));
    expect(e.message).toMatch(/^short\.jumeau: binary block \d+ is invalid or past the end of the file/);
  });

  it('names the file after the anatomy, the voxel hash and the date', () => {
    expect(caseFileName('hip', source, '2026-12-06T17:30:00.000Z')).toBe('jumeau-hip-abababab-2026-12-06.jumeau');
  });
});

describe('workstation case checks', () => {
  it('opens only onto the same voxels; says both grids otherwise', async () => {
    const bytes = await encodeCaseFile(caseOf(twinOf(labels())));
    const ok = await readWorkstationCase(bytes, 'c.jumeau', source);
    expect(ok.content.twin.segments[0].name).toBe('femur left');
    const e = await rejection(readWorkstationCase(bytes, 'c.jumeau', { ...source, voxelSha256: 'cd'.repeat(32), size: [5, 3, 2] }));
    expect(e.code).toBe('BAD_CASE_FILE');
    expect(e.message).toBe('c.jumeau: the case was made on other voxels (4×3×2 voxels of 1.00 × 1.00 × 2.00 mm ("CT hip"), SHA-256 abababababab…) than the loaded series (5×3×2 voxels of 1.00 × 1.00 × 2.00 mm ("CT hip"), SHA-256 cdcdcdcdcdcd…): open the series the case was made from, then the case file');
  });

  it('refuses a case whose labels, meshes or segment list do not hold together', () => {
    const file = (twin: TwinResult) => ({ ...caseOf(twin), content: { twin, seeds: { liverIjk: null, tumoursIjk: [] } } });
    expect(() => checkWorkstationCase(file(twinOf(new Uint8Array(23))), 'a.jumeau')).toThrow('a.jumeau: the labelmap has 23 voxels, not the 24 of its 4×3×2 grid (damaged file)');
    const l = labels(); l[0] = 9;
    expect(() => checkWorkstationCase(file(twinOf(l)), 'b.jumeau')).toThrow('b.jumeau: the labelmap uses label 9, which no segment of the case lists (damaged file)');
    const t = twinOf(labels()); t.segments[0].mesh.indices[5] = 4;
    expect(() => checkWorkstationCase(file(t), 'c.jumeau')).toThrow('c.jumeau: segment "femur left": its mesh points past its 4 vertices (damaged file)');
  });
});

describe('TwinController case file', () => {
  function setup(fill = 700) {
    const store = new Store();
    const root = { dataset: {} as Record<string, string> } as unknown as HTMLElement;
    const volume = { size: [4, 3, 2] as [number, number, number], spacing: [1, 1, 2] as [number, number, number], origin: [0, 0, 0] as [number, number, number], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] as LoadReport['volume']['direction'], data: new Int16Array(24).fill(fill), unit: 'HU' as const };
    const loaded: LoadReport = { seriesId: 's1', volume, warnings: [], range: { min: fill, max: fill }, paddedVoxels: 0, loadMs: 1 };
    store.update({ loaded, selectedSeriesId: 's1', status: 'ready' });
    const ctrl = new TwinController(store, root, new TwinClient(() => ({ addEventListener() {}, postMessage() {}, terminate() {} }) as unknown as Worker));
    return { store, ctrl, loaded };
  }

  it('saves the shown twin with its seeds and opens it again onto the same voxels, asking before replacing', async () => {
    const a = setup();
    const edited = twinOf(labels());
    a.store.update({ twin: { seriesId: 's1', result: edited }, twinSeeds: { seriesId: 's1', liverIjk: null, tumoursIjk: [[1, 1, 1]], portalIjk: [] } });
    const f = await a.ctrl.caseFile();
    expect(f!.fileName).toBe(`jumeau-hip-${(await voxelSha256(a.loaded.volume.data)).slice(0, 8)}-${new Date().toISOString().slice(0, 10)}.jumeau`);

    const b = setup();
    expect(await b.ctrl.openCaseFile(f!.bytes, f!.fileName, () => { throw new Error('nothing to replace: must not ask'); })).toBe(true);
    const s = b.store.get();
    expect(s.twin!.seriesId).toBe('s1');
    expect([...s.twin!.result.labels]).toEqual([...edited.labels]);
    expect(s.twinSeeds.tumoursIjk).toEqual([[1, 1, 1]]);
    expect(s.statusText).toMatch(new RegExp(`^Case opened from ${f!.fileName}: hip, 1 segments`));

    // With a twin shown, the user is asked; "no" keeps it.
    const questions: string[] = [];
    const shown = b.store.get().twin;
    expect(await b.ctrl.openCaseFile(f!.bytes, f!.fileName, (q) => { questions.push(q); return false; })).toBe(false);
    expect(questions[0]).toMatch(/^Replace the twin shown \(hip, 1 segments\) by the case in jumeau-hip-/);
    expect(b.store.get().twin).toBe(shown);
  });

  it('refuses a case made on other voxels and keeps the twin shown', async () => {
    const a = setup(700);
    a.store.update({ twin: { seriesId: 's1', result: twinOf(labels()) } });
    const f = await a.ctrl.caseFile();
    const other = setup(-1000);
    const kept = twinOf(labels());
    other.store.update({ twin: { seriesId: 's1', result: kept } });
    expect(await other.ctrl.openCaseFile(f!.bytes, 'hip.jumeau', () => true)).toBe(false);
    expect(other.store.get().twin!.result).toBe(kept);
    expect(other.store.get().error?.code).toBe('BAD_CASE_FILE');
    expect(other.store.get().statusText).toMatch(/^Case file not opened — hip\.jumeau: the case was made on other voxels .* — same grid, different values: open the series/);
  });
});
