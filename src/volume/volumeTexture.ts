/**
 * The CT as a GPU volume texture, computed on the CPU (pure): block-averaged down to a texel budget,
 * values mapped to bytes, and the transfer functions (value → colour and opacity) of the volume
 * rendering presets as 256-entry lookup tables. The renderer (src/scene/volumeRender.ts) only uploads
 * what this module returns.
 *
 * Geometry: texel (a, b, c) of a grid downsampled by integer factors (fi, fj, fk) is the mean of the
 * original voxels i ∈ [a·fi, a·fi + fi − 1] (likewise j, k), so its centre is the original continuous
 * index (a·fi + (fi − 1)/2, …). The texture grid is therefore the volume grid with
 * `spacing' = f · spacing`, `origin' = indexToLps(volume, (f − 1)/2)` and the same direction: `indexToLps`
 * of the texture grid at a texel equals the volume's `indexToLps` at that texel's centre. A trailing
 * partial block (size not a multiple of f, at most f − 1 voxels) is left out rather than averaged
 * off-centre.
 */
import type { PointLps, Vec3 } from '../core/vec3';
import { indexToLps, valueRange, type Mat3, type Volume, type VoxelUnit } from './volume';

/** The volume rendering presets: two compositing transfer functions (CT, HU) and a MIP. */
export type VolumeRenderPreset = 'bone' | 'soft' | 'mip';

/** A downsampled, byte-valued copy of a volume, ready for a 3D texture (R8, i fastest). */
export interface VolumeTexture {
  /** Texels along i, j, k. */
  size: [number, number, number];
  /** Original voxels averaged per texel along i, j, k. */
  factor: [number, number, number];
  /** Distance between texel centres along i, j, k, in mm. */
  spacingMm: Vec3;
  /** LPS position (mm) of the centre of texel (0, 0, 0). */
  originLps: PointLps;
  /** The volume's direction cosines (column-major), unchanged. */
  direction: Mat3;
  /** Bytes, `data[a + size[0]·(b + size[1]·c)]`. */
  data: Uint8Array;
  /** Voxel value (HU for CT) that byte 0 stands for; lower values are clamped to it. */
  valueAtByte0: number;
  /** Voxel value that byte 255 stands for; higher values are clamped to it. */
  valueAtByte255: number;
  /** Unit of the values (HU for CT). */
  unit: VoxelUnit;
}

/**
 * HU range of the byte mapping for CT: −1000 HU (air) … 2000 HU (dense cortex), 11.8 HU per byte step —
 * finer than the transfer functions' features; metal above 2000 HU is clamped (still the brightest).
 */
export const CT_TEXTURE_RANGE_HU: readonly [number, number] = [-1000, 2000];

/** Default texel budget per axis (256 → at most 16.8 M texels, 16 MiB as bytes). */
export const DEFAULT_MAX_TEXELS_PER_AXIS = 256;

/**
 * Downsamples a volume by integer block averaging until every axis has at most `maxTexelsPerAxis`
 * texels (factor `ceil(n / max)` per axis), and maps values to bytes linearly over `valueRange`
 * (default: {@link CT_TEXTURE_RANGE_HU} for HU, the data's min…max otherwise), clamped.
 */
export function volumeTextureOf(
  vol: Volume,
  options: { maxTexelsPerAxis?: number; valueRange?: readonly [number, number] } = {},
): VolumeTexture {
  return runSteps(volumeTextureSteps(vol, options));
}

