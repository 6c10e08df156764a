/**
 * Test-only: writes a Volume as NIfTI / NRRD / MetaImage with itk-wasm's Node writer (the same path as
 * the CLI's `writeNiftiNode`), and a detached NRRD header + raw data pair made from an uncompressed
 * NRRD. Loaded by the browser tests through Vite's ssrLoadModule (runs in Node).
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { writeImageNode } from '@itk-wasm/image-io';
import { volumeToItkImage } from '../../src/volume/itkImage';
import type { Volume } from '../../src/volume/volume';

/** Writes `vol` to `path`; the format follows the extension (`.nii.gz`, `.nrrd`, `.mha`, …). */
export async function writeVolumeFile(vol: Volume, path: string, compress = true): Promise<void> {
  await writeImageNode(volumeToItkImage(vol), path, { useCompression: compress });
}

/**
 * Writes `vol` as a detached NRRD: `<stem>.nhdr` (text header naming its data file) and `<stem>.raw`.
 * Returns the header text.
 */
export async function writeDetachedNrrd(vol: Volume, stem: string): Promise<string> {
  const tmp = `${stem}.tmp.nrrd`;
  await writeVolumeFile(vol, tmp, false);
  const bytes = readFileSync(tmp);
  rmSync(tmp);
  const end = bytes.indexOf('\n\n');
  if (end < 0) throw new Error('no end of header in the NRRD written by itk-wasm');
  const header = bytes.subarray(0, end).toString('latin1');
  if (!/^encoding: raw$/m.test(header)) throw new Error(`expected a raw NRRD, got header:\n${header}`);
  const text = `${header}\ndata file: ${basename(stem)}.raw\n`;
  writeFileSync(`${stem}.nhdr`, text);
  writeFileSync(`${stem}.raw`, bytes.subarray(end + 2));
  return text;
}
