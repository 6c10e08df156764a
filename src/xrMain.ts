/**
 * Entry of xr.html, the headset overlay: the hip phantom twin registered onto the (virtual) patient in
 * WebXR, with its error shown; the same workflow with mouse picks on the desktop when no immersive
 * session is available. Query parameters:
 *
 * - `patientPose=tx,ty,tz[,yaw,pitch,roll]` — KNOWN pose of the virtual patient, `xrFromPatient` in
 *   metres/degrees (default 0,0.9,-0.5,0,-90,0: supine on a table, head away from the user);
 * - `virtualPatient=0` — no virtual patient (a real one is in front of the headset);
 * - `xrMode=immersive-ar|immersive-vr` — force the session mode (default: AR when offered);
 * - `fle=MM` — RMS FLE of the tool tip for the TRE prediction (default 1);
 * - `gridMm=MM` — phantom meshing grid (default 3);
 * - `emulate=quest3` — dev server only: Meta's emulator (see src/xr/xrEmulator.ts);
 * - `case=SERIES` — a case the workstation saved in this browser (instead of the hip phantom): a hip
 *   twin with its planned implants and plan landmarks (target: the cup centre), or a liver twin with its
 *   resection surfaces, proposed surface landmarks and the tumour centroids as targets.
 *
 * Nothing is fetched from the internet (the e2e asserts it).
 */
import { Engine } from '@babylonjs/core/Engines/engine';
import { Scene } from '@babylonjs/core/scene';
import { ArcRotateCamera } from '@babylonjs/core/Cameras/arcRotateCamera';
import { HemisphericLight } from '@babylonjs/core/Lights/hemisphericLight';
import { DirectionalLight } from '@babylonjs/core/Lights/directionalLight';
import { Color3, Color4 } from '@babylonjs/core/Maths/math.color';
import { Vector3 } from '@babylonjs/core/Maths/math.vector';
import { describeError } from './core/errors';
import { parsePatientPose } from './xr/frames';
import { hipRegistrationPlan } from './xr/landmarks';
import { buildPhantomTwin } from './xr/phantomTwin';
import { loadCaseOverlay } from './xr/caseTwin';
import { RegistrationWorkflow } from './xr/workflow';
import { OverlayController } from './xr/xrController';
import { DomPanel } from './xr/xrDomPanel';
import { installEmulatorIfRequested } from './xr/xrEmulator';
import { XrOverlayScene } from './xr/xrOverlayScene';
import { XrPanel } from './xr/xrPanel';
import { XrSession, detectXrSupport } from './xr/xrSession';

const DEFAULT_PATIENT_POSE = '0,0.9,-0.5,0,-90,0';

