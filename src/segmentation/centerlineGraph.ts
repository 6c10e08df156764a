/**
 * The graph of a centerline skeleton (centerline.ts): nodes at the root, at bifurcations and at ends;
 * edges between them as polylines (LPS mm, smoothed), with their length (mm), radius per point and mean
 * radius (mm), and their generation (0 for the root's edge, +1 past each bifurcation). Each tree is
 * rooted at its inlet: the given root, else the end of its thickest terminal branch (mean radius), so
 * the extraction's provisional root (the deepest voxel) becomes an ordinary point of the trunk. Pure.
 */
import type { PointLps } from '../core/vec3';

/** A node of a centerline tree. */
export interface CenterlineNode {
  id: number;
  /** Index of its tree in {@link CenterlineGraph.trees}. */
  tree: number;
  kind: 'root' | 'bifurcation' | 'end';
  pointLps: PointLps;
  radiusMm: number;
  /** The edge arriving from the root side (null at the root). */
  parentEdge: number | null;
  childEdges: number[];
  /** Bifurcations on the way from the root, this node included: the root 0, the first bifurcation 1. */
  order: number;
}

/** An edge: the centerline between two nodes, oriented away from the root. */
export interface CenterlineEdge {
  id: number;
  tree: number;
  from: number;
  to: number;
  /** Polyline from `from` to `to` (LPS mm, interior points smoothed). */
  pointsLps: PointLps[];
  /** Radius (mm) at each point. */
  radiiMm: number[];
  lengthMm: number;
  meanRadiusMm: number;
  /** 0 for the root's edge; the number of bifurcations upstream of it otherwise. */
  generation: number;
}

/** Centerline trees of a vessel mask. */
export interface CenterlineGraph {
  method: 'TEASAR';
  nodes: CenterlineNode[];
  edges: CenterlineEdge[];
  /** One per connected component kept, largest first. */
  trees: { rootNode: number; volumeMl: number; lengthMm: number; rootGiven: boolean }[];
  /** Vessel voxels of the components not kept (too small, or beyond maxTrees), mL. */
  droppedVolumeMl: number;
}

/** The skeleton of one component as centerline.ts traces it (voxel indices on its crop). */
export interface SkeletonTree {
  voxels: number[];
  /** Per crop voxel: the next skeleton voxel towards the provisional root (−1 at it and off the skeleton). */
  parent: Int32Array;
  root: number;
  rootGiven: boolean;
  voxelCount: number;
}

/** How to turn crop voxels into LPS points and radii. */
export interface SkeletonGeometry {
  toLps: (q: number) => PointLps;
  radiusMm: (q: number) => number;
  voxelMm3: number;
  droppedVoxels: number;
}

/** Moving average (±2 points, two passes) of the interior points; the ends stay. */
function smooth(points: PointLps[]): PointLps[] {
  let p = points;
  for (let pass = 0; pass < 2; pass++) {
    p = p.map((x, n) => {
      if (n === 0 || n === p.length - 1) return x;
      const w = Math.min(2, n, p.length - 1 - n);
      const s: PointLps = [0, 0, 0];
      for (let m = n - w; m <= n + w; m++) for (let a = 0; a < 3; a++) s[a] += p[m][a] / (2 * w + 1);
      return s;
    });
  }
  return p;
}

/** Mean of the central 60 % of the values (the ends of an edge lie in a junction or an end cap). */
function centralMean(v: number[]): number {
  const a = Math.floor(0.2 * v.length), b = Math.max(a + 1, Math.ceil(0.8 * v.length));
  let s = 0;
  for (let n = a; n < b; n++) s += v[n];
  return s / (b - a);
}

const polylineLength = (p: PointLps[]): number => p.reduce((a, x, n) => (n ? a + Math.hypot(x[0] - p[n - 1][0], x[1] - p[n - 1][1], x[2] - p[n - 1][2]) : 0), 0);

