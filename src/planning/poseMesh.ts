/**
 * Places an implant mesh given in its own frame (axis +z, origin at its centre) at a pose in LPS:
 * rotate +z onto the unit axis (shortest rotation), then translate to the position. Pure.
 */
import type { Vec3 } from '../core/vec3';
import type { TriangleMesh } from '../meshing/types';
import { unitOrThrow } from './geometry';

/** The mesh moved so its +z axis points along `axisLps` and its origin sits at `positionLps` (mm). */
export function poseMesh(mesh: TriangleMesh, positionLps: Vec3, axisLps: Vec3): TriangleMesh {
  const a = unitOrThrow(axisLps, 'axisLps');
  // Rodrigues for z → a: k = z × a, cosθ = a_z.
  const [kx, ky] = [-a[1], a[0]];
  const c = a[2];
  const s2 = kx * kx + ky * ky;
  let r: number[];
  if (s2 < 1e-18) r = c > 0 ? [1, 0, 0, 0, 1, 0, 0, 0, 1] : [1, 0, 0, 0, -1, 0, 0, 0, -1];
  else {
    const f = (1 - c) / s2;
    // R = I + [k]× + [k]×² · (1 − c)/s², k = (kx, ky, 0).
    r = [1 - f * ky * ky, f * kx * ky, ky, f * kx * ky, 1 - f * kx * kx, -kx, -ky, kx, 1 - f * (kx * kx + ky * ky)];
  }
  const p = mesh.positionsLps;
  const out = new Float32Array(p.length);
  for (let v = 0; v < p.length; v += 3) {
    const [x, y, z] = [p[v], p[v + 1], p[v + 2]];
    out[v] = r[0] * x + r[1] * y + r[2] * z + positionLps[0];
    out[v + 1] = r[3] * x + r[4] * y + r[5] * z + positionLps[1];
    out[v + 2] = r[6] * x + r[7] * y + r[8] * z + positionLps[2];
  }
  return { positionsLps: out, indices: mesh.indices };
}
