/**
 * Liver phantom: portal-venous-phase abdominal CT with the liver on the patient's RIGHT (−x in LPS),
 * a branching portal vein tree entering at the hilum, three hepatic veins draining into the IVC,
 * two hypodense tumours, plus unlabelled spleen (left), stomach with an air cap, kidneys, aorta,
 * IVC, spine and ribs. 1.5 × 1.5 × 2 mm voxels.
 */
import type { PointLps, Vec3 } from '../core/vec3';
import type { PhantomCase, PhantomOptions } from './phantom';
import { TISSUE_HU, paintBone } from './phantom';
import { conePart, tubePart } from './parts';
import { createCanvas, finishCanvas, gridCovering, paintLayer } from './rasterize';
import { cappedCylinder, ellipsoid, ellipticPrismZ, halfSpace, intersect, sphere, tube, union } from './sdf';

/** Labels of the liver phantom. */
export const LIVER_LABELS = { liver: 1, portalVein: 2, hepaticVein: 3, tumour1: 4, tumour2: 5 } as const;

/** A vessel branch: polyline (LPS mm) with a radius per vertex (mm). */
interface Branch {
  points: PointLps[];
  radiiMm: number[];
}

/** Portal vein tree: main trunk from below the liver to the hilum, then right and left systems. */
const PORTAL_BRANCHES: Branch[] = [
  { points: [[-5, 25, -60], [-18, 18, -35], [-30, 10, -12]], radiiMm: [7, 7, 6.5] },
  { points: [[-30, 10, -12], [-55, 8, -5]], radiiMm: [5.5, 5] },
  { points: [[-55, 8, -5], [-75, -20, 5], [-80, -30, 35]], radiiMm: [4, 3.5, 2.5] },
  { points: [[-75, -20, 5], [-85, -35, -25]], radiiMm: [3, 2.5] },
  { points: [[-55, 8, -5], [-85, 30, -2], [-95, 35, 30]], radiiMm: [4, 3.5, 2.5] },
  { points: [[-85, 30, -2], [-95, 32, -28]], radiiMm: [3, 2.5] },
  { points: [[-30, 10, -12], [-5, -5, -5], [15, -25, 5]], radiiMm: [5, 4.5, 4.5] },
  { points: [[15, -25, 5], [48, -8, 22]], radiiMm: [3, 2.5] },
  { points: [[15, -25, 5], [55, -35, 20]], radiiMm: [3, 2.5] },
  { points: [[15, -25, 5], [0, -45, 15]], radiiMm: [3, 2.5] },
];

/** Hepatic veins: right, middle and left, from the IVC confluence at the dome to the periphery. */
const HEPATIC_BRANCHES: Branch[] = [
  { points: [[-22, 50, 50], [-60, 35, 35], [-95, 15, 15], [-110, 0, -15]], radiiMm: [6, 5, 4, 2.5] },
  { points: [[-22, 50, 50], [-35, 10, 40], [-45, -30, 15], [-50, -50, -15]], radiiMm: [5.5, 5, 3.5, 2.5] },
  { points: [[-22, 50, 50], [0, 25, 45], [25, 0, 40], [50, -20, 32]], radiiMm: [5, 4.5, 3, 2] },
];

/** Design constants of the liver phantom (mm, HU). */
export const LIVER_DESIGN = {
  liverHu: 105,
  portalHu: 190,
  hepaticHu: 175,
  aortaHu: 190,
  ivcHu: 170,
  tumour1Hu: 50,
  tumour2Hu: 45,
  tumour1CentreLps: [-88, -5, -28] as PointLps,
  tumour1SemiAxesMm: [18, 15, 14] as Vec3,
  tumour2CentreLps: [30.4, -30.3, 42.5] as PointLps,
  tumour2RadiusMm: 9,
  portalHilumLps: [-30, 10, -12] as PointLps,
  hepaticConfluenceLps: [-22, 50, 50] as PointLps,
  spacingMm: [1.5, 1.5, 2] as Vec3,
  fieldMinLps: [-158, -108, -75] as Vec3,
  fieldMaxLps: [158, 128, 85] as Vec3,
} as const;

