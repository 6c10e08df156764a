/**
 * Binary min-heap of (cost, voxel index) pairs on typed arrays, for Dijkstra-style propagation.
 * Decrease-key is done by pushing again ("lazy deletion"): the caller skips stale pops.
 */
export class MinHeap {
  private keys: Float64Array;
  private vals: Int32Array;
  private n = 0;

  constructor(capacity = 1 << 16) {
    this.keys = new Float64Array(capacity);
    this.vals = new Int32Array(capacity);
  }

  /** Number of entries. */
  get length(): number {
    return this.n;
  }

  /** Key of the minimum entry (undefined behaviour when empty). */
  peekKey(): number {
    return this.keys[0];
  }

  push(key: number, val: number): void {
    if (this.n === this.keys.length) {
      const k = new Float64Array(this.n * 2);
      const v = new Int32Array(this.n * 2);
      k.set(this.keys);
      v.set(this.vals);
      this.keys = k;
      this.vals = v;
    }
    const keys = this.keys, vals = this.vals;
    let c = this.n++;
    while (c > 0) {
      const p = (c - 1) >> 1;
      if (keys[p] <= key) break;
      keys[c] = keys[p];
      vals[c] = vals[p];
      c = p;
    }
    keys[c] = key;
    vals[c] = val;
  }

  /** Removes the minimum entry and returns its value (voxel index). */
  pop(): number {
    const keys = this.keys, vals = this.vals;
    const top = vals[0];
    const n = --this.n;
    if (n === 0) return top;
    const key = keys[n], val = vals[n];
    let c = 0;
    for (;;) {
      let m = 2 * c + 1;
      if (m >= n) break;
      if (m + 1 < n && keys[m + 1] < keys[m]) m++;
      if (keys[m] >= key) break;
      keys[c] = keys[m];
      vals[c] = vals[m];
      c = m;
    }
    keys[c] = key;
    vals[c] = val;
    return top;
  }
}
