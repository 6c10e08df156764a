/**
 * Volume-based (geometric) impingement detector, brief §3.5 "Bony/implant–bone impingement": moving
 * surface samples (femur side: neck, bone, stem) are rotated about the centre of rotation by the
 * motion model of impingement.ts and looked up, with trilinear interpolation, in a signed-distance
 * volume of the fixed side (pelvis + cup); contact when SDF < threshold (default 0.5 mm). The search
 * per motion path is {@link firstContactDeg} (0.5° steps, bisection to 0.01°), the paths are
 * {@link ROM_MOTION_PATHS}, so the limits compare directly with {@link prostheticImpingementRom}.
 */
import { JumeauError } from '../core/errors';
import type { PointLps, Vec3 } from '../core/vec3';
import { cross, dot } from '../core/vec3';
import type { Mat3 } from './geometry';
import { matMul } from './geometry';
import type { RomMotion, RomSearchOptions } from './impingement';
import { femurRotation, firstContactDeg, ROM_MOTION_PATHS, ROM_MOTIONS } from './impingement';
import type { SdfVolume } from './sdfSampler';
import { createSdfSampler } from './sdfSampler';
import type { Side } from './validate';
import { checkFinite, checkSide, checkVec3 } from './validate';

/** Axes (unit, LPS) of the frame the motion model is expressed in, e.g. the APP frame's X, Y, Z. */
export interface MotionFrameAxes {
  /** Frame X (patient left for the APP frame), LPS. */
  xLps: Vec3;
  /** Frame Y (posterior), LPS. */
  yLps: Vec3;
  /** Frame Z (superior), LPS. */
  zLps: Vec3;
}

/** Inputs of {@link volumeImpingementRom}. */
export interface VolumeImpingementInput {
  /** Hip side (selects the mirrored motion matrix for 'L', as in impingement.ts). */
  side: Side;
  /** Moving-side surface samples in the neutral pose, LPS mm (every ≤ 1 mm for the 0.5 mm threshold). */
  movingPointsLps: readonly PointLps[];
  /** Fixed-side signed distance, mm, negative inside (e.g. `signedDistanceMm` of a pelvis mask). */
  fixedSdf: SdfVolume;
  /** Centre of rotation (head centre), LPS mm. */
  centreOfRotationLps: PointLps;
  /** Frame of the motion model; default the LPS axes (an LPS-aligned pelvic frame). */
  frame?: MotionFrameAxes;
  /** Contact when the interpolated SDF at a moving point is below this, mm (default 0.5). */
  contactThresholdMm?: number;
  /**
   * Moving points closer than this to the COR are ignored (the articulating region; brief: R + 2 mm).
   * Rotation about the COR keeps that distance, so the filter is applied once. 0 keeps every point.
   */
  exclusionRadiusMm: number;
  /** Motion paths to search (default all of {@link ROM_MOTIONS}). */
  motions?: readonly RomMotion[];
}

/** The first contact along one motion path. */
export interface VolumeContact {
  /** First-contact path parameter, degrees; null when free up to the search's `maxDeg`. */
  limitDeg: number | null;
  /** The moving point with the smallest SDF at `limitDeg` (null when there is no contact). */
  point: {
    /** Index into `movingPointsLps`. */
    index: number;
    /** Its rest (neutral) position, LPS mm. */
    restLps: PointLps;
    /** Its position at the contact angle, LPS mm. */
    atContactLps: PointLps;
    /** Interpolated SDF there, mm. */
    sdfMm: number;
  } | null;
}

/** Result of {@link volumeImpingementRom}. */
export interface VolumeImpingementRom {
  /** Per searched motion path. */
  contacts: Partial<Record<RomMotion, VolumeContact>>;
  /** Contact threshold used, mm. */
  contactThresholdMm: number;
  /** Points tested (outside the exclusion sphere) and ignored (inside it). */
  pointsTested: number;
  /** Points within `exclusionRadiusMm` of the COR. */
  pointsExcluded: number;
}

const transpose = (m: Mat3): Mat3 => [[m[0][0], m[1][0], m[2][0]], [m[0][1], m[1][1], m[2][1]], [m[0][2], m[1][2], m[2][2]]];

function frameMatrix(frame: MotionFrameAxes | undefined): Mat3 {
  if (frame === undefined) return [[1, 0, 0], [0, 1, 0], [0, 0, 1]];
  const x = checkVec3(frame.xLps, 'frame.xLps');
  const y = checkVec3(frame.yLps, 'frame.yLps');
  const z = checkVec3(frame.zLps, 'frame.zLps');
  const ok = Math.abs(dot(x, x) - 1) < 1e-6 && Math.abs(dot(y, y) - 1) < 1e-6 && Math.abs(dot(x, y)) < 1e-6 && Math.abs(dot(z, z) - 1) < 1e-6 && dot(cross(x, y), z) > 1 - 1e-6;
  if (!ok) throw new JumeauError('BAD_ARGUMENT', 'axes must be orthonormal and right-handed (z = x × y)', { subject: 'frame' });
  return [[x[0], y[0], z[0]], [x[1], y[1], z[1]], [x[2], y[2], z[2]]]; // columns = axes
}

