// The NIfTI completeness check: ITK fills a truncated .nii.gz with zeros, so Jumeau checks first.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { writeNiftiNode } from '../../../src/cli/imageFiles';
import { isJumeauError } from '../../../src/core/errors';
import { guessUnit } from '../../../src/volume/guessUnit';
import { checkNiftiComplete, niftiLayout } from '../../../src/volume/niftiCheck';
import type { Volume } from '../../../src/volume/volume';

const vol: Volume = {
  size: [5, 4, 3], spacing: [1, 1, 2], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
  data: new Int16Array(60).map((_, q) => (q % 2 ? -1000 : q)), unit: 'HU',
};

async function written(): Promise<Uint8Array> {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'jumeau-nii-')), 'v.nii.gz');
  await writeNiftiNode(vol, file);
  return new Uint8Array(readFileSync(file));
}

function codeOf(fn: () => void): string | null {
  try {
    fn();
    return null;
  } catch (e) {
    return isJumeauError(e) ? `${e.code}: ${e.message}` : `other: ${String(e)}`;
  }
}

describe('checkNiftiComplete', () => {
  it('accepts a whole file, compressed or not, and reads the layout from the header', async () => {
    const gz = await written();
    expect(codeOf(() => checkNiftiComplete(gz, 'v.nii.gz'))).toBeNull();
    const { gunzipSync } = await import('node:zlib');
    const plain = new Uint8Array(gunzipSync(gz));
    expect(niftiLayout(plain)).toEqual({ version: 1, voxOffset: 352, dataBytes: 60 * 2 });
    expect(codeOf(() => checkNiftiComplete(plain, 'v.nii'))).toBeNull();
    // Mislabelled: an uncompressed file named .nii.gz is read by ITK, so it is accepted here too.
    expect(codeOf(() => checkNiftiComplete(plain, 'v.nii.gz'))).toBeNull();
    // Several gzip members (bgzip-style) are one file.
    const multi = new Uint8Array([...gzipSync(plain.subarray(0, 200)), ...gzipSync(plain.subarray(200))]);
    expect(codeOf(() => checkNiftiComplete(multi, 'm.nii.gz'))).toBeNull();
  });

  it('refuses truncated gzip data, a short .nii and junk, naming the file', async () => {
    const gz = await written();
    expect(codeOf(() => checkNiftiComplete(gz.subarray(0, gz.length - 12), 'cut.nii.gz'))).toMatch(/^IMAGE_READ: cut\.nii\.gz: the file is truncated/);
    const { gunzipSync } = await import('node:zlib');
    const plain = new Uint8Array(gunzipSync(gz));
    expect(codeOf(() => checkNiftiComplete(plain.subarray(0, plain.length - 1), 'short.nii'))).toMatch(/^IMAGE_READ: short\.nii: .*announces 472 bytes.*holds 471/);
    const junk = new Uint8Array(2000).map((_, n) => (n * 2654435761) >>> 24);
    junk[0] = 0x1f;
    junk[1] = 0x8b;
    expect(codeOf(() => checkNiftiComplete(junk, 'junk.nii.gz'))).toMatch(/^IMAGE_READ: junk\.nii\.gz: the gzip data is damaged/);
  });
});

describe('guessUnit', () => {
  it('is HU for integer data with air, raw for floats and for data without air', () => {
    expect(guessUnit(vol)).toBe('HU');
    expect(guessUnit({ data: new Float32Array([-1000, 0]) })).toBe('raw');
    expect(guessUnit({ data: new Uint16Array(100).fill(300) })).toBe('raw');
  });
});
