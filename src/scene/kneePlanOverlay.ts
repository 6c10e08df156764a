/**
 * The knee plan's cut planes in the 3D view (Babylon), beside the twin in `TwinScene.babylonScene`:
 * the distal femoral plane (orange) and the proximal tibial plane (blue) as semi-transparent squares
 * centred on each plane's reference point, both faces drawn, not pickable (clicks still reach the
 * bones). Geometry crosses into the engine through src/core/engineFrame.ts only. The canvas carries
 * `data-knee-planes` (the planes drawn, for tests and tooling). With actions, the planes get the
 * gizmo's knobs (src/scene/kneeCutGizmo.ts: depth, varus/valgus, slope). The sized components are
 * drawn by `components` (src/scene/kneeImplants.ts).
 */
import { Mesh } from '@babylonjs/core/Meshes/mesh';
import { VertexData } from '@babylonjs/core/Meshes/mesh.vertexData';
import { StandardMaterial } from '@babylonjs/core/Materials/standardMaterial';
import { Color3 } from '@babylonjs/core/Maths/math.color';
import { enginePositionsFromLps, flipTriangleWinding } from '../core/engineFrame';
import type { Vec3 } from '../core/vec3';
import { add, cross, normalize, scale } from '../core/vec3';
import type { ResectionPlane } from '../planning/kneeResection';
import type { TwinScene } from './twinScene';
import { KneeCutGizmo, type KneeGizmoActions, type KneeGizmoInput } from './kneeCutGizmo';
import { KneeImplants } from './kneeImplants';

/** Half the side of a drawn plane, mm. */
export const KNEE_PLANE_HALF_SIDE_MM = 45;

/** Corners (LPS, mm) of a square of half-side `halfMm` in `plane`, centred on its point. */
export function planeQuadLps(plane: ResectionPlane, halfMm = KNEE_PLANE_HALF_SIDE_MM): Float32Array {
  const n = normalize(plane.normalLps);
  const ref: Vec3 = Math.abs(n[0]) < 0.9 ? [1, 0, 0] : [0, 1, 0];
  const e1 = normalize(cross(n, ref)), e2 = cross(n, e1);
  const c = plane.pointLps;
  const corners = [[-1, -1], [1, -1], [1, 1], [-1, 1]].map(([a, b]) => add(add(c, scale(e1, a * halfMm)), scale(e2, b * halfMm)));
  return Float32Array.from(corners.flat());
}

const INDICES = flipTriangleWinding([0, 1, 2, 0, 2, 3]);

/** The knee cut planes of one twin scene. */
export class KneePlanOverlay {
  private readonly meshes: Record<'femur' | 'tibia', Mesh>;
  private keys: Record<'femur' | 'tibia', string> = { femur: '', tibia: '' };
  private readonly gizmo: KneeCutGizmo | null;
  /** The sized components (posed meshes), drawn with the planes. */
  readonly components: KneeImplants;

  /** @param gizmoActions - when given, the planes can be dragged (depth, varus/valgus, slope) */
  constructor(private readonly twin: TwinScene, gizmoActions?: KneeGizmoActions) {
    this.gizmo = gizmoActions ? new KneeCutGizmo(twin, gizmoActions) : null;
    this.components = new KneeImplants(twin);
    const scene = twin.babylonScene;
    const make = (name: 'femur' | 'tibia', rgb: [number, number, number]): Mesh => {
      const mesh = new Mesh(`knee plan ${name} cut`, scene);
      const mat = new StandardMaterial(`knee plan ${name} cut material`, scene);
      mat.backFaceCulling = false;
      mat.diffuseColor = new Color3(...rgb);
      mat.emissiveColor = new Color3(rgb[0] * 0.4, rgb[1] * 0.4, rgb[2] * 0.4);
      mat.alpha = 0.45;
      mesh.material = mat;
      mesh.isPickable = false;
      mesh.setEnabled(false);
      return mesh;
    };
    this.meshes = { femur: make('femur', [1, 0.6, 0.15]), tibia: make('tibia', [0.25, 0.55, 1]) };
  }

  /** Draws the planes given (null: hidden) while the 3D view is shown, and their knobs (`gizmo`). */
  render(planes: { femur: ResectionPlane | null; tibia: ResectionPlane | null }, shown: boolean, gizmo: KneeGizmoInput | null = null): void {
    this.gizmo?.render(gizmo, shown);
    const drawn: string[] = [];
    for (const bone of ['femur', 'tibia'] as const) {
      const plane = shown ? planes[bone] : null;
      const mesh = this.meshes[bone];
      if (!plane) {
        mesh.setEnabled(false);
        continue;
      }
      const key = JSON.stringify(plane);
      if (key !== this.keys[bone]) {
        const vd = new VertexData();
        vd.positions = enginePositionsFromLps(planeQuadLps(plane));
        vd.indices = INDICES;
        const normals = new Float32Array(12);
        VertexData.ComputeNormals(vd.positions, vd.indices, normals);
        vd.normals = normals;
        vd.applyToMesh(mesh, true);
        this.keys[bone] = key;
      }
      mesh.setEnabled(true);
      drawn.push(bone);
    }
    const text = drawn.join(',');
    if (this.twin.canvasElement.dataset.kneePlanes !== text) this.twin.canvasElement.dataset.kneePlanes = text;
  }

  /** Removes the overlay from the scene. */
  dispose(): void {
    this.gizmo?.dispose();
    this.components.dispose();
    for (const m of Object.values(this.meshes)) m.dispose(false, true);
  }
}
