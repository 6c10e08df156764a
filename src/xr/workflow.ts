/**
 * The registration workflow of the headset overlay, as a pure state machine (no Babylon, no DOM): pick
 * the planned landmarks on the patient (points in the XR reference space, metres), see FRE and the
 * predicted TRE at the targets after every pick, undo, refine with ICP from traced surface points,
 * nudge by small steps in patient axes, accept (lock), and measure check points. All maths is in
 * millimetres through src/registration; the pose is given both as `xrMmFromLps` (LPS mm → XR mm) and
 * as `xrFromPatient` (metres, see ./frames.ts).
 *
 * Pose = base ∘ nudge, base = the ICP refinement when one was run on the current picks, otherwise the
 * paired-point registration of the picks. A new pick, an undo or a new ICP run clears the nudges.
 */
import { JumeauError } from '../core/errors';
import type { PointLps, Vec3 } from '../core/vec3';
import { icpPointToPlane } from '../registration/icp';
import type { IcpResult } from '../registration/icp';
import { registerPairedPoints } from '../registration/pairedPoint';
import type { PairedRegistration } from '../registration/pairedPoint';
import type { RigidTransform } from '../registration/rigidTransform';
import { IDENTITY_TRANSFORM, composeTransforms, invertTransform, rotationFromAxisAngle } from '../registration/rigidTransform';
import { measureCheckPoint, predictTreRms } from '../registration/tre';
import type { CheckPointMeasurement } from '../registration/tre';
import type { RigidTransformM } from './frames';
import { MM_PER_M, xrFromPatientOf } from './frames';
import type { PlannedLandmark, RegistrationTarget } from './landmarks';

/** Workflow phase: picking/refining (editable) or locked (accepted; only check points). */
export type WorkflowPhase = 'picking' | 'locked';

/** One picked landmark. */
export interface LandmarkPick {
  /** Planned landmark name. */
  name: string;
  /** Where the tool tip touched it, XR reference space, metres. */
  pointXrM: Vec3;
}

/** The ICP target: surface points of the twin (packed xyz, LPS mm) and outward unit normals. */
export interface IcpSurface {
  pointsLps: Float32Array | Float64Array;
  normalsLps: Float32Array | Float64Array;
}

/** Predicted TRE at one target. */
export interface TargetError {
  name: string;
  label: string;
  /** Fitzpatrick predicted RMS TRE (mm) for the picked landmarks and the current FLE. */
  treRmsMm: number;
}

/** What the workflow shows after each step. */
export interface WorkflowEvaluation {
  phase: WorkflowPhase;
  /** Picks so far / planned landmarks. */
  pickCount: number;
  landmarkCount: number;
  /** Next landmark to pick (null when all are picked or locked). */
  next: PlannedLandmark | null;
  /** Current pose LPS mm → XR mm, or null with `reason` before 3 picks. */
  xrMmFromLps: RigidTransform | null;
  /** The same pose, patient m → XR m. */
  xrFromPatient: RigidTransformM | null;
  /** Why there is no pose / FRE / TRE yet. */
  reason: string | null;
  /** FRE of the paired-point registration (mm): NOT an accuracy indicator (brief §7.3). */
  freMm: number | null;
  /** |R·pᵢ + t − qᵢ| of each pick (mm), paired-point pose. */
  residualsMm: number[];
  /** Predicted TRE at each target (mm). */
  targets: TargetError[];
  /** Where the pose comes from. */
  source: 'none' | 'paired-point' | 'icp' | 'restored';
  /** The last ICP run on the current picks. */
  icp: Pick<IcpResult, 'rmsMm' | 'iterations' | 'conditionNumber' | 'converged' | 'inlierCount'> | null;
  /** Nudges applied on top of the base pose (LPS mm, patient axes). */
  nudge: RigidTransform;
  /** Cautions (near-collinear picks, ill-conditioned ICP). */
  warnings: string[];
  fleRmsMm: number;
  traceCount: number;
}

