/**
 * Proposed portal branches for territories (brief §6.1, "label each branch subtree with a segment"),
 * from the portal vein's centerline graph (src/segmentation/centerline.ts), so territories can be
 * computed without a click. On the main tree (rooted at the portal trunk's inlet):
 *
 * - **Bifurcations** with their order: 1 = the portal bifurcation (the first from the root), 2 = the
 *   first bifurcation of each of its branches, … Bifurcations joined by an edge shorter than the node's
 *   radius (≥ 2 mm) are one branching (a trifurcation is traced as two close bifurcations).
 * - **Feeding branches**: start from the portal bifurcation's branches (first order), then repeatedly
 *   split the branch with the largest vessel volume (Σ π r² × length of its subtree) into its own
 *   branches (second order, …), as long as the count stays ≤ `maxTerritories` (default 8, Couinaud's
 *   I–VIII). Only branches whose subtree holds ≥ `minBranchLengthMm` of centerline (default 15 mm)
 *   count; smaller ones stay with their parent (or, at a split, are left to the geodesic competition
 *   of their neighbours, like the split stem itself, which feeds no territory).
 *
 * Each feeding branch becomes a {@link TerritoryBranch} (`source: 'auto'`) whose polyline walks its
 * subtree depth-first and back (every edge twice, points every ≤ 3 mm) — one polyline per territory,
 * so the plan file's schema holds it unchanged; the geodesic seeds are the same as the subtree's edges.
 * Names: R or L by the side of the portal bifurcation the subtree's centre lies on (patient right is
 * −x in LPS), numbered in depth-first order: R1, R2, …, L1, … — not Couinaud numbers, which the
 * surgeon assigns. Every proposal is editable (removed, or more points clicked) like a clicked one.
 */
import { JumeauError } from '../../core/errors';
import type { PointLps } from '../../core/vec3';
import type { CenterlineEdge, CenterlineGraph, CenterlineNode } from '../../segmentation/centerlineGraph';
import type { TerritoryBranch } from './territories';

/** A branching of the main tree (close bifurcations merged). */
export interface PortalBifurcation {
  pointLps: PointLps;
  /** 1 = the portal bifurcation, 2 = the next on each of its branches, … */
  order: number;
  radiusMm: number;
  /** Centerline nodes merged into it. */
  nodeIds: number[];
}

/** A proposed feeding branch: the territory branch and where it comes from. */
export interface ProposedBranch {
  branch: TerritoryBranch & { source: 'auto' };
  /** Where it leaves its parent (the bifurcation point, LPS mm). */
  originLps: PointLps;
  /** Its first edge's far end (the next bifurcation or the branch's end, LPS mm). */
  downstreamLps: PointLps;
  /** Order of the branching it leaves from (1 = first-order branch). */
  order: number;
  edgeIds: number[];
  lengthMm: number;
  vesselVolumeMl: number;
  stemRadiusMm: number;
}

/** What {@link proposePortalBranches} returns. */
export interface PortalProposal {
  bifurcations: PortalBifurcation[];
  branches: ProposedBranch[];
  /** Centerline of the main tree, mm. */
  treeLengthMm: number;
}

/** Options of {@link proposePortalBranches}. */
export interface PortalProposalOptions {
  maxTerritories?: number;
  minBranchLengthMm?: number;
}

const SAMPLE_MM = 3;

/** Points of an edge every ≤ SAMPLE_MM (both ends kept). */
function sampled(e: CenterlineEdge): PointLps[] {
  const out: PointLps[] = [e.pointsLps[0]];
  let acc = 0;
  for (let n = 1; n < e.pointsLps.length; n++) {
    const a = e.pointsLps[n - 1], b = e.pointsLps[n];
    acc += Math.hypot(b[0] - a[0], b[1] - a[1], b[2] - a[2]);
    if (acc >= SAMPLE_MM || n === e.pointsLps.length - 1) { out.push(b); acc = 0; }
  }
  return out;
}

/**
 * Proposes feeding branches and lists the bifurcations of the portal vein's main tree.
 * @throws MISSING_SEGMENT when the tree has no bifurcation (too small a portal-vein segment);
 *   BAD_ARGUMENT for options out of range
 */
