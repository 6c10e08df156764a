/**
 * The knee cut-plane gizmo of the 3D view (Babylon glue): on each drawn cut plane, a depth knob at the
 * plane's point on the reference line (dragged along the plane normal: a parallel shift), a medial
 * knob 30 mm medially (dragged along the bone axis: a rotation about the AP line, varus/valgus) and,
 * on the tibia, a posterior knob 30 mm posteriorly (along the axis: a rotation about the ML line,
 * posterior slope). The geometry and signs are those of src/planning/kneeCutPose.ts (kneeResection.ts
 * conventions, left and right); engine positions cross through src/core/engineFrame.ts only. The owner
 * receives the new depth / varus-valgus / slope throttled while dragging and once at the end (`final`:
 * the worker recomputes the resected volumes). The canvas carries `data-knee-gizmo`: per bone, the
 * screen positions (CSS px) of each knob and of the knob moved 10 mm along its drag direction.
 */
import type { Observer } from '@babylonjs/core/Misc/observable';
import type { Scene } from '@babylonjs/core/scene';
import { METRES_PER_MM, engineDirectionFromLps, engineFromLps, type PointEngineM } from '../core/engineFrame';
import type { Vec3 } from '../core/vec3';
import { add, scale } from '../core/vec3';
import { kneeCutFrame, kneeCutHandleDirectionLps, kneeCutHandlesLps, kneeCutPoseFromHandle, type KneeCutBone, type KneeCutFrame, type KneeCutHandle, type KneeCutPose } from '../planning/kneeCutPose';
import type { ResectionPlane } from '../planning/kneeResection';
import type { Side } from '../planning/validate';
import { claimPointerDown, createKnob, screenPointsPx, throttled, type Knob } from './knobGizmo';
import type { TwinScene } from './twinScene';

/** One computed cut as the plan gives it. */
export interface KneeGizmoCut {
  plane: ResectionPlane;
  axisUnitLps: Vec3;
  /** The pose the plane was computed with (slope 0 for the femur). */
  pose: KneeCutPose;
}

/** What the gizmo shows. */
export interface KneeGizmoInput {
  side: Side;
  femur: KneeGizmoCut | null;
  tibia: KneeGizmoCut | null;
}

/** What the gizmo reports. */
export interface KneeGizmoActions {
  /** A cut dragged to `pose`; `final` at the end of the drag. */
  onCut: (bone: KneeCutBone, pose: KneeCutPose, final: boolean) => void;
}

const HANDLES: readonly KneeCutHandle[] = ['depth', 'varus', 'slope'];
const COLOURS: Record<KneeCutBone, Record<KneeCutHandle, [number, number, number]>> = {
  femur: { depth: [1, 0.6, 0.15], varus: [1, 0.85, 0.5], slope: [1, 1, 1] },
  tibia: { depth: [0.25, 0.55, 1], varus: [0.55, 0.8, 1], slope: [0.1, 0.9, 0.85] },
};
const LIVE_MS = 60;

/** The cut-plane knobs of one twin scene. */
export class KneeCutGizmo {
  private readonly scene: Scene;
  private readonly knobs: Record<KneeCutBone, Record<KneeCutHandle, Knob>>;
  private shown: Record<KneeCutBone, { frame: KneeCutFrame; pose: KneeCutPose } | null> = { femur: null, tibia: null };
  private drag: { bone: KneeCutBone; handle: KneeCutHandle; frame: KneeCutFrame; start: KneeCutPose; last: KneeCutPose } | null = null;
  private readonly live = throttled<{ bone: KneeCutBone; pose: KneeCutPose }>(LIVE_MS, (v) => this.actions.onCut(v.bone, v.pose, false));
  private readonly observer: Observer<Scene>;
  private lastScreen = '';

