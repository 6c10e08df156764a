/**
 * Geometry of a tibia segment in its own frame, for `proposeTibiaLandmarks` (proposeTibia.ts): the voxel centres
 * in axis coordinates (h along the long axis, u medial, v posterior), cross-section profiles along
 * h, projected 2-D footprints with their holes filled, and the top-surface height map.
 */
import { JumeauError } from '../core/errors';
import type { PointLps, Vec3 } from '../core/vec3';
import { add, dot, scale } from '../core/vec3';
import type { Mask } from '../segmentation/labelmap';
import { squaredDistanceMm2 } from '../segmentation/distanceTransform';
import { limbDirections } from './geometry';
import type { Side } from './validate';

/** Voxel centres of a bone in a limb frame. */
export interface BoneFrame {
  /** Centroid of all voxels (frame origin), LPS mm. */
  originLps: PointLps;
  /** Long axis toward proximal, medial and posterior unit vectors, LPS. */
  axis: Vec3;
  medial: Vec3;
  posterior: Vec3;
  /** Per voxel: height along the axis, medial and posterior offsets from the origin, mm. */
  h: Float64Array;
  u: Float64Array;
  v: Float64Array;
  /** 1 where the voxel lies on a face of the grid (the scan cuts the bone there). */
  onBorder: Uint8Array;
  /** Voxel volume, mm³. */
  voxelMm3: number;
  /** Largest voxel spacing (used as bin and cell size), mm. */
  cellMm: number;
  /** Extent of one voxel along the axis, mm (half of it lifts a voxel centre to the surface). */
  voxelExtentAlongAxisMm: number;
}

/** Largest eigenvector of a symmetric 3×3 matrix (power iteration), unit length. */
export function principalDirection(cov: number[][], start: Vec3 = [0, 0, 1]): Vec3 {
  let x: Vec3 = [...start] as Vec3;
  for (let it = 0; it < 200; it++) {
    const y: Vec3 = [dot(cov[0] as Vec3, x), dot(cov[1] as Vec3, x), dot(cov[2] as Vec3, x)];
    const n = Math.hypot(...y);
    if (!(n > 0)) break;
    const next: Vec3 = [y[0] / n, y[1] / n, y[2] / n];
    const change = Math.hypot(next[0] - x[0], next[1] - x[1], next[2] - x[2]);
    x = next;
    if (change < 1e-13) break;
  }
  return x;
}

/** Mean and covariance of points given as x, y, z arrays. */
export function meanCovariance(xs: ArrayLike<number>, ys: ArrayLike<number>, zs: ArrayLike<number>): { mean: Vec3; cov: number[][] } {
  const n = xs.length;
  const mean: Vec3 = [0, 0, 0];
  for (let q = 0; q < n; q++) { mean[0] += xs[q]; mean[1] += ys[q]; mean[2] += zs[q]; }
  mean[0] /= n; mean[1] /= n; mean[2] /= n;
  const cov = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
  for (let q = 0; q < n; q++) {
    const d = [xs[q] - mean[0], ys[q] - mean[1], zs[q] - mean[2]];
    for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) cov[a][b] += d[a] * d[b];
  }
  for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) cov[a][b] /= n;
  return { mean, cov };
}

/**
 * Voxel centres of `mask` in the frame of its principal (long) axis, oriented toward `proximalLps`.
 * @throws JumeauError EMPTY_SEGMENT when the mask is empty
 */