export function proposePortalBranches(graph: CenterlineGraph, options: PortalProposalOptions = {}): PortalProposal {
  const maxT = options.maxTerritories ?? 8, minLen = options.minBranchLengthMm ?? 15;
  if (!(Number.isInteger(maxT) && maxT >= 2 && maxT <= 64)) throw new JumeauError('BAD_ARGUMENT', `must be an integer in 2…64, got ${maxT}`, { subject: 'maxTerritories' });
  if (!(minLen >= 0)) throw new JumeauError('BAD_ARGUMENT', `must be ≥ 0 mm, got ${minLen}`, { subject: 'minBranchLengthMm' });
  const tree = graph.trees[0];
  if (!tree) throw new JumeauError('MISSING_SEGMENT', 'the portal vein has no centerline', { subject: 'portalVein' });
  const nodes = graph.nodes, edges = graph.edges;
  const mergeMm = (n: CenterlineNode): number => Math.max(2, n.radiusMm);
  /** The effective branches leaving node n: child edges, looking through short edges into bifurcations. */
  const chord = (e: CenterlineEdge): number => { const a = nodes[e.from].pointLps, b = nodes[e.to].pointLps; return Math.hypot(b[0] - a[0], b[1] - a[1], b[2] - a[2]); };
  const merges = (n: CenterlineNode, e: CenterlineEdge): boolean => chord(e) < mergeMm(n) && nodes[e.to].childEdges.length >= 2;
  const branchesAt = (n: CenterlineNode): CenterlineEdge[] => n.childEdges.flatMap((id) => (merges(n, edges[id]) ? branchesAt(nodes[edges[id].to]) : [edges[id]]));
  const mergedInto = (n: CenterlineNode): number[] => [n.id, ...n.childEdges.flatMap((id) => (merges(n, edges[id]) ? mergedInto(nodes[edges[id].to]) : []))];
  const subtreeEdges = (e: CenterlineEdge): CenterlineEdge[] => [e, ...nodes[e.to].childEdges.flatMap((id) => subtreeEdges(edges[id]))];
  const lengthOf = (e: CenterlineEdge): number => subtreeEdges(e).reduce((a, x) => a + x.lengthMm, 0);
  const volumeOf = (e: CenterlineEdge): number => subtreeEdges(e).reduce((a, x) => a + Math.PI * x.meanRadiusMm ** 2 * x.lengthMm, 0) / 1000;
  // The portal bifurcation: the first node from the root with ≥ 2 branches.
  let first = nodes[tree.rootNode];
  while (first.childEdges.length === 1) first = nodes[edges[first.childEdges[0]].to];
  if (first.childEdges.length < 2) throw new JumeauError('MISSING_SEGMENT', `the portal vein's centerline (${tree.lengthMm.toFixed(0)} mm) has no bifurcation: too small a tree to propose branches — segment more of the portal vein (seeds on its branches) or place branch points by hand`, { subject: 'portalVein' });
  // Bifurcations (merged) with their order.
  const bifurcations: PortalBifurcation[] = [];
  const walk = (n: CenterlineNode, order: number): void => {
    const out = branchesAt(n);
    if (out.length >= 2) {
      const ids = mergedInto(n);
      const pts = ids.map((id) => nodes[id].pointLps);
      bifurcations.push({ pointLps: [0, 1, 2].map((a) => pts.reduce((s, p) => s + p[a], 0) / pts.length) as PointLps, order, radiusMm: n.radiusMm, nodeIds: ids });
    }
    for (const e of out) walk(nodes[e.to], out.length >= 2 ? order + 1 : order);
  };
  walk(first, 1);
  const groupOf = new Map<number, PortalBifurcation>();
  for (const b of bifurcations) for (const id of b.nodeIds) groupOf.set(id, b);
  // Greedy split by vessel volume.
  const significant = (n: CenterlineNode): CenterlineEdge[] => branchesAt(n).filter((e) => lengthOf(e) >= minLen);
  let current = significant(first).map((e) => ({ e, from: first }));
  if (current.length < 2) throw new JumeauError('MISSING_SEGMENT', `the portal bifurcation has fewer than two branches of ≥ ${minLen} mm: too small a tree to propose branches`, { subject: 'portalVein' });
  const blocked = new Set<number>();
  for (;;) {
    const cands = current.filter(({ e }) => !blocked.has(e.id)).sort((a, b) => volumeOf(b.e) - volumeOf(a.e));
    const pick = cands.find(({ e }) => { const k = significant(nodes[e.to]).length; return k >= 2 && current.length - 1 + k <= maxT; });
    if (!pick) break;
    const to = nodes[pick.e.to];
    const kids = significant(to).map((e) => ({ e, from: to }));
    current = current.flatMap((c) => (c === pick ? kids : [c]));
    blocked.add(pick.e.id);
  }
  const bp = first.pointLps;
  const proposals = current.map(({ e, from }) => {
    const sub = subtreeEdges(e);
    const mid = [0, 1, 2].map((a) => sub.reduce((s, x) => s + x.pointsLps[Math.floor(x.pointsLps.length / 2)][a] * x.lengthMm, 0) / Math.max(1e-9, sub.reduce((s, x) => s + x.lengthMm, 0)));
    return { e, from, side: mid[0] < bp[0] ? 'R' : 'L', sub };
  });
  const counters: Record<string, number> = { R: 0, L: 0 };
  const branches = proposals.map(({ e, from, side, sub }, n): ProposedBranch => {
    const tour = (node: CenterlineNode): PointLps[] => node.childEdges.flatMap((id) => { const c = sampled(edges[id]); return [...c.slice(1), ...tour(nodes[edges[id].to]), ...[...c].reverse().slice(1)]; });
    // Branches of one (merged) branching all start at its point, so none is nearer the parent's stem.
    const origin = groupOf.get(from.id)?.pointLps ?? e.pointsLps[0];
    const pointsLps = [origin, ...sampled(e), ...tour(nodes[e.to])].map((p) => [p[0], p[1], p[2]] as PointLps);
    return {
      branch: { label: n + 1, name: `${side}${++counters[side]}`, pointsLps, source: 'auto' },
      originLps: [...origin], downstreamLps: [...e.pointsLps[e.pointsLps.length - 1]], order: groupOf.get(from.id)?.order ?? 1,
      edgeIds: sub.map((x) => x.id), lengthMm: sub.reduce((a, x) => a + x.lengthMm, 0), vesselVolumeMl: volumeOf(e), stemRadiusMm: e.meanRadiusMm,
    };
  });
  return { bifurcations, branches, treeLengthMm: tree.lengthMm };
}
