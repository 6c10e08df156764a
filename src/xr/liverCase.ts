/**
 * A liver twin in the headset overlay (pure: no Babylon, no DOM): registration landmarks, targets and
 * check point from the twin's meshes, and the plan's resection surfaces as meshes.
 *
 * - **Targets** = tumour centroids (LPS mm): the centroid of the volume each tumour's closed mesh
 *   encloses (divergence theorem). The saved case holds the labels but not their grid's geometry, so
 *   the overlay cannot map voxels to LPS; the twin's meshes are in LPS, and a closed mesh's volume
 *   centroid equals its voxels' centroid to a fraction of a voxel (tested on the liver phantom). No
 *   tumour: the liver's centroid is the target.
 * - **Landmarks** are PROPOSED, not anatomical: the liver has no bony landmark, so the overlay proposes
 *   five well-spread points on its surface that an anterior (open or laparoscopic) approach can touch:
 *   the liver mesh's extreme vertices along patient right, left, inferior and superior, each tilted
 *   towards anterior (direction + ½·anterior), and along anterior itself; a sixth (right-inferior,
 *   tilted anterior) is a check point. Labels say "Proposed". Extremes closer than
 *   {@link MIN_LANDMARK_SEPARATION_MM} to an earlier one are dropped; fewer than 3 left is an error.
 *   The surgeon should confirm each on the patient; registering on soft tissue moves with breathing
 *   and mobilisation, which a rigid registration does not model (ICP on traced surface points helps
 *   with the rigid part only).
 * - **Resection surfaces**: a plane is drawn as the workstation draws it (a square of side = the
 *   organ's box diagonal, centred on the foot of the organ centre, `displayPatchOf`), a Bézier as its
 *   own patch; both tessellated by `src/planning/liver` and made double-sided (seen from both sides).
 */
import { JumeauError } from '../core/errors';
import type { PointLps, Vec3 } from '../core/vec3';
import { computeVertexNormals } from '../meshing/meshMath';
import type { SegmentMesh, TriangleMesh } from '../meshing/types';
import { tessellateBezier, type SurfaceMesh } from '../planning/liver/bezier';
import { displayPatchOf, type LiverPlanInputs, type LiverPlanSurface, type LiverSegmentRole } from '../planning/liver/liverPlanMetrics';
import { roleOfSegment } from '../ui/logic/liverPlanForms';
import type { PlannedLandmark, RegistrationTarget } from './landmarks';
import { surfaceOf, type OverlayTwin } from './phantomTwin';

/** Proposed landmarks closer than this to an earlier one are dropped (mm). */
export const MIN_LANDMARK_SEPARATION_MM = 30;
/** Cells a side of a resection surface's overlay mesh. */
export const SURFACE_OVERLAY_SEGMENTS = 24;
/** Colour of the resection surfaces in the overlay (sRGB). */
export const RESECTION_SURFACE_RGB: [number, number, number] = [80, 200, 120];

/** A proposed surface point: key, label, and the LPS direction it is the extreme of (normalised on use). */
export interface SurfaceDirection {
  name: string;
  label: string;
  directionLps: Vec3;
}

/** Landmarks proposed on the liver surface, in picking order (LPS: +x left, +y posterior, +z superior). */
export const LIVER_LANDMARK_DIRECTIONS: readonly SurfaceDirection[] = [
  { name: 'liverProposedRight', label: 'Proposed: liver right edge (anterolateral)', directionLps: [-1, -0.5, 0] },
  { name: 'liverProposedLeft', label: 'Proposed: left lobe tip', directionLps: [1, -0.5, 0] },
  { name: 'liverProposedInferior', label: 'Proposed: liver inferior edge', directionLps: [0, -0.5, -1] },
  { name: 'liverProposedSuperior', label: 'Proposed: liver dome (anterior)', directionLps: [0, -0.5, 1] },
  { name: 'liverProposedAnterior', label: 'Proposed: liver anterior surface', directionLps: [0, -1, 0] },
];

