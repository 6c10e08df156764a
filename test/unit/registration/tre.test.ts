/**
 * Error analysis (brief §7.3): REG-03 — Fitzpatrick–West–Maurer predicted TRE at four targets and FRE,
 * analytic to 1e-4 and a seeded 20 000-trial Monte Carlo within ±3 %; check-point measurements.
 */
import { describe, expect, it } from 'vitest';
import { expectBadArgument, expectJumeauError } from '../../helpers/expectError';
import type { Vec3 } from '../../../src/core/vec3';
import type { RigidTransform } from '../../../src/registration/rigidTransform';
import { rotationFromAxisAngle } from '../../../src/registration/rigidTransform';
import { checkPointErrorMm, measureCheckPoint, monteCarloTre, predictFreRms, predictTreRms } from '../../../src/registration/tre';

const FIDUCIALS: Vec3[] = [[60, 0, 0], [-60, 0, 0], [0, 40, 0], [0, -40, 20]];
const TARGETS: { target: Vec3; tre: number; mc: number }[] = [
  { target: [0, 0, 5], tre: 0.5, mc: 0.5014 },
  { target: [0, 0, 85], tre: 1.0707, mc: 1.067 },
  { target: [100, 0, 5], tre: 1.0106, mc: 1.015 },
  { target: [0, 0, 150], tre: 1.7873, mc: 1.7815 },
];

describe('REG-03 Fitzpatrick TRE', () => {
  it('centroid (0,0,5) and f_k = 51.4928, 42.7023, 29.5804 mm', () => {
    const p = predictTreRms({ fiducialsLps: FIDUCIALS, fleRmsMm: 1, targetLps: [0, 0, 0] });
    p.centroidLps.forEach((x, k) => expect(Math.abs(x - [0, 0, 5][k])).toBeLessThan(1e-12));
    expect(Math.abs(p.fMm[0] - 51.4928)).toBeLessThan(1e-4);
    expect(Math.abs(p.fMm[1] - 42.7023)).toBeLessThan(1e-4);
    expect(Math.abs(p.fMm[2] - 29.5804)).toBeLessThan(1e-4);
  });

  it.each(TARGETS)('analytic TRE at $target = $tre mm (1e-4)', ({ target, tre }) => {
    expect(Math.abs(predictTreRms({ fiducialsLps: FIDUCIALS, fleRmsMm: 1, targetLps: target }).treRmsMm - tre)).toBeLessThan(1e-4);
  });

  it('FRE_rms = √(1 − 2/N)·FLE = 0.7071 mm', () => {
    expect(Math.abs(predictFreRms({ fiducialCount: 4, fleRmsMm: 1 }) - 0.7071)).toBeLessThan(1e-4);
  });

  it('scales linearly with FLE; d_k of the target (0, 0, 85) are its distances from the principal axes', () => {
    const p = predictTreRms({ fiducialsLps: FIDUCIALS, fleRmsMm: 2, targetLps: [0, 0, 85] });
    expect(p.treRmsMm).toBeCloseTo(2 * 1.0706640301721666, 12);
    // The x axis is a principal axis (f = 29.58, last); (0,0,85) is 80 mm from it.
    expect(p.dMm[2]).toBeCloseTo(80, 10);
    p.axesLps.forEach((a) => expect(Math.hypot(...a)).toBeCloseTo(1, 12));
  });

  it('seeded 20 000-trial Monte Carlo agrees within ±3 % at all four targets and for FRE', () => {
    const mc = monteCarloTre({ fiducialsLps: FIDUCIALS, fleRmsMm: 1, targetsLps: TARGETS.map((t) => t.target), trials: 20000, seed: 20260514 });
    TARGETS.forEach(({ tre }, k) => {
      expect(Math.abs(mc.treRmsMm[k] / tre - 1)).toBeLessThan(0.03);
    });
    expect(Math.abs(mc.freRmsMm / 0.7071 - 1)).toBeLessThan(0.03);
  });

  it('Monte Carlo is deterministic for a seed and differs across seeds', () => {
    const run = (seed: number) => monteCarloTre({ fiducialsLps: FIDUCIALS, fleRmsMm: 1, targetsLps: [[0, 0, 85]], trials: 200, seed });
    expect(run(1)).toEqual(run(1));
    expect(run(1).treRmsMm[0]).not.toBe(run(2).treRmsMm[0]);
  });

  it('typed errors: collinear or too few fiducials, bad FLE, trials, target', () => {
    const line: Vec3[] = [[0, 0, 0], [10, 0, 0], [20, 0, 0], [30, 0, 0]];
    expectJumeauError(() => predictTreRms({ fiducialsLps: line, fleRmsMm: 1, targetLps: [0, 0, 0] }), 'DEGENERATE_FIDUCIALS', { subject: 'fiducialsLps' });
    expectJumeauError(() => predictTreRms({ fiducialsLps: FIDUCIALS.slice(0, 2), fleRmsMm: 1, targetLps: [0, 0, 0] }), 'DEGENERATE_FIDUCIALS', { subject: 'fiducialsLps' });
    expectJumeauError(() => predictFreRms({ fiducialCount: 2, fleRmsMm: 1 }), 'DEGENERATE_FIDUCIALS', { subject: 'fiducialCount' });
    expectBadArgument(() => predictTreRms({ fiducialsLps: FIDUCIALS, fleRmsMm: -1, targetLps: [0, 0, 0] }), 'fleRmsMm');
    expectBadArgument(() => predictTreRms({ fiducialsLps: FIDUCIALS, fleRmsMm: 1, targetLps: [0, NaN, 0] }), 'targetLps');
    expectBadArgument(() => predictTreRms({ fiducialsLps: [...FIDUCIALS, [1, 2, Infinity]], fleRmsMm: 1, targetLps: [0, 0, 0] }), 'fiducialsLps[4]');
    expectBadArgument(() => monteCarloTre({ fiducialsLps: FIDUCIALS, fleRmsMm: 1, targetsLps: [[0, 0, 0]], trials: 0, seed: 1 }), 'trials');
  });
});

describe('check points', () => {
  it('checkPointErrorMm is the distance between touched and planned (same frame)', () => {
    expect(checkPointErrorMm({ touchedLps: [1, 2, 3], plannedLps: [4, 6, 3] })).toBe(5);
    expectBadArgument(() => checkPointErrorMm({ touchedLps: [1, 2, NaN], plannedLps: [0, 0, 0] }), 'touchedLps');
  });

  it('measureCheckPoint maps the planned CT point and reports the offset in the target frame', () => {
    const worldFromCt: RigidTransform = { rotation: rotationFromAxisAngle([0, 0, 1], 90), translationMm: [10, 0, 0] };
    // CT (5, 0, 0) → world (10, 5, 0); touched 0.3 mm further along +x.
    const m = measureCheckPoint({ targetFromSource: worldFromCt, plannedSourceLps: [5, 0, 0], touchedTargetLps: [10.3, 5, 0] });
    expect(m.mappedPlannedLps[0]).toBeCloseTo(10, 12);
    expect(m.mappedPlannedLps[1]).toBeCloseTo(5, 12);
    expect(m.offsetMm[0]).toBeCloseTo(0.3, 12);
    expect(m.errorMm).toBeCloseTo(0.3, 12);
  });
});
