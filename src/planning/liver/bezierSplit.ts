/**
 * Bézier-surface resection of a liver mask (brief §6.2, Slicer-Liver volumetry): the patch is
 * tessellated, rasterised into 6-tight barrier voxels ({@link rasteriseBarrier}), and the rest of the
 * organ is partitioned by 6-connected floods.
 *
 * 1. Connected components (6-neighbour) of the organ minus the barrier. Each component counts the
 *    sides of the barrier voxels it touches (on-surface voxels, code 3, do not count). When the
 *    surface cuts through the organ, every component touches barrier voxels of one side only (a
 *    non-barrier voxel next to a barrier voxel is on the same side of the surface, otherwise the
 *    segment between them would be cut and both would be barrier), and takes that side (majority, to
 *    absorb voxels a hair off the surface). A component touching no barrier takes the side of its
 *    first voxel relative to the patch's reference plane.
 * 2. A component touching both sides about equally (minority > {@link MIXED_RATIO} of the majority)
 *    means the patch ends inside the organ (incomplete cut). It is
 *    split by a two-seed competition: Dijkstra from one seed on each side (6-neighbour, true mm
 *    steps, barrier impassable), each voxel to the nearer seed — Slicer-Liver's fast-marching
 *    partition. Seeds are given (`seedsLps`) or auto-chosen as the component's voxels farthest on each
 *    side of the reference plane; `cutComplete` is false.
 * 3. Barrier voxels take their own side (the normal sign of the crossings that made them; on the
 *    surface → positive, like a plane's n·x + d = 0). A flat patch thus reproduces the plane split.
 * Given seeds override the vote of their components (the user's choice wins).
 */
import { JumeauError } from '../../core/errors';
import type { PointLps, Vec3 } from '../../core/vec3';
import { dot } from '../../core/vec3';
import { MinHeap } from '../../segmentation/minHeap';
import { checkVec3 } from '../validate';
import type { BezierSurface } from './bezier';
import { bezierReferencePlane, checkBezierSurface, gridTriangleIndices, sampleBezierGrid } from './bezier';
import { rasteriseBarrier } from './barrier';
import { checkOrgan, toIndex, toLps, voxelAffine, type GridMask, type VoxelAffine } from './grid';
import { checkCutSide } from './planeSplit';
import type { CutSide, LiverSplit } from './volumetry';
import { LIVER_PART, summariseSplit } from './volumetry';

/**
 * MIXED_RATIO: a component is "mixed" (the patch ends inside it) when its minority barrier side has more than this
 * fraction of the majority's contacts: a patch edge inside a component shows it both faces (≈ 1:1),
 * a complete cut only one (a few contacts of the other side come from voxels a hair off the surface).
 */
const MIXED_RATIO = 0.2;

/** Result of {@link splitLiverByBezier}. */
export interface BezierSplit extends LiverSplit {
  method: 'bezier';
  /** Per voxel: 0 = not barrier, 1 = barrier on the positive side, 2 = negative, 3 = on the surface (positive). */
  barrier: Uint8Array;
  /** Number of barrier voxels inside the organ. */
  barrierVoxels: number;
  /** False when the patch ends inside the organ and a seed competition decided part of the split. */
  cutComplete: boolean;
  /** Seeds used by the competition (null when the cut was complete and no seeds were given). */
  seedsLps: { positive: PointLps; negative: PointLps } | null;
  /** Tessellation used for the barrier (cells along u and v). */
  segments: number;
}

/** Options of {@link splitLiverByBezier}. */
export interface BezierSplitOptions {
  /** Which side is removed (default 'positive' = the side ∂S/∂u × ∂S/∂v points to). */
  resectedSide?: CutSide;
  /** One organ point on each side (LPS mm); default: automatic (see module doc). */
  seedsLps?: { positive: PointLps; negative: PointLps };
  /** Tessellation cells along u and v for the barrier (default from the patch size and voxel spacing). */
  segments?: number;
}

