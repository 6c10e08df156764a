/**
 * Enhanced multi-frame CT: one file, frames placed by the Per-frame Functional Groups (given out of
 * order), geometry and rescale from the Shared Functional Groups (nothing at the top level).
 */
import { describe, expect, it } from 'vitest';
import { scanDicomSources, sourceFromBytes } from '../../../src/dicom';
import type { Vec3 } from '../../../src/core/vec3';
import { type EnhancedCtParams, type FileOptions, TS, writeEnhancedCt } from '../../helpers/dicomWriter';
import { firstMismatch, gradientDisc, rescaled, scanAndLoad, sliceOf, uid } from '../../helpers/seriesFixtures';

/** Frame f sits at z = Z[f]: sorted by position the frames are 1, 3, 0, 2 (z = 0, 5, 10, 15). */
const Z = [10, 0, 15, 5];
const ORDER = [1, 3, 0, 2];

function params(over: Partial<EnhancedCtParams> = {}): EnhancedCtParams {
  return {
    rows: 48,
    columns: 40,
    frames: Z.map((_, f) => gradientDisc(48, 40, f)),
    positions: Z.map((z): Vec3 => [-50, -60, z]),
    pixelSpacing: [0.6, 0.9],
    sliceThickness: 3, // differs from the 5 mm between positions: spacing must come from positions
    rescaleSlope: 1,
    rescaleIntercept: -1024,
    sopInstanceUid: uid(5, 1),
    seriesInstanceUid: uid(5),
    seriesNumber: 7,
    ...over,
  };
}

async function load(p: EnhancedCtParams, o?: FileOptions) {
  return scanAndLoad([sourceFromBytes('enhanced.dcm', await writeEnhancedCt(p, o))]);
}

describe('enhanced multi-frame CT', () => {
  it.each([
    ['Explicit VR LE, undefined-length sequences', { transferSyntaxUid: TS.explicitLE }],
    ['Explicit VR LE, defined-length sequences', { transferSyntaxUid: TS.explicitLE, undefinedLengthSequences: false }],
    ['Implicit VR LE', { transferSyntaxUid: TS.implicitLE }],
    ['Explicit VR BE', { transferSyntaxUid: TS.explicitBE }],
    ['RLE, empty offset table', { transferSyntaxUid: TS.rle, offsetTable: 'empty' }],
    ['JPEG 2000 lossless, filled offset table', { transferSyntaxUid: TS.j2k, offsetTable: 'filled' }],
    ['JPEG-LS lossless, empty offset table', { transferSyntaxUid: TS.jpegLs, offsetTable: 'empty' }],
  ] as [string, FileOptions][])('%s: 4 frames out of order → 4 slices sorted by position, spacing from positions', async (_n, o) => {
    const p = params();
    const r = await load(p, o);
    const s = r.series.summary;
    expect(s.error).toBeNull();
    expect(s.sliceCount).toBe(4);
    expect(s.fileCount).toBe(1);
    expect(s.size).toEqual([40, 48, 4]);
    expect(s.spacing![0]).toBeCloseTo(0.9, 9);
    expect(s.spacing![1]).toBeCloseTo(0.6, 9);
    expect(s.spacing![2]).toBeCloseTo(5, 9);
    expect(s.origin).toEqual([-50, -60, 0]);
    expect(s.direction).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    expect(r.loaded.warnings.map((w) => w.code)).toContain('thickness-differs');
    ORDER.forEach((f, k) => {
      expect(firstMismatch(sliceOf(r.loaded.volume, k), rescaled(p.frames[f], 1, -1024)), `slice ${k} = frame ${f}`).toBeNull();
    });
  });

  it('rescale only in the Shared Functional Groups (slope 2, intercept −1000) is applied to every frame', async () => {
    const p = params({ rescaleSlope: 2, rescaleIntercept: -1000 });
    const r = await load(p);
    expect(r.loaded.warnings.map((w) => w.code)).not.toContain('mixed-rescale');
    ORDER.forEach((f, k) => {
      expect(firstMismatch(sliceOf(r.loaded.volume, k), rescaled(p.frames[f], 2, -1000)), `slice ${k}`).toBeNull();
    });
    // Frame 1 (first slice) pixel (0,0) is stored −300 + 40 = −260 → 2·(−260) − 1000.
    expect(r.loaded.volume.data[0]).toBe(-1520);
  });

  it('per-frame PixelValueTransformation: each frame with its own rescale, mixed-rescale warning', async () => {
    const perFrameRescale = [{ slope: 1, intercept: -1024 }, { slope: 1, intercept: -1000 }, { slope: 0.5, intercept: -1024 }, { slope: 2, intercept: 0 }];
    const p = params({ perFrameRescale });
    const r = await load(p);
    expect(r.loaded.warnings.map((w) => w.code)).toContain('mixed-rescale');
    ORDER.forEach((f, k) => {
      const { slope, intercept } = perFrameRescale[f];
      expect(firstMismatch(sliceOf(r.loaded.volume, k), rescaled(p.frames[f], slope, intercept)), `slice ${k} = frame ${f}`).toBeNull();
    });
  });

  it('a frame without a PlanePosition item cannot be placed → GEOMETRY_INVALID naming the frame', async () => {
    const p = params();
    const perFrame = p.positions.slice(0, 3).map((pos) => [
      { tag: 0x00209113, vr: 'SQ' as const, value: [[{ tag: 0x00200032, vr: 'DS' as const, value: pos.join('\\') }]] },
    ]);
    const bytes = await writeEnhancedCt({ ...p, extraElements: [{ tag: 0x52009230, vr: 'SQ', value: perFrame }] });
    const scan = await scanDicomSources([sourceFromBytes('enhanced.dcm', bytes)]);
    const e = scan.series[0].summary.error;
    expect(e?.code).toBe('GEOMETRY_INVALID');
    expect(e?.message).toContain('frame 4 has no ImagePositionPatient');
  });
});
