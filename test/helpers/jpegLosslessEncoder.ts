/**
 * Minimal lossless JPEG encoder (ITU-T T.81 process 14, selection value 1 = DICOM transfer syntax
 * 1.2.840.10008.1.2.4.70), test-only. One component, precision 2–16 bits, predictor 1 (left
 * neighbour; first row from the left, first column from above, first sample from 2^(P−1)),
 * differences modulo 2^16 Huffman-coded with one fixed table in which every category 0–16 has a
 * 5-bit code. Markers: SOI, SOF3, DHT, SOS, entropy-coded data (0xFF stuffed), EOI.
 */

class BitWriter {
  private readonly out: number[] = [];
  private acc = 0;
  private n = 0;

  /** Appends the `count` low bits of `value`, most significant first. */
  put(value: number, count: number): void {
    for (let b = count - 1; b >= 0; b--) {
      this.acc = (this.acc << 1) | ((value >>> b) & 1);
      if (++this.n === 8) this.flushByte();
    }
  }

  private flushByte(): void {
    this.out.push(this.acc);
    if (this.acc === 0xff) this.out.push(0x00); // byte stuffing
    this.acc = 0;
    this.n = 0;
  }

  /** Pads the last byte with 1-bits (T.81 F.1.2.3) and returns the coded bytes. */
  finish(): number[] {
    if (this.n > 0) this.put(0xff, 8 - this.n);
    return this.out;
  }
}

/** SSSS: the number of bits needed for |diff| (0 for 0; 16 only for 32768). */
function category(diff: number): number {
  let a = Math.abs(diff);
  let s = 0;
  while (a) { s++; a >>= 1; }
  return s;
}

function segment(marker: number, body: number[]): number[] {
  const len = body.length + 2;
  return [0xff, marker, len >> 8, len & 0xff, ...body];
}

/**
 * Encodes one frame.
 * @param samples - stored sample values (signed values are coded as their two's-complement bits)
 * @param precision - bits per sample P (BitsStored, 2–16)
 */
export function encodeJpegLosslessSv1(samples: ArrayLike<number>, rows: number, columns: number, precision: number): Uint8Array {
  const mod = 2 ** precision;
  const mask = mod - 1;
  const x = (q: number): number => samples[q] & mask;
  const bits = new BitWriter();
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      const q = r * columns + c;
      const pred = r === 0 && c === 0 ? 1 << (precision - 1) : c === 0 ? x(q - columns) : x(q - 1);
      // Difference modulo 2^16 in [−32767, 32768] (T.81 H.1.2.1).
      let diff = (x(q) - pred) % 65536;
      if (diff > 32768) diff -= 65536;
      if (diff <= -32768) diff += 65536;
      const ssss = category(diff);
      bits.put(ssss, 5); // canonical code of symbol s is s itself (17 codes of length 5)
      if (ssss > 0 && ssss < 16) bits.put(diff >= 0 ? diff : diff + (1 << ssss) - 1, ssss);
    }
  }
  const sof3 = segment(0xc3, [precision, rows >> 8, rows & 0xff, columns >> 8, columns & 0xff, 1, 1, 0x11, 0]);
  const counts = new Array<number>(16).fill(0);
  counts[4] = 17; // 17 codes of length 5
  const dht = segment(0xc4, [0x00, ...counts, ...Array.from({ length: 17 }, (_, s) => s)]);
  const sos = segment(0xda, [1, 1, 0x00, 1 /* predictor */, 0, 0 /* Ah/Al = point transform 0 */]);
  return Uint8Array.from([0xff, 0xd8, ...sof3, ...dht, ...sos, ...bits.finish(), 0xff, 0xd9]);
}
