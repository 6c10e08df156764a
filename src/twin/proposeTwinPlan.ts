/**
 * The initial hip plan of a hip twin, shared by `jumeau build` and the twin worker: each femoral head
 * centre proposed from its femur segment (sphere fit, see planning/proposeHeadCentre), both ASIS and
 * pubic tubercles from the hip-bone segments (planning/proposePelvicLandmarks: the anterior tangent
 * plane) so the default cup is oriented in the APP, and — for the workstation — a head and a stem so
 * the range of motion can be computed at once, each side's native acetabular opening (rim landmarks,
 * planning/proposeAcetabularRim), the stem sized from the canal when the CT is given and
 * its shaft is in view (planning/proposeStemSize). Pure.
 */
import { describeError } from '../core/errors';
import { proposeFemoralHeadCentre, proposeHipPlan, type HeadCentreProposal, type ImplantCatalogue, type Plan, type Side } from '../planning';
import type { PointLps } from '../core/vec3';
import { withHeadAndStem } from '../planning/hipPlanEdits';
import { proposePelvicLandmarks, type PelvicLandmarkProposal } from '../planning/proposePelvicLandmarks';
import { proposeStemSize, type StemSizing } from '../planning/proposeStemSize';
import { nativeAcetabularAngles, proposeAcetabularRim } from '../planning/proposeAcetabularRim';
import { anteriorPelvicPlaneFrame } from '../planning/pelvicFrame';
import { sealPlan } from '../planning/planIntegrity';
import { findLesserTrochanter, neckCutOfStem, neckShaftAngleDeg, proposeNeckAxis } from '../planning/proposeNeckAxis';
import { maskOfLabel } from '../segmentation/labelmap';
import type { Labelmap } from '../segmentation/labelmap';
import type { Volume } from '../volume/volume';

/** Plausibility gates of an automatic APP (adult pelvis; outside them the landmarks are not proposed). */
export const APP_PLAUSIBLE = { interAsisMm: [150, 320], absTiltDeg: 30, asisAbovePubisMm: [30, 180] } as const;

/** A proposed plan and why parts of it are missing. */
export interface TwinPlanProposal {
  plan: Plan;
  /** Heads not found, cup not proposed, placeholder rules. */
  notes: string[];
  /** Fitted femoral head radii, mm, per side found. */
  headRadiiMm: Partial<Record<Side, number>>;
  /** The automatic APP (also when refused as implausible, for the record), or null. */
  app?: PelvicLandmarkProposal | null;
  /** The canal sizing of the operated side's stem, or null (not asked, no CT, not measurable). */
  stemSizing?: StemSizing | null;
}

/** Both ASIS and pubic tubercles from the "hip bone left/right" segments, or null with a note. */
function proposeApp(labelmap: Labelmap, heads: Partial<Record<Side, HeadCentreProposal>>, notes: string[]): PelvicLandmarkProposal | null {
  const left = labelmap.segments.find((s) => s.name === 'hip bone left');
  const right = labelmap.segments.find((s) => s.name === 'hip bone right');
  if (!left || !right) {
    notes.push(`no ${left ? '' : '"hip bone left" '}${right ? '' : '"hip bone right" '}segment: ASIS and pubic tubercles not proposed (place them for APP cup angles)`);
    return null;
  }
  try {
    const centres: { L?: PointLps; R?: PointLps } = {};
    if (heads.L) centres.L = heads.L.centerLps;
    if (heads.R) centres.R = heads.R.centerLps;
    const r = proposePelvicLandmarks(labelmap, { left: left.label, right: right.label }, { acetabulumCentresLps: centres });
    const P = APP_PLAUSIBLE;
    const bad = [
      !(r.interAsisMm >= P.interAsisMm[0] && r.interAsisMm <= P.interAsisMm[1]) && `inter-ASIS ${r.interAsisMm.toFixed(0)} mm`,
      !(Math.abs(r.pelvicTiltDeg) <= P.absTiltDeg) && `pelvic tilt ${r.pelvicTiltDeg.toFixed(1)}°`,
      !(r.asisAbovePubisMm >= P.asisAbovePubisMm[0] && r.asisAbovePubisMm <= P.asisAbovePubisMm[1]) && `ASIS ${r.asisAbovePubisMm.toFixed(0)} mm above the pubis`,
      !r.converged && 'not converged',
    ].filter(Boolean);
    if (bad.length) {
      notes.push(`ASIS and pubic tubercles not proposed: the automatic anterior pelvic plane is implausible (${bad.join(', ')}); place them by hand`);
      return null;
    }
    notes.push(`ASIS and pubic tubercles proposed automatically (anterior tangent plane): inter-ASIS ${r.interAsisMm.toFixed(0)} mm, pelvic tilt ${r.pelvicTiltDeg.toFixed(1)}°; check and move them if needed`, ...r.warnings);
    return r;
  } catch (e) {
    notes.push(`ASIS and pubic tubercles not proposed (${describeError(e)})`);
    return null;
  }
}

