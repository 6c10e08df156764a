/**
 * The liver plan in the 3D view (Babylon), beside the twin in `TwinScene.babylonScene`: every
 * resection surface drawn semi-transparent and coloured by the distance of each vertex to the nearest
 * tumour (red under the safety margin, yellow to green up to twice it, blue without tumours), and the
 * 16 control points of the active Bézier patch as small spheres dragged in the view plane (Babylon's
 * PointerDragBehavior without an axis: the drag plane faces the camera). A drag reports the new LPS
 * point on every move; the plan (and so the surface) follows the state. Geometry crosses into the
 * engine through src/core/engineFrame.ts only.
 */
import { Mesh } from '@babylonjs/core/Meshes/mesh';
import { VertexData } from '@babylonjs/core/Meshes/mesh.vertexData';
import { CreateSphere } from '@babylonjs/core/Meshes/Builders/sphereBuilder';
import { StandardMaterial } from '@babylonjs/core/Materials/standardMaterial';
import { Color3 } from '@babylonjs/core/Maths/math.color';
import { Matrix, Vector3 } from '@babylonjs/core/Maths/math.vector';
import { PointerDragBehavior } from '@babylonjs/core/Behaviors/Meshes/pointerDragBehavior';
import type { Observer } from '@babylonjs/core/Misc/observable';
import type { Scene } from '@babylonjs/core/scene';
import { METRES_PER_MM, engineFromLps, enginePositionsFromLps, flipTriangleWinding, lpsFromEngine } from '../core/engineFrame';
import type { PointLps } from '../core/vec3';
import { gridTriangleIndices } from '../planning/liver/bezier';
import { DISPLAY_SEGMENTS, displayPositionsOf } from '../planning/liver/liverPlanMetrics';
import type { LiverPlanState } from '../ui/liverPlanController';
import type { TwinScene } from './twinScene';

/** What the overlay reports. */
export interface LiverOverlayActions {
  /** Control point `index` (4i + j) of the active Bézier dragged to `pointLps` (LPS mm). */
  onDrag: (index: number, pointLps: PointLps) => void;
  /** Control point `index` grabbed (the form shows it). */
  onSelect: (index: number) => void;
}

/** RGB (0–1) of a vertex at `distanceMm` from the nearest tumour, for a safety margin of `marginMm`. */
export function distanceColour(distanceMm: number, marginMm: number): [number, number, number] {
  if (!Number.isFinite(distanceMm)) return [0.45, 0.62, 0.95];
  if (distanceMm < marginMm) return [0.95, 0.12, 0.08];
  const t = marginMm > 0 ? Math.min(1, (distanceMm - marginMm) / marginMm) : 1;
  return [1 - 0.8 * t, 0.85 - 0.05 * t, 0.2 + 0.1 * t];
}

const INDICES = flipTriangleWinding(gridTriangleIndices(DISPLAY_SEGMENTS, DISPLAY_SEGMENTS));

/** The liver plan overlay of one twin scene. */
export class LiverPlanOverlay {
  private readonly scene: Scene;
  private surfaces: { mesh: Mesh; key: string; colourKey: unknown }[] = [];
  private spheres: Mesh[] = [];
  private dragging: number | null = null;
  private readonly observer: Observer<Scene>;
  private lastScreen = '';

  constructor(private readonly twin: TwinScene, private readonly actions: LiverOverlayActions) {
    this.scene = twin.babylonScene;
    // Screen positions of the control points (CSS px) on the canvas, for tests and tooling.
    this.observer = this.scene.onAfterRenderObservable.add(() => this.publishScreen());
    // A pointer-down grabs a control point even behind the liver surface (the twin has no pointer
    // behaviour; its picks use their own predicate).
    this.scene.pointerDownPredicate = (m) => this.spheres.includes(m as Mesh) && m.isEnabled();
  }

  /** Draws the plan's surfaces (and the active Bézier's control points) while the 3D view is shown. */
  render(lp: LiverPlanState | null, shown: boolean): void {
    const organ = lp?.organ;
    if (!lp || !organ || !shown) {
      for (const s of this.surfaces) s.mesh.setEnabled(false);
      for (const s of this.spheres) s.setEnabled(false);
      return;
    }
    while (this.surfaces.length > lp.surfaces.length) this.surfaces.pop()!.mesh.dispose(false, true);
    lp.surfaces.forEach((surface, n) => {
      let slot = this.surfaces[n];
      if (!slot) {
        const mesh = new Mesh(`liver plan surface ${n}`, this.scene);
        const mat = new StandardMaterial(`liver plan surface ${n} material`, this.scene);
        mat.backFaceCulling = false;
        mat.specularColor = new Color3(0.1, 0.1, 0.1);
        mat.emissiveColor = new Color3(0.15, 0.15, 0.15);
        mesh.material = mat;
        mesh.isPickable = false;
        slot = this.surfaces[n] = { mesh, key: '', colourKey: null };
      }
      const key = JSON.stringify([surface, organ.centreLps, organ.diagonalMm]);
      const distances = lp.vertexDistanceMm?.[n] ?? null;
      const current = lp.metricsKey === lp.inputsKey;
      if (key !== slot.key || slot.colourKey !== distances) {
        this.build(slot.mesh, displayPositionsOf(surface, organ), distances, lp.safetyMarginMm);
        slot.key = key;
        slot.colourKey = distances;
      }
      (slot.mesh.material as StandardMaterial).alpha = n === lp.active ? 0.6 : 0.35;
      slot.mesh.setEnabled(true);
      slot.mesh.metadata = { current };
    });
    this.renderControlPoints(lp);
  }

