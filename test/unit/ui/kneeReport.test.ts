// The knee plan report (pure): the numbers of the brief's KNEE cases as computed, the cut parameters
// typed, the resected volumes, the pictures, the plan hash; a metric that cannot be computed reads
// "missing: <reason>", never 0; no script, no patient identifiers.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseImplantCatalogue } from '../../../src/planning/implants';
import { DEFAULT_KNEE_CUTS, kneeCutPlanes, type KneeCutParams } from '../../../src/planning/kneePlanModel';
import type { Plan } from '../../../src/planning/plan';
import { sealPlan } from '../../../src/planning/planIntegrity';
import { kneeReportHtml } from '../../../src/ui/logic/kneeReport';
import { REPO } from '../../helpers/sharedData';
import { kneePlan } from '../planning/planFixtures';

const catalogue = parseImplantCatalogue(JSON.parse(readFileSync(path.join(REPO, 'assets', 'implants', 'generic.json'), 'utf8')));
const params: KneeCutParams = { tibia: { depthMm: 9, varusValgusDeg: 0, posteriorSlopeDeg: 3 }, femur: DEFAULT_KNEE_CUTS.femur };
const cutsOf = (plan: Plan) => kneeCutPlanes({ side: plan.side, points: Object.fromEntries(plan.landmarks.map((l) => [l.name.replace(/(Left|Right)$/, ''), l.pointLps])), tibialShaftUnitLps: null }, params);
/** The text of the row headed `label` (tags stripped). */
const rowOf = (html: string, label: string): string => {
  const m = new RegExp(`<tr><th>${label}</th><td>(.*?)</td></tr>`).exec(html);
  if (!m) throw new Error(`no row ${label}`);
  return m[1].replace(/<[^>]+>/g, '');
};
const PNG = `data:image/png;base64,${'A'.repeat(2000)}`;

