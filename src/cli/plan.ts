/**
 * `jumeau plan <plan.json> [--json]`: reads a plan (schema `jumeau.plan/1`), recomputes every metric with
 * the planning code the app uses, and reports the metrics, whether the stored metrics equal the
 * recomputed ones and whether the integrity hash still matches the plan's inputs.
 * Exit 0; 2 for bad input (unreadable file, invalid field, implant not in the catalogue) and for a plan
 * whose inputs no longer match its integrity hash (altered after sealing).
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { JumeauError, describeError } from '../core/errors';
import {
  checkPlan, checkPlanImplants, parseImplantCatalogue, parsePlan, type ImplantCatalogue, type Metric, type PlanCheck, type PlanMetrics,
} from '../planning';
import { LIVER_PLAN_SCHEMA } from '../planning/liver/liverPlanFile';
import { runLiverPlan } from './liverPlan';
import { describeStoredAndIntegrity, inFile, integrityExitCode } from './planCheckText';

/** The catalogue shipped with Jumeau (assets/implants/generic.json). */
export const DEFAULT_CATALOGUE_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'assets', 'implants', 'generic.json');

/** Reads and validates a catalogue file; errors name the file and the field. */
export async function readCatalogueFile(file: string = DEFAULT_CATALOGUE_FILE): Promise<ImplantCatalogue> {
  return parseImplantCatalogue(await readJson(file));
}

async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await fsp.readFile(file, 'utf8');
  } catch (e) {
    throw new JumeauError('FILE_READ', (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : describeError(e), { subject: file, cause: e });
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new JumeauError('BAD_ARGUMENT', `not JSON (${describeError(e)})`, { subject: file, cause: e });
  }
}


const f2 = (v: number | null) => (v === null ? 'none (no impingement)' : v.toFixed(2));

function line<T>(label: string, m: Metric<T> | undefined, show: (v: T) => string): string {
  if (!m) return '';
  return `  ${label}: ${m.available ? show(m.value) : `missing — ${m.reason}`}\n`;
}

/** Human-readable metrics, one line per metric. */
export function describePlanMetrics(metrics: PlanMetrics): string {
  let s = '';
  const h = metrics.hip;
  if (h) {
    s += line('cup angles', h.cupAngles, (v) => `${(['radiographic', 'operative', 'anatomic'] as const).map((d) => `${d} ${v.angles[d].inclinationDeg.toFixed(2)}°/${v.angles[d].anteversionDeg.toFixed(2)}°`).join(', ')} (inclination/anteversion, ${v.frame} frame${v.pelvicTiltDeg === null ? '' : `, pelvic tilt ${v.pelvicTiltDeg.toFixed(2)}°`})`);
    s += line('safe zone', h.safeZone, (v) => `${v.zone.name} ${v.inside ? 'inside' : `OUTSIDE (inclination ${v.inclinationOutsideDeg.toFixed(2)}°, anteversion ${v.anteversionOutsideDeg.toFixed(2)}° outside)`}`);
    s += line('leg length / offset', h.legLengthOffset, (v) => `ΔLL ${v.legLengthMm.toFixed(2)} mm (acetabular ${v.acetabularLengthMm.toFixed(2)}, femoral ${v.femoralLengthMm.toFixed(2)}), ΔFO ${v.femoralOffsetMm.toFixed(2)} mm, ΔAO ${v.acetabularOffsetMm.toFixed(2)} mm, ΔGO ${v.globalOffsetMm.toFixed(2)} mm${v.legLengthWarning || v.globalOffsetWarning ? ' — WARNING' : ''}`);
    s += line('prosthetic ROM', h.prostheticRom, (v) => `${v.targets.map((t) => `${t.motion.replace(/Deg$/, '')} ${f2(t.limitDeg)}${t.met ? '' : ` (< ${t.target.minDeg}°)`}`).join(', ')}; α_max ${v.alphaMaxDeg.toFixed(2)}°`);
  }
  const k = metrics.knee;
  if (k) {
    s += line('HKA', k.hka, (v) => `${v.coronalHkaDeg.toFixed(2)}° coronal (${v.alignment} ${v.deviationDeg.toFixed(2)}°), 3-D ${v.hkaDeg.toFixed(2)}°`);
    s += line('distal femoral resection', k.distalFemoralResection, (v) => `medial ${v.resectionMm.medial.toFixed(2)} mm, lateral ${v.resectionMm.lateral.toFixed(2)} mm${v.femoralAxis ? ` — ${v.femoralAxis.method}` : ''}`);
    s += line('proximal tibial resection', k.proximalTibialResection, (v) => `medial ${v.resectionMm.medial.toFixed(2)} mm, lateral ${v.resectionMm.lateral.toFixed(2)} mm`);
    s += line('femoral rotation', k.femoralRotation, (v) => `sTEA ${v.teaExternalRotationFromPcaDeg.toFixed(2)}° external to the PCA${v.femoralAxis ? ` (⟂ the anatomical axis + ${v.femoralAxis.valgusAngleDeg}° valgus ⚠)` : ''}`);
    s += line('gaps', k.gaps, (v) => `extension ${v.extension.gapMm.medial.toFixed(1)}/${v.extension.gapMm.lateral.toFixed(1)} mm (${v.extension.summary})${v.flexion ? `, flexion ${v.flexion.gapMm.medial.toFixed(1)}/${v.flexion.gapMm.lateral.toFixed(1)} mm (${v.flexion.summary})` : ''}`);
  }
  for (const w of metrics.warnings) s += `  warning: ${w}\n`;
  return s;
}

/** The `--json` output (schema `jumeau.planCheck/1`). */
export function planCheckJson(file: string, check: PlanCheck): object {
  return {
    schema: 'jumeau.planCheck/1',
    file,
    integrity: { status: check.integrity, storedInputsSha256: check.storedInputsSha256, computedInputsSha256: check.computedInputsSha256 },
    storedMetrics: { status: check.storedMetrics, differences: check.differences },
    metrics: check.metrics,
  };
}

/** Runs `jumeau plan`; returns the exit code. */
export async function runPlan(file: string, opts: { json: boolean; catalogue?: string; labels?: string }): Promise<number> {
  const json = await readJson(file);
  if ((json as { schema?: unknown } | null)?.schema === LIVER_PLAN_SCHEMA) return runLiverPlan(file, json, opts);
  const plan = inFile(file, () => parsePlan(json));
  const catalogue = await readCatalogueFile(opts.catalogue);
  if (plan.catalogue && plan.catalogue.id !== catalogue.id) {
    throw new JumeauError('BAD_ARGUMENT', `plan uses catalogue "${plan.catalogue.id}", this Jumeau ships "${catalogue.id}"`, { subject: `${path.basename(file)}: catalogue.id` });
  }
  inFile(file, () => checkPlanImplants(plan, catalogue));
  const check = await checkPlan(plan, { catalogue });
  const name = path.basename(file);
  if (opts.json) process.stdout.write(`${JSON.stringify(planCheckJson(file, check), null, 2)}\n`);
  else {
    let s = `${name}: ${plan.anatomy} plan, side ${plan.side}, series ${plan.source.seriesInstanceUid ?? '(none)'}, volume SHA-256 ${plan.source.volumeSha256.slice(0, 12)}…\n`;
    s += describePlanMetrics(check.metrics);
    process.stdout.write(s + describeStoredAndIntegrity(check));
  }
  return integrityExitCode(name, check);
}
