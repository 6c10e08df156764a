/**
 * The knee plan of the shown knee twin, as the workstation edits it. The landmarks are proposed once
 * per twin in the twin worker (planning/kneeLandmarks, ≈ 0.1–1 s); a landmark is re-placed by arming it
 * and clicking the slice or the 3D twin (it becomes 'manual'); the cut parameters come from the form
 * (a bad value is refused with a message naming the field, the plan kept). Planes, angles and gaps are
 * recomputed at once on the main thread (planning/kneePlanModel, < 1 ms); the resected bone volumes
 * scan the labels, so they are computed in the twin worker, the latest request winning. Every edit is
 * kept with the twin as its plan (`TwinResult.plan`, anatomy 'knee', planning/kneePlanFile) and saved
 * with the case, so a reload or a `.jumeau` file restores the manual landmarks and the cut parameters;
 * the plan is exported sealed (plan.json) and as an HTML report.
 */
import type { PointLps } from '../core/vec3';
import type { KneeLandmarkEntry } from '../planning/kneeLandmarks';
import { kneeInputsOf } from '../planning/kneeLandmarks';
import { DEFAULT_KNEE_CUTS, kneeCutPlanes, type KneeCutMetrics, type KneeCutParams, type KneeCutVolume } from '../planning/kneePlanModel';
import type { LateralLandmark } from '../planning/plan';
import type { Metric } from '../planning/planMetrics';
import type { Vec3 } from '../core/vec3';
import type { Side } from '../planning/validate';
import type { Geometry, LabelArray, Segment } from '../segmentation/labelmap';
import type { KneeComponentSizes, KneeCutRequest } from '../workers/twinProtocol';
import type { KneeCutOutcome } from '../workers/twinClient';
import { kneeFormValues, readKneeForm, type KneeFormValues } from './logic/kneePlanForms';
import type { KneeCutBone, KneeCutPose } from '../planning/kneeCutPose';
import type { AppState, Store } from './state';
import type { Plan } from '../planning/plan';
import { kneePlanOf, kneeParamsOfPlan, withManualLandmarks } from '../planning/kneePlanFile';
import { sealPlan } from '../planning/planIntegrity';
import { voxelSha256 } from '../volume/voxelHash';
import type { TwinResult } from '../workers/twinProtocol';
import { kneeReportHtml } from './logic/kneeReport';
import { withKneeComponents } from './logic/kneeComponents';
import { APP_CATALOGUE } from './planController';

/** SHA-256 of the loaded voxels, once per volume. */
const voxelShas = new WeakMap<ArrayBufferView, Promise<string>>();
function shaOf(data: ArrayBufferView): Promise<string> {
  let p = voxelShas.get(data);
  if (!p) voxelShas.set(data, (p = voxelSha256(data)));
  return p;
}

/** What the controller needs from the twin worker. */
export interface KneeCutPort {
  kneeCut(twin: { geometry: Geometry; labels: LabelArray; segments: Segment[] }, input: KneeCutRequest): Promise<KneeCutOutcome>;
}

/** The knee plan as the panel shows it. */
export interface KneePlanState {
  /** The twin it belongs to (its labels array). */
  labels: LabelArray;
  side: Side | null;
  proposing: boolean;
  /** Why there is no plan (no femur/tibia, worker failure), or null. */
  error: string | null;
  entries: KneeLandmarkEntry[];
  femurLabel: number | null;
  tibiaLabel: number | null;
  tibialShaftUnitLps: Vec3 | null;
  notes: string[];
  proposeMs: number | null;
  params: KneeCutParams;
  metrics: KneeCutMetrics | null;
  volumes: { femur: Metric<KneeCutVolume>; tibia: Metric<KneeCutVolume> } | null;
  /** The components sized by the worker with `volumes` (current when `volumesCurrent`), or null. */
  components: KneeComponentSizes | null;
  /** Whether the plan was edited in this session (an answer then keeps the plan again, with its components). */
  edited: boolean;
  /** Whether `volumes` belong to the current planes. */
  volumesCurrent: boolean;
  volumeMs: number | null;
  /** Number of volume answers received (tests wait on it). */
  volumeUpdates: number;
  placing: LateralLandmark | null;
  message: string;
}

