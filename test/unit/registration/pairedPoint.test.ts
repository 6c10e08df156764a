/**
 * Paired-point rigid registration (brief §7.1): REG-01 exact Kabsch/Horn, REG-02 reflection trap, the
 * headset scenario the e2e test uses (5 pelvic landmarks, 0.5 mm noise per axis, seeded) and typed
 * errors for too few, collinear, coincident, mismatched and non-finite fiducials.
 */
import { describe, expect, it } from 'vitest';
import { expectBadArgument, expectJumeauError } from '../../helpers/expectError';
import type { Vec3 } from '../../../src/core/vec3';
import type { Mat3 } from '../../../src/planning/geometry';
import { registerPairedPoints } from '../../../src/registration/pairedPoint';
import type { RigidTransform } from '../../../src/registration/rigidTransform';
import { applyTransform, composeTransforms, IDENTITY_TRANSFORM, invertTransform, rotationFromAxisAngle, transformDifference } from '../../../src/registration/rigidTransform';
import { det3, svd3 } from '../../../src/registration/svd3';
import { predictTreRms } from '../../../src/registration/tre';
import { mulberry32 } from '../../../src/samples/random';

const maxAbs = (a: readonly number[], b: readonly number[]): number => Math.max(...a.map((x, i) => Math.abs(x - b[i])));
const flat = (m: Mat3): number[] => [...m[0], ...m[1], ...m[2]];

describe('REG-01 exact Kabsch / Horn', () => {
  const P: Vec3[] = [[0, 0, 0], [100, 0, 0], [0, 100, 0], [0, 0, 100], [50, 50, 50]];
  const R0 = rotationFromAxisAngle([1, 2, 3], 30);
  const truth: RigidTransform = { rotation: R0, translationMm: [10, -20, 5] };
  const Q = P.map((p) => applyTransform(truth, p));

  it('the target points are the brief\'s Q (6 decimals)', () => {
    const briefQ = [
      [10, -20, 5],
      [97.559502, 22.003109, -18.85524],
      [-28.175263, 70.430386, 24.104831],
      [39.597008, -27.621294, 100.215193],
      [49.490623, 42.406101, 50.232392],
    ];
    Q.forEach((q, i) => expect(maxAbs(q, briefQ[i])).toBeLessThan(1e-6));
  });

  it.each(['kabsch', 'horn'] as const)('%s recovers R (1e-12), quaternion, t and FRE < 1e-10 mm', (method) => {
    const reg = registerPairedPoints({ sourceLps: P, targetLps: Q, method });
    const R = reg.targetFromSource.rotation;
    expect(maxAbs(flat(R), flat(R0))).toBeLessThan(1e-12);
    const briefR = [0.875595, -0.381753, 0.29597, 0.420031, 0.904304, -0.076213, -0.238552, 0.191048, 0.952152];
    expect(maxAbs(flat(R), briefR)).toBeLessThan(1e-6);
    expect(maxAbs(reg.quaternionWxyz, [0.965926, 0.069172, 0.138345, 0.207517])).toBeLessThan(1e-6);
    expect(maxAbs(reg.targetFromSource.translationMm, [10, -20, 5])).toBeLessThan(1e-10);
    expect(reg.freMm).toBeLessThan(1e-10);
    expect(Math.max(...reg.residualsMm)).toBeLessThan(1e-10);
    expect(reg.nearCollinear).toBe(false);
    expect(reg.warnings).toEqual([]);
  });
});

describe('REG-02 reflection trap', () => {
  const P: Vec3[] = [[0, 0, 0], [10, 0, 0], [0, 10, 0], [0, 0, 10]];
  const Q = P.map((p) => [p[0], p[1], -p[2]] as Vec3);

  it('a naive SVD solution (R = V·Uᵀ) is a reflection, det −1', () => {
    const c = [2.5, 2.5, 2.5];
    const cq = [2.5, 2.5, -2.5];
    const h: Mat3 = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
    P.forEach((p, i) => {
      for (let r = 0; r < 3; r++) for (let k = 0; k < 3; k++) h[r][k] += (p[r] - c[r]) * (Q[i][k] - cq[k]);
    });
    const { u, v } = svd3(h);
    expect(det3(u) * det3(v)).toBeCloseTo(-1, 12);
  });

  it.each(['kabsch', 'horn'] as const)('%s returns a proper rotation (det +1) and FRE = 5.000 mm', (method) => {
    const reg = registerPairedPoints({ sourceLps: P, targetLps: Q, method });
    expect(det3(reg.targetFromSource.rotation)).toBeCloseTo(1, 12);
    expect(reg.freMm).toBeCloseTo(5, 9);
  });
});

