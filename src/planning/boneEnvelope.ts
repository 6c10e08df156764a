/**
 * Solid envelope of a bone segment whose interior was only partly segmented — a thin cortex around
 * fatty cancellous bone (cadaver, osteoporosis) leaves a threshold mask hollow, and a bone volume
 * measured on it (e.g. the bone a tibial cut removes) far too small.
 *
 * Each k-slice is replaced by the convex hull of its voxels (voxel centres inside or on the hull),
 * then each (i, j) column is clipped to the span between its lowest and highest original voxel, so
 * the hull cannot bridge over the bone's top or bottom surface (the concave medial plateau, the gap
 * between the tibial spines, the plafond). What it still over-fills: concavities of the outline
 * within a slice (the posterior intercondylar notch of the proximal tibia, a few % of the section).
 * Meant for one bone per mask on an axial grid (k = slice axis).
 */
import type { Mask } from '../segmentation/labelmap';
import { createMask } from '../segmentation/labelmap';

/** Convex hull (Andrew's monotone chain) of integer points, counter-clockwise, no collinear points. */
function convexHull(xs: number[], ys: number[]): { x: number; y: number }[] {
  const idx = xs.map((_, n) => n).sort((a, b) => xs[a] - xs[b] || ys[a] - ys[b]);
  const pts = idx.map((n) => ({ x: xs[n], y: ys[n] }));
  if (pts.length < 3) return pts;
  const cross = (o: { x: number; y: number }, a: { x: number; y: number }, b: { x: number; y: number }) =>
    (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
  const lower: { x: number; y: number }[] = [];
  for (const p of pts) {
    while (lower.length >= 2 && cross(lower[lower.length - 2], lower[lower.length - 1], p) <= 0) lower.pop();
    lower.push(p);
  }
  const upper: { x: number; y: number }[] = [];
  for (let n = pts.length - 1; n >= 0; n--) {
    const p = pts[n];
    while (upper.length >= 2 && cross(upper[upper.length - 2], upper[upper.length - 1], p) <= 0) upper.pop();
    upper.push(p);
  }
  return lower.slice(0, -1).concat(upper.slice(0, -1));
}

/**
 * The slice-wise convex envelope of a bone mask, clipped to each column's original extent (see the
 * module doc). Returns a new mask on the same grid; the input's voxels are always kept.
 */
export function sliceHullEnvelope(mask: Mask): Mask {
  const [ni, nj, nk] = mask.size;
  const src = mask.data;
  const out = createMask(mask);
  const dst = out.data;
  // Column extents of the original mask.
  const colLo = new Int32Array(ni * nj).fill(nk);
  const colHi = new Int32Array(ni * nj).fill(-1);
  for (let k = 0, q = 0; k < nk; k++) {
    for (let c = 0; c < ni * nj; c++, q++) {
      if (src[q] === 0) continue;
      if (k < colLo[c]) colLo[c] = k;
      colHi[c] = k;
    }
  }
  for (let k = 0; k < nk; k++) {
    const base = ni * nj * k;
    const xs: number[] = [];
    const ys: number[] = [];
    // Only the first and last voxel of each row can be hull vertices.
    for (let j = 0; j < nj; j++) {
      let first = -1, last = -1;
      for (let i = 0; i < ni; i++) {
        if (src[base + i + ni * j] === 0) continue;
        if (first < 0) first = i;
        last = i;
      }
      if (first < 0) continue;
      xs.push(first, last);
      ys.push(j, j);
    }
    if (!xs.length) continue;
    const hull = convexHull(xs, ys);
    const jMin = Math.min(...ys), jMax = Math.max(...ys);
    for (let j = jMin; j <= jMax; j++) {
      // Span of the hull on row j: intersect the row with every hull edge.
      let lo = Infinity, hi = -Infinity;
      if (hull.length < 3) {
        for (const p of hull) if (p.y === j) { lo = Math.min(lo, p.x); hi = Math.max(hi, p.x); }
      } else {
        for (let e = 0; e < hull.length; e++) {
          const a = hull[e], b = hull[(e + 1) % hull.length];
          if ((a.y - j) * (b.y - j) > 0) continue;
          if (a.y === b.y) { lo = Math.min(lo, a.x, b.x); hi = Math.max(hi, a.x, b.x); continue; }
          const x = a.x + ((j - a.y) * (b.x - a.x)) / (b.y - a.y);
          lo = Math.min(lo, x);
          hi = Math.max(hi, x);
        }
      }
      if (!(hi >= lo)) continue;
      for (let i = Math.ceil(lo - 1e-9); i <= Math.floor(hi + 1e-9); i++) {
        const c = i + ni * j;
        if (k >= colLo[c] && k <= colHi[c]) dst[base + c] = 1;
      }
    }
    for (let c = 0; c < ni * nj; c++) if (src[base + c] !== 0) dst[base + c] = 1;
  }
  return out;
}
