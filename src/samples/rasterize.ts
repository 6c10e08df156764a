/**
 * Paints {@link Shape}s into a voxel grid with partial volume, painter's-algorithm style.
 *
 * Per layer and voxel, the fractional occupancy f ∈ [0, 1] is estimated with 3×3×3 sub-samples at
 * the centres of the voxel's 27 sub-cells, but only where the shape's boundary can be near (the
 * 1-Lipschitz bound |sdf| < the sub-sample radius); elsewhere f is exactly 0 or 1, and runs of such
 * voxels along i are skipped or filled without evaluating the shape again. The HU of the voxel is
 * then blended `hu ← hu + f·(layerHu − hu)` (coverage compositing).
 *
 * Label rule (exact ground truth): a voxel takes a layer's label when its **centre** lies strictly
 * inside the layer's shape (sdf < 0); later layers overwrite earlier ones. Layers without a label
 * leave labels unchanged; a layer with label 0 clears them.
 */
import { fillGaussian, mulberry32 } from './random';
import type { Shape } from './sdf';
import type { Volume } from '../volume/volume';
import { IDENTITY_DIRECTION, lpsToIndex, voxelCount } from '../volume/volume';
import type { Vec3 } from '../core/vec3';

/** The geometry of a grid (see {@link Volume}). */
export type GridGeometry = Pick<Volume, 'size' | 'spacing' | 'origin' | 'direction'>;

/** A grid being painted: HU as Float32 (before noise) and labels. */
export interface Canvas {
  /** Geometry shared by `hu` and `labels`. */
  grid: GridGeometry;
  /** Noise-free HU per voxel, i fastest. */
  hu: Float32Array;
  /** Ground-truth label per voxel (0 = background), i fastest. */
  labels: Uint8Array;
}

/** How a layer paints. */
export interface LayerStyle {
  /** HU of the layer's material. */
  hu: number;
  /** Label written where the voxel centre is inside; omit to leave labels unchanged. */
  label?: number;
}

/** What painting one layer touched. */
export interface LayerStats {
  /** Σ f over the grid: the layer's volume inside the grid in voxel units (× voxel volume = mm³). */
  coverageVoxels: number;
  /** Number of voxels whose centre is inside the shape. */
  centreVoxels: number;
  /** Number of voxels that needed sub-sampling. */
  boundaryVoxels: number;
}

/** Builds an axis-aligned grid covering [minLps, maxLps] (mm) with the given spacing (mm); identity direction. */
export function gridCovering(minLps: Vec3, maxLps: Vec3, spacingMm: Vec3): GridGeometry {
  const size = [0, 1, 2].map((c) => Math.max(1, Math.round((maxLps[c] - minLps[c]) / spacingMm[c]) + 1)) as [
    number,
    number,
    number,
  ];
  return { size, spacing: [...spacingMm], origin: [...minLps], direction: [...IDENTITY_DIRECTION] };
}

/**
 * A grid of exactly `size` voxels over the field [minLps, maxLps]: square pixels spanning the field's
 * x range, rows centred on the field's y centre (field grown or cut to fit), slices spanning z.
 */
export function gridOfSize(minLps: Vec3, maxLps: Vec3, size: [number, number, number]): GridGeometry {
  if (!size.every((n) => Number.isInteger(n) && n > 1)) throw new Error(`grid size must be integers > 1, got ${size.join('×')}`);
  const pixelMm = (maxLps[0] - minLps[0]) / (size[0] - 1);
  const sliceMm = (maxLps[2] - minLps[2]) / (size[2] - 1);
  const yCentre = (minLps[1] + maxLps[1]) / 2;
  const origin: Vec3 = [minLps[0], yCentre - ((size[1] - 1) * pixelMm) / 2, minLps[2]];
  return { size: [...size], spacing: [pixelMm, pixelMm, sliceMm], origin, direction: [...IDENTITY_DIRECTION] };
}

