/**
 * The unit guess for image files that do not state what their values mean (NIfTI, NRRD, MetaImage).
 * Pure: shared by the CLI (Node) and the app's load worker (browser).
 */
import type { Volume, VoxelUnit } from './volume';

/**
 * Guesses whether integer voxel values are CT Hounsfield units: air (≤ −900) present and values
 * within the CT range (every 7th voxel is looked at). Float data is always `raw`. Used only for
 * NIfTI/NRRD/MetaImage, which do not say; DICOM states its modality.
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