/** Edits the knee plan of the shown twin. */
export class KneePlanController {
  private state: KneePlanState | null = null;
  private volumeRequest = 0;

  private persistRequest = 0;

  /** `onChanged` gets the twin whenever the plan kept with it changes (the app saves the case). */
  constructor(private readonly store: Store, private readonly port: KneeCutPort | null, private readonly onChanged: (twin: TwinResult) => void = () => undefined) {}

  /** The plan of the shown knee twin, or null. */
  get plan(): KneePlanState | null {
    return this.state;
  }

  private twinOf(s: AppState): { geometry: Geometry; labels: LabelArray; segments: Segment[] } | null {
    const t = s.loaded && s.twin?.seriesId === s.loaded.seriesId && s.twin.result.anatomy === 'knee' ? s.twin.result : null;
    return t && s.loaded ? { geometry: s.loaded.volume, labels: t.labels, segments: t.segments } : null;
  }

  private changed(patch: Partial<KneePlanState>): void {
    if (!this.state) return;
    this.state = { ...this.state, ...patch };
    this.store.update({});
  }

  /** Follows the shown twin: a new knee twin gets its landmarks proposed (once). */
  sync(s: AppState): void {
    const twin = this.twinOf(s);
    if (!twin) {
      this.state = null;
      return;
    }
    if (this.state?.labels === twin.labels) return;
    this.state = {
      labels: twin.labels, side: null, proposing: true, error: null, entries: [], femurLabel: null, tibiaLabel: null, tibialShaftUnitLps: null, notes: [], proposeMs: null,
      params: DEFAULT_KNEE_CUTS, metrics: null, volumes: null, components: null, edited: false, volumesCurrent: false, volumeMs: null, volumeUpdates: 0, placing: null, message: 'Proposing the knee landmarks…',
    };
    if (!this.port) return this.changed({ proposing: false, error: 'no twin worker' });
    const labels = twin.labels;
    const kept = s.twin?.result.plan?.anatomy === 'knee' ? s.twin.result.plan : null;
    void this.port.kneeCut(twin, { kind: 'propose', ...(kept ? { side: kept.side } : {}) }).then((o) => {
      if (this.state?.labels !== labels) return;
      if (!o.ok) return this.changed({ proposing: false, error: `landmarks not proposed: ${o.error.message}`, message: '' });
      if (o.result.kind !== 'propose') return;
      const p = o.result.proposal;
      if (!p) return this.changed({ proposing: false, error: 'this knee twin has no femur and no tibia segment', message: '' });
      // The plan kept with the twin (a reload, a case file): its manual landmarks and cut parameters come back.
      const restore = kept?.side === p.side ? kept : null;
      const entries = restore ? withManualLandmarks(p.entries, restore, p.side) : p.entries;
      const manual = entries.filter((e) => e.source === 'manual').length;
      const message = `Landmarks proposed in ${(o.ms / 1000).toFixed(2)} s.${restore ? ` Cut parameters${manual ? ` and ${manual} manual landmark${manual > 1 ? 's' : ''}` : ''} restored from the case.` : ''}`;
      this.state = { ...this.state, proposing: false, side: p.side, entries, femurLabel: p.femurLabel, tibiaLabel: p.tibiaLabel, tibialShaftUnitLps: p.tibialShaftUnitLps, notes: p.notes, proposeMs: o.ms, params: restore ? kneeParamsOfPlan(restore) : this.state.params, message };
      this.recompute();
    });
  }