/**
 * Volume-based impingement ROM: for each motion path, the first angle at which a moving point p,
 * moved to c + F·R(t)·Fᵀ·(p − c) (c = COR, F = frame axes, R = {@link femurRotation}), has a
 * trilinearly interpolated fixed-side SDF below the threshold; and the point that touched.
 * @throws JumeauError BAD_ARGUMENT naming the field: `movingPointsLps` (empty, or all excluded),
 *   `movingPointsLps[n]`, `fixedSdf.data`/`.size`/…, `centreOfRotationLps`, `frame`, `contactThresholdMm`,
 *   `exclusionRadiusMm`, `motions[n]`
 */
export function volumeImpingementRom(input: VolumeImpingementInput, options: RomSearchOptions = {}): VolumeImpingementRom {
  const side = checkSide(input.side);
  const pts = input.movingPointsLps;
  if (!Array.isArray(pts) || pts.length === 0) throw new JumeauError('BAD_ARGUMENT', 'needs at least one moving point', { subject: 'movingPointsLps' });
  const c = checkVec3(input.centreOfRotationLps, 'centreOfRotationLps');
  const sampler = createSdfSampler(input.fixedSdf, 'fixedSdf');
  const F = frameMatrix(input.frame);
  const Ft = transpose(F);
  const threshold = checkFinite(input.contactThresholdMm ?? 0.5, 'contactThresholdMm');
  const exclusion = checkFinite(input.exclusionRadiusMm, 'exclusionRadiusMm');
  if (exclusion < 0) throw new JumeauError('BAD_ARGUMENT', `must be ≥ 0, got ${exclusion}`, { subject: 'exclusionRadiusMm' });
  const motions = input.motions ?? ROM_MOTIONS;
  motions.forEach((m, n) => {
    if (!Object.prototype.hasOwnProperty.call(ROM_MOTION_PATHS, m)) throw new JumeauError('BAD_ARGUMENT', `unknown motion ${String(m)}`, { subject: `motions[${n}]` });
  });

  // Offsets from the COR of the points outside the exclusion sphere, packed for speed.
  const kept: number[] = [];
  const rel: number[] = [];
  pts.forEach((p, n) => {
    checkVec3(p, `movingPointsLps[${n}]`);
    const dx = p[0] - c[0], dy = p[1] - c[1], dz = p[2] - c[2];
    if (Math.hypot(dx, dy, dz) < exclusion) return;
    kept.push(n);
    rel.push(dx, dy, dz);
  });
  if (kept.length === 0) {
    throw new JumeauError('BAD_ARGUMENT', `all ${pts.length} points lie within ${exclusion} mm of the centre of rotation`, { subject: 'movingPointsLps' });
  }
  const offsets = Float64Array.from(rel);
  const A = sampler.indexAffine;
  const o = sampler.originLps;
  // Index of the COR: A·(c − origin).
  const cIdx = [0, 1, 2].map((r) => A[r][0] * (c[0] - o[0]) + A[r][1] * (c[1] - o[1]) + A[r][2] * (c[2] - o[2]));

  /** ijk = cIdx + (A·F·R·Fᵀ)·offset: the per-pose affine, row-major. */
  const poseAffine = (motion: RomMotion, t: number): Mat3 => {
    const pose = ROM_MOTION_PATHS[motion](t);
    const R = femurRotation(side, pose.flexionDeg, pose.abductionDeg, pose.internalRotationDeg);
    return matMul(A, matMul(matMul(F, R), Ft));
  };
  const sdfAt = (M: Mat3, q: number): number => {
    const x = offsets[3 * q], y = offsets[3 * q + 1], z = offsets[3 * q + 2];
    return sampler.atIndex(
      cIdx[0] + M[0][0] * x + M[0][1] * y + M[0][2] * z,
      cIdx[1] + M[1][0] * x + M[1][1] * y + M[1][2] * z,
      cIdx[2] + M[2][0] * x + M[2][1] * y + M[2][2] * z,
    );
  };
  const touches = (motion: RomMotion, t: number): boolean => {
    const M = poseAffine(motion, t);
    for (let q = 0; q < kept.length; q++) if (sdfAt(M, q) < threshold) return true;
    return false;
  };

  const contacts: Partial<Record<RomMotion, VolumeContact>> = {};
  for (const motion of motions) {
    const limitDeg = firstContactDeg((t) => touches(motion, t), options);
    if (limitDeg === null) {
      contacts[motion] = { limitDeg, point: null };
      continue;
    }
    const M = poseAffine(motion, limitDeg);
    let best = 0;
    let bestSdf = Infinity;
    for (let q = 0; q < kept.length; q++) {
      const s = sdfAt(M, q);
      if (s < bestSdf) {
        bestSdf = s;
        best = q;
      }
    }
    const pose = ROM_MOTION_PATHS[motion](limitDeg);
    const W = matMul(matMul(F, femurRotation(side, pose.flexionDeg, pose.abductionDeg, pose.internalRotationDeg)), Ft);
    const x = offsets[3 * best], y = offsets[3 * best + 1], z = offsets[3 * best + 2];
    const index = kept[best];
    const rest = pts[index];
    contacts[motion] = {
      limitDeg,
      point: {
        index,
        restLps: [rest[0], rest[1], rest[2]],
        atContactLps: [0, 1, 2].map((r) => c[r] + W[r][0] * x + W[r][1] * y + W[r][2] * z) as PointLps,
        sdfMm: bestSdf,
      },
    };
  }
  return { contacts, contactThresholdMm: threshold, pointsTested: kept.length, pointsExcluded: pts.length - kept.length };
}
