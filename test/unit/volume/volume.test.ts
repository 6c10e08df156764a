// Index ↔ LPS mapping and the itk-wasm direction layout (row-major in itk-wasm, column-major here).
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { indexToLps, indexToLpsMatrix, lpsToIndex, orientationCode, type Volume } from '../../../src/volume/volume';
import { readImageFileNode, writeNiftiNode } from '../../../src/cli/imageFiles';

const oblique: Volume = {
  size: [4, 3, 2],
  spacing: [0.5, 0.7, 2.5],
  origin: [-10, 20, 30],
  // i → posterior, j → right, k → superior (a 90° rotation about S): non-symmetric on purpose.
  direction: [0, 1, 0, -1, 0, 0, 0, 0, 1],
  data: new Int16Array(24).map((_, q) => q * 10 - 100),
  unit: 'HU',
};

describe('indexToLps / lpsToIndex', () => {
  it('follows P = origin + i·Δi·dirI + j·Δj·dirJ + k·Δk·dirK', () => {
    expect(indexToLps(oblique, [2, 1, 1])).toEqual([-10 - 0.7, 20 + 1.0, 30 + 2.5]);
    const m = indexToLpsMatrix(oblique);
    expect(m.slice(0, 4)).toEqual([0, -0.7, 0, -10]);
    expect(orientationCode(oblique.direction)).toBe('PRS');
  });
  it('round-trips for an oblique, non-orthogonal direction', () => {
    const sheared = { ...oblique, direction: [1, 0, 0, 0, 1, 0, 0, 0.3420201433, 0.9396926208] as Volume['direction'] };
    const ijk: [number, number, number] = [1.25, -3.5, 7];
    const back = lpsToIndex(sheared, indexToLps(sheared, ijk));
    back.forEach((x, a) => expect(x).toBeCloseTo(ijk[a], 10));
  });
});

describe('NIfTI write/read through itk-wasm keeps geometry and values', () => {
  it('writes the sform of a rotated volume correctly and reads back the same Volume', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'jumeau-'));
    const file = path.join(dir, 'rot.nii.gz');
    await writeNiftiNode(oblique, file);
    const h = gunzipSync(readFileSync(file));
    const dv = new DataView(h.buffer, h.byteOffset);
    const srow = (r: number) => [0, 1, 2, 3].map((q) => dv.getFloat32(280 + 16 * r + 4 * q, true));
    // RAS = diag(−1,−1,1)·LPS: voxel (1,0,0) lies 0.5 mm posterior of the origin → RAS y decreases by 0.5.
    expect(srow(0)[0]).toBeCloseTo(0, 6);
    expect(srow(1)[0]).toBeCloseTo(-0.5, 6);
    expect(srow(0)[1]).toBeCloseTo(0.7, 6); // j → patient right = −L → RAS x +0.7
    expect(srow(0)[3]).toBeCloseTo(10, 5);
    expect(srow(1)[3]).toBeCloseTo(-20, 5);
    const back = await readImageFileNode(file, 'HU');
    expect(back.size).toEqual(oblique.size);
    back.direction.forEach((x, q) => expect(x).toBeCloseTo(oblique.direction[q], 6));
    back.origin.forEach((x, q) => expect(x).toBeCloseTo(oblique.origin[q], 4));
    back.spacing.forEach((x, q) => expect(x).toBeCloseTo(oblique.spacing[q], 6));
    expect(Array.from(back.data)).toEqual(Array.from(oblique.data));
  });
});
