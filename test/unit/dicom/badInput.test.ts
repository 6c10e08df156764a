/**
 * Bad and awkward input: truncated and foreign files, several series in one folder, missing,
 * shuffled, duplicated and inconsistent slices, mixed rescale, gantry tilt, split series, cancel.
 * Every case checks the code and the files named, and the voxels where a volume is built.
 */
import { describe, expect, it } from 'vitest';
import { loadSeriesVolume, scanDicomSources, sourceFromBytes } from '../../../src/dicom';
import { isJumeauError } from '../../../src/core/errors';
import { cross, dot } from '../../../src/core/vec3';
import { indexToLps } from '../../../src/volume/volume';
import { TS, writeCtSlice } from '../../helpers/dicomWriter';
import { fileLikeSource, firstMismatch, makeSeries, scanAndLoad, sliceOf, uid } from '../../helpers/seriesFixtures';

const codes = (ws: { code: string }[]): string[] => ws.map((w) => w.code);

describe('files that are not usable images', () => {
  it.each([
    ['Explicit VR LE', TS.explicitLE],
    ['Implicit VR LE', TS.implicitLE],
    ['Explicit VR BE', TS.explicitBE],
    ['Deflated', TS.deflatedLE],
  ])('%s file cut inside the pixel data → skipped DICOM_TRUNCATED; the other slices load', async (_n, ts) => {
    const s = await makeSeries({ file: { transferSyntaxUid: ts } });
    const cut = s.bytes[2].slice(0, s.bytes[2].length - 1000);
    const sources = [...s.sources.slice(0, 2), sourceFromBytes('IM0003.dcm', cut)];
    const r = await scanAndLoad(sources);
    expect(r.scan.skipped).toHaveLength(1);
    expect(r.scan.skipped[0]).toMatchObject({ file: 'IM0003.dcm', code: 'DICOM_TRUNCATED' });
    expect(r.series.summary.size).toEqual([64, 64, 2]);
    expect(firstMismatch(sliceOf(r.loaded.volume, 1), s.expected[1])).toBeNull();
  });

  it('a file cut inside its header → skipped DICOM_TRUNCATED (not a parse error)', async () => {
    const s = await makeSeries();
    const scan = await scanDicomSources([...s.sources.slice(0, 2), sourceFromBytes('IM0003.dcm', s.bytes[2].slice(0, 300))]);
    expect(scan.skipped).toEqual([expect.objectContaining({ file: 'IM0003.dcm', code: 'DICOM_TRUNCATED' })]);
    expect(scan.series.map((x) => x.summary.size)).toEqual([[64, 64, 2]]);
  });

  it('encapsulated (RLE) file cut inside the pixel data → skipped at scan time as DICOM_TRUNCATED; the gap it leaves is reported', async () => {
    // The header scan stops at Pixel Data; the missing end marker of the fragments gives the cut away.
    const s = await makeSeries({ count: 4, file: { transferSyntaxUid: TS.rle } });
    const cut = s.bytes[1].slice(0, s.bytes[1].length - 200);
    const sources = [s.sources[0], sourceFromBytes('IM0002.dcm', cut), s.sources[2], s.sources[3]];
    const scan = await scanDicomSources(sources);
    expect(scan.skipped).toEqual([{ file: 'IM0002.dcm', code: 'DICOM_TRUNCATED', reason: expect.stringMatching(/truncated.*no end marker/) }]);
    expect(scan.series[0].summary.error?.code).toBe('SERIES_INCONSISTENT');
    expect(scan.series[0].summary.error?.message).toMatch(/missing/);
  });

  it('a PNG, a text file and a 3-byte file → skipped NOT_DICOM; the real series still loads', async () => {
    const s = await makeSeries();
    const png = new Uint8Array(300);
    png.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
    const text = new TextEncoder().encode('Patient notes: scan of the left hip, see report.\n'.repeat(5));
    const sources = [sourceFromBytes('preview.png', png), ...s.sources, sourceFromBytes('README.txt', text), sourceFromBytes('x', Uint8Array.of(1, 2, 3))];
    const r = await scanAndLoad(sources);
    expect(r.scan.skipped.map((k) => [k.file, k.code])).toEqual([['preview.png', 'NOT_DICOM'], ['README.txt', 'NOT_DICOM'], ['x', 'NOT_DICOM']]);
    expect(r.series.summary.size).toEqual([64, 64, 3]);
    for (let k = 0; k < 3; k++) expect(firstMismatch(sliceOf(r.loaded.volume, k), s.expected[k])).toBeNull();
  });

  it('a file without Pixel Data → skipped NO_PIXEL_DATA', async () => {
    const s = await makeSeries();
    const noPixels = await writeCtSlice({ ...s.params[0], sopInstanceUid: uid(3, 9), ipp: [-100, -120, 40] }, { omitPixelData: true });
    const scan = await scanDicomSources([...s.sources, sourceFromBytes('KO.dcm', noPixels)]);
    expect(scan.skipped).toEqual([expect.objectContaining({ file: 'KO.dcm', code: 'NO_PIXEL_DATA' })]);
    expect(scan.series.map((x) => x.summary.size)).toEqual([[64, 64, 3]]);
  });
});

