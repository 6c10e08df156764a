/**
 * Where DICOM bytes come from. The loader never holds a whole study in memory: it reads a header
 * prefix of each file while scanning, then reads one file at a time while filling the volume.
 * Node (fs) and the browser (File / Blob) each provide an implementation; tests use in-memory ones.
 */

/** One input file. `read()` without arguments returns the whole file. */
export interface DicomFileSource {
  /** Display name (relative path when known); used in every message about this file. */
  readonly name: string;
  /** Size in bytes. */
  readonly size: number;
  /** Reads bytes [start, end) (end exclusive, clamped to the size). */
  read(start?: number, end?: number): Promise<Uint8Array>;
  /**
   * Optional: reads `target.length` bytes from `start` into `target` (no allocation); returns the
   * number of bytes read. The loader uses it with recycled buffers when present.
   */
  readInto?(target: Uint8Array, start: number): Promise<number>;
}

/** A source over bytes already in memory (tests, drag-and-drop of small files). */
export function sourceFromBytes(name: string, bytes: Uint8Array): DicomFileSource {
  return {
    name,
    size: bytes.length,
    read: (start = 0, end = bytes.length) => Promise.resolve(bytes.subarray(start, Math.min(end, bytes.length))),
  };
}

/** A source over a browser Blob / File (also works in Node ≥ 20, which has Blob). */
export function sourceFromBlob(name: string, blob: Blob): DicomFileSource {
  return {
    name,
    size: blob.size,
    read: async (start = 0, end = blob.size) => new Uint8Array(await blob.slice(start, Math.min(end, blob.size)).arrayBuffer()),
  };
}
