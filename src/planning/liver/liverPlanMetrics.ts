/**
 * Liver plan metrics from a labels volume — the computation the workstation's worker runs live and
 * `jumeau plan` runs headless (see liverPlanFile.ts for the file). {@link prepareLiverPlan} builds the
 * organ (union of the plan's segments) and tumour masks once, on the labels grid cropped to the organ's
 * box; {@link computeLiverPlanMetrics} splits the organ by every surface, unions the resected parts
 * (several surfaces: a voxel is resected when any surface resects it), and reports volumes, FLR
 * (measured and standardised), tumour margins (the minimum over the surfaces, conservative) and the
 * geodesic territories of the portal branch points.
 */
import { JumeauError, describeError, isJumeauError } from '../../core/errors';
import type { PointLps, Vec3 } from '../../core/vec3';
import { createMask, type Geometry, type Mask } from '../../segmentation/labelmap';
import type { Metric } from '../planMetrics';
import { bezierFromPlane, tessellateBezier, type BezierSurface } from './bezier';
import { splitLiverByBezier } from './bezierSplit';
import { assessFlr, type FlrAssessment, type LiverCondition } from './flr';
import { geodesicTerritories } from './geodesicTerritories';
import { toLps, voxelAffine } from './grid';
import { DEFAULT_SAFETY_MARGIN_MM, tumourMargins, type ResectionSurface, type TumourMargin } from './margins';
import { splitLiverByPlane } from './planeSplit';
import type { TerritoryBranch } from './territories';
import { proposePortalBranches, type PortalProposal } from './portalBranches';
import { prepareVessels, vesselMargins, type PreparedVessel, type VesselInput, type VesselMargin } from './vesselMargins';
import type { CenterlineGraph } from '../../segmentation/centerline';
import { prepareTumours, type PreparedTumour } from './tumourField';
import { LIVER_PART, partitionVolumes, type CutSide, type LiverSplit } from './volumetry';

/** Cells along u and v of the display mesh whose vertices get tumour distances (worker and overlay use it). */
export const DISPLAY_SEGMENTS = 64;

/** What a segment of the labels is to the plan; the organ (TLV_CT) is the union of all of them. */
export type LiverSegmentRole = 'liver' | 'tumour' | 'portalVein' | 'hepaticVein';
/** A label of the labels volume used by the plan. */
export interface LiverPlanSegment { label: number; name: string; role: LiverSegmentRole }

/** A resection surface, LPS mm; its normal (plane) or ∂S/∂u × ∂S/∂v (Bézier) points to the positive side. */
export type LiverPlanSurface =
  | { name: string; kind: 'plane'; pointLps: PointLps; normalLps: Vec3; resectedSide: CutSide }
  | { name: string; kind: 'bezier'; controlPointsLps: PointLps[]; resectedSide: CutSide };

/** What the user decides; the file adds source, grid, segments, metrics and integrity. */
export interface LiverPlanInputs {
  surfaces: LiverPlanSurface[];
  patient: { heightCm: number | null; weightKg: number | null };
  liverCondition: LiverCondition;
  safetyMarginMm: number;
  /** Portal branches (point or polyline, LPS mm) seeding the geodesic territories; may be empty. */
  territoryBranches: TerritoryBranch[];
}

/** A tumour margin in the file: the core's margin plus the surface it was measured to. */
export type LiverTumourMargin = TumourMargin & { label: number; surface: string | null };

/** Metrics of a liver plan (all volumes mL, ratios as fractions, distances mm). */
export interface LiverPlanMetrics {
  /** Organ = union of every listed segment (TLV_CT), tumours inside it, functional = organ − tumours. */
  organ: { tlvCtMl: number; tumourMl: number; functionalTotalMl: number; tumours: { label: number; name: string; volumeMl: number }[] };
  resection: Metric<{
    resectedMl: number; remnantMl: number; remnantRatio: number; remnantFunctionalMl: number; resectedFunctionalMl: number;
    tumourResectedMl: number; tumourRemnantMl: number; surfaces: { name: string; resectedMl: number; cutComplete: boolean }[];
  }>;
  /** FLR / (TLV_CT − tumour) against the condition's threshold. */
  flrMeasured: Metric<FlrAssessment>;
  /** FLR / standardised TLV (Mosteller BSA, Vauthey) — needs height and weight. */
  flrStandardized: Metric<FlrAssessment>;
  margins: Metric<{ safetyMarginMm: number; allPass: boolean | null; reason: string | null; tumours: LiverTumourMargin[] }>;
  /** Distance from the cut face to each vessel segment and the centerline branches cut (absent in plans sealed before it existed). */
  vesselMargins: Metric<{ vessels: VesselMargin[] }>;
  territories: Metric<{ method: 'geodesic'; ambiguityMm: number; ambiguousMl: number; unreachedMl: number; territories: { label: number; name: string; volumeMl: number; resectedMl: number | null; remnantMl: number | null }[] }>;
}

