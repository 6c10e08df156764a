/**
 * The WebXR session of the overlay (Babylon `WebXRDefaultExperience`), offline: no controller models,
 * no online profile repository, no hand meshes, no near interaction, no teleportation (a teleport would
 * move the world against the real patient). `immersive-ar` (passthrough) where offered, else
 * `immersive-vr`; reference space `local-floor`.
 *
 * World = reference space: the scene is right-handed (poses come back unflipped) and the XR camera's
 * first-frame "compensation" (Babylon moves the reference space so the XR camera starts where the
 * desktop camera was) is cancelled in `onInitialXRPoseSetObservable`, so the Babylon world of the
 * overlay IS the session's `local-floor` space in AR and in VR (the e2e checks this with the emulator).
 *
 * Tool tip = the controller's pointer-ray origin (target-ray space). A trigger press (`selectstart`)
 * gives the tip position read from the event's XRFrame in Babylon's reference space (fallback: the
 * pointer mesh), unless the ray is on the panel (then it is a button press). Anchors: the anchor system
 * is requested as an OPTIONAL feature; without it everything works, unanchored.
 *
 * Hands (optional 'hand-tracking' feature, Babylon's `WebXRHandTracking` with its default hand meshes
 * OFF — they would be fetched from a CDN — and small joint spheres instead): each frame the thumb-tip and
 * index-tip joint poses are read from the XRFrame and fed to a {@link PinchDetector} per hand; a pinch
 * start is a "trigger" at the pinch point (midpoint of the tips, ./pinch.ts), its end a release. The
 * system's own `select` of a hand (the runtime's pinch) is NOT a pick: it only drives Babylon's
 * pointer selection, i.e. presses panel buttons with the hand ray. A pinch while the hand ray is on
 * the panel is a button press, not a pick, like a trigger. Pointer selection runs on every controller
 * and hand (`enablePointerSelectionOnAllControllers`): with Babylon's default (one "attached"
 * controller) the first trigger of the other hand on the panel only switched controllers, and its
 * ray, not being cast, could not tell a panel press from a pick. Every input gets Babylon's generic
 * trigger motion controller (registered here, forced as the profile): pointer selection presses GUI
 * buttons through a motion controller's select component, and offline none was found for any input.
 */
import type { Scene } from '@babylonjs/core/scene';
import { WebXRDefaultExperience } from '@babylonjs/core/XR/webXRDefaultExperience';
import { WebXRState } from '@babylonjs/core/XR/webXRTypes';
import type { WebXRInputSource } from '@babylonjs/core/XR/webXRInputSource';
import { WebXRAnchorSystem } from '@babylonjs/core/XR/features/WebXRAnchorSystem';
import type { IWebXRAnchor } from '@babylonjs/core/XR/features/WebXRAnchorSystem';
import { Quaternion, Vector3 } from '@babylonjs/core/Maths/math.vector';
// Side effect: registers Babylon's generic trigger motion controller (Babylon 9's WebXRInput imports the
// manager's pure module only, which registers no controller: offline, every input stayed without a
// motion controller, so pointer selection never pressed a GUI button).
import '@babylonjs/core/XR/motionController/webXRMotionControllerManager';
import type { PointXrM, RigidTransformM } from './frames';
import { composeTransformsM, invertTransformM } from './frames';
import { transformMFromMatrix4 } from './record';
import { PinchDetector, pinchDistanceMm, pinchPointXrM } from './pinch';

/** The immersive modes this browser offers (and why none, when none). */
export interface XrSupport {
  ar: boolean;
  vr: boolean;
  /** Why the Enter-headset button is disabled, or null. */
  reason: string | null;
}

/** Asks `navigator.xr` which immersive modes are supported. */
export async function detectXrSupport(): Promise<XrSupport> {
  const xr = (navigator as Navigator & { xr?: { isSessionSupported(mode: string): Promise<boolean> } }).xr;
  if (!xr) return { ar: false, vr: false, reason: 'this browser has no WebXR (navigator.xr is missing; a headset browser or https is needed)' };
  const ask = async (mode: string): Promise<boolean> => {
    try {
      return await xr.isSessionSupported(mode);
    } catch {
      return false;
    }
  };
  const [ar, vr] = await Promise.all([ask('immersive-ar'), ask('immersive-vr')]);
  return { ar, vr, reason: ar || vr ? null : 'WebXR is present but no immersive session is supported here (no headset connected)' };
}

