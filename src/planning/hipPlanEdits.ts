/**
 * Edits of a hip plan as the workstation makes them (pure, immutable: each returns a new plan without
 * the stored metrics and integrity record of the plan it came from — seal it again to export).
 * The cup is entered as radiographic inclination/anteversion (Murray) relative to the anterior pelvic
 * plane when both ASIS and both pubic tubercles are placed, otherwise relative to the scanner frame —
 * the frame is always reported with the angles (`hipCupFrame`). Sizes and options are checked against
 * the catalogue; a bad value throws BAD_ARGUMENT naming the form field.
 */
import { JumeauError } from '../core/errors';
import type { PointLps, Vec3 } from '../core/vec3';
import { cupAnglesFromAxisLai, cupAxisFrameFromLai, cupAxisLaiFromAngles, cupAxisLaiFromFrame } from './cupAngles';
import { findFamily, type CupFamily, type HeadFamily, type ImplantCatalogue, type StemFamily } from './implants';
import { anteriorPelvicPlaneFrame, directionLpsToPelvic, directionPelvicToLps, type PelvicFrame } from './pelvicFrame';
import { findLandmark, type ImplantPose, type LateralLandmark, type Plan, type PlanImplant, type PlanLandmark } from './plan';
import { stemHeadCentreMm } from './implantMeshes';
import type { Side } from './validate';

/** The plan's inputs without its stored metrics and integrity record: an edited plan is unsealed. */
function unsealed(plan: Plan): Plan {
  const { metrics: _m, integrity: _i, ...inputs } = plan;
  return inputs;
}

/** `asis` + `L` → `asisLeft`. */
export function landmarkName(base: LateralLandmark, side: Side): string {
  return `${base}${side === 'L' ? 'Left' : 'Right'}`;
}

/** The frame cup angles are entered and shown in: the APP frame when its four landmarks exist. */
export function hipCupFrame(plan: Plan): { frame: 'APP' | 'scanner'; pelvic: PelvicFrame | null } {
  const g = (b: LateralLandmark, s: Side): PointLps | undefined => findLandmark(plan, b, s)?.pointLps;
  const [la, ra, lp, rp] = [g('asis', 'L'), g('asis', 'R'), g('pubicTubercle', 'L'), g('pubicTubercle', 'R')];
  if (!la || !ra || !lp || !rp) return { frame: 'scanner', pelvic: null };
  return { frame: 'APP', pelvic: anteriorPelvicPlaneFrame({ leftAsisLps: la, rightAsisLps: ra, leftPubicTubercleLps: lp, rightPubicTubercleLps: rp }) };
}

/**
 * Sets (adds or replaces) a landmark.
 * @throws JumeauError BAD_ARGUMENT when a coordinate is not finite (subject: the landmark name)
 */
export function withLandmark(plan: Plan, name: string, pointLps: PointLps, source: PlanLandmark['source'], method: string): Plan {
  if (!pointLps.every(Number.isFinite)) throw new JumeauError('BAD_ARGUMENT', `coordinates must be finite numbers (got ${pointLps.join(', ')})`, { subject: name });
  const landmark: PlanLandmark = { name, pointLps: [pointLps[0], pointLps[1], pointLps[2]], source, method };
  return { ...unsealed(plan), landmarks: [...plan.landmarks.filter((l) => l.name !== name), landmark] };
}

/** What the cup form holds. */
export interface CupInput {
  familyId: string;
  size: string;
  /** Radiographic inclination and anteversion, degrees, in the frame of {@link hipCupFrame}. */
  inclinationDeg: number;
  anteversionDeg: number;
}

function family<K extends 'cup' | 'head' | 'stem'>(catalogue: ImplantCatalogue, id: string, kind: K, subject: string): Extract<CupFamily | HeadFamily | StemFamily, { kind: K }> {
  const f = findFamily(catalogue, id);
  if (!f || f.kind !== kind) throw new JumeauError('BAD_ARGUMENT', `"${id}" is not a ${kind} family of catalogue ${catalogue.id}`, { subject });
  return f as Extract<CupFamily | HeadFamily | StemFamily, { kind: K }>;
}

function angle(v: number, lo: number, hi: number, subject: string): number {
  if (!Number.isFinite(v) || v < lo || v > hi) throw new JumeauError('BAD_ARGUMENT', `must be a number of degrees from ${lo} to ${hi} (got ${v})`, { subject });
  return v;
}

const replaceRole = (plan: Plan, implant: PlanImplant): Plan => ({ ...unsealed(plan), implants: [...plan.implants.filter((i) => i.role !== implant.role), implant] });

