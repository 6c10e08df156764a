/**
 * Asserts that `fn` throws a JumeauError with `code`, and optionally the `subject` (file or field) and
 * a message pattern — the typed errors every bad input must give.
 */
import { expect } from 'vitest';
import { isJumeauError } from '../../src/core/errors';

export function expectJumeauError(fn: () => unknown, code: string, want: { subject?: string; message?: RegExp } = {}): void {
  try {
    fn();
  } catch (e) {
    expect(isJumeauError(e), String(e)).toBe(true);
    expect((e as { code: string }).code).toBe(code);
    if (want.subject !== undefined) expect((e as { subject?: string }).subject).toBe(want.subject);
    if (want.message) expect((e as Error).message).toMatch(want.message);
    return;
  }
  throw new Error(`expected a ${code} error${want.subject ? ` on ${want.subject}` : ''}`);
}

/** Shorthand: BAD_ARGUMENT naming `subject`. */
export const expectBadArgument = (fn: () => unknown, subject: string): void => expectJumeauError(fn, 'BAD_ARGUMENT', { subject });
