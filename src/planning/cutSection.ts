/**
 * The section of a bone mask by a cut plane, as a filled 2-D raster in the plane (for implant sizing,
 * brief §4.2): nearest-neighbour reslicing of the mask on the plane, a morphological closing (bridges
 * gaps in a thin cortex), hole filling (a hollow epiphysis → its whole cut surface), then extents, area,
 * centroid and the distance of any in-plane point outside the section (an implant's overhang). Pure.
 */
import type { PointLps, Vec3 } from '../core/vec3';
import { JumeauError } from '../core/errors';
import type { Mask } from '../segmentation/labelmap';
import { lpsToIndex } from '../volume/volume';

/** A filled cut section on a raster of square cells; in-plane coordinates (a, b) along `uUnitLps`, `vUnitLps`. */
export interface CutSection {
  /** Plane point = raster coordinate origin (a = b = 0), LPS mm. */
  originLps: PointLps;
  /** In-plane unit directions (a along u, b along v), LPS. */
  uUnitLps: Vec3;
  vUnitLps: Vec3;
  /** Cell size, mm. */
  cellMm: number;
  /** Raster size (cells along a, b) and the a, b of cell (0, 0)'s centre, mm. */
  width: number;
  height: number;
  a0Mm: number;
  b0Mm: number;
  /** 1 = section (filled), row-major (b rows of a). */
  cells: Uint8Array;
  /** Section area, mm² (filled cells × cell²). */
  areaMm2: number;
  /** Extent of the filled section along u and v, mm (cell edges). */
  extentUMm: { min: number; max: number };
  extentVMm: { min: number; max: number };
  /** Centroid (a, b) of the filled section, mm. */
  centroidMm: [number, number];
  /** Cells the closing and filling added to the resliced bone, mm² (a hollow bone's inside). */
  filledMm2: number;
}

function dilate(src: Uint8Array, w: number, h: number, r: number): Uint8Array {
  const out = new Uint8Array(src.length);
  const offs: [number, number][] = [];
  for (let dy = -r; dy <= r; dy++) for (let dx = -r; dx <= r; dx++) if (dx * dx + dy * dy <= r * r) offs.push([dx, dy]);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (!src[y * w + x]) continue;
      for (const [dx, dy] of offs) {
        const X = x + dx, Y = y + dy;
        if (X >= 0 && Y >= 0 && X < w && Y < h) out[Y * w + X] = 1;
      }
    }
  }
  return out;
}

const invert = (a: Uint8Array): Uint8Array => a.map((v) => (v ? 0 : 1));

/** Cells not reachable from the raster's border through background (4-connected) become section. */
function fillHoles(src: Uint8Array, w: number, h: number): Uint8Array {
  const seen = new Uint8Array(src.length);
  const stack: number[] = [];
  const push = (i: number) => { if (!src[i] && !seen[i]) { seen[i] = 1; stack.push(i); } };
  for (let x = 0; x < w; x++) { push(x); push((h - 1) * w + x); }
  for (let y = 0; y < h; y++) { push(y * w); push(y * w + w - 1); }
  while (stack.length) {
    const i = stack.pop()!;
    const x = i % w, y = (i - x) / w;
    if (x > 0) push(i - 1);
    if (x < w - 1) push(i + 1);
    if (y > 0) push(i - w);
    if (y < h - 1) push(i + w);
  }
  return seen.map((v) => (v ? 0 : 1));
}

/**
 * Reslices `mask` on the plane through `pointLps` spanned by the unit vectors `uUnitLps`, `vUnitLps`
 * (orthonormal), over a square of ±`halfSizeMm` around the point, at `cellMm` (default 0.5 mm), then
 * closes gaps up to `closingMm` (default 1.5 mm) and fills holes.
 * @throws JumeauError SURFACE_MISSES_ORGAN when the plane does not cross the bone
 */
