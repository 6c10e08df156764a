/**
 * The knee plan of the shown knee twin, as the workstation edits it. The landmarks are proposed once
 * per twin in the twin worker (planning/kneeLandmarks, ≈ 0.1–1 s); a landmark is re-placed by arming it
 * and clicking the slice or the 3D twin (it becomes 'manual'); the cut parameters come from the form
 * (a bad value is refused with a message naming the field, the plan kept). Planes, angles and gaps are
 * recomputed at once on the main thread (planning/kneePlanModel, < 1 ms); the resected bone volumes
 * scan the labels, so they are computed in the twin worker, the latest request winning.
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
import type { KneeCutRequest } from '../workers/twinProtocol';
import type { KneeCutOutcome } from '../workers/twinClient';
import { readKneeForm, type KneeFormValues } from './logic/kneePlanForms';
import type { AppState, Store } from './state';

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

  constructor(private readonly store: Store, private readonly port: KneeCutPort | null) {}

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
      params: DEFAULT_KNEE_CUTS, metrics: null, volumes: null, volumesCurrent: false, volumeMs: null, volumeUpdates: 0, placing: null, message: 'Proposing the knee landmarks…',
    };
    if (!this.port) return this.changed({ proposing: false, error: 'no twin worker' });
    const labels = twin.labels;
    void this.port.kneeCut(twin, { kind: 'propose' }).then((o) => {
      if (this.state?.labels !== labels) return;
      if (!o.ok) return this.changed({ proposing: false, error: `landmarks not proposed: ${o.error.message}`, message: '' });
      if (o.result.kind !== 'propose') return;
      const p = o.result.proposal;
      if (!p) return this.changed({ proposing: false, error: 'this knee twin has no femur and no tibia segment', message: '' });
      this.state = { ...this.state, proposing: false, side: p.side, entries: p.entries, femurLabel: p.femurLabel, tibiaLabel: p.tibiaLabel, tibialShaftUnitLps: p.tibialShaftUnitLps, notes: p.notes, proposeMs: o.ms, message: `Landmarks proposed in ${(o.ms / 1000).toFixed(2)} s.` };
      this.recompute();
    });
  }

  /** Recomputes planes and metrics now, then asks the worker for the volumes. */
  private recompute(): void {
    const st = this.state;
    if (!st || !st.side) return;
    const metrics = kneeCutPlanes(kneeInputsOf(st.side, st.entries, st.tibialShaftUnitLps), st.params);
    this.changed({ metrics, volumesCurrent: false });
    const s = this.store.get();
    const twin = this.twinOf(s);
    if (!twin || !this.port) return;
    const id = ++this.volumeRequest;
    const labels = st.labels;
    const input: KneeCutRequest = { kind: 'volumes', femurLabel: st.femurLabel, tibiaLabel: st.tibiaLabel, femurPlane: metrics.distalFemur.available ? metrics.distalFemur.value.plane : null, tibiaPlane: metrics.proximalTibia.available ? metrics.proximalTibia.value.plane : null };
    void this.port.kneeCut(twin, input).then((o) => {
      if (this.state?.labels !== labels || id !== this.volumeRequest) return; // a newer request wins
      if (!o.ok) return this.changed({ volumes: null, volumesCurrent: true, message: `Volumes not computed: ${o.error.message}` });
      if (o.result.kind !== 'volumes') return;
      this.changed({ volumes: { femur: o.result.femur, tibia: o.result.tibia }, volumesCurrent: true, volumeMs: o.ms, volumeUpdates: (this.state?.volumeUpdates ?? 0) + 1 });
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
    return true;
  }
}
