// Proposed portal branches on the liver phantom's exact portal vein: the bifurcations by order and the
// seven feeding branches of the design tree, and the geodesic territories they give against those of
// the design's own leaf branches (LIVER_PORTAL_LEAF_BRANCHES); bad input (no bifurcation).
import { beforeAll, describe, expect, it } from 'vitest';
import type { PointLps } from '../../../../src/core/vec3';
import { geodesicTerritories } from '../../../../src/planning/liver/geodesicTerritories';
import { proposePortalBranches, type PortalProposal } from '../../../../src/planning/liver/portalBranches';
import type { Territories } from '../../../../src/planning/liver/territories';
import { extractCenterlines } from '../../../../src/segmentation/centerline';
import { createMask, maskOfLabel, type Mask } from '../../../../src/segmentation/labelmap';
import { buildLiverPhantom, LIVER_LABELS, LIVER_PORTAL_LEAF_BRANCHES, LIVER_SHAPE_ELLIPSOIDS } from '../../../../src/samples/liverPhantom';

const dist = (a: readonly number[], b: readonly number[]): number => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
let proposal: PortalProposal, organ: Mask, auto: Territories, truth: Territories;

beforeAll(() => {
  const ph = buildLiverPhantom();
  proposal = proposePortalBranches(extractCenterlines(maskOfLabel(ph.labels, LIVER_LABELS.portalVein)));
  // The organ as in liverPhantom.test.ts: every liver-phantom label inside the liver's shape.
  organ = createMask(ph.labels);
  const [ni, nj] = organ.size;
  const inShape = (x: number, y: number, z: number): boolean => LIVER_SHAPE_ELLIPSOIDS.some(([c, r]) => ((x - c[0]) / r[0]) ** 2 + ((y - c[1]) / r[1]) ** 2 + ((z - c[2]) / r[2]) ** 2 < 1);
  const labels = ph.labels.data;
  for (let q = 0; q < labels.length; q++) {
    const k = Math.floor(q / (ni * nj)), r = q - k * ni * nj, j = Math.floor(r / ni), i = r - j * ni;
    if (labels[q] >= 1 && labels[q] <= 5 && inShape(organ.origin[0] + 1.5 * i, organ.origin[1] + 1.5 * j, organ.origin[2] + 2 * k)) organ.data[q] = 1;
  }
  auto = geodesicTerritories(organ, proposal.branches.map((b) => b.branch));
  truth = geodesicTerritories(organ, LIVER_PORTAL_LEAF_BRANCHES.map((b) => ({ ...b, pointsLps: [...b.pointsLps] })));
}, 120_000);

describe('proposePortalBranches on the liver phantom', () => {
  it('bifurcations: the portal bifurcation (order 1) within 1 mm, right and left (order 2), right sectors (order 3), each within 2 mm', () => {
    const want: [number, PointLps][] = [[1, [-30, 10, -12]], [2, [-55, 8, -5]], [2, [15, -25, 5]], [3, [-75, -20, 5]], [3, [-85, 30, -2]]];
    expect(proposal.bifurcations).toHaveLength(5); // the left trifurcation's two traced nodes are one branching
    const errors = want.map(([order, p]) => {
      const b = proposal.bifurcations.filter((x) => x.order === order).sort((x, y) => dist(x.pointLps, p) - dist(y.pointLps, p))[0];
      return dist(b.pointLps, p);
    });
    // Measured: 0.52, 0.73, 0.86, 0.30, 0.76 mm.
    expect(errors[0]).toBeLessThan(1);
    expect(Math.max(...errors)).toBeLessThan(2);
  });
  it('seven feeding branches (the design\'s leaves): 4 on the right, 3 on the left, source auto, each ending at a design leaf', () => {
    const b = proposal.branches;
    expect(b.map((x) => x.branch.name).sort()).toEqual(['L1', 'L2', 'L3', 'R1', 'R2', 'R3', 'R4']);
    expect(b.every((x) => x.branch.source === 'auto')).toBe(true);
    expect(new Set(b.map((x) => x.branch.label)).size).toBe(7);
    for (const leaf of LIVER_PORTAL_LEAF_BRANCHES) {
      const end = leaf.pointsLps[leaf.pointsLps.length - 1];
      expect(Math.min(...b.map((x) => dist(x.downstreamLps, end)))).toBeLessThan(4); // the traced tip lies in the end cap (r ≤ 2.5)
    }
  });
  it('territories of the proposed branches match the design\'s: 5 of 7 within 2.5 %, the two sharing the left portal stem together within 1.5 %', () => {
    const rows = auto.territories.map((t) => {
      const overlap = new Map<number, number>();
      for (let q = 0; q < auto.labels.length; q++) if (auto.labels[q] === t.label) overlap.set(truth.labels[q], (overlap.get(truth.labels[q]) ?? 0) + 1);
      const [label, n] = [...overlap].sort((x, y) => y[1] - x[1])[0];
      const tt = truth.territories.find((x) => x.label === label)!;
      return { name: t.name, truth: tt.name, autoMl: t.volumeMl, truthMl: tt.volumeMl, overlap: n / t.voxels };
    });
    expect(new Set(rows.map((r) => r.truth)).size).toBe(7); // one-to-one
    const close = rows.filter((r) => Math.abs(r.autoMl / r.truthMl - 1) < 0.025);
    expect(close.length).toBeGreaterThanOrEqual(5);
    // The left portal stem (hilum → trifurcation) feeds no territory in either: its parenchyma goes to
    // whichever leaf starts nearer by a millimetre, so S4 and S2 trade ≈ 40 mL there (measured 237.3 /
    // 131.0 mL vs 195.7 / 169.1 mL) while their sum agrees.
    const far = rows.filter((r) => !close.includes(r));
    const sumA = far.reduce((a, r) => a + r.autoMl, 0), sumT = far.reduce((a, r) => a + r.truthMl, 0);
    expect(Math.abs(sumA / sumT - 1)).toBeLessThan(0.015);
    expect(rows.reduce((a, r) => a + r.autoMl, 0)).toBeCloseTo(rows.reduce((a, r) => a + r.truthMl, 0), 6);
  });
  it('a tree without a bifurcation is refused with MISSING_SEGMENT naming the portal vein', () => {
    const m = createMask({ size: [40, 20, 20], spacing: [1, 1, 1], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] });
    for (let i = 5; i < 35; i++) for (let j = 8; j < 12; j++) for (let k = 8; k < 12; k++) m.data[i + 40 * (j + 20 * k)] = 1;
    expect(() => proposePortalBranches(extractCenterlines(m))).toThrow(expect.objectContaining({ code: 'MISSING_SEGMENT', message: expect.stringMatching(/no bifurcation: too small a tree/) }));
  });
});
