/**
 * The liver plan file, schema `jumeau.liverPlan/1`: what the surgeon decided (resection surfaces,
 * patient height/weight, liver condition, safety margin, portal branches for territories — each with
 * an optional `source`, 'auto' when proposed from the portal centerline, added compatibly) on which
 * labels (source series, grid, segments), the metrics recomputed from a labels volume, and an
 * integrity SHA-256 over the canonical inputs (RFC 8785, as `planIntegrity.ts` does for hip/knee).
 * The metrics are computed by liverPlanMetrics.ts (re-exported here): one computation for the
 * workstation's worker (live updates) and `jumeau plan` (headless).
 */
import { JumeauError } from '../../core/errors';
import type { PointLps, Vec3 } from '../../core/vec3';
import { sameGeometry, type Geometry } from '../../segmentation/labelmap';
import { canonicalSha256, sha256Hex } from '../canonicalJson';
import { arrayAt, directionAt, fail, noExtraKeys, numberAt, objectAt, oneOfAt, stringAt, vec3At, type JsonObject } from '../jsonFields';
import type { MetricDifference } from '../planMetrics';
import { storedVersusComputed } from '../planIntegrity';
import { FLR_THRESHOLDS, HEIGHT_RANGE_CM, MAX_WEIGHT_KG, type LiverCondition } from './flr';
import { computeLiverPlanMetrics, prepareLiverPlan, type LiverPlanInputs, type LiverPlanMetrics, type LiverPlanSegment, type LiverPlanSurface, type LiverSegmentRole } from './liverPlanMetrics';

export * from './liverPlanMetrics';

/** Schema name of the file. */
export const LIVER_PLAN_SCHEMA = 'jumeau.liverPlan/1';
const HEX64 = /^[0-9a-f]{64}$/;

/** The labels grid (LPS mm, direction row-major as `Volume.direction`). */
export interface LiverPlanGrid { size: [number, number, number]; spacingMm: Vec3; originLps: PointLps; direction: number[] }

/** The plan's grid as a {@link Geometry}. */
export const geometryOfGrid = (g: LiverPlanGrid): Geometry => ({ size: [...g.size], spacing: [...g.spacingMm], origin: [...g.originLps], direction: [...g.direction] } as Geometry);
/** A {@link Geometry} as the plan's grid. */
export const gridOfGeometry = (g: Geometry): LiverPlanGrid => ({ size: [g.size[0], g.size[1], g.size[2]], spacingMm: [g.spacing[0], g.spacing[1], g.spacing[2]], originLps: [g.origin[0], g.origin[1], g.origin[2]], direction: [...g.direction] });

/** A liver plan, schema `jumeau.liverPlan/1`. */
export interface LiverPlan extends LiverPlanInputs {
  schema: typeof LIVER_PLAN_SCHEMA;
  /** The CT (series UID, SHA-256 of its voxels) and the labels (SHA-256 of their values as Uint16 LE). */
  source: { seriesInstanceUid: string | null; volumeSha256: string; labelsSha256: string };
  grid: LiverPlanGrid;
  segments: LiverPlanSegment[];
  notes?: string[];
  metrics?: LiverPlanMetrics | JsonObject;
  integrity?: { algorithm: 'SHA-256'; canonicalization: 'RFC 8785'; inputsSha256: string };
}

// ---------------------------------------------------------------- parsing

const roleOf = (v: unknown, p: string): LiverSegmentRole => oneOfAt(v, p, ['liver', 'tumour', 'portalVein', 'hepaticVein'] as const);
const labelAt = (v: unknown, p: string): number => {
  const n = numberAt(v, p, 1, 65535);
  if (!Number.isInteger(n)) fail(p, `must be an integer label, got ${n}`);
  return n;
};
const optionalAt = (v: unknown, p: string, min: number, max: number): number | null => (v === null ? null : numberAt(v, p, min, max));

