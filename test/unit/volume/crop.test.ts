// Crop and paste (used by the bone pipelines to work on the bone's box) keep the LPS geometry.
import { describe, expect, it } from 'vitest';
import { cropVolume, pasteInto } from '../../../src/volume/crop';
import { indexToLps, type Volume } from '../../../src/volume/volume';

describe('crop and paste keep the geometry', () => {
  const vol: Volume = {
    size: [7, 5, 4], spacing: [0.7, 1.3, 2.5], origin: [10, -20, 30],
    direction: [0, 1, 0, -1, 0, 0, 0, 0, 1], data: new Int16Array(140).map((_, q) => q), unit: 'HU',
  };
  const box = { min: [2, 1, 1] as [number, number, number], max: [5, 3, 2] as [number, number, number] };
  it('voxel (i, j, k) of the crop is voxel (i+2, j+1, k+1) of the volume, at the same LPS point', () => {
    const c = cropVolume(vol, box);
    expect(c.size).toEqual([4, 3, 2]);
    expect(c.data[0]).toBe(2 + 7 * (1 + 5 * 1));
    expect(c.data[3 + 4 * (2 + 3 * 1)]).toBe(5 + 7 * (3 + 5 * 2));
    indexToLps(c, [3, 2, 1]).forEach((x, a) => expect(x).toBeCloseTo(indexToLps(vol, [5, 3, 2])[a], 12));
  });
  it('paste writes the crop back where it came from, and nothing else', () => {
    const whole = { size: vol.size, data: new Int16Array(140) };
    pasteInto(whole, cropVolume(vol, box), box);
    let inside = 0;
    for (let q = 0; q < 140; q++) if (whole.data[q] !== 0) { inside++; expect(whole.data[q]).toBe(q); }
    expect(inside).toBe(4 * 3 * 2);
  });
});
