import { beforeAll, describe, expect, it } from 'vitest';
import { isJumeauError } from '../../../src/core/errors';
import { buildLiverPhantom, LIVER_LABELS } from '../../../src/samples/liverPhantom';
import type { PhantomCase } from '../../../src/samples/phantom';
import { keepComponentsAtSeeds, keepLargestComponent } from '../../../src/segmentation/connectedComponents';
import { threshold } from '../../../src/segmentation/threshold';
import { maskOfLabel } from '../../../src/segmentation/labelmap';
import { overlapMetrics } from '../../../src/segmentation/metrics';
import { open } from '../../../src/segmentation/morphology';
import { confidenceConnected, connectedThreshold } from '../../../src/segmentation/regionGrowing';
import { seedFromLps } from '../../../src/segmentation/seeds';
import { count, firstDifference, grid, maskWhere, rng, volumeWhere } from './fixtures';

/**
 * SEG-06 phantom (the generator lives with the test, as the brief asks): 1 mm voxels, background
 * 40 HU; sphere r = 30 mm of 60 HU ("liver") centred at (35, 40, 45) mm; box 10 × 10 × 60 mm of 55 HU
 * ("IVC") at x 70–80 mm; a 2 × 2-voxel bridge of 55 HU from the sphere to the box; ±3 HU noise.
 */
function seg06Phantom() {
  const g = grid([90, 80, 90]);
  const r = rng(6);
  const inSphere = (i: number, j: number, k: number) => (i - 35) ** 2 + (j - 40) ** 2 + (k - 45) ** 2 <= 900;
  const inBox = (i: number, j: number, k: number) => i >= 70 && i < 80 && j >= 35 && j < 45 && k >= 15 && k < 75;
  const inBridge = (i: number, j: number, k: number) => i >= 60 && i < 70 && (j === 40 || j === 41) && (k === 45 || k === 46);
  const volume = volumeWhere(g, (i, j, k) => (inSphere(i, j, k) ? 60 : inBox(i, j, k) || inBridge(i, j, k) ? 55 : 40) + Math.round(6 * r() - 3));
  return { volume, sphere: maskWhere(g, inSphere), box: maskWhere(g, inBox) };
}

describe('SEG-06 region growing leak guard', () => {
  it('grows through the 2-voxel bridge into the box, then a 2 mm opening + largest component gives the sphere within 2 %', () => {
    const { volume, sphere, box } = seg06Phantom();
    const grown = connectedThreshold(volume, { seedsIjk: [[35, 40, 45]], loHu: 50, hiHu: 70 });
    const sphereVoxels = count(sphere);
    // The leak: sphere + bridge + box.
    expect(count(grown)).toBeGreaterThan(sphereVoxels + 0.9 * count(box));
    const cleaned = keepLargestComponent(open(grown, { radiusMm: 2 }));
    expect(Math.abs(count(cleaned) / sphereVoxels - 1)).toBeLessThan(0.02);
    expect(cleaned.data[75 + 90 * (40 + 80 * 45)]).toBe(0); // box centre gone
    expect(overlapMetrics(cleaned, sphere).dice).toBeGreaterThan(0.99);
  });
});

describe('connected threshold', () => {
  const g = grid([12, 10, 8]);
  const volume = volumeWhere(g, (i) => (i < 6 ? 100 : 300));
  it('fills exactly the connected voxels inside the window', () => {
    expect(count(connectedThreshold(volume, { seedsIjk: [[1, 1, 1]], loHu: 50, hiHu: 150 }))).toBe(6 * 10 * 8);
    expect(count(connectedThreshold(volume, { seedsIjk: [[1, 1, 1], [9, 1, 1]], loHu: 50, hiHu: 350 }))).toBe(12 * 10 * 8);
  });
  it('equals "threshold, then the component under the seed" for 6, 18 and 26 on random data', () => {
    const r = rng(17);
    const noisy = volumeWhere(grid([23, 19, 13]), () => Math.round(100 * r()));
    for (const connectivity of [6, 18, 26] as const) {
      const grown = connectedThreshold(noisy, { seedsIjk: [[11, 9, 6], [2, 3, 4]], loHu: 0, hiHu: 55, connectivity });
      const seeds = ([[11, 9, 6], [2, 3, 4]] as [number, number, number][]).filter(([i, j, k]) => noisy.data[i + 23 * (j + 19 * k)] <= 55);
      const ref = keepComponentsAtSeeds(threshold(noisy, { loHu: 0, hiHu: 55 }), { seedsIjk: seeds, connectivity });
      expect(count(grown)).toBeGreaterThan(50);
      expect(firstDifference(grown.data, ref.data)).toBe(-1);
    }
  });
  it('typed errors: seed outside the volume (names the seed), seed outside the window', () => {
    const err = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        if (isJumeauError(e)) return `${e.code}|${e.subject}|${e.message}`;
      }
      return 'none';
    };
    const outside = err(() => connectedThreshold(volume, { seedsIjk: [[1, 1, 1], [1, 10, 1]], loHu: 50, hiHu: 150 }));
    expect(outside).toMatch(/^SEED_OUTSIDE_VOLUME\|seedsIjk\[1\]\|.*\(1, 10, 1\) is outside the volume/);
    expect(err(() => connectedThreshold(volume, { seedsIjk: [[9, 1, 1]], loHu: 50, hiHu: 150 }))).toMatch(/^EMPTY_SEGMENT\|seedsIjk\|.*seed values: 300/);
    expect(err(() => seedFromLps(volume, [-5, 0, 0]))).toMatch(/^SEED_OUTSIDE_VOLUME\|seedLps\|/);
  });
});

describe('confidence connected on the liver phantom', () => {
  let liver: PhantomCase;
  beforeAll(() => {
    liver = buildLiverPhantom();
  }, 60_000);
  it('from one seed in the right lobe: Dice ≥ 0.95 against the liver label, window ≈ 105 ± 2.5σ HU', () => {
    const seed = seedFromLps(liver.volume, [-60, 20, 5]);
    const r = confidenceConnected(liver.volume, { seedsIjk: [seed], multiplier: 2.5, iterations: 4, initialRadiusVoxels: 2 });
    const truth = maskOfLabel(liver.labels, LIVER_LABELS.liver);
    const m = overlapMetrics(r.mask, truth);
    expect(m.dice).toBeGreaterThanOrEqual(0.95);
    expect(Math.abs(r.meanHu - 105)).toBeLessThan(3); // design value 105 HU
    expect(r.sigmaHu).toBeGreaterThan(9); // noise σ 12 HU, partial volume adds some
    expect(r.sigmaHu).toBeLessThan(16);
    expect(r.hiHu - r.loHu).toBeCloseTo(5 * r.sigmaHu, 6);
    expect(r.voxelsPerRound).toHaveLength(5);
  });
});
