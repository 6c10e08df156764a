/**
 * Cup "safe zones" as configurable inclusive rectangles per Murray definition (brief §3.2, HIP-05).
 * The default is Lewinnek's radiographic zone; the brief stresses there is no universal safe zone [S17],
 * so every zone carries its source and the UI must show it.
 */
import { JumeauError } from '../core/errors';
import type { CupAngleDefinition, CupAngles } from './cupAngles';
import { convertCupAngles } from './cupAngles';
import { checkFinite } from './validate';

/** An inclusive rectangle in (inclination, anteversion) for one definition. */
export interface CupSafeZone {
  /** Short name shown to the surgeon. */
  name: string;
  /** Definition the bounds refer to; angles in other definitions are converted first. */
  definition: CupAngleDefinition;
  /** Inclusive inclination bounds, degrees [min, max]. */
  inclinationDeg: readonly [number, number];
  /** Inclusive anteversion bounds, degrees [min, max]. */
  anteversionDeg: readonly [number, number];
  /** Where the numbers come from. */
  source: string;
}

/** Lewinnek 1978: radiographic inclination 40° ± 10°, anteversion 15° ± 10° (inclusive) [S16]. */
export const LEWINNEK_SAFE_ZONE: Readonly<CupSafeZone> = Object.freeze({
  name: 'Lewinnek',
  definition: 'radiographic',
  inclinationDeg: [30, 50] as const,
  anteversionDeg: [5, 25] as const,
  source: 'Lewinnek et al. 1978 [S16]; brief §3.2. Not a universal safe zone [S17].',
});

/** Result of a zone check, with the angles actually compared (in the zone's definition). */
export interface SafeZoneCheck {
  /** True when both angles are within the inclusive bounds. */
  inside: boolean;
  /** The angles converted to the zone's definition. */
  comparedAngles: CupAngles;
  /** Signed distance outside the inclination bounds (0 inside), degrees. */
  inclinationOutsideDeg: number;
  /** Signed distance outside the anteversion bounds (0 inside), degrees. */
  anteversionOutsideDeg: number;
  /** The zone used. */
  zone: CupSafeZone;
}

/** Conversions between definitions carry ~1e-13° of rounding; this keeps inclusive bounds inclusive. */
const BOUND_SLACK_DEG = 1e-9;

function outside(value: number, [lo, hi]: readonly [number, number]): number {
  if (value < lo - BOUND_SLACK_DEG) return value - lo;
  if (value > hi + BOUND_SLACK_DEG) return value - hi;
  return 0;
}

/**
 * Is the cup inside the zone? Angles given in another definition are converted through the cup axis.
 * @throws JumeauError BAD_ARGUMENT for bad angles or a zone whose bounds are not finite and ordered
 */
export function checkCupSafeZone(angles: CupAngles, zone: CupSafeZone = LEWINNEK_SAFE_ZONE): SafeZoneCheck {
  for (const key of ['inclinationDeg', 'anteversionDeg'] as const) {
    const [lo, hi] = zone[key];
    checkFinite(lo, `zone.${key}[0]`);
    checkFinite(hi, `zone.${key}[1]`);
    if (lo > hi) throw new JumeauError('BAD_ARGUMENT', `lower bound ${lo} exceeds upper bound ${hi}`, { subject: `zone.${key}` });
  }
  const comparedAngles = convertCupAngles(angles, zone.definition);
  const inclinationOutsideDeg = outside(comparedAngles.inclinationDeg, zone.inclinationDeg);
  const anteversionOutsideDeg = outside(comparedAngles.anteversionDeg, zone.anteversionDeg);
  return { inside: inclinationOutsideDeg === 0 && anteversionOutsideDeg === 0, comparedAngles, inclinationOutsideDeg, anteversionOutsideDeg, zone };
}
