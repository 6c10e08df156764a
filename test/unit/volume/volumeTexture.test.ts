// The CT → 3D texture conversion of the volume rendering: sizes, spacing and origin after block
// averaging, the byte mapping, the geometry of the texture box (texel centres land on the original
// voxel-centre LPS positions, also for an oblique direction), and the presets' lookup tables.
import { describe, expect, it } from 'vitest';
import { indexToLps, type Volume } from '../../../src/volume/volume';
import {
  CT_TEXTURE_RANGE_HU,
  TRANSFER_FUNCTIONS_HU,
  blockMaxOf,
  evaluateTransfer,
  firstVisibleByte,
  textureToLpsMatrix,
  transferTable,
  valueOfByte,
  volumeTextureOf,
} from '../../../src/volume/volumeTexture';

/** A volume whose value is a linear ramp of the LPS position (so a block mean is the centre's value). */
function ramp(size: [number, number, number], spacing: [number, number, number], origin: [number, number, number], direction: Volume['direction']): Volume {
  const vol: Volume = { size, spacing, origin, direction, data: new Int16Array(size[0] * size[1] * size[2]), unit: 'HU' };
  let q = 0;
  for (let k = 0; k < size[2]; k++) for (let j = 0; j < size[1]; j++) for (let i = 0; i < size[0]; i++) vol.data[q++] = 2 * i + 7 * j - 11 * k;
  return vol;
}

const applyAffine = (m: number[], p: number[]): number[] => [0, 1, 2].map((r) => m[4 * r] * p[0] + m[4 * r + 1] * p[1] + m[4 * r + 2] * p[2] + m[4 * r + 3]);

// i → posterior, j → right, k → superior: a 90° rotation about S, not symmetric.
const OBLIQUE: Volume['direction'] = [0, 1, 0, -1, 0, 0, 0, 0, 1];

