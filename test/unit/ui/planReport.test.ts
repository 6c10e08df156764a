// The plan report: every metric with its frame, missing ones with their reason, no script, escaped text, the hash.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseImplantCatalogue } from '../../../src/planning/implants';
import { withCup, withLandmark } from '../../../src/planning/hipPlanEdits';
import { PLAN_SCHEMA, type Plan } from '../../../src/planning/plan';
import { sealPlan } from '../../../src/planning/planIntegrity';
import { planReportHtml } from '../../../src/ui/logic/planReport';
import { REPO } from '../../helpers/sharedData';

const catalogue = parseImplantCatalogue(JSON.parse(readFileSync(path.join(REPO, 'assets', 'implants', 'generic.json'), 'utf8')));

describe('planReportHtml', () => {
  it('states frames, values and reasons, escapes text, carries the hash', async () => {
    let p: Plan = { schema: PLAN_SCHEMA, anatomy: 'hip', side: 'L', source: { seriesInstanceUid: null, volumeSha256: 'b'.repeat(64) }, landmarks: [], implants: [], resections: [], notes: ['<script>alert(1)</script>'] };
    p = withLandmark(p, 'femoralHeadCentreLeft', [90, 0, 0], 'auto', 'sphere fit');
    p = withCup(p, { familyId: 'generic-cup-hemispherical', size: '52', inclinationDeg: 40, anteversionDeg: 15 }, catalogue);
    const sealed = await sealPlan(p, { catalogue });
    const html = planReportHtml({ plan: sealed, coverage: { available: false, reason: 'needs the twin\'s labels' }, romChartSvg: '', picturePng: null, createdAt: '2026-12-06T15:00:00Z' });
    expect(html).toContain('SCANNER frame (APP landmarks not placed): radiographic 40.0° / 15.0°');
    expect(html).toContain('Lewinnek safe zone</th><td>inside');
    expect(html).toContain('— needs the twin&#39;s labels');
    expect(html).toMatch(/Range of motion \(prosthetic impingement\)<\/th><td><span class="missing">— needs the head diameter/);
    expect(html).toContain(sealed.integrity!.inputsSha256);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('femoralHeadCentreLeft</td><td>90.0, 0.0, 0.0</td><td>auto</td><td>sphere fit');
  });
});
