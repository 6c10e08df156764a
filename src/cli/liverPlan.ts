/**
 * `jumeau plan <liverplan.json> --labels <labels.nii.gz> [--json]`: recomputes a liver plan (schema
 * `jumeau.liverPlan/1`) headless with the code the workstation's worker runs, on the labels it was made
 * on, and reports the metrics, whether the stored metrics equal the recomputed ones, whether the labels
 * are the same (SHA-256 of their values) and whether the integrity hash still matches the inputs.
 * Exit 0; 2 for bad input (missing --labels, invalid field, labels on another grid) and for a plan
 * altered after it was sealed.
 */
import path from 'node:path';
import { JumeauError } from '../core/errors';
import { checkLiverPlan, parseLiverPlan, type LiverPlanCheck, type LiverPlanMetrics } from '../planning/liver/liverPlanFile';
import type { FlrAssessment } from '../planning/liver/flr';
import type { Metric } from '../planning/planMetrics';
import { readImageFileNode } from './imageFiles';
import { describeStoredAndIntegrity, inFile, integrityExitCode } from './planCheckText';


const f1 = (v: number): string => v.toFixed(1);
const line = <T>(label: string, m: Metric<T>, show: (v: T) => string): string => `  ${label}: ${m.available ? show(m.value) : `missing — ${m.reason}`}\n`;
const flr = (a: FlrAssessment): string => `${a.percent.toFixed(2)} % (${a.tlvUsed.description}); minimum ${Math.round(100 * a.verdict.minRatio)} % ${a.verdict.passes ? 'met' : 'NOT met'} (${a.verdict.source})`;

/** Human-readable liver plan metrics, one line per metric. */
export function describeLiverPlanMetrics(m: LiverPlanMetrics): string {
  let s = `  liver (TLV_CT): ${f1(m.organ.tlvCtMl)} mL, tumours ${f1(m.organ.tumourMl)} mL, functional ${f1(m.organ.functionalTotalMl)} mL\n`;
  s += line('resection', m.resection, (v) => `resected ${f1(v.resectedMl)} mL, remnant ${f1(v.remnantMl)} mL, FLR (functional remnant) ${f1(v.remnantFunctionalMl)} mL${v.surfaces.some((x) => !x.cutComplete) ? ' — a surface ends inside the liver' : ''}`);
  s += line('FLR measured', m.flrMeasured, flr);
  s += line('sFLR', m.flrStandardized, flr);
  s += line('margins', m.margins, (v) => v.tumours.length
    ? v.tumours.map((t) => `${t.name} ${t.marginMm === null ? '—' : `${t.marginMm.toFixed(2)} mm`} (${t.side ?? 'empty'}) ${t.passes ? 'pass' : `FAIL${t.reason ? `: ${t.reason}` : ''}`}`).join('; ')
    : `— (${v.reason})`);
  if (m.vesselMargins) s += line('vessel margins', m.vesselMargins, (v) => v.vessels.map((x) => `${x.name} ${x.minDistanceMm === null ? `— (${x.reason})` : `${x.minDistanceMm.toFixed(2)} mm`}, branches cut: ${x.cutBranches === null ? 'unknown' : x.cutBranches.length}`).join('; '));
  s += line('territories', m.territories, (v) => v.territories.map((t) => `${t.name} ${f1(t.volumeMl)} mL`).join(', '));
  return s;
}

/** The `--json` output (schema `jumeau.liverPlanCheck/1`). */
export function liverPlanCheckJson(file: string, labelsFile: string, check: LiverPlanCheck): object {
  return {
    schema: 'jumeau.liverPlanCheck/1',
    file,
    labelsFile,
    integrity: { status: check.integrity, storedInputsSha256: check.storedInputsSha256, computedInputsSha256: check.computedInputsSha256 },
    labels: { status: check.labels },
    storedMetrics: { status: check.storedMetrics, differences: check.differences },
    metrics: check.metrics,
  };
}

/** Runs `jumeau plan` on a parsed liver plan JSON; returns the exit code. */
export async function runLiverPlan(file: string, json: unknown, opts: { json: boolean; labels?: string }): Promise<number> {
  const plan = inFile(file, () => parseLiverPlan(json));
  if (!opts.labels) throw new JumeauError('MISSING_INPUT', `${path.basename(file)} is a liver plan: give the labels it was made on with --labels <labels.nii.gz>`, { subject: '--labels' });
  const labels = await readImageFileNode(opts.labels, 'label');
  let check: LiverPlanCheck;
  try {
    check = await checkLiverPlan(plan, labels);
  } catch (e) {
    if (e instanceof JumeauError) throw new JumeauError(e.code, e.message, { subject: path.basename(opts.labels), cause: e });
    throw e;
  }
  const name = path.basename(file);
  if (opts.json) process.stdout.write(`${JSON.stringify(liverPlanCheckJson(file, opts.labels, check), null, 2)}\n`);
  else {
    let s = `${name}: liver plan, ${plan.surfaces.length} surface(s), series ${plan.source.seriesInstanceUid ?? '(none)'}, volume SHA-256 ${plan.source.volumeSha256.slice(0, 12)}…\n`;
    s += describeLiverPlanMetrics(check.metrics);
    s += `labels: ${check.labels === 'match' ? 'the ones the plan was made on' : 'DIFFER from the ones the plan was made on (SHA-256 of the label values)'}\n`;
    process.stdout.write(s + describeStoredAndIntegrity(check));
  }
  return integrityExitCode(name, check);
}
