/**
 * Rigid transforms (brief §7): REG-05 pose composition through 4×4 matrices vs (R, t) applied in
 * sequence, inverse round-trips at 1e-9; matrix validation; axis-angle, quaternions, angles; and the
 * 3×3 SVD / symmetric Jacobi eigen-solvers the registrations rely on.
 */
import { describe, expect, it } from 'vitest';
import { expectBadArgument } from '../../helpers/expectError';
import type { Vec3 } from '../../../src/core/vec3';
import type { Mat3 } from '../../../src/planning/geometry';
import { matMul, rotationZ } from '../../../src/planning/geometry';
import { jacobiEigenSymmetric } from '../../../src/registration/eigen';
import type { RigidTransform } from '../../../src/registration/rigidTransform';
import {
  applyRotation,
  applyTransform,
  composeTransforms,
  IDENTITY_TRANSFORM,
  invertTransform,
  quaternionFromRotation,
  rotationAngleDeg,
  rotationFromAxisAngle,
  rotationFromQuaternion,
  transformDifference,
  transformFromMatrix4,
  transformToMatrix4,
} from '../../../src/registration/rigidTransform';
import { det3, nearestRotation, svd3, transpose3 } from '../../../src/registration/svd3';
import { mulberry32 } from '../../../src/samples/random';

const maxAbs = (a: readonly number[], b: readonly number[]): number => Math.max(...a.map((x, i) => Math.abs(x - b[i])));
const flat = (m: Mat3): number[] => [...m[0], ...m[1], ...m[2]];

function mat4Mul(a: readonly number[], b: readonly number[]): number[] {
  const out = new Array<number>(16).fill(0);
  for (let r = 0; r < 4; r++) for (let c = 0; c < 4; c++) for (let k = 0; k < 4; k++) out[r * 4 + c] += a[r * 4 + k] * b[k * 4 + c];
  return out;
}
const mat4Apply = (m: readonly number[], p: Vec3): Vec3 => [0, 1, 2].map((r) => m[r * 4] * p[0] + m[r * 4 + 1] * p[1] + m[r * 4 + 2] * p[2] + m[r * 4 + 3]) as Vec3;

const worldFromAnchor: RigidTransform = { rotation: rotationFromAxisAngle([0.2, 1, -0.3], 40), translationMm: [120, -35, 800] };
const anchorFromCt: RigidTransform = { rotation: rotationFromAxisAngle([1, 0.5, 0.1], -25), translationMm: [-300, 40, -950] };
const CT_POINTS: Vec3[] = [[0, 0, 0], [-95, 5, 850], [110, -60, 900], [-250, 180, 1200], [12.5, -7.25, 3.125]];

describe('REG-05 pose composition', () => {
  const worldFromCt = composeTransforms(worldFromAnchor, anchorFromCt);
  const m = mat4Mul(transformToMatrix4(worldFromAnchor), transformToMatrix4(anchorFromCt));

  it('4×4 product applied to a CT point equals applying (R, t) twice in sequence (1e-9)', () => {
    for (const p of CT_POINTS) {
      const sequential = applyTransform(worldFromAnchor, applyTransform(anchorFromCt, p));
      expect(maxAbs(mat4Apply(m, p), sequential)).toBeLessThan(1e-9);
      expect(maxAbs(applyTransform(worldFromCt, p), sequential)).toBeLessThan(1e-9);
    }
    expect(maxAbs(transformToMatrix4(worldFromCt), m)).toBeLessThan(1e-9);
  });

  it('the inverse round-trips (1e-9), as transforms and as 4×4 matrices', () => {
    const ctFromWorld = invertTransform(worldFromCt);
    for (const p of CT_POINTS) expect(maxAbs(applyTransform(ctFromWorld, applyTransform(worldFromCt, p)), p)).toBeLessThan(1e-9);
    const eye = mat4Mul(transformToMatrix4(ctFromWorld), m);
    expect(maxAbs(eye, transformToMatrix4(IDENTITY_TRANSFORM))).toBeLessThan(1e-9);
    // ctFromWorld = ctFromAnchor ∘ anchorFromWorld
    const other = composeTransforms(invertTransform(anchorFromCt), invertTransform(worldFromAnchor));
    expect(maxAbs(transformToMatrix4(other), transformToMatrix4(ctFromWorld))).toBeLessThan(1e-9);
  });

  it('4×4 layout: row-major, translation at 3, 7, 11; read back exactly', () => {
    const m4 = transformToMatrix4(worldFromAnchor);
    expect([m4[3], m4[7], m4[11]]).toEqual([120, -35, 800]);
    expect(m4.slice(12)).toEqual([0, 0, 0, 1]);
    const back = transformFromMatrix4(m4);
    expect(maxAbs(flat(back.rotation), flat(worldFromAnchor.rotation))).toBeLessThan(1e-15);
    expect(back.translationMm).toEqual([120, -35, 800]);
  });

  it('directions ignore translation', () => {
    const v: Vec3 = [0, 0, 1];
    expect(maxAbs(applyRotation(worldFromAnchor, v), applyTransform(worldFromAnchor, v).map((x, i) => x - worldFromAnchor.translationMm[i]))).toBeLessThan(1e-12);
  });
});

