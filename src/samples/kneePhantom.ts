/**
 * Knee phantom: a RIGHT knee (leg axis at x = −90 mm, i.e. on the patient's right) with distal femur,
 * proximal tibia, fibula and patella, menisci, Hoffa fat pad and patellar tendon. The joint line is
 * z = 0. For a right leg, lateral is −x in LPS: the fibula lies at x ≈ −124 mm, lateral to the tibia
 * (x = −90 mm) — the orientation check for this case.
 *
 * Pixels are deliberately non-square (1.0 mm between columns, 1.2 mm between rows, so DICOM
 * PixelSpacing = [1.2, 1.0]) to expose loaders that swap the two PixelSpacing values.
 */
import type { PointLps, Vec3 } from '../core/vec3';
import type { BonePart, HoleFactory, PartFactory, PhantomCase, PhantomOptions } from './phantom';
import { TISSUE_HU, paintBone } from './phantom';
import { conePart, ellipsoidPart } from './parts';
import { createCanvas, finishCanvas, gridCovering, paintLayer } from './rasterize';
import { ellipsoid, ellipticPrismZ, halfSpace, intersect, torus, tube, union } from './sdf';

/** Labels of the knee phantom. */
export const KNEE_LABELS = { femur: 1, tibia: 2, fibula: 3, patella: 4 } as const;

/** Design constants of the knee phantom (mm, HU). */
export const KNEE_DESIGN = {
  legCentreXMm: -90,
  plateauTopZMm: -2.5,
  medialCondyleCentreLps: [-69, 10, 24] as PointLps,
  medialCondyleSemiAxesMm: [16, 31, 22] as Vec3,
  lateralCondyleCentreLps: [-111, 10, 24] as PointLps,
  lateralCondyleSemiAxesMm: [15, 29, 21] as Vec3,
  patellaCentreLps: [-88, -34, 30] as PointLps,
  patellaSemiAxesMm: [21, 10, 18] as Vec3,
  fibulaHeadCentreLps: [-124, 25, -34] as PointLps,
  femurHu: { corticalHu: 1500, cancellousHu: 240 },
  tibiaHu: { corticalHu: 1450, cancellousHu: 230 },
  fibulaHu: { corticalHu: 1350, cancellousHu: 220 },
  patellaHu: { corticalHu: 1250, cancellousHu: 260 },
  meniscusHu: 90,
  tendonHu: 80,
  spacingMm: [1.0, 1.2, 1.5] as Vec3,
  fieldMinLps: [-155, -58, -110] as Vec3,
  fieldMaxLps: [-25, 68, 110] as Vec3,
} as const;

const X0 = KNEE_DESIGN.legCentreXMm;

function femurParts(): BonePart[] {
  const D = KNEE_DESIGN;
  return [
    { part: ellipsoidPart([X0, -2, 30], [28, 16, 14]), cortexMm: 2 },
    { part: conePart([X0, 5, 40], [X0, 5, 260], 13.5), cortexMm: 5 },
    { part: conePart([X0, 5, 95], [X0, 8, 30], 14, 31), cortexMm: 2 },
    { part: ellipsoidPart(D.medialCondyleCentreLps, D.medialCondyleSemiAxesMm), cortexMm: 2 },
    { part: ellipsoidPart(D.lateralCondyleCentreLps, D.lateralCondyleSemiAxesMm), cortexMm: 2 },
  ];
}

/** Tibial plateau: an ellipsoid cut flat at the plateau level (inset lowers the cut too). */
function plateauPart(): PartFactory {
  const top = KNEE_DESIGN.plateauTopZMm;
  return (inset) =>
    intersect(ellipsoid([X0, 8, -14], [40 - inset, 28 - inset, 26 - inset]), halfSpace([0, 0, top - inset], [0, 0, 1]));
}

function tibiaParts(): BonePart[] {
  return [
    { part: plateauPart(), cortexMm: 2 },
    { part: ellipsoidPart([X0, 8, -2.5], [6, 8, 5]), cortexMm: 1.5 },
    { part: conePart([X0, 8, -20], [X0, 6, -85], 30, 15), cortexMm: 2.5 },
    { part: conePart([X0, 6, -70], [X0, 5, -260], 14), cortexMm: 5.5 },
    { part: ellipsoidPart([X0 - 4, -20, -38], [10, 8, 14]), cortexMm: 2 },
  ];
}

function fibulaParts(): BonePart[] {
  const head = KNEE_DESIGN.fibulaHeadCentreLps;
  return [
    { part: ellipsoidPart(head, [11, 11, 13]), cortexMm: 1.5 },
    { part: conePart([head[0], head[1], head[2] - 8], [head[0] + 2, head[1] - 2, -260], 8, 6.5), cortexMm: 2.5 },
  ];
}

/** A bone's outer surface grown by `gapMm + grow` (a joint space around a neighbour). */
function grownBone(parts: readonly BonePart[], gapMm: number): HoleFactory {
  return (grow) => union(...parts.map((p) => p.part(-(gapMm + grow))));
}

/**
 * Builds the right-knee phantom (≈ 2 M voxels, non-square pixels). Deterministic for a given seed.
 * @param options - noise seed and σ (HU)
 */