/** Unit cup axis in LPS from radiographic angles in the plan's cup frame. */
export function cupAxisLpsFromAngles(plan: Plan, inclinationDeg: number, anteversionDeg: number, side: Side = plan.side): Vec3 {
  const axisFrame = cupAxisFrameFromLai(cupAxisLaiFromAngles({ definition: 'radiographic', inclinationDeg, anteversionDeg }), side);
  const { pelvic } = hipCupFrame(plan);
  return pelvic ? directionPelvicToLps(axisFrame, pelvic) : axisFrame;
}

/** The radiographic angles of the plan's cup in its cup frame (what the form shows), or null without a cup. */
export function cupAnglesOf(plan: Plan): { inclinationDeg: number; anteversionDeg: number; frame: 'APP' | 'scanner' } | null {
  const cup = plan.implants.find((i) => i.role === 'cup');
  if (!cup) return null;
  const { frame, pelvic } = hipCupFrame(plan);
  const axisFrame = pelvic ? directionLpsToPelvic(cup.pose.axisLps, pelvic) : cup.pose.axisLps;
  const a = cupAnglesFromAxisLai(cupAxisLaiFromFrame(axisFrame, plan.side), 'radiographic');
  return { inclinationDeg: a.inclinationDeg, anteversionDeg: a.anteversionDeg, frame };
}

/**
 * Sets the cup: family and size from the catalogue, orientation from radiographic angles, centre kept
 * (or, for a new cup, the operated side's femoral head centre).
 * @throws JumeauError BAD_ARGUMENT naming `cup size`, `inclination`, `anteversion`; MISSING_INPUT when
 *   there is no cup yet and no head centre on the operated side to place it at
 */
export function withCup(plan: Plan, input: CupInput, catalogue: ImplantCatalogue): Plan {
  const f = family(catalogue, input.familyId, 'cup', 'cup family');
  if (!f.sizes.some((s) => s.size === input.size)) throw new JumeauError('BAD_ARGUMENT', `size "${input.size}" is not in ${f.id} (${f.sizes.map((s) => s.size).join(', ')})`, { subject: 'cup size' });
  const inc = angle(input.inclinationDeg, 0, 90, 'inclination');
  const av = angle(input.anteversionDeg, -45, 60, 'anteversion');
  const old = plan.implants.find((i) => i.role === 'cup');
  const centre = old?.pose.positionLps ?? findLandmark(plan, 'femoralHeadCentre', plan.side)?.pointLps;
  if (!centre) throw new JumeauError('MISSING_INPUT', `no femoral head centre on side ${plan.side} to place the cup at: place ${landmarkName('femoralHeadCentre', plan.side)} first`, { subject: landmarkName('femoralHeadCentre', plan.side) });
  return replaceRole(plan, { role: 'cup', familyId: f.id, size: input.size, pose: { positionLps: centre, axisLps: cupAxisLpsFromAngles(plan, inc, av) } });
}

/** What the head and stem form holds. */
export interface HeadStemInput {
  headFamilyId: string;
  headDiameterMm: number;
  neckLengthMm: number;
  stemFamilyId: string;
  stemSize: string;
  neckShaftAngleDeg: number;
  offsetMm: number;
  /** Stem (femoral) anteversion, degrees. */
  versionDeg: number;
  /** The stem's pose in the canal (shoulder, shaft axis, neck direction as `referenceLps`), e.g. from proposeStemSize. */
  stemPose?: ImplantPose;
}

/** Note of a stem whose pose is not planned in the canal. */
export const STEM_NOT_IN_CANAL_NOTE = 'stem position in the canal not planned (pose = head centre, scanner superior axis): size and neck geometry only';

/**
 * Sets the head (centred in the cup: the planned centre of rotation) and the stem (its size and neck
 * geometry drive the range of motion). The stem's pose: `input.stemPose` when given; else, when the
 * plan's stem was placed in the canal (a pose with `referenceLps`), the same axis and neck direction
 * with the shoulder moved along the axis so the new stem's head centre is at the cup centre's height;
 * else the head centre with the scanner's superior axis (not planned in the canal, said in the notes).
 * @throws JumeauError BAD_ARGUMENT naming `head diameter` (not in the catalogue, or not offered by the
 *   cup size), `neck length`, `stem size`, `neck-shaft angle`, `offset`, `stem version`; MISSING_INPUT
 *   without a cup
 */