/** Validates one surface (field errors name e.g. `surfaces[1].controlPointsLps[5]`). */
export function parseLiverSurface(v: unknown, p: string): LiverPlanSurface {
  const o = objectAt(v, p);
  const kind = oneOfAt(o.kind, `${p}.kind`, ['plane', 'bezier'] as const);
  const name = stringAt(o.name, `${p}.name`);
  const resectedSide = oneOfAt(o.resectedSide, `${p}.resectedSide`, ['positive', 'negative'] as const);
  if (kind === 'plane') {
    noExtraKeys(o, p, ['name', 'kind', 'pointLps', 'normalLps', 'resectedSide']);
    return { name, kind, pointLps: vec3At(o.pointLps, `${p}.pointLps`), normalLps: directionAt(o.normalLps, `${p}.normalLps`), resectedSide };
  }
  noExtraKeys(o, p, ['name', 'kind', 'controlPointsLps', 'resectedSide']);
  const cps = arrayAt(o.controlPointsLps, `${p}.controlPointsLps`);
  if (cps.length !== 16) fail(`${p}.controlPointsLps`, `must hold 16 control points (4×4), got ${cps.length}`);
  return { name, kind, controlPointsLps: cps.map((c, n) => vec3At(c, `${p}.controlPointsLps[${n}]`)), resectedSide };
}

/**
 * Validates a parsed `jumeau.liverPlan/1` file; unknown fields are refused.
 * @throws JumeauError BAD_ARGUMENT naming the field, e.g. `patient.heightCm`, `surfaces[0].normalLps`
 */
