/** Builds FrameRecords in code for geometry tests (no files needed). */
import type { FrameRecord } from '../../src/dicom/frames';
import type { Vec3 } from '../../src/core/vec3';

/** A CT frame record with the given geometry; everything else has sensible defaults. */
export function frameRecord(p: { file: string; ipp: Vec3; row?: Vec3; col?: Vec3; ps?: [number, number]; sop?: string; thickness?: number; rows?: number; cols?: number }): FrameRecord {
  return {
    sourceIndex: 0,
    fileName: p.file,
    frameIndex: 0,
    numberOfFrames: 1,
    sopInstanceUid: p.sop ?? `1.2.3.${p.file}`,
    studyInstanceUid: '1.2.3',
    seriesInstanceUid: '1.2.3.4',
    frameOfReferenceUid: '1.2.3.5',
    modality: 'CT',
    seriesDescription: 'test',
    transferSyntaxUid: '1.2.840.10008.1.2.1',
    pixel: { rows: p.rows ?? 64, columns: p.cols ?? 64, bitsAllocated: 16, bitsStored: 16, pixelRepresentation: 1, samplesPerPixel: 1, planarConfiguration: 0, photometricInterpretation: 'MONOCHROME2' },
    pixelSpacingMm: p.ps ?? [1, 1],
    orientation: { row: p.row ?? [1, 0, 0], col: p.col ?? [0, 1, 0] },
    positionLps: p.ipp,
    sliceThicknessMm: p.thickness,
    rescaleSlope: 1,
    rescaleIntercept: -1024,
    hasPixelData: true,
    pixelDataOffset: 1000,
    pixelDataLength: 8192,
  };
}