// ---------------------------------------------------------------- preparation

/** The organ as the UI needs it to place surfaces: volumes, centroid and LPS bounding box. */
export interface LiverOrganSummary {
  tlvCtMl: number;
  centreLps: PointLps;
  boxMinLps: PointLps;
  boxMaxLps: PointLps;
  /** Diagonal of the LPS bounding box (mm): the side of plane display patches. */
  diagonalMm: number;
  tumours: { label: number; name: string; volumeMl: number }[];
  /** The portal-vein segment's label, or null (territories need it). */
  portalLabel: number | null;
}

/** Masks and distance fields built once per labels volume; reused by every update. */
export interface LiverPlanContext {
  /** The work grid: the labels grid cropped to the organ's box grown by one voxel (masks, partitions and territory labels are on it). */
  grid: Geometry;
  /** Index on the labels grid of the work grid's first voxel. */
  cropLoIjk: [number, number, number];
  organ: Mask;
  tumourMasks: Mask[];
  tumourLabels: number[];
  tumours: PreparedTumour[];
  summary: LiverOrganSummary;
  /** Vessel segments (portal vein, hepatic veins) on the work grid. */
  vesselInputs: VesselInput[];
  /** Their distance fields and centerlines, built on first use ({@link vesselsOf}). */
  vessels: PreparedVessel[] | null;
  /** Splits by surface (JSON key), so an update that moves one surface re-splits only that one. */
  splitCache: Map<string, LiverSplit & { cutComplete?: boolean }>;
}

/**
 * Builds the organ (union of the segments), the tumour masks and their distance fields.
 * @throws EMPTY_SEGMENT naming `segments[n]` for a listed liver label with no voxel; OUTSIDE_ORGAN for a
 *   tumour away from the liver; BAD_ARGUMENT for labels not on the grid
 */
