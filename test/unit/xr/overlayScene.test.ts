import { afterAll, describe, expect, it } from 'vitest';
import { NullEngine } from '@babylonjs/core/Engines/nullEngine';
import { Scene } from '@babylonjs/core/scene';
import { FreeCamera } from '@babylonjs/core/Cameras/freeCamera';
import { Vector3 } from '@babylonjs/core/Maths/math.vector';
import type { StandardMaterial } from '@babylonjs/core/Materials/standardMaterial';
import type { SegmentMesh } from '../../../src/meshing/types';
import { clipPlaneInXr, poseFromEuler, xrFromLps } from '../../../src/xr/frames';
import type { PlannedLandmark } from '../../../src/xr/landmarks';
import { XrOverlayScene } from '../../../src/xr/xrOverlayScene';

/** A closed tetrahedron (LPS mm, outward CCW) as a stand-in bone. */
const TET: SegmentMesh = {
  name: 'bone',
  colorRgb: [200, 180, 120],
  mesh: {
    positionsLps: Float32Array.from([0, 0, 0, 100, 0, 0, 0, 100, 0, 0, 0, 100]),
    indices: Uint32Array.from([0, 2, 1, 0, 1, 3, 0, 3, 2, 1, 2, 3]),
  },
};
const LANDMARKS: PlannedLandmark[] = [
  { name: 'a', label: 'A', pointLps: [10, 20, 30] },
  { name: 'b', label: 'B', pointLps: [80, -5, 12] },
];

const engine = new NullEngine({ renderWidth: 800, renderHeight: 600, textureSize: 256, deterministicLockstep: false, lockstepMaxSteps: 1 });
afterAll(() => engine.dispose());

function makeScene(): Scene {
  const scene = new Scene(engine);
  scene.useRightHandedSystem = true;
  return scene;
}

describe('XrOverlayScene (NullEngine)', () => {
  it('refuses a left-handed scene', () => {
    const scene = new Scene(engine);
    expect(() => new XrOverlayScene(scene, { segments: [TET], landmarks: LANDMARKS, virtualPatientPose: null })).toThrow(/useRightHandedSystem/);
    scene.dispose();
  });

  it('places the twin by xrFromPatient ∘ patientFromLps and the virtual patient by its known pose', () => {
    const scene = makeScene();
    const truth = poseFromEuler([0.1, 0.9, -0.5], 20, -90, 3);
    const o = new XrOverlayScene(scene, { segments: [TET], landmarks: LANDMARKS, virtualPatientPose: truth });
    const est = poseFromEuler([0.3, 1.1, -0.2], -40, 10, 0);
    o.setPose(est);
    for (const l of LANDMARKS) {
      const m = scene.getMeshByName(`planned ${l.name}`)!;
      m.computeWorldMatrix(true);
      const p = m.getAbsolutePosition();
      const want = xrFromLps(est, l.pointLps);
      [p.x, p.y, p.z].forEach((v, i) => expect(Math.abs(v - want[i])).toBeLessThan(1e-6));
      const v = o.virtualLandmarkXr(l.name)!;
      const w = xrFromLps(truth, l.pointLps);
      v.forEach((c, i) => expect(Math.abs(c - w[i])).toBeLessThan(1e-6));
    }
    // A mesh vertex lands where the chain says (world matrix × patient-frame vertex).
    const twin = scene.getMeshByName('twin bone')!;
    twin.computeWorldMatrix(true);
    const vtx = Vector3.TransformCoordinates(new Vector3(0, 0.1, 0), twin.getWorldMatrix()); // LPS (0,0,100) → patient (0, 0.1, 0)
    const want = xrFromLps(est, [0, 0, 100]);
    [vtx.x, vtx.y, vtx.z].forEach((c, i) => expect(Math.abs(c - want[i])).toBeLessThan(1e-6));
    scene.dispose();
  });

  it('puts the LPS clip plane on the twin materials for the current pose, and follows the pose', () => {
    const scene = makeScene();
    const o = new XrOverlayScene(scene, { segments: [TET], landmarks: LANDMARKS, virtualPatientPose: null });
    const pose = poseFromEuler([0, 1, -0.4], 30, -90, 0);
    o.setPose(pose);
    o.setClip({ pointLps: [0, 0, 40], normalLps: [0, 0, 1] });
    const mat = scene.getMeshByName('twin bone')!.material as StandardMaterial;
    const want = clipPlaneInXr(pose, [0, 0, 40], [0, 0, 1]);
    expect(mat.clipPlane!.normal.asArray().map((v, i) => Math.abs(v - want.normal[i])).every((d) => d < 1e-9)).toBe(true);
    expect(mat.clipPlane!.d).toBeCloseTo(want.d, 9);
    const moved = poseFromEuler([0.2, 1, -0.4], 30, -90, 0);
    o.setPose(moved);
    expect(mat.clipPlane!.d).toBeCloseTo(clipPlaneInXr(moved, [0, 0, 40], [0, 0, 1]).d, 9);
    o.setClip(null);
    expect(mat.clipPlane).toBeNull();
    o.setOpacity(0.4);
    expect(mat.alpha).toBeCloseTo(0.4, 9);
    o.setOutline(true);
    expect(scene.getMeshByName('twin bone')!.renderOutline).toBe(true);
    expect(o.twinStats()).toEqual({ triangles: 4, meshes: 1 });
    scene.dispose();
  });

  it('desktop pick on a landmark marker of the virtual patient returns its centre (divot snap)', () => {
    const scene = makeScene();
    const truth = poseFromEuler([0, 0.9, -0.5], 0, -90, 0);
    const o = new XrOverlayScene(scene, { segments: [TET], landmarks: LANDMARKS, virtualPatientPose: truth });
    const target = o.virtualLandmarkXr('b')!;
    const camera = new FreeCamera('c', new Vector3(target[0] + 0.05, target[1] + 0.3, target[2] + 0.2), scene);
    camera.setTarget(new Vector3(...target));
    camera.minZ = 0.01; // picking rays start at the near plane
    scene.activeCamera = camera;
    scene.render();
    const hit = o.pickVirtualPatient(400, 300);
    expect(hit?.landmark).toBe('b');
    hit!.pointXrM.forEach((v, i) => expect(Math.abs(v - target[i])).toBeLessThan(1e-6));
    expect(o.pickVirtualPatient(2, 2)).toBeNull();
    scene.dispose();
  });

  it('leaves planned objects (implants, resection surfaces) off the virtual patient, keeps them on the twin', () => {
    const scene = makeScene();
    const plane: SegmentMesh = { name: 'resection plane 1', colorRgb: [80, 200, 120], mesh: { positionsLps: Float32Array.from([0, 0, 0, 50, 0, 0, 0, 50, 0]), indices: Uint32Array.from([0, 1, 2]) } };
    const o = new XrOverlayScene(scene, { segments: [TET, plane], landmarks: LANDMARKS, virtualPatientPose: poseFromEuler([0, 0.9, -0.5], 0, -90, 0), plannedNames: ['resection plane 1'] });
    expect(scene.getMeshByName('twin resection plane 1')).not.toBeNull();
    expect(scene.getMeshByName('patient resection plane 1')).toBeNull();
    expect(scene.getMeshByName('patient bone')).not.toBeNull();
    expect(o.segmentStates().map((x) => x.name)).toEqual(['bone', 'resection plane 1']);
    scene.dispose();
  });
});
