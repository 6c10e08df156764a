/**
 * The registration benchmark (brief §7): a femur-sized bone-like target surface with normals (N
 * points), a differently sampled source of N points on it moved by a known pose (5°, 4 mm); times
 * paired-point registration of 5 noisy landmarks (0.5 mm per axis), the k-d tree build, and
 * point-to-plane ICP started from the paired-point pose (and, separately, from the raw 5°/4 mm
 * perturbation). Medians of `--runs` after one warm-up; last stdout line is one JSON object.
 *
 *   npm run bench -- registration [--points 50000] [--runs 5] [--json]
 */
import { parseArgs } from 'node:util';
import { median } from '../core/stats';
import type { Vec3 } from '../core/vec3';
import { mulberry32 } from '../samples/random';
import { icpPointToPlane } from '../registration/icp';
import { KdTree3 } from '../registration/kdTree';
import { registerPairedPoints } from '../registration/pairedPoint';
import type { RigidTransform } from '../registration/rigidTransform';
import { applyTransform, composeTransforms, IDENTITY_TRANSFORM, rotationFromAxisAngle, transformDifference } from '../registration/rigidTransform';
import { boneLikeSurfacePoint, sampleBoneLikeSurface } from '../registration/syntheticSurfaces';

const CENTRE_LPS: Vec3 = [-95, 20, 700];
const LANDMARK_DIRECTIONS: Vec3[] = [
  [0.45, 0.15, -0.88],
  [-0.45, 0.15, -0.88],
  [0.62, -0.2, 0.76],
  [-0.7, 0.1, 0.71],
  [0, -1, 0],
];

function time<T>(fn: () => T): { ms: number; value: T } {
  const t = performance.now();
  const value = fn();
  return { ms: performance.now() - t, value };
}

