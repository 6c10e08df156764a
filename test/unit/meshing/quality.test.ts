// Quality checks must catch each defect on its own: a hole, a flipped triangle, a fin (three
// triangles on an edge), a bow tie, a degenerate triangle, a duplicate vertex.
import { describe, expect, it } from 'vitest';
import { ML_PER_MM3 } from '../../../src/meshing/meshMath';
import { checkMeshQuality } from '../../../src/meshing/quality';
import type { TriangleMesh } from '../../../src/meshing/types';

/** A right-corner tetrahedron with outward winding, legs `e` mm along the axes from `o`; volume e³/6 mm³. */
function tetra(o: [number, number, number] = [0, 0, 0], e = 10): { p: number[]; t: number[] } {
  const p = [o, [o[0] + e, o[1], o[2]], [o[0], o[1] + e, o[2]], [o[0], o[1], o[2] + e]].flat();
  return { p, t: [0, 2, 1, 0, 1, 3, 0, 3, 2, 1, 2, 3] };
}
const mesh = (p: number[], t: number[]): TriangleMesh => ({ positionsLps: Float32Array.from(p), indices: Uint32Array.from(t) });

describe('checkMeshQuality', () => {
  it('a tetrahedron passes: V/E/F = 4/6/4, χ = 2, volume 166.67 mm³ = 0.16667 mL, area known', () => {
    const { p, t } = tetra();
    const q = checkMeshQuality(mesh(p, t), 1000 / 6 + 1);
    expect([q.vertexCount, q.edgeCount, q.triangleCount, q.eulerCharacteristic]).toEqual([4, 6, 4, 2]);
    expect(q.passed).toBe(true);
    expect(q.volumeMm3).toBeCloseTo(1000 / 6, 9);
    expect(q.volumeMl).toBeCloseTo((1000 / 6) * ML_PER_MM3, 12);
    expect(q.areaMm2).toBeCloseTo(150 + (Math.sqrt(3) / 4) * 200, 9);
    expect(q.volumeErrorPercent).toBeCloseTo((-100 * 1) / (1000 / 6 + 1), 9);
  });
  it('a missing triangle is a hole: 3 boundary edges, not closed', () => {
    const { p, t } = tetra();
    const q = checkMeshQuality(mesh(p, t.slice(0, 9)));
    expect(q.boundaryEdgeCount).toBe(3);
    expect(q.closed).toBe(false);
    expect(q.passed).toBe(false);
  });
  it('one flipped triangle: three misoriented edges, still closed', () => {
    const { p, t } = tetra();
    const f = [...t];
    [f[10], f[11]] = [f[11], f[10]];
    const q = checkMeshQuality(mesh(p, f));
    expect(q.closed).toBe(true);
    expect(q.misorientedEdgeCount).toBe(3);
    expect(q.consistentlyOriented).toBe(false);
    expect(q.passed).toBe(false);
  });
  it('a fin (third triangle on an edge) is a non-manifold edge', () => {
    const { p, t } = tetra();
    const q = checkMeshQuality(mesh([...p, 5, -5, 5], [...t, 0, 1, 4]));
    expect(q.nonManifoldEdgeCount).toBe(1);
    expect(q.manifold).toBe(false);
  });
  it('two tetrahedra sharing one vertex: every edge fine, one bow-tie vertex', () => {
    // The second tetrahedron is the first mirrored through the origin (winding reversed to stay
    // outward); the two touch only at the origin.
    const a = tetra();
    const p = [...a.p, -10, 0, 0, 0, -10, 0, 0, 0, -10]; // vertices 4, 5, 6 = −(1, 2, 3)
    const mirrored = a.t.map((v) => (v === 0 ? 0 : v + 3));
    const tb = mirrored.map((_, i) => mirrored[i - (i % 3) + [0, 2, 1][i % 3]]); // reversed winding
    const q = checkMeshQuality(mesh(p, [...a.t, ...tb]));
    expect(q.edgeCount).toBe(12);
    expect(q.boundaryEdgeCount + q.nonManifoldEdgeCount + q.misorientedEdgeCount).toBe(0);
    expect(q.nonManifoldVertexCount).toBe(1);
    expect(q.manifold).toBe(false);
    expect(q.volumeMm3).toBeCloseTo(2000 / 6, 6); // both outward
  });
  it('degenerate triangles (zero area or repeated index) and duplicate vertices are counted', () => {
    const { p, t } = tetra();
    const q = checkMeshQuality(mesh([...p, 0, 0, 0, 5, 0, 0], [...t, 0, 1, 5, 2, 2, 3]));
    expect(q.degenerateTriangleCount).toBe(2);
    expect(q.duplicateVertexCount).toBe(1); // vertex 4 repeats vertex 0
    expect(q.unusedVertexCount).toBe(1);
    expect(q.passed).toBe(false);
  });
  it('a cavity is a second shell with negative volume; the total is the solid volume', () => {
    const outer = tetra([-5, -5, -5], 40); // contains the small tetra at the origin
    const inner = tetra();
    const innerReversed = inner.t.map((_, i) => inner.t[i - (i % 3) + [0, 2, 1][i % 3]] + 4);
    const q = checkMeshQuality(mesh([...outer.p, ...inner.p], [...outer.t, ...innerReversed]));
    expect(q.shellCount).toBe(2);
    expect(q.shells[0].volumeMm3).toBeCloseTo(64000 / 6, 6);
    expect(q.shells[1].volumeMm3).toBeCloseTo(-1000 / 6, 6);
    expect(q.volumeMm3).toBeCloseTo(63000 / 6, 6);
    expect(q.eulerCharacteristic).toBe(4);
  });
});