/** Options of {@link RegistrationWorkflow}. */
export interface WorkflowOptions {
  /** Planned landmarks, in picking order (≥ 3). */
  landmarks: readonly PlannedLandmark[];
  /** Targets for the TRE prediction (≥ 1; the first is the badge's). */
  targets: readonly RegistrationTarget[];
  /** RMS fiducial localisation error of the tool tip (mm), default 1. */
  fleRmsMm?: number;
  /** Twin surface for ICP refinement. */
  surface?: IcpSurface;
}

const checkVec = (p: Vec3, subject: string): void => {
  if (!Array.isArray(p) || p.length !== 3 || !p.every((c) => typeof c === 'number' && Number.isFinite(c))) {
    throw new JumeauError('BAD_ARGUMENT', 'point must be three finite numbers', { subject });
  }
};

/** Registration workflow state machine (see module doc). */
export class RegistrationWorkflow {
  private readonly landmarks: PlannedLandmark[];
  private readonly targets: RegistrationTarget[];
  private readonly surface: IcpSurface | undefined;
  private fle: number;
  private picks: LandmarkPick[] = [];
  private chosenNext: string | null = null;
  private trace: Vec3[] = [];
  private icpPose: RigidTransform | null = null;
  private icpStats: WorkflowEvaluation['icp'] = null;
  private nudgeLps: RigidTransform = IDENTITY_TRANSFORM;
  private locked = false;
  private restoredPose: RigidTransform | null = null;
  private restoredInfo: { freMm: number | null; targets: TargetError[] } | null = null;
  private cache: { paired: PairedRegistration | null; error: string | null } | null = null;
  /** Check-point measurements, oldest first. */
  readonly checks: (CheckPointMeasurement & { name: string })[] = [];

  /** @throws JumeauError BAD_ARGUMENT (subject 'landmarks' / 'targets' / 'fleRmsMm') */
  constructor(options: WorkflowOptions) {
    if (!Array.isArray(options?.landmarks) || options.landmarks.length < 3) throw new JumeauError('BAD_ARGUMENT', 'at least 3 planned landmarks are needed', { subject: 'landmarks' });
    if (!Array.isArray(options.targets) || options.targets.length < 1) throw new JumeauError('BAD_ARGUMENT', 'at least one target is needed', { subject: 'targets' });
    const names = new Set<string>();
    options.landmarks.forEach((l, i) => {
      checkVec(l.pointLps, `landmarks[${i}].pointLps`);
      if (names.has(l.name)) throw new JumeauError('BAD_ARGUMENT', `duplicate landmark "${l.name}"`, { subject: `landmarks[${i}].name` });
      names.add(l.name);
    });
    options.targets.forEach((t, i) => checkVec(t.pointLps, `targets[${i}].pointLps`));
    this.landmarks = options.landmarks.map((l) => ({ ...l, pointLps: [...l.pointLps] as PointLps }));
    this.targets = options.targets.map((t) => ({ ...t, pointLps: [...t.pointLps] as PointLps }));
    this.surface = options.surface;
    this.fle = 1;
    this.setFle(options.fleRmsMm ?? 1);
  }

  /** The planned landmarks, in picking order. */
  get plannedLandmarks(): readonly PlannedLandmark[] {
    return this.landmarks;
  }

  /** The targets. */
  get plannedTargets(): readonly RegistrationTarget[] {
    return this.targets;
  }

  /** Picks so far (copies). */
  get pickList(): LandmarkPick[] {
    return this.picks.map((p) => ({ name: p.name, pointXrM: [...p.pointXrM] as Vec3 }));
  }

  /** Traced surface points so far (XR metres, copies). */
  get tracePoints(): Vec3[] {
    return this.trace.map((p) => [...p] as Vec3);
  }

  /** Current phase. */
  get phase(): WorkflowPhase {
    return this.locked ? 'locked' : 'picking';
  }

  /** Sets the RMS FLE (mm) used by the TRE prediction. @throws BAD_ARGUMENT (subject 'fleRmsMm') */
  setFle(fleRmsMm: number): void {
    if (typeof fleRmsMm !== 'number' || !(fleRmsMm >= 0) || !Number.isFinite(fleRmsMm)) throw new JumeauError('BAD_ARGUMENT', 'FLE must be a finite RMS value ≥ 0 (mm)', { subject: 'fleRmsMm' });
    this.fle = fleRmsMm;
  }

