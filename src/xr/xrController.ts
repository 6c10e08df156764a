/**
 * The page controller of the headset overlay: owns the registration workflow and routes every input
 * (a trigger press in XR, a click in the desktop 3D view, a panel button) to it, then shows the result
 * in the overlay scene, the in-headset panel, the badge and the desktop panel. Saves the accepted
 * registration (localStorage, plain JSON) with an anchor-relative pose when the session has anchors.
 */
import type { Scene } from '@babylonjs/core/scene';
import { isJumeauError } from '../core/errors';
import type { Vec3 } from '../core/vec3';
import type { NudgeAxis } from './actions';
import { NUDGE_STEP_MM, ROTATE_STEP_DEG } from './actions';
import type { PointXrM, RigidTransformM } from './frames';
import { composeTransformsM, matrix4OfTransformM } from './frames';
import type { PlannedLandmark } from './landmarks';
import { qualityTexts } from './quality';
import type { RegistrationRecord } from './record';
import { makeRecord, parseRecord } from './record';
import { transformToMatrix4 } from '../registration/rigidTransform';
import type { RegistrationWorkflow } from './workflow';
import type { DesktopActions, DomPanel } from './xrDomPanel';
import type { XrOverlayScene } from './xrOverlayScene';
import type { PanelFlags, XrPanel } from './xrPanel';
import type { XrHandState, XrSession, XrTrigger } from './xrSession';

/** localStorage key of the saved registration. */
export const SAVED_REGISTRATION_KEY = 'jumeau.xr.registration';
/** Minimum tip travel between two traced points (m). */
const TRACE_SPACING_M = 0.003;

/** The overlay page controller (see module doc). */
export class OverlayController implements DesktopActions {
  dom: DomPanel | null = null;
  session: XrSession | null = null;
  private tracing = false;
  private traceHand: string | null = null;
  private lastTrace: PointXrM | null = null;
  private checking = false;
  private checkName: string;
  private clipZLps: number | null = null;
  private anchorFromPatient: RigidTransformM | null = null;
  private shownPose = '';
  private lastCheck = '';
  /** Called to enter the headset (set by the page). */
  onEnter: () => void = () => undefined;
  /** Called to point the desktop view at a point (set by the page). */
  onFocus: (pointXrM: PointXrM) => void = () => undefined;

  constructor(
    private readonly scene: Scene,
    readonly workflow: RegistrationWorkflow,
    readonly overlay: XrOverlayScene,
    readonly panel: XrPanel,
    private readonly checkPoints: readonly PlannedLandmark[],
    private readonly root: HTMLElement,
  ) {
    this.checkName = checkPoints[0]?.name ?? '';
  }

  /** Runs a command; a JumeauError is shown to the user instead of thrown. */
  private guard(run: () => void): void {
    try {
      run();
      this.dom?.showError('');
    } catch (e) {
      if (!isJumeauError(e)) throw e;
      this.dom?.showError(e.message);
      this.root.dataset.lastError = e.code;
    }
    this.refresh();
  }

  /** A tool-tip point from the desktop click or a trigger press: pick, trace or check. */
  handlePoint(pointXrM: PointXrM): void {
    this.guard(() => {
      if (this.checking) {
        const cp = this.checkPoints.find((c) => c.name === this.checkName);
        if (!cp) return;
        const m = this.workflow.checkPoint(cp.name, cp.pointLps, pointXrM);
        this.lastCheck = `${cp.label}: ${m.errorMm.toFixed(2)} mm`;
        this.checking = false;
      } else if (this.tracing) {
        this.workflow.addTracePoint(pointXrM);
      } else {
        this.workflow.pick(pointXrM);
      }
    });
  }

  /** XR trigger pressed or hand pinch started (on the panel: a button press, handled by the GUI, not a pick). */
  triggerStart(e: XrTrigger): void {
    this.root.dataset.lastTrigger = `${e.input} ${e.hand}${e.onPanel ? ' panel' : ''}`;
    if (e.onPanel) return;
    if (this.tracing && !this.checking) {
      this.traceHand = e.hand;
      this.lastTrace = e.tipXrM;
    }
    this.handlePoint(e.tipXrM);
  }

  /** XR trigger released. */
  triggerEnd(e: XrTrigger): void {
    if (e.hand === this.traceHand) this.traceHand = null;
  }

