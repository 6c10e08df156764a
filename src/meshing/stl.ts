/**
 * Binary STL (3-D printing): 80-byte header, uint32 triangle count, then per triangle 12 float32
 * (unit normal, three vertices) and a uint16 attribute — 50 bytes, little-endian (brief §2.4).
 * STL has no units: we write millimetres (LPS, as stored) and say so in the header. Triangles keep
 * their outward, counter-clockwise winding; the normal is recomputed from the vertices.
 */
import { JumeauError } from '../core/errors';
import type { TriangleMesh } from './types';
import { weldExact } from './weld';

/** Bytes of a binary STL with `triangles` facets: 84 + 50·n. */
export function stlByteLength(triangles: number): number {
  return 84 + 50 * triangles;
}

/**
 * Writes a binary STL. The header reads "Jumeau binary STL, units mm, frame LPS: <name>" (never
 * "solid…", which makes some readers take the file for ASCII).
 * @throws JumeauError BAD_ARGUMENT for an empty mesh (no empty file is written as if it were a result)
 */
export function writeStlBinary(mesh: TriangleMesh, name = ''): Uint8Array {
  const nt = mesh.indices.length / 3;
  if (nt === 0) throw new JumeauError('BAD_ARGUMENT', `STL${name ? ` "${name}"` : ''}: the mesh has no triangles`);
  const bytes = new Uint8Array(stlByteLength(nt));
  const header = `Jumeau binary STL, units mm, frame LPS: ${name}`.replace(/[^\x20-\x7e]/g, '?').slice(0, 80);
  for (let i = 0; i < header.length; i++) bytes[i] = header.charCodeAt(i);
  const view = new DataView(bytes.buffer);
  view.setUint32(80, nt, true);
  const p = mesh.positionsLps;
  const ix = mesh.indices;
  let o = 84;
  for (let t = 0; t < ix.length; t += 3) {
    const a = 3 * ix[t], b = 3 * ix[t + 1], c = 3 * ix[t + 2];
    const ux = p[b] - p[a], uy = p[b + 1] - p[a + 1], uz = p[b + 2] - p[a + 2];
    const vx = p[c] - p[a], vy = p[c + 1] - p[a + 1], vz = p[c + 2] - p[a + 2];
    let nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
    const len = Math.sqrt(nx * nx + ny * ny + nz * nz);
    if (len > 0) { nx /= len; ny /= len; nz /= len; }
    view.setFloat32(o, nx, true);
    view.setFloat32(o + 4, ny, true);
    view.setFloat32(o + 8, nz, true);
    view.setFloat32(o + 12, p[a], true);
    view.setFloat32(o + 16, p[a + 1], true);
    view.setFloat32(o + 20, p[a + 2], true);
    view.setFloat32(o + 24, p[b], true);
    view.setFloat32(o + 28, p[b + 1], true);
    view.setFloat32(o + 32, p[b + 2], true);
    view.setFloat32(o + 36, p[c], true);
    view.setFloat32(o + 40, p[c + 1], true);
    view.setFloat32(o + 44, p[c + 2], true);
    // attribute byte count (o + 48) stays 0
    o += 50;
  }
  return bytes;
}

/** What {@link readStlBinary} returns. */
export interface StlContents {
  /** The 80-byte header as text (trailing NULs and spaces removed). */
  header: string;
  /** Facet normals as stored, 3 per triangle. */
  facetNormals: Float32Array;
  /** The triangles, re-welded: vertices at bit-identical positions are merged (units as written: mm). */
  mesh: TriangleMesh;
}

/**
 * Reads a binary STL and re-welds its vertices (exact Float32 match), so a mesh written by
 * {@link writeStlBinary} comes back with the same V/E/F.
 * @throws JumeauError FILE_READ when the byte length does not match the triangle count
 */
export function readStlBinary(bytes: Uint8Array, fileName = 'STL'): StlContents {
  if (bytes.length < 84) throw new JumeauError('FILE_READ', `${bytes.length} bytes is too short for a binary STL (84-byte header)`, { subject: fileName });
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const nt = view.getUint32(80, true);
  if (bytes.length !== stlByteLength(nt)) {
    throw new JumeauError('FILE_READ', `binary STL declares ${nt} triangles (${stlByteLength(nt)} bytes) but has ${bytes.length} bytes (ASCII STL is not supported)`, { subject: fileName });
  }
  let header = '';
  for (let i = 0; i < 80; i++) header += String.fromCharCode(bytes[i]);
  header = header.replace(/[\0 ]+$/, '');
  const soup = new Float32Array(9 * nt);
  const facetNormals = new Float32Array(3 * nt);
  for (let t = 0, o = 84; t < nt; t++, o += 50) {
    for (let k = 0; k < 3; k++) facetNormals[3 * t + k] = view.getFloat32(o + 4 * k, true);
    for (let k = 0; k < 9; k++) soup[9 * t + k] = view.getFloat32(o + 12 + 4 * k, true);
  }
  const { remap, uniqueCount, firstOf } = weldExact(soup);
  const positionsLps = new Float32Array(3 * uniqueCount);
  for (let u = 0; u < uniqueCount; u++) positionsLps.set(soup.subarray(3 * firstOf[u], 3 * firstOf[u] + 3), 3 * u);
  return { header, facetNormals, mesh: { positionsLps, indices: remap } };
}
