import { describe, expect, it } from 'vitest';
import { isJumeauError } from '../../../src/core/errors';
import {
  componentLabelArray,
  connectedComponents,
  keepComponentsAtSeeds,
  keepLargestComponent,
  removeSmallIslands,
  thresholdLargestComponent,
} from '../../../src/segmentation/connectedComponents';
import { threshold } from '../../../src/segmentation/threshold';
import { buildBenchVolume } from '../../../src/segmentation/bench';
import { boxMask, count, firstDifference, grid, maskWhere, rng } from './fixtures';

describe('SEG-05 connectivity (5³ grid)', () => {
  it('(1,1,1) (2,2,2) (3,3,3) (1,3,1) (1,3,2) → 4 / 3 / 1 components for 6 / 18 / 26', () => {
    const pts = ['1,1,1', '2,2,2', '3,3,3', '1,3,1', '1,3,2'];
    const m = maskWhere(grid([5, 5, 5]), (i, j, k) => pts.includes(`${i},${j},${k}`));
    expect(connectedComponents(m, { connectivity: 6 }).count).toBe(4);
    expect(connectedComponents(m, { connectivity: 18 }).count).toBe(3);
    expect(connectedComponents(m, { connectivity: 26 }).count).toBe(1);
  });
});

describe('diagonal chains', () => {
  it('a corner-touching chain is 1 component with 26, n with 6 and 18', () => {
    const n = 12;
    const m = maskWhere(grid([n, n, n]), (i, j, k) => i === j && j === k);
    expect(connectedComponents(m, { connectivity: 26 }).count).toBe(1);
    expect(connectedComponents(m, { connectivity: 18 }).count).toBe(n);
    expect(connectedComponents(m, { connectivity: 6 }).count).toBe(n);
  });
  it('an edge-touching chain (i = j, any k fixed) is 1 with 18 and 26, n with 6', () => {
    const n = 10;
    const m = maskWhere(grid([n, n, 3]), (i, j, k) => i === j && k === 1);
    expect(connectedComponents(m, { connectivity: 18 }).count).toBe(1);
    expect(connectedComponents(m, { connectivity: 6 }).count).toBe(n);
    // Edge neighbours across slices: (i, j, k) — (i, j+1, k+1).
    const m2 = maskWhere(grid([3, n, n]), (i, j, k) => i === 1 && j === k);
    expect(connectedComponents(m2, { connectivity: 18 }).count).toBe(1);
    expect(connectedComponents(m2, { connectivity: 6 }).count).toBe(n);
  });
});

/** Reference labelling by breadth-first search, to check the run-based union-find. */
function bfsCount(data: Uint8Array, size: [number, number, number], conn: 6 | 18 | 26): number[] {
  const [ni, nj, nk] = size;
  const seen = new Uint8Array(data.length);
  const sizes: number[] = [];
  for (let q0 = 0; q0 < data.length; q0++) {
    if (!data[q0] || seen[q0]) continue;
    let n = 0;
    const stack = [q0];
    seen[q0] = 1;
    while (stack.length) {
      const q = stack.pop()!;
      n++;
      const i = q % ni, j = Math.floor(q / ni) % nj, k = Math.floor(q / (ni * nj));
      for (let dk = -1; dk <= 1; dk++) for (let dj = -1; dj <= 1; dj++) for (let di = -1; di <= 1; di++) {
        const nz = Math.abs(di) + Math.abs(dj) + Math.abs(dk);
        if (nz === 0 || (conn === 6 && nz > 1) || (conn === 18 && nz > 2)) continue;
        const a = i + di, b = j + dj, c = k + dk;
        if (a < 0 || b < 0 || c < 0 || a >= ni || b >= nj || c >= nk) continue;
        const p = a + ni * (b + nj * c);
        if (data[p] && !seen[p]) {
          seen[p] = 1;
          stack.push(p);
        }
      }
    }
    sizes.push(n);
  }
  return sizes.sort((x, y) => y - x);
}

