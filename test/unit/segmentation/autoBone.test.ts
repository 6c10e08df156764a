import { beforeAll, describe, expect, it } from 'vitest';
import { isJumeauError } from '../../../src/core/errors';
import { buildHipPhantom, HIP_LABELS } from '../../../src/samples/hipPhantom';
import type { PhantomCase } from '../../../src/samples/phantom';
import { AUTO_HIP_LABELS, segmentHipBones } from '../../../src/segmentation/autoBone';
import { maskOfLabel } from '../../../src/segmentation/labelmap';
import { overlapMetrics } from '../../../src/segmentation/metrics';
import { grid, mirroredI, volumeWhere } from './fixtures';

const BONES = [
  ['femur left', AUTO_HIP_LABELS.femurLeft, HIP_LABELS.femurLeft],
  ['femur right', AUTO_HIP_LABELS.femurRight, HIP_LABELS.femurRight],
  ['hip bone left', AUTO_HIP_LABELS.hipLeft, HIP_LABELS.hipLeft],
  ['hip bone right', AUTO_HIP_LABELS.hipRight, HIP_LABELS.hipRight],
  ['sacrum', AUTO_HIP_LABELS.sacrum, HIP_LABELS.sacrum],
] as const;


describe('automatic hip bones on the generated hip phantom', () => {
  let hip: PhantomCase;
  beforeAll(() => {
    hip = buildHipPhantom();
  }, 60_000);

  it('femur L/R, hip bone L/R and sacrum each reach Dice ≥ 0.97 against the exact labels', () => {
    const r = segmentHipBones(hip.volume);
    expect(r.labelmap.segments.map((s) => s.name)).toEqual(BONES.map((b) => b[0]));
    expect(r.labelmap.segments[0].terminology.modifier?.code).toBe('7771000'); // femur left → Left
    for (const [name, auto, truth] of BONES) {
      const dice = overlapMetrics(maskOfLabel(r.labelmap, auto), maskOfLabel(hip.labels, truth)).dice;
      expect(dice, name).toBeGreaterThanOrEqual(0.97);
    }
  }, 20_000);

  it('left and right follow the patient (+x in LPS), not the storage order: a mirrored-i series gives the same bones', () => {
    const vol = mirroredI(hip.volume);
    const labels = mirroredI(hip.labels);
    const r = segmentHipBones(vol);
    for (const [name, auto, truth] of BONES) {
      const dice = overlapMetrics(maskOfLabel(r.labelmap, auto), maskOfLabel(labels, truth)).dice;
      expect(dice, name).toBeGreaterThanOrEqual(0.97);
    }
  }, 20_000);

  it('a volume without bone (MR-like) is a typed EMPTY_SEGMENT error, not an empty labelmap', () => {
    const mr = volumeWhere(grid([30, 30, 20]), (i, j) => 300 + i + j);
    try {
      segmentHipBones(mr);
      throw new Error('no throw');
    } catch (e) {
      expect(isJumeauError(e, 'EMPTY_SEGMENT')).toBe(true);
      expect((e as Error).message).toMatch(/^bone: no voxel at or above 600 HU/);
    }
  });
});