describe('series grouping and slice order', () => {
  it('two series in one folder → two series, each with its own size and voxels', async () => {
    const a = await makeSeries({ seriesInstanceUid: uid(2, 1), seriesNumber: 1, prefix: 'A' });
    const b = await makeSeries({ seriesInstanceUid: uid(2, 2), seriesNumber: 2, prefix: 'B', count: 5, rows: 48, columns: 32, sliceSpacing: 1.25 });
    const sources = [b.sources[3], ...a.sources, b.sources[0], b.sources[4], b.sources[1], b.sources[2]];
    const scan = await scanDicomSources(sources);
    expect(scan.series.map((x) => [x.summary.id, x.summary.size])).toEqual([[uid(2, 1), [64, 64, 3]], [uid(2, 2), [32, 48, 5]]]);
    expect(scan.series[1].summary.spacing![2]).toBeCloseTo(1.25, 9);
    const vb = (await loadSeriesVolume(sources, scan.series[1])).volume;
    for (let k = 0; k < 5; k++) expect(firstMismatch(sliceOf(vb, k), b.expected[k]), `B slice ${k}`).toBeNull();
  });

  it('DCM-01: files out of position order → sorted by position; affine from PixelSpacing (row, col) and Δk', async () => {
    const zs = [-100, -97.5, -102.5, -95];
    const s = await makeSeries({
      count: 4, pixelSpacing: [0.7, 0.8], names: ['f0', 'f1', 'f2', 'f3'],
      override: (k, p) => ({ ...p, ipp: [-180, -200, zs[k]] }),
    });
    const r = await scanAndLoad(s.sources);
    expect(r.series.summary.files).toEqual(['f2', 'f0', 'f1', 'f3']);
    const v = r.loaded.volume;
    expect(v.spacing).toEqual([0.8, 0.7, 2.5]);
    expect(v.origin).toEqual([-180, -200, -102.5]);
    const p = indexToLps(v, [10, 20, 2]);
    [-172, -186, -97.5].forEach((c, a) => expect(p[a]).toBeCloseTo(c, 9));
    [2, 0, 1, 3].forEach((f, k) => expect(firstMismatch(sliceOf(v, k), s.expected[f]), `k=${k}`).toBeNull());
  });

  it('file names in reverse order of position and a shuffled file list → slices in position order', async () => {
    const names = ['IM0005', 'IM0004', 'IM0003', 'IM0002', 'IM0001']; // name of the slice at position k
    const s = await makeSeries({ count: 5, names });
    const order = [3, 0, 4, 1, 2];
    const r = await scanAndLoad(order.map((q) => s.sources[q]));
    expect(r.series.summary.files).toEqual(names);
    expect(r.series.summary.origin).toEqual([-100, -120, 30]);
    for (let k = 0; k < 5; k++) expect(firstMismatch(sliceOf(r.loaded.volume, k), s.expected[k]), `k=${k}`).toBeNull();
  });

  it('one slice missing → SERIES_INCONSISTENT naming its neighbours; with allowGaps, the mean of the neighbours', async () => {
    const s = await makeSeries({ count: 5 });
    const sources = s.sources.filter((_, k) => k !== 2);
    const scan = await scanDicomSources(sources);
    const e = scan.series[0].summary.error;
    expect(e?.code).toBe('SERIES_INCONSISTENT');
    expect(e?.message).toMatch(/1 slice\(s\) missing/);
    expect(e?.message).toContain('between IM0002.dcm');
    expect(e?.message).toContain('and IM0004.dcm');
    const rejected = await loadSeriesVolume(sources, scan.series[0]).catch((x: unknown) => x);
    expect(isJumeauError(rejected, 'SERIES_INCONSISTENT')).toBe(true);

    const r = await scanAndLoad(sources, { allowGaps: true });
    const w = r.loaded.warnings.find((x) => x.code === 'missing-slices');
    expect(w?.files).toEqual(['IM0002.dcm', 'IM0004.dcm']);
    expect(r.loaded.volume.size).toEqual([64, 64, 5]);
    const mean = s.expected[1].map((v, q) => (v + s.expected[3][q]) / 2);
    expect(firstMismatch(sliceOf(r.loaded.volume, 2), mean)).toBeNull();
    expect(firstMismatch(sliceOf(r.loaded.volume, 3), s.expected[3])).toBeNull();
  });

  it('two files at one position with different SOP Instance UIDs → SERIES_INCONSISTENT naming both', async () => {
    const s = await makeSeries();
    const other = await writeCtSlice({ ...s.params[1], sopInstanceUid: uid(4, 4) });
    const sources = [...s.sources, sourceFromBytes('echo2/IM0002.dcm', other)];
    const scan = await scanDicomSources(sources);
    expect(scan.series).toHaveLength(1);
    const e = scan.series[0].summary.error;
    expect(e?.code).toBe('SERIES_INCONSISTENT');
    expect(e?.message).toContain('IM0002.dcm and echo2/IM0002.dcm');
    const rejected = await loadSeriesVolume(sources, scan.series[0]).catch((x: unknown) => x);
    expect(isJumeauError(rejected, 'SERIES_INCONSISTENT')).toBe(true);
  });

  it('the same file given twice → duplicate-instance warning and the volume of the series', async () => {
    const s = await makeSeries();
    const r = await scanAndLoad([...s.sources, sourceFromBytes('copy/IM0002.dcm', s.bytes[1])]);
    const w = r.loaded.warnings.find((x) => x.code === 'duplicate-instance');
    expect(w?.files).toEqual(['copy/IM0002.dcm']);
    expect(r.loaded.volume.size).toEqual([64, 64, 3]);
    for (let k = 0; k < 3; k++) expect(firstMismatch(sliceOf(r.loaded.volume, k), s.expected[k])).toBeNull();
  });

  it('an orientation that differs in one file → two series, both with series-split warnings', async () => {
    const s = await makeSeries({ count: 4, override: (k, p) => (k === 3 ? { ...p, iop: [1, 0, 0, 0, 0, -1] } : p) });
    const scan = await scanDicomSources(s.sources);
    expect(scan.series.map((x) => [x.summary.id, x.summary.size])).toEqual([[`${uid(1, 1)}#1`, [64, 64, 3]], [`${uid(1, 1)}#2`, [64, 64, 1]]]);
    for (const x of scan.series) expect(codes(x.summary.warnings)).toContain('series-split');
    expect(scan.series[1].summary.files).toEqual(['IM0004.dcm']);
    expect(scan.series[1].summary.orientation).not.toBe(scan.series[0].summary.orientation);
  });
});

