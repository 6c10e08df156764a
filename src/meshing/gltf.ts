/**
 * glTF 2.0 binary (GLB) export of a twin: one node + mesh + material per segment, named after the
 * segment, coloured by its baseColorFactor.
 *
 * glTF is metres, right-handed, +Y up, and the front of an asset faces +Z. The patient's front is
 * anterior (−y in LPS), up is superior (+z), so:
 *
 *   glTF (x, y, z) = 0.001 · (x_L, z_S, −y_P)        R = [[1,0,0],[0,0,1],[0,−1,0]], det R = +1
 *
 * +X = patient left, +Y = superior, +Z = anterior (check: L × S = A, right-handed). R is a proper
 * rotation (−90° about x), so the winding is unchanged and faces stay outward; normals map by R.
 * This is brief §8.2's right-handed alternative (x, z, −y); Babylon with
 * `scene.useRightHandedSystem = true` loads it with no root conversion node.
 */
import { JumeauError } from '../core/errors';
import type { PointLps, Vec3 } from '../core/vec3';
import { computeVertexNormals } from './meshMath';
import type { SegmentMesh } from './types';

/** A point in glTF's frame: metres, +X patient left, +Y superior, +Z anterior. */
export type PointGltfM = Vec3;

/** The `gltfFromLps` map as a row-major 4×4 (column vectors, p' = M·p), LPS mm → glTF m. */
export const GLTF_FROM_LPS_MATRIX: readonly number[] = [0.001, 0, 0, 0, 0, 0, 0.001, 0, 0, -0.001, 0, 0, 0, 0, 0, 1];

/** LPS millimetres → glTF metres (see module doc). */
export function gltfFromLps(p: PointLps): PointGltfM {
  return [0.001 * p[0], 0.001 * p[2], 0 - 0.001 * p[1]]; // 0 − x: no −0 for y = 0
}

/** sRGB 0–255 → linear 0–1 (glTF's baseColorFactor is linear). */
export function srgbToLinear(c: number): number {
  const s = c / 255;
  return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
}

interface BufferViewJson { buffer: 0; byteOffset: number; byteLength: number; target: number }
interface AccessorJson { bufferView: number; componentType: number; count: number; type: string; min?: number[]; max?: number[] }

/**
 * Writes the segments as one GLB.
 * @throws JumeauError BAD_ARGUMENT when there is no segment or one has no triangle
 */
export function writeGlb(segments: readonly SegmentMesh[], generator = 'Jumeau'): Uint8Array {
  if (segments.length === 0) throw new JumeauError('BAD_ARGUMENT', 'glTF: no segment to write');
  const chunks: Uint8Array[] = [];
  let binLength = 0;
  const bufferViews: BufferViewJson[] = [];
  const accessors: AccessorJson[] = [];
  const addView = (data: Uint8Array, target: number): number => {
    bufferViews.push({ buffer: 0, byteOffset: binLength, byteLength: data.byteLength, target });
    chunks.push(data);
    binLength += data.byteLength;
    const pad = (4 - (binLength % 4)) % 4;
    if (pad) {
      chunks.push(new Uint8Array(pad));
      binLength += pad;
    }
    return bufferViews.length - 1;
  };
  const meshes = [];
  const nodes = [];
  const materials = [];
  for (let s = 0; s < segments.length; s++) {
    const seg = segments[s];
    const { positionsLps: p, indices: ix } = seg.mesh;
    if (ix.length === 0) throw new JumeauError('BAD_ARGUMENT', `glTF: segment "${seg.name}" has no triangles`);
    const nv = p.length / 3;
    const pos = new Float32Array(p.length);
    const min = [Infinity, Infinity, Infinity];
    const max = [-Infinity, -Infinity, -Infinity];
    for (let q = 0; q < p.length; q += 3) {
      pos[q] = 0.001 * p[q];
      pos[q + 1] = 0.001 * p[q + 2];
      pos[q + 2] = -0.001 * p[q + 1];
      for (let a = 0; a < 3; a++) {
        if (pos[q + a] < min[a]) min[a] = pos[q + a];
        if (pos[q + a] > max[a]) max[a] = pos[q + a];
      }
    }
    const nLps = seg.mesh.normals ?? computeVertexNormals(seg.mesh);
    const nrm = new Float32Array(nLps.length);
    for (let q = 0; q < nLps.length; q += 3) {
      nrm[q] = nLps[q];
      nrm[q + 1] = nLps[q + 2];
      nrm[q + 2] = -nLps[q + 1];
    }
    const small = nv < 65536;
    const idx = small ? Uint16Array.from(ix) : Uint32Array.from(ix);
    const bytes = (a: Float32Array | Uint16Array | Uint32Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    accessors.push({ bufferView: addView(bytes(pos), 34962), componentType: 5126, count: nv, type: 'VEC3', min, max });
    accessors.push({ bufferView: addView(bytes(nrm), 34962), componentType: 5126, count: nv, type: 'VEC3' });
    accessors.push({ bufferView: addView(bytes(idx), 34963), componentType: small ? 5123 : 5125, count: ix.length, type: 'SCALAR' });
    const [r, g, b] = seg.colorRgb.map(srgbToLinear);
    materials.push({ name: seg.name, pbrMetallicRoughness: { baseColorFactor: [r, g, b, 1], metallicFactor: 0, roughnessFactor: 0.7 } });
    meshes.push({ name: seg.name, primitives: [{ attributes: { POSITION: 3 * s, NORMAL: 3 * s + 1 }, indices: 3 * s + 2, material: s, mode: 4 }] });
    nodes.push({ name: seg.name, mesh: s });
  }
  const json = {
    asset: {
      version: '2.0',
      generator,
      extras: { units: 'metres', gltfFromLps: GLTF_FROM_LPS_MATRIX, note: 'glTF (x, y, z) = 0.001 · (x_L, z_S, −y_P): +X patient left, +Y superior, +Z anterior' },
    },
    scene: 0,
    scenes: [{ name: 'twin', nodes: segments.map((_, i) => i) }],
    nodes,
    meshes,
    materials,
    accessors,
    bufferViews,
    buffers: [{ byteLength: binLength }],
  };
  const jsonBytes = new TextEncoder().encode(JSON.stringify(json));
  const jsonPadded = (jsonBytes.length + 3) & ~3;
  const total = 12 + 8 + jsonPadded + 8 + binLength;
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  view.setUint32(0, 0x46546c67, true); // "glTF"
  view.setUint32(4, 2, true);
  view.setUint32(8, total, true);
  view.setUint32(12, jsonPadded, true);
  view.setUint32(16, 0x4e4f534a, true); // "JSON"
  out.set(jsonBytes, 20);
  out.fill(0x20, 20 + jsonBytes.length, 20 + jsonPadded); // JSON chunk is padded with spaces
  let o = 20 + jsonPadded;
  view.setUint32(o, binLength, true);
  view.setUint32(o + 4, 0x004e4942, true); // "BIN\0"
  o += 8;
  for (const c of chunks) {
    out.set(c, o);
    o += c.byteLength;
  }
  return out;
}