export function prepareLiverPlan(grid: Geometry, labels: ArrayLike<number>, segments: LiverPlanSegment[]): LiverPlanContext {
  const [ni, nj, nk] = grid.size;
  const nij = ni * nj, n = nij * nk;
  if (labels.length !== n) throw new JumeauError('GEOMETRY_MISMATCH', `hold ${labels.length} voxels, the grid ${grid.size.join('×')} needs ${n}`, { subject: 'labels' });
  const tumourSegs = segments.filter((s) => s.role === 'tumour');
  const byLabel = new Int32Array(65536).fill(-1);
  segments.forEach((s, k) => { byLabel[s.label] = k; });
  const tumourIndex = new Int32Array(65536).fill(-1);
  tumourSegs.forEach((s, k) => { tumourIndex[s.label] = k; });
  // Pass 1 (whole grid): voxel counts, the organ's index box, and whether each tumour touches the
  // liver itself (its own voxels make part of the organ union, so the core's check cannot see it).
  const counts = new Array<number>(segments.length).fill(0);
  const touches = tumourSegs.map(() => false);
  const tissue = (q: number): boolean => { const l = labels[q]; return l !== 0 && byLabel[l] >= 0 && tumourIndex[l] < 0; };
  const lo = [ni, nj, nk], hi = [-1, -1, -1];
  for (let k = 0, q = 0; k < nk; k++) for (let j = 0; j < nj; j++) for (let i = 0; i < ni; i++, q++) {
    const l = labels[q];
    if (l === 0 || byLabel[l] < 0) continue;
    counts[byLabel[l]]++;
    if (i < lo[0]) lo[0] = i; if (i > hi[0]) hi[0] = i;
    if (j < lo[1]) lo[1] = j; if (j > hi[1]) hi[1] = j;
    if (k < lo[2]) lo[2] = k; if (k > hi[2]) hi[2] = k;
    const t = tumourIndex[l];
    if (t >= 0 && !touches[t]) {
      touches[t] = (i > 0 && tissue(q - 1)) || (i < ni - 1 && tissue(q + 1)) || (j > 0 && tissue(q - ni)) || (j < nj - 1 && tissue(q + ni)) || (k > 0 && tissue(q - nij)) || (k < nk - 1 && tissue(q + nij));
    }
  }
  segments.forEach((s, k) => {
    if (s.role === 'liver' && counts[k] === 0) throw new JumeauError('EMPTY_SEGMENT', `the liver segment "${s.name}" (label ${s.label}) has no voxel in the labels`, { subject: `segments[${k}]` });
  });
  if (hi[0] < 0 || !segments.some((s) => s.role === 'liver')) throw new JumeauError('EMPTY_SEGMENT', 'no liver voxel in the labels (no segment with the liver role, or none of its voxels)', { subject: 'segments' });
  tumourSegs.forEach((seg, t) => {
    const k = segments.indexOf(seg);
    if (counts[k] > 0 && !touches[t]) throw new JumeauError('OUTSIDE_ORGAN', `${seg.name} lies outside the liver (it touches no liver voxel): correct the segmentation`, { subject: `segments[${k}]` });
  });
  // The work grid: the organ's box grown by one voxel (same voxels, LPS unchanged; 2–3× fewer voxels to split).
  const a0 = voxelAffine(grid);
  const cLo = lo.map((v) => Math.max(0, v - 1)), cHi = hi.map((v, a) => Math.min(grid.size[a] - 1, v + 1));
  const crop: Geometry = { size: [cHi[0] - cLo[0] + 1, cHi[1] - cLo[1] + 1, cHi[2] - cLo[2] + 1], spacing: [...grid.spacing], origin: toLps(a0, cLo[0], cLo[1], cLo[2]), direction: [...grid.direction] } as Geometry;
  const organ = createMask(crop);
  const tumourMasks = tumourSegs.map(() => createMask(crop));
  const vesselSegs = segments.filter((s) => s.role === 'portalVein' || s.role === 'hepaticVein');
  const vesselMasks = vesselSegs.map(() => createMask(crop));
  const vesselIndex = new Int32Array(65536).fill(-1);
  vesselSegs.forEach((s, k) => { vesselIndex[s.label] = k; });
  const [mi, mj, mk] = crop.size;
  for (let k = 0, r = 0; k < mk; k++) for (let j = 0; j < mj; j++) {
    const q0 = cLo[0] + ni * (cLo[1] + j + nj * (cLo[2] + k));
    for (let i = 0; i < mi; i++, r++) {
      const l = labels[q0 + i];
      if (l === 0 || byLabel[l] < 0) continue;
      organ.data[r] = 1;
      if (tumourIndex[l] >= 0) tumourMasks[tumourIndex[l]].data[r] = 1;
      if (vesselIndex[l] >= 0) vesselMasks[vesselIndex[l]].data[r] = 1;
    }
  }
  const tumours = prepareTumours(organ, tumourSegs.map((s, k) => ({ name: s.name, mask: tumourMasks[k] })));
  const aff = voxelAffine(crop);
  const c: PointLps = [0, 0, 0];
  const bLo: PointLps = [Infinity, Infinity, Infinity], bHi: PointLps = [-Infinity, -Infinity, -Infinity];
  let count = 0;
  for (let k = 0, q = 0; k < mk; k++) for (let j = 0; j < mj; j++) for (let i = 0; i < mi; i++, q++) {
    if (!organ.data[q]) continue;
    const p = toLps(aff, i, j, k);
    for (let a = 0; a < 3; a++) { c[a] += p[a]; if (p[a] < bLo[a]) bLo[a] = p[a]; if (p[a] > bHi[a]) bHi[a] = p[a]; }
    count++;
  }
  const ml = (grid.spacing[0] * grid.spacing[1] * grid.spacing[2]) / 1000;
  const portal = segments.find((s) => s.role === 'portalVein' && counts[segments.indexOf(s)] > 0);
  return {
    grid: crop, cropLoIjk: [cLo[0], cLo[1], cLo[2]], organ, tumourMasks, tumourLabels: tumourSegs.map((s) => s.label), tumours, splitCache: new Map(),
    vesselInputs: vesselSegs.map((s, k) => ({ label: s.label, name: s.name, role: s.role as VesselInput['role'], mask: vesselMasks[k] })), vessels: null,
    summary: {
      tlvCtMl: count * ml, centreLps: c.map((v) => v / count) as PointLps, boxMinLps: bLo, boxMaxLps: bHi, diagonalMm: Math.hypot(bHi[0] - bLo[0], bHi[1] - bLo[1], bHi[2] - bLo[2]),
      tumours: tumours.map((t, k) => ({ label: tumourSegs[k].label, name: t.name, volumeMl: t.volumeMl })), portalLabel: portal?.label ?? null,
    },
  };
}