/**
 * The operated side's neck axis (head centre → narrowest section), lesser trochanter and the neck cut
 * implied by the sized stem (planning/proposeNeckAxis) as landmarks (`femoralNeckAxisCentre…`,
 * `lesserTrochanter…`, source 'auto') and a `femoralNeck` resection, with notes; a failure is a note.
 */
function addNeck(plan: Plan, labelmap: Labelmap, femurLabel: number, head: HeadCentreProposal, sized: StemSizing, notes: string[]): void {
  const sfx = plan.side === 'L' ? 'Left' : 'Right';
  try {
    const femur = maskOfLabel(labelmap, femurLabel);
    const neck = proposeNeckAxis(femur, head.centerLps, head.radiusMm);
    const lt = findLesserTrochanter(femur, neck, sized.shoulderLps!, sized.shaftAxisLps);
    const cut = neckCutOfStem({ shoulderLps: sized.shoulderLps!, shaftUnitLps: sized.shaftAxisLps, referenceLps: sized.referenceLps, ccdDeg: sized.neckShaftAngleDeg, neck, lesserTrochanterLps: lt.tipLps });
    plan.landmarks.push({ name: `femoralNeckAxisCentre${sfx}`, pointLps: neck.narrowestCentreLps, source: 'auto', method: `centroid of the narrowest neck cross-section (${neck.equivalentDiameterMm.toFixed(1)} mm equivalent diameter, ${neck.distanceFromHeadMm.toFixed(1)} mm from the head centre); neck axis = head centre → this point` });
    if (lt.tipLps) plan.landmarks.push({ name: `lesserTrochanter${sfx}`, pointLps: lt.tipLps, source: 'auto', method: `most posteromedial prominence below the neck (${lt.prominenceMm.toFixed(1)} mm beyond the opposite shaft surface)` });
    plan.resections.push({ name: 'femoralNeck', planeLps: cut.planeLps });
    const level = cut.heightAboveLesserTrochanterMm !== null ? `${cut.heightAboveLesserTrochanterMm.toFixed(1)} mm above the lesser trochanter tip (parallel to the shaft)` : `lesser trochanter not found (${'reason' in lt ? lt.reason : ''}): ${cut.headCentreAboveCutMm.toFixed(1)} mm below the head centre`;
    notes.push(`neck axis proposed (neck–shaft angle ${neckShaftAngleDeg(neck.unitLps, sized.shaftAxisLps).toFixed(1)}° to the canal axis); neck cut ${level}, head centre ${cut.headCentreAboveCutMm.toFixed(1)} mm above it — ${cut.method}`);
  } catch (e) {
    notes.push(`neck axis and neck cut not proposed (${describeError(e)})`);
  }
}

/**
 * Each side's native acetabular opening (planning/proposeAcetabularRim: free edge of the hip-bone shell
 * around the fitted head, consensus rim plane) as landmarks `acetabularRimCentre/Superior/Anterior/
 * Posterior…` (source 'auto'), with a note giving the native angles in the APP when it is proposed.
 */
function addAcetabularRims(plan: Plan, labelmap: Labelmap, heads: Partial<Record<Side, HeadCentreProposal>>, app: PelvicLandmarkProposal | null, notes: string[]): void {
  const frame = app ? anteriorPelvicPlaneFrame(app.landmarks) : null;
  for (const side of ['L', 'R'] as const) {
    const name = side === 'L' ? 'hip bone left' : 'hip bone right', sfx = side === 'L' ? 'Left' : 'Right';
    const seg = labelmap.segments.find((x) => x.name === name), head = heads[side];
    if (!seg || !head) continue;
    try {
      const r = proposeAcetabularRim(labelmap, head.centerLps, head.radiusMm, side, { label: seg.label });
      const m = r.landmarksLps;
      for (const [base, p, what] of [['acetabularRimCentre', r.centreLps, 'centre of the rim circle'], ['acetabularRimSuperior', m.superiorLps, 'rim point nearest superior'], ['acetabularRimAnterior', m.anteriorLps, 'rim point nearest anterior'], ['acetabularRimPosterior', m.posteriorLps, 'rim point nearest posterior']] as const) {
        plan.landmarks.push({ name: `${base}${sfx}`, pointLps: p, source: 'auto', method: `${what}, on the rim plane — ${r.method}` });
      }
      const a = frame ? nativeAcetabularAngles(r.normalLps, frame, side).radiographic : null;
      notes.push(`native acetabulum ${sfx.toLowerCase()} proposed (rim plane, ${r.rimPointsLps.length} rim points, RMS ${r.rmsResidualMm.toFixed(1)} mm)${a ? `: radiographic inclination ${a.inclinationDeg.toFixed(1)}°, anteversion ${a.anteversionDeg.toFixed(1)}° in the APP` : ': angles need the APP landmarks'}`);
    } catch (e) {
      notes.push(`${name}: acetabular rim not proposed (${describeError(e)})`);
    }
  }
}

