/**
 * The meshing benchmark entry: generates a CT-sized label volume (overlapping ellipsoids, Uint8
 * labels, 0.8 × 0.8 × 1.0 mm), runs `benchMeshing` on it and prints one JSON object as the last line
 * of stdout. Run by `scripts/bench-meshing.ts`; `src/cli/bench.ts` can dispatch a `meshing` stage here.
 *
 *   npx tsx scripts/bench-meshing.ts [--size 512x512x400] [--runs 5] [--label 1]
 */
import { parseArgs } from 'node:util';
import { benchMeshing } from '../meshing/bench';
import { makeBenchLabelVolume } from '../meshing/benchVolume';

/** Parses `argv` (options only), runs the benchmark, prints its JSON; returns the exit code. */
export function runMeshingBench(argv: string[]): number {
  const { values } = parseArgs({
    args: argv,
    options: { size: { type: 'string', default: '512x512x400' }, runs: { type: 'string', default: '5' }, label: { type: 'string', default: '1' } },
  });
  const size = values.size.split('x').map(Number) as [number, number, number];
  if (size.length !== 3 || !size.every((n) => Number.isInteger(n) && n > 1)) {
    process.stderr.write(`--size must be NIxNJxNK (got ${values.size})\n`);
    return 2;
  }
  const t0 = performance.now();
  const volume = makeBenchLabelVolume(size);
  process.stderr.write(`generated ${size.join('×')} label volume in ${((performance.now() - t0) / 1000).toFixed(2)} s\n`);
  const result = benchMeshing(volume, Number(values.label), { runs: Number(values.runs) });
  process.stdout.write(`${JSON.stringify({ stage: 'meshing', size, node: process.version, ...result })}\n`);
  return 0;
}
