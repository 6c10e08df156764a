/**
 * Minimal typings for the parts of dcmjs that Jumeau uses (dcmjs ships no TypeScript types).
 * Extend when a new part of the library is needed; do not widen to `any`.
 */
declare module 'dcmjs' {
  /** A dataset keyed by DICOM keyword ("PatientName"), values as dcmjs "naturalizes" them. */
  export type NaturalizedDataset = Record<string, unknown>;

  /** One element of a denaturalized dataset, keyed by 8-hex-digit tag ("00100010"). */
  export interface DenaturalizedElement {
    vr: string;
    Value?: unknown[];
  }

  /** A dataset keyed by tag, as DicomDict stores it. */
  export type DenaturalizedDataset = Record<string, DenaturalizedElement>;

  /** A Part 10 file in memory: file meta information plus the dataset. */
  export class DicomDict {
    constructor(meta: DenaturalizedDataset);
    meta: DenaturalizedDataset;
    dict: DenaturalizedDataset;
    /** Serialises to a Part 10 byte stream (preamble, "DICM", meta group, dataset). */
    write(options?: { allowInvalidVRLength?: boolean }): ArrayBuffer;
  }

  /** Keyword ↔ tag conversion helpers. */
  export const DicomMetaDictionary: {
    denaturalizeDataset(dataset: NaturalizedDataset): DenaturalizedDataset;
    naturalizeDataset(dataset: DenaturalizedDataset): NaturalizedDataset;
  };

  /** The `dcmjs.data` namespace. */
  export const data: {
    DicomDict: typeof DicomDict;
    DicomMetaDictionary: typeof DicomMetaDictionary;
  };

  const dcmjs: { data: typeof data };
  export default dcmjs;
}
