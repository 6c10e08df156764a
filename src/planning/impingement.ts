/**
 * Analytic prosthetic (neck-on-rim) impingement and range of motion, brief §3.5 (HIP-08, HIP-09).
 * Component-only limits: no bone. Hemispherical liner whose rim plane passes through the head centre.
 */
import { JumeauError } from '../core/errors';
import type { Vec3 } from '../core/vec3';
import type { CupAngles } from './cupAngles';
import { cupAxisFrameFromLai, cupAxisLaiFromAngles } from './cupAngles';
import type { Mat3 } from './geometry';
import { angleBetweenRad, matMul, matVec, rotationX, rotationY, rotationZ } from './geometry';
import type { Side } from './validate';
import { checkPositive, checkRange, checkSide, degToRad, radToDeg } from './validate';

function checkHeadNeck(headRadiusMm: number, neckRadiusMm: number): void {
  checkPositive(headRadiusMm, 'headRadiusMm');
  checkPositive(neckRadiusMm, 'neckRadiusMm');
  if (!(neckRadiusMm < headRadiusMm)) {
    throw new JumeauError('BAD_ARGUMENT', `neck radius ${neckRadiusMm} mm must be smaller than head radius ${headRadiusMm} mm`, { subject: 'neckRadiusMm' });
  }
}

/** α_max = arccos(r / R): largest angle between neck axis and cup axis before the neck meets the rim (deg). */
export function alphaMaxDeg(headRadiusMm: number, neckRadiusMm: number): number {
  checkHeadNeck(headRadiusMm, neckRadiusMm);
  return radToDeg(Math.acos(neckRadiusMm / headRadiusMm));
}

/** Single-plane arc of motion 2·arccos(r/R) = 180° − 2·asin(r/R), degrees (HIP-08). */
export function singlePlaneArcOfMotionDeg(headRadiusMm: number, neckRadiusMm: number): number {
  return 2 * alphaMaxDeg(headRadiusMm, neckRadiusMm);
}

/**
 * Neutral neck direction u0 = unit(head → neck base) in the LPS-aligned pelvic frame (brief §3.5):
 * right hip sin(180° − CCD)·(−cos AV, sin AV, 0) + cos(180° − CCD)·(0, 0, −1); left hip: x negated.
 */
export function neutralNeckAxis(side: Side, stemAnteversionDeg: number, ccdDeg: number): Vec3 {
  checkSide(side);
  checkRange(stemAnteversionDeg, -90, 90, 'stemAnteversionDeg');
  checkRange(ccdDeg, 90, 180, 'ccdDeg');
  const av = degToRad(stemAnteversionDeg);
  const tilt = degToRad(180 - ccdDeg);
  const x = -Math.sin(tilt) * Math.cos(av);
  return [side === 'R' ? x : -x, Math.sin(tilt) * Math.sin(av), -Math.cos(tilt)];
}

/**
 * Femur orientation R(flex, abd, rot) = Rx(−flex)·Ry(+abd)·Rz(+rot) for a right hip (+flex: knee
 * anterior, +abd: knee lateral, +rot: internal, intrinsic about the femoral long axis); a left hip uses
 * the mirrored matrix Rx(−flex)·Ry(−abd)·Rz(−rot), so the same angles mean the same anatomical motion.
 */
export function femurRotation(side: Side, flexionDeg: number, abductionDeg: number, internalRotationDeg: number): Mat3 {
  const m = side === 'R' ? 1 : -1;
  return matMul(matMul(rotationX(-degToRad(flexionDeg)), rotationY(m * degToRad(abductionDeg))), rotationZ(m * degToRad(internalRotationDeg)));
}

/** Femur pose as a function of the path parameter t ≥ 0 (degrees). */
export type MotionPath = (tDeg: number) => { flexionDeg: number; abductionDeg: number; internalRotationDeg: number };

/** Search settings (brief §3.5: step 0.5°, bisection to 0.01°). */
export interface RomSearchOptions {
  /** Coarse step along a path, degrees (default 0.5). */
  stepDeg?: number;
  /** Bisection stops when the bracket is narrower than this, degrees (default 0.01). */
  toleranceDeg?: number;
  /** Largest path parameter searched, degrees (default 180). */
  maxDeg?: number;
}

/**
 * First parameter t along `path` at which `impinges(R(t))` becomes true: coarse steps, then bisection;
 * returns the bracket midpoint, 0 when already impinging at t = 0, null when free up to `maxDeg`.
 */
export function firstContactDeg(impinges: (t: number) => boolean, options: RomSearchOptions = {}): number | null {
  const step = checkPositive(options.stepDeg ?? 0.5, 'stepDeg');
  const tol = checkPositive(options.toleranceDeg ?? 0.01, 'toleranceDeg');
  const maxDeg = checkPositive(options.maxDeg ?? 180, 'maxDeg');
  if (impinges(0)) return 0;
  let lo = 0;
  let hi = NaN;
  for (let t = step; t <= maxDeg + 1e-12; t += step) {
    if (impinges(t)) {
      hi = t;
      break;
    }
    lo = t;
  }
  if (Number.isNaN(hi)) return null;
  while (hi - lo > tol) {
    const mid = 0.5 * (lo + hi);
    if (impinges(mid)) hi = mid;
    else lo = mid;
  }
  return 0.5 * (lo + hi);
}

