// The sized knee components in the workstation (pure): the panel rows (size, AP/ML, over/underhang per
// side, coverage, or the reason), the plan assembly (implants, catalogue, notes; sealed, `jumeau plan`'s
// metrics list the catalogue dimensions) and the report section ("missing: <reason>", never 0).
import { describe, expect, it } from 'vitest';
import { DEFAULT_KNEE_CUTS, kneeCutPlanes } from '../../../src/planning/kneePlanModel';
import { PLAN_SCHEMA, type Plan } from '../../../src/planning/plan';
import { checkPlanImplants, sealPlan } from '../../../src/planning/planIntegrity';
import type { PlanMetrics } from '../../../src/planning/planMetrics';
import { kneeComponentRows, withKneeComponents } from '../../../src/ui/logic/kneeComponents';
import { componentRows } from '../../../src/ui/logic/kneeReport';
import { catalogue, femFam, pose, sizes, tibFam } from './kneeComponentsFixture';

const basePlan = (): Plan => ({ schema: PLAN_SCHEMA, anatomy: 'knee', side: 'R', source: { seriesInstanceUid: null, volumeSha256: '0'.repeat(64) }, landmarks: [], implants: [], resections: [], notes: ['proposed'] });

describe('knee components in the workstation (pure)', () => {
  it('panel rows: size, bone vs component AP/ML, over/underhang per side, coverage', () => {
    const [f, t] = kneeComponentRows(sizes(), { femur: 'computing…', tibia: 'computing…' });
    expect(f.text).toBe(`size 1 (${femFam.id}; AP first, anterior referencing): bone AP 47.8 mm vs 54.0 mm (+6.2 mm); ML 66.5 mm at the distal cut vs 57.0 mm: underhang 4.8 mm medial and lateral (centred) ⚠ bone AP 47.8 mm is below the smallest size by 6.2 mm`);
    expect(f.size).toBe('1');
    expect(f.figures).toEqual({ apBoneMm: 47.77, apDifferenceMm: 54 - 47.77, mlBoneMm: 66.5, mlOverhangPerSideMm: -4.75 });
    expect(t.text).toBe(`size 6 (${tibFam.id}, 77.0 × 51.0 mm ML × AP; largest without overhang): cut surface ML 79.0 × AP 56.5 mm, 3523 mm²; coverage 87.7 %; medial underhang 1.0 mm, lateral underhang 1.0 mm, anterior underhang 2.5 mm, posterior underhang 3.0 mm`);
    expect(t.figures.coveragePercent).toBe(87.72);
    expect(t.figures.posteriorMm).toBe(-3);
  });

  it('not sized, or not computed yet: "— (reason)", no figures', () => {
    const s = sizes();
    s.femoral = { available: false, reason: 'the femoral shaft is not in view: no anterior cortex to reference the AP depth on (ML 66.5 mm at the distal cut)' };
    const [f, t] = kneeComponentRows(s, { femur: 'x', tibia: 'x' });
    expect(f).toEqual({ id: 'femoral-component', label: 'Femoral component', text: `— (${s.femoral.reason})`, available: false, size: null, figures: {} });
    expect(t.available).toBe(true);
    const pending = kneeComponentRows(null, { femur: 'computing…', tibia: 'no proximal tibial cut: landmark plateauMedialRight missing' });
    expect(pending.map((r) => r.text)).toEqual(['— (computing…)', '— (no proximal tibial cut: landmark plateauMedialRight missing)']);
  });

  it('plan assembly: both implants with the sizing pose, the catalogue, notes; sealed with the catalogue dimensions', async () => {
    const plan = withKneeComponents(basePlan(), sizes());
    expect(plan.implants).toEqual([
      { role: 'femoralComponent', familyId: femFam.id, size: '1', pose },
      { role: 'tibialComponent', familyId: tibFam.id, size: '6', options: { insertThicknessMm: 9 }, pose },
    ]);
    expect(plan.catalogue).toEqual({ id: 'jumeau-generic', version: catalogue.version });
    expect(plan.notes![0]).toBe('proposed');
    expect(plan.notes![2]).toMatch(/^tibial baseplate size 6 .*coverage 87\.7 %.*; insert 9 mm is a display default$/);
    expect(() => checkPlanImplants(plan, catalogue)).not.toThrow();
    const sealed = await sealPlan(plan, { catalogue });
    expect((sealed.metrics as PlanMetrics).knee!.components).toEqual({ available: true, value: {
      femoral: { familyId: femFam.id, size: '1', mlWidthMm: 57, apDepthMm: 54, distalThicknessMm: 9, posteriorThicknessMm: 9 },
      tibial: { familyId: tibFam.id, size: '6', mlWidthMm: 77, apDepthMm: 51, baseplateThicknessMm: 3, insertThicknessMm: 9 },
    } });
    // Sizing again replaces the components (no duplicates); a missing one is left out with its note.
    const s = sizes();
    s.tibial = { available: false, reason: 'even the smallest size overhangs the cut surface by 1.2 mm (cut surface ML 50.0 × AP 40.0 mm)' };
    const again = withKneeComponents(plan, s);
    expect(again.implants.map((i) => `${i.role} ${i.size}`)).toEqual(['femoralComponent 1']);
    expect(again.notes!.at(-1)).toBe(`tibial baseplate not sized: ${s.tibial.reason}`);
    expect(withKneeComponents(basePlan(), null)).toEqual(basePlan());
  });

  it('report section: the shown figures, or "missing: <reason>" (not computed, no cut, not sized)', () => {
    const cuts = kneeCutPlanes({ side: 'R', points: {}, tibialShaftUnitLps: null }, DEFAULT_KNEE_CUTS);
    const text = (rows: string[]) => rows.map((r) => r.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim());
    const [f, t] = text(componentRows({ cuts, components: sizes() }));
    expect(f).toMatch(/^Femoral component size 1 .*bone AP 47\.8 mm vs 54\.0 mm \(\+6\.2 mm\); ML 66\.5 mm at the distal cut vs 57\.0 mm: underhang 4\.8 mm medial and lateral/);
    expect(t).toMatch(/^Tibial baseplate size 6 .*coverage 87\.7 %; medial underhang 1\.0 mm, lateral underhang 1\.0 mm, anterior underhang 2\.5 mm, posterior underhang 3\.0 mm$/);
    const none = text(componentRows({ cuts, components: null }));
    expect(none[0]).toBe('Femoral component missing: no distal femoral cut: landmarks distalCondyleMedialRight, distalCondyleLateralRight missing');
    expect(none[1]).toMatch(/^Tibial baseplate missing: no proximal tibial cut: landmarks plateauMedialRight, plateauLateralRight missing/);
    const s = sizes();
    s.femoral = { available: false, reason: 'no femur segment' };
    expect(text(componentRows({ cuts, components: s }))[0]).toBe('Femoral component missing: no femur segment');
    expect(componentRows({ cuts, components: s }).join('')).not.toMatch(/>0(\.0)? ?(mm|%)/);
  });
});
