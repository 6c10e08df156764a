/**
 * The hip plan of the shown twin, as the workstation edits it: every edit goes through the pure
 * planning functions (src/planning/hipPlanEdits), the metrics are recomputed at once
 * (computePlanMetrics, the code `jumeau plan` runs), a bad value is refused with a message naming its
 * field and the plan kept, and the edited plan is saved with the case. Landmarks are placed by arming a
 * landmark, then clicking the twin in 3D or a voxel on the slice.
 */
import { isJumeauError } from '../core/errors';
import type { PointLps } from '../core/vec3';
import { parseImplantCatalogue, type ImplantCatalogue } from '../planning/implants';
import { withCup, withHeadAndStem, withLandmark, withSide, type CupInput, type HeadStemInput } from '../planning/hipPlanEdits';
import type { Plan } from '../planning/plan';
import { computePlanMetrics, type PlanMetrics } from '../planning/planMetrics';
import { sealPlan } from '../planning/planIntegrity';
import type { Side } from '../planning/validate';
import type { TwinResult } from '../workers/twinProtocol';
import catalogueJson from '../../assets/implants/generic.json';
import type { Store } from './state';
import type { BoneRomRequest } from '../workers/twinProtocol';
import type { BoneRomOutcome } from '../workers/twinClient';
import type { Geometry, LabelArray, Segment } from '../segmentation/labelmap';
import { findLandmark } from '../planning/plan';
import { hipCupFrame } from '../planning/hipPlanEdits';
import { cupAnglesOfAxis, withCupPose, type CupPoseLps } from '../planning/cupPose';

/** What the plan controller needs from the twin worker. */
export interface BoneRomPort {
  boneRom(twin: { geometry: Geometry; labels: LabelArray; segments: Segment[] }, input: BoneRomRequest): Promise<BoneRomOutcome>;
}

/** The implant catalogue shipped with the app. */
export const APP_CATALOGUE: ImplantCatalogue = parseImplantCatalogue(catalogueJson);

/** Landmarks the panel offers to place (base name + side → plan name). */
export const PLACEABLE_LANDMARKS = ['asisLeft', 'asisRight', 'pubicTubercleLeft', 'pubicTubercleRight', 'femoralHeadCentreLeft', 'femoralHeadCentreRight'] as const;

/** Metrics of a plan, memoised by plan object. */
const metricsCache = new WeakMap<Plan, PlanMetrics>();
export function planMetricsOf(plan: Plan): PlanMetrics {
  let m = metricsCache.get(plan);
  if (!m) metricsCache.set(plan, (m = computePlanMetrics(plan, { catalogue: APP_CATALOGUE })));
  return m;
}

/** Edits the plan of the twin of the loaded series. */
export class PlanController {
  constructor(private readonly store: Store, private readonly onChanged: (twin: TwinResult) => void = () => undefined, private readonly rom: BoneRomPort | null = null) {}

  /** The inputs of the bony ROM for the shown plan (the key that says whether a result is current), or a reason. */
  boneRomInput(): { key: string; input: BoneRomRequest } | { reason: string } {
    const plan = this.plan;
    const s = this.store.get();
    if (!plan) return { reason: 'no hip plan' };
    const cup = plan.implants.find((i) => i.role === 'cup');
    const head = findLandmark(plan, 'femoralHeadCentre', plan.side);
    const cor = cup?.pose.positionLps ?? head?.pointLps;
    if (!cor) return { reason: `no cup and no ${plan.side === 'L' ? 'left' : 'right'} head centre` };
    const r = s.twin?.result.headRadiiMm?.[plan.side] ?? (plan.implants.find((i) => i.role === 'head') ? Number(plan.implants.find((i) => i.role === 'head')!.size) / 2 : undefined);
    if (!r) return { reason: 'no femoral head radius (head not fitted, no head in the plan)' };
    const { pelvic } = hipCupFrame(plan);
    const input: BoneRomRequest = { side: plan.side, centreOfRotationLps: [cor[0], cor[1], cor[2]], headRadiusMm: r, ...(pelvic ? { frame: { xLps: pelvic.xLps, yLps: pelvic.yLps, zLps: pelvic.zLps } } : {}) };
    return { key: JSON.stringify(input), input };
  }

  /** Computes the bony range of motion (femur on the pelvis, the twin's own bones) in the twin worker. */
  async runBoneRom(): Promise<void> {
    const s = this.store.get();
    const inp = this.boneRomInput();
    if (!this.rom || !s.twin || !s.loaded || s.planUi.boneRomRunning) return;
    if ('reason' in inp) return this.store.update({ planUi: { ...s.planUi, message: `Bony ROM not computed: ${inp.reason}.` } });
    this.store.update({ planUi: { ...s.planUi, boneRomRunning: true, message: 'Computing the bony range of motion…' } });
    const t = s.twin.result;
    const o = await this.rom.boneRom({ geometry: s.loaded.volume, labels: t.labels, segments: t.segments }, inp.input);
    const now = this.store.get();
    this.store.update({ planUi: { ...now.planUi, boneRomRunning: false, ...(o.ok ? { boneRom: { key: inp.key, result: o.result, ms: o.ms }, message: `Bony ROM computed in ${(o.ms / 1000).toFixed(1)} s (${o.result.pointsTested} femur points against ${o.result.pelvisSegment}).` } : { message: `Bony ROM not computed: ${o.error.message}.` }) } });
  }

