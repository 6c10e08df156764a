/**
 * Recomputes every metric of a plan with the planning functions (the same code in the app and in
 * `jumeau plan`). A metric that cannot be computed is `{ available: false, reason }`, never 0.
 */
import { describeError } from '../core/errors';
import type { PointLps, Vec3 } from '../core/vec3';
import { cupAnglesFromAxisLai, cupAxisLaiFromFrame, type CupAngleDefinition, type CupAngles } from './cupAngles';
import { findFamily, type ImplantCatalogue, type ImplantKind } from './implants';
import { prostheticImpingementRom, type ProstheticRom } from './impingement';
import { hipKneeAnkle, type HipKneeAnkle } from './kneeAlignment';
import { distalFemoralResection, proximalTibialResection, type Resection } from './kneeResection';
import { femoralRotationAxes, type FemoralRotationAxes } from './femoralRotation';
import { gapBalance, type GapBalance } from './gapBalance';
import { legLengthAndOffsetChange, type LegLengthOffsetChange } from './legLength';
import { anteriorPelvicPlaneFrame, directionLpsToPelvic } from './pelvicFrame';
import { findLandmark, type LateralLandmark, type Plan, type PlanImplant } from './plan';
import { checkRomTargets, DEFAULT_ROM_TARGETS, type RomTargetCheck, type RomTargets } from './romTargets';
import { checkCupSafeZone, LEWINNEK_SAFE_ZONE, type CupSafeZone, type SafeZoneCheck } from './safeZone';
import { unitOrThrow } from './geometry';
import { neckShaftAngleDeg } from './proposeNeckAxis';
import { nativeAcetabularAngles, openingAxisFromRimPoints } from './proposeAcetabularRim';
import { DEFAULT_KNEE_CUTS, femoralAxisOf } from './kneePlanModel';
import { shaftTibialResection, type EstimatedTibialAxis } from './planTibialShaft';
import type { Side } from './validate';

/** A computed value, or the reason it is missing. */
export type Metric<T> = { available: true; value: T } | { available: false; reason: string };

/** Cup angles in the three Murray definitions, with the frame they are relative to. */
export interface CupAnglesMetric {
  /** 'APP' when both ASIS and both pubic tubercles are in the plan; else 'scanner' (pelvic tilt not corrected). */
  frame: 'APP' | 'scanner';
  /** Unit cup axis in that frame (LPS-aligned axes). */
  cupAxisFrame: Vec3;
  /** Supine pelvic tilt of the APP, degrees (null in the scanner frame). */
  pelvicTiltDeg: number | null;
  angles: Record<CupAngleDefinition, CupAngles>;
}

/** Hip metrics. */
export interface HipPlanMetrics {
  cupAngles: Metric<CupAnglesMetric>;
  safeZone: Metric<SafeZoneCheck>;
  legLengthOffset: Metric<LegLengthOffsetChange>;
  prostheticRom: Metric<ProstheticRom & { targets: RomTargetCheck[] }>;
  /** Only with a `femoralNeckAxisCentre…` landmark: the neck axis and the neck–shaft angle. */
  neckAxis?: Metric<NeckAxisMetric>;
  /** Only with a `femoralNeck` resection: the cut's level. */
  neckResection?: Metric<NeckResectionMetric>;
  /** Only for the sides with an `acetabularRim…` landmark: the native acetabular opening in the APP. */
  nativeAcetabulum?: Partial<Record<Side, Metric<NativeAcetabulumMetric>>>;
}

/** Native acetabular opening: centre, axis (plane of the three rim points, facing laterally) and its angles in the APP frame. */
export interface NativeAcetabulumMetric {
  centreLps: PointLps;
  openingAxisLps: Vec3;
  /** Supine pelvic tilt of the APP, degrees. */
  pelvicTiltDeg: number;
  angles: Record<CupAngleDefinition, CupAngles>;
}

