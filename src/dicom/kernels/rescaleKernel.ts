/**
 * JS entry to the SIMD rescale kernel (rescale.wat). Used for the common CT case: signed 16-bit
 * samples, slope 1, integer intercept. Falls back (returns null) where WebAssembly SIMD is missing, and
 * the caller then runs the plain JS loop: results are identical.
 */
import { RESCALE_WASM_BASE64 } from './rescaleWasm';

interface Kernel { memory: WebAssembly.Memory; addI16Stats: (p: number, n: number, c: number, thr: number) => void }

const DATA_OFFSET = 64;
let kernel: Kernel | null | undefined;

function base64Bytes(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function getKernel(): Kernel | null {
  if (kernel !== undefined) return kernel;
  try {
    const bytes = base64Bytes(RESCALE_WASM_BASE64);
    if (!WebAssembly.validate(bytes)) return (kernel = null);
    const inst = new WebAssembly.Instance(new WebAssembly.Module(bytes));
    const ex = inst.exports as unknown as { memory: WebAssembly.Memory; add_i16_stats: Kernel['addI16Stats'] };
    kernel = { memory: ex.memory, addI16Stats: ex.add_i16_stats };
  } catch {
    kernel = null;
  }
  return kernel;
}

/** Result of {@link addInt16Stats}: input sample range and how many outputs exceed the threshold. */
export interface AddStats { minIn: number; maxIn: number; countAbove: number }

/**
 * `out[q] = src[q] + intercept` (Int16, wrapping: check `minIn + intercept ≥ −32768` and
 * `maxIn + intercept ≤ 32767` before trusting `out`), counting outputs `> threshold`.
 * Returns null when the SIMD kernel is unavailable.
 */
export function addInt16Stats(src: Int16Array, out: Int16Array, intercept: number, threshold: number): AddStats | null {
  const k = getKernel();
  if (!k || intercept < -32768 || intercept > 32767) return null;
  const n = src.length;
  const need = DATA_OFFSET + n * 2;
  if (k.memory.buffer.byteLength < need) k.memory.grow(Math.ceil((need - k.memory.buffer.byteLength) / 65536));
  const buf = k.memory.buffer;
  const mem = new Int16Array(buf, DATA_OFFSET, n);
  mem.set(src);
  k.addI16Stats(DATA_OFFSET, n, intercept, threshold);
  const lanes = new Int16Array(buf, 0, 16);
  const counts = new Int32Array(buf, 32, 4);
  let minIn = 32767;
  let maxIn = -32768;
  for (let l = 0; l < 8; l++) {
    if (lanes[l] < minIn) minIn = lanes[l];
    if (lanes[8 + l] > maxIn) maxIn = lanes[8 + l];
  }
  let countAbove = 0 - (counts[0] + counts[1] + counts[2] + counts[3]);
  for (let q = n & ~7; q < n; q++) {
    const v = src[q];
    if (v < minIn) minIn = v;
    if (v > maxIn) maxIn = v;
    mem[q] = v + intercept;
    if (mem[q] > threshold) countAbove++;
  }
  out.set(mem);
  return { minIn, maxIn, countAbove };
}
