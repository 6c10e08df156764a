/**
 * Writes a CT {@link Volume} as a DICOM series: one Part 10 file per slice (k), Explicit VR Little
 * Endian, CT Image Storage. Pure: returns bytes and file names, touches no file system.
 *
 * Geometry (domain brief §8.1): ImagePositionPatient of slice k = origin + k·Δk·dirK (centre of its
 * first voxel); ImageOrientationPatient = [dirI, dirJ]; PixelSpacing = [Δj (between rows),
 * Δi (between columns)] — row spacing first; Rows = size[1], Columns = size[0].
 *
 * Deliberate traps for loaders: InstanceNumber runs from the most superior slice down (1 = highest
 * k), and file names are hashes of the SOP Instance UID, so neither sorts in slice order.
 * UIDs are `2.25.<decimal>` values hashed from the case name: identical on every run.
 */
import dcmjs from 'dcmjs';
import type { Volume } from '../volume/volume';
import { JumeauError } from '../core/errors';
import { hashHex, uidFromName } from './random';

/** CT Image Storage SOP Class UID. */
export const CT_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.2';
/** Explicit VR Little Endian transfer syntax UID. */
export const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';

/** Options of {@link writeDicomSeries}. */
export interface DicomSeriesOptions {
  /** Seed of every UID (Study, Series, Frame of Reference, SOP Instances), e.g. "hip". */
  caseName: string;
  /** PatientName (PN), e.g. "PHANTOM^HIP". */
  patientName: string;
  /** PatientID. */
  patientId: string;
  /** SeriesDescription. */
  seriesDescription: string;
  /** SeriesNumber (default 1). */
  seriesNumber?: number;
  /** BodyPartExamined defined term (default "" = unknown). */
  bodyPart?: string;
  /** PatientPosition (default "HFS"). */
  patientPosition?: string;
  /** WindowCenter in HU (default 40). */
  windowCenterHu?: number;
  /** WindowWidth in HU (default 400). */
  windowWidthHu?: number;
  /**
   * 'signed': stored = HU, PixelRepresentation 1, RescaleIntercept 0 (default).
   * 'unsigned-offset': stored = HU + 1024, PixelRepresentation 0, RescaleIntercept −1024.
   */
  pixelEncoding?: 'signed' | 'unsigned-offset';
  /** StudyDate/SeriesDate/ContentDate, YYYYMMDD (default 20240101: fixed so output is reproducible). */
  studyDate?: string;
}

/** One written file. */
export interface DicomFileBytes {
  /** File name (no folder), e.g. "3fa9c0d1e2b4a5f6.dcm". */
  fileName: string;
  /** Part 10 bytes. */
  bytes: Uint8Array;
}

/**
 * Formats a number as a DICOM Decimal String (≤ 16 characters), rounding to at most 6 decimals.
 * @throws RangeError for non-finite numbers
 */
export function formatDecimalString(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`cannot write ${value} as a DICOM DS`);
  for (let decimals = 6; decimals >= 0; decimals--) {
    const text = String(Number(value.toFixed(decimals)));
    if (text.length <= 16) return text === '-0' ? '0' : text;
  }
  throw new RangeError(`${value} does not fit a 16-character DICOM DS`);
}

/**
 * Writes `volume` (Int16Array in HU) as one DICOM CT file per slice; see the module doc for the
 * geometry rules.
 * @returns files in slice order k = 0, 1, …; names are hashes and do not sort that way
 * @throws JumeauError BAD_ARGUMENT when the volume is not Int16 HU or a value does not fit the encoding
 */
