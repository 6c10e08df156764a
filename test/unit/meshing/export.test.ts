// Export: binary STL (mm), OBJ + MTL (mm), GLB (metres, +Y superior, +Z anterior) parsed back.
import { describe, expect, it } from 'vitest';
import { extractIsoSurface, extractLabelSurface } from '../../../src/meshing/extractSurface';
import { GLTF_FROM_LPS_MATRIX, gltfFromLps, srgbToLinear, writeGlb } from '../../../src/meshing/gltf';
import { boundsLps, signedVolumeMm3, transformMesh } from '../../../src/meshing/meshMath';
import { writeMtl, writeObj } from '../../../src/meshing/obj';
import { readStlBinary, writeStlBinary } from '../../../src/meshing/stl';
import type { SegmentMesh } from '../../../src/meshing/types';
import { boxLabels, grid, sphereSdf } from './fixtures';
import { readGlb } from './glbReader';

const sphere = extractIsoSurface(sphereSdf(), 0); // 15164 triangles, 7584 vertices, centre (31.5, 31.5, 31.5)
const blockSize: [number, number, number] = [8, 8, 8];
const block = extractLabelSurface(grid(boxLabels(blockSize, [2, 2, 2], [4, 5, 6]), blockSize, { origin: [100, -200, 50] }), 1);

describe('binary STL', () => {
  const bytes = writeStlBinary(sphere, 'femur left');
  const back = readStlBinary(bytes);
  it('header states units and frame; count and length match', () => {
    expect(back.header).toBe('Jumeau binary STL, units mm, frame LPS: femur left');
    expect(new DataView(bytes.buffer).getUint32(80, true)).toBe(15164);
    expect(bytes.length).toBe(84 + 50 * 15164);
  });
  it('vertices come back in mm (bounds of the sphere: 31.5 ± 20 within half a voxel)', () => {
    const bb = boundsLps(back.mesh);
    for (let a = 0; a < 3; a++) {
      expect(bb.min[a]).toBeGreaterThan(11.5 - 0.01);
      expect(bb.max[a]).toBeLessThan(51.5 + 0.01);
      expect(bb.max[a] - bb.min[a]).toBeGreaterThan(39);
    }
  });
  it('stored facet normals are unit, outward (right-hand rule of the stored order)', () => {
    const n = back.facetNormals;
    const p = back.mesh.positionsLps;
    const ix = back.mesh.indices;
    for (let t = 0; t < 15164; t += 97) {
      expect(Math.hypot(n[3 * t], n[3 * t + 1], n[3 * t + 2])).toBeCloseTo(1, 5);
      const a = 3 * ix[3 * t];
      const radial = [p[a] - 31.5, p[a + 1] - 31.5, p[a + 2] - 31.5];
      expect(radial[0] * n[3 * t] + radial[1] * n[3 * t + 1] + radial[2] * n[3 * t + 2]).toBeGreaterThan(0);
    }
  });
  it('rejects truncated files and empty meshes', () => {
    expect(() => readStlBinary(bytes.subarray(0, bytes.length - 1), 'x.stl')).toThrow(/x\.stl: binary STL declares 15164 triangles/);
    expect(() => writeStlBinary({ positionsLps: new Float32Array(0), indices: new Uint32Array(0) }, 'empty')).toThrow(/"empty": the mesh has no triangles/);
  });
});

describe('OBJ and MTL', () => {
  const segments: SegmentMesh[] = [
    { name: 'femur left', colorRgb: [255, 128, 0], mesh: block },
    { name: 'sacrum', colorRgb: [0, 0, 255], mesh: sphere },
  ];
  const obj = writeObj(segments, 'twin.mtl');
  const lines = obj.trim().split('\n');
  it('one object per segment, all vertices and faces, 1-based indices offset per object', () => {
    const nvBlock = block.positionsLps.length / 3;
    expect(lines.filter((l) => l.startsWith('o '))).toEqual(['o femur_left', 'o sacrum']);
    expect(lines.filter((l) => l.startsWith('v ')).length).toBe(nvBlock + 7584);
    const faces = lines.filter((l) => l.startsWith('f '));
    expect(faces.length).toBe(block.indices.length / 3 + 15164);
    expect(faces[0]).toBe(`f ${block.indices[0] + 1} ${block.indices[1] + 1} ${block.indices[2] + 1}`);
    expect(faces[block.indices.length / 3]).toBe(`f ${sphere.indices[0] + 1 + nvBlock} ${sphere.indices[1] + 1 + nvBlock} ${sphere.indices[2] + 1 + nvBlock}`);
    expect(lines).toContain('mtllib twin.mtl');
    expect(lines).toContain('usemtl sacrum');
  });
  it('vertex coordinates read back to the same Float32 values (mm)', () => {
    const v = lines.find((l) => l.startsWith('v '))!.split(' ').slice(1).map(Number);
    expect(v.map(Math.fround)).toEqual([block.positionsLps[0], block.positionsLps[1], block.positionsLps[2]]);
  });
  it('MTL carries the colours', () => {
    expect(writeMtl(segments)).toContain('newmtl femur_left\nKd 1.0000 0.5020 0.0000');
  });
});

