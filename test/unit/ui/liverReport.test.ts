// The liver report: volumes, FLR verdicts with their source, margins, missing values with reasons, escaped text, hashes.
import { describe, expect, it } from 'vitest';
import { liverReportHtml } from '../../../src/ui/logic/liverReport';
import type { LiverPlan } from '../../../src/planning/liver/liverPlanFile';
import type { LiverPlanMetrics } from '../../../src/planning/liver/liverPlanMetrics';

describe('liverReportHtml', () => {
  it('states the numbers and why a value is missing', () => {
    const metrics = {
      organ: { tlvCtMl: 1432.2, tumourMl: 18.9, functionalTotalMl: 1413.3, tumours: [] },
      resection: { available: true, value: { resectedMl: 593.4, remnantMl: 838.8, remnantRatio: 0.586, remnantFunctionalMl: 835.7, resectedFunctionalMl: 577.6, tumourResectedMl: 15.8, tumourRemnantMl: 3.1, surfaces: [{ name: 'plane 1', resectedMl: 593.4, cutComplete: true }] } },
      flrMeasured: { available: true, value: { flrVolumeMl: 835.7, ratio: 0.5913, percent: 59.13, tlvUsed: { kind: 'measured', tlvCtMl: 1432.2, tumourVolumeMl: 18.9, tlvMl: 1413.3, description: 'TLV_CT − tumours' }, condition: 'normal', verdict: { minRatio: 0.25, source: 'Vauthey <2000>', passes: true }, alternatives: [] } },
      flrStandardized: { available: false, reason: 'heightCm: is needed for the standardised TLV' },
      margins: { available: true, value: { safetyMarginMm: 10, allPass: false, reason: null, tumours: [{ name: 'tumour 1', side: 'resected', marginMm: 16.2, centreDistanceMm: 16.9, closestSurfacePointLps: [0, 0, 0], passes: true, reason: null, label: 4, surface: 'plane 1' }, { name: 'tumour 2', side: 'remnant', marginMm: 40, centreDistanceMm: 41, closestSurfacePointLps: [0, 0, 0], passes: false, reason: 'in the remnant', label: 5, surface: 'plane 1' }] } },
      vesselMargins: { available: true, value: { vessels: [
        { label: 2, name: 'portal vein', role: 'portalVein', minDistanceMm: 0, surface: 'plane 1', closestSurfacePointLps: [0, 0, 0], cutBranches: [{ edge: 11, generation: 3, meanRadiusMm: 2.5, radiusAtCutMm: 2.71, crossingLps: [35, -15, 15], surface: 'plane 1' }], reason: null },
        { label: 3, name: 'hepatic vein', role: 'hepaticVein', minDistanceMm: 13.7, surface: 'plane 1', closestSurfacePointLps: [65, 0, 0], cutBranches: null, reason: 'no centerline (EMPTY_SEGMENT: too small): cut branches unknown' },
      ] } },
      territories: { available: false, reason: 'MISSING_SEGMENT: no portal vein segment' },
    } as unknown as LiverPlanMetrics;
    const plan = { schema: 'jumeau.liverPlan/1', source: { seriesInstanceUid: null, volumeSha256: 'a'.repeat(64), labelsSha256: 'b'.repeat(64) }, grid: {}, segments: [], surfaces: [], patient: { heightCm: null, weightKg: null }, liverCondition: 'normal', safetyMarginMm: 10, territoryBranches: [{ label: 1, name: 'R1', pointsLps: [[-84.6, 29.8, -2.6], [-90, 30, 10]], source: 'auto' }, { label: 2, name: 'B2', pointsLps: [[1, 2, 3]] }], metrics, integrity: { algorithm: 'SHA-256', canonicalization: 'RFC 8785', inputsSha256: 'c'.repeat(64) } } as unknown as LiverPlan & { metrics: LiverPlanMetrics };
    const html = liverReportHtml(plan, null, '2026-12-06T16:00:00Z');
    expect(html).toContain('resected 593.4 mL, remnant 838.8 mL (functional 835.7 mL)');
    expect(html).toContain('59.13 % of TLV_CT − tumours — meets 25 % (Vauthey &lt;2000&gt;)');
    expect(html).toContain('— heightCm: is needed for the standardised TLV');
    expect(html).toContain('tumour 1: 16.2 mm (resected) pass');
    expect(html).toContain('<b class="bad">in the remnant</b>');
    expect(html).toContain('— MISSING_SEGMENT: no portal vein segment');
    expect(html).toContain(`Plan inputs SHA-256 ${'c'.repeat(64)}`);
    expect(html).toContain('portal vein: 0.0 mm; branches cut: #11 (generation 3, r 2.7 mm)');
    expect(html).toContain('hepatic vein: 13.7 mm; branches cut: — (no centerline)');
    expect(html).toContain('R1 (label 1, proposed from the portal centerline): 2 point(s) from (-84.6, 29.8, -2.6)');
    expect(html).toContain('B2 (label 2, placed): 1 point(s)');
    expect(html).not.toMatch(/<script/i);
  });
});
