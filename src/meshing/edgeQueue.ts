/**
 * An approximate priority queue of candidate edge collapses: costs are binned by their Float64
 * exponent and two mantissa bits (quarter-octave buckets, i.e. order kept to within a factor
 * 2^¼ ≈ 1.19), each bucket a LIFO list in pooled typed arrays. Push and pop are O(1); entries
 * pushed together (the edges around a fresh collapse) come out together, which keeps the
 * decimation's memory accesses local — a binary heap's cost order scatters them over the mesh
 * (measured: the heap version spent 40 % of its time in cache misses on a 700 k-triangle mesh).
 * Entries are never updated: a changed edge is pushed again and stale copies are recognised on
 * pop by the stamp sum of their vertices (stamps only grow, so the sum is unchanged iff both are).
 */
const BUCKETS = 1 << 13; // 11 exponent bits + 2 mantissa bits of a non-negative Float64

export class EdgeQueue {
  private readonly head = new Int32Array(BUCKETS).fill(-1);
  /** Pool: a, b, stamp sum, next — 4 Int32 per entry. */
  private pool = new Int32Array(4 * 4096);
  private cost = new Float64Array(4096);
  private freeHead = -1;
  private used = 0;
  private minBucket = BUCKETS;
  private readonly f64 = new Float64Array(1);
  private readonly u32 = new Uint32Array(this.f64.buffer);
  private readonly hiWord = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
  /** Number of entries. */
  size = 0;
  /** Fields of the last popped entry. */
  a = 0;
  b = 0;
  stampSum = 0;
  lastCost = 0;

  /** Drops every entry. */
  clear(): void {
    this.head.fill(-1);
    this.freeHead = -1;
    this.used = 0;
    this.minBucket = BUCKETS;
    this.size = 0;
  }

  /** Adds edge (a, b) with its cost (≥ 0) and the sum of its vertices' stamps. */
  push(cost: number, a: number, b: number, stampSum: number): void {
    let id = this.freeHead;
    if (id >= 0) {
      this.freeHead = this.pool[4 * id + 3];
    } else {
      if (4 * this.used === this.pool.length) {
        const p = new Int32Array(2 * this.pool.length); p.set(this.pool); this.pool = p;
        const c = new Float64Array(2 * this.cost.length); c.set(this.cost); this.cost = c;
      }
      id = this.used++;
    }
    this.f64[0] = cost;
    const bucket = this.u32[this.hiWord] >>> 18; // exponent and two mantissa bits (sign is 0)
    const pool = this.pool;
    pool[4 * id] = a;
    pool[4 * id + 1] = b;
    pool[4 * id + 2] = stampSum;
    pool[4 * id + 3] = this.head[bucket];
    this.cost[id] = cost;
    this.head[bucket] = id;
    if (bucket < this.minBucket) this.minBucket = bucket;
    this.size++;
  }

  /** Removes an entry of the lowest non-empty bucket into `a`, `b`, `stampSum`, `lastCost`; false when empty. */
  pop(): boolean {
    if (this.size === 0) return false;
    let bucket = this.minBucket;
    while (this.head[bucket] < 0) bucket++;
    this.minBucket = bucket;
    const id = this.head[bucket];
    const pool = this.pool;
    this.a = pool[4 * id];
    this.b = pool[4 * id + 1];
    this.stampSum = pool[4 * id + 2];
    this.lastCost = this.cost[id];
    this.head[bucket] = pool[4 * id + 3];
    pool[4 * id + 3] = this.freeHead;
    this.freeHead = id;
    this.size--;
    return true;
  }
}
