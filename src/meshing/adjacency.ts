/**
 * Compressed (CSR) adjacency built from a triangle index buffer, shared by smoothing, quality
 * checks and decimation. Everything is typed arrays: no Map/Set per vertex.
 */

/** Per-vertex lists stored back to back: the list of vertex v is `items[start[v] … start[v+1])`. */
export interface Csr {
  /** `vertexCount + 1` offsets into `items`. */
  start: Uint32Array;
  /** Concatenated lists. */
  items: Uint32Array;
}

/**
 * Directed edges grouped by their source vertex: for each triangle (a, b, c) the targets b of a,
 * c of b and a of c (so a closed, consistently wound surface lists every edge once each way).
 */
export function outgoingEdges(indices: Uint32Array, vertexCount: number): Csr {
  const start = new Uint32Array(vertexCount + 1);
  for (let n = 0; n < indices.length; n++) start[indices[n] + 1]++;
  for (let v = 0; v < vertexCount; v++) start[v + 1] += start[v];
  const fill = start.slice(0, vertexCount);
  const items = new Uint32Array(indices.length);
  for (let t = 0; t < indices.length; t += 3) {
    const a = indices[t];
    const b = indices[t + 1];
    const c = indices[t + 2];
    items[fill[a]++] = b;
    items[fill[b]++] = c;
    items[fill[c]++] = a;
  }
  return { start, items };
}

/** Triangles incident to each vertex (triangle numbers, each listed once per corner). */
export function vertexTriangles(indices: Uint32Array, vertexCount: number): Csr {
  const start = new Uint32Array(vertexCount + 1);
  for (let n = 0; n < indices.length; n++) start[indices[n] + 1]++;
  for (let v = 0; v < vertexCount; v++) start[v + 1] += start[v];
  const fill = start.slice(0, vertexCount);
  const items = new Uint32Array(indices.length);
  for (let n = 0; n < indices.length; n++) items[fill[indices[n]]++] = (n / 3) | 0;
  return { start, items };
}

/**
 * Unique 1-ring neighbours of every vertex (undirected, no duplicates, no self), for uniform
 * Laplacian weights. On a closed manifold each neighbour appears in both edge directions; the
 * duplicates are removed so an open or non-manifold mesh gets the same definition.
 */
export function vertexNeighbours(indices: Uint32Array, vertexCount: number): Csr {
  const out = outgoingEdges(indices, vertexCount);
  // Candidate list per vertex: outgoing targets plus incoming sources (2 · 3T entries in all).
  const start = new Uint32Array(vertexCount + 1);
  for (let v = 0; v < vertexCount; v++) {
    for (let e = out.start[v]; e < out.start[v + 1]; e++) {
      start[v + 1]++;
      start[out.items[e] + 1]++;
    }
  }
  for (let v = 0; v < vertexCount; v++) start[v + 1] += start[v];
  const fill = start.slice(0, vertexCount);
  const cand = new Uint32Array(start[vertexCount]);
  for (let v = 0; v < vertexCount; v++) {
    for (let e = out.start[v]; e < out.start[v + 1]; e++) {
      const w = out.items[e];
      cand[fill[v]++] = w;
      cand[fill[w]++] = v;
    }
  }
  // Deduplicate each list in place (lists are short: ~12 candidates on a triangle mesh).
  const uStart = new Uint32Array(vertexCount + 1);
  let w = 0;
  for (let v = 0; v < vertexCount; v++) {
    uStart[v] = w;
    const s = start[v];
    const e = start[v + 1];
    for (let q = s; q < e; q++) {
      const x = cand[q];
      if (x === v) continue;
      let dup = false;
      for (let r = uStart[v]; r < w; r++) {
        if (cand[r] === x) {
          dup = true;
          break;
        }
      }
      if (!dup) cand[w++] = x;
    }
  }
  uStart[vertexCount] = w;
  return { start: uStart, items: cand.slice(0, w) };
}