/** The proposed check point (not used for the registration). */
export const LIVER_CHECK_DIRECTIONS: readonly SurfaceDirection[] = [
  { name: 'liverProposedRightInferior', label: 'Proposed check: liver right inferior corner', directionLps: [-1, -0.5, -1] },
];

/** A twin segment as this module needs it: name, role in the liver plan (null = not used), mesh. */
export interface LiverCaseSegment {
  name: string;
  role: LiverSegmentRole | null;
  mesh: TriangleMesh;
}

/**
 * Volume and volume centroid of a closed, outward-wound triangle mesh (LPS mm), by the divergence
 * theorem (signed tetrahedra from a reference point; Float64 sums).
 * @throws JumeauError BAD_ARGUMENT (subject `mesh`) when it encloses no positive volume (empty, open
 *   or inward-wound)
 */
export function closedMeshCentroidLps(mesh: TriangleMesh): { centroidLps: PointLps; volumeMm3: number } {
  const p = mesh.positionsLps;
  const idx = mesh.indices;
  if (p.length < 9 || idx.length < 3) throw new JumeauError('BAD_ARGUMENT', 'the mesh has no triangle: it encloses no volume', { subject: 'mesh' });
  const o: Vec3 = [p[0], p[1], p[2]]; // reference point: keeps the products small (Float32 positions far from 0)
  let v6 = 0;
  const c: Vec3 = [0, 0, 0];
  for (let t = 0; t < idx.length; t += 3) {
    const a = 3 * idx[t], b = 3 * idx[t + 1], d = 3 * idx[t + 2];
    const ax = p[a] - o[0], ay = p[a + 1] - o[1], az = p[a + 2] - o[2];
    const bx = p[b] - o[0], by = p[b + 1] - o[1], bz = p[b + 2] - o[2];
    const cx = p[d] - o[0], cy = p[d + 1] - o[1], cz = p[d + 2] - o[2];
    const det = ax * (by * cz - bz * cy) - ay * (bx * cz - bz * cx) + az * (bx * cy - by * cx); // 6 × signed volume
    v6 += det;
    c[0] += det * (ax + bx + cx);
    c[1] += det * (ay + by + cy);
    c[2] += det * (az + bz + cz);
  }
  const volumeMm3 = v6 / 6;
  if (!(volumeMm3 > 0)) throw new JumeauError('BAD_ARGUMENT', `the mesh encloses no positive volume (${volumeMm3.toFixed(3)} mm³): it is open or wound inwards`, { subject: 'mesh' });
  return { centroidLps: [o[0] + c[0] / (4 * v6), o[1] + c[1] / (4 * v6), o[2] + c[2] / (4 * v6)], volumeMm3 };
}

/**
 * The vertex of `positionsLps` farthest along each direction (ties: the first), dropping one closer than
 * `minSeparationMm` to an earlier kept point.
 */
export function proposeSurfaceLandmarks(positionsLps: ArrayLike<number>, directions: readonly SurfaceDirection[], minSeparationMm = MIN_LANDMARK_SEPARATION_MM, keptBefore: readonly PointLps[] = []): PlannedLandmark[] {
  if (positionsLps.length < 3) throw new JumeauError('BAD_ARGUMENT', 'the surface has no vertex', { subject: 'positionsLps' });
  const out: PlannedLandmark[] = [];
  const kept: PointLps[] = [...keptBefore];
  for (const dir of directions) {
    const l = Math.hypot(...dir.directionLps);
    const d: Vec3 = [dir.directionLps[0] / l, dir.directionLps[1] / l, dir.directionLps[2] / l];
    let best = -Infinity;
    let at = 0;
    for (let v = 0; v < positionsLps.length; v += 3) {
      const h = positionsLps[v] * d[0] + positionsLps[v + 1] * d[1] + positionsLps[v + 2] * d[2];
      if (h > best) {
        best = h;
        at = v;
      }
    }
    const p: PointLps = [positionsLps[at], positionsLps[at + 1], positionsLps[at + 2]];
    if (kept.some((q) => Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]) < minSeparationMm)) continue;
    kept.push(p);
    out.push({ name: dir.name, label: dir.label, pointLps: p });
  }
  return out;
}