export function boneFrame(mask: Mask, side: Side, proximalLps: Vec3): BoneFrame {
  const { size, spacing, origin, direction: d, data } = mask;
  const [ni, nj, nk] = size;
  let count = 0;
  for (let q = 0; q < data.length; q++) if (data[q] !== 0) count++;
  if (count === 0) throw new JumeauError('EMPTY_SEGMENT', 'has no voxel: no tibia to measure', { subject: 'tibia' });
  const cols: Vec3[] = [0, 1, 2].map((a) => [d[3 * a] * spacing[a], d[3 * a + 1] * spacing[a], d[3 * a + 2] * spacing[a]] as Vec3);
  const xs = new Float64Array(count), ys = new Float64Array(count), zs = new Float64Array(count);
  const onBorder = new Uint8Array(count);
  for (let k = 0, q = 0, n = 0; k < nk; k++) {
    for (let j = 0; j < nj; j++) {
      for (let i = 0; i < ni; i++, q++) {
        if (data[q] === 0) continue;
        xs[n] = origin[0] + i * cols[0][0] + j * cols[1][0] + k * cols[2][0];
        ys[n] = origin[1] + i * cols[0][1] + j * cols[1][1] + k * cols[2][1];
        zs[n] = origin[2] + i * cols[0][2] + j * cols[1][2] + k * cols[2][2];
        onBorder[n] = i === 0 || j === 0 || k === 0 || i === ni - 1 || j === nj - 1 || k === nk - 1 ? 1 : 0;
        n++;
      }
    }
  }
  const { mean, cov } = meanCovariance(xs, ys, zs);
  let axis = principalDirection(cov, proximalLps);
  if (dot(axis, proximalLps) < 0) axis = scale(axis, -1);
  const { medial, posterior } = limbDirections(axis, side, 'tibia');
  const h = new Float64Array(count), u = new Float64Array(count), v = new Float64Array(count);
  for (let n = 0; n < count; n++) {
    const p: Vec3 = [xs[n] - mean[0], ys[n] - mean[1], zs[n] - mean[2]];
    h[n] = dot(p, axis);
    u[n] = dot(p, medial);
    v[n] = dot(p, posterior);
  }
  const det =
    cols[0][0] * (cols[1][1] * cols[2][2] - cols[1][2] * cols[2][1]) -
    cols[0][1] * (cols[1][0] * cols[2][2] - cols[1][2] * cols[2][0]) +
    cols[0][2] * (cols[1][0] * cols[2][1] - cols[1][1] * cols[2][0]);
  return {
    originLps: mean,
    axis,
    medial,
    posterior,
    h,
    u,
    v,
    onBorder,
    voxelMm3: Math.abs(det),
    cellMm: Math.max(...spacing),
    voxelExtentAlongAxisMm: cols.reduce((s, c) => s + Math.abs(dot(c, axis)), 0),
  };
}

/** LPS point of frame coordinates (h along the axis, u medial, v posterior). */
export function frameToLps(f: BoneFrame, h: number, u: number, v: number): PointLps {
  return add(add(add(f.originLps, scale(f.axis, h)), scale(f.medial, u)), scale(f.posterior, v));
}

/** A 2-D grid over (u, v) covering the whole bone. */
export interface PlaneGrid {
  u0: number;
  v0: number;
  cellMm: number;
  nu: number;
  nv: number;
}

/** A grid over the bone's (u, v) extent with a 2-cell margin. */
export function planeGrid(f: BoneFrame): PlaneGrid {
  let uMin = Infinity, uMax = -Infinity, vMin = Infinity, vMax = -Infinity;
  for (let n = 0; n < f.u.length; n++) {
    uMin = Math.min(uMin, f.u[n]); uMax = Math.max(uMax, f.u[n]);
    vMin = Math.min(vMin, f.v[n]); vMax = Math.max(vMax, f.v[n]);
  }
  const c = f.cellMm;
  return { u0: uMin - 2 * c, v0: vMin - 2 * c, cellMm: c, nu: Math.ceil((uMax - uMin) / c) + 5, nv: Math.ceil((vMax - vMin) / c) + 5 };
}

/** Cell index of (u, v), or −1 outside the grid. */
export function cellOf(g: PlaneGrid, u: number, v: number): number {
  const a = Math.floor((u - g.u0) / g.cellMm), b = Math.floor((v - g.v0) / g.cellMm);
  return a < 0 || b < 0 || a >= g.nu || b >= g.nv ? -1 : a + g.nu * b;
}

/** Centre (u, v) of a cell. */
export function cellCentre(g: PlaneGrid, cell: number): [number, number] {
  return [g.u0 + ((cell % g.nu) + 0.5) * g.cellMm, g.v0 + (Math.floor(cell / g.nu) + 0.5) * g.cellMm];
}

/**
 * Footprint of the voxels with hLo ≤ h < hHi projected on the (u, v) plane: occupied cells, closed
 * by one cell (projection gaps) and with enclosed holes filled (a hollow epiphysis counts as solid).
 */
