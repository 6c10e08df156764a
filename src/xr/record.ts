/**
 * The persisted registration (pure): a plain JSON record with the pose as row-major 4×4 matrices
 * (column vectors, translation at 3, 7, 11), FRE, predicted TREs and the time it was accepted. With a
 * WebXR anchor, `anchorFromPatientMatrix4` holds the pose relative to the anchor, so the next session
 * recovers `xrFromPatient = xrFromAnchor(now) ∘ anchorFromPatient` (REG-05) even when the reference
 * space has moved.
 */
import { JumeauError } from '../core/errors';
import type { RigidTransform } from '../registration/rigidTransform';
import { transformFromMatrix4, transformToMatrix4 } from '../registration/rigidTransform';
import type { RigidTransformM } from './frames';
import { matrix4OfTransformM, patientFromLpsMatrix4, xrFromPatientOf } from './frames';
import type { TargetError, WorkflowEvaluation } from './workflow';

/** Schema tag of {@link RegistrationRecord}. */
export const REGISTRATION_RECORD_SCHEMA = 'jumeau.xr-registration/1';

/** A saved registration. */
export interface RegistrationRecord {
  schema: typeof REGISTRATION_RECORD_SCHEMA;
  /** ISO 8601 time of acceptance. */
  savedAt: string;
  /** LPS mm → XR mm, row-major 4×4. */
  xrFromLpsMatrix4: number[];
  /** Patient m → XR m, row-major 4×4 (the pose of the overlay's root node). */
  xrFromPatientMatrix4: number[];
  /** The fixed LPS mm → patient m map used (0.001·(x, z, −y)). */
  patientFromLpsMatrix4: number[];
  /** FRE (mm) of the paired-point fit; not an accuracy indicator. */
  freMm: number | null;
  /** FLE (mm RMS) assumed by the TRE prediction. */
  fleRmsMm: number;
  /** Predicted TRE at each target (mm). */
  targets: TargetError[];
  /** Pose source. */
  source: WorkflowEvaluation['source'];
  /** Picked landmark names, in order. */
  landmarks: string[];
  /** The XR session mode it was made in, or 'desktop'. */
  sessionMode: string;
  /** Anchor-relative pose (anchor m → patient m inverse: anchorFromPatient), when an anchor was made. */
  anchorFromPatientMatrix4?: number[];
}

/**
 * A record of an accepted evaluation.
 * @throws JumeauError BAD_ARGUMENT (subject 'evaluation') when there is no pose
 */
export function makeRecord(e: WorkflowEvaluation, savedAt: string, sessionMode: string, landmarkNames: string[], anchorFromPatient?: RigidTransformM): RegistrationRecord {
  if (!e.xrMmFromLps || !e.xrFromPatient) throw new JumeauError('BAD_ARGUMENT', 'no pose to save', { subject: 'evaluation' });
  return {
    schema: REGISTRATION_RECORD_SCHEMA,
    savedAt,
    xrFromLpsMatrix4: transformToMatrix4(e.xrMmFromLps),
    xrFromPatientMatrix4: matrix4OfTransformM(e.xrFromPatient),
    patientFromLpsMatrix4: patientFromLpsMatrix4(),
    freMm: e.freMm,
    fleRmsMm: e.fleRmsMm,
    targets: e.targets.map((t) => ({ ...t })),
    source: e.source,
    landmarks: [...landmarkNames],
    sessionMode,
    ...(anchorFromPatient ? { anchorFromPatientMatrix4: matrix4OfTransformM(anchorFromPatient) } : {}),
  };
}

/** A row-major 4×4 in metres as a transform (via the mm reader: units do not matter to its checks). */
export function transformMFromMatrix4(m: readonly number[], subject: string): RigidTransformM {
  const t = transformFromMatrix4(m, subject);
  return { rotation: t.rotation, translationM: t.translationMm };
}

/**
 * Reads a record back (from JSON), checking its schema and matrices.
 * @returns the record and its pose LPS mm → XR mm
 * @throws JumeauError BAD_ARGUMENT naming the bad field
 */
export function parseRecord(json: unknown): { record: RegistrationRecord; xrMmFromLps: RigidTransform; anchorFromPatient: RigidTransformM | null } {
  const r = json as Partial<RegistrationRecord> | null;
  if (!r || typeof r !== 'object' || r.schema !== REGISTRATION_RECORD_SCHEMA) throw new JumeauError('BAD_ARGUMENT', `not a ${REGISTRATION_RECORD_SCHEMA} record`, { subject: 'schema' });
  if (typeof r.savedAt !== 'string' || Number.isNaN(Date.parse(r.savedAt))) throw new JumeauError('BAD_ARGUMENT', 'missing or invalid time', { subject: 'savedAt' });
  const xrMmFromLps = transformFromMatrix4(r.xrFromLpsMatrix4 as number[], 'xrFromLpsMatrix4');
  const fromMm = matrix4OfTransformM(xrFromPatientOf(xrMmFromLps));
  const stored = r.xrFromPatientMatrix4;
  if (!Array.isArray(stored) || stored.length !== 16 || stored.some((v, i) => !(Math.abs(v - fromMm[i]) <= 1e-6))) {
    throw new JumeauError('BAD_ARGUMENT', 'does not agree with xrFromLpsMatrix4 and the fixed patientFromLps map', { subject: 'xrFromPatientMatrix4' });
  }
  if (!(r.freMm === null || (typeof r.freMm === 'number' && Number.isFinite(r.freMm)))) throw new JumeauError('BAD_ARGUMENT', 'must be a number or null', { subject: 'freMm' });
  if (typeof r.fleRmsMm !== 'number' || !(r.fleRmsMm >= 0)) throw new JumeauError('BAD_ARGUMENT', 'must be a number ≥ 0', { subject: 'fleRmsMm' });
  if (!Array.isArray(r.targets) || r.targets.some((t) => typeof t?.name !== 'string' || !Number.isFinite(t?.treRmsMm))) throw new JumeauError('BAD_ARGUMENT', 'must list {name, label, treRmsMm}', { subject: 'targets' });
  const anchorFromPatient = r.anchorFromPatientMatrix4 ? transformMFromMatrix4(r.anchorFromPatientMatrix4, 'anchorFromPatientMatrix4') : null;
  return { record: r as RegistrationRecord, xrMmFromLps, anchorFromPatient };
}