describe('values and geometry that need care', () => {
  it('mixed rescale across slices → mixed-rescale warning and each slice with its own slope/intercept', async () => {
    const rescale: [number, number][] = [[1, -1024], [1, -1000], [0.5, -1024]];
    const s = await makeSeries({ override: (k, p) => ({ ...p, rescaleSlope: rescale[k][0], rescaleIntercept: rescale[k][1] }) });
    const r = await scanAndLoad(s.sources);
    expect(codes(r.loaded.warnings)).toContain('mixed-rescale');
    expect(r.loaded.volume.data).toBeInstanceOf(Float32Array);
    for (let k = 0; k < 3; k++) expect(firstMismatch(sliceOf(r.loaded.volume, k), s.expected[k]), `k=${k}`).toBeNull();
    expect(sliceOf(r.loaded.volume, 2)[0]).toBe(-300 * 0.5 - 1024 + 40);
  });

  it('DCM-02 gantry tilt 20° → warning, Δk 4.6985 mm, orthogonal direction, slices resampled along the column cosine', async () => {
    const deg = Math.PI / 180;
    const c: [number, number, number] = [0, Math.cos(20 * deg), -Math.sin(20 * deg)];
    const rows = 32;
    const columns = 16;
    const ramp = new Int16Array(rows * columns).map((_, q) => 100 * Math.floor(q / columns)); // 100·j
    const s = await makeSeries({
      count: 4, rows, columns, pixelSpacing: [1, 1],
      override: (k, p) => ({ ...p, iop: [1, 0, 0, ...c], ipp: [0, 0, 5 * k], pixels: ramp, rescaleSlope: 1, rescaleIntercept: 0 }),
    });
    const r = await scanAndLoad(s.bytes.map((b, k) => fileLikeSource(s.names[k], b)));
    const w = r.loaded.warnings.find((x) => x.code === 'gantry-tilt');
    expect(w?.message).toContain('20.000°');
    const v = r.loaded.volume;
    expect(Math.abs(v.spacing[2] - 4.6985)).toBeLessThanOrEqual(1e-4);
    const [ri, cj, nk] = [v.direction.slice(0, 3), v.direction.slice(3, 6), v.direction.slice(6, 9)] as [number, number, number][];
    const rc = cross(ri, cj);
    nk.forEach((x, a) => expect(x).toBeCloseTo(rc[a], 9));
    expect(nk[1]).toBeCloseTo(0.34202, 5);
    expect(nk[2]).toBeCloseTo(0.93969, 5);
    expect(Math.abs(dot(ri, cj)) + Math.abs(dot(ri, nk)) + Math.abs(dot(cj, nk))).toBeLessThan(1e-9);
    // Output (i, j, k) lies on input slice k at row j + 5·sin20°·k = j + 1.7101·k (air beyond the last row).
    for (let k = 0; k < 4; k++) {
      const sl = sliceOf(v, k);
      for (let j = 0; j < rows; j++) {
        const src = j + 5 * Math.sin(20 * deg) * k;
        const want = src <= rows - 1 + 1e-6 ? Math.round(100 * src) : -1024;
        expect(sl[j * columns + 3], `k=${k} j=${j}`).toBe(want);
      }
    }
  });
});

describe('cancel', () => {
  it('an AbortController aborted during the load → rejects with CANCELLED', async () => {
    const s = await makeSeries({ count: 5 });
    const scan = await scanDicomSources(s.sources);
    const ac = new AbortController();
    let seen = 0;
    const err = await loadSeriesVolume(s.sources, scan.series[0], {
      signal: ac.signal,
      onProgress: (p) => { seen = p.done; if (p.done === 2) ac.abort(); },
    }).catch((e: unknown) => e);
    expect(isJumeauError(err, 'CANCELLED')).toBe(true);
    expect(seen).toBe(2); // stopped at the next slice, not after all five
  });

  it('a signal aborted before the scan → rejects with CANCELLED', async () => {
    const s = await makeSeries();
    const ac = new AbortController();
    ac.abort();
    const err = await scanDicomSources(s.sources, { signal: ac.signal }).catch((e: unknown) => e);
    expect(isJumeauError(err, 'CANCELLED')).toBe(true);
  });
});
