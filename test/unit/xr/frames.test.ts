import { describe, expect, it } from 'vitest';
import { Matrix, Vector3 } from '@babylonjs/core/Maths/math.vector';
import { engineFromLps, lpsFromEngine } from '../../../src/core/engineFrame';
import type { Vec3 } from '../../../src/core/vec3';
import { GLTF_FROM_LPS_MATRIX, gltfFromLps } from '../../../src/meshing/gltf';
import type { Mat3 } from '../../../src/planning/geometry';
import { matMul, matVec } from '../../../src/planning/geometry';
import { applyTransform, rotationFromAxisAngle } from '../../../src/registration/rigidTransform';
import {
  applyTransformM,
  babylonMatrixArray,
  clipPlaneInXr,
  composeTransformsM,
  invertTransformM,
  lpsFromPatient,
  lpsFromXr,
  parsePatientPose,
  patientDirectionFromLps,
  patientFromLps,
  patientFromLpsMatrix4,
  patientRotationFromLps,
  poseFromEuler,
  xrFromLps,
  xrFromPatientOf,
  xrMmFromLpsOf,
} from '../../../src/xr/frames';
import { expectBadArgument } from '../../helpers/expectError';

const det = (m: Mat3): number =>
  m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
const close = (a: readonly number[], b: readonly number[], tol: number): void => {
  expect(a.length).toBe(b.length);
  a.forEach((v, i) => expect(Math.abs(v - b[i]), `component ${i}: ${v} vs ${b[i]}`).toBeLessThanOrEqual(tol));
};
/** Linear part of a map, column k = map(e_k) − map(0), scaled to mm → m. */
const linearPart = (f: (p: Vec3) => Vec3): Mat3 => {
  const o = f([0, 0, 0]);
  const cols = [f([1000, 0, 0]), f([0, 1000, 0]), f([0, 0, 1000])].map((c) => [c[0] - o[0], c[1] - o[1], c[2] - o[2]]);
  return [[cols[0][0], cols[1][0], cols[2][0]], [cols[0][1], cols[1][1], cols[2][1]], [cols[0][2], cols[1][2], cols[2][2]]];
};
const SAMPLES: Vec3[] = [[0, 0, 0], [80, 0, 0], [-115.5, 9.5, -30.9], [166, 10, 40], [12.25, -48, -37]];

describe('patientFromLps (XR, right-handed) vs engineFromLps (desktop, left-handed)', () => {
  it('maps LPS mm to 0.001·(x, z, −y), the glTF frame, and back exactly', () => {
    expect(patientFromLps([10, 20, 30])).toEqual([0.01, 0.03, -0.02]);
    for (const p of SAMPLES) {
      close(patientFromLps(p), gltfFromLps(p), 0);
      close(lpsFromPatient(patientFromLps(p)), p, 1e-12);
    }
    expect(patientFromLpsMatrix4()).toEqual([...GLTF_FROM_LPS_MATRIX]);
  });

  it('XR map is a proper rotation (det > 0), the desktop map a reflection (det < 0); both round-trip', () => {
    expect(det(linearPart(patientFromLps))).toBeCloseTo(1, 12);
    expect(det(linearPart(engineFromLps))).toBeCloseTo(-1, 12);
    for (const p of SAMPLES) close(lpsFromEngine(engineFromLps(p)), p, 1e-12);
    // Both put patient superior at engine +Y.
    expect(patientFromLps([0, 0, 1000])[1]).toBe(1);
    expect(engineFromLps([0, 0, 1000])[1]).toBe(1);
    // XR: anterior (−y LPS) faces +Z, toward a viewer at +Z looking down −Z (the WebXR default view).
    expect(patientFromLps([0, -1000, 0])[2]).toBe(1);
  });

  it('a pure LPS translation is a pure translation by C·d/1000 in both engines', () => {
    const d: Vec3 = [5, -7, 11];
    for (const p of SAMPLES) {
      const q: Vec3 = [p[0] + d[0], p[1] + d[1], p[2] + d[2]];
      close(patientFromLps(q), patientFromLps(p).map((v, i) => v + patientDirectionFromLps(d)[i] / 1000), 1e-15);
      close(engineFromLps(q), engineFromLps(p).map((v, i) => v + [d[0], d[2], d[1]][i] / 1000), 1e-15);
    }
  });

  it('a 90° LPS rotation conjugates to C·R·Cᵀ (XR) and C̃·R·C̃⁻¹ (desktop)', () => {
    const rLps = rotationFromAxisAngle([0, 0, 1], 90); // about superior: left (+x) → posterior (+y)
    close(matVec(rLps, [1, 0, 0]), [0, 1, 0], 1e-15);
    const rXr = patientRotationFromLps(rLps);
    expect(det(rXr)).toBeCloseTo(1, 12);
    const cDesk: Mat3 = [[1, 0, 0], [0, 0, 1], [0, 1, 0]];
    const rDesk = matMul(matMul(cDesk, rLps), cDesk);
    for (const p of SAMPLES) {
      close(patientFromLps(matVec(rLps, p)), matVec(rXr, patientFromLps(p)), 1e-15);
      close(engineFromLps(matVec(rLps, p)), matVec(rDesk, engineFromLps(p)), 1e-15);
    }
    // In the right-handed XR frame it stays a +90° rotation about +Y (superior); in the left-handed desktop
    // frame the same motion reads as a rotation about +Y with the opposite sign convention.
    close(rXr.flat(), rotationFromAxisAngle([0, 1, 0], 90).flat(), 1e-15);
    close(rDesk.flat(), rotationFromAxisAngle([0, 1, 0], -90).flat(), 1e-15);
  });
});

