/**
 * The proposed landmarks of one knee of a twin: the femur's (proposeFemurKnee.ts) and the tibia's
 * (proposeTibia.ts), as one list of plan landmarks (`…Left`/`…Right`, source, method) — those the scan
 * does not show listed with their reason — and the {@link KneePlanInputs} the cut planes need. Pure;
 * the scan of the labels takes ≈ 0.1–0.3 s on the knee sample (a worker's job in the app).
 */
import { describeError } from '../core/errors';
import type { PointLps, Vec3 } from '../core/vec3';
import type { Labelmap } from '../segmentation/labelmap';
import { maskOfLabel } from '../segmentation/labelmap';
import type { KneePlanInputs } from './kneePlanModel';
import type { LateralLandmark } from './plan';
import { FEMUR_KNEE_LANDMARKS, proposeFemurKneeLandmarks, type FemurKneeProposal } from './proposeFemurKnee';
import { proposeTibiaLandmarks, type TibiaProposal } from './proposeTibia';
import type { Side } from './validate';

/** One landmark of the knee list: placed (auto or manual) or missing with its reason. */
export interface KneeLandmarkEntry {
  /** Plan base name (`distalCondyleMedial`); the plan name adds Left/Right. */
  base: LateralLandmark;
  bone: 'femur' | 'tibia';
  pointLps: PointLps | null;
  source: 'auto' | 'manual';
  method: string;
  /** Why there is no point (null when there is one). */
  missingReason: string | null;
}

/** The proposal for one knee. */
export interface KneeLandmarkProposal {
  side: Side;
  femurLabel: number | null;
  tibiaLabel: number | null;
  entries: KneeLandmarkEntry[];
  /** Tibial shaft axis toward proximal (stands in for the TMA without an ankle), or null. */
  tibialShaftUnitLps: Vec3 | null;
  /** Other sides' bones in the scan, failures and warnings of the proposals. */
  notes: string[];
  /** Wall time of the proposals, ms. */
  ms: number;
}

const TIBIA_BASES: Record<'kneeCentre' | 'ankleCentre' | 'plateauMedial' | 'plateauLateral', LateralLandmark> = {
  kneeCentre: 'tibialKneeCentre', ankleCentre: 'ankleCentre', plateauMedial: 'plateauMedial', plateauLateral: 'plateauLateral',
};

/** The knee the twin's plan is for: the side asked, else the left when it has a tibia or femur, else the right. */
export function kneeSideOf(labelmap: Pick<Labelmap, 'segments'>, side?: Side): Side | null {
  const has = (s: Side) => labelmap.segments.some((x) => x.name === `tibia ${s === 'L' ? 'left' : 'right'}` || x.name === `femur ${s === 'L' ? 'left' : 'right'}`);
  if (side) return has(side) ? side : null;
  return has('L') ? 'L' : has('R') ? 'R' : null;
}

/** Landmark entries of a femur proposal. */
export function femurEntries(p: FemurKneeProposal): KneeLandmarkEntry[] {
  return FEMUR_KNEE_LANDMARKS.map((n) => ({ base: n, bone: 'femur' as const, pointLps: p.points[n], source: p.sources[n], method: p.methods[n], missingReason: p.points[n] ? null : p.missing[n] ?? 'not found' }));
}

/** Distance of the `tibialShaftAxisDistal` point below the tibial knee centre, mm (the cut-plane code's 100 mm axis length). */
export const TIBIAL_SHAFT_POINT_DISTANCE_MM = 100;

/**
 * Landmark entries of a tibia proposal; without an ankle centre, also `tibialShaftAxisDistal`:
 * K_t − {@link TIBIAL_SHAFT_POINT_DISTANCE_MM} · the shaft unit, so that K_t → it is the shaft axis
 * direction the cut uses (written to the plan file for `jumeau plan`).
 */
