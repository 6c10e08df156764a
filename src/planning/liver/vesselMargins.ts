/**
 * Vessel margins (brief §6.2: "signed distance maps (EDT) of tumour, portal and hepatic vessels sampled
 * on the surface"): for every vessel segment (portal vein, hepatic veins) the minimum distance (mm)
 * from the resection surface **where it runs through the liver** to the vessel, and the vessel's
 * centerline branches the surface cuts.
 *
 * - Distance: the vessel's exact EDT (tumourField.ts `prepareTumours`, the same field as tumour margins,
 *   to the union of the vessel's voxel cubes), sampled on the surface patch (a plane: its display square
 *   over the organ) at ≈ the smallest voxel spacing, keeping only points whose nearest voxel is in the
 *   organ (the cut face, not the plane's extension outside the liver), then three rounds of 11 × 11
 *   local refinement. 0 when the cut face passes through the vessel.
 * - Cut branches: each centerline edge (centerline.ts) walked every ≤ ½ smallest spacing; the surface's
 *   own partition at the nearest voxel changes between resected and remnant along it → the edge is cut
 *   there (crossing point, radius there).
 * Pure; fields and centerlines are prepared once per labels ({@link prepareVessels}).
 */
import type { PointLps } from '../../core/vec3';
import { describeError, isJumeauError } from '../../core/errors';
import { extractCenterlines, type CenterlineGraph } from '../../segmentation/centerline';
import type { BezierSurface } from './bezier';
import { bezierPointLps, sampleBezierGrid } from './bezier';
import { toIndex, voxelAffine, type GridMask } from './grid';
import { prepareTumours, type PreparedTumour } from './tumourField';
import { LIVER_PART } from './volumetry';

/** A vessel segment of the plan, its mask on the organ grid. */
export interface VesselInput { label: number; name: string; role: 'portalVein' | 'hepaticVein'; mask: GridMask }

/** A vessel with its distance field and centerline (or why there is none). */
export interface PreparedVessel {
  label: number;
  name: string;
  role: 'portalVein' | 'hepaticVein';
  field: PreparedTumour;
  centerline: CenterlineGraph | null;
  centerlineError: string | null;
}

/** A cut centerline branch. */
export interface CutBranch {
  /** Centerline edge index (its generation: 0 = trunk, 1 = past the first bifurcation, …). */
  edge: number;
  generation: number;
  meanRadiusMm: number;
  /** Radius (mm) of the vessel where the surface crosses it. */
  radiusAtCutMm: number;
  crossingLps: PointLps;
  surface: string;
}

/** Margin of one vessel to the plan's surfaces. */
export interface VesselMargin {
  label: number;
  name: string;
  role: 'portalVein' | 'hepaticVein';
  /** Minimum distance (mm) from the cut face to the vessel (0: the surface passes through it); null with a reason. */
  minDistanceMm: number | null;
  /** The surface it is measured to and its closest point there. */
  surface: string | null;
  closestSurfacePointLps: PointLps | null;
  /** Centerline branches cut (empty: none; null: no centerline, see `reason`). */
  cutBranches: CutBranch[] | null;
  reason: string | null;
}

/** Builds the vessels' distance fields and centerlines (once per labels). */
export function prepareVessels(organ: GridMask, vessels: VesselInput[], signal?: AbortSignal): PreparedVessel[] {
  const fields = prepareTumours(organ, vessels.map((v) => ({ name: v.name, mask: v.mask })));
  return vessels.map((v, n) => {
    let centerline: CenterlineGraph | null = null, centerlineError: string | null = null;
    try {
      centerline = extractCenterlines(v.mask, { signal });
    } catch (e) {
      if (isJumeauError(e) && e.code === 'CANCELLED') throw e;
      centerlineError = isJumeauError(e) ? `${e.code}: ${e.message}` : describeError(e);
    }
    return { label: v.label, name: v.name, role: v.role, field: fields[n], centerline, centerlineError };
  });
}

/** A vessel's centerline as the 3D view draws it: one polyline (LPS mm) per edge, with its mean radius. */
export interface VesselCenterline { name: string; role: 'portalVein' | 'hepaticVein'; edges: { pointsLps: PointLps[]; meanRadiusMm: number; generation: number }[] }

/** The drawable centerlines of the prepared vessels (those that have one). */
export const drawableCenterlines = (vessels: PreparedVessel[]): VesselCenterline[] => vessels.flatMap((v) => (v.centerline
  ? [{ name: v.name, role: v.role, edges: v.centerline.edges.map((e) => ({ pointsLps: e.pointsLps, meanRadiusMm: e.meanRadiusMm, generation: e.generation })) }]
  : []));

/** A surface as vessel margins need it: its patch (drawn extent) and its own split. */
export interface VesselSurface { name: string; patch: BezierSurface; partition: Uint8Array }

