/**
 * The plan file, schema `jumeau.plan/1` (README.md "Plan JSON"): landmarks, implants with sizes and
 * poses, resections, the side, the source series and volume hash, stored metrics and an integrity hash
 * of the inputs. {@link parsePlan} validates a parsed JSON value and names the bad field.
 */
import type { PointLps, Vec3 } from '../core/vec3';
import { IMPLANT_KINDS, type ImplantKind } from './implants';
import {
  arrayAt, directionAt, fail, noExtraKeys, numberAt, objectAt, oneOfAt, stringAt, vec3At, type JsonObject,
} from './jsonFields';
import type { ResectionReference } from './kneeResection';
import type { Side } from './validate';

/** Schema tag of a plan file. */
export const PLAN_SCHEMA = 'jumeau.plan/1';

/** Landmarks a plan may name (each with the suffix `Left` or `Right`, the patient's side). */
export const LATERAL_LANDMARKS = [
  'asis', 'pubicTubercle', 'femoralHeadCentre', 'femoralNeckJunction', 'femoralShaftAxisProximal', 'femoralShaftAxisDistal',
  'femoralKneeCentre', 'tibialKneeCentre', 'ankleCentre', 'distalCondyleMedial', 'distalCondyleLateral',
  'posteriorCondyleMedial', 'posteriorCondyleLateral', 'epicondyleMedial', 'epicondyleLateral', 'plateauMedial', 'plateauLateral',
  // Added compatibly (jumeau.plan/1): the centre of the narrowest neck cross-section (neck axis = head
  // centre → it) and the lesser trochanter tip (proposeNeckAxis.ts).
  'femoralNeckAxisCentre', 'lesserTrochanter',
  // Added compatibly (jumeau.plan/1): the native acetabular opening (proposeAcetabularRim.ts) — its
  // centre and three rim points on the rim plane; the plane through the three points gives the native
  // opening axis (turned to face laterally), hence the native inclination/anteversion.
  'acetabularRimCentre', 'acetabularRimSuperior', 'acetabularRimAnterior', 'acetabularRimPosterior',
  // Added compatibly (jumeau.plan/1): without an ankle centre in view, a point distal of the tibial
  // knee centre on the tibial shaft axis direction (kneeLandmarks.ts: K_t − 100 mm · the proposeTibia
  // shaft unit); the tibial axis is then K_t → it (kneePlanModel.ts `tibialAxisOf`).
  'tibialShaftAxisDistal',
] as const;
export type LateralLandmark = (typeof LATERAL_LANDMARKS)[number];

/** A named point. `source` says whether a person placed it or an algorithm proposed it. */
export interface PlanLandmark {
  /** e.g. `femoralHeadCentreLeft` (a {@link LateralLandmark} + `Left`/`Right`). */
  name: string;
  pointLps: PointLps;
  source: 'auto' | 'manual';
  /** How it was obtained ("sphere fit …", "picked on axial slice 120"). */
  method: string;
}

/** Pose of an implant in LPS: its own origin at `positionLps`, its +z axis along `axisLps`, its +x toward `referenceLps` (optional). */
export interface ImplantPose {
  /** mm, LPS (cup: centre of rotation; head: centre; stem: shoulder on the stem axis; knee: component origin). */
  positionLps: PointLps;
  /** Unit direction of the implant's +z (cup: out of the opening; stem: proximal). */
  axisLps: Vec3;
  /** Direction of the implant's +x, made orthogonal to the axis (stem: medial, i.e. toward the neck). */
  referenceLps?: Vec3;
}

/** Numeric options of an implant; which keys apply depends on the role (see IMPLANT_OPTION_KEYS). */
export interface ImplantOptions {
  /** Head: neck-length option, mm. */
  neckLengthMm?: number;
  /** Stem: neck–shaft (CCD) angle option, degrees. */
  neckShaftAngleDeg?: number;
  /** Stem: offset option, mm. */
  offsetMm?: number;
  /** Stem: planned stem anteversion (version), degrees (positive = anteverted). */
  versionDeg?: number;
  /** Tibial component: insert thickness option, mm. */
  insertThicknessMm?: number;
}

/** Option keys allowed per role. */
export const IMPLANT_OPTION_KEYS: Record<ImplantKind, readonly (keyof ImplantOptions)[]> = {
  cup: [],
  head: ['neckLengthMm'],
  stem: ['neckShaftAngleDeg', 'offsetMm', 'versionDeg'],
  femoralComponent: [],
  tibialComponent: ['insertThicknessMm'],
};

