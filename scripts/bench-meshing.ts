/**
 * Meshing benchmark (surface, windowed-sinc smoothing, decimation to 10 %, STL + GLB export) on a
 * generated 512×512×400 label volume; medians after a warm-up. Last line of stdout: one JSON object
 * `{ "stage": "meshing", "surface": { "seconds", "mvoxPerS" }, "smooth" | "decimate" | "export": { "seconds", "mtriPerS" }, … }`.
 *
 *   npx tsx scripts/bench-meshing.ts [--size NIxNJxNK] [--runs N] [--label L]
 */
import { runMeshingBench } from '../src/cli/benchMeshing';

process.exitCode = runMeshingBench(process.argv.slice(2));
