/**
 * Hole filling: background regions enclosed by the mask become foreground.
 *
 * - 3-D: background components (6-connected, the complement of 26-connected foreground) that do
 *   not touch the array border are holes.
 *   With `capSliceEnds`, the first and last k-slices do not count as border: a femoral canal cut
 *   open by the scan's end is then a hole (as if the scan were capped).
 * - Per slice (2-D, k fixed, i.e. axial for axial series): background components (4-connected)
 *   not touching the slice border are holes — closes a bone's marrow cavity or a vessel lumen
 *   that is open at the ends of the scan.
 */
import type { Mask } from './labelmap';
import { createMask } from './labelmap';
import { labelRuns, paintRuns, runsOfMask } from './runs';

/** Parameters of {@link fillHoles}. */
export interface FillHolesParams {
  /** '3d' (default): enclosed in 3-D; 'slice': enclosed within each k-slice. */
  mode?: '3d' | 'slice';
  /** '3d' only: the first and last k-slices are not border (default false). */
  capSliceEnds?: boolean;
}

/** Fills enclosed background; see module doc for the connectivity used. */
export function fillHoles(mask: Mask, params: FillHolesParams = {}): Mask {
  const mode = params.mode ?? '3d';
  const [ni, nj, nk] = mask.size;
  const n = mask.data.length;
  const bg = new Uint8Array(n);
  const out = createMask(mask);
  for (let q = 0; q < n; q++) {
    const inside = mask.data[q] !== 0 ? 1 : 0;
    out.data[q] = inside;
    bg[q] = 1 - inside;
  }
  const runs = runsOfMask(bg, mask.size);
  const cc = labelRuns(runs, mode === '3d' ? 6 : 'slice4');
  // Components touching the border (of the volume, or of the slice in 'slice' mode) are not holes.
  const outside = new Uint8Array(cc.count + 1);
  const { rowStart, i0, i1 } = runs;
  for (let k = 0; k < nk; k++) {
    for (let j = 0; j < nj; j++) {
      const row = j + nj * k;
      const borderRow = j === 0 || j === nj - 1 || (mode === '3d' && !params.capSliceEnds && (k === 0 || k === nk - 1));
      for (let r = rowStart[row]; r < rowStart[row + 1]; r++) {
        if (borderRow || i0[r] === 0 || i1[r] === ni) outside[cc.runLabel[r]] = 1;
      }
    }
  }
  const holes = new Uint8Array(cc.count + 1);
  for (let l = 1; l <= cc.count; l++) holes[l] = outside[l] ? 0 : 1;
  paintRuns(runs, cc.runLabel, holes, out.data);
  return out;
}
