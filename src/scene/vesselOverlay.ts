/**
 * Vessel centerlines of the liver plan in the 3D view (Babylon): every centerline edge of the portal
 * vein (blue) and the hepatic veins (cyan) as a line, drawn over the twin (rendering group 1) so a
 * centerline inside the liver stays visible, and the proposed portal branches' origins as small yellow
 * spheres. Plain data from the state (`LiverPlanState.centerlines`, `.proposal`); geometry crosses into
 * the engine through src/core/engineFrame.ts only. The canvas gets `data-centerline-edges` (the number
 * of edges drawn) for tests.
 */
import { CreateLineSystem } from '@babylonjs/core/Meshes/Builders/linesBuilder';
import { CreateSphere } from '@babylonjs/core/Meshes/Builders/sphereBuilder';
import type { LinesMesh } from '@babylonjs/core/Meshes/linesMesh';
import type { Mesh } from '@babylonjs/core/Meshes/mesh';
import { StandardMaterial } from '@babylonjs/core/Materials/standardMaterial';
import { Color3, Color4 } from '@babylonjs/core/Maths/math.color';
import { Vector3 } from '@babylonjs/core/Maths/math.vector';
import type { Scene } from '@babylonjs/core/scene';
import { METRES_PER_MM, engineFromLps } from '../core/engineFrame';
import type { LiverPlanState } from '../ui/liverPlanController';
import type { TwinScene } from './twinScene';

const COLOURS = { portalVein: new Color4(0.25, 0.45, 1, 1), hepaticVein: new Color4(0.3, 0.95, 1, 1) } as const;

/** The vessel centerline overlay of one twin scene. */
export class VesselOverlay {
  private readonly scene: Scene;
  private lines: LinesMesh | null = null;
  private spheres: Mesh[] = [];
  private shownKey: unknown = null;

  constructor(private readonly twin: TwinScene) {
    this.scene = twin.babylonScene;
  }

  /** Draws the centerlines and proposed branch origins while the 3D view is shown. */
  render(lp: LiverPlanState | null, shown: boolean): void {
    const centerlines = lp?.centerlines ?? null;
    const visible = !!(shown && lp && centerlines?.length);
    if (centerlines !== this.shownKey || (lp?.proposal ?? null) !== this.proposalKey) this.rebuild(lp);
    this.lines?.setEnabled(visible);
    for (const s of this.spheres) s.setEnabled(visible);
  }

  private proposalKey: unknown = null;

  private rebuild(lp: LiverPlanState | null): void {
    this.lines?.dispose();
    this.lines = null;
    for (const s of this.spheres) s.dispose(false, true);
    this.spheres = [];
    this.shownKey = lp?.centerlines ?? null;
    this.proposalKey = lp?.proposal ?? null;
    const polylines: Vector3[][] = [], colours: Color4[][] = [];
    for (const c of lp?.centerlines ?? []) {
      for (const e of c.edges) {
        polylines.push(e.pointsLps.map((p) => { const q = engineFromLps(p); return new Vector3(q[0], q[1], q[2]); }));
        colours.push(e.pointsLps.map(() => COLOURS[c.role]));
      }
    }
    this.twin.canvasElement.dataset.centerlineEdges = String(polylines.length);
    if (!polylines.length) return;
    this.lines = CreateLineSystem('liver plan vessel centerlines', { lines: polylines, colors: colours }, this.scene);
    this.lines.isPickable = false;
    this.lines.renderingGroupId = 1;
    const mat = new StandardMaterial('liver plan branch origin material', this.scene);
    mat.emissiveColor = new Color3(1, 0.85, 0.1);
    mat.disableLighting = true;
    const seen = new Set<string>();
    for (const b of lp?.proposal?.branches ?? []) {
      const key = b.originLps.map((v) => v.toFixed(1)).join(',');
      if (seen.has(key)) continue;
      seen.add(key);
      const s = CreateSphere(`liver plan branch origin ${b.name}`, { diameter: 4 * METRES_PER_MM, segments: 6 }, this.scene);
      const q = engineFromLps(b.originLps);
      s.position.set(q[0], q[1], q[2]);
      s.material = mat;
      s.isPickable = false;
      s.renderingGroupId = 1;
      this.spheres.push(s);
    }
  }

  /** Removes the overlay from the scene. */
  dispose(): void {
    this.lines?.dispose();
    for (const s of this.spheres) s.dispose(false, true);
    this.lines = null;
    this.spheres = [];
  }
}
