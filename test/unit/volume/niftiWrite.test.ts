// Our NIfTI-1 writer against ITK's reader: geometry (LPS ↔ RAS, rotation, mirroring, anisotropy) and
// voxels survive; the quaternion reproduces the rotation (and qfac the reflection) as NIfTI defines them.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pako from 'pako';
import { describe, expect, it } from 'vitest';
import { readImageFileNode } from '../../../src/cli/imageFiles';
import { quaternOf, writeNifti1 } from '../../../src/volume/niftiWrite';
import type { Volume } from '../../../src/volume/volume';

/** NIfTI's rotation from (b, c, d) and qfac (nifti1.h, method 2). */
function rotationOf(b: number, c: number, d: number, qfac: number): number[][] {
  const a = Math.sqrt(Math.max(0, 1 - (b * b + c * c + d * d)));
  const R = [
    [a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c)],
    [2 * (b * c + a * d), a * a + c * c - b * b - d * d, 2 * (c * d - a * b)],
    [2 * (b * d - a * c), 2 * (c * d + a * b), a * a + d * d - c * c - b * b],
  ];
  for (let r = 0; r < 3; r++) R[r][2] *= qfac;
  return R;
}

function rot(axis: 'x' | 'y' | 'z', deg: number): number[][] {
  const c = Math.cos((deg * Math.PI) / 180), s = Math.sin((deg * Math.PI) / 180);
  if (axis === 'x') return [[1, 0, 0], [0, c, -s], [0, s, c]];
  if (axis === 'y') return [[c, 0, s], [0, 1, 0], [-s, 0, c]];
  return [[c, -s, 0], [s, c, 0], [0, 0, 1]];
}
const mul = (A: number[][], B: number[][]) => A.map((row) => [0, 1, 2].map((j) => row.reduce((s, x, k) => s + x * B[k][j], 0)));

describe('writeNifti1', () => {
  it('quaternion + qfac reproduce rotations, including 180° turns and reflections', () => {
    const cases = [rot('z', 30), mul(rot('x', 170), rot('y', -40)), rot('y', 180), mul(rot('z', 90), [[1, 0, 0], [0, 1, 0], [0, 0, -1]]), [[-1, 0, 0], [0, 1, 0], [0, 0, 1]]];
    for (const R of cases) {
      const q = quaternOf(R);
      const back = rotationOf(q.b, q.c, q.d, q.qfac);
      for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) expect(back[r][c]).toBeCloseTo(R[r][c], 9);
    }
  });

  it('an oblique, mirrored, anisotropic Uint8 labelmap reads back through ITK with the same LPS geometry and voxels', async () => {
    // Direction (column-major LPS axes): a rotation about z by 20° with the k axis flipped (det < 0).
    const R = mul(rot('z', 20), [[1, 0, 0], [0, 1, 0], [0, 0, -1]]);
    const direction = [R[0][0], R[1][0], R[2][0], R[0][1], R[1][1], R[2][1], R[0][2], R[1][2], R[2][2]] as Volume['direction'];
    const size: [number, number, number] = [13, 9, 7];
    const data = new Uint8Array(13 * 9 * 7).map((_, q) => (q * 7) % 5);
    const vol = { size, spacing: [0.7, 1.3, 2.5] as [number, number, number], origin: [-120.5, 33.25, 410] as [number, number, number], direction, data };
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'jumeau-nii-')), 'labels.nii.gz');
    writeFileSync(file, pako.gzip(writeNifti1(vol)));
    const back = await readImageFileNode(file, 'label');
    expect(back.size).toEqual(size);
    back.spacing.forEach((x, a) => expect(x).toBeCloseTo(vol.spacing[a], 5));
    back.origin.forEach((x, a) => expect(x).toBeCloseTo(vol.origin[a], 3));
    back.direction.forEach((x, a) => expect(x).toBeCloseTo(direction[a], 5));
    expect(Array.from(back.data)).toEqual(Array.from(data));
  });

  it('Int16 CT values survive exactly (no scaling applied by readers)', async () => {
    const data = new Int16Array(4 * 3 * 2).map((_, q) => -1024 + q * 137);
    const vol = { size: [4, 3, 2] as [number, number, number], spacing: [1, 1, 1] as [number, number, number], origin: [0, 0, 0] as [number, number, number], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] as Volume['direction'], data };
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'jumeau-nii-')), 'ct.nii');
    writeFileSync(file, writeNifti1(vol));
    const back = await readImageFileNode(file, 'HU');
    expect(Array.from(back.data)).toEqual(Array.from(data));
  });
});
