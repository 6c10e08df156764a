/**
 * The knee cut planes as the 3D view's gizmo moves them (pure; no Babylon, no DOM), in the conventions
 * of kneeResection.ts (brief §4.2): the plane normal n ∝ axis + tan(varus)·c + tan(slope)·posterior,
 * c = medial for the tibia and lateral (−medial) for the femur, axis = the bone's axis toward proximal,
 * posterior and medial from `limbDirections` (medial = +x for a right limb, −x for a left one). The
 * depth is measured along the axis through the reference point (the higher plateau point / the more
 * distal condyle): tibia plane point P0 = ref − depth·axis, femur P0 = ref + depth·axis.
 *
 * Knobs (all on the plane): `depth` at P0, dragged along the plane normal (a parallel shift);
 * `varus` at P0 + lever·medial (+ the plane's height there), dragged along the axis — a rotation about
 * the AP line through P0: lowering the medial knob is varus + on the tibia (medial side lower), raising
 * it is varus + on the femur (less bone off laterally); `slope` (tibia only) at P0 + lever·posterior,
 * dragged along the axis — a rotation about the ML line: lowering it is posterior slope +.
 * Engine positions cross through src/core/engineFrame.ts only.
 */
import { JumeauError } from '../core/errors';
import { lpsFromEngine, type PointEngineM } from '../core/engineFrame';
import type { PointLps, Vec3 } from '../core/vec3';
import { add, dot, normalize, scale, sub } from '../core/vec3';
import { limbDirections } from './geometry';
import type { ResectionPlane } from './kneeResection';
import type { Side } from './validate';
import { degToRad, radToDeg } from './validate';

/** Which cut. */
export type KneeCutBone = 'femur' | 'tibia';

/** The gizmo's knobs of one cut (the femur has no slope knob). */
export type KneeCutHandle = 'depth' | 'varus' | 'slope';

/** Lever of the varus and slope knobs from P0, mm. */
export const KNEE_GIZMO_LEVER_MM = 30;

/** What a drag sets: depth (mm), varus(+)/valgus(−) and posterior slope (degrees; 0 for the femur). */
export interface KneeCutPose {
  depthMm: number;
  varusValgusDeg: number;
  posteriorSlopeDeg: number;
}

/** The fixed frame of one cut: the limb directions and the reference point the depth is measured from. */
export interface KneeCutFrame {
  bone: KneeCutBone;
  side: Side;
  /** Unit bone axis toward proximal (LPS). */
  axisUnitLps: Vec3;
  medialUnitLps: Vec3;
  posteriorUnitLps: Vec3;
  /** The reference landmark (higher plateau point / more distal condyle), LPS mm. */
  referencePointLps: PointLps;
}

/**
 * The frame of a computed cut: its axis and plane (as kneePlanModel returns them) and the depth it was
 * computed with (the reference point is recovered from the plane point: ref = P0 ± depth·axis).
 */
export function kneeCutFrame(bone: KneeCutBone, side: Side, cut: { plane: ResectionPlane; axisUnitLps: Vec3 }, depthMm: number): KneeCutFrame {
  const d = limbDirections(cut.axisUnitLps, side, `${bone} axis`);
  const sign = bone === 'tibia' ? 1 : -1;
  return { bone, side, axisUnitLps: d.proximal, medialUnitLps: d.medial, posteriorUnitLps: d.posterior, referencePointLps: add(cut.plane.pointLps, scale(d.proximal, sign * depthMm)) };
}

/** Coronal tilt direction c: medial (tibia) or lateral (femur). */
const coronal = (f: KneeCutFrame): Vec3 => (f.bone === 'tibia' ? f.medialUnitLps : scale(f.medialUnitLps, -1));

/** The plane point on the reference line, P0. */
function planePoint(f: KneeCutFrame, depthMm: number): PointLps {
  return add(f.referencePointLps, scale(f.axisUnitLps, f.bone === 'tibia' ? -depthMm : depthMm));
}

/** The cut plane of a pose (the same plane kneeResection.ts builds). */
export function kneeCutPlaneOf(f: KneeCutFrame, p: KneeCutPose): ResectionPlane {
  const slope = f.bone === 'tibia' ? p.posteriorSlopeDeg : 0;
  const n = normalize(add(add(f.axisUnitLps, scale(coronal(f), Math.tan(degToRad(p.varusValgusDeg)))), scale(f.posteriorUnitLps, Math.tan(degToRad(slope)))));
  return { pointLps: planePoint(f, p.depthMm), normalLps: n };
}