/** An implant of a catalogue family, placed. */
export interface PlanImplant {
  role: ImplantKind;
  familyId: string;
  /** Size label as the catalogue lists it ("52" for a cup, "32" for a 32 mm head, "6" for a stem). */
  size: string;
  options?: ImplantOptions;
  pose: ImplantPose;
}

/** Resection names. */
export const RESECTION_NAMES = ['distalFemur', 'proximalTibia', 'femoralNeck'] as const;

/** A bone cut: parameters of the knee resections (the plane is a computed metric), or a stored plane (femoral neck). */
export interface PlanResection {
  name: (typeof RESECTION_NAMES)[number];
  depthMm?: number;
  varusValgusDeg?: number;
  posteriorSlopeDeg?: number;
  /**
   * Distal femur only: the angle between the anatomical (shaft) and the mechanical axis, degrees in
   * [0, 12], used only when the plan has no femoral head centre — the mechanical axis is then estimated
   * as the shaft axis turned this much medially. Absent: the ⚠ default 6° (not in the brief; the surgeon
   * must confirm it). Added to `jumeau.plan/1` compatibly: a plan without it reads and hashes as before.
   */
  valgusAngleDeg?: number;
  reference?: ResectionReference;
  /** A plane placed by hand: point and unit normal (toward the kept bone), LPS. */
  planeLps?: { pointLps: PointLps; normalLps: Vec3 };
}

/** Measurements that are not landmarks (knee gaps under stress). */
export interface PlanMeasurements {
  /** Stressed joint space per compartment, mm (extension required, flexion optional). */
  kneeJointSpaceMm?: { extension: { medial: number; lateral: number }; flexion?: { medial: number; lateral: number } };
  /** Posterior femoral condylar resection per compartment, mm (for the flexion gap). */
  posteriorFemoralResectionMm?: { medial: number; lateral: number };
}

/** Integrity record: SHA-256 over the RFC 8785 canonical JSON of the plan without `metrics` and `integrity`. */
export interface PlanIntegrity {
  algorithm: 'SHA-256';
  canonicalization: 'RFC 8785';
  inputsSha256: string;
}

/** A plan, schema `jumeau.plan/1`. */
export interface Plan {
  schema: typeof PLAN_SCHEMA;
  anatomy: 'hip' | 'knee';
  /** Operated side. */
  side: Side;
  /** Where the landmarks come from: the series (null for a NIfTI/NRRD input) and the SHA-256 of its voxel bytes (`jumeau build` report.json `volume.sha256`). */
  source: { seriesInstanceUid: string | null; volumeSha256: string };
  /** The implant catalogue the families come from. */
  catalogue?: { id: string; version: string };
  landmarks: PlanLandmark[];
  implants: PlanImplant[];
  resections: PlanResection[];
  measurements?: PlanMeasurements;
  notes?: string[];
  /** Metrics as last computed (checked against a recomputation by `jumeau plan`). */
  metrics?: unknown;
  integrity?: PlanIntegrity;
}

const HEX64 = /^[0-9a-f]{64}$/;

function optionalNumber(o: JsonObject, key: string, path: string, min?: number, max?: number): number | undefined {
  return o[key] === undefined ? undefined : numberAt(o[key], `${path}.${key}`, min, max);
}

function medialLateral(v: unknown, path: string): { medial: number; lateral: number } {
  const o = objectAt(v, path);
  noExtraKeys(o, path, ['medial', 'lateral']);
  return { medial: numberAt(o.medial, `${path}.medial`), lateral: numberAt(o.lateral, `${path}.lateral`) };
}

function parseLandmark(v: unknown, path: string): PlanLandmark {
  const o = objectAt(v, path);
  noExtraKeys(o, path, ['name', 'pointLps', 'source', 'method']);
  const name = stringAt(o.name, `${path}.name`);
  const m = /^(.*)(Left|Right)$/.exec(name);
  if (!m || !(LATERAL_LANDMARKS as readonly string[]).includes(m[1])) {
    fail(`${path}.name`, `"${name}" is not a known landmark (one of ${LATERAL_LANDMARKS.join(', ')}, each + Left or Right)`);
  }
  return { name, pointLps: vec3At(o.pointLps, `${path}.pointLps`), source: oneOfAt(o.source, `${path}.source`, ['auto', 'manual'] as const), method: stringAt(o.method, `${path}.method`) };
}