describe('transformFromMatrix4 validation', () => {
  const good = transformToMatrix4(worldFromAnchor);
  it('accepts a Float32 round-trip and snaps it to an exact rotation', () => {
    const f32 = Array.from(Float32Array.from(good));
    const t = transformFromMatrix4(f32);
    const rtr = matMul(transpose3(t.rotation), t.rotation);
    expect(maxAbs(flat(rtr), [1, 0, 0, 0, 1, 0, 0, 0, 1])).toBeLessThan(1e-14);
    expect(det3(t.rotation)).toBeCloseTo(1, 14);
  });
  it.each([
    ['15 numbers', good.slice(0, 15)],
    ['NaN', good.map((x, i) => (i === 5 ? NaN : x))],
    ['scale 1.01', good.map((x, i) => (i < 11 && i % 4 !== 3 ? x * 1.01 : x))],
    ['reflection', good.map((x, i) => (i === 2 || i === 6 || i === 10 ? -x : x))],
    ['projective last row', good.map((x, i) => (i === 14 ? 0.1 : x))],
  ])('rejects %s with BAD_ARGUMENT naming the field', (_name, m) => {
    expectBadArgument(() => transformFromMatrix4(m, 'worldFromAnchor'), 'worldFromAnchor');
  });
});

describe('rotations, quaternions and angles', () => {
  it('axis-angle follows the right-hand rule (z axis = rotationZ)', () => {
    expect(maxAbs(flat(rotationFromAxisAngle([0, 0, 2], 30)), flat(rotationZ(Math.PI / 6)))).toBeLessThan(1e-15);
    expectBadArgument(() => rotationFromAxisAngle([0, 0, 0], 10), 'axis');
  });

  it('quaternion ↔ matrix round-trips with w ≥ 0, including near 180°', () => {
    const random = mulberry32(11);
    const angles = [0, 1e-7, 30, 90, 179.999, 180];
    for (const angle of angles) {
      for (let k = 0; k < 20; k++) {
        const axis: Vec3 = [random() - 0.5, random() - 0.5, random() - 0.5];
        const r = rotationFromAxisAngle(axis, angle);
        const q = quaternionFromRotation(r);
        expect(q[0]).toBeGreaterThanOrEqual(0);
        expect(Math.hypot(...q)).toBeCloseTo(1, 14);
        expect(maxAbs(flat(rotationFromQuaternion(q)), flat(r))).toBeLessThan(1e-14);
        expect(rotationAngleDeg(r)).toBeCloseTo(angle, 9);
      }
    }
    expectBadArgument(() => rotationFromQuaternion([0, 0, 0, 0]), 'quaternion');
  });

  it('rotationAngleDeg keeps full relative accuracy for tiny residuals', () => {
    expect(rotationAngleDeg(rotationFromAxisAngle([1, 2, 3], 1e-6)) / 1e-6).toBeCloseTo(1, 8);
  });

  it('transformDifference: angle of R_a·R_bᵀ; translation at the origin or at a given point', () => {
    const a: RigidTransform = { rotation: rotationFromAxisAngle([0, 0, 1], 2), translationMm: [1, 0, 0] };
    const d0 = transformDifference(a, IDENTITY_TRANSFORM);
    expect(d0.rotationDeg).toBeCloseTo(2, 12);
    expect(d0.translationMm).toBeCloseTo(1, 12);
    // At p = (100, 0, 0): a(p) = (100 cos2° + 1, 100 sin2°, 0).
    const rad = (2 * Math.PI) / 180;
    const d1 = transformDifference(a, IDENTITY_TRANSFORM, [100, 0, 0]);
    expect(d1.translationMm).toBeCloseTo(Math.hypot(100 * Math.cos(rad) + 1 - 100, 100 * Math.sin(rad)), 12);
  });
});

