// `jumeau plan` on a knee plan without an ankle centre (knee CTs rarely reach the ankle): the proximal
// tibial cut ⟂ knee centre → tibialShaftAxisDistal, labelled, equal to the workstation's plane; a plan
// with the ankle centre unchanged (the shaft point ignored).
import { describe, expect, it } from 'vitest';
import type { PointLps, Vec3 } from '../../../src/core/vec3';
import { tibiaEntries } from '../../../src/planning/kneeLandmarks';
import { DEFAULT_KNEE_CUTS, kneeCutPlanes } from '../../../src/planning/kneePlanModel';
import { kneePlanOf } from '../../../src/planning/kneePlanFile';
import { parsePlan, type Plan } from '../../../src/planning/plan';
import { computePlanMetrics } from '../../../src/planning/planMetrics';
import type { TibiaProposal } from '../../../src/planning/proposeTibia';
import { kneePlan } from './planFixtures';

const SHAFT: PointLps = [-93, 2, 315];

/** The KNEE fixture's right knee without the ankle centre, with a shaft point 100 mm below K_t, slightly oblique. */
function ankleless(): Plan {
  const p = kneePlan();
  p.landmarks = p.landmarks.filter((l) => l.name !== 'ankleCentreRight');
  p.landmarks.push({ name: 'tibialShaftAxisDistalRight', pointLps: SHAFT, source: 'auto', method: 'shaft' });
  return p;
}

describe('knee plan metrics from the tibial shaft axis (no ankle centre)', () => {
  it('a plan with the ankle centre gives the same metrics as before (the shaft point is ignored)', () => {
    const before = computePlanMetrics(kneePlan());
    const p = kneePlan();
    p.landmarks.push({ name: 'tibialShaftAxisDistalRight', pointLps: SHAFT, source: 'auto', method: 'shaft' });
    expect(computePlanMetrics(parsePlan(JSON.parse(JSON.stringify(p))))).toEqual(before);
    expect(before.knee!.proximalTibialResection.available).toBe(true);
  });

  it('computes the cut ⟂ K_t → shaft point, noted, equal to the workstation model (1e-9)', () => {
    const plan = parsePlan(JSON.parse(JSON.stringify(ankleless())));
    const t = computePlanMetrics(plan).knee!.proximalTibialResection;
    if (!t.available) throw new Error(t.reason);
    expect(t.value.tibialAxis).toEqual({ kind: 'shaft', note: 'tibial shaft axis (no ankle centre in view)' });
    const u = [-95 - SHAFT[0], 0 - SHAFT[1], 415 - SHAFT[2]], n = Math.hypot(...u);
    // Slope 3° from the fixture: the normal is the axis tilted, its coronal component still from u.
    expect(t.value.plane.normalLps[0] / t.value.plane.normalLps[2]).toBeCloseTo(u[0] / u[2], 9);
    expect(n).toBeGreaterThan(99);
    const points = Object.fromEntries(plan.landmarks.map((l) => [l.name.replace(/Right$/, ''), l.pointLps]));
    const w = kneeCutPlanes({ side: 'R', points, tibialShaftUnitLps: [0, 0, 1] }, { ...DEFAULT_KNEE_CUTS, tibia: { ...DEFAULT_KNEE_CUTS.tibia, posteriorSlopeDeg: 3 } });
    if (!w.proximalTibia.available) throw new Error(w.proximalTibia.reason);
    expect(w.proximalTibia.value.axisNote).toBe('tibial shaft axis (no ankle centre in view)');
    for (let k = 0; k < 3; k++) {
      expect(Math.abs(w.proximalTibia.value.plane.pointLps[k] - t.value.plane.pointLps[k])).toBeLessThan(1e-9);
      expect(Math.abs(w.proximalTibia.value.plane.normalLps[k] - t.value.plane.normalLps[k])).toBeLessThan(1e-9);
    }
    expect(Math.abs(w.proximalTibia.value.resectionMm.medial - t.value.resectionMm.medial)).toBeLessThan(1e-9);
    expect(Math.abs(w.proximalTibia.value.resectionMm.lateral - t.value.resectionMm.lateral)).toBeLessThan(1e-9);
  });

  it('without the shaft point the cut stays missing, naming the ankle centre', () => {
    const p = ankleless();
    p.landmarks = p.landmarks.filter((l) => l.name !== 'tibialShaftAxisDistalRight');
    const t = computePlanMetrics(p).knee!.proximalTibialResection;
    expect(t).toEqual({ available: false, reason: 'landmark ankleCentreRight missing' });
  });

  it('the proposal writes the shaft point 100 mm down the shaft unit; the panel (shaft unit) and its plan file agree', () => {
    const u: Vec3 = [0.1, -0.05, Math.sqrt(1 - 0.0125)];
    const prop = {
      kneeCentreLps: [-95, 0, 415], ankleCentreLps: null, ankleMissingReason: 'the scan ends mid-shaft',
      plateau: { medialLowestLps: [-75, 5, 410], lateralLowestLps: [-115, 5, 414] }, shaftAxis: { pointLps: [-90, 0, 350], unitLps: u },
      sources: { kneeCentre: 'auto', ankleCentre: 'auto', plateauMedial: 'auto', plateauLateral: 'auto' },
      methods: { kneeCentre: 'k', ankleCentre: 'a', plateauMedial: 'm', plateauLateral: 'l' },
    } as unknown as TibiaProposal;
    const entries = tibiaEntries(prop);
    const sp = entries.find((e) => e.base === 'tibialShaftAxisDistal')!;
    expect(sp.pointLps![2]).toBeCloseTo(415 - 100 * u[2], 12);
    const panelPoints = Object.fromEntries(entries.filter((e) => e.pointLps && e.base !== 'tibialShaftAxisDistal').map((e) => [e.base, e.pointLps]));
    const panel = kneeCutPlanes({ side: 'R', points: panelPoints, tibialShaftUnitLps: u }, DEFAULT_KNEE_CUTS);
    const plan = parsePlan(JSON.parse(JSON.stringify(kneePlanOf({ side: 'R', entries, params: DEFAULT_KNEE_CUTS, source: { seriesInstanceUid: null, volumeSha256: '0'.repeat(64) } }))));
    expect(plan.landmarks.map((l) => l.name)).toContain('tibialShaftAxisDistalRight');
    const cli = computePlanMetrics(plan).knee!.proximalTibialResection;
    if (!panel.proximalTibia.available || !cli.available) throw new Error('cut missing');
    for (let k = 0; k < 3; k++) expect(Math.abs(panel.proximalTibia.value.plane.normalLps[k] - cli.value.plane.normalLps[k])).toBeLessThan(1e-9);
    expect(Math.abs(panel.proximalTibia.value.resectionMm.medial - cli.value.resectionMm.medial)).toBeLessThan(1e-9);
  });
});
