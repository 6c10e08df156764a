/**
 * The overlay twin of a case saved by the workstation in this browser (same origin, IndexedDB).
 * - Hip (or knee) twin with a plan: its segment meshes, the planned cup and head (shown, not registered
 *   to), the plan's landmarks to pick and the cup centre as the target.
 * - Liver twin: its segments, the liver plan's resection surfaces, PROPOSED surface landmarks and the
 *   tumour centroids as targets (./liverCase.ts).
 * Nothing is fetched; a series with no saved case, or a plan with fewer than 3 landmarks, is a clear error.
 */
import { JumeauError } from '../core/errors';
import type { PointLps } from '../core/vec3';
import { computeVertexNormals } from '../meshing/meshMath';
import type { SegmentMesh } from '../meshing/types';
import { loadCase } from '../ui/caseStore';
import { implantMeshesOf } from '../ui/planImplants';
import { registrationPlanFromLandmarks, type PlannedLandmark, type RegistrationTarget } from './landmarks';
import { surfaceOf, type OverlayTwin } from './phantomTwin';
import { liverCaseOverlay } from './liverCase';

/** A case ready for the overlay. */
export interface CaseOverlay {
  twin: OverlayTwin;
  plan: { landmarks: PlannedLandmark[]; targets: RegistrationTarget[]; checkPoints: PlannedLandmark[] };
  /** e.g. "hip twin, 5 segments, 6 landmarks". */
  description: string;
}

/**
 * Loads the case of `seriesId` for the overlay.
 * @throws JumeauError SERIES_NOT_FOUND when this browser has no case for it; MISSING_INPUT when a hip
 *   twin has no plan or the plan fewer than 3 landmarks; a liver twin's errors: see liverCaseOverlay
 */
export async function loadCaseOverlay(seriesId: string): Promise<CaseOverlay> {
  const saved = await loadCase(seriesId);
  if (!saved) throw new JumeauError('SERIES_NOT_FOUND', 'no case saved in this browser for this series: build its twin in the workstation first', { subject: `case ${seriesId}` });
  if (saved.twin.anatomy === 'liver') return liverCaseOverlay(saved.twin);
  const plan = saved.twin.plan;
  if (!plan) throw new JumeauError('MISSING_INPUT', `the ${saved.twin.anatomy} twin has no plan to register: the overlay registers a hip plan's landmarks`, { subject: 'plan' });
  const bones: SegmentMesh[] = saved.twin.segments.map((s) => ({ name: s.name, colorRgb: s.colorRgb, mesh: { ...s.mesh, normals: computeVertexNormals(s.mesh) } }));
  const implants: SegmentMesh[] = implantMeshesOf(plan).map((s) => ({ ...s, mesh: { ...s.mesh, normals: computeVertexNormals(s.mesh) } }));
  const landmarksLps: Record<string, PointLps> = Object.fromEntries(plan.landmarks.map((l) => [l.name, l.pointLps]));
  const cup = plan.implants.find((i) => i.role === 'cup');
  return {
    twin: { segments: [...bones, ...implants], landmarksLps, surface: surfaceOf(bones), plannedNames: implants.map((i) => i.name) },
    plan: registrationPlanFromLandmarks(plan.landmarks, cup ? cup.pose.positionLps : null),
    description: `${saved.twin.anatomy} twin, ${bones.length} segments${implants.length ? ` + ${implants.map((i) => i.name).join(', ')}` : ''}, ${plan.landmarks.length} landmarks`,
  };
}
