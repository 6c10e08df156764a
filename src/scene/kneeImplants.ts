/**
 * The knee plan's sized components in the 3D view (Babylon), beside the twin in `TwinScene.babylonScene`:
 * the femoral component and the tibial baseplate + insert, posed as in the plan (the meshes come posed
 * in LPS mm, src/ui/planImplants.ts `kneeComponentMeshes`), semi-transparent metal grey, not pickable
 * (clicks still reach the bones). Geometry crosses into the engine through src/core/engineFrame.ts only.
 * The canvas carries `data-knee-components` (the parts drawn, for tests and tooling).
 */
import { Mesh } from '@babylonjs/core/Meshes/mesh';
import { VertexData } from '@babylonjs/core/Meshes/mesh.vertexData';
import { StandardMaterial } from '@babylonjs/core/Materials/standardMaterial';
import { Color3 } from '@babylonjs/core/Maths/math.color';
import { enginePositionsFromLps, flipTriangleWinding } from '../core/engineFrame';
import type { SegmentMesh } from '../meshing/types';
import type { TwinScene } from './twinScene';

/** Opacity of the drawn components (the cut and the bone stay visible through them). */
export const KNEE_COMPONENT_ALPHA = 0.6;

/** The knee components of one twin scene. */
export class KneeImplants {
  private meshes: Mesh[] = [];
  private key = '';
  private readonly material: StandardMaterial;

  constructor(private readonly twin: TwinScene) {
    const mat = new StandardMaterial('knee components material', twin.babylonScene);
    mat.diffuseColor = new Color3(0.67, 0.69, 0.73);
    mat.specularColor = new Color3(0.8, 0.8, 0.8);
    mat.specularPower = 48;
    mat.alpha = KNEE_COMPONENT_ALPHA;
    mat.backFaceCulling = false;
    this.material = mat;
  }

  /**
   * Draws `parts` (posed LPS meshes) while `shown`; `key` identifies them (rebuilt only when it changes,
   * e.g. the plan's implants as JSON).
   */
  render(key: string, parts: readonly SegmentMesh[], shown: boolean): void {
    if (key !== this.key) {
      this.key = key;
      for (const m of this.meshes) m.dispose(false, false);
      this.meshes = parts.map((p) => {
        const mesh = new Mesh(p.name, this.twin.babylonScene);
        const vd = new VertexData();
        vd.positions = enginePositionsFromLps(p.mesh.positionsLps);
        vd.indices = flipTriangleWinding(p.mesh.indices);
        const normals = new Float32Array(vd.positions.length);
        VertexData.ComputeNormals(vd.positions, vd.indices, normals);
        vd.normals = normals;
        vd.applyToMesh(mesh);
        mesh.material = this.material;
        mesh.isPickable = false;
        return mesh;
      });
    }
    for (const m of this.meshes) m.setEnabled(shown);
    const text = shown ? this.meshes.map((m) => m.name).join(',') : '';
    if (this.twin.canvasElement.dataset.kneeComponents !== text) this.twin.canvasElement.dataset.kneeComponents = text;
  }

  /** Removes the components from the scene. */
  dispose(): void {
    for (const m of this.meshes) m.dispose(false, false);
    this.material.dispose();
  }
}