describe('volumeTextureOf', () => {
  it('downsamples a 512 × 512 × 400 CT to 256 × 256 × 200 with twice the spacing', () => {
    const vol: Volume = { size: [512, 512, 400], spacing: [0.7, 0.7, 1.25], origin: [-180, -200, -300], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], data: new Int16Array(512 * 512 * 400).fill(40), unit: 'HU' };
    const t0 = performance.now();
    const tex = volumeTextureOf(vol);
    const ms = performance.now() - t0;
    expect(tex.size).toEqual([256, 256, 200]);
    expect(tex.factor).toEqual([2, 2, 2]);
    expect(tex.spacingMm).toEqual([1.4, 1.4, 2.5]);
    expect(tex.data.length).toBe(256 * 256 * 200);
    // 40 HU over [−1000, 2000] HU: byte round(1040 / 3000 · 255) = 88.
    expect(tex.data[0]).toBe(88);
    expect(tex.data[tex.data.length - 1]).toBe(88);
    // Texel (0,0,0) is the mean of voxels 0–1 on each axis: centre at index 0.5.
    expect(tex.originLps).toEqual([-180 + 0.35, -200 + 0.35, -300 + 0.625]);
    const t1 = performance.now();
    const blocks = blockMaxOf(tex);
    const msBlocks = performance.now() - t1;
    expect(blocks.size).toEqual([64, 64, 50]);
    expect(blocks.data[0]).toBe(88);
    console.log(`volumeTextureOf 512×512×400 Int16 → 256×256×200 bytes: ${ms.toFixed(0)} ms; blockMaxOf → 64×64×50: ${msBlocks.toFixed(0)} ms`);
  });

  it('keeps a small volume at full resolution and maps HU to bytes linearly, clamped', () => {
    const vol: Volume = { size: [3, 2, 1], spacing: [1, 1, 1], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], data: Int16Array.from([-1024, -1000, 0, 500, 2000, 3071]), unit: 'HU' };
    const tex = volumeTextureOf(vol);
    expect(tex.size).toEqual([3, 2, 1]);
    expect(tex.factor).toEqual([1, 1, 1]);
    expect([tex.valueAtByte0, tex.valueAtByte255]).toEqual([...CT_TEXTURE_RANGE_HU]);
    expect(Array.from(tex.data)).toEqual([0, 0, 85, 128, 255, 255]);
    expect(valueOfByte(tex, 85)).toBeCloseTo(0, 0);
    expect(Math.abs(valueOfByte(tex, 128) - 500)).toBeLessThan(3000 / 255 / 2 + 1e-9);
  });

  it('maps a non-CT volume over its own value range', () => {
    const vol: Volume = { size: [2, 1, 1], spacing: [1, 1, 1], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], data: Uint16Array.from([100, 900]), unit: 'raw' };
    const tex = volumeTextureOf(vol);
    expect([tex.valueAtByte0, tex.valueAtByte255]).toEqual([100, 900]);
    expect(Array.from(tex.data)).toEqual([0, 255]);
  });

  it('puts every texel centre at the LPS of the original block centre, for an oblique direction and uneven factors', () => {
    const vol = ramp([13, 10, 7], [0.5, 0.8, 2], [-10, 20, 30], OBLIQUE);
    const tex = volumeTextureOf(vol, { maxTexelsPerAxis: 4, valueRange: [-200, 200] });
    // ceil(13/4) = 4 → 3 texels (voxel 12 left out); ceil(10/4) = 3 → 3; ceil(7/4) = 2 → 3 (voxel 6 left out).
    expect(tex.factor).toEqual([4, 3, 2]);
    expect(tex.size).toEqual([3, 3, 3]);
    expect(tex.spacingMm).toEqual([2, 2.4000000000000004, 4]);
    const texGrid = { spacing: tex.spacingMm, origin: tex.originLps, direction: tex.direction };
    for (const [a, b, c] of [[0, 0, 0], [2, 1, 2], [1, 2, 0]]) {
      const centre = [a * 4 + 1.5, b * 3 + 1, c * 2 + 0.5];
      const want = indexToLps(vol, centre as [number, number, number]);
      indexToLps(texGrid, [a, b, c]).forEach((x, r) => expect(x).toBeCloseTo(want[r], 10));
      // Block mean of the ramp = the ramp at the block centre.
      const mean = 2 * centre[0] + 7 * centre[1] - 11 * centre[2];
      expect(Math.abs(valueOfByte(tex, tex.data[a + 3 * (b + 3 * c)]) - mean)).toBeLessThanOrEqual(400 / 255 / 2 + 1e-9);
    }
  });

  it('textureToLpsMatrix sends texture coordinate (a + 0.5)/n to the texel centre and [0,1]³ to the texel edges', () => {
    const vol = ramp([13, 10, 7], [0.5, 0.8, 2], [-10, 20, 30], OBLIQUE);
    const tex = volumeTextureOf(vol, { maxTexelsPerAxis: 4 });
    const m = textureToLpsMatrix(tex);
    const texGrid = { spacing: tex.spacingMm, origin: tex.originLps, direction: tex.direction };
    const centre = applyAffine(m, [(2 + 0.5) / 3, (1 + 0.5) / 3, (0 + 0.5) / 3]);
    const want = indexToLps(texGrid, [2, 1, 0]);
    centre.forEach((x, r) => expect(x).toBeCloseTo(want[r], 10));
    const corner = applyAffine(m, [0, 0, 0]);
    indexToLps(texGrid, [-0.5, -0.5, -0.5]).forEach((x, r) => expect(corner[r]).toBeCloseTo(x, 10));
    // Original voxel centre (5.5, 4, 2.5) is texel centre (1, 1, 1): the same LPS both ways.
    const viaOriginal = indexToLps(vol, [5.5, 4, 2.5]);
    applyAffine(m, [1.5 / 3, 1.5 / 3, 1.5 / 3]).forEach((x, r) => expect(x).toBeCloseTo(viaOriginal[r], 10));
  });
});

