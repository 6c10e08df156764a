/**
 * Part 10 parsing with dicom-parser, and extraction of the per-frame records the series builder
 * needs. Accepts files with the 128-byte preamble and meta header, and (as PS3.10 allows for legacy
 * media) bare data sets without them, guessing implicit vs explicit VR little endian from the first
 * element. Every failure becomes a JumeauError naming the file.
 */
import dicomParser, { type DataSet } from 'dicom-parser';
import pako from 'pako';
import { JumeauError, describeError } from '../core/errors';
import type { Vec3 } from '../core/vec3';
import { TAG } from './tags';

export { type DataSet };

const VRS = new Set('AE AS AT CS DA DS DT FL FD IS LO LT OB OD OF OL OV OW PN SH SL SQ SS ST SV TM UC UI UL UN UR US UT UV'.split(' '));
const IMPLICIT_LE = '1.2.840.10008.1.2';
const EXPLICIT_LE = '1.2.840.10008.1.2.1';

/** How a byte buffer starts: Part 10, a bare data set (and which VR encoding), or not DICOM at all. */
export function sniffDicom(bytes: Uint8Array): 'part10' | 'meta-without-preamble' | 'bare-explicit' | 'bare-implicit' | 'not-dicom' {
  if (bytes.length >= 132 && bytes[128] === 0x44 && bytes[129] === 0x49 && bytes[130] === 0x43 && bytes[131] === 0x4d) return 'part10';
  if (bytes.length < 8) return 'not-dicom';
  const group = bytes[0] | (bytes[1] << 8);
  const vr = String.fromCharCode(bytes[4], bytes[5]);
  const explicit = VRS.has(vr);
  if (group === 0x0002 && explicit) return 'meta-without-preamble';
  // A bare data set starts with a low, even group (0008 Identifying is by far the most common).
  if (group === 0 || group > 0x0028 || group % 2 === 1) return 'not-dicom';
  if (explicit) return 'bare-explicit';
  const len = bytes[4] | (bytes[5] << 8) | (bytes[6] << 16) | (bytes[7] << 24);
  return len >= 0 && len < 0x10000 ? 'bare-implicit' : 'not-dicom';
}

/** Bytes put in front of the file before parsing (preamble + "DICM" for a meta header without preamble). */
const PREPENDED = new WeakMap<DataSet, number>();

/**
 * File offset of a byte offset in `ds.byteArray`: they differ by the 132 bytes prepended to a file
 * whose meta header has no preamble. (For deflated data sets `ds.byteArray` is the inflated stream and
 * the result is an offset in that stream, not in the file.)
 */
export function fileOffset(ds: DataSet, offset: number): number {
  return offset - (PREPENDED.get(ds) ?? 0);
}

function isTruncationMessage(msg: string): boolean {
  return /past end|buffer overrun|beyond end|not enough|end of buffer|overrun|greater than or equal to 'byteArray' length/i.test(msg);
}

/**
 * Parses a DICOM file (or its first bytes when `untilPixelData` is true: parsing stops at the
 * Pixel Data element, whose value need not be present).
 * @param subject - file name for messages
 * @throws JumeauError NOT_DICOM, DICOM_TRUNCATED or DICOM_PARSE
 */
export function parseDicomBytes(bytes: Uint8Array, subject: string, untilPixelData: boolean): DataSet {
  const kind = sniffDicom(bytes);
  if (kind === 'not-dicom') {
    throw new JumeauError('NOT_DICOM', 'not a DICOM file (no "DICM" marker at byte 128 and no recognisable data set)', { subject });
  }
  let input = bytes;
  if (kind === 'meta-without-preamble') {
    input = new Uint8Array(bytes.length + 132);
    input.set([0x44, 0x49, 0x43, 0x4d], 128);
    input.set(bytes, 132);
  }
  const options: Record<string, unknown> = {
    inflater: (arr: Uint8Array, position: number) => {
      const inflated = pako.inflateRaw(arr.subarray(position));
      // pako returns undefined (no error) when the deflated stream stops before its end.
      if (!inflated) throw new Error('deflated data set ends early: attempt to read past end of buffer');
      const full = new Uint8Array(position + inflated.length);
      full.set(arr.subarray(0, position));
      full.set(inflated, position);
      return full;
    },
  };
  if (untilPixelData) options.untilTag = TAG.PixelData;
  if (kind === 'bare-explicit') options.TransferSyntaxUID = EXPLICIT_LE;
  if (kind === 'bare-implicit') options.TransferSyntaxUID = IMPLICIT_LE;
  try {
    const ds = dicomParser.parseDicom(input, options);
    if (input !== bytes) PREPENDED.set(ds, input.length - bytes.length);
    return ds;
  } catch (e) {
    const msg = describeError(e);
    if (isTruncationMessage(msg)) throw new JumeauError('DICOM_TRUNCATED', `file ends early (${bytes.length} bytes): ${msg}`, { subject, cause: e });
    throw new JumeauError('DICOM_PARSE', `cannot parse DICOM: ${msg}`, { subject, cause: e });
  }
}

/** Reads a multi-valued decimal string as numbers (NaN-free; empty when absent or malformed). */
export function numbers(ds: DataSet | undefined, tag: string): number[] {
  const s = ds?.string(tag);
  if (!s) return [];
  const out = s.split('\\').map((v) => Number(v.trim()));
  return out.every((v) => Number.isFinite(v)) ? out : [];
}

/** First value of a decimal/integer string, or undefined. */
export function number1(ds: DataSet | undefined, tag: string): number | undefined {
  const v = numbers(ds, tag);
  return v.length ? v[0] : undefined;
}

/** An unsigned short, or the fallback. */
export function us(ds: DataSet, tag: string, fallback: number): number {
  return ds.elements[tag] ? (ds.uint16(tag) ?? fallback) : fallback;
}

/** The first item's data set of a sequence, or undefined. */
export function item0(ds: DataSet | undefined, tag: string): DataSet | undefined {
  return ds?.elements[tag]?.items?.[0]?.dataSet;
}

/** A 3-vector from a 3-valued DS, or null. */
export function vec3Of(values: number[]): Vec3 | null {
  return values.length >= 3 ? [values[0], values[1], values[2]] : null;
}
