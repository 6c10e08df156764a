/**
 * RLE Lossless encoder (DICOM PS3.5 Annex G), test-only. One frame of 8- or 16-bit single-sample
 * pixels becomes a 64-byte header (segment count, then up to 15 segment offsets, little endian)
 * followed by one PackBits-coded segment per byte plane: for 16-bit samples the most significant
 * bytes first, then the least significant. Every row is coded on its own (G.3.1), every segment is
 * padded to an even length.
 */

/** PackBits-codes one row of bytes (runs of 2+ equal bytes are replicate runs, the rest literal). */
export function packBitsRow(row: Uint8Array): number[] {
  const out: number[] = [];
  let p = 0;
  while (p < row.length) {
    let run = 1;
    while (p + run < row.length && run < 128 && row[p + run] === row[p]) run++;
    if (run >= 2) {
      out.push((257 - run) & 0xff, row[p]); // header −(run−1) as a signed byte
      p += run;
      continue;
    }
    const start = p;
    while (p < row.length && p - start < 128 && !(p + 1 < row.length && row[p + 1] === row[p])) p++;
    if (p === start) p++; // a single byte left before a run
    out.push(p - start - 1, ...row.subarray(start, p));
  }
  return out;
}

/**
 * Encodes one frame as an RLE Lossless fragment.
 * @param pixels - stored sample bytes, little endian for 16-bit, row-major
 * @param bytesPerSample - 1 or 2
 */
export function encodeRleFrame(pixels: Uint8Array, rows: number, columns: number, bytesPerSample: 1 | 2): Uint8Array {
  const planes: Uint8Array[] = [];
  for (let plane = 0; plane < bytesPerSample; plane++) {
    const byteInSample = bytesPerSample - 1 - plane; // MSB plane first
    const seg: number[] = [];
    const row = new Uint8Array(columns);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < columns; c++) row[c] = pixels[(r * columns + c) * bytesPerSample + byteInSample];
      for (const v of packBitsRow(row)) seg.push(v);
    }
    if (seg.length % 2) seg.push(0x80); // -128: a no-op, keeps the segment even
    planes.push(Uint8Array.from(seg));
  }
  const header = new DataView(new ArrayBuffer(64));
  header.setUint32(0, planes.length, true);
  let offset = 64;
  planes.forEach((p, s) => {
    header.setUint32(4 + 4 * s, offset, true);
    offset += p.length;
  });
  const out = new Uint8Array(offset);
  out.set(new Uint8Array(header.buffer), 0);
  let at = 64;
  for (const p of planes) { out.set(p, at); at += p.length; }
  return out;
}
