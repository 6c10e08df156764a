// poseMesh: +z goes onto the axis, lengths and winding (signed volume) are kept.
import { describe, expect, it } from 'vitest';
import { poseMesh } from '../../../src/planning/poseMesh';
import { hemisphereShellMesh } from '../../../src/planning/implantMeshes';
import { checkMeshQuality } from '../../../src/meshing/quality';

describe('poseMesh', () => {
  it('turns +z onto the axis about the origin, then translates; volume and orientation kept', () => {
    const m = { positionsLps: Float32Array.from([0, 0, 10, 3, 0, 0]), indices: new Uint32Array(0) };
    const s = Math.SQRT1_2;
    const out = poseMesh(m, [100, 0, 0], [s, 0, s]);
    expect(out.positionsLps[0]).toBeCloseTo(100 + 10 * s, 5);
    expect(out.positionsLps[2]).toBeCloseTo(10 * s, 5);
    expect(Math.hypot(out.positionsLps[3] - 100, out.positionsLps[4], out.positionsLps[5])).toBeCloseTo(3, 5);
    const down = poseMesh(m, [0, 0, 0], [0, 0, -1]);
    expect(down.positionsLps[2]).toBeCloseTo(-10, 6);
    const cup = hemisphereShellMesh(26, 23);
    const before = checkMeshQuality(cup);
    const after = checkMeshQuality(poseMesh(cup, [5, -7, 9], [0.3, -0.5, 0.8]));
    expect(after.volumeMl).toBeCloseTo(before.volumeMl, 4);
    expect(after.consistentlyOriented && after.closed).toBe(true);
  });
});

describe('poseMesh with a reference direction (stem neck)', () => {
  it('+x goes to the reference made ⟂ the axis, +z to the axis, right-handed; a reference along the axis is refused', () => {
    const pose = poseMesh;
    const m = { positionsLps: Float32Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1]), indices: Uint32Array.from([0, 1, 2]) };
    const axis: [number, number, number] = [0, Math.SQRT1_2, Math.SQRT1_2];
    const out = pose(m, [10, 20, 30], axis, [-1, 0.3, -0.3]); // reference ⟂ part: (−1, 0, 0)·…
    const p = Array.from(out.positionsLps);
    const x = p.slice(0, 3).map((v, n) => v - [10, 20, 30][n]);
    const y = p.slice(3, 6).map((v, n) => v - [10, 20, 30][n]);
    const z = p.slice(6, 9).map((v, n) => v - [10, 20, 30][n]);
    // reference (−1, 0.3, −0.3) has no component along (0, 1, 1)/√2 → x = unit(−1, 0.3, −0.3).
    const n = Math.hypot(1, 0.3, 0.3);
    expect(x[0]).toBeCloseTo(-1 / n, 5); // Float32 positions
    expect(x[1]).toBeCloseTo(0.3 / n, 5); // Float32 positions
    expect(z[1]).toBeCloseTo(Math.SQRT1_2, 5); // Float32 positions
    expect(z[2]).toBeCloseTo(Math.SQRT1_2, 5); // Float32 positions
    // y = z × x
    expect(y[0]).toBeCloseTo(z[1] * x[2] - z[2] * x[1], 5); // Float32 positions
    expect(y[1]).toBeCloseTo(z[2] * x[0] - z[0] * x[2], 5); // Float32 positions
    expect(() => pose(m, [0, 0, 0], [0, 0, 1], [0, 0, 2])).toThrow(/referenceLps/);
  });
});
