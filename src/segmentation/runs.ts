/**
 * Run-length representation of a binary mask and run-based connected-component labelling.
 *
 * A run is a maximal interval [i0, i1) of foreground voxels in one row (fixed j, k). Labelling
 * unions runs of neighbouring rows whose i-intervals touch (union-find over runs, path halving),
 * so the work is one pass over the voxels to find runs plus work proportional to the number of
 * runs — typically 10–100× fewer than voxels for anatomy — instead of per-voxel union-find.
 * Connectivity decides which neighbour rows are looked at and whether diagonal i-offsets count.
 */

/** Foreground runs of a grid, row by row (row r = j + nj·k). */
export interface RunSet {
  /** Grid size (ni, nj, nk). */
  size: [number, number, number];
  /** Runs of row r are indices rowStart[r] … rowStart[r+1]−1; length nj·nk + 1. */
  rowStart: Int32Array;
  /** First i of each run (inclusive). */
  i0: Int32Array;
  /** End i of each run (exclusive). */
  i1: Int32Array;
  /** Number of runs. */
  count: number;
}

/** 3-D connectivity: 6 (faces), 18 (faces + edges), 26 (faces + edges + corners). */
export type Connectivity = 6 | 18 | 26;
/** Neighbourhood used by the labeller: a 3-D connectivity or an in-slice (k fixed) 4/8 one. */
export type Neighbourhood = Connectivity | 'slice4' | 'slice8';

class RunBuilder {
  i0 = new Int32Array(1 << 14);
  i1 = new Int32Array(1 << 14);
  count = 0;
  push(a: number, b: number): void {
    if (this.count === this.i0.length) {
      const g0 = new Int32Array(this.count * 2);
      const g1 = new Int32Array(this.count * 2);
      g0.set(this.i0);
      g1.set(this.i1);
      this.i0 = g0;
      this.i1 = g1;
    }
    this.i0[this.count] = a;
    this.i1[this.count++] = b;
  }
}

/** Runs of the non-zero voxels of `data` (i fastest). */
export function runsOfMask(data: ArrayLike<number>, size: [number, number, number]): RunSet {
  const [ni, nj, nk] = size;
  const rows = nj * nk;
  const rowStart = new Int32Array(rows + 1);
  const b = new RunBuilder();
  for (let r = 0, base = 0; r < rows; r++, base += ni) {
    rowStart[r] = b.count;
    let i = 0;
    while (i < ni) {
      while (i < ni && data[base + i] === 0) i++;
      if (i === ni) break;
      const start = i;
      while (i < ni && data[base + i] !== 0) i++;
      b.push(start, i);
    }
  }
  rowStart[rows] = b.count;
  return { size: [ni, nj, nk], rowStart, i0: b.i0, i1: b.i1, count: b.count };
}

/** Runs of the voxels with loHu ≤ value ≤ hiHu (fused threshold: no mask is materialised). */
export function runsOfWindow(data: ArrayLike<number>, size: [number, number, number], loHu: number, hiHu: number, integer: boolean): RunSet {
  const [ni, nj, nk] = size;
  const rows = nj * nk;
  const rowStart = new Int32Array(rows + 1);
  const b = new RunBuilder();
  const lo = integer ? Math.ceil(loHu) : loHu;
  const width = integer ? Math.floor(hiHu) - lo : hiHu - loHu;
  for (let r = 0, base = 0; r < rows; r++, base += ni) {
    rowStart[r] = b.count;
    if (width < 0) continue;
    let i = 0;
    if (integer) {
      while (i < ni) {
        while (i < ni && ((data[base + i] - lo) >>> 0) > width) i++;
        if (i === ni) break;
        const start = i;
        while (i < ni && ((data[base + i] - lo) >>> 0) <= width) i++;
        b.push(start, i);
      }
    } else {
      while (i < ni) {
        while (i < ni && !(data[base + i] >= loHu && data[base + i] <= hiHu)) i++;
        if (i === ni) break;
        const start = i;
        while (i < ni && data[base + i] >= loHu && data[base + i] <= hiHu) i++;
        b.push(start, i);
      }
    }
  }
  rowStart[rows] = b.count;
  return { size: [ni, nj, nk], rowStart, i0: b.i0, i1: b.i1, count: b.count };
}

