/**
 * The knee plan of one leg as the workstation and `jumeau build` compute it from landmarks and cut
 * parameters (brief §4.1–4.3): the femoral axis (mechanical K_f → H when the head centre is known,
 * else the anatomical axis turned by a valgus angle ⚠), the tibial axis (mechanical A → K_t, else the
 * shaft axis), the distal femoral and proximal tibial cut planes (kneeResection.ts conventions), the
 * posterior condylar angle (femoralRotation.ts), the inter-epicondylar width, HKA, the resected gaps,
 * and — on the labels — the bone each cut removes. Every metric is a value or missing with its reason,
 * never 0. Pure: {@link kneeCutPlanes} is light (main thread); {@link kneeCutVolumes} scans the
 * labels (a worker's job in the app).
 */
import { describeError, JumeauError } from '../core/errors';
import type { PointLps, Vec3 } from '../core/vec3';
import { add, dot, norm, scale, sub } from '../core/vec3';
import type { Geometry } from '../segmentation/labelmap';
import { maskOfLabel } from '../segmentation/labelmap';
import { femoralRotationAxes, type FemoralRotationAxes } from './femoralRotation';
import { limbDirections, unitOrThrow } from './geometry';
import { hipKneeAnkle, type HipKneeAnkle } from './kneeAlignment';
import { distalFemoralResection, proximalTibialResection, type Resection, type ResectionPlane, type ResectionReference } from './kneeResection';
import type { LateralLandmark } from './plan';
import type { Metric } from './planMetrics';
import { splitMaskByPlane } from './tibialResection';
import type { Side } from './validate';
import { checkRange, degToRad } from './validate';

/** Cut parameters the surgeon sets (mm, degrees). */
export interface KneeCutParams {
  /** Proximal tibia: depth below the higher plateau (brief §4.2: 8–10 mm ⚠), varus/valgus (+ varus), posterior slope (0–7° ⚠ per implant). */
  tibia: { depthMm: number; varusValgusDeg: number; posteriorSlopeDeg: number };
  /**
   * Distal femur: depth above the more distal condyle (≈ 8–9 mm ⚠), varus/valgus (+ varus), and the
   * valgus angle between the anatomical and the mechanical axis, used only without a head centre.
   */
  femur: { depthMm: number; varusValgusDeg: number; valgusAngleDeg: number };
}

/**
 * Defaults: 9 mm cuts, no tilt, no slope; valgus angle 6° — ⚠ UNVERIFIED engineering default: the
 * brief gives no anatomical–mechanical angle (the customary intramedullary-guide setting is 5–7°).
 */
export const DEFAULT_KNEE_CUTS: KneeCutParams = {
  tibia: { depthMm: 9, varusValgusDeg: 0, posteriorSlopeDeg: 0 },
  femur: { depthMm: 9, varusValgusDeg: 0, valgusAngleDeg: 6 },
};

/** The inputs of the planes: the landmarks by plan base name and the tibial shaft direction (no ankle). */
export interface KneePlanInputs {
  side: Side;
  points: Partial<Record<LateralLandmark, PointLps>>;
  /** Tibial shaft axis toward proximal (stands in for the TMA without an ankle centre), or null. */
  tibialShaftUnitLps: Vec3 | null;
}

/** A cut plane with its landmark heights, and the axis it is perpendicular to (before tilts). */
export type KneeCut = Resection & { axisKind: 'mechanical' | 'anatomical' | 'shaft'; axisNote: string };

/** Metrics of {@link kneeCutPlanes}. */
export interface KneeCutMetrics {
  distalFemur: Metric<KneeCut>;
  proximalTibia: Metric<KneeCut>;
  /** Posterior condylar angle: TEA external rotation from the PCA in the plane ⟂ the femoral axis used. */
  posteriorCondylarAngle: Metric<FemoralRotationAxes & { axisKind: 'mechanical' | 'anatomical' }>;
  interEpicondylarWidthMm: Metric<number>;
  hka: Metric<HipKneeAnkle>;
  /** Extension gap between the two cuts through each distal condyle point, along the tibial axis (joint space as scanned, unstressed). */
  extensionGapMm: Metric<{ medial: number; lateral: number; imbalanceMm: number }>;
}

