import { describe, expect, it } from 'vitest';
import { isJumeauError } from '../../../src/core/errors';
import type { PointLps, Vec3 } from '../../../src/core/vec3';
import { fitSphere, kasaSphereEstimate } from '../../../src/planning/sphereFit';
import type { UniformRandom } from '../../../src/samples/random';
import { mulberry32 } from '../../../src/samples/random';

const CENTER: Vec3 = [-90, 10, 850];
const R = 24;

function gaussian(random: UniformRandom): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** `count` points uniform (by area) on a spherical cap of half-angle `halfAngleDeg` around +z, noisy. */
function capPoints(random: UniformRandom, count: number, halfAngleDeg: number, sigmaMm: number): PointLps[] {
  const cosMax = Math.cos((halfAngleDeg * Math.PI) / 180);
  const out: PointLps[] = [];
  for (let n = 0; n < count; n++) {
    const z = 1 - random() * (1 - cosMax);
    const phi = 2 * Math.PI * random();
    const s = Math.sqrt(1 - z * z);
    out.push([
      CENTER[0] + R * s * Math.cos(phi) + sigmaMm * gaussian(random),
      CENTER[1] + R * s * Math.sin(phi) + sigmaMm * gaussian(random),
      CENTER[2] + R * z + sigmaMm * gaussian(random),
    ]);
  }
  return out;
}

const dist = (a: Vec3, b: Vec3) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

describe('HIP-06 femoral-head sphere fit', () => {
  it('6 exact points c ± R·eᵢ → centre and radius exact (1e-9)', () => {
    const pts: PointLps[] = [];
    for (let d = 0; d < 3; d++) {
      for (const s of [1, -1]) {
        const p: Vec3 = [...CENTER];
        p[d] += s * R;
        pts.push(p);
      }
    }
    const fit = fitSphere(pts);
    expect(dist(fit.centerLps, CENTER)).toBeLessThan(1e-9);
    expect(Math.abs(fit.radiusMm - R)).toBeLessThan(1e-9);
    expect(fit.rmsResidualMm).toBeLessThan(1e-9);
    expect(fit.pointCount).toBe(6);
    expect(fit.method).toBe('geometric-lm');
    expect(fit.iterations).toBeGreaterThanOrEqual(1);
  });

  // 200 trials × 1000 points, σ = 0.2 mm per axis; seeded so the numbers are stable.
  const TRIALS = 200;
  function monteCarlo(halfAngleDeg: number, seed: number) {
    const random = mulberry32(seed);
    let algebraic = 0;
    let geometric = 0;
    let algebraicRadiusBias = 0;
    let geometricRadiusBias = 0;
    let allConverged = true;
    for (let t = 0; t < TRIALS; t++) {
      const pts = capPoints(random, 1000, halfAngleDeg, 0.2);
      const a = kasaSphereEstimate(pts);
      const g = fitSphere(pts);
      allConverged &&= g.converged;
      algebraic += dist(a.centerLps, CENTER) / TRIALS;
      geometric += dist(g.centerLps, CENTER) / TRIALS;
      algebraicRadiusBias += (a.radiusMm - R) / TRIALS;
      geometricRadiusBias += (g.radiusMm - R) / TRIALS;
    }
    return { algebraic, geometric, algebraicRadiusBias, geometricRadiusBias, allConverged };
  }

  it('30° cap: geometric < 0.25 mm, algebraic ≈ 1 mm with ≈ −0.93 mm radius bias', () => {
    const r = monteCarlo(30, 30);
    expect(r.allConverged).toBe(true);
    expect(r.geometric).toBeLessThan(0.25);
    expect(Math.abs(r.geometricRadiusBias)).toBeLessThan(0.05);
    expect(r.algebraic).toBeGreaterThan(0.7);
    expect(r.algebraic).toBeLessThan(1.3);
    expect(r.algebraicRadiusBias).toBeLessThan(-0.7);
    expect(r.algebraic).toBeGreaterThan(3 * r.geometric);
  });

  it('60° and 90° caps: brief means 0.067/0.040 and 0.025/0.023 mm (±30 %)', () => {
    const r60 = monteCarlo(60, 60);
    expect(r60.algebraic).toBeGreaterThan(0.067 * 0.7);
    expect(r60.algebraic).toBeLessThan(0.067 * 1.3);
    expect(r60.geometric).toBeGreaterThan(0.04 * 0.7);
    expect(r60.geometric).toBeLessThan(0.04 * 1.3);
    const r90 = monteCarlo(90, 90);
    expect(r90.algebraic).toBeLessThan(0.025 * 1.3);
    expect(r90.geometric).toBeLessThan(0.023 * 1.3);
    expect(r90.geometric).toBeGreaterThan(0.023 * 0.7);
  });

  it('never returns the algebraic fit: the refined one has a lower geometric cost', () => {
    const pts = capPoints(mulberry32(7), 300, 30, 0.2);
    const a = kasaSphereEstimate(pts);
    const g = fitSphere(pts);
    const rms = (c: Vec3, r: number) => Math.sqrt(pts.reduce((s, p) => s + (dist(p, c) - r) ** 2, 0) / pts.length);
    expect(g.rmsResidualMm).toBeCloseTo(rms(g.centerLps, g.radiusMm), 12);
    expect(g.rmsResidualMm).toBeLessThan(rms(a.centerLps, a.radiusMm));
    expect(dist(g.centerLps, a.centerLps)).toBeGreaterThan(1e-3);
  });

  it('bad input: < 4 points, NaN, coplanar points', () => {
    const bad = (fn: () => unknown, subject: string) => {
      try {
        fn();
      } catch (e) {
        expect(isJumeauError(e, 'BAD_ARGUMENT')).toBe(true);
        expect((e as { subject?: string }).subject).toBe(subject);
        return;
      }
      throw new Error('expected BAD_ARGUMENT');
    };
    bad(() => fitSphere([[0, 0, 0], [1, 0, 0], [0, 1, 0]]), 'pointsLps');
    bad(() => fitSphere([[0, 0, 0], [1, 0, 0], [0, 1, 0], [0, NaN, 1]]), 'pointsLps[3]');
    const circle: PointLps[] = Array.from({ length: 12 }, (_, n) => [10 * Math.cos(n), 10 * Math.sin(n), 5]);
    bad(() => fitSphere(circle), 'pointsLps');
    bad(() => fitSphere([[1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, 3]]), 'pointsLps');
  });
});