  constructor(private readonly twin: TwinScene, private readonly actions: KneeGizmoActions) {
    this.scene = twin.babylonScene;
    const make = (bone: KneeCutBone, h: KneeCutHandle): Knob => createKnob(this.scene, `knee gizmo ${bone} ${h}`, COLOURS[bone][h], (h === 'depth' ? 8 : 6) * METRES_PER_MM, {
      onStart: () => {
        const s = this.shown[bone];
        if (s) this.drag = { bone, handle: h, frame: s.frame, start: s.pose, last: s.pose };
      },
      onMove: (p) => this.moved(bone, h, p),
      onEnd: (p) => this.ended(bone, h, p),
    });
    const set = (bone: KneeCutBone) => ({ depth: make(bone, 'depth'), varus: make(bone, 'varus'), slope: make(bone, 'slope') });
    this.knobs = { femur: set('femur'), tibia: set('tibia') };
    const meshes = new Set(Object.values(this.knobs).flatMap((k) => Object.values(k).map((x) => x.mesh)));
    claimPointerDown(this.scene, (m) => meshes.has(m as never));
    this.observer = this.scene.onAfterRenderObservable.add(() => this.publishScreen());
  }

  /** Shows the knobs of the given cuts (null or not shown: hidden). Ignored while a knob is dragged. */
  render(input: KneeGizmoInput | null, shown: boolean): void {
    if (this.drag) return;
    for (const bone of ['femur', 'tibia'] as const) {
      const cut = shown && input ? input[bone] : null;
      if (!cut || !input) {
        this.shown[bone] = null;
        for (const k of Object.values(this.knobs[bone])) k.mesh.setEnabled(false);
        continue;
      }
      const frame = kneeCutFrame(bone, input.side, cut, cut.pose.depthMm);
      this.shown[bone] = { frame, pose: cut.pose };
      this.place(bone, frame, cut.pose);
    }
  }

  private place(bone: KneeCutBone, frame: KneeCutFrame, pose: KneeCutPose): void {
    const h = kneeCutHandlesLps(frame, pose);
    for (const name of HANDLES) {
      const k = this.knobs[bone][name];
      const p = h[name];
      if (!p) {
        k.mesh.setEnabled(false);
        continue;
      }
      k.place(engineFromLps(p), engineDirectionFromLps(kneeCutHandleDirectionLps(frame, pose, name)));
      k.mesh.setEnabled(true);
    }
  }

  private moved(bone: KneeCutBone, handle: KneeCutHandle, p: PointEngineM): void {
    const d = this.drag;
    if (!d || d.bone !== bone || d.handle !== handle) return;
    try {
      d.last = kneeCutPoseFromHandle(d.frame, d.start, handle, p);
    } catch {
      return; // a tilt beyond ±89°: keep the last pose
    }
    this.place(bone, d.frame, d.last);
    this.live.push({ bone, pose: d.last });
  }

  private ended(bone: KneeCutBone, handle: KneeCutHandle, p: PointEngineM): void {
    this.moved(bone, handle, p);
    const d = this.drag;
    this.live.cancel();
    this.drag = null;
    if (d) this.actions.onCut(d.bone, d.last, true);
  }

  private publishScreen(): void {
    const canvas = this.twin.canvasElement;
    const out: Record<string, Record<string, number[]>> = {};
    for (const bone of ['femur', 'tibia'] as const) {
      const s = this.shown[bone];
      if (!s || !this.knobs[bone].depth.mesh.isEnabled()) continue;
      const pose = this.drag?.bone === bone ? this.drag.last : s.pose;
      const h = kneeCutHandlesLps(s.frame, pose);
      const row: Record<string, number[]> = {};
      for (const name of HANDLES) {
        const p = h[name];
        if (!p) continue;
        const ten = add(p, scale(kneeCutHandleDirectionLps(s.frame, pose, name), 10));
        const px = screenPointsPx(this.scene, canvas, [engineFromLps(p), engineFromLps(ten)]);
        if (px) row[name] = [...px[0], ...px[1]];
      }
      out[bone] = row;
    }
    const text = Object.keys(out).length ? JSON.stringify(out) : '';
    if (text !== this.lastScreen) {
      this.lastScreen = text;
      canvas.dataset.kneeGizmo = text;
    }
  }

  /** Removes the knobs from the scene. */
  dispose(): void {
    this.live.cancel();
    this.scene.onAfterRenderObservable.remove(this.observer);
    for (const k of Object.values(this.knobs)) for (const x of Object.values(k)) x.mesh.dispose(false, true);
  }
}
