/**
 * Femoral version (brief §3.1, HIP-07): angle between the neck axis and the posterior condylar axis
 * (PCA), both projected on the plane ⟂ a stated femoral reference axis (mechanical or shaft).
 */
import { JumeauError } from '../core/errors';
import type { PointLps, Vec3 } from '../core/vec3';
import { dot, sub } from '../core/vec3';
import { medialUnitLps, signedAngleAboutAxisRad, unitOrThrow } from './geometry';
import type { Side } from './validate';
import { checkDistinct, checkSide, checkVec3, radToDeg } from './validate';

/** Which femoral long axis the projection plane is ⟂ to. */
export type FemoralAxisKind = 'mechanical' | 'shaft';

/** Inputs of {@link femoralVersion} (all LPS, mm). */
export interface FemoralVersionInput {
  /** Hip side of the femur. */
  side: Side;
  /** Femoral head centre (sphere fit). */
  headCenterLps: PointLps;
  /** A point on the neck axis distal to the head (e.g. centroid of the narrowest neck section). */
  neckBaseLps: PointLps;
  /** The reference long axis: mechanical (knee centre → head centre) or shaft (distal → proximal point). */
  referenceAxis: { kind: FemoralAxisKind; proximalLps: PointLps; distalLps: PointLps };
  /** Most posterior point of the medial condyle. */
  posteriorCondyleMedialLps: PointLps;
  /** Most posterior point of the lateral condyle. */
  posteriorCondyleLateralLps: PointLps;
}

/** Femoral version with the axis it was measured about. */
export interface FemoralVersion {
  /** Version in degrees; positive = anteversion (head anterior), negative = retroversion. */
  versionDeg: number;
  /** The axis the projection plane is ⟂ to. */
  axisKind: FemoralAxisKind;
  /** Unit reference axis, pointing proximally (LPS). */
  axisUnitLps: Vec3;
}

/**
 * Signed femoral version. Neck direction d = head − neck base and the PCA direction m = medial −
 * lateral condyle are projected on the plane ⟂ the reference axis; version = angle from m to d, positive
 * when d points anterior of the PCA (anterior = −(axis × m) for a right femur, +(axis × m) for a left).
 * @throws JumeauError BAD_ARGUMENT on NaN, coincident landmarks, directions parallel to the axis, or
 *   medial/lateral condyles inconsistent with `side` (medial must lie toward the midline)
 */
export function femoralVersion(input: FemoralVersionInput): FemoralVersion {
  const side = checkSide(input.side);
  const { headCenterLps, neckBaseLps, referenceAxis, posteriorCondyleMedialLps, posteriorCondyleLateralLps } = input;
  checkVec3(headCenterLps, 'headCenterLps');
  checkVec3(neckBaseLps, 'neckBaseLps');
  checkVec3(referenceAxis.proximalLps, 'referenceAxis.proximalLps');
  checkVec3(referenceAxis.distalLps, 'referenceAxis.distalLps');
  checkVec3(posteriorCondyleMedialLps, 'posteriorCondyleMedialLps');
  checkVec3(posteriorCondyleLateralLps, 'posteriorCondyleLateralLps');
  if (referenceAxis.kind !== 'mechanical' && referenceAxis.kind !== 'shaft') {
    throw new JumeauError('BAD_ARGUMENT', `must be 'mechanical' or 'shaft', got ${String(referenceAxis.kind)}`, { subject: 'referenceAxis.kind' });
  }
  checkDistinct(neckBaseLps, headCenterLps, 'neckBaseLps', 'headCenterLps', 1);
  checkDistinct(referenceAxis.distalLps, referenceAxis.proximalLps, 'referenceAxis.distalLps', 'referenceAxis.proximalLps', 1);
  checkDistinct(posteriorCondyleLateralLps, posteriorCondyleMedialLps, 'posteriorCondyleLateralLps', 'posteriorCondyleMedialLps', 1);
  const axis = unitOrThrow(sub(referenceAxis.proximalLps, referenceAxis.distalLps), 'referenceAxis');
  const m = sub(posteriorCondyleMedialLps, posteriorCondyleLateralLps);
  if (!(dot(m, medialUnitLps(side)) > 0)) {
    throw new JumeauError('BAD_ARGUMENT', `medial condyle is not medial of the lateral one for side ${side}: left/right mismatch?`, {
      subject: 'posteriorCondyleMedialLps',
    });
  }
  const d = sub(headCenterLps, neckBaseLps);
  const raw = radToDeg(signedAngleAboutAxisRad(m, d, axis, 'neckBaseLps'));
  // Right-hand rotation from m toward anterior is (axis × m) · sign: for a right femur axis × m points
  // posterior, so anteversion is a negative right-hand rotation; for a left femur it is positive.
  const anteriorSign = side === 'R' ? -1 : 1;
  return { versionDeg: anteriorSign * raw, axisKind: referenceAxis.kind, axisUnitLps: axis };
}