/** A trigger event of a controller. */
export interface XrTrigger {
  /** 'left' | 'right' | 'none'. */
  hand: string;
  /** Tool tip, XR metres. */
  tipXrM: PointXrM;
  /** The ray was on the panel: a button press, not a pick. */
  onPanel: boolean;
  /** What made it: a controller trigger or a hand pinch. */
  input: 'trigger' | 'pinch';
}

/** A tracked hand this frame (XR metres). */
export interface XrHandState {
  /** Thumb–index tip distance (mm). */
  distanceMm: number;
  /** Midpoint of the tips: the pinch's tool tip. */
  pointXrM: PointXrM;
  pinching: boolean;
}

/** Callbacks of {@link XrSession}. */
export interface XrSessionHooks {
  onTriggerStart(e: XrTrigger): void;
  onTriggerEnd(e: XrTrigger): void;
  /** Each XR frame, with the current tips by hand (a tracked hand's tip is its pinch point) and the tracked hands. */
  onFrame(tips: Map<string, PointXrM>, hands: Map<string, XrHandState>): void;
  /** Entered (mode) or left (null) the immersive session. */
  onSessionChange(mode: string | null): void;
}

/** A Babylon Matrix (row-vector layout) of a rigid pose, as a column-vector transform in metres. */
function transformOfBabylon(m: { m: ArrayLike<number> }): RigidTransformM {
  const a = m.m;
  const rowMajor = [a[0], a[4], a[8], a[12], a[1], a[5], a[9], a[13], a[2], a[6], a[10], a[14], a[3], a[7], a[11], a[15]];
  return transformMFromMatrix4(rowMajor, 'anchor');
}

/** The overlay's immersive session. */
export class XrSession {
  private mode: string | null = null;
  private anchor: IWebXRAnchor | null = null;
  private readonly controllers = new Map<string, WebXRInputSource>();
  private readonly pinches = new Map<string, PinchDetector>();
  private readonly hands = new Map<string, XrHandState>();

  private constructor(readonly experience: WebXRDefaultExperience, private readonly hooks: XrSessionHooks, private readonly isPanel: (mesh: unknown) => boolean) {}

  /**
   * Creates the default experience with the offline options (no session yet).
   * @param framebufferScaleFactor - XR framebuffer resolution relative to the device's (1 on a headset;
   *   the emulator in tests uses less, since its frames are rendered by the CPU)
   */
  static async create(scene: Scene, hooks: XrSessionHooks, isPanel: (mesh: unknown) => boolean, framebufferScaleFactor = 1): Promise<XrSession> {
    if (!scene.useRightHandedSystem) throw new Error('the XR scene must be right-handed');
    const experience = await WebXRDefaultExperience.CreateAsync(scene, {
      outputCanvasOptions: { canvasOptions: { framebufferScaleFactor, antialias: framebufferScaleFactor >= 1, alpha: true, depth: true, stencil: true } },
      disableDefaultUI: true,
      disableTeleportation: true,
      disableNearInteraction: true,
      disableHandTracking: false,
      handSupportOptions: {
        // Offline: no default hand meshes (Babylon fetches them and their shader from its CDN); the
        // joints are drawn as small spheres (Babylon's icosphere instances, built here).
        handMeshes: { disableDefaultMeshes: true },
        jointMeshes: { invisible: false },
      },
      pointerSelectionOptions: { enablePointerSelectionOnAllControllers: true },
      // Every input (Quest/Pico/Vive controllers, hands of any runtime) as Babylon's generic trigger:
      // the select button is gamepad button 0 in the xr-standard mapping (trigger, or a hand's pinch).
      inputOptions: { doNotLoadControllerMeshes: true, disableOnlineControllerRepository: true, forceInputProfile: 'generic-trigger' },
    });
    const s = new XrSession(experience, hooks, isPanel);
    s.wire();
    return s;
  }