  /** Recomputes planes and metrics now, then (unless `volumes` is false: a drag in progress) asks the worker for the volumes. */
  private recompute(volumes = true): void {
    const st = this.state;
    if (!st || !st.side) return;
    const metrics = kneeCutPlanes(kneeInputsOf(st.side, st.entries, st.tibialShaftUnitLps), st.params);
    this.changed({ metrics, volumesCurrent: false });
    const s = this.store.get();
    const twin = this.twinOf(s);
    if (!twin || !this.port) return;
    const id = ++this.volumeRequest; // also retires an answer still on its way for older planes
    if (!volumes) return;
    const labels = st.labels;
    const pt = (b: LateralLandmark) => st.entries.find((e) => e.base === b)?.pointLps ?? null;
    const sizing = { side: st.side, posteriorCondyleMedialLps: pt('posteriorCondyleMedial'), posteriorCondyleLateralLps: pt('posteriorCondyleLateral'), femoralShaftAxisDistalLps: pt('femoralShaftAxisDistal') };
    const input: KneeCutRequest = { kind: 'volumes', femurLabel: st.femurLabel, tibiaLabel: st.tibiaLabel, femurPlane: metrics.distalFemur.available ? metrics.distalFemur.value.plane : null, tibiaPlane: metrics.proximalTibia.available ? metrics.proximalTibia.value.plane : null, sizing };
    void this.port.kneeCut(twin, input).then((o) => {
      if (this.state?.labels !== labels || id !== this.volumeRequest) return; // a newer request wins
      if (!o.ok) return this.changed({ volumes: null, components: null, volumesCurrent: true, message: `Volumes not computed: ${o.error.message}` });
      if (o.result.kind !== 'volumes') return;
      this.changed({ volumes: { femur: o.result.femur, tibia: o.result.tibia }, components: o.result.components ?? null, volumesCurrent: true, volumeMs: o.ms, volumeUpdates: (this.state?.volumeUpdates ?? 0) + 1 });
      if (this.state?.edited) void this.keep(); // the kept plan gets the components of its cuts
    });
  }

  /** Cut parameters from the form (text as typed); false (and a message naming the field) when refused. */
  setParams(values: KneeFormValues): boolean {
    if (!this.state) return false;
    const r = readKneeForm(values);
    if (!r.ok) {
      this.changed({ message: `Not applied — ${r.message}. The plan is unchanged.` });
      return false;
    }
    this.state = { ...this.state, params: r.params, message: 'Cuts updated.' };
    this.recompute();
    void this.keep();
    return true;
  }

  /**
   * A cut dragged in 3D (the gizmo's depth, varus/valgus, slope; the femur's slope is ignored), rounded to
   * 0.1 mm / 0.1°, through the typed fields' validation (a value out of range is refused with the same
   * message, the plan kept). While dragging (`final` false) planes and angles update at once; the
   * resected volumes are asked of the worker at the end of the drag.
   */
  setCutFromGizmo(bone: KneeCutBone, pose: KneeCutPose, final: boolean): boolean {
    const st = this.state;
    if (!st) return false;
    const r1 = (v: number): number => Math.round(v * 10) / 10;
    const params = bone === 'tibia'
      ? { ...st.params, tibia: { depthMm: r1(pose.depthMm), varusValgusDeg: r1(pose.varusValgusDeg), posteriorSlopeDeg: r1(pose.posteriorSlopeDeg) } }
      : { ...st.params, femur: { ...st.params.femur, depthMm: r1(pose.depthMm), varusValgusDeg: r1(pose.varusValgusDeg) } };
    const r = readKneeForm(kneeFormValues(params));
    if (!r.ok) {
      this.changed({ message: `Not applied — ${r.message}. The plan is unchanged.` });
      if (final) this.recompute();
      return false;
    }
    this.state = { ...st, params: r.params, message: final ? `${bone === 'tibia' ? 'Tibial' : 'Distal femoral'} cut moved in 3D.` : `Moving the ${bone === 'tibia' ? 'tibial' : 'distal femoral'} cut…` };
    this.recompute(final);
    if (final) void this.keep();
    return true;
  }