/** The neck axis (head centre → narrowest section centre) and the 3-D neck–shaft angle. */
export interface NeckAxisMetric {
  unitLps: Vec3;
  neckShaftAngleDeg: number;
  /** 'landmarks': femoralShaftAxisProximal/Distal; 'stem': the planned stem's axis (the canal axis when sized). */
  shaftAxisFrom: 'landmarks' | 'stem';
}

/** The neck cut's level: above the lesser trochanter tip (parallel to the shaft axis) when placed, and the head centre above the cut. */
export interface NeckResectionMetric {
  headCentreAboveCutMm: number;
  heightAboveLesserTrochanterMm: number | null;
  /** Why the height above the lesser trochanter is null. */
  lesserTrochanterMissingReason: string | null;
}

/**
 * The femoral axis a knee metric used when the plan has no femoral head centre: the mechanical axis
 * estimated as the anatomical (shaft) axis turned medially by the valgus angle. Absent from a metric
 * computed with a head centre (the mechanical axis K_f → H).
 */
export interface EstimatedFemoralAxis {
  kind: 'anatomical';
  /** Anatomical–mechanical angle used, degrees. */
  valgusAngleDeg: number;
  /** 'default': the plan gives no angle, or the ⚠ default 6° itself; 'plan': another angle set in the plan. Either way ⚠ to confirm. */
  valgusSource: 'default' | 'plan';
  /** How the axis was obtained, starting "anatomical axis + 6° valgus (⚠ default)". */
  method: string;
}

/** Knee metrics. */
export interface KneePlanMetrics {
  hka: Metric<HipKneeAnkle>;
  distalFemoralResection: Metric<Resection & { femoralAxis?: EstimatedFemoralAxis }>;
  /** Without `ankleCentre…` but with `tibialShaftAxisDistal…`: cut ⟂ K_t → that point, with `tibialAxis` (planTibialShaft.ts). */
  proximalTibialResection: Metric<Resection & { tibialAxis?: EstimatedTibialAxis }>;
  femoralRotation: Metric<FemoralRotationAxes & { femoralAxis?: EstimatedFemoralAxis }>;
  gaps: Metric<GapBalance>;
  /** Only when the plan has a femoral or tibial component: their catalogue dimensions (sized by kneeComponentSizing.ts). */
  components?: Metric<KneeComponentsMetric>;
}

/** The planned knee components' catalogue dimensions, mm (null: that component is not in the plan). */
export interface KneeComponentsMetric {
  femoral: { familyId: string; size: string; mlWidthMm: number; apDepthMm: number; distalThicknessMm: number; posteriorThicknessMm: number } | null;
  tibial: { familyId: string; size: string; mlWidthMm: number; apDepthMm: number; baseplateThicknessMm: number; insertThicknessMm: number | null } | null;
}

/** Everything {@link computePlanMetrics} returns (JSON-serialisable). */
export interface PlanMetrics {
  anatomy: 'hip' | 'knee';
  side: Side;
  hip?: HipPlanMetrics;
  knee?: KneePlanMetrics;
  /** Plan-level warnings (e.g. the cup nearer the other hip). */
  warnings: string[];
}

/** Options of {@link computePlanMetrics}. */
export interface PlanMetricOptions {
  /** Needed for dimensions not in the plan (neck diameter, component thicknesses). */
  catalogue?: ImplantCatalogue;
  safeZone?: CupSafeZone;
  romTargets?: RomTargets;
}

const missing = (reason: string): { available: false; reason: string } => ({ available: false, reason });

/** Runs `f`, turning a thrown error into a missing metric with its message. */
function attempt<T>(f: () => T | { available: false; reason: string }): Metric<T> {
  try {
    const v = f();
    if (v && typeof v === 'object' && 'available' in v && v.available === false) return v;
    return { available: true, value: JSON.parse(JSON.stringify(v)) as T };
  } catch (e) {
    return missing(describeError(e));
  }
}

