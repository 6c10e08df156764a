/**
 * Combined anteversion, brief §3.2: cup anteversion (in a stated definition) + stem anteversion, and
 * the Widmer–Zurfluh combination RA + 0.7·stem. Both target values are ⚠ UNVERIFIED and configurable.
 */
import type { CupAngleDefinition, CupAngles } from './cupAngles';
import { convertCupAngles } from './cupAngles';
import { checkFinite, checkRange } from './validate';

/** A combined-anteversion target (⚠ UNVERIFIED defaults). */
export interface CombinedAnteversionTargets {
  /** Inclusive range for cup + stem anteversion, degrees (default Dorr 25–50°, ⚠ UNVERIFIED). */
  combinedDeg: readonly [number, number];
  /** Definition of the cup anteversion used in the sum (default 'radiographic'). */
  cupDefinition: CupAngleDefinition;
  /** Widmer target for RA + 0.7·stem, degrees (default 37°, ⚠ UNVERIFIED recall). */
  widmerTargetDeg: number;
  /** Where the numbers come from. */
  source: string;
}

/** Defaults from brief §3.2 — both ⚠ UNVERIFIED (§12 item 3). */
export const DEFAULT_COMBINED_ANTEVERSION_TARGETS: Readonly<CombinedAnteversionTargets> = Object.freeze({
  combinedDeg: [25, 50] as const,
  cupDefinition: 'radiographic',
  widmerTargetDeg: 37,
  source: 'brief §3.2: Dorr 25–50° (⚠ UNVERIFIED); Widmer & Zurfluh RA + 0.7·stem ≈ 37° (⚠ UNVERIFIED recall; see [S23b])',
});

/** Result of {@link combinedAnteversion}. */
export interface CombinedAnteversion {
  /** Cup anteversion in `targets.cupDefinition` + stem anteversion, degrees. */
  combinedDeg: number;
  /** Which cup definition the sum uses. */
  cupDefinition: CupAngleDefinition;
  /** True when `combinedDeg` is inside the inclusive target range. */
  withinCombinedTarget: boolean;
  /** Radiographic cup anteversion + 0.7·stem anteversion, degrees (Widmer). */
  widmerDeg: number;
  /** widmerDeg − widmerTargetDeg, degrees. */
  widmerDifferenceDeg: number;
}

/**
 * Combined anteversion of a cup (any definition, converted) and a stem.
 * @throws JumeauError BAD_ARGUMENT for NaN or out-of-range angles
 */
export function combinedAnteversion(cup: CupAngles, stemAnteversionDeg: number, targets: CombinedAnteversionTargets = DEFAULT_COMBINED_ANTEVERSION_TARGETS): CombinedAnteversion {
  checkRange(stemAnteversionDeg, -90, 90, 'stemAnteversionDeg');
  checkFinite(targets.combinedDeg[0], 'targets.combinedDeg[0]');
  checkFinite(targets.combinedDeg[1], 'targets.combinedDeg[1]');
  checkFinite(targets.widmerTargetDeg, 'targets.widmerTargetDeg');
  const inDefinition = convertCupAngles(cup, targets.cupDefinition);
  const radiographic = convertCupAngles(cup, 'radiographic');
  const combinedDeg = inDefinition.anteversionDeg + stemAnteversionDeg;
  const widmerDeg = radiographic.anteversionDeg + 0.7 * stemAnteversionDeg;
  return {
    combinedDeg,
    cupDefinition: targets.cupDefinition,
    withinCombinedTarget: combinedDeg >= targets.combinedDeg[0] - 1e-9 && combinedDeg <= targets.combinedDeg[1] + 1e-9,
    widmerDeg,
    widmerDifferenceDeg: widmerDeg - targets.widmerTargetDeg,
  };
}
