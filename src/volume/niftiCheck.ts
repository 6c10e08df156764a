/**
 * A completeness check of NIfTI files before they are read. ITK's NIfTI reader (and so itk-wasm, in
 * the browser and in Node) accepts a `.nii.gz` whose gzip stream stops early, or a `.nii` shorter than
 * its header says, and fills the missing voxels with zeros: a truncated download would show as a
 * plausible volume. This reads the header, decompresses the whole file once (counting bytes, keeping
 * nothing), and refuses a file that holds fewer voxel bytes than its header announces. Pure (pako only).
 */
import pako from 'pako';
import { JumeauError } from '../core/errors';

/** What a NIfTI-1 or NIfTI-2 header says about the file's length. */
export interface NiftiLayout {
  version: 1 | 2;
  /** Byte offset of the first voxel. */
  voxOffset: number;
  /** Bytes of voxel data (all dimensions, all components). */
  dataBytes: number;
}

/** Reads the layout from the first bytes of a (decompressed) NIfTI file; null when it is not NIfTI-1/2. */
export function niftiLayout(head: Uint8Array): NiftiLayout | null {
  if (head.length < 348) return null;
  const dv = new DataView(head.buffer, head.byteOffset, head.byteLength);
  for (const le of [true, false]) {
    const sizeofHdr = dv.getInt32(0, le);
    if (sizeofHdr === 348) {
      const rank = dv.getInt16(40, le);
      if (rank < 1 || rank > 7) return null;
      let n = 1;
      for (let d = 1; d <= rank; d++) n *= Math.max(1, dv.getInt16(40 + 2 * d, le));
      const bitpix = dv.getInt16(72, le);
      const voxOffset = Math.max(348, Math.floor(dv.getFloat32(108, le)));
      return bitpix > 0 ? { version: 1, voxOffset, dataBytes: Math.ceil((n * bitpix) / 8) } : null;
    }
    if (sizeofHdr === 540 && head.length >= 540) {
      const rank = Number(dv.getBigInt64(16, le));
      if (rank < 1 || rank > 7) return null;
      let n = 1;
      for (let d = 1; d <= rank; d++) n *= Math.max(1, Number(dv.getBigInt64(16 + 8 * d, le)));
      const bitpix = dv.getInt16(14, le);
      const voxOffset = Math.max(540, Number(dv.getBigInt64(168, le)));
      return bitpix > 0 ? { version: 2, voxOffset, dataBytes: Math.ceil((n * bitpix) / 8) } : null;
    }
  }
  return null;
}

/** Decompresses a gzip file (one or several members) only to measure it: its length and first bytes. */
function measureGzip(bytes: Uint8Array, keep: number): { length: number; head: Uint8Array; complete: boolean; error?: string } {
  const inflator = new pako.Inflate({ chunkSize: 1 << 20 });
  const head = new Uint8Array(keep);
  let length = 0;
  let complete = false;
  inflator.onData = (chunk: Uint8Array) => {
    if (length < keep) head.set(chunk.subarray(0, keep - length), length);
    length += chunk.length;
  };
  const end = inflator.onEnd.bind(inflator); // sets err and msg
  inflator.onEnd = (status: number) => {
    complete = status === 0;
    end(status);
  };
  inflator.push(bytes, true);
  return { length, head: head.subarray(0, Math.min(keep, length)), complete, error: inflator.err ? inflator.msg || `zlib error ${inflator.err}` : undefined };
}

/**
 * Throws an IMAGE_READ error naming `name` when the NIfTI file `bytes` (plain, or gzip-compressed:
 * recognised by its magic bytes) is damaged or shorter than its header announces. Files whose header
 * is not NIfTI-1/2 are left to the reader.
 */
export function checkNiftiComplete(bytes: Uint8Array, name: string): void {
  let length = bytes.length;
  let head = bytes.subarray(0, 540);
  // gzip magic: znzlib (ITK) also reads an uncompressed file named .nii.gz, so go by content, not name.
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    const m = measureGzip(bytes, 540);
    if (m.error) throw new JumeauError('IMAGE_READ', `the gzip data is damaged (${m.error})`, { subject: name });
    if (!m.complete) throw new JumeauError('IMAGE_READ', `the file is truncated: its gzip data stops after ${m.length} bytes (an incomplete copy or download?)`, { subject: name });
    length = m.length;
    head = m.head;
  }
  const layout = niftiLayout(head);
  if (!layout) return;
  const want = layout.voxOffset + layout.dataBytes;
  if (length < want) {
    throw new JumeauError('IMAGE_READ', `the file is truncated: its header announces ${want} bytes (voxels from byte ${layout.voxOffset}), it holds ${length}`, { subject: name });
  }
}