/** The landmarks of `side` named in `bases`, or a missing metric naming those absent. */
function needLandmarks<K extends LateralLandmark>(plan: Plan, side: Side, bases: readonly K[]): Record<K, PointLps> | { available: false; reason: string } {
  const out = {} as Record<K, PointLps>;
  const absent: string[] = [];
  for (const b of bases) {
    const l = findLandmark(plan, b, side);
    if (l) out[b] = l.pointLps;
    else absent.push(`${b}${side === 'L' ? 'Left' : 'Right'}`);
  }
  return absent.length ? missing(`landmark${absent.length > 1 ? 's' : ''} ${absent.join(', ')} missing`) : out;
}

const isMissing = (v: unknown): v is { available: false; reason: string } => typeof v === 'object' && v !== null && (v as { available?: unknown }).available === false;

const implantOf = (plan: Plan, role: ImplantKind): PlanImplant | undefined => plan.implants.find((i) => i.role === role);

function pelvicAxes(plan: Plan): { frame: 'APP' | 'scanner'; x: Vec3; y: Vec3; z: Vec3; tilt: number | null } {
  const get = (b: LateralLandmark, s: Side) => findLandmark(plan, b, s)?.pointLps;
  const [la, ra, lp, rp] = [get('asis', 'L'), get('asis', 'R'), get('pubicTubercle', 'L'), get('pubicTubercle', 'R')];
  if (!la || !ra || !lp || !rp) return { frame: 'scanner', x: [1, 0, 0], y: [0, 1, 0], z: [0, 0, 1], tilt: null };
  const f = anteriorPelvicPlaneFrame({ leftAsisLps: la, rightAsisLps: ra, leftPubicTubercleLps: lp, rightPubicTubercleLps: rp });
  return { frame: 'APP', x: f.xLps, y: f.yLps, z: f.zLps, tilt: f.pelvicTiltDeg };
}

