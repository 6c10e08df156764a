/**
 * The hip cup gizmo of the 3D view (Babylon glue): four knobs around the planned cup's centre —
 * red / green / blue at 40 mm toward the patient's left (+x), posterior (+y) and superior (+z), each
 * dragged along its axis to move the cup; yellow on the cup axis, dragged freely to aim the opening —
 * with lines from the centre. Positions cross the engine boundary only through the pure conversions of
 * src/planning/cupPose.ts (which use src/core/engineFrame.ts); the owner receives LPS poses: throttled
 * while dragging (`final` false: cheap metrics), then once at the end (`final` true: the plan is kept
 * and the expensive work may run). A refused pose leaves the plan unchanged: the knobs go back to it.
 * The canvas carries `data-cup-gizmo`: screen positions (CSS px) of the centre and of each knob, and of
 * each translation knob moved 10 mm along its axis, for tests and tooling.
 */
import type { LinesMesh } from '@babylonjs/core/Meshes/linesMesh';
import { CreateLineSystem } from '@babylonjs/core/Meshes/Builders/linesBuilder';
import { Color4 } from '@babylonjs/core/Maths/math.color';
import { Vector3 } from '@babylonjs/core/Maths/math.vector';
import type { Observer } from '@babylonjs/core/Misc/observable';
import type { Scene } from '@babylonjs/core/scene';
import { METRES_PER_MM, engineDirectionFromLps, type PointEngineM } from '../core/engineFrame';
import { CUP_GIZMO_ARM_MM, CUP_GIZMO_HANDLES, CUP_TRANSLATION_AXES_LPS, cupGizmoHandlesEngine, cupPoseFromHandle, type CupGizmoHandle, type CupPoseLps } from '../planning/cupPose';
import { claimPointerDown, createKnob, screenPointsPx, throttled, type Knob } from './knobGizmo';
import type { TwinScene } from './twinScene';

/** What the gizmo reports. */
export interface CupGizmoActions {
  /** The cup dragged to `pose` (LPS); `final` at the end of the drag. */
  onPose: (pose: CupPoseLps, final: boolean) => void;
}

const COLOURS: Record<CupGizmoHandle, [number, number, number]> = { L: [0.95, 0.25, 0.2], P: [0.3, 0.85, 0.3], S: [0.3, 0.5, 1], axis: [1, 0.85, 0.1] };
/** Live updates while dragging at most this often (ms): the metrics are recomputed on each. */
const LIVE_MS = 60;

/** The cup gizmo of one twin scene. */
export class HipCupGizmo {
  private readonly scene: Scene;
  private readonly knobs: Record<CupGizmoHandle, Knob>;
  private lines: LinesMesh | null = null;
  private pose: CupPoseLps | null = null;
  private drag: { handle: CupGizmoHandle; start: CupPoseLps; last: CupPoseLps } | null = null;
  private readonly live = throttled<CupPoseLps>(LIVE_MS, (p) => this.actions.onPose(p, false));
  private readonly observer: Observer<Scene>;
  private lastScreen = '';

  constructor(private readonly twin: TwinScene, private readonly actions: CupGizmoActions) {
    this.scene = twin.babylonScene;
    const make = (h: CupGizmoHandle): Knob => createKnob(this.scene, `cup gizmo ${h}`, COLOURS[h], (h === 'axis' ? 9 : 7) * METRES_PER_MM, {
      onStart: () => {
        if (this.pose) this.drag = { handle: h, start: this.pose, last: this.pose };
      },
      onMove: (p) => this.moved(h, p),
      onEnd: (p) => this.ended(h, p),
    });
    this.knobs = { L: make('L'), P: make('P'), S: make('S'), axis: make('axis') };
    const meshes = new Set(Object.values(this.knobs).map((k) => k.mesh));
    claimPointerDown(this.scene, (m) => meshes.has(m as never));
    this.observer = this.scene.onAfterRenderObservable.add(() => this.publishScreen());
  }

  /** Shows the gizmo on the plan's cup pose (null or not shown: hidden). Ignored while a knob is dragged. */
  render(pose: CupPoseLps | null, shown: boolean): void {
    if (this.drag) return;
    if (!pose || !shown) {
      this.pose = null;
      this.placedKey = '';
      for (const k of Object.values(this.knobs)) k.mesh.setEnabled(false);
      this.lines?.setEnabled(false);
      return;
    }
    const key = JSON.stringify(pose);
    if (key === this.placedKey && this.knobs.axis.mesh.isEnabled()) return;
    this.placedKey = key;
    this.pose = pose;
    this.place(pose);
  }

