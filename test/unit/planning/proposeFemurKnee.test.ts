// Femoral knee landmarks, the femoral cut and the posterior condylar angle on the knee phantom (a RIGHT
// knee, medial = +x; exact labels, 1.0 × 1.2 × 1.5 mm voxels; the scan ends 108 mm above the condyles,
// so there is ~20 mm of shaft and no femoral head). Ground truth: the condyle ellipsoids' extreme points
// (kneePhantom.ts `landmarksLps`). Measured values are in the comments.
import { beforeAll, describe, expect, it } from 'vitest';
import type { PointLps, Vec3 } from '../../../src/core/vec3';
import { dot, sub } from '../../../src/core/vec3';
import { femoralRotationAxes } from '../../../src/planning/femoralRotation';
import { angleBetweenRad } from '../../../src/planning/geometry';
import { kneeInputsOf, proposeKneeLandmarks, type KneeLandmarkProposal } from '../../../src/planning/kneeLandmarks';
import { DEFAULT_KNEE_CUTS, kneeCutPlanes, kneeCutVolumes, type KneeCutMetrics } from '../../../src/planning/kneePlanModel';
import { correctFemurKneeLandmark, proposeFemurKneeLandmarks, type FemurKneeProposal } from '../../../src/planning/proposeFemurKnee';
import { buildKneePhantom, KNEE_LABELS } from '../../../src/samples/kneePhantom';
import type { PhantomCase } from '../../../src/samples/phantom';
import type { Labelmap } from '../../../src/segmentation/labelmap';
import { maskOfLabel } from '../../../src/segmentation/labelmap';
import { terminologyOf } from '../../../src/segmentation/terminology';
import { expectBadArgument } from '../../helpers/expectError';

const dist = (a: Vec3, b: Vec3) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

