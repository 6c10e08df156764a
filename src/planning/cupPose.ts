/**
 * The planned cup as the 3D view's gizmo moves it (pure; no Babylon, no DOM). The gizmo has four
 * knobs around the cup centre: three translation knobs at `armMm` along the patient axes +x (left),
 * +y (posterior), +z (superior), each dragged along its own axis, and an aim knob at `armMm` along the
 * cup axis (out of the opening), dragged freely: the new axis is the unit vector centre → knob.
 * Knob positions cross into the engine only through src/core/engineFrame.ts (LPS mm ↔ engine metres,
 * (x, y, z)_engine = 0.001·(x_L, z_S, y_P)); engine directions are the same swap, unscaled. That map
 * is a reflection (det < 0), so nothing here composes rotations across it: only points and
 * directions cross, and the angles are always recomputed in LPS (in the plan's cup frame — the APP
 * when its four landmarks exist, else the scanner frame — Murray's radiographic definition).
 * A new pose enters the plan through the workstation's edit path (hipPlanEdits: `withCup`, then
 * `withHeadAndStem` so head and stem follow the centre), which validates the angles and unseals the plan.
 */
import { JumeauError } from '../core/errors';
import { engineFromLps, lpsFromEngine, type PointEngineM } from '../core/engineFrame';
import type { PointLps, Vec3 } from '../core/vec3';
import { add, dot, norm, scale, sub } from '../core/vec3';
import { cupAnglesFromAxisLai, cupAxisLaiFromFrame } from './cupAngles';
import { hipCupFrame, withCup, withHeadAndStem } from './hipPlanEdits';
import type { ImplantCatalogue } from './implants';
import { directionLpsToPelvic } from './pelvicFrame';
import type { Plan } from './plan';

/** Distance of the gizmo's knobs from the cup centre, mm. */
export const CUP_GIZMO_ARM_MM = 40;

/** The gizmo's knobs: translation along LPS +x (`L`), +y (`P`), +z (`S`), and the aim knob on the cup axis. */
export type CupGizmoHandle = 'L' | 'P' | 'S' | 'axis';

/** Every knob, in drawing order. */
export const CUP_GIZMO_HANDLES: readonly CupGizmoHandle[] = ['L', 'P', 'S', 'axis'];

/** A cup pose in the patient frame: centre of rotation (LPS mm) and unit axis out of the opening (LPS). */
export interface CupPoseLps {
  centreLps: PointLps;
  axisLps: Vec3;
}

/** Unit LPS direction each translation knob moves along. */
export const CUP_TRANSLATION_AXES_LPS: Readonly<Record<'L' | 'P' | 'S', Vec3>> = { L: [1, 0, 0], P: [0, 1, 0], S: [0, 0, 1] };

function unit(v: Vec3, subject: string): Vec3 {
  const n = norm(v);
  if (!(n > 1e-9) || !v.every(Number.isFinite)) throw new JumeauError('BAD_ARGUMENT', `must be a finite non-zero direction (got ${v.join(', ')})`, { subject });
  return scale(v, 1 / n);
}

/** The knobs of a cup pose in LPS mm. */
export function cupGizmoHandlesLps(pose: CupPoseLps, armMm = CUP_GIZMO_ARM_MM): Record<CupGizmoHandle, PointLps> {
  const c = pose.centreLps;
  const at = (d: Vec3): PointLps => add(c, scale(d, armMm));
  return { L: at(CUP_TRANSLATION_AXES_LPS.L), P: at(CUP_TRANSLATION_AXES_LPS.P), S: at(CUP_TRANSLATION_AXES_LPS.S), axis: at(unit(pose.axisLps, 'axisLps')) };
}

/** The knobs of a cup pose in engine metres (what the scene places), and the centre. */
export function cupGizmoHandlesEngine(pose: CupPoseLps, armMm = CUP_GIZMO_ARM_MM): Record<CupGizmoHandle | 'centre', PointEngineM> {
  const h = cupGizmoHandlesLps(pose, armMm);
  return { centre: engineFromLps(pose.centreLps), L: engineFromLps(h.L), P: engineFromLps(h.P), S: engineFromLps(h.S), axis: engineFromLps(h.axis) };
}

/**
 * The pose after knob `handle` (of the pose `start`) was dragged to `handleEngineM` (engine metres):
 * a translation knob moves the centre by its displacement projected on its own LPS axis (the other
 * components, e.g. from a free drag, are dropped), the axis is kept; the aim knob keeps the centre
 * and turns the axis to point at the knob.
 * @throws JumeauError BAD_ARGUMENT when the position is not finite or the aim knob sits on the centre
 */