function parseImplant(v: unknown, path: string): PlanImplant {
  const o = objectAt(v, path);
  noExtraKeys(o, path, ['role', 'familyId', 'size', 'options', 'pose']);
  const role = oneOfAt(o.role, `${path}.role`, IMPLANT_KINDS);
  const p = objectAt(o.pose, `${path}.pose`);
  noExtraKeys(p, `${path}.pose`, ['positionLps', 'axisLps', 'referenceLps']);
  const pose: ImplantPose = { positionLps: vec3At(p.positionLps, `${path}.pose.positionLps`), axisLps: directionAt(p.axisLps, `${path}.pose.axisLps`) };
  if (p.referenceLps !== undefined) pose.referenceLps = directionAt(p.referenceLps, `${path}.pose.referenceLps`);
  const implant: PlanImplant = { role, familyId: stringAt(o.familyId, `${path}.familyId`), size: stringAt(o.size, `${path}.size`), pose };
  if (o.options !== undefined) {
    const opts = objectAt(o.options, `${path}.options`);
    noExtraKeys(opts, `${path}.options`, IMPLANT_OPTION_KEYS[role]);
    implant.options = Object.fromEntries(Object.keys(opts).map((k) => [k, numberAt(opts[k], `${path}.options.${k}`)]));
  }
  return implant;
}

function parseResection(v: unknown, path: string): PlanResection {
  const o = objectAt(v, path);
  noExtraKeys(o, path, ['name', 'depthMm', 'varusValgusDeg', 'posteriorSlopeDeg', 'valgusAngleDeg', 'reference', 'planeLps']);
  const r: PlanResection = { name: oneOfAt(o.name, `${path}.name`, RESECTION_NAMES) };
  const depth = optionalNumber(o, 'depthMm', path, 0, 30);
  const vv = optionalNumber(o, 'varusValgusDeg', path, -20, 20);
  const slope = optionalNumber(o, 'posteriorSlopeDeg', path, -15, 15);
  if (depth !== undefined) r.depthMm = depth;
  if (vv !== undefined) r.varusValgusDeg = vv;
  if (slope !== undefined) r.posteriorSlopeDeg = slope;
  const valgus = optionalNumber(o, 'valgusAngleDeg', path, 0, 12);
  if (valgus !== undefined) {
    if (r.name !== 'distalFemur') fail(`${path}.valgusAngleDeg`, `applies to the distalFemur resection only (the anatomical–mechanical femoral angle), not ${r.name}`);
    r.valgusAngleDeg = valgus;
  }
  if (o.reference !== undefined) r.reference = oneOfAt(o.reference, `${path}.reference`, ['auto', 'medial', 'lateral'] as const);
  if (o.planeLps !== undefined) {
    const q = objectAt(o.planeLps, `${path}.planeLps`);
    noExtraKeys(q, `${path}.planeLps`, ['pointLps', 'normalLps']);
    r.planeLps = { pointLps: vec3At(q.pointLps, `${path}.planeLps.pointLps`), normalLps: directionAt(q.normalLps, `${path}.planeLps.normalLps`) };
  }
  if (r.name === 'femoralNeck' && !r.planeLps) fail(`${path}.planeLps`, 'is missing (a femoral neck cut is a plane placed on the neck)');
  return r;
}

function parseMeasurements(v: unknown, path: string): PlanMeasurements {
  const o = objectAt(v, path);
  noExtraKeys(o, path, ['kneeJointSpaceMm', 'posteriorFemoralResectionMm']);
  const m: PlanMeasurements = {};
  if (o.kneeJointSpaceMm !== undefined) {
    const j = objectAt(o.kneeJointSpaceMm, `${path}.kneeJointSpaceMm`);
    noExtraKeys(j, `${path}.kneeJointSpaceMm`, ['extension', 'flexion']);
    m.kneeJointSpaceMm = { extension: medialLateral(j.extension, `${path}.kneeJointSpaceMm.extension`) };
    if (j.flexion !== undefined) m.kneeJointSpaceMm.flexion = medialLateral(j.flexion, `${path}.kneeJointSpaceMm.flexion`);
  }
  if (o.posteriorFemoralResectionMm !== undefined) m.posteriorFemoralResectionMm = medialLateral(o.posteriorFemoralResectionMm, `${path}.posteriorFemoralResectionMm`);
  return m;
}

