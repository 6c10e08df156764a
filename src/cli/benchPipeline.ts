/**
 * The whole-pipeline benchmark: load → segment → surface → smooth → decimate → export, on a DICOM
 * folder, a NIfTI/NRRD file or a generated phantom written as DICOM (`phantom:hip` at 512×512×400 by
 * default, `--size` to change it). Each stage is timed inside every run; the JSON reports the median
 * over `--runs` runs after one warm-up run, as the last line of stdout:
 *
 *   {"stages":{"load":{"seconds","mvoxPerS"},"segment":{…},"surface":{…},"smooth":{"seconds","mtriPerS"},
 *    "decimate":{…},"export":{…}}, "counts":{…}, "segments":[…], …}
 *
 * Volume stages report Mvoxel/s of the whole volume; mesh stages Mtriangle/s of their input
 * (smooth: marching-cubes triangles, decimate: smoothed triangles, export: final triangles).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { median } from '../core/stats';
import { buildHipPhantom } from '../samples/hipPhantom';
import { writeDicomSeries } from '../samples/writeDicomSeries';
import { maskOfLabel } from '../segmentation/labelmap';
import { overlapMetrics } from '../segmentation/metrics';
import { buildTwin, type AnatomyChoice, type Twin } from '../twin';
import { voxelCount, type Volume } from '../volume/volume';
import { loadInputNode } from './loadInput';
import { parseAnatomy, writeTwin } from './twinOutput';

interface RunTimes { load: number; segment: number; surface: number; smooth: number; decimate: number; export: number }

const r4 = (x: number): number => Number(x.toPrecision(4));

/** Writes the hip phantom at `size` as DICOM under .cache once; returns the folder and its exact labels. */
function phantomSeries(size: [number, number, number]): { dir: string; labels: Volume; segments: { label: number; name: string }[] } {
  const hip = buildHipPhantom({ gridSize: size });
  const dir = path.resolve('.cache', `bench-hip-${size.join('x')}`);
  if (!existsSync(dir) || readdirSync(dir).length !== size[2]) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    for (const f of writeDicomSeries(hip.volume, { caseName: `bench-hip-${size.join('x')}`, ...hip.dicom, seriesDescription: `${hip.dicom.seriesDescription} ${size.join('x')}` })) writeFileSync(path.join(dir, f.fileName), f.bytes);
  }
  return { dir, labels: hip.labels, segments: hip.segments };
}

async function runOnce(input: string, anatomy: AnatomyChoice, outDir: string): Promise<{ t: RunTimes; twin: Twin; volume: Volume }> {
  const t0 = performance.now();
  const { volume, description } = await loadInputNode(input);
  const loadS = (performance.now() - t0) / 1000;
  const twin = buildTwin(volume, { anatomy, description });
  const t1 = performance.now();
  await writeTwin(twin, outDir);
  const exportS = (performance.now() - t1) / 1000;
  const tm = twin.timings;
  return { t: { load: loadS, segment: tm.segmentS, surface: tm.surfaceS, smooth: tm.smoothS, decimate: tm.decimateS, export: exportS }, twin, volume };
}

/** Parses `argv` (after `pipeline`), runs the benchmark, prints its JSON; returns the exit code. */
export async function runPipelineBench(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { runs: { type: 'string', default: '3' }, anatomy: { type: 'string' }, size: { type: 'string', default: '512x512x400' }, json: { type: 'boolean', default: false } },
  });
  const [spec] = positionals;
  if (!spec) {
    process.stderr.write('usage: npm run bench -- pipeline <folder|file|phantom:hip> [--anatomy A] [--size 512x512x400] [--runs N] [--json]\n');
    return 2;
  }
  let input = spec;
  let truth: ReturnType<typeof phantomSeries> | null = null;
  if (spec.startsWith('phantom:')) {
    if (spec !== 'phantom:hip') throw new Error(`only phantom:hip is generated at benchmark size (got ${spec})`);
    const size = values.size.split('x').map(Number) as [number, number, number];
    const tg = performance.now();
    truth = phantomSeries(size);
    input = truth.dir;
    process.stderr.write(`hip phantom ${size.join('×')} as DICOM in ${truth.dir} (${((performance.now() - tg) / 1000).toFixed(1)} s)\n`);
  }
  const anatomy = parseAnatomy(values.anatomy ?? (truth ? 'hip' : 'auto'));
  if (anatomy === 'none') throw new Error('--anatomy none has no pipeline to benchmark');
  const runs = Math.max(1, Number(values.runs));
  const outDir = mkdtempSync(path.join(tmpdir(), 'jumeau-bench-'));
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 20);
  let last = await runOnce(input, anatomy, outDir); // warm-up: file cache, codecs, JIT
  const all: RunTimes[] = [];
  for (let r = 0; r < runs; r++) {
    (globalThis as { gc?: () => void }).gc?.();
    last = await runOnce(input, anatomy, outDir);
    all.push(last.t);
    process.stderr.write(`run ${r + 1}: ${Object.entries(last.t).map(([k, v]) => `${k} ${v.toFixed(2)} s`).join(', ')}\n`);
  }
  clearInterval(timer);
  rmSync(outDir, { recursive: true, force: true });
  const { twin, volume } = last;
  const voxels = voxelCount(volume.size);
  const tri = { surface: 0, final: 0 };
  for (const s of twin.segments) { tri.surface += s.surfaceTriangleCount; tri.final += s.triangleCount; }
  const sec = (k: keyof RunTimes) => median(all.map((x) => x[k]));
  const vox = (k: keyof RunTimes) => ({ seconds: r4(sec(k)), mvoxPerS: r4(voxels / 1e6 / sec(k)) });
  const mesh = (k: keyof RunTimes, n: number) => ({ seconds: r4(sec(k)), mtriPerS: r4(n / 1e6 / sec(k)) });
  const segments = twin.segments.map((s) => {
    const t = truth?.segments.find((x) => x.name === s.name);
    const dice = t && truth ? r4(overlapMetrics(maskOfLabel(twin.labelmap, s.label), maskOfLabel(truth.labels, t.label)).dice) : undefined;
    return { name: s.name, volumeMl: r4(s.volumeMl), triangles: s.triangleCount, closed: s.quality.closed, ...(dice !== undefined ? { dice } : {}) };
  });
  const out = {
    bench: 'pipeline',
    input: spec,
    anatomy: twin.anatomy,
    size: volume.size,
    spacingMm: volume.spacing.map((x) => r4(x)),
    runs,
    node: process.version,
    stages: { load: vox('load'), segment: vox('segment'), surface: vox('surface'), smooth: mesh('smooth', tri.surface), decimate: mesh('decimate', tri.surface), export: mesh('export', tri.final) },
    totalSeconds: r4(median(all.map((x) => x.load + x.segment + x.surface + x.smooth + x.decimate + x.export))),
    counts: { voxels, surfaceTriangles: tri.surface, finalTriangles: tri.final, segments: twin.segments.length },
    segments,
    peakRssMb: Math.round(peak / 1024 ** 2),
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
  return 0;
}
