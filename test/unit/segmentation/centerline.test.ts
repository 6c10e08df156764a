// Centerlines (TEASAR) on a voxelised Y of tubes with known axes and radii, on bad input, and on the
// liver phantom's exact portal vein and hepatic veins against their design polylines.
import { describe, expect, it } from 'vitest';
import type { PointLps } from '../../../src/core/vec3';
import { extractCenterlines } from '../../../src/segmentation/centerline';
import { createMask, maskOfLabel } from '../../../src/segmentation/labelmap';
import { buildLiverPhantom, LIVER_LABELS } from '../../../src/samples/liverPhantom';
import { IDENTITY_DIRECTION } from '../../../src/volume/volume';

const dist = (a: readonly number[], b: readonly number[]): number => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

/** Voxels (1 × 1 × 1.5 mm) whose centre is within r of segment a–b. */
function paintTube(m: ReturnType<typeof createMask>, a: PointLps, b: PointLps, r: number): void {
  const [ni, nj, nk] = m.size;
  for (let k = 0, q = 0; k < nk; k++) for (let j = 0; j < nj; j++) for (let i = 0; i < ni; i++, q++) {
    const p = [m.origin[0] + i * m.spacing[0], m.origin[1] + j * m.spacing[1], m.origin[2] + k * m.spacing[2]];
    const u = [b[0] - a[0], b[1] - a[1], b[2] - a[2]];
    const t = Math.max(0, Math.min(1, ((p[0] - a[0]) * u[0] + (p[1] - a[1]) * u[1] + (p[2] - a[2]) * u[2]) / (u[0] ** 2 + u[1] ** 2 + u[2] ** 2)));
    if (dist(p, [a[0] + t * u[0], a[1] + t * u[1], a[2] + t * u[2]]) < r) m.data[q] = 1;
  }
}

describe('extractCenterlines', () => {
  const grid = () => createMask({ size: [80, 80, 60], spacing: [1, 1, 1.5], origin: [-40, -40, -45], direction: [...IDENTITY_DIRECTION] });
  it('a Y of tubes: rooted at the thick trunk, one bifurcation at the junction, lengths and radii of the design', () => {
    const m = grid();
    const J: PointLps = [0, 0, 0];
    paintTube(m, [0, 0, -40], J, 5); // trunk r 5, 40 mm
    paintTube(m, J, [-25, 0, 30], 3); // branches r 3, 38.4 mm
    paintTube(m, J, [25, 5, 30], 3);
    const g = extractCenterlines(m);
    expect(g.trees).toHaveLength(1);
    const root = g.nodes[g.trees[0].rootNode];
    expect(root.pointLps[2]).toBeLessThan(-37); // the trunk's end, not a thin branch's
    const bif = g.nodes.filter((n) => n.kind === 'bifurcation');
    expect(bif).toHaveLength(1);
    expect(dist(bif[0].pointLps, J)).toBeLessThan(1.5);
    expect(g.edges).toHaveLength(3);
    const trunk = g.edges[root.childEdges[0]];
    expect(trunk.generation).toBe(0);
    expect(trunk.meanRadiusMm).toBeGreaterThan(4.3);
    expect(trunk.meanRadiusMm).toBeLessThan(5.7);
    for (const id of bif[0].childEdges) {
      const e = g.edges[id];
      expect(e.generation).toBe(1);
      expect(e.meanRadiusMm).toBeGreaterThan(2.3);
      expect(e.meanRadiusMm).toBeLessThan(3.7);
      // From the junction to the end cap (the tip is a wall voxel, up to a radius beyond the axis' end).
      expect(e.lengthMm).toBeGreaterThan(36);
      expect(e.lengthMm).toBeLessThan(43);
    }
  });
  it('bad input: an empty mask (EMPTY_SEGMENT), a speck below the minimum component (EMPTY_SEGMENT), bad options', () => {
    const m = grid();
    expect(() => extractCenterlines(m)).toThrow(expect.objectContaining({ code: 'EMPTY_SEGMENT' }));
    m.data[40 + 80 * (40 + 80 * 30)] = 1;
    expect(() => extractCenterlines(m)).toThrow(/too small for a centerline/);
    expect(() => extractCenterlines(m, { maxTrees: 0 })).toThrow(expect.objectContaining({ code: 'BAD_ARGUMENT' }));
  });
});

describe('extractCenterlines on the liver phantom (exact labels)', () => {
  const ph = buildLiverPhantom();
  it('portal vein: one tree rooted at the trunk, the design bifurcations within 2 mm, 7 ends, radii of the design', () => {
    const g = extractCenterlines(maskOfLabel(ph.labels, LIVER_LABELS.portalVein));
    expect(g.trees).toHaveLength(1);
    expect(dist(g.nodes[g.trees[0].rootNode].pointLps, [-5, 25, -60])).toBeLessThan(9); // the trunk's end cap (r 7)
    const bif = g.nodes.filter((n) => n.kind === 'bifurcation');
    // Hilum, right, left (a trifurcation: traced as two bifurcations < 2 mm apart), right anterior, right posterior.
    const truth: PointLps[] = [[-30, 10, -12], [-55, 8, -5], [15, -25, 5], [-75, -20, 5], [-85, 30, -2]];
    const errors = truth.map((t) => Math.min(...bif.map((b) => dist(b.pointLps, t))));
    expect(Math.max(...errors)).toBeLessThan(2);
    expect(bif).toHaveLength(6);
    expect(g.nodes.filter((n) => n.kind === 'end')).toHaveLength(7);
    const first = g.nodes.find((n) => n.order === 1)!;
    expect(dist(first.pointLps, [-30, 10, -12])).toBeLessThan(1); // measured 0.5 mm
    const trunk = g.edges[g.nodes[g.trees[0].rootNode].childEdges[0]];
    expect(trunk.meanRadiusMm).toBeGreaterThan(6); // design 7 → 6.5
    expect(trunk.meanRadiusMm).toBeLessThan(7.2);
    const total = g.edges.reduce((a, e) => a + e.lengthMm, 0);
    // Design axes 455.6 mm; the traced tips reach the end caps (≈ a radius beyond each of the 8 axis ends)
    // and the trifurcation adds a short edge: measured 504.7 mm.
    expect(total).toBeGreaterThan(455);
    expect(total).toBeLessThan(515);
  });
  it('hepatic veins: one tree, three branches meeting near the IVC confluence', () => {
    const g = extractCenterlines(maskOfLabel(ph.labels, LIVER_LABELS.hepaticVein));
    expect(g.trees).toHaveLength(1);
    const ends = g.nodes.filter((n) => n.kind !== 'bifurcation').map((n) => n.pointLps);
    for (const t of [[-110, 0, -15], [-50, -50, -15], [50, -20, 32]]) expect(Math.min(...ends.map((e) => dist(e, t)))).toBeLessThan(4);
  });
});
