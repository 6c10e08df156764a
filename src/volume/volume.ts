/**
 * The patient volume: voxels with their geometry, in the DICOM patient frame (LPS, millimetres).
 *
 * Invariants
 * - `data[i + size[0] * (j + size[1] * k)]` is voxel (i = column, j = row, k = slice), i fastest.
 * - `origin` is the LPS position (mm) of the **centre** of voxel (0,0,0).
 * - `direction` is a 3×3 matrix stored column-major: `direction[0..2]` is the unit vector of
 *   increasing i in LPS, `[3..5]` of increasing j, `[6..8]` of increasing k. Orthonormal unless the
 *   stack was sheared (gantry tilt), in which case the loader resamples or refuses; it is never left
 *   silently non-orthogonal.
 * - For CT, values are Hounsfield units (stored × slope + intercept); `data` is Int16Array when that
 *   is exact, Float32Array otherwise.
 */
import type { IndexIjk, PointLps, Vec3 } from '../core/vec3';

/** Voxel storage types a Volume may carry. */
export type VoxelArray = Int16Array | Uint16Array | Float32Array | Uint8Array | Int32Array;

/** Column-major 3×3 direction cosines (see module doc). */
export type Mat3 = [number, number, number, number, number, number, number, number, number];

/** What the voxel values mean. */
export type VoxelUnit = 'HU' | 'raw' | 'label';

/** A patient volume; geometry travels with the voxels. */
export interface Volume {
  /** Voxel counts along i, j, k. */
  size: [number, number, number];
  /** Distance between voxel centres along i, j, k, in mm. */
  spacing: Vec3;
  /** LPS position in mm of the centre of voxel (0,0,0). */
  origin: PointLps;
  /** Column-major direction cosines of the i, j, k axes in LPS. */
  direction: Mat3;
  /** Voxel values, i fastest. */
  data: VoxelArray;
  /** Unit of the values: HU for CT after rescale, raw for MR and other modalities. */
  unit: VoxelUnit;
}

/** The identity direction (axial slices, i → L, j → P, k → S). */
export const IDENTITY_DIRECTION: Mat3 = [1, 0, 0, 0, 1, 0, 0, 0, 1];

/** Number of voxels of a size triple. */
export function voxelCount(size: readonly [number, number, number]): number {
  return size[0] * size[1] * size[2];
}

/**
 * Maps a (continuous) voxel index to its LPS position in mm:
 * `P = origin + i·Δi·dirI + j·Δj·dirJ + k·Δk·dirK`.
 * This and {@link lpsToIndex} are the only index ↔ patient mappings in Jumeau.
 */
export function indexToLps(vol: Pick<Volume, 'spacing' | 'origin' | 'direction'>, ijk: IndexIjk): PointLps {
  const d = vol.direction;
  const a = ijk[0] * vol.spacing[0];
  const b = ijk[1] * vol.spacing[1];
  const c = ijk[2] * vol.spacing[2];
  return [
    vol.origin[0] + a * d[0] + b * d[3] + c * d[6],
    vol.origin[1] + a * d[1] + b * d[4] + c * d[7],
    vol.origin[2] + a * d[2] + b * d[5] + c * d[8],
  ];
}

/**
 * Inverse of {@link indexToLps}: LPS point in mm → continuous voxel index. Works for any
 * invertible direction matrix (solves the 3×3 system; no orthogonality assumed).
 */
export function lpsToIndex(vol: Pick<Volume, 'spacing' | 'origin' | 'direction'>, p: PointLps): IndexIjk {
  const d = vol.direction;
  // M = direction * diag(spacing); columns are the voxel steps in LPS.
  const m = [
    d[0] * vol.spacing[0], d[3] * vol.spacing[1], d[6] * vol.spacing[2],
    d[1] * vol.spacing[0], d[4] * vol.spacing[1], d[7] * vol.spacing[2],
    d[2] * vol.spacing[0], d[5] * vol.spacing[1], d[8] * vol.spacing[2],
  ]; // row-major
  const x = p[0] - vol.origin[0];
  const y = p[1] - vol.origin[1];
  const z = p[2] - vol.origin[2];
  const det =
    m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) + m[2] * (m[3] * m[7] - m[4] * m[6]);
  if (Math.abs(det) < 1e-15) throw new RangeError('volume geometry is singular');
  const inv = [
    (m[4] * m[8] - m[5] * m[7]) / det, (m[2] * m[7] - m[1] * m[8]) / det, (m[1] * m[5] - m[2] * m[4]) / det,
    (m[5] * m[6] - m[3] * m[8]) / det, (m[0] * m[8] - m[2] * m[6]) / det, (m[2] * m[3] - m[0] * m[5]) / det,
    (m[3] * m[7] - m[4] * m[6]) / det, (m[1] * m[6] - m[0] * m[7]) / det, (m[0] * m[4] - m[1] * m[3]) / det,
  ];
  return [
    inv[0] * x + inv[1] * y + inv[2] * z,
    inv[3] * x + inv[4] * y + inv[5] * z,
    inv[6] * x + inv[7] * y + inv[8] * z,
  ];
}

/** The 4×4 index→LPS affine, row-major, for reports and NIfTI/engine export. */
export function indexToLpsMatrix(vol: Pick<Volume, 'spacing' | 'origin' | 'direction'>): number[] {
  const d = vol.direction;
  const s = vol.spacing;
  return [
    d[0] * s[0], d[3] * s[1], d[6] * s[2], vol.origin[0],
    d[1] * s[0], d[4] * s[1], d[7] * s[2], vol.origin[1],
    d[2] * s[0], d[5] * s[1], d[8] * s[2], vol.origin[2],
    0, 0, 0, 1,
  ];
}

/** Minimum and maximum of the voxel values (one pass). */
export function valueRange(data: VoxelArray): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (let n = 0; n < data.length; n++) {
    const v = data[n];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { min, max };
}

/** Letters of the nearest patient axis for each volume axis, e.g. "LPS" or "RAS" (for display). */
export function orientationCode(direction: Mat3): string {
  const letters = [['L', 'R'], ['P', 'A'], ['S', 'I']];
  let code = '';
  for (let a = 0; a < 3; a++) {
    const v = [direction[3 * a], direction[3 * a + 1], direction[3 * a + 2]];
    let best = 0;
    for (let c = 1; c < 3; c++) if (Math.abs(v[c]) > Math.abs(v[best])) best = c;
    code += letters[best][v[best] >= 0 ? 0 : 1];
  }
  return code;
}