describe('3×3 SVD and symmetric Jacobi eigen-solver', () => {
  const random = mulberry32(5);
  const randomMat = (): Mat3 => [0, 1, 2].map(() => [0, 1, 2].map(() => 200 * random() - 100)) as Mat3;
  const reconstruct = (u: Mat3, s: Vec3, v: Mat3): Mat3 => matMul(matMul(u, [[s[0], 0, 0], [0, s[1], 0], [0, 0, s[2]]]), transpose3(v));

  it('A = U·S·Vᵀ with orthonormal U, V and descending s (random and rank-deficient matrices)', () => {
    const cases: Mat3[] = Array.from({ length: 50 }, randomMat);
    const a = randomMat();
    cases.push([a[0], a[1], [a[0][0] + a[1][0], a[0][1] + a[1][1], a[0][2] + a[1][2]]]); // rank 2
    cases.push([[1, 2, 3], [2, 4, 6], [-1, -2, -3]]); // rank 1
    cases.push([[0, 0, 0], [0, 0, 0], [0, 0, 0]]);
    for (const m of cases) {
      const { u, s, v } = svd3(m);
      expect(s[0]).toBeGreaterThanOrEqual(s[1]);
      expect(s[1]).toBeGreaterThanOrEqual(s[2]);
      expect(maxAbs(flat(reconstruct(u, s, v)), flat(m))).toBeLessThan(1e-12);
      expect(maxAbs(flat(matMul(transpose3(u), u)), [1, 0, 0, 0, 1, 0, 0, 0, 1])).toBeLessThan(1e-13);
      expect(maxAbs(flat(matMul(transpose3(v), v)), [1, 0, 0, 0, 1, 0, 0, 0, 1])).toBeLessThan(1e-13);
    }
  });

  it('nearestRotation returns a proper rotation and fixes a perturbed one', () => {
    const r = rotationFromAxisAngle([1, -1, 2], 33);
    const noisy = r.map((row) => row.map((x) => x + 1e-4 * (random() - 0.5))) as Mat3;
    const fixed = nearestRotation(noisy);
    expect(det3(fixed)).toBeCloseTo(1, 14);
    expect(maxAbs(flat(fixed), flat(r))).toBeLessThan(1e-4);
    expect(det3(nearestRotation([[1, 0, 0], [0, 1, 0], [0, 0, -1]]))).toBeCloseTo(1, 14);
  });

  it('eigen-decomposes symmetric 4×4 and 6×6 matrices (A·v = λ·v, orthonormal, descending)', () => {
    for (const n of [3, 4, 6]) {
      const a = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = 10 * random() - 5;
      const e = jacobiEigenSymmetric(a, n);
      for (let k = 0; k < n; k++) {
        if (k > 0) expect(e.values[k]).toBeLessThanOrEqual(e.values[k - 1]);
        for (let r = 0; r < n; r++) {
          let av = 0;
          for (let c = 0; c < n; c++) av += a[r * n + c] * e.vectors[c * n + k];
          expect(Math.abs(av - e.values[k] * e.vectors[r * n + k])).toBeLessThan(1e-12);
        }
        for (let j = 0; j < n; j++) {
          let d = 0;
          for (let r = 0; r < n; r++) d += e.vectors[r * n + k] * e.vectors[r * n + j];
          expect(Math.abs(d - (j === k ? 1 : 0))).toBeLessThan(1e-13);
        }
      }
    }
    expectBadArgument(() => jacobiEigenSymmetric([1, 2, 3], 2), 'matrix');
  });
});