export function withHeadAndStem(plan: Plan, input: HeadStemInput, catalogue: ImplantCatalogue): Plan {
  const cup = plan.implants.find((i) => i.role === 'cup');
  if (!cup) throw new JumeauError('MISSING_INPUT', 'place the cup first: the head sits in it', { subject: 'cup' });
  const hf = family(catalogue, input.headFamilyId, 'head', 'head family');
  const cf = family(catalogue, cup.familyId, 'cup', 'cup family');
  const cupSize = cf.sizes.find((s) => s.size === cup.size);
  if (!hf.diametersMm.includes(input.headDiameterMm)) throw new JumeauError('BAD_ARGUMENT', `${input.headDiameterMm} mm is not a head of ${hf.id} (${hf.diametersMm.join(', ')} mm)`, { subject: 'head diameter' });
  if (cupSize && !cupSize.headDiametersMm.includes(input.headDiameterMm)) throw new JumeauError('BAD_ARGUMENT', `cup ${cup.size} takes heads of ${cupSize.headDiametersMm.join(', ')} mm, not ${input.headDiameterMm} mm`, { subject: 'head diameter' });
  if (!hf.neckLengthsMm.includes(input.neckLengthMm)) throw new JumeauError('BAD_ARGUMENT', `${input.neckLengthMm} mm is not a neck length of ${hf.id} (${hf.neckLengthsMm.join(', ')} mm)`, { subject: 'neck length' });
  const sf = family(catalogue, input.stemFamilyId, 'stem', 'stem family');
  const ss = sf.sizes.find((s) => s.size === input.stemSize);
  if (!ss) throw new JumeauError('BAD_ARGUMENT', `size "${input.stemSize}" is not in ${sf.id} (${sf.sizes.map((s) => s.size).join(', ')})`, { subject: 'stem size' });
  if (!sf.neckShaftAnglesDeg.includes(input.neckShaftAngleDeg)) throw new JumeauError('BAD_ARGUMENT', `${input.neckShaftAngleDeg}° is not offered by ${sf.id} (${sf.neckShaftAnglesDeg.join(', ')}°)`, { subject: 'neck-shaft angle' });
  if (!ss.offsetsMm.includes(input.offsetMm)) throw new JumeauError('BAD_ARGUMENT', `${input.offsetMm} mm is not an offset of stem size ${ss.size} (${ss.offsetsMm.join(', ')} mm)`, { subject: 'offset' });
  angle(input.versionDeg, -30, 60, 'stem version');
  const cor = cup.pose.positionLps;
  const old = plan.implants.find((i) => i.role === 'stem')?.pose;
  let pose: ImplantPose = { positionLps: cor, axisLps: [0, 0, 1] };
  if (input.stemPose) pose = input.stemPose;
  else if (old?.referenceLps) {
    // Keep the stem in the canal: shoulder on the same axis, head centre height = the cup centre's.
    const ax = old.axisLps;
    const t = ax[0] * (cor[0] - old.positionLps[0]) + ax[1] * (cor[1] - old.positionLps[1]) + ax[2] * (cor[2] - old.positionLps[2]) - stemHeadCentreMm(input.offsetMm, input.neckShaftAngleDeg)[2];
    pose = { positionLps: [old.positionLps[0] + t * ax[0], old.positionLps[1] + t * ax[1], old.positionLps[2] + t * ax[2]], axisLps: ax, referenceLps: old.referenceLps };
  }
  let next = replaceRole(plan, { role: 'head', familyId: hf.id, size: String(input.headDiameterMm), options: { neckLengthMm: input.neckLengthMm }, pose: { positionLps: cor, axisLps: cup.pose.axisLps } });
  next = replaceRole(next, { role: 'stem', familyId: sf.id, size: ss.size, options: { neckShaftAngleDeg: input.neckShaftAngleDeg, offsetMm: input.offsetMm, versionDeg: input.versionDeg }, pose });
  const notes = (next.notes ?? []).filter((n) => n !== STEM_NOT_IN_CANAL_NOTE);
  return { ...next, notes: pose.referenceLps ? notes : [...notes, STEM_NOT_IN_CANAL_NOTE] };
}

/**
 * Changes the operated side: the cup moves to that side's head centre with the same angles (mirrored
 * for the side); head and stem follow the cup.
 */
export function withSide(plan: Plan, side: Side): Plan {
  if (side === plan.side) return plan;
  const angles = cupAnglesOf(plan);
  let next: Plan = { ...unsealed(plan), side };
  const cup = plan.implants.find((i) => i.role === 'cup');
  const head = findLandmark(plan, 'femoralHeadCentre', side)?.pointLps;
  if (cup && angles) {
    const positionLps = head ?? cup.pose.positionLps;
    const axisLps = cupAxisLpsFromAngles(next, angles.inclinationDeg, angles.anteversionDeg, side);
    next = { ...next, implants: next.implants.map((i) => (i.role === 'cup' ? { ...i, pose: { positionLps, axisLps } } : i.role === 'head' || i.role === 'stem' ? { ...i, pose: { ...i.pose, positionLps } } : i)) };
  }
  return next;
}
