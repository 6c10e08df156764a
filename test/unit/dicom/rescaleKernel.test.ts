// The SIMD rescale kernel: same results as the plain loop (values, range, tissue count, odd tails),
// and the committed wasm bytes are exactly what the WAT source assembles to.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addInt16Stats } from '../../../src/dicom/kernels/rescaleKernel';
import { RESCALE_WASM_BASE64 } from '../../../src/dicom/kernels/rescaleWasm';
import { REPO } from '../../helpers/sharedData';

describe('addInt16Stats (wasm SIMD)', () => {
  it('adds the intercept, finds the input range and counts outputs above the threshold, tail included', () => {
    for (const n of [1, 7, 8, 9, 4099]) {
      const src = Int16Array.from({ length: n }, (_, i) => ((i * 7919) % 5000) - 2000);
      const out = new Int16Array(n);
      const r = addInt16Stats(src, out, -1024, -500)!;
      expect(r).not.toBeNull();
      expect(Array.from(out)).toEqual(Array.from(src, (v) => v - 1024));
      expect(r.minIn).toBe(Math.min(...src));
      expect(r.maxIn).toBe(Math.max(...src));
      expect(r.countAbove).toBe(Array.from(src).filter((v) => v - 1024 > -500).length);
    }
  });
  it('reports the input range so a caller can detect wrap-around', () => {
    const src = Int16Array.from([32000, -5, 100]);
    const r = addInt16Stats(src, new Int16Array(3), 1000, 0)!;
    expect(r.maxIn + 1000).toBeGreaterThan(32767); // the caller must widen to Float32
  });
});

describe('committed kernel bytes', () => {
  it('match the WAT source (run node scripts/build-kernels.mjs after editing it)', async () => {
    // @ts-expect-error -- plain .mjs build script without type declarations
    const { assemble } = await import('../../../scripts/build-kernels.mjs');
    const wat = readFileSync(path.join(REPO, 'src/dicom/kernels/rescale.wat'), 'utf8');
    const bytes: Buffer = await assemble(wat, 'rescale.wat');
    expect(bytes.toString('base64')).toBe(RESCALE_WASM_BASE64);
  });
});