/** The liver: right lobe, left lobe and a posterior-superior bridge around the IVC. */
/** The liver's shape: the union of these ellipsoids (centre, semi-axes; LPS mm) — ground truth for tests. */
export const LIVER_SHAPE_ELLIPSOIDS: readonly (readonly [PointLps, Vec3])[] = [
  [[-60, 0, 5], [66, 70, 62]],
  [[30, -25, 28], [55, 32, 32]],
  [[-20, 28, 38], [32, 28, 26]],
];

/**
 * The portal tree's seven leaf branches (polylines, LPS mm, as painted above), each with the territory
 * label it feeds in the phantom's design, named after the Couinaud segment it imitates (a design
 * assignment for testing territories, not anatomy).
 */
export const LIVER_PORTAL_LEAF_BRANCHES: readonly { label: number; name: string; pointsLps: PointLps[] }[] = [
  { label: 8, name: 'S8', pointsLps: [PORTAL_BRANCHES[2].points[1], PORTAL_BRANCHES[2].points[2]] },
  { label: 5, name: 'S5', pointsLps: PORTAL_BRANCHES[3].points },
  { label: 7, name: 'S7', pointsLps: [PORTAL_BRANCHES[4].points[1], PORTAL_BRANCHES[4].points[2]] },
  { label: 6, name: 'S6', pointsLps: PORTAL_BRANCHES[5].points },
  { label: 2, name: 'S2', pointsLps: PORTAL_BRANCHES[7].points },
  { label: 3, name: 'S3', pointsLps: PORTAL_BRANCHES[8].points },
  { label: 4, name: 'S4', pointsLps: PORTAL_BRANCHES[9].points },
];

function liverShape() {
  return union(...LIVER_SHAPE_ELLIPSOIDS.map(([c, r]) => ellipsoid(c, r)));
}

function paintVessels(canvas: ReturnType<typeof createCanvas>, branches: Branch[], hu: number, label: number): void {
  for (const b of branches) paintLayer(canvas, tube(b.points, b.radiiMm), { hu, label });
}

/** Body wall, spine, ribs and the unlabelled organs around the liver. */
function paintSurroundings(canvas: ReturnType<typeof createCanvas>): void {
  paintLayer(canvas, ellipticPrismZ(0, 10, 155, 115), { hu: TISSUE_HU.fat });
  paintLayer(canvas, ellipticPrismZ(0, 10, 140, 100), { hu: TISSUE_HU.muscle });
  paintLayer(canvas, ellipticPrismZ(0, 10, 128, 88), { hu: -60 }); // visceral fat and bowel
  const bone = { corticalHu: 900, cancellousHu: 180 };
  for (const s of [1, -1]) {
    for (let n = 0; n < 4; n++) {
      const z0 = 70 - 22 * n;
      const points: PointLps[] = [];
      for (let deg = 25; deg <= 125; deg += 12.5) {
        const t = (deg * Math.PI) / 180;
        points.push([s * 134 * Math.sin(t), 10 + 94 * Math.cos(t), z0 - (35 * (deg - 25)) / 100]);
      }
      paintBone(canvas, [{ part: tubePart(points, 4.5), cortexMm: 1.5 }], bone, undefined);
    }
  }
  paintLayer(canvas, cappedCylinder([0, 72, -90], [0, 72, 100], 19), { hu: 80 }); // discs
  for (let zc = -60; zc <= 90; zc += 30) {
    paintBone(canvas, [{ part: conePart([0, 72, zc - 12], [0, 72, zc + 12], 19), cortexMm: 1.5 }], bone, undefined);
    paintBone(canvas, [{ part: tubePart([[0, 88, zc], [0, 106, zc - 8]], 4.5), cortexMm: 1.5 }], bone, undefined);
  }
  paintLayer(canvas, cappedCylinder([20, 45, -90], [20, 45, 100], 11), { hu: LIVER_DESIGN.aortaHu });
  paintLayer(canvas, ellipsoid([-65, 55, -50], [25, 20, 45]), { hu: 160 }); // right kidney
  paintLayer(canvas, ellipsoid([65, 55, -40], [25, 20, 45]), { hu: 160 }); // left kidney
  paintLayer(canvas, ellipsoid([85, 48, 30], [22, 38, 45]), { hu: 115 }); // spleen
  paintLayer(canvas, ellipsoid([60, -5, 35], [38, 30, 32]), { hu: 25 }); // stomach
  paintLayer(canvas, intersect(ellipsoid([60, -5, 35], [36, 28, 30]), halfSpace([0, -20, 0], [0, 1, 0])), {
    hu: TISSUE_HU.air,
  });
}