export function cutSection(mask: Mask, pointLps: PointLps, uUnitLps: Vec3, vUnitLps: Vec3, options: { halfSizeMm?: number; cellMm?: number; closingMm?: number } = {}): CutSection {
  const half = options.halfSizeMm ?? 80, cell = options.cellMm ?? 0.5, closing = options.closingMm ?? 1.5;
  const n = Math.ceil((2 * half) / cell);
  const a0 = -half + cell / 2;
  const [sx, sy, sz] = mask.size;
  const raw = new Uint8Array(n * n);
  let rawCount = 0;
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      const a = a0 + x * cell, b = a0 + y * cell;
      const p: PointLps = [0, 1, 2].map((k) => pointLps[k] + a * uUnitLps[k] + b * vUnitLps[k]) as PointLps;
      const ijk = lpsToIndex(mask, p);
      const i = Math.round(ijk[0]), j = Math.round(ijk[1]), k = Math.round(ijk[2]);
      if (i < 0 || j < 0 || k < 0 || i >= sx || j >= sy || k >= sz) continue;
      if (mask.data[i + sx * (j + sy * k)]) { raw[y * n + x] = 1; rawCount++; }
    }
  }
  if (!rawCount) throw new JumeauError('SURFACE_MISSES_ORGAN', 'the cut plane does not cross the bone', { subject: 'plane' });
  const r = Math.max(0, Math.round(closing / cell));
  const closed = r ? invert(dilate(invert(dilate(raw, n, n, r)), n, n, r)) : raw;
  const cells = fillHoles(closed, n, n);
  for (let q = 0; q < cells.length; q++) if (raw[q]) cells[q] = 1;
  let count = 0, sa = 0, sb = 0, aMin = Infinity, aMax = -Infinity, bMin = Infinity, bMax = -Infinity;
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      if (!cells[y * n + x]) continue;
      const a = a0 + x * cell, b = a0 + y * cell;
      count++; sa += a; sb += b;
      aMin = Math.min(aMin, a); aMax = Math.max(aMax, a); bMin = Math.min(bMin, b); bMax = Math.max(bMax, b);
    }
  }
  return {
    originLps: pointLps, uUnitLps, vUnitLps, cellMm: cell, width: n, height: n, a0Mm: a0, b0Mm: a0, cells,
    areaMm2: count * cell * cell, extentUMm: { min: aMin - cell / 2, max: aMax + cell / 2 }, extentVMm: { min: bMin - cell / 2, max: bMax + cell / 2 },
    centroidMm: [sa / count, sb / count], filledMm2: (count - rawCount) * cell * cell,
  };
}

/** 1-D squared Euclidean distance transform (Felzenszwalb–Huttenlocher) of f in place. */
function edt1d(f: Float64Array, n: number): void {
  const d = new Float64Array(n), v = new Int32Array(n), z = new Float64Array(n + 1);
  let k = 0;
  v[0] = 0; z[0] = -Infinity; z[1] = Infinity;
  for (let q = 1; q < n; q++) {
    if (f[q] === Infinity) continue;
    if (f[v[k]] === Infinity) { v[k] = q; continue; }
    let s = (f[q] + q * q - (f[v[k]] + v[k] * v[k])) / (2 * q - 2 * v[k]);
    while (s <= z[k]) { k--; s = (f[q] + q * q - (f[v[k]] + v[k] * v[k])) / (2 * q - 2 * v[k]); }
    k++; v[k] = q; z[k] = s; z[k + 1] = Infinity;
  }
  if (f[v[0]] === Infinity) return;
  k = 0;
  for (let q = 0; q < n; q++) {
    while (z[k + 1] < q) k++;
    d[q] = (q - v[k]) * (q - v[k]) + f[v[k]];
  }
  f.set(d);
}

/**
 * Distance, mm, from each cell centre outside the section to the section's edge (0 inside): the exact
 * Euclidean distance to the nearest section cell centre minus half a cell. Row-major like `cells`.
 */
export function outsideDistanceMm(s: CutSection): Float64Array {
  const { width: w, height: h, cells, cellMm } = s;
  const g = new Float64Array(w * h);
  for (let q = 0; q < g.length; q++) g[q] = cells[q] ? 0 : Infinity;
  const col = new Float64Array(h);
  for (let x = 0; x < w; x++) {
    for (let y = 0; y < h; y++) col[y] = g[y * w + x];
    edt1d(col, h);
    for (let y = 0; y < h; y++) g[y * w + x] = col[y];
  }
  const row = new Float64Array(w);
  for (let y = 0; y < h; y++) {
    row.set(g.subarray(y * w, y * w + w));
    edt1d(row, w);
    for (let x = 0; x < w; x++) g[y * w + x] = cells[y * w + x] ? 0 : Math.max(0, Math.sqrt(row[x]) * cellMm - cellMm / 2);
  }
  return g;
}

/** The value of a raster at in-plane (a, b), nearest cell; +∞ outside the raster. */
export function rasterAt(s: CutSection, values: ArrayLike<number>, a: number, b: number): number {
  const x = Math.round((a - s.a0Mm) / s.cellMm), y = Math.round((b - s.b0Mm) / s.cellMm);
  return x < 0 || y < 0 || x >= s.width || y >= s.height ? Infinity : values[y * s.width + x];
}