/** A blank canvas filled with `backgroundHu` and label 0. */
export function createCanvas(grid: GridGeometry, backgroundHu: number): Canvas {
  const n = voxelCount(grid.size);
  const hu = new Float32Array(n);
  hu.fill(backgroundHu);
  return { grid, hu, labels: new Uint8Array(n) };
}

/** Index ranges (inclusive) of the voxels whose cube can meet the shape's LPS bounding box. */
function indexRange(grid: GridGeometry, shape: Shape): [number, number][] | null {
  const { size, spacing, origin, direction: d } = grid;
  // Clip the (possibly infinite) shape bounds to the grid's own LPS bounds first.
  const gridLo: Vec3 = [Infinity, Infinity, Infinity];
  const gridHi: Vec3 = [-Infinity, -Infinity, -Infinity];
  for (let corner = 0; corner < 8; corner++) {
    const ijk = [corner & 1 ? size[0] - 0.5 : -0.5, corner & 2 ? size[1] - 0.5 : -0.5, corner & 4 ? size[2] - 0.5 : -0.5];
    for (let c = 0; c < 3; c++) {
      const v = origin[c] + ijk[0] * spacing[0] * d[c] + ijk[1] * spacing[1] * d[3 + c] + ijk[2] * spacing[2] * d[6 + c];
      gridLo[c] = Math.min(gridLo[c], v);
      gridHi[c] = Math.max(gridHi[c], v);
    }
  }
  const lo = [0, 1, 2].map((c) => Math.max(gridLo[c], shape.boundsMinLps[c]));
  const hi = [0, 1, 2].map((c) => Math.min(gridHi[c], shape.boundsMaxLps[c]));
  if (lo.some((v, c) => v > hi[c])) return null;
  const range: [number, number][] = [
    [Infinity, -Infinity],
    [Infinity, -Infinity],
    [Infinity, -Infinity],
  ];
  for (let corner = 0; corner < 8; corner++) {
    const p: Vec3 = [corner & 1 ? hi[0] : lo[0], corner & 2 ? hi[1] : lo[1], corner & 4 ? hi[2] : lo[2]];
    const ijk = lpsToIndex(grid, p);
    for (let c = 0; c < 3; c++) {
      range[c][0] = Math.min(range[c][0], Math.floor(ijk[c] - 0.5));
      range[c][1] = Math.max(range[c][1], Math.ceil(ijk[c] + 0.5));
    }
  }
  for (let c = 0; c < 3; c++) {
    range[c][0] = Math.max(0, range[c][0]);
    range[c][1] = Math.min(size[c] - 1, range[c][1]);
    if (range[c][0] > range[c][1]) return null;
  }
  return range;
}

/**
 * Paints one layer (see module doc for the blending and label rule).
 * @returns coverage statistics of this layer alone (ignoring what later layers paint over it)
 */