/**
 * Builds the liver phantom (≈ 2.7 M voxels). Deterministic for a given seed.
 * @param options - noise seed and σ (HU)
 */
export function buildLiverPhantom(options: PhantomOptions = {}): PhantomCase {
  const D = LIVER_DESIGN;
  const grid = gridCovering(D.fieldMinLps, D.fieldMaxLps, D.spacingMm);
  const canvas = createCanvas(grid, TISSUE_HU.air);
  paintSurroundings(canvas);
  paintLayer(canvas, liverShape(), { hu: D.liverHu, label: LIVER_LABELS.liver });
  paintVessels(canvas, PORTAL_BRANCHES, D.portalHu, LIVER_LABELS.portalVein);
  paintVessels(canvas, HEPATIC_BRANCHES, D.hepaticHu, LIVER_LABELS.hepaticVein);
  paintLayer(canvas, cappedCylinder([-22, 50, -90], [-22, 50, 100], 11), { hu: D.ivcHu, label: 0 });
  paintLayer(canvas, ellipsoid(D.tumour1CentreLps, D.tumour1SemiAxesMm), { hu: D.tumour1Hu, label: LIVER_LABELS.tumour1 });
  paintLayer(canvas, sphere(D.tumour2CentreLps, D.tumour2RadiusMm), { hu: D.tumour2Hu, label: LIVER_LABELS.tumour2 });

  const { volume, labels } = finishCanvas(canvas, { noiseSigmaHu: options.noiseSigmaHu ?? 12, seed: options.seed ?? 0x11e });
  return {
    name: 'liver',
    title: 'Liver with two tumours, synthetic portal-venous CT',
    description:
      'Synthetic portal-venous-phase abdominal CT: liver 105 HU on the patient RIGHT (−x in LPS) with a ' +
      'branching portal vein tree (190 HU, 2.5–7 mm radius, entering at the hilum) and right, middle and left ' +
      'hepatic veins (175 HU) draining into the IVC (170 HU, unlabelled); tumour 1 (50 HU, ellipsoid ' +
      '18 × 15 × 14 mm semi-axes, right lobe) and tumour 2 (45 HU, sphere of radius 9 mm, left lobe); ' +
      'unlabelled spleen (left), stomach with an anterior air cap, kidneys, aorta, spine and ribs; ' +
      'subcutaneous fat −100 HU, visceral fat −60 HU, muscle 40 HU; noise σ 12 HU.',
    volume,
    labels,
    segments: [
      { label: LIVER_LABELS.liver, name: 'liver', color: [200, 110, 80] },
      { label: LIVER_LABELS.portalVein, name: 'portal vein', color: [70, 110, 255] },
      { label: LIVER_LABELS.hepaticVein, name: 'hepatic vein', color: [80, 220, 255] },
      { label: LIVER_LABELS.tumour1, name: 'tumour 1', color: [255, 220, 60] },
      { label: LIVER_LABELS.tumour2, name: 'tumour 2', color: [255, 140, 0] },
    ],
    landmarksLps: {
      portalHilum: D.portalHilumLps,
      hepaticVeinConfluence: D.hepaticConfluenceLps,
      tumour1Centre: D.tumour1CentreLps,
      tumour2Centre: D.tumour2CentreLps,
    },
    measurementsMm: {
      tumour1SemiAxisX: D.tumour1SemiAxesMm[0],
      tumour1SemiAxisY: D.tumour1SemiAxesMm[1],
      tumour1SemiAxisZ: D.tumour1SemiAxesMm[2],
      tumour2Radius: D.tumour2RadiusMm,
    },
    dicom: {
      patientName: 'PHANTOM^LIVER',
      patientId: 'JUMEAU-PH-LIVER',
      seriesDescription: 'Synthetic liver CT phantom, portal venous phase',
      bodyPart: 'ABDOMEN',
      patientPosition: 'HFS',
      windowCenterHu: 60,
      windowWidthHu: 400,
      pixelEncoding: 'signed',
    },
  };
}
