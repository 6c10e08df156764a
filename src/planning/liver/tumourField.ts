/**
 * Per-tumour distance fields for margin checks (brief §6.2 "signed distance maps (EDT) of tumour …
 * sampled on the surface"). Each tumour's exact Euclidean distance transform
 * (`squaredDistanceMm2`, Felzenszwalb–Huttenlocher, honours anisotropic spacing) is computed once on a
 * crop of the grid: the tumour's bounding box grown by `fieldPadMm` (default 40 mm). Distances are
 * between voxel centres: d(p) = distance from p to the nearest tumour voxel centre (0 inside).
 *
 * Look-ups are trilinear inside the crop. Outside it, the point is clamped to the crop box c and
 * d ≈ √(d(c)² + |p − c|²) — a lower bound of the true distance, and already beyond the pad; margins
 * switch to exact brute force over the tumour's boundary voxels there (`exactDistanceAt`).
 *
 * Margins use the distance to the tumour **as displayed** — the union of its voxel cubes — rather than
 * to its voxel centres: d_cube = max(0, d − ½ Σₐ |g·eₐ| hₐ), g = unit gradient of d (central
 * differences), i.e. minus the half-extent of a voxel along the direction away from the tumour
 * (exact for an axis-aligned face; LIV-04 at 1 mm: 15.5 − 0.5 = 15.0 mm). The centre distance
 * overestimates the margin by up to a voxel, which would be the non-conservative error.
 * Prepare once per segmentation; every surface update reuses the fields.
 */
import { JumeauError } from '../../core/errors';
import type { PointLps } from '../../core/vec3';
import { squaredDistanceMm2 } from '../../segmentation/distanceTransform';
import { voxelVolumeMm3 } from '../../segmentation/labelmap';
import { checkOnGrid, checkOrgan, toLps, voxelAffine, type GridMask, type VoxelAffine } from './grid';

/** A tumour to check: its name (shown in reports) and its mask on the organ grid. */
export interface TumourInput {
  name: string;
  mask: GridMask;
}

/** A tumour with its distance field, ready for repeated margin checks. */
export interface PreparedTumour {
  name: string;
  /** Tumour voxels (linear indices on the organ grid); empty when the mask is empty. */
  voxels: Int32Array;
  /** Tumour volume (mL) = voxels × voxel volume. */
  volumeMl: number;
  /** Distance (mm) from an LPS point to the nearest tumour voxel centre; +Infinity for an empty mask. */
  distanceMm(pointLps: PointLps): number;
  /** Same at x, y, z (no allocation). */
  distanceAt(x: number, y: number, z: number): number;
  /** Distance (mm) to the union of the tumour's voxel cubes (see module doc); 0 inside. */
  boundaryDistanceAt(x: number, y: number, z: number): number;
  /**
   * Exact distances by brute force over the tumour's boundary voxels — to their centres and to their
   * cubes — for points beyond the field (where the look-ups are only lower bounds). O(boundary voxels).
   */
  exactDistanceAt(x: number, y: number, z: number): { centreMm: number; cubeMm: number };
  /** Half-width (mm) of the field crop around the tumour: look-ups are exact closer than this. */
  fieldReachMm: number;
}

/**
 * Validates tumours and builds their distance fields.
 * @param organ - liver mask (whole organ; tumours normally inside it)
 * @param tumours - tumour masks on the organ grid
 * @param options.fieldPadMm - margin of the distance-field crop around each tumour (default 40 mm)
 * @throws OUTSIDE_ORGAN when a tumour neither overlaps nor touches (6-neighbour) the organ;
 *   GEOMETRY_MISMATCH when a mask is on another grid; EMPTY_SEGMENT for an empty organ
 */
export function prepareTumours(organ: GridMask, tumours: TumourInput[], options: { fieldPadMm?: number } = {}): PreparedTumour[] {
  checkOrgan(organ);
  if (!Array.isArray(tumours)) throw new JumeauError('BAD_ARGUMENT', 'must be an array of { name, mask }', { subject: 'tumours' });
  const pad = options.fieldPadMm ?? 40;
  if (!(Number.isFinite(pad) && pad >= 0)) throw new JumeauError('BAD_ARGUMENT', `must be ≥ 0 mm, got ${pad}`, { subject: 'fieldPadMm' });
  const aff = voxelAffine(organ);
  return tumours.map((t, idx) => {
    const subject = `tumours[${idx}]`;
    if (!t || typeof t.name !== 'string') throw new JumeauError('BAD_ARGUMENT', 'must be { name, mask }', { subject });
    checkOnGrid(organ, t.mask, `${subject}.mask`);
    return prepareOne(organ, aff, t, pad, subject);
  });
}

