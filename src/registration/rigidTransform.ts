/**
 * Rigid transforms p' = R·p + t between two frames (CT/LPS, headset world, anchor, tracker), in mm.
 * Names say which way a transform maps: `worldFromCt` takes CT points to world points; composing
 * `worldFromAnchor ∘ anchorFromCt` gives `worldFromCt` (brief §7, REG-05).
 */
import { JumeauError } from '../core/errors';
import type { Vec3 } from '../core/vec3';
import { norm } from '../core/vec3';
import type { Mat3 } from '../planning/geometry';
import { matMul, matVec } from '../planning/geometry';
import { det3, nearestRotation, transpose3 } from './svd3';

/** A proper rigid motion p' = rotation·p + translationMm (rotation: row-major, acts on column vectors). */
export interface RigidTransform {
  /** Proper rotation matrix (orthonormal, det +1), row-major. */
  rotation: Mat3;
  /** Translation in mm, in the destination frame. */
  translationMm: Vec3;
}

/** The identity transform. */
export const IDENTITY_TRANSFORM: RigidTransform = Object.freeze({
  rotation: Object.freeze([Object.freeze([1, 0, 0]), Object.freeze([0, 1, 0]), Object.freeze([0, 0, 1])]) as unknown as Mat3,
  translationMm: Object.freeze([0, 0, 0]) as unknown as Vec3,
});

const RAD = Math.PI / 180;

/** Maps a point (mm): R·p + t. */
export function applyTransform(t: RigidTransform, p: Vec3): Vec3 {
  const r = t.rotation;
  return [
    r[0][0] * p[0] + r[0][1] * p[1] + r[0][2] * p[2] + t.translationMm[0],
    r[1][0] * p[0] + r[1][1] * p[1] + r[1][2] * p[2] + t.translationMm[1],
    r[2][0] * p[0] + r[2][1] * p[1] + r[2][2] * p[2] + t.translationMm[2],
  ];
}

/** Maps a direction or normal (no translation): R·v. */
export function applyRotation(t: RigidTransform, v: Vec3): Vec3 {
  return matVec(t.rotation, v);
}

/** `aFromC = aFromB ∘ bFromC`: first bFromC, then aFromB (R = R_ab·R_bc, t = R_ab·t_bc + t_ab). */
export function composeTransforms(aFromB: RigidTransform, bFromC: RigidTransform): RigidTransform {
  return { rotation: matMul(aFromB.rotation, bFromC.rotation), translationMm: applyTransform(aFromB, bFromC.translationMm) };
}

/** Inverse: (Rᵀ, −Rᵀ·t). */
export function invertTransform(t: RigidTransform): RigidTransform {
  const rt = transpose3(t.rotation);
  const ti = matVec(rt, t.translationMm);
  return { rotation: rt, translationMm: [-ti[0], -ti[1], -ti[2]] };
}

/**
 * The 4×4 homogeneous matrix, 16 numbers row-major, column-vector convention: [R t; 0 0 0 1], so the
 * translation is at indices 3, 7, 11. (WebGL/WebXR `Float32Array`s are column-major: transpose.)
 */
export function transformToMatrix4(t: RigidTransform): number[] {
  const r = t.rotation;
  const d = t.translationMm;
  return [r[0][0], r[0][1], r[0][2], d[0], r[1][0], r[1][1], r[1][2], d[1], r[2][0], r[2][1], r[2][2], d[2], 0, 0, 0, 1];
}

/**
 * Reads a row-major 4×4 rigid matrix (translation at 3, 7, 11; mm). The upper 3×3 must be a proper
 * rotation to within 1e-5 (Float32 round-trips pass); it is then snapped to the nearest exact rotation.
 * @param subject - field name for errors (default 'matrix')
 * @throws JumeauError BAD_ARGUMENT: not 16 finite numbers, last row ≠ (0,0,0,1), not orthonormal
 *   (scale, shear) or det −1 (a reflection)
 */
