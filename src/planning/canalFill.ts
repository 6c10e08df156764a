/**
 * Canal-fill ratio of a femoral stem, brief §3.4 (HIP-11). The pass threshold (80 % by default) is
 * ⚠ UNVERIFIED and design-specific: take it from the implant's surgical technique.
 */
import { checkPositive, checkRange } from './validate';

/** Default minimum canal fill (0.80) — ⚠ UNVERIFIED, implant-specific (brief §3.4, §12 item 7). */
export const DEFAULT_MIN_CANAL_FILL_RATIO = 0.8;

/** Inputs of {@link canalFill}: widths at one level in one projection (or areas, see `measure`). */
export interface CanalFillInput {
  /** Stem width (mm) — or cross-section area (mm²) when `measure` is 'area'. */
  stem: number;
  /** Endosteal canal width (mm) — or area (mm²) — at the same level. */
  canal: number;
  /** What the two numbers are: 'width' (AP or lateral projection) or 'area' (3-D cross-section). */
  measure?: 'width' | 'area';
  /** Pass threshold as a ratio in (0, 1] (default {@link DEFAULT_MIN_CANAL_FILL_RATIO}). */
  minRatio?: number;
}

/** Canal-fill result. */
export interface CanalFill {
  /** stem / canal. */
  ratio: number;
  /** 100 · ratio. */
  percent: number;
  /** ratio ≥ minRatio. */
  passes: boolean;
  /** The threshold used. */
  minRatio: number;
  /** 'width' or 'area'. */
  measure: 'width' | 'area';
}

/**
 * CFR = stem / canal at one level; passes when CFR ≥ minRatio.
 * @throws JumeauError BAD_ARGUMENT for non-positive or NaN sizes or a threshold outside (0, 1]
 */
export function canalFill(input: CanalFillInput): CanalFill {
  const measure = input.measure ?? 'width';
  const stem = checkPositive(input.stem, 'stem');
  const canal = checkPositive(input.canal, 'canal');
  const minRatio = checkRange(input.minRatio ?? DEFAULT_MIN_CANAL_FILL_RATIO, Number.MIN_VALUE, 1, 'minRatio');
  const ratio = stem / canal;
  return { ratio, percent: 100 * ratio, passes: ratio >= minRatio, minRatio, measure };
}
