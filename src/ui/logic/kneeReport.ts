/**
 * The knee plan report as one self-contained HTML page (pure: data in, a string out): the cut
 * parameters typed, each cut (reference, bone removed per compartment, the axis it is ⟂ to), the
 * resected bone volumes, the posterior condylar angle, HKA, the inter-epicondylar width, the gap
 * estimates, the femoral component and tibial baseplate sized on the cuts, pictures of the 3D view (with the cut planes) and of the slice, the landmarks with their
 * source, and the integrity hashes of the sealed plan. A metric that cannot be computed reads
 * "missing: <reason>", never 0. No patient identifiers: the series is named by the SHA-256 of its voxels.
 */
import type { KneeCutMetrics, KneeCutVolume } from '../../planning/kneePlanModel';
import { DEFAULT_KNEE_CUTS } from '../../planning/kneePlanModel';
import type { Plan } from '../../planning/plan';
import type { Metric, PlanMetrics } from '../../planning/planMetrics';
import type { KneeComponentSizes } from '../../workers/twinProtocol';
import { femoralComponentText, tibialComponentText } from './kneeComponents';

/** What the knee report shows. */
export interface KneeReportInput {
  /** The sealed plan (landmarks, resections with their parameters, metrics, integrity). */
  plan: Plan;
  /** The workstation's planes and angles for these landmarks and parameters (kneeCutPlanes). */
  cuts: KneeCutMetrics;
  /** The bone each cut removes (computed in the twin worker), or null when not computed for these planes. */
  volumes: { femur: Metric<KneeCutVolume>; tibia: Metric<KneeCutVolume> } | null;
  /** The components sized on these cuts (computed in the twin worker with the volumes), or null/absent when not computed for these planes. */
  components?: KneeComponentSizes | null;
  /** PNG data URLs of the 3D view and of the slice, or null. */
  pictures: { view3dPng: string | null; slicePng: string | null };
  /** ISO time of the export. */
  createdAt: string;
}

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const f1 = (v: number): string => v.toFixed(1);
const f2 = (v: number): string => v.toFixed(2);
const row = (k: string, v: string): string => `<tr><th>${esc(k)}</th><td>${v}</td></tr>`;
const missing = (reason: string): string => `<span class="missing">missing: ${esc(reason)}</span>`;
/** The value as HTML, or "missing: reason". */
const show = <T,>(m: Metric<T>, text: (v: T) => string): string => (m.available ? esc(text(m.value)) : missing(m.reason));

/** The cut parameters of the plan's resections, as typed. */
function paramRows(plan: Plan): string[] {
  const f = plan.resections.find((r) => r.name === 'distalFemur'), t = plan.resections.find((r) => r.name === 'proximalTibia');
  const num = (v: number | undefined, unit: string) => (v === undefined ? missing('not in the plan') : esc(`${v} ${unit}`));
  const rows: string[] = [];
  if (f) {
    rows.push(row('Distal femoral cut depth', `${num(f.depthMm, 'mm')} above the more distal condyle`));
    rows.push(row('Femoral varus(+)/valgus(−)', num(f.varusValgusDeg, '°')));
    const v = f.valgusAngleDeg ?? DEFAULT_KNEE_CUTS.femur.valgusAngleDeg;
    rows.push(row('Valgus angle (anatomical → mechanical, used without a head centre)', esc(`${v}°${v === DEFAULT_KNEE_CUTS.femur.valgusAngleDeg ? ' (⚠ default, not in the brief — the surgeon must confirm)' : ' (⚠ set by hand — confirm)'}`)));
  } else rows.push(row('Distal femoral cut parameters', missing('no distalFemur resection in the plan')));
  if (t) {
    rows.push(row('Proximal tibial cut depth', `${num(t.depthMm, 'mm')} below the higher plateau`));
    rows.push(row('Tibial varus(+)/valgus(−)', num(t.varusValgusDeg, '°')));
    rows.push(row('Posterior slope', num(t.posteriorSlopeDeg, '°')));
  } else rows.push(row('Proximal tibial cut parameters', missing('no proximalTibia resection in the plan')));
  return rows;
}