const missing = (reason: string): { available: false; reason: string } => ({ available: false, reason });
function attempt<T>(f: () => T | { available: false; reason: string }): Metric<T> {
  try {
    const v = f();
    if (v && typeof v === 'object' && (v as { available?: unknown }).available === false) return v as { available: false; reason: string };
    return { available: true, value: v as T };
  } catch (e) {
    return missing(describeError(e));
  }
}

/** Checks the typed parameters; the error names the field (`tibia.depthMm`, `femur.valgusAngleDeg`). */
export function checkKneeCutParams(p: KneeCutParams): KneeCutParams {
  checkRange(p.tibia.depthMm, 0, 30, 'tibia.depthMm');
  checkRange(p.tibia.varusValgusDeg, -10, 10, 'tibia.varusValgusDeg');
  checkRange(p.tibia.posteriorSlopeDeg, -5, 15, 'tibia.posteriorSlopeDeg');
  checkRange(p.femur.depthMm, 0, 30, 'femur.depthMm');
  checkRange(p.femur.varusValgusDeg, -10, 10, 'femur.varusValgusDeg');
  checkRange(p.femur.valgusAngleDeg, 0, 12, 'femur.valgusAngleDeg');
  return p;
}

const suffix = (side: Side) => (side === 'L' ? 'Left' : 'Right');

/** The femoral axis toward proximal: mechanical, else anatomical turned medially by the valgus angle. */
export function femoralAxisOf(inp: KneePlanInputs, valgusAngleDeg: number): { unitLps: Vec3; kind: 'mechanical' | 'anatomical'; note: string; kneeLps: PointLps } | { reason: string } {
  const p = inp.points, s = suffix(inp.side);
  const knee = p.femoralKneeCentre ?? (p.distalCondyleMedial && p.distalCondyleLateral ? scale(add(p.distalCondyleMedial, p.distalCondyleLateral), 0.5) : null);
  if (!knee) return { reason: `landmark femoralKneeCentre${s} missing (and no two distal condyle points)` };
  if (p.femoralHeadCentre) return { unitLps: unitOrThrow(sub(p.femoralHeadCentre, knee), `femoralHeadCentre${s}`), kind: 'mechanical', note: 'mechanical axis K_f → H', kneeLps: knee };
  if (!p.femoralShaftAxisProximal || !p.femoralShaftAxisDistal) {
    return { reason: `no femoral axis: landmark femoralHeadCentre${s} missing (mechanical) and femoralShaftAxisProximal/Distal${s} missing (anatomical)` };
  }
  const a = unitOrThrow(sub(p.femoralShaftAxisProximal, p.femoralShaftAxisDistal), `femoralShaftAxisProximal${s}`);
  const medial = limbDirections(a, inp.side, `femoralShaftAxisProximal${s}`).medial;
  const t = degToRad(valgusAngleDeg);
  // The hip centre lies medial of the shaft's proximal end: the FMA is the shaft axis turned medially.
  const unitLps = unitOrThrow(add(scale(a, Math.cos(t)), scale(medial, Math.sin(t))), 'femur.valgusAngleDeg');
  return { unitLps, kind: 'anatomical', note: `anatomical (shaft) axis turned ${valgusAngleDeg}° medially ⚠ (no head centre: estimated mechanical axis)`, kneeLps: knee };
}

/** Note of a tibial axis taken from the shaft (`axisNote`, and the plan metrics' `tibialAxis.note`). */
export const TIBIAL_SHAFT_AXIS_NOTE = 'tibial shaft axis (no ankle centre in view)';

/**
 * The tibial axis toward proximal: mechanical A → K_t; else the shaft axis — K_t minus the
 * `tibialShaftAxisDistal` landmark when placed (what a plan file holds, so `jumeau plan` computes the
 * same cut), else `tibialShaftUnitLps`.
 */
