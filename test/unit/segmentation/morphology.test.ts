import { describe, expect, it } from 'vitest';
import { signedDistanceMm, squaredDistanceMm2 } from '../../../src/segmentation/distanceTransform';
import { close, dilate, erode, open } from '../../../src/segmentation/morphology';
import { fillHoles } from '../../../src/segmentation/holes';
import { ballMask, boxMask, count, grid, maskWhere, rng } from './fixtures';

describe('exact Euclidean distance transform (mm, anisotropic)', () => {
  it('equals brute force on random sparse features with spacing (0.7, 1.3, 2.5) mm', () => {
    const r = rng(3);
    const size: [number, number, number] = [13, 11, 9];
    const sp: [number, number, number] = [0.7, 1.3, 2.5];
    const feat = maskWhere(grid(size, sp), () => r() < 0.02);
    const pts: number[][] = [];
    for (let k = 0, q = 0; k < 9; k++) for (let j = 0; j < 11; j++) for (let i = 0; i < 13; i++, q++) if (feat.data[q]) pts.push([i, j, k]);
    expect(pts.length).toBeGreaterThan(5);
    const d2 = squaredDistanceMm2(feat.data, size, sp);
    let maxErr = 0;
    for (let k = 0, q = 0; k < 9; k++) for (let j = 0; j < 11; j++) for (let i = 0; i < 13; i++, q++) {
      let best = Infinity;
      for (const [a, b, c] of pts) best = Math.min(best, ((i - a) * sp[0]) ** 2 + ((j - b) * sp[1]) ** 2 + ((k - c) * sp[2]) ** 2);
      maxErr = Math.max(maxErr, Math.abs(d2[q] - best) / Math.max(1, best));
    }
    expect(maxErr).toBeLessThan(1e-6);
  });
  it('is Infinity everywhere without a feature voxel', () => {
    const d2 = squaredDistanceMm2(new Uint8Array(27), [3, 3, 3], [1, 1, 1]);
    expect(Array.from(d2).every((v) => v === Infinity)).toBe(true);
  });
  it('signed distance: −(distance to outside) inside, + outside; array edge counts as outside', () => {
    const g = grid([9, 9, 9], [2, 1, 1]);
    const m = boxMask(g, [0, 2, 2], [5, 7, 7]);
    const sd = signedDistanceMm(m);
    const at = (i: number, j: number, k: number) => sd[i + 9 * (j + 9 * k)];
    expect(at(0, 4, 4)).toBeCloseTo(-2, 6); // 1 voxel (2 mm) from the array edge at i = −1
    expect(at(2, 4, 4)).toBeCloseTo(-3, 6); // 3 voxels (3 mm) from j = 1 / k = 1; i-edge is 3 × 2 mm
    expect(at(5, 4, 4)).toBeCloseTo(2, 6);
    expect(at(8, 4, 4)).toBeCloseTo(8, 6);
  });
});