function hipMetrics(plan: Plan, o: PlanMetricOptions, warnings: string[]): HipPlanMetrics {
  const side = plan.side;
  const cup = implantOf(plan, 'cup');
  const head = implantOf(plan, 'head');
  const stem = implantOf(plan, 'stem');
  const cupAngles = attempt<CupAnglesMetric>(() => {
    if (!cup) return missing('no cup in the plan');
    const p = pelvicAxes(plan);
    const axis = unitOrThrow(cup.pose.axisLps, 'cup axisLps');
    const f: Vec3 = directionLpsToPelvic(axis, { originLps: [0, 0, 0], xLps: p.x, yLps: p.y, zLps: p.z, anteriorNormalLps: [0, 0, 0], pelvicTiltDeg: 0 });
    const lai = cupAxisLaiFromFrame(f, side);
    const angles = { radiographic: cupAnglesFromAxisLai(lai, 'radiographic'), operative: cupAnglesFromAxisLai(lai, 'operative'), anatomic: cupAnglesFromAxisLai(lai, 'anatomic') };
    return { frame: p.frame, cupAxisFrame: f, pelvicTiltDeg: p.tilt, angles };
  });
  const safeZone = attempt<SafeZoneCheck>(() =>
    cupAngles.available ? checkCupSafeZone(cupAngles.value.angles.radiographic, o.safeZone ?? LEWINNEK_SAFE_ZONE) : missing(`needs the cup angles (${cupAngles.reason})`));
  const legLengthOffset = attempt<LegLengthOffsetChange>(() => {
    const l = needLandmarks(plan, side, ['femoralHeadCentre', 'femoralShaftAxisProximal', 'femoralShaftAxisDistal']);
    if (isMissing(l)) return l;
    if (!cup || !head) return missing(`needs the planned ${!cup ? 'cup' : 'head'} centre (no ${!cup ? 'cup' : 'head'} in the plan)`);
    const p = pelvicAxes(plan);
    const s: Vec3 = [0, 1, 2].map((a) => l.femoralShaftAxisProximal[a] - l.femoralShaftAxisDistal[a]) as Vec3;
    return legLengthAndOffsetChange({
      side, pelvicFrame: { xLps: p.x, zLps: p.z }, nativeCorLps: l.femoralHeadCentre, plannedCorLps: cup.pose.positionLps,
      nativeHeadCenterFemurMm: l.femoralHeadCentre, plannedHeadCenterFemurMm: head.pose.positionLps,
      shaftAxis: { pointMm: l.femoralShaftAxisDistal, directionProximal: s },
    });
  });
  const prostheticRom = attempt<ProstheticRom & { targets: RomTargetCheck[] }>(() => {
    if (!cupAngles.available) return missing(`needs the cup angles (${cupAngles.reason})`);
    if (!head) return missing('needs the head diameter (no head in the plan)');
    if (!stem) return missing('needs the stem neck (no stem in the plan)');
    const fam = o.catalogue ? findFamily(o.catalogue, stem.familyId) : undefined;
    if (!fam || fam.kind !== 'stem') return missing(o.catalogue ? `stem family "${stem.familyId}" is not in catalogue ${o.catalogue.id}` : 'needs the neck diameter from the implant catalogue (none given)');
    const ccd = stem.options?.neckShaftAngleDeg, version = stem.options?.versionDeg;
    if (ccd === undefined || version === undefined) return missing(`stem options ${ccd === undefined ? 'neckShaftAngleDeg' : 'versionDeg'} missing`);
    const rom = prostheticImpingementRom({ side, cup: cupAngles.value.angles.radiographic, stemAnteversionDeg: version, ccdDeg: ccd, headRadiusMm: Number(head.size) / 2, neckRadiusMm: fam.neckDiameterMm / 2 });
    return { ...rom, targets: checkRomTargets(rom.limits, o.romTargets ?? DEFAULT_ROM_TARGETS) };
  });
  // Laterality: the cup should sit nearer the operated side's native head centre than the other one.
  const other: Side = side === 'L' ? 'R' : 'L';
  const own = findLandmark(plan, 'femoralHeadCentre', side)?.pointLps, far = findLandmark(plan, 'femoralHeadCentre', other)?.pointLps;
  if (cup && own && far) {
    const d = (p: Vec3) => Math.hypot(p[0] - cup.pose.positionLps[0], p[1] - cup.pose.positionLps[1], p[2] - cup.pose.positionLps[2]);
    if (d(far) < d(own)) warnings.push(`the cup (side ${side}) is nearer the ${other === 'L' ? 'left' : 'right'} femoral head: side mismatch?`);
  }
  const out: HipPlanMetrics = { cupAngles, safeZone, legLengthOffset, prostheticRom };
  const shaftUnit = (): { unit: Vec3; from: 'landmarks' | 'stem' } | null => {
    const p = findLandmark(plan, 'femoralShaftAxisProximal', side)?.pointLps, d = findLandmark(plan, 'femoralShaftAxisDistal', side)?.pointLps;
    if (p && d) return { unit: unitOrThrow([p[0] - d[0], p[1] - d[1], p[2] - d[2]], 'femoral shaft axis'), from: 'landmarks' };
    return stem ? { unit: unitOrThrow(stem.pose.axisLps, 'stem axisLps'), from: 'stem' } : null;
  };
  if (findLandmark(plan, 'femoralNeckAxisCentre', side)) {
    out.neckAxis = attempt<NeckAxisMetric>(() => {
      const l = needLandmarks(plan, side, ['femoralHeadCentre', 'femoralNeckAxisCentre']);
      if (isMissing(l)) return l;
      const sh = shaftUnit();
      if (!sh) return missing('needs the shaft axis (landmarks femoralShaftAxisProximal/Distal or a stem)');
      const u = unitOrThrow([0, 1, 2].map((k) => l.femoralNeckAxisCentre[k] - l.femoralHeadCentre[k]) as Vec3, 'neck axis');
      return { unitLps: u, neckShaftAngleDeg: neckShaftAngleDeg(u, sh.unit), shaftAxisFrom: sh.from };
    });
  }
  const neckCut = plan.resections.find((r) => r.name === 'femoralNeck');
  if (neckCut?.planeLps) {
    const pl = neckCut.planeLps;
    out.neckResection = attempt<NeckResectionMetric>(() => {
      const l = needLandmarks(plan, side, ['femoralHeadCentre']);
      if (isMissing(l)) return l;
      const n = unitOrThrow(pl.normalLps, 'femoralNeck planeLps.normalLps');
      const above = (q: PointLps) => -((q[0] - pl.pointLps[0]) * n[0] + (q[1] - pl.pointLps[1]) * n[1] + (q[2] - pl.pointLps[2]) * n[2]);
      const lt = findLandmark(plan, 'lesserTrochanter', side)?.pointLps, sh = shaftUnit();
      const sn = sh ? -(sh.unit[0] * n[0] + sh.unit[1] * n[1] + sh.unit[2] * n[2]) : 0;
      const why = !lt ? `landmark lesserTrochanter${side === 'L' ? 'Left' : 'Right'} missing` : !sh ? 'needs the shaft axis (landmarks femoralShaftAxisProximal/Distal or a stem)' : !(sn > 1e-6) ? 'the shaft axis is parallel to the cut' : null;
      return { headCentreAboveCutMm: above(l.femoralHeadCentre), heightAboveLesserTrochanterMm: why ? null : -above(lt!) / sn, lesserTrochanterMissingReason: why };
    });
  }
  const rimSides = (['L', 'R'] as const).filter((s) => plan.landmarks.some((l) => l.name.startsWith('acetabularRim') && l.name.endsWith(s === 'L' ? 'Left' : 'Right')));
  if (rimSides.length) out.nativeAcetabulum = Object.fromEntries(rimSides.map((s) => [s, nativeAcetabulum(plan, s)]));
  return out;
}