export function tibialAxisOf(inp: KneePlanInputs): { unitLps: Vec3; kind: 'mechanical' | 'shaft'; note: string } | { reason: string } {
  const p = inp.points, s = suffix(inp.side);
  if (!p.tibialKneeCentre) return { reason: `landmark tibialKneeCentre${s} missing` };
  if (p.ankleCentre) return { unitLps: unitOrThrow(sub(p.tibialKneeCentre, p.ankleCentre), `ankleCentre${s}`), kind: 'mechanical', note: 'mechanical axis A → K_t' };
  if (p.tibialShaftAxisDistal) return { unitLps: unitOrThrow(sub(p.tibialKneeCentre, p.tibialShaftAxisDistal), `tibialShaftAxisDistal${s}`), kind: 'shaft', note: TIBIAL_SHAFT_AXIS_NOTE };
  if (inp.tibialShaftUnitLps) return { unitLps: unitOrThrow(inp.tibialShaftUnitLps, 'tibialShaftUnitLps'), kind: 'shaft', note: TIBIAL_SHAFT_AXIS_NOTE };
  return { reason: `landmark ankleCentre${s} missing and no tibial shaft axis (landmark tibialShaftAxisDistal${s})` };
}

/**
 * The proximal tibial cut ⟂ the tibial axis `axisUnitLps` (toward proximal, from {@link tibialAxisOf})
 * through the tibial knee centre: `proximalTibialResection` with the ankle stand-in 100 mm down the axis.
 * The workstation and `jumeau plan` (planTibialShaft.ts) both cut with it.
 */
export function tibialCutAlong(side: Side, p: { tibialKneeCentre: PointLps; plateauMedial: PointLps; plateauLateral: PointLps }, axisUnitLps: Vec3, cut: { depthMm?: number; varusValgusDeg?: number; posteriorSlopeDeg?: number; reference?: ResectionReference }): Resection {
  const k = p.tibialKneeCentre;
  return proximalTibialResection({ side, ankleCenterLps: sub(k, scale(axisUnitLps, 100)), tibialKneeCenterLps: k, plateauMedialLps: p.plateauMedial, plateauLateralLps: p.plateauLateral, depthMm: cut.depthMm, reference: cut.reference, varusValgusDeg: cut.varusValgusDeg, posteriorSlopeDeg: cut.posteriorSlopeDeg });
}

/**
 * The cut planes and every light metric of a knee plan (no label scan).
 * @throws JumeauError BAD_ARGUMENT naming the parameter (`tibia.depthMm` …) when one is out of range
 */
export function kneeCutPlanes(inp: KneePlanInputs, params: KneeCutParams): KneeCutMetrics {
  checkKneeCutParams(params);
  const p = inp.points, side = inp.side, s = suffix(side);
  const need = (...names: LateralLandmark[]) => {
    const absent = names.filter((n) => !p[n]).map((n) => `${n}${s}`);
    return absent.length ? missing(`landmark${absent.length > 1 ? 's' : ''} ${absent.join(', ')} missing`) : null;
  };
  const fAxis = femoralAxisOf(inp, params.femur.valgusAngleDeg);
  const tAxis = tibialAxisOf(inp);
  const distalFemur = attempt<KneeCut>(() => {
    const m = need('distalCondyleMedial', 'distalCondyleLateral');
    if (m) return m;
    if ('reason' in fAxis) return missing(fAxis.reason);
    const r = distalFemoralResection({ side, hipCenterLps: add(fAxis.kneeLps, scale(fAxis.unitLps, 100)), femoralKneeCenterLps: fAxis.kneeLps, distalCondyleMedialLps: p.distalCondyleMedial!, distalCondyleLateralLps: p.distalCondyleLateral!, depthMm: params.femur.depthMm, varusValgusDeg: params.femur.varusValgusDeg });
    return { ...r, axisKind: fAxis.kind, axisNote: fAxis.note };
  });
  const proximalTibia = attempt<KneeCut>(() => {
    const m = need('plateauMedial', 'plateauLateral');
    if (m) return m;
    if ('reason' in tAxis) return missing(tAxis.reason);
    const r = tibialCutAlong(side, { tibialKneeCentre: p.tibialKneeCentre!, plateauMedial: p.plateauMedial!, plateauLateral: p.plateauLateral! }, tAxis.unitLps, params.tibia);
    return { ...r, axisKind: tAxis.kind, axisNote: tAxis.note };
  });
  const posteriorCondylarAngle = attempt(() => {
    const m = need('posteriorCondyleMedial', 'posteriorCondyleLateral', 'epicondyleMedial', 'epicondyleLateral');
    if (m) return m;
    if ('reason' in fAxis) return missing(fAxis.reason);
    const r = femoralRotationAxes({ side, hipCenterLps: add(fAxis.kneeLps, scale(fAxis.unitLps, 100)), femoralKneeCenterLps: fAxis.kneeLps, posteriorCondyleMedialLps: p.posteriorCondyleMedial!, posteriorCondyleLateralLps: p.posteriorCondyleLateral!, epicondyleMedialLps: p.epicondyleMedial!, epicondyleLateralLps: p.epicondyleLateral! });
    return { ...r, axisKind: fAxis.kind };
  });
  const interEpicondylarWidthMm = attempt<number>(() => need('epicondyleMedial', 'epicondyleLateral') ?? norm(sub(p.epicondyleLateral!, p.epicondyleMedial!)));
  const hka = attempt<HipKneeAnkle>(() => need('femoralHeadCentre', 'femoralKneeCentre', 'ankleCentre') ?? hipKneeAnkle({ side, hipCenterLps: p.femoralHeadCentre!, kneeCenterLps: p.femoralKneeCentre!, ankleCenterLps: p.ankleCentre! }));
  const extensionGapMm = attempt(() => {
    if (!distalFemur.available) return missing(`needs the distal femoral cut (${distalFemur.reason})`);
    if (!proximalTibia.available || 'reason' in tAxis) return missing(`needs the proximal tibial cut (${proximalTibia.available ? '' : proximalTibia.reason})`);
    const gapAt = (q: PointLps) => along(q, tAxis.unitLps, distalFemur.value.plane) - along(q, tAxis.unitLps, proximalTibia.value.plane);
    const medial = gapAt(p.distalCondyleMedial!), lateral = gapAt(p.distalCondyleLateral!);
    return { medial, lateral, imbalanceMm: medial - lateral };
  });
  return { distalFemur, proximalTibia, posteriorCondylarAngle, interEpicondylarWidthMm, hka, extensionGapMm };
}

