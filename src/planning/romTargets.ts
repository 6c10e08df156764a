/**
 * Range-of-motion targets (brief §3.5), configurable, each with its source. Compares the limits of
 * {@link prostheticImpingementRom} (or a mesh-based detector) with the targets.
 */
import type { ProstheticRomLimits } from './impingement';
import { checkFinite } from './validate';

/** One minimum ROM target. */
export interface RomTarget {
  /** Minimum impingement-free angle, degrees. */
  minDeg: number;
  /** Where the number comes from. */
  source: string;
  /** False for values the brief marks ⚠ UNVERIFIED. */
  verified: boolean;
}

/** Targets per motion path (any may be omitted). */
export type RomTargets = Partial<Record<keyof ProstheticRomLimits, RomTarget>>;

/** Default minimum impingement-free ROM (brief §3.5); lower ends of the quoted ranges. */
export const DEFAULT_ROM_TARGETS: Readonly<RomTargets> = Object.freeze({
  flexionDeg: { minDeg: 110, source: 'brief §3.5: flexion ≥ 110–120° (exceeded in Bunn 2011 [S19])', verified: true },
  extensionDeg: { minDeg: 30, source: 'brief §3.5: extension ≥ 30° [S19]', verified: true },
  abductionDeg: { minDeg: 45, source: 'brief §3.5: abduction ≥ 45° [S19]', verified: true },
  externalRotationAt0Deg: { minDeg: 40, source: 'brief §3.5: external rotation ≥ 40° [S19]', verified: true },
  internalRotationAt90FlexionDeg: {
    minDeg: 30,
    source: 'brief §3.5: IR at 90° flexion ≥ 30–45° — ⚠ UNVERIFIED attribution (§12 item 3)',
    verified: false,
  },
});

/** Outcome for one motion path. */
export interface RomTargetCheck {
  /** Which limit. */
  motion: keyof ProstheticRomLimits;
  /** The limit reached, degrees; null = no impingement within the searched range. */
  limitDeg: number | null;
  /** The target it was compared with. */
  target: RomTarget;
  /** True when the limit is ≥ the target (or there is no impingement at all). */
  met: boolean;
}

/** Compares every targeted limit with its minimum; a null limit (no contact found) meets any target. */
export function checkRomTargets(limits: ProstheticRomLimits, targets: RomTargets = DEFAULT_ROM_TARGETS): RomTargetCheck[] {
  const out: RomTargetCheck[] = [];
  for (const motion of Object.keys(targets) as (keyof ProstheticRomLimits)[]) {
    const target = targets[motion];
    if (!target) continue;
    checkFinite(target.minDeg, `targets.${motion}.minDeg`);
    const limitDeg = limits[motion];
    out.push({ motion, limitDeg, target, met: limitDeg === null || limitDeg >= target.minDeg });
  }
  return out;
}
