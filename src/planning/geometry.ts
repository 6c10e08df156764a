/**
 * Small rotation and projection helpers for the planning kernels (Float64, radians inside).
 * Matrices are row-major 3×3 tuples; they act on column vectors (`matVec(R, v)` = R·v).
 */
import { JumeauError } from '../core/errors';
import type { Vec3 } from '../core/vec3';
import { cross, dot, norm, scale, sub } from '../core/vec3';
import type { Side } from './validate';

/** A row-major 3×3 matrix. */
export type Mat3 = [Vec3, Vec3, Vec3];

/** Right-handed rotation about +x by `rad` (Rx in brief §3.5). */
export function rotationX(rad: number): Mat3 {
  const c = Math.cos(rad);
  const s = Math.sin(rad);
  return [[1, 0, 0], [0, c, -s], [0, s, c]];
}

/** Right-handed rotation about +y by `rad` (Ry in brief §3.5). */
export function rotationY(rad: number): Mat3 {
  const c = Math.cos(rad);
  const s = Math.sin(rad);
  return [[c, 0, s], [0, 1, 0], [-s, 0, c]];
}

/** Right-handed rotation about +z by `rad` (Rz in brief §3.5). */
export function rotationZ(rad: number): Mat3 {
  const c = Math.cos(rad);
  const s = Math.sin(rad);
  return [[c, -s, 0], [s, c, 0], [0, 0, 1]];
}

/** Matrix product A·B. */
export function matMul(a: Mat3, b: Mat3): Mat3 {
  const out: Mat3 = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
  for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) out[r][c] = a[r][0] * b[0][c] + a[r][1] * b[1][c] + a[r][2] * b[2][c];
  return out;
}

/** Matrix–vector product M·v. */
export function matVec(m: Mat3, v: Vec3): Vec3 {
  return [dot(m[0], v), dot(m[1], v), dot(m[2], v)];
}

/** Angle between two non-zero vectors in radians, via atan2(|a×b|, a·b) (accurate near 0 and π). */
export function angleBetweenRad(a: Vec3, b: Vec3): number {
  return Math.atan2(norm(cross(a, b)), dot(a, b));
}

/** Component of `v` orthogonal to the unit vector `unitNormal` (projection on the plane ⟂ unitNormal). */
export function projectOntoPlane(v: Vec3, unitNormal: Vec3): Vec3 {
  return sub(v, scale(unitNormal, dot(v, unitNormal)));
}

/**
 * Signed angle (radians, right-hand rule about `unitAxis`) from `from` to `to`, both first projected
 * on the plane ⟂ unitAxis. Throws BAD_ARGUMENT (subject `subject`) when a projection vanishes.
 */
export function signedAngleAboutAxisRad(from: Vec3, to: Vec3, unitAxis: Vec3, subject: string): number {
  const f = projectOntoPlane(from, unitAxis);
  const t = projectOntoPlane(to, unitAxis);
  if (!(norm(f) > 1e-9 && norm(t) > 1e-9)) {
    throw new JumeauError('BAD_ARGUMENT', 'direction is parallel to the reference axis, its projection is undefined', { subject });
  }
  return Math.atan2(dot(cross(f, t), unitAxis), dot(f, t));
}

/** Unit vector along `v`; throws BAD_ARGUMENT naming `subject` when `v` is (nearly) zero. */
export function unitOrThrow(v: Vec3, subject: string, minLength = 1e-9): Vec3 {
  const n = norm(v);
  if (!(n > minLength)) throw new JumeauError('BAD_ARGUMENT', 'direction has zero length (coincident landmarks?)', { subject });
  return [v[0] / n, v[1] / n, v[2] / n];
}

/** Mirror through the sagittal plane x → −x (used for left ↔ right symmetry, HIP-12/KNEE-06). */
export const mirrorX = (v: Vec3): Vec3 => [-v[0], v[1], v[2]];

/** Unit vector toward the patient's midline for a limb of this side, in LPS: +x for right, −x for left. */
export const medialUnitLps = (side: Side): Vec3 => (side === 'R' ? [1, 0, 0] : [-1, 0, 0]);

/** Unit vector away from the midline for a limb of this side, in LPS: −x for right, +x for left. */
export const lateralUnitLps = (side: Side): Vec3 => (side === 'R' ? [-1, 0, 0] : [1, 0, 0]);

/**
 * Orthonormal limb-local directions around a bone axis: `proximal` (the axis), `posterior` (LPS +y
 * made ⟂ to the axis) and `medial` (⟂ both, toward the midline for `side`). Right-handed for a right
 * limb, mirrored for a left one, so mirrored inputs give mirrored directions exactly.
 */
export function limbDirections(proximalUnit: Vec3, side: Side, subject: string): { proximal: Vec3; posterior: Vec3; medial: Vec3 } {
  const posterior = unitOrThrow(projectOntoPlane([0, 1, 0], proximalUnit), subject);
  const m = cross(posterior, proximalUnit); // = +x for an axis along +z
  const medial = side === 'R' ? m : scale(m, -1);
  return { proximal: proximalUnit, posterior, medial };
}