export function parseLiverPlan(json: unknown): LiverPlan {
  const o = objectAt(json, 'liverPlan');
  noExtraKeys(o, '', ['schema', 'source', 'grid', 'segments', 'surfaces', 'patient', 'liverCondition', 'safetyMarginMm', 'territoryBranches', 'notes', 'metrics', 'integrity']);
  if (o.schema !== LIVER_PLAN_SCHEMA) fail('schema', o.schema === undefined ? 'is missing' : `must be "${LIVER_PLAN_SCHEMA}", got ${JSON.stringify(o.schema)}`);
  const src = objectAt(o.source, 'source');
  noExtraKeys(src, 'source', ['seriesInstanceUid', 'volumeSha256', 'labelsSha256']);
  if (src.seriesInstanceUid === undefined) fail('source.seriesInstanceUid', 'is missing (null for a NIfTI/NRRD input)');
  const hex = (k: 'volumeSha256' | 'labelsSha256'): string => {
    const s = stringAt(src[k], `source.${k}`);
    if (!HEX64.test(s)) fail(`source.${k}`, 'must be 64 lower-case hex digits (SHA-256)');
    return s;
  };
  const g = objectAt(o.grid, 'grid');
  noExtraKeys(g, 'grid', ['size', 'spacingMm', 'originLps', 'direction']);
  const size = vec3At(g.size, 'grid.size');
  size.forEach((n, a) => { if (!Number.isInteger(n) || n < 1) fail(`grid.size[${a}]`, `must be a positive integer, got ${n}`); });
  const spacingMm = vec3At(g.spacingMm, 'grid.spacingMm');
  spacingMm.forEach((s, a) => { if (!(s > 0)) fail(`grid.spacingMm[${a}]`, `must be > 0 mm, got ${s}`); });
  const direction = arrayAt(g.direction, 'grid.direction').map((v, n) => numberAt(v, `grid.direction[${n}]`, -1.000001, 1.000001));
  if (direction.length !== 9) fail('grid.direction', `must hold 9 numbers (row-major 3×3), got ${direction.length}`);
  const segments = arrayAt(o.segments, 'segments', 1).map((v, n) => {
    const s = objectAt(v, `segments[${n}]`);
    noExtraKeys(s, `segments[${n}]`, ['label', 'name', 'role']);
    return { label: labelAt(s.label, `segments[${n}].label`), name: stringAt(s.name, `segments[${n}].name`), role: roleOf(s.role, `segments[${n}].role`) };
  });
  if (!segments.some((s) => s.role === 'liver')) fail('segments', "must include the liver (a segment with role 'liver')");
  segments.forEach((s, n) => { if (segments.findIndex((x) => x.label === s.label) !== n) fail(`segments[${n}].label`, `label ${s.label} appears twice`); });
  const pat = objectAt(o.patient, 'patient');
  noExtraKeys(pat, 'patient', ['heightCm', 'weightKg']);
  if (pat.heightCm === undefined) fail('patient.heightCm', 'is missing (null when unknown)');
  if (pat.weightKg === undefined) fail('patient.weightKg', 'is missing (null when unknown)');
  const plan: LiverPlan = {
    schema: LIVER_PLAN_SCHEMA,
    source: { seriesInstanceUid: src.seriesInstanceUid === null ? null : stringAt(src.seriesInstanceUid, 'source.seriesInstanceUid'), volumeSha256: hex('volumeSha256'), labelsSha256: hex('labelsSha256') },
    grid: { size: size as [number, number, number], spacingMm, originLps: vec3At(g.originLps, 'grid.originLps'), direction },
    segments,
    surfaces: arrayAt(o.surfaces, 'surfaces', 1).map((v, n) => parseLiverSurface(v, `surfaces[${n}]`)),
    patient: { heightCm: optionalAt(pat.heightCm, 'patient.heightCm', HEIGHT_RANGE_CM[0], HEIGHT_RANGE_CM[1]), weightKg: optionalAt(pat.weightKg, 'patient.weightKg', 1e-9, MAX_WEIGHT_KG) },
    liverCondition: oneOfAt(o.liverCondition, 'liverCondition', Object.keys(FLR_THRESHOLDS) as LiverCondition[]),
    safetyMarginMm: numberAt(o.safetyMarginMm, 'safetyMarginMm', 0, 100),
    territoryBranches: arrayAt(o.territoryBranches, 'territoryBranches').map((v, n) => {
      const p = `territoryBranches[${n}]`;
      const b = objectAt(v, p);
      noExtraKeys(b, p, ['label', 'name', 'pointsLps', 'source']);
      const branch: LiverPlan['territoryBranches'][number] = { label: labelAt(b.label, `${p}.label`), name: stringAt(b.name, `${p}.name`), pointsLps: arrayAt(b.pointsLps, `${p}.pointsLps`, 1).map((q, k) => vec3At(q, `${p}.pointsLps[${k}]`)) };
      if (b.source !== undefined) branch.source = oneOfAt(b.source, `${p}.source`, ['auto', 'user'] as const);
      return branch;
    }),
  };
  if (o.notes !== undefined) plan.notes = arrayAt(o.notes, 'notes').map((v, n) => stringAt(v, `notes[${n}]`));
  if (o.metrics !== undefined) plan.metrics = objectAt(o.metrics, 'metrics');
  if (o.integrity !== undefined) {
    const i = objectAt(o.integrity, 'integrity');
    noExtraKeys(i, 'integrity', ['algorithm', 'canonicalization', 'inputsSha256']);
    const inputsSha256 = stringAt(i.inputsSha256, 'integrity.inputsSha256');
    if (!HEX64.test(inputsSha256)) fail('integrity.inputsSha256', 'must be 64 lower-case hex digits (SHA-256)');
    plan.integrity = { algorithm: oneOfAt(i.algorithm, 'integrity.algorithm', ['SHA-256'] as const), canonicalization: oneOfAt(i.canonicalization, 'integrity.canonicalization', ['RFC 8785'] as const), inputsSha256 };
  }
  return plan;
}

// ---------------------------------------------------------------- integrity