/** Parses `argv` (options only), runs the benchmark, prints its JSON; returns the exit code. */
export function runRegistrationBench(argv: string[]): number {
  const { values } = parseArgs({
    args: argv,
    options: { points: { type: 'string', default: '50000' }, runs: { type: 'string', default: '5' }, json: { type: 'boolean', default: false } },
  });
  const points = Number(values.points);
  const runs = Number(values.runs);
  if (!Number.isInteger(points) || points < 100 || !Number.isInteger(runs) || runs < 1) {
    process.stderr.write(`--points must be an integer ≥ 100 and --runs ≥ 1 (got ${values.points}, ${values.runs})\n`);
    return 2;
  }
  const log = (s: string): void => void (values.json || process.stderr.write(`${s}\n`));

  const t0 = performance.now();
  const target = sampleBoneLikeSurface({ count: points, seed: 1, centreLps: CENTRE_LPS });
  const sourceCt = sampleBoneLikeSurface({ count: points, seed: 2, centreLps: CENTRE_LPS });
  // worldFromCt: the known pose the source (traced in the world) was moved by.
  const tDir: Vec3 = [0.6, -0.6, 0.53];
  const tLen = Math.hypot(...tDir);
  // 5° about an axis through the bone's centre, then 4 mm: t = c − R·c + 4 mm·t̂.
  const rotation = rotationFromAxisAngle([0.3, -0.5, 1], 5);
  const rc = applyTransform({ rotation, translationMm: [0, 0, 0] }, CENTRE_LPS);
  const worldFromCt: RigidTransform = { rotation, translationMm: [0, 1, 2].map((k) => CENTRE_LPS[k] - rc[k] + (4 * tDir[k]) / tLen) as Vec3 };
  const sourceWorld = new Float64Array(points * 3);
  for (let i = 0; i < points; i++) sourceWorld.set(applyTransform(worldFromCt, [sourceCt.pointsLps[i * 3], sourceCt.pointsLps[i * 3 + 1], sourceCt.pointsLps[i * 3 + 2]]), i * 3);
  const random = mulberry32(3);
  const gauss = (): number => 0.5 * Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const landmarksCt = LANDMARK_DIRECTIONS.map((d) => boneLikeSurfacePoint(d, CENTRE_LPS));
  const landmarksWorld = landmarksCt.map((p) => applyTransform(worldFromCt, p).map((c) => c + gauss()) as Vec3);
  log(`generated 2 × ${points} surface points in ${((performance.now() - t0) / 1000).toFixed(2)} s`);

  // ctFromWorld is what registration estimates; its error is ctFromWorld ∘ worldFromCt vs identity.
  const errorOf = (ctFromWorld: RigidTransform) => transformDifference(composeTransforms(ctFromWorld, worldFromCt), IDENTITY_TRANSFORM, CENTRE_LPS);

  const pairedOnce = () => registerPairedPoints({ sourceLps: landmarksWorld, targetLps: landmarksCt });
  for (let i = 0; i < 200; i++) pairedOnce(); // warm-up
  const pairedMs: number[] = [];
  for (let r = 0; r < runs; r++) {
    const reps = 1000;
    const { ms } = time(() => {
      for (let i = 0; i < reps; i++) pairedOnce();
    });
    pairedMs.push(ms / reps);
  }
  const paired = pairedOnce();
  const pairedErr = errorOf(paired.targetFromSource);
  log(`paired-point (${landmarksCt.length} landmarks): ${median(pairedMs).toFixed(4)} ms, error ${pairedErr.rotationDeg.toFixed(3)}° / ${pairedErr.translationMm.toFixed(3)} mm`);

  const icpArgs = { sourceLps: sourceWorld, targetLps: target.pointsLps, targetNormals: target.normals };
  const buildMs: number[] = [];
  const icpTotalS: number[] = [];
  const icpOnlyS: number[] = [];
  const rawTotalS: number[] = [];
  let result = icpPointToPlane({ ...icpArgs, initial: paired.targetFromSource }); // warm-up
  let raw = icpPointToPlane({ ...icpArgs }); // warm-up from the raw perturbation
  for (let r = 0; r < runs; r++) {
    const b = time(() => KdTree3.build(target.pointsLps));
    buildMs.push(b.ms);
    const only = time(() => icpPointToPlane({ ...icpArgs, targetTree: b.value, initial: paired.targetFromSource }));
    icpOnlyS.push(only.ms / 1000);
    const total = time(() => icpPointToPlane({ ...icpArgs, initial: paired.targetFromSource }));
    icpTotalS.push(total.ms / 1000);
    result = total.value;
    const fromRaw = time(() => icpPointToPlane({ ...icpArgs }));
    rawTotalS.push(fromRaw.ms / 1000);
    raw = fromRaw.value;
    log(`run ${r + 1}: tree ${b.ms.toFixed(1)} ms, ICP ${total.ms.toFixed(0)} ms (${total.value.iterations} it.), from raw pose ${fromRaw.ms.toFixed(0)} ms (${fromRaw.value.iterations} it.)`);
  }
  const finalErr = errorOf(result.targetFromSource);
  const rawErr = errorOf(raw.targetFromSource);
  const out = {
    stage: 'registration',
    points,
    runs,
    node: process.version,
    landmarks: landmarksCt.length,
    pairedPointMs: +median(pairedMs).toFixed(4),
    pairedRotationErrorDeg: +pairedErr.rotationDeg.toFixed(4),
    pairedTranslationErrorMm: +pairedErr.translationMm.toFixed(4),
    kdTreeBuildMs: +median(buildMs).toFixed(2),
    icpSeconds: +median(icpTotalS).toFixed(4),
    icpWithoutTreeBuildSeconds: +median(icpOnlyS).toFixed(4),
    icpIterations: result.iterations,
    icpRmsMm: +result.rmsMm.toFixed(4),
    icpConditionNumber: +result.conditionNumber.toFixed(1),
    finalRotationErrorDeg: +finalErr.rotationDeg.toFixed(5),
    finalTranslationErrorMm: +finalErr.translationMm.toFixed(5),
    icpFromPerturbedSeconds: +median(rawTotalS).toFixed(4),
    icpFromPerturbedIterations: raw.iterations,
    icpFromPerturbedRotationErrorDeg: +rawErr.rotationDeg.toFixed(5),
    icpFromPerturbedTranslationErrorMm: +rawErr.translationMm.toFixed(5),
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
  return 0;
}
