/**
 * The workstation's knee plan as a plan file (schema `jumeau.plan/1`, anatomy `knee`) and back: the
 * landmarks placed (auto or manual, with how), the two cuts with the parameters the surgeon typed
 * (depths mm, varus/valgus, slope and the anatomical–mechanical valgus angle, degrees), the source
 * series and volume hash. The same plan is kept with the twin (so a reload or a `.jumeau` case restores
 * the edits), exported sealed as plan.json, and read by `jumeau plan`. Pure.
 */
import type { PointLps } from '../core/vec3';
import type { KneeLandmarkEntry } from './kneeLandmarks';
import { checkKneeCutParams, DEFAULT_KNEE_CUTS, type KneeCutParams } from './kneePlanModel';
import { PLAN_SCHEMA, type Plan } from './plan';
import type { Side } from './validate';

/** What {@link kneePlanOf} writes. */
export interface KneePlanFileInput {
  side: Side;
  entries: readonly KneeLandmarkEntry[];
  params: KneeCutParams;
  /** The series (null for a NIfTI/NRRD input) and the SHA-256 of its voxel bytes. */
  source: { seriesInstanceUid: string | null; volumeSha256: string };
  notes?: readonly string[];
}

const sfx = (side: Side): string => (side === 'L' ? 'Left' : 'Right');

/**
 * The plan of the workstation's knee: every placed landmark (a missing one is left out — its metrics
 * say so), both resections with their typed parameters (`reference: 'auto'`: the more distal condyle,
 * the higher plateau), no implants yet. De-identified: the series is named by its UID and voxel hash.
 */
export function kneePlanOf(input: KneePlanFileInput): Plan {
  const p = input.params;
  const plan: Plan = {
    schema: PLAN_SCHEMA,
    anatomy: 'knee',
    side: input.side,
    source: { seriesInstanceUid: input.source.seriesInstanceUid, volumeSha256: input.source.volumeSha256 },
    landmarks: input.entries.filter((e) => e.pointLps).map((e) => ({ name: `${e.base}${sfx(input.side)}`, pointLps: [e.pointLps![0], e.pointLps![1], e.pointLps![2]] as PointLps, source: e.source, method: e.method })),
    implants: [],
    resections: [
      { name: 'distalFemur', depthMm: p.femur.depthMm, varusValgusDeg: p.femur.varusValgusDeg, valgusAngleDeg: p.femur.valgusAngleDeg, reference: 'auto' },
      { name: 'proximalTibia', depthMm: p.tibia.depthMm, varusValgusDeg: p.tibia.varusValgusDeg, posteriorSlopeDeg: p.tibia.posteriorSlopeDeg, reference: 'auto' },
    ],
  };
  if (input.notes?.length) plan.notes = [...input.notes];
  return plan;
}

/** The cut parameters a knee plan holds (a field it lacks: the default), or the defaults when they are out of the workstation's ranges. */
export function kneeParamsOfPlan(plan: Pick<Plan, 'resections'>): KneeCutParams {
  const f = plan.resections.find((r) => r.name === 'distalFemur'), t = plan.resections.find((r) => r.name === 'proximalTibia');
  const d = DEFAULT_KNEE_CUTS;
  const params: KneeCutParams = {
    tibia: { depthMm: t?.depthMm ?? d.tibia.depthMm, varusValgusDeg: t?.varusValgusDeg ?? d.tibia.varusValgusDeg, posteriorSlopeDeg: t?.posteriorSlopeDeg ?? d.tibia.posteriorSlopeDeg },
    femur: { depthMm: f?.depthMm ?? d.femur.depthMm, varusValgusDeg: f?.varusValgusDeg ?? d.femur.varusValgusDeg, valgusAngleDeg: f?.valgusAngleDeg ?? d.femur.valgusAngleDeg },
  };
  try {
    return checkKneeCutParams(params);
  } catch {
    return DEFAULT_KNEE_CUTS;
  }
}

/**
 * The proposal's entries with the plan's manual landmarks of `side` put back (auto ones stay as just
 * proposed: after a segmentation edit the new proposal is the better one; a hand-placed point is kept).
 */
export function withManualLandmarks(entries: readonly KneeLandmarkEntry[], plan: Pick<Plan, 'landmarks'>, side: Side): KneeLandmarkEntry[] {
  return entries.map((e) => {
    const l = plan.landmarks.find((x) => x.name === `${e.base}${sfx(side)}` && x.source === 'manual');
    return l ? { ...e, pointLps: [l.pointLps[0], l.pointLps[1], l.pointLps[2]] as PointLps, source: 'manual' as const, method: l.method, missingReason: null } : e;
  });
}