/** Native opening of one side: needs the four rim landmarks and the APP (never the scanner frame: a tilt would pass for version). */
function nativeAcetabulum(plan: Plan, side: Side): Metric<NativeAcetabulumMetric> {
  return attempt<NativeAcetabulumMetric>(() => {
    const l = needLandmarks(plan, side, ['acetabularRimCentre', 'acetabularRimSuperior', 'acetabularRimAnterior', 'acetabularRimPosterior']);
    if (isMissing(l)) return l;
    const p = pelvicAxes(plan);
    if (p.frame !== 'APP') return missing('needs the anterior pelvic plane (landmarks asisLeft, asisRight, pubicTubercleLeft, pubicTubercleRight)');
    const axis = openingAxisFromRimPoints({ superiorLps: l.acetabularRimSuperior, anteriorLps: l.acetabularRimAnterior, posteriorLps: l.acetabularRimPosterior }, side, { xLps: p.x });
    return { centreLps: l.acetabularRimCentre, openingAxisLps: axis, pelvicTiltDeg: p.tilt!, angles: nativeAcetabularAngles(axis, { xLps: p.x, yLps: p.y, zLps: p.z }, side) };
  });
}

/**
 * Without a femoral head centre: the mechanical axis estimated as the shaft axis (femoralShaftAxisDistal
 * → Proximal) turned medially by the distal femoral resection's `valgusAngleDeg` (absent: the ⚠ default
 * 6°), from the femoral knee centre (else the midpoint of the distal condyles) — the workstation's
 * `femoralAxisOf`, so both compute the same plane. `hipLps` is a point 100 mm up that axis.
 */