export function footprint(f: BoneFrame, g: PlaneGrid, hLo: number, hHi: number): Uint8Array {
  const occ = new Uint8Array(g.nu * g.nv);
  for (let n = 0; n < f.h.length; n++) {
    if (f.h[n] < hLo || f.h[n] >= hHi) continue;
    const c = cellOf(g, f.u[n], f.v[n]);
    if (c >= 0) occ[c] = 1;
  }
  const morph = (src: Uint8Array, value: number): Uint8Array => {
    const out = new Uint8Array(src);
    for (let b = 0; b < g.nv; b++) {
      for (let a = 0; a < g.nu; a++) {
        if (src[a + g.nu * b] === value) continue;
        for (let db = -1; db <= 1; db++) {
          for (let da = -1; da <= 1; da++) {
            const x = a + da, y = b + db;
            if (x >= 0 && y >= 0 && x < g.nu && y < g.nv && src[x + g.nu * y] === value) out[a + g.nu * b] = value;
          }
        }
      }
    }
    return out;
  };
  const closed = morph(morph(occ, 1), 0);
  // Background reachable from the grid border (4-connected); the rest is bone.
  const outside = new Uint8Array(g.nu * g.nv);
  const stack: number[] = [];
  const push = (a: number, b: number) => {
    if (a < 0 || b < 0 || a >= g.nu || b >= g.nv) return;
    const c = a + g.nu * b;
    if (outside[c] || closed[c]) return;
    outside[c] = 1;
    stack.push(c);
  };
  for (let a = 0; a < g.nu; a++) { push(a, 0); push(a, g.nv - 1); }
  for (let b = 0; b < g.nv; b++) { push(0, b); push(g.nu - 1, b); }
  while (stack.length) {
    const c = stack.pop() as number;
    const a = c % g.nu, b = Math.floor(c / g.nu);
    push(a + 1, b); push(a - 1, b); push(a, b + 1); push(a, b - 1);
  }
  for (let c = 0; c < outside.length; c++) outside[c] = outside[c] ? 0 : 1;
  return outside;
}

/** Area (mm²), centroid and extents of a footprint. */
export function footprintStats(g: PlaneGrid, fp: Uint8Array): { areaMm2: number; cu: number; cv: number; uMin: number; uMax: number; vMin: number; vMax: number } {
  let n = 0, su = 0, sv = 0, uMin = Infinity, uMax = -Infinity, vMin = Infinity, vMax = -Infinity;
  for (let c = 0; c < fp.length; c++) {
    if (!fp[c]) continue;
    const [u, v] = cellCentre(g, c);
    n++; su += u; sv += v;
    uMin = Math.min(uMin, u); uMax = Math.max(uMax, u); vMin = Math.min(vMin, v); vMax = Math.max(vMax, v);
  }
  return { areaMm2: n * g.cellMm * g.cellMm, cu: su / n, cv: sv / n, uMin, uMax, vMin, vMax };
}

/** Distance (mm) from each cell centre to the nearest cell outside the footprint. */
export function depthInFootprint(g: PlaneGrid, fp: Uint8Array): Float32Array {
  const outside = new Uint8Array(fp.length);
  for (let c = 0; c < fp.length; c++) outside[c] = fp[c] ? 0 : 1;
  const d2 = squaredDistanceMm2(outside, [g.nu, g.nv, 1], [g.cellMm, g.cellMm, 1]);
  for (let c = 0; c < d2.length; c++) d2[c] = Math.sqrt(d2[c]);
  return d2;
}

/**
 * Highest voxel height per cell among voxels with h ≥ hLo (−∞ where none), then a 3×3 median over
 * the finite neighbours (≥ 5 of them; else −∞), which removes single-cell pits and spikes.
 */
export function topHeightMap(f: BoneFrame, g: PlaneGrid, hLo: number): Float64Array {
  const top = new Float64Array(g.nu * g.nv).fill(-Infinity);
  for (let n = 0; n < f.h.length; n++) {
    if (f.h[n] < hLo) continue;
    const c = cellOf(g, f.u[n], f.v[n]);
    if (c >= 0 && f.h[n] > top[c]) top[c] = f.h[n];
  }
  const out = new Float64Array(top.length).fill(-Infinity);
  const neighbours: number[] = [];
  for (let b = 1; b < g.nv - 1; b++) {
    for (let a = 1; a < g.nu - 1; a++) {
      neighbours.length = 0;
      for (let db = -1; db <= 1; db++) for (let da = -1; da <= 1; da++) {
        const t = top[a + da + g.nu * (b + db)];
        if (t > -Infinity) neighbours.push(t);
      }
      if (neighbours.length < 5) continue;
      neighbours.sort((x, y) => x - y);
      out[a + g.nu * b] = neighbours[(neighbours.length - 1) >> 1];
    }
  }
  return out;
}

/**
 * Pits of a height map: cells more than `depthMm` below the median of the finite cells within
 * `radiusCells`, grown by `growCells` (their sloping rims). A gap in a thin subchondral plate lets the
 * top surface drop into the hollow epiphysis; a plateau's dish (radius ≫ the window, a few mm deep)
 * is not a pit.
 */
