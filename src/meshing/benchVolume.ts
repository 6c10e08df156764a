/**
 * A deterministic CT-sized label volume for benchmarks and large tests: overlapping rotated
 * ellipsoids (a bone-like label 1) plus a second label around them, LPS geometry.
 */
import type { Volume } from '../volume/volume';

/** One ellipsoid: centre and semi-axes in voxels, rotation about k in degrees. */
interface Ellipsoid {
  centre: [number, number, number];
  semiAxes: [number, number, number];
  rotationDeg: number;
  label: number;
}

/** Fills the voxels of one ellipsoid, row by row, by solving the quadric along i. */
function paintEllipsoid(data: Uint8Array, size: [number, number, number], e: Ellipsoid): void {
  const [nx, ny, nz] = size;
  const th = (e.rotationDeg * Math.PI) / 180;
  const cs = Math.cos(th);
  const sn = Math.sin(th);
  const [ra, rb, rc] = e.semiAxes;
  // (u/ra)² + (v/rb)² + (w/rc)² ≤ 1 with u = cs·x + sn·y, v = −sn·x + cs·y, w = z (x, y, z relative to the centre).
  const ka = 1 / (ra * ra);
  const kb = 1 / (rb * rb);
  const kc = 1 / (rc * rc);
  const axx = cs * cs * ka + sn * sn * kb;
  const axy = cs * sn * ka - sn * cs * kb;
  const ayy = sn * sn * ka + cs * cs * kb;
  for (let k = Math.max(0, Math.ceil(e.centre[2] - rc)); k <= Math.min(nz - 1, Math.floor(e.centre[2] + rc)); k++) {
    const z = k - e.centre[2];
    for (let j = 0; j < ny; j++) {
      const y = j - e.centre[1];
      // axx·x² + 2·axy·x·y + ayy·y² + kc·z² − 1 ≤ 0
      const qb = 2 * axy * y;
      const qc = ayy * y * y + kc * z * z - 1;
      const disc = qb * qb - 4 * axx * qc;
      if (disc < 0) continue;
      const sq = Math.sqrt(disc);
      const x0 = (-qb - sq) / (2 * axx);
      const x1 = (-qb + sq) / (2 * axx);
      const i0 = Math.max(0, Math.ceil(e.centre[0] + x0));
      const i1 = Math.min(nx - 1, Math.floor(e.centre[0] + x1));
      if (i1 >= i0) data.fill(e.label, i0 + nx * (j + ny * k), i1 + 1 + nx * (j + ny * k));
    }
  }
}

/**
 * Builds a label volume (Uint8Array) of the given size, spacing 0.8 × 0.8 × 1.0 mm, identity
 * direction: label 2 is a large ellipsoid of soft tissue, label 1 four overlapping rotated
 * ellipsoids inside it (≈ 1.3 M surface triangles at 512 × 512 × 400).
 */
export function makeBenchLabelVolume(size: [number, number, number] = [512, 512, 400]): Volume {
  const [nx, ny, nz] = size;
  const data = new Uint8Array(nx * ny * nz);
  const s = (f: number, n: number) => f * n;
  const shapes: Ellipsoid[] = [
    { centre: [s(0.5, nx), s(0.5, ny), s(0.5, nz)], semiAxes: [s(0.46, nx), s(0.4, ny), s(0.47, nz)], rotationDeg: 0, label: 2 },
    { centre: [s(0.35, nx), s(0.45, ny), s(0.55, nz)], semiAxes: [s(0.2, nx), s(0.12, ny), s(0.3, nz)], rotationDeg: 25, label: 1 },
    { centre: [s(0.62, nx), s(0.5, ny), s(0.45, nz)], semiAxes: [s(0.18, nx), s(0.1, ny), s(0.32, nz)], rotationDeg: -30, label: 1 },
    { centre: [s(0.5, nx), s(0.6, ny), s(0.7, nz)], semiAxes: [s(0.25, nx), s(0.08, ny), s(0.1, nz)], rotationDeg: 5, label: 1 },
    { centre: [s(0.45, nx), s(0.35, ny), s(0.3, nz)], semiAxes: [s(0.1, nx), s(0.1, ny), s(0.1, nz)], rotationDeg: 0, label: 1 },
  ];
  for (const e of shapes) paintEllipsoid(data, size, e);
  return { size: [nx, ny, nz], spacing: [0.8, 0.8, 1.0], origin: [-(nx * 0.8) / 2, -(ny * 0.8) / 2, -nz / 2], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], data, unit: 'label' };
}
