/**
 * Hip phantom: pelvis (two hip bones with acetabula, sacrum) and both proximal femurs in soft
 * tissue and fat, axial CT of 1.5 × 1.5 × 2 mm. Origin of the design: midway between the femoral
 * head centres, which lie at x = ∓80 mm (patient right = −x in LPS).
 *
 * Deliberate asymmetry: the LEFT femoral head (+x) has radius 24.5 mm, the right one 22 mm
 * (acetabula sized to match, same 2.5 mm joint space), and a 4 mm dense skin marker bead
 * (2500 HU, unlabelled) sits on the patient's LEFT flank. A left/right flip moves both to −x.
 */
import type { PointLps, Vec3 } from '../core/vec3';
import { normalize } from '../core/vec3';
import type { BonePart, HoleFactory, PhantomCase, PhantomOptions } from './phantom';
import { TISSUE_HU, along, paintBone } from './phantom';
import { conePart, ellipsoidPart, sphericalCapPart, spherePart, tubePart } from './parts';
import { createCanvas, finishCanvas, gridCovering, gridOfSize, paintLayer } from './rasterize';
import { ellipticPrismZ, frameFrom, sphere, union } from './sdf';

/** Labels of the hip phantom. */
export const HIP_LABELS = { femurLeft: 1, femurRight: 2, hipLeft: 3, hipRight: 4, sacrum: 5 } as const;

/** Design constants of the hip phantom (mm, HU). */
export const HIP_DESIGN = {
  headCentreXMm: 80,
  headRadiusLeftMm: 24.5,
  headRadiusRightMm: 22,
  jointSpaceMm: 2.5,
  acetabularWallMm: 6,
  neckLengthMm: 48,
  neckRadiusMm: 15,
  shaftRadiusMm: 14,
  shaftCortexMm: 5.5,
  canalRadiusMm: 8.5,
  headCortexMm: 2,
  femurHu: { corticalHu: 1600, cancellousHu: 260 },
  hipBoneHu: { corticalHu: 1400, cancellousHu: 220 },
  sacrumHu: { corticalHu: 1300, cancellousHu: 200 },
  markerBeadHu: 2500,
  markerBeadRadiusMm: 4,
  spacingMm: [1.5, 1.5, 2] as Vec3,
  fieldMinLps: [-171, -95, -110] as Vec3,
  fieldMaxLps: [171, 115, 104] as Vec3,
} as const;

interface FemurGeometry {
  headCentre: PointLps;
  headRadiusMm: number;
  neckJunction: PointLps;
  shaftDown: Vec3;
}

/** Femur geometry of one side (s = +1 left, −1 right). */
function femurGeometry(s: number): FemurGeometry {
  const D = HIP_DESIGN;
  const headCentre: PointLps = [s * D.headCentreXMm, 0, 0];
  // Neck–shaft angle 130°, anteversion 15°: the neck points medial, anterior and superior to the head.
  const toHead = normalize([-s * Math.sin((50 * Math.PI) / 180) * Math.cos((15 * Math.PI) / 180), -Math.sin((50 * Math.PI) / 180) * Math.sin((15 * Math.PI) / 180), Math.cos((50 * Math.PI) / 180)]);
  const neckJunction = along(headCentre, toHead, -D.neckLengthMm);
  const shaftDown = normalize([-s * 0.1, 0, -1]); // anatomical axis ≈ 6° from vertical, distal end medial
  const headRadiusMm = s > 0 ? D.headRadiusLeftMm : D.headRadiusRightMm;
  return { headCentre, headRadiusMm, neckJunction, shaftDown };
}