function estimatedFemoralAxis(plan: Plan, side: Side): { hipLps: PointLps; kneeLps: PointLps; axis: EstimatedFemoralAxis } | { available: false; reason: string } {
  const given = plan.resections.find((r) => r.name === 'distalFemur')?.valgusAngleDeg;
  const def = DEFAULT_KNEE_CUTS.femur.valgusAngleDeg;
  const v = given ?? def;
  const points: Partial<Record<LateralLandmark, PointLps>> = {};
  for (const b of ['femoralKneeCentre', 'distalCondyleMedial', 'distalCondyleLateral', 'femoralShaftAxisProximal', 'femoralShaftAxisDistal'] as const) {
    const l = findLandmark(plan, b, side);
    if (l) points[b] = l.pointLps;
  }
  const a = femoralAxisOf({ side, points, tibialShaftUnitLps: null }, v);
  if ('reason' in a) return missing(a.reason);
  const source = given === undefined || given === def ? 'default' : 'plan';
  const sfx = side === 'L' ? 'Left' : 'Right';
  const method = `anatomical axis + ${v}° valgus (⚠ ${source === 'default' ? 'default' : 'set in the plan'}): no femoralHeadCentre${sfx}, so the mechanical axis is estimated as the shaft axis turned ${v}° medially — the surgeon must confirm the angle`;
  return { hipLps: [0, 1, 2].map((k) => a.kneeLps[k] + 100 * a.unitLps[k]) as PointLps, kneeLps: a.kneeLps, axis: { kind: 'anatomical', valgusAngleDeg: v, valgusSource: source, method } };
}

