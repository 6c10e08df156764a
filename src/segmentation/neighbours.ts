/**
 * Voxel neighbourhoods for the graph-walking tools (grow from seeds).
 */
import type { Connectivity } from './runs';

/** Neighbour offsets of a connectivity: (di, dj, dk) triples, flattened. */
export function neighbourOffsets(connectivity: Connectivity): Int8Array {
  const out: number[] = [];
  for (let dk = -1; dk <= 1; dk++) {
    for (let dj = -1; dj <= 1; dj++) {
      for (let di = -1; di <= 1; di++) {
        const nz = (di !== 0 ? 1 : 0) + (dj !== 0 ? 1 : 0) + (dk !== 0 ? 1 : 0);
        if (nz === 0) continue;
        if ((connectivity === 6 && nz > 1) || (connectivity === 18 && nz > 2)) continue;
        out.push(di, dj, dk);
      }
    }
  }
  return Int8Array.from(out);
}
