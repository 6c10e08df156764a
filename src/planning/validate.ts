/**
 * Input checks shared by the planning functions. Every failure is a `JumeauError('BAD_ARGUMENT')`
 * whose `subject` names the offending field, so the UI can point at the landmark or number at fault.
 */
import { JumeauError } from '../core/errors';
import type { Vec3 } from '../core/vec3';

/** Laterality of a hip or knee: the patient's left ('L') or right ('R'). */
export type Side = 'L' | 'R';

/** Degrees → radians. */
export const degToRad = (deg: number): number => (deg * Math.PI) / 180;
/** Radians → degrees. */
export const radToDeg = (rad: number): number => (rad * 180) / Math.PI;

/** Throws BAD_ARGUMENT unless `side` is 'L' or 'R'. */
export function checkSide(side: unknown, subject = 'side'): Side {
  if (side !== 'L' && side !== 'R') throw new JumeauError('BAD_ARGUMENT', `must be 'L' or 'R', got ${String(side)}`, { subject });
  return side;
}

/** Throws BAD_ARGUMENT unless `value` is a finite number. */
export function checkFinite(value: number, subject: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new JumeauError('BAD_ARGUMENT', `must be a finite number, got ${String(value)}`, { subject });
  }
  return value;
}

/** Throws BAD_ARGUMENT unless `value` is finite and within [min, max] (inclusive). */
export function checkRange(value: number, min: number, max: number, subject: string): number {
  checkFinite(value, subject);
  if (value < min || value > max) throw new JumeauError('BAD_ARGUMENT', `must be within [${min}, ${max}], got ${value}`, { subject });
  return value;
}

/** Throws BAD_ARGUMENT unless `value` is finite and > 0. */
export function checkPositive(value: number, subject: string): number {
  checkFinite(value, subject);
  if (!(value > 0)) throw new JumeauError('BAD_ARGUMENT', `must be > 0, got ${value}`, { subject });
  return value;
}

/** Throws BAD_ARGUMENT unless `v` is a 3-tuple of finite numbers (no NaN, no Infinity). */
export function checkVec3(v: Vec3, subject: string): Vec3 {
  if (!Array.isArray(v) || v.length !== 3) throw new JumeauError('BAD_ARGUMENT', 'must be an [x, y, z] triple', { subject });
  for (let n = 0; n < 3; n++) {
    if (typeof v[n] !== 'number' || !Number.isFinite(v[n])) {
      throw new JumeauError('BAD_ARGUMENT', `component ${'xyz'[n]} must be a finite number, got ${String(v[n])}`, { subject });
    }
  }
  return v;
}

/**
 * Throws BAD_ARGUMENT when two landmarks are closer than `minDistanceMm` (e.g. coincident ASIS points),
 * naming the second one.
 */
export function checkDistinct(a: Vec3, b: Vec3, subjectB: string, subjectA: string, minDistanceMm = 1e-3): void {
  const d = Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
  if (!(d >= minDistanceMm)) {
    throw new JumeauError('BAD_ARGUMENT', `coincides with ${subjectA} (${d.toPrecision(3)} mm apart); the axis they define is undefined`, {
      subject: subjectB,
    });
  }
}