describe('run-based labelling', () => {
  it('matches a voxel BFS on random masks for 6, 18 and 26 (counts and size ranking)', () => {
    const r = rng(7);
    for (const density of [0.2, 0.35, 0.5]) {
      const m = maskWhere(grid([17, 13, 11]), () => r() < density);
      for (const c of [6, 18, 26] as const) {
        const cc = connectedComponents(m, { connectivity: c });
        const ref = bfsCount(m.data, m.size, c);
        expect(cc.count).toBe(ref.length);
        expect(Array.from(cc.voxelCounts.slice(1))).toEqual(ref);
        const labels = componentLabelArray(cc);
        let n1 = 0;
        for (let q = 0; q < labels.length; q++) {
          expect(labels[q] !== 0).toBe(m.data[q] !== 0);
          if (labels[q] === 1) n1++;
        }
        expect(n1).toBe(ref[0]);
      }
    }
  });
});

describe('clean-up tools', () => {
  const g = grid([30, 20, 10], [0.5, 0.5, 2]); // voxel 0.5 mm³
  const big = boxMask(g, [2, 2, 2], [12, 12, 6]); // 400 voxels = 200 mm³
  const small = boxMask(g, [20, 2, 2], [24, 6, 4]); // 32 voxels = 16 mm³
  const both = maskWhere(g, (i, j, k) => big.data[i + 30 * (j + 20 * k)] === 1 || small.data[i + 30 * (j + 20 * k)] === 1);
  it('keepLargestComponent keeps the 400-voxel box', () => {
    const m = keepLargestComponent(both);
    expect(count(m)).toBe(400);
    expect(m.data[20 + 30 * (2 + 20 * 2)]).toBe(0);
  });
  it('removeSmallIslands honours the voxel volume in mm³ (16 mm³ island: removed at 17, kept at 16)', () => {
    expect(count(removeSmallIslands(both, { minVolumeMm3: 17 }))).toBe(400);
    expect(count(removeSmallIslands(both, { minVolumeMm3: 16 }))).toBe(432);
    expect(count(removeSmallIslands(both, { minVolumeMm3: 201 }))).toBe(0);
  });
  it('keepComponentsAtSeeds keeps the seeded island only', () => {
    expect(count(keepComponentsAtSeeds(both, { seedsIjk: [[21, 3, 2]] }))).toBe(32);
  });
  it('typed errors: empty mask, seed outside the volume, seed in background, bad connectivity', () => {
    const empty = maskWhere(g, () => false);
    const codeOf = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return isJumeauError(e) ? `${e.code}:${e.subject}` : 'other';
      }
      return 'none';
    };
    expect(codeOf(() => keepLargestComponent(empty))).toBe('EMPTY_SEGMENT:mask');
    expect(codeOf(() => keepComponentsAtSeeds(both, { seedsIjk: [[3, 3, 3], [30, 0, 0]] }))).toBe('SEED_OUTSIDE_VOLUME:seedsIjk[1]');
    expect(codeOf(() => keepComponentsAtSeeds(both, { seedsIjk: [[29, 19, 9]] }))).toBe('EMPTY_SEGMENT:seedsIjk');
    expect(codeOf(() => keepLargestComponent(both, { connectivity: 8 as unknown as 6 }))).toBe('BAD_ARGUMENT:connectivity');
  });
});

describe('fused threshold + largest component', () => {
  it('equals threshold → keepLargestComponent on a CT-like volume (exact bytes, 6 and 26)', () => {
    const v = buildBenchVolume([96, 80, 60]);
    for (const connectivity of [6, 26] as const) {
      const fused = thresholdLargestComponent(v, { loHu: 200, hiHu: 3071, connectivity });
      const twoStep = keepLargestComponent(threshold(v, { loHu: 200, hiHu: 3071 }), { connectivity });
      expect(firstDifference(fused.mask.data, twoStep.data)).toBe(-1);
      expect(fused.voxels).toBe(count(twoStep));
      expect(fused.voxels).toBeGreaterThan(1000);
    }
  });
});
