/**
 * Benchmark of the segmentation hot path: threshold + largest connected component on a CT-like
 * volume built in code (default 512×512×400, ≈ 105 M voxels), medians after a warm-up.
 * Compared in the README with vtkImageConnectivityFilter (≥ 180 Mvoxel/s on this machine).
 */
import { median } from '../core/stats';
import { IDENTITY_DIRECTION } from '../volume/volume';
import type { Volume } from '../volume/volume';
import { keepLargestComponent, thresholdLargestComponent } from './connectedComponents';
import { squaredDistanceMm2 } from './distanceTransform';
import { fillHoles } from './holes';
import { close, dilate } from './morphology';
import { connectedThreshold } from './regionGrowing';
import { threshold } from './threshold';

/** An elliptic cylinder along k whose centre moves linearly with z; painted with `hu` (painter's order). */
interface Column {
  cx0: number; cy0: number; dcx: number; dcy: number;
  ax: number; ay: number; z0: number; z1: number; hu: number;
}

/**
 * A CT-like volume (Int16 HU; 0.8 × 0.8 × 1 mm at the default 512×512×400): air, a fat-lined soft-tissue trunk, a spine
 * column, two femoral shafts with a 1400 HU cortex over a 250 HU cancellous core and −40 HU
 * marrow, a contrast-filled aorta, and Gaussian-like noise (σ ≈ 15 HU). Deterministic.
 */
export function buildBenchVolume(size: [number, number, number] = [512, 512, 400]): Volume {
  const [ni, nj, nk] = size;
  // A 410 × 410 × 400 mm field whatever the grid size (0.8 × 0.8 × 1 mm at the default size).
  const spacing: [number, number, number] = [409.6 / ni, 409.6 / nj, 400 / nk];
  const data = new Int16Array(ni * nj * nk);
  const cx = ni / 2, cy = nj / 2;
  const mm = (v: number) => v / spacing[0];
  const mmJ = (v: number) => v / spacing[1];
  const columns: Column[] = [
    { cx0: cx, cy0: cy, dcx: 0, dcy: 0, ax: mm(180), ay: mmJ(130), z0: 0, z1: nk, hu: -100 },
    { cx0: cx, cy0: cy, dcx: 0, dcy: 0, ax: mm(165), ay: mmJ(115), z0: 0, z1: nk, hu: 40 },
    { cx0: cx, cy0: cy + mmJ(60), dcx: 0, dcy: (-0.05 * spacing[2]) / spacing[1], ax: mm(22), ay: mmJ(18), z0: nk * 0.4, z1: nk, hu: 1200 },
    { cx0: cx, cy0: cy + mmJ(60), dcx: 0, dcy: (-0.05 * spacing[2]) / spacing[1], ax: mm(19), ay: mmJ(15), z0: nk * 0.4, z1: nk, hu: 230 },
    { cx0: cx, cy0: cy - mmJ(20), dcx: 0, dcy: 0, ax: mm(12), ay: mmJ(12), z0: 0, z1: nk, hu: 190 },
  ];
  for (const s of [-1, 1]) {
    const fx = cx + s * mm(90);
    columns.push({ cx0: fx, cy0: cy, dcx: (-s * 0.1 * spacing[2]) / spacing[0], dcy: 0, ax: mm(16), ay: mmJ(16), z0: 0, z1: nk * 0.75, hu: 1400 });
    columns.push({ cx0: fx, cy0: cy, dcx: (-s * 0.1 * spacing[2]) / spacing[0], dcy: 0, ax: mm(11), ay: mmJ(11), z0: 0, z1: nk * 0.75, hu: 250 });
    columns.push({ cx0: fx, cy0: cy, dcx: (-s * 0.1 * spacing[2]) / spacing[0], dcy: 0, ax: mm(7), ay: mmJ(7), z0: 0, z1: nk * 0.6, hu: -40 });
    // Femoral head: a sphere-like bulge at the top of the shaft (radius 24 mm), cortex over core.
    columns.push({ cx0: fx + s * mm(5), cy0: cy, dcx: 0, dcy: 0, ax: mm(24), ay: mmJ(24), z0: nk * 0.75, z1: nk * 0.75 + 40 / spacing[2], hu: 1400 });
  }
  const noise = new Int16Array(4096);
  let seed = 0x9e3779b9;
  const rnd = () => ((seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) | 0) >>> 0) / 4294967296;
  for (let n = 0; n < noise.length; n++) noise[n] = Math.round(15 * Math.sqrt(-2 * Math.log(rnd() + 1e-12)) * Math.cos(2 * Math.PI * rnd()));
  for (let k = 0; k < nk; k++) {
    for (let j = 0; j < nj; j++) {
      const base = ni * (j + nj * k);
      data.fill(-1000, base, base + ni);
      for (const c of columns) {
        if (k < c.z0 || k >= c.z1) continue;
        const x0 = c.cx0 + c.dcx * k, y0 = c.cy0 + c.dcy * k;
        const t = 1 - ((j - y0) / c.ay) ** 2;
        if (t <= 0) continue;
        const half = c.ax * Math.sqrt(t);
        const a = Math.max(0, Math.ceil(x0 - half)), b = Math.min(ni, Math.floor(x0 + half) + 1);
        if (b > a) data.fill(c.hu, base + a, base + b);
      }
      let idx = (j * 2654435761 + k * 40503) >>> 0;
      for (let i = 0; i < ni; i++) {
        idx = (idx * 1103515245 + 12345) >>> 0;
        data[base + i] += noise[idx >>> 20];
      }
    }
  }
  return { size: [ni, nj, nk], spacing, origin: [-(ni / 2) * spacing[0], -(nj / 2) * spacing[1], 0], direction: [...IDENTITY_DIRECTION], data, unit: 'HU' };
}

