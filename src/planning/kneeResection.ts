/**
 * Measured-resection planes of TKA, brief §4.2 (KNEE-02, KNEE-03): distal femoral cut ⟂ the femoral
 * mechanical axis (FMA) and proximal tibial cut ⟂ the tibial mechanical axis (TMA), with depth,
 * varus/valgus and (tibia) posterior slope. Depth defaults (9 mm) are ⚠ typical technique values.
 */
import { JumeauError } from '../core/errors';
import type { PointLps, Vec3 } from '../core/vec3';
import { add, dot, normalize, scale, sub } from '../core/vec3';
import { limbDirections, unitOrThrow } from './geometry';
import type { Side } from './validate';
import { checkDistinct, checkRange, checkSide, checkVec3, degToRad } from './validate';

/** A cut plane: a point on it and its unit normal pointing proximally (toward the hip). */
export interface ResectionPlane {
  /** A point of the plane, LPS mm. */
  pointLps: PointLps;
  /** Unit normal, LPS, pointing proximally along the bone. */
  normalLps: Vec3;
}

/** A resection: plane, landmark heights along the axis and bone removed at each landmark. */
export interface Resection {
  /** The cut plane. */
  plane: ResectionPlane;
  /** Unit mechanical axis, pointing proximally (LPS). */
  axisUnitLps: Vec3;
  /** Heights of the medial / lateral landmarks along the axis from the knee centre, mm. */
  heightsAlongAxisMm: { medial: number; lateral: number };
  /** Bone thickness removed at each landmark, measured along the axis, mm. */
  resectionMm: { medial: number; lateral: number };
  /** Which landmark the depth was measured from. */
  referenceCompartment: 'medial' | 'lateral';
}

/** Which landmark the depth is measured from. 'auto': most distal condyle (femur) / highest plateau (tibia). */
export type ResectionReference = 'auto' | 'medial' | 'lateral';

/** Inputs of {@link distalFemoralResection}. */
export interface DistalFemoralResectionInput {
  /** Limb side. */
  side: Side;
  /** Hip centre H (FMA proximal end), LPS mm. */
  hipCenterLps: PointLps;
  /** Femoral knee centre K_f (FMA distal end), LPS mm. */
  femoralKneeCenterLps: PointLps;
  /** Most distal point of the medial condyle, LPS mm. */
  distalCondyleMedialLps: PointLps;
  /** Most distal point of the lateral condyle, LPS mm. */
  distalCondyleLateralLps: PointLps;
  /** Depth from the reference condyle, mm (default 9 = distal implant thickness; ⚠ typical). */
  depthMm?: number;
  /** Reference condyle (default 'auto' = the most distal / most prominent). */
  reference?: ResectionReference;
  /** Coronal tilt of the cut from ⟂ FMA, degrees; + = varus component (less bone off laterally). */
  varusValgusDeg?: number;
}

/** Inputs of {@link proximalTibialResection}. */
export interface ProximalTibialResectionInput {
  /** Limb side. */
  side: Side;
  /** Ankle centre A (TMA distal end), LPS mm. */
  ankleCenterLps: PointLps;
  /** Tibial knee centre K_t (TMA proximal end), LPS mm. */
  tibialKneeCenterLps: PointLps;
  /** Medial plateau reference point, LPS mm. */
  plateauMedialLps: PointLps;
  /** Lateral plateau reference point, LPS mm. */
  plateauLateralLps: PointLps;
  /** Depth below the reference plateau, mm (default 9; ⚠ typical 8–10 below the less-worn side). */
  depthMm?: number;
  /** Reference plateau (default 'auto' = the highest, i.e. less worn). */
  reference?: ResectionReference;
  /** Posterior slope s, degrees (default 0): n = cos s·TMA + sin s·posterior; + lowers the plane posteriorly. */
  posteriorSlopeDeg?: number;
  /** Coronal tilt from ⟂ TMA, degrees; + = varus component (medial side lower). */
  varusValgusDeg?: number;
}

/**
 * Plane normal tilted from `axis` by projected angles: n ∝ axis + tan(coronal)·coronalDir + tan(sagittal)·posterior,
 * so the plane's trace in the coronal and sagittal planes makes exactly those angles (brief §4.2 slope form
 * for coronal = 0).
 */
function tiltedNormal(axis: Vec3, coronalDir: Vec3, coronalDeg: number, posterior: Vec3, sagittalDeg: number): Vec3 {
  const tc = Math.tan(degToRad(coronalDeg));
  const ts = Math.tan(degToRad(sagittalDeg));
  return normalize(add(add(axis, scale(coronalDir, tc)), scale(posterior, ts)));
}

/** Axial distance from `p` to the plane, positive when `p` lies proximal (+axis side) of it. */
function axialDistance(p: Vec3, plane: ResectionPlane, axis: Vec3): number {
  return dot(sub(p, plane.pointLps), plane.normalLps) / dot(plane.normalLps, axis);
}

function checkReference(reference: ResectionReference): ResectionReference {
  if (reference !== 'auto' && reference !== 'medial' && reference !== 'lateral') {
    throw new JumeauError('BAD_ARGUMENT', `must be 'auto', 'medial' or 'lateral', got ${String(reference)}`, { subject: 'reference' });
  }
  return reference;
}

