import { describe, it, expect } from 'vitest';
import { fillGaussian, hash128, mulberry32, uidFromName } from '../../../src/samples/random';
import type { Shape } from '../../../src/samples/sdf';
import {
  cappedCone,
  cappedCylinder,
  ellipsoid,
  ellipticPrismZ,
  frameFrom,
  sphere,
  subtract,
  torus,
  tube,
} from '../../../src/samples/sdf';
import { createCanvas, finishCanvas, gridCovering, paintLayer } from '../../../src/samples/rasterize';
import type { GridGeometry } from '../../../src/samples/rasterize';
import type { Mat3 } from '../../../src/volume/volume';

const GRID = gridCovering([-40, -40, -40], [40, 40, 40], [1.1, 1.3, 1.7]);

function rasterVolumes(shape: Shape, grid: GridGeometry = GRID) {
  const canvas = createCanvas(grid, 0);
  const stats = paintLayer(canvas, shape, { hu: 1000, label: 7 });
  let labelled = 0;
  let huSum = 0;
  for (let n = 0; n < canvas.labels.length; n++) {
    if (canvas.labels[n] === 7) labelled++;
    huSum += canvas.hu[n];
  }
  const voxelMm3 = grid.spacing[0] * grid.spacing[1] * grid.spacing[2];
  return { labelMm3: labelled * voxelMm3, coverageMm3: stats.coverageVoxels * voxelMm3, huMm3: (huSum / 1000) * voxelMm3, stats };
}

describe('seeded randomness', () => {
  it('mulberry32 repeats for a seed and differs between seeds', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const seqA = Array.from({ length: 5 }, a);
    expect(Array.from({ length: 5 }, b)).toEqual(seqA);
    expect(Array.from({ length: 5 }, c)).not.toEqual(seqA);
    expect(seqA.every((v) => v >= 0 && v < 1)).toBe(true);
  });

  it('Gaussian noise has the requested mean and σ', () => {
    const out = new Float64Array(200_000);
    fillGaussian(out, mulberry32(7), 15);
    const mean = out.reduce((s, v) => s + v, 0) / out.length;
    const sd = Math.sqrt(out.reduce((s, v) => s + (v - mean) ** 2, 0) / out.length);
    expect(Math.abs(mean)).toBeLessThan(0.15);
    expect(sd).toBeGreaterThan(14.9);
    expect(sd).toBeLessThan(15.1);
  });

  it('UIDs are 2.25 decimal UUIDs derived from the name only', () => {
    const uid = uidFromName('jumeau/hip/study');
    expect(uid).toBe(uidFromName('jumeau/hip/study'));
    expect(uid).not.toBe(uidFromName('jumeau/knee/study'));
    expect(uid).toMatch(/^2\.25\.[1-9]\d*$/);
    expect(uid.length).toBeLessThanOrEqual(64);
    const value = BigInt(uid.slice(5));
    expect(value < 1n << 128n).toBe(true);
    expect(Number((value >> 76n) & 0xfn)).toBe(8); // UUID version 8
    expect(hash128('a')).not.toEqual(hash128('b'));
  });
});

