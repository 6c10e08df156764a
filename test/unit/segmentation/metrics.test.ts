import { describe, expect, it } from 'vitest';
import { isJumeauError } from '../../../src/core/errors';
import { compareMasks, overlapMetrics, percentile, surfaceMetrics } from '../../../src/segmentation/metrics';
import { createMask } from '../../../src/segmentation/labelmap';
import { ballMask, boxMask, grid, maskWhere } from './fixtures';

function expectCode(fn: () => unknown, code: string, subject: string): void {
  try {
    fn();
  } catch (e) {
    expect(isJumeauError(e)).toBe(true);
    expect((e as { code: string }).code).toBe(code);
    expect((e as { subject: string }).subject).toBe(subject);
    expect((e as Error).message).toContain(subject);
    return;
  }
  throw new Error('expected a JumeauError');
}

describe('SEG-01 shifted cube (40³, 1 mm)', () => {
  const g = grid([40, 40, 40]);
  const a = boxMask(g, [10, 10, 10], [30, 30, 30]);
  const b = boxMask(g, [12, 10, 10], [32, 30, 30]);
  it('Dice 0.9, Jaccard 0.818182, HD = HD95 = 2 mm, ASSD 0.67159 mm, |∂A| = |∂B| = 2168', () => {
    const m = compareMasks(a, b);
    expect(m.dice).toBeCloseTo(0.9, 9);
    expect(Math.abs(m.jaccard - 0.818182)).toBeLessThan(1e-5);
    expect(m.hausdorffMm).toBeCloseTo(2, 9);
    expect(m.hd95Mm).toBeCloseTo(2, 9);
    expect(Math.abs(m.assdMm - 0.67159)).toBeLessThan(1e-5);
    expect(m.surfaceVoxelsA).toBe(2168);
    expect(m.surfaceVoxelsB).toBe(2168);
    expect(m.volumeAMl).toBeCloseTo(8, 12);
  });
});

describe('SEG-02 anisotropy: same masks, spacing (2, 1, 1) mm', () => {
  const g = grid([40, 40, 40], [2, 1, 1]);
  const a = boxMask(g, [10, 10, 10], [30, 30, 30]);
  const b = boxMask(g, [12, 10, 10], [32, 30, 30]);
  it('Dice 0.9 unchanged, HD = HD95 = 4 mm, ASSD 1.23247 mm (2.0 / 0.67 would mean spacing was ignored)', () => {
    const m = compareMasks(a, b);
    expect(m.dice).toBeCloseTo(0.9, 9);
    expect(m.hausdorffMm).toBeCloseTo(4, 9);
    expect(m.hd95Mm).toBeCloseTo(4, 9);
    expect(Math.abs(m.assdMm - 1.23247)).toBeLessThan(1e-5);
    expect(m.volumeAMl).toBeCloseTo(16, 12);
  });
  it('NSD@τ: 1 once τ ≥ HD (4 mm), below 1 for τ = 3 mm (the ±i faces, 4 mm apart, drop out)', () => {
    const m = surfaceMetrics(a, b, { toleranceMm: 3 });
    expect(m.nsd).toBeLessThan(1);
    // Regression value of this implementation (no external reference): 3248 of 2 × 2168 surface voxels.
    expect(m.nsd).toBeCloseTo(3248 / 4336, 12);
    expect(surfaceMetrics(a, b, { toleranceMm: 4 }).nsd).toBe(1);
  });
});

describe('SEG-03 identity', () => {
  it('A vs A: Dice 1, HD = HD95 = ASSD = 0', () => {
    const g = grid([30, 30, 30], [0.7, 0.9, 2.5]);
    const a = ballMask(g, [10, 12, 30], 7);
    const m = compareMasks(a, a);
    expect(m.dice).toBe(1);
    expect(m.jaccard).toBe(1);
    expect(m.hausdorffMm).toBe(0);
    expect(m.hd95Mm).toBe(0);
    expect(m.assdMm).toBe(0);
    expect(m.nsd).toBe(1);
  });
});

describe('SEG-04 concentric spheres (48³, centre 23.5, r ≤ 10 and r ≤ 12)', () => {
  const g = grid([48, 48, 48]);
  const a = maskWhere(g, (i, j, k) => (i - 23.5) ** 2 + (j - 23.5) ** 2 + (k - 23.5) ** 2 <= 100);
  const b = maskWhere(g, (i, j, k) => (i - 23.5) ** 2 + (j - 23.5) ** 2 + (k - 23.5) ** 2 <= 144);
  it('4224 and 7208 voxels; Dice 0.73898, HD √6, HD95 √5 (per direction, then max), ASSD 1.8810 mm', () => {
    const m = compareMasks(a, b);
    expect(m.voxelsA).toBe(4224);
    expect(m.voxelsB).toBe(7208);
    expect(Math.abs(m.dice - 0.73898)).toBeLessThan(1e-4);
    expect(Math.abs(m.hausdorffMm - Math.sqrt(6))).toBeLessThan(1e-4);
    expect(Math.abs(m.hd95Mm - Math.sqrt(5))).toBeLessThan(1e-4);
    expect(Math.abs(m.assdMm - 1.881)).toBeLessThan(1e-4);
    expect(m.dice).toBeCloseTo((2 * m.jaccard) / (1 + m.jaccard), 12);
  });
});

describe('metric conventions and bad input', () => {
  it('percentile interpolates linearly like numpy (P95 of 0…10 = 9.5; of [1, 2] = 1.95)', () => {
    expect(percentile(Float64Array.from({ length: 11 }, (_, i) => i), 95)).toBeCloseTo(9.5, 12);
    expect(percentile(Float64Array.from([1, 2]), 95)).toBeCloseTo(1.95, 12);
  });
  it('Dice: both empty → 1, one empty → 0 (brief §1.4)', () => {
    const g = grid([8, 8, 8]);
    const empty = createMask(g);
    const some = boxMask(g, [1, 1, 1], [3, 3, 3]);
    expect(overlapMetrics(empty, empty).dice).toBe(1);
    expect(overlapMetrics(some, empty).dice).toBe(0);
    expect(overlapMetrics(some, empty).jaccard).toBe(0);
  });
  it('an empty segment given to a surface metric throws EMPTY_SEGMENT naming it', () => {
    const g = grid([8, 8, 8]);
    const empty = createMask(g);
    const some = boxMask(g, [1, 1, 1], [3, 3, 3]);
    expectCode(() => surfaceMetrics(some, empty), 'EMPTY_SEGMENT', 'b');
    expectCode(() => compareMasks(empty, some), 'EMPTY_SEGMENT', 'a');
  });
  it('masks on different grids throw GEOMETRY_MISMATCH', () => {
    const a = boxMask(grid([8, 8, 8]), [1, 1, 1], [3, 3, 3]);
    const b = boxMask(grid([8, 8, 8], [1, 1, 2]), [1, 1, 1], [3, 3, 3]);
    expectCode(() => overlapMetrics(a, b), 'GEOMETRY_MISMATCH', 'b');
  });
  it('surface voxels on the array edge count as surface (outside the array is outside)', () => {
    const g = grid([4, 4, 4]);
    const full = maskWhere(g, () => true);
    // All voxels but the 2×2×2 core are on the array edge.
    expect(surfaceMetrics(full, full).surfaceVoxelsA).toBe(64 - 8);
  });
});
