/**
 * Surface extraction entry points: a labelmap segment (binary, iso 0.5: vertices at voxel-edge
 * midpoints) or a scalar volume at an iso-value (vertices linearly interpolated), both in LPS mm.
 * Inside is `value === label` or `value ≥ isoValue`; the volume (or the given box) is padded by one
 * voxel of outside, so an object cut by the border is closed there (half a voxel beyond the last
 * voxel centre, on the volume's physical boundary).
 */
import { JumeauError } from '../core/errors';
import type { VoxelArray } from '../volume/volume';
import { marchBox } from './marchingCubes';
import type { BoxAffine, SweepSource } from './marchingCubes';
import type { BoxIjk, TriangleMesh, VoxelGrid } from './types';
import { labelStatistics } from '../volume/labelStats';

/** Options shared by both extractors. */
export interface ExtractOptions {
  /** Restrict the sweep to this inclusive voxel box (e.g. the segment's bounding box); outside counts as background. */
  boxIjk?: BoxIjk;
  /** Cancels the sweep (checked every 16 slices). */
  signal?: AbortSignal;
  /** Name used in error messages, e.g. "femur left". */
  segmentName?: string;
}

/** Validates a box against the grid, or returns the whole grid. */
function resolveBox(grid: VoxelGrid, box: BoxIjk | undefined): BoxIjk {
  const [nx, ny, nz] = grid.size;
  if (!(nx > 0 && ny > 0 && nz > 0) || grid.data.length !== nx * ny * nz) {
    throw new JumeauError('BAD_ARGUMENT', `volume size ${grid.size.join('×')} does not match its ${grid.data.length} voxels`);
  }
  if (!box) return { min: [0, 0, 0], max: [nx - 1, ny - 1, nz - 1] };
  for (let a = 0; a < 3; a++) {
    const lo = box.min[a];
    const hi = box.max[a];
    if (!Number.isInteger(lo) || !Number.isInteger(hi) || lo < 0 || hi >= grid.size[a] || lo > hi) {
      throw new JumeauError('BAD_ARGUMENT', `box ${JSON.stringify(box)} is not inside the ${grid.size.join('×')} volume`);
    }
  }
  return box;
}

/** The box's index → LPS affine; refuses non-finite or singular geometry. */
function boxAffine(grid: VoxelGrid, box: BoxIjk): BoxAffine {
  const d = grid.direction;
  const s = grid.spacing;
  const step = (axis: number): [number, number, number] => [d[3 * axis] * s[axis], d[3 * axis + 1] * s[axis], d[3 * axis + 2] * s[axis]];
  const stepI = step(0);
  const stepJ = step(1);
  const stepK = step(2);
  const det =
    stepI[0] * (stepJ[1] * stepK[2] - stepJ[2] * stepK[1]) - stepI[1] * (stepJ[0] * stepK[2] - stepJ[2] * stepK[0]) +
    stepI[2] * (stepJ[0] * stepK[1] - stepJ[1] * stepK[0]);
  if (!Number.isFinite(det) || Math.abs(det) < 1e-12 || !grid.origin.every(Number.isFinite)) {
    throw new JumeauError('GEOMETRY_INVALID', `volume geometry is singular or not finite (spacing ${s.join(', ')} mm)`);
  }
  const [i, j, k] = box.min;
  const originLps: [number, number, number] = [0, 1, 2].map(
    (r) => grid.origin[r] + i * stepI[r] + j * stepJ[r] + k * stepK[r],
  ) as [number, number, number];
  return { originLps, stepI, stepJ, stepK };
}

