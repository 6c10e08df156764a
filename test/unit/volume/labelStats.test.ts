// labelStatistics: one pass gives, for every label, the same count and box as a per-label scan, and
// refuses label values a labelmap cannot hold.
import { describe, expect, it } from 'vitest';
import { boundingBoxIjk } from '../../../src/segmentation/labelmap';
import { labelStatistics } from '../../../src/volume/labelStats';
import { rng } from '../segmentation/fixtures';
import { expectJumeauError } from '../../helpers/expectError';

describe('labelStatistics', () => {
  it('matches boundingBoxIjk and a count for each of 5 labels scattered in a 23 × 17 × 11 grid', () => {
    const size: [number, number, number] = [23, 17, 11];
    const r = rng(7);
    const data = new Uint16Array(23 * 17 * 11);
    for (let q = 0; q < data.length; q++) if (r() < 0.05) data[q] = 1 + Math.floor(r() * 5) * 1000; // labels 1, 1001 … 4001
    const stats = labelStatistics({ size, data });
    expect(stats.map((s) => s.label)).toEqual([1, 1001, 2001, 3001, 4001]);
    for (const s of stats) {
      const mask = data.map((v) => (v === s.label ? 1 : 0));
      expect(s.boxIjk).toEqual(boundingBoxIjk(mask, size));
      expect(s.voxelCount).toBe(mask.reduce((n, v) => n + v, 0));
    }
    expect(labelStatistics({ size: [10, 1, 1], data: new Uint8Array(10) })).toEqual([]);
  });
  it('a fractional or negative label is refused, naming the voxel', () => {
    const data = new Float32Array(8);
    data[5] = 2.5;
    expectJumeauError(() => labelStatistics({ size: [2, 2, 2], data }), 'BAD_ARGUMENT', { message: /2\.5/ });
    data[5] = -1;
    expectJumeauError(() => labelStatistics({ size: [2, 2, 2], data }), 'BAD_ARGUMENT', { message: /voxel \(1, 0, 1\)/ });
  });
});