  private assertEditable(action: string): void {
    if (this.locked) throw new JumeauError('BAD_ARGUMENT', `the registration is locked: unlock it before you ${action}`, { subject: 'workflow' });
  }

  private changed(): void {
    this.cache = null;
    this.icpPose = null;
    this.icpStats = null;
    this.nudgeLps = IDENTITY_TRANSFORM;
    this.restoredPose = null;
    this.restoredInfo = null;
  }

  /** The landmark the next pick is for: the chosen one, else the first not yet picked. */
  nextLandmark(): PlannedLandmark | null {
    if (this.locked) return null;
    const done = new Set(this.picks.map((p) => p.name));
    if (this.chosenNext && !done.has(this.chosenNext)) return this.landmarks.find((l) => l.name === this.chosenNext) ?? null;
    return this.landmarks.find((l) => !done.has(l.name)) ?? null;
  }

  /** Chooses which landmark the next pick is for. @throws BAD_ARGUMENT (subject 'name') */
  selectLandmark(name: string): void {
    this.assertEditable('choose a landmark');
    if (!this.landmarks.some((l) => l.name === name)) throw new JumeauError('BAD_ARGUMENT', `no planned landmark "${name}"`, { subject: 'name' });
    if (this.picks.some((p) => p.name === name)) throw new JumeauError('BAD_ARGUMENT', `"${name}" is already picked: undo it first`, { subject: 'name' });
    this.chosenNext = name;
  }

  /**
   * Records the tool tip (XR metres) as the next landmark.
   * @throws JumeauError BAD_ARGUMENT when locked, when every landmark is picked, or on a bad point
   */
  pick(pointXrM: Vec3): WorkflowEvaluation {
    this.assertEditable('pick');
    checkVec(pointXrM, 'pointXrM');
    const next = this.nextLandmark();
    if (!next) throw new JumeauError('BAD_ARGUMENT', 'every planned landmark is already picked', { subject: 'pick' });
    this.picks.push({ name: next.name, pointXrM: [...pointXrM] as Vec3 });
    this.chosenNext = null;
    this.changed();
    return this.evaluate();
  }

  /** Removes the last pick (and the refinement and nudges made on it). False when there was none. */
  undo(): boolean {
    this.assertEditable('undo');
    if (!this.picks.length) return false;
    this.picks.pop();
    this.changed();
    return true;
  }

  /** Adds a traced surface point (tool tip on the bone, XR metres) for ICP. */
  addTracePoint(pointXrM: Vec3): void {
    this.assertEditable('trace');
    checkVec(pointXrM, 'pointXrM');
    this.trace.push([...pointXrM] as Vec3);
  }

  /** Forgets the traced points. */
  clearTrace(): void {
    this.assertEditable('clear the trace');
    this.trace = [];
  }

  private paired(): { paired: PairedRegistration | null; error: string | null } {
    if (this.cache) return this.cache;
    if (this.picks.length < 3) {
      this.cache = { paired: null, error: `pick at least 3 landmarks (${this.picks.length} so far)` };
      return this.cache;
    }
    const byName = new Map(this.landmarks.map((l) => [l.name, l]));
    try {
      const paired = registerPairedPoints({
        sourceLps: this.picks.map((p) => byName.get(p.name)!.pointLps),
        targetLps: this.picks.map((p) => [p.pointXrM[0] * MM_PER_M, p.pointXrM[1] * MM_PER_M, p.pointXrM[2] * MM_PER_M] as Vec3),
      });
      this.cache = { paired, error: null };
    } catch (e) {
      if (!(e instanceof JumeauError)) throw e;
      this.cache = { paired: null, error: e.message };
    }
    return this.cache;
  }

  /** Current pose LPS mm → XR mm (null before 3 valid picks). */
  pose(): RigidTransform | null {
    const base = this.restoredPose ?? this.icpPose ?? this.paired().paired?.targetFromSource ?? null;
    return base ? composeTransforms(base, this.nudgeLps) : null;
  }

