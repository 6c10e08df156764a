/**
 * HIP-12 and KNEE-06: mirroring every input through x → −x and setting side = 'L' gives identical
 * angles, limits, offsets and labels (1e-9). A mirrored right ASIS is the left ASIS, so the APP
 * landmarks swap their labels; everything else keeps its name (medial stays medial).
 */
import { describe, expect, it } from 'vitest';
import { hip07Input, hip10Input } from './planFixtures';
import type { PointLps, Vec3 } from '../../../src/core/vec3';
import type { CupAngleDefinition } from '../../../src/planning/cupAngles';
import { cupAnglesFromFrameAxis, cupOrientation } from '../../../src/planning/cupAngles';
import { femoralRotationAxes } from '../../../src/planning/femoralRotation';
import { femoralVersion } from '../../../src/planning/femoralVersion';
import { mirrorX as m } from '../../../src/planning/geometry';
import { prostheticImpingementRom } from '../../../src/planning/impingement';
import { coronalJointLineAngles, hipKneeAnkle } from '../../../src/planning/kneeAlignment';
import { distalFemoralResection, proximalTibialResection } from '../../../src/planning/kneeResection';
import { legLengthAndOffsetChange } from '../../../src/planning/legLength';
import { anteriorPelvicPlaneFrame, directionPelvicToLps, functionalCupAngles } from '../../../src/planning/pelvicFrame';
import { checkCupSafeZone } from '../../../src/planning/safeZone';
import { fitSphere } from '../../../src/planning/sphereFit';
import { mulberry32 } from '../../../src/samples/random';

const TOL = 1e-9;
const same = (a: number | null, b: number | null) => {
  if (a === null || b === null) return expect(a).toBe(b);
  expect(Math.abs(a - b)).toBeLessThan(TOL);
};
const DEFS: CupAngleDefinition[] = ['radiographic', 'operative', 'anatomic'];

