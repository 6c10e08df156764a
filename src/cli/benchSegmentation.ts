/**
 * Segmentation benchmark: threshold (≥ 200 HU) + largest 6-connected component on a CT-like
 * 512×512×400 volume built in code; medians after a warm-up. Last line of stdout: one JSON object
 * `{ "stage": "segment", "seconds", "mvoxPerS", "twoStepSeconds", "twoStepMvoxPerS", … }`.
 *
 *   npm run bench -- segmentation [--runs N] [--size NIxNJxNK] [--tools]
 *
 * `--tools` adds `tools`: one timing each of EDT, dilation, closing, hole filling, region growing.
 */
import { parseArgs } from 'node:util';
import { benchSegmentationTools, benchThresholdLargestComponent, buildBenchVolume } from '../segmentation/bench';

/** Parses `argv` (options only), runs the benchmark, prints its JSON; returns the exit code. */
export function runSegmentationBench(argv: string[]): number {
  const { values } = parseArgs({ args: argv, options: { runs: { type: 'string', default: '5' }, size: { type: 'string', default: '512x512x400' }, tools: { type: 'boolean', default: false } } });
  const size = values.size.split('x').map(Number) as [number, number, number];
  if (size.length !== 3 || size.some((n) => !(Number.isInteger(n) && n > 0))) {
    process.stderr.write(`--size must be NIxNJxNK (got ${values.size})\n`);
    return 2;
  }
  const t0 = performance.now();
  const volume = buildBenchVolume(size);
  process.stderr.write(`built ${size.join('×')} CT-like volume in ${((performance.now() - t0) / 1000).toFixed(2)} s\n`);
  const result = benchThresholdLargestComponent({ volume, runs: Number(values.runs) });
  const tools = values.tools ? { tools: benchSegmentationTools({ volume }) } : {};
  process.stdout.write(`${JSON.stringify({ stage: 'segment', task: 'threshold ≥ 200 HU + largest 6-connected component', size, ...result, ...tools })}\n`);
  return 0;
}
