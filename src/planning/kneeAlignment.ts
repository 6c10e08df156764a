/**
 * Knee axes and coronal alignment angles, brief §4.1 (KNEE-01): hip–knee–ankle angle, varus/valgus,
 * mLDFA, MPTA and the arithmetic HKA.
 *
 * Limb frame: superior s = unit(H − A); posterior p = LPS +y made ⟂ s; coronal plane = plane ⟂ p.
 */
import type { PointLps, Vec3 } from '../core/vec3';
import { dot, scale, sub } from '../core/vec3';
import { angleBetweenRad, lateralUnitLps, projectOntoPlane, unitOrThrow } from './geometry';
import type { Side } from './validate';
import { checkDistinct, checkRange, checkSide, checkVec3, radToDeg } from './validate';

/** Coronal alignment label: varus = knee centre lateral of the hip–ankle line. */
export type CoronalAlignment = 'varus' | 'valgus' | 'neutral';

/** Inputs of {@link hipKneeAnkle}. */
export interface HipKneeAnkleInput {
  /** Limb side. */
  side: Side;
  /** Hip (femoral head) centre H, LPS mm. */
  hipCenterLps: PointLps;
  /** Knee centre K, LPS mm. */
  kneeCenterLps: PointLps;
  /** Ankle centre A, LPS mm. */
  ankleCenterLps: PointLps;
  /** Deviation within which the label is 'neutral', degrees (default 0: any deviation is labelled). */
  neutralToleranceDeg?: number;
}

/** HKA result. */
export interface HipKneeAnkle {
  /** 3-D angle at K between K→H and K→A, degrees (180 = straight). */
  hkaDeg: number;
  /** The same angle after projecting both rays on the limb's coronal plane, degrees. */
  coronalHkaDeg: number;
  /** |180 − coronal HKA|, degrees. */
  deviationDeg: number;
  /** 180 − coronal HKA signed: + varus, − valgus, degrees. */
  signedDeviationDeg: number;
  /** Varus (knee lateral of the H–A line), valgus, or neutral. */
  alignment: CoronalAlignment;
  /** Distance of K from the H–A line in the coronal plane, + lateral, mm. */
  kneeLateralOffsetMm: number;
}

/** Superior and posterior unit vectors of the limb frame, coronal plane normal = posterior. */
export function limbFrame(hipCenterLps: PointLps, ankleCenterLps: PointLps): { superior: Vec3; posterior: Vec3 } {
  const superior = unitOrThrow(sub(hipCenterLps, ankleCenterLps), 'ankleCenterLps');
  const posterior = unitOrThrow(projectOntoPlane([0, 1, 0], superior), 'ankleCenterLps');
  return { superior, posterior };
}

/**
 * Hip–knee–ankle angle (brief §4.1): 3-D and coronal, deviation δ = 180° − HKA, varus when the knee
 * centre lies lateral of the H–A line (lateral = −x for a right leg, +x for a left).
 * @throws JumeauError BAD_ARGUMENT on NaN or coincident centres
 */
export function hipKneeAnkle(input: HipKneeAnkleInput): HipKneeAnkle {
  const side = checkSide(input.side);
  const { hipCenterLps: h, kneeCenterLps: k, ankleCenterLps: a } = input;
  checkVec3(h, 'hipCenterLps');
  checkVec3(k, 'kneeCenterLps');
  checkVec3(a, 'ankleCenterLps');
  checkDistinct(k, h, 'kneeCenterLps', 'hipCenterLps', 1);
  checkDistinct(a, k, 'ankleCenterLps', 'kneeCenterLps', 1);
  const tolerance = checkRange(input.neutralToleranceDeg ?? 0, 0, 90, 'neutralToleranceDeg');
  const { superior, posterior } = limbFrame(h, a);
  const toHip = sub(h, k);
  const toAnkle = sub(a, k);
  const hkaDeg = radToDeg(angleBetweenRad(toHip, toAnkle));
  const coronalHkaDeg = radToDeg(angleBetweenRad(projectOntoPlane(toHip, posterior), projectOntoPlane(toAnkle, posterior)));
  // Offset of K from the H–A line, in the coronal plane, along the limb's lateral direction.
  const lateral = unitOrThrow(projectOntoPlane(projectOntoPlane(lateralUnitLps(side), superior), posterior), 'side');
  const fromAnkle = sub(k, a);
  const offset = sub(fromAnkle, scale(superior, dot(fromAnkle, superior)));
  const kneeLateralOffsetMm = dot(offset, lateral);
  const deviationDeg = 180 - coronalHkaDeg;
  const alignment: CoronalAlignment = deviationDeg <= tolerance || kneeLateralOffsetMm === 0 ? 'neutral' : kneeLateralOffsetMm > 0 ? 'varus' : 'valgus';
  const signedDeviationDeg = kneeLateralOffsetMm >= 0 ? deviationDeg : -deviationDeg;
  return { hkaDeg, coronalHkaDeg, deviationDeg, signedDeviationDeg, alignment, kneeLateralOffsetMm };
}

