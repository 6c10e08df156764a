/**
 * Intensity threshold: mask = loHu ≤ I ≤ hiHu (inclusive), with configurable HU presets whose
 * values and sources come from the domain brief §1.1 (heuristics: tune per scanner and kernel).
 */
import { JumeauError } from '../core/errors';
import type { Volume } from '../volume/volume';
import { valueRange } from '../volume/volume';
import type { Mask } from './labelmap';
import { createMask } from './labelmap';

/** An inclusive HU window with where its numbers come from. */
export interface HuRange {
  /** Lower bound, HU (inclusive). */
  loHu: number;
  /** Upper bound, HU (inclusive). */
  hiHu: number;
  /** Source of the numbers, shown next to the preset in the UI. */
  source: string;
}

/**
 * Threshold presets (CT, HU). Every value is a heuristic; callers may override either bound.
 * 3071 HU is the top of the 12-bit CT range (excludes nothing but metal-clipped values).
 */
export const THRESHOLD_PRESETS = {
  /** Whole bone (cortex + trabecular core, to be hole-filled): ≥ 200 HU, "a robust start" (brief §1.1: 150–250). */
  bone: { loHu: 200, hiHu: 3071, source: 'domain brief §1.1 practical thresholds: whole-bone lower threshold 150–250 HU, 200 HU a robust start' },
  /** Cortical bone: ≥ 600 HU (brief §1.1: cortical-only mask ≥ 600–700 HU; cortex ≈ 500–700 up to ≈ 2000 HU [S10]). */
  corticalBone: { loHu: 600, hiHu: 3071, source: 'domain brief §1.1: cortical-only mask ≥ 600–700 HU; cortical bone ≈ 500–2000 HU [S10]' },
  /** Cancellous (trabecular) bone: 100–300 HU [S10]; partial-volume dependent. */
  cancellousBone: { loHu: 100, hiHu: 300, source: 'domain brief §1.1: trabecular bone 100–300 HU [S10]' },
  /** Non-fat soft tissue: above fat (≈ −110, typ. −150…−50 HU, range not sourced) and below trabecular bone (100 HU). */
  softTissue: { loHu: -50, hiHu: 100, source: 'domain brief §1.1: fat ≈ −110 (−150…−50, ⚠ range not sourced), muscle ≈ 40, trabecular bone from 100 HU [S10]' },
  /**
   * Liver, portal-venous phase: 70–170 HU around the ≈ 100–130 HU expected absolute value (⚠ unverified,
   * derived from 50–70 HU unenhanced + ≥ 50 ΔHU [S9b]); prefer seeded region growing (mean ± 2.5σ).
   */
  liverPortalVenous: { loHu: 70, hiHu: 170, source: 'domain brief §1.1: PVP liver ≈ 100–130 HU (⚠ unverified, derived from [S9b]) ± 2σ with σ ≈ 15–20 HU' },
} as const satisfies Record<string, HuRange>;

/** Name of a built-in preset. */
export type ThresholdPresetName = keyof typeof THRESHOLD_PRESETS;

/** Parameters of {@link threshold}. */
export interface ThresholdParams {
  /** Lower bound, HU (inclusive); default from `preset`. */
  loHu?: number;
  /** Upper bound, HU (inclusive); default from `preset`. */
  hiHu?: number;
  /** Preset supplying the bounds not given explicitly. */
  preset?: ThresholdPresetName;
  /** Return an empty mask instead of throwing EMPTY_SEGMENT when no voxel is selected (default false). */
  allowEmpty?: boolean;
}

/** Resolves explicit bounds and preset into a validated [loHu, hiHu]; throws BAD_ARGUMENT naming the field. */
export function resolveHuRange(params: ThresholdParams): [number, number] {
  const preset = params.preset !== undefined ? THRESHOLD_PRESETS[params.preset] : undefined;
  if (params.preset !== undefined && !preset) {
    throw new JumeauError('BAD_ARGUMENT', `unknown preset "${params.preset}" (known: ${Object.keys(THRESHOLD_PRESETS).join(', ')})`, { subject: 'preset' });
  }
  const lo = params.loHu ?? preset?.loHu;
  const hi = params.hiHu ?? preset?.hiHu;
  if (lo === undefined || !Number.isFinite(lo)) throw new JumeauError('BAD_ARGUMENT', `must be a finite number of HU (got ${lo})`, { subject: 'loHu' });
  if (hi === undefined || !Number.isFinite(hi)) throw new JumeauError('BAD_ARGUMENT', `must be a finite number of HU (got ${hi})`, { subject: 'hiHu' });
  if (lo > hi) throw new JumeauError('BAD_ARGUMENT', `loHu ${lo} is above hiHu ${hi}`, { subject: 'loHu' });
  return [lo, hi];
}

/**
 * Writes `out[q] = loHu ≤ data[q] ≤ hiHu ? 1 : 0` and returns the number of selected voxels.
 * Integer data uses a single unsigned compare per voxel.
 */
export function thresholdInto(data: Volume['data'], loHu: number, hiHu: number, out: Uint8Array): number {
  let count = 0;
  const n = data.length;
  if (data instanceof Float32Array) {
    for (let q = 0; q < n; q++) {
      const v = data[q];
      const inside = v >= loHu && v <= hiHu ? 1 : 0;
      out[q] = inside;
      count += inside;
    }
    return count;
  }
  // Integers: lo ≤ v ≤ hi ⇔ (v − lo) as unsigned ≤ hi − lo, with lo rounded up and hi down.
  const lo = Math.ceil(loHu);
  const hi = Math.floor(hiHu);
  if (hi < lo) {
    out.fill(0, 0, n);
    return 0;
  }
  const width = hi - lo;
  for (let q = 0; q < n; q++) {
    const inside = (data[q] - lo) >>> 0 <= width ? 1 : 0;
    out[q] = inside;
    count += inside;
  }
  return count;
}

/**
 * Threshold a volume into a mask (same grid). Throws EMPTY_SEGMENT (subject "loHu…hiHu") when the
 * range selects nothing, unless `allowEmpty`; BAD_ARGUMENT for a missing or reversed range.
 * @param volume - CT volume in HU (or any unit: bounds are in the volume's unit)
 */
export function threshold(volume: Volume, params: ThresholdParams): Mask {
  const [lo, hi] = resolveHuRange(params);
  const mask = createMask(volume);
  const count = thresholdInto(volume.data, lo, hi, mask.data);
  if (count === 0 && !params.allowEmpty) {
    const { min, max } = valueRange(volume.data);
    throw new JumeauError('EMPTY_SEGMENT', `threshold [${lo}, ${hi}] ${volume.unit} selects no voxel (the volume spans ${min}…${max} ${volume.unit})`, {
      subject: 'loHu…hiHu',
    });
  }
  return mask;
}
