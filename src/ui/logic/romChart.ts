/**
 * Geometry of the range-of-motion chart (pure): one horizontal bar per motion, its length the
 * impingement-free limit, a tick at the target, green when the target is met, red when not; a motion
 * with no impingement in the searched range is drawn to the axis end and labelled "free". Angles in
 * degrees; the x scale is fixed (0…180°) so charts of two plans compare at a glance.
 */
import type { ProstheticRomLimits } from '../../planning/impingement';
import type { RomTargetCheck } from '../../planning/romTargets';

/** Labels a surgeon reads, per motion. */
export const ROM_LABELS: Record<keyof ProstheticRomLimits, string> = {
  flexionDeg: 'Flexion',
  extensionDeg: 'Extension',
  internalRotationAt90FlexionDeg: 'IR at 90° flexion',
  externalRotationAt0Deg: 'ER at 0°',
  abductionDeg: 'Abduction',
  adductionDeg: 'Adduction',
};

/** One bar of the chart, in chart pixels. */
export interface RomBar {
  motion: keyof ProstheticRomLimits;
  label: string;
  /** "123°", "free" (no contact up to the search end). */
  valueText: string;
  y: number;
  width: number;
  /** x of the target tick, or null when the motion has no target. */
  targetX: number | null;
  targetText: string;
  /** 'met', 'short' (below target) or 'none' (no target). */
  status: 'met' | 'short' | 'none';
}

/** Chart layout: bars of `barHeight` px every `rowHeight` px, x from `x0` to `x0 + plotWidth` for 0…maxDeg. */
export interface RomChartLayout { x0: number; plotWidth: number; rowHeight: number; barHeight: number; maxDeg: number }

export const DEFAULT_ROM_LAYOUT: RomChartLayout = { x0: 120, plotWidth: 200, rowHeight: 22, barHeight: 12, maxDeg: 180 };

/** The bars for these limits and target checks. */
export function romChartBars(limits: ProstheticRomLimits, checks: readonly RomTargetCheck[], layout: RomChartLayout = DEFAULT_ROM_LAYOUT): RomBar[] {
  const px = (deg: number): number => (Math.min(Math.max(deg, 0), layout.maxDeg) / layout.maxDeg) * layout.plotWidth;
  return (Object.keys(ROM_LABELS) as (keyof ProstheticRomLimits)[]).map((motion, n) => {
    const limit = limits[motion];
    const check = checks.find((c) => c.motion === motion);
    return {
      motion,
      label: ROM_LABELS[motion],
      valueText: limit === null ? 'free' : `${limit.toFixed(0)}°`,
      y: n * layout.rowHeight,
      width: limit === null ? layout.plotWidth : px(limit),
      targetX: check ? layout.x0 + px(check.target.minDeg) : null,
      targetText: check ? `target ≥ ${check.target.minDeg}°${check.target.verified ? '' : ' (⚠ unverified)'}` : 'no target',
      status: check ? (check.met ? 'met' : 'short') : 'none',
    };
  });
}
