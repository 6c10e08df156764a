// Surface extraction: geometry through the volume's affine, analytic cube and sphere checks,
// objects cut by the border, sub-box extraction, and the hip phantom's five bones.
import { describe, expect, it } from 'vitest';
import { indexToLps } from '../../../src/volume/volume';
import type { Mat3 } from '../../../src/volume/volume';
import { extractIsoSurface, extractLabelSurface, extractSegmentSurfaces } from '../../../src/meshing/extractSurface';
import { labelStatistics } from '../../../src/volume/labelStats';
import { boundsLps, signedVolumeMm3, surfaceAreaMm2 } from '../../../src/meshing/meshMath';
import { checkMeshQuality } from '../../../src/meshing/quality';
import { buildHipPhantom } from '../../../src/samples/hipPhantom';
import { boxLabels, grid } from './fixtures';

/**
 * Marching cubes at 0.5 on a solid a×b×c block of 1 mm voxels is the box of the voxel faces with
 * every edge chamfered (legs ½) and every corner cut by the triangle through the three edge
 * midpoints of the corner voxel. Removed: ⅛ mm² along each unit of the 12 edges, minus 1/12 mm³
 * back per corner (the three prisms and the corner tetrahedron overlap), so
 *   V = abc − (a + b + c)/2 + 2/3,
 *   A = 2[(a−1)(b−1) + (b−1)(c−1) + (c−1)(a−1)] + 2√2·(a + b + c − 3) + √3.
 * (a = b = c = 1: the octahedron of the six face centres, V = 1/6, A = √3.)
 */
const boxVolume = (a: number, b: number, c: number) => a * b * c - (a + b + c) / 2 + 2 / 3;
const boxArea = (a: number, b: number, c: number) =>
  2 * ((a - 1) * (b - 1) + (b - 1) * (c - 1) + (c - 1) * (a - 1)) + 2 * Math.SQRT2 * (a + b + c - 3) + Math.sqrt(3);

describe('label surface of a voxel block (analytic)', () => {
  for (const [a, b, c] of [[1, 1, 1], [3, 4, 5], [10, 2, 7]] as const) {
    it(`${a}×${b}×${c} block: exact volume and area, χ = 2, faces on the voxel boundaries`, () => {
      const size: [number, number, number] = [a + 4, b + 4, c + 4];
      const mesh = extractLabelSurface(grid(boxLabels(size, [2, 2, 2], [a + 1, b + 1, c + 1]), size), 1);
      const q = checkMeshQuality(mesh);
      expect(q.volumeMm3).toBeCloseTo(boxVolume(a, b, c), 4);
      expect(q.areaMm2).toBeCloseTo(boxArea(a, b, c), 4);
      expect(q.eulerCharacteristic).toBe(2);
      expect(q.passed).toBe(true);
      const bb = boundsLps(mesh);
      expect(bb.min).toEqual([1.5, 1.5, 1.5]);
      expect(bb.max).toEqual([a + 1.5, b + 1.5, c + 1.5]);
    });
  }
  it('anisotropic spacing scales the volume exactly (0.5 × 0.8 × 2 mm)', () => {
    const size: [number, number, number] = [9, 10, 11];
    const mesh = extractLabelSurface(grid(boxLabels(size, [2, 2, 2], [6, 7, 8]), size, { spacing: [0.5, 0.8, 2] }), 1);
    expect(signedVolumeMm3(mesh)).toBeCloseTo(0.5 * 0.8 * 2 * boxVolume(5, 6, 7), 4);
  });
});

describe('vertices in LPS through the volume geometry', () => {
  it('a rotated, anisotropic, offset volume maps every vertex with indexToLps (same affine)', () => {
    const s = Math.SQRT1_2;
    const direction: Mat3 = [s, s, 0, -s, s, 0, 0, 0, 1]; // i and j rotated 45° about S
    const geom = { spacing: [0.7, 0.9, 2.5] as [number, number, number], origin: [-100, 50, 300] as [number, number, number], direction };
    const size: [number, number, number] = [8, 8, 8];
    const labels = boxLabels(size, [2, 3, 1], [5, 5, 4]);
    const rotated = extractLabelSurface(grid(labels, size, geom), 1);
    const plain = extractLabelSurface(grid(labels, size), 1);
    expect(rotated.indices).toEqual(plain.indices);
    for (let v = 0; v < plain.positionsLps.length / 3; v++) {
      const p = indexToLps(geom, [plain.positionsLps[3 * v], plain.positionsLps[3 * v + 1], plain.positionsLps[3 * v + 2]]);
      for (let a = 0; a < 3; a++) expect(rotated.positionsLps[3 * v + a]).toBeCloseTo(p[a], 3);
    }
    expect(signedVolumeMm3(rotated)).toBeCloseTo(0.7 * 0.9 * 2.5 * boxVolume(4, 3, 4), 2);
  });
  it('iso-surface vertices are linearly interpolated: a ramp f = i − 3.3 puts the plane at i = 3.3', () => {
    const size: [number, number, number] = [8, 5, 5];
    const f = new Float32Array(8 * 5 * 5);
    for (let k = 0; k < 5; k++) for (let j = 0; j < 5; j++) for (let i = 0; i < 8; i++) f[i + 8 * (j + 5 * k)] = 3.3 - i; // inside: i ≤ 3.3
    const mesh = extractIsoSurface(grid(f, size), 0);
    const xs = new Set<number>();
    for (let q = 0; q < mesh.positionsLps.length; q += 3) xs.add(Math.round(mesh.positionsLps[q] * 1e4) / 1e4);
    expect([...xs].sort((a, b) => a - b)).toEqual([-0.5, 0, 1, 2, 3, 3.3]); // the border cap at −0.5, grid lines, the iso plane
  });
});