// ---------------------------------------------------------------- computation

/** The core's surface type of a plan surface. */
export function resectionSurfaceOf(s: LiverPlanSurface): ResectionSurface {
  return s.kind === 'plane' ? { kind: 'plane', plane: { pointLps: s.pointLps, normalLps: s.normalLps } } : { kind: 'bezier', surface: { controlPointsLps: s.controlPointsLps } };
}

/** The patch drawn for a surface: a Bézier's own, or a plane's square of side `diagonalMm` centred on the organ centre's foot. */
export function displayPatchOf(s: LiverPlanSurface, organ: Pick<LiverOrganSummary, 'centreLps' | 'diagonalMm'>): BezierSurface {
  if (s.kind === 'bezier') return { controlPointsLps: s.controlPointsLps };
  const len = Math.hypot(...s.normalLps);
  const n: Vec3 = [s.normalLps[0] / len, s.normalLps[1] / len, s.normalLps[2] / len];
  const c = organ.centreLps;
  const h = (c[0] - s.pointLps[0]) * n[0] + (c[1] - s.pointLps[1]) * n[1] + (c[2] - s.pointLps[2]) * n[2];
  return bezierFromPlane({ centreLps: [c[0] - h * n[0], c[1] - h * n[1], c[2] - h * n[2]], normalLps: n, sizeMm: Math.max(1, organ.diagonalMm) });
}

/** Display mesh vertices (LPS mm) of a surface, {@link DISPLAY_SEGMENTS} cells a side. */
export const displayPositionsOf = (s: LiverPlanSurface, organ: Pick<LiverOrganSummary, 'centreLps' | 'diagonalMm'>): Float32Array =>
  tessellateBezier(displayPatchOf(s, organ), { segmentsU: DISPLAY_SEGMENTS, segmentsV: DISPLAY_SEGMENTS }).positionsLps;

const unavailable = (reason: string): { available: false; reason: string } => ({ available: false, reason });
const why = (e: unknown): string => (isJumeauError(e) ? e.message : `unexpected error: ${describeError(e)}`);

function splitOf(ctx: LiverPlanContext, s: LiverPlanSurface, n: number): LiverSplit & { cutComplete?: boolean } {
  const key = JSON.stringify([s.kind, s.kind === 'plane' ? [s.pointLps, s.normalLps] : s.controlPointsLps, s.resectedSide]);
  const hit = ctx.splitCache.get(key);
  if (hit) return hit;
  let split: LiverSplit & { cutComplete?: boolean };
  try {
    split = s.kind === 'plane'
      ? splitLiverByPlane(ctx.organ, { pointLps: s.pointLps, normalLps: s.normalLps }, { resectedSide: s.resectedSide })
      : splitLiverByBezier(ctx.organ, { controlPointsLps: s.controlPointsLps }, { resectedSide: s.resectedSide });
  } catch (e) {
    if (isJumeauError(e)) throw new JumeauError(e.code, `${s.name}: ${e.message}`, { subject: `surfaces[${n}]` });
    throw e;
  }
  if (ctx.splitCache.size >= 12) ctx.splitCache.clear();
  ctx.splitCache.set(key, split);
  return split;
}

/** Result of {@link computeLiverPlanMetrics}: the metrics and per-surface display colours. */
export interface LiverPlanComputation {
  metrics: LiverPlanMetrics;
  /** Per surface: distance (mm) from each display vertex to the nearest tumour; null without tumours or split. */
  vertexDistanceMm: (Float32Array | null)[];
  /** Combined partition (LIVER_PART codes) or null when a surface does not cut the organ. */
  partition: Uint8Array | null;
  /** Territory label per voxel, or null. */
  territoryLabels: Uint16Array | null;
}

/**
 * Recomputes every metric of a plan on the prepared labels.
 * @param options.territories - compute the geodesic territories (default true; the live update skips them)
 */