  /** Every XR frame: tips, tracked hands, traced points while the trigger (pinch) is held, badge, anchored pose. */
  frame(tips: Map<string, PointXrM>, hands: Map<string, XrHandState> = new Map()): void {
    for (const [hand, p] of tips) this.overlay.setTip(hand, p);
    const right = tips.get('right');
    if (right) this.root.dataset.tipRight = JSON.stringify(right);
    for (const side of ['left', 'right']) {
      const h = hands.get(side);
      const key = side === 'left' ? 'handLeft' : 'handRight';
      const v = h ? JSON.stringify({ distanceMm: h.distanceMm, pointXrM: h.pointXrM, pinching: h.pinching }) : '';
      if (this.root.dataset[key] !== v) this.root.dataset[key] = v;
    }
    if (this.traceHand && tips.has(this.traceHand)) {
      const p = tips.get(this.traceHand)!;
      const l = this.lastTrace;
      if (!l || Math.hypot(p[0] - l[0], p[1] - l[1], p[2] - l[2]) >= TRACE_SPACING_M) {
        this.lastTrace = p;
        this.handlePoint(p);
      }
    }
    const camera = this.scene.activeCamera;
    if (camera) this.panel.followCamera(camera);
    if (this.anchorFromPatient && this.session) {
      const xrFromAnchor = this.session.currentAnchorPose();
      if (xrFromAnchor) this.showPose(composeTransformsM(xrFromAnchor, this.anchorFromPatient));
    }
  }

  private showPose(p: RigidTransformM | null): void {
    const key = p ? matrix4OfTransformM(p).map((v) => v.toFixed(7)).join(',') : 'none';
    if (key === this.shownPose) return;
    this.shownPose = key;
    this.overlay.setPose(p);
  }

  private flags(): PanelFlags {
    return { locked: this.workflow.phase === 'locked', tracing: this.tracing, checking: this.checking, outline: this.overlay.outlineMode, clip: this.clipZLps !== null, segments: this.overlay.segmentStates() };
  }

  /** Recomputes and shows everything. */
  refresh(): void {
    const e = this.workflow.evaluate();
    const t = qualityTexts(e);
    if (!this.anchorFromPatient || e.phase !== 'locked') this.showPose(e.xrFromPatient);
    this.overlay.markLandmarks(this.workflow.pickList.map((p) => p.name), e.next?.name ?? null);
    this.overlay.showPoints(this.workflow.pickList.map((p) => p.pointXrM), this.workflow.tracePoints);
    const warnings = [...e.warnings, ...(this.lastCheck ? [`Check point ${this.lastCheck}`] : [])];
    if (e.icp) warnings.push(`ICP: ${e.icp.iterations} iterations, RMS ${e.icp.rmsMm.toFixed(2)} mm, condition ${e.icp.conditionNumber.toExponential(1)}`);
    this.panel.update(t, warnings, this.flags());
    const shown = this.panel.texts();
    this.dom?.update(t, warnings, this.flags(), {
      phase: e.phase,
      picks: String(e.pickCount),
      traceCount: String(e.traceCount),
      source: e.source,
      freMm: e.freMm === null ? '' : String(e.freMm),
      treMm: e.targets[0] ? String(e.targets[0].treRmsMm) : '',
      xrFromLps: e.xrMmFromLps ? JSON.stringify(transformToMatrix4(e.xrMmFromLps)) : '',
      pickNames: JSON.stringify(this.workflow.pickList.map((p) => p.name)),
      next: e.next?.name ?? '',
      panelBadge: shown.badge,
      panelFre: shown.fre,
      panelTre: shown.tre,
      panelStep: shown.step,
      lastCheckMm: this.workflow.checks.length ? String(this.workflow.checks[this.workflow.checks.length - 1].errorMm) : '',
    });
  }

  undo(): void {
    this.guard(() => void this.workflow.undo());
  }

  toggleTrace(): void {
    this.tracing = !this.tracing;
    this.traceHand = null;
    this.refresh();
  }

  refine(): void {
    this.guard(() => {
      this.workflow.refineWithIcp();
      this.tracing = false;
    });
  }

  acceptOrUnlock(): void {
    if (this.workflow.phase === 'locked') {
      this.workflow.unlock();
      this.anchorFromPatient = null;
      this.refresh();
      return;
    }
    this.guard(() => {
      const e = this.workflow.accept();
      this.tracing = false;
      void this.save(e.xrFromPatient!);
    });
  }