/** Builds the rooted graph of every skeleton tree. */
export function buildCenterlineGraph(trees: SkeletonTree[], geo: SkeletonGeometry): CenterlineGraph {
  const graph: CenterlineGraph = { method: 'TEASAR', nodes: [], edges: [], trees: [], droppedVolumeMl: (geo.droppedVoxels * geo.voxelMm3) / 1000 };
  for (const t of trees) {
    const adj = new Map<number, number[]>();
    const link = (a: number, b: number): void => { (adj.get(a) ?? adj.set(a, []).get(a)!).push(b); };
    for (const v of t.voxels) {
      if (!adj.has(v)) adj.set(v, []);
      const p = t.parent[v];
      if (p >= 0) { link(v, p); link(p, v); }
    }
    if (!adj.has(t.root)) adj.set(t.root, []);
    const isNode = (v: number): boolean => adj.get(v)!.length !== 2 || (t.rootGiven && v === t.root);
    // Chains between nodes (undirected), each found once.
    const chains: number[][] = [];
    const seen = new Set<string>();
    for (const [v, nbrs] of adj) {
      if (!isNode(v)) continue;
      for (const w of nbrs) {
        if (seen.has(`${v}>${w}`)) continue;
        const chain = [v, w];
        let prev = v, cur = w;
        while (!isNode(cur)) {
          const next = adj.get(cur)!.find((x) => x !== prev)!;
          prev = cur;
          cur = next;
          chain.push(cur);
        }
        seen.add(`${v}>${w}`);
        seen.add(`${cur}>${prev}`);
        chains.push(chain);
      }
    }
    const treeIndex = graph.trees.length;
    const volumeMl = (t.voxelCount * geo.voxelMm3) / 1000;
    const meanR = (c: number[]): number => c.reduce((a, q) => a + geo.radiusMm(q), 0) / c.length;
    // The inlet: the given root, else the end of the thickest terminal chain.
    let root = t.root;
    if (!t.rootGiven && chains.length) {
      let best = -1;
      for (const c of chains) for (const end of [c[0], c[c.length - 1]]) {
        if (adj.get(end)!.length !== 1) continue;
        const r = meanR(c);
        if (r > best) { best = r; root = end; }
      }
    }
    const nodeOf = new Map<number, number>();
    const addNode = (v: number, parentEdge: number | null, order: number): number => {
      const id = graph.nodes.length;
      graph.nodes.push({ id, tree: treeIndex, kind: parentEdge === null ? 'root' : 'end', pointLps: geo.toLps(v), radiusMm: geo.radiusMm(v), parentEdge, childEdges: [], order });
      nodeOf.set(v, id);
      return id;
    };
    addNode(root, null, 0);
    const used = new Uint8Array(chains.length);
    const queue = [root];
    let lengthMm = 0;
    while (queue.length) {
      const v = queue.shift()!;
      const from = nodeOf.get(v)!;
      const children = chains.map((c, n) => ({ c, n })).filter(({ c, n }) => !used[n] && (c[0] === v || c[c.length - 1] === v));
      const fromNode = graph.nodes[from];
      if (children.length >= 2 && fromNode.kind !== 'root') { fromNode.kind = 'bifurcation'; fromNode.order += 1; }
      for (const { c, n } of children) {
        used[n] = 1;
        const chain = c[0] === v ? c : [...c].reverse();
        const end = chain[chain.length - 1];
        const pointsLps = smooth(chain.map(geo.toLps));
        const radiiMm = chain.map(geo.radiusMm);
        const id = graph.edges.length;
        const len = polylineLength(pointsLps);
        lengthMm += len;
        const to = addNode(end, id, fromNode.order);
        graph.edges.push({ id, tree: treeIndex, from, to, pointsLps, radiiMm, lengthMm: len, meanRadiusMm: centralMean(radiiMm), generation: fromNode.order });
        fromNode.childEdges.push(id);
        queue.push(end);
      }
    }
    graph.trees.push({ rootNode: nodeOf.get(root)!, volumeMl, lengthMm, rootGiven: t.rootGiven });
  }
  for (const n of graph.nodes) if (n.kind === 'bifurcation') refineBifurcation(graph, n);
  return graph;
}

/**
 * Moves a bifurcation to the least-squares meeting point of its branches' axes. A traced side branch
 * joins its parent's centerline where the centring cost lets it cut the corner, up to a parent radius
 * from the true junction. Each incident edge's axis is the chord of its points from 1.5 node radii to
 * that plus min(15 mm, 4 radii + 5 mm) away from the node (outside the junction); the point nearest all
 * those lines (least squares) replaces the node when ≥ 2 lines are not parallel and it lies within 2
 * radii of the traced node. The incident polylines' end points follow. (Liver phantom: the five design
 * bifurcations found within 0.3–1.7 mm, against 1.1–5.9 mm before.)
 */
function refineBifurcation(graph: CenterlineGraph, node: CenterlineNode): void {
  const incident = [...(node.parentEdge === null ? [] : [{ e: graph.edges[node.parentEdge], atStart: false }]), ...node.childEdges.map((id) => ({ e: graph.edges[id], atStart: true }))];
  const p0 = node.pointLps;
  const near = 1.5 * node.radiusMm, far = near + Math.min(15, 4 * node.radiusMm + 5);
  const A = [0, 0, 0, 0, 0, 0, 0, 0, 0], b = [0, 0, 0];
  let lines = 0;
  for (const { e, atStart } of incident) {
    const pts = (atStart ? e.pointsLps : [...e.pointsLps].reverse()).filter((p) => { const d = Math.hypot(p[0] - p0[0], p[1] - p0[1], p[2] - p0[2]); return d >= near && d <= far; });
    if (pts.length < 3) continue;
    const c = [0, 1, 2].map((a) => pts.reduce((s, p) => s + p[a], 0) / pts.length);
    const f = pts[0], l = pts[pts.length - 1];
    const dl = Math.hypot(l[0] - f[0], l[1] - f[1], l[2] - f[2]);
    if (!(dl > 1e-6)) continue;
    const d = [0, 1, 2].map((a) => (l[a] - f[a]) / dl);
    for (let r = 0; r < 3; r++) for (let q = 0; q < 3; q++) {
      const m = (r === q ? 1 : 0) - d[r] * d[q];
      A[3 * r + q] += m;
      b[r] += m * c[q];
    }
    lines++;
  }
  if (lines < 2) return;
  const det = A[0] * (A[4] * A[8] - A[5] * A[7]) - A[1] * (A[3] * A[8] - A[5] * A[6]) + A[2] * (A[3] * A[7] - A[4] * A[6]);
  if (!(Math.abs(det) > 1e-3)) return;
  const solve = (col: number): number => {
    const M = [...A];
    for (let r = 0; r < 3; r++) M[3 * r + col] = b[r];
    return (M[0] * (M[4] * M[8] - M[5] * M[7]) - M[1] * (M[3] * M[8] - M[5] * M[6]) + M[2] * (M[3] * M[7] - M[4] * M[6])) / det;
  };
  const x: PointLps = [solve(0), solve(1), solve(2)];
  if (!(Math.hypot(x[0] - p0[0], x[1] - p0[1], x[2] - p0[2]) <= 2 * node.radiusMm)) return;
  node.pointLps = x;
  for (const { e, atStart } of incident) {
    e.pointsLps[atStart ? 0 : e.pointsLps.length - 1] = x;
    e.lengthMm = polylineLength(e.pointsLps);
  }
}