/** Runs a step generator to its end (the synchronous form of the chunked computations here). */
export function runSteps<T>(steps: Generator<void, T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * {@link volumeTextureOf} in steps: yields after each slab of output slices, so a caller can spread a
 * large CT's conversion over several tasks (the page never freezes); returns the texture.
 */
export function* volumeTextureSteps(
  vol: Volume,
  options: { maxTexelsPerAxis?: number; valueRange?: readonly [number, number] } = {},
): Generator<void, VolumeTexture> {
  const maxTexels = Math.max(1, Math.floor(options.maxTexelsPerAxis ?? DEFAULT_MAX_TEXELS_PER_AXIS));
  const [ni, nj] = vol.size;
  const factor = vol.size.map((n) => Math.max(1, Math.ceil(n / maxTexels))) as [number, number, number];
  const size = vol.size.map((n, a) => Math.max(1, Math.floor(n / factor[a]))) as [number, number, number];
  let lo: number;
  let hi: number;
  if (options.valueRange) [lo, hi] = options.valueRange;
  else if (vol.unit === 'HU') [lo, hi] = CT_TEXTURE_RANGE_HU;
  else ({ min: lo, max: hi } = valueRange(vol.data));
  if (!(hi > lo)) hi = lo + 1;
  const [fi, fj, fk] = factor;
  const block = fi * fj * fk;
  // byte = (mean − lo) · 255 / (hi − lo) = sum · scale + offset
  const scale = 255 / (hi - lo) / block;
  const offset = (-lo * 255) / (hi - lo);
  const data = new Uint8Array(size[0] * size[1] * size[2]);
  const src = vol.data;
  const sliceStride = ni * nj;
  // One row of block sums along i, reused per (b, c).
  const sums = new Float64Array(size[0]);
  let out = 0;
  for (let c = 0; c < size[2]; c++) {
    for (let b = 0; b < size[1]; b++) {
      sums.fill(0);
      for (let dk = 0; dk < fk; dk++) {
        const k = c * fk + dk;
        for (let dj = 0; dj < fj; dj++) {
          const row = k * sliceStride + (b * fj + dj) * ni;
          if (fi === 1) {
            for (let a = 0; a < size[0]; a++) sums[a] += src[row + a];
          } else {
            for (let a = 0; a < size[0]; a++) {
              const start = row + a * fi;
              let s = 0;
              for (let di = 0; di < fi; di++) s += src[start + di];
              sums[a] += s;
            }
          }
        }
      }
      for (let a = 0; a < size[0]; a++) {
        const v = sums[a] * scale + offset;
        data[out++] = v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v);
      }
    }
    yield;
  }
  return {
    size,
    factor,
    spacingMm: [vol.spacing[0] * fi, vol.spacing[1] * fj, vol.spacing[2] * fk],
    originLps: indexToLps(vol, [(fi - 1) / 2, (fj - 1) / 2, (fk - 1) / 2]),
    direction: [...vol.direction] as Mat3,
    data,
    valueAtByte0: lo,
    valueAtByte255: hi,
    unit: vol.unit,
  };
}

/** Voxel value that a byte of the texture stands for. */
export function valueOfByte(tex: Pick<VolumeTexture, 'valueAtByte0' | 'valueAtByte255'>, byte: number): number {
  return tex.valueAtByte0 + (byte / 255) * (tex.valueAtByte255 - tex.valueAtByte0);
}

/** One breakpoint of a piecewise-linear transfer function: value → sRGB 0–1 and opacity per mm. */
export interface TransferPoint {
  /** Voxel value (HU for the CT presets). */
  value: number;
  rgb: [number, number, number];
  /**
   * Opacity of a 1 mm thick slab of this value (the renderer corrects it for its step length:
   * α_step = 1 − (1 − α)^(step mm / 1 mm)). 0 = transparent.
   */
  opacityPerMm: number;
}

/**
 * Transfer functions of the compositing presets, in HU (CT), linear between breakpoints, clamped
 * outside them:
 * - **bone**: transparent below 150 HU (soft tissue, fat, fluid, air); 150 → 300 HU opacity 0 → 0.3/mm
 *   (cancellous bone, partial-volume edge of the cortex), 700 HU 0.8/mm, 1300 HU (cortex) 1/mm; colour
 *   ivory → white.
 * - **soft**: transparent below −300 HU; fat (−100 HU) 0.015/mm yellow, muscle (40 HU) 0.03/mm red,
 *   enhanced organ / blood (100 HU) 0.06/mm, bone from 200 HU (0.3/mm) to 1000 HU (0.9/mm) white.
 */
