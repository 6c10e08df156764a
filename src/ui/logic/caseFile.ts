/**
 * The case file (`*.jumeau`): a case — the twin (labels, segment identities and colours, meshes, notes),
 * its hip plan or liver plan inputs, the clicked seeds — as one downloadable file, so a case survives a
 * cleared browser, moves to another machine, or is kept with the study. Pure (no DOM): the page offers the
 * bytes as a download and hands a chosen file's bytes back.
 *
 * Layout, then gzip (CompressionStream, chunked so no long main-thread task):
 * `JUMEAU-CASE\n` (12 bytes) · header length (uint32 LE) · header JSON (UTF-8) · zero padding to 8 bytes ·
 * the binary blobs, each at an 8-byte-aligned offset (relative to the end of the padding).
 * The header holds {@link CASE_FILE_FORMAT}, the source description (voxel SHA-256, grid size and
 * spacing — a case only ever opens onto the same voxels) and the case, where every typed array is
 * replaced by `{ "$blob": n }` pointing into the header's `blobs` table (and NaN / ±Infinity by `{ "$num": "NaN" }`).
 *
 * Privacy: no patient name, ID or birth date is written; the plan's Series Instance UID (required by the
 * plan schema) is, as the reference to the source series.
 */
import { JumeauError } from '../../core/errors';

/** Format id of the header; a reader refuses other majors. */
export const CASE_FILE_FORMAT = 'jumeau.case/1';
/** File name extension. */
export const CASE_FILE_EXTENSION = '.jumeau';
const MAGIC = 'JUMEAU-CASE\n';
/** Largest header JSON accepted, bytes (a header is a few kB to a few MB of plan and notes). */
const MAX_HEADER_BYTES = 64 * 1024 * 1024;

/** The grid the case was made on: checked against the loaded series before a case is opened. */
export interface CaseSource {
  /** SHA-256 of the volume's voxel bytes (hex). */
  voxelSha256: string;
  /** Voxels per axis (i, j, k). */
  size: [number, number, number];
  /** Voxel spacing, mm (i, j, k). */
  spacingMm: [number, number, number];
  /** Series description, for the message when the wrong series is loaded. */
  seriesDescription?: string;
}

/** What a case file holds. `content` is the app's case (any JSON-like value with typed arrays). */
export interface CaseFile<T> {
  format: typeof CASE_FILE_FORMAT;
  savedAt: string;
  source: CaseSource;
  content: T;
}

type Typed = Uint8Array | Uint16Array | Uint32Array | Int16Array | Int32Array | Float32Array | Float64Array;
const CTORS = { Uint8Array, Uint16Array, Uint32Array, Int16Array, Int32Array, Float32Array, Float64Array } as const;
type CtorName = keyof typeof CTORS;
interface BlobEntry { type: CtorName; byteOffset: number; length: number }

function ctorName(v: unknown): CtorName | null {
  for (const k of Object.keys(CTORS) as CtorName[]) if (v instanceof CTORS[k]) return k;
  return null;
}

/** Replaces every typed array by a blob reference; collects the arrays. */
function split(value: unknown, blobs: { entry: BlobEntry; bytes: Uint8Array }[], at: { offset: number }): unknown {
  const name = ctorName(value);
  if (name) {
    const t = value as Typed;
    const entry = { type: name, byteOffset: at.offset, length: t.length };
    blobs.push({ entry, bytes: new Uint8Array(t.buffer, t.byteOffset, t.byteLength) });
    at.offset += Math.ceil(t.byteLength / 8) * 8;
    return { $blob: blobs.length - 1 };
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return { $num: String(value) }; // NaN, ±Infinity survive
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) throw new JumeauError('BAD_ARGUMENT', 'a case holds an unsupported binary value', { subject: 'case' });
  if (Array.isArray(value)) return value.map((v) => split(v, blobs, at));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = split(v, blobs, at);
    return out;
  }
  return value;
}

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const writer = stream.writable.getWriter();
  const chunk = 1 << 20;
  const writing = (async () => {
    for (let o = 0; o < bytes.length; o += chunk) await writer.write(bytes.slice(o, Math.min(bytes.length, o + chunk)));
    await writer.close();
  })();
  const written = writing.then(() => null, (e: unknown) => e ?? new Error('stream write failed'));
  const parts: Uint8Array[] = [];
  let total = 0;
  const reader = stream.readable.getReader();
  for (;;) {
    const { done, value } = await reader.read().catch(async (e: unknown) => { await written; throw e; });
    if (done) break;
    parts.push(value);
    total += value.length;
  }
  const failed = await written;
  if (failed) throw failed;
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

