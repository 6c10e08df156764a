import { describe, expect, it } from 'vitest';
import { portalVenousAdequacy, regionStatistics, steatosisFlag } from '../../../src/segmentation/liverIntensity';
import { createLabelmap, createMask, maskOfLabel, sameGeometry } from '../../../src/segmentation/labelmap';
import { CATEGORY, LATERALITY, PROPERTY_TYPE, isVerifiedCode, terminologyOf } from '../../../src/segmentation/terminology';
import { boxMask, grid, volumeWhere } from './fixtures';

describe('SEG-07 steatosis flag (unenhanced liver ≤ 40 HU [S9b])', () => {
  it('mean 45 HU → no flag; 38 HU → "steatosis likely"; 40 HU (boundary) → flagged', () => {
    expect(steatosisFlag(45)).toMatchObject({ flagged: false, flag: null });
    expect(steatosisFlag(38)).toMatchObject({ flagged: true, flag: 'steatosis likely' });
    expect(steatosisFlag(40).flagged).toBe(true);
    expect(steatosisFlag(38, { thresholdHu: 35 }).flagged).toBe(false);
  });
  it('from an ROI: a liver region of mean 45 HU and one of 38 HU', () => {
    const g = grid([20, 10, 4]);
    // Left half alternates 43/47 (mean 45), right half 36/40 (mean 38).
    const v = volumeWhere(g, (i, j) => (i < 10 ? (j % 2 ? 43 : 47) : j % 2 ? 36 : 40));
    const left = regionStatistics(v, boxMask(g, [0, 0, 0], [10, 10, 4]));
    const right = regionStatistics(v, boxMask(g, [10, 0, 0], [20, 10, 4]));
    expect(left).toEqual({ voxels: 400, mean: 45, sigma: 2 });
    expect(right.mean).toBe(38);
    expect(steatosisFlag(left.mean).flag).toBeNull();
    expect(steatosisFlag(right.mean).flag).toBe('steatosis likely');
    expect(() => regionStatistics(v, createMask(g))).toThrow(/^mask: has no voxel/);
  });
});

describe('SEG-08 portal-venous enhancement adequacy (Δ ≥ 50 HU [S9b])', () => {
  it('58 → 102 HU: Δ 44, suboptimal; 58 → 115 HU: Δ 57, adequate; Δ exactly 50 is adequate', () => {
    expect(portalVenousAdequacy(58, 102)).toMatchObject({ deltaHu: 44, adequate: false, verdict: 'suboptimal enhancement' });
    expect(portalVenousAdequacy(58, 115)).toMatchObject({ deltaHu: 57, adequate: true, verdict: 'adequate enhancement' });
    expect(portalVenousAdequacy(58, 108).adequate).toBe(true);
    expect(() => portalVenousAdequacy(58, NaN)).toThrow(/^portalVenousMeanHu:/);
  });
});

describe('terminology (SNOMED CT as DICOM SEG uses it)', () => {
  it('femur left: category Anatomical Structure 91723000, type 71341001, modifier Left 7771000', () => {
    expect(terminologyOf('femur', 'L')).toEqual({
      category: { scheme: 'SCT', code: '91723000', meaning: 'Anatomical Structure' },
      type: { scheme: 'SCT', code: '71341001', meaning: 'Femur' },
      modifier: { scheme: 'SCT', code: '7771000', meaning: 'Left' },
    });
    expect(terminologyOf('hipBone', 'R').modifier).toEqual(LATERALITY.R);
    expect(LATERALITY.R.code).toBe('24028007');
  });
  it('a neoplasm is a Morphologically Abnormal Structure (49755003) of type 108369006, no laterality', () => {
    const t = terminologyOf('neoplasm');
    expect(t.category).toEqual(CATEGORY.morphologicallyAbnormal);
    expect(t.type.code).toBe('108369006');
    expect(t.modifier).toBeUndefined();
  });
  it('codes of the structures Jumeau segments, all verified against a published mapping', () => {
    const codes = Object.fromEntries(Object.entries(PROPERTY_TYPE).map(([k, v]) => [k, v.code]));
    expect(codes).toEqual({
      femur: '71341001', hipBone: '118645006', sacrum: '54735007', tibia: '12611008', fibula: '87342007',
      patella: '64234005', liver: '10200004', portalVein: '32764006', hepaticVein: '8993003', neoplasm: '108369006',
    });
    expect(isVerifiedCode(PROPERTY_TYPE.femur)).toBe(true);
    // 29850006 was "Iliac crest" (DICOM CID 1005): replaced; 8993003 "Hepatic Vein" is in DICOM CID 12114.
    for (const c of Object.values(PROPERTY_TYPE)) expect(isVerifiedCode(c), c.meaning).toBe(true);
    expect(isVerifiedCode({ scheme: 'SCT', code: '29850006', meaning: 'Iliac crest' })).toBe(false);
  });
});

describe('labelmap', () => {
  const g = grid([6, 5, 4], [0.5, 0.5, 3]);
  it('shares the geometry, holds segments, and extracts one label as a mask', () => {
    const lm = createLabelmap(g, { segments: [{ label: 3, name: 'sacrum', colorRgb: [200, 120, 220], terminology: terminologyOf('sacrum') }] });
    expect(sameGeometry(lm, g)).toBe(true);
    expect(lm.unit).toBe('label');
    expect(lm.data).toBeInstanceOf(Uint8Array);
    lm.data[7] = 3;
    lm.data[8] = 2;
    const m = maskOfLabel(lm, 3);
    expect(Array.from(m.data.slice(6, 10))).toEqual([0, 1, 0, 0]);
    expect(createLabelmap(g, { bits: 16 }).data).toBeInstanceOf(Uint16Array);
  });
  it('refuses duplicate or out-of-range labels, naming the segment', () => {
    const seg = { name: 'x', colorRgb: [1, 2, 3] as [number, number, number], terminology: terminologyOf('liver') };
    expect(() => createLabelmap(g, { segments: [{ ...seg, label: 1 }, { ...seg, label: 1 }] })).toThrow(/^segments\[1\]\.label: label 1 is used twice/);
    expect(() => createLabelmap(g, { segments: [{ ...seg, label: 256 }] })).toThrow(/^segments\[0\]\.label/);
    expect(() => createMask(g, new Uint8Array(3))).toThrow(/^mask data: has 3 voxels/);
  });
});