/**
 * Distal femoral resection (brief §4.2, KNEE-02): plane ⟂ FMA (tilted by varus/valgus), `depthMm`
 * proximal of the reference condyle; bone removed at each condyle measured along the FMA.
 * @throws JumeauError BAD_ARGUMENT on NaN, coincident landmarks or out-of-range angles/depth
 */
export function distalFemoralResection(input: DistalFemoralResectionInput): Resection {
  const side = checkSide(input.side);
  checkVec3(input.hipCenterLps, 'hipCenterLps');
  checkVec3(input.femoralKneeCenterLps, 'femoralKneeCenterLps');
  checkVec3(input.distalCondyleMedialLps, 'distalCondyleMedialLps');
  checkVec3(input.distalCondyleLateralLps, 'distalCondyleLateralLps');
  checkDistinct(input.femoralKneeCenterLps, input.hipCenterLps, 'femoralKneeCenterLps', 'hipCenterLps', 1);
  checkDistinct(input.distalCondyleLateralLps, input.distalCondyleMedialLps, 'distalCondyleLateralLps', 'distalCondyleMedialLps', 1);
  const depth = checkRange(input.depthMm ?? 9, 0, 50, 'depthMm');
  const reference = checkReference(input.reference ?? 'auto');
  const varus = checkRange(input.varusValgusDeg ?? 0, -20, 20, 'varusValgusDeg');
  const axis = unitOrThrow(sub(input.hipCenterLps, input.femoralKneeCenterLps), 'femoralKneeCenterLps');
  const dirs = limbDirections(axis, side, 'femoralKneeCenterLps');
  const hMed = dot(sub(input.distalCondyleMedialLps, input.femoralKneeCenterLps), axis);
  const hLat = dot(sub(input.distalCondyleLateralLps, input.femoralKneeCenterLps), axis);
  const ref = reference === 'auto' ? (hMed <= hLat ? 'medial' : 'lateral') : reference;
  const refPoint = ref === 'medial' ? input.distalCondyleMedialLps : input.distalCondyleLateralLps;
  // Varus femoral component: joint line lower laterally → normal tilted toward lateral (−medial).
  const normal = tiltedNormal(axis, scale(dirs.medial, -1), varus, dirs.posterior, 0);
  const plane: ResectionPlane = { pointLps: add(refPoint, scale(axis, depth)), normalLps: normal };
  return {
    plane,
    axisUnitLps: axis,
    heightsAlongAxisMm: { medial: hMed, lateral: hLat },
    resectionMm: { medial: -axialDistance(input.distalCondyleMedialLps, plane, axis), lateral: -axialDistance(input.distalCondyleLateralLps, plane, axis) },
    referenceCompartment: ref,
  };
}

/**
 * Proximal tibial resection (brief §4.2, KNEE-03): plane ⟂ TMA tilted by varus/valgus and posterior
 * slope, `depthMm` below the reference plateau; bone removed at each plateau point measured along the TMA.
 * @throws JumeauError BAD_ARGUMENT on NaN, coincident landmarks or out-of-range angles/depth
 */
export function proximalTibialResection(input: ProximalTibialResectionInput): Resection {
  const side = checkSide(input.side);
  checkVec3(input.ankleCenterLps, 'ankleCenterLps');
  checkVec3(input.tibialKneeCenterLps, 'tibialKneeCenterLps');
  checkVec3(input.plateauMedialLps, 'plateauMedialLps');
  checkVec3(input.plateauLateralLps, 'plateauLateralLps');
  checkDistinct(input.ankleCenterLps, input.tibialKneeCenterLps, 'ankleCenterLps', 'tibialKneeCenterLps', 1);
  checkDistinct(input.plateauLateralLps, input.plateauMedialLps, 'plateauLateralLps', 'plateauMedialLps', 1);
  const depth = checkRange(input.depthMm ?? 9, 0, 50, 'depthMm');
  const reference = checkReference(input.reference ?? 'auto');
  const slope = checkRange(input.posteriorSlopeDeg ?? 0, -20, 20, 'posteriorSlopeDeg');
  const varus = checkRange(input.varusValgusDeg ?? 0, -20, 20, 'varusValgusDeg');
  const axis = unitOrThrow(sub(input.tibialKneeCenterLps, input.ankleCenterLps), 'tibialKneeCenterLps');
  const dirs = limbDirections(axis, side, 'tibialKneeCenterLps');
  const hMed = dot(sub(input.plateauMedialLps, input.tibialKneeCenterLps), axis);
  const hLat = dot(sub(input.plateauLateralLps, input.tibialKneeCenterLps), axis);
  const ref = reference === 'auto' ? (hMed >= hLat ? 'medial' : 'lateral') : reference;
  const refPoint = ref === 'medial' ? input.plateauMedialLps : input.plateauLateralLps;
  // Varus tibial component: medial side lower → normal tilted toward medial.
  const normal = tiltedNormal(axis, dirs.medial, varus, dirs.posterior, slope);
  const plane: ResectionPlane = { pointLps: sub(refPoint, scale(axis, depth)), normalLps: normal };
  return {
    plane,
    axisUnitLps: axis,
    heightsAlongAxisMm: { medial: hMed, lateral: hLat },
    resectionMm: { medial: axialDistance(input.plateauMedialLps, plane, axis), lateral: axialDistance(input.plateauLateralLps, plane, axis) },
    referenceCompartment: ref,
  };
}
