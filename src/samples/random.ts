/**
 * Deterministic randomness and hashing for the phantom generator. Nothing here reads a clock or
 * `Math.random`: the same seed (or name) gives the same numbers on every machine, so generated
 * samples are byte-identical from run to run.
 */

/** A generator of uniform numbers in [0, 1). */
export type UniformRandom = () => number;

/**
 * mulberry32: a small 32-bit seeded PRNG (period 2³², good enough for image noise).
 * @param seed - any integer; only its low 32 bits are used
 * @returns a function returning uniform numbers in [0, 1)
 */
export function mulberry32(seed: number): UniformRandom {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Fills `out` with independent Gaussian samples N(0, sigma²) using the Box–Muller transform.
 * @param random - uniform source (consumed in pairs)
 * @param sigma - standard deviation, in the unit of the caller (HU for CT noise)
 */
export function fillGaussian(out: Float32Array | Float64Array, random: UniformRandom, sigma: number): void {
  for (let n = 0; n < out.length; n += 2) {
    // 1 − u keeps the logarithm's argument in (0, 1].
    const radius = sigma * Math.sqrt(-2 * Math.log(1 - random()));
    const angle = 2 * Math.PI * random();
    out[n] = radius * Math.cos(angle);
    if (n + 1 < out.length) out[n + 1] = radius * Math.sin(angle);
  }
}

/**
 * 128-bit non-cryptographic hash of a string (cyrb128: four interleaved 32-bit lanes).
 * @returns four unsigned 32-bit words
 */
export function hash128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let n = 0; n < text.length; n++) {
    const c = text.charCodeAt(n);
    h1 = h2 ^ Math.imul(h1 ^ c, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ c, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ c, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ c, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/** The 128-bit hash of `text` as 32 lower-case hexadecimal digits. */
export function hashHex(text: string): string {
  return hash128(text)
    .map((w) => w.toString(16).padStart(8, '0'))
    .join('');
}

/**
 * A DICOM UID under the `2.25` root (ISO/IEC 9834-8: a UUID written as one decimal integer),
 * derived from `name` only, so the same name always gives the same UID. The 128 bits are the
 * {@link hash128} of the name with the UUID version set to 8 (custom) and the RFC 4122 variant
 * bits set, which keeps the UID ≤ 44 characters (DICOM allows 64).
 */
export function uidFromName(name: string): string {
  const [w0, w1, w2, w3] = hash128(name);
  const versioned = (w1 & 0xffff0fff) | 0x00008000; // version nibble = 8
  const variant = (w2 & 0x3fffffff) | 0x80000000; // variant bits 10
  const value =
    (BigInt(w0) << 96n) | (BigInt(versioned >>> 0) << 64n) | (BigInt(variant >>> 0) << 32n) | BigInt(w3);
  return `2.25.${value.toString(10)}`;
}