/**
 * The registration plan of a liver twin: proposed surface landmarks on the liver-role segments,
 * tumour centroids as targets (else the liver centroid), one proposed check point.
 * @throws JumeauError MISSING_SEGMENT when no segment has the liver role; MISSING_INPUT when fewer than
 *   3 well-separated landmarks can be proposed
 */
export function liverRegistrationPlan(segments: readonly LiverCaseSegment[]): { landmarks: PlannedLandmark[]; targets: RegistrationTarget[]; checkPoints: PlannedLandmark[] } {
  const liver = segments.filter((s) => s.role === 'liver');
  if (!liver.length) throw new JumeauError('MISSING_SEGMENT', 'the liver twin has no "liver" segment to propose registration landmarks on', { subject: 'segments' });
  const positions = concatPositions(liver.map((s) => s.mesh));
  const landmarks = proposeSurfaceLandmarks(positions, LIVER_LANDMARK_DIRECTIONS);
  if (landmarks.length < 3) {
    throw new JumeauError('MISSING_INPUT', `only ${landmarks.length} well-separated surface point(s) could be proposed on the liver (≥ 3 needed, ${MIN_LANDMARK_SEPARATION_MM} mm apart)`, { subject: 'segments' });
  }
  const checkPoints = proposeSurfaceLandmarks(positions, LIVER_CHECK_DIRECTIONS, MIN_LANDMARK_SEPARATION_MM, landmarks.map((l) => l.pointLps));
  const tumours = segments.filter((s) => s.role === 'tumour');
  const targets: RegistrationTarget[] = tumours.length
    ? tumours.map((t) => ({ name: `${t.name} centroid`, label: `${t.name[0].toUpperCase()}${t.name.slice(1)} centroid`, pointLps: closedMeshCentroidLps(t.mesh).centroidLps }))
    : [{ name: 'liver centroid', label: 'Liver centroid (no tumour)', pointLps: unionCentroid(liver.map((s) => s.mesh)).centroidLps }];
  return { landmarks, targets, checkPoints };
}

function concatPositions(meshes: readonly TriangleMesh[]): Float32Array {
  const out = new Float32Array(meshes.reduce((n, m) => n + m.positionsLps.length, 0));
  let o = 0;
  for (const m of meshes) {
    out.set(m.positionsLps, o);
    o += m.positionsLps.length;
  }
  return out;
}

/** Volume-weighted centroid of several closed meshes. */
function unionCentroid(meshes: readonly TriangleMesh[]): { centroidLps: PointLps; volumeMm3: number } {
  const c: Vec3 = [0, 0, 0];
  let v = 0;
  for (const m of meshes) {
    const r = closedMeshCentroidLps(m);
    for (let a = 0; a < 3; a++) c[a] += r.volumeMm3 * r.centroidLps[a];
    v += r.volumeMm3;
  }
  return { centroidLps: [c[0] / v, c[1] / v, c[2] / v], volumeMm3: v };
}

/**
 * The organ as the liver plan draws planes on it, from the meshes of the plan's segments (every role):
 * volume centroid and the diagonal of the vertices' LPS box. (The workstation takes both from the
 * voxels; the difference is a fraction of a voxel and only moves where a plane's square is drawn.)
 */
export function organOfMeshes(meshes: readonly TriangleMesh[]): { centreLps: PointLps; diagonalMm: number } {
  const lo = [Infinity, Infinity, Infinity], hi = [-Infinity, -Infinity, -Infinity];
  for (const m of meshes) {
    const p = m.positionsLps;
    for (let v = 0; v < p.length; v += 3) for (let a = 0; a < 3; a++) {
      if (p[v + a] < lo[a]) lo[a] = p[v + a];
      if (p[v + a] > hi[a]) hi[a] = p[v + a];
    }
  }
  return { centreLps: unionCentroid(meshes).centroidLps, diagonalMm: Math.hypot(hi[0] - lo[0], hi[1] - lo[1], hi[2] - lo[2]) };
}

