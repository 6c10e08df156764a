/**
 * Logical operations between masks on the same grid (union, intersection, subtraction, inversion)
 * and between a mask and a labelmap segment. Each returns a new mask; inputs are not modified.
 */
import type { Mask } from './labelmap';
import { assertSameGeometry, createMask } from './labelmap';

type Op = (a: boolean, b: boolean) => boolean;

function combine(a: Mask, b: Mask, op: Op): Mask {
  assertSameGeometry(a, b, 'a', 'b');
  const out = createMask(a);
  const da = a.data, db = b.data, o = out.data;
  for (let q = 0; q < da.length; q++) o[q] = op(da[q] !== 0, db[q] !== 0) ? 1 : 0;
  return out;
}

/** A ∪ B. Throws GEOMETRY_MISMATCH (subject "b") when the grids differ. */
export function unionMasks(a: Mask, b: Mask): Mask {
  return combine(a, b, (x, y) => x || y);
}

/** A ∩ B. */
export function intersectMasks(a: Mask, b: Mask): Mask {
  return combine(a, b, (x, y) => x && y);
}

/** A \ B (voxels of A not in B). */
export function subtractMasks(a: Mask, b: Mask): Mask {
  return combine(a, b, (x, y) => x && !y);
}

/** ¬A within the grid. */
export function invertMask(a: Mask): Mask {
  const out = createMask(a);
  for (let q = 0; q < a.data.length; q++) out.data[q] = a.data[q] === 0 ? 1 : 0;
  return out;
}