/** The e2e scenario: CT pelvic landmarks (LPS mm), a headset-world pose, 0.5 mm Gaussian noise per axis. */
const PELVIS_CT: Vec3[] = [
  [-115, -60, 900], // right ASIS
  [115, -60, 900], // left ASIS
  [-22, -72, 805], // right pubic tubercle
  [22, -72, 805], // left pubic tubercle
  [0, 25, 915], // sacral promontory
];
const ACETABULUM_CT: Vec3 = [-95, 5, 850];
const WORLD_FROM_CT: RigidTransform = { rotation: rotationFromAxisAngle([0.3, 1, 0.2], 35), translationMm: [250, -400, -1200] };

function noisyWorldLandmarks(seed: number, sigmaMm: number, count = 5): Vec3[] {
  const random = mulberry32(seed);
  const g = (): number => sigmaMm * Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return PELVIS_CT.slice(0, count).map((p) => applyTransform(WORLD_FROM_CT, p).map((x) => x + g()) as Vec3);
}

describe('headset scenario: pelvic landmarks with 0.5 mm isotropic FLE', () => {
  // "0.5 mm isotropic" as in REG-03: RMS 3-D localisation error 0.5 mm, σ = 0.5/√3 per axis.
  const sigma = 0.5 / Math.sqrt(3);
  it.each([4, 5])('%i landmarks: error at the acetabulum ≤ 1 mm and ≤ 1° for 200 seeds; RMS matches the FWM prediction', (count) => {
    let worstMm = 0;
    let worstDeg = 0;
    let sq = 0;
    const seeds = 200;
    for (let seed = 1; seed <= seeds; seed++) {
      const reg = registerPairedPoints({ sourceLps: PELVIS_CT.slice(0, count), targetLps: noisyWorldLandmarks(seed, sigma, count) });
      const d = transformDifference(reg.targetFromSource, WORLD_FROM_CT, ACETABULUM_CT);
      worstMm = Math.max(worstMm, d.translationMm);
      worstDeg = Math.max(worstDeg, d.rotationDeg);
      sq += d.translationMm ** 2;
    }
    expect(worstMm).toBeLessThanOrEqual(1);
    expect(worstDeg).toBeLessThanOrEqual(1);
    const predicted = predictTreRms({ fiducialsLps: PELVIS_CT.slice(0, count), fleRmsMm: 0.5, targetLps: ACETABULUM_CT }).treRmsMm;
    expect(Math.sqrt(sq / seeds) / predicted).toBeGreaterThan(0.85);
    expect(Math.sqrt(sq / seeds) / predicted).toBeLessThan(1.15);
  });

  it('world → CT (the inverse direction) is the inverse transform', () => {
    const world = noisyWorldLandmarks(7, 0.5);
    const a = registerPairedPoints({ sourceLps: PELVIS_CT, targetLps: world }).targetFromSource;
    const b = registerPairedPoints({ sourceLps: world, targetLps: PELVIS_CT }).targetFromSource;
    const d = transformDifference(composeTransforms(b, a), IDENTITY_TRANSFORM, ACETABULUM_CT);
    expect(d.rotationDeg).toBeLessThan(1e-9);
    expect(d.translationMm).toBeLessThan(1e-9);
    expect(transformDifference(invertTransform(a), b).rotationDeg).toBeLessThan(1e-9);
  });

  it('Kabsch and Horn agree on noisy data (1e-9)', () => {
    const world = noisyWorldLandmarks(3, 0.5);
    const k = registerPairedPoints({ sourceLps: PELVIS_CT, targetLps: world, method: 'kabsch' });
    const h = registerPairedPoints({ sourceLps: PELVIS_CT, targetLps: world, method: 'horn' });
    const d = transformDifference(k.targetFromSource, h.targetFromSource, ACETABULUM_CT);
    expect(d.rotationDeg).toBeLessThan(1e-9);
    expect(d.translationMm).toBeLessThan(1e-9);
    expect(Math.abs(k.freMm - h.freMm)).toBeLessThan(1e-9);
  });
});

