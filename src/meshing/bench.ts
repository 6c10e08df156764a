/**
 * The meshing benchmark: surface extraction, windowed-sinc smoothing, decimation and export on one
 * label of a volume, each stage timed as the median of `runs` runs after one warm-up run (JIT).
 * Pure (no Node built-ins): the CLI (`scripts/bench-meshing.ts`) and a browser page can both run it.
 */
import { median } from '../core/stats';
import { decimateMesh } from './decimate';
import { extractLabelSurface } from './extractSurface';
import { writeGlb } from './gltf';
import { checkMeshQuality } from './quality';
import { smoothWindowedSinc } from './smooth';
import type { WindowedSincOptions } from './smooth';
import { writeStlBinary } from './stl';
import type { TriangleMesh, VoxelGrid } from './types';

/** Seconds and throughput of one stage. */
export interface VolumeStageTiming {
  /** Median wall time, s. */
  seconds: number;
  /** Voxels of the whole volume per second, millions. */
  mvoxPerS: number;
}

/** Seconds and throughput of a mesh stage (input triangles per second, millions). */
export interface MeshStageTiming {
  seconds: number;
  mtriPerS: number;
}

/** What {@link benchMeshing} measures. */
export interface MeshingBenchResult {
  surface: VolumeStageTiming;
  smooth: MeshStageTiming;
  decimate: MeshStageTiming;
  export: MeshStageTiming;
  /** Sizes the throughputs refer to. */
  counts: { voxels: number; surfaceTriangles: number; decimatedTriangles: number; stlBytes: number; glbBytes: number };
  /** The decimated surface's checks: it must stay closed and manifold. */
  decimatedClosed: boolean;
  /** Volume change through smoothing and decimation, % of the marching-cubes volume. */
  volumeChangePercent: { smooth: number; decimate: number };
}

/** Options of {@link benchMeshing}. */
export interface BenchOptions {
  /** Timed runs per stage after the warm-up (default 5). */
  runs?: number;
  /** Decimation target as a fraction of the smoothed surface (default 0.1). */
  decimateRatio?: number;
  /** Smoothing parameters (default: Slicer-like, 20 iterations, pass band 0.01). */
  smoothing?: WindowedSincOptions;
}


/** Runs `fn` once to warm up, then `runs` times; returns the last result and the median seconds. */
function timed<T>(runs: number, fn: () => T): { result: T; seconds: number } {
  let result = fn();
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    result = fn();
    times.push((performance.now() - t0) / 1000);
  }
  return { result, seconds: median(times) };
}

const round = (x: number, digits = 4) => Number(x.toPrecision(digits));

/**
 * Benchmarks the meshing stages on `label` of `volume` (single thread).
 * - surface: marching cubes over the whole volume (no bounding box given), Mvoxel/s of the volume;
 * - smooth: windowed sinc on that surface; decimate: to `decimateRatio` of the smoothed surface;
 * - export: binary STL + GLB of the smoothed surface. Mesh stages report input Mtriangle/s.
 */
export function benchMeshing(volume: VoxelGrid, label: number, options: BenchOptions = {}): MeshingBenchResult {
  const runs = Math.max(1, options.runs ?? 5);
  const voxels = volume.size[0] * volume.size[1] * volume.size[2];
  const surface = timed(runs, () => extractLabelSurface(volume, label));
  const mc: TriangleMesh = surface.result;
  const nt = mc.indices.length / 3;
  const smooth = timed(runs, () => smoothWindowedSinc(mc, options.smoothing));
  const smoothed = smooth.result;
  const decimate = timed(runs, () => decimateMesh(smoothed, { targetRatio: options.decimateRatio ?? 0.1 }));
  const exported = timed(runs, () => ({
    stl: writeStlBinary(smoothed, `label ${label}`),
    glb: writeGlb([{ name: `label ${label}`, colorRgb: [230, 220, 200], mesh: smoothed }]),
  }));
  const vMc = checkMeshQuality(mc).volumeMm3;
  const vSmooth = checkMeshQuality(smoothed).volumeMm3;
  const dq = checkMeshQuality(decimate.result.mesh);
  return {
    surface: { seconds: round(surface.seconds), mvoxPerS: round(voxels / 1e6 / surface.seconds) },
    smooth: { seconds: round(smooth.seconds), mtriPerS: round(nt / 1e6 / smooth.seconds) },
    decimate: { seconds: round(decimate.seconds), mtriPerS: round(nt / 1e6 / decimate.seconds) },
    export: { seconds: round(exported.seconds), mtriPerS: round(nt / 1e6 / exported.seconds) },
    counts: {
      voxels,
      surfaceTriangles: nt,
      decimatedTriangles: decimate.result.mesh.indices.length / 3,
      stlBytes: exported.result.stl.length,
      glbBytes: exported.result.glb.length,
    },
    decimatedClosed: dq.closed && dq.manifold && dq.consistentlyOriented,
    volumeChangePercent: { smooth: round((100 * (vSmooth - vMc)) / vMc, 3), decimate: round((100 * (dq.volumeMm3 - vSmooth)) / vSmooth, 3) },
  };
}