/** Earlier neighbour rows (dj, dk) and the i-tolerance (0: runs must overlap, 1: may touch diagonally). */
function neighbourRows(n: Neighbourhood): [number, number, number][] {
  switch (n) {
    case 6: return [[-1, 0, 0], [0, -1, 0]];
    case 18: return [[-1, 0, 1], [0, -1, 1], [-1, -1, 0], [1, -1, 0]];
    case 26: return [[-1, 0, 1], [0, -1, 1], [-1, -1, 1], [1, -1, 1]];
    case 'slice4': return [[-1, 0, 0]];
    case 'slice8': return [[-1, 0, 1]];
  }
}

function find(parent: Int32Array, x: number): number {
  while (parent[x] !== x) {
    parent[x] = parent[parent[x]];
    x = parent[x];
  }
  return x;
}

/** Result of {@link labelRuns}: component label per run, ranked by size (1 = largest). */
export interface RunComponents {
  /** Number of components. */
  count: number;
  /** Label (1…count) of each run. */
  runLabel: Int32Array;
  /** Voxel count of each label; index 0 unused (0). */
  voxelCounts: Float64Array;
}

/**
 * Connected components of a run set. Labels are ranked by voxel count, largest first (ties: the
 * component met first in memory order wins), like vtkImageConnectivityFilter's SizeRank.
 */
export function labelRuns(runs: RunSet, neighbourhood: Neighbourhood): RunComponents {
  const { rowStart, i0, i1, count } = runs;
  const [, nj, nk] = runs.size;
  const parent = new Int32Array(count);
  for (let r = 0; r < count; r++) parent[r] = r;
  const offsets = neighbourRows(neighbourhood);
  for (let k = 0; k < nk; k++) {
    for (let j = 0; j < nj; j++) {
      const row = j + nj * k;
      const a0 = rowStart[row];
      const a1 = rowStart[row + 1];
      if (a0 === a1) continue;
      for (const [dj, dk, tol] of offsets) {
        const jj = j + dj;
        const kk = k + dk;
        if (jj < 0 || jj >= nj || kk < 0) continue;
        const nrow = jj + nj * kk;
        let q = rowStart[nrow];
        const qEnd = rowStart[nrow + 1];
        let p = a0;
        while (p < a1 && q < qEnd) {
          if (i1[p] + tol <= i0[q]) p++;
          else if (i1[q] + tol <= i0[p]) q++;
          else {
            const ra = find(parent, p);
            const rb = find(parent, q);
            if (ra !== rb) {
              if (ra < rb) parent[rb] = ra;
              else parent[ra] = rb;
            }
            if (i1[p] <= i1[q]) p++;
            else q++;
          }
        }
      }
    }
  }
  // Compact roots to provisional ids in first-met order, sum sizes, then rank by size.
  const provisional = new Int32Array(count);
  const idOfRoot = new Int32Array(count).fill(-1);
  const sizes: number[] = [];
  for (let r = 0; r < count; r++) {
    const root = find(parent, r);
    let id = idOfRoot[root];
    if (id < 0) {
      id = idOfRoot[root] = sizes.length;
      sizes.push(0);
    }
    provisional[r] = id;
    sizes[id] += i1[r] - i0[r];
  }
  const order = sizes.map((_, id) => id).sort((a, b) => sizes[b] - sizes[a] || a - b);
  const rank = new Int32Array(sizes.length);
  const voxelCounts = new Float64Array(sizes.length + 1);
  order.forEach((id, r) => {
    rank[id] = r + 1;
    voxelCounts[r + 1] = sizes[id];
  });
  const runLabel = new Int32Array(count);
  for (let r = 0; r < count; r++) runLabel[r] = rank[provisional[r]];
  return { count: sizes.length, runLabel, voxelCounts };
}

/**
 * Writes `value` into `out` over every run whose label is selected (`keep[label] !== 0`), leaving
 * other voxels untouched.
 */
export function paintRuns(runs: RunSet, runLabel: Int32Array, keep: Uint8Array, out: Uint8Array | Uint16Array | Uint32Array, value: number | null = 1): void {
  const { rowStart, i0, i1 } = runs;
  const ni = runs.size[0];
  const rows = rowStart.length - 1;
  for (let row = 0; row < rows; row++) {
    const base = row * ni;
    for (let r = rowStart[row], e = rowStart[row + 1]; r < e; r++) {
      const label = runLabel[r];
      if (keep[label] === 0) continue;
      const v = value ?? label;
      const a = base + i0[r];
      const b = base + i1[r];
      if (b - a > 24) out.fill(v, a, b);
      else for (let q = a; q < b; q++) out[q] = v;
    }
  }
}
