/**
 * Canonical JSON (RFC 8785, JSON Canonicalization Scheme) and SHA-256 for plan integrity (brief §9.2):
 * object keys sorted by UTF-16 code units, no whitespace, ECMAScript number formatting, UTF-8 bytes.
 * SHA-256 is WebCrypto's `crypto.subtle.digest` (a global in browsers and in Node ≥ 19).
 */
import { JumeauError } from '../core/errors';

/**
 * The RFC 8785 serialisation of a JSON value. `undefined` members are dropped (as JSON.stringify does);
 * NaN, ±Infinity, functions, bigints and other non-JSON values throw.
 * @throws JumeauError BAD_ARGUMENT naming the path of a value JSON cannot hold (e.g. `landmarks[2].pointLps[0]`)
 */
export function canonicalJson(value: unknown, path = '$'): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new JumeauError('BAD_ARGUMENT', `${String(value)} has no JSON form`, { subject: path });
      return JSON.stringify(value); // ECMAScript Number::toString, −0 → 0 (RFC 8785 §3.2.2.3)
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((v, n) => canonicalJson(v === undefined ? null : v, `${path}[${n}]`)).join(',')}]`;
      const obj = value as Record<string, unknown>;
      const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort(); // default sort = UTF-16 code units
      return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k], `${path}.${k}`)}`).join(',')}}`;
    }
    default:
      throw new JumeauError('BAD_ARGUMENT', `a ${typeof value} has no JSON form`, { subject: path });
  }
}

/** Lower-case hex of bytes. */
function toHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

/**
 * SHA-256 of a string (UTF-8) or bytes, as 64 lower-case hex digits, via WebCrypto.
 * @throws Error when WebCrypto is unavailable (an insecure browser context: http:// other than localhost)
 */
export async function sha256Hex(input: string | Uint8Array): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) throw new Error('WebCrypto (crypto.subtle) is not available: serve the app over https or localhost');
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : new Uint8Array(input); // a copy on an ArrayBuffer (not shared)
  return toHex(new Uint8Array(await subtle.digest('SHA-256', bytes)));
}

/** SHA-256 (hex) of the canonical JSON of `value`. */
export async function canonicalSha256(value: unknown): Promise<string> {
  return sha256Hex(canonicalJson(value));
}