/**
 * Proposes the hip plan of a hip twin's labelmap; `withDefaultHeadStem` adds the catalogue's 32 mm head
 * (or the first the cup takes) and a stem at 132°, 15° version: sized from the canal when `volume` (the
 * CT the labels were made on) is given and the shaft is measurable (size, offset nearest the native
 * one, pose in the canal), else the middle size and its first offset — display defaults for a first ROM,
 * said so in the notes.
 */
export async function proposeTwinHipPlan(labelmap: Labelmap, source: { seriesInstanceUid: string | null; volumeSha256: string }, catalogue: ImplantCatalogue, withDefaultHeadStem = false, volume?: Volume): Promise<TwinPlanProposal> {
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
  const app = proposeApp(labelmap, heads, notes);
  let plan = await proposeHipPlan({ heads, ...source, catalogue, ...(app ? { app } : {}) });
  const before = plan.landmarks.length;
  addAcetabularRims(plan, labelmap, heads, app, notes);
  if (plan.landmarks.length !== before) plan = await sealPlan(plan, { catalogue }); // metrics and hash include the rim
  let stemSizing: StemSizing | null = null;
  const cup = plan.implants.find((i) => i.role === 'cup');
  if (withDefaultHeadStem && cup) {
    const cupFam = catalogue.families.find((f) => f.id === cup.familyId);
    const takes = cupFam?.kind === 'cup' ? cupFam.sizes.find((s) => s.size === cup.size)?.headDiametersMm ?? [] : [];
    const headFam = catalogue.families.find((f) => f.kind === 'head');
    const stemFam = catalogue.families.find((f) => f.kind === 'stem');
    if (headFam?.kind === 'head' && stemFam?.kind === 'stem' && takes.length) {
      const d = takes.includes(32) ? 32 : takes[0];
      const ccd = stemFam.neckShaftAnglesDeg.includes(132) ? 132 : stemFam.neckShaftAnglesDeg[0];
      const femur = labelmap.segments.find((x) => x.name === (plan.side === 'L' ? 'femur left' : 'femur right'));
      let why = volume ? (femur ? '' : 'no femur segment on the operated side') : 'no CT given to measure the canal';
      if (volume && femur) {
        try {
          stemSizing = proposeStemSize({ volume, labels: labelmap, femurLabel: femur.label, headCentreLps: cup.pose.positionLps, family: stemFam, neckShaftAngleDeg: ccd });
          if (!stemSizing.size) why = stemSizing.reason ?? 'no size fits';
        } catch (e) {
          why = describeError(e);
        }
      }
      const sized = stemSizing?.size && stemSizing.shoulderLps ? stemSizing : null;
      const size = sized ? sized.size! : stemFam.sizes[Math.floor((stemFam.sizes.length - 1) / 2)];
      const offsetMm = sized ? sized.offsetMm! : size.offsetsMm[0];
      const stemPose = sized ? { positionLps: sized.shoulderLps!, axisLps: sized.shaftAxisLps, referenceLps: sized.referenceLps } : undefined;
      plan = withHeadAndStem(plan, { headFamilyId: headFam.id, headDiameterMm: d, neckLengthMm: headFam.neckLengthsMm.includes(0) ? 0 : headFam.neckLengthsMm[0], stemFamilyId: stemFam.id, stemSize: size.size, neckShaftAngleDeg: ccd, offsetMm, versionDeg: 15, ...(stemPose ? { stemPose } : {}) }, catalogue);
      if (sized && femur && heads[plan.side]) addNeck(plan, labelmap, femur.label, heads[plan.side]!, sized, notes);
      if (sized) {
        const fill = sized.checks.find((c) => c.size === size.size)!.levels.filter((l) => l.fillMl).map((l) => `${l.name} ${Math.round(l.fillMl!.percent)} % ML / ${Math.round(l.fillAp!.percent)} % AP`).join(', ');
        const unmeasured = sized.checks.filter((c) => c.fits === null).map((c) => c.size);
        notes.push(`stem size ${size.size} from the canal (largest that fits; ${ccd}°, offset ${offsetMm} mm nearest the native ${sized.nativeOffsetMm.toFixed(1)} mm): canal fill ${fill}${unmeasured.length ? `; sizes ${unmeasured.join(', ')} not measurable (canal levels beyond the scan)` : ''}; head ${d} mm and version 15° are display defaults`);
      } else {
        notes.push(`default head ${d} mm and stem size ${size.size} (${ccd}°, offset ${offsetMm} mm, version 15°) for a first range of motion: display defaults, not a sizing (stem not sized from the canal: ${why})`);
      }
    }
  }
  const headRadiiMm: Partial<Record<Side, number>> = {};
  for (const s of ['L', 'R'] as const) if (heads[s]) headRadiiMm[s] = heads[s]!.radiusMm;
  return { plan, notes: [...notes, ...(plan.notes ?? [])], headRadiiMm, app, stemSizing };
}