/** Minimum of the vessel's cube distance over the patch points inside the organ. */
function minOnCutFace(organ: GridMask, v: PreparedVessel, patch: BezierSurface): { distanceMm: number; pointLps: PointLps } | null {
  const aff = voxelAffine(organ);
  const [ni, nj, nk] = organ.size;
  const inOrgan = (p: PointLps): boolean => {
    const [fi, fj, fk] = toIndex(aff, p);
    const i = Math.round(fi), j = Math.round(fj), k = Math.round(fk);
    return i >= 0 && j >= 0 && k >= 0 && i < ni && j < nj && k < nk && organ.data[i + ni * (j + nj * k)] !== 0;
  };
  const cps = patch.controlPointsLps;
  const extent = Math.max(Math.hypot(cps[15][0] - cps[0][0], cps[15][1] - cps[0][1], cps[15][2] - cps[0][2]), Math.hypot(cps[12][0] - cps[3][0], cps[12][1] - cps[3][1], cps[12][2] - cps[3][2]));
  const g = Math.min(400, Math.max(16, Math.ceil(extent / Math.min(...organ.spacing))));
  const pts = sampleBezierGrid(patch, g, g);
  let best = Infinity, bu = -1, bv = -1;
  for (let a = 0; a <= g; a++) for (let b = 0; b <= g; b++) {
    const o = 3 * (a * (g + 1) + b);
    const p: PointLps = [pts[o], pts[o + 1], pts[o + 2]];
    if (!inOrgan(p)) continue;
    const d = v.field.distanceAt(p[0], p[1], p[2]);
    if (d < best) { best = d; bu = a / g; bv = b / g; }
  }
  if (bu < 0) return null;
  let point = bezierPointLps(patch, bu, bv);
  best = v.field.boundaryDistanceAt(point[0], point[1], point[2]);
  let cell = 2 / g;
  for (let round = 0; round < 3; round++, cell /= 5) {
    const u0 = bu, v0 = bv;
    for (let a = -5; a <= 5; a++) for (let b = -5; b <= 5; b++) {
      const uu = Math.min(1, Math.max(0, u0 + (a * cell) / 5)), vv = Math.min(1, Math.max(0, v0 + (b * cell) / 5));
      const p = bezierPointLps(patch, uu, vv);
      if (!inOrgan(p)) continue;
      const d = v.field.boundaryDistanceAt(p[0], p[1], p[2]);
      if (d < best) { best = d; bu = uu; bv = vv; point = p; }
    }
  }
  return { distanceMm: best, pointLps: point };
}

/** Centerline edges whose walk crosses from one side of the surface's partition to the other. */
function cutEdges(organ: GridMask, graph: CenterlineGraph, s: VesselSurface): CutBranch[] {
  const aff = voxelAffine(organ);
  const [ni, nj, nk] = organ.size;
  const step = Math.min(...organ.spacing) / 2;
  const out: CutBranch[] = [];
  for (const e of graph.edges) {
    let last = 0, lastP: PointLps | null = null, lastR = 0;
    let hit: { p: PointLps; r: number } | null = null;
    for (let n = 1; n < e.pointsLps.length && !hit; n++) {
      const a = e.pointsLps[n - 1], b = e.pointsLps[n];
      const m = Math.max(1, Math.ceil(Math.hypot(b[0] - a[0], b[1] - a[1], b[2] - a[2]) / step));
      for (let t = 0; t <= m && !hit; t++) {
        const f = t / m;
        const p: PointLps = [a[0] + f * (b[0] - a[0]), a[1] + f * (b[1] - a[1]), a[2] + f * (b[2] - a[2])];
        const r = e.radiiMm[n - 1] + f * (e.radiiMm[n] - e.radiiMm[n - 1]);
        const [fi, fj, fk] = toIndex(aff, p);
        const i = Math.round(fi), j = Math.round(fj), k = Math.round(fk);
        if (i < 0 || j < 0 || k < 0 || i >= ni || j >= nj || k >= nk) continue;
        const side = s.partition[i + ni * (j + nj * k)];
        if (side === LIVER_PART.outside) continue;
        if (last && side !== last && lastP) hit = { p: [(p[0] + lastP[0]) / 2, (p[1] + lastP[1]) / 2, (p[2] + lastP[2]) / 2], r: (r + lastR) / 2 };
        last = side; lastP = p; lastR = r;
      }
    }
    if (hit) out.push({ edge: e.id, generation: e.generation, meanRadiusMm: e.meanRadiusMm, radiusAtCutMm: hit.r, crossingLps: hit.p, surface: s.name });
  }
  return out;
}

/**
 * Margins of every vessel to every surface: the smallest distance over the surfaces (with its surface)
 * and the branches each surface cuts.
 */
export function vesselMargins(organ: GridMask, vessels: PreparedVessel[], surfaces: VesselSurface[]): VesselMargin[] {
  return vessels.map((v): VesselMargin => {
    let best: { distanceMm: number; pointLps: PointLps; surface: string } | null = null;
    for (const s of surfaces) {
      const m = minOnCutFace(organ, v, s.patch);
      if (m && (!best || m.distanceMm < best.distanceMm)) best = { ...m, surface: s.name };
    }
    const cutBranches = v.centerline ? surfaces.flatMap((s) => cutEdges(organ, v.centerline!, s)) : null;
    const reasons = [
      ...(v.field.voxels.length ? [] : ['the vessel mask is empty']),
      ...(best ? [] : ['no surface passes through the liver']),
      ...(v.centerline ? [] : [`no centerline (${v.centerlineError ?? 'not computed'}): cut branches unknown`]),
    ];
    return {
      label: v.label, name: v.name, role: v.role,
      minDistanceMm: v.field.voxels.length && best ? best.distanceMm : null, surface: best?.surface ?? null, closestSurfacePointLps: best?.pointLps ?? null,
      cutBranches, reason: reasons.length ? reasons.join('; ') : null,
    };
  });
}
