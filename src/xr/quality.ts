/**
 * What the registration-quality badge and panel say (pure): the predicted TRE at the target with a
 * traffic-light colour (green ≤ 2 mm — the navigation benchmark —, amber ≤ 5 mm, red above), and the
 * FRE labelled as what it is: a consistency number, not an accuracy indicator (brief §7.3: FRE and TRE
 * are uncorrelated). One formatter for every number shown, so a test can recompute the text.
 */
import type { WorkflowEvaluation } from './workflow';

/** Badge levels. */
export type QualityLevel = 'green' | 'amber' | 'red' | 'none';

/** Upper bounds of the badge levels (mm). */
export const TRE_GREEN_MAX_MM = 2;
export const TRE_AMBER_MAX_MM = 5;

/** Colours of the levels (sRGB hex). */
export const QUALITY_COLOURS: Record<QualityLevel, string> = { green: '#2fbf71', amber: '#f0a020', red: '#e0403a', none: '#8a8f98' };

/** Millimetres as shown everywhere (2 decimals). */
export function formatMm(valueMm: number): string {
  return valueMm.toFixed(2);
}

/** Level of a predicted TRE (mm); null → 'none'. */
export function qualityLevel(treMm: number | null): QualityLevel {
  if (treMm === null || !Number.isFinite(treMm)) return 'none';
  return treMm <= TRE_GREEN_MAX_MM ? 'green' : treMm <= TRE_AMBER_MAX_MM ? 'amber' : 'red';
}

/** The badge and panel texts of an evaluation. */
export interface QualityTexts {
  level: QualityLevel;
  colour: string;
  /** Badge line 1: "TRE 0.62 mm" (predicted, at the first target) or "TRE —". */
  badge: string;
  /** Badge line 2: where, and the state. */
  badgeDetail: string;
  /** Panel line: "FRE 0.41 mm (fit of the picks, not accuracy)". */
  fre: string;
  /** Panel lines, one per target. */
  tre: string[];
  /** Progress: "Pick 3/5: Femoral shaft point L" / "Locked". */
  step: string;
}

/** Texts for an evaluation (see {@link QualityTexts}). */
export function qualityTexts(e: WorkflowEvaluation): QualityTexts {
  const first = e.targets[0] ?? null;
  const tre = first ? first.treRmsMm : null;
  const level = qualityLevel(tre);
  const state = e.phase === 'locked' ? 'locked' : e.source === 'icp' ? 'ICP-refined' : e.pickCount >= 3 ? 'live' : 'not registered';
  return {
    level,
    colour: QUALITY_COLOURS[level],
    badge: tre === null ? 'TRE —' : `TRE ${formatMm(tre)} mm`,
    badgeDetail: first ? `predicted at ${first.label}, FLE ${formatMm(e.fleRmsMm)} mm · ${state}` : state,
    fre: e.freMm === null ? `FRE — (${e.reason ?? 'no registration'})` : `FRE ${formatMm(e.freMm)} mm (fit of the picks, not accuracy)`,
    tre: e.targets.map((t) => `TRE ${formatMm(t.treRmsMm)} mm at ${t.label} (predicted)`),
    step: e.phase === 'locked' ? 'Locked: touch a check point to measure drift' : e.next ? `Pick ${e.pickCount + 1}/${e.landmarkCount}: ${e.next.label}` : `All ${e.landmarkCount} picked: refine, nudge or accept`,
  };
}