/** Cells per parameter direction: control-polygon length / (2 × smallest spacing), clamped to 8…128. */
function defaultSegments(surface: BezierSurface, minSpacingMm: number): number {
  const cps = surface.controlPointsLps;
  let longest = 0;
  for (let line = 0; line < 4; line++) {
    let lu = 0, lv = 0;
    for (let s = 0; s < 3; s++) {
      const a = cps[4 * s + line], b = cps[4 * (s + 1) + line];
      lu += Math.hypot(b[0] - a[0], b[1] - a[1], b[2] - a[2]);
      const c = cps[4 * line + s], d = cps[4 * line + s + 1];
      lv += Math.hypot(d[0] - c[0], d[1] - c[1], d[2] - c[2]);
    }
    longest = Math.max(longest, lu, lv);
  }
  return Math.min(128, Math.max(8, Math.ceil(longest / (2 * minSpacingMm))));
}

function seedVoxel(organ: GridMask, aff: VoxelAffine, p: PointLps, subject: string): number {
  checkVec3(p, subject);
  const ijk = toIndex(aff, p).map(Math.round);
  const [ni, nj, nk] = organ.size;
  if (ijk[0] < 0 || ijk[1] < 0 || ijk[2] < 0 || ijk[0] >= ni || ijk[1] >= nj || ijk[2] >= nk) {
    throw new JumeauError('OUTSIDE_ORGAN', 'lies outside the image grid', { subject });
  }
  const q = ijk[0] + ni * (ijk[1] + nj * ijk[2]);
  if (organ.data[q] === 0) throw new JumeauError('OUTSIDE_ORGAN', 'is not inside the organ mask', { subject });
  return q;
}

/**
 * Splits `organ` by a bicubic Bézier patch.
 * @param organ - liver mask (non-zero = organ)
 * @param surface - the resection patch, LPS mm
 * @throws EMPTY_SEGMENT (empty organ); SURFACE_MISSES_ORGAN (no barrier voxel in the organ, or one
 *   side empty); OUTSIDE_ORGAN (a given seed outside the organ); BAD_ARGUMENT (seed on the surface, …)
 */
