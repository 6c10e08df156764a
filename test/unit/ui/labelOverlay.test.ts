// The label overlay colours exactly the voxels of the shown slice, with the slice view's flips.
import { describe, expect, it } from 'vitest';
import { blendCroppedLabelsRgba, blendLabelsRgba } from '../../../src/ui/logic/labelOverlay';
import { planAxialView, renderSliceRgba } from '../../../src/ui/logic/sliceView';
import type { Volume } from '../../../src/volume/volume';

describe('blendLabelsRgba', () => {
  // 4 × 3 × 2 volume stored with i running to the patient's RIGHT (direction x negated): the view flips x.
  const vol: Volume = { size: [4, 3, 2], spacing: [1, 1, 1], origin: [0, 0, 0], direction: [-1, 0, 0, 0, 1, 0, 0, 0, 1], data: new Int16Array(24).fill(40), unit: 'HU' };
  const labels = new Uint8Array(24);
  labels[0 + 4 * (1 + 3 * 1)] = 2; // i = 0 is the patient-leftmost column here, so it shows on the screen right
  it('paints label 2 at the flipped screen position of slice 1 only, blended 45 %', () => {
    const plan = planAxialView(vol);
    expect(plan.flipX).toBe(true);
    const rgba = renderSliceRgba(vol, plan, 1, { width: 400, level: 40 });
    const grey = rgba[0];
    const n = blendLabelsRgba(labels, vol.size, plan, 1, [undefined, [255, 0, 0], [0, 0, 255]], 0.45, rgba);
    expect(n).toBe(1);
    const p = 4 * (1 * 4 + 3); // screen x = 3 (rightmost: patient left), y = 1
    expect(rgba[p]).toBe(Math.round(0.55 * grey));
    expect(rgba[p + 2]).toBe(Math.round(0.55 * grey + 0.45 * 255));
    for (let q = 0; q < 12; q++) if (q !== 7) expect(rgba[4 * q + 2]).toBe(grey);
    const other = renderSliceRgba(vol, plan, 0, { width: 400, level: 40 });
    expect(blendLabelsRgba(labels, vol.size, plan, 0, [undefined, [255, 0, 0], [0, 0, 255]], 0.45, other)).toBe(0);
  });
  it('labels without a colour are left grey', () => {
    const plan = planAxialView(vol);
    const rgba = renderSliceRgba(vol, plan, 1, { width: 400, level: 40 });
    expect(blendLabelsRgba(labels, vol.size, plan, 1, [undefined, [255, 0, 0]], 0.45, rgba)).toBe(0);
  });
});

describe('blendCroppedLabelsRgba', () => {
  it('draws labels held on a crop at the same screen pixels as the full-grid overlay would', () => {
    const vol: Volume = { size: [4, 3, 2], spacing: [1, 1, 1], origin: [0, 0, 0], direction: [-1, 0, 0, 0, 1, 0, 0, 0, 1], data: new Int16Array(24).fill(40), unit: 'HU' };
    const plan = planAxialView(vol);
    const full = new Uint8Array(24);
    full[0 + 4 * (1 + 3 * 1)] = 3;
    full[1 + 4 * (2 + 3 * 1)] = 1;
    // The same labels on the crop i 0…1, j 1…2, k 1 (2 × 2 × 1).
    const crop = new Uint16Array(4);
    crop[0 + 2 * 0] = 3;
    crop[1 + 2 * 1] = 1;
    const colours: [number, number, number][] = [[0, 0, 0], [255, 0, 0], [0, 255, 0], [0, 0, 255]];
    const a = renderSliceRgba(vol, plan, 1, { width: 400, level: 40 });
    const b = renderSliceRgba(vol, plan, 1, { width: 400, level: 40 });
    expect(blendLabelsRgba(full, vol.size, plan, 1, [undefined, ...colours.slice(1)], 0.45, a)).toBe(2);
    expect(blendCroppedLabelsRgba(crop, [0, 1, 1], [2, 2, 1], plan, 1, [undefined, ...colours.slice(1)], 0.45, b)).toBe(2);
    expect(b).toEqual(a);
    expect(blendCroppedLabelsRgba(crop, [0, 1, 1], [2, 2, 1], plan, 0, [undefined, ...colours.slice(1)], 0.45, renderSliceRgba(vol, plan, 0, { width: 400, level: 40 }))).toBe(0);
  });
});