/** Result of {@link benchThresholdLargestComponent}. */
export interface BenchResult {
  /** Median seconds of the fused threshold + largest component. */
  seconds: number;
  /** Voxels processed per second, millions (fused). */
  mvoxPerS: number;
  /** Median seconds of the two-step path: threshold → mask, then keepLargestComponent. */
  twoStepSeconds: number;
  /** Mvoxel/s of the two-step path. */
  twoStepMvoxPerS: number;
  /** Voxels of the volume. */
  voxels: number;
  /** Voxels kept (largest component). */
  keptVoxels: number;
  /** Number of components above the threshold. */
  components: number;
  /** Timed runs per path (after one warm-up). */
  runs: number;
}


/**
 * Times threshold (≥ `loHu`, default 200 HU) + largest 6-connected component, fused and two-step,
 * on `volume` (default {@link buildBenchVolume}), `runs` times each after a warm-up.
 */
export function benchThresholdLargestComponent(options: { volume?: Volume; runs?: number; loHu?: number } = {}): BenchResult {
  const volume = options.volume ?? buildBenchVolume();
  const runs = Math.max(1, options.runs ?? 5);
  const loHu = options.loHu ?? 200;
  const voxels = volume.data.length;
  const fused = () => thresholdLargestComponent(volume, { loHu, hiHu: 3071, connectivity: 6 });
  const twoStep = () => keepLargestComponent(threshold(volume, { loHu, hiHu: 3071 }), { connectivity: 6 });
  let result = fused();
  twoStep();
  const tf: number[] = [];
  const t2: number[] = [];
  for (let r = 0; r < runs; r++) {
    let t = performance.now();
    result = fused();
    tf.push((performance.now() - t) / 1000);
    t = performance.now();
    twoStep();
    t2.push((performance.now() - t) / 1000);
  }
  const seconds = median(tf);
  const twoStepSeconds = median(t2);
  return {
    seconds: +seconds.toFixed(4),
    mvoxPerS: +(voxels / 1e6 / seconds).toFixed(1),
    twoStepSeconds: +twoStepSeconds.toFixed(4),
    twoStepMvoxPerS: +(voxels / 1e6 / twoStepSeconds).toFixed(1),
    voxels,
    keptVoxels: result.voxels,
    components: result.components,
    runs,
  };
}

/** Timing of one tool: seconds (median of `runs` after a warm-up) and voxels of the volume per second. */
export interface ToolTiming {
  seconds: number;
  mvoxPerS: number;
}

/**
 * Timings of the other tools on `volume` (default {@link buildBenchVolume}), for the README: EDT of
 * the largest bone component over the whole grid, dilation by 3 mm of that component (cropped to
 * its box), closing by 3 mm and 3-D / per-slice hole filling of the ≥ 200 HU mask, and connected-
 * threshold growth of the soft tissue (−50…100 HU) from the volume's centre. Mvoxel/s are voxels of
 * the whole volume per second, as for the threshold benchmark.
 */
export function benchSegmentationTools(options: { volume?: Volume; runs?: number } = {}): Record<string, ToolTiming> {
  const volume = options.volume ?? buildBenchVolume();
  const runs = Math.max(1, options.runs ?? 1);
  const bone = threshold(volume, { loHu: 200, hiHu: 3071 });
  const largest = thresholdLargestComponent(volume, { loHu: 200, hiHu: 3071 }).mask;
  const centre: [number, number, number] = [volume.size[0] >> 1, volume.size[1] >> 1, volume.size[2] >> 1];
  const tools: Record<string, () => unknown> = {
    edtWholeGrid: () => squaredDistanceMm2(largest.data, volume.size, volume.spacing),
    dilate3mmLargest: () => dilate(largest, { radiusMm: 3 }),
    close3mmBone: () => close(bone, { radiusMm: 3 }),
    fillHoles3dBone: () => fillHoles(bone),
    fillHolesSliceBone: () => fillHoles(bone, { mode: 'slice' }),
    connectedThresholdSoftTissue: () => connectedThreshold(volume, { seedsIjk: [centre], loHu: -50, hiHu: 100 }),
  };
  const out: Record<string, ToolTiming> = {};
  for (const [name, run] of Object.entries(tools)) {
    run();
    const times: number[] = [];
    for (let r = 0; r < runs; r++) {
      const t = performance.now();
      run();
      times.push((performance.now() - t) / 1000);
    }
    const seconds = median(times);
    out[name] = { seconds: +seconds.toFixed(4), mvoxPerS: +(volume.data.length / 1e6 / seconds).toFixed(1) };
  }
  return out;
}