  /** The pose last placed from the plan (the knobs are not rebuilt for an unrelated state change). */
  private placedKey = '';

  private place(pose: CupPoseLps): void {
    const e = cupGizmoHandlesEngine(pose);
    for (const h of CUP_GIZMO_HANDLES) {
      const k = this.knobs[h];
      k.place(e[h], h === 'axis' ? null : engineDirectionFromLps(CUP_TRANSLATION_AXES_LPS[h]));
      k.mesh.setEnabled(true);
    }
    const c = new Vector3(...e.centre);
    const lines = CUP_GIZMO_HANDLES.map((h) => [c, this.knobs[h].mesh.position.clone()]);
    const colors = CUP_GIZMO_HANDLES.map((h) => [new Color4(...COLOURS[h], 1), new Color4(...COLOURS[h], 1)]);
    if (!this.lines) {
      this.lines = CreateLineSystem('cup gizmo lines', { lines, colors, updatable: true, useVertexAlpha: false }, this.scene);
      this.lines.renderingGroupId = 1;
      this.lines.isPickable = false;
    } else CreateLineSystem('cup gizmo lines', { lines, instance: this.lines }, this.scene);
    this.lines.setEnabled(true);
  }

  private moved(handle: CupGizmoHandle, p: PointEngineM): void {
    if (!this.drag || this.drag.handle !== handle) return;
    try {
      this.drag.last = cupPoseFromHandle(this.drag.start, handle, p);
    } catch {
      return; // the aim knob on the centre: no axis; keep the last pose
    }
    this.pose = this.drag.last;
    this.place(this.drag.last);
    this.live.push(this.drag.last);
  }

  private ended(handle: CupGizmoHandle, p: PointEngineM): void {
    this.moved(handle, p);
    const d = this.drag;
    this.live.cancel();
    this.drag = null;
    this.placedKey = '';
    if (d) this.actions.onPose(d.last, true);
  }

  private publishScreen(): void {
    const canvas = this.twin.canvasElement;
    let text = '';
    if (this.pose && this.knobs.axis.mesh.isEnabled()) {
      const e = cupGizmoHandlesEngine(this.pose);
      const ten = (h: 'L' | 'P' | 'S'): PointEngineM => {
        const d = engineDirectionFromLps(CUP_TRANSLATION_AXES_LPS[h]);
        return [e[h][0] + d[0] * 10 * METRES_PER_MM, e[h][1] + d[1] * 10 * METRES_PER_MM, e[h][2] + d[2] * 10 * METRES_PER_MM];
      };
      const s = screenPointsPx(this.scene, canvas, [e.centre, e.L, e.P, e.S, e.axis, ten('L'), ten('P'), ten('S')]);
      if (s) text = JSON.stringify({ armMm: CUP_GIZMO_ARM_MM, centre: s[0], L: s[1], P: s[2], S: s[3], axis: s[4], L10: s[5], P10: s[6], S10: s[7], centreLps: this.pose.centreLps.map((v) => Math.round(v * 1000) / 1000) });
    }
    if (text !== this.lastScreen) {
      this.lastScreen = text;
      canvas.dataset.cupGizmo = text;
    }
  }

  /** Runs `fn` on a frame rendered without the gizmo (a picture of the plan for the report), then shows it again. */
  hiddenWhile<T>(fn: () => T): T {
    const meshes = [...Object.values(this.knobs).map((k) => k.mesh), ...(this.lines ? [this.lines] : [])];
    const was = meshes.map((m) => m.isEnabled());
    if (!was.some(Boolean)) return fn();
    for (const m of meshes) m.setEnabled(false);
    try {
      this.twin.renderOnce();
      return fn();
    } finally {
      meshes.forEach((m, n) => m.setEnabled(was[n]));
    }
  }

  /** Removes the gizmo from the scene. */
  dispose(): void {
    this.live.cancel();
    this.scene.onAfterRenderObservable.remove(this.observer);
    for (const k of Object.values(this.knobs)) k.mesh.dispose(false, true);
    this.lines?.dispose();
  }
}
