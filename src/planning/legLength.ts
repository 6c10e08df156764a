/**
 * Leg-length and offset changes of a hip plan, brief §3.3 (HIP-10).
 */
import type { PointLps, Vec3 } from '../core/vec3';
import { cross, dot, norm, sub } from '../core/vec3';
import { unitOrThrow } from './geometry';
import type { Side } from './validate';
import { checkPositive, checkSide, checkVec3 } from './validate';

/** Femoral shaft axis line: a point on it and its direction (pointing proximally). */
export interface ShaftAxis {
  /** Any point on the shaft axis (femoral frame, mm). */
  pointMm: Vec3;
  /** Direction of the axis; normalised internally; must point proximally. */
  directionProximal: Vec3;
}

/** Inputs of {@link legLengthAndOffsetChange}. */
export interface LegLengthOffsetInput {
  /** Hip side. */
  side: Side;
  /** Pelvic frame axes (LPS): X toward the patient's left, Z superior (e.g. from the APP frame). */
  pelvicFrame: { xLps: Vec3; zLps: Vec3 };
  /** Native centre of rotation c_n (LPS, mm). */
  nativeCorLps: PointLps;
  /** Planned cup centre of rotation c_c (LPS, mm). */
  plannedCorLps: PointLps;
  /** Native head centre h_n in the femoral frame (mm). */
  nativeHeadCenterFemurMm: Vec3;
  /** Planned prosthetic head centre h_p in the femoral frame (mm). */
  plannedHeadCenterFemurMm: Vec3;
  /** Shaft axis in the femoral frame. */
  shaftAxis: ShaftAxis;
}

/** Warning thresholds (brief §3.3: warn at |ΔLL| > 5 mm and |ΔGO| > 5 mm, configurable). */
export interface LegLengthOffsetThresholds {
  /** Warn when |ΔLL| exceeds this, mm (default 5). */
  legLengthMm?: number;
  /** Warn when |ΔGO| exceeds this, mm (default 5). */
  globalOffsetMm?: number;
}

/** Leg-length and offset changes; + = lengthening / more offset. */
export interface LegLengthOffsetChange {
  /** ΔL_acetabular = −(c_c − c_n)·Z, mm (superior cup shift shortens). */
  acetabularLengthMm: number;
  /** ΔL_femoral = (h_p − h_n)·s, mm (proximal head shift lengthens). */
  femoralLengthMm: number;
  /** ΔLL = ΔL_acetabular + ΔL_femoral, mm (assumes neutral femur orientation). */
  legLengthMm: number;
  /** Native femoral offset FO_n = distance(h_n, shaft axis), mm. */
  nativeFemoralOffsetMm: number;
  /** Planned femoral offset FO_p, mm. */
  plannedFemoralOffsetMm: number;
  /** ΔFO = FO_p − FO_n, mm. */
  femoralOffsetMm: number;
  /** ΔAO = (c_c − c_n)·lateral_unit (lateral_unit = −X right, +X left), mm. */
  acetabularOffsetMm: number;
  /** ΔGO = ΔFO + ΔAO, mm. */
  globalOffsetMm: number;
  /** True when |ΔLL| exceeds the threshold. */
  legLengthWarning: boolean;
  /** True when |ΔGO| exceeds the threshold. */
  globalOffsetWarning: boolean;
}

function distanceToLine(p: Vec3, axis: ShaftAxis, s: Vec3): number {
  return norm(cross(sub(p, axis.pointMm), s));
}

/**
 * ΔLL, ΔFO, ΔAO, ΔGO of brief §3.3.
 * @throws JumeauError BAD_ARGUMENT on NaN, a zero shaft direction or frame axis, or bad thresholds
 */
export function legLengthAndOffsetChange(input: LegLengthOffsetInput, thresholds: LegLengthOffsetThresholds = {}): LegLengthOffsetChange {
  const side = checkSide(input.side);
  checkVec3(input.pelvicFrame.xLps, 'pelvicFrame.xLps');
  checkVec3(input.pelvicFrame.zLps, 'pelvicFrame.zLps');
  checkVec3(input.nativeCorLps, 'nativeCorLps');
  checkVec3(input.plannedCorLps, 'plannedCorLps');
  checkVec3(input.nativeHeadCenterFemurMm, 'nativeHeadCenterFemurMm');
  checkVec3(input.plannedHeadCenterFemurMm, 'plannedHeadCenterFemurMm');
  checkVec3(input.shaftAxis.pointMm, 'shaftAxis.pointMm');
  checkVec3(input.shaftAxis.directionProximal, 'shaftAxis.directionProximal');
  const legLimit = checkPositive(thresholds.legLengthMm ?? 5, 'thresholds.legLengthMm');
  const offsetLimit = checkPositive(thresholds.globalOffsetMm ?? 5, 'thresholds.globalOffsetMm');
  const x = unitOrThrow(input.pelvicFrame.xLps, 'pelvicFrame.xLps');
  const z = unitOrThrow(input.pelvicFrame.zLps, 'pelvicFrame.zLps');
  const s = unitOrThrow(input.shaftAxis.directionProximal, 'shaftAxis.directionProximal');
  const corShift = sub(input.plannedCorLps, input.nativeCorLps);
  const acetabularLengthMm = -dot(corShift, z);
  const femoralLengthMm = dot(sub(input.plannedHeadCenterFemurMm, input.nativeHeadCenterFemurMm), s);
  const nativeFemoralOffsetMm = distanceToLine(input.nativeHeadCenterFemurMm, input.shaftAxis, s);
  const plannedFemoralOffsetMm = distanceToLine(input.plannedHeadCenterFemurMm, input.shaftAxis, s);
  const femoralOffsetMm = plannedFemoralOffsetMm - nativeFemoralOffsetMm;
  const acetabularOffsetMm = (side === 'R' ? -1 : 1) * dot(corShift, x);
  const legLengthMm = acetabularLengthMm + femoralLengthMm;
  const globalOffsetMm = femoralOffsetMm + acetabularOffsetMm;
  return {
    acetabularLengthMm,
    femoralLengthMm,
    legLengthMm,
    nativeFemoralOffsetMm,
    plannedFemoralOffsetMm,
    femoralOffsetMm,
    acetabularOffsetMm,
    globalOffsetMm,
    legLengthWarning: Math.abs(legLengthMm) > legLimit,
    globalOffsetWarning: Math.abs(globalOffsetMm) > offsetLimit,
  };
}
