/**
 * Test-only DICOM Part 10 writer: CT slices (CT Image Storage) and enhanced multi-frame CT (Enhanced
 * CT Image Storage, with Shared and Per-frame Functional Groups) from a parameter object, in any
 * transfer syntax the loader supports, with or without the preamble and meta header, optionally
 * without pixel data or truncated. Compressed syntaxes are encoded with {@link encodeFrame}.
 */
import type { Vec3 } from '../../src/core/vec3';
import { type DataSetSpec, type Element, type FileHeader, assembleFile, encodeDataSet } from './dicomBytes';
import { type FixtureCodec, type LossySettings, encodeFrame } from './codecEncoders';

/** Transfer syntax UIDs used by the fixtures. */
export const TS = {
  implicitLE: '1.2.840.10008.1.2',
  explicitLE: '1.2.840.10008.1.2.1',
  deflatedLE: '1.2.840.10008.1.2.1.99',
  explicitBE: '1.2.840.10008.1.2.2',
  rle: '1.2.840.10008.1.2.5',
  jpegBaseline: '1.2.840.10008.1.2.4.50',
  jpegLossless: '1.2.840.10008.1.2.4.70',
  jpegLs: '1.2.840.10008.1.2.4.80',
  jpegLsNear: '1.2.840.10008.1.2.4.81',
  j2k: '1.2.840.10008.1.2.4.90',
  j2kLossy: '1.2.840.10008.1.2.4.91',
  htj2k: '1.2.840.10008.1.2.4.201',
  mpeg2: '1.2.840.10008.1.2.4.100',
} as const;

/** SOP classes written by the fixtures. */
export const SOP_CLASS = { ct: '1.2.840.10008.5.1.4.1.1.2', enhancedCt: '1.2.840.10008.5.1.4.1.1.2.1' } as const;

const CODEC_OF: Record<string, FixtureCodec> = {
  [TS.rle]: 'rle', [TS.jpegBaseline]: 'jpeg-baseline', [TS.jpegLossless]: 'jpeg-lossless', [TS.jpegLs]: 'jpeg-ls',
  [TS.jpegLsNear]: 'jpeg-ls-near', [TS.j2k]: 'j2k', [TS.j2kLossy]: 'j2k-lossy', [TS.htj2k]: 'htj2k',
};
const NATIVE = new Set<string>([TS.implicitLE, TS.explicitLE, TS.deflatedLE, TS.explicitBE]);

/** Stored samples of one frame: Int16Array = signed 16-bit, Uint16Array = unsigned 16-bit, Uint8Array = 8-bit. */
export type Samples = Int16Array | Uint16Array | Uint8Array;

/** Identification and geometry common to classic and enhanced CT. */
export interface CommonParams {
  rows: number;
  columns: number;
  /** Defaults: 16 for 16-bit arrays, 8 for Uint8Array. */
  bitsStored?: number;
  /** Defaults: 1 for Int16Array, 0 otherwise. */
  pixelRepresentation?: 0 | 1;
  /** ImageOrientationPatient (row cosine, column cosine); null to omit. Default axial [1,0,0,0,1,0]. */
  iop?: readonly number[] | null;
  /** PixelSpacing [between rows, between columns] mm; null to omit. Default [1, 1]. */
  pixelSpacing?: readonly [number, number] | null;
  sliceThickness?: number;
  /** Omitted from the file when undefined. */
  rescaleSlope?: number;
  rescaleIntercept?: number;
  sopInstanceUid: string;
  seriesInstanceUid: string;
  studyInstanceUid?: string;
  frameOfReferenceUid?: string;
  instanceNumber?: number;
  seriesNumber?: number;
  seriesDescription?: string;
  /** Default 'CT'. */
  modality?: string;
  /** Elements added last; they replace elements of the same tag. */
  extraElements?: Element[];
}

/** A classic single-frame CT slice. */
export interface CtSliceParams extends CommonParams {
  pixels: Samples;
  /** ImagePositionPatient, mm; null to omit. */
  ipp: Vec3 | null;
}

/** An enhanced multi-frame CT. Geometry and rescale go to the functional groups, not the top level. */
export interface EnhancedCtParams extends CommonParams {
  frames: Samples[];
  /** PlanePositionSequence of each frame (Per-frame Functional Groups). */
  positions: Vec3[];
  /** When given, PixelValueTransformation per frame instead of shared. */
  perFrameRescale?: { slope: number; intercept: number }[];
}