/** Inputs of {@link coronalJointLineAngles} (LPS mm). */
export interface JointLineAnglesInput {
  /** Limb side. */
  side: Side;
  /** Hip centre H. */
  hipCenterLps: PointLps;
  /** Femoral knee centre K_f. */
  femoralKneeCenterLps: PointLps;
  /** Most distal point of the medial femoral condyle. */
  distalCondyleMedialLps: PointLps;
  /** Most distal point of the lateral femoral condyle. */
  distalCondyleLateralLps: PointLps;
  /** Tibial knee centre K_t. */
  tibialKneeCenterLps: PointLps;
  /** Ankle centre A. */
  ankleCenterLps: PointLps;
  /** Medial tibial plateau reference point. */
  plateauMedialLps: PointLps;
  /** Lateral tibial plateau reference point. */
  plateauLateralLps: PointLps;
}

/** Coronal joint-line angles, degrees. */
export interface JointLineAngles {
  /** mLDFA: lateral angle between the proximal FMA and the distal condylar line (> 90 = femoral varus). */
  mLdfaDeg: number;
  /** MPTA: medial angle between the distal TMA and the plateau line (< 90 = tibial varus). */
  mptaDeg: number;
  /** Arithmetic HKA = MPTA − mLDFA (negative = constitutional varus) [S27b]. */
  arithmeticHkaDeg: number;
}

/**
 * mLDFA, MPTA and aHKA (brief §4.1) in the limb's coronal plane (normal = posterior of the H–A frame).
 * Typical ≈ 87–88° each is ⚠ UNVERIFIED; nothing here thresholds them.
 */
export function coronalJointLineAngles(input: JointLineAnglesInput): JointLineAngles {
  checkSide(input.side);
  const names = ['hipCenterLps', 'femoralKneeCenterLps', 'distalCondyleMedialLps', 'distalCondyleLateralLps', 'tibialKneeCenterLps', 'ankleCenterLps', 'plateauMedialLps', 'plateauLateralLps'] as const;
  for (const n of names) checkVec3(input[n], n);
  checkDistinct(input.distalCondyleLateralLps, input.distalCondyleMedialLps, 'distalCondyleLateralLps', 'distalCondyleMedialLps', 1);
  checkDistinct(input.plateauLateralLps, input.plateauMedialLps, 'plateauLateralLps', 'plateauMedialLps', 1);
  checkDistinct(input.femoralKneeCenterLps, input.hipCenterLps, 'femoralKneeCenterLps', 'hipCenterLps', 1);
  checkDistinct(input.ankleCenterLps, input.tibialKneeCenterLps, 'ankleCenterLps', 'tibialKneeCenterLps', 1);
  const { posterior } = limbFrame(input.hipCenterLps, input.ankleCenterLps);
  const c = (v: Vec3) => projectOntoPlane(v, posterior);
  const femurProximal = c(sub(input.hipCenterLps, input.femoralKneeCenterLps));
  const condyleToLateral = c(sub(input.distalCondyleLateralLps, input.distalCondyleMedialLps));
  const tibiaDistal = c(sub(input.ankleCenterLps, input.tibialKneeCenterLps));
  const plateauToMedial = c(sub(input.plateauMedialLps, input.plateauLateralLps));
  const mLdfaDeg = radToDeg(angleBetweenRad(femurProximal, condyleToLateral));
  const mptaDeg = radToDeg(angleBetweenRad(tibiaDistal, plateauToMedial));
  return { mLdfaDeg, mptaDeg, arithmeticHkaDeg: mptaDeg - mLdfaDeg };
}
