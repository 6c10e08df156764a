/**
 * Every supported transfer syntax, end to end: in-code fixtures (test/helpers) written in the syntax,
 * scanned and loaded through the public API, voxels compared with the HU they must hold.
 */
import { describe, expect, it } from 'vitest';
import { scanDicomSources, loadSeriesVolume, sourceFromBytes } from '../../../src/dicom';
import { TS, writeCtSlice } from '../../helpers/dicomWriter';
import { fileLikeSource, firstMismatch, makeSeries, maxAbsDiff, rescaled, scanAndLoad, sliceOf, uid } from '../../helpers/seriesFixtures';
import type { FixtureSeries } from '../../helpers/seriesFixtures';
import type { ScannedAndLoaded } from '../../helpers/seriesFixtures';

/** Geometry every 3-slice fixture must report: PixelSpacing [0.8, 0.7] → spacing i 0.7, j 0.8; Δz 2.5. */
function expectGeometry(r: ScannedAndLoaded, ts: string): void {
  const s = r.series.summary;
  expect(s.error).toBeNull();
  expect(s.transferSyntaxes.map((t) => t.uid)).toEqual([ts]);
  expect(s.size).toEqual([64, 64, 3]);
  expect(s.spacing![0]).toBeCloseTo(0.7, 9);
  expect(s.spacing![1]).toBeCloseTo(0.8, 9);
  expect(s.spacing![2]).toBeCloseTo(2.5, 9);
  expect(s.origin).toEqual([-100, -120, 30]);
  expect(r.loaded.volume.size).toEqual([64, 64, 3]);
  expect(r.loaded.volume.unit).toBe('HU');
}

/** True when the bytes hold the JPEG marker 0xFF `code` (entropy-coded data never does: 0xFF is stuffed). */
function hasMarker(bytes: Uint8Array, code: number): boolean {
  for (let q = 0; q + 1 < bytes.length; q++) if (bytes[q] === 0xff && bytes[q + 1] === code) return true;
  return false;
}

function expectExact(r: ScannedAndLoaded, s: FixtureSeries): void {
  for (let k = 0; k < 3; k++) expect(firstMismatch(sliceOf(r.loaded.volume, k), s.expected[k]), `slice ${k}`).toBeNull();
}

const LOSSLESS: [string, string][] = [
  ['Implicit VR Little Endian', TS.implicitLE],
  ['Explicit VR Little Endian', TS.explicitLE],
  ['Explicit VR Big Endian', TS.explicitBE],
  ['Deflated Explicit VR Little Endian', TS.deflatedLE],
  ['RLE Lossless', TS.rle],
  ['JPEG Lossless SV1', TS.jpegLossless],
  ['JPEG-LS Lossless', TS.jpegLs],
  ['JPEG 2000 Lossless', TS.j2k],
  ['HTJ2K Lossless', TS.htj2k],
];

describe('lossless transfer syntaxes (signed 16-bit, intercept −1024)', () => {
  it.each(LOSSLESS)('%s: geometry and every voxel exact', async (_name, ts) => {
    const s = await makeSeries({ file: { transferSyntaxUid: ts } });
    const r = await scanAndLoad(s.sources);
    expectGeometry(r, ts);
    expect(r.scan.skipped).toEqual([]);
    expect(r.loaded.warnings.map((w) => w.code)).not.toContain('lossy-compression');
    // The fixture really holds negative stored values and HU below −1024 (a sign bug would show).
    expect(Math.min(...s.expected[0])).toBe(-1324);
    expectExact(r, s);
  });

  it.each([
    ['RLE Lossless', TS.rle],
    ['JPEG 2000 Lossless', TS.j2k],
    ['JPEG-LS Lossless', TS.jpegLs],
  ])('%s with a filled Basic Offset Table: every voxel exact', async (_name, ts) => {
    const s = await makeSeries({ file: { transferSyntaxUid: ts, offsetTable: 'filled' } });
    const r = await scanAndLoad(s.sources);
    expectGeometry(r, ts);
    expectExact(r, s);
  });
});