/** How the file is written. */
export interface FileOptions {
  /** Default Explicit VR Little Endian. */
  transferSyntaxUid?: string;
  /** Default 'part10'. */
  header?: FileHeader;
  omitPixelData?: boolean;
  /** Keep only the first N bytes of the finished file. */
  truncateAt?: number;
  /** Basic Offset Table of encapsulated pixel data (default 'empty'). */
  offsetTable?: 'empty' | 'filled';
  lossy?: LossySettings;
  /** Encapsulated fragments to write as they are (for syntaxes no fixture encoder handles, e.g. MPEG2). */
  fragments?: Uint8Array[];
  /** Sequences with undefined length (default) or explicit lengths. */
  undefinedLengthSequences?: boolean;
}

/** Formats a DS value in at most 16 characters. */
export function ds(v: number): string {
  for (let p = 16; p > 1; p--) {
    const s = Number(v.toPrecision(p)).toString();
    if (s.length <= 16) return s;
  }
  return v.toExponential(6);
}

const dsList = (v: readonly number[]): string => v.map(ds).join('\\');
const str = (tag: number, vr: Element['vr'], value: string): Element => ({ tag, vr, value });

function bitsAllocatedOf(s: Samples): 8 | 16 {
  return s instanceof Uint8Array ? 8 : 16;
}

function imageModule(p: CommonParams, sample: Samples, sopClassUid: string): Element[] {
  const ba = bitsAllocatedOf(sample);
  const bs = p.bitsStored ?? ba;
  const els: Element[] = [
    str(0x00080016, 'UI', sopClassUid),
    str(0x00080018, 'UI', p.sopInstanceUid),
    str(0x00080060, 'CS', p.modality ?? 'CT'),
    str(0x0008103e, 'LO', p.seriesDescription ?? 'fixture'),
    str(0x00100010, 'PN', 'Fixture^Test'),
    str(0x0020000d, 'UI', p.studyInstanceUid ?? '1.2.826.0.1.3680043.10.1078.9.1'),
    str(0x0020000e, 'UI', p.seriesInstanceUid),
    str(0x00200052, 'UI', p.frameOfReferenceUid ?? '1.2.826.0.1.3680043.10.1078.9.2'),
    { tag: 0x00280002, vr: 'US', value: [1] },
    str(0x00280004, 'CS', 'MONOCHROME2'),
    { tag: 0x00280010, vr: 'US', value: [p.rows] },
    { tag: 0x00280011, vr: 'US', value: [p.columns] },
    { tag: 0x00280100, vr: 'US', value: [ba] },
    { tag: 0x00280101, vr: 'US', value: [bs] },
    { tag: 0x00280102, vr: 'US', value: [bs - 1] },
    { tag: 0x00280103, vr: 'US', value: [p.pixelRepresentation ?? (sample instanceof Int16Array ? 1 : 0)] },
  ];
  if (p.seriesNumber !== undefined) els.push(str(0x00200011, 'IS', String(p.seriesNumber)));
  if (p.instanceNumber !== undefined) els.push(str(0x00200013, 'IS', String(p.instanceNumber)));
  return els;
}

function geometryElements(p: CommonParams): { iop: Element | null; spacing: Element | null; thickness: Element | null } {
  const iop = p.iop === undefined ? [1, 0, 0, 0, 1, 0] : p.iop;
  const ps = p.pixelSpacing === undefined ? [1, 1] : p.pixelSpacing;
  return {
    iop: iop ? str(0x00200037, 'DS', dsList(iop)) : null,
    spacing: ps ? str(0x00280030, 'DS', dsList(ps)) : null,
    thickness: p.sliceThickness !== undefined ? str(0x00180050, 'DS', ds(p.sliceThickness)) : null,
  };
}

function rescaleElements(slope: number | undefined, intercept: number | undefined): Element[] {
  const out: Element[] = [];
  if (intercept !== undefined) out.push(str(0x00281052, 'DS', ds(intercept)));
  if (slope !== undefined) out.push(str(0x00281053, 'DS', ds(slope)));
  if (slope !== undefined || intercept !== undefined) out.push(str(0x00281054, 'LO', 'HU'));
  return out;
}

function merge(base: Element[], extra: Element[] | undefined): Element[] {
  if (!extra?.length) return base;
  const tags = new Set(extra.map((e) => e.tag));
  return [...base.filter((e) => !tags.has(e.tag)), ...extra];
}

