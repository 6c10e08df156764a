/**
 * The initial hip plan `jumeau build --anatomy hip` writes: the proposed head centres as landmarks, the
 * source series and volume hash, and a default cup. Pure: the caller supplies the twin's labelmap and
 * the catalogue object.
 */
import type { Vec3 } from '../core/vec3';
import { cupAxisFrameFromLai, cupAxisLaiFromAngles } from './cupAngles';
import { smallestCupForHead, type CupFamily, type ImplantCatalogue } from './implants';
import { PLAN_SCHEMA, type Plan, type PlanLandmark } from './plan';
import { sealPlan } from './planIntegrity';
import { anteriorPelvicPlaneFrame, directionPelvicToLps } from './pelvicFrame';
import type { HeadCentreProposal } from './proposeHeadCentre';
import type { PelvicLandmarkProposal } from './proposePelvicLandmarks';
import type { Side } from './validate';

/** Default cup orientation of a proposed plan: 40° / 15° radiographic (the centre of the Lewinnek zone). */
export const DEFAULT_CUP_ANGLES = { definition: 'radiographic', inclinationDeg: 40, anteversionDeg: 15 } as const;

/** Inputs of {@link proposeHipPlan}. */
export interface HipPlanProposalInput {
  /** Operated side (default: the left hip when both heads were found, else the one found). */
  side?: Side;
  /** Proposed head centres per side (a side may be absent when its femur is not in view). */
  heads: Partial<Record<Side, HeadCentreProposal>>;
  seriesInstanceUid: string | null;
  volumeSha256: string;
  catalogue: ImplantCatalogue;
  /** Proposed APP landmarks (both ASIS, both pubic tubercles): added, and the cup oriented in the APP. */
  app?: Pick<PelvicLandmarkProposal, 'landmarks' | 'method'>;
}

/**
 * A sealed initial hip plan. The cup sits at the native head centre with {@link DEFAULT_CUP_ANGLES}
 * in the anterior pelvic plane when `app` landmarks are given, else in the scanner frame; its size is a PLACEHOLDER rule, not a clinical one:
 * the smallest cup whose inner (shell) radius exceeds the native head radius + 2 mm. No cup is
 * proposed when no size is large enough (a note says so).
 */
export async function proposeHipPlan(input: HipPlanProposalInput): Promise<Plan> {
  const side: Side = input.side ?? (input.heads.L ? 'L' : 'R');
  const landmarks: PlanLandmark[] = (['R', 'L'] as const).flatMap((s) => {
    const h = input.heads[s];
    return h ? [{ name: `femoralHeadCentre${s === 'L' ? 'Left' : 'Right'}`, pointLps: h.centerLps, source: 'auto' as const, method: `${h.method}; radius ${h.radiusMm.toFixed(2)} mm, RMS ${h.rmsResidualMm.toFixed(2)} mm` }] : [];
  });
  const app = input.app;
  if (app) {
    const l = app.landmarks;
    for (const [name, p] of [['asisLeft', l.leftAsisLps], ['asisRight', l.rightAsisLps], ['pubicTubercleLeft', l.leftPubicTubercleLps], ['pubicTubercleRight', l.rightPubicTubercleLps]] as const) {
      landmarks.push({ name, pointLps: [p[0], p[1], p[2]], source: 'auto', method: app.method });
    }
  }
  const pelvic = app ? anteriorPelvicPlaneFrame(app.landmarks) : null;
  const notes: string[] = [];
  const plan: Plan = {
    schema: PLAN_SCHEMA,
    anatomy: 'hip',
    side,
    source: { seriesInstanceUid: input.seriesInstanceUid, volumeSha256: input.volumeSha256 },
    catalogue: { id: input.catalogue.id, version: input.catalogue.version },
    landmarks,
    implants: [],
    resections: [],
    notes,
  };
  const head = input.heads[side];
  const family = input.catalogue.families.find((f): f is CupFamily => f.kind === 'cup');
  if (!head) notes.push(`no femoral head found on side ${side}: no cup proposed`);
  else if (!family) notes.push('the catalogue has no cup family: no cup proposed');
  else {
    const size = smallestCupForHead(family, head.radiusMm);
    if (!size) notes.push(`no cup of ${family.id} has an inner radius above ${(head.radiusMm + 2).toFixed(1)} mm: no cup proposed`);
    else {
      const axisFrame: Vec3 = cupAxisFrameFromLai(cupAxisLaiFromAngles(DEFAULT_CUP_ANGLES), side);
      const axisLps = pelvic ? directionPelvicToLps(axisFrame, pelvic) : axisFrame;
      plan.implants.push({ role: 'cup', familyId: family.id, size: size.size, pose: { positionLps: head.centerLps, axisLps } });
      const frame = pelvic ? `the anterior pelvic plane of the automatic ASIS and pubic tubercles (pelvic tilt ${pelvic.pelvicTiltDeg.toFixed(1)}°; check them)` : 'the scanner frame (place ASIS and pubic tubercles for APP angles)';
      notes.push(`default cup: ${DEFAULT_CUP_ANGLES.inclinationDeg}°/${DEFAULT_CUP_ANGLES.anteversionDeg}° radiographic in ${frame}; size ${size.size} by a placeholder rule (smallest cup whose inner radius exceeds the native head radius + 2 mm), not a clinical sizing`);
    }
  }
  return sealPlan(plan, { catalogue: input.catalogue });
}