export const TRANSFER_FUNCTIONS_HU: Readonly<Record<'bone' | 'soft', readonly TransferPoint[]>> = {
  bone: [
    { value: 150, rgb: [0.85, 0.68, 0.52], opacityPerMm: 0 },
    { value: 300, rgb: [0.93, 0.84, 0.7], opacityPerMm: 0.3 },
    { value: 700, rgb: [0.98, 0.94, 0.86], opacityPerMm: 0.8 },
    { value: 1300, rgb: [1, 1, 0.97], opacityPerMm: 1 },
  ],
  soft: [
    { value: -300, rgb: [0.9, 0.75, 0.55], opacityPerMm: 0 },
    { value: -100, rgb: [0.92, 0.78, 0.5], opacityPerMm: 0.015 },
    { value: 40, rgb: [0.78, 0.32, 0.28], opacityPerMm: 0.03 },
    { value: 100, rgb: [0.9, 0.45, 0.4], opacityPerMm: 0.06 },
    { value: 200, rgb: [0.95, 0.9, 0.8], opacityPerMm: 0.3 },
    { value: 1000, rgb: [1, 1, 1], opacityPerMm: 0.9 },
  ],
};

/**
 * Window of the MIP preset (HU): the maximum along each ray is shown as grey (and opacity)
 * `(max − 0) / (1500 − 0)`, clamped — air and fat black and see-through, muscle 3 %, cortex ≥ 87 %.
 */
export const MIP_WINDOW_HU: readonly [number, number] = [0, 1500];

/** Evaluates a piecewise-linear transfer function at a value: sRGB and opacity per mm. */
export function evaluateTransfer(points: readonly TransferPoint[], value: number): { rgb: [number, number, number]; opacityPerMm: number } {
  if (value <= points[0].value) return { rgb: [...points[0].rgb], opacityPerMm: points[0].opacityPerMm };
  for (let n = 1; n < points.length; n++) {
    const p = points[n];
    if (value <= p.value) {
      const q = points[n - 1];
      const t = (value - q.value) / (p.value - q.value);
      return {
        rgb: [q.rgb[0] + t * (p.rgb[0] - q.rgb[0]), q.rgb[1] + t * (p.rgb[1] - q.rgb[1]), q.rgb[2] + t * (p.rgb[2] - q.rgb[2])],
        opacityPerMm: q.opacityPerMm + t * (p.opacityPerMm - q.opacityPerMm),
      };
    }
  }
  const last = points[points.length - 1];
  return { rgb: [...last.rgb], opacityPerMm: last.opacityPerMm };
}

/**
 * The 256-entry RGBA8 lookup table of a preset for a texture's byte mapping: entry b is the transfer
 * function at the value byte b stands for (colour 0–255, alpha = opacity per mm · 255). For the MIP the
 * entry is the window grey in r = g = b = a. Presets in HU need a CT (`unit` HU); for other units
 * only the MIP is meaningful and its window is the texture's whole value range.
 */
export function transferTable(preset: VolumeRenderPreset, tex: Pick<VolumeTexture, 'valueAtByte0' | 'valueAtByte255' | 'unit'>): Uint8Array {
  const out = new Uint8Array(256 * 4);
  const [wLo, wHi] = tex.unit === 'HU' ? MIP_WINDOW_HU : [tex.valueAtByte0, tex.valueAtByte255];
  for (let b = 0; b < 256; b++) {
    const v = valueOfByte(tex, b);
    if (preset === 'mip') {
      const g = Math.round(Math.min(1, Math.max(0, (v - wLo) / (wHi - wLo))) * 255);
      out.set([g, g, g, g], 4 * b);
    } else {
      const t = evaluateTransfer(TRANSFER_FUNCTIONS_HU[preset], v);
      out.set([...t.rgb.map((c) => Math.round(c * 255)), Math.round(Math.min(1, t.opacityPerMm) * 255)], 4 * b);
    }
  }
  return out;
}

/**
 * The 4×4 texture-coordinate → LPS (mm) affine, row-major for column vectors: texture coordinate
 * s ∈ [0, 1] along each axis addresses texel centres at (a + 0.5) / n, so the continuous texel index is
 * `s·n − 0.5` and P = indexToLps(texture grid, s·n − 0.5). The unit cube [0, 1]³ is the texture's
 * whole extent (texel edges), which the renderer draws as a box.
 */
