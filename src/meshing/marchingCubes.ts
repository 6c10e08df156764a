/**
 * The marching-cubes sweep: one pass over the slices of a voxel box, padded by one voxel of
 * background on every side (so objects touching the box border still give closed surfaces).
 *
 * Cache-friendly single pass (Flying-Edges-style trimming without its four passes):
 * - each slice is classified once into a byte plane of inside flags, row by row, recording for every
 *   row the first and last inside voxel; cubes of a row are visited only between the extremes of
 *   the four voxel rows that bound them, so empty space costs one read per voxel;
 * - each crossed voxel edge gets one vertex, cached in per-slice planes of vertex ids that are never
 *   cleared: an id is valid when it is newer than the first vertex of the layer that could have made
 *   it (vertex ids grow monotonically), which saves clearing 3 planes per slice.
 * Vertices are written directly in LPS mm through the box's affine (the same mapping as
 * `indexToLps`); triangles are flipped when that affine mirrors (det < 0), so winding stays outward.
 */
import { throwIfAborted } from '../core/errors';
import { getCaseTable } from './caseTable';
import type { TriangleMesh } from './types';

/** What the sweep needs from a voxel source (a label test or a scalar iso test). */
export interface SweepSource {
  /** Box size in voxels along i, j, k. */
  readonly size: [number, number, number];
  /** True when edge vertices are interpolated (scalar fields); false puts them at edge midpoints. */
  readonly interpolates: boolean;
  /**
   * Classifies slice c of the box into `plane` (row b at offset `(b + 1)·(W + 2) + 1`): writes 1 for
   * inside voxels between each row's first and last inside voxel (0 elsewhere is the caller's job),
   * and stores those extremes in `first[b + 1]`, `last[b + 1]` (−1 for an empty row).
   */
  classifySlice(c: number, plane: Uint8Array, first: Int32Array, last: Int32Array): void;
  /** Interpolation parameter in [0, 1] along `axis` from voxel (a, b, c) to its +1 neighbour (box coords, may touch the padding). */
  edgeT(axis: number, a: number, b: number, c: number): number;
}

/** Box → LPS affine: LPS = originLps + a·stepI + b·stepJ + c·stepK (mm). */
export interface BoxAffine {
  /** LPS position (mm) of the box's voxel (0, 0, 0). */
  originLps: [number, number, number];
  /** LPS step (mm) per voxel along i, j, k: direction column × spacing. */
  stepI: [number, number, number];
  stepJ: [number, number, number];
  stepK: [number, number, number];
}

/** Growable output buffers. */
class MeshBuilder {
  positions = new Float32Array(3 * 4096);
  indices = new Uint32Array(3 * 8192);
  vertexCount = 0;
  indexCount = 0;
  reserve(vertices: number, indices: number): void {
    if (3 * (this.vertexCount + vertices) > this.positions.length) {
      const p = new Float32Array(Math.max(2 * this.positions.length, 3 * (this.vertexCount + vertices)));
      p.set(this.positions.subarray(0, 3 * this.vertexCount));
      this.positions = p;
    }
    if (this.indexCount + indices > this.indices.length) {
      const ix = new Uint32Array(Math.max(2 * this.indices.length, this.indexCount + indices));
      ix.set(this.indices.subarray(0, this.indexCount));
      this.indices = ix;
    }
  }
  result(): TriangleMesh {
    return { positionsLps: this.positions.slice(0, 3 * this.vertexCount), indices: this.indices.slice(0, this.indexCount) };
  }
}

/**
 * Runs marching cubes over the padded box of `src` and returns the surface in LPS mm.
 * @param src - voxel classifier and interpolator
 * @param affine - box index → LPS mm
 * @param signal - checked once per slice; aborting throws a CANCELLED JumeauError
 */