export function splitLiverByBezier(organ: GridMask, surface: BezierSurface, options: BezierSplitOptions = {}): BezierSplit {
  const ext = checkOrgan(organ);
  checkBezierSurface(surface);
  const resectedSide = checkCutSide(options.resectedSide);
  const segments = options.segments ?? defaultSegments(surface, Math.min(...organ.spacing));
  if (!Number.isInteger(segments) || segments < 1 || segments > 1024) throw new JumeauError('BAD_ARGUMENT', `must be an integer in 1…1024, got ${segments}`, { subject: 'segments' });
  const aff = voxelAffine(organ);
  const barrier = rasteriseBarrier(organ, sampleBezierGrid(surface, segments, segments), gridTriangleIndices(segments, segments));
  if (barrier.voxels.length === 0) throw new JumeauError('SURFACE_MISSES_ORGAN', 'does not pass through the organ', { subject: 'surface' });
  const side = barrier.side;
  const data = organ.data;
  const n = data.length;
  const [ni, nj, nk] = organ.size;
  const nij = ni * nj;
  const ref = bezierReferencePlane(surface);
  const refNormal: Vec3 = ref.normalLps ?? [0, 0, 1];
  const refSigned = (q: number): number => {
    const k = Math.floor(q / nij), r = q - k * nij, j = Math.floor(r / ni);
    const p = toLps(aff, r - j * ni, j, k);
    return dot(refNormal, [p[0] - ref.pointLps[0], p[1] - ref.pointLps[1], p[2] - ref.pointLps[2]]);
  };

  // 1. Components of organ − barrier, with the barrier sides they touch.
  const comp = new Int32Array(n);
  const queue = new Int32Array(ext.count);
  const first: number[] = [0], posVotes: number[] = [0], negVotes: number[] = [0];
  // Organ away from the grid faces → no bounds checks needed (neighbours outside the box are not organ).
  const interior = ext.min.every((v) => v > 0) && ext.max.every((v, a) => v < organ.size[a] - 1);
  const offsets = [-1, 1, -ni, ni, -nij, nij];
  const firstQ = ext.min[0] + ni * (ext.min[1] + nj * ext.min[2]), lastQ = ext.max[0] + ni * (ext.max[1] + nj * ext.max[2]);
  for (let start = firstQ; start <= lastQ; start++) {
    if (data[start] === 0 || side[start] !== 0 || comp[start] !== 0) continue;
    const c = first.length;
    first.push(start);
    let pos = 0, neg = 0, head = 0, tail = 0;
    comp[start] = c;
    queue[tail++] = start;
    while (head < tail) {
      const q = queue[head++];
      let valid = 0x3f; // bit e: neighbour e (−i, +i, −j, +j, −k, +k) is in the grid
      if (!interior) {
        const k = Math.floor(q / nij), r = q - k * nij, j = Math.floor(r / ni), i = r - j * ni;
        valid = (i > 0 ? 1 : 0) | (i < ni - 1 ? 2 : 0) | (j > 0 ? 4 : 0) | (j < nj - 1 ? 8 : 0) | (k > 0 ? 16 : 0) | (k < nk - 1 ? 32 : 0);
      }
      for (let e = 0; e < 6; e++) {
        if ((valid & (1 << e)) === 0) continue;
        const m = q + offsets[e];
        if (data[m] === 0) continue;
        const s = side[m];
        if (s === 1) pos++;
        else if (s === 2) neg++;
        else if (s === 0 && comp[m] === 0) {
          comp[m] = c;
          queue[tail++] = m;
        }
      }
    }
    posVotes.push(pos);
    negVotes.push(neg);
  }

  // 2. Side per component (1 = positive, 2 = negative, 0 = mixed → competition).
  const nComp = first.length;
  const compSide = new Uint8Array(nComp);
  for (let c = 1; c < nComp; c++) {
    if (Math.min(posVotes[c], negVotes[c]) > MIXED_RATIO * Math.max(posVotes[c], negVotes[c])) compSide[c] = 0;
    else if (posVotes[c] > negVotes[c]) compSide[c] = 1;
    else if (negVotes[c] > posVotes[c]) compSide[c] = 2;
    else compSide[c] = refSigned(first[c]) >= 0 ? 1 : 2;
  }
  let seeds: { pos: number; neg: number } | null = null;
  if (options.seedsLps) {
    const sp = seedVoxel(organ, aff, options.seedsLps.positive, 'seedsLps.positive');
    const sn = seedVoxel(organ, aff, options.seedsLps.negative, 'seedsLps.negative');
    if (side[sp] !== 0) throw new JumeauError('BAD_ARGUMENT', 'lies on the resection surface; move it off the surface', { subject: 'seedsLps.positive' });
    if (side[sn] !== 0) throw new JumeauError('BAD_ARGUMENT', 'lies on the resection surface; move it off the surface', { subject: 'seedsLps.negative' });
    seeds = { pos: sp, neg: sn };
    if (comp[sp] === comp[sn]) compSide[comp[sp]] = 0;
    else {
      compSide[comp[sp]] = 1;
      compSide[comp[sn]] = 2;
    }
  }

  // 3. Competition inside mixed components.
  const voxSide = new Uint8Array(n); // per-voxel side decided by competition
  let cutComplete = true;
  let seedsUsed: { pos: number; neg: number } | null = seeds;
  for (let c = 1; c < nComp; c++) {
    if (compSide[c] !== 0) continue;
    cutComplete = false;
    let s = seeds && comp[seeds.pos] === c ? seeds : null;
    if (!s) {
      let best = -Infinity, worst = Infinity, bp = -1, bn = -1;
      for (let q = first[c]; q <= lastQ; q++) {
        if (comp[q] !== c) continue;
        const d = refSigned(q);
        if (d > best) { best = d; bp = q; }
        if (d < worst) { worst = d; bn = q; }
      }
      s = { pos: bp, neg: bn };
      if (!seedsUsed) seedsUsed = s;
    }
    compete(organ, comp, c, side, s, voxSide);
  }

  // 4. Partition.
  const pos = resectedSide === 'positive' ? LIVER_PART.resected : LIVER_PART.remnant;
  const neg = resectedSide === 'positive' ? LIVER_PART.remnant : LIVER_PART.resected;
  const partition = new Uint8Array(n);
  let positive = 0;
  for (let q = firstQ; q <= lastQ; q++) {
    if (data[q] === 0) continue;
    const sd = side[q] !== 0 ? side[q] : compSide[comp[q]] !== 0 ? compSide[comp[q]] : voxSide[q];
    if (sd === 2) partition[q] = neg;
    else {
      partition[q] = pos;
      positive++;
    }
  }
  const negative = ext.count - positive;
  const counts = resectedSide === 'positive' ? { resected: positive, remnant: negative } : { resected: negative, remnant: positive };
  const split = summariseSplit('bezier', partition, organ, resectedSide, counts);
  const lps = (q: number): PointLps => {
    const k = Math.floor(q / nij), r = q - k * nij, j = Math.floor(r / ni);
    return toLps(aff, r - j * ni, j, k);
  };
  return {
    ...split,
    method: 'bezier',
    barrier: side,
    barrierVoxels: barrier.voxels.length,
    cutComplete,
    seedsLps: seedsUsed ? { positive: lps(seedsUsed.pos), negative: lps(seedsUsed.neg) } : null,
    segments,
  };
}

