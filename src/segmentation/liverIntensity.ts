/**
 * Intensity checks on a liver region (domain brief §1.1, validation cases SEG-07, SEG-08):
 * steatosis flag from the unenhanced liver mean, and adequacy of portal-venous enhancement.
 * Both thresholds come from [S9b] and are configurable; they are flags for the user, not diagnoses.
 */
import { JumeauError } from '../core/errors';
import type { Volume } from '../volume/volume';
import type { Mask } from './labelmap';
import { assertSameGeometry } from './labelmap';

/** Intensity statistics of a region. */
export interface RegionStatistics {
  /** Voxels in the region. */
  voxels: number;
  /** Mean, in the volume's unit (HU for CT). */
  mean: number;
  /** Standard deviation (population), same unit. */
  sigma: number;
}

/** Mean and σ of `volume` inside `mask` (same grid). Throws EMPTY_SEGMENT for an empty mask. */
export function regionStatistics(volume: Volume, mask: Mask): RegionStatistics {
  assertSameGeometry(volume, mask, 'volume', 'mask');
  let n = 0, sum = 0, sum2 = 0;
  for (let q = 0; q < mask.data.length; q++) {
    if (mask.data[q] === 0) continue;
    const v = volume.data[q];
    n++;
    sum += v;
    sum2 += v * v;
  }
  if (n === 0) throw new JumeauError('EMPTY_SEGMENT', 'has no voxel: no statistics', { subject: 'mask' });
  const mean = sum / n;
  return { voxels: n, mean, sigma: Math.sqrt(Math.max(0, sum2 / n - mean * mean)) };
}

/** Steatosis rule: unenhanced liver mean ≤ 40 HU → "steatosis likely" [S9b]. */
export const STEATOSIS_MAX_HU = 40;
/** Adequate portal-venous enhancement: ≥ 50 HU above unenhanced [S9b]. */
export const PVP_MIN_ENHANCEMENT_HU = 50;

/** Result of {@link steatosisFlag}. */
export interface SteatosisResult {
  /** True when the mean is at or below the threshold. */
  flagged: boolean;
  /** "steatosis likely" when flagged, otherwise null. */
  flag: 'steatosis likely' | null;
  /** Threshold applied, HU. */
  thresholdHu: number;
  /** Source of the rule. */
  source: string;
}

/** SEG-07: flags "steatosis likely" when the unenhanced liver ROI mean is ≤ `thresholdHu` (default 40). */
export function steatosisFlag(unenhancedMeanHu: number, options: { thresholdHu?: number } = {}): SteatosisResult {
  if (!Number.isFinite(unenhancedMeanHu)) throw new JumeauError('BAD_ARGUMENT', `must be a finite HU value (got ${unenhancedMeanHu})`, { subject: 'unenhancedMeanHu' });
  const thresholdHu = options.thresholdHu ?? STEATOSIS_MAX_HU;
  const flagged = unenhancedMeanHu <= thresholdHu;
  return { flagged, flag: flagged ? 'steatosis likely' : null, thresholdHu, source: '[S9b] unenhanced liver ≤ 40 HU' };
}

/** Result of {@link portalVenousAdequacy}. */
export interface EnhancementResult {
  /** PVP minus unenhanced mean, HU. */
  deltaHu: number;
  /** True when Δ ≥ the minimum. */
  adequate: boolean;
  /** "adequate enhancement" or "suboptimal enhancement". */
  verdict: 'adequate enhancement' | 'suboptimal enhancement';
  /** Minimum Δ applied, HU. */
  minDeltaHu: number;
}

/** SEG-08: portal-venous enhancement Δ = PVP − unenhanced; adequate when Δ ≥ `minDeltaHu` (default 50). */
export function portalVenousAdequacy(unenhancedMeanHu: number, portalVenousMeanHu: number, options: { minDeltaHu?: number } = {}): EnhancementResult {
  if (!Number.isFinite(unenhancedMeanHu)) throw new JumeauError('BAD_ARGUMENT', `must be a finite HU value (got ${unenhancedMeanHu})`, { subject: 'unenhancedMeanHu' });
  if (!Number.isFinite(portalVenousMeanHu)) throw new JumeauError('BAD_ARGUMENT', `must be a finite HU value (got ${portalVenousMeanHu})`, { subject: 'portalVenousMeanHu' });
  const minDeltaHu = options.minDeltaHu ?? PVP_MIN_ENHANCEMENT_HU;
  const deltaHu = portalVenousMeanHu - unenhancedMeanHu;
  const adequate = deltaHu >= minDeltaHu;
  return { deltaHu, adequate, verdict: adequate ? 'adequate enhancement' : 'suboptimal enhancement', minDeltaHu };
}