describe('HIP-12 left/right symmetry', () => {
  it('HIP-01/02/05: cup angles of the mirrored axis with side L are identical in every definition', () => {
    for (const [ri, ra] of [[40, 15], [45, 20], [30, 5], [50, 25], [40, 0], [52, 15], [40, 4.9]]) {
      const right = cupOrientation({ definition: 'radiographic', inclinationDeg: ri, anteversionDeg: ra }, 'R');
      const left = cupOrientation({ definition: 'radiographic', inclinationDeg: ri, anteversionDeg: ra }, 'L');
      expect(left.cupAxisApp).toEqual(m(right.cupAxisApp));
      for (const d of DEFS) {
        const r = cupAnglesFromFrameAxis(right.cupAxisApp, 'R', d);
        const l = cupAnglesFromFrameAxis(m(right.cupAxisApp), 'L', d);
        same(l.inclinationDeg, r.inclinationDeg);
        same(l.anteversionDeg, r.anteversionDeg);
        expect(checkCupSafeZone(l).inside).toBe(checkCupSafeZone(r).inside);
      }
    }
  });

  it('HIP-03/04: mirrored pelvis (ASIS/tubercle labels swap) gives the same tilt and functional angles', () => {
    const right = {
      rightAsisLps: [-120, -20, 900] as Vec3,
      leftAsisLps: [120, -20, 900] as Vec3,
      rightPubicTubercleLps: [-25, -35, 820] as Vec3,
      leftPubicTubercleLps: [25, -35, 820] as Vec3,
    };
    const mirrored = {
      rightAsisLps: m(right.leftAsisLps),
      leftAsisLps: m(right.rightAsisLps),
      rightPubicTubercleLps: m(right.leftPubicTubercleLps),
      leftPubicTubercleLps: m(right.rightPubicTubercleLps),
    };
    const fr = anteriorPelvicPlaneFrame(right);
    const fl = anteriorPelvicPlaneFrame(mirrored);
    same(fl.pelvicTiltDeg, fr.pelvicTiltDeg);
    const nR = cupOrientation({ definition: 'radiographic', inclinationDeg: 40, anteversionDeg: 15 }, 'R').cupAxisApp;
    const nL = cupOrientation({ definition: 'radiographic', inclinationDeg: 40, anteversionDeg: 15 }, 'L').cupAxisApp;
    const sR = cupAnglesFromFrameAxis(directionPelvicToLps(nR, fr), 'R', 'radiographic');
    const sL = cupAnglesFromFrameAxis(directionPelvicToLps(nL, fl), 'L', 'radiographic');
    same(sL.inclinationDeg, sR.inclinationDeg);
    same(sL.anteversionDeg, sR.anteversionDeg);
    for (const tilt of [-10, -5, 5, 10, 20]) {
      const a = functionalCupAngles(nR, 'R', tilt);
      const b = functionalCupAngles(nL, 'L', tilt);
      same(b.inclinationDeg, a.inclinationDeg);
      same(b.anteversionDeg, a.anteversionDeg);
    }
  });

  it('HIP-06: the sphere fit of mirrored points is the mirrored sphere', () => {
    const random = mulberry32(12);
    const pts: PointLps[] = Array.from({ length: 200 }, () => {
      const z = 1 - random() * (1 - Math.cos(Math.PI / 4));
      const phi = 2 * Math.PI * random();
      const s = Math.sqrt(1 - z * z);
      return [-90 + 24 * s * Math.cos(phi) + 0.2 * (random() - 0.5), 10 + 24 * s * Math.sin(phi), 850 + 24 * z];
    });
    const a = fitSphere(pts);
    const b = fitSphere(pts.map(m));
    m(a.centerLps).forEach((c, n) => same(b.centerLps[n], c));
    same(b.radiusMm, a.radiusMm);
    same(b.rmsResidualMm, a.rmsResidualMm);
  });

  it('HIP-07: femoral version of the mirrored femur', () => {
    const input = hip07Input();
    const r = femoralVersion(input);
    const l = femoralVersion({
      side: 'L',
      headCenterLps: m(input.headCenterLps),
      neckBaseLps: m(input.neckBaseLps),
      referenceAxis: { kind: 'mechanical', proximalLps: m(input.referenceAxis.proximalLps), distalLps: m(input.referenceAxis.distalLps) },
      posteriorCondyleMedialLps: m(input.posteriorCondyleMedialLps),
      posteriorCondyleLateralLps: m(input.posteriorCondyleLateralLps),
    });
    same(l.versionDeg, r.versionDeg);
    expect(Math.abs(l.versionDeg - 12.141)).toBeLessThan(0.005);
  });

  it('HIP-09: ROM limits of a left hip equal the right hip (all six cases)', () => {
    const rows = [
      [40, 15, 15, 135, 16, 6],
      [40, 15, 15, 135, 14, 6],
      [40, 15, 15, 135, 18, 6],
      [45, 20, 10, 130, 16, 6.5],
      [40, 5, 5, 135, 16, 6],
      [50, 25, 15, 135, 16, 6],
    ];
    for (const [ri, ra, av, ccd, R, r] of rows) {
      const base = { cup: { definition: 'radiographic' as const, inclinationDeg: ri, anteversionDeg: ra }, stemAnteversionDeg: av, ccdDeg: ccd, headRadiusMm: R, neckRadiusMm: r };
      const a = prostheticImpingementRom({ ...base, side: 'R' });
      const b = prostheticImpingementRom({ ...base, side: 'L' });
      same(b.neutralAngleDeg, a.neutralAngleDeg);
      same(b.alphaMaxDeg, a.alphaMaxDeg);
      for (const k of Object.keys(a.limits) as (keyof typeof a.limits)[]) same(b.limits[k], a.limits[k]);
    }
  });

  it('HIP-10: leg length and offsets of the mirrored plan', () => {
    const input = hip10Input();
    const a = legLengthAndOffsetChange(input);
    // The pelvic X axis still points to the patient's left (+x): it is a frame axis, not a landmark.
    const b = legLengthAndOffsetChange({
      ...input,
      side: 'L',
      nativeCorLps: m(input.nativeCorLps),
      plannedCorLps: m(input.plannedCorLps),
      shaftAxis: { pointMm: m(input.shaftAxis.pointMm), directionProximal: m(input.shaftAxis.directionProximal) },
      nativeHeadCenterFemurMm: m(input.nativeHeadCenterFemurMm),
      plannedHeadCenterFemurMm: m(input.plannedHeadCenterFemurMm),
    });
    for (const k of Object.keys(a) as (keyof typeof a)[]) {
      if (typeof a[k] === 'number') same(b[k] as number, a[k] as number);
      else expect(b[k]).toBe(a[k]);
    }
    same(b.globalOffsetMm, 1);
  });
});