export function marchBox(src: SweepSource, affine: BoxAffine, signal?: AbortSignal): TriangleMesh {
  const [W, H, D] = src.size;
  const S = W + 2;
  const planeSize = S * (H + 2);
  const { triStart, triEdges, edgeMask } = getCaseTable();
  const { originLps: o, stepI: mi, stepJ: mj, stepK: mk } = affine;
  // Steps as locals (V8 keeps them in registers; array loads in the hot loop would not be hoisted).
  const i0 = mi[0], i1 = mi[1], i2 = mi[2];
  const j0 = mj[0], j1 = mj[1], j2 = mj[2];
  const k0 = mk[0], k1 = mk[1], k2 = mk[2];
  const det =
    mi[0] * (mj[1] * mk[2] - mj[2] * mk[1]) - mi[1] * (mj[0] * mk[2] - mj[2] * mk[0]) + mi[2] * (mj[0] * mk[1] - mj[1] * mk[0]);
  const flip = det < 0;
  const lerp = src.interpolates;

  // Sign planes (slices c and c + 1) with their row extremes; an all-zero plane stands for the padding.
  const zeroPlane = new Uint8Array(planeSize);
  let planeL = zeroPlane;
  let planeU = zeroPlane;
  let firstL = new Int32Array(H + 2).fill(-1);
  let lastL = new Int32Array(H + 2).fill(-1);
  let firstU = new Int32Array(H + 2).fill(-1);
  let lastU = new Int32Array(H + 2).fill(-1);
  // Vertex-id caches: i- and j-edges of slices c and c + 1, k-edges between them.
  let xL = new Int32Array(planeSize).fill(-1);
  let xU = new Int32Array(planeSize).fill(-1);
  let yL = new Int32Array(planeSize).fill(-1);
  let yU = new Int32Array(planeSize).fill(-1);
  const zC = new Int32Array(planeSize).fill(-1);
  let validL = 0;
  let validU = 0;

  const out = new MeshBuilder();
  const ev = new Int32Array(12);

  for (let c = -1; c < D; c++) {
    if ((c & 15) === 0) throwIfAborted(signal);
    // Slice c moves down; slice c − 1's plane is cleared where it was written and reused for c + 1.
    const oldPlane = planeL;
    const oldFirst = firstL;
    const oldLast = lastL;
    planeL = planeU;
    firstL = firstU;
    lastL = lastU;
    if (oldPlane !== zeroPlane) {
      for (let r = 0; r < H + 2; r++) {
        if (oldFirst[r] >= 0) oldPlane.fill(0, r * S + 1 + oldFirst[r], r * S + 2 + oldLast[r]);
      }
    }
    firstU = oldFirst.fill(-1);
    lastU = oldLast.fill(-1);
    if (c + 1 < D) {
      planeU = oldPlane === zeroPlane ? new Uint8Array(planeSize) : oldPlane;
      src.classifySlice(c + 1, planeU, firstU, lastU);
    } else {
      planeU = zeroPlane;
    }
    const tx = xL;
    xL = xU;
    xU = tx;
    const ty = yL;
    yL = yU;
    yU = ty;
    validL = validU;
    validU = out.vertexCount;
    const validZ = out.vertexCount;
    const L = planeL;
    const U = planeU;

    for (let b = -1; b < H; b++) {
      const r0 = b + 1;
      const r1 = b + 2;
      let lo = W;
      let hi = -1;
      if (firstL[r0] >= 0) { lo = Math.min(lo, firstL[r0]); hi = Math.max(hi, lastL[r0]); }
      if (firstL[r1] >= 0) { lo = Math.min(lo, firstL[r1]); hi = Math.max(hi, lastL[r1]); }
      if (firstU[r0] >= 0) { lo = Math.min(lo, firstU[r0]); hi = Math.max(hi, lastU[r0]); }
      if (firstU[r1] >= 0) { lo = Math.min(lo, firstU[r1]); hi = Math.max(hi, lastU[r1]); }
      if (hi < 0) continue;
      const rowP = r0 * S + 1;
      // LPS of box voxel (0, b, c): the row's base point.
      const bx = o[0] + b * mj[0] + c * mk[0];
      const by = o[1] + b * mj[1] + c * mk[1];
      const bz = o[2] + b * mj[2] + c * mk[2];
      // Case bits: 1 = (a, b, c), 2 = (a+1, b, c), 4 = (a, b+1, c), 8 = (a+1, b+1, c), ×16 on slice c + 1.
      // Moving to a + 1 shifts the +1 corners (odd bits) into the even bits: four reads per cube.
      // Column lo − 1 is outside in all four rows, so the first cube starts from cs = 0.
      let cs = 0;
      out.reserve(12 * (hi - lo + 2), 15 * (hi - lo + 2));
      for (let a = lo - 1; a <= hi; a++) {
        const p = rowP + a;
        cs = ((cs >> 1) & 0x55) | (L[p + 1] << 1) | (L[p + S + 1] << 3) | (U[p + 1] << 5) | (U[p + S + 1] << 7);
        if (cs === 0 || cs === 255) continue;
        const pos = out.positions;
        const em = edgeMask[cs];
        // Vertex of edge e at box coords (a + dx, b + dy, c + dz) + t along its axis.
        const vx = bx + a * i0;
        const vy = by + a * i1;
        const vz = bz + a * i2;
        let n = out.vertexCount;
        let id: number;
        let t: number;
        if (em & 0x00f) {
          if (em & 1) { id = xL[p]; if (id < validL) { t = lerp ? src.edgeT(0, a, b, c) : 0.5; id = xL[p] = n++; pos[3 * id] = vx + t * i0; pos[3 * id + 1] = vy + t * i1; pos[3 * id + 2] = vz + t * i2; } ev[0] = id; }
          if (em & 2) { id = xL[p + S]; if (id < validL) { t = lerp ? src.edgeT(0, a, b + 1, c) : 0.5; id = xL[p + S] = n++; pos[3 * id] = vx + t * i0 + j0; pos[3 * id + 1] = vy + t * i1 + j1; pos[3 * id + 2] = vz + t * i2 + j2; } ev[1] = id; }
          if (em & 4) { id = xU[p]; if (id < validU) { t = lerp ? src.edgeT(0, a, b, c + 1) : 0.5; id = xU[p] = n++; pos[3 * id] = vx + t * i0 + k0; pos[3 * id + 1] = vy + t * i1 + k1; pos[3 * id + 2] = vz + t * i2 + k2; } ev[2] = id; }
          if (em & 8) { id = xU[p + S]; if (id < validU) { t = lerp ? src.edgeT(0, a, b + 1, c + 1) : 0.5; id = xU[p + S] = n++; pos[3 * id] = vx + t * i0 + j0 + k0; pos[3 * id + 1] = vy + t * i1 + j1 + k1; pos[3 * id + 2] = vz + t * i2 + j2 + k2; } ev[3] = id; }
        }
        if (em & 0x0f0) {
          if (em & 16) { id = yL[p]; if (id < validL) { t = lerp ? src.edgeT(1, a, b, c) : 0.5; id = yL[p] = n++; pos[3 * id] = vx + t * j0; pos[3 * id + 1] = vy + t * j1; pos[3 * id + 2] = vz + t * j2; } ev[4] = id; }
          if (em & 32) { id = yL[p + 1]; if (id < validL) { t = lerp ? src.edgeT(1, a + 1, b, c) : 0.5; id = yL[p + 1] = n++; pos[3 * id] = vx + i0 + t * j0; pos[3 * id + 1] = vy + i1 + t * j1; pos[3 * id + 2] = vz + i2 + t * j2; } ev[5] = id; }
          if (em & 64) { id = yU[p]; if (id < validU) { t = lerp ? src.edgeT(1, a, b, c + 1) : 0.5; id = yU[p] = n++; pos[3 * id] = vx + t * j0 + k0; pos[3 * id + 1] = vy + t * j1 + k1; pos[3 * id + 2] = vz + t * j2 + k2; } ev[6] = id; }
          if (em & 128) { id = yU[p + 1]; if (id < validU) { t = lerp ? src.edgeT(1, a + 1, b, c + 1) : 0.5; id = yU[p + 1] = n++; pos[3 * id] = vx + i0 + t * j0 + k0; pos[3 * id + 1] = vy + i1 + t * j1 + k1; pos[3 * id + 2] = vz + i2 + t * j2 + k2; } ev[7] = id; }
        }
        if (em & 0xf00) {
          if (em & 256) { id = zC[p]; if (id < validZ) { t = lerp ? src.edgeT(2, a, b, c) : 0.5; id = zC[p] = n++; pos[3 * id] = vx + t * k0; pos[3 * id + 1] = vy + t * k1; pos[3 * id + 2] = vz + t * k2; } ev[8] = id; }
          if (em & 512) { id = zC[p + 1]; if (id < validZ) { t = lerp ? src.edgeT(2, a + 1, b, c) : 0.5; id = zC[p + 1] = n++; pos[3 * id] = vx + i0 + t * k0; pos[3 * id + 1] = vy + i1 + t * k1; pos[3 * id + 2] = vz + i2 + t * k2; } ev[9] = id; }
          if (em & 1024) { id = zC[p + S]; if (id < validZ) { t = lerp ? src.edgeT(2, a, b + 1, c) : 0.5; id = zC[p + S] = n++; pos[3 * id] = vx + j0 + t * k0; pos[3 * id + 1] = vy + j1 + t * k1; pos[3 * id + 2] = vz + j2 + t * k2; } ev[10] = id; }
          if (em & 2048) { id = zC[p + S + 1]; if (id < validZ) { t = lerp ? src.edgeT(2, a + 1, b + 1, c) : 0.5; id = zC[p + S + 1] = n++; pos[3 * id] = vx + i0 + j0 + t * k0; pos[3 * id + 1] = vy + i1 + j1 + t * k1; pos[3 * id + 2] = vz + i2 + j2 + t * k2; } ev[11] = id; }
        }
        out.vertexCount = n;
        const ix = out.indices;
        let q = out.indexCount;
        const tEnd = 3 * triStart[cs + 1];
        if (flip) {
          for (let s = 3 * triStart[cs]; s < tEnd; s += 3) { ix[q++] = ev[triEdges[s]]; ix[q++] = ev[triEdges[s + 2]]; ix[q++] = ev[triEdges[s + 1]]; }
        } else {
          for (let s = 3 * triStart[cs]; s < tEnd; s += 3) { ix[q++] = ev[triEdges[s]]; ix[q++] = ev[triEdges[s + 1]]; ix[q++] = ev[triEdges[s + 2]]; }
        }
        out.indexCount = q;
      }
    }
  }
  return out.result();
}
