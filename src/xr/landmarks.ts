/**
 * Planned registration landmarks and targets (pure). For the hip phantom they are the phantom's own
 * ground-truth points (src/samples/hipPhantom.ts `landmarksLps`): femoral head centres (= acetabular
 * centres), distal shaft-axis points, and the skin marker bead. The head centres and shaft points lie
 * inside bone: on a real patient they would be replaced by touchable points (ASIS, pubic tubercles,
 * divots of a reference frame); on the virtual patient the controller tip can reach them, and the
 * desktop fallback snaps a click on a landmark marker to its centre (like a probe in a divot).
 */
import { JumeauError } from '../core/errors';
import type { PointLps } from '../core/vec3';

/** A planned landmark: stable name, label for people, position in LPS mm. */
export interface PlannedLandmark {
  /** Stable key, e.g. 'femoralHeadCentreLeft'. */
  name: string;
  /** Short label for the panel, e.g. 'Femoral head centre L'. */
  label: string;
  /** Planned position, LPS mm. */
  pointLps: PointLps;
}

/** A point where the registration error matters (cup centre, tumour), LPS mm. */
export interface RegistrationTarget {
  name: string;
  label: string;
  pointLps: PointLps;
}

/** The landmarks picked on the hip phantom, in picking order (5 points spanning ≈ 330 × 150 mm). */
export const HIP_LANDMARKS: readonly { name: string; label: string }[] = [
  { name: 'femoralHeadCentreLeft', label: 'Femoral head centre L' },
  { name: 'femoralHeadCentreRight', label: 'Femoral head centre R' },
  { name: 'femoralShaftAxisDistalLeft', label: 'Femoral shaft point L' },
  { name: 'femoralShaftAxisDistalRight', label: 'Femoral shaft point R' },
  { name: 'markerBeadLeft', label: 'Skin marker bead L' },
];

/** Targets of the hip plan: the left acetabular (cup) centre = left femoral head centre. */
export const HIP_TARGETS: readonly { name: string; label: string; from: string }[] = [
  { name: 'cupCentreLeft', label: 'Cup centre L', from: 'femoralHeadCentreLeft' },
];

/** Landmarks not used for the registration: touched afterwards to check it (check points). */
export const HIP_CHECK_POINTS: readonly { name: string; label: string }[] = [
  { name: 'femoralNeckJunctionLeft', label: 'Neck junction L' },
  { name: 'femoralNeckJunctionRight', label: 'Neck junction R' },
];

function lookup(landmarksLps: Record<string, PointLps>, name: string): PointLps {
  const p = landmarksLps?.[name];
  if (!Array.isArray(p) || p.length !== 3 || !p.every(Number.isFinite)) {
    throw new JumeauError('MISSING_INPUT', `the case has no landmark "${name}"`, { subject: `landmarksLps.${name}` });
  }
  return [p[0], p[1], p[2]];
}

/**
 * The hip registration plan from a case's named landmarks (the hip phantom's `landmarksLps`).
 * @throws JumeauError MISSING_INPUT naming the first missing landmark
 */
export function hipRegistrationPlan(landmarksLps: Record<string, PointLps>): { landmarks: PlannedLandmark[]; targets: RegistrationTarget[]; checkPoints: PlannedLandmark[] } {
  return {
    landmarks: HIP_LANDMARKS.map((l) => ({ ...l, pointLps: lookup(landmarksLps, l.name) })),
    targets: HIP_TARGETS.map((t) => ({ name: t.name, label: t.label, pointLps: lookup(landmarksLps, t.from) })),
    checkPoints: HIP_CHECK_POINTS.map((l) => ({ ...l, pointLps: lookup(landmarksLps, l.name) })),
  };
}

/** Readable label of a plan landmark name: `asisLeft` → "asis L", `femoralHeadCentreRight` → "femoral Head Centre R". */
function labelOf(name: string): string {
  const m = /^(.*?)(Left|Right)$/.exec(name);
  const base = (m ? m[1] : name).replace(/([a-z])([A-Z])/g, '$1 $2');
  return m ? `${base} ${m[2] === 'Left' ? 'L' : 'R'}` : base;
}

/**
 * The registration plan of a workstation case: its plan's landmarks (in the plan's order) are picked,
 * the planned cup centre (else the first landmark) is the target; no check points.
 * @throws JumeauError MISSING_INPUT when fewer than 3 landmarks are placed (a rigid registration needs 3)
 */
export function registrationPlanFromLandmarks(landmarks: readonly { name: string; pointLps: PointLps }[], cupCentreLps: PointLps | null): { landmarks: PlannedLandmark[]; targets: RegistrationTarget[]; checkPoints: PlannedLandmark[] } {
  if (landmarks.length < 3) {
    throw new JumeauError('MISSING_INPUT', `the case's plan has ${landmarks.length} landmark(s): place at least 3 (e.g. both ASIS and a pubic tubercle) in the workstation's hip plan`, { subject: 'plan.landmarks' });
  }
  const planned = landmarks.map((l) => ({ name: l.name, label: labelOf(l.name), pointLps: [l.pointLps[0], l.pointLps[1], l.pointLps[2]] as PointLps }));
  const target = cupCentreLps ? { name: 'cupCentre', label: 'Cup centre', pointLps: cupCentreLps } : { name: planned[0].name, label: planned[0].label, pointLps: planned[0].pointLps };
  return { landmarks: planned, targets: [target], checkPoints: [] };
}