export function transformFromMatrix4(m: readonly number[], subject = 'matrix'): RigidTransform {
  if (!m || m.length !== 16) throw new JumeauError('BAD_ARGUMENT', `a 4×4 matrix needs 16 numbers, got ${m?.length}`, { subject });
  for (let i = 0; i < 16; i++) {
    if (!Number.isFinite(m[i])) throw new JumeauError('BAD_ARGUMENT', `entry ${i} is not a finite number`, { subject });
  }
  if (Math.abs(m[12]) > 1e-9 || Math.abs(m[13]) > 1e-9 || Math.abs(m[14]) > 1e-9 || Math.abs(m[15] - 1) > 1e-9) {
    throw new JumeauError('BAD_ARGUMENT', 'last row must be (0, 0, 0, 1) (row-major, translation in entries 3, 7, 11)', { subject });
  }
  const r: Mat3 = [[m[0], m[1], m[2]], [m[4], m[5], m[6]], [m[8], m[9], m[10]]];
  const rtr = matMul(transpose3(r), r);
  let err = 0;
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) err = Math.max(err, Math.abs(rtr[i][j] - (i === j ? 1 : 0)));
  if (err > 1e-5) throw new JumeauError('BAD_ARGUMENT', `upper 3×3 is not orthonormal (|RᵀR − I| = ${err.toExponential(2)}): scale or shear`, { subject });
  if (det3(r) < 0) throw new JumeauError('BAD_ARGUMENT', 'upper 3×3 is a reflection (det −1), not a rotation', { subject });
  return { rotation: err === 0 ? r : nearestRotation(r), translationMm: [m[3], m[7], m[11]] };
}

/**
 * Right-handed rotation by `angleDeg` about `axis` (Rodrigues). The axis need not be unit length.
 * @throws JumeauError BAD_ARGUMENT (subject 'axis') on a zero or non-finite axis or angle
 */
export function rotationFromAxisAngle(axis: Vec3, angleDeg: number): Mat3 {
  const n = norm(axis);
  if (!(n > 1e-12) || !Number.isFinite(n)) throw new JumeauError('BAD_ARGUMENT', 'rotation axis has zero length', { subject: 'axis' });
  if (!Number.isFinite(angleDeg)) throw new JumeauError('BAD_ARGUMENT', 'angle is not finite', { subject: 'angleDeg' });
  const x = axis[0] / n;
  const y = axis[1] / n;
  const z = axis[2] / n;
  const c = Math.cos(angleDeg * RAD);
  const s = Math.sin(angleDeg * RAD);
  const k = 1 - c;
  return [
    [c + x * x * k, x * y * k - z * s, x * z * k + y * s],
    [y * x * k + z * s, c + y * y * k, y * z * k - x * s],
    [z * x * k - y * s, z * y * k + x * s, c + z * z * k],
  ];
}

/** Unit quaternion (w, x, y, z) of a proper rotation, w ≥ 0 (Shepperd's numerically stable branch choice). */
export function quaternionFromRotation(r: Mat3): [number, number, number, number] {
  const tr = r[0][0] + r[1][1] + r[2][2];
  let q: [number, number, number, number];
  if (tr >= r[0][0] && tr >= r[1][1] && tr >= r[2][2]) {
    const s = 2 * Math.sqrt(Math.max(0, 1 + tr));
    q = [s / 4, (r[2][1] - r[1][2]) / s, (r[0][2] - r[2][0]) / s, (r[1][0] - r[0][1]) / s];
  } else if (r[0][0] >= r[1][1] && r[0][0] >= r[2][2]) {
    const s = 2 * Math.sqrt(Math.max(0, 1 + r[0][0] - r[1][1] - r[2][2]));
    q = [(r[2][1] - r[1][2]) / s, s / 4, (r[0][1] + r[1][0]) / s, (r[0][2] + r[2][0]) / s];
  } else if (r[1][1] >= r[2][2]) {
    const s = 2 * Math.sqrt(Math.max(0, 1 - r[0][0] + r[1][1] - r[2][2]));
    q = [(r[0][2] - r[2][0]) / s, (r[0][1] + r[1][0]) / s, s / 4, (r[1][2] + r[2][1]) / s];
  } else {
    const s = 2 * Math.sqrt(Math.max(0, 1 - r[0][0] - r[1][1] + r[2][2]));
    q = [(r[1][0] - r[0][1]) / s, (r[0][2] + r[2][0]) / s, (r[1][2] + r[2][1]) / s, s / 4];
  }
  const len = Math.hypot(q[0], q[1], q[2], q[3]);
  const sign = q[0] < 0 ? -1 : 1;
  return [(sign * q[0]) / len, (sign * q[1]) / len, (sign * q[2]) / len, (sign * q[3]) / len];
}

