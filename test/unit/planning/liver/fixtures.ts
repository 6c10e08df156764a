/**
 * Test fixtures for liver planning: voxelised spheres on isotropic grids with LPS = (0,0,0) at a
 * chosen continuous index (LIV-03: the centre at voxel 84.5 on a 1 mm grid).
 */
import type { PointLps } from '../../../../src/core/vec3';
import type { Mask } from '../../../../src/segmentation/labelmap';
import { createMask } from '../../../../src/segmentation/labelmap';
import { IDENTITY_DIRECTION } from '../../../../src/volume/volume';

/** An empty mask of n³ voxels with spacing h (mm), LPS origin placed so that LPS 0 is at index `centreIndex`. */
export function cubeGrid(n: number, h: number, centreIndex: number): Mask {
  return createMask({ size: [n, n, n], spacing: [h, h, h], origin: [-centreIndex * h, -centreIndex * h, -centreIndex * h], direction: [...IDENTITY_DIRECTION] });
}

/** Sets every voxel whose centre is within `radiusMm` of `centreLps` (strictly inside). */
export function paintSphere(mask: Mask, centreLps: PointLps, radiusMm: number, value = 1): Mask {
  const [ni, nj, nk] = mask.size;
  const r2 = radiusMm * radiusMm;
  for (let k = 0, q = 0; k < nk; k++) {
    for (let j = 0; j < nj; j++) {
      for (let i = 0; i < ni; i++, q++) {
        const x = mask.origin[0] + i * mask.spacing[0] - centreLps[0];
        const y = mask.origin[1] + j * mask.spacing[1] - centreLps[1];
        const z = mask.origin[2] + k * mask.spacing[2] - centreLps[2];
        if (x * x + y * y + z * z < r2) mask.data[q] = value;
      }
    }
  }
  return mask;
}

/** Sphere "liver" of radius R (mm) centred at LPS 0 on an n³ grid of spacing h with the centre at `centreIndex`. */
export function sphereLiver(radiusMm: number, h: number, n: number, centreIndex: number): Mask {
  return paintSphere(cubeGrid(n, h, centreIndex), [0, 0, 0], radiusMm);
}

/** Spherical cap volume (mm³) of height H on a sphere of radius R. */
export const capMm3 = (R: number, H: number): number => (Math.PI * H * H * (3 * R - H)) / 3;
