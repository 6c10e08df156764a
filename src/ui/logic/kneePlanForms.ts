/**
 * The knee plan form as plain data (no DOM): the typed cut parameters read into {@link KneeCutParams}
 * with a message naming the field at fault, and the metric rows the panel shows (a missing metric says
 * why, never 0). Pure, so the unit tests drive it directly.
 */
import { isJumeauError } from '../../core/errors';
import type { KneeCutMetrics, KneeCutParams, KneeCutVolume } from '../../planning/kneePlanModel';
import { checkKneeCutParams } from '../../planning/kneePlanModel';
import type { Metric } from '../../planning/planMetrics';

/** The form's fields: id suffix, parameter path, label, unit. */
export const KNEE_FORM_FIELDS = [
  { id: 'tibia-depth', path: ['tibia', 'depthMm'], label: 'Tibial cut depth', unit: 'mm', title: 'Below the higher (less worn) plateau point, along the tibial axis (brief §4.2: 8–10 mm ⚠)' },
  { id: 'tibia-varus', path: ['tibia', 'varusValgusDeg'], label: 'Tibial varus(+)/valgus(−)', unit: '°', title: 'Coronal tilt from ⟂ the tibial axis; + = medial side lower' },
  { id: 'tibia-slope', path: ['tibia', 'posteriorSlopeDeg'], label: 'Posterior slope', unit: '°', title: '+ lowers the plane posteriorly (brief §4.2: 0–7° per implant ⚠)' },
  { id: 'femur-depth', path: ['femur', 'depthMm'], label: 'Distal femoral cut depth', unit: 'mm', title: 'Above the more distal condyle, along the femoral axis (brief §4.2: ≈ 8–9 mm ⚠)' },
  { id: 'femur-varus', path: ['femur', 'varusValgusDeg'], label: 'Femoral varus(+)/valgus(−)', unit: '°', title: 'Coronal tilt from ⟂ the femoral axis; + = less bone off laterally' },
  { id: 'femur-valgus', path: ['femur', 'valgusAngleDeg'], label: 'Valgus angle (no head centre)', unit: '°', title: 'Anatomical → mechanical axis angle used only without a femoral head centre (⚠ default 6°, not in the brief)' },
] as const;

/** Field id → typed text. */
export type KneeFormValues = Record<(typeof KNEE_FORM_FIELDS)[number]['id'], string>;

/** The form values showing `p`. */
export function kneeFormValues(p: KneeCutParams): KneeFormValues {
  const out = {} as KneeFormValues;
  for (const f of KNEE_FORM_FIELDS) out[f.id] = String((p[f.path[0]] as Record<string, number>)[f.path[1]]);
  return out;
}

/**
 * Reads the typed values. An empty or non-numeric field, or a value out of range, gives a message
 * naming the field by its label ("Tibial cut depth (tibia.depthMm): must be within [0, 30], got 45").
 */
export function readKneeForm(values: KneeFormValues): { ok: true; params: KneeCutParams } | { ok: false; field: string; message: string } {
  const params: KneeCutParams = { tibia: { depthMm: NaN, varusValgusDeg: NaN, posteriorSlopeDeg: NaN }, femur: { depthMm: NaN, varusValgusDeg: NaN, valgusAngleDeg: NaN } };
  for (const f of KNEE_FORM_FIELDS) {
    const text = values[f.id].trim();
    const v = text === '' ? NaN : Number(text);
    if (!Number.isFinite(v)) return { ok: false, field: f.id, message: `${f.label} (${f.path.join('.')}): must be a number, got "${values[f.id]}"` };
    (params[f.path[0]] as Record<string, number>)[f.path[1]] = v;
  }
  try {
    return { ok: true, params: checkKneeCutParams(params) };
  } catch (e) {
    if (!isJumeauError(e)) throw e;
    const f = KNEE_FORM_FIELDS.find((x) => x.path.join('.') === e.subject);
    return { ok: false, field: f?.id ?? String(e.subject), message: `${f?.label ?? 'value'} (${e.message})` };
  }
}

/** One row of the metrics list. */
export interface KneeMetricRow {
  id: string;
  label: string;
  /** The value as shown, or "— (reason)". */
  text: string;
  available: boolean;
  /** The number behind the text (for tests), or null. */
  value: number | null;
}

const f1 = (v: number): string => v.toFixed(1);
const row = (id: string, label: string, m: Metric<unknown>, text: (v: never) => string, value: (v: never) => number): KneeMetricRow =>
  m.available ? { id, label, text: text(m.value as never), available: true, value: value(m.value as never) } : { id, label, text: `— (${m.reason})`, available: false, value: null };

/** The metric rows of a plan: planes and angles (`m`) and the resected volumes (`v`, null while computing). */
export function kneeMetricRows(m: KneeCutMetrics, v: { femur: Metric<KneeCutVolume>; tibia: Metric<KneeCutVolume> } | null): KneeMetricRow[] {
  type R = KneeCutMetrics['distalFemur'] extends Metric<infer T> ? T : never;
  const cut = (r: R) => `${r.referenceCompartment} reference; medial ${f1(r.resectionMm.medial)} / lateral ${f1(r.resectionMm.lateral)} mm, ⟂ ${r.axisNote}`;
  const pending: Metric<KneeCutVolume> = { available: false, reason: 'computing…' };
  const vol = (x: KneeCutVolume) => `${f1(x.resectedMl)} mL removed of ${f1(x.totalMl)} mL (cut ${x.cutAreaMm2.toFixed(0)} mm²)`;
  return [
    row('hka', 'HKA', m.hka, (x: { coronalHkaDeg: number; signedDeviationDeg: number; alignment: string }) => `${f1(x.coronalHkaDeg)}° (${x.alignment} ${f1(Math.abs(x.signedDeviationDeg))}°)`, (x: { coronalHkaDeg: number }) => x.coronalHkaDeg),
    row('femur-cut', 'Distal femoral cut', m.distalFemur, cut, (x: R) => Math.max(x.resectionMm.medial, x.resectionMm.lateral)),
    row('femur-volume', 'Distal femur resected', v?.femur ?? (m.distalFemur.available ? pending : m.distalFemur), vol, (x: KneeCutVolume) => x.resectedMl),
    row('tibia-cut', 'Proximal tibial cut', m.proximalTibia, cut, (x: R) => Math.max(x.resectionMm.medial, x.resectionMm.lateral)),
    row('tibia-volume', 'Proximal tibia resected', v?.tibia ?? (m.proximalTibia.available ? pending : m.proximalTibia), vol, (x: KneeCutVolume) => x.resectedMl),
    row('pca-angle', 'Posterior condylar angle', m.posteriorCondylarAngle, (x: { teaExternalRotationFromPcaDeg: number; axisKind: string }) => `${f1(x.teaExternalRotationFromPcaDeg)}° (TEA external rotation from the PCA, ⟂ the ${x.axisKind} axis; clinical TEA unless the sulcus is placed)`, (x: { teaExternalRotationFromPcaDeg: number }) => x.teaExternalRotationFromPcaDeg),
    row('iew', 'Inter-epicondylar width', m.interEpicondylarWidthMm, (x: number) => `${f1(x)} mm`, (x: number) => x),
    row('gap', 'Extension gap (cut to cut, unstressed)', m.extensionGapMm, (x: { medial: number; lateral: number; imbalanceMm: number }) => `medial ${f1(x.medial)} / lateral ${f1(x.lateral)} mm (imbalance ${f1(x.imbalanceMm)} mm)`, (x: { imbalanceMm: number }) => x.imbalanceMm),
  ];
}
