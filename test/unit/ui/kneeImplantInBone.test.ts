// The knee implant-in-bone export: the knee phantom's proposed plan at the default 9 mm cuts (femoral
// size 1 and tibial size 6, posed by the twin worker's sizing) with two box "bones": parts and triangle
// counts (femoral component 3 boxes = 36, tibial plate 48 segments × 4 = 192), STL = 84 + 50 × triangles,
// the femoral component's slab on the distal cut and its box centre 10.4 mm above and 8.7 mm (in the cut) from the section's centre, the tibial
// component's underside on the tibial cut within 1 mm.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Vec3 } from '../../../src/core/vec3';
import { readStlBinary } from '../../../src/meshing/stl';
import { cutSection } from '../../../src/planning/cutSection';
import { boxMesh } from '../../../src/planning/implantMeshes';
import { kneeInputsOf, proposeKneeLandmarks } from '../../../src/planning/kneeLandmarks';
import { kneePlanOf } from '../../../src/planning/kneePlanFile';
import { DEFAULT_KNEE_CUTS, kneeCutPlanes } from '../../../src/planning/kneePlanModel';
import type { ResectionPlane } from '../../../src/planning/kneeResection';
import type { Plan } from '../../../src/planning/plan';
import { buildKneePhantom, KNEE_LABELS } from '../../../src/samples/kneePhantom';
import { maskOfLabel, type Labelmap } from '../../../src/segmentation/labelmap';
import { terminologyOf } from '../../../src/segmentation/terminology';
import { withKneeComponents } from '../../../src/ui/logic/kneeComponents';
import { implantInBoneFiles, implantInBoneMeshes, kneeComponentMeshes } from '../../../src/ui/planImplants';
import { kneeComponentSizes } from '../../../src/workers/kneeCutHandler';

let plan: Plan;
let femurCut: ResectionPlane, tibiaCut: ResectionPlane;
/** Centre of the femur's section on the distal cut (ML extent's middle, AP centroid), LPS. */
let femurSectionCentre: Vec3;
const bones = [
  { name: 'femur right', colorRgb: [255, 176, 64] as [number, number, number], mesh: boxMesh([-130, -30, 20], [-50, 40, 120]) },
  { name: 'tibia right', colorRgb: [96, 160, 255] as [number, number, number], mesh: boxMesh([-130, -30, -100], [-50, 40, 0]) },
];

/** Signed distances (mm) of the vertices to the plane, along its unit normal: min and max. */
function planeRange(p: Float32Array, plane: ResectionPlane): [number, number] {
  const n = plane.normalLps, L = Math.hypot(...n);
  let lo = Infinity, hi = -Infinity;
  for (let v = 0; v < p.length; v += 3) {
    const d = ((p[v] - plane.pointLps[0]) * n[0] + (p[v + 1] - plane.pointLps[1]) * n[1] + (p[v + 2] - plane.pointLps[2]) * n[2]) / L;
    [lo, hi] = [Math.min(lo, d), Math.max(hi, d)];
  }
  return [lo, hi];
}
function boxCentre(p: Float32Array): Vec3 {
  const lo = [Infinity, Infinity, Infinity], hi = [-Infinity, -Infinity, -Infinity];
  for (let v = 0; v < p.length; v += 3) for (let k = 0; k < 3; k++) [lo[k], hi[k]] = [Math.min(lo[k], p[v + k]), Math.max(hi[k], p[v + k])];
  return [0, 1, 2].map((k) => (lo[k] + hi[k]) / 2) as Vec3;
}