describe('shape rasterisation against analytic volumes', () => {
  const cases: { name: string; shape: Shape; volumeMm3: number }[] = [
    { name: 'sphere r=17', shape: sphere([1.3, -2.1, 0.7], 17), volumeMm3: (4 / 3) * Math.PI * 17 ** 3 },
    {
      name: 'oblique ellipsoid 25×14×9',
      shape: ellipsoid([0.4, 0.2, -0.3], [25, 14, 9], frameFrom([1, 1, 0.3], [0, 0.2, 1])),
      volumeMm3: (4 / 3) * Math.PI * 25 * 14 * 9,
    },
    {
      name: 'oblique cylinder r=8 L=50',
      shape: cappedCylinder([-20, -15, -10], [17, 18, 15.5], 8),
      volumeMm3: Math.PI * 64 * Math.hypot(37, 33, 25.5),
    },
    {
      name: 'cone r 12→5 L=45',
      shape: cappedCone([3, 2, -22], [3, 2, 23], 12, 5),
      volumeMm3: (Math.PI * 45 * (144 + 60 + 25)) / 3,
    },
    { name: 'torus R=20 r=6', shape: torus([0.5, 0, 0], [0.3, 1, 0.5], 20, 6), volumeMm3: 2 * Math.PI ** 2 * 20 * 36 },
    {
      name: 'oblique capsule r=7 L=40',
      shape: tube([[-16, -8, -9.6], [16, 8, 9.6]], 7),
      volumeMm3: Math.PI * 49 * Math.hypot(32, 16, 19.2) + (4 / 3) * Math.PI * 343,
    },
    {
      name: 'elliptic prism 30×20, 40 high',
      shape: ellipticPrismZ(0.3, -0.2, 30, 20, -20, 20),
      volumeMm3: Math.PI * 30 * 20 * 40,
    },
    {
      name: 'hollow sphere 20 − 12',
      shape: subtract(sphere([0, 0, 0], 20), sphere([0, 0, 0], 12)),
      volumeMm3: (4 / 3) * Math.PI * (8000 - 1728),
    },
  ];

  for (const c of cases) {
    // 3×3×3 sub-samples resolve a face parallel to a grid plane only to 1/3 voxel, hence 1 %.
    it(`${c.name}: centre-rule label volume within 2 %, partial-volume coverage within 1 %`, () => {
      const r = rasterVolumes(c.shape);
      expect(Math.abs(r.labelMm3 / c.volumeMm3 - 1)).toBeLessThan(0.02);
      expect(Math.abs(r.coverageMm3 / c.volumeMm3 - 1)).toBeLessThan(0.01);
      // On a zero background, the blended HU sum is the coverage.
      expect(r.huMm3).toBeCloseTo(r.coverageMm3, 0);
      expect(r.stats.boundaryVoxels).toBeGreaterThan(0);
    });
  }

  it('a grid with an oblique direction gives the same volume (geometry goes through indexToLps)', () => {
    const f = frameFrom([1, 0.4, 0.1], [0, 1, 0.5]);
    const direction: Mat3 = [...f.u, ...f.v, ...f.w];
    const grid: GridGeometry = { size: [70, 70, 60], spacing: [1.2, 1.2, 1.5], origin: [0, 0, 0], direction };
    // Put the grid centre at the LPS origin.
    const half = [34.5 * 1.2, 34.5 * 1.2, 29.5 * 1.5];
    grid.origin = [0, 1, 2].map((c) => -(half[0] * f.u[c] + half[1] * f.v[c] + half[2] * f.w[c])) as [number, number, number];
    const shape = ellipsoid([0, 0, 0], [22, 15, 10]);
    const r = rasterVolumes(shape, grid);
    const analytic = (4 / 3) * Math.PI * 22 * 15 * 10;
    expect(Math.abs(r.labelMm3 / analytic - 1)).toBeLessThan(0.02);
    expect(Math.abs(r.coverageMm3 / analytic - 1)).toBeLessThan(0.005);
  });

  it('every SDF is 1-Lipschitz and changes sign at the surface', () => {
    const random = mulberry32(99);
    for (const c of cases) {
      let worstExcessMm = -Infinity;
      for (let n = 0; n < 4000; n++) {
        const p = [0, 1, 2].map(() => (random() - 0.5) * 90);
        const q = p.map((v) => v + (random() - 0.5) * 6);
        const dp = c.shape.sdf(p[0], p[1], p[2]);
        const dq = c.shape.sdf(q[0], q[1], q[2]);
        worstExcessMm = Math.max(worstExcessMm, Math.abs(dp - dq) - Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]));
      }
      expect(worstExcessMm, c.name).toBeLessThanOrEqual(1e-9);
    }
    const s = sphere([0, 0, 0], 10);
    expect(s.sdf(9.99, 0, 0)).toBeLessThan(0);
    expect(s.sdf(10.01, 0, 0)).toBeGreaterThan(0);
  });

  it('label rule: later layers overwrite, unlabelled layers keep labels, label 0 clears', () => {
    const grid = gridCovering([-10, -10, -10], [10, 10, 10], [1, 1, 1]);
    const canvas = createCanvas(grid, -1000);
    paintLayer(canvas, sphere([0, 0, 0], 8), { hu: 100, label: 1 });
    paintLayer(canvas, sphere([0, 0, 0], 4), { hu: 300 });
    paintLayer(canvas, sphere([0, 0, 6], 2.2), { hu: 0, label: 0 });
    const at = (i: number, j: number, k: number) => i + 21 * (j + 21 * k);
    expect(canvas.labels[at(10, 10, 10)]).toBe(1); // centre: labelled by layer 1, HU from layer 2
    expect(canvas.hu[at(10, 10, 10)]).toBe(300);
    expect(canvas.labels[at(10, 10, 16)]).toBe(0); // cleared by the label-0 layer
    expect(canvas.labels[at(10, 10, 19)]).toBe(0); // outside
    const { volume, labels } = finishCanvas(canvas, { noiseSigmaHu: 0, seed: 1 });
    expect(volume.data[at(10, 10, 10)]).toBe(300);
    expect(volume.data[at(0, 0, 0)]).toBe(-1000);
    expect(labels.data).toBe(canvas.labels);
  });

  it('adds seeded noise: same seed → same voxels, other seed → other voxels; clamps to [−1024, 3071]', () => {
    const grid = gridCovering([-20, -20, -20], [20, 20, 20], [1, 1, 1]);
    const canvas = createCanvas(grid, -1000);
    paintLayer(canvas, sphere([0, 0, 0], 12), { hu: 3060 });
    const a = finishCanvas(canvas, { noiseSigmaHu: 15, seed: 5 }).volume.data;
    const b = finishCanvas(canvas, { noiseSigmaHu: 15, seed: 5 }).volume.data;
    const c = finishCanvas(canvas, { noiseSigmaHu: 15, seed: 6 }).volume.data;
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
    let min = Infinity;
    let max = -Infinity;
    let airSum = 0;
    for (let n = 0; n < 41 * 41 * 5; n++) airSum += a[n]; // first 5 slices are air
    for (const v of a) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    expect(min).toBe(-1024); // −1000 − 2σ happens and is clamped
    expect(max).toBe(3071);
    expect(airSum / (41 * 41 * 5)).toBeGreaterThan(-1003);
    expect(airSum / (41 * 41 * 5)).toBeLessThan(-997);
  });
});
