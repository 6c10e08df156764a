/**
 * The one boundary between planning space (DICOM LPS, millimetres, right-handed) and the render
 * engine (Babylon.js default: left-handed, Y up, metres). Brief §8.2:
 *
 *   [xB, yB, zB] = 0.001 · [x_L, z_S, y_P]      C = 0.001·[[1,0,0],[0,0,1],[0,1,0]], det C < 0
 *
 * Engine up = patient superior; engine forward (+Z, away from the default camera) = posterior, so the
 * default camera faces the patient's anterior side with the patient's left on screen right. Because
 * det C < 0 the mapping mirrors: every triangle's index order is reversed so faces keep pointing out.
 */
import type { PointLps, Vec3 } from './vec3';

/** A point in Babylon's left-handed, Y-up world, metres. */
export type PointEngineM = Vec3;

/** Millimetres → metres at the engine boundary. */
export const METRES_PER_MM = 0.001;

/** `engineFromLps`: LPS mm → engine metres. */
export function engineFromLps(p: PointLps): PointEngineM {
  return [p[0] * METRES_PER_MM, p[2] * METRES_PER_MM, p[1] * METRES_PER_MM];
}

/** Inverse of {@link engineFromLps}: engine metres → LPS mm. */
export function lpsFromEngine(p: PointEngineM): PointLps {
  return [p[0] / METRES_PER_MM, p[2] / METRES_PER_MM, p[1] / METRES_PER_MM];
}

/** {@link engineFromLps} over a packed xyz array (mesh vertex buffers): LPS mm → engine metres. */
export function enginePositionsFromLps(positionsLps: Float32Array): Float32Array {
  const out = new Float32Array(positionsLps.length);
  for (let v = 0; v < positionsLps.length; v += 3) {
    out[v] = positionsLps[v] * METRES_PER_MM;
    out[v + 1] = positionsLps[v + 2] * METRES_PER_MM;
    out[v + 2] = positionsLps[v + 1] * METRES_PER_MM;
  }
  return out;
}

/** Direction (unit vector, no scale) LPS → engine axes. */
export function engineDirectionFromLps(d: Vec3): Vec3 {
  return [d[0], d[2], d[1]];
}

/**
 * The 4×4 `engineFromLps` matrix, row-major for column vectors (p' = M·p). Babylon's `Matrix` uses
 * row vectors (p' = p·M): pass the transpose, e.g. `Matrix.FromArray(engineFromLpsMatrix())` reads the
 * array column-major, which is exactly that transpose.
 */
export function engineFromLpsMatrix(): number[] {
  const s = METRES_PER_MM;
  return [s, 0, 0, 0, 0, 0, s, 0, 0, s, 0, 0, 0, 0, 0, 1];
}

/** Reverses the winding of every triangle (a, b, c) → (a, c, b), as the mirroring map requires. */
export function flipTriangleWinding(indices: Uint32Array | number[]): Uint32Array {
  const out = new Uint32Array(indices.length);
  for (let t = 0; t + 2 < indices.length; t += 3) {
    out[t] = indices[t];
    out[t + 1] = indices[t + 2];
    out[t + 2] = indices[t + 1];
  }
  return out;
}