describe('knee implant-in-bone export (knee phantom, 9 mm cuts)', () => {
  beforeAll(() => {
    const c = buildKneePhantom();
    const lm: Labelmap = { ...c.labels, unit: 'label', data: c.labels.data as Uint8Array, segments: [{ label: KNEE_LABELS.femur, name: 'femur right', colorRgb: [255, 176, 64], terminology: terminologyOf('femur') }, { label: KNEE_LABELS.tibia, name: 'tibia right', colorRgb: [96, 160, 255], terminology: terminologyOf('tibia') }] };
    const prop = proposeKneeLandmarks(lm)!;
    const pt = (b: string) => prop.entries.find((e) => e.base === b)?.pointLps ?? null;
    const m = kneeCutPlanes(kneeInputsOf(prop.side, prop.entries, prop.tibialShaftUnitLps), DEFAULT_KNEE_CUTS);
    if (!m.distalFemur.available || !m.proximalTibia.available) throw new Error('cuts not computed');
    femurCut = m.distalFemur.value.plane;
    tibiaCut = m.proximalTibia.value.plane;
    const sizes = kneeComponentSizes(lm, {
      kind: 'volumes', femurLabel: prop.femurLabel, tibiaLabel: prop.tibiaLabel, femurPlane: femurCut, tibiaPlane: tibiaCut,
      sizing: { side: prop.side, posteriorCondyleMedialLps: pt('posteriorCondyleMedial'), posteriorCondyleLateralLps: pt('posteriorCondyleLateral'), femoralShaftAxisDistalLps: pt('femoralShaftAxisDistal') },
    });
    if (!sizes?.femoral.available) throw new Error('femoral component not sized');
    const { medialUnitLps: mU, posteriorUnitLps: pU } = sizes.femoral.value.frame;
    const sec = cutSection(maskOfLabel(lm, prop.femurLabel!), femurCut.pointLps, mU, pU);
    const a = (sec.extentUMm.min + sec.extentUMm.max) / 2, b = sec.centroidMm[1];
    femurSectionCentre = [0, 1, 2].map((k) => femurCut.pointLps[k] + a * mU[k] + b * pU[k]) as Vec3;
    plan = withKneeComponents(kneePlanOf({ side: prop.side, entries: prop.entries, params: DEFAULT_KNEE_CUTS, source: { seriesInstanceUid: null, volumeSha256: '0'.repeat(64) }, notes: [] }), sizes);
  }, 60_000);

  it('parts and triangle counts: 2 bones × 12, femoral component 36, tibial component 192; STL = 84 + 50 × 252 bytes', () => {
    const r = implantInBoneMeshes(plan, bones);
    expect(r.leftOut).toEqual([]);
    expect(r.segments.map((s) => [s.name, s.mesh.indices.length / 3])).toEqual([
      ['femur right', 12], ['tibia right', 12], ['planned femoral component', 36], ['planned tibial component', 192],
    ]);
    const f = implantInBoneFiles(plan, bones);
    expect(f.triangleCount).toBe(252);
    expect(f.stl.length).toBe(84 + 50 * 252);
    expect(readStlBinary(f.stl).mesh.indices.length / 3).toBe(252);
    expect(f.glb.length).toBeGreaterThan(252 * 3 * 4);
  });

  it('femoral component: the distal slab\'s top on the distal cut, its box centre within 15 mm of the cut\'s centre; tibial component on the tibial cut within 1 mm', () => {
    const parts = kneeComponentMeshes(plan.implants).segments;
    const fem = parts.find((s) => s.name === 'planned femoral component')!.mesh.positionsLps;
    const tib = parts.find((s) => s.name === 'planned tibial component')!.mesh.positionsLps;
    // The femoral component: distal slab from −distal thickness to the cut, flanges up to 40 − thickness (size 1).
    const [fLo, fHi] = planeRange(fem, femurCut);
    const fc = boxCentre(fem);
    const n = femurCut.normalLps, nl = Math.hypot(...n);
    const d = [0, 1, 2].map((k) => fc[k] - femurSectionCentre[k]);
    const along = (d[0] * n[0] + d[1] * n[1] + d[2] * n[2]) / nl;
    const inCut = Math.sqrt(Math.max(0, d[0] ** 2 + d[1] ** 2 + d[2] ** 2 - along ** 2));
    console.log(`femoral component along the distal cut's normal ${fLo.toFixed(2)} … ${fHi.toFixed(2)} mm; box centre ${along.toFixed(2)} mm above and ${inCut.toFixed(2)} mm in the cut from the section's centre`);
    expect(fLo).toBeCloseTo(-9, 3); // size 1: distal thickness 9 mm, its top on the cut
    expect(fHi).toBeCloseTo(31, 3);
    expect(Math.abs(along - 11)).toBeLessThan(1); // 10.40: the LPS box of a tilted component
    expect(inCut).toBeLessThan(10); // 8.74: AP 54 mm component anterior-referenced on a 47.8 mm bone, vs the section's AP centroid
    // The tibial component: its underside on the cut (within 1 mm), its top at baseplate + insert (3 + 9 mm) above.
    const [tLo, tHi] = planeRange(tib, tibiaCut);
    const tc = boxCentre(tib);
    const inPlane = Math.hypot(...[0, 1, 2].map((k) => tc[k] - tibiaCut.pointLps[k]));
    console.log(`tibial component along the tibial cut's normal ${tLo.toFixed(3)} … ${tHi.toFixed(3)} mm; box centre ${inPlane.toFixed(2)} mm from the cut centre`);
    expect(Math.abs(tLo)).toBeLessThan(1);
    expect(Math.abs(Math.abs(tHi - tLo) - 12)).toBeLessThan(1);
  });
});
