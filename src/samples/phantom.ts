/**
 * Types shared by the phantom builders, and small helpers to paint bones (cortical shell +
 * cancellous core) and tissue layers.
 */
import type { PointLps, Vec3 } from '../core/vec3';
import type { Volume } from '../volume/volume';
import { paintLayer } from './rasterize';
import type { Canvas, LayerStats } from './rasterize';
import type { Shape } from './sdf';
import { subtract } from './sdf';

/** One labelled structure of a phantom. */
export interface SegmentInfo {
  /** Value in the label volume (1–255). */
  label: number;
  /** Short human-readable name, e.g. "femur left". */
  name: string;
  /** Display colour, sRGB 0–255. */
  color: [number, number, number];
}

/** How the DICOM series of a case is written (consumed by writeDicomSeries). */
export interface DicomHints {
  /** DICOM PN, e.g. "PHANTOM^HIP". */
  patientName: string;
  /** PatientID (0010,0020). */
  patientId: string;
  /** SeriesDescription (0008,103E). */
  seriesDescription: string;
  /** BodyPartExamined (0018,0015) defined term, e.g. "HIP", "KNEE", "ABDOMEN". */
  bodyPart: string;
  /** PatientPosition (0018,5100), e.g. "FFS" or "HFS". */
  patientPosition: string;
  /** Default display window centre, HU. */
  windowCenterHu: number;
  /** Default display window width, HU. */
  windowWidthHu: number;
  /** Pixel storage: signed HU (intercept 0) or unsigned HU + 1024 (intercept −1024). */
  pixelEncoding: 'signed' | 'unsigned-offset';
}

/** A generated case: CT volume, exact labels and what a test or planner may want to know. */
export interface PhantomCase {
  /** Machine name, also the folder name: "hip", "knee", "liver". */
  name: string;
  /** One-line title for menus. */
  title: string;
  /** What the phantom contains, including its deliberate left/right asymmetry. */
  description: string;
  /** CT volume: Int16Array in HU, LPS geometry. */
  volume: Volume;
  /** Ground-truth labels: Uint8Array, unit 'label', same geometry as `volume`. */
  labels: Volume;
  /** The labels present (background 0 is implicit). */
  segments: SegmentInfo[];
  /** Named ground-truth points in LPS mm (e.g. femoral head centres). */
  landmarksLps: Record<string, PointLps>;
  /** Named ground-truth lengths in mm (e.g. femoral head radii). */
  measurementsMm: Record<string, number>;
  /** How to write it as DICOM. */
  dicom: DicomHints;
}

/** Parameters every builder accepts. */
export interface PhantomOptions {
  /** Seed of the noise (default per case). */
  seed?: number;
  /** Noise standard deviation in HU (default 12). */
  noiseSigmaHu?: number;
  /**
   * Grid size [columns, rows, slices] instead of the case's own spacing (benchmarks: 512×512×400).
   * Square pixels span the field's width; the row field grows about its centre to fill the rows; the
   * slices span the field's height. Only the hip builder honours it for now.
   */
  gridSize?: [number, number, number];
}

/**
 * A part of a bone given as a factory of its shape inset by `insetMm` (0 = outer surface; a positive
 * inset shrinks it, a negative one grows it). Cortical shell = outer − inset(thickness).
 */
export type PartFactory = (insetMm: number) => Shape;

/** A bone made of parts, each with its own cortical thickness. */
export interface BonePart {
  /** Shape factory (see {@link PartFactory}). */
  part: PartFactory;
  /** Cortical thickness of this part, mm. */
  cortexMm: number;
}

/** HU of a bone's two compartments. */
export interface BoneHu {
  /** Cortical shell, HU. */
  corticalHu: number;
  /** Cancellous core, HU. */
  cancellousHu: number;
}

/**
 * A cavity or neighbour to carve out of a bone, as a factory of its shape grown by `growMm`
 * (the cancellous core is carved with the hole grown by the part's cortical thickness, so the
 * cortex also lines the cavity).
 */
export type HoleFactory = (growMm: number) => Shape;

/**
 * Paints a bone: every part's outer shape with cortical HU and the bone's label (none when
 * `label` is undefined), then every part
 * inset by its cortical thickness with cancellous HU (label unchanged). `holes` (a joint cavity, a
 * neighbour bone grown by the joint gap) are carved out of both, grown by the cortex for the core.
 * @returns stats of the outer (labelled) layers, one per part
 */
export function paintBone(
  canvas: Canvas,
  parts: readonly BonePart[],
  hu: BoneHu,
  label: number | undefined,
  holes: readonly HoleFactory[] = [],
): LayerStats[] {
  const stats = parts.map(({ part }) =>
    paintLayer(canvas, subtract(part(0), ...holes.map((h) => h(0))), { hu: hu.corticalHu, label }),
  );
  for (const { part, cortexMm } of parts) {
    paintLayer(canvas, subtract(part(cortexMm), ...holes.map((h) => h(cortexMm))), { hu: hu.cancellousHu });
  }
  return stats;
}

/** a + s·b for LPS points and vectors (mm). */
export function along(a: PointLps, b: Vec3, s: number): PointLps {
  return [a[0] + s * b[0], a[1] + s * b[1], a[2] + s * b[2]];
}

/** Soft tissue HU values used by all phantoms (domain brief §1.1). */
export const TISSUE_HU = {
  /** Air outside the body. */
  air: -1000,
  /** Subcutaneous / intra-abdominal fat, ≈ −110 HU (brief §1.1: typ. −150…−50). */
  fat: -100,
  /** Muscle and generic soft tissue, ≈ 40 HU. */
  muscle: 40,
  /** Fluid (bladder, joint fluid), ≈ 5 HU. */
  fluid: 5,
  /** Fatty marrow of long-bone shafts. */
  marrow: -40,
} as const;