/** The metric rows: cuts, volumes, angles, gaps. */
function metricRows(input: KneeReportInput): string[] {
  const c = input.cuts;
  const cut = (r: { referenceCompartment: string; resectionMm: { medial: number; lateral: number }; axisNote: string }) =>
    `${r.referenceCompartment} reference; bone removed medial ${f2(r.resectionMm.medial)} mm / lateral ${f2(r.resectionMm.lateral)} mm; ⟂ ${r.axisNote}`;
  const notComputed: Metric<KneeCutVolume> = { available: false, reason: 'not computed for these planes (the twin worker had not answered)' };
  const vol = (v: KneeCutVolume) => `${f2(v.resectedMl)} mL removed of ${f1(v.totalMl)} mL (remnant ${f1(v.remnantMl)} mL, cut area ${v.cutAreaMm2.toFixed(0)} mm²)`;
  const volOf = (bone: 'femur' | 'tibia', plane: Metric<unknown>) => (plane.available ? input.volumes?.[bone] ?? notComputed : { available: false as const, reason: `no cut: ${plane.reason}` });
  const knee = (input.plan.metrics as PlanMetrics | undefined)?.knee;
  return [
    row('Distal femoral cut', show(c.distalFemur, cut)),
    row('Distal femur resected', show(volOf('femur', c.distalFemur), vol)),
    row('Proximal tibial cut', show(c.proximalTibia, cut)),
    row('Proximal tibia resected', show(volOf('tibia', c.proximalTibia), vol)),
    row('Posterior condylar angle', show(c.posteriorCondylarAngle, (v) => `${f1(v.teaExternalRotationFromPcaDeg)}° (TEA external rotation from the PCA, ⟂ the ${v.axisKind} femoral axis; clinical TEA)`)),
    row('Inter-epicondylar width', show(c.interEpicondylarWidthMm, (v) => `${f1(v)} mm`)),
    row('HKA', show(c.hka, (v) => `${f1(v.coronalHkaDeg)}° coronal (${v.alignment} ${f1(Math.abs(v.signedDeviationDeg))}°)`)),
    row('Extension gap, cut to cut (unstressed, as scanned)', show(c.extensionGapMm, (v) => `medial ${f1(v.medial)} mm / lateral ${f1(v.lateral)} mm (imbalance ${f1(v.imbalanceMm)} mm)`)),
    row('Gap balance under stress (§4.3)', knee ? show(knee.gaps, (v) => `extension ${f1(v.extension.gapMm.medial)} / ${f1(v.extension.gapMm.lateral)} mm (${v.extension.summary})`) : missing('the plan is not sealed')),
  ];
}

/** The components section: size, AP/ML, over/underhang per side, coverage, or "missing: <reason>". */
export function componentRows(input: Pick<KneeReportInput, 'cuts' | 'components'>): string[] {
  const c = input.cuts, k = input.components ?? null;
  const notComputed = 'not computed for these planes (the twin worker had not answered)';
  const fem = k?.femoral ?? { available: false as const, reason: c.distalFemur.available ? notComputed : `no distal femoral cut: ${c.distalFemur.reason}` };
  const tib = k?.tibial ?? { available: false as const, reason: c.proximalTibia.available ? notComputed : `no proximal tibial cut: ${c.proximalTibia.reason}` };
  return [row('Femoral component', show(fem, femoralComponentText)), row('Tibial baseplate', show(tib, tibialComponentText))];
}

/** The report page. */
export function kneeReportHtml(input: KneeReportInput): string {
  const { plan } = input;
  const warnings = (plan.metrics as PlanMetrics | undefined)?.warnings ?? [];
  const landmarks = plan.landmarks.map((l) => `<tr><td>${esc(l.name)}</td><td>${l.pointLps.map(f1).join(', ')}</td><td>${esc(l.source)}</td><td>${esc(l.method)}</td></tr>`).join('');
  const pic = (png: string | null, alt: string, none: string) => (png?.startsWith('data:image/png;base64,') ? `<img alt="${esc(alt)}" src="${png}">` : `<p class="missing">${esc(none)}</p>`);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Jumeau knee plan report</title>
<style>body{font:14px system-ui,sans-serif;margin:24px;max-width:980px;color:#111}th{text-align:left;vertical-align:top;padding:3px 10px 3px 0;white-space:nowrap}td{padding:3px 8px 3px 0}table{border-collapse:collapse;margin:8px 0}tr{border-bottom:1px solid #ddd}.missing{color:#777}.bad{color:#b00}img{max-width:100%;border:1px solid #ccc}.mono{font-family:monospace}</style></head>
<body>
<h1>Knee arthroplasty plan — ${plan.side === 'L' ? 'left' : 'right'} knee</h1>
<p>Planning aid computed by Jumeau from the patient's CT; every value must be checked by the surgeon. Coordinates: DICOM LPS, millimetres; angles in degrees. Cut depths and slope are typical technique values (⚠ verify per implant).</p>
<h2>Cut parameters</h2><table>${paramRows(plan).join('')}</table>
<h2>Metrics</h2><table>${metricRows(input).join('')}${warnings.map((w) => row('Warning', `<b class="bad">${esc(w)}</b>`)).join('')}</table>
<h2>Components (sized on the segments${input.components ? `, catalogue ${esc(input.components.catalogue.id)} ⚠ generic` : ''})</h2><table>${componentRows(input).join('')}</table>
<h2>3D view (cut planes)</h2>${pic(input.pictures.view3dPng, '3D view of the twin with the cut planes', 'No 3D picture: open the 3D view before exporting the report.')}
<h2>Slice</h2>${pic(input.pictures.slicePng, 'Slice view', 'No slice picture.')}
<h2>Landmarks</h2><table><tr><th>Name</th><th>LPS (mm)</th><th>Source</th><th>Method</th></tr>${landmarks}</table>
<h2>Integrity</h2><p class="mono">Volume SHA-256 ${esc(plan.source.volumeSha256)}<br>Plan inputs SHA-256 (${esc(plan.integrity?.canonicalization ?? 'RFC 8785')}) ${esc(plan.integrity?.inputsSha256 ?? 'not sealed')}<br>Exported ${esc(input.createdAt)}</p>
${(plan.notes ?? []).length ? `<h2>Notes</h2><ul>${(plan.notes ?? []).map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : ''}
</body></html>
`;
}
