/**
 * NIfTI-1 writer (single file, `.nii`, optionally gzip-compressed by the caller), pure: lets the
 * browser export a labelmap without an itk-wasm writer pipeline. The header carries the geometry both
 * ways readers use — sform (the full affine, code 1 "scanner anatomical") and qform (quaternion + qfac,
 * code 1) — converted from our LPS to NIfTI's RAS (x and y negated). Units mm; no scaling; the
 * description field stays empty (exports carry no patient data).
 */
import { JumeauError } from '../core/errors';
import type { Volume, VoxelArray } from './volume';

const HEADER_BYTES = 348;
const VOX_OFFSET = 352;

function datatypeOf(data: VoxelArray): { code: number; bitpix: number } {
  if (data instanceof Uint8Array) return { code: 2, bitpix: 8 };
  if (data instanceof Int16Array) return { code: 4, bitpix: 16 };
  if (data instanceof Int32Array) return { code: 8, bitpix: 32 };
  if (data instanceof Float32Array) return { code: 16, bitpix: 32 };
  if (data instanceof Uint16Array) return { code: 512, bitpix: 16 };
  throw new JumeauError('BAD_ARGUMENT', 'NIfTI: unsupported voxel array type', { subject: 'volume.data' });
}

/**
 * The RAS affine (4×4 row-major) of a volume: column c = RAS direction of axis c × spacing, last
 * column = RAS position of voxel (0, 0, 0).
 */
export function rasAffine(vol: Pick<Volume, 'spacing' | 'origin' | 'direction'>): number[] {
  const d = vol.direction; // column-major: axis c = (d[3c], d[3c+1], d[3c+2]) in LPS
  const flip = [-1, -1, 1];
  const m = new Array<number>(16).fill(0);
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 3; c++) m[4 * r + c] = flip[r] * d[3 * c + r] * vol.spacing[c];
    m[4 * r + 3] = flip[r] * vol.origin[r];
  }
  m[15] = 1;
  return m;
}

/** NIfTI's quaternion (b, c, d) and qfac of a rotation-or-reflection given by unit columns (nifti1_io's method). */
export function quaternOf(rot: number[][]): { b: number; c: number; d: number; qfac: 1 | -1 } {
  const [r11, r12] = rot[0];
  const [r21, r22] = rot[1];
  const [r31, r32] = rot[2];
  let [, , r13] = rot[0];
  let [, , r23] = rot[1];
  let [, , r33] = rot[2];
  const det = r11 * (r22 * r33 - r23 * r32) - r12 * (r21 * r33 - r23 * r31) + r13 * (r21 * r32 - r22 * r31);
  const qfac: 1 | -1 = det > 0 ? 1 : -1;
  if (qfac < 0) {
    r13 = -r13;
    r23 = -r23;
    r33 = -r33;
  }
  let a = r11 + r22 + r33 + 1;
  let b: number, c: number, d: number;
  if (a > 0.5) {
    a = 0.5 * Math.sqrt(a);
    b = (0.25 * (r32 - r23)) / a;
    c = (0.25 * (r13 - r31)) / a;
    d = (0.25 * (r21 - r12)) / a;
  } else {
    const xd = 1 + r11 - (r22 + r33);
    const yd = 1 + r22 - (r11 + r33);
    const zd = 1 + r33 - (r11 + r22);
    if (xd > 1) {
      b = 0.5 * Math.sqrt(xd);
      c = (0.25 * (r12 + r21)) / b;
      d = (0.25 * (r13 + r31)) / b;
      a = (0.25 * (r32 - r23)) / b;
    } else if (yd > 1) {
      c = 0.5 * Math.sqrt(yd);
      b = (0.25 * (r12 + r21)) / c;
      d = (0.25 * (r23 + r32)) / c;
      a = (0.25 * (r13 - r31)) / c;
    } else {
      d = 0.5 * Math.sqrt(zd);
      b = (0.25 * (r13 + r31)) / d;
      c = (0.25 * (r23 + r32)) / d;
      a = (0.25 * (r21 - r12)) / d;
    }
    if (a < 0) {
      b = -b;
      c = -c;
      d = -d;
    }
  }
  return { b, c, d, qfac };
}

/**
 * The bytes of a `.nii` file holding `vol` (header, 4 bytes of extension flag, voxels little endian,
 * i fastest). Gzip them (e.g. with pako) for `.nii.gz`.
 */
export function writeNifti1(vol: Pick<Volume, 'size' | 'spacing' | 'origin' | 'direction' | 'data'>): Uint8Array {
  const { code, bitpix } = datatypeOf(vol.data);
  const n = vol.size[0] * vol.size[1] * vol.size[2];
  if (vol.data.length !== n) throw new JumeauError('BAD_ARGUMENT', `NIfTI: ${vol.data.length} voxels for a ${vol.size.join('×')} grid`, { subject: 'volume.data' });
  const out = new Uint8Array(VOX_OFFSET + vol.data.byteLength);
  const v = new DataView(out.buffer);
  v.setInt32(0, HEADER_BYTES, true);
  v.setInt8(39, 0); // dim_info
  const dims = [3, vol.size[0], vol.size[1], vol.size[2], 1, 1, 1, 1];
  dims.forEach((x, i) => v.setInt16(40 + 2 * i, x, true));
  v.setInt16(70, code, true);
  v.setInt16(72, bitpix, true);
  const aff = rasAffine(vol);
  const cols = [0, 1, 2].map((c) => [aff[c], aff[4 + c], aff[8 + c]].map((x) => x / vol.spacing[c]));
  const q = quaternOf([0, 1, 2].map((r) => [cols[0][r], cols[1][r], cols[2][r]]));
  const pixdim = [q.qfac, vol.spacing[0], vol.spacing[1], vol.spacing[2], 1, 1, 1, 1];
  pixdim.forEach((x, i) => v.setFloat32(76 + 4 * i, x, true));
  v.setFloat32(108, VOX_OFFSET, true); // vox_offset
  v.setFloat32(112, 1, true); // scl_slope
  v.setFloat32(116, 0, true); // scl_inter
  v.setUint8(123, 2); // xyzt_units: mm
  v.setInt16(252, 1, true); // qform_code: scanner anatomical
  v.setInt16(254, 1, true); // sform_code
  v.setFloat32(256, q.b, true);
  v.setFloat32(260, q.c, true);
  v.setFloat32(264, q.d, true);
  v.setFloat32(268, aff[3], true);
  v.setFloat32(272, aff[7], true);
  v.setFloat32(276, aff[11], true);
  for (let r = 0; r < 3; r++) for (let c = 0; c < 4; c++) v.setFloat32(280 + 16 * r + 4 * c, aff[4 * r + c], true);
  out.set([0x6e, 0x2b, 0x31, 0x00], 344); // "n+1\0"
  // Bytes 348…351: no extension. Voxels, little endian (every platform we run on is little endian).
  out.set(new Uint8Array(vol.data.buffer, vol.data.byteOffset, vol.data.byteLength), VOX_OFFSET);
  return out;
}
