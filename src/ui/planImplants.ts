/**
 * The planned cup and head of a hip plan as meshes posed in LPS mm, for the 3D view (pure; no DOM).
 * Sizes come from the app's catalogue; an implant whose family or size is not there is left out.
 */
import { cupMesh, headMesh } from '../planning/implantMeshes';
import type { Plan } from '../planning/plan';
import { poseMesh } from '../planning/poseMesh';
import type { SceneSegment } from '../scene/twinScene';
import { APP_CATALOGUE } from './planController';

/** Cup (grey) and head (light grey) of the plan, posed. */
export function implantMeshesOf(plan: Plan): SceneSegment[] {
  const out: SceneSegment[] = [];
  for (const imp of plan.implants) {
    const fam = APP_CATALOGUE.families.find((f) => f.id === imp.familyId);
    if (imp.role === 'cup' && fam?.kind === 'cup') {
      const size = fam.sizes.find((s) => s.size === imp.size);
      if (size) out.push({ name: 'planned cup', colorRgb: [170, 176, 186], mesh: poseMesh(cupMesh(fam, size), imp.pose.positionLps, imp.pose.axisLps) });
    } else if (imp.role === 'head' && fam?.kind === 'head') {
      out.push({ name: 'planned head', colorRgb: [225, 228, 232], mesh: poseMesh(headMesh(Number(imp.size)), imp.pose.positionLps, imp.pose.axisLps) });
    }
  }
  return out;
}