describe('file-like sources (readInto, recycled frame buffers)', () => {
  it.each([
    ['Explicit VR LE', TS.explicitLE, 'int16'],
    ['Explicit VR BE', TS.explicitBE, 'int16'],
    ['Implicit VR LE, 8-bit', TS.implicitLE, 'uint8'],
    ['JPEG 2000 Lossless', TS.j2k, 'int16'],
  ] as const)('%s: 12 slices (more than the read-ahead) all exact', async (_n, ts, kind) => {
    const s = await makeSeries({ count: 12, kind, rows: 32, columns: 32, file: { transferSyntaxUid: ts } });
    const sources = s.bytes.map((b, k) => fileLikeSource(s.names[k], b));
    const r = await scanAndLoad(sources, {}, { readAhead: 3 });
    expect(r.loaded.volume.size).toEqual([32, 32, 12]);
    for (let k = 0; k < 12; k++) expect(firstMismatch(sliceOf(r.loaded.volume, k), s.expected[k]), `slice ${k}`).toBeNull();
  });
});

describe('lossy transfer syntaxes', () => {
  it('JPEG Baseline (8-bit MONOCHROME2, quality 95): max error within 12 HU, lossy-compression warning', async () => {
    const s = await makeSeries({ kind: 'uint8', file: { transferSyntaxUid: TS.jpegBaseline, lossy: { jpegQuality: 95 } } });
    // Really baseline (SOF0), not the encoder's default progressive (SOF2).
    expect(hasMarker(s.bytes[0], 0xc0)).toBe(true);
    expect(hasMarker(s.bytes[0], 0xc2)).toBe(false);
    const r = await scanAndLoad(s.sources);
    expectGeometry(r, TS.jpegBaseline);
    expect(r.loaded.warnings.map((w) => w.code)).toContain('lossy-compression');
    for (let k = 0; k < 3; k++) {
      const err = maxAbsDiff(sliceOf(r.loaded.volume, k), s.expected[k]);
      expect(err, `slice ${k}`).toBeLessThanOrEqual(12); // measured 8 with libjpeg-turbo at quality 95
    }
    // A decode that ignored the pixels (all zero or all one value) would be off by > 100 HU.
    expect(r.loaded.volume.data[0]).toBeCloseTo(-1014, -1);
  });

  it('JPEG-LS near-lossless (NEAR 3): every voxel within 3 HU and not all exact', async () => {
    const s = await makeSeries({ file: { transferSyntaxUid: TS.jpegLsNear, lossy: { near: 3 } } });
    const r = await scanAndLoad(s.sources);
    expectGeometry(r, TS.jpegLsNear);
    expect(r.loaded.warnings.map((w) => w.code)).toContain('lossy-compression');
    const errs = [0, 1, 2].map((k) => maxAbsDiff(sliceOf(r.loaded.volume, k), s.expected[k]));
    for (const e of errs) expect(e).toBeLessThanOrEqual(3);
    expect(Math.max(...errs)).toBeGreaterThan(0);
  });

  it('JPEG 2000 lossy (ratio 8): max error within 40 HU on a 3100 HU range, not all exact', async () => {
    const s = await makeSeries({ file: { transferSyntaxUid: TS.j2kLossy, lossy: { j2kRatio: 8 } } });
    const r = await scanAndLoad(s.sources);
    expectGeometry(r, TS.j2kLossy);
    expect(r.loaded.warnings.map((w) => w.code)).toContain('lossy-compression');
    const errs = [0, 1, 2].map((k) => maxAbsDiff(sliceOf(r.loaded.volume, k), s.expected[k]));
    for (const e of errs) expect(e).toBeLessThanOrEqual(40); // measured 11–15 with OpenJPEG
    expect(Math.max(...errs)).toBeGreaterThan(0);
  });
});

