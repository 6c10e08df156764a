/**
 * Quadric-error edge-collapse decimation (Garland & Heckbert 1997) that keeps a closed surface
 * closed and 2-manifold.
 *
 * - Costs: area-weighted plane quadrics; the merged vertex is the quadric's minimiser (or the best
 *   point on the edge when that is ill-conditioned). Edges are collapsed cheapest first from a
 *   lazy-deletion priority queue with quarter-octave cost buckets ({@link EdgeQueue}): the order is
 *   exact to within a factor 1.19 in cost, and O(1) queue operations with local memory access made
 *   it 1.7× faster than a binary heap at equal quality (same volume change, max error 0.066 vs
 *   0.075 mm on the benchmark mesh).
 * - A collapse (a, b) is rejected unless: the edge has exactly two triangles; a and b have exactly
 *   two common neighbours (the link condition) and do not both bound a triangle on them (which would
 *   fold a tetrahedron flat); and no surviving triangle's unit normal turns so that
 *   dot(new, old) ≤ `minNormalDot` (brief §2.3: 0.2) or becomes degenerate.
 * - Vertices of open boundaries or non-manifold edges are locked (never moved), which preserves
 *   boundaries exactly — the limit of Garland–Heckbert's boundary-preservation quadrics.
 * When the queue runs dry before the target (rejected edges are not revisited until a neighbour
 * changes), it is rebuilt from the surviving edges, until a pass makes no collapse (at most 8 passes).
 */
import { JumeauError, throwIfAborted } from '../core/errors';
import { outgoingEdges, vertexTriangles } from './adjacency';
import { EdgeQueue } from './edgeQueue';
import { addPlane, optimalCollapse } from './quadric';
import type { CollapseTarget } from './quadric';
import type { TriangleMesh } from './types';

/** Queue rebuilds at most (each pass re-seeds every surviving edge; 2–3 are typical). */
const MAX_PASSES = 8;

/** Options of {@link decimateMesh}; give a target, an error bound, or both (whichever stops first). */
export interface DecimateOptions {
  /** Stop when at most this many triangles remain. */
  targetTriangles?: number;
  /** Target as a fraction of the input triangle count, e.g. 0.1 (used when `targetTriangles` is absent). */
  targetRatio?: number;
  /** Skip collapses whose RMS distance to the original planes it replaces exceeds this, mm (default ∞). */
  maxErrorMm?: number;
  /** Minimum dot product of a triangle's unit normal before and after a collapse (default 0.2). */
  minNormalDot?: number;
  /** Cancels the run (checked every 4096 collapses). */
  signal?: AbortSignal;
}

/** A decimated mesh and what it took. */
export interface DecimateResult {
  /** The decimated surface, LPS mm (vertices renumbered, unused ones dropped). */
  mesh: TriangleMesh;
  /** Edge collapses performed. */
  collapses: number;
  /** Largest RMS plane distance (mm) of a performed collapse. */
  maxCollapseErrorMm: number;
  /** Whether the triangle target was reached (false: every remaining collapse was rejected or over the error bound). */
  reachedTarget: boolean;
}

/**
 * Decimates a triangle mesh by quadric-error edge collapses.
 * @throws JumeauError BAD_ARGUMENT for an empty mesh or no usable target
 */
