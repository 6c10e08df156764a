/**
 * Cup coverage of the shown twin's hip plan (pure; no DOM): the operated side's hip-bone segment of
 * the twin's labels as host bone, the cup's outer radius from the catalogue. Missing with a reason
 * when there is no cup, no hip-bone segment on that side, or the size is not in the catalogue.
 */
import { cupCoverage, type CupCoverage } from '../planning/cupCoverage';
import type { Plan } from '../planning/plan';
import type { Metric } from '../planning/planMetrics';
import { APP_CATALOGUE } from './planController';
import type { AppState } from './state';

/** Coverage memo per (plan, labels) pair. */
const memo = new WeakMap<Plan, { labels: unknown; result: Metric<CupCoverage & { boneName: string }> }>();

/** The coverage of the plan's cup by the operated side's hip bone in the state's twin. */
export function hipCupCoverage(plan: Plan, s: AppState): Metric<CupCoverage & { boneName: string }> {
  const twin = s.twin?.result;
  const vol = s.loaded?.volume;
  const hit = memo.get(plan);
  if (hit && hit.labels === twin?.labels) return hit.result;
  const result = ((): Metric<CupCoverage & { boneName: string }> => {
    const cup = plan.implants.find((i) => i.role === 'cup');
    if (!cup) return { available: false, reason: 'no cup in the plan' };
    if (!twin || !vol) return { available: false, reason: 'needs the twin\'s labels' };
    const boneName = `hip bone ${plan.side === 'L' ? 'left' : 'right'}`;
    const bone = twin.segments.find((x) => x.name === boneName);
    if (!bone) return { available: false, reason: `no "${boneName}" segment in the twin` };
    const fam = APP_CATALOGUE.families.find((f) => f.id === cup.familyId);
    const size = fam?.kind === 'cup' ? fam.sizes.find((x) => x.size === cup.size) : undefined;
    if (!size) return { available: false, reason: `cup ${cup.familyId} size ${cup.size} is not in the catalogue` };
    const c = cupCoverage({ labels: { ...vol, data: twin.labels }, boneLabel: bone.label, centreLps: cup.pose.positionLps, axisLps: cup.pose.axisLps, outerRadiusMm: size.outerDiameterMm / 2 });
    return { available: true, value: { ...c, boneName } };
  })();
  memo.set(plan, { labels: twin?.labels, result });
  return result;
}
