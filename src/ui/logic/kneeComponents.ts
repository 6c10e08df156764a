/**
 * The sized knee components as the workstation shows and keeps them (pure: no DOM). The twin worker
 * sizes the femoral component and the tibial baseplate on the current cuts (workers/kneeCutHandler,
 * planning/kneeComponentSizing); here they become the panel's rows (size, AP/ML, over/underhang per
 * side, tibial coverage — or the reason when not sized), the plan's implants (plan.json, the report,
 * the saved case) and the report's text. A component that is not sized is missing with its reason,
 * never a 0.
 */
import type { Plan } from '../../planning/plan';
import type { Metric } from '../../planning/planMetrics';
import type { KneeComponentSizes } from '../../workers/twinProtocol';

type Femoral = KneeComponentSizes['femoral'] extends Metric<infer T> ? T : never;
type Tibial = KneeComponentSizes['tibial'] extends Metric<infer T> ? T : never;

const f1 = (v: number): string => v.toFixed(1);
const sgn = (v: number): string => `${v >= 0 ? '+' : '−'}${f1(Math.abs(v))}`;
/** "overhang 1.2 mm" / "underhang 0.8 mm" for a signed margin (+ overhang). */
const hang = (v: number): string => `${v > 0 ? 'overhang' : 'underhang'} ${f1(Math.abs(v))} mm`;

/** The femoral component as one line: size, bone vs component AP and ML, over/underhang per side. */
export function femoralComponentText(f: Femoral): string {
  const ap = f.apDepthMm!, d = f.apDifferenceMm!, ml = f.mlOverhangPerSideMm!;
  return `size ${f.size} (${f.familyId}; AP first, anterior referencing): bone AP ${f1(ap)} mm vs ${f1(ap + d)} mm (${sgn(d)} mm); ML ${f1(f.mlWidthMm)} mm at the distal cut vs ${f1(f.mlWidthMm + 2 * ml)} mm: ${hang(ml)} medial and lateral (centred)${f.warnings.length ? ` ⚠ ${f.warnings.join('; ')}` : ''}`;
}

/** The tibial baseplate as one line: size, cut surface, coverage, over/underhang per side. */
export function tibialComponentText(t: Tibial): string {
  const s = t.sidesMm;
  const row = t.checks.find((c) => c.size === t.size);
  const dims = row ? ` ${f1(row.mlWidthMm)} × ${f1(row.apDepthMm)} mm` : '';
  return `size ${t.size} (${t.familyId},${dims} ML × AP; largest without overhang): cut surface ML ${f1(t.cutMlMm)} × AP ${f1(t.cutApMm)} mm, ${t.cutAreaMm2.toFixed(0)} mm²; coverage ${f1(t.coveragePercent!)} %; medial ${hang(s.medial)}, lateral ${hang(s.lateral)}, anterior ${hang(s.anterior)}, posterior ${hang(s.posterior)}`;
}

/** One component row of the panel; `figures` are the numbers behind the text (data attributes, tests). */
export interface KneeComponentRow {
  id: 'femoral-component' | 'tibial-component';
  label: string;
  /** The text shown, or "— (reason)". */
  text: string;
  available: boolean;
  size: string | null;
  figures: Record<string, number>;
}

/**
 * The panel's component rows. `sizes` null: not (yet) computed for these cuts — `pending` says why
 * (computing…, or the cut is missing).
 */
export function kneeComponentRows(sizes: KneeComponentSizes | null, pending: { femur: string; tibia: string }): KneeComponentRow[] {
  const fem: Metric<Femoral> = sizes?.femoral ?? { available: false, reason: pending.femur };
  const tib: Metric<Tibial> = sizes?.tibial ?? { available: false, reason: pending.tibia };
  const none = (id: KneeComponentRow['id'], label: string, reason: string): KneeComponentRow => ({ id, label, text: `— (${reason})`, available: false, size: null, figures: {} });
  return [
    fem.available
      ? { id: 'femoral-component', label: 'Femoral component', text: femoralComponentText(fem.value), available: true, size: fem.value.size, figures: { apBoneMm: fem.value.apDepthMm!, apDifferenceMm: fem.value.apDifferenceMm!, mlBoneMm: fem.value.mlWidthMm, mlOverhangPerSideMm: fem.value.mlOverhangPerSideMm! } }
      : none('femoral-component', 'Femoral component', fem.reason),
    tib.available
      ? {
        id: 'tibial-component', label: 'Tibial baseplate', text: tibialComponentText(tib.value), available: true, size: tib.value.size,
        figures: { cutMlMm: tib.value.cutMlMm, cutApMm: tib.value.cutApMm, cutAreaMm2: tib.value.cutAreaMm2, coveragePercent: tib.value.coveragePercent!, medialMm: tib.value.sidesMm.medial, lateralMm: tib.value.sidesMm.lateral, anteriorMm: tib.value.sidesMm.anterior, posteriorMm: tib.value.sidesMm.posterior },
      }
      : none('tibial-component', 'Tibial baseplate', tib.reason),
  ];
}

/**
 * The plan with the sized components as its implants (roles `femoralComponent`, `tibialComponent` with
 * the thinnest insert as a display default; the pose of the sizing) and the catalogue named; a
 * component not sized is left out and a note says why. `sizes` null: the plan unchanged.
 */
export function withKneeComponents(plan: Plan, sizes: KneeComponentSizes | null): Plan {
  if (!sizes) return plan;
  const implants = plan.implants.filter((i) => i.role !== 'femoralComponent' && i.role !== 'tibialComponent');
  const notes = [...(plan.notes ?? [])];
  const f = sizes.femoral, t = sizes.tibial;
  if (f.available) {
    const pose = f.value.pose!;
    implants.push({ role: 'femoralComponent', familyId: f.value.familyId, size: f.value.size, pose: { positionLps: [...pose.positionLps], axisLps: [...pose.axisLps], referenceLps: [...pose.referenceLps] } });
    notes.push(`femoral component ${femoralComponentText(f.value)}`);
  } else notes.push(`femoral component not sized: ${f.reason}`);
  if (t.available) {
    const pose = t.value.pose!;
    implants.push({ role: 'tibialComponent', familyId: t.value.familyId, size: t.value.size, options: { insertThicknessMm: t.value.insertThicknessMm }, pose: { positionLps: [...pose.positionLps], axisLps: [...pose.axisLps], referenceLps: [...pose.referenceLps] } });
    notes.push(`tibial baseplate ${tibialComponentText(t.value)}; insert ${t.value.insertThicknessMm} mm is a display default`);
  } else notes.push(`tibial baseplate not sized: ${t.reason}`);
  const out: Plan = { ...plan, implants, notes };
  if (implants.length) out.catalogue = { ...sizes.catalogue };
  return out;
}
