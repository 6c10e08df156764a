/**
 * Adds the sized knee components to a proposed knee plan (src/twin/proposeKneePlan.ts): the femoral
 * component on the distal femoral cut and the tibial baseplate on the proximal tibial cut, sized on the
 * segments by kneeComponentSizing.ts, each with a note giving the measurements and the rule, or a note
 * saying why it is missing. Pure.
 */
import { describeError } from '../core/errors';
import type { Labelmap } from '../segmentation/labelmap';
import { maskOfLabel } from '../segmentation/labelmap';
import { sliceHullEnvelope } from './boneEnvelope';
import type { ImplantCatalogue } from './implants';
import { proposeFemoralComponentSize, proposeTibialComponentSize, type FemoralSizing, type TibialSizing } from './kneeComponentSizing';
import type { KneeLandmarkProposal } from './kneeLandmarks';
import type { KneeCutMetrics } from './kneePlanModel';
import type { Plan } from './plan';

/** What {@link addKneeComponents} measured (null: not attempted or failed, see the notes). */
export interface KneeComponentSizings { femoral: FemoralSizing | null; tibial: TibialSizing | null }

const f1 = (v: number): string => v.toFixed(1);

/**
 * Sizes both components and pushes them into `plan.implants` (roles `femoralComponent`,
 * `tibialComponent`; the thinnest insert as a display default) and their notes into `notes`.
 */
export function addKneeComponents(plan: Plan, labelmap: Labelmap, prop: KneeLandmarkProposal, cuts: KneeCutMetrics, catalogue: ImplantCatalogue, notes: string[]): KneeComponentSizings {
  const out: KneeComponentSizings = { femoral: null, tibial: null };
  const femFam = catalogue.families.find((f) => f.kind === 'femoralComponent');
  const tibFam = catalogue.families.find((f) => f.kind === 'tibialComponent');
  const pt = (b: string) => prop.entries.find((e) => e.base === b)?.pointLps ?? null;
  if (femFam?.kind !== 'femoralComponent') notes.push(`femoral component not sized: no femoral component family in catalogue ${catalogue.id}`);
  else if (prop.femurLabel === null) notes.push('femoral component not sized: no femur segment');
  else if (!cuts.distalFemur.available) notes.push(`femoral component not sized: no distal femoral cut (${cuts.distalFemur.reason})`);
  else if (!pt('posteriorCondyleMedial') || !pt('posteriorCondyleLateral')) notes.push('femoral component not sized: a posterior condyle landmark is missing');
  else {
    try {
      const f = proposeFemoralComponentSize({
        femur: maskOfLabel(labelmap, prop.femurLabel), side: prop.side, distalCut: cuts.distalFemur.value.plane,
        posteriorCondyleMedialLps: pt('posteriorCondyleMedial')!, posteriorCondyleLateralLps: pt('posteriorCondyleLateral')!, shaftDistalLps: pt('femoralShaftAxisDistal'), family: femFam,
      });
      out.femoral = f;
      if (f.size && f.pose) {
        plan.implants.push({ role: 'femoralComponent', familyId: femFam.id, size: f.size, pose: f.pose });
        const ml = f.mlOverhangPerSideMm!;
        notes.push(`femoral component size ${f.size} (AP first, anterior referencing): bone AP ${f1(f.apDepthMm!)} mm (anterior cortex → posterior condyles) vs ${f1(f.apDepthMm! + f.apDifferenceMm!)} mm (${f.apDifferenceMm! >= 0 ? '+' : ''}${f1(f.apDifferenceMm!)} mm); ML ${f1(f.mlWidthMm)} mm at the distal cut: ${ml >= 0 ? 'overhang' : 'underhang'} ${f1(Math.abs(ml))} mm per side${f.warnings.length ? ` (⚠ ${f.warnings.join('; ')})` : ''}`);
      } else notes.push(`femoral component not sized: ${f.reason} (ML ${f1(f.mlWidthMm)} mm at the distal cut)`);
    } catch (e) {
      notes.push(`femoral component not sized: ${describeError(e)}`);
    }
  }
  if (tibFam?.kind !== 'tibialComponent') notes.push(`tibial component not sized: no tibial component family in catalogue ${catalogue.id}`);
  else if (prop.tibiaLabel === null) notes.push('tibial component not sized: no tibia segment');
  else if (!cuts.proximalTibia.available) notes.push(`tibial component not sized: no proximal tibial cut (${cuts.proximalTibia.reason})`);
  else {
    try {
      // The slice-hull envelope: a hollow (thin-cortex) epiphysis as a solid cut surface, as for the cut volume
      // (boneEnvelope.ts; it bridges the posterior intercondylar notch, so overhang there is not seen).
      const t = proposeTibialComponentSize({ tibia: sliceHullEnvelope(maskOfLabel(labelmap, prop.tibiaLabel)), side: prop.side, cut: cuts.proximalTibia.value.plane, family: tibFam });
      out.tibial = t;
      const cut = `cut surface ML ${f1(t.cutMlMm)} × AP ${f1(t.cutApMm)} mm, ${t.cutAreaMm2.toFixed(0)} mm²`;
      if (t.size && t.pose) {
        const insert = Math.min(...tibFam.insertThicknessesMm);
        plan.implants.push({ role: 'tibialComponent', familyId: tibFam.id, size: t.size, options: { insertThicknessMm: insert }, pose: t.pose });
        notes.push(`tibial baseplate size ${t.size} (largest without overhang): ${cut}; coverage ${t.coveragePercent!.toFixed(0)} %, overhang ${f1(t.maxOverhangMm!)} mm; insert ${insert} mm is a display default`);
      } else notes.push(`tibial baseplate not sized: ${t.reason} (${cut})`);
    } catch (e) {
      notes.push(`tibial baseplate not sized: ${describeError(e)}`);
    }
  }
  return out;
}
