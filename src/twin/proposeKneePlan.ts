/**
 * The initial knee plan of a knee twin (`jumeau build --anatomy knee`): for one leg, the proposed
 * femoral landmarks (condyles, epicondyles, knee centre, shaft axis; the head centre only when the scan
 * reaches it) and tibial landmarks (knee centre, ankle centre when in view, plateau reference points),
 * a 9 mm proximal tibial cut referenced on the higher plateau and a 9 mm distal femoral cut referenced
 * on the more distal condyle (⟂ the femoral mechanical axis, else the anatomical axis turned by the
 * ⚠ default valgus angle), with the bone each removes (tibia: on the solid slice-hull envelope and as
 * segmented; femur: as segmented) and the posterior condylar angle. A landmark or metric the scan
 * does not allow is listed in the notes with its reason. With the implant catalogue, the femoral
 * component and tibial baseplate sized on the bone (planning/kneeComponentSizing, kneeComponentPlan).
 * Pure.
 */
import { describeError } from '../core/errors';
import type { Labelmap } from '../segmentation/labelmap';
import { maskOfLabel } from '../segmentation/labelmap';
import { sliceHullEnvelope } from '../planning/boneEnvelope';
import { kneeInputsOf, proposeKneeLandmarks } from '../planning/kneeLandmarks';
import { DEFAULT_KNEE_CUTS, kneeCutPlanes, kneeCutVolumes } from '../planning/kneePlanModel';
import { PLAN_SCHEMA, type Plan } from '../planning/plan';
import { sealPlan } from '../planning/planIntegrity';
import { splitMaskByPlane } from '../planning/tibialResection';
import type { Side } from '../planning/validate';
import type { ImplantCatalogue } from '../planning/implants';
import { addKneeComponents } from '../planning/kneeComponentPlan';
import type { TwinPlanProposal } from './proposeTwinPlan';

/** Depth of the proposed tibial cut below the reference plateau, mm (brief §4.2: 8–10 mm, ⚠ per implant). */
export const PROPOSED_TIBIAL_DEPTH_MM = DEFAULT_KNEE_CUTS.tibia.depthMm;
/** Depth of the proposed distal femoral cut above the more distal condyle, mm (brief §4.2: ≈ 8–9 mm, ⚠ per implant). */
export const PROPOSED_FEMORAL_DEPTH_MM = DEFAULT_KNEE_CUTS.femur.depthMm;

/**
 * Proposes the plan of one knee (default: the left leg when present, else the right).
 * @returns the sealed plan and notes, or null when the twin has neither a femur nor a tibia
 */
