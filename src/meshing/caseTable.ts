/**
 * The marching-cubes case table, generated (not typed in) from one topological rule, so that every
 * one of the 256 cases is right by construction and the rule can be read in 100 lines.
 *
 * Cube numbering: corner c has offset (c & 1, (c >> 1) & 1, (c >> 2) & 1) along (i, j, k).
 * Edges 0–3 run along i, 4–7 along j, 8–11 along k (see {@link EDGE_CORNERS}).
 *
 * The rule (what makes the output a closed, edge-manifold, consistently oriented surface):
 * 1. On each cube face, the crossing points are joined by segments. A face with two crossings has one
 *    segment. A face with four (an "ambiguous" face: two inside corners on a diagonal) always
 *    **separates the inside corners** — each inside corner is cut off by its own segment. The choice
 *    depends only on the face's four corner signs, so the two cubes sharing a face draw the same
 *    segments and no crack can open. Foreground is thereby 6-connected and background 18-connected,
 *    a well-composed digital-topology pair (the same resolution VTK's discrete tables use on
 *    labelmaps; Lewiner's MC33 would instead decide a scalar field's faces by the asymptotic decider).
 * 2. Each segment is oriented so that the surface normal points from inside (value ≥ iso, or the
 *    label) to outside; the segments of a cube then chain into closed loops.
 * 3. Each loop is triangulated as a disk (minimum total area on the edge midpoints), never drawing a
 *    chord between two points of one face: such a chord could be drawn by the neighbouring cube too
 *    and give an edge with four triangles. Loops share no vertex, so the surface is a 2-manifold.
 * Interior ambiguities (MC33's tunnels) are resolved as separate sheets (no tunnel).
 */

/** The two corners of each cube edge (lower corner first). */
export const EDGE_CORNERS: readonly (readonly [number, number])[] = [
  [0, 1], [2, 3], [4, 5], [6, 7],
  [0, 2], [1, 3], [4, 6], [5, 7],
  [0, 4], [1, 5], [2, 6], [3, 7],
];

/** A flattened case table: triangles as triples of cube-edge numbers. */
export interface CaseTable {
  /** Triangles of case m are `triEdges[3·t … 3·t+2]` for t in `[triStart[m], triStart[m+1])`. */
  triStart: Uint16Array;
  /** Cube-edge numbers (0–11), three per triangle, outward winding in a right-handed (i, j, k) frame. */
  triEdges: Uint8Array;
  /** Bit e set when edge e is crossed in case m (the edges whose vertices the case needs). */
  edgeMask: Uint16Array;
}

type P3 = [number, number, number];
const corner = (c: number): P3 => [c & 1, (c >> 1) & 1, (c >> 2) & 1];
const mid = (e: number): P3 => {
  const a = corner(EDGE_CORNERS[e][0]);
  const b = corner(EDGE_CORNERS[e][1]);
  return [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2, (a[2] + b[2]) / 2];
};
const sub = (a: P3, b: P3): P3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const cross = (a: P3, b: P3): P3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
const dot = (a: P3, b: P3): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];

interface Face {
  corners: number[];
  edges: number[];
  normal: P3;
}

/** The six faces: axis a, side s; outward normal ±e_a. */
function cubeFaces(): Face[] {
  const faces: Face[] = [];
  for (let axis = 0; axis < 3; axis++) {
    for (let side = 0; side < 2; side++) {
      const corners = [0, 1, 2, 3, 4, 5, 6, 7].filter((c) => ((c >> axis) & 1) === side);
      const edges = EDGE_CORNERS.map((_, e) => e).filter((e) => corners.includes(EDGE_CORNERS[e][0]) && corners.includes(EDGE_CORNERS[e][1]));
      const normal: P3 = [0, 0, 0];
      normal[axis] = side ? 1 : -1;
      faces.push({ corners, edges, normal });
    }
  }
  return faces;
}

