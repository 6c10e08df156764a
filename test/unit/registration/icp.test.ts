/**
 * Point-to-plane ICP (brief §7.2): REG-04 on the (60, 40, 30) mm ellipsoid, robustness to outliers,
 * the condition number on a sliding (planar) surface, cancellation and typed errors; the k-d tree
 * against brute force.
 */
import { describe, expect, it } from 'vitest';
import { expectBadArgument, expectJumeauError } from '../../helpers/expectError';
import type { Vec3 } from '../../../src/core/vec3';
import { icpPointToPlane } from '../../../src/registration/icp';
import { KdTree3 } from '../../../src/registration/kdTree';
import { registerPairedPoints } from '../../../src/registration/pairedPoint';
import type { RigidTransform } from '../../../src/registration/rigidTransform';
import { applyTransform, composeTransforms, IDENTITY_TRANSFORM, rotationFromAxisAngle, transformDifference } from '../../../src/registration/rigidTransform';
import { boneLikeSurfacePoint, sampleBoneLikeSurface, sampleEllipsoid } from '../../../src/registration/syntheticSurfaces';
import { mulberry32 } from '../../../src/samples/random';

function movePoints(t: RigidTransform, xyz: Float64Array): Float64Array {
  const out = new Float64Array(xyz.length);
  for (let i = 0; i < xyz.length; i += 3) out.set(applyTransform(t, [xyz[i], xyz[i + 1], xyz[i + 2]]), i);
  return out;
}

/** RMS distance (mm) between `estimate(moved)` and the true positions. */
function rmsToTruth(estimate: RigidTransform, moved: Float64Array, truth: Float64Array): number {
  let sq = 0;
  for (let i = 0; i < moved.length; i += 3) {
    const p = applyTransform(estimate, [moved[i], moved[i + 1], moved[i + 2]]);
    sq += (p[0] - truth[i]) ** 2 + (p[1] - truth[i + 1]) ** 2 + (p[2] - truth[i + 2]) ** 2;
  }
  return Math.sqrt(sq / (moved.length / 3));
}

describe('REG-04 point-to-plane ICP on the ellipsoid (60, 40, 30) mm', () => {
  const target = sampleEllipsoid({ semiAxesMm: [60, 40, 30], count: 20000, seed: 41 });
  const sourceTrue = sampleEllipsoid({ semiAxesMm: [60, 40, 30], count: 2000, seed: 42, keep: (p) => p[2] > 0 });
  const pose: RigidTransform = { rotation: rotationFromAxisAngle([1, 1, 0], 8), translationMm: [4, -3, 5] };
  const source = movePoints(pose, sourceTrue.pointsLps);

  it('converges from identity in ≤ 15 iterations to < 0.05° and < 0.05 mm', () => {
    const progress: number[] = [];
    const r = icpPointToPlane({ sourceLps: source, targetLps: target.pointsLps, targetNormals: target.normals, onProgress: (it) => progress.push(it) });
    const err = transformDifference(composeTransforms(r.targetFromSource, pose), IDENTITY_TRANSFORM);
    // Measured: 5 iterations, 0.0022°, 0.0054 mm, 0.0055 mm RMS to the true positions (brief: 6 it., 0.0038°, 0.0054 mm, 0.006 mm).
    expect(r.converged).toBe(true);
    expect(r.iterations).toBeLessThanOrEqual(15);
    expect(err.rotationDeg).toBeLessThan(0.05);
    expect(err.translationMm).toBeLessThan(0.05);
    expect(rmsToTruth(r.targetFromSource, source, sourceTrue.pointsLps)).toBeLessThan(0.05);
    expect(r.rmsMm).toBeLessThan(0.05);
    expect(progress).toEqual(Array.from({ length: r.iterations }, (_, i) => i + 1));
    expect(r.history).toHaveLength(r.iterations);
    expect(r.history[0].rmsMm).toBeGreaterThan(1);
    // A closed curved surface constrains all six directions.
    expect(r.conditionNumber).toBeGreaterThan(1);
    expect(r.conditionNumber).toBeLessThan(1e3);
  });

  it('gives the same answer for Float32 input and a prebuilt tree', () => {
    const tree = KdTree3.build(Float32Array.from(target.pointsLps));
    const r = icpPointToPlane({ sourceLps: Float32Array.from(source), targetLps: Float32Array.from(target.pointsLps), targetNormals: Float32Array.from(target.normals), targetTree: tree });
    const err = transformDifference(composeTransforms(r.targetFromSource, pose), IDENTITY_TRANSFORM);
    expect(err.rotationDeg).toBeLessThan(0.05);
    expect(err.translationMm).toBeLessThan(0.05);
  });

  it('rejects outliers (> 3× median): 10 % of the source 5–20 mm off the surface', () => {
    const random = mulberry32(9);
    const noisy = Float64Array.from(sourceTrue.pointsLps);
    for (let i = 0; i < 200; i++) {
      const k = i * 10 * 3;
      const off = 5 + 15 * random();
      for (let c = 0; c < 3; c++) noisy[k + c] += off * sourceTrue.normals[k + c];
    }
    const moved = movePoints(pose, noisy);
    const r = icpPointToPlane({ sourceLps: moved, targetLps: target.pointsLps, targetNormals: target.normals });
    const err = transformDifference(composeTransforms(r.targetFromSource, pose), IDENTITY_TRANSFORM);
    expect(r.inlierCount).toBeLessThanOrEqual(1800 + 10);
    expect(err.rotationDeg).toBeLessThan(0.05);
    expect(err.translationMm).toBeLessThan(0.05);
  });

  it('source normals (when given) reject pairs whose normals differ by > 60°', () => {
    const flipped = Float64Array.from(sourceTrue.normals);
    for (let i = 0; i < 300; i++) for (let c = 0; c < 3; c++) flipped[i * 3 + c] *= -1;
    const r = icpPointToPlane({ sourceLps: sourceTrue.pointsLps, targetLps: target.pointsLps, targetNormals: target.normals, sourceNormals: flipped });
    expect(r.inlierCount).toBeLessThanOrEqual(1700);
    expect(r.inlierCount).toBeGreaterThan(1600);
    expect(transformDifference(r.targetFromSource, IDENTITY_TRANSFORM).rotationDeg).toBeLessThan(0.05);
  });
});

