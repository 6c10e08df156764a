/**
 * The initial knee plan of a knee twin (`jumeau build --anatomy knee`): for one tibia, the proposed
 * tibial landmarks (knee centre, ankle centre when the scan reaches it, plateau reference points) and a
 * 9 mm proximal tibial resection referenced on the higher plateau, with the bone that cut removes
 * (measured on the solid slice-hull envelope of the segment and on the mask as segmented). Femoral
 * landmarks are not proposed yet, so femoral metrics come out missing with their reason. Pure.
 */
import { describeError } from '../core/errors';
import { maskOfLabel, type Labelmap } from '../segmentation/labelmap';
import { sliceHullEnvelope } from '../planning/boneEnvelope';
import { PLAN_SCHEMA, type Plan, type PlanLandmark } from '../planning/plan';
import { sealPlan } from '../planning/planIntegrity';
import { proposeTibiaLandmarks } from '../planning/proposeTibia';
import { tibialResection } from '../planning/tibialResection';
import type { Side } from '../planning/validate';
import type { TwinPlanProposal } from './proposeTwinPlan';

/** Depth of the proposed tibial cut below the reference plateau, mm (brief §4.2: 8–10 mm, ⚠ per implant). */
export const PROPOSED_TIBIAL_DEPTH_MM = 9;

/**
 * Proposes the plan of one knee (default: the left tibia when present, else the right).
 * @returns the sealed plan and notes, or null when the twin has no tibia
 */
export async function proposeTwinKneePlan(labelmap: Labelmap, source: { seriesInstanceUid: string | null; volumeSha256: string }, side?: Side): Promise<TwinPlanProposal | null> {
  const tibiae = (['L', 'R'] as const).map((s) => ({ s, seg: labelmap.segments.find((x) => x.name === `tibia ${s === 'L' ? 'left' : 'right'}`) }));
  const chosen = side ? tibiae.find((t) => t.s === side) : tibiae.find((t) => t.seg);
  if (!chosen?.seg) return null;
  const s = chosen.s;
  const sfx = s === 'L' ? 'Left' : 'Right';
  const notes: string[] = [];
  const plan: Plan = { schema: PLAN_SCHEMA, anatomy: 'knee', side: s, source, landmarks: [], implants: [], resections: [], notes };
  const other = tibiae.find((t) => t.s !== s && t.seg);
  if (other) notes.push(`the ${other.s === 'L' ? 'left' : 'right'} tibia is in the scan too: this plan is for the ${s === 'L' ? 'left' : 'right'} knee`);
  try {
    const mask = maskOfLabel(labelmap, chosen.seg.label);
    const p = proposeTibiaLandmarks({ tibia: mask, side: s });
    const lm = (name: string, pointLps: PlanLandmark['pointLps'], method: string): PlanLandmark => ({ name: `${name}${sfx}`, pointLps, source: 'auto', method });
    plan.landmarks.push(lm('tibialKneeCentre', p.kneeCentreLps, p.methods.kneeCentre));
    if (p.ankleCentreLps) plan.landmarks.push(lm('ankleCentre', p.ankleCentreLps, p.methods.ankleCentre));
    else notes.push(`no ankle centre: ${p.ankleMissingReason}; the tibial cut uses the shaft axis`);
    plan.landmarks.push(lm('plateauMedial', p.plateau.medialLowestLps, p.methods.plateauMedial), lm('plateauLateral', p.plateau.lateralLowestLps, p.methods.plateauLateral));
    plan.resections.push({ name: 'proximalTibia', depthMm: PROPOSED_TIBIAL_DEPTH_MM, reference: 'auto', varusValgusDeg: 0, posteriorSlopeDeg: 0 });
    const cut = (tibia: typeof mask) => tibialResection({ tibia, side: s, kneeCentreLps: p.kneeCentreLps, axisUnitLps: p.axisUnitLps, plateauMedialLps: p.plateau.medialLowestLps, plateauLateralLps: p.plateau.lateralLowestLps, depthMm: PROPOSED_TIBIAL_DEPTH_MM });
    const solid = cut(sliceHullEnvelope(mask));
    const asSegmented = cut(mask);
    notes.push(`${PROPOSED_TIBIAL_DEPTH_MM} mm tibial cut (${solid.parameters.reference} reference, ${p.axisKind} axis, 0° slope): removes ${solid.resectedVolumeMl.toFixed(1)} mL of bone (solid envelope; ${asSegmented.resectedVolumeMl.toFixed(1)} mL on the segment as segmented), cut area ${solid.cutAreaMm2.toFixed(0)} mm²`);
    notes.push('femoral landmarks (head centre, knee centre, condyles, epicondyles) are not proposed yet: place them for HKA, the femoral cut and rotation');
    for (const w of p.warnings) notes.push(w);
  } catch (e) {
    notes.push(`tibial landmarks not proposed: ${describeError(e)}`);
  }
  const sealed = await sealPlan(plan);
  return { plan: sealed, notes, headRadiiMm: {} };
}