  /**
   * Refines the pose with point-to-plane ICP: traced points (XR) onto the twin surface (LPS), from the
   * paired-point pose. Needs ≥ 3 picks and ≥ 6 traced points.
   * @throws JumeauError BAD_ARGUMENT (locked, no surface), DEGENERATE_FIDUCIALS (< 3 picks),
   *   NOT_CONVERGED (from ICP)
   */
  refineWithIcp(options: { maxIterations?: number } = {}): WorkflowEvaluation {
    this.assertEditable('refine');
    if (!this.surface) throw new JumeauError('BAD_ARGUMENT', 'no twin surface to register the trace to', { subject: 'surface' });
    const start = this.paired().paired?.targetFromSource;
    if (!start) throw new JumeauError('DEGENERATE_FIDUCIALS', `ICP needs an initial pose: ${this.paired().error}`, { subject: 'picks' });
    if (this.trace.length < 6) throw new JumeauError('BAD_ARGUMENT', `trace at least 6 surface points (${this.trace.length} so far)`, { subject: 'trace' });
    const src = new Float64Array(this.trace.length * 3);
    this.trace.forEach((p, i) => {
      src[i * 3] = p[0] * MM_PER_M;
      src[i * 3 + 1] = p[1] * MM_PER_M;
      src[i * 3 + 2] = p[2] * MM_PER_M;
    });
    // ICP moves the source onto the target: traced XR points onto the LPS surface (lpsFromXr), then inverted.
    const r = icpPointToPlane({
      sourceLps: src,
      targetLps: this.surface.pointsLps,
      targetNormals: this.surface.normalsLps,
      initial: invertTransform(start),
      maxIterations: options.maxIterations ?? 30,
    });
    this.icpPose = invertTransform(r.targetFromSource);
    this.icpStats = { rmsMm: r.rmsMm, iterations: r.iterations, conditionNumber: r.conditionNumber, converged: r.converged, inlierCount: r.inlierCount };
    this.nudgeLps = IDENTITY_TRANSFORM;
    return this.evaluate();
  }

  /**
   * Fine nudge in patient axes: translate by `translateMm` (LPS) and/or rotate by `rotateDeg` about an
   * LPS axis through `pivotLps` (default: the first target). The overlay point p moves to where p + Δ
   * (or the rotated p) was.
   * @throws JumeauError BAD_ARGUMENT when locked, before a pose exists, or on bad numbers
   */
  nudge(step: { translateMm?: Vec3; rotateDeg?: number; axisLps?: Vec3; pivotLps?: PointLps }): WorkflowEvaluation {
    this.assertEditable('nudge');
    if (!this.pose()) throw new JumeauError('BAD_ARGUMENT', 'nothing to nudge yet: pick at least 3 landmarks', { subject: 'workflow' });
    let delta: RigidTransform = IDENTITY_TRANSFORM;
    if (step.translateMm) {
      checkVec(step.translateMm, 'translateMm');
      delta = { rotation: IDENTITY_TRANSFORM.rotation, translationMm: [...step.translateMm] as Vec3 };
    }
    if (step.rotateDeg !== undefined && step.rotateDeg !== 0) {
      const axis = step.axisLps ?? [0, 0, 1];
      const pivot = step.pivotLps ?? this.targets[0].pointLps;
      checkVec(axis, 'axisLps');
      checkVec(pivot, 'pivotLps');
      const r = rotationFromAxisAngle(axis, step.rotateDeg);
      const rp = [r[0][0] * pivot[0] + r[0][1] * pivot[1] + r[0][2] * pivot[2], r[1][0] * pivot[0] + r[1][1] * pivot[1] + r[1][2] * pivot[2], r[2][0] * pivot[0] + r[2][1] * pivot[1] + r[2][2] * pivot[2]];
      delta = composeTransforms(delta, { rotation: r, translationMm: [pivot[0] - rp[0], pivot[1] - rp[1], pivot[2] - rp[2]] });
    }
    this.nudgeLps = composeTransforms(this.nudgeLps, delta);
    return this.evaluate();
  }

