/**
 * Per-vertex colours of a mesh from territory labels held on a crop of the CT grid (pure): each vertex
 * takes the territory of the voxel under it, or of the nearest labelled voxel within one voxel (a
 * surface vertex lies on the boundary, where the voxel under it may be outside the liver); a vertex
 * with none keeps `fallbackRgb`. RGBA floats 0–1, as Babylon's vertex colours.
 */
import type { Geometry } from '../../segmentation/labelmap';
import { lpsToIndex } from '../../volume/volume';

/** RGBA (4 per vertex) for `positionsLps` from territory `labels` on the crop at `cropLo` of `cropSize`. */
export function territoryVertexColours(
  positionsLps: Float32Array,
  grid: Pick<Geometry, 'spacing' | 'origin' | 'direction'>,
  labels: ArrayLike<number>,
  cropLo: readonly [number, number, number],
  cropSize: readonly [number, number, number],
  coloursRgb: readonly ([number, number, number] | undefined)[],
  fallbackRgb: readonly [number, number, number],
): Float32Array {
  const n = positionsLps.length / 3;
  const out = new Float32Array(4 * n);
  const [si, sj, sk] = cropSize;
  const at = (a: number, b: number, c: number): number => (a < 0 || b < 0 || c < 0 || a >= si || b >= sj || c >= sk ? 0 : labels[a + si * (b + sj * c)]);
  for (let v = 0; v < n; v++) {
    const ijk = lpsToIndex(grid, [positionsLps[3 * v], positionsLps[3 * v + 1], positionsLps[3 * v + 2]]);
    const a = Math.round(ijk[0]) - cropLo[0], b = Math.round(ijk[1]) - cropLo[1], c = Math.round(ijk[2]) - cropLo[2];
    let l = at(a, b, c);
    for (let d = 0; !l && d < 27; d++) if (d !== 13) l = at(a + (d % 3) - 1, b + (Math.floor(d / 3) % 3) - 1, c + Math.floor(d / 9) - 1);
    const col = (l && coloursRgb[l]) || fallbackRgb;
    out[4 * v] = col[0] / 255;
    out[4 * v + 1] = col[1] / 255;
    out[4 * v + 2] = col[2] / 255;
    out[4 * v + 3] = 1;
  }
  return out;
}