/** Directed face segments of one case: `next[e]` = the crossing edge the loop goes to after e. */
function faceSegments(mask: number, faces: Face[], joinFaces: number): Int8Array {
  const inside = (c: number) => (mask >> c) & 1;
  const crossed = (e: number) => inside(EDGE_CORNERS[e][0]) !== inside(EDGE_CORNERS[e][1]);
  const next = new Int8Array(12).fill(-1);
  faces.forEach((face, f) => {
    const cut = face.edges.filter(crossed);
    if (cut.length === 0) return;
    let pairs: [number, number][];
    if (cut.length === 2) {
      pairs = [[cut[0], cut[1]]];
    } else {
      // Ambiguous face: pair the two edges around each inside corner (separate) or outside corner (join).
      const want = (joinFaces >> f) & 1 ? 0 : 1;
      pairs = face.corners.filter((c) => inside(c) === want).map((c) => {
        const around = cut.filter((e) => EDGE_CORNERS[e].includes(c));
        return [around[0], around[1]];
      });
    }
    for (const [ea, eb] of pairs) {
      // Orient a→b so that (b − a) × n_face points to the inside side of the segment (see module doc).
      const a = mid(ea);
      const b = mid(eb);
      const inA = corner(inside(EDGE_CORNERS[ea][0]) ? EDGE_CORNERS[ea][0] : EDGE_CORNERS[ea][1]);
      const inB = corner(inside(EDGE_CORNERS[eb][0]) ? EDGE_CORNERS[eb][0] : EDGE_CORNERS[eb][1]);
      const towardInside = sub([(inA[0] + inB[0]) / 2, (inA[1] + inB[1]) / 2, (inA[2] + inB[2]) / 2], [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2, (a[2] + b[2]) / 2]);
      const forward = dot(cross(sub(b, a), face.normal), towardInside) > 0;
      const [from, to] = forward ? [ea, eb] : [eb, ea];
      if (next[from] !== -1) throw new Error(`case table: edge ${from} leaves two segments (case ${mask})`);
      next[from] = to;
    }
  });
  return next;
}

/** Triangulates one loop (cube-edge numbers in order) as a disk of minimum area without face chords. */
function triangulateLoop(loop: number[], edgeFaces: number[]): number[][] {
  const n = loop.length;
  if (n === 3) return [loop];
  const pts = loop.map(mid);
  const allowed = (i: number, j: number): boolean => {
    if (Math.abs(i - j) === 1 || Math.abs(i - j) === n - 1) return true; // a loop edge
    return (edgeFaces[loop[i]] & edgeFaces[loop[j]]) === 0;
  };
  const area = (i: number, j: number, k: number): number => {
    const c = cross(sub(pts[j], pts[i]), sub(pts[k], pts[i]));
    return Math.sqrt(dot(c, c)) / 2;
  };
  // best[i][j]: minimum area triangulation of the sub-polygon i..j (chord i–j already allowed).
  const best: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(Infinity));
  const split: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(-1));
  for (let i = 0; i + 1 < n; i++) best[i][i + 1] = 0;
  for (let len = 2; len < n; len++) {
    for (let i = 0; i + len < n; i++) {
      const j = i + len;
      for (let k = i + 1; k < j; k++) {
        if (!allowed(i, k) || !allowed(k, j)) continue;
        const cost = best[i][k] + best[k][j] + area(i, k, j) + 1e-9 * k; // tiny tie-break: deterministic
        if (cost < best[i][j]) {
          best[i][j] = cost;
          split[i][j] = k;
        }
      }
    }
  }
  if (!Number.isFinite(best[0][n - 1])) throw new Error(`case table: loop ${loop.join(',')} has no chord-free triangulation`);
  const tris: number[][] = [];
  const emit = (i: number, j: number) => {
    if (j - i < 2) return;
    const k = split[i][j];
    tris.push([loop[i], loop[k], loop[j]]);
    emit(i, k);
    emit(k, j);
  };
  emit(0, n - 1);
  return tris;
}

/**
 * Builds the case table for a face-resolution choice.
 * @param joinFaces - bit f set: on ambiguous face f join the inside corners instead of separating them
 *   (the labelmap table uses 0 for every case; an asymptotic-decider extension would vary it per cube)
 */
export function buildCaseTable(joinFaces = 0): CaseTable {
  const faces = cubeFaces();
  const edgeFaces = EDGE_CORNERS.map((_, e) => faces.reduce((m, f, fi) => (f.edges.includes(e) ? m | (1 << fi) : m), 0));
  const triStart = new Uint16Array(257);
  const edgeMask = new Uint16Array(256);
  const tris: number[] = [];
  for (let mask = 0; mask < 256; mask++) {
    triStart[mask] = tris.length / 3;
    const next = faceSegments(mask, faces, joinFaces);
    const seen = new Uint8Array(12);
    for (let e = 0; e < 12; e++) {
      if (next[e] === -1) continue;
      edgeMask[mask] |= 1 << e;
      if (seen[e]) continue;
      const loop: number[] = [];
      for (let x = e; !seen[x]; x = next[x]) {
        if (next[x] === -1) throw new Error(`case table: open loop in case ${mask}`);
        seen[x] = 1;
        loop.push(x);
      }
      for (const t of triangulateLoop(loop, edgeFaces)) tris.push(t[0], t[1], t[2]);
    }
  }
  triStart[256] = tris.length / 3;
  return { triStart, triEdges: Uint8Array.from(tris), edgeMask };
}

let labelTable: CaseTable | undefined;

/** The table used for labelmaps and iso-surfaces (ambiguous faces separate inside corners); built once, on first use. */
export function getCaseTable(): CaseTable {
  labelTable ??= buildCaseTable(0);
  return labelTable;
}
