/**
 * Frames of the headset overlay (pure: no Babylon, no DOM). Planning is in LPS millimetres; the XR
 * scene is in metres, right-handed, +Y up (WebXR's reference spaces; Babylon runs with
 * `scene.useRightHandedSystem = true` so poses come back unflipped). One chain maps a planned point to
 * the headset's reference space:
 *
 *   p_xr(m) = xrFromPatient ∘ patientFromLps (p_LPS mm)
 *
 * - `patientFromLps` is FIXED: p_patient = 0.001 · (x_L, z_S, −y_P), i.e. 0.001 · C · p with
 *   C = [[1,0,0],[0,0,1],[0,−1,0]] (det C = +1, a proper rotation). +X patient left, +Y superior,
 *   +Z anterior. It is the glTF frame of the twin (src/meshing/gltf.ts): the same numbers.
 * - `xrFromPatient` is the registration result, a rigid motion in metres expressed in the XR
 *   reference space (Babylon world = the session's `local-floor` space, see src/xr/README.md).
 *
 * Why it differs from the desktop view (src/core/engineFrame.ts, 0.001 · (x, z, y), det < 0): the
 * desktop scene is Babylon's default LEFT-handed world, so mapping right-handed LPS into it needs a
 * reflection (and reversed triangle winding). The XR scene is right-handed like LPS and like WebXR, so
 * a proper rotation suffices (brief §8.2, alternative), windings are kept, and quaternions / rotation
 * matrices convert by conjugation with C without any sign trap. Both maps agree on "up = superior".
 */
import { JumeauError } from '../core/errors';
import type { PointLps, Vec3 } from '../core/vec3';
import { gltfFromLps } from '../meshing/gltf';
import type { Mat3 } from '../planning/geometry';
import { matMul, matVec } from '../planning/geometry';
import type { RigidTransform } from '../registration/rigidTransform';
import { rotationFromAxisAngle } from '../registration/rigidTransform';

/** A point in the patient frame of the XR scene: metres, +X patient left, +Y superior, +Z anterior. */
export type PointPatientM = Vec3;
/** A point in the XR reference space (Babylon world of the right-handed XR scene), metres. */
export type PointXrM = Vec3;

/** A rigid motion in metres: p' = rotation·p + translationM (rotation row-major, column vectors). */
export interface RigidTransformM {
  /** Proper rotation, row-major, acting on column vectors. */
  rotation: Mat3;
  /** Translation in metres, in the destination frame. */
  translationM: Vec3;
}

/** Millimetres per metre. */
export const MM_PER_M = 1000;

/** C: the rotation part of `patientFromLps` (LPS axes → patient-frame axes), det +1. */
export const PATIENT_FROM_LPS_ROTATION: Mat3 = [[1, 0, 0], [0, 0, 1], [0, -1, 0]];
const LPS_FROM_PATIENT_ROTATION: Mat3 = [[1, 0, 0], [0, 0, -1], [0, 1, 0]];

/** `patientFromLps`: LPS mm → patient frame metres, 0.001·(x, z, −y) (the glTF map of the twin). */
export function patientFromLps(p: PointLps): PointPatientM {
  return gltfFromLps(p);
}

/** Inverse of {@link patientFromLps}: patient frame metres → LPS mm. */
export function lpsFromPatient(p: PointPatientM): PointLps {
  return [p[0] * MM_PER_M, -p[2] * MM_PER_M, p[1] * MM_PER_M];
}

/** A direction (unit vector, no scale) from LPS axes to patient-frame axes: (x, z, −y). */
export function patientDirectionFromLps(d: Vec3): Vec3 {
  return [d[0], d[2], -d[1]];
}

/** `patientFromLps` as a row-major 4×4 (column vectors): LPS mm → patient m. */
export function patientFromLpsMatrix4(): number[] {
  const s = 1 / MM_PER_M;
  return [s, 0, 0, 0, 0, 0, s, 0, 0, -s, 0, 0, 0, 0, 0, 1];
}

/** A rotation expressed in LPS axes, re-expressed in patient-frame axes: C·R·Cᵀ. */
export function patientRotationFromLps(rLps: Mat3): Mat3 {
  return matMul(matMul(PATIENT_FROM_LPS_ROTATION, rLps), LPS_FROM_PATIENT_ROTATION);
}

/**
 * The registration result (LPS mm → XR mm, as `registerPairedPoints` returns it) as `xrFromPatient`
 * (patient m → XR m): rotation R·Cᵀ, translation t/1000. Then xrFromPatient(patientFromLps(p)) =
 * (R·p + t)/1000 for every p.
 */
export function xrFromPatientOf(xrMmFromLps: RigidTransform): RigidTransformM {
  const t = xrMmFromLps.translationMm;
  return { rotation: matMul(xrMmFromLps.rotation, LPS_FROM_PATIENT_ROTATION), translationM: [t[0] / MM_PER_M, t[1] / MM_PER_M, t[2] / MM_PER_M] };
}

/** Inverse of {@link xrFromPatientOf}: `xrFromPatient` (m) → LPS mm → XR mm (rotation R·C, t·1000). */
export function xrMmFromLpsOf(xrFromPatient: RigidTransformM): RigidTransform {
  const t = xrFromPatient.translationM;
  return { rotation: matMul(xrFromPatient.rotation, PATIENT_FROM_LPS_ROTATION), translationMm: [t[0] * MM_PER_M, t[1] * MM_PER_M, t[2] * MM_PER_M] };
}

