// Smoothing: windowed sinc keeps the volume (Slicer/VTK parameters), Laplacian shrinks, Taubin
// sits between; the filter design itself (Chebyshev coefficients, pass band) is checked directly.
import { describe, expect, it } from 'vitest';
import { extractLabelSurface } from '../../../src/meshing/extractSurface';
import { signedVolumeMm3, surfaceAreaMm2 } from '../../../src/meshing/meshMath';
import { checkMeshQuality } from '../../../src/meshing/quality';
import { passBandFromSmoothingFactor, smoothLaplacian, smoothTaubin, smoothWindowedSinc, windowedSincCoefficients } from '../../../src/meshing/smooth';
import type { TriangleMesh } from '../../../src/meshing/types';
import { binarySphere, meanRadius, SPHERE_AREA_MM2, SPHERE_VOLUME_MM3 } from './fixtures';

const rel = (a: number, b: number) => (a - b) / b;
const mc = extractLabelSurface(binarySphere(), 1);

/** f(k) = Σ cᵢ Tᵢ(1 − k/2), the filter's transfer function at Laplacian eigenvalue k. */
function transfer(c: Float64Array, k: number): number {
  const y = 1 - k / 2;
  let t0 = 1, t1 = y, f = c[0] + c[1] * y;
  for (let i = 2; i < c.length; i++) {
    const t2 = 2 * y * t1 - t0;
    f += c[i] * t2;
    t0 = t1;
    t1 = t2;
  }
  return f;
}

describe('windowed-sinc filter design', () => {
  it("Slicer's smoothing factor maps to the pass band 10^(−4·factor)", () => {
    expect(passBandFromSmoothingFactor(0)).toBe(1);
    expect(passBandFromSmoothingFactor(0.25)).toBeCloseTo(0.1, 12);
    expect(passBandFromSmoothingFactor(0.5)).toBeCloseTo(0.01, 12);
    expect(passBandFromSmoothingFactor(1)).toBeCloseTo(1e-4, 12);
  });
  for (const window of ['nuttall', 'hamming'] as const) {
    it(`${window}: σ search makes f(k_pb) = 1 within 1e-3; high frequencies are cut`, () => {
      for (const pb of [0.1, 0.01]) {
        const c = windowedSincCoefficients(20, pb, window);
        expect(Math.abs(transfer(c, pb) - 1)).toBeLessThan(1e-3);
        expect(Math.abs(transfer(c, 1.5))).toBeLessThan(0.05); // a staircase's high frequencies
      }
    });
  }
  it('the Nuttall window keeps the DC gain Σcᵢ at 1 (no rescaling); Hamming is off by ~0.1 %', () => {
    const sum = (c: Float64Array) => c.reduce((s, x) => s + x, 0);
    expect(Math.abs(sum(windowedSincCoefficients(20, 0.01, 'nuttall')) - 1)).toBeLessThan(1e-4);
    expect(Math.abs(sum(windowedSincCoefficients(20, 0.01, 'hamming')) - 1)).toBeGreaterThan(5e-4);
  });
});

describe('smoothing the MESH-02 staircase sphere', () => {
  const wsinc = smoothWindowedSinc(mc); // defaults: 20 iterations, pass band 0.01, Nuttall
  it('windowed sinc (Slicer defaults): |ΔV| < 0.1 % and the area error drops from > 5 % to < 1 %', () => {
    expect(Math.abs(rel(signedVolumeMm3(wsinc), signedVolumeMm3(mc)))).toBeLessThan(0.001);
    expect(rel(surfaceAreaMm2(mc), SPHERE_AREA_MM2)).toBeGreaterThan(0.05);
    expect(Math.abs(rel(surfaceAreaMm2(wsinc), SPHERE_AREA_MM2))).toBeLessThan(0.01);
    expect(Math.abs(meanRadius(wsinc.positionsLps) - 20)).toBeLessThan(0.02);
  });
  it('the classic Hamming window changes the volume by less than 1 % (brief: |ΔV| < 1 %)', () => {
    for (const passBand of [0.1, 0.01, 0.001]) {
      const v = signedVolumeMm3(smoothWindowedSinc(mc, { passBand, window: 'hamming' }));
      expect(Math.abs(rel(v, SPHERE_VOLUME_MM3))).toBeLessThan(0.01);
    }
  });
  it('smoothing moves vertices only: same indices, still closed with χ = 2', () => {
    expect(wsinc.indices).toBe(mc.indices);
    const q = checkMeshQuality(wsinc);
    expect(q.passed && q.eulerCharacteristic === 2).toBe(true);
  });
  it('shrinkage ranks as the brief says: Laplacian ≪ Taubin ≈ windowed sinc ≈ 0', () => {
    const dLap = rel(signedVolumeMm3(smoothLaplacian(mc)), SPHERE_VOLUME_MM3);
    const dTaubin = rel(signedVolumeMm3(smoothTaubin(mc)), SPHERE_VOLUME_MM3);
    expect(dLap).toBeLessThan(-0.05);
    expect(Math.abs(dTaubin)).toBeLessThan(0.01);
    expect(Math.abs(rel(signedVolumeMm3(wsinc), SPHERE_VOLUME_MM3))).toBeLessThan(0.005);
  });
});

describe('open meshes', () => {
  // A 5×5 grid of vertices in the plane z = 0 with a bump in the middle: boundary stays fixed.
  const positions: number[] = [];
  for (let j = 0; j < 5; j++) for (let i = 0; i < 5; i++) positions.push(i, j, i === 2 && j === 2 ? 1 : 0);
  const indices: number[] = [];
  for (let j = 0; j < 4; j++) for (let i = 0; i < 4; i++) {
    const v = i + 5 * j;
    indices.push(v, v + 1, v + 6, v, v + 6, v + 5);
  }
  const sheet: TriangleMesh = { positionsLps: Float32Array.from(positions), indices: Uint32Array.from(indices) };
  it('boundary vertices are fixed by default; the bump is flattened', () => {
    for (const out of [smoothWindowedSinc(sheet, { passBand: 0.1 }), smoothTaubin(sheet), smoothLaplacian(sheet, { iterations: 10 })]) {
      for (let v = 0; v < 25; v++) {
        const i = v % 5, j = Math.floor(v / 5);
        if (i === 0 || j === 0 || i === 4 || j === 4) {
          expect([out.positionsLps[3 * v], out.positionsLps[3 * v + 1], out.positionsLps[3 * v + 2]]).toEqual([i, j, 0]);
        }
      }
      expect(out.positionsLps[3 * 12 + 2]).toBeLessThan(0.5);
    }
  });
  it('rejects bad parameters and empty meshes with typed errors', () => {
    expect(() => smoothWindowedSinc(sheet, { passBand: 0 })).toThrow(/pass band/);
    expect(() => smoothWindowedSinc(sheet, { iterations: 0 })).toThrow(/iterations/);
    expect(() => smoothTaubin(sheet, { lambda: 0.5, mu: -0.4 })).toThrow(/μ < −λ/);
    expect(() => smoothWindowedSinc({ positionsLps: new Float32Array(0), indices: new Uint32Array(0) })).toThrow(/empty mesh/);
  });
});
