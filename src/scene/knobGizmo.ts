/**
 * Draggable knobs for the plan gizmos of the 3D view (hip cup, knee cut planes): small spheres drawn
 * over the twin (rendering group 1) that a pointer-down grabs even behind bone, dragged along a world
 * axis or, without one, in the plane facing the camera (Babylon's PointerDragBehavior, which detaches
 * the camera controls while dragging). The knob follows the pointer exactly (`moveAttached` off, the
 * drag deltas summed here, no smoothing lag), and the owner hears every move and the end. Also: the
 * screen positions of points (CSS px of the canvas) for tests and tooling.
 */
import { Mesh } from '@babylonjs/core/Meshes/mesh';
import { CreateSphere } from '@babylonjs/core/Meshes/Builders/sphereBuilder';
import { StandardMaterial } from '@babylonjs/core/Materials/standardMaterial';
import { Color3 } from '@babylonjs/core/Maths/math.color';
import { Matrix, Vector3 } from '@babylonjs/core/Maths/math.vector';
import { PointerDragBehavior } from '@babylonjs/core/Behaviors/Meshes/pointerDragBehavior';
import type { AbstractMesh } from '@babylonjs/core/Meshes/abstractMesh';
import type { Scene } from '@babylonjs/core/scene';
import type { PointEngineM } from '../core/engineFrame';

/** What a knob tells its owner (engine metres). */
export interface KnobEvents {
  onStart: () => void;
  onMove: (positionM: PointEngineM) => void;
  onEnd: (positionM: PointEngineM) => void;
}

/** A draggable knob. */
export interface Knob {
  mesh: Mesh;
  /** Places the knob (engine metres) and sets its drag axis (engine unit vector; null = camera-facing plane); ignored while dragged. */
  place: (positionM: PointEngineM, dragAxis: PointEngineM | null) => void;
  readonly dragging: boolean;
}

/** A knob of `diameterM` metres, colour `rgb` (0–1), named `name`. */
export function createKnob(scene: Scene, name: string, rgb: [number, number, number], diameterM: number, events: KnobEvents): Knob {
  const mesh = CreateSphere(name, { diameter: diameterM, segments: 10 }, scene);
  const mat = new StandardMaterial(`${name} material`, scene);
  mat.diffuseColor = new Color3(...rgb);
  mat.emissiveColor = new Color3(rgb[0] * 0.5, rgb[1] * 0.5, rgb[2] * 0.5);
  mesh.material = mat;
  mesh.renderingGroupId = 1;
  mesh.setEnabled(false);
  const drag = new PointerDragBehavior();
  drag.moveAttached = false;
  drag.useObjectOrientationForDragging = false;
  const target = new Vector3();
  let dragging = false;
  const at = (): PointEngineM => [target.x, target.y, target.z];
  drag.onDragStartObservable.add(() => {
    dragging = true;
    target.copyFrom(mesh.position);
    events.onStart();
  });
  drag.onDragObservable.add((ev) => {
    target.addInPlace(ev.delta);
    mesh.position.copyFrom(target);
    events.onMove(at());
  });
  drag.onDragEndObservable.add(() => {
    dragging = false;
    events.onEnd(at());
  });
  mesh.addBehavior(drag);
  return {
    mesh,
    get dragging() {
      return dragging;
    },
    place(p, axis) {
      if (dragging) return;
      mesh.position.set(p[0], p[1], p[2]);
      drag.options = axis ? { dragAxis: new Vector3(axis[0], axis[1], axis[2]) } : {};
    },
  };
}

/**
 * Lets a pointer-down grab `mine` meshes wherever they are (the twin's bones in front included), and
 * otherwise what an earlier predicate allowed (another overlay's knobs on the same scene).
 */
export function claimPointerDown(scene: Scene, mine: (m: AbstractMesh) => boolean): void {
  const before = scene.pointerDownPredicate as ((m: AbstractMesh) => boolean) | undefined;
  scene.pointerDownPredicate = (m) => (mine(m) ? m.isEnabled() : before ? before(m) : false);
}

/** Screen positions (CSS px from the canvas' top-left, 0.1 px) of engine points in the scene's active camera, or null. */
export function screenPointsPx(scene: Scene, canvas: HTMLCanvasElement, pointsM: readonly PointEngineM[]): [number, number][] | null {
  const cam = scene.activeCamera;
  if (!cam) return null;
  const engine = scene.getEngine();
  const w = engine.getRenderWidth(), h = engine.getRenderHeight();
  const k = canvas.clientWidth / Math.max(1, w);
  const vp = cam.viewport.toGlobal(w, h);
  const t = scene.getTransformMatrix();
  return pointsM.map((p) => {
    const s = Vector3.Project(new Vector3(p[0], p[1], p[2]), Matrix.IdentityReadOnly, t, vp);
    return [Math.round(s.x * k * 10) / 10, Math.round(s.y * k * 10) / 10];
  });
}

/** Calls `fn` at most every `ms` milliseconds with the latest value (trailing call kept); `flush` sends now. */
export function throttled<T>(ms: number, fn: (v: T) => void): { push: (v: T) => void; flush: () => void; cancel: () => void } {
  let last = 0, pending: { v: T } | null = null, timer: ReturnType<typeof setTimeout> | null = null;
  const send = (): void => {
    timer = null;
    if (!pending) return;
    const v = pending.v;
    pending = null;
    last = performance.now();
    fn(v);
  };
  return {
    push(v) {
      pending = { v };
      const wait = ms - (performance.now() - last);
      if (wait <= 0) send();
      else timer ??= setTimeout(send, wait);
    },
    flush() {
      if (timer) clearTimeout(timer);
      send();
    },
    cancel() {
      if (timer) clearTimeout(timer);
      timer = null;
      pending = null;
    },
  };
}
