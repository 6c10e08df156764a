/**
 * Standard coded meanings of segments, as DICOM SEG stores them (Segmented Property Category Code
 * Sequence (0062,0003), Segmented Property Type Code Sequence (0062,000F) and its Type Modifier
 * (0062,0011)), with SNOMED CT codes (CodingSchemeDesignator "SCT").
 *
 * Verification status of each code is in src/segmentation/README.md; `verified` below records it
 * so an exporter can refuse or warn on codes still marked "to verify".
 */

/** One coded concept: (CodingSchemeDesignator, CodeValue, CodeMeaning). */
export interface CodedConcept {
  /** Coding scheme designator, "SCT" for SNOMED CT. */
  scheme: 'SCT' | 'DCM';
  /** Code value, e.g. "71341001". */
  code: string;
  /** Code meaning, e.g. "Femur". */
  meaning: string;
}

/** Category, type and optional modifier (laterality) of a segment. */
export interface SegmentTerminology {
  /** Segmented Property Category (DICOM CID 7150), e.g. Anatomical Structure. */
  category: CodedConcept;
  /** Segmented Property Type (DICOM CID 7151…7154 and others), e.g. Femur. */
  type: CodedConcept;
  /** Segmented Property Type Modifier, e.g. Left / Right (CID 244). */
  modifier?: CodedConcept;
}

const sct = (code: string, meaning: string): CodedConcept => ({ scheme: 'SCT', code, meaning });

/** Segmented Property Categories used by Jumeau (DICOM CID 7150). */
export const CATEGORY = {
  /** SCT 91723000 "Anatomical Structure" (CID 7150; some tools, e.g. TotalSegmentator, write 123037004). */
  anatomicalStructure: sct('91723000', 'Anatomical Structure'),
  /** SCT 85756007 "Tissue" (CID 7150). */
  tissue: sct('85756007', 'Tissue'),
  /** SCT 49755003 "Morphologically Abnormal Structure" (CID 7150; older editions: "Morphologically Altered Structure"). */
  morphologicallyAbnormal: sct('49755003', 'Morphologically Abnormal Structure'),
} as const;

/** Laterality modifiers (patient left / right). */
export const LATERALITY = {
  /** SCT 7771000 "Left". */
  L: sct('7771000', 'Left'),
  /** SCT 24028007 "Right". */
  R: sct('24028007', 'Right'),
} as const;

/** Property types of the structures Jumeau segments. */
export const PROPERTY_TYPE = {
  femur: sct('71341001', 'Femur'),
  /**
   * Hip bone (os coxae), with a Left/Right modifier. SCT 118645006 is the grouping concept
   * "Structure of innominate bone and/or sacrum and/or coccyx" that TG263/HL7 mCODE map "Bony
   * Pelvis Left/Right" to; the former value 29850006 is "Iliac crest" (DICOM CID 1005), not the bone.
   */
  hipBone: sct('118645006', 'Structure of innominate bone and/or sacrum and/or coccyx'),
  sacrum: sct('54735007', 'Sacrum'),
  tibia: sct('12611008', 'Tibia'),
  fibula: sct('87342007', 'Fibula'),
  patella: sct('64234005', 'Patella'),
  liver: sct('10200004', 'Liver'),
  portalVein: sct('32764006', 'Portal vein'),
  hepaticVein: sct('8993003', 'Hepatic vein'),
  neoplasm: sct('108369006', 'Neoplasm'),
} as const;

/** Name of a known structure in {@link PROPERTY_TYPE}. */
export type StructureName = keyof typeof PROPERTY_TYPE;

/**
 * Codes whose value/meaning pair was checked against a published mapping (DICOM CID tables as
 * transcribed in FHIR, TotalSegmentator's SNOMED mapping, HL7 mCODE's TG263 map); the others are
 * still "to verify".
 */
export const VERIFIED_CODES: ReadonlySet<string> = new Set([
  '91723000', '85756007', '49755003', '7771000', '24028007',
  '71341001', '54735007', '12611008', '87342007', '64234005', '10200004', '32764006', '108369006',
  '118645006', '8993003',
]);

/** True when `concept`'s code value is in {@link VERIFIED_CODES}. */
export function isVerifiedCode(concept: CodedConcept): boolean {
  return VERIFIED_CODES.has(concept.code);
}

/**
 * Terminology of a structure: category Anatomical Structure (Morphologically Abnormal Structure for
 * a neoplasm), type from {@link PROPERTY_TYPE}, laterality modifier when `side` is given.
 */
export function terminologyOf(structure: StructureName, side?: 'L' | 'R'): SegmentTerminology {
  const category = structure === 'neoplasm' ? CATEGORY.morphologicallyAbnormal : CATEGORY.anatomicalStructure;
  const t: SegmentTerminology = { category, type: PROPERTY_TYPE[structure] };
  if (side) t.modifier = LATERALITY[side];
  return t;
}
