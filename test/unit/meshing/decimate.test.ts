// Quadric-error decimation keeps surfaces closed, manifold and outward, keeps topology (χ), and
// bounds the volume change; targets, error bounds and locked boundaries behave as documented.
import { describe, expect, it } from 'vitest';
import { decimateMesh } from '../../../src/meshing/decimate';
import { extractIsoSurface, extractLabelSurface } from '../../../src/meshing/extractSurface';
import { signedVolumeMm3 } from '../../../src/meshing/meshMath';
import { checkMeshQuality } from '../../../src/meshing/quality';
import { smoothWindowedSinc } from '../../../src/meshing/smooth';
import type { TriangleMesh } from '../../../src/meshing/types';
import { buildHipPhantom } from '../../../src/samples/hipPhantom';
import { meanRadius, sphereSdf, torusSdf } from './fixtures';

const rel = (a: number, b: number) => (a - b) / b;

describe('decimating the MESH-01 sphere', () => {
  const sphere = extractIsoSurface(sphereSdf(), 0);
  const v0 = signedVolumeMm3(sphere);
  it('to 10 %: ≤ target triangles, closed, manifold, outward, χ = 2, |ΔV| < 0.5 %, vertices stay on the sphere (±0.1 mm)', () => {
    const r = decimateMesh(sphere, { targetRatio: 0.1 });
    const q = checkMeshQuality(r.mesh);
    expect(r.reachedTarget).toBe(true);
    expect(q.triangleCount).toBeLessThanOrEqual(Math.round(0.1 * 15164));
    expect(q.triangleCount).toBeGreaterThan(0.09 * 15164);
    expect(q.passed && q.eulerCharacteristic === 2 && q.duplicateVertexCount === 0).toBe(true);
    expect(Math.abs(rel(q.volumeMm3, v0))).toBeLessThan(0.005);
    const p = r.mesh.positionsLps;
    for (let i = 0; i < p.length; i += 3) expect(Math.abs(Math.hypot(p[i] - 31.5, p[i + 1] - 31.5, p[i + 2] - 31.5) - 20)).toBeLessThan(0.1);
  });
  it('to 1 % (152 triangles) still a closed sphere, volume within 5 %', () => {
    const r = decimateMesh(sphere, { targetTriangles: 152 });
    const q = checkMeshQuality(r.mesh);
    expect(q.triangleCount).toBeLessThanOrEqual(152);
    expect(q.passed && q.eulerCharacteristic === 2).toBe(true);
    expect(Math.abs(rel(q.volumeMm3, v0))).toBeLessThan(0.05);
  });
  it('down to nothing stops at the smallest closed surface (a tetrahedron-like hull), never breaking it', () => {
    const r = decimateMesh(sphere, { targetTriangles: 0 });
    const q = checkMeshQuality(r.mesh);
    expect(r.reachedTarget).toBe(false);
    expect(q.triangleCount).toBeGreaterThanOrEqual(4);
    expect(q.passed && q.eulerCharacteristic === 2).toBe(true);
  });
  it('an error bound alone keeps every collapse within it', () => {
    const r = decimateMesh(sphere, { maxErrorMm: 0.02 });
    expect(r.maxCollapseErrorMm).toBeLessThanOrEqual(0.02);
    expect(r.collapses).toBeGreaterThan(1000);
    expect(checkMeshQuality(r.mesh).passed).toBe(true);
    expect(Math.abs(meanRadius(r.mesh.positionsLps) - 20)).toBeLessThan(0.05);
  });
});

describe('topology and real shapes', () => {
  it('the MESH-05 torus keeps χ = 0 at 10 %', () => {
    const torus = extractIsoSurface(torusSdf(), 0);
    const q = checkMeshQuality(decimateMesh(torus, { targetRatio: 0.1 }).mesh);
    expect(q.passed && q.eulerCharacteristic === 0).toBe(true);
    expect(Math.abs(rel(q.volumeMm3, signedVolumeMm3(torus)))).toBeLessThan(0.01);
  });
  it('a smoothed hip bone (genus 1) at 10 %: closed, χ = 0, |ΔV| < 1 %', () => {
    const hip = buildHipPhantom();
    const bone = smoothWindowedSinc(extractLabelSurface(hip.labels, 3));
    const r = decimateMesh(bone, { targetRatio: 0.1 });
    const q = checkMeshQuality(r.mesh);
    expect(r.reachedTarget).toBe(true);
    expect(q.passed && q.eulerCharacteristic === 0 && q.shellCount === 1).toBe(true);
    expect(Math.abs(rel(q.volumeMm3, signedVolumeMm3(bone)))).toBeLessThan(0.01);
  });
});

describe('open meshes and bad input', () => {
  it('boundary vertices of an open mesh are locked (kept exactly)', () => {
    const pos: number[] = [];
    const n = 11;
    for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) pos.push(i, j, 0.01 * Math.sin(i) * Math.sin(j));
    const idx: number[] = [];
    for (let j = 0; j < n - 1; j++) for (let i = 0; i < n - 1; i++) {
      const v = i + n * j;
      idx.push(v, v + 1, v + n + 1, v, v + n + 1, v + n);
    }
    const sheet: TriangleMesh = { positionsLps: Float32Array.from(pos), indices: Uint32Array.from(idx) };
    const r = decimateMesh(sheet, { targetRatio: 0.2 });
    const q = checkMeshQuality(r.mesh);
    expect(q.boundaryEdgeCount).toBe(4 * (n - 1)); // every boundary edge survives
    expect(q.manifold && q.consistentlyOriented).toBe(true);
    const kept = new Set<string>();
    for (let i = 0; i < r.mesh.positionsLps.length; i += 3) kept.add(`${r.mesh.positionsLps[i]},${r.mesh.positionsLps[i + 1]}`);
    for (let i = 0; i < n; i++) for (const [x, y] of [[i, 0], [i, n - 1], [0, i], [n - 1, i]]) expect(kept.has(`${x},${y}`)).toBe(true);
  });
  it('needs a target or an error bound; refuses an empty mesh', () => {
    const sphere = extractIsoSurface(sphereSdf(), 0);
    expect(() => decimateMesh(sphere, {})).toThrow(/targetTriangles, targetRatio or maxErrorMm/);
    expect(() => decimateMesh({ positionsLps: new Float32Array(0), indices: new Uint32Array(0) }, { targetRatio: 0.5 })).toThrow(/empty mesh/);
  });
});
