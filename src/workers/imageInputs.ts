/**
 * Image files among the inputs (NIfTI, NRRD, MetaImage), found by name and read through itk-wasm
 * (see `itkRead.ts`); everything else goes to the DICOM scan. No itk-wasm here: this module runs for
 * every open, the itk-wasm reader is only loaded when an image file is present.
 *
 * A detached header (`.nhdr`, `.mhd`) is paired with the data file it names (looked up next to the
 * header, then by file name among the inputs); that data file is then not offered to the DICOM scan
 * (it would be listed as "not DICOM"). A header whose data file was not given is still listed, with
 * an error naming the missing file.
 */
import type { DicomFileSource } from '../dicom/index';

/** Image file formats read through itk-wasm. */
export type ImageFormat = 'NIfTI' | 'NRRD' | 'MetaImage';

const EXTENSIONS: [string, ImageFormat][] = [
  ['.nii.gz', 'NIfTI'], ['.nii', 'NIfTI'], ['.nrrd', 'NRRD'], ['.nhdr', 'NRRD'], ['.mha', 'MetaImage'], ['.mhd', 'MetaImage'],
];

/** Id prefix of image-file entries in the series list (DICOM series ids are UIDs, never this). */
export const IMAGE_ID_PREFIX = 'image:';

/** The format of a file name (by extension, case-insensitive), or null when it is not an image file. */
export function imageFormatOf(name: string): ImageFormat | null {
  const lower = name.toLowerCase();
  return EXTENSIONS.find(([ext]) => lower.endsWith(ext))?.[1] ?? null;
}

/** The extension the readers dispatch on, without the dot: `nii.gz`, `nii`, `nrrd`, `nhdr`, `mha`, `mhd`. */
export function imageExtensionOf(name: string): string | null {
  const lower = name.toLowerCase();
  return EXTENSIONS.find(([ext]) => lower.endsWith(ext))?.[0].slice(1) ?? null;
}

/** True for a header that may keep its voxels in another file (`.nhdr`, `.mhd`). */
export function isDetachedHeaderName(name: string): boolean {
  const lower = name.toLowerCase();
  return lower.endsWith('.nhdr') || lower.endsWith('.mhd');
}

const NRRD_DATA_FILE = /^data ?file:[ \t]*(.*?)[ \t]*\r?$/im;
const META_DATA_FILE = /^[ \t]*ElementDataFile[ \t]*=[ \t]*(.*?)[ \t]*\r?$/im;

/**
 * The data file a header names, as written (`null` when the voxels follow the header in the same file:
 * no `data file:` field in NRRD, `ElementDataFile = LOCAL` in MetaImage).
 */
export function dataFileOfHeader(headerText: string, format: ImageFormat): string | null {
  const m = (format === 'NRRD' ? NRRD_DATA_FILE : META_DATA_FILE).exec(headerText);
  if (!m) return null;
  const value = m[1];
  if (format === 'MetaImage' && value.toUpperCase() === 'LOCAL') return null;
  return value;
}

/** True when the data-file field lists several files (`LIST`, or a printf pattern with a range). */
export function isMultiFileDataField(value: string): boolean {
  return /^LIST\b/i.test(value) || /%\d*d/.test(value) || /\s/.test(value.trim());
}

/**
 * A header with its data-file field set to `newName` (bytes in, bytes out; the header is ASCII).
 * Lets the reader write the data file under a name of its choosing.
 */
export function withDataFileName(header: Uint8Array, format: ImageFormat, newName: string): Uint8Array {
  let text = '';
  for (let n = 0; n < header.length; n++) text += String.fromCharCode(header[n]);
  const re = format === 'NRRD' ? NRRD_DATA_FILE : META_DATA_FILE;
  const out = text.replace(re, (line, value: string) => line.replace(value, newName));
  return Uint8Array.from(out, (c) => c.charCodeAt(0) & 0xff);
}

/** One image input: a single file, or a detached header with (when given) its data file. */
export interface ImageInput {
  /** Series-list id: {@link IMAGE_ID_PREFIX} + the header's name. */
  id: string;
  /** Display name of the (header) file. */
  name: string;
  format: ImageFormat;
  header: DicomFileSource;
  /** For a detached header: the data file's name as the header writes it. */
  dataFileName?: string;
  /** The data file, when it was among the inputs. */
  data?: DicomFileSource;
}

const dirOf = (name: string): string => (name.includes('/') ? name.slice(0, name.lastIndexOf('/') + 1) : '');
const baseOf = (name: string): string => name.slice(name.lastIndexOf('/') + 1);

/** Resolves `./a/../b` segments of a relative name. */
function normalise(name: string): string {
  const out: string[] = [];
  for (const part of name.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return out.join('/');
}

/** Reads the start of a header as text (headers are ASCII; 64 KiB is far more than any header needs). */
async function headerText(src: DicomFileSource): Promise<string> {
  const bytes = await src.read(0, Math.min(src.size, 64 * 1024));
  let text = '';
  for (let n = 0; n < bytes.length; n++) text += String.fromCharCode(bytes[n]);
  return text;
}

/**
 * Splits the inputs into image files (paired with their data files) and the rest (for the DICOM scan).
 * Never throws for a bad file: a header that cannot be read is listed, and fails when it is read.
 */
export async function splitImageInputs(sources: DicomFileSource[]): Promise<{ images: ImageInput[]; others: DicomFileSource[] }> {
  const images: ImageInput[] = [];
  const used = new Set<DicomFileSource>();
  for (const src of sources) {
    const format = imageFormatOf(src.name);
    if (format) {
      images.push({ id: `${IMAGE_ID_PREFIX}${src.name}`, name: src.name, format, header: src });
      used.add(src);
    }
  }
  for (const input of images) {
    if (!isDetachedHeaderName(input.name)) continue;
    let dataFileName: string | null;
    try {
      dataFileName = dataFileOfHeader(await headerText(input.header), input.format);
    } catch {
      continue; // reported when the header is read
    }
    if (!dataFileName) continue;
    input.dataFileName = dataFileName;
    if (isMultiFileDataField(dataFileName)) continue;
    const wanted = normalise(dirOf(input.name) + dataFileName);
    const byBase = sources.filter((s) => s !== input.header && baseOf(s.name) === baseOf(dataFileName));
    const data = sources.find((s) => s.name === wanted) ?? (byBase.length === 1 ? byBase[0] : undefined);
    if (data) {
      input.data = data;
      used.add(data);
    }
  }
  return { images, others: sources.filter((s) => !used.has(s)) };
}