export async function proposeTwinKneePlan(labelmap: Labelmap, source: { seriesInstanceUid: string | null; volumeSha256: string }, side?: Side, options: { catalogue?: ImplantCatalogue } = {}): Promise<TwinPlanProposal | null> {
  const prop = proposeKneeLandmarks(labelmap, side);
  if (!prop) return null;
  const s = prop.side;
  const sfx = s === 'L' ? 'Left' : 'Right';
  const notes: string[] = [...prop.notes.filter((n) => !/^(femur|tibia): /.test(n))];
  const plan: Plan = { schema: PLAN_SCHEMA, anatomy: 'knee', side: s, source, landmarks: [], implants: [], resections: [], notes };
  for (const e of prop.entries) {
    if (e.pointLps) plan.landmarks.push({ name: `${e.base}${sfx}`, pointLps: e.pointLps, source: e.source, method: e.method });
  }
  const missingFemur = prop.entries.filter((e) => e.bone === 'femur' && !e.pointLps);
  if (missingFemur.length) notes.push(`femoral landmarks not in view: ${[...new Set(missingFemur.map((e) => e.missingReason))].join('; ')}`);
  const ankle = prop.entries.find((e) => e.base === 'ankleCentre');
  if (ankle && !ankle.pointLps && prop.tibiaLabel !== null) notes.push(`no ankle centre: ${ankle.missingReason}; the tibial cut uses the shaft axis`);
  notes.push(...prop.notes.filter((n) => /^(femur|tibia): /.test(n) && !(ankle?.missingReason && n.endsWith(ankle.missingReason))));
  const params = DEFAULT_KNEE_CUTS;
  const m = kneeCutPlanes(kneeInputsOf(s, prop.entries, prop.tibialShaftUnitLps), params);
  const vol = kneeCutVolumes(labelmap, { femurLabel: prop.femurLabel, tibiaLabel: prop.tibiaLabel, femurPlane: m.distalFemur.available ? m.distalFemur.value.plane : null, tibiaPlane: m.proximalTibia.available ? m.proximalTibia.value.plane : null });
  if (m.proximalTibia.available && prop.tibiaLabel !== null) {
    plan.resections.push({ name: 'proximalTibia', depthMm: params.tibia.depthMm, reference: 'auto', varusValgusDeg: params.tibia.varusValgusDeg, posteriorSlopeDeg: params.tibia.posteriorSlopeDeg });
    const t = m.proximalTibia.value;
    try {
      const solid = splitMaskByPlane(sliceHullEnvelope(maskOfLabel(labelmap, prop.tibiaLabel)), t.plane);
      const raw = vol.tibia.available ? vol.tibia.value.resectedMl.toFixed(1) : `— (${vol.tibia.reason})`;
      notes.push(`${params.tibia.depthMm} mm tibial cut (${t.referenceCompartment} reference, ${t.axisKind} axis, 0° slope): removes ${solid.aboveMl.toFixed(1)} mL of bone (solid envelope; ${raw} mL on the segment as segmented), cut area ${solid.cutAreaMm2.toFixed(0)} mm²`);
    } catch (e) {
      notes.push(`tibial cut volume not computed: ${describeError(e)}`);
    }
  } else notes.push(`no tibial cut: ${m.proximalTibia.available ? 'no tibia segment' : m.proximalTibia.reason}`);
  if (m.distalFemur.available) {
    const f = m.distalFemur.value;
    plan.resections.push({ name: 'distalFemur', depthMm: params.femur.depthMm, reference: 'auto', varusValgusDeg: params.femur.varusValgusDeg, valgusAngleDeg: params.femur.valgusAngleDeg });
    notes.push(`${params.femur.depthMm} mm distal femoral cut (${f.referenceCompartment} condyle reference, ${f.axisNote}): resection medial ${f.resectionMm.medial.toFixed(1)} / lateral ${f.resectionMm.lateral.toFixed(1)} mm, removes ${vol.femur.available ? `${vol.femur.value.resectedMl.toFixed(1)} mL of bone as segmented, cut area ${vol.femur.value.cutAreaMm2.toFixed(0)} mm²` : `— (${vol.femur.reason})`}`);
    if (f.axisKind === 'anatomical') notes.push(`the femoral cut and rotation use the anatomical axis + ${params.femur.valgusAngleDeg}° valgus (⚠ default, not in the brief): confirm the angle, or place the femoral head centre`);
  } else notes.push(`no distal femoral cut: ${m.distalFemur.reason}`);
  const pca = m.posteriorCondylarAngle;
  notes.push(pca.available
    ? `posterior condylar angle (clinical TEA external rotation from the PCA, ⟂ the ${pca.value.axisKind} axis): ${pca.value.teaExternalRotationFromPcaDeg.toFixed(1)}°`
    : `no posterior condylar angle: ${pca.reason}`);
  if (!m.hka.available) notes.push(`no HKA: ${m.hka.reason}`);
  if (options.catalogue) addKneeComponents(plan, labelmap, prop, m, options.catalogue, notes);
  else notes.push('components not sized: no implant catalogue given');
  const sealed = await sealPlan(plan);
  return { plan: sealed, notes, headRadiiMm: {} };
}
