/**
 * Trilinear look-up of a signed-distance volume (mm, negative inside) at continuous LPS positions, for
 * the volume-based impingement detector (boneImpingement.ts). Pure; the volume is built by the caller,
 * e.g. `signedDistanceMm(mask)` of a pelvis (+ cup) mask.
 */
import { JumeauError } from '../core/errors';
import type { PointLps, Vec3 } from '../core/vec3';
import type { Volume } from '../volume/volume';
import { indexToLps, lpsToIndex, voxelCount } from '../volume/volume';
import { checkFinite, checkVec3 } from './validate';

/** The parts of a {@link Volume} a signed-distance look-up needs (values in mm, negative inside). */
export type SdfVolume = Pick<Volume, 'size' | 'spacing' | 'origin' | 'direction' | 'data'>;

/**
 * A prepared signed-distance volume: `indexAffine` maps LPS mm to continuous voxel indices
 * (`ijk = A·(p − origin)`, row-major 3×3 `A`), `atIndex` interpolates there.
 */
export interface SdfSampler {
  /** Row-major 3×3 matrix A with ijk = A·(p − origin). */
  indexAffine: [Vec3, Vec3, Vec3];
  /** Volume origin (LPS mm of voxel (0,0,0)'s centre). */
  originLps: PointLps;
  /**
   * Trilinear interpolation at continuous index (i, j, k); +Infinity outside [0, n − 1] on any axis
   * (nothing of the fixed object is assumed to lie outside the volume).
   */
  atIndex(i: number, j: number, k: number): number;
  /** Trilinear signed distance at an LPS point, mm. */
  atLps(p: PointLps): number;
}

/**
 * Validates `sdf` and prepares trilinear look-ups.
 * @throws JumeauError BAD_ARGUMENT naming `${subject}.data`, `.size`, `.spacing`, `.origin` or `.direction`
 */
export function createSdfSampler(sdf: SdfVolume, subject = 'fixedSdf'): SdfSampler {
  if (!sdf || typeof sdf !== 'object') throw new JumeauError('BAD_ARGUMENT', 'must be a signed-distance volume', { subject });
  const size = sdf.size;
  if (!Array.isArray(size) || size.length !== 3 || !size.every((n) => Number.isInteger(n) && n >= 2)) {
    throw new JumeauError('BAD_ARGUMENT', 'must be three integers ≥ 2 (trilinear look-up needs two samples per axis)', { subject: `${subject}.size` });
  }
  const data = sdf.data;
  if (!data || typeof data.length !== 'number' || data.length !== voxelCount(size)) {
    throw new JumeauError('BAD_ARGUMENT', `must hold ${voxelCount(size)} values (${size.join('×')}), got ${data ? data.length : 'none'}`, {
      subject: `${subject}.data`,
    });
  }
  checkVec3(sdf.spacing, `${subject}.spacing`);
  if (!sdf.spacing.every((s) => s > 0)) throw new JumeauError('BAD_ARGUMENT', 'must be > 0 on every axis', { subject: `${subject}.spacing` });
  checkVec3(sdf.origin, `${subject}.origin`);
  if (!Array.isArray(sdf.direction) || sdf.direction.length !== 9) {
    throw new JumeauError('BAD_ARGUMENT', 'must be 9 direction cosines', { subject: `${subject}.direction` });
  }
  sdf.direction.forEach((v, n) => checkFinite(v, `${subject}.direction[${n}]`));
  const o = sdf.origin;
  let cols: Vec3[];
  try {
    cols = [0, 1, 2].map((a) => lpsToIndex(sdf, [o[0] + (a === 0 ? 1 : 0), o[1] + (a === 1 ? 1 : 0), o[2] + (a === 2 ? 1 : 0)]));
  } catch {
    throw new JumeauError('BAD_ARGUMENT', 'is singular', { subject: `${subject}.direction` });
  }
  // cols[a] = A·e_a, so A's row r is (cols[0][r], cols[1][r], cols[2][r]).
  const A: [Vec3, Vec3, Vec3] = [0, 1, 2].map((r) => [cols[0][r], cols[1][r], cols[2][r]]) as [Vec3, Vec3, Vec3];
  const [ni, nj, nk] = size;
  const sj = ni;
  const sk = ni * nj;
  const atIndex = (i: number, j: number, k: number): number => {
    if (!(i >= 0 && i <= ni - 1 && j >= 0 && j <= nj - 1 && k >= 0 && k <= nk - 1)) return Infinity;
    const i0 = Math.min(Math.floor(i), ni - 2);
    const j0 = Math.min(Math.floor(j), nj - 2);
    const k0 = Math.min(Math.floor(k), nk - 2);
    const fx = i - i0, fy = j - j0, fz = k - k0;
    const q = i0 + sj * j0 + sk * k0;
    const c00 = data[q] + fx * (data[q + 1] - data[q]);
    const c10 = data[q + sj] + fx * (data[q + sj + 1] - data[q + sj]);
    const c01 = data[q + sk] + fx * (data[q + sk + 1] - data[q + sk]);
    const c11 = data[q + sk + sj] + fx * (data[q + sk + sj + 1] - data[q + sk + sj]);
    const c0 = c00 + fy * (c10 - c00);
    const c1 = c01 + fy * (c11 - c01);
    return c0 + fz * (c1 - c0);
  };
  const originLps: PointLps = [o[0], o[1], o[2]];
  return {
    indexAffine: A,
    originLps,
    atIndex,
    atLps: (p) => {
      const x = p[0] - o[0], y = p[1] - o[1], z = p[2] - o[2];
      return atIndex(A[0][0] * x + A[0][1] * y + A[0][2] * z, A[1][0] * x + A[1][1] * y + A[1][2] * z, A[2][0] * x + A[2][1] * y + A[2][2] * z);
    },
  };
}

/**
 * A copy of a binary mask with every voxel whose centre lies within `radiusMm` of `centreLps` cleared:
 * the fixed-side alternative to the detector's moving-point exclusion (e.g. drop the acetabulum within
 * R + 2 mm of the COR before `signedDistanceMm`).
 */
export function clearSphereInMask<M extends Pick<Volume, 'size' | 'spacing' | 'origin' | 'direction'> & { data: Uint8Array }>(
  mask: M,
  centreLps: PointLps,
  radiusMm: number,
): M {
  checkVec3(centreLps, 'centreLps');
  checkFinite(radiusMm, 'radiusMm');
  const out = new Uint8Array(mask.data);
  const [ni, nj, nk] = mask.size;
  const r2 = radiusMm * radiusMm;
  for (let k = 0, q = 0; k < nk; k++) {
    for (let j = 0; j < nj; j++) {
      for (let i = 0; i < ni; i++, q++) {
        if (out[q] === 0) continue;
        const p = indexToLps(mask, [i, j, k]);
        const dx = p[0] - centreLps[0], dy = p[1] - centreLps[1], dz = p[2] - centreLps[2];
        if (dx * dx + dy * dy + dz * dz <= r2) out[q] = 0;
      }
    }
  }
  return { ...mask, data: out };
}