function femurParts(g: FemurGeometry, s: number): BonePart[] {
  const D = HIP_DESIGN;
  const J = g.neckJunction;
  const d = g.shaftDown;
  const lateral: Vec3 = [s, 0, 0];
  return [
    { part: spherePart(g.headCentre, g.headRadiusMm), cortexMm: D.headCortexMm },
    { part: conePart(g.headCentre, J, D.neckRadiusMm), cortexMm: 2.5 },
    { part: conePart(along(J, d, -15), along(J, d, 55), 20, 14.5), cortexMm: 2.5 },
    { part: ellipsoidPart(along(along(J, lateral, 10), [0, 8, 18], 1), [13, 17, 20]), cortexMm: 2 },
    { part: ellipsoidPart(along(along(J, d, 35), [-s * 13, 9, 0], 1), [9, 9, 11]), cortexMm: 2 },
    { part: conePart(along(J, d, 40), along(J, d, 230), D.shaftRadiusMm), cortexMm: D.shaftCortexMm },
  ];
}

/** Direction the acetabulum opens to: lateral, anterior and inferior (≈ 45° inclination). */
function acetabularOpening(s: number): Vec3 {
  return normalize([s * 0.7, -0.25, -0.67]);
}

function hipBoneParts(g: FemurGeometry, s: number): BonePart[] {
  const D = HIP_DESIGN;
  const cupRadius = g.headRadiusMm + D.jointSpaceMm + D.acetabularWallMm;
  const wing = frameFrom([-s * 0.504, 0.864, 0], [s * 0.35, 0, 1]);
  return [
    { part: sphericalCapPart(g.headCentre, cupRadius, acetabularOpening(s), 0), cortexMm: 2 },
    { part: ellipsoidPart([s * 72, 14, 24], [18, 22, 24]), cortexMm: 2.5 },
    { part: ellipsoidPart([s * 78, 12, 55], [70, 45, 8], wing), cortexMm: 2 },
    { part: tubePart([[s * 80, 16, -18], [s * 66, 28, -52]], [13, 11]), cortexMm: 2.5 },
    { part: tubePart([[s * 66, 26, -56], [s * 40, -10, -58], [s * 14, -44, -42]], 7), cortexMm: 2 },
    { part: tubePart([[s * 72, -14, -10], [s * 40, -40, -22], [s * 11, -50, -32]], [10, 8.5, 8.5]), cortexMm: 2 },
    { part: ellipsoidPart([s * 12, -48, -37], [8.5, 9, 13]), cortexMm: 2 },
  ];
}

/** Sacrum parts (upper body with alae, lower segments), tilted so the base is anterior. */
function sacrumParts(): BonePart[] {
  const frame = frameFrom([1, 0, 0], [0, 0.894, 0.447]);
  return [
    { part: ellipsoidPart([0, 48, 50], [48, 20, 30], frame), cortexMm: 2 },
    { part: ellipsoidPart([0, 68, 10], [26, 13, 32], frame), cortexMm: 2 },
  ];
}

/**
 * Builds the hip phantom (≈ 3.5 M voxels). Deterministic for a given seed.
 * @param options - noise seed and σ (HU); `gridSize` for a finer, benchmark-sized grid
 */
