/**
 * A static 3-D k-d tree over packed xyz points (mm) for nearest-neighbour queries — the closest-point
 * step of ICP. Built once in O(n log n) by median splits (quickselect) on the axis of largest extent;
 * stored implicitly (node = index range, split point = its middle), with the points copied in tree
 * order so leaves are contiguous in memory. Queries allocate nothing; a hint (the previous neighbour of
 * the same query point) seeds the search radius, which makes successive ICP iterations cheap.
 */
import { JumeauError } from '../core/errors';

const LEAF_SIZE = 8;

/** Static k-d tree for exact nearest-neighbour queries in 3-D. */
export class KdTree3 {
  /** Number of points. */
  readonly count: number;
  /** Points in tree order, packed xyz (mm), Float64. */
  private readonly pts: Float64Array;
  /** Tree position → original point index. */
  private readonly order: Uint32Array;
  /** Original point index → tree position. */
  private readonly positionOf: Uint32Array;
  /** Split axis (0, 1, 2) of the node whose middle element sits at this tree position. */
  private readonly axis: Uint8Array;
  private qx = 0;
  private qy = 0;
  private qz = 0;
  private bestD2 = Infinity;
  private bestPos = -1;
  /** Per-axis distance from the query to the current cell (Arya–Mount incremental distance). */
  private readonly offset = new Float64Array(3);

  private constructor(pts: Float64Array, order: Uint32Array, axis: Uint8Array) {
    this.count = order.length;
    this.pts = pts;
    this.order = order;
    this.axis = axis;
    this.positionOf = new Uint32Array(order.length);
    for (let p = 0; p < order.length; p++) this.positionOf[order[p]] = p;
  }

  /**
   * Builds the tree.
   * @param xyz - packed coordinates (mm), length 3n, n ≥ 1, all finite
   * @throws JumeauError BAD_ARGUMENT (subject 'points') on an empty array, a length not divisible by 3
   *   or a non-finite coordinate
   */
  static build(xyz: Float64Array | Float32Array | readonly number[]): KdTree3 {
    const n = Math.floor(xyz.length / 3);
    if (xyz.length % 3 !== 0 || n < 1) throw new JumeauError('BAD_ARGUMENT', `need a non-empty packed xyz array (length ${xyz.length})`, { subject: 'points' });
    for (let i = 0; i < xyz.length; i++) {
      if (!Number.isFinite(xyz[i])) throw new JumeauError('BAD_ARGUMENT', `point ${Math.floor(i / 3)} has a non-finite coordinate`, { subject: `points[${Math.floor(i / 3)}]` });
    }
    const src = Float64Array.from(xyz);
    const perm = new Uint32Array(n);
    for (let i = 0; i < n; i++) perm[i] = i;
    const axis = new Uint8Array(n);
    // Explicit stack of ranges [lo, hi).
    const stack: number[] = [0, n];
    while (stack.length) {
      const hi = stack.pop() as number;
      const lo = stack.pop() as number;
      if (hi - lo <= LEAF_SIZE) continue;
      let minX = Infinity, minY = Infinity, minZ = Infinity, maxX = -Infinity, maxY = -Infinity, maxZ = -Infinity;
      for (let i = lo; i < hi; i++) {
        const o = perm[i] * 3;
        const x = src[o], y = src[o + 1], z = src[o + 2];
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
        if (z < minZ) minZ = z;
        if (z > maxZ) maxZ = z;
      }
      const ex = maxX - minX, ey = maxY - minY, ez = maxZ - minZ;
      const d = ex >= ey && ex >= ez ? 0 : ey >= ez ? 1 : 2;
      const mid = (lo + hi) >>> 1;
      selectNth(perm, src, d, lo, hi - 1, mid);
      axis[mid] = d;
      stack.push(lo, mid, mid + 1, hi);
    }
    const pts = new Float64Array(n * 3);
    for (let p = 0; p < n; p++) {
      const o = perm[p] * 3;
      pts[p * 3] = src[o];
      pts[p * 3 + 1] = src[o + 1];
      pts[p * 3 + 2] = src[o + 2];
    }
    return new KdTree3(pts, perm, axis);
  }

