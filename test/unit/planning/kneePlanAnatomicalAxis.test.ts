// `jumeau plan` on a knee plan without a femoral head centre (knee CTs rarely reach the hip): the
// distal femoral cut and the femoral rotation from the anatomical axis turned medially by the valgus
// angle (⚠ default 6°, labelled), equal to the workstation's planes; a plan with a head centre unchanged.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { kneeCutPlanes, DEFAULT_KNEE_CUTS } from '../../../src/planning/kneePlanModel';
import { parseImplantCatalogue } from '../../../src/planning/implants';
import { parsePlan, type Plan } from '../../../src/planning/plan';
import { computePlanMetrics } from '../../../src/planning/planMetrics';
import { REPO } from '../../helpers/sharedData';
import { kneePlan } from './planFixtures';

const catalogue = parseImplantCatalogue(JSON.parse(readFileSync(path.join(REPO, 'assets', 'implants', 'generic.json'), 'utf8')));

/** The KNEE-02/04 right knee without its head centre, with a vertical shaft axis through K_f. */
function headless(): Plan {
  const p = kneePlan();
  p.landmarks = p.landmarks.filter((l) => l.name !== 'femoralHeadCentreRight');
  p.landmarks.push(
    { name: 'femoralShaftAxisProximalRight', pointLps: [-95, 0, 600], source: 'auto', method: 'shaft' },
    { name: 'femoralShaftAxisDistalRight', pointLps: [-95, 0, 500], source: 'auto', method: 'shaft' },
  );
  return p;
}

const mirror = (p: Plan): Plan => {
  const sw = (n: string) => n.replace(/Right$/, 'Left');
  return { ...p, side: 'L', landmarks: p.landmarks.map((l) => ({ ...l, name: sw(l.name), pointLps: [-l.pointLps[0], l.pointLps[1], l.pointLps[2]] })) };
};