/** SHA-256 (hex) of label values as little-endian Uint16 (the same for Uint8 and Uint16 storage). */
export function labelsSha256(labels: ArrayLike<number>): Promise<string> {
  const u = new Uint16Array(labels.length);
  for (let q = 0; q < labels.length; q++) u[q] = labels[q];
  const bytes = new Uint8Array(u.buffer);
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) for (let b = 0; b < bytes.length; b += 2) [bytes[b], bytes[b + 1]] = [bytes[b + 1], bytes[b]];
  return sha256Hex(bytes);
}

/** The hashed part: everything but `metrics` and `integrity`. */
export function liverPlanInputs(plan: LiverPlan): Omit<LiverPlan, 'metrics' | 'integrity'> {
  const { metrics: _m, integrity: _i, ...inputs } = plan;
  return inputs;
}

/** The plan with the given metrics and its integrity hash (metrics made plain JSON). */
export async function sealLiverPlan(plan: LiverPlan, metrics: LiverPlanMetrics): Promise<LiverPlan> {
  const inputs = liverPlanInputs(plan);
  return { ...inputs, metrics: JSON.parse(JSON.stringify(metrics)) as LiverPlanMetrics, integrity: { algorithm: 'SHA-256', canonicalization: 'RFC 8785', inputsSha256: await canonicalSha256(inputs) } };
}

/** What {@link checkLiverPlan} finds. */
export interface LiverPlanCheck {
  metrics: LiverPlanMetrics;
  storedMetrics: 'absent' | 'match' | 'differ';
  differences: MetricDifference[];
  integrity: 'absent' | 'match' | 'mismatch';
  storedInputsSha256: string | null;
  computedInputsSha256: string;
  /** Whether the labels given are the ones the plan was made on. */
  labels: 'match' | 'differ';
}

/** Spacing/origin tolerance of a labels grid read back from NIfTI (float32 header), mm. */
const GRID_TOLERANCE_MM = 1e-3;

/**
 * Recomputes a plan on a labels volume and checks its hash and stored metrics.
 * @throws GEOMETRY_MISMATCH (subject `labels`) when the labels are not on the plan's grid
 */
export async function checkLiverPlan(plan: LiverPlan, labels: Geometry & { data: ArrayLike<number> }): Promise<LiverPlanCheck> {
  const want = geometryOfGrid(plan.grid);
  const close = want.size.every((n, a) => n === labels.size[a]) && [0, 1, 2].every((a) => Math.abs(want.spacing[a] - labels.spacing[a]) <= GRID_TOLERANCE_MM && Math.abs(want.origin[a] - labels.origin[a]) <= GRID_TOLERANCE_MM) &&
    want.direction.every((d, c) => Math.abs(d - labels.direction[c]) <= 1e-5);
  if (!close && !sameGeometry(want, labels)) {
    const f = (g: Geometry): string => `${g.size.join('×')} voxels, spacing ${g.spacing.map((v) => +v.toFixed(4)).join('×')} mm, origin (${g.origin.map((v) => +v.toFixed(3)).join(', ')}) mm`;
    throw new JumeauError('GEOMETRY_MISMATCH', `grid ${f(labels)} is not the plan's grid ${f(want)}: these are not the labels the plan was made on`, { subject: 'labels' });
  }
  const ctx = prepareLiverPlan(want, labels.data, plan.segments);
  const { metrics } = computeLiverPlanMetrics(ctx, plan);
  // A plan sealed before vessel margins existed stores none: compare the metrics it has.
  const stored = plan.metrics as Record<string, unknown> | undefined;
  const compared = stored && !('vesselMargins' in stored) ? (({ vesselMargins: _v, ...rest }) => rest)(metrics) : metrics;
  return {
    metrics,
    ...storedVersusComputed(plan, compared, await canonicalSha256(liverPlanInputs(plan))),
    labels: (await labelsSha256(labels.data)) === plan.source.labelsSha256 ? 'match' : 'differ',
  };
}
