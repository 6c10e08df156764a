/**
 * Extension/flexion gap arithmetic, brief §4.3 (KNEE-05):
 * gap_c = joint space (stressed) + femoral resection + tibial resection,
 * laxity_c = gap_c − (femoral component thickness_c + tibial component thickness).
 * Warning thresholds are ⚠ engineering defaults (brief §4.3, §12 item 6) and configurable.
 */
import { checkFinite, checkPositive } from './validate';

/** One compartment's measured/planned values, mm. */
export interface CompartmentGapInput {
  /** Joint space under stress (distraction), mm. */
  jointSpaceMm: number;
  /** Femoral bone resected in this compartment (distal for extension, posterior for flexion), mm. */
  femoralResectionMm: number;
  /** Tibial bone resected in this compartment, mm. */
  tibialResectionMm: number;
}

/** Medial and lateral compartments at one knee angle. */
export interface GapStateInput {
  /** Medial compartment. */
  medial: CompartmentGapInput;
  /** Lateral compartment. */
  lateral: CompartmentGapInput;
}

/** Inputs of {@link gapBalance}. */
export interface GapBalanceInput {
  /** Extension (0°). */
  extension: GapStateInput;
  /** Flexion (90°), optional. */
  flexion?: GapStateInput;
  /** Femoral component distal thickness (extension), mm; a number or per compartment. */
  femoralDistalThicknessMm: number | { medial: number; lateral: number };
  /** Femoral component posterior thickness (flexion), mm; a number or per compartment. */
  femoralPosteriorThicknessMm: number | { medial: number; lateral: number };
  /** Tibial component thickness (baseplate + insert), mm. */
  tibialThicknessMm: number;
}

/** Warning thresholds (⚠ engineering defaults). */
export interface GapThresholds {
  /** Warn when |laxity_med − laxity_lat| > this, mm (default 2). */
  mediolateralImbalanceMm?: number;
  /** Warn when |gap_flex − gap_ext| > this in a compartment, mm (default 2). */
  flexionExtensionMismatchMm?: number;
  /** Warn when laxity < this (tight), mm (default 0). */
  minLaxityMm?: number;
}

/** Gaps and laxities at one knee angle. */
export interface GapState {
  /** Gap per compartment, mm. */
  gapMm: { medial: number; lateral: number };
  /** Laxity per compartment, mm (negative = tight). */
  laxityMm: { medial: number; lateral: number };
  /** laxity_medial − laxity_lateral, mm (negative = medial tighter). */
  imbalanceMm: number;
  /** Compartments whose laxity is below the minimum. */
  tight: ('medial' | 'lateral')[];
  /** Text for the surgeon, e.g. "medial tight, imbalance 2 mm" or "balanced". */
  summary: string;
}

/** A gap warning. */
export interface GapWarning {
  /** Stable code. */
  code: 'TIGHT' | 'ML_IMBALANCE' | 'FLEX_EXT_MISMATCH';
  /** Human-readable text. */
  message: string;
}

/** Result of {@link gapBalance}. */
export interface GapBalance {
  /** Extension state. */
  extension: GapState;
  /** Flexion state when given. */
  flexion?: GapState;
  /** gap_flex − gap_ext per compartment, mm (when flexion is given). */
  flexionMinusExtensionMm?: { medial: number; lateral: number };
  /** Threshold warnings. */
  warnings: GapWarning[];
}

const perCompartment = (v: number | { medial: number; lateral: number }, subject: string) => {
  const o = typeof v === 'number' ? { medial: v, lateral: v } : v;
  return { medial: checkFinite(o.medial, `${subject}.medial`), lateral: checkFinite(o.lateral, `${subject}.lateral`) };
};

/** Formats mm with at most two decimals, no trailing zeros (2 → "2", 1.5 → "1.5"). */
const mm = (v: number) => `${Number(v.toFixed(2))} mm`;

function state(input: GapStateInput, femoral: { medial: number; lateral: number }, tibial: number, minLaxity: number, subject: string): GapState {
  const gap = (c: 'medial' | 'lateral') => {
    const s = `${subject}.${c}`;
    const x = input[c];
    return checkFinite(x.jointSpaceMm, `${s}.jointSpaceMm`) + checkFinite(x.femoralResectionMm, `${s}.femoralResectionMm`) + checkFinite(x.tibialResectionMm, `${s}.tibialResectionMm`);
  };
  const gapMm = { medial: gap('medial'), lateral: gap('lateral') };
  const laxityMm = { medial: gapMm.medial - (femoral.medial + tibial), lateral: gapMm.lateral - (femoral.lateral + tibial) };
  const imbalanceMm = laxityMm.medial - laxityMm.lateral;
  const tight = (['medial', 'lateral'] as const).filter((c) => laxityMm[c] < minLaxity);
  const parts: string[] = [];
  if (tight.length === 2) parts.push('medial and lateral tight');
  else if (tight.length === 1) parts.push(`${tight[0]} tight`);
  if (Math.abs(imbalanceMm) > 1e-9) parts.push(`imbalance ${mm(Math.abs(imbalanceMm))}`);
  return { gapMm, laxityMm, imbalanceMm, tight, summary: parts.length ? parts.join(', ') : 'balanced' };
}

/**
 * Gap and laxity per compartment in extension (and flexion), with warnings (brief §4.3).
 * @throws JumeauError BAD_ARGUMENT naming any NaN value or non-positive threshold
 */
export function gapBalance(input: GapBalanceInput, thresholds: GapThresholds = {}): GapBalance {
  const mlLimit = checkPositive(thresholds.mediolateralImbalanceMm ?? 2, 'thresholds.mediolateralImbalanceMm');
  const feLimit = checkPositive(thresholds.flexionExtensionMismatchMm ?? 2, 'thresholds.flexionExtensionMismatchMm');
  const minLaxity = checkFinite(thresholds.minLaxityMm ?? 0, 'thresholds.minLaxityMm');
  const tibial = checkFinite(input.tibialThicknessMm, 'tibialThicknessMm');
  const extension = state(input.extension, perCompartment(input.femoralDistalThicknessMm, 'femoralDistalThicknessMm'), tibial, minLaxity, 'extension');
  const flexion = input.flexion
    ? state(input.flexion, perCompartment(input.femoralPosteriorThicknessMm, 'femoralPosteriorThicknessMm'), tibial, minLaxity, 'flexion')
    : undefined;
  const warnings: GapWarning[] = [];
  const states: [string, GapState | undefined][] = [['extension', extension], ['flexion', flexion]];
  for (const [name, s] of states) {
    if (!s) continue;
    for (const c of s.tight) warnings.push({ code: 'TIGHT', message: `${name}: ${c} compartment tight (laxity ${mm(s.laxityMm[c])})` });
    if (Math.abs(s.imbalanceMm) > mlLimit) warnings.push({ code: 'ML_IMBALANCE', message: `${name}: medial–lateral imbalance ${mm(Math.abs(s.imbalanceMm))}` });
  }
  let flexionMinusExtensionMm: { medial: number; lateral: number } | undefined;
  if (flexion) {
    flexionMinusExtensionMm = { medial: flexion.gapMm.medial - extension.gapMm.medial, lateral: flexion.gapMm.lateral - extension.gapMm.lateral };
    for (const c of ['medial', 'lateral'] as const) {
      if (Math.abs(flexionMinusExtensionMm[c]) > feLimit) {
        warnings.push({ code: 'FLEX_EXT_MISMATCH', message: `${c}: flexion gap − extension gap = ${mm(flexionMinusExtensionMm[c])}` });
      }
    }
  }
  return { extension, flexion, flexionMinusExtensionMm, warnings };
}
