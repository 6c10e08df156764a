// The case table's promise (caseTable.ts): every configuration gives a closed, edge- and
// vertex-manifold, consistently oriented surface that separates 6-connected foreground from
// 18-connected background. Checked on all 256 single-cube cases and on random volumes against an
// independent flood fill.
import { describe, expect, it } from 'vitest';
import { buildCaseTable, EDGE_CORNERS, getCaseTable } from '../../../src/meshing/caseTable';
import { extractIsoSurface, extractLabelSurface } from '../../../src/meshing/extractSurface';
import { checkMeshQuality } from '../../../src/meshing/quality';
import { grid, lcg } from './fixtures';

/** Components of `inside` (value 1) on an n³ grid padded with outside, by 6- or 18-adjacency. */
function components(mask: Uint8Array, n: number, want: 0 | 1, adjacency: 6 | 18): { count: number; touchesBorder: boolean[] } {
  const m = n + 2;
  const at = (i: number, j: number, k: number) => (i < 1 || j < 1 || k < 1 || i > n || j > n || k > n ? 0 : mask[i - 1 + n * (j - 1 + n * (k - 1))]);
  const label = new Int32Array(m * m * m).fill(-1);
  const offs: [number, number, number][] = [];
  for (let dk = -1; dk <= 1; dk++) for (let dj = -1; dj <= 1; dj++) for (let di = -1; di <= 1; di++) {
    const l1 = Math.abs(di) + Math.abs(dj) + Math.abs(dk);
    if (l1 === 1 || (adjacency === 18 && l1 === 2)) offs.push([di, dj, dk]);
  }
  const touches: boolean[] = [];
  let count = 0;
  for (let k = 0; k < m; k++) for (let j = 0; j < m; j++) for (let i = 0; i < m; i++) {
    if (at(i, j, k) !== want || label[i + m * (j + m * k)] >= 0) continue;
    const stack = [[i, j, k]];
    label[i + m * (j + m * k)] = count;
    let border = false;
    while (stack.length) {
      const [a, b, c] = stack.pop()!;
      if (a === 0 || b === 0 || c === 0 || a === m - 1 || b === m - 1 || c === m - 1) border = true;
      for (const [di, dj, dk] of offs) {
        const x = a + di, y = b + dj, z = c + dk;
        if (x < 0 || y < 0 || z < 0 || x >= m || y >= m || z >= m) continue;
        if (at(x, y, z) !== want || label[x + m * (y + m * z)] >= 0) continue;
        label[x + m * (y + m * z)] = count;
        stack.push([x, y, z]);
      }
    }
    touches.push(border);
    count++;
  }
  return { count, touchesBorder: touches };
}

describe('case table', () => {
  it('uses exactly the crossed edges of each case, at most 5 triangles, and is deterministic', () => {
    const t = getCaseTable();
    for (let m = 0; m < 256; m++) {
      let crossed = 0;
      for (let e = 0; e < 12; e++) if (((m >> EDGE_CORNERS[e][0]) & 1) !== ((m >> EDGE_CORNERS[e][1]) & 1)) crossed |= 1 << e;
      let used = 0;
      for (let s = 3 * t.triStart[m]; s < 3 * t.triStart[m + 1]; s++) used |= 1 << t.triEdges[s];
      expect(used).toBe(crossed);
      expect(t.edgeMask[m]).toBe(crossed);
      expect(t.triStart[m + 1] - t.triStart[m]).toBeLessThanOrEqual(5);
    }
    expect(buildCaseTable(0)).toEqual(t);
  });
  it('case 1 (corner 0 inside) is one triangle whose normal points away from the corner', () => {
    const t = getCaseTable();
    expect(t.triStart[2] - t.triStart[1]).toBe(1);
    const mid = (e: number) => [0, 1, 2].map((a) => (((EDGE_CORNERS[e][0] >> a) & 1) + ((EDGE_CORNERS[e][1] >> a) & 1)) / 2);
    const [p, q, r] = [...t.triEdges.slice(3 * t.triStart[1], 3 * t.triStart[1] + 3)].map(mid);
    const u = q.map((x, i) => x - p[i]);
    const v = r.map((x, i) => x - p[i]);
    const n = [u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]];
    expect(n.every((x) => x > 0)).toBe(true); // outward = (+,+,+), away from corner (0,0,0)
  });
  it('all 256 single-cube configurations give closed, manifold, outward surfaces with one shell per 6-component', () => {
    for (let m = 1; m < 256; m++) {
      const data = new Uint8Array(8);
      for (let c = 0; c < 8; c++) data[c] = (m >> c) & 1;
      const q = checkMeshQuality(extractLabelSurface(grid(data, [2, 2, 2]), 1));
      expect(q.closed && q.manifold && q.consistentlyOriented, `case ${m}`).toBe(true);
      expect(q.degenerateTriangleCount).toBe(0);
      const fg = components(data, 2, 1, 6).count;
      expect(q.shellCount, `case ${m}`).toBe(fg);
      expect(q.shells.every((s) => s.volumeMm3 > 0 && s.eulerCharacteristic === 2), `case ${m}`).toBe(true);
    }
  });
});

describe('random volumes (noise at the percolation threshold: every ambiguous case occurs)', () => {
  it('label surfaces: positive shells = 6-connected foreground, negative shells = enclosed 18-connected background', () => {
    const rnd = lcg(7);
    for (const [n, p] of [[8, 0.3], [10, 0.5], [12, 0.7], [9, 0.6]] as const) {
      const data = new Uint8Array(n * n * n);
      for (let q = 0; q < data.length; q++) data[q] = rnd() < p ? 1 : 0;
      const q = checkMeshQuality(extractLabelSurface(grid(data, [n, n, n]), 1));
      expect(q.closed && q.manifold && q.consistentlyOriented && q.degenerateTriangleCount === 0).toBe(true);
      const fg = components(data, n, 1, 6).count;
      const bg = components(data, n, 0, 18);
      const cavities = bg.touchesBorder.filter((t) => !t).length;
      expect(q.shellCount).toBe(fg + cavities);
      // shells are listed up to 64; compare signs when all are listed
      if (q.shellCount <= 64) {
        expect(q.shells.filter((s) => s.volumeMm3 > 0).length).toBe(fg);
        expect(q.shells.filter((s) => s.volumeMm3 < 0).length).toBe(cavities);
      }
    }
  });
  it('iso-surfaces of a noise field are closed, manifold and consistently oriented', () => {
    const rnd = lcg(11);
    const n = 16;
    const f = new Float32Array(n * n * n).map(() => rnd() * 2 - 1);
    for (const iso of [-0.3, 0, 0.4]) {
      const q = checkMeshQuality(extractIsoSurface(grid(f, [n, n, n]), iso));
      expect(q.closed && q.manifold && q.consistentlyOriented).toBe(true);
      expect(q.volumeMm3).toBeGreaterThan(0);
    }
  });
});
