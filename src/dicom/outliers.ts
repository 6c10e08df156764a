/**
 * Finds CT slices whose tissue area disagrees with both neighbours (a defective slice: half the
 * tissue missing, a blank frame). Tissue = voxels above −500 HU. A slice is an outlier when its
 * neighbours agree with each other within 10 % but it differs from their mean by more than 25 %.
 */

/** One suspect slice: its index, its tissue fraction and what its neighbours predict. */
export interface IntensityOutlier { k: number; fraction: number; expected: number }

const TISSUE_HU = -500;

/** Scans a CT volume (i fastest) for slices whose tissue area breaks the continuity of the stack. */
export function findIntensityOutliers(data: ArrayLike<number>, ni: number, nj: number, nk: number, skip: number[] = []): IntensityOutlier[] {
  const plane = ni * nj;
  const frac = new Float64Array(nk);
  for (let k = 0; k < nk; k++) {
    // Every 4th voxel is plenty to estimate an area fraction (and 4× cheaper on 512² slices).
    let c = 0;
    let total = 0;
    const off = k * plane;
    for (let q = 0; q < plane; q += 4) {
      if (data[off + q] > TISSUE_HU) c++;
      total++;
    }
    frac[k] = c / total;
  }
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