/** Left landmarks must lie at larger x (patient left) than their right counterparts. */
function checkLaterality(landmarks: PlanLandmark[]): void {
  landmarks.forEach((l, n) => {
    if (!l.name.endsWith('Left')) return;
    const r = landmarks.find((x) => x.name === `${l.name.slice(0, -4)}Right`);
    if (r && !(l.pointLps[0] > r.pointLps[0])) {
      fail(`landmarks[${n}].pointLps`, `${l.name} (x = ${l.pointLps[0]}) is not to the patient's left of ${r.name} (x = ${r.pointLps[0]}): left and right swapped? (LPS: +x = patient left)`);
    }
  });
}

/**
 * Validates a parsed plan (`JSON.parse` of plan.json) and returns it typed. Unknown fields are refused
 * (a typo must not silently drop a value).
 * @throws JumeauError BAD_ARGUMENT naming the field, e.g. `landmarks[2].pointLps`, `implants[0].size`
 */
export function parsePlan(json: unknown): Plan {
  const o = objectAt(json, 'plan');
  noExtraKeys(o, '', ['schema', 'anatomy', 'side', 'source', 'catalogue', 'landmarks', 'implants', 'resections', 'measurements', 'notes', 'metrics', 'integrity']);
  if (o.schema !== PLAN_SCHEMA) fail('schema', o.schema === undefined ? 'is missing' : `must be "${PLAN_SCHEMA}", got ${JSON.stringify(o.schema)}`);
  const src = objectAt(o.source, 'source');
  noExtraKeys(src, 'source', ['seriesInstanceUid', 'volumeSha256']);
  if (src.seriesInstanceUid === undefined) fail('source.seriesInstanceUid', 'is missing (null for a NIfTI/NRRD input)');
  const seriesInstanceUid = src.seriesInstanceUid === null ? null : stringAt(src.seriesInstanceUid, 'source.seriesInstanceUid');
  const volumeSha256 = stringAt(src.volumeSha256, 'source.volumeSha256');
  if (!HEX64.test(volumeSha256)) fail('source.volumeSha256', 'must be 64 lower-case hex digits (SHA-256)');
  const landmarks = arrayAt(o.landmarks, 'landmarks').map((v, n) => parseLandmark(v, `landmarks[${n}]`));
  landmarks.forEach((l, n) => {
    if (landmarks.findIndex((x) => x.name === l.name) !== n) fail(`landmarks[${n}].name`, `"${l.name}" appears twice`);
  });
  checkLaterality(landmarks);
  const plan: Plan = {
    schema: PLAN_SCHEMA,
    anatomy: oneOfAt(o.anatomy, 'anatomy', ['hip', 'knee'] as const),
    side: oneOfAt(o.side, 'side', ['L', 'R'] as const),
    source: { seriesInstanceUid, volumeSha256 },
    landmarks,
    implants: arrayAt(o.implants, 'implants').map((v, n) => parseImplant(v, `implants[${n}]`)),
    resections: arrayAt(o.resections, 'resections').map((v, n) => parseResection(v, `resections[${n}]`)),
  };
  if (o.catalogue !== undefined) {
    const c = objectAt(o.catalogue, 'catalogue');
    noExtraKeys(c, 'catalogue', ['id', 'version']);
    plan.catalogue = { id: stringAt(c.id, 'catalogue.id'), version: stringAt(c.version, 'catalogue.version') };
  }
  if (o.measurements !== undefined) plan.measurements = parseMeasurements(o.measurements, 'measurements');
  if (o.notes !== undefined) plan.notes = arrayAt(o.notes, 'notes').map((v, n) => stringAt(v, `notes[${n}]`));
  if (o.metrics !== undefined) plan.metrics = objectAt(o.metrics, 'metrics');
  if (o.integrity !== undefined) {
    const g = objectAt(o.integrity, 'integrity');
    noExtraKeys(g, 'integrity', ['algorithm', 'canonicalization', 'inputsSha256']);
    const inputsSha256 = stringAt(g.inputsSha256, 'integrity.inputsSha256');
    if (!HEX64.test(inputsSha256)) fail('integrity.inputsSha256', 'must be 64 lower-case hex digits (SHA-256)');
    plan.integrity = { algorithm: oneOfAt(g.algorithm, 'integrity.algorithm', ['SHA-256'] as const), canonicalization: oneOfAt(g.canonicalization, 'integrity.canonicalization', ['RFC 8785'] as const), inputsSha256 };
  }
  return plan;
}

/** The landmark named `base` + side suffix, or undefined. */
export function findLandmark(plan: Pick<Plan, 'landmarks'>, base: LateralLandmark, side: Side): PlanLandmark | undefined {
  const name = `${base}${side === 'L' ? 'Left' : 'Right'}`;
  return plan.landmarks.find((l) => l.name === name);
}
