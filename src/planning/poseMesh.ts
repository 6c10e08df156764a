/**
 * Places an implant mesh given in its own frame (axis +z, origin at its centre) at a pose in LPS:
 * rotate +z onto the unit axis — with a reference direction, +x onto its component ⟂ the axis (a full
 * rotation, e.g. a stem's neck); without one, the shortest rotation — then translate to the position. Pure.
 */
import type { Vec3 } from '../core/vec3';
import type { TriangleMesh } from '../meshing/types';
import { unitOrThrow } from './geometry';

/** Row-major rotation taking +z to the unit `a` and +x to `referenceLps` ⟂ a (or the shortest rotation). */
function poseRotation(a: Vec3, referenceLps?: Vec3): number[] {
  if (referenceLps) {
    const d = referenceLps[0] * a[0] + referenceLps[1] * a[1] + referenceLps[2] * a[2];
    const x = unitOrThrow([referenceLps[0] - d * a[0], referenceLps[1] - d * a[1], referenceLps[2] - d * a[2]], 'referenceLps');
    const y: Vec3 = [a[1] * x[2] - a[2] * x[1], a[2] * x[0] - a[0] * x[2], a[0] * x[1] - a[1] * x[0]];
    // Columns x, y, z = a.
    return [x[0], y[0], a[0], x[1], y[1], a[1], x[2], y[2], a[2]];
  }
  // Rodrigues for z → a: k = z × a, cosθ = a_z.
  const [kx, ky] = [-a[1], a[0]];
  const c = a[2];
  const s2 = kx * kx + ky * ky;
  if (s2 < 1e-18) return c > 0 ? [1, 0, 0, 0, 1, 0, 0, 0, 1] : [1, 0, 0, 0, -1, 0, 0, 0, -1];
  const f = (1 - c) / s2;
  // R = I + [k]× + [k]×² · (1 − c)/s², k = (kx, ky, 0).
  return [1 - f * ky * ky, f * kx * ky, ky, f * kx * ky, 1 - f * kx * kx, -kx, -ky, kx, 1 - f * (kx * kx + ky * ky)];
}

/**
 * The mesh moved so its +z axis points along `axisLps`, its +x toward `referenceLps` when given, and
 * its origin sits at `positionLps` (mm).
 * @throws JumeauError BAD_ARGUMENT for a zero axis or a reference along the axis
 */
export function poseMesh(mesh: TriangleMesh, positionLps: Vec3, axisLps: Vec3, referenceLps?: Vec3): TriangleMesh {
  const r = poseRotation(unitOrThrow(axisLps, 'axisLps'), referenceLps);
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
