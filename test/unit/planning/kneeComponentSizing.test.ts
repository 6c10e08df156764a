// Knee component sizing on the knee phantom (a RIGHT knee, exact labels, 1.0 × 1.2 × 1.5 mm voxels).
// Expected values are computed here from the phantom's design (kneePhantom.ts): the condyle ellipsoids
// (ML at the distal cut, posterior condyles), the metaphyseal cone and shaft (anterior cortex), the
// plateau ellipsoid (tibial cut surface). The measured values are in the comments.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PointLps, Vec3 } from '../../../src/core/vec3';
import { dot, sub } from '../../../src/core/vec3';
import { parseImplantCatalogue, type FemoralComponentFamily, type TibialComponentFamily } from '../../../src/planning/implants';
import { proposeFemoralComponentSize, proposeTibialComponentSize, type FemoralSizing, type TibialSizing } from '../../../src/planning/kneeComponentSizing';
import { kneeInputsOf, proposeKneeLandmarks, type KneeLandmarkProposal } from '../../../src/planning/kneeLandmarks';
import { DEFAULT_KNEE_CUTS, kneeCutPlanes, type KneeCutMetrics } from '../../../src/planning/kneePlanModel';
import { computePlanMetrics } from '../../../src/planning/planMetrics';
import { buildKneePhantom, KNEE_DESIGN, KNEE_LABELS } from '../../../src/samples/kneePhantom';
import type { PhantomCase } from '../../../src/samples/phantom';
import { maskOfLabel, type Labelmap } from '../../../src/segmentation/labelmap';
import { terminologyOf } from '../../../src/segmentation/terminology';
import { proposeTwinKneePlan } from '../../../src/twin/proposeKneePlan';

const catalogue = parseImplantCatalogue(JSON.parse(readFileSync(new URL('../../../assets/implants/generic.json', import.meta.url), 'utf8')));
const femFam = catalogue.families.find((f): f is FemoralComponentFamily => f.kind === 'femoralComponent')!;
const tibFam = catalogue.families.find((f): f is TibialComponentFamily => f.kind === 'tibialComponent')!;
const X0 = KNEE_DESIGN.legCentreXMm;
const inEllipsoid = (p: Vec3, c: Vec3, a: Vec3) => ((p[0] - c[0]) / a[0]) ** 2 + ((p[1] - c[1]) / a[1]) ** 2 + ((p[2] - c[2]) / a[2]) ** 2 <= 1;

/** Extent along u and v (and area) of the points of the plane (o, u, v) inside `inside`, sampled every 0.1 mm. */
function planeSection(o: PointLps, u: Vec3, v: Vec3, inside: (p: Vec3) => boolean): { uMin: number; uMax: number; vMin: number; vMax: number; areaMm2: number } {
  let uMin = Infinity, uMax = -Infinity, vMin = Infinity, vMax = -Infinity, n = 0;
  for (let a = -70; a <= 70; a += 0.1) for (let b = -50; b <= 50; b += 0.1) {
    const p: Vec3 = [0, 1, 2].map((k) => o[k] + a * u[k] + b * v[k]) as Vec3;
    if (!inside(p)) continue;
    n++; uMin = Math.min(uMin, a); uMax = Math.max(uMax, a); vMin = Math.min(vMin, b); vMax = Math.max(vMax, b);
  }
  return { uMin, uMax, vMin, vMax, areaMm2: n * 0.01 };
}

