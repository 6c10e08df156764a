/**
 * Finds CT slices whose tissue area disagrees with both neighbours (a defective slice: half the
 * tissue missing, a blank frame). Tissue = voxels above −500 HU. A slice is an outlier when its
 * neighbours agree with each other within 10 % but it differs from their mean by more than 25 %.
 */

/** One suspect slice: its index, its tissue fraction and what its neighbours predict. */
export interface IntensityOutlier { k: number; fraction: number; expected: number }

/** Voxels above this value count as tissue (HU). */
export const TISSUE_HU = -500;

/** Fraction of a slice's voxels above {@link TISSUE_HU} (every 4th voxel: plenty for an area fraction). */
export function tissueFraction(data: ArrayLike<number>, offset: number, plane: number): number {
  let c = 0;
  let total = 0;
  for (let q = 0; q < plane; q += 4) {
    if (data[offset + q] > TISSUE_HU) c++;
    total++;
  }
  return c / total;
}

/**
 * Flags slices that break the continuity of the stack.
 * @param fractions - tissue fraction per slice (NaN entries are computed from `data`)
 * @param skip - slice indexes not to judge (interpolated slices)
 */
export function findIntensityOutliers(data: ArrayLike<number>, ni: number, nj: number, nk: number, skip: number[] = [], fractions?: Float64Array): IntensityOutlier[] {
  const plane = ni * nj;
  const frac = fractions ?? new Float64Array(nk).fill(NaN);
  for (let k = 0; k < nk; k++) if (Number.isNaN(frac[k])) frac[k] = tissueFraction(data, k * plane, plane);
  const out: IntensityOutlier[] = [];
  const skipSet = new Set(skip);
  for (let k = 1; k < nk - 1; k++) {
    if (skipSet.has(k)) continue;
    const lo = frac[k - 1];
    const hi = frac[k + 1];
    const expected = (lo + hi) / 2;
    if (expected < 0.01) continue;
    if (Math.abs(lo - hi) > 0.1 * expected) continue;
    if (Math.abs(frac[k] - expected) > 0.25 * expected) out.push({ k, fraction: frac[k], expected });
  }
  return out;
}
