/**
 * Seeds: validation of voxel-index seeds and conversion of clicked LPS points (mm) to them.
 */
import { JumeauError } from '../core/errors';
import type { IndexIjk, PointLps } from '../core/vec3';
import { lpsToIndex } from '../volume/volume';
import type { Geometry } from './labelmap';

/**
 * Checks that every seed is an integer voxel index inside the grid; throws SEED_OUTSIDE_VOLUME
 * (or BAD_ARGUMENT for a non-integer) naming the seed, e.g. subject "seedsIjk[1]".
 * @returns the seeds as integer triples
 */
export function checkSeedsIjk(geometry: Geometry, seeds: readonly IndexIjk[] | undefined, field: string): [number, number, number][] {
  if (!seeds || seeds.length === 0) throw new JumeauError('BAD_ARGUMENT', 'at least one seed is needed', { subject: field });
  const [ni, nj, nk] = geometry.size;
  return seeds.map((s, n) => {
    if (!s || s.length !== 3 || !s.every((v) => Number.isInteger(v))) {
      throw new JumeauError('BAD_ARGUMENT', `must be an integer voxel index (i, j, k), got (${s?.join(', ')})`, { subject: `${field}[${n}]` });
    }
    const [i, j, k] = s;
    if (i < 0 || j < 0 || k < 0 || i >= ni || j >= nj || k >= nk) {
      throw new JumeauError('SEED_OUTSIDE_VOLUME', `voxel (${i}, ${j}, ${k}) is outside the volume (0…${ni - 1}, 0…${nj - 1}, 0…${nk - 1})`, {
        subject: `${field}[${n}]`,
      });
    }
    return [i, j, k];
  });
}

/**
 * The voxel whose centre is nearest to an LPS point (mm). Throws SEED_OUTSIDE_VOLUME naming
 * `field` when the point falls outside the grid (more than half a voxel beyond the edge centres).
 */
export function seedFromLps(geometry: Geometry, pointLps: PointLps, field = 'seedLps'): IndexIjk {
  const ijk = lpsToIndex(geometry, pointLps).map((v) => Math.round(v)) as IndexIjk;
  const [ni, nj, nk] = geometry.size;
  if (ijk[0] < 0 || ijk[1] < 0 || ijk[2] < 0 || ijk[0] >= ni || ijk[1] >= nj || ijk[2] >= nk) {
    throw new JumeauError('SEED_OUTSIDE_VOLUME', `point (${pointLps.map((v) => v.toFixed(1)).join(', ')}) mm LPS is outside the volume (nearest index ${ijk.join(', ')})`, {
      subject: field,
    });
  }
  return ijk;
}

/** Linear index of an integer voxel index. */
export function linearIndex(size: readonly [number, number, number], ijk: readonly number[]): number {
  return ijk[0] + size[0] * (ijk[1] + size[1] * ijk[2]);
}