/** Inside test `data === label` over a box. */
class LabelSource implements SweepSource {
  readonly size: [number, number, number];
  readonly interpolates = false;
  /** A Uint32 view of byte labels (little-endian or not: the test is per byte), when the label fits a byte. */
  private readonly words: Uint32Array | null;
  private readonly pattern: number;
  constructor(private readonly grid: VoxelGrid, private readonly box: BoxIjk, private readonly label: number) {
    this.size = [box.max[0] - box.min[0] + 1, box.max[1] - box.min[1] + 1, box.max[2] - box.min[2] + 1];
    const d = grid.data;
    const byteLabels = d instanceof Uint8Array && label <= 255 && d.byteOffset % 4 === 0;
    this.words = byteLabels ? new Uint32Array(d.buffer, d.byteOffset, d.length >> 2) : null;
    this.pattern = Math.imul(label, 0x01010101);
  }
  classifySlice(c: number, plane: Uint8Array, first: Int32Array, last: Int32Array): void {
    const data: VoxelArray = this.grid.data;
    const label = this.label;
    const [nx, ny] = this.grid.size;
    const [W, H] = this.size;
    const S = W + 2;
    const words = this.words;
    for (let b = 0; b < H; b++) {
      const off = this.box.min[0] + nx * (this.box.min[1] + b + ny * (this.box.min[2] + c));
      let f = 0;
      let l = W - 1;
      if (words && (off & 3) === 0 && (W & 3) === 0) {
        // Four voxels per read (SWAR): a byte of w ^ pattern is zero where the voxel equals the label.
        const pattern = this.pattern;
        const w0 = off >> 2;
        const nw = W >> 2;
        let q = 0;
        for (; q < nw; q++) {
          const v = words[w0 + q] ^ pattern;
          if (((v - 0x01010101) & ~v & 0x80808080) !== 0) break;
        }
        if (q === nw) continue;
        let r = nw - 1;
        for (;;) {
          const v = words[w0 + r] ^ pattern;
          if (((v - 0x01010101) & ~v & 0x80808080) !== 0) break;
          r--;
        }
        f = 4 * q;
        while (data[off + f] !== label) f++;
        l = 4 * r + 3;
        while (data[off + l] !== label) l--;
      } else {
        while (f < W && data[off + f] !== label) f++;
        if (f === W) continue;
        while (data[off + l] !== label) l--;
      }
      first[b + 1] = f;
      last[b + 1] = l;
      const row = (b + 1) * S + 1;
      for (let a = f; a <= l; a++) plane[row + a] = data[off + a] === label ? 1 : 0;
    }
  }
  edgeT(): number {
    return 0.5;
  }
}

/** Inside test `data ≥ iso` over a box, with linear interpolation along edges. */
class IsoSource implements SweepSource {
  readonly size: [number, number, number];
  readonly interpolates = true;
  // Box size and voxel strides as plain fields (read in the hot path).
  private readonly w: number;
  private readonly h: number;
  private readonly d: number;
  private readonly sj: number;
  private readonly sk: number;
  private readonly base: number;
  constructor(private readonly grid: VoxelGrid, private readonly box: BoxIjk, private readonly iso: number) {
    this.size = [box.max[0] - box.min[0] + 1, box.max[1] - box.min[1] + 1, box.max[2] - box.min[2] + 1];
    [this.w, this.h, this.d] = this.size;
    this.sj = grid.size[0];
    this.sk = grid.size[0] * grid.size[1];
    this.base = box.min[0] + this.sj * box.min[1] + this.sk * box.min[2];
  }
  classifySlice(c: number, plane: Uint8Array, first: Int32Array, last: Int32Array): void {
    const data: VoxelArray = this.grid.data;
    const iso = this.iso;
    const [nx, ny] = this.grid.size;
    const [W, H] = this.size;
    const S = W + 2;
    for (let b = 0; b < H; b++) {
      const off = this.box.min[0] + nx * (this.box.min[1] + b + ny * (this.box.min[2] + c));
      let f = 0;
      while (f < W && !(data[off + f] >= iso)) f++;
      if (f === W) continue;
      let l = W - 1;
      while (!(data[off + l] >= iso)) l--;
      first[b + 1] = f;
      last[b + 1] = l;
      const row = (b + 1) * S + 1;
      for (let a = f; a <= l; a++) plane[row + a] = data[off + a] >= iso ? 1 : 0;
    }
  }
  edgeT(axis: number, a: number, b: number, c: number): number {
    const a1 = axis === 0 ? a + 1 : a;
    const b1 = axis === 1 ? b + 1 : b;
    const c1 = axis === 2 ? c + 1 : c;
    // An edge into the padding has no second sample: put its vertex half-way (the box boundary).
    if (a < 0 || b < 0 || c < 0 || a1 >= this.w || b1 >= this.h || c1 >= this.d) return 0.5;
    const data = this.grid.data;
    const v0 = data[this.base + a + this.sj * b + this.sk * c];
    const v1 = data[this.base + a1 + this.sj * b1 + this.sk * c1];
    return (this.iso - v0) / (v1 - v0);
  }
}

