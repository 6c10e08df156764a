/**
 * The liver resection plan report as one self-contained HTML page (pure): volumes, FLR (measured and
 * standardised, with the threshold applied and its source), margins per tumour, vessel margins (distance
 * and branches cut), territories with their branches (proposed or placed), the
 * surfaces, a picture of the 3D view when given, and the integrity hashes. No patient identifiers; a
 * missing value says why.
 */
import type { FlrAssessment } from '../../planning/liver/flr';
import type { LiverPlan } from '../../planning/liver/liverPlanFile';
import type { LiverPlanMetrics } from '../../planning/liver/liverPlanMetrics';
import type { Metric } from '../../planning/planMetrics';

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const f1 = (v: number): string => v.toFixed(1);
const row = (k: string, v: string): string => `<tr><th>${esc(k)}</th><td>${v}</td></tr>`;
const missing = (m: { available: false; reason: string }): string => `<span class="missing">— ${esc(m.reason)}</span>`;

function flr(m: Metric<FlrAssessment>): string {
  if (!m.available) return missing(m);
  const a = m.value;
  const v = a.verdict;
  return `${a.percent.toFixed(2)} % of ${esc(a.tlvUsed.description)} — ${v.passes ? 'meets' : '<b class="bad">BELOW</b>'} ${(100 * v.minRatio).toFixed(0)} % (${esc(v.source)})`;
}

/** The report page of a sealed liver plan. */
export function liverReportHtml(plan: LiverPlan & { metrics?: LiverPlanMetrics }, picturePng: string | null, createdAt: string): string {
  const m = plan.metrics;
  const rows: string[] = [];
  if (m) {
    rows.push(row('Total liver volume (CT)', esc(`${f1(m.organ.tlvCtMl)} mL (tumours ${f1(m.organ.tumourMl)} mL, functional ${f1(m.organ.functionalTotalMl)} mL)`)));
    const r = m.resection;
    rows.push(row('Resection', r.available ? esc(`resected ${f1(r.value.resectedMl)} mL, remnant ${f1(r.value.remnantMl)} mL (functional ${f1(r.value.remnantFunctionalMl)} mL); surfaces: ${r.value.surfaces.map((x) => `${x.name} ${f1(x.resectedMl)} mL${x.cutComplete ? '' : ' (does not cut through)'}`).join(', ')}`) : missing(r)));
    rows.push(row(`FLR, measured (condition: ${plan.liverCondition})`, flr(m.flrMeasured)));
    rows.push(row('FLR, standardised (Vauthey)', flr(m.flrStandardized)));
    const g = m.margins;
    rows.push(row(`Margins (safety ${plan.safetyMarginMm} mm)`, g.available ? (g.value.tumours.length ? g.value.tumours.map((t) => `${esc(t.name)}: ${t.marginMm === null ? '—' : `${f1(t.marginMm)} mm`} (${esc(t.side ?? '—')}) ${t.passes ? 'pass' : `<b class="bad">${esc(t.reason ?? 'FAIL')}</b>`}`).join('<br>') : esc(g.value.reason ?? 'no tumour')) : missing(g)));
    const vm = m.vesselMargins;
    if (vm) rows.push(row('Vessel margins (cut face to vessel)', vm.available ? vm.value.vessels.map((v) => `${esc(v.name)}: ${v.minDistanceMm === null ? `— ${esc(v.reason ?? '')}` : `${f1(v.minDistanceMm)} mm`}; branches cut: ${v.cutBranches === null ? '— (no centerline)' : v.cutBranches.length ? esc(v.cutBranches.map((c) => `#${c.edge} (generation ${c.generation}, r ${f1(c.radiusAtCutMm)} mm)`).join(', ')) : 'none'}`).join('<br>') : missing(vm)));
    const t = m.territories;
    rows.push(row('Portal territories (geodesic)', t.available ? esc(t.value.territories.map((x) => `${x.name} ${f1(x.volumeMl)} mL${x.resectedMl === null ? '' : ` (resected ${f1(x.resectedMl)}, remnant ${f1(x.remnantMl ?? 0)})`}`).join('; ') + `; ambiguous ${f1(t.value.ambiguousMl)} mL`) : missing(t)));
  }
  const surfaces = plan.surfaces.map((s) => `<li>${esc(JSON.stringify(s))}</li>`).join('');
  const branches = plan.territoryBranches.map((b) => `<li>${esc(`${b.name} (label ${b.label}, ${b.source === 'auto' ? 'proposed from the portal centerline' : 'placed'}): ${b.pointsLps.length} point(s) from (${b.pointsLps[0].map((v) => v.toFixed(1)).join(', ')})`)}</li>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Jumeau liver resection plan report</title>
<style>body{font:14px system-ui,sans-serif;margin:24px;max-width:980px;color:#111}th{text-align:left;vertical-align:top;padding:3px 10px 3px 0;white-space:nowrap}td{padding:3px 8px 3px 0}table{border-collapse:collapse;margin:8px 0}tr{border-bottom:1px solid #ddd}.missing{color:#777}.bad{color:#b00}img{max-width:100%;border:1px solid #ccc}.mono,li{font-family:monospace;font-size:12px}</style></head>
<body>
<h1>Liver resection plan</h1>
<p>Planning aid computed by Jumeau from the patient's CT segmentation; every value must be checked by the surgeon. Rigid overlays of the liver are not accurate to the margin (brief §7.4). Volumes in mL, distances in mm.</p>
<table>${rows.join('')}</table>
${picturePng ? `<h2>3D view</h2><img alt="3D view of the liver, tumours and resection surfaces" src="${picturePng}">` : '<p class="missing">No 3D picture: open the 3D view before exporting the report.</p>'}
<h2>Surfaces (LPS mm)</h2><ul>${surfaces}</ul>
${branches ? `<h2>Portal branches (LPS mm)</h2><ul>${branches}</ul>` : ''}
<h2>Integrity</h2><p class="mono">Volume SHA-256 ${esc(plan.source.volumeSha256)}<br>Labels SHA-256 ${esc(plan.source.labelsSha256)}<br>Plan inputs SHA-256 ${esc(plan.integrity?.inputsSha256 ?? 'not sealed')}<br>Exported ${esc(createdAt)}</p>
</body></html>
`;
}
