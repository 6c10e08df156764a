/**
 * The hip plan report as one self-contained HTML page (pure: strings in, a string out): what was
 * planned, every metric with its frame and definition (a missing one with its reason), the ROM chart,
 * the landmarks with how each was obtained, a picture of the 3D view when one is given, and the
 * integrity hash of the sealed plan. No patient identifiers: the series is named by the SHA-256 of its
 * voxels only.
 */
import type { Plan } from '../../planning/plan';
import type { Metric, PlanMetrics } from '../../planning/planMetrics';

/** What the report shows besides the plan. */
export interface PlanReportInput {
  /** The sealed plan (metrics and integrity included). */
  plan: Plan;
  /** Cup coverage by host bone (a workstation metric), or missing with a reason. */
  coverage: Metric<{ coveragePercent: number; boneName: string }>;
  /** The ROM chart as SVG markup, or ''. */
  romChartSvg: string;
  /** PNG data URL of the 3D view, or null. */
  picturePng: string | null;
  /** ISO time of the export. */
  createdAt: string;
}

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const f1 = (v: number): string => v.toFixed(1);
const row = (k: string, v: string): string => `<tr><th>${esc(k)}</th><td>${v}</td></tr>`;
const missing = (m: { available: false; reason: string }): string => `<span class="missing">— ${esc(m.reason)}</span>`;

/** The report page. */
export function planReportHtml(input: PlanReportInput): string {
  const { plan } = input;
  const m = plan.metrics as PlanMetrics | undefined;
  const hip = m?.hip;
  const rows: string[] = [];
  rows.push(row('Operated side', plan.side === 'L' ? 'left' : 'right'));
  for (const imp of plan.implants) rows.push(row(`${imp.role}`, esc(`${imp.familyId} size ${imp.size}${imp.options ? ` ${JSON.stringify(imp.options)}` : ''}`)));
  if (hip) {
    const c = hip.cupAngles;
    rows.push(row('Cup angles', c.available ? esc(`${c.value.frame === 'APP' ? `anterior pelvic plane (pelvic tilt ${f1(c.value.pelvicTiltDeg ?? 0)}°)` : 'SCANNER frame (APP landmarks not placed)'}: radiographic ${f1(c.value.angles.radiographic.inclinationDeg)}° / ${f1(c.value.angles.radiographic.anteversionDeg)}°, operative ${f1(c.value.angles.operative.inclinationDeg)}° / ${f1(c.value.angles.operative.anteversionDeg)}°, anatomic ${f1(c.value.angles.anatomic.inclinationDeg)}° / ${f1(c.value.angles.anatomic.anteversionDeg)}° (Murray 1993)`) : missing(c)));
    rows.push(row('Lewinnek safe zone', hip.safeZone.available ? (hip.safeZone.value.inside ? 'inside' : '<b class="bad">OUTSIDE</b>') : missing(hip.safeZone)));
    rows.push(row('Cup coverage by bone', input.coverage.available ? esc(`${f1(input.coverage.value.coveragePercent)} % (${input.coverage.value.boneName})`) : missing(input.coverage)));
    rows.push(row('Leg length / offset change', hip.legLengthOffset.available ? esc(`leg length ${f1(hip.legLengthOffset.value.legLengthMm)} mm, femoral offset ${f1(hip.legLengthOffset.value.femoralOffsetMm)} mm`) : missing(hip.legLengthOffset)));
    const r = hip.prostheticRom;
    rows.push(row('Range of motion (prosthetic impingement)', r.available ? esc(r.value.targets.map((t) => `${t.motion.replace(/Deg$/, '')} ${t.limitDeg === null ? 'free' : `${f1(t.limitDeg)}°`} (target ≥ ${t.target.minDeg}°${t.target.verified ? '' : ' ⚠ unverified'}: ${t.met ? 'met' : 'NOT met'})`).join('; ')) : missing(r)));
  }
  for (const w of m?.warnings ?? []) rows.push(row('Warning', `<b class="bad">${esc(w)}</b>`));
  const landmarks = plan.landmarks.map((l) => `<tr><td>${esc(l.name)}</td><td>${l.pointLps.map(f1).join(', ')}</td><td>${esc(l.source)}</td><td>${esc(l.method)}</td></tr>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Jumeau hip plan report</title>
<style>body{font:14px system-ui,sans-serif;margin:24px;max-width:980px;color:#111}th{text-align:left;vertical-align:top;padding:3px 10px 3px 0;white-space:nowrap}td{padding:3px 8px 3px 0}table{border-collapse:collapse;margin:8px 0}tr{border-bottom:1px solid #ddd}.missing{color:#777}.bad{color:#b00}img{max-width:100%;border:1px solid #ccc}.rom text{font:11px monospace}.rom .met{fill:#2ea043}.rom .short{fill:#da3633}.rom .target{stroke:#b08800;stroke-width:2}.mono{font-family:monospace}</style></head>
<body>
<h1>Hip arthroplasty plan</h1>
<p>Planning aid computed by Jumeau from the patient's CT; every value must be checked by the surgeon. Coordinates: DICOM LPS, millimetres; angles in degrees.</p>
<table>${rows.join('')}</table>
${input.romChartSvg ? `<h2>Range of motion before neck–liner impingement</h2><div class="rom">${input.romChartSvg}</div>` : ''}
${input.picturePng ? `<h2>3D view</h2><img alt="3D view of the twin and the planned implants" src="${input.picturePng}">` : '<p class="missing">No 3D picture: open the 3D view before exporting the report.</p>'}
<h2>Landmarks</h2><table><tr><th>Name</th><th>LPS (mm)</th><th>Source</th><th>Method</th></tr>${landmarks}</table>
<h2>Integrity</h2><p class="mono">Volume SHA-256 ${esc(plan.source.volumeSha256)}<br>Plan inputs SHA-256 (${esc(plan.integrity?.canonicalization ?? 'RFC 8785')}) ${esc(plan.integrity?.inputsSha256 ?? 'not sealed')}<br>Exported ${esc(input.createdAt)}</p>
${(plan.notes ?? []).length ? `<h2>Notes</h2><ul>${(plan.notes ?? []).map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : ''}
</body></html>
`;
}