export function pitCells(g: PlaneGrid, heights: Float64Array, radiusCells = 4, depthMm = 3, growCells = 2): Uint8Array {
  const pit = new Uint8Array(heights.length);
  const neighbours: number[] = [];
  for (let b = 0; b < g.nv; b++) {
    for (let a = 0; a < g.nu; a++) {
      const t = heights[a + g.nu * b];
      if (!(t > -Infinity)) continue;
      neighbours.length = 0;
      for (let db = -radiusCells; db <= radiusCells; db++) {
        for (let da = -radiusCells; da <= radiusCells; da++) {
          const x = a + da, y = b + db;
          if (da * da + db * db > radiusCells * radiusCells || x < 0 || y < 0 || x >= g.nu || y >= g.nv) continue;
          const s = heights[x + g.nu * y];
          if (s > -Infinity) neighbours.push(s);
        }
      }
      neighbours.sort((x, y) => x - y);
      if (t < neighbours[(neighbours.length - 1) >> 1] - depthMm) pit[a + g.nu * b] = 1;
    }
  }
  const grown = new Uint8Array(pit);
  for (let c = 0; c < pit.length; c++) {
    if (!pit[c]) continue;
    const a = c % g.nu, b = Math.floor(c / g.nu);
    for (let db = -growCells; db <= growCells; db++) {
      for (let da = -growCells; da <= growCells; da++) {
        const x = a + da, y = b + db;
        if (x >= 0 && y >= 0 && x < g.nu && y < g.nv) grown[x + g.nu * y] = 1;
      }
    }
  }
  return grown;
}

/** Section areas (mm²) in bins of `bin` mm from `hLo`, counting voxels with h ≥ hLo. */
export function areaProfile(f: BoneFrame, hLo: number, hHi: number, bin: number): Float64Array {
  const nb = Math.max(1, Math.ceil((hHi - hLo) / bin));
  const area = new Float64Array(nb);
  for (let q = 0; q < f.h.length; q++) {
    if (f.h[q] < hLo) continue;
    const b = Math.min(nb - 1, Math.floor((f.h[q] - hLo) / bin));
    area[b] += f.voxelMm3 / bin;
  }
  return area;
}

/** What the distal end of a tibia section profile shows. */
export type DistalEnd =
  /** A body below the joint (talus) from bin `cutBin` down: leave it out; the plafond is the lowest bin above it with ≥ half the flare's section. */
  | { kind: 'talus'; cutBin: number; plafondBin: number }
  /** The tibia ends at its plafond: the lowest bin with ≥ half the flare's section is `plafondBin`. */
  | { kind: 'plafond'; plafondBin: number }
  /** No flare-then-narrowing at the distal end: the ankle is not in view. */
  | { kind: 'none' };

/**
 * Reads the distal end of a section profile (bin 0 = distal). Going down from 20 % of the length,
 * the metaphysis flares to a maximum M; the joint is entered where the section falls to ≤ 0.75·M
 * (the concave plafond, the malleolus alone). Below that, a minimum followed by a rise of ≥ 15 %, or
 * by the grid edge, is the tibiotalar waist: a talus joined to the segment lies below it. The plafond
 * is the lowest bin (above the waist, if any) still ≥ 0.5·M; below it lie only the malleolus and the
 * joint's partial-volume bridges. Bins up to `borderTopBin`
 * hold voxels on the grid edge (−1: none): a fall there is the scan's cut, not the joint.
 */
export function readDistalEnd(area: Float64Array, bin: number, lengthMm: number, borderTopBin: number): DistalEnd {
  const sm = area.map((_, b) => (area[Math.max(0, b - 1)] + area[b] + area[Math.min(area.length - 1, b + 1)]) / 3);
  const start = Math.min(area.length - 1, Math.ceil((0.2 * lengthMm) / bin));
  const floor = borderTopBin + 1;
  let flare = 0;
  let entered = -1;
  for (let b = start; b >= floor; b--) {
    flare = Math.max(flare, sm[b]);
    if (sm[b] <= 0.75 * flare) { entered = b; break; }
  }
  if (entered < 0 || (borderTopBin >= 0 && entered < floor + 2)) return { kind: 'none' };
  let min = entered;
  let rise = false;
  for (let b = entered - 1; b >= floor; b--) {
    if (sm[b] < sm[min]) min = b;
    else if (sm[b] >= 1.15 * sm[min]) { rise = true; break; }
  }
  const talus = (rise || borderTopBin >= 0) && min * bin >= 2;
  let p = entered;
  while (p > (talus ? min : 0) && area[p - 1] >= 0.5 * flare) p--;
  while (p < area.length - 1 && area[p] < 0.5 * flare) p++;
  return talus ? { kind: 'talus', cutBin: min, plafondBin: p } : { kind: 'plafond', plafondBin: p };
}