/**
 * Two-seed competition inside component `c`: Dijkstra (6-neighbour, step = spacing along the axis,
 * barrier impassable) from both seeds; each voxel gets the side (1 / 2) of the nearer seed.
 */
function compete(organ: GridMask, comp: Int32Array, c: number, barrierSide: Uint8Array, seeds: { pos: number; neg: number }, out: Uint8Array): void {
  const [ni, nj, nk] = organ.size;
  const nij = ni * nj;
  const [hi, hj, hk] = organ.spacing;
  const dist = new Float64Array(comp.length).fill(Infinity);
  const label = new Uint8Array(comp.length);
  const heap = new MinHeap(1 << 14);
  dist[seeds.pos] = 0;
  label[seeds.pos] = 1;
  heap.push(0, seeds.pos);
  if (seeds.neg !== seeds.pos) {
    dist[seeds.neg] = 0;
    label[seeds.neg] = 2;
    heap.push(0, seeds.neg);
  }
  while (heap.length > 0) {
    const d = heap.peekKey();
    const q = heap.pop();
    if (out[q] !== 0 || d > dist[q]) continue; // settled or stale
    const l = label[q];
    out[q] = l;
    const k = Math.floor(q / nij), r = q - k * nij, j = Math.floor(r / ni), i = r - j * ni;
    for (let e = 0; e < 6; e++) {
      let m: number, step: number;
      if (e === 0) { if (i === 0) continue; m = q - 1; step = hi; }
      else if (e === 1) { if (i === ni - 1) continue; m = q + 1; step = hi; }
      else if (e === 2) { if (j === 0) continue; m = q - ni; step = hj; }
      else if (e === 3) { if (j === nj - 1) continue; m = q + ni; step = hj; }
      else if (e === 4) { if (k === 0) continue; m = q - nij; step = hk; }
      else { if (k === nk - 1) continue; m = q + nij; step = hk; }
      if (comp[m] !== c || barrierSide[m] !== 0 || out[m] !== 0) continue;
      const nd = d + step;
      if (nd < dist[m]) {
        dist[m] = nd;
        label[m] = l;
        heap.push(nd, m);
      }
    }
  }
}