  /** Accepts the pose: locks it. @throws DEGENERATE_FIDUCIALS with fewer than 3 valid picks */
  accept(): WorkflowEvaluation {
    if (this.locked) return this.evaluate();
    if (!this.pose()) throw new JumeauError('DEGENERATE_FIDUCIALS', `cannot accept: ${this.paired().error}`, { subject: 'picks' });
    this.locked = true;
    return this.evaluate();
  }

  /** Unlocks (to re-pick or nudge again). */
  unlock(): void {
    this.locked = false;
  }

  /**
   * Locks a stored pose (a saved record or an anchor-corrected pose) without picks.
   * @param xrMmFromLps - LPS mm → XR mm
   * @param stored - the FRE and TREs computed when it was accepted (shown again, marked restored)
   */
  restore(xrMmFromLps: RigidTransform, stored: { freMm: number | null; targets: TargetError[] } = { freMm: null, targets: [] }): void {
    this.picks = [];
    this.trace = [];
    this.changed();
    this.restoredInfo = { freMm: stored.freMm, targets: stored.targets.map((t) => ({ ...t })) };
    this.restoredPose = { rotation: xrMmFromLps.rotation.map((r) => [...r]) as RigidTransform['rotation'], translationMm: [...xrMmFromLps.translationMm] as Vec3 };
    this.locked = true;
  }

  /**
   * Check point: the tool touched a known planned point; returns how far the overlay's version of that
   * point is from the touch (mm), and keeps it (drift history).
   * @throws JumeauError BAD_ARGUMENT before a pose exists or on a bad point
   */
  checkPoint(name: string, plannedLps: PointLps, touchedXrM: Vec3): CheckPointMeasurement & { name: string } {
    const pose = this.pose();
    if (!pose) throw new JumeauError('BAD_ARGUMENT', 'no registration to check yet', { subject: 'workflow' });
    checkVec(touchedXrM, 'touchedXrM');
    const m = measureCheckPoint({
      targetFromSource: pose,
      plannedSourceLps: plannedLps,
      touchedTargetLps: [touchedXrM[0] * MM_PER_M, touchedXrM[1] * MM_PER_M, touchedXrM[2] * MM_PER_M],
    });
    const rec = { name, ...m };
    this.checks.push(rec);
    return rec;
  }

  /** Everything the panel and badge show. */
  evaluate(): WorkflowEvaluation {
    const { paired, error } = this.paired();
    const pose = this.pose();
    const byName = new Map(this.landmarks.map((l) => [l.name, l]));
    const warnings = [...(paired?.warnings ?? [])];
    let targets: TargetError[] = [];
    if (paired) {
      const fiducialsLps = this.picks.map((p) => byName.get(p.name)!.pointLps);
      targets = this.targets.map((t) => ({ name: t.name, label: t.label, treRmsMm: predictTreRms({ fiducialsLps, fleRmsMm: this.fle, targetLps: t.pointLps }).treRmsMm }));
    }
    if (this.icpStats && this.icpStats.conditionNumber > 1e3) warnings.push(`ICP is ill-conditioned (condition number ${this.icpStats.conditionNumber.toExponential(1)}): a sliding direction is poorly constrained`);
    const restored = !!this.restoredPose;
    if (restored && this.restoredInfo) targets = this.restoredInfo.targets.map((t) => ({ ...t }));
    return {
      phase: this.phase,
      pickCount: this.picks.length,
      landmarkCount: this.landmarks.length,
      next: this.nextLandmark(),
      xrMmFromLps: pose,
      xrFromPatient: pose ? xrFromPatientOf(pose) : null,
      reason: pose ? (paired || !restored ? null : 'restored from a saved registration') : error,
      freMm: paired ? paired.freMm : restored ? this.restoredInfo?.freMm ?? null : null,
      residualsMm: paired ? [...paired.residualsMm] : [],
      targets,
      source: restored ? 'restored' : this.icpPose ? 'icp' : paired ? 'paired-point' : 'none',
      icp: this.icpStats,
      nudge: this.nudgeLps,
      warnings,
      fleRmsMm: this.fle,
      traceCount: this.trace.length,
    };
  }
}
