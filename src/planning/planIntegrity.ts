/**
 * Plan integrity (brief §9.2): the SHA-256 of the RFC 8785 canonical JSON of the plan's inputs (every
 * field except `metrics` and `integrity`), sealing a plan, and checking a plan read back: is the hash
 * intact, do the stored metrics equal a recomputation, are the implants in the catalogue.
 */
import { canonicalSha256 } from './canonicalJson';
import { familySizes, findFamily, type ImplantCatalogue } from './implants';
import { fail } from './jsonFields';
import type { Plan } from './plan';
import { compareMetrics, computePlanMetrics, type MetricDifference, type PlanMetricOptions, type PlanMetrics } from './planMetrics';

/** The hashed part of a plan: everything but `metrics` and `integrity`. */
export function planInputs(plan: Plan): Omit<Plan, 'metrics' | 'integrity'> {
  const { metrics: _metrics, integrity: _integrity, ...inputs } = plan;
  return inputs;
}

/** SHA-256 (hex) of the canonical JSON of {@link planInputs}. */
export function planInputsSha256(plan: Plan): Promise<string> {
  return canonicalSha256(planInputs(plan));
}

/** The plan with freshly computed metrics and its integrity hash. */
export async function sealPlan(plan: Plan, options: PlanMetricOptions = {}): Promise<Plan> {
  const inputs = planInputs(plan);
  return {
    ...inputs,
    metrics: computePlanMetrics(plan, options),
    integrity: { algorithm: 'SHA-256', canonicalization: 'RFC 8785', inputsSha256: await canonicalSha256(inputs) },
  };
}

/**
 * Refuses implants whose family, size or options the catalogue does not offer, or whose role differs
 * from the family's kind.
 * @throws JumeauError BAD_ARGUMENT naming the field, e.g. `implants[0].size`
 */
export function checkPlanImplants(plan: Plan, catalogue: ImplantCatalogue): void {
  plan.implants.forEach((imp, n) => {
    const path = `implants[${n}]`;
    const fam = findFamily(catalogue, imp.familyId);
    if (!fam) fail(`${path}.familyId`, `"${imp.familyId}" is not in catalogue ${catalogue.id} (families: ${catalogue.families.map((f) => f.id).join(', ')})`);
    if (fam.kind !== imp.role) fail(`${path}.role`, `family "${fam.id}" makes ${fam.kind} implants, not ${imp.role}`);
    const sizes = familySizes(fam);
    if (!sizes.includes(imp.size)) fail(`${path}.size`, `size "${imp.size}" is not in family ${fam.id} (sizes: ${sizes.join(', ')})`);
    const opt = imp.options ?? {};
    const offer = (key: string, value: number | undefined, allowed: number[]) => {
      if (value !== undefined && !allowed.includes(value)) fail(`${path}.options.${key}`, `${value} is not offered (options: ${allowed.join(', ')})`);
    };
    if (fam.kind === 'head') offer('neckLengthMm', opt.neckLengthMm, fam.neckLengthsMm);
    if (fam.kind === 'stem') {
      offer('neckShaftAngleDeg', opt.neckShaftAngleDeg, fam.neckShaftAnglesDeg);
      offer('offsetMm', opt.offsetMm, fam.sizes.find((s) => s.size === imp.size)!.offsetsMm);
    }
    if (fam.kind === 'tibialComponent') offer('insertThicknessMm', opt.insertThicknessMm, fam.insertThicknessesMm);
  });
  const cup = plan.implants.findIndex((i) => i.role === 'cup');
  const head = plan.implants.findIndex((i) => i.role === 'head');
  if (cup >= 0 && head >= 0) {
    const fam = findFamily(catalogue, plan.implants[cup].familyId);
    const size = fam?.kind === 'cup' ? fam.sizes.find((s) => s.size === plan.implants[cup].size) : undefined;
    if (size && !size.headDiametersMm.includes(Number(plan.implants[head].size))) {
      fail(`implants[${head}].size`, `a ${plan.implants[head].size} mm head does not fit cup ${size.size} (heads: ${size.headDiametersMm.join(', ')} mm)`);
    }
  }
}

/** What {@link checkPlan} finds. */
export interface PlanCheck {
  /** The recomputed metrics. */
  metrics: PlanMetrics;
  /** 'absent' when the plan stores no metrics. */
  storedMetrics: 'absent' | 'match' | 'differ';
  differences: MetricDifference[];
  /** 'absent' when the plan has no integrity record. */
  integrity: 'absent' | 'match' | 'mismatch';
  storedInputsSha256: string | null;
  computedInputsSha256: string;
}

/**
 * Compares what a plan file stores with what was recomputed: its metrics (to 1e-6) and its inputs hash.
 * Shared by the hip/knee plans and the liver plans.
 */
export function storedVersusComputed(stored: { metrics?: unknown; integrity?: { inputsSha256: string } }, metrics: unknown, computedInputsSha256: string): Omit<PlanCheck, 'metrics'> {
  const differences = stored.metrics === undefined ? [] : compareMetrics(stored.metrics, JSON.parse(JSON.stringify(metrics)));
  const storedSha = stored.integrity?.inputsSha256 ?? null;
  return {
    storedMetrics: stored.metrics === undefined ? 'absent' : differences.length ? 'differ' : 'match',
    differences,
    integrity: storedSha === null ? 'absent' : storedSha === computedInputsSha256 ? 'match' : 'mismatch',
    storedInputsSha256: storedSha,
    computedInputsSha256,
  };
}

/** Recomputes a plan's metrics and checks its hash and stored metrics (implants against the catalogue when given). */
export async function checkPlan(plan: Plan, options: PlanMetricOptions = {}): Promise<PlanCheck> {
  if (options.catalogue) checkPlanImplants(plan, options.catalogue);
  const metrics = computePlanMetrics(plan, options);
  return { metrics, ...storedVersusComputed(plan, metrics, await planInputsSha256(plan)) };
}