describe('femoral knee landmarks on the knee phantom (right knee)', () => {
  let c: PhantomCase;
  let f: FemurKneeProposal;
  let lm: Labelmap;
  let prop: KneeLandmarkProposal;
  let m: KneeCutMetrics;
  beforeAll(() => {
    c = buildKneePhantom();
    f = proposeFemurKneeLandmarks({ femur: maskOfLabel(c.labels, KNEE_LABELS.femur), side: 'R' });
    lm = { ...c.labels, unit: 'label', data: c.labels.data as Uint8Array, segments: [{ label: KNEE_LABELS.femur, name: 'femur right', colorRgb: [255, 176, 64], terminology: terminologyOf('femur') }, { label: KNEE_LABELS.tibia, name: 'tibia right', colorRgb: [96, 160, 255], terminology: terminologyOf('tibia') }] };
    prop = proposeKneeLandmarks(lm)!;
    m = kneeCutPlanes(kneeInputsOf(prop.side, prop.entries, prop.tibialShaftUnitLps), DEFAULT_KNEE_CUTS);
  }, 60_000);

  it('finds each landmark within 1 mm of the ground truth (measured ≤ 0.6 mm), all automatic', () => {
    const t = c.landmarksLps;
    const pairs: [keyof FemurKneeProposal['points'], string][] = [
      ['distalCondyleMedial', 'medialCondyleDistal'], ['distalCondyleLateral', 'lateralCondyleDistal'], // 0.34 / 0.35 mm
      ['posteriorCondyleMedial', 'medialCondylePosterior'], ['posteriorCondyleLateral', 'lateralCondylePosterior'], // 0.26 / 0.41 mm
      ['epicondyleMedial', 'medialEpicondyle'], ['epicondyleLateral', 'lateralEpicondyle'], ['femoralKneeCentre', 'femoralKneeCentre'], // 0.50 / 0.53 / 0.07 mm
    ];
    for (const [name, truth] of pairs) {
      expect(f.points[name], name).not.toBeNull();
      expect(dist(f.points[name]!, t[truth]), name).toBeLessThan(1);
      expect(f.sources[name]).toBe('auto');
    }
    // medial = +x for a right knee: a swapped side would put the medial condyle at x = −111
    expect(f.points.distalCondyleMedial![0]).toBeGreaterThan(f.points.distalCondyleLateral![0] + 40);
  });

  it('shaft axis from the 20 mm of shaft in the scan, within 1.5° of the true +z axis (measured 1.10°); no head, so no mechanical axis — with the reason', () => {
    expect(f.frameAxisKind).toBe('anatomical');
    expect(f.shaftAxis!.lengthMm).toBeGreaterThanOrEqual(15);
    expect((angleBetweenRad(f.shaftAxis!.unitLps, [0, 0, 1]) * 180) / Math.PI).toBeLessThan(1.5);
    expect(Math.hypot(f.points.femoralShaftAxisDistal![0] + 90, f.points.femoralShaftAxisDistal![1] - 5)).toBeLessThan(1);
    expect(f.points.femoralHeadCentre).toBeNull();
    expect(f.missing.femoralHeadCentre).toMatch(/cut by the edge of the scan 108 mm above the distal condyles.*no femoral mechanical axis/);
    expect(f.warnings.join(' ')).toMatch(/20 mm of shaft/);
  });

  it('posterior condylar angle within 1° of the truth (2.726°, measured 3.48°) and inter-epicondylar width 72 mm (truth 73)', () => {
    const t = c.landmarksLps;
    const pca = m.posteriorCondylarAngle;
    if (!pca.available) throw new Error(pca.reason);
    expect(pca.value.axisKind).toBe('anatomical');
    const truth = femoralRotationAxes({ side: 'R', hipCenterLps: [t.femoralKneeCentre[0], t.femoralKneeCentre[1], 500], femoralKneeCenterLps: t.femoralKneeCentre, posteriorCondyleMedialLps: t.medialCondylePosterior, posteriorCondyleLateralLps: t.lateralCondylePosterior, epicondyleMedialLps: t.medialEpicondyle, epicondyleLateralLps: t.lateralEpicondyle });
    expect(truth.teaExternalRotationFromPcaDeg).toBeCloseTo((Math.atan2(2, 42) * 180) / Math.PI, 9); // TEA externally rotated: normal anatomy
    expect(Math.abs(pca.value.teaExternalRotationFromPcaDeg - truth.teaExternalRotationFromPcaDeg)).toBeLessThan(1);
    expect(pca.value.teaExternalRotationFromPcaDeg).toBeGreaterThan(0); // plausibility 0–8°
    expect(pca.value.teaExternalRotationFromPcaDeg).toBeLessThan(8);
    const iew = m.interEpicondylarWidthMm;
    expect(iew.available && Math.abs(iew.value - 73)).toBeLessThan(1.5); // measured 72.0 mm
  });

  it('distal femoral cut: 9 mm above the more distal condyle, ⟂ the shaft axis turned 6° medially (⚠ default), removing 7.1 mL', () => {
    const d = m.distalFemur;
    if (!d.available) throw new Error(d.reason);
    expect(d.value.axisKind).toBe('anatomical');
    const shaftToNormal = (angleBetweenRad(d.value.plane.normalLps, f.shaftAxis!.unitLps) * 180) / Math.PI;
    expect(shaftToNormal).toBeCloseTo(6, 6);
    expect(d.value.plane.normalLps[0]).toBeGreaterThan(0); // turned toward medial (+x, right knee): the hip lies medial of the shaft
    // The phantom's joint line is ⟂ its shaft, so along the tilted axis the LATERAL condyle is the more distal.
    expect(d.value.referenceCompartment).toBe('lateral');
    expect(d.value.resectionMm.lateral).toBeCloseTo(9, 9);
    expect(d.value.resectionMm.medial).toBeGreaterThan(5); // measured 6.10 mm
    expect(d.value.resectionMm.medial).toBeLessThan(7);
    const v = kneeCutVolumes(lm, { femurLabel: KNEE_LABELS.femur, tibiaLabel: KNEE_LABELS.tibia, femurPlane: d.value.plane, tibiaPlane: m.proximalTibia.available ? m.proximalTibia.value.plane : null });
    if (!v.femur.available || !v.tibia.available) throw new Error('volumes missing');
    // Independent count: voxel centres distal of the plane × voxel volume (1.8 mm³) — within 0.3 mL of the exact split.
    const mask = maskOfLabel(c.labels, KNEE_LABELS.femur);
    let n = 0;
    const [ni, nj] = mask.size;
    for (let q = 0; q < mask.data.length; q++) {
      if (!mask.data[q]) continue;
      const p: PointLps = [mask.origin[0] + (q % ni) * mask.spacing[0], mask.origin[1] + (Math.floor(q / ni) % nj) * mask.spacing[1], mask.origin[2] + Math.floor(q / (ni * nj)) * mask.spacing[2]];
      if (dot(sub(p, d.value.plane.pointLps), d.value.plane.normalLps) < 0) n++;
    }
    expect(Math.abs(v.femur.value.resectedMl - (n * 1.8) / 1000)).toBeLessThan(0.3);
    expect(v.femur.value.resectedMl).toBeGreaterThan(5); // measured 7.11 mL (the distal caps of both condyles)
    expect(v.femur.value.resectedMl).toBeLessThan(10);
    expect(v.femur.value.resectedMl + v.femur.value.remnantMl).toBeCloseTo(v.femur.value.totalMl, 9);
    expect(v.tibia.value.resectedMl).toBeGreaterThan(25); // measured 30.78 mL
    expect(v.tibia.value.resectedMl).toBeLessThan(36);
  });

  it('HKA is missing with the landmarks it needs; the resected extension gap is measured between the cuts', () => {
    expect(m.hka).toEqual({ available: false, reason: 'landmarks femoralHeadCentreRight, ankleCentreRight missing' });
    const g = m.extensionGapMm;
    if (!g.available) throw new Error(g.reason);
    // joint space 4.5 mm + femoral 6.1 / 9 + tibial 8.7 / 9 (± the tilt of the axes): measured 19.6 / 24.4 mm
    expect(g.value.medial).toBeGreaterThan(17);
    expect(g.value.lateral).toBeGreaterThan(g.value.medial);
    expect(g.value.lateral).toBeLessThan(27);
  });

  it('bad input: a typed value out of range names its field; a swapped hand correction is refused; a hand correction is manual', () => {
    expectBadArgument(() => kneeCutPlanes(kneeInputsOf('R', prop.entries, prop.tibialShaftUnitLps), { ...DEFAULT_KNEE_CUTS, tibia: { ...DEFAULT_KNEE_CUTS.tibia, depthMm: 45 } }), 'tibia.depthMm');
    expectBadArgument(() => kneeCutPlanes(kneeInputsOf('R', prop.entries, prop.tibialShaftUnitLps), { ...DEFAULT_KNEE_CUTS, femur: { ...DEFAULT_KNEE_CUTS.femur, valgusAngleDeg: Number.NaN } }), 'femur.valgusAngleDeg');
    expectBadArgument(() => correctFemurKneeLandmark(f, 'epicondyleMedial', [-140, 10, 24]), 'epicondyleMedialLps');
    const g = correctFemurKneeLandmark(f, 'femoralKneeCentre', [-90, 12, 25]);
    expect(g.sources.femoralKneeCentre).toBe('manual');
    expect(g.methods.femoralKneeCentre).toBe('placed by hand');
    expect(f.sources.femoralKneeCentre).toBe('auto');
  });
});