/**
 * Closed surface of one labelmap segment (marching cubes at iso 0.5 on the binary mask
 * `data === label`), vertices in LPS mm at voxel-edge midpoints, outward winding.
 * @param labels - label volume (any integer voxel type), LPS geometry
 * @param label - the segment's value (integer ≥ 1)
 * @throws JumeauError BAD_ARGUMENT for a bad label or box, or when the segment has no voxel (an
 *   empty mesh is never returned as if it were a result); GEOMETRY_INVALID for singular geometry
 */
export function extractLabelSurface(labels: VoxelGrid, label: number, options: ExtractOptions = {}): TriangleMesh {
  const what = options.segmentName ? `segment "${options.segmentName}" (label ${label})` : `label ${label}`;
  if (!Number.isInteger(label) || label < 1) {
    throw new JumeauError('BAD_ARGUMENT', `${what}: a segment label must be an integer ≥ 1 (0 is background)`);
  }
  const box = resolveBox(labels, options.boxIjk);
  const mesh = marchBox(new LabelSource(labels, box, label), boxAffine(labels, box), options.signal);
  if (mesh.indices.length === 0) {
    throw new JumeauError('BAD_ARGUMENT', `${what} has no voxels${options.boxIjk ? ' in the given box' : ''}: there is no surface to build`);
  }
  return mesh;
}

/**
 * Closed iso-surface `value = isoValue` of a scalar volume (inside: value ≥ isoValue), vertices in
 * LPS mm linearly interpolated along voxel edges, outward winding (normals point to lower values).
 * @param volume - scalar volume (HU, raw, or a signed distance in mm)
 * @param isoValue - threshold in the volume's unit
 * @throws JumeauError BAD_ARGUMENT when no voxel reaches the iso-value or the value is not finite
 */
export function extractIsoSurface(volume: VoxelGrid, isoValue: number, options: ExtractOptions = {}): TriangleMesh {
  if (!Number.isFinite(isoValue)) throw new JumeauError('BAD_ARGUMENT', `iso-value ${isoValue} is not a finite number`);
  const box = resolveBox(volume, options.boxIjk);
  const mesh = marchBox(new IsoSource(volume, box, isoValue), boxAffine(volume, box), options.signal);
  if (mesh.indices.length === 0) {
    throw new JumeauError('BAD_ARGUMENT', `no voxel${options.boxIjk ? ' in the given box' : ''} reaches the iso-value ${isoValue}: there is no surface to build`);
  }
  return mesh;
}

/** A segment to mesh: its label value, name and colour. */
export interface SegmentSpec {
  /** Value in the labelmap (≥ 1). */
  label: number;
  /** Name carried into exports, e.g. "femur left". */
  name: string;
  /** sRGB 0–255. */
  colorRgb: [number, number, number];
}

/**
 * Meshes several segments of one labelmap: one pass for every label's voxel count and bounding
 * box, then marching cubes on each segment's own box.
 * @returns for each segment its mesh and voxel count, in the order given
 * @throws JumeauError BAD_ARGUMENT naming every segment that has no voxel
 */
export function extractSegmentSurfaces(
  labels: VoxelGrid,
  segments: readonly SegmentSpec[],
  options: { signal?: AbortSignal } = {},
): { segment: SegmentSpec; mesh: TriangleMesh; voxelCount: number }[] {
  const stats = new Map(labelStatistics(labels).map((s) => [s.label, s]));
  const empty = segments.filter((s) => !stats.has(s.label));
  if (empty.length > 0) {
    throw new JumeauError('BAD_ARGUMENT', `no voxels for ${empty.map((s) => `"${s.name}" (label ${s.label})`).join(', ')}: there is no surface to build`);
  }
  return segments.map((segment) => {
    const st = stats.get(segment.label)!;
    const mesh = extractLabelSurface(labels, segment.label, { boxIjk: st.boxIjk, signal: options.signal, segmentName: segment.name });
    return { segment, mesh, voxelCount: st.voxelCount };
  });
}
