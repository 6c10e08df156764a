/**
 * Labelmaps and binary masks: voxels that share a patient {@link Volume}'s geometry (size, spacing,
 * origin, direction in LPS mm), so a segmentation can never drift from the image it was made on.
 *
 * - A {@link Mask} is a Volume whose `data` is a Uint8Array of 0/1 (any non-zero counts as inside).
 * - A {@link Labelmap} is a Volume whose `data` holds one label per voxel (0 = background) plus the
 *   list of {@link Segment}s (name, colour, SNOMED CT terminology) the labels stand for.
 */
import { JumeauError } from '../core/errors';
import type { Volume } from '../volume/volume';
import { voxelCount } from '../volume/volume';
import type { SegmentTerminology } from './terminology';

/** The geometry part of a Volume (what two grids must share to be compared voxel by voxel). */
export type Geometry = Pick<Volume, 'size' | 'spacing' | 'origin' | 'direction'>;

/** Storage of a labelmap: 8-bit up to 255 labels, 16-bit up to 65535. */
export type LabelArray = Uint8Array | Uint16Array;

/** A binary mask on a volume's grid: `data[n]` is 1 inside, 0 outside; unit 'label'. */
export interface Mask extends Volume {
  data: Uint8Array;
  unit: 'label';
}

/** One labelled structure. */
export interface Segment {
  /** Value of the segment's voxels in the labelmap (1…65535). */
  label: number;
  /** Human-readable name, e.g. "femur left" (left/right are always the patient's). */
  name: string;
  /** Display colour, sRGB 0–255. */
  colorRgb: [number, number, number];
  /** Standard coded meaning (DICOM SEG Segmented Property Category/Type/Modifier). */
  terminology: SegmentTerminology;
}

/** A labelmap: one label per voxel on a volume's grid, and the segments those labels mean. */
export interface Labelmap extends Volume {
  data: LabelArray;
  unit: 'label';
  /** Segments present (label 0, background, is implicit). */
  segments: Segment[];
}

function copyGeometry(g: Geometry): Geometry {
  return {
    size: [g.size[0], g.size[1], g.size[2]],
    spacing: [g.spacing[0], g.spacing[1], g.spacing[2]],
    origin: [g.origin[0], g.origin[1], g.origin[2]],
    direction: [...g.direction] as Geometry['direction'],
  };
}

/** A mask on `geometry`'s grid; all zeros unless `data` is given (taken as is, not copied). */
export function createMask(geometry: Geometry, data?: Uint8Array): Mask {
  const n = voxelCount(geometry.size);
  if (data && data.length !== n) {
    throw new JumeauError('BAD_ARGUMENT', `has ${data.length} voxels, the grid ${geometry.size.join('×')} needs ${n}`, { subject: 'mask data' });
  }
  return { ...copyGeometry(geometry), data: data ?? new Uint8Array(n), unit: 'label' };
}

/** An empty labelmap on `geometry`'s grid; 16-bit storage when `bits` is 16 (default 8). */
export function createLabelmap(geometry: Geometry, options: { segments?: Segment[]; bits?: 8 | 16 } = {}): Labelmap {
  const n = voxelCount(geometry.size);
  const data = options.bits === 16 ? new Uint16Array(n) : new Uint8Array(n);
  const segments = options.segments ?? [];
  checkSegments(segments, options.bits === 16 ? 65535 : 255);
  return { ...copyGeometry(geometry), data, unit: 'label', segments: [...segments] };
}

function checkSegments(segments: readonly Segment[], maxLabel: number): void {
  const seen = new Set<number>();
  segments.forEach((s, k) => {
    if (!Number.isInteger(s.label) || s.label < 1 || s.label > maxLabel) {
      throw new JumeauError('BAD_ARGUMENT', `label ${s.label} must be an integer in 1…${maxLabel}`, { subject: `segments[${k}].label` });
    }
    if (seen.has(s.label)) throw new JumeauError('BAD_ARGUMENT', `label ${s.label} is used twice`, { subject: `segments[${k}].label` });
    seen.add(s.label);
  });
}

/** True when both grids have the same size and, within 1e-6 mm / 1e-6, spacing, origin and direction. */
export function sameGeometry(a: Geometry, b: Geometry): boolean {
  for (let c = 0; c < 3; c++) {
    if (a.size[c] !== b.size[c]) return false;
    if (Math.abs(a.spacing[c] - b.spacing[c]) > 1e-6 || Math.abs(a.origin[c] - b.origin[c]) > 1e-6) return false;
  }
  for (let c = 0; c < 9; c++) if (Math.abs(a.direction[c] - b.direction[c]) > 1e-6) return false;
  return true;
}

/** Throws GEOMETRY_MISMATCH naming `nameB` when `b` is not on `a`'s grid. */
export function assertSameGeometry(a: Geometry, b: Geometry, nameA: string, nameB: string): void {
  if (!sameGeometry(a, b)) {
    throw new JumeauError(
      'GEOMETRY_MISMATCH',
      `grid ${b.size.join('×')} @ ${b.spacing.join('×')} mm is not the grid of ${nameA} (${a.size.join('×')} @ ${a.spacing.join('×')} mm); resample first`,
      { subject: nameB },
    );
  }
}

/** Volume of one voxel in mm³. */
export function voxelVolumeMm3(geometry: Geometry): number {
  return geometry.spacing[0] * geometry.spacing[1] * geometry.spacing[2];
}

/** Number of non-zero voxels. */
export function countVoxels(data: ArrayLike<number>): number {
  let n = 0;
  for (let q = 0; q < data.length; q++) if (data[q] !== 0) n++;
  return n;
}

/** Volume of a mask in millilitres (1 mL = 1000 mm³): voxel count × voxel volume. */
export function maskVolumeMl(mask: Mask): number {
  return (countVoxels(mask.data) * voxelVolumeMm3(mask)) / 1000;
}

/** The mask of one label of a labelmap (voxels equal to `label`). */
export function maskOfLabel(labelmap: Geometry & { data: ArrayLike<number> }, label: number): Mask {
  const src = labelmap.data;
  const out = new Uint8Array(src.length);
  for (let q = 0; q < src.length; q++) out[q] = src[q] === label ? 1 : 0;
  return createMask(labelmap, out);
}

/** Inclusive voxel-index bounding box `{min, max}` of the non-zero voxels, or null when there are none. */
export function boundingBoxIjk(data: ArrayLike<number>, size: readonly [number, number, number]): { min: [number, number, number]; max: [number, number, number] } | null {
  const [ni, nj, nk] = size;
  let i0 = ni, j0 = nj, k0 = nk, i1 = -1, j1 = -1, k1 = -1;
  for (let k = 0, q = 0; k < nk; k++) {
    for (let j = 0; j < nj; j++, q += ni) {
      let first = -1, last = -1;
      for (let i = 0; i < ni; i++) {
        if (data[q + i] !== 0) {
          if (first < 0) first = i;
          last = i;
        }
      }
      if (first < 0) continue;
      if (first < i0) i0 = first;
      if (last > i1) i1 = last;
      if (j < j0) j0 = j;
      if (j > j1) j1 = j;
      if (k < k0) k0 = k;
      k1 = k;
    }
  }
  return i1 < 0 ? null : { min: [i0, j0, k0], max: [i1, j1, k1] };
}