/** Both sides of an open surface: the triangles again with reversed winding and negated normals. */
export function doubleSidedMesh(m: SurfaceMesh): TriangleMesh {
  const n = m.positionsLps.length;
  const positionsLps = new Float32Array(2 * n);
  positionsLps.set(m.positionsLps);
  positionsLps.set(m.positionsLps, n);
  const normals = new Float32Array(2 * n);
  normals.set(m.normalsLps);
  for (let i = 0; i < n; i++) normals[n + i] = -m.normalsLps[i];
  const t = m.indices.length;
  const indices = new Uint32Array(2 * t);
  indices.set(m.indices);
  const off = n / 3;
  for (let i = 0; i < t; i += 3) {
    indices[t + i] = m.indices[i] + off;
    indices[t + i + 1] = m.indices[i + 2] + off;
    indices[t + i + 2] = m.indices[i + 1] + off;
  }
  return { positionsLps, indices, normals };
}

/** The plan's resection surfaces as double-sided overlay meshes named after them. */
export function resectionSurfaceMeshes(surfaces: readonly LiverPlanSurface[], organ: { centreLps: PointLps; diagonalMm: number }): SegmentMesh[] {
  return surfaces.map((s) => ({
    name: `resection ${s.name}`,
    colorRgb: [...RESECTION_SURFACE_RGB] as [number, number, number],
    mesh: doubleSidedMesh(tessellateBezier(displayPatchOf(s, organ), { segmentsU: SURFACE_OVERLAY_SEGMENTS, segmentsV: SURFACE_OVERLAY_SEGMENTS })),
  }));
}

/** A liver case ready for the overlay (the shape caseTwin.ts returns). */
export interface LiverCaseOverlay {
  twin: OverlayTwin;
  plan: { landmarks: PlannedLandmark[]; targets: RegistrationTarget[]; checkPoints: PlannedLandmark[] };
  description: string;
}

/**
 * The overlay of a saved liver twin: its segments (roles by name as the liver plan reads them: liver,
 * tumour n, portal / hepatic vein), the plan's resection surfaces (planned objects: not on the virtual
 * patient, not in the ICP surface), the proposed landmarks, the tumour-centroid targets and the ICP
 * surface = the liver segment(s).
 * @throws JumeauError from {@link liverRegistrationPlan}; BAD_ARGUMENT naming `liverPlanInputs.surfaces[n]`
 *   for a surface that cannot be drawn
 */
export function liverCaseOverlay(twin: { segments: readonly { name: string; colorRgb: [number, number, number]; mesh: TriangleMesh }[]; liverPlanInputs?: LiverPlanInputs }): LiverCaseOverlay {
  const segments: SegmentMesh[] = twin.segments.map((s) => ({ name: s.name, colorRgb: s.colorRgb, mesh: { ...s.mesh, normals: s.mesh.normals ?? computeVertexNormals(s.mesh) } }));
  const roles: LiverCaseSegment[] = segments.map((s) => ({ name: s.name, role: roleOfSegment(s.name), mesh: s.mesh }));
  const plan = liverRegistrationPlan(roles);
  const organ = organOfMeshes(roles.filter((r) => r.role).map((r) => r.mesh));
  const inputs = twin.liverPlanInputs?.surfaces ?? [];
  const surfaces = inputs.flatMap((s, n) => {
    try {
      return resectionSurfaceMeshes([s], organ);
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      throw new JumeauError('BAD_ARGUMENT', `resection surface "${s?.name}" cannot be drawn: ${why}`, { subject: `liverPlanInputs.surfaces[${n}]` });
    }
  });
  const liver = segments.filter((_, i) => roles[i].role === 'liver');
  const landmarksLps: Record<string, PointLps> = Object.fromEntries([...plan.landmarks, ...plan.checkPoints].map((l) => [l.name, l.pointLps]));
  return {
    twin: { segments: [...segments, ...surfaces], landmarksLps, surface: surfaceOf(liver), plannedNames: surfaces.map((s) => s.name) },
    plan,
    description: `liver twin, ${segments.length} segments${surfaces.length ? ` + ${surfaces.length} resection surface(s)` : ''}, ${plan.landmarks.length} proposed landmarks, targets: ${plan.targets.map((t) => t.label).join(', ')}`,
  };
}