export function computeLiverPlanMetrics(ctx: LiverPlanContext, inputs: LiverPlanInputs, options: { territories?: boolean; signal?: AbortSignal } = {}): LiverPlanComputation {
  const sm = ctx.summary;
  const tumourMl = sm.tumours.reduce((a, t) => a + t.volumeMl, 0);
  const organ: LiverPlanMetrics['organ'] = { tlvCtMl: sm.tlvCtMl, tumourMl, functionalTotalMl: sm.tlvCtMl - tumourMl, tumours: sm.tumours };
  const vertexDistanceMm: (Float32Array | null)[] = inputs.surfaces.map(() => null);
  let partition: Uint8Array | null = null;
  let resection: LiverPlanMetrics['resection'];
  let flrMeasured: LiverPlanMetrics['flrMeasured'], flrStandardized: LiverPlanMetrics['flrStandardized'], margins: LiverPlanMetrics['margins'], vessels: LiverPlanMetrics['vesselMargins'];
  try {
    if (!inputs.surfaces.length) throw new JumeauError('MISSING_INPUT', 'no resection surface: add one', { subject: 'surfaces' });
    const splits = inputs.surfaces.map((s, n) => splitOf(ctx, s, n));
    partition = splits.length === 1 ? splits[0].partition : new Uint8Array(splits[0].partition.length);
    if (splits.length > 1) {
      const od = ctx.organ.data;
      for (let q = 0; q < partition.length; q++) {
        if (!od[q]) continue;
        let p: number = LIVER_PART.remnant;
        for (const sp of splits) if (sp.partition[q] === LIVER_PART.resected) { p = LIVER_PART.resected; break; }
        partition[q] = p;
      }
    }
    const v = partitionVolumes({ partition }, ctx.grid, ctx.tumourMasks);
    resection = { available: true, value: {
      resectedMl: v.resectedMl, remnantMl: v.remnantMl, remnantRatio: v.remnantRatio, remnantFunctionalMl: v.remnantFunctionalMl, resectedFunctionalMl: v.resectedFunctionalMl,
      tumourResectedMl: v.tumourResectedMl, tumourRemnantMl: v.tumourRemnantMl,
      surfaces: splits.map((sp, n) => ({ name: inputs.surfaces[n].name, resectedMl: sp.resectedVolumeMl, cutComplete: sp.cutComplete ?? true })),
    } };
    const assess = (tlv: Parameters<typeof assessFlr>[0]['tlv']): Metric<FlrAssessment> => {
      try { return { available: true, value: assessFlr({ flrVolumeMl: v.remnantFunctionalMl, tlv, condition: inputs.liverCondition }) }; } catch (e) { return unavailable(why(e)); }
    };
    flrMeasured = assess({ kind: 'measured', tlvCtMl: v.totalMl, tumourVolumeMl: v.tumourMl });
    flrStandardized = assess({ kind: 'standardized', heightCm: inputs.patient.heightCm, weightKg: inputs.patient.weightKg });
    margins = combineMargins(ctx, inputs, partition, vertexDistanceMm);
    vessels = ctx.vesselInputs.length
      ? { available: true, value: { vessels: vesselMargins(ctx.organ, vesselsOf(ctx, options.signal), inputs.surfaces.map((s, n) => ({ name: s.name, patch: displayPatchOf(s, ctx.summary), partition: splits[n].partition }))) } }
      : unavailable('MISSING_SEGMENT: no vessel segment (portal vein, hepatic vein) in the labels');
  } catch (e) {
    if (!isJumeauError(e) || e.code === 'CANCELLED') throw e;
    resection = unavailable(why(e));
    flrMeasured = flrStandardized = margins = vessels = unavailable(`no resection: ${why(e)}`);
  }
  let territoryLabels: Uint16Array | null = null;
  let territories: LiverPlanMetrics['territories'] = unavailable('not computed');
  if (options.territories !== false) {
    const t = computeTerritories(ctx, inputs.territoryBranches, partition, options.signal);
    territories = t.metric;
    territoryLabels = t.labels;
  }
  return { metrics: { organ, resection, flrMeasured, flrStandardized, margins, vesselMargins: vessels, territories }, vertexDistanceMm, partition, territoryLabels };
}

/** The vessels' distance fields and centerlines, built once per context. */
export function vesselsOf(ctx: LiverPlanContext, signal?: AbortSignal): PreparedVessel[] {
  ctx.vessels ??= prepareVessels(ctx.organ, ctx.vesselInputs, signal);
  return ctx.vessels;
}

/**
 * Proposed portal branches (portalBranches.ts) from the portal vein's centerline, with the centerline.
 * @throws MISSING_SEGMENT without a portal vein segment, or when its centerline is too small a tree
 */