describe('the chain xrFromPatient ∘ patientFromLps', () => {
  const xrMm = { rotation: rotationFromAxisAngle([1, 2, 3], 30), translationMm: [10, -20, 5] as Vec3 };

  it('equals the registration pose divided by 1000, both ways', () => {
    const x = xrFromPatientOf(xrMm);
    for (const p of SAMPLES) {
      close(xrFromLps(x, p), applyTransform(xrMm, p).map((v) => v / 1000), 1e-15);
      close(lpsFromXr(x, xrFromLps(x, p)), p, 1e-9);
    }
    const back = xrMmFromLpsOf(x);
    close(back.rotation.flat(), xrMm.rotation.flat(), 1e-15);
    close(back.translationMm, xrMm.translationMm, 1e-12);
  });

  it('composes and inverts', () => {
    const a = poseFromEuler([0.1, 1.2, -0.4], 30, 10, -5);
    const b = poseFromEuler([-0.3, 0.2, 0.5], -70, 4, 12);
    const p: Vec3 = [0.2, -0.1, 0.3];
    close(applyTransformM(composeTransformsM(a, b), p), applyTransformM(a, applyTransformM(b, p)), 1e-15);
    close(applyTransformM(invertTransformM(a), applyTransformM(a, p)), p, 1e-15);
  });

  it('Babylon reads babylonMatrixArray as the same motion: pure translation and 90° rotation', () => {
    const tr = { rotation: rotationFromAxisAngle([0, 0, 1], 0), translationM: [0.1, 0.2, 0.3] as Vec3 };
    const mt = Matrix.FromArray(babylonMatrixArray(tr));
    const q = Vector3.TransformCoordinates(new Vector3(1, 2, 3), mt);
    close([q.x, q.y, q.z], [1.1, 2.2, 3.3], 1e-7);
    expect(mt.m[12]).toBeCloseTo(0.1, 7); // Babylon keeps translation in m[12..14] (Float32)
    const rot = { rotation: rotationFromAxisAngle([0, 1, 0], 90), translationM: [0, 0, 0] as Vec3 };
    const mr = Matrix.FromArray(babylonMatrixArray(rot));
    const x = Vector3.TransformCoordinates(new Vector3(1, 0, 0), mr);
    close([x.x, x.y, x.z], [0, 0, -1], 1e-7); // right-handed +90° about +Y: +X → −Z
    const full = poseFromEuler([0.05, 0.9, -0.6], 25, 5, -3);
    const mf = Matrix.FromArray(babylonMatrixArray(full));
    for (const p of SAMPLES.map(patientFromLps)) {
      const v = Vector3.TransformCoordinates(new Vector3(...p), mf);
      close([v.x, v.y, v.z], applyTransformM(full, p), 1e-7);
    }
  });

  it('puts an LPS clip plane where Babylon hides the side its normal points to', () => {
    const x = poseFromEuler([0.05, 0.9, -0.6], 25, 5, -3);
    const plane = clipPlaneInXr(x, [0, 0, 10], [0, 0, 1]);
    const side = (pLps: Vec3): number => {
      const p = xrFromLps(x, pLps);
      return plane.normal[0] * p[0] + plane.normal[1] * p[1] + plane.normal[2] * p[2] + plane.d;
    };
    expect(Math.abs(side([33, -12, 10]))).toBeLessThan(1e-12);
    expect(side([0, 0, 25])).toBeCloseTo(0.015, 12); // 15 mm superior: hidden (> 0)
    expect(side([0, 0, 0])).toBeCloseTo(-0.01, 12);
    expectBadArgument(() => clipPlaneInXr(x, [0, 0, 0], [0, 0, 0]), 'normalLps');
  });
});

describe('parsePatientPose', () => {
  it('reads metres and yaw/pitch/roll degrees', () => {
    const p = parsePatientPose('0.05, 0.9,-0.6,90');
    close(p.translationM, [0.05, 0.9, -0.6], 0);
    close(matVec(p.rotation, [1, 0, 0]), [0, 0, -1], 1e-15);
    close(parsePatientPose('1,2,3').rotation.flat(), [1, 0, 0, 0, 1, 0, 0, 0, 1], 0);
  });
  it('rejects malformed text and millimetres', () => {
    for (const bad of ['', '1,2', '1,2,x', '1,2,3,4,5,6,7', '1,,3', '200,0,0']) expectBadArgument(() => parsePatientPose(bad), 'patientPose');
  });
});
