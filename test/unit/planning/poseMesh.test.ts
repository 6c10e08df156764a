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
