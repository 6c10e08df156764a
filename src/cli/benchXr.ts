/**
 * Overlay-scene benchmark (issue 7): the headset overlay with a full twin (hip phantom meshed at
 * 1.5 mm, ≈ 190 k triangles), rendered by Babylon's NullEngine in Node from a headset position. It is
 * CPU-side scene time only — culling, world matrices, material/effect binding and the draw-call
 * submission to a null GL — with NO GPU work (this machine has none): one view, where a headset
 * renders two. Triangles and draw calls are counted from what the scene submitted. The in-headset GUI
 * panel is left out (its dynamic texture needs a canvas, absent in Node).
 *
 *   npm run bench -- xr [--grid-mm 1.5] [--frames 120] [--json]
 *
 * Last stdout line: {"stage":"xr-overlay","triangles":…,"drawCalls":…,"frameMs":…}.
 */
import { parseArgs } from 'node:util';
import { NullEngine } from '@babylonjs/core/Engines/nullEngine';
import { Scene } from '@babylonjs/core/scene';
import { FreeCamera } from '@babylonjs/core/Cameras/freeCamera';
import { HemisphericLight } from '@babylonjs/core/Lights/hemisphericLight';
import { Vector3 } from '@babylonjs/core/Maths/math.vector';
import { median } from '../core/stats';
import { parsePatientPose, xrFromLps } from '../xr/frames';
import { hipRegistrationPlan } from '../xr/landmarks';
import { buildPhantomTwin } from '../xr/phantomTwin';
import { RegistrationWorkflow } from '../xr/workflow';
import { XrOverlayScene } from '../xr/xrOverlayScene';

/** Parses `argv` (options only), runs the benchmark, prints its JSON line; resolves to the exit code. */
export async function runXrBench(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { 'grid-mm': { type: 'string', default: '1.5' }, frames: { type: 'string', default: '120' }, json: { type: 'boolean', default: false } },
  });
  const gridMm = Number(values['grid-mm']);
  const frames = Number(values.frames);
  if (!(gridMm >= 0.75 && gridMm <= 6) || !Number.isInteger(frames) || frames < 5) {
    process.stderr.write(`--grid-mm must be 0.75–6 and --frames an integer ≥ 5 (got ${values['grid-mm']}, ${values.frames})\n`);
    return 2;
  }
  const log = (s: string): void => void (values.json || process.stderr.write(`${s}\n`));

  const t0 = performance.now();
  const twin = buildPhantomTwin({ gridMm });
  const twinS = (performance.now() - t0) / 1000;
  const plan = hipRegistrationPlan(twin.landmarksLps);
  const pose = parsePatientPose('0,0.9,-0.5,0,-90,0');
  // A registered state: the 5 landmarks picked at their places.
  const workflow = new RegistrationWorkflow({ landmarks: plan.landmarks, targets: plan.targets });
  for (const l of plan.landmarks) workflow.pick(xrFromLps(pose, l.pointLps));
  const e = workflow.accept();

  const engine = new NullEngine({ renderWidth: 1680, renderHeight: 1760, textureSize: 512, deterministicLockstep: false, lockstepMaxSteps: 1 });
  let drawCalls = 0;
  const drawElements = engine.drawElementsType.bind(engine);
  const drawArrays = engine.drawArraysType.bind(engine);
  engine.drawElementsType = (...a: Parameters<typeof drawElements>) => {
    drawCalls++;
    drawElements(...a);
  };
  engine.drawArraysType = (...a: Parameters<typeof drawArrays>) => {
    drawCalls++;
    drawArrays(...a);
  };
  const scene = new Scene(engine);
  scene.useRightHandedSystem = true;
  new HemisphericLight('ambient', new Vector3(0, 1, 0.3), scene);
  const camera = new FreeCamera('headset', new Vector3(0, 1.6, 0), scene);
  camera.setTarget(new Vector3(0, 0.9, -0.5));
  camera.minZ = 0.05;
  const overlay = new XrOverlayScene(scene, { segments: twin.segments, landmarks: plan.landmarks, virtualPatientPose: null });
  overlay.setPose(e.xrFromPatient);
  overlay.markLandmarks(workflow.pickList.map((p) => p.name), null);
  overlay.showPoints(workflow.pickList.map((p) => p.pointXrM), []);
  overlay.setTip('right', [0.05, 1.0, -0.45]);

  // Babylon loads its shader sources asynchronously: wait until every material is ready.
  await scene.whenReadyAsync();
  for (let i = 0; i < 5; i++) scene.render();
  const times: number[] = [];
  let perFrameDraws = 0;
  for (let i = 0; i < frames; i++) {
    // A headset moves every frame: jitter the camera so no matrix stays cached.
    camera.position.set(0.002 * Math.sin(i), 1.6 + 0.001 * Math.cos(i), 0);
    drawCalls = 0;
    const t = performance.now();
    scene.render();
    times.push(performance.now() - t);
    perFrameDraws = drawCalls;
  }
  const triangles = scene.getActiveIndices() / 3;
  const frameMs = median(times);
  log(`twin built in ${twinS.toFixed(2)} s (grid ${gridMm} mm, ${overlay.twinStats().triangles} twin triangles in ${overlay.twinStats().meshes} meshes)`);
  log(`NullEngine, one view, CPU-side scene time only (no GPU): median ${frameMs.toFixed(3)} ms over ${frames} frames, ${triangles} triangles, ${perFrameDraws} draw calls per frame`);
  const out = { stage: 'xr-overlay', triangles, drawCalls: perFrameDraws, frameMs: Number(frameMs.toFixed(3)), twinTriangles: overlay.twinStats().triangles, gridMm, frames, engine: 'NullEngine (CPU-side, no GPU, one view)' };
  process.stdout.write(`${JSON.stringify(out)}\n`);
  scene.dispose();
  engine.dispose();
  return 0;
}