describe('knee plan report (pure)', () => {
  it('KNEE-01…05 numbers, parameters, volumes, pictures and the plan hash', async () => {
    const plan = await sealPlan(kneePlan(), { catalogue });
    const html = kneeReportHtml({
      plan, cuts: cutsOf(plan), createdAt: '2026-01-02T03:04:05.000Z',
      volumes: { femur: { available: true, value: { resectedMl: 7.314, remnantMl: 192.686, totalMl: 200, cutAreaMm2: 2512.4 } }, tibia: { available: false, reason: 'no tibia segment' } },
      pictures: { view3dPng: PNG, slicePng: 'javascript:alert(1)' },
    });
    expect(html).toContain('<h1>Knee arthroplasty plan — right knee</h1>');
    expect(rowOf(html, 'HKA')).toBe('178.0° coronal (varus 2.0°)'); // KNEE-01: 177.970°, 2.030° varus
    expect(rowOf(html, 'Distal femoral cut')).toBe('medial reference; bone removed medial 9.00 mm / lateral 6.54 mm; ⟂ mechanical axis K_f → H'); // KNEE-02: 9.000 / 6.535
    expect(rowOf(html, 'Proximal tibial cut')).toBe('lateral reference; bone removed medial 4.04 mm / lateral 9.00 mm; ⟂ mechanical axis A → K_t'); // KNEE-03: 4.038 / 9.000
    expect(rowOf(html, 'Distal femur resected')).toBe('7.31 mL removed of 200.0 mL (remnant 192.7 mL, cut area 2512 mm²)');
    expect(rowOf(html, 'Proximal tibia resected')).toBe('missing: no tibia segment');
    // KNEE-04: the clinical value is −3.5° for these landmarks (README "Notes on the brief's cases").
    expect(rowOf(html, 'Posterior condylar angle')).toMatch(/^-3\.5° \(TEA external rotation from the PCA, ⟂ the mechanical femoral axis/);
    expect(rowOf(html, 'Inter-epicondylar width')).toBe(`${Math.hypot(80, 4.893).toFixed(1)} mm`);
    // KNEE-05 arithmetic on these cuts: 2 + 9 + 4.038 and 4 + 6.535 + 9.
    expect(rowOf(html, 'Gap balance under stress \\(§4.3\\)')).toMatch(/^extension 15\.0 \/ 19\.5 mm \(/);
    expect(rowOf(html, 'Proximal tibial cut depth')).toBe('9 mm below the higher plateau');
    expect(rowOf(html, 'Posterior slope')).toBe('3 °');
    expect(rowOf(html, 'Valgus angle \\(anatomical → mechanical, used without a head centre\\)')).toBe('6° (⚠ default, not in the brief — the surgeon must confirm)');
    expect(html).toContain(`<img alt="3D view of the twin with the cut planes" src="${PNG}">`);
    expect(html).toContain('No slice picture.'); // not a PNG data URL: left out
    expect(html).toContain(`Plan inputs SHA-256 (RFC 8785) ${plan.integrity!.inputsSha256}`);
    expect(html).toContain(`Volume SHA-256 ${plan.source.volumeSha256}`);
    expect(html).toContain('<tr><td>femoralHeadCentreRight</td><td>-90.0, 0.0, 850.0</td><td>manual</td><td>picked</td></tr>');
    expect(html).not.toMatch(/<script|javascript:|patient ?name|birth/i);
  });

  it('missing metrics say "missing: <reason>", never 0 (no head, no ankle, no volumes, unsealed)', () => {
    const plan = kneePlan();
    plan.landmarks = plan.landmarks.filter((l) => !/^(femoralHeadCentre|ankleCentre|epicondyleLateral)/.test(l.name));
    plan.resections = [{ name: 'proximalTibia', depthMm: 9 }];
    const html = kneeReportHtml({ plan, cuts: cutsOf(plan), volumes: null, pictures: { view3dPng: null, slicePng: null }, createdAt: 'now' });
    expect(rowOf(html, 'HKA')).toBe('missing: landmarks femoralHeadCentreRight, ankleCentreRight missing');
    expect(rowOf(html, 'Distal femoral cut')).toBe('missing: no femoral axis: landmark femoralHeadCentreRight missing (mechanical) and femoralShaftAxisProximal/DistalRight missing (anatomical)');
    expect(rowOf(html, 'Distal femur resected')).toMatch(/^missing: no cut: no femoral axis/);
    expect(rowOf(html, 'Proximal tibial cut')).toBe('missing: landmark ankleCentreRight missing and no tibial shaft axis (landmark tibialShaftAxisDistalRight)');
    expect(rowOf(html, 'Posterior condylar angle')).toBe('missing: landmark epicondyleLateralRight missing');
    expect(rowOf(html, 'Inter-epicondylar width')).toBe('missing: landmark epicondyleLateralRight missing');
    expect(rowOf(html, 'Extension gap, cut to cut \\(unstressed, as scanned\\)')).toMatch(/^missing: needs the distal femoral cut/);
    expect(rowOf(html, 'Gap balance under stress \\(§4.3\\)')).toBe('missing: the plan is not sealed');
    expect(rowOf(html, 'Distal femoral cut parameters')).toBe('missing: no distalFemur resection in the plan');
    expect(rowOf(html, 'Distal femoral cut')).not.toMatch(/\d+\.\d/);
    expect(html).toContain('Plan inputs SHA-256 (RFC 8785) not sealed');
    expect(html).toContain('No 3D picture: open the 3D view before exporting the report.');
  });

  it('volumes not yet computed for the shown planes are missing, not 0', () => {
    const plan = kneePlan();
    const html = kneeReportHtml({ plan, cuts: cutsOf(plan), volumes: null, pictures: { view3dPng: null, slicePng: null }, createdAt: 'now' });
    expect(rowOf(html, 'Proximal tibia resected')).toBe('missing: not computed for these planes (the twin worker had not answered)');
  });
});
