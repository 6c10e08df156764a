/**
 * Field readers for validating parsed JSON (plans, implant catalogues): each returns the typed value
 * or throws `JumeauError('BAD_ARGUMENT')` whose subject is the field's path, e.g. `landmarks[2].pointLps`.
 */
import { JumeauError } from '../core/errors';
import type { Vec3 } from '../core/vec3';

/** A JSON object (parsed). */
export type JsonObject = Record<string, unknown>;

const typeName = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : `${typeof v} ${JSON.stringify(v)}`);

/** Throws BAD_ARGUMENT for `path`. */
export function fail(path: string, message: string): never {
  throw new JumeauError('BAD_ARGUMENT', message, { subject: path });
}

/** `parent[key]` as an object. */
export function objectAt(value: unknown, path: string): JsonObject {
  if (value === undefined) fail(path, 'is missing');
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, `must be an object, got ${typeName(value)}`);
  return value as JsonObject;
}

/** An array (optionally of a minimum length). */
export function arrayAt(value: unknown, path: string, minLength = 0): unknown[] {
  if (value === undefined) fail(path, 'is missing');
  if (!Array.isArray(value)) fail(path, `must be an array, got ${typeName(value)}`);
  if (value.length < minLength) fail(path, `must have at least ${minLength} entr${minLength === 1 ? 'y' : 'ies'}`);
  return value;
}

/** A non-empty string. */
export function stringAt(value: unknown, path: string): string {
  if (value === undefined) fail(path, 'is missing');
  if (typeof value !== 'string' || !value.length) fail(path, `must be a non-empty string, got ${typeName(value)}`);
  return value;
}

/** A finite number, optionally within [min, max]. */
export function numberAt(value: unknown, path: string, min = -Infinity, max = Infinity): number {
  if (value === undefined) fail(path, 'is missing');
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(path, `must be a finite number, got ${typeName(value)}`);
  if (value < min || value > max) fail(path, `must be within [${min}, ${max}], got ${value}`);
  return value;
}

/** A positive finite number. */
export function positiveAt(value: unknown, path: string): number {
  const v = numberAt(value, path);
  if (!(v > 0)) fail(path, `must be > 0, got ${v}`);
  return v;
}

/** One of the listed strings. */
export function oneOfAt<T extends string>(value: unknown, path: string, choices: readonly T[]): T {
  if (value === undefined) fail(path, 'is missing');
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) fail(path, `must be one of ${choices.map((c) => `'${c}'`).join(', ')}, got ${typeName(value)}`);
  return value as T;
}

/** An [x, y, z] triple of finite numbers. */
export function vec3At(value: unknown, path: string): Vec3 {
  const a = arrayAt(value, path);
  if (a.length !== 3) fail(path, `must be an [x, y, z] triple, got ${a.length} numbers`);
  return a.map((v, n) => numberAt(v, `${path}[${n}]`)) as Vec3;
}

/** A unit-length-able direction: a non-zero triple, returned as given (normalise where used). */
export function directionAt(value: unknown, path: string): Vec3 {
  const v = vec3At(value, path);
  if (!(Math.hypot(v[0], v[1], v[2]) > 1e-9)) fail(path, 'must be a non-zero direction');
  return v;
}

/** Array of finite numbers (non-empty). */
export function numbersAt(value: unknown, path: string): number[] {
  return arrayAt(value, path, 1).map((v, n) => numberAt(v, `${path}[${n}]`));
}

/** Throws when `obj` has a key outside `allowed` (catches typos such as `pointLPS`). */
export function noExtraKeys(obj: JsonObject, path: string, allowed: readonly string[]): void {
  for (const k of Object.keys(obj)) if (!allowed.includes(k)) fail(path === '' ? k : `${path}.${k}`, `is not a field of this object (expected one of ${allowed.join(', ')})`);
}