/**
 * Rotation matrix of a quaternion (w, x, y, z); normalised first.
 * @throws JumeauError BAD_ARGUMENT (subject 'quaternion') on a zero or non-finite quaternion
 */
export function rotationFromQuaternion(q: readonly [number, number, number, number]): Mat3 {
  const len = Math.hypot(q[0], q[1], q[2], q[3]);
  if (!(len > 1e-12) || !Number.isFinite(len)) throw new JumeauError('BAD_ARGUMENT', 'quaternion has zero length or a non-finite entry', { subject: 'quaternion' });
  const w = q[0] / len;
  const x = q[1] / len;
  const y = q[2] / len;
  const z = q[3] / len;
  return [
    [1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y)],
    [2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x)],
    [2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y)],
  ];
}

/**
 * Rotation angle of a rotation matrix, degrees in [0, 180], as atan2(|axial vector|, (tr − 1)/2) —
 * accurate for tiny residual rotations where acos((tr − 1)/2) loses half its digits.
 */
export function rotationAngleDeg(r: Mat3): number {
  const sinTimes2 = Math.hypot(r[2][1] - r[1][2], r[0][2] - r[2][0], r[1][0] - r[0][1]);
  const cosTimes2 = r[0][0] + r[1][1] + r[2][2] - 1;
  return Math.atan2(sinTimes2, cosTimes2) / RAD;
}

/**
 * How far apart two transforms with the same source and destination frames are: the angle of
 * R_a·R_bᵀ (deg) and either |t_a − t_b| (mm, the displacement of the source origin) or, with
 * `atPointLps`, |a(p) − b(p)| (mm, the displacement at that point — use the target, e.g. the cup centre).
 */
export function transformDifference(a: RigidTransform, b: RigidTransform, atPointLps?: Vec3): { rotationDeg: number; translationMm: number } {
  const rotationDeg = rotationAngleDeg(matMul(a.rotation, transpose3(b.rotation)));
  const pa = atPointLps ? applyTransform(a, atPointLps) : a.translationMm;
  const pb = atPointLps ? applyTransform(b, atPointLps) : b.translationMm;
  return { rotationDeg, translationMm: Math.hypot(pa[0] - pb[0], pa[1] - pb[1], pa[2] - pb[2]) };
}

/**
 * Checks that a transform is finite and rigid (|RᵀR − I| ≤ 1e-6, det > 0).
 * @throws JumeauError BAD_ARGUMENT naming `subject`
 */
export function assertRigidTransform(t: RigidTransform, subject: string): void {
  const m = t?.rotation && t?.translationMm ? transformToMatrix4(t) : [];
  if (m.length !== 16 || !m.every(Number.isFinite)) throw new JumeauError('BAD_ARGUMENT', 'transform must have a finite 3×3 rotation and 3-vector translation', { subject });
  const rtr = matMul(transpose3(t.rotation), t.rotation);
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      if (Math.abs(rtr[i][j] - (i === j ? 1 : 0)) > 1e-6) throw new JumeauError('BAD_ARGUMENT', 'rotation is not orthonormal', { subject });
    }
  }
  if (det3(t.rotation) < 0) throw new JumeauError('BAD_ARGUMENT', 'rotation is a reflection (det −1)', { subject });
}
