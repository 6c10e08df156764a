/**
 * Test-only DICOM byte encoder: data sets (implicit/explicit VR, little/big endian, nested
 * sequences, encapsulated pixel data) and the Part 10 wrapper (preamble, "DICM", File Meta
 * Information). Fixture builder for the loader tests, not product code: it writes only what the
 * tests need and checks little.
 */
import pako from 'pako';

/** Value representations the fixtures use. */
export type Vr =
  | 'AE' | 'AS' | 'CS' | 'DA' | 'DS' | 'DT' | 'IS' | 'LO' | 'LT' | 'PN' | 'SH' | 'ST' | 'TM' | 'UI' | 'UT'
  | 'US' | 'SS' | 'UL' | 'SL' | 'FL' | 'FD' | 'OB' | 'OW' | 'UN' | 'SQ';

/** Encapsulated pixel data (PS3.5 A.4): one item per fragment after the Basic Offset Table item. */
export interface Encapsulated {
  kind: 'encapsulated';
  /** One entry per fragment (the fixtures write one fragment per frame). */
  fragments: Uint8Array[];
  /** `empty`: zero-length Basic Offset Table item; `filled`: one offset per fragment. */
  offsetTable: 'empty' | 'filled';
}

/** A data set: a list of elements (written in ascending tag order whatever the list order). */
export type DataSetSpec = Element[];

/** One element. Strings are backslash-separated multi-values; numbers go to binary VRs. */
export interface Element {
  /** Tag as `(group << 16) | element`, e.g. `0x00280010`. */
  tag: number;
  vr: Vr;
  value: string | readonly number[] | Uint8Array | DataSetSpec[] | Encapsulated;
}

/** How a data set is encoded. */
export interface DataSetEncoding {
  explicitVr: boolean;
  littleEndian: boolean;
  /** Sequences and items with undefined length + delimiters (default) or explicit lengths. */
  undefinedLengthSequences?: boolean;
}

const LONG_VRS = new Set<Vr>(['OB', 'OW', 'UN', 'SQ', 'UT']);
const UNDEFINED = 0xffffffff;

/** Growable byte buffer with endian-aware integer writers. */
class Bytes {
  private buf = new Uint8Array(1024);
  private view = new DataView(this.buf.buffer);
  length = 0;

  constructor(private readonly le: boolean) {}

  private ensure(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.length + n));
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  u16(v: number): void { this.ensure(2); this.view.setUint16(this.length, v, this.le); this.length += 2; }
  u32(v: number): void { this.ensure(4); this.view.setUint32(this.length, v >>> 0, this.le); this.length += 4; }
  i16(v: number): void { this.ensure(2); this.view.setInt16(this.length, v, this.le); this.length += 2; }
  i32(v: number): void { this.ensure(4); this.view.setInt32(this.length, v, this.le); this.length += 4; }
  f32(v: number): void { this.ensure(4); this.view.setFloat32(this.length, v, this.le); this.length += 4; }
  f64(v: number): void { this.ensure(8); this.view.setFloat64(this.length, v, this.le); this.length += 8; }
  bytes(b: Uint8Array): void { this.ensure(b.length); this.buf.set(b, this.length); this.length += b.length; }
  ascii(s: string): void { this.bytes(new TextEncoder().encode(s)); }
  tag(t: number): void { this.u16(t >>> 16); this.u16(t & 0xffff); }
  done(): Uint8Array { return this.buf.slice(0, this.length); }
}

function evenString(s: string, vr: Vr): Uint8Array {
  const raw = new TextEncoder().encode(s);
  if (raw.length % 2 === 0) return raw;
  const out = new Uint8Array(raw.length + 1);
  out.set(raw);
  out[raw.length] = vr === 'UI' ? 0 : 0x20;
  return out;
}

function numericValue(vr: Vr, values: readonly number[], le: boolean): Uint8Array {
  const b = new Bytes(le);
  for (const v of values) {
    switch (vr) {
      case 'US': b.u16(v); break;
      case 'SS': b.i16(v); break;
      case 'UL': b.u32(v); break;
      case 'SL': b.i32(v); break;
      case 'FL': b.f32(v); break;
      case 'FD': b.f64(v); break;
      default: throw new Error(`numeric values given for VR ${vr}`);
    }
  }
  return b.done();
}

/** Swaps every 16-bit word (OW written big endian). */
export function swap16(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let q = 0; q + 1 < bytes.length; q += 2) { out[q] = bytes[q + 1]; out[q + 1] = bytes[q]; }
  return out;
}

function writeHeader(b: Bytes, tag: number, vr: Vr, length: number, enc: DataSetEncoding): void {
  b.tag(tag);
  if (!enc.explicitVr) { b.u32(length); return; }
  b.ascii(vr);
  if (LONG_VRS.has(vr)) { b.u16(0); b.u32(length); } else {
    if (length > 0xffff) throw new Error(`value of ${tag.toString(16)} too long for VR ${vr}`);
    b.u16(length);
  }
}