describe('knee component sizing on the knee phantom (right knee)', () => {
  let c: PhantomCase;
  let prop: KneeLandmarkProposal;
  let cuts: KneeCutMetrics;
  let fem: FemoralSizing;
  let tib: TibialSizing;
  let lm: Labelmap;
  beforeAll(() => {
    c = buildKneePhantom();
    lm = { ...c.labels, unit: 'label', data: c.labels.data as Uint8Array, segments: [{ label: KNEE_LABELS.femur, name: 'femur right', colorRgb: [255, 176, 64], terminology: terminologyOf('femur') }, { label: KNEE_LABELS.tibia, name: 'tibia right', colorRgb: [96, 160, 255], terminology: terminologyOf('tibia') }] };
    prop = proposeKneeLandmarks(lm)!;
    cuts = kneeCutPlanes(kneeInputsOf(prop.side, prop.entries, prop.tibialShaftUnitLps), DEFAULT_KNEE_CUTS);
    const pt = (b: string) => prop.entries.find((e) => e.base === b)!.pointLps!;
    if (!cuts.distalFemur.available || !cuts.proximalTibia.available) throw new Error('cuts missing');
    fem = proposeFemoralComponentSize({ femur: maskOfLabel(c.labels, KNEE_LABELS.femur), side: 'R', distalCut: cuts.distalFemur.value.plane, posteriorCondyleMedialLps: pt('posteriorCondyleMedial'), posteriorCondyleLateralLps: pt('posteriorCondyleLateral'), shaftDistalLps: pt('femoralShaftAxisDistal'), family: femFam });
    tib = proposeTibialComponentSize({ tibia: maskOfLabel(c.labels, KNEE_LABELS.tibia), side: 'R', cut: cuts.proximalTibia.value.plane, family: tibFam });
  }, 60_000);

  it('femoral ML at the distal cut: 66.5 mm vs 67.6 mm of the condyle ellipsoids on the same plane (< 1.5 mm: 1 mm voxels across, 1.5 mm slices on an oblique surface)', () => {
    if (!cuts.distalFemur.available) throw new Error('no cut');
    const D = KNEE_DESIGN;
    const { medialUnitLps: m, posteriorUnitLps: p } = fem.frame;
    const s = planeSection(cuts.distalFemur.value.plane.pointLps, m, p, (q) => inEllipsoid(q, D.medialCondyleCentreLps as Vec3, D.medialCondyleSemiAxesMm as Vec3) || inEllipsoid(q, D.lateralCondyleCentreLps as Vec3, D.lateralCondyleSemiAxesMm as Vec3));
    expect(Math.abs(fem.mlWidthMm - (s.uMax - s.uMin))).toBeLessThan(1.5);
    expect(fem.mlWidthMm).toBeGreaterThan(64); // a slab or the epicondylar width (72 mm) would be wrong
    expect(fem.mlWidthMm).toBeLessThan(69);
  });

  it('femoral AP: anterior cortex of the distal shaft → posterior condyles 47.8 mm vs the design on the same frame (±1 mm); size 1, the bone below the catalogue', () => {
    const D = KNEE_DESIGN;
    const { posteriorUnitLps: p, proximalUnitLps: u } = fem.frame;
    const o = cuts.distalFemur.available ? cuts.distalFemur.value.plane.pointLps : [0, 0, 0] as Vec3;
    // Posterior: the farther condyle ellipsoid's extreme along p: c·p + √(Σ aᵢ² pᵢ²).
    const post = Math.max(...[[D.medialCondyleCentreLps, D.medialCondyleSemiAxesMm], [D.lateralCondyleCentreLps, D.lateralCondyleSemiAxesMm]].map(([cc, a]) => dot(sub(cc as Vec3, o), p) + Math.hypot(a[0] * p[0], a[1] * p[1], a[2] * p[2])));
    // Anterior: the metaphyseal cone (z 30 → 95, r 31 → 14, centre y 8 → 5) and the shaft (r 13.5, y 5)
    // in the 30 mm band above the proposed distal shaft point: min over circles of c·p − r·|p_xy|.
    const base = prop.entries.find((e) => e.base === 'femoralShaftAxisDistal')!.pointLps!;
    let ant = Infinity;
    for (let z = 30; z <= KNEE_DESIGN.fieldMaxLps[2]; z += 0.05) {
      const circles: [number, number][] = [[5, 13.5]];
      if (z <= 95) { const f = (95 - z) / 65; circles.push([5 + 3 * f, 14 + 17 * f]); }
      for (const [cy, r] of circles) {
        const hp = Math.hypot(p[0], p[1]);
        const q: Vec3 = [X0 - (r * p[0]) / hp, cy - (r * p[1]) / hp, z];
        const h = dot(sub(q, base), u);
        if (h >= 0 && h <= 30) ant = Math.min(ant, dot(sub(q, o), p));
      }
    }
    expect(Math.abs(fem.apDepthMm! - (post - ant))).toBeLessThan(1); // measured 47.77 vs ≈ 47.6
    expect(fem.size).toBe('1');
    expect(fem.apDifferenceMm).toBeCloseTo(54 - fem.apDepthMm!, 9);
    expect(fem.mlOverhangPerSideMm).toBeCloseTo((57 - fem.mlWidthMm) / 2, 9); // underhang ≈ −4.75 mm per side
    expect(fem.warnings.join()).toMatch(/below the smallest size/);
  });

  it('tibial baseplate: cut surface ML × AP and area vs the plateau ellipsoid on the cut; size 6 (size 7 overhangs), coverage vs analytic', () => {
    if (!cuts.proximalTibia.available) throw new Error('no cut');
    const o = cuts.proximalTibia.value.plane.pointLps;
    const n = cuts.proximalTibia.value.plane.normalLps;
    const m: Vec3 = [1 - n[0] * n[0], -n[0] * n[1], -n[0] * n[2]];
    const mm = Math.hypot(...m);
    const mu: Vec3 = [m[0] / mm, m[1] / mm, m[2] / mm];
    const pv: Vec3 = [n[1] * mu[2] - n[2] * mu[1], n[2] * mu[0] - n[0] * mu[2], n[0] * mu[1] - n[1] * mu[0]];
    const pu: Vec3 = pv[1] < 0 ? [-pv[0], -pv[1], -pv[2]] : pv;
    const s = planeSection(o, mu, pu, (q) => inEllipsoid(q, [X0, 8, -14], [40, 28, 26]) && q[2] <= KNEE_DESIGN.plateauTopZMm);
    const ml = s.uMax - s.uMin, ap = s.vMax - s.vMin; // ≈ 79.7 × 55.8 mm
    expect(Math.abs(tib.cutMlMm - ml)).toBeLessThan(1); // measured 79.0 (1 mm voxels: edges ±0.5 mm)
    expect(Math.abs(tib.cutApMm - ap)).toBeLessThan(1.2); // 56.5
    expect(Math.abs(tib.cutAreaMm2 / s.areaMm2 - 1)).toBeLessThan(0.03); // 3522 mm²
    // Strictly, size 7 (80 mm) overhangs the 79.7 mm section; size 6 (77 × 51) fits inside it.
    expect(ml).toBeLessThan(80);
    expect(tib.size).toBe('6');
    expect(tib.checks.find((k) => k.size === '7')!.maxOverhangMm).toBeGreaterThan(0.5);
    const expectedCoverage = (100 * Math.PI * 38.5 * 25.5) / s.areaMm2; // ≈ 88.3 %
    expect(Math.abs(tib.coveragePercent! - expectedCoverage)).toBeLessThan(2); // measured 87.7 %
  });

  it('the twin plan carries both components with notes, and the metrics list their catalogue dimensions', async () => {
    const r = (await proposeTwinKneePlan(lm, { seriesInstanceUid: null, volumeSha256: '0'.repeat(64) }, undefined, { catalogue }))!;
    const roles = r.plan.implants.map((i) => `${i.role} ${i.size}`);
    expect(roles).toEqual(['femoralComponent 1', 'tibialComponent 6']);
    expect(r.notes.join('\n')).toMatch(/femoral component size 1 \(AP first, anterior referencing\): bone AP 47\.\d mm/);
    expect(r.notes.join('\n')).toMatch(/tibial baseplate size 6 \(largest without overhang\): cut surface ML 79\.0 × AP 56\.5 mm, 3523 mm²; coverage 88 %/);
    const metrics = computePlanMetrics(r.plan, { catalogue });
    expect(metrics.knee!.components).toEqual({ available: true, value: { femoral: { familyId: femFam.id, size: '1', mlWidthMm: 57, apDepthMm: 54, distalThicknessMm: 9, posteriorThicknessMm: 9 }, tibial: { familyId: tibFam.id, size: '6', mlWidthMm: 77, apDepthMm: 51, baseplateThicknessMm: 3, insertThicknessMm: 9 } } });
    expect(computePlanMetrics(r.plan).knee!.components).toEqual({ available: false, reason: 'needs the component dimensions from the implant catalogue (none given)' });
    const noShaft = proposeFemoralComponentSize({ femur: maskOfLabel(c.labels, KNEE_LABELS.femur), side: 'R', distalCut: cuts.distalFemur.available ? cuts.distalFemur.value.plane : (null as never), posteriorCondyleMedialLps: [-69, 41, 24], posteriorCondyleLateralLps: [-111, 39, 24], shaftDistalLps: null, family: femFam });
    expect(noShaft.size).toBeNull();
    expect(noShaft.reason).toMatch(/shaft is not in view/);
  }, 60_000);
});