export function proposeBranchesOf(ctx: LiverPlanContext, signal?: AbortSignal): { proposal: PortalProposal; centerline: CenterlineGraph } {
  const portal = ctx.vesselInputs.findIndex((v) => v.role === 'portalVein');
  if (portal < 0 || ctx.summary.portalLabel === null) throw new JumeauError('MISSING_SEGMENT', 'no portal vein segment in the labels: branches follow the portal vein (build the twin with portal-vein seeds)', { subject: 'portalVein' });
  const v = vesselsOf(ctx, signal)[portal];
  if (!v.centerline) throw new JumeauError('MISSING_SEGMENT', `the portal vein has no centerline — ${v.centerlineError}`, { subject: 'portalVein' });
  return { proposal: proposePortalBranches(v.centerline), centerline: v.centerline };
}

/** Margins of every tumour to every surface on the combined partition; the smallest per tumour wins. */
function combineMargins(ctx: LiverPlanContext, inputs: LiverPlanInputs, partition: Uint8Array, vertexDistanceMm: (Float32Array | null)[]): LiverPlanMetrics['margins'] {
  const safety = inputs.safetyMarginMm ?? DEFAULT_SAFETY_MARGIN_MM;
  const reports = inputs.surfaces.map((s, n) => {
    const r = tumourMargins({ organ: ctx.organ, split: { partition }, tumours: ctx.tumours, surface: resectionSurfaceOf(s), safetyMarginMm: safety, displayPositionsLps: displayPositionsOf(s, ctx.summary) });
    vertexDistanceMm[n] = r.vertexDistanceMm;
    return r;
  });
  if (!ctx.tumours.length) return { available: true, value: { safetyMarginMm: safety, allPass: null, reason: reports[0].reason, tumours: [] } };
  const tumours = ctx.tumours.map((_, k): LiverTumourMargin => {
    let best = 0;
    reports.forEach((r, n) => {
      const m = r.tumours[k].marginMm, b = reports[best].tumours[k].marginMm;
      if (m !== null && (b === null || m < b)) best = n;
    });
    const t = reports[best].tumours[k];
    return { ...t, label: ctx.tumourLabels[k], surface: t.marginMm === null ? null : inputs.surfaces[best].name };
  });
  const judged = tumours.filter((t) => t.passes !== null);
  return { available: true, value: { safetyMarginMm: safety, allPass: judged.length ? judged.every((t) => t.passes) : null, reason: judged.length ? null : 'every tumour mask is empty', tumours } };
}

/** Geodesic territories from the plan's portal branches, with resected/remnant volumes per territory. */
export function computeTerritories(ctx: LiverPlanContext, branches: TerritoryBranch[], partition: Uint8Array | null, signal?: AbortSignal): { metric: LiverPlanMetrics['territories']; labels: Uint16Array | null } {
  if (ctx.summary.portalLabel === null) return { metric: unavailable('MISSING_SEGMENT: no portal vein segment in the labels — territories follow the portal branches'), labels: null };
  if (!branches.length) return { metric: unavailable('MISSING_INPUT: no portal branch point placed (propose or place them on the portal vein)'), labels: null };
  try {
    const t = geodesicTerritories(ctx.organ, branches, { signal });
    const ml = (ctx.grid.spacing[0] * ctx.grid.spacing[1] * ctx.grid.spacing[2]) / 1000;
    const res = new Map<number, number>(), rem = new Map<number, number>();
    if (partition) for (let q = 0; q < t.labels.length; q++) {
      const l = t.labels[q];
      if (!l) continue;
      const m = partition[q] === LIVER_PART.resected ? res : rem;
      m.set(l, (m.get(l) ?? 0) + 1);
    }
    return {
      metric: { available: true, value: {
        method: 'geodesic', ambiguityMm: t.ambiguityMm, ambiguousMl: t.ambiguousVolumeMl, unreachedMl: t.unreachedVoxels * ml,
        territories: t.territories.map((x) => ({ label: x.label, name: x.name, volumeMl: x.volumeMl, resectedMl: partition ? (res.get(x.label) ?? 0) * ml : null, remnantMl: partition ? (rem.get(x.label) ?? 0) * ml : null })),
      } },
      labels: t.labels,
    };
  } catch (e) {
    if (isJumeauError(e) && e.code !== 'CANCELLED') return { metric: unavailable(`${e.code}: ${e.message}`), labels: null };
    throw e;
  }
}