describe('files the loader must refuse or accept by their header', () => {
  it('skips an unsupported syntax (MPEG2) with UNSUPPORTED_TRANSFER_SYNTAX naming the syntax; the series still loads', async () => {
    const s = await makeSeries();
    const mpeg = await writeCtSlice(
      { ...s.params[0], sopInstanceUid: uid(9, 9), seriesInstanceUid: uid(9) },
      { transferSyntaxUid: TS.mpeg2, fragments: [Uint8Array.of(0, 0, 1, 0xb3, 1, 2, 3, 4)] },
    );
    const sources = [...s.sources, sourceFromBytes('video.dcm', mpeg)];
    const scan = await scanDicomSources(sources);
    expect(scan.skipped).toHaveLength(1);
    expect(scan.skipped[0].file).toBe('video.dcm');
    expect(scan.skipped[0].code).toBe('UNSUPPORTED_TRANSFER_SYNTAX');
    expect(scan.skipped[0].reason).toContain('1.2.840.10008.1.2.4.100');
    expect(scan.skipped[0].reason).toContain('MPEG2');
    expect(scan.series).toHaveLength(1);
    const loaded = await loadSeriesVolume(sources, scan.series[0]);
    expect(firstMismatch(sliceOf(loaded.volume, 2), s.expected[2])).toBeNull();
  });

  it.each([
    ['bare implicit VR LE data set', TS.implicitLE, 'bare'],
    ['bare explicit VR LE data set', TS.explicitLE, 'bare'],
    ['meta header without the 128-byte preamble', TS.explicitLE, 'no-preamble'],
  ] as const)('loads a %s', async (_name, ts, header) => {
    const s = await makeSeries({ file: { transferSyntaxUid: ts, header } });
    if (header === 'bare') expect(s.bytes[0][128]).not.toBe(0x44); // really no "DICM"
    const r = await scanAndLoad(s.sources);
    expectGeometry(r, ts);
    expectExact(r, s);
  });
});

describe('DCM-03: BitsStored and rescale', () => {
  const one = (stored: number[], rows = 4): Int16Array => {
    const a = new Int16Array(rows * 4);
    stored.forEach((v, q) => { a[q] = v; });
    return a;
  };

  it('12-bit signed: raw 0x0FFF → −1 HU; 0x0800 → −2048; 0x07FF → 2047; bits above BitsStored ignored', async () => {
    const raw = [0x0fff, 0x0800, 0x07ff, 0x0000, 0x7001, 0x1fff];
    const s = await makeSeries({
      rows: 4, columns: 4,
      override: (_k, p) => ({ ...p, rows: 4, columns: 4, pixels: one(raw), bitsStored: 12, pixelRepresentation: 1, rescaleSlope: 1, rescaleIntercept: 0 }),
    });
    const r = await scanAndLoad(s.sources);
    for (let k = 0; k < 3; k++) {
      expect(Array.from(sliceOf(r.loaded.volume, k)).slice(0, 6)).toEqual([-1, -2048, 2047, 0, 1, -1]);
    }
  });

  it('(0,1,−1024)→−1024, (1024,1,−1024)→0, (2000,1,−1024)→976', async () => {
    const s = await makeSeries({
      rows: 4, columns: 4,
      override: (_k, p) => ({ ...p, rows: 4, columns: 4, pixels: one([0, 1024, 2000]), rescaleSlope: 1, rescaleIntercept: -1024 }),
    });
    const r = await scanAndLoad(s.sources);
    expect(Array.from(sliceOf(r.loaded.volume, 1)).slice(0, 3)).toEqual([-1024, 0, 976]);
  });

  it('(500, 2.0, −1024) → −24 (slope "2.0" written as in real files)', async () => {
    const s = await makeSeries({
      rows: 4, columns: 4,
      override: (_k, p) => ({
        ...p, rows: 4, columns: 4, pixels: one([500, 0, 1]), rescaleSlope: 2, rescaleIntercept: -1024,
        extraElements: [{ tag: 0x00281053, vr: 'DS', value: '2.0' }],
      }),
    });
    const r = await scanAndLoad(s.sources);
    expect(Array.from(sliceOf(r.loaded.volume, 0)).slice(0, 3)).toEqual([-24, -1024, -1022]);
  });

  it('non-integral slope (500, 2.5, −1024) → 226 in a Float32 volume', async () => {
    const s = await makeSeries({
      rows: 4, columns: 4,
      override: (_k, p) => ({ ...p, rows: 4, columns: 4, pixels: one([500, 1, 3]), rescaleSlope: 2.5, rescaleIntercept: -1024 }),
    });
    const r = await scanAndLoad(s.sources);
    expect(r.loaded.volume.data).toBeInstanceOf(Float32Array);
    expect(Array.from(sliceOf(r.loaded.volume, 2)).slice(0, 3)).toEqual([226, -1021.5, -1016.5]);
    expect(Array.from(rescaled([500], 2.5, -1024))).toEqual([226]);
  });
});