export function tibiaEntries(p: TibiaProposal): KneeLandmarkEntry[] {
  const pt = { kneeCentre: p.kneeCentreLps, ankleCentre: p.ankleCentreLps, plateauMedial: p.plateau.medialLowestLps, plateauLateral: p.plateau.lateralLowestLps };
  const out: KneeLandmarkEntry[] = (Object.keys(TIBIA_BASES) as (keyof typeof TIBIA_BASES)[]).map((k) => ({
    base: TIBIA_BASES[k], bone: 'tibia' as const, pointLps: pt[k], source: p.sources[k], method: p.methods[k], missingReason: pt[k] ? null : p.ankleMissingReason ?? 'not found',
  }));
  if (!p.ankleCentreLps) {
    const k = p.kneeCentreLps, u = p.shaftAxis.unitLps, d = TIBIAL_SHAFT_POINT_DISTANCE_MM;
    out.push({
      base: 'tibialShaftAxisDistal', bone: 'tibia', pointLps: [k[0] - d * u[0], k[1] - d * u[1], k[2] - d * u[2]], source: 'auto',
      method: `${d} mm distal of the tibial knee centre along the tibial shaft axis (principal direction of the shaft section centroids; no ankle centre in view)`, missingReason: null,
    });
  }
  return out;
}

/**
 * Proposes the femoral and tibial landmarks of one knee of a twin labelmap (segments named
 * `femur left` / `tibia left` … as the automatic knee segmentation names them).
 * @returns null when the twin has neither a femur nor a tibia on that side
 */
export function proposeKneeLandmarks(labelmap: Labelmap, side?: Side): KneeLandmarkProposal | null {
  const t0 = performance.now();
  const s = kneeSideOf(labelmap, side);
  if (!s) return null;
  const word = s === 'L' ? 'left' : 'right';
  const femurSeg = labelmap.segments.find((x) => x.name === `femur ${word}`);
  const tibiaSeg = labelmap.segments.find((x) => x.name === `tibia ${word}`);
  const notes: string[] = [];
  const other = s === 'L' ? 'right' : 'left';
  if (labelmap.segments.some((x) => x.name === `tibia ${other}` || x.name === `femur ${other}`)) notes.push(`the ${other} knee is in the scan too: this plan is for the ${word} knee`);
  const entries: KneeLandmarkEntry[] = [];
  let tibialShaftUnitLps: Vec3 | null = null;
  const gone = (bone: 'femur' | 'tibia', bases: readonly LateralLandmark[], reason: string) => {
    for (const base of bases) entries.push({ base, bone, pointLps: null, source: 'auto', method: 'not proposed', missingReason: reason });
  };
  if (femurSeg) {
    try {
      const f = proposeFemurKneeLandmarks({ femur: maskOfLabel(labelmap, femurSeg.label), side: s });
      entries.push(...femurEntries(f));
      notes.push(...f.warnings.map((w) => `femur: ${w}`));
    } catch (e) {
      gone('femur', FEMUR_KNEE_LANDMARKS, `femoral landmarks not proposed: ${describeError(e)}`);
    }
  } else gone('femur', FEMUR_KNEE_LANDMARKS, `no "femur ${word}" segment`);
  if (tibiaSeg) {
    try {
      const t = proposeTibiaLandmarks({ tibia: maskOfLabel(labelmap, tibiaSeg.label), side: s });
      entries.push(...tibiaEntries(t));
      tibialShaftUnitLps = t.shaftAxis.unitLps;
      notes.push(...t.warnings.map((w) => `tibia: ${w}`));
    } catch (e) {
      gone('tibia', Object.values(TIBIA_BASES), `tibial landmarks not proposed: ${describeError(e)}`);
    }
  } else gone('tibia', Object.values(TIBIA_BASES), `no "tibia ${word}" segment`);
  return { side: s, femurLabel: femurSeg?.label ?? null, tibiaLabel: tibiaSeg?.label ?? null, entries, tibialShaftUnitLps, notes, ms: performance.now() - t0 };
}

/** The cut-plane inputs of a landmark list. */
export function kneeInputsOf(side: Side, entries: readonly KneeLandmarkEntry[], tibialShaftUnitLps: Vec3 | null): KneePlanInputs {
  const points: KneePlanInputs['points'] = {};
  for (const e of entries) if (e.pointLps) points[e.base] = e.pointLps;
  return { side, points, tibialShaftUnitLps };
}