describe('objects cut by the volume border', () => {
  it('a label filling the whole volume gives a closed box on the physical boundary (half a voxel out)', () => {
    const size: [number, number, number] = [6, 5, 4];
    const mesh = extractLabelSurface(grid(new Uint8Array(120).fill(3), size, { spacing: [2, 2, 2] }), 3);
    const q = checkMeshQuality(mesh);
    expect(q.passed).toBe(true);
    expect(q.volumeMm3).toBeCloseTo(8 * boxVolume(6, 5, 4), 3);
    expect(boundsLps(mesh)).toEqual({ min: [-1, -1, -1], max: [11, 9, 7] });
  });
  it('a sphere cut by the i = 0 face is closed there (flat cap), with χ = 2', () => {
    const n = 24;
    const f = new Float32Array(n * n * n);
    for (let k = 0; k < n; k++) for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) f[i + n * (j + n * k)] = 8 - Math.hypot(i - 2, j - 12, k - 12);
    const q = checkMeshQuality(extractIsoSurface(grid(f, [n, n, n]), 0));
    expect(q.closed && q.consistentlyOriented && q.eulerCharacteristic === 2).toBe(true);
    expect(q.volumeMm3).toBeGreaterThan(0);
  });
});

describe('voxel storage does not change the surface', () => {
  it('Uint8 (4-voxel SWAR scan), Int16, Float32 and an unaligned Uint8 view give identical meshes', () => {
    const size: [number, number, number] = [32, 12, 10];
    const rnd = (i: number) => ((i * 2654435761) >>> 0) % 7;
    const u8 = new Uint8Array(32 * 12 * 10).map((_, i) => (rnd(i) < 3 ? 5 : rnd(i)));
    const ref = extractLabelSurface(grid(u8, size), 5);
    const unaligned = new Uint8Array(u8.length + 1).subarray(1);
    unaligned.set(u8);
    for (const data of [Int16Array.from(u8), Float32Array.from(u8), unaligned]) {
      const m = extractLabelSurface(grid(data, size), 5);
      expect(m.indices).toEqual(ref.indices);
      expect(m.positionsLps).toEqual(ref.positionsLps);
    }
    expect(checkMeshQuality(ref).passed).toBe(true);
  });
});

describe('sub-box extraction', () => {
  it('gives the same surface as the whole volume when the box holds the segment', () => {
    const size: [number, number, number] = [20, 18, 16];
    const labels = boxLabels(size, [4, 5, 6], [12, 9, 10], 2);
    labels[0] = 1; // another label elsewhere must not matter
    const whole = extractLabelSurface(grid(labels, size), 2);
    const [stats] = labelStatistics(grid(labels, size)).filter((s) => s.label === 2);
    expect(stats.boxIjk).toEqual({ min: [4, 5, 6], max: [12, 9, 10] });
    expect(stats.voxelCount).toBe(9 * 5 * 5);
    const boxed = extractLabelSurface(grid(labels, size), 2, { boxIjk: stats.boxIjk });
    expect(boxed.indices.length).toBe(whole.indices.length);
    expect(signedVolumeMm3(boxed)).toBeCloseTo(signedVolumeMm3(whole), 6);
    expect(boundsLps(boxed)).toEqual(boundsLps(whole));
  });
});

describe('hip phantom: every bone as its own closed surface', () => {
  const hip = buildHipPhantom();
  const specs = hip.segments.map((s) => ({ label: s.label, name: s.name, colorRgb: s.color }));
  const voxelMm3 = hip.labels.spacing[0] * hip.labels.spacing[1] * hip.labels.spacing[2];
  const results = extractSegmentSurfaces(hip.labels, specs);
  it('five closed, manifold, outward meshes whose volumes match the voxel volumes within 0.5 %', () => {
    expect(results.map((r) => r.segment.name)).toEqual(['femur left', 'femur right', 'hip bone left', 'hip bone right', 'sacrum']);
    for (const r of results) {
      const q = checkMeshQuality(r.mesh, r.voxelCount * voxelMm3);
      expect(q.passed, r.segment.name).toBe(true);
      expect(q.shellCount, r.segment.name).toBe(1);
      expect(Math.abs(q.volumeErrorPercent!), r.segment.name).toBeLessThan(0.5);
    }
  });
  it('femurs are sphere-like (χ = 2); each hip bone has its obturator foramen (χ = 0)', () => {
    const chi = Object.fromEntries(results.map((r) => [r.segment.name, checkMeshQuality(r.mesh).eulerCharacteristic]));
    expect(chi).toEqual({ 'femur left': 2, 'femur right': 2, 'hip bone left': 0, 'hip bone right': 0, sacrum: 2 });
  });
  it('left is the patient\'s left (+x in LPS): the left femur lies at larger x than the right', () => {
    const left = boundsLps(results[0].mesh);
    const right = boundsLps(results[1].mesh);
    expect((left.min[0] + left.max[0]) / 2).toBeGreaterThan(50);
    expect((right.min[0] + right.max[0]) / 2).toBeLessThan(-50);
    expect(surfaceAreaMm2(results[0].mesh)).toBeGreaterThan(0);
  });
});