async function main(): Promise<void> {
  const root = document.querySelector<HTMLElement>('[data-testid="xr-app"]')!;
  const params = new URLSearchParams(location.search);
  const enterButton = document.querySelector<HTMLButtonElement>('[data-testid="xr-enter"]')!;
  const reason = document.querySelector<HTMLElement>('[data-testid="xr-support-reason"]')!;
  try {
    const emulator = await installEmulatorIfRequested(params);
    if (emulator) (window as unknown as { __jumeauXrDevice: unknown }).__jumeauXrDevice = emulator;
    const patientPose = params.get('virtualPatient') === '0' ? null : parsePatientPose(params.get('patientPose') ?? DEFAULT_PATIENT_POSE);
    const caseId = params.get('case');
    const fromCase = caseId ? await loadCaseOverlay(caseId) : null;
    const twin = fromCase?.twin ?? buildPhantomTwin({ gridMm: params.has('gridMm') ? Number(params.get('gridMm')) : 3 });
    const plan = fromCase?.plan ?? hipRegistrationPlan(twin.landmarksLps);
    root.dataset.twinSource = fromCase ? `case: ${fromCase.description}` : 'hip phantom';
    root.dataset.landmarks = String(plan.landmarks.length);
    // The plan as registered (LPS mm): what is picked, what is checked, where the error is predicted.
    root.dataset.plannedLandmarks = JSON.stringify(plan.landmarks.map((l) => ({ name: l.name, label: l.label, pointLps: l.pointLps })));
    root.dataset.targets = JSON.stringify(plan.targets.map((t) => ({ name: t.name, label: t.label, pointLps: t.pointLps })));
    root.dataset.segments = twin.segments.map((s) => s.name).join('|');

    const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="xr-canvas"]')!;
    const engine = new Engine(canvas, true, { preserveDrawingBuffer: true, stencil: true, xrCompatible: true }, true);
    const scene = new Scene(engine);
    scene.useRightHandedSystem = true; // WebXR and LPS are right-handed: no z flip, no winding flip
    scene.clearColor = new Color4(0.06, 0.07, 0.09, 1);
    const hemi = new HemisphericLight('ambient', new Vector3(0, 1, 0.3), scene);
    hemi.intensity = 0.7;
    hemi.groundColor = new Color3(0.25, 0.25, 0.28);
    const key = new DirectionalLight('key', new Vector3(-0.3, -1, -0.4), scene);
    key.intensity = 0.6;

    const overlay = new XrOverlayScene(scene, { segments: twin.segments, landmarks: plan.landmarks, virtualPatientPose: patientPose, plannedNames: twin.plannedNames });
    const camera = new ArcRotateCamera('desktop camera', Math.PI / 2, Math.PI / 3.2, 1.2, overlay.twinCentre(), scene);
    camera.minZ = 0.01;
    camera.wheelPrecision = 300;
    camera.attachControl(canvas, true);

    const workflow = new RegistrationWorkflow({ landmarks: plan.landmarks, targets: plan.targets, fleRmsMm: params.has('fle') ? Number(params.get('fle')) : 1, surface: twin.surface });
    let controller: OverlayController | null = null;
    const panel = new XrPanel(scene, {
      undo: () => controller?.undo(),
      toggleTrace: () => controller?.toggleTrace(),
      refine: () => controller?.refine(),
      acceptOrUnlock: () => controller?.acceptOrUnlock(),
      toggleCheck: () => controller?.toggleCheck(),
      nudge: (a, s) => controller?.nudge(a, s),
      rotate: (s) => controller?.rotate(s),
      toggleSegment: (n) => controller?.toggleSegment(n),
      changeOpacity: (d) => controller?.changeOpacity(d),
      toggleOutline: () => controller?.toggleOutline(),
      toggleClip: () => controller?.toggleClip(),
      moveClip: (d) => controller?.moveClip(d),
      exitXr: () => controller?.exitXr(),
    }, twin.segments.map((s) => s.name));
    if (patientPose) panel.placeNear(patientPose.translationM);
    // Tests (emulator only): where each panel button is, to aim the emulated controller's ray at it.
    if (import.meta.env.DEV && emulator) (window as unknown as { __jumeauXrPanel: unknown }).__jumeauXrPanel = { buttonTargetXr: (key: string) => panel.buttonTargetXr(key) };
    panel.setVisible(false);
    controller = new OverlayController(scene, workflow, overlay, panel, plan.checkPoints, root);
    const dom = new DomPanel(root, document.querySelector<HTMLElement>('[data-testid="xr-panel"]')!, document.querySelector<HTMLElement>('[data-testid="xr-badge"]')!, controller, twin.segments.map((s) => s.name), plan.checkPoints);
    controller.dom = dom;
    const saved = controller.savedRecord();
    if (saved) dom.showSaved(`A registration saved ${saved.savedAt} (${saved.sessionMode}) can be restored`);

    // Desktop fallback: a click (not a drag) on the virtual patient is the tool tip.
    let down: { x: number; y: number; t: number } | null = null;
    canvas.addEventListener('pointerdown', (ev) => (down = { x: ev.offsetX, y: ev.offsetY, t: ev.timeStamp }));
    canvas.addEventListener('pointerup', (ev) => {
      const d = down;
      down = null;
      if (!d || controller!.session?.sessionMode || ev.button !== 0) return;
      if (Math.hypot(ev.offsetX - d.x, ev.offsetY - d.y) > 4 || ev.timeStamp - d.t > 600) return; // a drag turns the view
      const hit = overlay.pickVirtualPatient(ev.offsetX, ev.offsetY);
      if (hit) controller!.handlePoint(hit.pointXrM);
    });

    // XR support and the Enter button.
    const support = await detectXrSupport();
    const forced = params.get('xrMode');
    const mode: 'immersive-ar' | 'immersive-vr' | null = forced === 'immersive-vr' || forced === 'immersive-ar' ? forced : support.ar ? 'immersive-ar' : support.vr ? 'immersive-vr' : null;
    root.dataset.xrSupport = [support.ar ? 'immersive-ar' : '', support.vr ? 'immersive-vr' : ''].filter(Boolean).join(' ');
    enterButton.disabled = !mode;
    reason.textContent = mode ? `${mode === 'immersive-ar' ? 'Passthrough (immersive-ar)' : 'Immersive VR'} available${emulator ? ' — emulated Meta Quest 3 (dev only)' : ''}` : `Headset unavailable: ${support.reason}. The workflow works here with the mouse.`;
    enterButton.title = mode ? '' : support.reason ?? '';
    controller.onEnter = () => {
      if (!mode) return;
      void (async () => {
        try {
          controller!.session ??= await XrSession.create(scene, {
            onTriggerStart: (e) => controller!.triggerStart(e),
            onTriggerEnd: (e) => controller!.triggerEnd(e),
            onFrame: (tips, hands) => controller!.frame(tips, hands),
            onSessionChange: (m) => {
              root.dataset.session = m ?? 'none';
              panel.setVisible(!!m);
              if (!m) camera.attachControl(canvas, true);
              controller!.refresh();
            },
          }, (mesh) => panel.isPanel(mesh), emulator ? 0.5 : 1);
          await controller!.session.enter(mode);
        } catch (e) {
          dom.showError(`Could not start the headset session: ${describeError(e)}`);
        }
      })();
    };
    enterButton.addEventListener('click', () => controller!.enterHeadset());
    controller.onFocus = (p) => {
      camera.setTarget(new Vector3(p[0], p[1], p[2]));
      camera.radius = 0.45;
    };

    engine.runRenderLoop(() => scene.render());
    window.addEventListener('resize', () => engine.resize());
    controller.refresh();
    root.dataset.triangles = String(overlay.twinStats().triangles);
    root.dataset.ready = 'true';
  } catch (e) {
    reason.textContent = `The overlay could not start: ${describeError(e)}`;
    root.dataset.ready = 'error';
    throw e;
  }
}

void main();
