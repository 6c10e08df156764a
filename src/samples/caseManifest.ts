/**
 * The sample-case registry and the JSON manifests written next to each generated case
 * (`dicom-samples/<case>/case.json`) and for the list of cases (`dicom-samples/index.json`).
 * Pure: the Node script writes what these functions return.
 */
import type { Vec3 } from '../core/vec3';
import type { Mat3 } from '../volume/volume';
import { indexToLpsMatrix, orientationCode } from '../volume/volume';
import { buildHipPhantom } from './hipPhantom';
import { buildKneePhantom } from './kneePhantom';
import { buildLiverPhantom } from './liverPhantom';
import type { PhantomCase, PhantomOptions } from './phantom';

/** Version of the generator; bump when the output bytes change on purpose. */
export const SAMPLES_GENERATOR_VERSION = 1;

/** The bundled cases, in menu order. */
export const SAMPLE_BUILDERS: Readonly<Record<string, (options?: PhantomOptions) => PhantomCase>> = {
  hip: buildHipPhantom,
  knee: buildKneePhantom,
  liver: buildLiverPhantom,
};

/** One segment in case.json. */
export interface SegmentManifest {
  /** Label value in labels.nii.gz. */
  label: number;
  /** Display name. */
  name: string;
  /** sRGB 0–255. */
  color: [number, number, number];
  /** Number of voxels with this label (exact ground truth, centre-in-shape rule). */
  voxelCount: number;
  /** voxelCount × voxel volume, mm³. */
  volumeMm3: number;
}

/** Contents of `dicom-samples/<case>/case.json`. */
export interface CaseManifest {
  /** Manifest format and generator version. */
  generatorVersion: number;
  /** Case (folder) name. */
  name: string;
  /** Menu title. */
  title: string;
  /** What the phantom contains, including its left/right asymmetry. */
  description: string;
  /** Folder of the DICOM files, relative to the case folder. */
  dicomFolder: string;
  /** Number of DICOM files (= slices). */
  dicomFileCount: number;
  /** Pixel storage of the DICOM files. */
  pixelEncoding: 'signed' | 'unsigned-offset';
  /** Label volume file, relative to the case folder. */
  labelsFile: string;
  /** Geometry shared by the CT and the labels (LPS, mm). */
  geometry: {
    size: [number, number, number];
    spacingMm: Vec3;
    originLps: Vec3;
    /** Column-major direction cosines (as in Volume). */
    direction: Mat3;
    /** Nearest patient axes of i, j, k, e.g. "LPS". */
    orientation: string;
    /** Row-major 4×4 index → LPS matrix. */
    indexToLps: number[];
  };
  /** Labelled structures with their exact voxel counts. */
  segments: SegmentManifest[];
  /** Ground-truth points, LPS mm. */
  landmarksLps: Record<string, Vec3>;
  /** Ground-truth lengths, mm. */
  measurementsMm: Record<string, number>;
}

/** Counts voxels per label value (index = label). */
export function labelHistogram(labels: ArrayLike<number>): number[] {
  const counts = new Array<number>(256).fill(0);
  for (let n = 0; n < labels.length; n++) counts[labels[n]]++;
  return counts;
}

/** Builds case.json for a generated case. */
export function buildCaseManifest(phantom: PhantomCase, dicomFileCount: number): CaseManifest {
  const { volume } = phantom;
  const counts = labelHistogram(phantom.labels.data);
  const voxelVolumeMm3 = volume.spacing[0] * volume.spacing[1] * volume.spacing[2];
  return {
    generatorVersion: SAMPLES_GENERATOR_VERSION,
    name: phantom.name,
    title: phantom.title,
    description: phantom.description,
    dicomFolder: 'dicom',
    dicomFileCount,
    pixelEncoding: phantom.dicom.pixelEncoding,
    labelsFile: 'labels.nii.gz',
    geometry: {
      size: [...volume.size],
      spacingMm: [...volume.spacing],
      originLps: [...volume.origin],
      direction: [...volume.direction],
      orientation: orientationCode(volume.direction),
      indexToLps: indexToLpsMatrix(volume),
    },
    segments: phantom.segments.map((s) => ({
      ...s,
      voxelCount: counts[s.label],
      volumeMm3: Math.round(counts[s.label] * voxelVolumeMm3 * 1000) / 1000,
    })),
    landmarksLps: phantom.landmarksLps,
    measurementsMm: phantom.measurementsMm,
  };
}

/** One entry of `dicom-samples/index.json`. */
export interface SampleIndexEntry {
  /** Case name = folder under dicom-samples/. */
  name: string;
  /** Menu title. */
  title: string;
  /** Short description. */
  description: string;
  /** DICOM folder relative to dicom-samples/. */
  dicomFolder: string;
  /** DICOM file names (relative to dicomFolder), sorted by name — deliberately NOT slice order. */
  dicomFiles: string[];
  /** Labels file relative to dicom-samples/. */
  labelsFile: string;
  /** case.json relative to dicom-samples/. */
  manifestFile: string;
}

/** Contents of `dicom-samples/index.json`. */
export interface SampleIndex {
  /** Generator version. */
  generatorVersion: number;
  /** The cases, in menu order. */
  cases: SampleIndexEntry[];
}

/** The index.json entry of a case. */
export function buildIndexEntry(manifest: CaseManifest, dicomFiles: string[]): SampleIndexEntry {
  return {
    name: manifest.name,
    title: manifest.title,
    description: manifest.description,
    dicomFolder: `${manifest.name}/${manifest.dicomFolder}`,
    dicomFiles: [...dicomFiles].sort(),
    labelsFile: `${manifest.name}/${manifest.labelsFile}`,
    manifestFile: `${manifest.name}/case.json`,
  };
}

/**
 * JSON text with 2-space indentation where arrays of numbers or strings stay on one line
 * (readable geometry and colours), ending with a newline. Deterministic for a given value.
 */
export function formatManifestJson(value: unknown): string {
  const text = JSON.stringify(value, null, 2);
  // Collapse arrays whose items are all numbers or short strings.
  const collapsed = text.replace(/\[\s*\n((?:\s*(?:-?[\d.e+-]+|"[^"\n]{0,40}"),?\n)+)\s*\]/g, (_match, body: string) =>
    `[${body
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line.length > 0)
      .join(' ')}]`,
  );
  return `${collapsed}\n`;
}