describe('bone-like surface from a paired-point start (the headset workflow)', () => {
  it('5 noisy landmarks, then ICP on 5 000 traced points: < 0.05° and < 0.05 mm at the bone centre', () => {
    const centre: Vec3 = [-95, 20, 700];
    const target = sampleBoneLikeSurface({ count: 20000, seed: 1, centreLps: centre });
    // Traced region: the anterior half (y < 0 relative to the centre) only.
    const traced = sampleBoneLikeSurface({ count: 5000, seed: 2, centreLps: centre, keep: (o) => o[1] < 0 });
    const rot = rotationFromAxisAngle([0.3, -0.5, 1], 5);
    const rc = applyTransform({ rotation: rot, translationMm: [0, 0, 0] }, centre);
    const worldFromCt: RigidTransform = { rotation: rot, translationMm: [centre[0] - rc[0] + 2.4, centre[1] - rc[1] - 2.4, centre[2] - rc[2] + 2.1] };
    const random = mulberry32(3);
    const g = (): number => 0.5 * Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    const landmarksCt = ([[0.45, 0.15, -0.88], [-0.45, 0.15, -0.88], [0.62, -0.2, 0.76], [-0.7, 0.1, 0.71], [0, -1, 0]] as Vec3[]).map((d) => boneLikeSurfacePoint(d, centre));
    const landmarksWorld = landmarksCt.map((p) => applyTransform(worldFromCt, p).map((x) => x + g()) as Vec3);
    const paired = registerPairedPoints({ sourceLps: landmarksWorld, targetLps: landmarksCt });
    const pairedErr = transformDifference(composeTransforms(paired.targetFromSource, worldFromCt), IDENTITY_TRANSFORM, centre);
    expect(pairedErr.translationMm).toBeGreaterThan(0.05); // noisy landmarks alone are not enough …
    const r = icpPointToPlane({ sourceLps: movePoints(worldFromCt, traced.pointsLps), targetLps: target.pointsLps, targetNormals: target.normals, initial: paired.targetFromSource });
    const err = transformDifference(composeTransforms(r.targetFromSource, worldFromCt), IDENTITY_TRANSFORM, centre);
    expect(err.rotationDeg).toBeLessThan(0.05); // … ICP on the traced surface refines them
    expect(err.translationMm).toBeLessThan(0.05);
    expect(r.iterations).toBeLessThanOrEqual(15);
  });
});