  private build(mesh: Mesh, positionsLps: Float32Array, distances: Float32Array | null, marginMm: number): void {
    const vd = new VertexData();
    vd.positions = enginePositionsFromLps(positionsLps);
    vd.indices = INDICES;
    const normals = new Float32Array(vd.positions.length);
    VertexData.ComputeNormals(vd.positions, vd.indices, normals);
    vd.normals = normals;
    const n = positionsLps.length / 3;
    const colors = new Float32Array(4 * n);
    for (let v = 0; v < n; v++) {
      const c = distances && distances.length === n ? distanceColour(distances[v], marginMm) : [0.7, 0.7, 0.75];
      colors.set([c[0], c[1], c[2], 1], 4 * v);
    }
    vd.colors = colors;
    vd.applyToMesh(mesh, true);
  }

  private renderControlPoints(lp: LiverPlanState): void {
    const s = lp.surfaces[lp.active];
    const cps = s?.kind === 'bezier' ? s.controlPointsLps : null;
    if (!cps) {
      for (const m of this.spheres) m.setEnabled(false);
      return;
    }
    const radius = Math.max(2, 0.012 * lp.organ!.diagonalMm) * METRES_PER_MM;
    if (!this.spheres.length) this.spheres = Array.from({ length: 16 }, (_, i) => this.makeSphere(i));
    this.spheres.forEach((m, i) => {
      m.scaling.setAll(radius / 0.5);
      if (this.dragging !== i) {
        const p = engineFromLps(cps[i]);
        m.position.set(p[0], p[1], p[2]);
      }
      (m.material as StandardMaterial).diffuseColor = i === lp.selectedPoint ? new Color3(1, 0.85, 0.1) : new Color3(0.95, 0.95, 0.95);
      m.setEnabled(true);
    });
  }

  private makeSphere(i: number): Mesh {
    const m = CreateSphere(`liver plan control point ${i}`, { diameter: 1, segments: 8 }, this.scene);
    const mat = new StandardMaterial(`liver plan control point ${i} material`, this.scene);
    mat.emissiveColor = new Color3(0.3, 0.3, 0.3);
    m.material = mat;
    m.renderingGroupId = 1; // drawn over the twin, so a point inside the liver can still be grabbed
    const drag = new PointerDragBehavior();
    drag.useObjectOrientationForDragging = false;
    drag.onDragStartObservable.add(() => {
      this.dragging = i;
      this.actions.onSelect(i);
    });
    drag.onDragObservable.add(() => this.actions.onDrag(i, lpsFromEngine([m.position.x, m.position.y, m.position.z])));
    drag.onDragEndObservable.add(() => {
      this.dragging = null;
      this.actions.onDrag(i, lpsFromEngine([m.position.x, m.position.y, m.position.z]));
    });
    m.addBehavior(drag);
    return m;
  }

  private publishScreen(): void {
    const canvas = this.twin.canvasElement;
    const cam = this.scene.activeCamera;
    const shown = this.spheres.length && this.spheres[0].isEnabled();
    let text = '';
    if (cam && shown) {
      const engine = this.scene.getEngine();
      const w = engine.getRenderWidth(), h = engine.getRenderHeight();
      const k = canvas.clientWidth / Math.max(1, w);
      const vp = cam.viewport.toGlobal(w, h);
      const t = this.scene.getTransformMatrix();
      text = JSON.stringify(this.spheres.map((m) => {
        const p = Vector3.Project(m.position, Matrix.IdentityReadOnly, t, vp);
        return [Math.round(p.x * k * 10) / 10, Math.round(p.y * k * 10) / 10];
      }));
    }
    if (text !== this.lastScreen) {
      this.lastScreen = text;
      canvas.dataset.liverControlPoints = text;
    }
  }

  /** Removes the overlay from the scene. */
  dispose(): void {
    this.scene.onAfterRenderObservable.remove(this.observer);
    for (const s of this.surfaces) s.mesh.dispose(false, true);
    for (const m of this.spheres) m.dispose(false, true);
    this.surfaces = [];
    this.spheres = [];
  }
}