describe('morphology with a radius in mm on anisotropic spacing', () => {
  // Grid of 0.4 × 0.6 × 1.0 mm; balls centred off-grid at c.
  const sp: [number, number, number] = [0.4, 0.6, 1.0];
  const g = grid([110, 74, 44], sp);
  const c: [number, number, number] = [22.1, 21.9, 22.3];
  const voxelMm3 = sp[0] * sp[1] * sp[2];
  const ball = (r: number) => ballMask(g, c, r);
  const analytic = (r: number) => (4 / 3) * Math.PI * r ** 3;
  const distMm = (q: number) => {
    const i = q % 110, j = Math.floor(q / 110) % 74, k = Math.floor(q / (110 * 74));
    return Math.hypot(i * sp[0] - c[0], j * sp[1] - c[1], k * sp[2] - c[2]);
  };

  it('dilating a 10 mm ball by 5 mm: volume of the 15 mm ball within 5 % (measured −2.3 %: digital-ball bias)', () => {
    const d = dilate(ball(10), { radiusMm: 5 });
    const v = count(d) * voxelMm3;
    expect(Math.abs(v / analytic(15) - 1)).toBeLessThan(0.05);
    // Sandwich: nothing beyond 15 mm (a radius taken in voxels would reach 5 voxels = 12.5 mm along i),
    // everything within 15 − 2e mm, e = half the voxel diagonal (every ball point is within e of a voxel centre).
    const e = 0.5 * Math.hypot(...sp);
    let beyond = 0, missing = 0;
    for (let q = 0; q < d.data.length; q++) {
      const r = distMm(q);
      if (r > 15 + 1e-9 && d.data[q]) beyond++;
      if (r <= 15 - 2 * e && !d.data[q]) missing++;
    }
    expect([beyond, missing]).toEqual([0, 0]);
  });
  it('eroding a 15 mm ball by 5 mm: volume of the 10 mm ball within 5 % (measured +2.4 %), inside the 10 mm ball', () => {
    const er = erode(ball(15), { radiusMm: 5 });
    expect(Math.abs((count(er) * voxelMm3) / analytic(10) - 1)).toBeLessThan(0.05);
    let beyond = 0;
    for (let q = 0; q < er.data.length; q++) if (er.data[q] && distMm(q) > 10 + 0.5 * Math.hypot(...sp)) beyond++;
    expect(beyond).toBe(0);
  });
  it('erosion is the dual of dilation of the complement (inside the array), exactly', () => {
    const r = rng(11);
    const m = maskWhere(grid([20, 18, 12], [0.6, 0.9, 1.5]), (i, j, k) => (i - 10) ** 2 / 40 + (j - 9) ** 2 / 30 + (k - 6) ** 2 / 12 < 1 + 0.6 * r());
    const e = erode(m, { radiusMm: 1.5 });
    const inv = maskWhere(m, (i, j, k) => m.data[i + 20 * (j + 18 * k)] === 0);
    const di = dilate(inv, { radiusMm: 1.5 });
    expect(count(e)).toBeGreaterThan(100);
    for (let q = 0; q < m.data.length; q++) expect(e.data[q]).toBe(di.data[q] ? 0 : 1);
  });
  it('a 1 mm radius reaches 1 voxel along i (0.6 mm) but not along k (1.5 mm)', () => {
    const one = maskWhere(grid([80, 56, 36], [0.6, 0.9, 1.5]), (i, j, k) => i === 40 && j === 28 && k === 18);
    const d = dilate(one, { radiusMm: 1 });
    expect(count(d)).toBe(1 + 2 + 2); // (±1, 0, 0) 0.6 mm, (0, ±1, 0) 0.9 mm; (±1, ±1, 0) is 1.08 mm
  });
  it('open removes a bridge thinner than 2r and keeps the blobs; close fills a gap narrower than 2r', () => {
    const gg = grid([60, 30, 30]);
    const blobs = maskWhere(gg, (i, j, k) => ((i - 15) ** 2 + (j - 15) ** 2 + (k - 15) ** 2 <= 64) || ((i - 45) ** 2 + (j - 15) ** 2 + (k - 15) ** 2 <= 64) || (j >= 14 && j <= 15 && k >= 14 && k <= 15 && i >= 15 && i <= 45));
    const opened = open(blobs, { radiusMm: 2 });
    expect(opened.data[30 + 60 * (15 + 30 * 15)]).toBe(0);
    expect(opened.data[15 + 60 * (15 + 30 * 15)]).toBe(1);
    const twoBalls = count(maskWhere(gg, (i, j, k) => ((i - 15) ** 2 + (j - 15) ** 2 + (k - 15) ** 2 <= 64) || ((i - 45) ** 2 + (j - 15) ** 2 + (k - 15) ** 2 <= 64)));
    expect(Math.abs(count(opened) - twoBalls) / twoBalls).toBeLessThan(0.05);
    const slit = maskWhere(gg, (i, j, k) => i >= 10 && i < 50 && j >= 5 && j < 25 && k >= 5 && k < 25 && i !== 30);
    const closed = close(slit, { radiusMm: 1 });
    // The slit's interior (18 × 18) is filled; its 76 rim voxels on the box's edges stay open
    // (the ball does not reach round the box's edge), the rest of the box is unchanged.
    let interior = 0;
    for (let k = 6; k < 24; k++) for (let j = 6; j < 24; j++) interior += closed.data[30 + 60 * (j + 30 * k)];
    expect(interior).toBe(18 * 18);
    expect(count(closed)).toBe(count(slit) + 18 * 18);
  });
  it('erosion does not eat a structure from the array edge (boundary counts as foreground)', () => {
    const gg = grid([20, 20, 20]);
    const slab = maskWhere(gg, (_i, _j, k) => k < 6);
    const e = erode(slab, { radiusMm: 2 });
    expect(e.data[10 + 20 * (10 + 20 * 0)]).toBe(1);
    expect(e.data[10 + 20 * (10 + 20 * 3)]).toBe(1);
    expect(e.data[10 + 20 * (10 + 20 * 4)]).toBe(0);
  });
  it('rejects a negative radius naming the field', () => {
    expect(() => dilate(ball(3), { radiusMm: -1 })).toThrow(/radiusMm/);
  });
});

describe('hole filling', () => {
  const g = grid([20, 20, 20]);
  // A hollow box (shell 2 voxels) with a cavity, plus a tube open at both k ends.
  const shell = maskWhere(g, (i, j, k) => i >= 2 && i < 12 && j >= 2 && j < 12 && k >= 2 && k < 12 && !(i >= 4 && i < 10 && j >= 4 && j < 10 && k >= 4 && k < 10));
  const tube = maskWhere(g, (i, j) => i >= 13 && i < 19 && j >= 13 && j < 19 && !(i >= 15 && i < 17 && j >= 15 && j < 17));
  it('3-D fills the enclosed cavity (216 voxels) but not the open tube lumen', () => {
    expect(count(fillHoles(shell)) - count(shell)).toBe(216);
    expect(count(fillHoles(tube))).toBe(count(tube));
  });
  it('per slice fills the tube lumen on every slice (4 × 20 voxels) and the cavity slices', () => {
    expect(count(fillHoles(tube, { mode: 'slice' })) - count(tube)).toBe(80);
    expect(count(fillHoles(shell, { mode: 'slice' })) - count(shell)).toBe(216);
  });
});