  /** The shown twin's hip plan, or null (none proposed, or a knee twin's plan: the knee panel's). */
  get plan(): Plan | null {
    const s = this.store.get();
    const plan = s.loaded && s.twin?.seriesId === s.loaded.seriesId ? s.twin.result.plan ?? null : null;
    return plan?.anatomy === 'knee' ? null : plan;
  }

  /** A 3D drag changed the plan without saving the case yet. */
  private unsaved = false;

  /** Applies an edit; `live` (a drag in progress): the plan and metrics update, the case is saved later. */
  private apply(edit: (p: Plan) => Plan, done: string, live = false): boolean {
    const s = this.store.get();
    const plan = this.plan;
    if (!plan || !s.twin) return false;
    try {
      const next = edit(plan);
      const result: TwinResult = { ...s.twin.result, plan: next };
      this.store.update({ twin: { ...s.twin, result }, planUi: { ...s.planUi, message: done } });
      this.unsaved = live;
      if (!live) this.onChanged(result);
      return true;
    } catch (e) {
      // A JumeauError's message starts with the field it concerns ("inclination: must be …").
      const why = isJumeauError(e) ? e.message : `unexpected error: ${e instanceof Error ? e.message : String(e)}`;
      this.store.update({ planUi: { ...s.planUi, message: `Not applied — ${why}. The plan is unchanged.` } });
      return false;
    }
  }

  /** Operated side. */
  setSide(side: Side): boolean {
    return this.apply((p) => withSide(p, side), `Operated side: ${side === 'L' ? 'left' : 'right'}.`);
  }

  /** Cup from the form (numbers as typed). */
  setCup(input: { familyId: string; size: string; inclination: string; anteversion: string }): boolean {
    const cup: CupInput = { familyId: input.familyId, size: input.size, inclinationDeg: Number(input.inclination.trim() === '' ? NaN : input.inclination), anteversionDeg: Number(input.anteversion.trim() === '' ? NaN : input.anteversion) };
    return this.apply((p) => withCup(p, cup, APP_CATALOGUE), `Cup ${cup.size}: ${cup.inclinationDeg}° / ${cup.anteversionDeg}° radiographic.`);
  }

  /**
   * The cup moved or turned in 3D (the gizmo), through the form's edit path (`withCupPose`: angles
   * checked in the cup frame, head and stem follow the centre). While dragging (`final` false) the plan
   * and the cheap metrics (angles, zone, coverage, prosthetic ROM) update; at the end the case is saved
   * and a bony ROM on show is recomputed in the worker. A refused pose keeps the last accepted plan.
   */
  setCupPose(pose: CupPoseLps, final: boolean): boolean {
    const plan = this.plan;
    if (!plan) return false;
    let what = '';
    try {
      const a = cupAnglesOfAxis(plan, pose.axisLps);
      what = `Cup at (${pose.centreLps.map((v) => v.toFixed(1)).join(', ')}) mm LPS, ${a.inclinationDeg.toFixed(1)}° / ${a.anteversionDeg.toFixed(1)}° radiographic (${a.frame})${final ? '' : '…'}`;
    } catch {
      what = 'Cup moved in 3D.';
    }
    const wasUnsaved = this.unsaved;
    const ok = this.apply((p) => withCupPose(p, pose, APP_CATALOGUE), what, !final);
    if (!final) return ok;
    const s = this.store.get();
    if (!ok && wasUnsaved && s.twin) {
      this.unsaved = false;
      this.onChanged(s.twin.result);
    }
    if (s.planUi.boneRom && !s.planUi.boneRomRunning) void this.runBoneRom();
    return ok;
  }

  /** Head and stem from the form. */
  setHeadStem(input: HeadStemInput): boolean {
    return this.apply((p) => withHeadAndStem(p, input, APP_CATALOGUE), `Head ${input.headDiameterMm} mm, stem ${input.stemSize}.`);
  }

  /** Arms a landmark: the next click on the twin (3D) or the slice places it. */
  startPlacing(name: string | null): void {
    const s = this.store.get();
    this.store.update({ planUi: { ...s.planUi, placing: s.planUi.placing === name ? null : name, message: name ? `Click ${name} on the 3D twin or on the slice.` : '' }, seedMode: 'none', edit: { ...s.edit, tool: 'none' } });
  }

  /** Places the armed landmark at this point (manual); returns false when none is armed. */
  placeAt(pointLps: PointLps, how: '3D pick' | 'slice click'): boolean {
    const name = this.store.get().planUi.placing;
    if (!name) return false;
    const ok = this.apply((p) => withLandmark(p, name, pointLps, 'manual', `placed by ${how}`), `${name} placed at (${pointLps.map((v) => v.toFixed(1)).join(', ')}) mm LPS.`);
    if (ok) this.store.update({ planUi: { ...this.store.get().planUi, placing: null } });
    return ok;
  }

  /** The plan sealed (metrics recomputed, SHA-256 of its inputs), as the bytes of plan.json. */
  async exportPlan(): Promise<Uint8Array | null> {
    const sealed = await this.sealed();
    return sealed ? new TextEncoder().encode(`${JSON.stringify(sealed, null, 2)}\n`) : null;
  }

  /** The shown plan, sealed, or null. */
  async sealed(): Promise<Plan | null> {
    const plan = this.plan;
    return plan ? sealPlan(plan, { catalogue: APP_CATALOGUE }) : null;
  }
}