  /** Arms a landmark: the next click on the slice or the 3D twin places it. */
  startPlacing(base: LateralLandmark | null): void {
    if (!this.state) return;
    const placing = this.state.placing === base ? null : base;
    this.changed({ placing, message: placing ? `Click ${placing} on the slice or the 3D twin.` : '' });
  }

  /** Places the armed landmark here (manual); false when none is armed. */
  placeAt(pointLps: PointLps, how: '3D pick' | 'slice click'): boolean {
    const st = this.state;
    if (!st?.placing) return false;
    const base = st.placing;
    const p: PointLps = [pointLps[0], pointLps[1], pointLps[2]];
    const entries = st.entries.map((e) => (e.base === base ? { ...e, pointLps: p, source: 'manual' as const, method: `placed by ${how}`, missingReason: null } : e));
    this.state = { ...st, entries, placing: null, message: `${base} placed at (${p.map((v) => v.toFixed(1)).join(', ')}) mm LPS.` };
    this.recompute();
    void this.keep();
    return true;
  }

  /** The plan of the shown knee (landmarks, cut parameters, source series and voxel hash), unsealed, or null. */
  async planOf(): Promise<Plan | null> {
    const st = this.state, s = this.store.get();
    if (!st?.side || !s.loaded || !this.twinOf(s)) return null;
    const seriesInstanceUid = s.series.find((x) => x.id === s.loaded!.seriesId)?.seriesInstanceUid ?? null;
    const volumeSha256 = await shaOf(s.loaded.volume.data);
    const now = this.state;
    if (!now?.side || now.labels !== st.labels) return null;
    const plan = kneePlanOf({ side: now.side, entries: now.entries, params: now.params, source: { seriesInstanceUid, volumeSha256 }, notes: now.notes });
    return withKneeComponents(plan, now.volumesCurrent ? now.components : null);
  }

  /** Keeps the edited plan with the twin (TwinResult.plan), which the app saves with the case; the latest edit wins. */
  private async keep(): Promise<void> {
    const id = ++this.persistRequest;
    if (this.state) this.state = { ...this.state, edited: true };
    const plan = await this.planOf();
    const s = this.store.get();
    if (!plan || id !== this.persistRequest || !s.twin || s.twin.result.labels !== this.state?.labels) return;
    const result: TwinResult = { ...s.twin.result, plan };
    this.store.update({ twin: { ...s.twin, result } });
    this.onChanged(result);
  }

  /** The plan sealed (metrics recomputed as `jumeau plan` does, SHA-256 of its inputs), or null. */
  async sealed(): Promise<Plan | null> {
    const plan = await this.planOf();
    return plan ? sealPlan(plan, { catalogue: APP_CATALOGUE }) : null;
  }

  /** The sealed plan as the bytes of plan.json. */
  async exportPlan(): Promise<Uint8Array | null> {
    const sealed = await this.sealed();
    if (!sealed) return null;
    this.changed({ message: `plan.json exported (sealed, inputs SHA-256 ${sealed.integrity!.inputsSha256.slice(0, 12)}…).` });
    return new TextEncoder().encode(`${JSON.stringify(sealed, null, 2)}\n`);
  }

  /** The HTML report of the sealed plan with the shown metrics and volumes and the pictures given (PNG data URLs). */
  async exportReport(pictures: { view3dPng: string | null; slicePng: string | null }): Promise<Uint8Array | null> {
    const plan = await this.sealed();
    const st = this.state;
    if (!plan || !st?.metrics) return null;
    const html = kneeReportHtml({ plan, cuts: st.metrics, volumes: st.volumesCurrent ? st.volumes : null, components: st.volumesCurrent ? st.components : null, pictures, createdAt: new Date().toISOString() });
    return new TextEncoder().encode(html);
  }
}