export function cupPoseFromHandle(start: CupPoseLps, handle: CupGizmoHandle, handleEngineM: PointEngineM, armMm = CUP_GIZMO_ARM_MM): CupPoseLps {
  if (!handleEngineM.every(Number.isFinite)) throw new JumeauError('BAD_ARGUMENT', `knob position must be finite (got ${handleEngineM.join(', ')})`, { subject: `cup gizmo ${handle}` });
  const p = lpsFromEngine(handleEngineM);
  if (handle === 'axis') return { centreLps: [...start.centreLps], axisLps: unit(sub(p, start.centreLps), 'cup axis') };
  const d = CUP_TRANSLATION_AXES_LPS[handle];
  const before = cupGizmoHandlesLps(start, armMm)[handle];
  const t = dot(sub(p, before), d);
  return { centreLps: add(start.centreLps, scale(d, t)), axisLps: unit(start.axisLps, 'axisLps') };
}

/** Radiographic inclination/anteversion (Murray) of an LPS cup axis in the plan's cup frame (APP or scanner). */
export function cupAnglesOfAxis(plan: Plan, axisLps: Vec3): { inclinationDeg: number; anteversionDeg: number; frame: 'APP' | 'scanner' } {
  const { frame, pelvic } = hipCupFrame(plan);
  const a = unit(axisLps, 'cup axis');
  const axisFrame = pelvic ? directionLpsToPelvic(a, pelvic) : a;
  const r = cupAnglesFromAxisLai(cupAxisLaiFromFrame(axisFrame, plan.side), 'radiographic');
  return { inclinationDeg: r.inclinationDeg, anteversionDeg: r.anteversionDeg, frame };
}

/** The plan's cup pose, or null without a cup. */
export function cupPoseOf(plan: Plan): CupPoseLps | null {
  const cup = plan.implants.find((i) => i.role === 'cup');
  return cup ? { centreLps: [...cup.pose.positionLps], axisLps: [...cup.pose.axisLps] } : null;
}

/**
 * The plan with its cup at `pose`, through the form's edit path: the axis becomes radiographic angles
 * in the plan's cup frame, checked and applied by `withCup` (inclination 0–90°, anteversion −45–60°,
 * same messages as typed values); the centre moves; a planned head and stem follow the new centre
 * (`withHeadAndStem` with their current sizes and options: the head at the cup centre, a stem planned
 * in the canal slid along its axis). The result is unsealed.
 * @throws JumeauError BAD_ARGUMENT naming `inclination` / `anteversion` / the centre; MISSING_INPUT without a cup
 */
export function withCupPose(plan: Plan, pose: CupPoseLps, catalogue: ImplantCatalogue): Plan {
  const cup = plan.implants.find((i) => i.role === 'cup');
  if (!cup) throw new JumeauError('MISSING_INPUT', 'no cup in the plan to move', { subject: 'cup' });
  if (!pose.centreLps.every(Number.isFinite)) throw new JumeauError('BAD_ARGUMENT', `coordinates must be finite numbers (got ${pose.centreLps.join(', ')})`, { subject: 'cup centre' });
  const a = cupAnglesOfAxis(plan, pose.axisLps);
  const moved: Plan = { ...plan, implants: plan.implants.map((i) => (i.role === 'cup' ? { ...i, pose: { ...i.pose, positionLps: [...pose.centreLps] } } : i)) };
  let next = withCup(moved, { familyId: cup.familyId, size: cup.size, inclinationDeg: a.inclinationDeg, anteversionDeg: a.anteversionDeg }, catalogue);
  const head = plan.implants.find((i) => i.role === 'head');
  const stem = plan.implants.find((i) => i.role === 'stem');
  const ho = head?.options as { neckLengthMm?: number } | undefined;
  const so = stem?.options as { neckShaftAngleDeg?: number; offsetMm?: number; versionDeg?: number } | undefined;
  if (head && stem && ho?.neckLengthMm !== undefined && so?.neckShaftAngleDeg !== undefined && so.offsetMm !== undefined && so.versionDeg !== undefined) {
    next = withHeadAndStem(next, { headFamilyId: head.familyId, headDiameterMm: Number(head.size), neckLengthMm: ho.neckLengthMm, stemFamilyId: stem.familyId, stemSize: stem.size, neckShaftAngleDeg: so.neckShaftAngleDeg, offsetMm: so.offsetMm, versionDeg: so.versionDeg }, catalogue);
  } else if (head) {
    next = { ...next, implants: next.implants.map((i) => (i.role === 'head' ? { ...i, pose: { ...i.pose, positionLps: [...pose.centreLps] } } : i)) };
  }
  return next;
}
