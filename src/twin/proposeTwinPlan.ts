/**
 * The initial hip plan of a hip twin, shared by `jumeau build` and the twin worker: each femoral head
 * centre proposed from its femur segment (sphere fit, see planning/proposeHeadCentre), a default cup at
 * the operated head, and — for the workstation — a default head and stem so the range of motion can be
 * computed at once. Pure.
 */
import { describeError } from '../core/errors';
import { proposeFemoralHeadCentre, proposeHipPlan, type HeadCentreProposal, type ImplantCatalogue, type Plan, type Side } from '../planning';
import { withHeadAndStem } from '../planning/hipPlanEdits';
import type { Labelmap } from '../segmentation/labelmap';

/** A proposed plan and why parts of it are missing. */
export interface TwinPlanProposal {
  plan: Plan;
  /** Heads not found, cup not proposed, placeholder rules. */
  notes: string[];
  /** Fitted femoral head radii, mm, per side found. */
  headRadiiMm: Partial<Record<Side, number>>;
}

/**
 * Proposes the hip plan of a hip twin's labelmap; `withDefaultHeadStem` adds the catalogue's 32 mm head
 * (or the first the cup takes) and the middle stem size, 132°, its first offset, 15° version — display
 * defaults for a first ROM, said so in the notes.
 */
export async function proposeTwinHipPlan(labelmap: Labelmap, source: { seriesInstanceUid: string | null; volumeSha256: string }, catalogue: ImplantCatalogue, withDefaultHeadStem = false): Promise<TwinPlanProposal> {
  const heads: Partial<Record<Side, HeadCentreProposal>> = {};
  const notes: string[] = [];
  for (const [side, name] of [['L', 'femur left'], ['R', 'femur right']] as const) {
    const seg = labelmap.segments.find((s) => s.name === name);
    if (!seg) {
      notes.push(`no "${name}" segment: no head centre proposed on side ${side}`);
      continue;
    }
    try {
      heads[side] = proposeFemoralHeadCentre(labelmap, { label: seg.label });
    } catch (e) {
      notes.push(`${name}: head centre not proposed (${describeError(e)})`);
    }
  }
  let plan = await proposeHipPlan({ heads, ...source, catalogue });
  const cup = plan.implants.find((i) => i.role === 'cup');
  if (withDefaultHeadStem && cup) {
    const cupFam = catalogue.families.find((f) => f.id === cup.familyId);
    const takes = cupFam?.kind === 'cup' ? cupFam.sizes.find((s) => s.size === cup.size)?.headDiametersMm ?? [] : [];
    const headFam = catalogue.families.find((f) => f.kind === 'head');
    const stemFam = catalogue.families.find((f) => f.kind === 'stem');
    if (headFam?.kind === 'head' && stemFam?.kind === 'stem' && takes.length) {
      const d = takes.includes(32) ? 32 : takes[0];
      const size = stemFam.sizes[Math.floor((stemFam.sizes.length - 1) / 2)];
      const ccd = stemFam.neckShaftAnglesDeg.includes(132) ? 132 : stemFam.neckShaftAnglesDeg[0];
      plan = withHeadAndStem(plan, { headFamilyId: headFam.id, headDiameterMm: d, neckLengthMm: headFam.neckLengthsMm.includes(0) ? 0 : headFam.neckLengthsMm[0], stemFamilyId: stemFam.id, stemSize: size.size, neckShaftAngleDeg: ccd, offsetMm: size.offsetsMm[0], versionDeg: 15 }, catalogue);
      notes.push(`default head ${d} mm and stem size ${size.size} (${ccd}°, offset ${size.offsetsMm[0]} mm, version 15°) for a first range of motion: display defaults, not a sizing`);
    }
  }
  const headRadiiMm: Partial<Record<Side, number>> = {};
  for (const s of ['L', 'R'] as const) if (heads[s]) headRadiiMm[s] = heads[s]!.radiusMm;
  return { plan, notes: [...notes, ...(plan.notes ?? [])], headRadiiMm };
}
