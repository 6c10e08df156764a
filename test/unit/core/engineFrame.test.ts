// DCM-04 and DCM-05 (brief §8.3): the LPS → Babylon mapping, its handedness and triangle winding.
import { describe, expect, it } from 'vitest';
import { engineDirectionFromLps, engineFromLps, engineFromLpsMatrix, enginePositionsFromLps, flipTriangleWinding, lpsFromEngine } from '../../../src/core/engineFrame';
import { cross, type Vec3 } from '../../../src/core/vec3';

const signedVolume = (pos: Vec3[], idx: ArrayLike<number>): number => {
  let v = 0;
  for (let t = 0; t < idx.length; t += 3) {
    const [a, b, c] = [pos[idx[t]], pos[idx[t + 1]], pos[idx[t + 2]]];
    v += (a[0] * (b[1] * c[2] - b[2] * c[1]) - a[1] * (b[0] * c[2] - b[2] * c[0]) + a[2] * (b[0] * c[1] - b[1] * c[0])) / 6;
  }
  return v;
};

describe('DCM-04: LPS mm → Babylon metres', () => {
  it('maps (−172, −186, −97.5) mm to (−0.172, −0.0975, −0.186) m and back', () => {
    const e = engineFromLps([-172, -186, -97.5]);
    expect(e[0]).toBeCloseTo(-0.172, 12);
    expect(e[1]).toBeCloseTo(-0.0975, 12);
    expect(e[2]).toBeCloseTo(-0.186, 12);
    const back = lpsFromEngine(e);
    expect(back[0]).toBeCloseTo(-172, 9);
    expect(back[1]).toBeCloseTo(-186, 9);
    expect(back[2]).toBeCloseTo(-97.5, 9);
  });
  it('the vertex-buffer form maps every packed point exactly as engineFromLps', () => {
    const lps = new Float32Array([-172, -186, -97.5, 80, 0, 0, 12.5, 40, -300]);
    const e = enginePositionsFromLps(lps);
    for (let v = 0; v < 3; v++) {
      const want = engineFromLps([lps[3 * v], lps[3 * v + 1], lps[3 * v + 2]]);
      for (let a = 0; a < 3; a++) expect(e[3 * v + a]).toBeCloseTo(want[a], 6);
    }
    expect(e[4]).toBeCloseTo(0, 9); // (80, 0, 0) mm: superior 0 → engine y 0
    expect(e[3]).toBeCloseTo(0.08, 6);
  });
  it('the matrix form agrees with the function (column-vector convention)', () => {
    const m = engineFromLpsMatrix();
    const p: Vec3 = [12, -34, 56];
    const viaM: Vec3 = [0, 1, 2].map((r) => m[4 * r] * p[0] + m[4 * r + 1] * p[1] + m[4 * r + 2] * p[2] + m[4 * r + 3]) as Vec3;
    expect(viaM).toEqual(engineFromLps(p));
  });
  it('triangle (0,1,2) becomes (0,2,1) and a closed mesh keeps a positive signed volume', () => {
    expect(Array.from(flipTriangleWinding([0, 1, 2]))).toEqual([0, 2, 1]);
    // Unit tetrahedron in LPS with outward winding (positive volume).
    const lps: Vec3[] = [[0, 0, 0], [10, 0, 0], [0, 10, 0], [0, 0, 10]];
    const tri = [0, 2, 1, 0, 1, 3, 0, 3, 2, 1, 2, 3];
    expect(signedVolume(lps, tri)).toBeGreaterThan(0);
    const eng = lps.map(engineFromLps);
    expect(signedVolume(eng, tri)).toBeLessThan(0); // the mirror flips orientation…
    expect(signedVolume(eng, flipTriangleWinding(tri))).toBeGreaterThan(0); // …the winding flip restores it
  });
});

describe('DCM-05: handedness', () => {
  it('maps L→(1,0,0), P→(0,0,1), S→(0,1,0) and cross(C·L, C·P) = −C·S', () => {
    const L = engineDirectionFromLps([1, 0, 0]);
    const P = engineDirectionFromLps([0, 1, 0]);
    const S = engineDirectionFromLps([0, 0, 1]);
    expect(L).toEqual([1, 0, 0]);
    expect(P).toEqual([0, 0, 1]);
    expect(S).toEqual([0, 1, 0]);
    expect(cross(L, P).map((x) => x + 0)).toEqual([0, -1, 0]);
    expect(cross(L, P).map((x) => x + 0)).toEqual(S.map((x) => -x + 0));
  });
});