describe('ill-conditioning, cancellation, typed errors', () => {
  const random = mulberry32(77);
  const plane = new Float64Array(3000 * 3);
  const planeNormals = new Float64Array(3000 * 3);
  for (let i = 0; i < 3000; i++) {
    plane.set([100 * random() - 50, 100 * random() - 50, 0], i * 3);
    planeNormals.set([0, 0, 1], i * 3);
  }

  it('a flat patch: huge condition number (sliding is unconstrained), but the normal offset is found', () => {
    const source = new Float64Array(600 * 3);
    for (let i = 0; i < 600; i++) source.set([60 * random() - 30, 60 * random() - 30, 2], i * 3);
    const r = icpPointToPlane({ sourceLps: source, targetLps: plane, targetNormals: planeNormals });
    expect(r.conditionNumber).toBeGreaterThan(1e6);
    expect(Math.abs(r.targetFromSource.translationMm[2] + 2)).toBeLessThan(1e-6);
    expect(Math.hypot(r.targetFromSource.translationMm[0], r.targetFromSource.translationMm[1])).toBeLessThan(1e-6);
  });

  it('cancels with CANCELLED through an AbortSignal', () => {
    const c = new AbortController();
    c.abort();
    expectJumeauError(() => icpPointToPlane({ sourceLps: plane, targetLps: plane, targetNormals: planeNormals, signal: c.signal }), 'CANCELLED');
  });

  it('bad arrays, normals, pose and options → BAD_ARGUMENT naming the field', () => {
    const args = { sourceLps: plane, targetLps: plane, targetNormals: planeNormals };
    expectBadArgument(() => icpPointToPlane({ ...args, sourceLps: plane.subarray(0, 10) }), 'sourceLps');
    expectBadArgument(() => icpPointToPlane({ ...args, sourceLps: plane.subarray(0, 15) }), 'sourceLps');
    const nan = Float64Array.from(plane);
    nan[7] = NaN;
    expectBadArgument(() => icpPointToPlane({ ...args, sourceLps: nan }), 'sourceLps[2]');
    expectBadArgument(() => icpPointToPlane({ ...args, targetNormals: planeNormals.subarray(3) }), 'targetNormals');
    const zero = Float64Array.from(planeNormals);
    zero.fill(0, 12, 15);
    expectBadArgument(() => icpPointToPlane({ ...args, targetNormals: zero }), 'targetNormals[4]');
    expectBadArgument(() => icpPointToPlane({ ...args, initial: { rotation: [[2, 0, 0], [0, 1, 0], [0, 0, 1]], translationMm: [0, 0, 0] } }), 'initial');
    expectBadArgument(() => icpPointToPlane({ ...args, maxIterations: 0 }), 'maxIterations');
    expectBadArgument(() => icpPointToPlane({ ...args, targetTree: KdTree3.build(plane.subarray(3)) }), 'targetTree');
    expectBadArgument(() => icpPointToPlane({ ...args, sourceLps: [1, 2, 3] as unknown as Float64Array }), 'sourceLps');
  });

  it('stops at maxIterations with converged = false', () => {
    const ell = sampleEllipsoid({ semiAxesMm: [60, 40, 30], count: 5000, seed: 5 });
    const src = movePoints({ rotation: rotationFromAxisAngle([0, 0, 1], 10), translationMm: [3, 0, 0] }, sampleEllipsoid({ semiAxesMm: [60, 40, 30], count: 500, seed: 6 }).pointsLps);
    const r = icpPointToPlane({ sourceLps: src, targetLps: ell.pointsLps, targetNormals: ell.normals, maxIterations: 2 });
    expect(r.iterations).toBe(2);
    expect(r.converged).toBe(false);
    expect(r.stopReason).toBe('maxIterations');
    expect(Number.isFinite(r.conditionNumber)).toBe(true);
  });
});

describe('k-d tree nearest neighbour vs brute force', () => {
  it.each([
    ['uniform cube', 0],
    ['clustered surface with duplicates', 1],
  ])('%s: exact distances for 3 000 queries, with and without (wrong) hints', (_name, kind) => {
    const random = mulberry32(123 + kind);
    const n = 4000;
    const pts = new Float64Array(n * 3);
    for (let i = 0; i < n; i++) {
      if (kind === 0) pts.set([200 * random() - 100, 200 * random() - 100, 200 * random() - 100], i * 3);
      else if (i % 10 === 9) pts.set(pts.subarray((i - 1) * 3, i * 3), i * 3);
      else {
        const a = 2 * Math.PI * random();
        pts.set([50 * Math.cos(a), 50 * Math.sin(a), Math.round(40 * random())], i * 3);
      }
    }
    const tree = KdTree3.build(pts);
    expect(tree.count).toBe(n);
    for (let q = 0; q < 3000; q++) {
      const x = 260 * random() - 130, y = 260 * random() - 130, z = 260 * random() - 130;
      let best = Infinity;
      for (let i = 0; i < n; i++) best = Math.min(best, (pts[i * 3] - x) ** 2 + (pts[i * 3 + 1] - y) ** 2 + (pts[i * 3 + 2] - z) ** 2);
      const j = tree.nearest(x, y, z, q % 2 ? Math.floor(random() * n) : -1);
      expect(tree.lastDistanceSq).toBe(best);
      expect((pts[j * 3] - x) ** 2 + (pts[j * 3 + 1] - y) ** 2 + (pts[j * 3 + 2] - z) ** 2).toBe(best);
    }
  });

  it('a single point, and bad input', () => {
    const one = KdTree3.build([1, 2, 3]);
    expect(one.nearest(10, 10, 10)).toBe(0);
    expect(one.lastDistanceSq).toBe(81 + 64 + 49);
    expectBadArgument(() => KdTree3.build([]), 'points');
    expectBadArgument(() => KdTree3.build([1, 2, 3, 4]), 'points');
    expectBadArgument(() => KdTree3.build([1, 2, 3, 4, NaN, 6]), 'points[1]');
  });
});
