/**
 * Anterior pelvic plane (APP) frame, pelvic tilt and functional cup angles, brief §3.1–3.2 (HIP-03/04).
 */
import { JumeauError } from '../core/errors';
import type { PointLps, Vec3 } from '../core/vec3';
import { add, cross, dot, norm, scale, sub } from '../core/vec3';
import type { CupAngleDefinition, CupAngles } from './cupAngles';
import { cupAnglesFromFrameAxis } from './cupAngles';
import { matVec, rotationX, unitOrThrow } from './geometry';
import type { Side } from './validate';
import { checkDistinct, checkFinite, checkVec3, degToRad, radToDeg } from './validate';

/** The four APP landmarks (LPS, mm). For a symphysis point give it as both tubercles. */
export interface AppLandmarksLps {
  /** Right anterior superior iliac spine. */
  rightAsisLps: PointLps;
  /** Left anterior superior iliac spine. */
  leftAsisLps: PointLps;
  /** Right pubic tubercle. */
  rightPubicTubercleLps: PointLps;
  /** Left pubic tubercle. */
  leftPubicTubercleLps: PointLps;
}

/** The APP pelvic frame: orthonormal axes given in LPS, same handedness as LPS. */
export interface PelvicFrame {
  /** Origin: midpoint of the ASIS (mm, LPS). */
  originLps: PointLps;
  /** X: toward the patient's left (unit, LPS). */
  xLps: Vec3;
  /** Y: posterior, ⟂ the APP (unit, LPS). */
  yLps: Vec3;
  /** Z = X × Y: superior (unit, LPS). */
  zLps: Vec3;
  /** Anterior normal a of the APP (= −Y). */
  anteriorNormalLps: Vec3;
  /** Pelvic tilt τ = asin(a·ẑ_scanner) in degrees; > 0 = posterior tilt (ASIS posterior to the pubis). */
  pelvicTiltDeg: number;
}

/**
 * Builds the APP frame (brief §3.1): u = LASIS − RASIS, w = PT − mid(ASIS), a = unit(w × u),
 * X = unit(u), Y = −a, Z = X × Y; τ = asin(a·ẑ).
 * @throws JumeauError BAD_ARGUMENT on NaN, coincident ASIS, a pubic midpoint on the ASIS line, or ASIS
 *   swapped left/right (X must point to the patient's left, +x in LPS)
 */
export function anteriorPelvicPlaneFrame(landmarks: AppLandmarksLps): PelvicFrame {
  const { rightAsisLps, leftAsisLps, rightPubicTubercleLps, leftPubicTubercleLps } = landmarks;
  checkVec3(rightAsisLps, 'rightAsisLps');
  checkVec3(leftAsisLps, 'leftAsisLps');
  checkVec3(rightPubicTubercleLps, 'rightPubicTubercleLps');
  checkVec3(leftPubicTubercleLps, 'leftPubicTubercleLps');
  checkDistinct(rightAsisLps, leftAsisLps, 'leftAsisLps', 'rightAsisLps', 1);
  const u = sub(leftAsisLps, rightAsisLps);
  if (!(u[0] > 0)) {
    throw new JumeauError('BAD_ARGUMENT', 'left ASIS is not to the patient\'s left of the right ASIS (+x in LPS): left/right swapped?', {
      subject: 'leftAsisLps',
    });
  }
  const originLps = scale(add(leftAsisLps, rightAsisLps), 0.5);
  const pt = scale(add(rightPubicTubercleLps, leftPubicTubercleLps), 0.5);
  const w = sub(pt, originLps);
  const wxu = cross(w, u);
  // Relative test: sin(angle between w and u) must not vanish.
  if (!(norm(wxu) > 1e-6 * norm(w) * norm(u)) || !(norm(w) > 1)) {
    throw new JumeauError('BAD_ARGUMENT', 'pubic midpoint lies on the ASIS line; the anterior pelvic plane is undefined', {
      subject: 'rightPubicTubercleLps',
    });
  }
  const a = unitOrThrow(wxu, 'rightPubicTubercleLps');
  const x = unitOrThrow(u, 'leftAsisLps');
  const y = scale(a, -1);
  const z = cross(x, y);
  return { originLps, xLps: x, yLps: y, zLps: z, anteriorNormalLps: a, pelvicTiltDeg: radToDeg(Math.asin(Math.max(-1, Math.min(1, a[2])))) };
}

/** A direction given in LPS expressed in the pelvic frame (components along X, Y, Z). */
export function directionLpsToPelvic(directionLps: Vec3, frame: PelvicFrame): Vec3 {
  return [dot(directionLps, frame.xLps), dot(directionLps, frame.yLps), dot(directionLps, frame.zLps)];
}

/** A pelvic-frame direction expressed in LPS. */
export function directionPelvicToLps(directionPelvic: Vec3, frame: PelvicFrame): Vec3 {
  const [p, q, r] = directionPelvic;
  return add(add(scale(frame.xLps, p), scale(frame.yLps, q)), scale(frame.zLps, r));
}

/** A point in LPS expressed in the pelvic frame (origin = ASIS midpoint), mm. */
export function pointLpsToPelvic(pointLps: PointLps, frame: PelvicFrame): Vec3 {
  return directionLpsToPelvic(sub(pointLps, frame.originLps), frame);
}

/**
 * The cup axis in a functional (standing/sitting) frame: the pelvis, with its APP frame, rotated about X
 * by the tilt τ (posterior tilt > 0 turns the superior axis posteriorly), n_f = Rx(−τ)·n_APP.
 * With τ = the supine tilt of the scan this reproduces the scanner-frame axis (HIP-03).
 */
export function functionalCupAxis(cupAxisApp: Vec3, pelvicTiltDeg: number): Vec3 {
  checkVec3(cupAxisApp, 'cupAxisApp');
  checkFinite(pelvicTiltDeg, 'pelvicTiltDeg');
  return matVec(rotationX(-degToRad(pelvicTiltDeg)), cupAxisApp);
}

/** Functional cup angles (brief §3.2, HIP-04) for a pelvis tilted by `pelvicTiltDeg` (posterior > 0). */
export function functionalCupAngles(cupAxisApp: Vec3, side: Side, pelvicTiltDeg: number, definition: CupAngleDefinition = 'radiographic'): CupAngles {
  return cupAnglesFromFrameAxis(functionalCupAxis(cupAxisApp, pelvicTiltDeg), side, definition);
}