  private async save(xrFromPatient: RigidTransformM): Promise<void> {
    const anchored = this.session ? await this.session.anchorPose(xrFromPatient) : null;
    this.anchorFromPatient = anchored?.anchorFromPatient ?? null;
    const e = this.workflow.evaluate();
    const rec = makeRecord(e, new Date().toISOString(), this.session?.sessionMode ?? 'desktop', this.workflow.pickList.map((p) => p.name), anchored?.anchorFromPatient);
    try {
      localStorage.setItem(SAVED_REGISTRATION_KEY, JSON.stringify(rec));
      this.dom?.showSaved(`Saved ${rec.savedAt} (${rec.sessionMode}${anchored ? ', anchored' : ', no anchor'})`);
    } catch {
      this.dom?.showSaved('Not saved: this browser refuses local storage');
    }
    this.root.dataset.anchored = String(!!anchored);
    this.root.dataset.saved = 'true';
    this.refresh();
  }

  /** The saved record, or null. */
  savedRecord(): RegistrationRecord | null {
    try {
      const s = localStorage.getItem(SAVED_REGISTRATION_KEY);
      return s ? parseRecord(JSON.parse(s)).record : null;
    } catch {
      return null;
    }
  }

  restoreSaved(): void {
    this.guard(() => {
      const s = localStorage.getItem(SAVED_REGISTRATION_KEY);
      if (!s) {
        this.dom?.showSaved('No saved registration in this browser');
        return;
      }
      const { record, xrMmFromLps } = parseRecord(JSON.parse(s));
      this.workflow.restore(xrMmFromLps, { freMm: record.freMm, targets: record.targets });
      this.dom?.showSaved(`Restored the registration saved ${record.savedAt}`);
    });
  }

  toggleCheck(): void {
    this.checking = !this.checking;
    this.refresh();
  }

  chooseCheckPoint(name: string): void {
    this.checkName = name;
  }

  nudge(axis: NudgeAxis, sign: 1 | -1): void {
    const d: Vec3 = [0, 0, 0];
    d[axis === 'x' ? 0 : axis === 'y' ? 1 : 2] = sign * NUDGE_STEP_MM;
    this.guard(() => void this.workflow.nudge({ translateMm: d }));
  }

  rotate(sign: 1 | -1): void {
    this.guard(() => void this.workflow.nudge({ rotateDeg: sign * ROTATE_STEP_DEG, axisLps: [0, 0, 1] }));
  }

  setFle(mm: number): void {
    this.guard(() => this.workflow.setFle(mm));
  }

  toggleSegment(name: string): void {
    const s = this.overlay.segmentStates().find((x) => x.name === name);
    if (s) this.overlay.setSegmentVisible(name, !s.visible);
    this.refresh();
  }

  changeOpacity(delta: number): void {
    this.setOpacity(this.overlay.overlayOpacity + delta);
    this.dom?.setOpacityValue(this.overlay.overlayOpacity);
  }

  setOpacity(opacity: number): void {
    this.overlay.setOpacity(opacity);
    this.refresh();
  }

  toggleOutline(): void {
    this.overlay.setOutline(!this.overlay.outlineMode);
    this.refresh();
  }

  toggleClip(): void {
    this.clipZLps = this.clipZLps === null ? this.workflow.plannedTargets[0].pointLps[2] : null;
    this.applyClip();
  }

  moveClip(deltaMm: number): void {
    if (this.clipZLps === null) return;
    this.clipZLps += deltaMm;
    this.applyClip();
  }

  /** Axial clip through the target: hides what is superior to it (looks into the joint from above). */
  private applyClip(): void {
    const t = this.workflow.plannedTargets[0].pointLps;
    this.overlay.setClip(this.clipZLps === null ? null : { pointLps: [t[0], t[1], this.clipZLps], normalLps: [0, 0, 1] });
    this.root.dataset.clipZLps = this.clipZLps === null ? '' : String(this.clipZLps);
    this.refresh();
  }

  exitXr(): void {
    void this.session?.exit();
  }

  enterHeadset(): void {
    this.onEnter();
  }

  focusNext(): void {
    const next = this.workflow.nextLandmark();
    const p = next ? this.overlay.virtualLandmarkXr(next.name) : null;
    if (p) this.onFocus(p);
  }
}
