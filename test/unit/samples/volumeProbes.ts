/**
 * Measurement helpers for the sample tests: label centroids, mean HU in regions, labels along
 * rays, connected components. Plain loops over the volume, LPS via indexToLps/lpsToIndex.
 */
import type { PointLps, Vec3 } from '../../../src/core/vec3';
import type { Volume } from '../../../src/volume/volume';
import { indexToLps, lpsToIndex } from '../../../src/volume/volume';

/** Mean LPS position (mm) of the voxels carrying `label`, and their count. */
export function labelCentroidLps(labels: Volume, label: number): { centroid: PointLps; count: number } {
  const [nx, ny, nz] = labels.size;
  const sum = [0, 0, 0];
  let count = 0;
  for (let k = 0, n = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, n++) {
        if (labels.data[n] !== label) continue;
        sum[0] += i;
        sum[1] += j;
        sum[2] += k;
        count++;
      }
    }
  }
  return { centroid: indexToLps(labels, [sum[0] / count, sum[1] / count, sum[2] / count]), count };
}

/** Mean and standard deviation of `volume` over the voxels whose centre satisfies `inside(p)` within a box. */
export function regionStats(
  volume: Volume,
  boxMinLps: Vec3,
  boxMaxLps: Vec3,
  inside: (p: PointLps, n: number) => boolean,
): { mean: number; sd: number; count: number } {
  const lo = lpsToIndex(volume, boxMinLps).map((v) => Math.max(0, Math.floor(v)));
  const hi = lpsToIndex(volume, boxMaxLps).map((v, c) => Math.min(volume.size[c] - 1, Math.ceil(v)));
  let sum = 0;
  let sum2 = 0;
  let count = 0;
  for (let k = lo[2]; k <= hi[2]; k++) {
    for (let j = lo[1]; j <= hi[1]; j++) {
      for (let i = lo[0]; i <= hi[0]; i++) {
        const n = i + volume.size[0] * (j + volume.size[1] * k);
        if (!inside(indexToLps(volume, [i, j, k]), n)) continue;
        const v = volume.data[n];
        sum += v;
        sum2 += v * v;
        count++;
      }
    }
  }
  const mean = sum / count;
  return { mean, sd: Math.sqrt(Math.max(0, sum2 / count - mean * mean)), count };
}

/** Mean and SD of HU over voxels of `label` whose 26 neighbours all carry `label` (no partial volume). */
export function interiorStats(volume: Volume, labels: Volume, label: number): { mean: number; sd: number; count: number } {
  const [nx, ny, nz] = labels.size;
  const L = labels.data;
  let sum = 0;
  let sum2 = 0;
  let count = 0;
  for (let k = 1; k < nz - 1; k++) {
    for (let j = 1; j < ny - 1; j++) {
      for (let i = 1; i < nx - 1; i++) {
        const n = i + nx * (j + ny * k);
        if (L[n] !== label) continue;
        let interior = true;
        for (let dk = -1; dk <= 1 && interior; dk++) {
          for (let dj = -1; dj <= 1 && interior; dj++) {
            for (let di = -1; di <= 1; di++) {
              if (L[n + di + nx * (dj + ny * dk)] !== label) {
                interior = false;
                break;
              }
            }
          }
        }
        if (!interior) continue;
        const v = volume.data[n];
        sum += v;
        sum2 += v * v;
        count++;
      }
    }
  }
  const mean = sum / count;
  return { mean, sd: Math.sqrt(sum2 / count - mean * mean), count };
}

/** Value of the voxel nearest to `p` (LPS mm), or undefined outside the grid. */
export function valueAt(volume: Volume, p: PointLps): number | undefined {
  const ijk = lpsToIndex(volume, p).map(Math.round);
  if (ijk.some((v, c) => v < 0 || v >= volume.size[c])) return undefined;
  return volume.data[ijk[0] + volume.size[0] * (ijk[1] + volume.size[1] * ijk[2])];
}

/** Runs of equal nearest-voxel values along a ray from `startLps` in `direction` (unit), step 0.1 mm. */
export function runsAlongRay(volume: Volume, startLps: PointLps, direction: Vec3, lengthMm: number): { value: number; fromMm: number; toMm: number }[] {
  const runs: { value: number; fromMm: number; toMm: number }[] = [];
  for (let t = 0; t <= lengthMm + 1e-9; t += 0.1) {
    const v = valueAt(volume, [startLps[0] + t * direction[0], startLps[1] + t * direction[1], startLps[2] + t * direction[2]]);
    if (v === undefined) break;
    const last = runs[runs.length - 1];
    if (last && last.value === v) last.toMm = t;
    else runs.push({ value: v, fromMm: t, toMm: t });
  }
  return runs;
}

/** Number of 26-connected components of the voxels carrying `label`. */
export function componentCount(labels: Volume, label: number): number {
  const [nx, ny, nz] = labels.size;
  const seen = new Uint8Array(labels.data.length);
  const stack: number[] = [];
  let components = 0;
  for (let start = 0; start < labels.data.length; start++) {
    if (labels.data[start] !== label || seen[start]) continue;
    components++;
    seen[start] = 1;
    stack.push(start);
    while (stack.length > 0) {
      const n = stack.pop() as number;
      const i = n % nx;
      const j = Math.floor(n / nx) % ny;
      const k = Math.floor(n / (nx * ny));
      for (let dk = -1; dk <= 1; dk++) {
        for (let dj = -1; dj <= 1; dj++) {
          for (let di = -1; di <= 1; di++) {
            const a = i + di;
            const b = j + dj;
            const c = k + dk;
            if (a < 0 || b < 0 || c < 0 || a >= nx || b >= ny || c >= nz) continue;
            const m = a + nx * (b + ny * c);
            if (labels.data[m] === label && !seen[m]) {
              seen[m] = 1;
              stack.push(m);
            }
          }
        }
      }
    }
  }
  return components;
}