export function paintLayer(canvas: Canvas, shape: Shape, style: LayerStyle): LayerStats {
  const stats: LayerStats = { coverageVoxels: 0, centreVoxels: 0, boundaryVoxels: 0 };
  const range = indexRange(canvas.grid, shape);
  if (!range) return stats;
  const { size, spacing, origin, direction: d } = canvas.grid;
  const { hu, labels } = canvas;
  const layerHu = style.hu;
  const label = style.label;
  const sdf = shape.sdf;
  // Voxel steps in LPS (mm).
  const si = [spacing[0] * d[0], spacing[0] * d[1], spacing[0] * d[2]];
  const sj = [spacing[1] * d[3], spacing[1] * d[4], spacing[1] * d[5]];
  const sk = [spacing[2] * d[6], spacing[2] * d[7], spacing[2] * d[8]];
  const stepIMm = spacing[0];
  const subRadiusMm = Math.hypot(spacing[0], spacing[1], spacing[2]) / 3;
  // The 26 sub-sample offsets around the centre (the centre itself is the 27th).
  const offsets: number[] = [];
  for (let c = -1; c <= 1; c++) {
    for (let b = -1; b <= 1; b++) {
      for (let a = -1; a <= 1; a++) {
        if (a === 0 && b === 0 && c === 0) continue;
        for (let e = 0; e < 3; e++) offsets.push((a * si[e] + b * sj[e] + c * sk[e]) / 3);
      }
    }
  }
  const [[i0, i1], [j0, j1], [k0, k1]] = range;
  for (let k = k0; k <= k1; k++) {
    for (let j = j0; j <= j1; j++) {
      const rowX = origin[0] + j * sj[0] + k * sk[0];
      const rowY = origin[1] + j * sj[1] + k * sk[1];
      const rowZ = origin[2] + j * sj[2] + k * sk[2];
      const rowBase = size[0] * (j + size[1] * k);
      let i = i0;
      while (i <= i1) {
        const x = rowX + i * si[0];
        const y = rowY + i * si[1];
        const z = rowZ + i * si[2];
        const dist = sdf(x, y, z);
        if (dist >= subRadiusMm) {
          // Fully outside; so are the next voxels along i while the bound allows.
          i += 1 + Math.floor((dist - subRadiusMm) / stepIMm);
          continue;
        }
        if (dist < -subRadiusMm) {
          // Fully inside: this voxel and the next `run` along i.
          const run = Math.ceil((-dist - subRadiusMm) / stepIMm) - 1;
          const last = Math.min(i1, i + run);
          for (let n = rowBase + i; n <= rowBase + last; n++) {
            hu[n] = layerHu;
            if (label !== undefined) labels[n] = label;
          }
          stats.coverageVoxels += last - i + 1;
          stats.centreVoxels += last - i + 1;
          i = last + 1;
          continue;
        }
        let inside = dist < 0 ? 1 : 0;
        for (let o = 0; o < offsets.length; o += 3) {
          if (sdf(x + offsets[o], y + offsets[o + 1], z + offsets[o + 2]) < 0) inside++;
        }
        const n = rowBase + i;
        stats.boundaryVoxels++;
        if (inside > 0) {
          const f = inside / 27;
          hu[n] += f * (layerHu - hu[n]);
          stats.coverageVoxels += f;
        }
        if (dist < 0) {
          stats.centreVoxels++;
          if (label !== undefined) labels[n] = label;
        }
        i++;
      }
    }
  }
  return stats;
}

/** Options of {@link finishCanvas}. */
export interface FinishOptions {
  /** Standard deviation of the additive Gaussian noise, HU. */
  noiseSigmaHu: number;
  /** Seed of the noise generator. */
  seed: number;
  /** Lowest HU kept (values below are clamped), default −1024. */
  minHu?: number;
  /** Highest HU kept, default 3071. */
  maxHu?: number;
}

/**
 * Adds deterministic Gaussian noise, rounds to integer HU and clamps: returns the CT volume
 * (Int16Array, unit HU) and the label volume (Uint8Array, unit label) with identical geometry.
 */
export function finishCanvas(canvas: Canvas, options: FinishOptions): { volume: Volume; labels: Volume } {
  const { grid, hu } = canvas;
  const minHu = options.minHu ?? -1024;
  const maxHu = options.maxHu ?? 3071;
  const random = mulberry32(options.seed);
  const out = new Int16Array(hu.length);
  // Noise in even-sized chunks: the sequence does not depend on the chunk size.
  const noise = new Float32Array(Math.min(65536, hu.length + (hu.length % 2)));
  for (let start = 0; start < hu.length; start += noise.length) {
    fillGaussian(noise, random, options.noiseSigmaHu);
    const end = Math.min(hu.length, start + noise.length);
    for (let n = start; n < end; n++) {
      const v = Math.round(hu[n] + noise[n - start]);
      out[n] = v < minHu ? minHu : v > maxHu ? maxHu : v;
    }
  }
  const geometry = (): GridGeometry => ({
    size: [...grid.size],
    spacing: [...grid.spacing],
    origin: [...grid.origin],
    direction: [...grid.direction],
  });
  return {
    volume: { ...geometry(), data: out, unit: 'HU' },
    labels: { ...geometry(), data: canvas.labels, unit: 'label' },
  };
}
