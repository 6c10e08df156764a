/** NIfTI / NRRD / MetaImage input and NIfTI output for the CLI, through itk-wasm's Node pipelines. */
import path from 'node:path';
import { readImageNode, writeImageNode } from '@itk-wasm/image-io';
import { JumeauError, describeError } from '../core/errors';
import { itkImageToVolume, volumeToItkImage } from '../volume/itkImage';
import type { Volume, VoxelUnit } from '../volume/volume';

const IMAGE_EXT = ['.nii', '.nii.gz', '.nrrd', '.nhdr', '.mha', '.mhd'];

/** True when the path names an image file format read through itk-wasm (not DICOM). */
export function isImageFile(p: string): boolean {
  const lower = p.toLowerCase();
  return IMAGE_EXT.some((e) => lower.endsWith(e));
}

/**
 * Guesses whether integer voxel values are CT Hounsfield units: air (≤ −900) present and values
 * within the CT range. Used only for NIfTI/NRRD, which do not say; DICOM states its modality.
 */
export function guessUnit(vol: Pick<Volume, 'data'>): VoxelUnit {
  const d = vol.data;
  if (d instanceof Float32Array) return 'raw';
  let air = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let q = 0; q < d.length; q += 7) {
    const v = d[q];
    if (v <= -900) air++;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return air > 0 && min >= -3100 && max <= 32767 ? 'HU' : 'raw';
}

/**
 * Reads a NIfTI / NRRD / MetaImage file into a Volume in LPS (itk-wasm converts NIfTI's RAS; for NIfTI
 * with qform_code 0 the sform is used).
 */
export async function readImageFileNode(filePath: string, unit?: VoxelUnit): Promise<Volume> {
  const name = path.basename(filePath);
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