/** Encodes a case as the gzip-compressed bytes of a `.jumeau` file. */
export async function encodeCaseFile<T>(file: CaseFile<T>): Promise<Uint8Array> {
  const blobs: { entry: BlobEntry; bytes: Uint8Array }[] = [];
  const at = { offset: 0 };
  const content = split(file.content, blobs, at);
  const header = new TextEncoder().encode(JSON.stringify({ format: file.format, savedAt: file.savedAt, source: file.source, blobs: blobs.map((b) => b.entry), content }));
  const headEnd = Math.ceil((MAGIC.length + 4 + header.length) / 8) * 8;
  const raw = new Uint8Array(headEnd + at.offset);
  raw.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(raw.buffer).setUint32(MAGIC.length, header.length, true);
  raw.set(header, MAGIC.length + 4);
  for (const b of blobs) raw.set(b.bytes, headEnd + b.entry.byteOffset);
  return pipe(raw, new CompressionStream('gzip'));
}

const bad = (fileName: string, reason: string, cause?: unknown) => new JumeauError('BAD_CASE_FILE', reason, { subject: fileName, cause });

/**
 * Decodes a `.jumeau` file's bytes.
 * @throws JumeauError BAD_CASE_FILE (naming `fileName`) when the bytes are not gzip, not a case file,
 *   of another format version, truncated, or point outside themselves
 */
export async function decodeCaseFile<T>(bytes: Uint8Array, fileName: string): Promise<CaseFile<T>> {
  if (bytes.length < 18 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) throw bad(fileName, 'not a Jumeau case file (not gzip-compressed; a case file is saved with "Save case file")');
  let raw: Uint8Array;
  try {
    raw = await pipe(bytes, new DecompressionStream('gzip'));
  } catch (e) {
    throw bad(fileName, 'the file is damaged or truncated (gzip data could not be read)', e);
  }
  if (raw.length < MAGIC.length + 4 || new TextDecoder().decode(raw.subarray(0, MAGIC.length)) !== MAGIC) throw bad(fileName, 'not a Jumeau case file (no JUMEAU-CASE signature)');
  const headerLength = new DataView(raw.buffer, raw.byteOffset).getUint32(MAGIC.length, true);
  const headEnd = Math.ceil((MAGIC.length + 4 + headerLength) / 8) * 8;
  if (headerLength > MAX_HEADER_BYTES || headEnd > raw.length) throw bad(fileName, `the file is truncated (header of ${headerLength} bytes in ${raw.length})`);
  let header: { format?: unknown; savedAt?: unknown; source?: CaseSource; blobs?: BlobEntry[]; content?: unknown };
  try {
    header = JSON.parse(new TextDecoder().decode(raw.subarray(MAGIC.length + 4, MAGIC.length + 4 + headerLength)));
  } catch (e) {
    throw bad(fileName, 'the header is not valid JSON (damaged file)', e);
  }
  if (typeof header.format !== 'string' || !header.format.startsWith('jumeau.case/')) throw bad(fileName, 'not a Jumeau case file (no format in the header)');
  if (header.format !== CASE_FILE_FORMAT) throw bad(fileName, `case format ${header.format} is not readable by this version (reads ${CASE_FILE_FORMAT})`);
  const src = header.source;
  if (!src || typeof src.voxelSha256 !== 'string' || !Array.isArray(src.size) || src.size.length !== 3 || !Array.isArray(src.spacingMm)) throw bad(fileName, 'the header does not say which voxels the case was made on');
  const blobs = Array.isArray(header.blobs) ? header.blobs : [];
  const arrays = blobs.map((b, n) => {
    const Ctor = Object.prototype.hasOwnProperty.call(CTORS, b.type) ? CTORS[b.type] : null;
    const byteLength = Ctor && Number.isInteger(b.length) && b.length >= 0 ? b.length * Ctor.BYTES_PER_ELEMENT : -1;
    const start = headEnd + b.byteOffset;
    if (!Ctor || byteLength < 0 || !Number.isInteger(b.byteOffset) || b.byteOffset < 0 || b.byteOffset % 8 !== 0 || start + byteLength > raw.length) {
      throw bad(fileName, `binary block ${n} is invalid or past the end of the file (truncated?)`);
    }
    return new Ctor(raw.buffer.slice(raw.byteOffset + start, raw.byteOffset + start + byteLength));
  });
  const join = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(join);
    if (v && typeof v === 'object') {
      const ref = (v as { $blob?: unknown }).$blob;
      if (typeof ref === 'number' && Object.keys(v).length === 1) {
        if (!arrays[ref]) throw bad(fileName, `reference to a missing binary block ${ref}`);
        return arrays[ref];
      }
      const num = (v as { $num?: unknown }).$num;
      if ((num === 'NaN' || num === 'Infinity' || num === '-Infinity') && Object.keys(v).length === 1) return Number(num);
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = join(x);
      return out;
    }
    return v;
  };
  return { format: CASE_FILE_FORMAT, savedAt: typeof header.savedAt === 'string' ? header.savedAt : '', source: src, content: join(header.content) as T };
}

/** The file name offered for a case: anatomy, the first 8 hex digits of the voxel hash, the date. */
export function caseFileName(anatomy: string, source: CaseSource, savedAt: string): string {
  const safe = anatomy.replace(/[^a-z0-9-]+/gi, '-').toLowerCase() || 'case';
  return `jumeau-${safe}-${source.voxelSha256.slice(0, 8)}-${savedAt.slice(0, 10)}${CASE_FILE_EXTENSION}`;
}