/** Inputs of {@link prostheticImpingementRom}. */
export interface ProstheticRomInput {
  /** Hip side. */
  side: Side;
  /** Cup orientation relative to the APP frame, any Murray definition. */
  cup: CupAngles;
  /** Stem (femoral neck) anteversion, degrees. */
  stemAnteversionDeg: number;
  /** Caput–collum–diaphyseal (neck–shaft) angle, degrees. */
  ccdDeg: number;
  /** Head radius R, mm. */
  headRadiusMm: number;
  /** Neck radius r at the contact height, mm. */
  neckRadiusMm: number;
}

/** Component-only impingement-free limits, degrees; null = no prosthetic impingement up to `maxDeg`. */
export interface ProstheticRomLimits {
  /** Flexion from neutral. */
  flexionDeg: number | null;
  /** Extension from neutral. */
  extensionDeg: number | null;
  /** Internal rotation at 90° flexion. */
  internalRotationAt90FlexionDeg: number | null;
  /** External rotation at 0° flexion. */
  externalRotationAt0Deg: number | null;
  /** Abduction from neutral. */
  abductionDeg: number | null;
  /** Adduction from neutral (not in the brief's cases; same model). */
  adductionDeg: number | null;
}

/** A motion path of the ROM search: one key of {@link ProstheticRomLimits}. */
export type RomMotion = keyof ProstheticRomLimits;

/** The motion paths in report order. */
export const ROM_MOTIONS: readonly RomMotion[] = [
  'flexionDeg',
  'extensionDeg',
  'internalRotationAt90FlexionDeg',
  'externalRotationAt0Deg',
  'abductionDeg',
  'adductionDeg',
];

/**
 * The brief's motion paths (§3.5), shared by the analytic and the volume-based detectors: flexion
 * R(t,0,0), extension R(−t,0,0), IR at 90° R(90,0,t), ER at 0° R(0,0,−t), abduction R(0,t,0), adduction R(0,−t,0).
 */
export const ROM_MOTION_PATHS: Readonly<Record<RomMotion, MotionPath>> = {
  flexionDeg: (t) => ({ flexionDeg: t, abductionDeg: 0, internalRotationDeg: 0 }),
  extensionDeg: (t) => ({ flexionDeg: -t, abductionDeg: 0, internalRotationDeg: 0 }),
  internalRotationAt90FlexionDeg: (t) => ({ flexionDeg: 90, abductionDeg: 0, internalRotationDeg: t }),
  externalRotationAt0Deg: (t) => ({ flexionDeg: 0, abductionDeg: 0, internalRotationDeg: -t }),
  abductionDeg: (t) => ({ flexionDeg: 0, abductionDeg: t, internalRotationDeg: 0 }),
  adductionDeg: (t) => ({ flexionDeg: 0, abductionDeg: -t, internalRotationDeg: 0 }),
};

/** Result of {@link prostheticImpingementRom}. */
export interface ProstheticRom {
  /** α_max = arccos(r/R), degrees. */
  alphaMaxDeg: number;
  /** Angle between cup axis and neck axis in the neutral position, degrees. */
  neutralAngleDeg: number;
  /** Limits per motion path. */
  limits: ProstheticRomLimits;
}

/**
 * Prosthetic-impingement range of motion (brief §3.5 motion model): contact when the angle between the
 * cup axis n and u(t) = R(t)·u0 reaches α_max. Paths: flexion R(t,0,0), extension R(−t,0,0), IR at 90°
 * R(90,0,t), ER at 0° R(0,0,−t), abduction R(0,t,0), adduction R(0,−t,0).
 * @throws JumeauError BAD_ARGUMENT for NaN/out-of-range angles or a neck not thinner than the head
 */
export function prostheticImpingementRom(input: ProstheticRomInput, options: RomSearchOptions = {}): ProstheticRom {
  const side = checkSide(input.side);
  checkHeadNeck(input.headRadiusMm, input.neckRadiusMm);
  const n = cupAxisFrameFromLai(cupAxisLaiFromAngles(input.cup, 'cup'), side);
  const u0 = neutralNeckAxis(side, input.stemAnteversionDeg, input.ccdDeg);
  const alphaMax = Math.acos(input.neckRadiusMm / input.headRadiusMm);
  const along = (path: MotionPath) =>
    firstContactDeg((t) => {
      const pose = path(t);
      return angleBetweenRad(n, matVec(femurRotation(side, pose.flexionDeg, pose.abductionDeg, pose.internalRotationDeg), u0)) >= alphaMax;
    }, options);
  const limits = {} as ProstheticRomLimits;
  for (const motion of ROM_MOTIONS) limits[motion] = along(ROM_MOTION_PATHS[motion]);
  return { alphaMaxDeg: radToDeg(alphaMax), neutralAngleDeg: radToDeg(angleBetweenRad(n, u0)), limits };
}
