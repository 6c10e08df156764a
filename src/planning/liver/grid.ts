/**
 * Voxel-grid helpers shared by the liver planning modules: the index → LPS affine of voxel centres,
 * its inverse, mask checks and 6-neighbour index arithmetic. Geometry follows `src/volume/volume.ts`.
 */
import { JumeauError } from '../../core/errors';
import type { PointLps, Vec3 } from '../../core/vec3';
import type { Geometry } from '../../segmentation/labelmap';
import { assertSameGeometry, boundingBoxIjk, countVoxels } from '../../segmentation/labelmap';
import { voxelCount } from '../../volume/volume';

/** A mask-like grid: geometry plus 0/non-zero voxels (i fastest). */
export type GridMask = Geometry & { data: ArrayLike<number> };

/** LPS of voxel (i, j, k)'s centre = originLps + i·stepI + j·stepJ + k·stepK (mm). */
export interface VoxelAffine {
  originLps: PointLps;
  /** LPS displacement (mm) of one step along i, j and k. */
  stepLps: [Vec3, Vec3, Vec3];
  /** Row-major inverse: ijk = inverse · (p − origin). */
  inverse: [Vec3, Vec3, Vec3];
}

/** The voxel-centre affine of `g` and its inverse. */
export function voxelAffine(g: Geometry): VoxelAffine {
  const d = g.direction, s = g.spacing;
  const steps: [Vec3, Vec3, Vec3] = [
    [d[0] * s[0], d[1] * s[0], d[2] * s[0]],
    [d[3] * s[1], d[4] * s[1], d[5] * s[1]],
    [d[6] * s[2], d[7] * s[2], d[8] * s[2]],
  ];
  // M has the steps as columns; invert it.
  const m = [steps[0][0], steps[1][0], steps[2][0], steps[0][1], steps[1][1], steps[2][1], steps[0][2], steps[1][2], steps[2][2]];
  const det = m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) + m[2] * (m[3] * m[7] - m[4] * m[6]);
  if (!(Math.abs(det) > 1e-15)) throw new JumeauError('BAD_ARGUMENT', 'grid geometry is singular', { subject: 'direction' });
  const inverse: [Vec3, Vec3, Vec3] = [
    [(m[4] * m[8] - m[5] * m[7]) / det, (m[2] * m[7] - m[1] * m[8]) / det, (m[1] * m[5] - m[2] * m[4]) / det],
    [(m[5] * m[6] - m[3] * m[8]) / det, (m[0] * m[8] - m[2] * m[6]) / det, (m[2] * m[3] - m[0] * m[5]) / det],
    [(m[3] * m[7] - m[4] * m[6]) / det, (m[1] * m[6] - m[0] * m[7]) / det, (m[0] * m[4] - m[1] * m[3]) / det],
  ];
  return { originLps: [g.origin[0], g.origin[1], g.origin[2]], stepLps: steps, inverse };
}

/** Continuous voxel index of an LPS point. */
export function toIndex(a: VoxelAffine, p: PointLps): Vec3 {
  const x = p[0] - a.originLps[0], y = p[1] - a.originLps[1], z = p[2] - a.originLps[2];
  const r = a.inverse;
  return [r[0][0] * x + r[0][1] * y + r[0][2] * z, r[1][0] * x + r[1][1] * y + r[1][2] * z, r[2][0] * x + r[2][1] * y + r[2][2] * z];
}

/** LPS (mm) of the centre of voxel (i, j, k). */
export function toLps(a: VoxelAffine, i: number, j: number, k: number): PointLps {
  const [si, sj, sk] = a.stepLps, o = a.originLps;
  return [o[0] + i * si[0] + j * sj[0] + k * sk[0], o[1] + i * si[1] + j * sj[1] + k * sk[1], o[2] + i * si[2] + j * sj[2] + k * sk[2]];
}

/** Throws BAD_ARGUMENT unless `m` is a grid whose data length matches its size. */
export function checkGridMask(m: GridMask, subject: string): void {
  if (!m || typeof m !== 'object' || !Array.isArray(m.size) || m.size.length !== 3 || !m.size.every((n) => Number.isInteger(n) && n > 0)) {
    throw new JumeauError('BAD_ARGUMENT', 'must be a mask with a size of three positive integers', { subject });
  }
  if (!m.data || m.data.length !== voxelCount(m.size)) {
    throw new JumeauError('BAD_ARGUMENT', `must hold ${voxelCount(m.size)} voxels (${m.size.join('×')}), got ${m.data ? m.data.length : 'none'}`, { subject: `${subject}.data` });
  }
  if (!m.spacing.every((s) => Number.isFinite(s) && s > 0)) throw new JumeauError('BAD_ARGUMENT', 'must be > 0 mm on every axis', { subject: `${subject}.spacing` });
}

/** Voxel count and inclusive index bounding box of a non-empty organ. */
export interface OrganExtent {
  count: number;
  min: [number, number, number];
  max: [number, number, number];
}

/** Checks `organ`, counts its voxels and bounds them; throws EMPTY_SEGMENT when there are none. */
export function checkOrgan(organ: GridMask, subject = 'organ'): OrganExtent {
  checkGridMask(organ, subject);
  const box = boundingBoxIjk(organ.data, organ.size);
  if (!box) throw new JumeauError('EMPTY_SEGMENT', 'has no voxel', { subject });
  return { count: countVoxels(organ.data), min: box.min, max: box.max };
}

/** Checks that `m` is a mask on `organ`'s grid (GEOMETRY_MISMATCH otherwise). */
export function checkOnGrid(organ: Geometry, m: GridMask, subject: string): void {
  checkGridMask(m, subject);
  assertSameGeometry(organ, m, 'organ', subject);
}
