/**
 * `jumeau plan`'s proximal tibial cut without an ankle centre: the tibial axis knee centre →
 * `tibialShaftAxisDistal` (the point the workstation writes on the tibial shaft axis when the scan
 * does not reach the ankle), cut with the workstation's own functions (kneePlanModel.ts
 * `tibialAxisOf`, `tibialCutAlong`) so the app and the CLI give the same plane. Pure.
 */
import type { PointLps } from '../core/vec3';
import type { Resection } from './kneeResection';
import { TIBIAL_SHAFT_AXIS_NOTE, tibialAxisOf, tibialCutAlong } from './kneePlanModel';
import { findLandmark, type LateralLandmark, type Plan, type PlanResection } from './plan';
import type { Side } from './validate';

/** The tibial axis a plan metric used instead of the mechanical A → K_t (absent on the ankle path). */
export interface EstimatedTibialAxis {
  kind: 'shaft';
  /** "tibial shaft axis (no ankle centre in view)". */
  note: string;
}

/**
 * The proximal tibial cut along the tibial shaft axis (K_t → `tibialShaftAxisDistal…`), or a missing
 * metric naming the absent landmarks. For a plan without `ankleCentre…` of `side`.
 */
export function shaftTibialResection(plan: Pick<Plan, 'landmarks'>, side: Side, r: PlanResection): (Resection & { tibialAxis: EstimatedTibialAxis }) | { available: false; reason: string } {
  const bases: LateralLandmark[] = ['tibialShaftAxisDistal', 'tibialKneeCentre', 'plateauMedial', 'plateauLateral'];
  const points: Partial<Record<LateralLandmark, PointLps>> = {};
  const absent: string[] = [];
  for (const b of bases) {
    const l = findLandmark(plan, b, side);
    if (l) points[b] = l.pointLps;
    else absent.push(`${b}${side === 'L' ? 'Left' : 'Right'}`);
  }
  if (absent.length) return { available: false, reason: `landmark${absent.length > 1 ? 's' : ''} ${absent.join(', ')} missing` };
  const a = tibialAxisOf({ side, points, tibialShaftUnitLps: null });
  if ('reason' in a) return { available: false, reason: a.reason };
  const cut = tibialCutAlong(side, { tibialKneeCentre: points.tibialKneeCentre!, plateauMedial: points.plateauMedial!, plateauLateral: points.plateauLateral! }, a.unitLps, r);
  return { ...cut, tibialAxis: { kind: 'shaft', note: TIBIAL_SHAFT_AXIS_NOTE } };
}
