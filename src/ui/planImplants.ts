/**
 * The planned implants of a plan as meshes posed in LPS mm (pure; no DOM): a hip plan's cup and head for
 * the 3D view, a knee plan's femoral component and tibial baseplate + insert (`kneeComponentMeshes`), and
 * the implant-in-bone export — the twin's bones plus cup, liner, head and stem, or the knee components, as one GLB
 * (src/meshing/gltf: glTF (x, y, z) = 0.001 · (x_L, z_S, −y_P), metres) and one binary STL (LPS mm).
 * Sizes come from the app's catalogue; an implant whose family or size is not there is left out.
 */
import { cupMesh, femoralComponentMesh, hemisphereShellMesh, headMesh, mergeMeshes, stemMesh, tibialComponentMesh } from '../planning/implantMeshes';
import type { ImplantCatalogue } from '../planning/implants';
import type { Plan, PlanImplant } from '../planning/plan';
import { poseMesh } from '../planning/poseMesh';
import { writeGlb } from '../meshing/gltf';
import { writeStlBinary } from '../meshing/stl';
import type { SegmentMesh } from '../meshing/types';
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

/**
 * A knee plan's components posed in LPS mm (implantMeshes.ts frames, the plan's pose with its +x
 * reference): "planned femoral component" (the catalogue size's slabs) and "planned tibial component"
 * (baseplate + insert of `options.insertThicknessMm`, the family's thinnest when not given), metal grey;
 * a component whose family or size is not in the catalogue is in `leftOut` with the reason.
 */
export function kneeComponentMeshes(implants: readonly PlanImplant[], catalogue: ImplantCatalogue = APP_CATALOGUE): ImplantInBone {
  const segments: SegmentMesh[] = [];
  const leftOut: string[] = [];
  for (const imp of implants) {
    if (imp.role !== 'femoralComponent' && imp.role !== 'tibialComponent') continue;
    const fam = catalogue.families.find((f) => f.id === imp.familyId);
    const { positionLps, axisLps, referenceLps } = imp.pose;
    if (imp.role === 'femoralComponent' && fam?.kind === 'femoralComponent') {
      const size = fam.sizes.find((s) => s.size === imp.size);
      if (size) { segments.push({ name: 'planned femoral component', colorRgb: [170, 176, 186], mesh: poseMesh(femoralComponentMesh(size), positionLps, axisLps, referenceLps) }); continue; }
    } else if (imp.role === 'tibialComponent' && fam?.kind === 'tibialComponent') {
      const size = fam.sizes.find((s) => s.size === imp.size);
      const insert = imp.options?.insertThicknessMm ?? Math.min(...fam.insertThicknessesMm);
      if (size && Number.isFinite(insert)) { segments.push({ name: 'planned tibial component', colorRgb: [170, 176, 186], mesh: poseMesh(tibialComponentMesh(fam, size, insert), positionLps, axisLps, referenceLps) }); continue; }
    }
    leftOut.push(`${imp.role} ${imp.familyId} ${imp.size}: not in the catalogue`);
  }
  return { segments, leftOut };
}

/** The bones and posed implants of an implant-in-bone export, and what was left out and why. */
export interface ImplantInBone {
  /** Bones first (as given), then "planned cup", "planned liner", "planned head", "planned stem" when present, then the knee components. */
  segments: SegmentMesh[];
  /** Implants left out, with the reason (e.g. a stem not placed in the canal). */
  leftOut: string[];
}

/**
 * The twin's bones plus the plan's implants posed in LPS mm: the cup shell; the liner (a hemispherical
 * shell from the head's radius to the cup's inner radius, on the cup's pose) when the plan has a head;
 * the head; the stem when its pose was planned in the canal (a pose with `referenceLps`: shoulder,
 * shaft axis and neck direction) — a stem posed at the head centre is left out, never drawn wrong;
 * a knee plan's components as `kneeComponentMeshes` gives them.
 */
export function implantInBoneMeshes(plan: Plan, bones: readonly SegmentMesh[], catalogue: ImplantCatalogue = APP_CATALOGUE): ImplantInBone {
  const segments: SegmentMesh[] = bones.filter((b) => b.mesh.indices.length > 0).map((b) => ({ name: b.name, colorRgb: b.colorRgb, mesh: b.mesh }));
  const leftOut: string[] = [];
  const fam = (id: string) => catalogue.families.find((f) => f.id === id);
  const cup = plan.implants.find((i) => i.role === 'cup');
  const head = plan.implants.find((i) => i.role === 'head');
  const stem = plan.implants.find((i) => i.role === 'stem');
  const cf = cup && fam(cup.familyId);
  const cupSize = cf?.kind === 'cup' ? cf.sizes.find((s) => s.size === cup!.size) : undefined;
  if (cup && cf?.kind === 'cup' && cupSize) {
    segments.push({ name: 'planned cup', colorRgb: [170, 176, 186], mesh: poseMesh(cupMesh(cf, cupSize), cup.pose.positionLps, cup.pose.axisLps) });
    const innerMm = cupSize.outerDiameterMm / 2 - cf.shellThicknessMm;
    const headMm = head ? Number(head.size) / 2 : NaN;
    if (head && innerMm > headMm) segments.push({ name: 'planned liner', colorRgb: [236, 232, 214], mesh: poseMesh(hemisphereShellMesh(innerMm, headMm), cup.pose.positionLps, cup.pose.axisLps) });
  } else if (cup) leftOut.push(`cup ${cup.familyId} ${cup.size}: not in the catalogue`);
  if (head) segments.push({ name: 'planned head', colorRgb: [225, 228, 232], mesh: poseMesh(headMesh(Number(head.size)), head.pose.positionLps, head.pose.axisLps) });
  if (stem) {
    const sf = fam(stem.familyId);
    const size = sf?.kind === 'stem' ? sf.sizes.find((s) => s.size === stem.size) : undefined;
    const o = stem.options as { neckShaftAngleDeg?: number; offsetMm?: number } | undefined;
    if (!sf || sf.kind !== 'stem' || !size || o?.neckShaftAngleDeg === undefined || o.offsetMm === undefined) leftOut.push(`stem ${stem.familyId} ${stem.size}: not in the catalogue or without neck angle and offset`);
    else if (!stem.pose.referenceLps) leftOut.push('stem: its position in the canal is not planned');
    else segments.push({ name: 'planned stem', colorRgb: [200, 204, 212], mesh: poseMesh(stemMesh(sf, size, o.neckShaftAngleDeg, o.offsetMm), stem.pose.positionLps, stem.pose.axisLps, stem.pose.referenceLps) });
  }
  const knee = kneeComponentMeshes(plan.implants, catalogue);
  return { segments: [...segments, ...knee.segments], leftOut: [...leftOut, ...knee.leftOut] };
}

/** The implant-in-bone export as files: one GLB (a node per bone and implant) and one binary STL (all in one solid, LPS mm). */
export function implantInBoneFiles(plan: Plan, bones: readonly SegmentMesh[], catalogue: ImplantCatalogue = APP_CATALOGUE): ImplantInBone & { glb: Uint8Array; stl: Uint8Array; triangleCount: number } {
  const r = implantInBoneMeshes(plan, bones, catalogue);
  const all = mergeMeshes(r.segments.map((s) => s.mesh));
  return { ...r, glb: writeGlb(r.segments, 'Jumeau implant-in-bone'), stl: writeStlBinary(all, 'jumeau implant-in-bone LPS mm'), triangleCount: all.indices.length / 3 };
}