export function decimateMesh(mesh: TriangleMesh, options: DecimateOptions): DecimateResult {
  const nv = mesh.positionsLps.length / 3;
  const nt = mesh.indices.length / 3;
  if (nt === 0) throw new JumeauError('BAD_ARGUMENT', 'cannot decimate an empty mesh');
  const target = options.targetTriangles ?? (options.targetRatio !== undefined ? Math.round(options.targetRatio * nt) : undefined);
  const maxErr = options.maxErrorMm ?? Infinity;
  if (target === undefined && !Number.isFinite(maxErr)) throw new JumeauError('BAD_ARGUMENT', 'decimation needs targetTriangles, targetRatio or maxErrorMm');
  if (target !== undefined && !(target >= 0)) throw new JumeauError('BAD_ARGUMENT', `decimation target ${target} must be ≥ 0 triangles`);
  const goal = target ?? 0;
  const maxCost = maxErr * maxErr;
  const minDot = options.minNormalDot ?? 0.2;

  // Positions centred on their mean (better-conditioned quadrics), Float64.
  const P = new Float64Array(3 * nv);
  const cen = [0, 0, 0];
  for (let q = 0; q < 3 * nv; q += 3) for (let a = 0; a < 3; a++) cen[a] += mesh.positionsLps[q + a] / nv;
  for (let q = 0; q < 3 * nv; q += 3) for (let a = 0; a < 3; a++) P[q + a] = mesh.positionsLps[q + a] - cen[a];
  const T = Int32Array.from(mesh.indices);
  const triAlive = new Uint8Array(nt).fill(1);
  let aliveTris = nt;
  const Q = new Float64Array(10 * nv);
  const W = new Float64Array(nv); // quadric weight (area) per vertex
  for (let t = 0; t < nt; t++) {
    const a = 3 * T[3 * t], b = 3 * T[3 * t + 1], c = 3 * T[3 * t + 2];
    const ux = P[b] - P[a], uy = P[b + 1] - P[a + 1], uz = P[b + 2] - P[a + 2];
    const vx = P[c] - P[a], vy = P[c + 1] - P[a + 1], vz = P[c + 2] - P[a + 2];
    let nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
    const len = Math.hypot(nx, ny, nz);
    if (len === 0) continue;
    nx /= len; ny /= len; nz /= len;
    const d = -(nx * P[a] + ny * P[a + 1] + nz * P[a + 2]);
    for (let k = 0; k < 3; k++) {
      const v = T[3 * t + k];
      addPlane(Q, 10 * v, nx, ny, nz, d, len / 2);
      W[v] += len / 2;
    }
  }

  // Triangle lists per vertex; a collapsed vertex's new list is appended at the end.
  const vt = vertexTriangles(mesh.indices, nv);
  let refs = new Int32Array(2 * vt.items.length + 1024);
  refs.set(vt.items);
  let refsEnd = vt.items.length;
  const refStart = new Int32Array(nv);
  const refCount = new Int32Array(nv);
  for (let v = 0; v < nv; v++) {
    refStart[v] = vt.start[v];
    refCount[v] = vt.start[v + 1] - vt.start[v];
  }
  const vAlive = new Uint8Array(nv).fill(1);
  const stamp = new Int32Array(nv);
  const mark = new Int32Array(nv);
  let markId = 0;

  // Lock vertices on open or non-manifold edges.
  const locked = new Uint8Array(nv);
  const out = outgoingEdges(mesh.indices, nv);
  for (let a = 0; a < nv; a++) {
    for (let q = out.start[a]; q < out.start[a + 1]; q++) {
      const b = out.items[q];
      let back = 0;
      for (let r = out.start[b]; r < out.start[b + 1]; r++) if (out.items[r] === a) back++;
      let fwd = 0;
      for (let r = out.start[a]; r < out.start[a + 1]; r++) if (out.items[r] === b) fwd++;
      if (back !== 1 || fwd !== 1) locked[a] = locked[b] = 1;
    }
  }

  const queue = new EdgeQueue();
  const tgt: CollapseTarget = { x: 0, y: 0, z: 0, cost: 0 };
  const pushEdge = (a: number, b: number): void => {
    optimalCollapse(Q, 10 * a, 10 * b, P, a, b, tgt);
    queue.push(tgt.cost, a, b, stamp[a] + stamp[b]);
  };
  const seedQueue = (): void => {
    queue.clear();
    for (let t = 0; t < nt; t++) {
      if (!triAlive[t]) continue;
      for (let k = 0; k < 3; k++) {
        const a = T[3 * t + k];
        const b = T[3 * t + ((k + 1) % 3)];
        if (a < b && !locked[a] && !locked[b]) pushEdge(a, b); // each interior edge once (its a < b side)
      }
    }
  };

  /** Whether collapsing b into a at (x, y, z) keeps the surface a valid closed manifold. */
  const canCollapse = (a: number, b: number, x: number, y: number, z: number): boolean => {
    markId++;
    for (let r = refStart[a], e = r + refCount[a]; r < e; r++) {
      const t = 3 * refs[r];
      if (!triAlive[t / 3]) continue;
      mark[T[t]] = mark[T[t + 1]] = mark[T[t + 2]] = markId;
    }
    let shared = 0;
    let common = 0;
    let c0 = -1, c1 = -1;
    const id2 = ++markId;
    for (let r = refStart[b], e = r + refCount[b]; r < e; r++) {
      const t = 3 * refs[r];
      if (!triAlive[t / 3]) continue;
      if (T[t] === a || T[t + 1] === a || T[t + 2] === a) shared++;
      for (let k = 0; k < 3; k++) {
        const v = T[t + k];
        if (v === a || v === b) continue;
        if (mark[v] === id2 - 1) {
          mark[v] = id2;
          common++;
          if (c0 < 0) c0 = v; else c1 = v;
        }
      }
    }
    if (shared !== 2 || common !== 2) return false;
    // Both a and b bounding a triangle on (c0, c1) would fold a tetrahedron flat.
    const fa = checkFan(a, b, x, y, z, c0, c1);
    if (fa < 0) return false;
    const fb = checkFan(b, a, x, y, z, c0, c1);
    return fb >= 0 && !(fa === 1 && fb === 1);
  };

  /**
   * Moves v to (x, y, z) in its triangles that do not contain `other`: −1 when a normal turns by
   * too much or degenerates, 1 when one of them is the triangle (v, c0, c1), else 0.
   */
  function checkFan(v: number, other: number, x: number, y: number, z: number, c0: number, c1: number): number {
    let onC = 0;
    for (let r = refStart[v], e = r + refCount[v]; r < e; r++) {
      const tri = refs[r];
      if (!triAlive[tri]) continue;
      const t = 3 * tri;
      const t0 = T[t], t1 = T[t + 1], t2 = T[t + 2];
      if (t0 === other || t1 === other || t2 === other) continue;
      if ((t0 === c0 || t1 === c0 || t2 === c0) && (t0 === c1 || t1 === c1 || t2 === c1)) onC = 1;
      const p1 = 3 * (t0 === v ? t1 : t1 === v ? t2 : t0);
      const p2 = 3 * (t0 === v ? t2 : t1 === v ? t0 : t1);
      const p0 = 3 * v;
      const e1x = P[p1] - P[p0], e1y = P[p1 + 1] - P[p0 + 1], e1z = P[p1 + 2] - P[p0 + 2];
      const e2x = P[p2] - P[p0], e2y = P[p2 + 1] - P[p0 + 1], e2z = P[p2 + 2] - P[p0 + 2];
      const ox = e1y * e2z - e1z * e2y, oy = e1z * e2x - e1x * e2z, oz = e1x * e2y - e1y * e2x;
      const f1x = P[p1] - x, f1y = P[p1 + 1] - y, f1z = P[p1 + 2] - z;
      const f2x = P[p2] - x, f2y = P[p2 + 1] - y, f2z = P[p2 + 2] - z;
      const nx = f1y * f2z - f1z * f2y, ny = f1z * f2x - f1x * f2z, nz = f1x * f2y - f1y * f2x;
      const nn = Math.sqrt(nx * nx + ny * ny + nz * nz);
      const on = Math.sqrt(ox * ox + oy * oy + oz * oz);
      if (!(nn > 1e-12 * on)) return -1;
      if (nx * ox + ny * oy + nz * oz <= minDot * nn * on) return -1;
    }
    return onC;
  }

  const compactRefs = (extra: number): void => {
    const count = new Int32Array(nv);
    for (let t = 0; t < nt; t++) if (triAlive[t]) { count[T[3 * t]]++; count[T[3 * t + 1]]++; count[T[3 * t + 2]]++; }
    let total = 0;
    for (let v = 0; v < nv; v++) { refStart[v] = total; total += count[v]; refCount[v] = 0; }
    if (refs.length < 2 * total + extra) refs = new Int32Array(2 * total + extra + 1024);
    for (let t = 0; t < nt; t++) {
      if (!triAlive[t]) continue;
      for (let k = 0; k < 3; k++) { const v = T[3 * t + k]; refs[refStart[v] + refCount[v]++] = t; }
    }
    refsEnd = total;
  };

  /** Collapses b into a, moving a to (x, y, z). */
  const collapse = (a: number, b: number, x: number, y: number, z: number): void => {
    P[3 * a] = x; P[3 * a + 1] = y; P[3 * a + 2] = z;
    for (let k = 0; k < 10; k++) Q[10 * a + k] += Q[10 * b + k];
    W[a] += W[b];
    vAlive[b] = 0;
    stamp[a]++;
    if (refsEnd + refCount[a] + refCount[b] > refs.length) compactRefs(refCount[a] + refCount[b]);
    const start = refsEnd;
    for (let r = refStart[a], e = r + refCount[a]; r < e; r++) {
      const t = refs[r];
      if (triAlive[t]) refs[refsEnd++] = t;
    }
    for (let r = refStart[b], e = r + refCount[b]; r < e; r++) {
      const t = refs[r];
      if (!triAlive[t]) continue;
      const o = 3 * t;
      if (T[o] === a || T[o + 1] === a || T[o + 2] === a) {
        triAlive[t] = 0;
        aliveTris--;
        continue;
      }
      if (T[o] === b) T[o] = a; else if (T[o + 1] === b) T[o + 1] = a; else T[o + 2] = a;
      refs[refsEnd++] = t;
    }
    // The two removed triangles may still be listed under a: drop them from its new list.
    let w = start;
    for (let r = start; r < refsEnd; r++) if (triAlive[refs[r]]) refs[w++] = refs[r];
    refsEnd = w;
    refStart[a] = start;
    refCount[a] = w - start;
    // Re-cost every edge around a.
    markId++;
    for (let r = start; r < w; r++) {
      const o = 3 * refs[r];
      for (let k = 0; k < 3; k++) {
        const v = T[o + k];
        if (v === a || mark[v] === markId || locked[v]) continue;
        mark[v] = markId;
        pushEdge(a, v);
      }
    }
  };

  let collapses = 0;
  let maxCollapseCost = 0;
  for (let pass = 0; pass < MAX_PASSES && aliveTris > goal; pass++) {
    seedQueue();
    const before = collapses;
    while (aliveTris > goal && queue.pop()) {
      const a = queue.a, b = queue.b;
      if (!vAlive[a] || !vAlive[b] || stamp[a] + stamp[b] !== queue.stampSum) continue;
      optimalCollapse(Q, 10 * a, 10 * b, P, a, b, tgt);
      const meanSq = tgt.cost / (W[a] + W[b] || 1);
      if (meanSq > maxCost) continue;
      if (!canCollapse(a, b, tgt.x, tgt.y, tgt.z)) continue;
      collapse(a, b, tgt.x, tgt.y, tgt.z);
      if (meanSq > maxCollapseCost) maxCollapseCost = meanSq;
      if ((++collapses & 4095) === 0) throwIfAborted(options.signal);
    }
    if (collapses === before) break;
  }

  // Renumber the surviving vertices.
  const remap = new Int32Array(nv).fill(-1);
  let nOut = 0;
  const indices = new Uint32Array(3 * aliveTris);
  let q = 0;
  for (let t = 0; t < nt; t++) {
    if (!triAlive[t]) continue;
    for (let k = 0; k < 3; k++) {
      const v = T[3 * t + k];
      if (remap[v] < 0) remap[v] = nOut++;
      indices[q++] = remap[v];
    }
  }
  const positionsLps = new Float32Array(3 * nOut);
  for (let v = 0; v < nv; v++) {
    const r = remap[v];
    if (r < 0) continue;
    for (let a = 0; a < 3; a++) positionsLps[3 * r + a] = P[3 * v + a] + cen[a];
  }
  return { mesh: { positionsLps, indices }, collapses, maxCollapseErrorMm: Math.sqrt(maxCollapseCost), reachedTarget: aliveTris <= goal };
}
