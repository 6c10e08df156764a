/**
 * From a parsed data set to one {@link FrameRecord} per image frame: classic single-frame images give
 * one record; enhanced multi-frame CT/MR give one per frame, with geometry and rescale taken from the
 * Per-frame Functional Groups, then the Shared Functional Groups, then the top level.
 */
import type { Vec3 } from '../core/vec3';
import { TAG } from './tags';
import { type DataSet, fileOffset, item0, number1, numbers, us, vec3Of } from './parse';
import type { PixelFormat } from './codecTypes';

/** Everything the series builder needs about one frame; plain data (crosses worker boundaries). */
export interface FrameRecord {
  /** Index of the source file in the scanned list. */
  sourceIndex: number;
  /** File name (for messages). */
  fileName: string;
  /** Frame number inside the file, 0-based. */
  frameIndex: number;
  numberOfFrames: number;
  sopInstanceUid: string;
  instanceNumber?: number;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  frameOfReferenceUid: string;
  modality: string;
  seriesDescription: string;
  seriesNumber?: number;
  transferSyntaxUid: string;
  pixel: PixelFormat;
  /** [spacing between rows (along the column cosine), spacing between columns (along the row cosine)], mm. */
  pixelSpacingMm: [number, number] | null;
  /** Row cosine (direction of increasing column index i) and column cosine (increasing row j). */
  orientation: { row: Vec3; col: Vec3 } | null;
  /** LPS centre of the frame's first pixel, mm. */
  positionLps: Vec3 | null;
  sliceThicknessMm?: number;
  gantryTiltDeg?: number;
  rescaleSlope: number;
  rescaleIntercept: number;
  pixelPaddingValue?: number;
  /** First WindowCenter/WindowWidth of the file (in rescaled units, e.g. HU), when given. */
  window?: { center: number; width: number };
  /** False when the file has no Pixel Data element. */
  hasPixelData: boolean;
  /** Byte offset and length of the Pixel Data value in the file (length −1 when undefined/encapsulated). */
  pixelDataOffset: number;
  pixelDataLength: number;
}

function str(ds: DataSet, tag: string): string {
  return (ds.string(tag) ?? '').trim();
}

/**
 * Builds the frame records of one parsed file.
 * @param ds - data set parsed at least up to the Pixel Data element
 */
export function framesOfDataSet(ds: DataSet, fileName: string, sourceIndex: number): FrameRecord[] {
  const nFrames = Math.max(1, Math.round(number1(ds, TAG.NumberOfFrames) ?? 1));
  const shared = item0(ds, TAG.SharedFunctionalGroups);
  const perFrame = ds.elements[TAG.PerFrameFunctionalGroups]?.items;
  const pixelEl = ds.elements[TAG.PixelData];
  const pixel: PixelFormat = {
    rows: us(ds, TAG.Rows, 0),
    columns: us(ds, TAG.Columns, 0),
    bitsAllocated: us(ds, TAG.BitsAllocated, 16),
    bitsStored: us(ds, TAG.BitsStored, us(ds, TAG.BitsAllocated, 16)),
    pixelRepresentation: us(ds, TAG.PixelRepresentation, 0),
    samplesPerPixel: us(ds, TAG.SamplesPerPixel, 1),
    planarConfiguration: us(ds, TAG.PlanarConfiguration, 0),
    photometricInterpretation: str(ds, TAG.PhotometricInterpretation) || 'MONOCHROME2',
  };
  const base = {
    sourceIndex,
    fileName,
    numberOfFrames: nFrames,
    sopInstanceUid: str(ds, TAG.SOPInstanceUID),
    instanceNumber: number1(ds, TAG.InstanceNumber),
    studyInstanceUid: str(ds, TAG.StudyInstanceUID),
    seriesInstanceUid: str(ds, TAG.SeriesInstanceUID),
    frameOfReferenceUid: str(ds, TAG.FrameOfReferenceUID),
    modality: str(ds, TAG.Modality) || 'OT',
    seriesDescription: str(ds, TAG.SeriesDescription),
    seriesNumber: number1(ds, TAG.SeriesNumber),
    transferSyntaxUid: str(ds, TAG.TransferSyntaxUID) || '1.2.840.10008.1.2',
    pixel,
    gantryTiltDeg: number1(ds, TAG.GantryDetectorTilt),
    pixelPaddingValue: ds.elements[TAG.PixelPaddingValue] ? paddingValue(ds, pixel.pixelRepresentation) : undefined,
    window: windowOf(ds),
    hasPixelData: Boolean(pixelEl),
    pixelDataOffset: pixelEl ? fileOffset(ds, pixelEl.dataOffset) : -1,
    pixelDataLength: pixelEl && !pixelEl.hadUndefinedLength ? pixelEl.length : -1,
  };
  const out: FrameRecord[] = [];
  for (let f = 0; f < nFrames; f++) {
    const pf = perFrame?.[f]?.dataSet;
    const measures = item0(pf, TAG.PixelMeasuresSequence) ?? item0(shared, TAG.PixelMeasuresSequence);
    const orientDs = item0(pf, TAG.PlaneOrientationSequence) ?? item0(shared, TAG.PlaneOrientationSequence) ?? ds;
    const posDs = item0(pf, TAG.PlanePositionSequence) ?? (nFrames === 1 ? ds : undefined);
    const rescaleDs = item0(pf, TAG.PixelValueTransformationSequence) ?? item0(shared, TAG.PixelValueTransformationSequence) ?? ds;
    const ps = numbers(measures ?? ds, TAG.PixelSpacing);
    const iop = numbers(orientDs, TAG.ImageOrientationPatient);
    out.push({
      ...base,
      frameIndex: f,
      pixelSpacingMm: ps.length >= 2 && ps[0] > 0 && ps[1] > 0 ? [ps[0], ps[1]] : null,
      orientation: iop.length >= 6 ? { row: [iop[0], iop[1], iop[2]], col: [iop[3], iop[4], iop[5]] } : null,
      positionLps: vec3Of(numbers(posDs, TAG.ImagePositionPatient)),
      sliceThicknessMm: number1(measures ?? ds, TAG.SliceThickness),
      rescaleSlope: number1(rescaleDs, TAG.RescaleSlope) ?? 1,
      rescaleIntercept: number1(rescaleDs, TAG.RescaleIntercept) ?? 0,
    });
  }
  return out;
}

function paddingValue(ds: DataSet, pixelRepresentation: number): number | undefined {
  const el = ds.elements[TAG.PixelPaddingValue];
  if (!el || el.length < 2) return undefined;
  return pixelRepresentation === 1 ? ds.int16(TAG.PixelPaddingValue) : ds.uint16(TAG.PixelPaddingValue);
}

function windowOf(ds: DataSet): { center: number; width: number } | undefined {
  const c = number1(ds, TAG.WindowCenter);
  const w = number1(ds, TAG.WindowWidth);
  return c !== undefined && w !== undefined && w > 0 ? { center: c, width: w } : undefined;
}