/**
 * The pose of a plane (inverse of {@link kneeCutPlaneOf}): varus = atan2(n·c, n·axis), slope =
 * atan2(n·posterior, n·axis) (reported 0 for the femur, whose plane has no slope parameter), depth =
 * where the plane crosses the reference line.
 * @throws JumeauError BAD_ARGUMENT when the plane is parallel to the axis
 */
export function kneeCutPoseOfPlane(f: KneeCutFrame, plane: ResectionPlane): KneeCutPose {
  const n = normalize(plane.normalLps);
  const na = dot(n, f.axisUnitLps);
  if (!(Math.abs(na) > 1e-6)) throw new JumeauError('BAD_ARGUMENT', 'the cut plane is parallel to the bone axis', { subject: `${f.bone} cut` });
  const t = dot(sub(plane.pointLps, f.referencePointLps), n) / na;
  const s = Math.sign(na);
  return {
    depthMm: f.bone === 'tibia' ? -t : t,
    varusValgusDeg: radToDeg(Math.atan2(s * dot(n, coronal(f)), s * na)),
    posteriorSlopeDeg: f.bone === 'tibia' ? radToDeg(Math.atan2(s * dot(n, f.posteriorUnitLps), s * na)) : 0,
  };
}

/** The knobs of a pose, LPS mm (on the plane; `slope` null for the femur). */
export function kneeCutHandlesLps(f: KneeCutFrame, p: KneeCutPose, leverMm = KNEE_GIZMO_LEVER_MM): { depth: PointLps; varus: PointLps; slope: PointLps | null } {
  const plane = kneeCutPlaneOf(f, p);
  const p0 = plane.pointLps, n = plane.normalLps;
  // On the plane above/below P0 + lever·d: move along the axis until n·(X − P0) = 0.
  const onPlane = (d: Vec3): PointLps => {
    const q = add(p0, scale(d, leverMm));
    return add(q, scale(f.axisUnitLps, -dot(sub(q, p0), n) / dot(f.axisUnitLps, n)));
  };
  return { depth: p0, varus: onPlane(f.medialUnitLps), slope: f.bone === 'tibia' ? onPlane(f.posteriorUnitLps) : null };
}

/** Unit LPS direction a knob is dragged along: the plane normal (depth) or the bone axis (varus, slope). */
export function kneeCutHandleDirectionLps(f: KneeCutFrame, p: KneeCutPose, handle: KneeCutHandle): Vec3 {
  return handle === 'depth' ? kneeCutPlaneOf(f, p).normalLps : f.axisUnitLps;
}

/**
 * The pose after knob `handle` of pose `start` was dragged to `handleEngineM` (engine metres). Depth:
 * the plane shifted to pass through the knob (angles kept). Varus / slope: the knob's height h along
 * the axis above P0 sets tan(angle) = ∓h / lever (tibia: −, femur varus: +), the other angle and the
 * depth kept. Only the displacement along the knob's drag direction counts.
 * @throws JumeauError BAD_ARGUMENT for a non-finite position, a slope knob on the femur, or an angle beyond ±89°
 */
export function kneeCutPoseFromHandle(f: KneeCutFrame, start: KneeCutPose, handle: KneeCutHandle, handleEngineM: PointEngineM, leverMm = KNEE_GIZMO_LEVER_MM): KneeCutPose {
  if (!handleEngineM.every(Number.isFinite)) throw new JumeauError('BAD_ARGUMENT', `knob position must be finite (got ${handleEngineM.join(', ')})`, { subject: `${f.bone} ${handle}` });
  if (handle === 'slope' && f.bone !== 'tibia') throw new JumeauError('BAD_ARGUMENT', 'the distal femoral cut has no posterior slope', { subject: 'femur slope' });
  const q = lpsFromEngine(handleEngineM);
  const before = kneeCutHandlesLps(f, start, leverMm)[handle]!;
  const dir = kneeCutHandleDirectionLps(f, start, handle);
  const knob = add(before, scale(dir, dot(sub(q, before), dir)));
  if (handle === 'depth') return kneeCutPoseOfPlane(f, { pointLps: knob, normalLps: kneeCutPlaneOf(f, start).normalLps });
  const h = dot(sub(knob, planePoint(f, start.depthMm)), f.axisUnitLps);
  const deg = radToDeg(Math.atan((f.bone === 'femur' ? h : -h) / leverMm));
  if (!(Math.abs(deg) < 89)) throw new JumeauError('BAD_ARGUMENT', `tilt of ${deg.toFixed(1)}° is not a cut`, { subject: `${f.bone} ${handle}` });
  return handle === 'varus' ? { ...start, varusValgusDeg: deg } : { ...start, posteriorSlopeDeg: deg };
}
