/**
 * Benchmarks, printed as JSON (last line of stdout is one JSON object).
 *
 *   npm run bench -- load <folder|file> [--runs N] [--json]
 *   npm run bench -- pipeline <folder|file|phantom:hip> [--anatomy A] [--size 512x512x400] [--runs N] [--json]
 *   npm run bench -- meshing [--size 512x512x400] [--runs N]      (surface/smooth/decimate/export on one label)
 *   npm run bench -- segmentation [--size 512x512x400] [--runs N] (threshold + largest component, EDT, …)
 *   npm run bench -- registration [--points 50000] [--runs N] [--json] (paired-point, k-d tree, point-to-plane ICP)
 *   npm run bench -- liver [--runs N]                             (liver plan live update: plane, Bézier, territories)
 *   npm run bench -- xr [--grid-mm 1.5] [--frames 120]            (headset overlay scene: CPU frame time, triangles, draw calls)
 *
 * `load`: scan + decode + assemble the volume in Node (the app's worker runs the same code). Median
 * of N runs (default 5) after one warm-up; peak RSS over the whole benchmark.
 */
import { parseArgs } from 'node:util';
import { median } from '../core/stats';
import { voxelCount } from '../volume/volume';
import { loadInputNode } from './loadInput';
import { runMeshingBench } from './benchMeshing';
import { runPipelineBench } from './benchPipeline';
import { runSegmentationBench } from './benchSegmentation';
import { runRegistrationBench } from './benchRegistration';
import { runLiverBench } from './benchLiver';
import { runXrBench } from './benchXr';

async function loadOnce(input: string): Promise<number> {
  return voxelCount((await loadInputNode(input)).volume.size);
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === 'pipeline') return void (process.exitCode = await runPipelineBench(argv.slice(1)));
  if (argv[0] === 'meshing') return void (process.exitCode = runMeshingBench(argv.slice(1)));
  if (argv[0] === 'segmentation') return void (process.exitCode = runSegmentationBench(argv.slice(1)));
  if (argv[0] === 'registration') return void (process.exitCode = runRegistrationBench(argv.slice(1)));
  if (argv[0] === 'liver') return void (process.exitCode = runLiverBench(argv.slice(1)));
  if (argv[0] === 'xr') return void (process.exitCode = await runXrBench(argv.slice(1)));
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { runs: { type: 'string', default: '5' }, json: { type: 'boolean', default: false } } });
  const [stage, input] = positionals;
  if (stage !== 'load' || !input) {
    process.stderr.write('usage: npm run bench -- load|pipeline|meshing|segmentation|registration|liver|xr … (see src/cli/README.md)\n');
    process.exit(2);
  }
  const runs = Math.max(1, Number(values.runs));
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 5);
  await loadOnce(input); // warm-up (file cache, codec instantiation, JIT)
  const times: number[] = [];
  let voxels = 0;
  for (let r = 0; r < runs; r++) {
    (globalThis as { gc?: () => void }).gc?.();
    const t = performance.now();
    voxels = await loadOnce(input);
    times.push((performance.now() - t) / 1000);
    if (!values.json) process.stderr.write(`run ${r + 1}: ${times[r].toFixed(3)} s\n`);
  }
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  const seconds = median(times);
  const out = { stage: 'load', input, runs, seconds: +seconds.toFixed(4), voxels, mvoxPerS: +(voxels / 1e6 / seconds).toFixed(1), peakRssMb: Math.round(peak / 1024 ** 2) };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

await main();