  private wire(): void {
    const base = this.experience.baseExperience;
    // World = local-floor: undo the desktop-camera compensation (see module doc).
    base.onInitialXRPoseSetObservable.add((camera) => {
      camera.position.setAll(0);
      camera.rotationQuaternion.set(0, 0, 0, 1);
    });
    this.experience.input.onControllerAddedObservable.add((c) => this.controllers.set(c.uniqueId, c));
    this.experience.input.onControllerRemovedObservable.add((c) => {
      this.controllers.delete(c.uniqueId);
      this.pinches.delete(c.uniqueId);
      this.hands.delete(c.uniqueId);
    });
    base.onStateChangedObservable.add((state) => {
      if (state === WebXRState.IN_XR) {
        const session = base.sessionManager.session;
        session.addEventListener('selectstart', (ev) => this.trigger(ev as XRInputSourceEvent, true));
        session.addEventListener('selectend', (ev) => this.trigger(ev as XRInputSourceEvent, false));
        this.hooks.onSessionChange(this.mode);
      } else if (state === WebXRState.NOT_IN_XR) {
        this.mode = null;
        this.anchor = null;
        this.pinches.clear();
        this.hands.clear();
        this.hooks.onSessionChange(null);
      }
    });
    base.sessionManager.onXRFrameObservable.add((frame) => {
      this.updateHands(frame);
      const hands = new Map<string, XrHandState>();
      for (const [id, h] of this.hands) {
        const c = this.controllers.get(id);
        if (c) hands.set(c.inputSource.handedness, h);
      }
      this.hooks.onFrame(this.tips(), hands);
    });
  }

  /** Reads the thumb and index tips of every tracked hand and runs its pinch detector. */
  private updateHands(frame: XRFrame): void {
    const ref = this.experience.baseExperience.sessionManager.referenceSpace;
    for (const c of this.controllers.values()) {
      const hand = c.inputSource.hand as unknown as Map<string, XRJointSpace> | undefined;
      if (!hand) continue;
      const joint = (name: string): PointXrM | null => {
        const space = hand.get(name);
        const pose = space && frame.getJointPose ? frame.getJointPose(space, ref) : undefined;
        if (!pose) return null;
        const p = pose.transform.position;
        return [p.x, p.y, p.z];
      };
      const thumb = joint('thumb-tip');
      const index = joint('index-finger-tip');
      let detector = this.pinches.get(c.uniqueId);
      if (!detector) this.pinches.set(c.uniqueId, (detector = new PinchDetector()));
      const distanceMm = thumb && index ? pinchDistanceMm(thumb, index) : null;
      const lastPoint = this.hands.get(c.uniqueId)?.pointXrM ?? null;
      const event = detector.update(distanceMm);
      if (thumb && index && distanceMm !== null) this.hands.set(c.uniqueId, { distanceMm, pointXrM: pinchPointXrM(thumb, index), pinching: detector.pinching });
      else this.hands.delete(c.uniqueId);
      const pointXrM = this.hands.get(c.uniqueId)?.pointXrM ?? lastPoint;
      if (!event || !pointXrM) continue;
      const onPanel = this.isPanel(this.experience.pointerSelection?.getMeshUnderPointer(c.uniqueId));
      const e: XrTrigger = { hand: c.inputSource.handedness, tipXrM: pointXrM, onPanel, input: 'pinch' };
      if (event === 'start') this.hooks.onTriggerStart(e);
      else this.hooks.onTriggerEnd(e);
    }
  }

  private controllerOf(source: XRInputSource): WebXRInputSource | null {
    for (const c of this.controllers.values()) if (c.inputSource === source) return c;
    return null;
  }

