import { describe, expect, it } from 'vitest';
import { isJumeauError } from '../../../src/core/errors';
import { THRESHOLD_PRESETS, resolveHuRange, threshold } from '../../../src/segmentation/threshold';
import { buildHipPhantom, HIP_LABELS } from '../../../src/samples/hipPhantom';
import { maskOfLabel, maskVolumeMl } from '../../../src/segmentation/labelmap';
import type { Volume } from '../../../src/volume/volume';
import { count, grid, volumeWhere } from './fixtures';

describe('threshold', () => {
  const g = grid([10, 1, 1]);
  const v = volumeWhere(g, (i) => [-1000, -100, 40, 99, 100, 300, 301, 599, 600, 3071][i]);
  it('is inclusive at both ends (Int16 fast path)', () => {
    expect(Array.from(threshold(v, { loHu: 100, hiHu: 300 }).data)).toEqual([0, 0, 0, 0, 1, 1, 0, 0, 0, 0]);
    expect(Array.from(threshold(v, { preset: 'corticalBone' }).data)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1, 1]);
    expect(Array.from(threshold(v, { preset: 'softTissue' }).data)).toEqual([0, 0, 1, 1, 1, 0, 0, 0, 0, 0]);
  });
  it('gives the same mask for Float32 data with fractional bounds', () => {
    const f: Volume = { ...v, data: Float32Array.from(v.data) };
    expect(threshold(f, { loHu: 99.5, hiHu: 300.5 }).data).toEqual(threshold(v, { loHu: 99.5, hiHu: 300.5 }).data);
    expect(Array.from(threshold(v, { loHu: 99.5, hiHu: 300.5 }).data)).toEqual([0, 0, 0, 0, 1, 1, 0, 0, 0, 0]);
  });
  it('explicit bounds override a preset; presets carry their source', () => {
    expect(resolveHuRange({ preset: 'bone', loHu: 250 })).toEqual([250, 3071]);
    for (const p of Object.values(THRESHOLD_PRESETS)) {
      expect(p.loHu).toBeLessThan(p.hiHu);
      expect(p.source).toMatch(/brief §1\.1/);
    }
    expect(THRESHOLD_PRESETS.bone.loHu).toBe(200);
    expect(THRESHOLD_PRESETS.cancellousBone).toMatchObject({ loHu: 100, hiHu: 300 });
  });
  it('a range that selects nothing throws EMPTY_SEGMENT with the volume range in the message', () => {
    try {
      threshold(v, { loHu: 3072, hiHu: 4000 });
      throw new Error('no throw');
    } catch (e) {
      expect(isJumeauError(e, 'EMPTY_SEGMENT')).toBe(true);
      expect((e as Error).message).toBe('loHu…hiHu: threshold [3072, 4000] HU selects no voxel (the volume spans -1000…3071 HU)');
    }
    expect(count(threshold(v, { loHu: 3072, hiHu: 4000, allowEmpty: true }))).toBe(0);
  });
  it('reversed, missing or unknown ranges are BAD_ARGUMENT naming the field', () => {
    expect(() => threshold(v, { loHu: 300, hiHu: 100 })).toThrow(/^loHu: loHu 300 is above hiHu 100/);
    expect(() => threshold(v, { loHu: 300 })).toThrow(/^hiHu: must be a finite number/);
    expect(() => threshold(v, { preset: 'metal' as 'bone' })).toThrow(/^preset: unknown preset "metal"/);
  });
  it('bone preset on the hip phantom covers every bone label (cortex + core) but not soft tissue', () => {
    const hip = buildHipPhantom();
    const bone = threshold(hip.volume, { preset: 'bone' });
    let boneLabelled = 0, inMask = 0;
    for (let q = 0; q < bone.data.length; q++) {
      if (hip.labels.data[q] === 0) continue;
      boneLabelled++;
      if (bone.data[q]) inMask++;
    }
    // Marrow (−40 HU) inside the femoral shafts is labelled femur but not bone-dense: a few % miss.
    expect(inMask / boneLabelled).toBeGreaterThan(0.9);
    // 2500 HU marker bead + partial volume are the only unlabelled dense voxels of note.
    expect(count(bone)).toBeLessThan(boneLabelled * 1.05);
    expect(maskVolumeMl(maskOfLabel(hip.labels, HIP_LABELS.sacrum))).toBeGreaterThan(50);
  }, 20_000);
});