function kneeMetrics(plan: Plan, o: PlanMetricOptions): KneePlanMetrics {
  const side = plan.side;
  const resection = (name: 'distalFemur' | 'proximalTibia') => plan.resections.find((r) => r.name === name);
  const hka = attempt<HipKneeAnkle>(() => {
    const l = needLandmarks(plan, side, ['femoralHeadCentre', 'femoralKneeCentre', 'ankleCentre']);
    return isMissing(l) ? l : hipKneeAnkle({ side, hipCenterLps: l.femoralHeadCentre, kneeCenterLps: l.femoralKneeCentre, ankleCenterLps: l.ankleCentre });
  });
  const distalFemoralResectionM = attempt<Resection & { femoralAxis?: EstimatedFemoralAxis }>(() => {
    const r = resection('distalFemur');
    if (!r) return missing('no distalFemur resection in the plan');
    const cut = { depthMm: r.depthMm, reference: r.reference, varusValgusDeg: r.varusValgusDeg };
    if (!findLandmark(plan, 'femoralHeadCentre', side)) {
      const l = needLandmarks(plan, side, ['distalCondyleMedial', 'distalCondyleLateral']);
      if (isMissing(l)) return l;
      const e = estimatedFemoralAxis(plan, side);
      if (isMissing(e)) return e;
      return { ...distalFemoralResection({ side, hipCenterLps: e.hipLps, femoralKneeCenterLps: e.kneeLps, distalCondyleMedialLps: l.distalCondyleMedial, distalCondyleLateralLps: l.distalCondyleLateral, ...cut }), femoralAxis: e.axis };
    }
    const l = needLandmarks(plan, side, ['femoralHeadCentre', 'femoralKneeCentre', 'distalCondyleMedial', 'distalCondyleLateral']);
    if (isMissing(l)) return l;
    return distalFemoralResection({ side, hipCenterLps: l.femoralHeadCentre, femoralKneeCenterLps: l.femoralKneeCentre, distalCondyleMedialLps: l.distalCondyleMedial, distalCondyleLateralLps: l.distalCondyleLateral, ...cut });
  });
  const proximalTibialResectionM = attempt<Resection & { tibialAxis?: EstimatedTibialAxis }>(() => {
    const r = resection('proximalTibia');
    if (!r) return missing('no proximalTibia resection in the plan');
    if (!findLandmark(plan, 'ankleCentre', side) && findLandmark(plan, 'tibialShaftAxisDistal', side)) return shaftTibialResection(plan, side, r);
    const l = needLandmarks(plan, side, ['ankleCentre', 'tibialKneeCentre', 'plateauMedial', 'plateauLateral']);
    if (isMissing(l)) return l;
    return proximalTibialResection({ side, ankleCenterLps: l.ankleCentre, tibialKneeCenterLps: l.tibialKneeCentre, plateauMedialLps: l.plateauMedial, plateauLateralLps: l.plateauLateral, depthMm: r.depthMm, reference: r.reference, posteriorSlopeDeg: r.posteriorSlopeDeg, varusValgusDeg: r.varusValgusDeg });
  });
  const femoralRotation = attempt<FemoralRotationAxes & { femoralAxis?: EstimatedFemoralAxis }>(() => {
    const pts = ['posteriorCondyleMedial', 'posteriorCondyleLateral', 'epicondyleMedial', 'epicondyleLateral'] as const;
    if (!findLandmark(plan, 'femoralHeadCentre', side)) {
      const l = needLandmarks(plan, side, pts);
      if (isMissing(l)) return l;
      const e = estimatedFemoralAxis(plan, side);
      if (isMissing(e)) return e;
      return { ...femoralRotationAxes({ side, hipCenterLps: e.hipLps, femoralKneeCenterLps: e.kneeLps, posteriorCondyleMedialLps: l.posteriorCondyleMedial, posteriorCondyleLateralLps: l.posteriorCondyleLateral, epicondyleMedialLps: l.epicondyleMedial, epicondyleLateralLps: l.epicondyleLateral }), femoralAxis: e.axis };
    }
    const l = needLandmarks(plan, side, ['femoralHeadCentre', 'femoralKneeCentre', ...pts]);
    return isMissing(l) ? l : femoralRotationAxes({ side, hipCenterLps: l.femoralHeadCentre, femoralKneeCenterLps: l.femoralKneeCentre, posteriorCondyleMedialLps: l.posteriorCondyleMedial, posteriorCondyleLateralLps: l.posteriorCondyleLateral, epicondyleMedialLps: l.epicondyleMedial, epicondyleLateralLps: l.epicondyleLateral });
  });
  const gaps = attempt<GapBalance>(() => {
    const js = plan.measurements?.kneeJointSpaceMm;
    if (!js) return missing('no stressed joint-space measurement (measurements.kneeJointSpaceMm)');
    if (!distalFemoralResectionM.available) return missing(`needs the distal femoral resection (${distalFemoralResectionM.reason})`);
    if (!proximalTibialResectionM.available) return missing(`needs the proximal tibial resection (${proximalTibialResectionM.reason})`);
    const fem = implantOf(plan, 'femoralComponent'), tib = implantOf(plan, 'tibialComponent');
    if (!fem || !tib) return missing(`needs the ${!fem ? 'femoral' : 'tibial'} component thickness (none in the plan)`);
    if (!o.catalogue) return missing('needs component thicknesses from the implant catalogue (none given)');
    const ff = findFamily(o.catalogue, fem.familyId), tf = findFamily(o.catalogue, tib.familyId);
    const fs = ff?.kind === 'femoralComponent' ? ff.sizes.find((s) => s.size === fem.size) : undefined;
    const ts = tf?.kind === 'tibialComponent' ? tf.sizes.find((s) => s.size === tib.size) : undefined;
    const insert = tib.options?.insertThicknessMm;
    if (!fs || !ts) return missing(`${!fs ? 'femoral' : 'tibial'} component ${!fs ? fem.familyId : tib.familyId} size ${!fs ? fem.size : tib.size} is not in the catalogue`);
    if (insert === undefined) return missing('tibial component option insertThicknessMm missing');
    const fr = distalFemoralResectionM.value.resectionMm, tr = proximalTibialResectionM.value.resectionMm;
    const pf = plan.measurements?.posteriorFemoralResectionMm;
    const state = (j: { medial: number; lateral: number }, f: { medial: number; lateral: number }) => ({
      medial: { jointSpaceMm: j.medial, femoralResectionMm: f.medial, tibialResectionMm: tr.medial },
      lateral: { jointSpaceMm: j.lateral, femoralResectionMm: f.lateral, tibialResectionMm: tr.lateral },
    });
    return gapBalance({
      extension: state(js.extension, fr),
      flexion: js.flexion && pf ? state(js.flexion, pf) : undefined,
      femoralDistalThicknessMm: fs.distalThicknessMm, femoralPosteriorThicknessMm: fs.posteriorThicknessMm, tibialThicknessMm: ts.baseplateThicknessMm + insert,
    });
  });
  const out: KneePlanMetrics = { hka, distalFemoralResection: distalFemoralResectionM, proximalTibialResection: proximalTibialResectionM, femoralRotation, gaps };
  const femC = implantOf(plan, 'femoralComponent'), tibC = implantOf(plan, 'tibialComponent');
  if (femC || tibC) {
    out.components = attempt<KneeComponentsMetric>(() => {
      if (!o.catalogue) return missing('needs the component dimensions from the implant catalogue (none given)');
      const ff = femC ? findFamily(o.catalogue, femC.familyId) : undefined, tf = tibC ? findFamily(o.catalogue, tibC.familyId) : undefined;
      const fs = femC && ff?.kind === 'femoralComponent' ? ff.sizes.find((s) => s.size === femC.size) : undefined;
      const ts = tibC && tf?.kind === 'tibialComponent' ? tf.sizes.find((s) => s.size === tibC.size) : undefined;
      if (femC && !fs) return missing(`femoral component ${femC.familyId} size ${femC.size} is not in the catalogue`);
      if (tibC && !ts) return missing(`tibial component ${tibC.familyId} size ${tibC.size} is not in the catalogue`);
      return {
        femoral: femC && fs ? { familyId: femC.familyId, size: fs.size, mlWidthMm: fs.mlWidthMm, apDepthMm: fs.apDepthMm, distalThicknessMm: fs.distalThicknessMm, posteriorThicknessMm: fs.posteriorThicknessMm } : null,
        tibial: tibC && ts ? { familyId: tibC.familyId, size: ts.size, mlWidthMm: ts.mlWidthMm, apDepthMm: ts.apDepthMm, baseplateThicknessMm: ts.baseplateThicknessMm, insertThicknessMm: tibC.options?.insertThicknessMm ?? null } : null,
      };
    });
  }
  return out;
}