  /**
   * Index (in the array given to `build`) of the point nearest to (x, y, z); ties go to whichever is
   * found first. The squared distance (mm²) is then in {@link lastDistanceSq}.
   * @param hintIndex - optional index of a point believed to be close (e.g. last iteration's answer);
   *   it only speeds the search up, the answer is exact either way
   */
  nearest(x: number, y: number, z: number, hintIndex = -1): number {
    const hint = hintIndex >= 0 && hintIndex < this.count ? this.positionOf[hintIndex] : -1;
    return this.order[this.nearestPosition(x, y, z, hint)];
  }

  /**
   * Like {@link nearest} but in tree order: returns the *position* p of the nearest point, whose
   * coordinates are `pointsTreeOrder[3p…3p+2]` and original index `treeOrder[p]`. Cache-friendlier for
   * callers that keep per-point data in tree order (ICP).
   * @param hintPosition - optional tree position of a point believed to be close, or −1
   */
  nearestPosition(x: number, y: number, z: number, hintPosition = -1): number {
    this.qx = x;
    this.qy = y;
    this.qz = z;
    this.bestD2 = Infinity;
    this.bestPos = -1;
    if (hintPosition >= 0 && hintPosition < this.count) this.consider(hintPosition);
    this.offset[0] = 0;
    this.offset[1] = 0;
    this.offset[2] = 0;
    this.search(0, this.count, 0);
    return this.bestPos;
  }

  /** The points in tree order, packed xyz (mm); do not modify. */
  get pointsTreeOrder(): Float64Array {
    return this.pts;
  }

  /** Tree position → index in the array given to `build`; do not modify. */
  get treeOrder(): Uint32Array {
    return this.order;
  }

  /** Squared distance (mm²) found by the last {@link nearest} call. */
  get lastDistanceSq(): number {
    return this.bestD2;
  }

  private consider(p: number): void {
    const o = p * 3;
    const dx = this.pts[o] - this.qx;
    const dy = this.pts[o + 1] - this.qy;
    const dz = this.pts[o + 2] - this.qz;
    const d2 = dx * dx + dy * dy + dz * dz;
    if (d2 < this.bestD2) {
      this.bestD2 = d2;
      this.bestPos = p;
    }
  }

  /** Depth-first search of the range [lo, hi) whose cell lies at squared distance ≥ cellD2 from the query. */
  private search(lo: number, hi: number, cellD2: number): void {
    if (hi - lo <= LEAF_SIZE) {
      const pts = this.pts;
      const qx = this.qx, qy = this.qy, qz = this.qz;
      let best = this.bestD2;
      let bestPos = this.bestPos;
      for (let p = lo, o = lo * 3; p < hi; p++, o += 3) {
        const dx = pts[o] - qx;
        const dy = pts[o + 1] - qy;
        const dz = pts[o + 2] - qz;
        const d2 = dx * dx + dy * dy + dz * dz;
        if (d2 < best) {
          best = d2;
          bestPos = p;
        }
      }
      this.bestD2 = best;
      this.bestPos = bestPos;
      return;
    }
    const mid = (lo + hi) >>> 1;
    const d = this.axis[mid];
    const diff = (d === 0 ? this.qx : d === 1 ? this.qy : this.qz) - this.pts[mid * 3 + d];
    const near = diff < 0;
    if (near) this.search(lo, mid, cellD2);
    else this.search(mid + 1, hi, cellD2);
    // Far side: its squared distance bound replaces this axis's offset by the distance to the plane.
    const old = this.offset[d];
    const farD2 = cellD2 - old * old + diff * diff;
    if (farD2 < this.bestD2) {
      this.consider(mid);
      this.offset[d] = diff;
      if (near) this.search(mid + 1, hi, farD2);
      else this.search(lo, mid, farD2);
      this.offset[d] = old;
    }
  }
}

/**
 * Rearranges perm[lo..hi] (inclusive) so that the element at `k` has its axis-`d` coordinate in sorted
 * position, smaller-or-equal ones before it and greater-or-equal after (Hoare quickselect, median-of-3).
 */
function selectNth(perm: Uint32Array, xyz: Float64Array, d: number, lo: number, hi: number, k: number): void {
  while (hi > lo) {
    const m = (lo + hi) >>> 1;
    // Median of three as the pivot value.
    const a = xyz[perm[lo] * 3 + d], b = xyz[perm[m] * 3 + d], c = xyz[perm[hi] * 3 + d];
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (xyz[perm[i] * 3 + d] < pivot) i++;
      while (xyz[perm[j] * 3 + d] > pivot) j--;
      if (i <= j) {
        const t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}
