// Shared plans for the plan tests: the brief's HIP/KNEE cases written as plan files.
import type { Plan } from '../../../src/planning/plan';
import type { Vec3 } from '../../../src/core/vec3';

export const SHA = 'ab'.repeat(32);

/** Right hip: HIP-03 APP landmarks, a cup at HIP-10's planned COR with HIP-03's APP 40/15 axis, HIP-10 head, HIP-09 stem. */
export function hipPlan(): Plan {
  return {
    schema: 'jumeau.plan/1',
    anatomy: 'hip',
    side: 'R',
    source: { seriesInstanceUid: '1.2.826.0.1.3680043.8.498.1', volumeSha256: SHA },
    catalogue: { id: 'jumeau-generic', version: '1.0.0' },
    landmarks: [
      { name: 'asisRight', pointLps: [-120, -20, 900], source: 'manual', method: 'picked' },
      { name: 'asisLeft', pointLps: [120, -20, 900], source: 'manual', method: 'picked' },
      { name: 'pubicTubercleRight', pointLps: [-25, -35, 820], source: 'manual', method: 'picked' },
      { name: 'pubicTubercleLeft', pointLps: [25, -35, 820], source: 'manual', method: 'picked' },
      { name: 'femoralHeadCentreRight', pointLps: [-95, 5, 850], source: 'auto', method: 'sphere fit' },
      { name: 'femoralHeadCentreLeft', pointLps: [95, 5, 850], source: 'auto', method: 'sphere fit' },
      { name: 'femoralShaftAxisProximalRight', pointLps: [-135, 5, 800], source: 'manual', method: 'picked' },
      { name: 'femoralShaftAxisDistalRight', pointLps: [-135, 5, 700], source: 'manual', method: 'picked' },
    ],
    implants: [
      { role: 'cup', familyId: 'generic-cup-hemispherical', size: '52', pose: { positionLps: [-91, 5, 853], axisLps: [-0.620885, -0.390749, -0.679571] } },
      { role: 'head', familyId: 'generic-head', size: '32', options: { neckLengthMm: 0 }, pose: { positionLps: [-90, 5, 856], axisLps: [0, 0, 1] } },
      { role: 'stem', familyId: 'generic-stem-tapered', size: '6', options: { neckShaftAngleDeg: 132, offsetMm: 40, versionDeg: 15 }, pose: { positionLps: [-135, 5, 800], axisLps: [0, 0, 1], referenceLps: [1, 0, 0] } },
    ],
    resections: [],
  };
}

/** Right knee: KNEE-01…05 landmarks. */
export function kneePlan(): Plan {
  const lm = (name: string, pointLps: [number, number, number]) => ({ name, pointLps, source: 'manual' as const, method: 'picked' });
  return {
    schema: 'jumeau.plan/1',
    anatomy: 'knee',
    side: 'R',
    source: { seriesInstanceUid: null, volumeSha256: SHA },
    landmarks: [
      lm('femoralHeadCentreRight', [-90, 0, 850]),
      lm('femoralKneeCentreRight', [-95, 0, 420]),
      lm('ankleCentreRight', [-85, 0, 0]),
      lm('tibialKneeCentreRight', [-95, 0, 415]),
      lm('distalCondyleMedialRight', [-72, 5, 398]),
      lm('distalCondyleLateralRight', [-118, 5, 401]),
      lm('plateauMedialRight', [-75, 5, 410]),
      lm('plateauLateralRight', [-115, 5, 414]),
      lm('posteriorCondyleMedialRight', [-75, 30, 420]),
      lm('posteriorCondyleLateralRight', [-120, 30, 420]),
      lm('epicondyleMedialRight', [-55, 8, 440]),
      lm('epicondyleLateralRight', [-135, 3.107, 440]),
    ],
    implants: [
      { role: 'femoralComponent', familyId: 'generic-knee-femoral', size: '4', pose: { positionLps: [-95, 0, 400], axisLps: [0, 0, 1] } },
      { role: 'tibialComponent', familyId: 'generic-knee-tibial', size: '4', options: { insertThicknessMm: 10 }, pose: { positionLps: [-95, 0, 405], axisLps: [0, 0, 1] } },
    ],
    resections: [
      { name: 'distalFemur', depthMm: 9 },
      { name: 'proximalTibia', depthMm: 9, posteriorSlopeDeg: 3 },
    ],
    measurements: { kneeJointSpaceMm: { extension: { medial: 2, lateral: 4 } } },
  };
}

/** HIP-10 (right hip): COR 4 mm medial and 3 mm superior, head 6 mm more proximal, offset 40 → 45 mm. */
export function hip10Input() {
  return {
    side: 'R' as const,
    pelvicFrame: { xLps: [1, 0, 0] as Vec3, zLps: [0, 0, 1] as Vec3 },
    nativeCorLps: [-95, 5, 850] as Vec3,
    plannedCorLps: [-91, 5, 853] as Vec3,
    // Femoral frame aligned with LPS (neutral femur), shaft axis 40 mm lateral of the native head.
    shaftAxis: { pointMm: [-135, 5, 700] as Vec3, directionProximal: [0, 0, 1] as Vec3 },
    nativeHeadCenterFemurMm: [-95, 5, 850] as Vec3,
    plannedHeadCenterFemurMm: [-90, 5, 856] as Vec3,
  };
}

/** HIP-07 (right femur): head, neck base, mechanical axis to the knee centre, posterior condyles. */
export function hip07Input() {
  return {
    side: 'R' as const,
    headCenterLps: [-90, 0, 850] as Vec3,
    neckBaseLps: [-129.1259, 8.3165, 810] as Vec3,
    referenceAxis: { kind: 'mechanical' as const, proximalLps: [-90, 0, 850] as Vec3, distalLps: [-95, 0, 420] as Vec3 },
    posteriorCondyleMedialLps: [-75, 30, 420] as Vec3,
    posteriorCondyleLateralLps: [-120, 30, 420] as Vec3,
  };
}