function prepareOne(organ: GridMask, aff: VoxelAffine, t: TumourInput, padMm: number, subject: string): PreparedTumour {
  const [ni, nj, nk] = organ.size;
  const nij = ni * nj;
  const m = t.mask.data, o = organ.data;
  const list: number[] = [];
  let lo = [ni, nj, nk], hi = [-1, -1, -1];
  let touches = false;
  for (let k = 0, q = 0; k < nk; k++) {
    for (let j = 0; j < nj; j++) {
      for (let i = 0; i < ni; i++, q++) {
        if (m[q] === 0) continue;
        list.push(q);
        if (i < lo[0]) lo[0] = i;
        if (j < lo[1]) lo[1] = j;
        if (k < lo[2]) lo[2] = k;
        if (i > hi[0]) hi[0] = i;
        if (j > hi[1]) hi[1] = j;
        if (k > hi[2]) hi[2] = k;
        if (!touches) {
          touches = o[q] !== 0 || (i > 0 && o[q - 1] !== 0) || (i < ni - 1 && o[q + 1] !== 0) || (j > 0 && o[q - ni] !== 0) ||
            (j < nj - 1 && o[q + ni] !== 0) || (k > 0 && o[q - nij] !== 0) || (k < nk - 1 && o[q + nij] !== 0);
        }
      }
    }
  }
  const voxels = Int32Array.from(list);
  const volumeMl = (voxels.length * voxelVolumeMm3(organ)) / 1000;
  if (voxels.length === 0) {
    const none = { centreMm: Infinity, cubeMm: Infinity };
    return { name: t.name, voxels, volumeMl, distanceMm: () => Infinity, distanceAt: () => Infinity, boundaryDistanceAt: () => Infinity, exactDistanceAt: () => none, fieldReachMm: padMm };
  }
  if (!touches) throw new JumeauError('OUTSIDE_ORGAN', 'lies outside the liver (neither overlaps nor touches the organ mask)', { subject });
  // Crop = bounding box grown by the pad.
  const sp = organ.spacing;
  lo = lo.map((v, a) => Math.max(0, v - Math.ceil(padMm / sp[a])));
  hi = hi.map((v, a) => Math.min(organ.size[a] - 1, v + Math.ceil(padMm / sp[a])));
  const cs: [number, number, number] = [hi[0] - lo[0] + 1, hi[1] - lo[1] + 1, hi[2] - lo[2] + 1];
  const feature = new Uint8Array(cs[0] * cs[1] * cs[2]);
  for (const q of voxels) {
    const k = Math.floor(q / nij), r = q - k * nij, j = Math.floor(r / ni), i = r - j * ni;
    feature[i - lo[0] + cs[0] * (j - lo[1] + cs[1] * (k - lo[2]))] = 1;
  }
  const field = squaredDistanceMm2(feature, cs, sp);
  for (let q = 0; q < field.length; q++) field[q] = Math.sqrt(field[q]);
  const cropOrigin = toLps(aff, lo[0], lo[1], lo[2]);
  const inv = aff.inverse, steps = aff.stepLps;
  const sj = cs[0], sk = cs[0] * cs[1];
  const distanceAt = (x: number, y: number, z: number): number => {
    const dx = x - cropOrigin[0], dy = y - cropOrigin[1], dz = z - cropOrigin[2];
    let fi = inv[0][0] * dx + inv[0][1] * dy + inv[0][2] * dz;
    let fj = inv[1][0] * dx + inv[1][1] * dy + inv[1][2] * dz;
    let fk = inv[2][0] * dx + inv[2][1] * dy + inv[2][2] * dz;
    // Clamp to the crop; remember the LPS offset of the clamp.
    const ci = Math.min(Math.max(fi, 0), cs[0] - 1), cj = Math.min(Math.max(fj, 0), cs[1] - 1), ck = Math.min(Math.max(fk, 0), cs[2] - 1);
    const oi = fi - ci, oj = fj - cj, ok = fk - ck;
    fi = ci; fj = cj; fk = ck;
    const i0 = Math.min(Math.floor(fi), Math.max(cs[0] - 2, 0)), j0 = Math.min(Math.floor(fj), Math.max(cs[1] - 2, 0)), k0 = Math.min(Math.floor(fk), Math.max(cs[2] - 2, 0));
    const ti = cs[0] > 1 ? fi - i0 : 0, tj = cs[1] > 1 ? fj - j0 : 0, tk = cs[2] > 1 ? fk - k0 : 0;
    const di = cs[0] > 1 ? 1 : 0, dj = cs[1] > 1 ? sj : 0, dk = cs[2] > 1 ? sk : 0;
    const q = i0 + sj * j0 + sk * k0;
    const c00 = field[q] + ti * (field[q + di] - field[q]);
    const c10 = field[q + dj] + ti * (field[q + dj + di] - field[q + dj]);
    const c01 = field[q + dk] + ti * (field[q + dk + di] - field[q + dk]);
    const c11 = field[q + dk + dj] + ti * (field[q + dk + dj + di] - field[q + dk + dj]);
    const c0 = c00 + tj * (c10 - c00);
    const c1 = c01 + tj * (c11 - c01);
    const d = c0 + tk * (c1 - c0);
    if (oi === 0 && oj === 0 && ok === 0) return d;
    const ex = oi * steps[0][0] + oj * steps[1][0] + ok * steps[2][0];
    const ey = oi * steps[0][1] + oj * steps[1][1] + ok * steps[2][1];
    const ez = oi * steps[0][2] + oj * steps[1][2] + ok * steps[2][2];
    return Math.sqrt(d * d + ex * ex + ey * ey + ez * ez);
  };
  // Half-extent of a voxel along a unit LPS direction g: ½ Σₐ |g·eₐ| hₐ (eₐ = unit step direction).
  const unitSteps = steps.map((v) => { const l = Math.hypot(v[0], v[1], v[2]); return [v[0] / l, v[1] / l, v[2] / l, l]; });
  const hd = Math.min(sp[0], sp[1], sp[2]) / 2;
  const boundaryDistanceAt = (x: number, y: number, z: number): number => {
    const d = distanceAt(x, y, z);
    if (!(d > 0)) return 0;
    const gx = distanceAt(x + hd, y, z) - distanceAt(x - hd, y, z);
    const gy = distanceAt(x, y + hd, z) - distanceAt(x, y - hd, z);
    const gz = distanceAt(x, y, z + hd) - distanceAt(x, y, z - hd);
    const gl = Math.hypot(gx, gy, gz);
    if (!(gl > 0)) return Math.max(0, d - hd);
    let half = 0;
    for (const u of unitSteps) half += (0.5 * Math.abs(gx * u[0] + gy * u[1] + gz * u[2]) * u[3]) / gl;
    return Math.max(0, d - half);
  };
  // Boundary voxels (a 6-neighbour outside the tumour or the grid) for exact far distances.
  const boundary: number[] = [];
  for (const q of voxels) {
    const k = Math.floor(q / nij), r = q - k * nij, j = Math.floor(r / ni), i = r - j * ni;
    const inner = i > 0 && j > 0 && k > 0 && i < ni - 1 && j < nj - 1 && k < nk - 1 &&
      m[q - 1] !== 0 && m[q + 1] !== 0 && m[q - ni] !== 0 && m[q + ni] !== 0 && m[q - nij] !== 0 && m[q + nij] !== 0;
    if (!inner) boundary.push(...toLps(aff, i, j, k));
  }
  const bc = Float64Array.from(boundary);
  const exactDistanceAt = (x: number, y: number, z: number): { centreMm: number; cubeMm: number } => {
    let c2 = Infinity, k2 = Infinity;
    for (let b = 0; b < bc.length; b += 3) {
      const dx = x - bc[b], dy = y - bc[b + 1], dz = z - bc[b + 2];
      const d2 = dx * dx + dy * dy + dz * dz;
      if (d2 < c2) c2 = d2;
      let e2 = 0;
      for (const u of unitSteps) {
        const e = Math.abs(dx * u[0] + dy * u[1] + dz * u[2]) - u[3] / 2;
        if (e > 0) e2 += e * e;
      }
      if (e2 < k2) k2 = e2;
    }
    return { centreMm: Math.sqrt(c2), cubeMm: Math.sqrt(k2) };
  };
  return { name: t.name, voxels, volumeMl, distanceAt, boundaryDistanceAt, exactDistanceAt, fieldReachMm: padMm, distanceMm: (p) => distanceAt(p[0], p[1], p[2]) };
}

/**
 * Distance (mm) from each vertex of a mesh to the nearest tumour's voxel-cube boundary (min over
 * `tumours`), for colouring the surface red where it is closer than the safety margin. +Infinity where
 * there is no tumour.
 * @param positionsLps - x, y, z per vertex, LPS mm
 */
export function vertexTumourDistances(tumours: PreparedTumour[], positionsLps: ArrayLike<number>): Float32Array {
  const n = Math.floor(positionsLps.length / 3);
  const out = new Float32Array(n).fill(Infinity);
  for (const t of tumours) {
    if (t.voxels.length === 0) continue;
    for (let v = 0; v < n; v++) {
      const x = positionsLps[3 * v], y = positionsLps[3 * v + 1], z = positionsLps[3 * v + 2];
      const d = t.boundaryDistanceAt(x, y, z);
      if (d < out[v]) out[v] = d;
    }
  }
  return out;
}