describe('weights, warnings', () => {
  it('a zero weight removes a mis-picked pair exactly; uniform weights change nothing', () => {
    const world = PELVIS_CT.map((p) => applyTransform(WORLD_FROM_CT, p));
    world[2] = [world[2][0] + 15, world[2][1], world[2][2]];
    const reg = registerPairedPoints({ sourceLps: PELVIS_CT, targetLps: world, weights: [1, 1, 0, 1, 1] });
    expect(transformDifference(reg.targetFromSource, WORLD_FROM_CT).rotationDeg).toBeLessThan(1e-10);
    expect(reg.freMm).toBeLessThan(1e-9);
    expect(reg.residualsMm[2]).toBeCloseTo(15, 9);
    expect(reg.warnings.join()).toMatch(/weight 0/);
    const u1 = registerPairedPoints({ sourceLps: PELVIS_CT, targetLps: noisyWorldLandmarks(2, 0.5) });
    const u3 = registerPairedPoints({ sourceLps: PELVIS_CT, targetLps: noisyWorldLandmarks(2, 0.5), weights: [3, 3, 3, 3, 3] });
    expect(transformDifference(u1.targetFromSource, u3.targetFromSource).rotationDeg).toBeLessThan(1e-10);
    expect(u3.freMm).toBeCloseTo(u1.freMm, 12);
  });

  it('near-collinear fiducials (s₂ < 10 % of s₁) register but carry the warning', () => {
    const src: Vec3[] = [[0, 0, 0], [50, 2, 0], [100, 0, 3], [150, -2, 1]];
    const reg = registerPairedPoints({ sourceLps: src, targetLps: src });
    expect(reg.singularValuesMm[1]).toBeLessThan(0.1 * reg.singularValuesMm[0]);
    expect(reg.nearCollinear).toBe(true);
    expect(reg.warnings.join()).toMatch(/collinear/);
    expect(registerPairedPoints({ sourceLps: PELVIS_CT, targetLps: PELVIS_CT }).nearCollinear).toBe(false);
  });
});

describe('typed errors', () => {
  const good: Vec3[] = PELVIS_CT;
  it('fewer than 3 pairs → DEGENERATE_FIDUCIALS', () => {
    expectJumeauError(() => registerPairedPoints({ sourceLps: good.slice(0, 2), targetLps: good.slice(0, 2) }), 'DEGENERATE_FIDUCIALS', { subject: 'sourceLps' });
    expectJumeauError(() => registerPairedPoints({ sourceLps: good, targetLps: good, weights: [1, 1, 0, 0, 0] }), 'DEGENERATE_FIDUCIALS', { subject: 'sourceLps' });
  });
  it('collinear source or target → DEGENERATE_FIDUCIALS', () => {
    const line: Vec3[] = [[0, 0, 0], [10, 10, 10], [25, 25, 25], [-7, -7, -7]];
    expectJumeauError(() => registerPairedPoints({ sourceLps: line, targetLps: good.slice(0, 4) }), 'DEGENERATE_FIDUCIALS', { subject: 'sourceLps', message: /collinear/ });
    expectJumeauError(() => registerPairedPoints({ sourceLps: good.slice(0, 4), targetLps: line }), 'DEGENERATE_FIDUCIALS', { subject: 'targetLps' });
  });
  it('a point picked twice → DEGENERATE_FIDUCIALS naming it', () => {
    const twice: Vec3[] = [...good.slice(0, 3), [...good[1]] as Vec3];
    expectJumeauError(() => registerPairedPoints({ sourceLps: twice, targetLps: good.slice(0, 4) }), 'DEGENERATE_FIDUCIALS', { subject: 'sourceLps[3]', message: /sourceLps\[1\]/ });
  });
  it('mismatched lengths, NaN, bad weights, unknown method → BAD_ARGUMENT naming the field', () => {
    expectBadArgument(() => registerPairedPoints({ sourceLps: good, targetLps: good.slice(0, 4) }), 'targetLps');
    const nan = good.map((p, i) => (i === 2 ? ([p[0], NaN, p[2]] as Vec3) : p));
    expectBadArgument(() => registerPairedPoints({ sourceLps: nan, targetLps: good }), 'sourceLps[2]');
    expectBadArgument(() => registerPairedPoints({ sourceLps: good, targetLps: nan }), 'targetLps[2]');
    expectBadArgument(() => registerPairedPoints({ sourceLps: good, targetLps: [...good.slice(0, 4), [1, 2] as unknown as Vec3] }), 'targetLps[4]');
    expectBadArgument(() => registerPairedPoints({ sourceLps: good, targetLps: good, weights: [1, 1, 1] }), 'weights');
    expectBadArgument(() => registerPairedPoints({ sourceLps: good, targetLps: good, weights: [1, 1, -1, 1, 1] }), 'weights[2]');
    expectBadArgument(() => registerPairedPoints({ sourceLps: good, targetLps: good, method: 'umeyama' as 'kabsch' }), 'method');
  });
});
