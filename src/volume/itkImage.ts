/**
 * Conversion between Jumeau's {@link Volume} and itk-wasm's `Image` (used for NIfTI / NRRD I/O,
 * resampling and registration). Both are in LPS millimetres; the only difference is the direction
 * layout: itk-wasm stores ITK's direction matrix **row-major** (`direction[row*3 + col]`, column c is
 * axis c), Jumeau stores it column-major. Verified by a test that writes a rotated image and reads the
 * NIfTI sform back.
 */
import { Image, ImageType, IntTypes, FloatTypes, PixelTypes } from 'itk-wasm';
import { JumeauError } from '../core/errors';
import type { Mat3, Volume, VoxelArray, VoxelUnit } from './volume';

function componentTypeOf(data: VoxelArray): ImageType['componentType'] {
  if (data instanceof Int16Array) return IntTypes.Int16;
  if (data instanceof Uint16Array) return IntTypes.UInt16;
  if (data instanceof Uint8Array) return IntTypes.UInt8;
  if (data instanceof Int32Array) return IntTypes.Int32;
  return FloatTypes.Float32;
}

/** Transposes a 3×3 matrix stored as 9 numbers (row-major ↔ column-major). */
export function transpose3(m: ArrayLike<number>): Mat3 {
  return [m[0], m[3], m[6], m[1], m[4], m[7], m[2], m[5], m[8]];
}

/** Builds an itk-wasm Image sharing the Volume's voxel buffer (no copy). */
export function volumeToItkImage(vol: Volume, name = 'volume'): Image {
  const image = new Image(new ImageType(3, componentTypeOf(vol.data), PixelTypes.Scalar, 1));
  image.name = name;
  image.size = [...vol.size];
  image.spacing = [...vol.spacing];
  image.origin = [...vol.origin];
  image.direction = new Float64Array(transpose3(vol.direction));
  image.data = vol.data;
  return image;
}

/**
 * Converts an itk-wasm Image to a Volume. Integer types other than Int16/UInt16/UInt8/Int32 and all
 * float types become Float32 (Int32 CT whose values fit Int16 is narrowed to Int16, exactly).
 * @param subject - file name used in error messages
 */
export function itkImageToVolume(image: Image, unit: VoxelUnit, subject: string): Volume {
  if (image.imageType.dimension !== 3 && image.imageType.dimension !== 2) {
    throw new JumeauError('IMAGE_READ', `expected a 3-D image, got ${image.imageType.dimension}-D`, { subject });
  }
  if (image.imageType.components !== 1) {
    throw new JumeauError('IMAGE_READ', `expected one component per voxel, got ${image.imageType.components}`, { subject });
  }
  if (!image.data) throw new JumeauError('IMAGE_READ', 'image has no voxel data', { subject });
  const dim = image.imageType.dimension;
  const size: [number, number, number] = [image.size[0], image.size[1], dim === 3 ? image.size[2] : 1];
  const spacing: [number, number, number] = [image.spacing[0], image.spacing[1], dim === 3 ? image.spacing[2] : 1];
  const origin: [number, number, number] = [image.origin[0], image.origin[1], dim === 3 ? image.origin[2] : 0];
  const d = Array.from(image.direction as ArrayLike<number>);
  const rowMajor = dim === 3 ? d : [d[0], d[1], 0, d[2], d[3], 0, 0, 0, 1];
  return { size, spacing, origin, direction: transpose3(rowMajor), data: narrow(image.data as VoxelArray), unit };
}

function narrow(data: ArrayLike<number> & { constructor: unknown }): VoxelArray {
  if (data instanceof Int16Array || data instanceof Uint16Array || data instanceof Uint8Array || data instanceof Float32Array) {
    return data;
  }
  if (data instanceof Int32Array || data instanceof Int8Array || data instanceof Uint32Array) {
    let fits = true;
    for (let n = 0; n < data.length; n++) {
      const v = data[n];
      if (v < -32768 || v > 32767) { fits = false; break; }
    }
    if (fits) return Int16Array.from(data);
    return data instanceof Int32Array ? data : Float32Array.from(data);
  }
  return Float32Array.from(data as ArrayLike<number>);
}
