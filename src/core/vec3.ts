/**
 * Small Float64 vector helpers for geometry. A `Vec3` is a plain tuple so it serialises to JSON
 * and crosses worker boundaries unchanged. Units are whatever the caller's names say (mm in LPS).
 */

/** A 3-vector; units and space are carried by the variable name (e.g. `originLps` in mm). */
export type Vec3 = [number, number, number];

/** A point in the DICOM patient frame (x → Left, y → Posterior, z → Superior), millimetres. */
export type PointLps = Vec3;

/** A continuous voxel index (i = column, j = row, k = slice); integers are voxel centres. */
export type IndexIjk = Vec3;

export const add = (a: Vec3, b: Vec3): Vec3 => [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
export const sub = (a: Vec3, b: Vec3): Vec3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
export const scale = (a: Vec3, s: number): Vec3 => [a[0] * s, a[1] * s, a[2] * s];
export const dot = (a: Vec3, b: Vec3): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
export const cross = (a: Vec3, b: Vec3): Vec3 => [
  a[1] * b[2] - a[2] * b[1],
  a[2] * b[0] - a[0] * b[2],
  a[0] * b[1] - a[1] * b[0],
];
export const norm = (a: Vec3): number => Math.hypot(a[0], a[1], a[2]);

/** Unit vector along `a`; throws on a zero vector (a broken orientation must never pass silently). */
export function normalize(a: Vec3): Vec3 {
  const n = norm(a);
  if (!(n > 1e-12)) throw new RangeError('cannot normalize a zero-length vector');
  return [a[0] / n, a[1] / n, a[2] / n];
}

/** Component-wise |a − b| ≤ tol. */
export function nearlyEqual(a: Vec3, b: Vec3, tol: number): boolean {
  return Math.abs(a[0] - b[0]) <= tol && Math.abs(a[1] - b[1]) <= tol && Math.abs(a[2] - b[2]) <= tol;
}