describe('knee plan metrics from the anatomical axis (no femoral head centre)', () => {
  it('distal femoral cut ⟂ the shaft axis turned 6° medially, labelled "⚠ default", equal to the workstation', () => {
    const m = computePlanMetrics(headless(), { catalogue }).knee!;
    const d = m.distalFemoralResection;
    if (!d.available) throw new Error(d.reason);
    // Right femur: medial = +x. Axis u = (sin 6°, 0, cos 6°); heights (p − K_f)·u.
    const t = (6 * Math.PI) / 180;
    const h = (p: number[]) => (p[0] + 95) * Math.sin(t) + (p[2] - 420) * Math.cos(t);
    const hm = h([-72, 5, 398]), hl = h([-118, 5, 401]);
    expect(hm).toBeCloseTo(-19.4753, 3);
    expect(hl).toBeCloseTo(-21.3001, 3);
    // The lateral condyle is the more distal along this axis: 9 mm there, 9 − (hm − hl) medially.
    expect(d.value.referenceCompartment).toBe('lateral');
    expect(d.value.resectionMm.lateral).toBeCloseTo(9, 9);
    expect(d.value.resectionMm.medial).toBeCloseTo(9 - (hm - hl), 9);
    expect(d.value.resectionMm.medial).toBeCloseTo(7.1752, 3);
    expect(d.value.plane.normalLps[0]).toBeCloseTo(Math.sin(t), 9);
    expect(d.value.plane.normalLps[2]).toBeCloseTo(Math.cos(t), 9);
    expect(d.value.femoralAxis).toEqual({
      kind: 'anatomical', valgusAngleDeg: 6, valgusSource: 'default',
      method: 'anatomical axis + 6° valgus (⚠ default): no femoralHeadCentreRight, so the mechanical axis is estimated as the shaft axis turned 6° medially — the surgeon must confirm the angle',
    });
    // The workstation (kneePlanModel) computes the same plane and rotation.
    const points = Object.fromEntries(headless().landmarks.map((l) => [l.name.replace(/Right$/, ''), l.pointLps]));
    const w = kneeCutPlanes({ side: 'R', points, tibialShaftUnitLps: null }, DEFAULT_KNEE_CUTS);
    if (!w.distalFemur.available || !w.posteriorCondylarAngle.available || !m.femoralRotation.available) throw new Error('workstation cut missing');
    expect(w.distalFemur.value.resectionMm.medial).toBeCloseTo(d.value.resectionMm.medial, 9);
    expect(w.distalFemur.value.plane.pointLps.map((x, k) => x - d.value.plane.pointLps[k]).every((x) => Math.abs(x) < 1e-9)).toBe(true);
    expect(m.femoralRotation.value.teaExternalRotationFromPcaDeg).toBeCloseTo(w.posteriorCondylarAngle.value.teaExternalRotationFromPcaDeg, 9);
    expect(m.femoralRotation.value.femoralAxis?.valgusAngleDeg).toBe(6);
    // Gaps use the estimated cut: only the stressed measurement is missing here.
    expect(m.hka).toEqual({ available: false, reason: 'landmark femoralHeadCentreRight missing' });
  });

  it('a valgus angle set in the plan is used and labelled as such; the left mirror gives the same magnitudes', () => {
    const p = headless();
    p.resections[0].valgusAngleDeg = 0;
    const d = computePlanMetrics(p, { catalogue }).knee!.distalFemoralResection;
    if (!d.available) throw new Error(d.reason);
    // 0°: the plane ⟂ the vertical shaft; heights −22 / −19 → medial is the more distal: 9 / 6 mm.
    expect(d.value.resectionMm.medial).toBeCloseTo(9, 9);
    expect(d.value.resectionMm.lateral).toBeCloseTo(6, 9);
    expect(d.value.femoralAxis?.method).toMatch(/^anatomical axis \+ 0° valgus \(⚠ set in the plan\)/);
    const r = computePlanMetrics(headless(), { catalogue }).knee!, l = computePlanMetrics(mirror(headless()), { catalogue }).knee!;
    if (!r.distalFemoralResection.available || !l.distalFemoralResection.available || !r.femoralRotation.available || !l.femoralRotation.available) throw new Error('missing');
    expect(l.distalFemoralResection.value.resectionMm.medial).toBeCloseTo(r.distalFemoralResection.value.resectionMm.medial, 9);
    expect(l.distalFemoralResection.value.resectionMm.lateral).toBeCloseTo(r.distalFemoralResection.value.resectionMm.lateral, 9);
    expect(l.femoralRotation.value.teaExternalRotationFromPcaDeg).toBeCloseTo(r.femoralRotation.value.teaExternalRotationFromPcaDeg, 9);
    expect(l.distalFemoralResection.value.femoralAxis?.method).toMatch(/no femoralHeadCentreLeft/);
  });

  it('no shaft axis either: missing with both reasons, never 0', () => {
    const p = headless();
    p.landmarks = p.landmarks.filter((l) => !l.name.startsWith('femoralShaftAxis'));
    const m = computePlanMetrics(p, { catalogue }).knee!;
    const why = 'no femoral axis: landmark femoralHeadCentreRight missing (mechanical) and femoralShaftAxisProximal/DistalRight missing (anatomical)';
    expect(m.distalFemoralResection).toEqual({ available: false, reason: why });
    expect(m.femoralRotation).toEqual({ available: false, reason: why });
  });

  it('with the head centre: unchanged (KNEE-02/04, no femoralAxis key, the valgus angle ignored)', () => {
    const base = computePlanMetrics(kneePlan(), { catalogue });
    const p = kneePlan();
    p.resections[0].valgusAngleDeg = 9;
    p.landmarks.push({ name: 'femoralShaftAxisProximalRight', pointLps: [-95, 0, 600], source: 'auto', method: 's' }, { name: 'femoralShaftAxisDistalRight', pointLps: [-95, 0, 500], source: 'auto', method: 's' });
    const m = computePlanMetrics(p, { catalogue });
    expect(m).toEqual(base);
    const d = m.knee!.distalFemoralResection;
    if (!d.available || !m.knee!.femoralRotation.available) throw new Error('missing');
    expect(d.value.resectionMm.medial).toBeCloseTo(9, 3);
    expect(d.value.resectionMm.lateral).toBeCloseTo(6.535, 3);
    expect('femoralAxis' in d.value).toBe(false);
    expect(m.knee!.femoralRotation.value.pcaToTeaAboutProximalFmaDeg).toBeCloseTo(3.5, 2);
  });

  it('the schema reads valgusAngleDeg on distalFemur only, within [0, 12], naming the field', () => {
    const json = JSON.parse(JSON.stringify(headless()));
    json.resections[0].valgusAngleDeg = 7;
    expect(parsePlan(json).resections[0].valgusAngleDeg).toBe(7);
    json.resections[0].valgusAngleDeg = 13;
    expect(() => parsePlan(json)).toThrow('resections[0].valgusAngleDeg: must be within [0, 12], got 13');
    json.resections[0].valgusAngleDeg = 6;
    json.resections[1].valgusAngleDeg = 6;
    expect(() => parsePlan(json)).toThrow(/resections\[1\]\.valgusAngleDeg: applies to the distalFemur resection only/);
  });
});