/** Signed distance from `q` along `dir` to `plane`. */
function along(q: PointLps, dir: Vec3, plane: ResectionPlane): number {
  const d = dot(plane.normalLps, dir);
  if (!(Math.abs(d) > 1e-6)) throw new JumeauError('BAD_ARGUMENT', 'the cut plane is parallel to the tibial axis', { subject: 'plane' });
  return dot(plane.normalLps, sub(plane.pointLps, q)) / d;
}

/** Bone a cut removes and keeps, mL, and the cut area, mm². */
export interface KneeCutVolume { resectedMl: number; remnantMl: number; totalMl: number; cutAreaMm2: number }

/**
 * The bone each cut removes, on the labels: distal of the femoral plane in `femurLabel`, proximal of
 * the tibial plane in `tibiaLabel` (voxel boxes cut exactly, `splitMaskByPlane`).
 */
export function kneeCutVolumes(labels: Geometry & { data: ArrayLike<number> }, request: { femurLabel: number | null; tibiaLabel: number | null; femurPlane: ResectionPlane | null; tibiaPlane: ResectionPlane | null }): { femur: Metric<KneeCutVolume>; tibia: Metric<KneeCutVolume> } {
  const one = (label: number | null, plane: ResectionPlane | null, bone: 'femur' | 'tibia'): Metric<KneeCutVolume> => attempt(() => {
    if (label === null) return missing(`no ${bone} segment`);
    if (!plane) return missing(`no ${bone === 'femur' ? 'distal femoral' : 'proximal tibial'} cut`);
    const sp = splitMaskByPlane(maskOfLabel(labels, label), plane);
    const resectedMl = bone === 'femur' ? sp.belowMl : sp.aboveMl;
    if (!(resectedMl > 0) || !(sp.totalMl - resectedMl > 0)) {
      throw new JumeauError('SURFACE_MISSES_ORGAN', `the cut plane leaves all the ${bone} on one side (${resectedMl.toFixed(2)} of ${sp.totalMl.toFixed(2)} mL resected)`, { subject: bone });
    }
    return { resectedMl, remnantMl: sp.totalMl - resectedMl, totalMl: sp.totalMl, cutAreaMm2: sp.cutAreaMm2 };
  });
  return { femur: one(request.femurLabel, request.femurPlane, 'femur'), tibia: one(request.tibiaLabel, request.tibiaPlane, 'tibia') };
}
