/** NIfTI / NRRD / MetaImage input and NIfTI output for the CLI, through itk-wasm's Node pipelines. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { readImageNode, writeImageNode } from '@itk-wasm/image-io';
import { JumeauError, describeError } from '../core/errors';
import { itkImageToVolume, volumeToItkImage } from '../volume/itkImage';
import type { Volume, VoxelUnit } from '../volume/volume';
import { guessUnit } from '../volume/guessUnit';
import { checkNiftiComplete } from '../volume/niftiCheck';

const IMAGE_EXT = ['.nii', '.nii.gz', '.nrrd', '.nhdr', '.mha', '.mhd'];

/** True when the path names an image file format read through itk-wasm (not DICOM). */
export function isImageFile(p: string): boolean {
  const lower = p.toLowerCase();
  return IMAGE_EXT.some((e) => lower.endsWith(e));
}

/**
 * Reads a NIfTI / NRRD / MetaImage file into a Volume in LPS (itk-wasm converts NIfTI's RAS; for NIfTI
 * with qform_code 0 the sform is used).
 */
export async function readImageFileNode(filePath: string, unit?: VoxelUnit): Promise<Volume> {
  const name = path.basename(filePath);
  // ITK's NIfTI reader fills a truncated file's missing voxels with zeros: refuse such files first.
  if (/\.nii(\.gz)?$/i.test(filePath)) checkNiftiComplete(new Uint8Array(await readFile(filePath)), name);
  let image;
  try {
    image = await readImageNode(filePath);
  } catch (e) {
    throw new JumeauError('IMAGE_READ', `cannot read image: ${describeError(e)}`, { subject: name, cause: e });
  }
  const vol = itkImageToVolume(image, 'raw', name);
  vol.unit = unit ?? guessUnit(vol);
  return vol;
}

/** Writes a Volume as NIfTI (`.nii.gz`), geometry preserved (itk-wasm writes qform and sform). */
export async function writeNiftiNode(vol: Volume, filePath: string): Promise<void> {
  try {
    await writeImageNode(volumeToItkImage(vol), filePath, { useCompression: true });
  } catch (e) {
    throw new JumeauError('IMAGE_WRITE', `cannot write NIfTI: ${describeError(e)}`, { subject: filePath, cause: e });
  }
}