  private trigger(ev: XRInputSourceEvent, start: boolean): void {
    const source = ev.inputSource;
    if (source.hand) return; // the runtime's pinch: panel presses only (pointer selection); picks come from updateHands
    const c = this.controllerOf(source);
    let tip: PointXrM | null = null;
    try {
      const pose = ev.frame.getPose(source.targetRaySpace, this.experience.baseExperience.sessionManager.referenceSpace);
      if (pose) tip = [pose.transform.position.x, pose.transform.position.y, pose.transform.position.z];
    } catch {
      tip = null; // frame not active: use Babylon's pointer below
    }
    if (!tip && c) tip = [c.pointer.position.x, c.pointer.position.y, c.pointer.position.z];
    if (!tip) return;
    const onPanel = !!c && this.isPanel(this.experience.pointerSelection?.getMeshUnderPointer(c.uniqueId));
    const e: XrTrigger = { hand: source.handedness, tipXrM: tip, onPanel, input: 'trigger' };
    if (start) this.hooks.onTriggerStart(e);
    else this.hooks.onTriggerEnd(e);
  }

  /** Current tool tips by hand, XR metres: a controller's pointer-ray origin, a tracked hand's pinch point. */
  tips(): Map<string, PointXrM> {
    const out = new Map<string, PointXrM>();
    for (const c of this.controllers.values()) {
      if (c.inputSource.hand) {
        const h = this.hands.get(c.uniqueId);
        if (h) out.set(c.inputSource.handedness, h.pointXrM);
        continue;
      }
      const p = c.pointer.position;
      out.set(c.inputSource.handedness, [p.x, p.y, p.z]);
    }
    return out;
  }

  /** Enters `immersive-ar` or `immersive-vr` (local-floor), asking for anchors as optional. */
  async enter(mode: 'immersive-ar' | 'immersive-vr'): Promise<void> {
    const fm = this.experience.baseExperience.featuresManager;
    try {
      fm.enableFeature(WebXRAnchorSystem.Name, 'latest', { doNotRemoveAnchorsOnSessionEnded: false }, true, false);
    } catch {
      // anchors unavailable in this Babylon build: carry on without
    }
    this.mode = mode;
    await this.experience.baseExperience.enterXRAsync(mode, 'local-floor');
  }

  /** Leaves the session. */
  async exit(): Promise<void> {
    if (this.experience.baseExperience.state === WebXRState.IN_XR) await this.experience.baseExperience.exitXRAsync();
  }

  /** Current session mode, or null. */
  get sessionMode(): string | null {
    return this.mode;
  }

  /** Whether the running session granted the 'anchors' feature. */
  get anchorsAvailable(): boolean {
    const session = this.experience.baseExperience.sessionManager.session as (XRSession & { enabledFeatures?: string[] }) | undefined;
    const enabled = session?.enabledFeatures;
    const feature = this.experience.baseExperience.featuresManager.getEnabledFeature(WebXRAnchorSystem.Name);
    return !!feature && (enabled ? enabled.includes('anchors') : typeof (globalThis as { XRAnchor?: unknown }).XRAnchor !== 'undefined');
  }

  /**
   * Creates an anchor at the pose's origin (the patient frame) and returns `anchorFromPatient`, or null
   * (with no error) when the session has no anchors or the runtime refuses.
   */
  async anchorPose(xrFromPatient: RigidTransformM): Promise<{ anchorFromPatient: RigidTransformM; xrFromAnchor: RigidTransformM } | null> {
    if (!this.anchorsAvailable) return null;
    const sys = this.experience.baseExperience.featuresManager.getEnabledFeature(WebXRAnchorSystem.Name) as WebXRAnchorSystem | null;
    if (!sys) return null;
    try {
      this.anchor?.remove();
      const t = xrFromPatient.translationM;
      const anchor = await sys.addAnchorAtPositionAndRotationAsync(new Vector3(t[0], t[1], t[2]), Quaternion.Identity(), false);
      this.anchor = anchor;
      const xrFromAnchor = transformOfBabylon(anchor.transformationMatrix);
      // anchorFromPatient = anchorFromXr ∘ xrFromPatient; later xrFromPatient = xrFromAnchor(now) ∘ it (REG-05).
      return { anchorFromPatient: composeTransformsM(invertTransformM(xrFromAnchor), xrFromPatient), xrFromAnchor };
    } catch {
      return null;
    }
  }

  /** The current `xrFromAnchor` of the anchor made by {@link anchorPose}, or null. */
  currentAnchorPose(): RigidTransformM | null {
    if (!this.anchor || this.anchor._removed) return null;
    return transformOfBabylon(this.anchor.transformationMatrix);
  }
}