describe('transfer functions', () => {
  it('bone: transparent below 150 HU, 0.3/mm at 300 HU, opaque cortex', () => {
    const bone = TRANSFER_FUNCTIONS_HU.bone;
    expect(evaluateTransfer(bone, 40).opacityPerMm).toBe(0);
    expect(evaluateTransfer(bone, 150).opacityPerMm).toBe(0);
    expect(evaluateTransfer(bone, 225).opacityPerMm).toBeCloseTo(0.15, 10);
    expect(evaluateTransfer(bone, 1500).opacityPerMm).toBe(1);
  });

  it('tables follow the byte mapping: bone alpha 0 for muscle, 255 for cortex; MIP grey of the 0–1500 HU window', () => {
    const tex = { valueAtByte0: -1000, valueAtByte255: 2000, unit: 'HU' as const };
    const bone = transferTable('bone', tex);
    const byteOf = (hu: number): number => Math.round(((hu + 1000) / 3000) * 255);
    expect(bone[4 * byteOf(40) + 3]).toBe(0);
    expect(bone[4 * byteOf(1400) + 3]).toBe(255);
    expect(bone[4 * byteOf(300) + 3]).toBeGreaterThan(70);
    expect(bone[4 * byteOf(300) + 3]).toBeLessThan(84);
    const mip = transferTable('mip', tex);
    expect(mip[4 * byteOf(-1000)]).toBe(0);
    expect(mip[4 * byteOf(0)]).toBeLessThan(2);
    expect(mip[4 * byteOf(750) + 3]).toBeGreaterThan(125);
    expect(mip[4 * byteOf(750) + 3]).toBeLessThan(131);
    expect(mip[4 * 255]).toBe(255);
    const soft = transferTable('soft', tex);
    expect(soft[4 * byteOf(-1000) + 3]).toBe(0);
    expect(soft[4 * byteOf(40) + 3]).toBe(8); // 0.03/mm · 255 ≈ 7.7
  });
});

describe('empty-space skipping', () => {
  it('blockMaxOf: the max over each 4³ block with a one-texel apron, partial blocks at the end', () => {
    const size: [number, number, number] = [10, 6, 5];
    const data = new Uint8Array(10 * 6 * 5);
    const at = (i: number, j: number, k: number): number => i + 10 * (j + 6 * k);
    data[at(4, 0, 0)] = 200; // first texel of block i = 1: also in block 0's apron
    data[at(9, 5, 4)] = 90; // last texel: the partial blocks (2, 1, 1)
    data[at(2, 2, 2)] = 50;
    const bm = blockMaxOf({ size, data }, 4);
    expect(bm.size).toEqual([3, 2, 2]);
    const b = (a: number, c: number, d: number): number => bm.data[a + 3 * (c + 2 * d)];
    expect(b(0, 0, 0)).toBe(200);
    expect(b(1, 0, 0)).toBe(200);
    expect(b(2, 0, 0)).toBe(0);
    expect(b(2, 1, 1)).toBe(90);
    expect(b(0, 1, 1)).toBe(0);
    // Texel (2,2,2) is in block (0,0,0) only: block k = 1 with its apron covers k ∈ [4 − 1, 4] = [3, 4].
    expect(b(0, 0, 1)).toBe(0);
    expect(b(0, 0, 0)).toBeGreaterThanOrEqual(50);
  });

  it('firstVisibleByte: bone opacity starts just above 150 HU', () => {
    const tex = { valueAtByte0: -1000, valueAtByte255: 2000, unit: 'HU' as const };
    const b = firstVisibleByte(transferTable('bone', tex));
    expect(valueOfByte(tex, b)).toBeGreaterThan(150);
    expect(valueOfByte(tex, b - 1)).toBeLessThanOrEqual(150 + 3000 / 255);
    expect(firstVisibleByte(new Uint8Array(1024))).toBe(256);
  });
});