describe('LPS → glTF (metres, right-handed, +Y up, +Z front)', () => {
  it('patient left → +X, superior → +Y, anterior (−P) → +Z, in metres', () => {
    expect(gltfFromLps([1000, 0, 0])).toEqual([1, 0, 0]);
    expect(gltfFromLps([0, 0, 1000])).toEqual([0, 1, 0]);
    expect(gltfFromLps([0, -1000, 0])).toEqual([0, 0, 1]);
    expect(gltfFromLps([-172, -186, -97.5]).map((x) => +x.toFixed(6))).toEqual([-0.172, -0.0975, 0.186]);
  });
  it('is a proper rotation (det = +1 · 0.001³): handedness and winding preserved', () => {
    const m = GLTF_FROM_LPS_MATRIX;
    const r = [m[0], m[1], m[2], m[4], m[5], m[6], m[8], m[9], m[10]].map((x) => x * 1000);
    const det = r[0] * (r[4] * r[8] - r[5] * r[7]) - r[1] * (r[3] * r[8] - r[5] * r[6]) + r[2] * (r[3] * r[7] - r[4] * r[6]);
    expect(det).toBe(1);
    const p: [number, number, number] = [12, -34, 56];
    const viaM = [0, 1, 2].map((row) => m[4 * row] * p[0] + m[4 * row + 1] * p[1] + m[4 * row + 2] * p[2] + m[4 * row + 3]);
    gltfFromLps(p).forEach((x, i) => expect(viaM[i]).toBeCloseTo(x, 12));
    const inGltf = transformMesh(sphere, [m[0], m[1], m[2], m[4], m[5], m[6], m[8], m[9], m[10]]);
    expect(inGltf.indices).toEqual(sphere.indices); // no flip needed
    expect(signedVolumeMm3(inGltf)).toBeCloseTo(signedVolumeMm3(sphere) * 1e-9, 12);
  });
});

describe('GLB', () => {
  const segments: SegmentMesh[] = [
    { name: 'femur left', colorRgb: [255, 128, 0], mesh: block },
    { name: 'hip bone right', colorRgb: [20, 200, 120], mesh: sphere },
  ];
  const glb = writeGlb(segments);
  const { json, accessor } = readGlb(glb);
  it('one named node, mesh and material per segment, in one scene', () => {
    expect(json.asset.version).toBe('2.0');
    expect(json.scenes[json.scene].nodes).toEqual([0, 1]);
    expect(json.nodes.map((n) => n.name)).toEqual(['femur left', 'hip bone right']);
    expect(json.meshes.map((m) => m.name)).toEqual(['femur left', 'hip bone right']);
    expect(json.materials.map((m) => m.name)).toEqual(['femur left', 'hip bone right']);
  });
  it('baseColorFactor is the linear-light colour', () => {
    const f = json.materials[0].pbrMetallicRoughness.baseColorFactor;
    expect(f[0]).toBe(1);
    expect(f[1]).toBeCloseTo(srgbToLinear(128), 9);
    expect(f[1]).toBeCloseTo(0.2158605, 6);
    expect(f[3]).toBe(1);
  });
  it('triangle counts, index types and positions in metres (accessor bounds = transformed LPS bounds)', () => {
    const prim = json.meshes[1].primitives[0];
    expect(prim.mode).toBe(4);
    const idx = accessor(prim.indices);
    expect(idx).toBeInstanceOf(Uint16Array); // 7584 vertices < 65536
    expect(idx.length / 3).toBe(15164);
    const pos = accessor(prim.attributes.POSITION) as Float32Array;
    const acc = json.accessors[prim.attributes.POSITION];
    const bb = boundsLps(sphere);
    const lo = gltfFromLps(bb.min);
    const hi = gltfFromLps(bb.max);
    expect(acc.min![0]).toBeCloseTo(lo[0], 6);
    expect(acc.max![1]).toBeCloseTo(hi[1], 6);
    expect(acc.min![2]).toBeCloseTo(-0.001 * bb.max[1], 6); // z = −y_P: the smallest z comes from the largest y
    expect(pos[0]).toBeCloseTo(sphere.positionsLps[0] / 1000, 7);
    expect(pos[1]).toBeCloseTo(sphere.positionsLps[2] / 1000, 7);
    expect(pos[2]).toBeCloseTo(-sphere.positionsLps[1] / 1000, 7);
  });
  it('the block (origin (100, −200, 50) mm) lands at x 0.1015…, z +0.1985… m; normals point outward', () => {
    const prim = json.meshes[0].primitives[0];
    const acc = json.accessors[prim.attributes.POSITION];
    expect(acc.min![0]).toBeCloseTo(0.1015, 6);
    expect(acc.max![2]).toBeCloseTo(0.1985, 6); // −(−200 + 1.5) mm
    const pos = accessor(prim.attributes.POSITION) as Float32Array;
    const nrm = accessor(prim.attributes.NORMAL) as Float32Array;
    const centre = [0, 1, 2].map((a) => (acc.min![a] + acc.max![a]) / 2);
    for (let v = 0; v < pos.length / 3; v++) {
      const d = [0, 1, 2].map((a) => pos[3 * v + a] - centre[a]);
      expect(d[0] * nrm[3 * v] + d[1] * nrm[3 * v + 1] + d[2] * nrm[3 * v + 2]).toBeGreaterThan(0);
    }
  });
  it('refuses to write an empty twin or an empty segment', () => {
    expect(() => writeGlb([])).toThrow(/no segment/);
    expect(() => writeGlb([{ name: 'liver', colorRgb: [1, 2, 3], mesh: { positionsLps: new Float32Array(0), indices: new Uint32Array(0) } }])).toThrow(/"liver" has no triangles/);
  });
});