async function pixelDataElement(frames: Samples[], p: CommonParams, ts: string, o: FileOptions): Promise<Element> {
  const ba = bitsAllocatedOf(frames[0]);
  if (NATIVE.has(ts)) {
    const bytes = new Uint8Array(frames.reduce((n, f) => n + f.byteLength, 0));
    let at = 0;
    for (const f of frames) { bytes.set(new Uint8Array(f.buffer, f.byteOffset, f.byteLength), at); at += f.byteLength; }
    return { tag: 0x7fe00010, vr: ba === 8 ? 'OB' : 'OW', value: bytes };
  }
  let fragments = o.fragments;
  if (!fragments) {
    const codec = CODEC_OF[ts];
    if (!codec) throw new Error(`no fixture encoder for transfer syntax ${ts}; pass FileOptions.fragments`);
    fragments = await Promise.all(frames.map((f) => encodeFrame(codec, { samples: f, rows: p.rows, columns: p.columns, bitsStored: p.bitsStored ?? ba }, o.lossy)));
  }
  return { tag: 0x7fe00010, vr: 'OB', value: { kind: 'encapsulated', fragments, offsetTable: o.offsetTable ?? 'empty' } };
}

async function finish(elements: Element[], frames: Samples[], p: CommonParams, sopClassUid: string, o: FileOptions): Promise<Uint8Array> {
  const ts = o.transferSyntaxUid ?? TS.explicitLE;
  const all = [...elements];
  if (!o.omitPixelData) all.push(await pixelDataElement(frames, p, ts, o));
  const dataSet = encodeDataSet(merge(all, p.extraElements), {
    explicitVr: ts !== TS.implicitLE,
    littleEndian: ts !== TS.explicitBE,
    undefinedLengthSequences: o.undefinedLengthSequences,
  });
  const file = assembleFile({ transferSyntaxUid: ts, sopClassUid, sopInstanceUid: p.sopInstanceUid }, dataSet, o.header ?? 'part10', ts === TS.deflatedLE);
  return o.truncateAt !== undefined ? file.slice(0, o.truncateAt) : file;
}

/** Writes one classic CT slice (CT Image Storage). */
export async function writeCtSlice(p: CtSliceParams, o: FileOptions = {}): Promise<Uint8Array> {
  if (p.pixels.length !== p.rows * p.columns) throw new Error(`pixels hold ${p.pixels.length} samples, ${p.rows}×${p.columns} expected`);
  const g = geometryElements(p);
  const els = [...imageModule(p, p.pixels, SOP_CLASS.ct), ...rescaleElements(p.rescaleSlope, p.rescaleIntercept)];
  for (const e of [g.iop, g.spacing, g.thickness]) if (e) els.push(e);
  if (p.ipp) els.push(str(0x00200032, 'DS', dsList(p.ipp)));
  return finish(els, [p.pixels], p, SOP_CLASS.ct, o);
}

/**
 * Writes an enhanced multi-frame CT: NumberOfFrames, Shared Functional Groups (PixelMeasures,
 * PlaneOrientation, PixelValueTransformation unless per frame) and Per-frame Functional Groups
 * (PlanePosition, and PixelValueTransformation when `perFrameRescale` is given).
 */
export async function writeEnhancedCt(p: EnhancedCtParams, o: FileOptions = {}): Promise<Uint8Array> {
  if (p.frames.length !== p.positions.length) throw new Error('one position per frame');
  const g = geometryElements(p);
  const measures: DataSetSpec = [g.spacing, g.thickness].filter((e): e is Element => e !== null);
  const shared: DataSetSpec = [{ tag: 0x00289110, vr: 'SQ', value: [measures] }];
  if (g.iop) shared.push({ tag: 0x00209116, vr: 'SQ', value: [[g.iop]] });
  const transform = (slope: number | undefined, intercept: number | undefined): Element =>
    ({ tag: 0x00289145, vr: 'SQ', value: [rescaleElements(slope, intercept)] });
  if (!p.perFrameRescale) shared.push(transform(p.rescaleSlope, p.rescaleIntercept));
  const perFrame: DataSetSpec[] = p.positions.map((pos, f) => {
    const item: DataSetSpec = [{ tag: 0x00209113, vr: 'SQ', value: [[str(0x00200032, 'DS', dsList(pos))]] }];
    const r = p.perFrameRescale?.[f];
    if (r) item.push(transform(r.slope, r.intercept));
    return item;
  });
  const els: Element[] = [
    ...imageModule(p, p.frames[0], SOP_CLASS.enhancedCt),
    str(0x00280008, 'IS', String(p.frames.length)),
    { tag: 0x52009229, vr: 'SQ', value: [shared] },
    { tag: 0x52009230, vr: 'SQ', value: perFrame },
  ];
  return finish(els, p.frames, p, SOP_CLASS.enhancedCt, o);
}