export function buildKneePhantom(options: PhantomOptions = {}): PhantomCase {
  const D = KNEE_DESIGN;
  const grid = gridCovering(D.fieldMinLps, D.fieldMaxLps, D.spacingMm);
  const canvas = createCanvas(grid, TISSUE_HU.air);
  paintLayer(canvas, ellipticPrismZ(X0, 5, 62, 60), { hu: TISSUE_HU.fat });
  paintLayer(canvas, ellipticPrismZ(X0, 5, 54, 52), { hu: TISSUE_HU.muscle });
  paintLayer(canvas, ellipsoid([X0, -30, 4], [20, 12, 14]), { hu: TISSUE_HU.fat }); // Hoffa fat pad
  paintLayer(canvas, tube([[-88, -33, 14], [X0 - 3, -27, -36]], 5), { hu: D.tendonHu }); // patellar tendon
  const meniscusZ = D.plateauTopZMm + 3;
  paintLayer(canvas, torus([D.medialCondyleCentreLps[0], 10, meniscusZ], [0, 0, 1], 14, 3), { hu: D.meniscusHu });
  paintLayer(canvas, torus([D.lateralCondyleCentreLps[0], 10, meniscusZ], [0, 0, 1], 13, 3), { hu: D.meniscusHu });

  const femur = femurParts();
  const tibia = tibiaParts();
  paintBone(canvas, femur, D.femurHu, KNEE_LABELS.femur);
  paintBone(canvas, tibia, D.tibiaHu, KNEE_LABELS.tibia, [grownBone(femur, 2)]);
  paintBone(canvas, fibulaParts(), D.fibulaHu, KNEE_LABELS.fibula, [grownBone(tibia, 2)]);
  paintBone(canvas, [{ part: ellipsoidPart(D.patellaCentreLps, D.patellaSemiAxesMm), cortexMm: 1.5 }], D.patellaHu, KNEE_LABELS.patella, [
    grownBone(femur, 3),
  ]);
  const marrowTop: PointLps = [X0, 5, 75];
  paintLayer(canvas, conePart(marrowTop, [X0, 5, 260], 8)(0), { hu: TISSUE_HU.marrow });
  paintLayer(canvas, conePart([X0, 6, -100], [X0, 5, -260], 8)(0), { hu: TISSUE_HU.marrow });

  const { volume, labels } = finishCanvas(canvas, { noiseSigmaHu: options.noiseSigmaHu ?? 12, seed: options.seed ?? 0x6e4 });
  const mc = D.medialCondyleCentreLps;
  const lc = D.lateralCondyleCentreLps;
  return {
    name: 'knee',
    title: 'Right knee, synthetic CT',
    description:
      'Synthetic CT of a RIGHT knee (leg on the patient right, x ≈ −90 mm): distal femur with condyles, ' +
      'proximal tibia with plateau, eminence and tuberosity, fibula (lateral = −x for a right leg), patella ' +
      '(anterior = −y); cortical 1250–1500 HU, cancellous 220–260 HU, menisci 90 HU, patellar tendon 80 HU, ' +
      'Hoffa fat pad and subcutaneous fat −100 HU, muscle 40 HU, air −1000 HU; tibiofemoral joint space ' +
      '4.5 mm; noise σ 12 HU. Pixels are non-square on purpose: 1.0 mm between columns and 1.2 mm between ' +
      'rows (PixelSpacing = [1.2, 1.0]); slices 1.5 mm. Pixels stored unsigned with RescaleIntercept −1024.',
    volume,
    labels,
    segments: [
      { label: KNEE_LABELS.femur, name: 'femur', color: [255, 176, 64] },
      { label: KNEE_LABELS.tibia, name: 'tibia', color: [96, 160, 255] },
      { label: KNEE_LABELS.fibula, name: 'fibula', color: [96, 220, 190] },
      { label: KNEE_LABELS.patella, name: 'patella', color: [230, 110, 150] },
    ],
    landmarksLps: {
      medialCondyleDistal: [mc[0], mc[1], mc[2] - D.medialCondyleSemiAxesMm[2]],
      lateralCondyleDistal: [lc[0], lc[1], lc[2] - D.lateralCondyleSemiAxesMm[2]],
      // Ground truth for the femoral knee landmarks (the condyle ellipsoids' extreme points; no other
      // part of the femur reaches beyond them): posterior condyles (PCA), the most prominent medial
      // (+x) and lateral (−x) points (clinical TEA), and their midpoint (K_f, brief §4.1).
      medialCondylePosterior: [mc[0], mc[1] + D.medialCondyleSemiAxesMm[1], mc[2]],
      lateralCondylePosterior: [lc[0], lc[1] + D.lateralCondyleSemiAxesMm[1], lc[2]],
      medialEpicondyle: [mc[0] + D.medialCondyleSemiAxesMm[0], mc[1], mc[2]],
      lateralEpicondyle: [lc[0] - D.lateralCondyleSemiAxesMm[0], lc[1], lc[2]],
      femoralKneeCentre: [(mc[0] + D.medialCondyleSemiAxesMm[0] + lc[0] - D.lateralCondyleSemiAxesMm[0]) / 2, mc[1], mc[2]],
      femoralShaftAxisDistal: [X0, 5, 40],
      femoralShaftAxisProximal: [X0, 5, 100],
      tibialShaftAxisDistal: [X0, 5.5, -100],
      patellaCentre: D.patellaCentreLps,
      fibulaHeadCentre: D.fibulaHeadCentreLps,
    },
    measurementsMm: {
      tibialPlateauZ: D.plateauTopZMm,
      tibiofemoralJointSpace: mc[2] - D.medialCondyleSemiAxesMm[2] - D.plateauTopZMm,
      femoralShaftRadius: 13.5,
      tibialShaftRadius: 14,
    },
    dicom: {
      patientName: 'PHANTOM^KNEE',
      patientId: 'JUMEAU-PH-KNEE',
      seriesDescription: 'Synthetic right knee CT phantom',
      bodyPart: 'KNEE',
      patientPosition: 'FFS',
      windowCenterHu: 400,
      windowWidthHu: 1800,
      pixelEncoding: 'unsigned-offset',
    },
  };
}