/** Recomputes every metric of `plan` (see the README for which landmarks each needs). */
export function computePlanMetrics(plan: Plan, options: PlanMetricOptions = {}): PlanMetrics {
  const warnings: string[] = [];
  const out: PlanMetrics = { anatomy: plan.anatomy, side: plan.side, warnings };
  if (plan.anatomy === 'hip') out.hip = hipMetrics(plan, options, warnings);
  else out.knee = kneeMetrics(plan, options);
  return out;
}

/** One difference between stored and recomputed metrics. */
export interface MetricDifference { path: string; stored: unknown; recomputed: unknown }

/**
 * Differences between stored and recomputed metrics: numbers differing by more than
 * `tolerance`·max(1, |x|) (default 1e-6), any other value not equal, keys present on one side only.
 */
export function compareMetrics(stored: unknown, recomputed: unknown, tolerance = 1e-6, path = 'metrics'): MetricDifference[] {
  if (typeof stored === 'number' && typeof recomputed === 'number') {
    return Math.abs(stored - recomputed) <= tolerance * Math.max(1, Math.abs(recomputed)) ? [] : [{ path, stored, recomputed }];
  }
  if (Array.isArray(stored) && Array.isArray(recomputed)) {
    if (stored.length !== recomputed.length) return [{ path: `${path}.length`, stored: stored.length, recomputed: recomputed.length }];
    return stored.flatMap((v, n) => compareMetrics(v, recomputed[n], tolerance, `${path}[${n}]`));
  }
  if (stored && recomputed && typeof stored === 'object' && typeof recomputed === 'object' && !Array.isArray(stored) && !Array.isArray(recomputed)) {
    const a = stored as Record<string, unknown>, b = recomputed as Record<string, unknown>;
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) => compareMetrics(a[k], b[k], tolerance, `${path}.${k}`));
  }
  return stored === recomputed ? [] : [{ path, stored, recomputed }];
}
