/** Masks and volumes built in code for the segmentation tests. */
import type { Vec3 } from '../../../src/core/vec3';
import type { Geometry, Mask } from '../../../src/segmentation/labelmap';
import { createMask } from '../../../src/segmentation/labelmap';
import { IDENTITY_DIRECTION, indexToLps } from '../../../src/volume/volume';
import type { Volume } from '../../../src/volume/volume';

/** An axis-aligned grid with identity direction and origin (0, 0, 0). */
export function grid(size: [number, number, number], spacingMm: Vec3 = [1, 1, 1]): Geometry {
  return { size, spacing: [...spacingMm], origin: [0, 0, 0], direction: [...IDENTITY_DIRECTION] };
}

/** Mask of the voxels whose index satisfies `inside(i, j, k)`. */
export function maskWhere(g: Geometry, inside: (i: number, j: number, k: number) => boolean): Mask {
  const m = createMask(g);
  const [ni, nj, nk] = g.size;
  for (let k = 0, q = 0; k < nk; k++) for (let j = 0; j < nj; j++) for (let i = 0; i < ni; i++, q++) m.data[q] = inside(i, j, k) ? 1 : 0;
  return m;
}

/** Box [lo, hi) in voxel indices. */
export function boxMask(g: Geometry, lo: Vec3, hi: Vec3): Mask {
  return maskWhere(g, (i, j, k) => i >= lo[0] && i < hi[0] && j >= lo[1] && j < hi[1] && k >= lo[2] && k < hi[2]);
}

/** Voxels whose centre lies within `radiusMm` of `centreMm` (mm from voxel (0,0,0), honouring spacing). */
export function ballMask(g: Geometry, centreMm: Vec3, radiusMm: number): Mask {
  const s = g.spacing;
  return maskWhere(g, (i, j, k) => (i * s[0] - centreMm[0]) ** 2 + (j * s[1] - centreMm[1]) ** 2 + (k * s[2] - centreMm[2]) ** 2 <= radiusMm * radiusMm);
}

/** An Int16 HU volume on `g` whose value at (i, j, k) is `hu(i, j, k)`. */
export function volumeWhere(g: Geometry, hu: (i: number, j: number, k: number) => number): Volume {
  const [ni, nj, nk] = g.size;
  const data = new Int16Array(ni * nj * nk);
  for (let k = 0, q = 0; k < nk; k++) for (let j = 0; j < nj; j++) for (let i = 0; i < ni; i++, q++) data[q] = Math.round(hu(i, j, k));
  return { ...g, size: [...g.size], data, unit: 'HU' };
}

/** Number of non-zero voxels. */
export function count(m: { data: ArrayLike<number> }): number {
  let n = 0;
  for (let q = 0; q < m.data.length; q++) if (m.data[q] !== 0) n++;
  return n;
}

/** Deterministic uniform numbers in [0, 1): the phantoms' own mulberry32 generator. */
export { mulberry32 as rng } from '../../../src/samples/random';

/** Index of the first element where two arrays differ, −1 when equal (fast, unlike deep equality). */
export function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let q = 0; q < a.length; q++) if (a[q] !== b[q]) return q;
  return -1;
}

/** Data reversed along i. */
export function flipI<T extends Volume>(v: T): T {
  const [ni, nj, nk] = v.size;
  const data = v.data.slice();
  for (let r = 0; r < nj * nk; r++) for (let i = 0; i < ni; i++) data[r * ni + i] = v.data[r * ni + (ni - 1 - i)];
  return { ...v, data };
}

/** The same patient stored with i running to the patient's right (direction x-column negated). */
export function mirroredI<T extends Volume>(v: T): T {
  const direction = [...v.direction] as Volume['direction'];
  direction[0] = -direction[0];
  direction[1] = -direction[1];
  direction[2] = -direction[2];
  return { ...flipI(v), direction, origin: indexToLps(v, [v.size[0] - 1, 0, 0]) };
}