describe('KNEE-06 left-leg mirror', () => {
  const H: Vec3 = [-90, 0, 850];
  const K: Vec3 = [-95, 0, 420];
  const A: Vec3 = [-85, 0, 0];

  it('KNEE-01: same HKA, deviation and varus label', () => {
    const r = hipKneeAnkle({ side: 'R', hipCenterLps: H, kneeCenterLps: K, ankleCenterLps: A });
    const l = hipKneeAnkle({ side: 'L', hipCenterLps: m(H), kneeCenterLps: m(K), ankleCenterLps: m(A) });
    same(l.hkaDeg, r.hkaDeg);
    same(l.coronalHkaDeg, r.coronalHkaDeg);
    same(l.signedDeviationDeg, r.signedDeviationDeg);
    same(l.kneeLateralOffsetMm, r.kneeLateralOffsetMm);
    expect(l.alignment).toBe('varus');
    const jr = { side: 'R' as const, hipCenterLps: H, femoralKneeCenterLps: K, distalCondyleMedialLps: [-72, 5, 398] as Vec3, distalCondyleLateralLps: [-118, 5, 401] as Vec3, tibialKneeCenterLps: [-95, 0, 415] as Vec3, ankleCenterLps: A, plateauMedialLps: [-75, 5, 410] as Vec3, plateauLateralLps: [-115, 5, 414] as Vec3 };
    const a = coronalJointLineAngles(jr);
    const b = coronalJointLineAngles({
      side: 'L', hipCenterLps: m(H), femoralKneeCenterLps: m(K), distalCondyleMedialLps: m(jr.distalCondyleMedialLps), distalCondyleLateralLps: m(jr.distalCondyleLateralLps),
      tibialKneeCenterLps: m(jr.tibialKneeCenterLps), ankleCenterLps: m(A), plateauMedialLps: m(jr.plateauMedialLps), plateauLateralLps: m(jr.plateauLateralLps),
    });
    same(b.mLdfaDeg, a.mLdfaDeg);
    same(b.mptaDeg, a.mptaDeg);
  });

  it('KNEE-02/03: same resections, also with varus/valgus and slope', () => {
    for (const varusValgusDeg of [0, 2, -3]) {
      const fr = distalFemoralResection({ side: 'R', hipCenterLps: H, femoralKneeCenterLps: K, distalCondyleMedialLps: [-72, 5, 398], distalCondyleLateralLps: [-118, 5, 401], varusValgusDeg });
      const fl = distalFemoralResection({ side: 'L', hipCenterLps: m(H), femoralKneeCenterLps: m(K), distalCondyleMedialLps: m([-72, 5, 398]), distalCondyleLateralLps: m([-118, 5, 401]), varusValgusDeg });
      same(fl.resectionMm.medial, fr.resectionMm.medial);
      same(fl.resectionMm.lateral, fr.resectionMm.lateral);
      m(fr.plane.normalLps).forEach((c, n) => same(fl.plane.normalLps[n], c));
      const tr = proximalTibialResection({ side: 'R', ankleCenterLps: A, tibialKneeCenterLps: [-95, 0, 415], plateauMedialLps: [-75, 5, 410], plateauLateralLps: [-115, 5, 414], posteriorSlopeDeg: 3, varusValgusDeg });
      const tl = proximalTibialResection({ side: 'L', ankleCenterLps: m(A), tibialKneeCenterLps: m([-95, 0, 415]), plateauMedialLps: m([-75, 5, 410]), plateauLateralLps: m([-115, 5, 414]), posteriorSlopeDeg: 3, varusValgusDeg });
      same(tl.resectionMm.medial, tr.resectionMm.medial);
      same(tl.resectionMm.lateral, tr.resectionMm.lateral);
      m(tr.plane.normalLps).forEach((c, n) => same(tl.plane.normalLps[n], c));
    }
  });

  it('KNEE-04: same clinical rotation; the right-hand signed angle flips with the mirror', () => {
    const input = {
      side: 'R' as const,
      hipCenterLps: H,
      femoralKneeCenterLps: K,
      posteriorCondyleMedialLps: [-75, 30, 420] as Vec3,
      posteriorCondyleLateralLps: [-120, 30, 420] as Vec3,
      epicondyleMedialLps: [-55, 8, 440] as Vec3,
      epicondyleLateralLps: [-135, 3.107, 440] as Vec3,
    };
    const r = femoralRotationAxes(input);
    const l = femoralRotationAxes({
      side: 'L',
      hipCenterLps: m(H),
      femoralKneeCenterLps: m(K),
      posteriorCondyleMedialLps: m(input.posteriorCondyleMedialLps),
      posteriorCondyleLateralLps: m(input.posteriorCondyleLateralLps),
      epicondyleMedialLps: m(input.epicondyleMedialLps),
      epicondyleLateralLps: m(input.epicondyleLateralLps),
    });
    same(l.teaExternalRotationFromPcaDeg, r.teaExternalRotationFromPcaDeg);
    same(l.pcaToTeaAboutProximalFmaDeg, -r.pcaToTeaAboutProximalFmaDeg);
  });
  // KNEE-05 (gap arithmetic) has no geometry: its inputs are per-compartment numbers, unchanged by a mirror.
});