function writeItem(b: Bytes, body: Uint8Array | null, undefinedLength: boolean): void {
  b.tag(0xfffee000);
  if (undefinedLength) {
    b.u32(UNDEFINED);
    if (body) b.bytes(body);
    b.tag(0xfffee00d);
    b.u32(0);
  } else {
    b.u32(body ? body.length : 0);
    if (body) b.bytes(body);
  }
}

function writeEncapsulated(b: Bytes, tag: number, e: Encapsulated, enc: DataSetEncoding): void {
  writeHeader(b, tag, 'OB', UNDEFINED, enc);
  const padded = e.fragments.map((f) => (f.length % 2 ? Uint8Array.from([...f, 0]) : f));
  // Offsets are measured from the first byte of the first fragment item, to each frame's first item.
  const offsets: number[] = [];
  let at = 0;
  for (const f of padded) { offsets.push(at); at += 8 + f.length; }
  b.tag(0xfffee000);
  if (e.offsetTable === 'filled') {
    b.u32(4 * offsets.length);
    for (const o of offsets) b.u32(o);
  } else b.u32(0);
  for (const f of padded) { b.tag(0xfffee000); b.u32(f.length); b.bytes(f); }
  b.tag(0xfffee0dd);
  b.u32(0);
}

/** Encodes a data set (no preamble, no meta header). */
export function encodeDataSet(ds: DataSetSpec, enc: DataSetEncoding): Uint8Array {
  const b = new Bytes(enc.littleEndian);
  const undefinedSq = enc.undefinedLengthSequences ?? true;
  for (const el of [...ds].sort((x, y) => (x.tag >>> 0) - (y.tag >>> 0))) {
    const v = el.value;
    if (el.vr === 'SQ') {
      const items = (v as DataSetSpec[]).map((item) => encodeDataSet(item, enc));
      if (undefinedSq) {
        writeHeader(b, el.tag, 'SQ', UNDEFINED, enc);
        for (const item of items) writeItem(b, item, true);
        b.tag(0xfffee0dd);
        b.u32(0);
      } else {
        const inner = new Bytes(enc.littleEndian);
        for (const item of items) writeItem(inner, item, false);
        const body = inner.done();
        writeHeader(b, el.tag, 'SQ', body.length, enc);
        b.bytes(body);
      }
      continue;
    }
    if (typeof v === 'object' && !(v instanceof Uint8Array) && !Array.isArray(v) && (v as Encapsulated).kind === 'encapsulated') {
      writeEncapsulated(b, el.tag, v as Encapsulated, enc);
      continue;
    }
    let value: Uint8Array;
    if (typeof v === 'string') value = evenString(v, el.vr);
    else if (v instanceof Uint8Array) {
      value = !enc.littleEndian && el.vr === 'OW' ? swap16(v) : v;
      if (value.length % 2) value = Uint8Array.from([...value, 0]);
    } else value = numericValue(el.vr, v as readonly number[], enc.littleEndian);
    writeHeader(b, el.tag, el.vr, value.length, enc);
    b.bytes(value);
  }
  return b.done();
}

/** Identifiers written in the File Meta Information. */
export interface MetaInfo {
  transferSyntaxUid: string;
  sopClassUid: string;
  sopInstanceUid: string;
}

/** Encodes the File Meta Information group (always explicit VR little endian), group length included. */
export function encodeMetaHeader(meta: MetaInfo): Uint8Array {
  const enc: DataSetEncoding = { explicitVr: true, littleEndian: true };
  const body = encodeDataSet([
    { tag: 0x00020001, vr: 'OB', value: Uint8Array.of(0, 1) },
    { tag: 0x00020002, vr: 'UI', value: meta.sopClassUid },
    { tag: 0x00020003, vr: 'UI', value: meta.sopInstanceUid },
    { tag: 0x00020010, vr: 'UI', value: meta.transferSyntaxUid },
    { tag: 0x00020012, vr: 'UI', value: '1.2.826.0.1.3680043.10.1078.1' },
    { tag: 0x00020013, vr: 'SH', value: 'JUMEAU_TEST' },
  ], enc);
  return concat(encodeDataSet([{ tag: 0x00020000, vr: 'UL', value: [body.length] }], enc), body);
}

/** How the file starts: full Part 10, meta header without the 128-byte preamble, or a bare data set. */
export type FileHeader = 'part10' | 'no-preamble' | 'bare';

/**
 * Assembles a file: [preamble + DICM] + [meta header] + data set, deflating the data set when asked
 * (raw deflate, as PS3.5 A.5 requires).
 */
export function assembleFile(meta: MetaInfo, dataSet: Uint8Array, header: FileHeader, deflate: boolean): Uint8Array {
  const body = deflate ? pako.deflateRaw(dataSet) : dataSet;
  if (header === 'bare') return body;
  const metaBytes = encodeMetaHeader(meta);
  if (header === 'no-preamble') return concat(metaBytes, body);
  const pre = new Uint8Array(132);
  pre.set([0x44, 0x49, 0x43, 0x4d], 128);
  return concat(pre, metaBytes, body);
}

/** Concatenates byte arrays. */
export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}
