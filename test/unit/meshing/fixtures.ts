// Procedural fixtures for the meshing tests (brief §10: generate, don't ship). The MESH-0x grids are
// 64³, 1 mm, centre (31.5, 31.5, 31.5), identity direction, origin 0 — voxel units = mm.
import type { Mat3, Volume, VoxelArray } from '../../../src/volume/volume';

export const N = 64;
export const C = 31.5;
export const IDENTITY: Mat3 = [1, 0, 0, 0, 1, 0, 0, 0, 1];

/** A volume with the given values and geometry (defaults: MESH-0x grid). */
export function grid(
  data: VoxelArray,
  size: [number, number, number] = [N, N, N],
  geometry: { spacing?: [number, number, number]; origin?: [number, number, number]; direction?: Mat3 } = {},
): Volume {
  return { size, spacing: geometry.spacing ?? [1, 1, 1], origin: geometry.origin ?? [0, 0, 0], direction: geometry.direction ?? IDENTITY, data, unit: 'raw' };
}

/** Fills a Float32 field f(i, j, k) over an n³ grid. */
export function field(f: (x: number, y: number, z: number) => number, n = N): Float32Array {
  const out = new Float32Array(n * n * n);
  for (let k = 0; k < n; k++) for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) out[i + n * (j + n * k)] = f(i, j, k);
  return out;
}

/** MESH-01: f = 20 − |x − c|. */
export const sphereSdf = (): Volume => grid(field((x, y, z) => 20 - Math.hypot(x - C, y - C, z - C)));

/** MESH-02: mask |x − c| ≤ 20 as Uint8 label 1. */
export function binarySphere(): Volume {
  const f = field((x, y, z) => (Math.hypot(x - C, y - C, z - C) <= 20 ? 1 : 0));
  return { ...grid(Uint8Array.from(f)), unit: 'label' };
}

/** MESH-05: torus R = 16, r = 6 around the k axis through the centre, as f = r − distance to the core circle. */
export const torusSdf = (): Volume => grid(field((x, y, z) => 6 - Math.hypot(Math.hypot(x - C, y - C) - 16, z - C)));

/** A Uint8 labelmap of `size` with `label` in the inclusive voxel box [lo, hi]. */
export function boxLabels(size: [number, number, number], lo: [number, number, number], hi: [number, number, number], label = 1): Uint8Array {
  const d = new Uint8Array(size[0] * size[1] * size[2]);
  for (let k = lo[2]; k <= hi[2]; k++) for (let j = lo[1]; j <= hi[1]; j++) for (let i = lo[0]; i <= hi[0]; i++) d[i + size[0] * (j + size[1] * k)] = label;
  return d;
}

/** Deterministic uniform numbers in [0, 1) (LCG; enough for fixtures). */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Mean distance of the vertices from the grid centre, mm. */
export function meanRadius(positions: Float32Array, centre = [C, C, C]): number {
  let sum = 0;
  for (let q = 0; q < positions.length; q += 3) sum += Math.hypot(positions[q] - centre[0], positions[q + 1] - centre[1], positions[q + 2] - centre[2]);
  return sum / (positions.length / 3);
}

export const SPHERE_VOLUME_MM3 = (4 / 3) * Math.PI * 20 ** 3; // 33510.3
export const SPHERE_AREA_MM2 = 4 * Math.PI * 20 ** 2; // 5026.5
