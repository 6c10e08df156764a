/**
 * Femoral rotation references, brief §4.1 (KNEE-04): posterior condylar axis (PCA) vs surgical
 * transepicondylar axis (sTEA), both projected on the plane ⟂ the femoral mechanical axis (FMA).
 */
import type { PointLps, Vec3 } from '../core/vec3';
import { sub } from '../core/vec3';
import { signedAngleAboutAxisRad, unitOrThrow } from './geometry';
import type { Side } from './validate';
import { checkDistinct, checkSide, checkVec3, radToDeg } from './validate';

/** Inputs of {@link femoralRotationAxes} (LPS mm). */
export interface FemoralRotationInput {
  /** Limb side. */
  side: Side;
  /** Hip centre H (FMA proximal end). */
  hipCenterLps: PointLps;
  /** Femoral knee centre K_f (FMA distal end). */
  femoralKneeCenterLps: PointLps;
  /** Most posterior point of the medial condyle. */
  posteriorCondyleMedialLps: PointLps;
  /** Most posterior point of the lateral condyle. */
  posteriorCondyleLateralLps: PointLps;
  /** Medial epicondylar sulcus (sTEA medial end). */
  epicondyleMedialLps: PointLps;
  /** Lateral epicondyle prominence (sTEA lateral end). */
  epicondyleLateralLps: PointLps;
}

/** PCA ↔ sTEA angles. */
export interface FemoralRotationAxes {
  /**
   * Signed angle from the PCA to the sTEA, right-hand rule about the FMA pointing proximally, degrees
   * (KNEE-04's "+3.500°"). Mirroring the limb flips its sign.
   */
  pcaToTeaAboutProximalFmaDeg: number;
  /**
   * Clinical form, side-independent: external rotation of the sTEA relative to the PCA, degrees
   * (= the posterior condylar angle, typically +3.5 ± 1.2° men / +0.3 ± 1.2° women [S25]).
   * For a right femur external rotation is a negative right-hand rotation about the proximal FMA.
   */
  teaExternalRotationFromPcaDeg: number;
  /** Unit FMA, pointing proximally (LPS). */
  fmaUnitLps: Vec3;
}

/**
 * PCA vs sTEA in the plane ⟂ FMA. Both lines are taken medial → lateral.
 * @throws JumeauError BAD_ARGUMENT on NaN, coincident landmarks or a line parallel to the FMA
 */
export function femoralRotationAxes(input: FemoralRotationInput): FemoralRotationAxes {
  const side = checkSide(input.side);
  const names = ['hipCenterLps', 'femoralKneeCenterLps', 'posteriorCondyleMedialLps', 'posteriorCondyleLateralLps', 'epicondyleMedialLps', 'epicondyleLateralLps'] as const;
  for (const n of names) checkVec3(input[n], n);
  checkDistinct(input.femoralKneeCenterLps, input.hipCenterLps, 'femoralKneeCenterLps', 'hipCenterLps', 1);
  checkDistinct(input.posteriorCondyleLateralLps, input.posteriorCondyleMedialLps, 'posteriorCondyleLateralLps', 'posteriorCondyleMedialLps', 1);
  checkDistinct(input.epicondyleLateralLps, input.epicondyleMedialLps, 'epicondyleLateralLps', 'epicondyleMedialLps', 1);
  const fma = unitOrThrow(sub(input.hipCenterLps, input.femoralKneeCenterLps), 'femoralKneeCenterLps');
  const pca = sub(input.posteriorCondyleLateralLps, input.posteriorCondyleMedialLps);
  const tea = sub(input.epicondyleLateralLps, input.epicondyleMedialLps);
  const signed = radToDeg(signedAngleAboutAxisRad(pca, tea, fma, 'epicondyleLateralLps'));
  // Right femur: internal rotation = +rotation about proximal +z (front turns medially, +x); left: mirrored.
  return { pcaToTeaAboutProximalFmaDeg: signed, teaExternalRotationFromPcaDeg: side === 'R' ? -signed : signed, fmaUnitLps: fma };
}
