// The implant-in-bone export: the hip phantom's proposed plan (cup 60 at the left head centre, APP
// angles, head 32, stem sized from the canal) with one box "bone": triangle counts, the cup, liner and
// head centred at the plan's cup centre mapped through glTF (x, y, z) = 0.001·(x_L, z_S, −y_P), the
// cup's pole along its axis, the stem's head centre at the cup centre's height, bounds in mm.
import { describe, expect, it } from 'vitest';
import type { Vec3 } from '../../../src/core/vec3';
import { gltfFromLps } from '../../../src/meshing/gltf';
import { readStlBinary } from '../../../src/meshing/stl';
import { boxMesh, stemHeadCentreMm } from '../../../src/planning/implantMeshes';
import type { Plan } from '../../../src/planning/plan';
import { buildHipPhantom } from '../../../src/samples/hipPhantom';
import { proposeTwinHipPlan } from '../../../src/twin/proposeTwinPlan';
import { APP_CATALOGUE } from '../../../src/ui/planController';
import { implantInBoneFiles, implantInBoneMeshes } from '../../../src/ui/planImplants';
import { readGlb } from '../meshing/glbReader';

describe('implant-in-bone export', async () => {
  const ph = buildHipPhantom();
  const labelmap = { ...ph.labels, segments: ph.segments.map((s) => ({ label: s.label, name: s.name, colorRgb: s.color, terminology: {} as never })) };
  const { plan } = await proposeTwinHipPlan(labelmap as never, { seriesInstanceUid: null, volumeSha256: '0'.repeat(64) }, APP_CATALOGUE, true, ph.volume);
  const bone = { name: 'hip bone left', colorRgb: [96, 160, 255] as [number, number, number], mesh: boxMesh([40, -60, -60], [180, 60, 100]) };
  const cup = plan.implants.find((i) => i.role === 'cup')!;
  const stem = plan.implants.find((i) => i.role === 'stem')!;

  it('parts and triangle counts: bone 12, cup 2304, liner 2304, head 960 (32 × 30), stem 256 (frustum 128 + neck 128)', () => {
    const r = implantInBoneMeshes(plan, [bone]);
    expect(r.leftOut).toEqual([]);
    expect(r.segments.map((s) => [s.name, s.mesh.indices.length / 3])).toEqual([
      ['hip bone left', 12], ['planned cup', 2304], ['planned liner', 2304], ['planned head', 960], ['planned stem', 256],
    ]);
    const f = implantInBoneFiles(plan, [bone]);
    expect(f.triangleCount).toBe(12 + 2304 + 2304 + 960 + 256);
    expect(readStlBinary(f.stl).mesh.indices.length / 3).toBe(f.triangleCount);
    expect(f.stl.length).toBe(84 + 50 * f.triangleCount);
  });

  it('GLB: the cup centre is the plan\'s cup centre through the LPS → glTF map; radii, pole and axis hold in metres', () => {
    const f = implantInBoneFiles(plan, [bone]);
    const { json, accessor } = readGlb(f.glb);
    expect(json.nodes.map((n) => n.name)).toEqual(['hip bone left', 'planned cup', 'planned liner', 'planned head', 'planned stem']);
    const verts = (name: string) => accessor(json.meshes[json.nodes.find((n) => n.name === name)!.mesh].primitives[0].attributes.POSITION) as Float32Array;
    const cG = gltfFromLps(cup.pose.positionLps);
    const aG = gltfFromLps(cup.pose.axisLps); // a direction maps by the same (linear) rotation, scaled by 0.001
    const aU: Vec3 = [aG[0] * 1000, aG[1] * 1000, aG[2] * 1000];
    const outerM = 0.030, innerM = 0.027; // cup 60: outer radius 30 mm, shell 3 mm
    const v = verts('planned cup');
    let minAlong = Infinity, maxAlong = -Infinity;
    for (let q = 0; q < v.length; q += 3) {
      const d: Vec3 = [v[q] - cG[0], v[q + 1] - cG[1], v[q + 2] - cG[2]];
      const r = Math.hypot(...d);
      expect(Math.min(Math.abs(r - outerM), Math.abs(r - innerM))).toBeLessThan(2e-6);
      const along = d[0] * aU[0] + d[1] * aU[1] + d[2] * aU[2];
      [minAlong, maxAlong] = [Math.min(minAlong, along), Math.max(maxAlong, along)];
    }
    expect(minAlong).toBeCloseTo(-outerM, 6); // the dome's pole, opposite the opening
    expect(maxAlong).toBeCloseTo(0, 6); // the rim in the plane through the centre
    const h = verts('planned head');
    for (let q = 0; q < h.length; q += 3) expect(Math.abs(Math.hypot(h[q] - cG[0], h[q + 1] - cG[1], h[q + 2] - cG[2]) - 0.016)).toBeLessThan(2e-6);
    // Bounds in mm: the head's glTF accessor min/max ×1000 are the LPS head centre ± 16 mm, reordered (x, z, −y)
    // (within 0.25 mm: a tessellated sphere turned off its poles does not reach ±R on every axis).
    const acc = json.accessors[json.meshes[3].primitives[0].attributes.POSITION];
    const c = cup.pose.positionLps;
    const lo = [c[0] - 16, c[2] - 16, -c[1] - 16], hi = [c[0] + 16, c[2] + 16, -c[1] + 16];
    acc.min!.forEach((m, n) => expect(Math.abs(m * 1000 - lo[n])).toBeLessThan(0.25));
    acc.max!.forEach((m, n) => expect(Math.abs(m * 1000 - hi[n])).toBeLessThan(0.25));
  });

  it('the stem: its head centre (stem frame) lands at the cup centre\'s height along the shaft axis, on the neck side', () => {
    const o = stem.options as { neckShaftAngleDeg: number; offsetMm: number };
    const hc = stemHeadCentreMm(o.offsetMm, o.neckShaftAngleDeg);
    const p = stem.pose, x = p.referenceLps!, z = p.axisLps;
    const headLps: Vec3 = [0, 1, 2].map((n) => p.positionLps[n] + hc[0] * x[n] + hc[2] * z[n]) as Vec3;
    const d: Vec3 = [0, 1, 2].map((n) => headLps[n] - cup.pose.positionLps[n]) as Vec3;
    expect(Math.abs(d[0] * z[0] + d[1] * z[1] + d[2] * z[2])).toBeLessThan(1e-9);
    // Stem offset 40 mm vs the native 40.1 mm: the stem's head centre is within 0.5 mm of the cup centre.
    expect(Math.hypot(...d)).toBeLessThan(0.5);
  });

  it('a stem not placed in the canal is left out with the reason, never drawn at the head centre', () => {
    const loose: Plan = { ...plan, implants: plan.implants.map((i) => (i.role === 'stem' ? { ...i, pose: { positionLps: cup.pose.positionLps, axisLps: [0, 0, 1] as Vec3 } } : i)) };
    const r = implantInBoneMeshes(loose, [bone]);
    expect(r.segments.map((s) => s.name)).not.toContain('planned stem');
    expect(r.leftOut).toEqual(['stem: its position in the canal is not planned']);
  });
});