export function textureToLpsMatrix(tex: Pick<VolumeTexture, 'size' | 'spacingMm' | 'originLps' | 'direction'>): number[] {
  const d = tex.direction;
  const out: number[] = new Array(16).fill(0);
  for (let r = 0; r < 3; r++) {
    let t = tex.originLps[r];
    for (let a = 0; a < 3; a++) {
      const step = d[3 * a + r] * tex.spacingMm[a]; // mm per texel along axis a, LPS component r
      out[4 * r + a] = step * tex.size[a];
      t -= 0.5 * step;
    }
    out[4 * r + 3] = t;
  }
  out[15] = 1;
  return out;
}

/** Texels per side of the blocks of {@link blockMaxOf} (empty-space skipping of the ray caster). */
export const SKIP_BLOCK_TEXELS = 4;

/** The largest byte of each block of texels, for skipping blocks the transfer function leaves transparent. */
export interface BlockMax {
  /** Blocks along i, j, k: ceil(texels / blockTexels). */
  size: [number, number, number];
  blockTexels: number;
  /** Largest byte over the block's texels and a one-texel apron around it (what trilinear samples inside the block read). */
  data: Uint8Array;
}

/**
 * The maximum byte of every `blockTexels`³ block of a volume texture, over texels
 * [a·B − 1, a·B + B] (clamped) along each axis: a trilinear sample anywhere in block a mixes only
 * texels of that range, so it is never above the block's maximum. Separable max filter.
 */
export function blockMaxOf(tex: Pick<VolumeTexture, 'size' | 'data'>, blockTexels = SKIP_BLOCK_TEXELS): BlockMax {
  return runSteps(blockMaxSteps(tex, blockTexels));
}

/** {@link blockMaxOf} in steps: yields after every 16 lines' planes, returns the block maxima. */
export function* blockMaxSteps(tex: Pick<VolumeTexture, 'size' | 'data'>, blockTexels = SKIP_BLOCK_TEXELS): Generator<void, BlockMax> {
  const B = Math.max(1, Math.floor(blockTexels));
  let dims = [...tex.size] as [number, number, number];
  let src: Uint8Array = tex.data;
  for (let axis = 0; axis < 3; axis++) {
    const n = dims[axis];
    const nb = Math.ceil(n / B);
    const outDims = [...dims] as [number, number, number];
    outDims[axis] = nb;
    const out = new Uint8Array(outDims[0] * outDims[1] * outDims[2]);
    const strideIn = axis === 0 ? 1 : axis === 1 ? dims[0] : dims[0] * dims[1];
    const strideOut = axis === 0 ? 1 : axis === 1 ? outDims[0] : outDims[0] * outDims[1];
    // Every line along `axis`: its start offset in src and out.
    const [u, v] = [0, 1, 2].filter((a) => a !== axis);
    for (let q = 0; q < dims[v]; q++) {
      for (let p = 0; p < dims[u]; p++) {
        const idx = [0, 0, 0];
        idx[u] = p;
        idx[v] = q;
        const base = idx[0] + dims[0] * (idx[1] + dims[1] * idx[2]);
        const baseOut = idx[0] + outDims[0] * (idx[1] + outDims[1] * idx[2]);
        for (let b = 0; b < nb; b++) {
          const lo = Math.max(0, b * B - 1);
          const hi = Math.min(n - 1, b * B + B);
          let m = 0;
          for (let t = lo; t <= hi; t++) {
            const x = src[base + t * strideIn];
            if (x > m) m = x;
          }
          out[baseOut + b * strideOut] = m;
        }
      }
      if (q % 16 === 15) yield;
    }
    src = out;
    dims = outDims;
  }
  return { size: dims, blockTexels: B, data: src };
}

/**
 * The lowest byte whose table opacity is above zero (256 if none): a block whose maximum byte is below
 * it is fully transparent under that table (the tables here are transparent below one value and not
 * above it), so the ray caster skips it.
 */
export function firstVisibleByte(table: Uint8Array): number {
  for (let b = 0; b < 256; b++) if (table[4 * b + 3] > 0) return b;
  return 256;
}
