// labelBoxesIjk: one pass gives, for every label, the same count and box as a per-label scan.
import { describe, expect, it } from 'vitest';
import { boundingBoxIjk, labelBoxesIjk } from '../../../src/segmentation/labelmap';
import { rng } from './fixtures';

describe('labelBoxesIjk', () => {
  it('matches boundingBoxIjk and a count for each of 5 labels scattered in a 23 × 17 × 11 grid', () => {
    const size: [number, number, number] = [23, 17, 11];
    const r = rng(7);
    const data = new Uint16Array(23 * 17 * 11);
    for (let q = 0; q < data.length; q++) if (r() < 0.05) data[q] = 1 + Math.floor(r() * 5) * 1000; // labels 1, 1001 … 4001
    const boxes = labelBoxesIjk(data, size);
    expect([...boxes.keys()].sort((a, b) => a - b)).toEqual([1, 1001, 2001, 3001, 4001]);
    for (const [label, b] of boxes) {
      const mask = data.map((v) => (v === label ? 1 : 0));
      expect({ min: b.min, max: b.max }).toEqual(boundingBoxIjk(mask, size));
      expect(b.voxels).toBe(mask.reduce((n, v) => n + v, 0));
    }
    expect(labelBoxesIjk(new Uint8Array(10), [10, 1, 1]).size).toBe(0);
  });
});