/** Applies a rigid motion in metres. */
export function applyTransformM(t: RigidTransformM, p: Vec3): Vec3 {
  const q = matVec(t.rotation, p);
  return [q[0] + t.translationM[0], q[1] + t.translationM[1], q[2] + t.translationM[2]];
}

/** Inverse of a rigid motion in metres: (Rᵀ, −Rᵀ·t). */
export function invertTransformM(t: RigidTransformM): RigidTransformM {
  const r = t.rotation;
  const rt: Mat3 = [[r[0][0], r[1][0], r[2][0]], [r[0][1], r[1][1], r[2][1]], [r[0][2], r[1][2], r[2][2]]];
  const ti = matVec(rt, t.translationM);
  return { rotation: rt, translationM: [-ti[0], -ti[1], -ti[2]] };
}

/** `aFromC = aFromB ∘ bFromC` in metres. */
export function composeTransformsM(aFromB: RigidTransformM, bFromC: RigidTransformM): RigidTransformM {
  return { rotation: matMul(aFromB.rotation, bFromC.rotation), translationM: applyTransformM(aFromB, bFromC.translationM) };
}

/** The whole chain: LPS mm → XR reference space m, `xrFromPatient ∘ patientFromLps`. */
export function xrFromLps(xrFromPatient: RigidTransformM, pLps: PointLps): PointXrM {
  return applyTransformM(xrFromPatient, patientFromLps(pLps));
}

/** Inverse chain: XR m → LPS mm. */
export function lpsFromXr(xrFromPatient: RigidTransformM, pXrM: PointXrM): PointLps {
  return lpsFromPatient(applyTransformM(invertTransformM(xrFromPatient), pXrM));
}

/** Row-major 4×4 (column vectors, translation at 3, 7, 11) of a transform in metres. */
export function matrix4OfTransformM(t: RigidTransformM): number[] {
  const r = t.rotation;
  const d = t.translationM;
  return [r[0][0], r[0][1], r[0][2], d[0], r[1][0], r[1][1], r[1][2], d[1], r[2][0], r[2][1], r[2][2], d[2], 0, 0, 0, 1];
}

/**
 * The 16 numbers Babylon's `Matrix.FromArray` wants for this transform. Babylon multiplies row vectors
 * (p' = p·M, translation in m[12..14]), so its array is the column-major reading of our row-major,
 * column-vector matrix (= the transpose). Checked against Babylon in test/unit/xr/frames.test.ts.
 */
export function babylonMatrixArray(t: RigidTransformM): number[] {
  const m = matrix4OfTransformM(t);
  const out = new Array<number>(16);
  for (let r = 0; r < 4; r++) for (let c = 0; c < 4; c++) out[c * 4 + r] = m[r * 4 + c];
  return out;
}

/**
 * A plane given in LPS (a point and a normal) as Babylon's world clip plane for the current pose:
 * `normal·p + d = 0` in XR metres, oriented so Babylon (which hides where n·p + d > 0) hides the side
 * the LPS normal points to.
 */
export function clipPlaneInXr(xrFromPatient: RigidTransformM, pointLps: PointLps, normalLps: Vec3): { normal: Vec3; d: number } {
  const n0 = Math.hypot(normalLps[0], normalLps[1], normalLps[2]);
  if (!(n0 > 0) || !Number.isFinite(n0)) throw new JumeauError('BAD_ARGUMENT', 'clip plane normal must be a non-zero finite vector', { subject: 'normalLps' });
  const nLps: Vec3 = [normalLps[0] / n0, normalLps[1] / n0, normalLps[2] / n0];
  const normal = matVec(xrFromPatient.rotation, patientDirectionFromLps(nLps));
  const p = xrFromLps(xrFromPatient, pointLps);
  return { normal, d: -(normal[0] * p[0] + normal[1] * p[1] + normal[2] * p[2]) };
}

/**
 * A pose from yaw/pitch/roll about the XR axes (degrees) and a translation (m):
 * R = R_Y(yaw)·R_X(pitch)·R_Z(roll), right-handed, applied to patient-frame points.
 */
export function poseFromEuler(translationM: Vec3, yawDeg = 0, pitchDeg = 0, rollDeg = 0): RigidTransformM {
  const r = matMul(matMul(rotationFromAxisAngle([0, 1, 0], yawDeg), rotationFromAxisAngle([1, 0, 0], pitchDeg)), rotationFromAxisAngle([0, 0, 1], rollDeg));
  return { rotation: r, translationM: [...translationM] };
}

/**
 * Parses the `patientPose` test hook, "tx,ty,tz[,yawDeg[,pitchDeg[,rollDeg]]]" (metres, degrees; see
 * {@link poseFromEuler}): the known `xrFromPatient` of the virtual patient.
 * @throws JumeauError BAD_ARGUMENT (subject 'patientPose') on anything else
 */
export function parsePatientPose(text: string): RigidTransformM {
  const parts = String(text ?? '').split(',').map((s) => s.trim());
  const nums = parts.map(Number);
  if (parts.length < 3 || parts.length > 6 || parts.some((s) => s === '') || !nums.every(Number.isFinite)) {
    throw new JumeauError('BAD_ARGUMENT', `expected "tx,ty,tz[,yawDeg[,pitchDeg[,rollDeg]]]" in metres and degrees, got "${text}"`, { subject: 'patientPose' });
  }
  if (nums.slice(0, 3).some((v) => Math.abs(v) > 100)) throw new JumeauError('BAD_ARGUMENT', 'translation beyond 100 m: metres expected, not millimetres', { subject: 'patientPose' });
  return poseFromEuler([nums[0], nums[1], nums[2]], nums[3] ?? 0, nums[4] ?? 0, nums[5] ?? 0);
}
