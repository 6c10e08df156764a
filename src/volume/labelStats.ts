/**
 * One pass over a labelmap: voxel count and inclusive bounding box of every label, so each segment
 * can be processed (filled, meshed) on its own sub-box. Used by segmentation and meshing alike.
 */
import { JumeauError } from '../core/errors';
import type { IndexBox } from './crop';
import type { Volume } from './volume';

/** Voxel count and bounding box of one label. */
export interface LabelStats {
  /** The label value (≥ 1). */
  label: number;
  /** Voxels carrying the label. */
  voxelCount: number;
  /** Inclusive bounding box of those voxels. */
  boxIjk: IndexBox;
}

/** Largest label value accepted (labelmaps are Uint8/Uint16 in practice). */
export const MAX_LABEL = 65535;

/**
 * Counts and boxes every non-zero label in one pass (background 0 is skipped).
 * @returns one entry per label present, in increasing label order
 * @throws JumeauError BAD_ARGUMENT for a negative, fractional or too large label value
 */
export function labelStatistics(labels: Pick<Volume, 'size' | 'data'>): LabelStats[] {
  const [nx, ny, nz] = labels.size;
  const data = labels.data;
  let maxLabel = 0;
  for (let n = 0; n < data.length; n++) if (data[n] > maxLabel) maxLabel = data[n];
  if (maxLabel > MAX_LABEL || !Number.isInteger(maxLabel)) throw new JumeauError('BAD_ARGUMENT', `label value ${maxLabel} is not an integer in 0…${MAX_LABEL}`);
  const m = maxLabel + 1;
  const count = new Float64Array(m);
  const lo = new Int32Array(3 * m).fill(2 ** 30);
  const hi = new Int32Array(3 * m).fill(-1);
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      const off = nx * (j + ny * k);
      for (let i = 0; i < nx; i++) {
        const v = data[off + i];
        if (v === 0) continue;
        if (!(v > 0) || v !== Math.floor(v)) throw new JumeauError('BAD_ARGUMENT', `label value ${v} at voxel (${i}, ${j}, ${k}) is not a positive integer`);
        count[v]++;
        const b = 3 * v;
        if (i < lo[b]) lo[b] = i;
        if (i > hi[b]) hi[b] = i;
        if (j < lo[b + 1]) lo[b + 1] = j;
        if (j > hi[b + 1]) hi[b + 1] = j;
        if (k < lo[b + 2]) lo[b + 2] = k;
        hi[b + 2] = k;
      }
    }
  }
  const out: LabelStats[] = [];
  for (let v = 1; v < m; v++) {
    if (count[v] === 0) continue;
    out.push({ label: v, voxelCount: count[v], boxIjk: { min: [lo[3 * v], lo[3 * v + 1], lo[3 * v + 2]], max: [hi[3 * v], hi[3 * v + 1], hi[3 * v + 2]] } });
  }
  return out;
}