export function buildHipPhantom(options: PhantomOptions = {}): PhantomCase {
  const D = HIP_DESIGN;
  const grid = options.gridSize ? gridOfSize(D.fieldMinLps, D.fieldMaxLps, options.gridSize) : gridCovering(D.fieldMinLps, D.fieldMaxLps, D.spacingMm);
  const canvas = createCanvas(grid, TISSUE_HU.air);
  const fatMm = 14;
  // Trunk down to the groin, then two thighs; painted piecewise (same HU, so the union is exact
  // except in voxels crossed by two surfaces) because one shape per layer is cheaper to sample.
  const body = (inset: number) => [
    ellipticPrismZ(0, 10, 165 - inset, 100 - inset, -62, Infinity),
    ellipticPrismZ(82, 12, 80 - inset, 95 - inset, -Infinity, -30),
    ellipticPrismZ(-82, 12, 80 - inset, 95 - inset, -Infinity, -30),
  ];
  for (const piece of body(0)) paintLayer(canvas, piece, { hu: TISSUE_HU.fat });
  for (const piece of body(fatMm)) paintLayer(canvas, piece, { hu: TISSUE_HU.muscle });
  paintLayer(canvas, ellipsoidPart([0, -30, -15], [35, 28, 30])(0), { hu: TISSUE_HU.fluid });

  const sacrum = sacrumParts();
  paintBone(canvas, sacrum, D.sacrumHu, HIP_LABELS.sacrum);
  const sacrumGrown: HoleFactory = (grow) => union(...sacrum.map((p) => p.part(-(D.jointSpaceMm + grow))));
  const landmarksLps: Record<string, PointLps> = {};
  for (const s of [1, -1]) {
    const side = s > 0 ? 'Left' : 'Right';
    const g = femurGeometry(s);
    const cavity: HoleFactory = (grow) => sphere(g.headCentre, g.headRadiusMm + D.jointSpaceMm + grow);
    paintBone(canvas, hipBoneParts(g, s), D.hipBoneHu, s > 0 ? HIP_LABELS.hipLeft : HIP_LABELS.hipRight, [cavity, sacrumGrown]);
    paintBone(canvas, femurParts(g, s), D.femurHu, s > 0 ? HIP_LABELS.femurLeft : HIP_LABELS.femurRight);
    const d = g.shaftDown;
    paintLayer(canvas, conePart(along(g.neckJunction, d, 75), along(g.neckJunction, d, 230), D.canalRadiusMm)(0), {
      hu: TISSUE_HU.marrow,
    });
    landmarksLps[`femoralHeadCentre${side}`] = g.headCentre;
    landmarksLps[`femoralNeckJunction${side}`] = g.neckJunction;
    landmarksLps[`femoralShaftAxisDistal${side}`] = along(g.neckJunction, d, 70);
  }
  const beadCentre: PointLps = [166, 10, 40];
  paintLayer(canvas, sphere(beadCentre, D.markerBeadRadiusMm), { hu: D.markerBeadHu });
  landmarksLps.markerBeadLeft = beadCentre;

  const { volume, labels } = finishCanvas(canvas, { noiseSigmaHu: options.noiseSigmaHu ?? 12, seed: options.seed ?? 0x41b });
  return {
    name: 'hip',
    title: 'Hip (pelvis and proximal femurs), synthetic CT',
    description:
      'Synthetic pelvis CT: two hip bones with acetabula, sacrum and both proximal femurs (head, neck, ' +
      'trochanters, shaft with marrow canal); cortical shell 1300–1600 HU over cancellous bone 200–260 HU, ' +
      'muscle 40 HU, fat −100 HU, bladder 5 HU, air −1000 HU; 2.5 mm hip joint spaces; noise σ 12 HU. ' +
      'Deliberate asymmetry for orientation checks: the LEFT femoral head (patient left, +x in LPS) has radius ' +
      '24.5 mm versus 22 mm on the right, and a dense 4 mm marker bead (2500 HU, unlabelled) lies on the skin ' +
      'of the LEFT flank.',
    volume,
    labels,
    segments: [
      { label: HIP_LABELS.femurLeft, name: 'femur left', color: [255, 176, 64] },
      { label: HIP_LABELS.femurRight, name: 'femur right', color: [250, 226, 110] },
      { label: HIP_LABELS.hipLeft, name: 'hip bone left', color: [96, 160, 255] },
      { label: HIP_LABELS.hipRight, name: 'hip bone right', color: [96, 220, 190] },
      { label: HIP_LABELS.sacrum, name: 'sacrum', color: [200, 120, 220] },
    ],
    landmarksLps,
    measurementsMm: {
      femoralHeadRadiusLeft: D.headRadiusLeftMm,
      femoralHeadRadiusRight: D.headRadiusRightMm,
      hipJointSpace: D.jointSpaceMm,
      femoralShaftRadius: D.shaftRadiusMm,
      femoralShaftCortex: D.shaftCortexMm,
      femoralCanalRadius: D.canalRadiusMm,
    },
    dicom: {
      patientName: 'PHANTOM^HIP',
      patientId: 'JUMEAU-PH-HIP',
      seriesDescription: 'Synthetic hip CT phantom',
      bodyPart: 'HIP',
      patientPosition: 'FFS',
      windowCenterHu: 400,
      windowWidthHu: 1800,
      pixelEncoding: 'signed',
    },
  };
}
