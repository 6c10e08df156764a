/**
 * Measurements and rigid/affine helpers on triangle meshes. Sums are Float64 (positions are Float32).
 */
import type { TriangleMesh } from './types';

/** Millilitres per cubic millimetre. */
export const ML_PER_MM3 = 1e-3;

/**
 * Signed volume enclosed by a closed mesh, mm³: V = (1/6) Σ v0 · (v1 × v2). Positive when the
 * winding is outward. Vertices are taken relative to the first vertex, which keeps the Float64 sum
 * accurate far from the origin (the result is translation-invariant for a closed mesh).
 */
export function signedVolumeMm3(mesh: TriangleMesh): number {
  const p = mesh.positionsLps;
  const ix = mesh.indices;
  if (p.length === 0) return 0;
  const ox = p[0];
  const oy = p[1];
  const oz = p[2];
  let v = 0;
  for (let t = 0; t < ix.length; t += 3) {
    const a = 3 * ix[t];
    const b = 3 * ix[t + 1];
    const c = 3 * ix[t + 2];
    const ax = p[a] - ox, ay = p[a + 1] - oy, az = p[a + 2] - oz;
    const bx = p[b] - ox, by = p[b + 1] - oy, bz = p[b + 2] - oz;
    const cx = p[c] - ox, cy = p[c + 1] - oy, cz = p[c + 2] - oz;
    v += ax * (by * cz - bz * cy) - ay * (bx * cz - bz * cx) + az * (bx * cy - by * cx);
  }
  return v / 6;
}

/** Total triangle area, mm². */
export function surfaceAreaMm2(mesh: TriangleMesh): number {
  const p = mesh.positionsLps;
  const ix = mesh.indices;
  let area = 0;
  for (let t = 0; t < ix.length; t += 3) {
    const a = 3 * ix[t];
    const b = 3 * ix[t + 1];
    const c = 3 * ix[t + 2];
    const ux = p[b] - p[a], uy = p[b + 1] - p[a + 1], uz = p[b + 2] - p[a + 2];
    const vx = p[c] - p[a], vy = p[c + 1] - p[a + 1], vz = p[c + 2] - p[a + 2];
    const nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
    area += Math.sqrt(nx * nx + ny * ny + nz * nz);
  }
  return area / 2;
}

/** Axis-aligned bounds of the vertices, LPS mm (min and max per axis); zeros for an empty mesh. */
export function boundsLps(mesh: TriangleMesh): { min: [number, number, number]; max: [number, number, number] } {
  const p = mesh.positionsLps;
  if (p.length === 0) return { min: [0, 0, 0], max: [0, 0, 0] };
  const min: [number, number, number] = [Infinity, Infinity, Infinity];
  const max: [number, number, number] = [-Infinity, -Infinity, -Infinity];
  for (let n = 0; n < p.length; n += 3) {
    for (let a = 0; a < 3; a++) {
      const x = p[n + a];
      if (x < min[a]) min[a] = x;
      if (x > max[a]) max[a] = x;
    }
  }
  return { min, max };
}

/** Area-weighted outward unit vertex normals (LPS), Float32, 3 per vertex. */
export function computeVertexNormals(mesh: TriangleMesh): Float32Array {
  const p = mesh.positionsLps;
  const ix = mesh.indices;
  const acc = new Float64Array(p.length);
  for (let t = 0; t < ix.length; t += 3) {
    const a = 3 * ix[t];
    const b = 3 * ix[t + 1];
    const c = 3 * ix[t + 2];
    const ux = p[b] - p[a], uy = p[b + 1] - p[a + 1], uz = p[b + 2] - p[a + 2];
    const vx = p[c] - p[a], vy = p[c + 1] - p[a + 1], vz = p[c + 2] - p[a + 2];
    const nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
    for (const q of [a, b, c]) {
      acc[q] += nx;
      acc[q + 1] += ny;
      acc[q + 2] += nz;
    }
  }
  const out = new Float32Array(p.length);
  for (let n = 0; n < p.length; n += 3) {
    const len = Math.hypot(acc[n], acc[n + 1], acc[n + 2]);
    if (len > 0) {
      out[n] = acc[n] / len;
      out[n + 1] = acc[n + 1] / len;
      out[n + 2] = acc[n + 2] / len;
    }
  }
  return out;
}

/** Copy of the index buffer with every triangle (a, b, c) reversed to (a, c, b). */
export function flipWinding(indices: Uint32Array): Uint32Array {
  const out = new Uint32Array(indices.length);
  for (let t = 0; t < indices.length; t += 3) {
    out[t] = indices[t];
    out[t + 1] = indices[t + 2];
    out[t + 2] = indices[t + 1];
  }
  return out;
}

/**
 * Applies `p' = M·p + t` to every vertex (M row-major 3×3, t in the target unit) and, when
 * det M < 0 (a mirror), reverses every triangle so the winding stays outward (brief MESH-06).
 * Normals, if present, are transformed by the inverse transpose and renormalised.
 */
export function transformMesh(mesh: TriangleMesh, m: readonly number[], t: readonly number[] = [0, 0, 0]): TriangleMesh {
  const p = mesh.positionsLps;
  const out = new Float32Array(p.length);
  for (let n = 0; n < p.length; n += 3) {
    const x = p[n], y = p[n + 1], z = p[n + 2];
    out[n] = m[0] * x + m[1] * y + m[2] * z + t[0];
    out[n + 1] = m[3] * x + m[4] * y + m[5] * z + t[1];
    out[n + 2] = m[6] * x + m[7] * y + m[8] * z + t[2];
  }
  const det = m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) + m[2] * (m[3] * m[7] - m[4] * m[6]);
  const result: TriangleMesh = { positionsLps: out, indices: det < 0 ? flipWinding(mesh.indices) : mesh.indices.slice() };
  if (mesh.normals) {
    // Cofactor matrix = det · (M⁻¹)ᵀ: maps normals correctly up to a scale (sign fixed by det).
    const cof = [
      m[4] * m[8] - m[5] * m[7], m[5] * m[6] - m[3] * m[8], m[3] * m[7] - m[4] * m[6],
      m[2] * m[7] - m[1] * m[8], m[0] * m[8] - m[2] * m[6], m[1] * m[6] - m[0] * m[7],
      m[1] * m[5] - m[2] * m[4], m[2] * m[3] - m[0] * m[5], m[0] * m[4] - m[1] * m[3],
    ];
    const s = Math.sign(det);
    const nIn = mesh.normals;
    const nOut = new Float32Array(nIn.length);
    for (let n = 0; n < nIn.length; n += 3) {
      const x = nIn[n], y = nIn[n + 1], z = nIn[n + 2];
      const a = s * (cof[0] * x + cof[1] * y + cof[2] * z);
      const b = s * (cof[3] * x + cof[4] * y + cof[5] * z);
      const c = s * (cof[6] * x + cof[7] * y + cof[8] * z);
      const len = Math.hypot(a, b, c) || 1;
      nOut[n] = a / len;
      nOut[n + 1] = b / len;
      nOut[n + 2] = c / len;
    }
    result.normals = nOut;
  }
  return result;
}