export function writeDicomSeries(volume: Volume, options: DicomSeriesOptions): DicomFileBytes[] {
  if (!(volume.data instanceof Int16Array) || volume.unit !== 'HU') {
    throw new JumeauError('BAD_ARGUMENT', 'writeDicomSeries needs an Int16Array volume in HU', { subject: options.caseName });
  }
  const encoding = options.pixelEncoding ?? 'signed';
  const [columns, rows, slices] = volume.size;
  const d = volume.direction;
  const dirI = [d[0], d[1], d[2]];
  const dirJ = [d[3], d[4], d[5]];
  const normal = [dirI[1] * dirJ[2] - dirI[2] * dirJ[1], dirI[2] * dirJ[0] - dirI[0] * dirJ[2], dirI[0] * dirJ[1] - dirI[1] * dirJ[0]];
  const studyUid = uidFromName(`jumeau/${options.caseName}/study`);
  const seriesNumber = options.seriesNumber ?? 1;
  const seriesUid = uidFromName(`jumeau/${options.caseName}/series/${seriesNumber}`);
  const frameUid = uidFromName(`jumeau/${options.caseName}/frame-of-reference`);
  const date = options.studyDate ?? '20240101';
  const ds = formatDecimalString;
  const pixelsPerSlice = rows * columns;
  const intercept = encoding === 'signed' ? 0 : -1024;

  const files: DicomFileBytes[] = [];
  for (let k = 0; k < slices; k++) {
    const sopUid = uidFromName(`jumeau/${options.caseName}/series/${seriesNumber}/slice/${k}`);
    const position = [0, 1, 2].map((c) => volume.origin[c] + k * volume.spacing[2] * d[6 + c]);
    const slice = volume.data.subarray(k * pixelsPerSlice, (k + 1) * pixelsPerSlice);
    const pixels = encodePixels(slice, encoding, options.caseName);
    const dataset: Record<string, unknown> = {
      ImageType: ['DERIVED', 'SECONDARY', 'AXIAL'],
      SOPClassUID: CT_IMAGE_STORAGE,
      SOPInstanceUID: sopUid,
      StudyDate: date,
      SeriesDate: date,
      ContentDate: date,
      StudyTime: '120000',
      SeriesTime: '120000',
      ContentTime: '120000',
      AccessionNumber: '',
      Modality: 'CT',
      Manufacturer: 'Jumeau',
      ReferringPhysicianName: '',
      StudyDescription: 'Jumeau synthetic phantom',
      SeriesDescription: options.seriesDescription,
      ManufacturerModelName: 'Jumeau phantom generator',
      PatientName: options.patientName,
      PatientID: options.patientId,
      PatientBirthDate: '',
      PatientSex: 'O',
      BodyPartExamined: options.bodyPart ?? '',
      SliceThickness: ds(volume.spacing[2]),
      SpacingBetweenSlices: ds(volume.spacing[2]),
      PatientPosition: options.patientPosition ?? 'HFS',
      StudyInstanceUID: studyUid,
      SeriesInstanceUID: seriesUid,
      StudyID: '1',
      SeriesNumber: seriesNumber,
      AcquisitionNumber: 1,
      InstanceNumber: slices - k,
      ImagePositionPatient: position.map(ds),
      ImageOrientationPatient: [...dirI, ...dirJ].map(ds),
      FrameOfReferenceUID: frameUid,
      PositionReferenceIndicator: '',
      SliceLocation: ds(position[0] * normal[0] + position[1] * normal[1] + position[2] * normal[2]),
      SamplesPerPixel: 1,
      PhotometricInterpretation: 'MONOCHROME2',
      Rows: rows,
      Columns: columns,
      PixelSpacing: [ds(volume.spacing[1]), ds(volume.spacing[0])],
      BitsAllocated: 16,
      BitsStored: 16,
      HighBit: 15,
      PixelRepresentation: encoding === 'signed' ? 1 : 0,
      BurnedInAnnotation: 'NO',
      WindowCenter: ds(options.windowCenterHu ?? 40),
      WindowWidth: ds(options.windowWidthHu ?? 400),
      RescaleIntercept: ds(intercept),
      RescaleSlope: '1',
      RescaleType: 'HU',
      LossyImageCompression: '00',
      PixelData: pixels.buffer,
      _vrMap: { PixelData: 'OW' },
    };
    const meta = {
      FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
      MediaStorageSOPClassUID: CT_IMAGE_STORAGE,
      MediaStorageSOPInstanceUID: sopUid,
      TransferSyntaxUID: EXPLICIT_VR_LITTLE_ENDIAN,
      ImplementationClassUID: uidFromName('jumeau/implementation/0.1'),
      ImplementationVersionName: 'JUMEAU_0_1',
    };
    const dict = new dcmjs.data.DicomDict(dcmjs.data.DicomMetaDictionary.denaturalizeDataset(meta));
    dict.dict = dcmjs.data.DicomMetaDictionary.denaturalizeDataset(dataset);
    files.push({ fileName: `${hashHex(sopUid).slice(0, 16)}.dcm`, bytes: new Uint8Array(dict.write()) });
  }
  return files;
}

/** Copies one slice into a fresh 16-bit buffer (platform order: little-endian on every supported platform). */
function encodePixels(slice: Int16Array, encoding: 'signed' | 'unsigned-offset', subject: string): Int16Array | Uint16Array {
  if (encoding === 'signed') return slice.slice();
  const out = new Uint16Array(slice.length);
  for (let n = 0; n < slice.length; n++) {
    const stored = slice[n] + 1024;
    if (stored < 0) {
      throw new JumeauError('BAD_ARGUMENT', `HU ${slice[n]} is below −1024 and cannot be stored unsigned with intercept −1024`, {
        subject,
      });
    }
    out[n] = stored;
  }
  return out;
}
