// segmentHipBones on a real contrast CT (TotalSegmentator's example_ct: 3 mm voxels, lumbar spine and
// lower ribs in view, low-density bone: hip median ≈ 190 HU, sacrum ≈ 100 HU under the reference labels).
// The reference labels are MODEL-PREDICTED (TotalSegmentator), so Dice is agreement with that program.
// KNOWN SHORTFALL: far from the 0.90 target here (threshold + filling caps the five bones' union at Dice
// 0.85 on this 3 mm scan); these are regression floors at the measured level, not a claim of quality
// (see src/segmentation/README.md).
import { beforeAll, describe, expect, it } from 'vitest';
import { readImageFileNode } from '../../../src/cli/imageFiles';
import { isJumeauError } from '../../../src/core/errors';
import { AUTO_HIP_LABELS, segmentHipBones } from '../../../src/segmentation/autoBone';
import { maskOfLabel } from '../../../src/segmentation/labelmap';
import { overlapMetrics } from '../../../src/segmentation/metrics';
import type { Volume } from '../../../src/volume/volume';
import { hasSharedData, shared } from '../../helpers/sharedData';

// [name, our label, TotalSegmentator id, Dice floor (measured − ~0.02)]
const BONES = [
  ['femur left', AUTO_HIP_LABELS.femurLeft, 75, 0.54],
  ['femur right', AUTO_HIP_LABELS.femurRight, 76, 0.43],
  ['hip bone left', AUTO_HIP_LABELS.hipLeft, 77, 0.56],
  ['hip bone right', AUTO_HIP_LABELS.hipRight, 78, 0.58],
  ['sacrum', AUTO_HIP_LABELS.sacrum, 25, 0.18],
] as const;

describe.skipIf(!hasSharedData)('automatic hip bones on ts-abdopelvic-ct (3 mm, contrast) vs TotalSegmentator labels', () => {
  let ct: Volume;
  let seg: Volume;
  beforeAll(async () => {
    ct = await readImageFileNode(shared('ts-abdopelvic-ct', 'example_ct.nii.gz'));
    seg = await readImageFileNode(shared('ts-abdopelvic-ct', 'example_seg_fast_force_split.nii.gz'), 'label');
  }, 60_000);

  it('with the phantom defaults (600 HU surface) no sacrum core is found: a typed error, not a wrong labelmap', () => {
    try {
      segmentHipBones(ct);
      throw new Error('no throw');
    } catch (e) {
      expect(isJumeauError(e, 'EMPTY_SEGMENT')).toBe(true);
      expect((e as Error).message).toMatch(/^bone: cannot separate the hip bones: /);
    }
  });

  it('with a 150 HU surface, per-slice filling and 3 mm-scaled depths, Dice per bone stays at the measured level', () => {
    const t0 = performance.now();
    const r = segmentHipBones(ct, { surfaceHu: 150, coreHu: 150, fillSlices: true, coreDepthsMm: [3, 4.5, 6, 7.5], minCoreMl: 1 });
    const seconds = (performance.now() - t0) / 1000;
    const report: string[] = [];
    for (const [name, auto, ts, floor] of BONES) {
      const dice = overlapMetrics(maskOfLabel(r.labelmap, auto), maskOfLabel(seg, ts)).dice;
      report.push(`${name} ${dice.toFixed(3)}`);
      expect(dice, name).toBeGreaterThanOrEqual(floor);
    }
    console.log(`[ts-abdopelvic] segmentHipBones ${seconds.toFixed(2)} s, depth ${r.coreDepthMm} mm, ${r.cores} cores; Dice vs TotalSegmentator: ${report.join(', ')}`);
  });
});
