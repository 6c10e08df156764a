import { describe, expect, it } from 'vitest';
import { growFromSeeds } from '../../../src/segmentation/growFromSeeds';
import { createMask } from '../../../src/segmentation/labelmap';
import { overlapMetrics } from '../../../src/segmentation/metrics';
import { threshold } from '../../../src/segmentation/threshold';
import type { Volume } from '../../../src/volume/volume';
import { grid, maskWhere, rng, volumeWhere } from './fixtures';

/** Two balls of radius 12 mm whose centres are 22 mm apart (they overlap; the cut plane is i = 29). */
function touchingBlobs(huA: number, huB: number) {
  const g = grid([60, 40, 40]);
  const inA = (i: number, j: number, k: number) => (i - 18) ** 2 + (j - 20) ** 2 + (k - 20) ** 2 <= 144 && i < 29;
  const inB = (i: number, j: number, k: number) => (i - 40) ** 2 + (j - 20) ** 2 + (k - 20) ** 2 <= 144 && i >= 29;
  const r = rng(21);
  const volume = volumeWhere(g, (i, j, k) => (inA(i, j, k) ? huA : inB(i, j, k) ? huB : 0) + Math.round(20 * r() - 10));
  return { volume, truthA: maskWhere(g, inA), truthB: maskWhere(g, inB) };
}

function seedArray(volume: Volume, seeds: [number, number, number, number][]): Uint8Array {
  const [ni, nj] = volume.size;
  const out = new Uint8Array(volume.data.length);
  for (const [i, j, k, label] of seeds) out[i + ni * (j + nj * k)] = label;
  return out;
}

function labelMask(volume: Volume, labels: ArrayLike<number>, label: number) {
  const m = createMask(volume);
  for (let q = 0; q < labels.length; q++) m.data[q] = labels[q] === label ? 1 : 0;
  return m;
}

describe('grow from seeds (Fast GrowCut variant)', () => {
  it('separates two touching blobs of different intensity given one seed each (inside a threshold mask)', () => {
    const { volume, truthA, truthB } = touchingBlobs(200, 400);
    const within = threshold(volume, { loHu: 100, hiHu: 3071 });
    const seeds = seedArray(volume, [[18, 20, 20, 1], [40, 20, 20, 2]]);
    const { labels, cost } = growFromSeeds(volume, { seeds, within });
    expect(overlapMetrics(labelMask(volume, labels, 1), truthA).dice).toBeGreaterThan(0.99);
    expect(overlapMetrics(labelMask(volume, labels, 2), truthB).dice).toBeGreaterThan(0.99);
    expect(labels[0]).toBe(0); // outside `within`
    expect(cost[18 + 60 * (20 + 40 * 20)]).toBe(0);
  });
  it('with a background seed and no mask, every voxel is labelled and the blobs still separate', () => {
    const { volume, truthA, truthB } = touchingBlobs(200, 400);
    const seeds = seedArray(volume, [[18, 20, 20, 1], [40, 20, 20, 2], [2, 2, 2, 3]]);
    for (const cost of ['difference', 'growcut'] as const) {
      const { labels } = growFromSeeds(volume, { seeds, cost, connectivity: 26 });
      expect(labels.every((l) => l > 0)).toBe(true);
      expect(overlapMetrics(labelMask(volume, labels, 1), truthA).dice).toBeGreaterThan(0.97);
      expect(overlapMetrics(labelMask(volume, labels, 2), truthB).dice).toBeGreaterThan(0.97);
    }
  });
  it('equal intensities: the split follows geodesic distance, near the mid-plane of the neck', () => {
    const { volume, truthA, truthB } = touchingBlobs(300, 300);
    const within = threshold(volume, { loHu: 150, hiHu: 3071 });
    const seeds = seedArray(volume, [[18, 20, 20, 1], [40, 20, 20, 2]]);
    const { labels } = growFromSeeds(volume, { seeds, within });
    expect(overlapMetrics(labelMask(volume, labels, 1), truthA).dice).toBeGreaterThan(0.95);
    expect(overlapMetrics(labelMask(volume, labels, 2), truthB).dice).toBeGreaterThan(0.95);
  });
  it("cost 'growcut' with λ = 0 reproduces the GrowCut cellular automaton's fixed point (random volume, 3 seeds)", () => {
    const g = grid([9, 8, 6]);
    const r = rng(5);
    const data = new Float32Array(9 * 8 * 6).map(() => 1000 * r());
    const volume: Volume = { ...g, data, unit: 'raw' };
    const seeds = seedArray(volume, [[0, 0, 0, 1], [8, 7, 5, 2], [4, 4, 3, 3]]);
    const fast = growFromSeeds(volume, { seeds, cost: 'growcut', distancePenaltyPerMm: 0 }).labels;
    // Reference: synchronous GrowCut (Vezhnevets & Konouchine 2005), 6-neighbourhood, g(x) = 1 − x / range.
    let min = Infinity, max = -Infinity;
    for (const v of data) { min = Math.min(min, v); max = Math.max(max, v); }
    const range = max - min;
    let label = Uint8Array.from(seeds);
    let theta = Float64Array.from(seeds, (s) => (s ? 1 : 0));
    const [ni, nj, nk] = g.size;
    for (let changed = true; changed; ) {
      changed = false;
      const nl = label.slice(), nt = theta.slice();
      for (let k = 0, p = 0; k < nk; k++) for (let j = 0; j < nj; j++) for (let i = 0; i < ni; i++, p++) {
        for (const [di, dj, dk] of [[1, 0, 0], [-1, 0, 0], [0, 1, 0], [0, -1, 0], [0, 0, 1], [0, 0, -1]]) {
          const a = i + di, b = j + dj, c = k + dk;
          if (a < 0 || b < 0 || c < 0 || a >= ni || b >= nj || c >= nk) continue;
          const q = a + ni * (b + nj * c);
          const attack = (1 - Math.abs(data[p] - data[q]) / range) * theta[q];
          if (attack > nt[p] * (1 + 1e-12)) {
            nt[p] = attack;
            nl[p] = label[q];
            changed = true;
          }
        }
      }
      label = nl;
      theta = nt;
    }
    expect(Array.from(fast)).toEqual(Array.from(label));
    expect(new Set(fast).size).toBe(3);
  });
  it('rejects missing seeds and a seed array of the wrong size', () => {
    const { volume } = touchingBlobs(200, 400);
    expect(() => growFromSeeds(volume, { seeds: new Uint8Array(volume.data.length) })).toThrow(/seeds: no seed voxel/);
    expect(() => growFromSeeds(volume, { seeds: new Uint8Array(10) })).toThrow(/seeds: has 10 voxels/);
  });
});
