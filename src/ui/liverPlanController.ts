/**
 * The liver resection plan of the shown liver twin, as the workstation edits it (no DOM): resection
 * surfaces (planes and 4×4 Bézier patches, one active), patient height/weight, liver condition, safety
 * margin and portal branch points live in `AppState.liverPlan`; every change sends the plan inputs to
 * the liver plan worker (latest wins) and the metrics come back into the state. A bad value is refused
 * with a message naming its field and the plan kept. The export is `jumeau.liverPlan/1`, sealed.
 */
import { isJumeauError, JumeauError } from '../core/errors';
import type { PointLps } from '../core/vec3';
import { resolveTlv, type LiverCondition } from '../planning/liver/flr';
import {
  LIVER_PLAN_SCHEMA, displayPatchOf, gridOfGeometry, labelsSha256, sealLiverPlan,
  type LiverOrganSummary, type LiverPlan, type LiverPlanInputs, type LiverPlanMetrics, type LiverPlanSegment, type LiverPlanSurface,
} from '../planning/liver/liverPlanFile';
import type { TerritoryBranch } from '../planning/liver/territories';
import type { VesselCenterline } from '../planning/liver/vesselMargins';
import { LiverBranchEditor, type BranchProposalState } from './liverBranches';
import { voxelSha256 } from '../volume/voxelHash';
import { LiverPlanClient, type LiverPlanService } from '../workers/liverPlanClient';
import type { WireError } from '../workers/protocol';
import type { AppState, Store } from './state';
import { liverReportHtml } from './logic/liverReport';

/** The liver plan part of the app state (plain data; typed arrays only for colours and territories). */
export interface LiverPlanState {
  /** Series and labels the plan belongs to (`labelsKey` changes with an edit of the labels). */
  seriesId: string;
  labelsKey: string;
  segments: LiverPlanSegment[];
  /** Organ volumes, centre and box from the worker; null until it answered. */
  organ: LiverOrganSummary | null;
  initError: WireError | null;
  surfaces: LiverPlanSurface[];
  /** Index of the active surface (−1: none). */
  active: number;
  /** Control point (0…15, P_ij = 4i + j) of the active Bézier shown in the form. */
  selectedPoint: number;
  patient: { heightCm: number | null; weightKg: number | null };
  liverCondition: LiverCondition;
  safetyMarginMm: number;
  branches: TerritoryBranch[];
  placingBranch: boolean;
  /** Vessel centerlines drawn in 3D and the last branch proposal (liverBranches.ts). */
  centerlines: VesselCenterline[] | null;
  proposal: BranchProposalState | null;
  proposing: boolean;
  metrics: LiverPlanMetrics | null;
  /** Per surface: tumour distance (mm) at each display vertex (same order as `surfaces` of `metricsKey`). */
  vertexDistanceMm: (Float32Array | null)[] | null;
  /** Inputs the shown metrics belong to, and the current inputs (differ while computing). */
  metricsKey: string;
  inputsKey: string;
  /** Worker time of the last update and time from the change to the metrics in the state, ms. */
  computeMs: number | null;
  updateMs: number | null;
  /** Metrics shown so far (the panel exposes it for tests). */
  updates: number;
  /** Territories: metrics, and the per-voxel labels on the work grid (the labels grid cropped at `cropLoIjk`, `cropSize`). */
  territories: { metrics: LiverPlanMetrics['territories']; labels: Uint16Array | null; cropLoIjk?: [number, number, number]; cropSize?: [number, number, number]; ms: number } | null;
  territoriesBusy: boolean;
  message: string;
}

/** Pause after an edit of the labels before they are sent to the worker again, ms. */
const REINIT_DELAY_MS = 300;

export { normalOfAngles, planeParams, roleOfSegment, type PlaneParams } from './logic/liverPlanForms';
import { normalOfAngles, roleOfSegment, type PlaneParams } from './logic/liverPlanForms';

/** A number typed in a form field, or a BAD_ARGUMENT naming it. */
function typed(text: string, subject: string, min = -Infinity, max = Infinity, unit = ''): number {
  const v = text.trim() === '' ? NaN : Number(text);
  if (!Number.isFinite(v) || v < min || v > max) throw new JumeauError('BAD_ARGUMENT', `must be a number${Number.isFinite(min) ? ` from ${min} to ${max}` : ''}${unit} (got ${text.trim() === '' ? 'nothing' : text})`, { subject });
  return v;
}

/** Edits the liver plan of the liver twin of the loaded series. */
export class LiverPlanController {
  /** When each inputs key was produced (the start of the update it triggers). */
  private readonly changedAt = new Map<string, number>();
  /** Identity numbers of labels arrays (a rebuilt twin has new labels). */
  private readonly labelIds = new WeakMap<object, number>();
  private syncing: string | null = null;
  private initTimer: ReturnType<typeof setTimeout> | undefined;
  private nextId = 1;

  /**
   * @param onInputs - called with the plan's inputs after each change (the app keeps them with the case,
   *   so a reload restores the surfaces, patient values and branches)
   */
  constructor(private readonly store: Store, private readonly service: LiverPlanService = new LiverPlanClient(), private readonly now: () => number = () => performance.now(), private readonly onInputs: (inputs: LiverPlanInputs) => void = () => undefined) {
    this.branches = new LiverBranchEditor({ store, service, patch: (p) => this.patch(p), inputsOf: (lp) => this.inputsOf(lp), getState: () => this.state });
  }

  /** The plan state, or null (no liver twin shown). */
  get state(): LiverPlanState | null {
    return this.store.get().liverPlan;
  }

  /** The liver twin of the loaded series, or null. */
  private liverTwin(s: AppState): { seriesId: string; result: NonNullable<AppState['twin']>['result'] } | null {
    const loaded = s.loaded && s.loaded.seriesId === s.selectedSeriesId ? s.loaded : null;
    return loaded && s.twin?.seriesId === loaded.seriesId && s.twin.result.anatomy === 'liver' ? s.twin : null;
  }

  /**
   * Follows the state: a liver twin shown → its labels are sent to the worker (again after an edit of
   * the labels; the surfaces are kept for the same series); no liver twin → the plan is dropped.
   * Call it on every render; it changes the state only after the render (microtask).
   */
  sync(s: AppState): void {
    const twin = this.liverTwin(s);
    const lp = s.liverPlan;
    if (!twin) {
      if (lp) queueMicrotask(() => this.store.update({ liverPlan: null }));
      return;
    }
    const segments = twin.result.segments.flatMap((g) => { const role = roleOfSegment(g.name); return role ? [{ label: g.label, name: g.name, role }] : []; });
    const labels = twin.result.labels;
    if (!this.labelIds.has(labels)) this.labelIds.set(labels, this.nextId++);
    const labelsKey = `${twin.seriesId}|${this.labelIds.get(labels)}|${s.edit.labelsVersion}|${segments.map((g) => `${g.label}:${g.name}`).join(',')}`;
    if ((lp && lp.labelsKey === labelsKey) || this.syncing === labelsKey) return;
    this.syncing = labelsKey;
    const keep = lp && lp.seriesId === twin.seriesId ? lp : null;
    // A plan saved with the case (reload) comes back with its twin.
    const saved = keep ? undefined : twin.result.liverPlanInputs;
    const next: LiverPlanState = {
      seriesId: twin.seriesId, labelsKey, segments, organ: null, initError: null,
      surfaces: keep?.surfaces ?? saved?.surfaces ?? [], active: keep?.active ?? (saved?.surfaces.length ? 0 : -1), selectedPoint: keep?.selectedPoint ?? 5,
      patient: keep?.patient ?? saved?.patient ?? { heightCm: null, weightKg: null }, liverCondition: keep?.liverCondition ?? saved?.liverCondition ?? 'normal', safetyMarginMm: keep?.safetyMarginMm ?? saved?.safetyMarginMm ?? 10,
      branches: keep?.branches ?? saved?.territoryBranches ?? [], placingBranch: false, metrics: null, vertexDistanceMm: null, metricsKey: '', inputsKey: '', computeMs: null, updateMs: null,
      updates: keep?.updates ?? 0, territories: null, territoriesBusy: false, message: keep?.message ?? '', centerlines: keep?.centerlines ?? null, proposal: keep?.proposal ?? null, proposing: false,
    };
    const grid = s.loaded!.volume;
    queueMicrotask(() => {
      this.syncing = null;
      this.store.update({ liverPlan: next });
      // An edit of the labels (a paint stroke bumps the version at every move) re-sends them once the
      // edits pause, not at every move.
      clearTimeout(this.initTimer);
      const send = (): void => void this.service.init(grid, labels, segments).then((o) => {
        const cur = this.state;
        if (!cur || cur.labelsKey !== labelsKey) return;
        if (o.status === 'error') return this.patch({ initError: o.error, message: `The liver plan cannot be computed: ${o.error.message}` });
        this.commit({ ...cur, organ: o.summary, ...(saved ? { message: `Liver plan restored from this browser (${saved.surfaces.length} surface${saved.surfaces.length === 1 ? '' : 's'}).` } : {}) });
      });
      if (keep) this.initTimer = setTimeout(send, REINIT_DELAY_MS);
      else send();
    });
  }

  private patch(p: Partial<LiverPlanState>): void {
    const cur = this.state;
    if (cur) this.store.update({ liverPlan: { ...cur, ...p } });
  }

  /** The inputs the worker computes from. */
  inputsOf(lp: LiverPlanState): LiverPlanInputs {
    return { surfaces: lp.surfaces, patient: lp.patient, liverCondition: lp.liverCondition, safetyMarginMm: lp.safetyMarginMm, territoryBranches: lp.branches };
  }

  /** Applies an edit of the plan inputs; a JumeauError is shown naming its field and the plan is kept. */
  private apply(edit: (lp: LiverPlanState) => Partial<LiverPlanState>, done: string): boolean {
    const lp = this.state;
    if (!lp?.organ) return false;
    try {
      this.commit({ ...lp, ...edit(lp), message: done });
      return true;
    } catch (e) {
      const why = isJumeauError(e) ? e.message : `unexpected error: ${e instanceof Error ? e.message : String(e)}`;
      this.patch({ message: `Not applied — ${why}. The plan is unchanged.` });
      return false;
    }
  }

  /**
   * Stores a new plan state and sends its inputs to the worker (latest wins) — the message goes first,
   * so the worker computes while the page renders — then stores the metrics when they come back.
   */
  private commit(next: LiverPlanState): void {
    const inputs = this.inputsOf(next);
    const key = JSON.stringify(inputs);
    this.onInputs(inputs);
    if (!this.changedAt.has(key)) this.changedAt.set(key, this.now());
    if (!next.organ || !inputs.surfaces.length) {
      this.store.update({ liverPlan: { ...next, inputsKey: key, ...(next.organ ? { metrics: null, vertexDistanceMm: null, metricsKey: key } : {}) } });
      return;
    }
    const labelsKey = next.labelsKey;
    const pending = this.service.update(inputs);
    this.store.update({ liverPlan: { ...next, inputsKey: key } });
    void pending.then((o) => {
      const cur = this.state;
      if (o.status === 'superseded' || !cur || cur.labelsKey !== labelsKey) return;
      const t0 = this.changedAt.get(key);
      this.changedAt.delete(key);
      if (o.status === 'error') return this.patch({ message: `Metrics not updated — ${o.error.message}`, metricsKey: key });
      for (const [k, t] of this.changedAt) if (t0 !== undefined && t < t0) this.changedAt.delete(k);
      this.patch({ metrics: o.metrics, vertexDistanceMm: o.vertexDistanceMm, metricsKey: key, computeMs: o.ms, updateMs: t0 === undefined ? null : this.now() - t0, updates: cur.updates + 1 });
    });
  }

  private surfaceName(lp: LiverPlanState, kind: 'plane' | 'bezier'): string {
    for (let n = 1; ; n++) {
      const name = `${kind === 'plane' ? 'Plane' : 'Bézier'} ${n}`;
      if (!lp.surfaces.some((x) => x.name === name)) return name;
    }
  }

  /** Adds a surface through the organ centre, normal along patient left (+x), the left side resected; a Bézier starts flat. */
  addSurface(kind: 'plane' | 'bezier'): boolean {
    return this.apply((lp) => {
      const organ = lp.organ!;
      const plane: LiverPlanSurface = { name: this.surfaceName(lp, kind), kind: 'plane', pointLps: [...organ.centreLps], normalLps: [1, 0, 0], resectedSide: 'positive' };
      const s = kind === 'plane' ? plane : { name: plane.name, kind, controlPointsLps: displayPatchOf(plane, organ).controlPointsLps, resectedSide: plane.resectedSide } as LiverPlanSurface;
      return { surfaces: [...lp.surfaces, s], active: lp.surfaces.length };
    }, `${kind === 'plane' ? 'Plane' : 'Bézier surface'} added through the liver centre (normal towards the patient's left).`);
  }

  /** Makes surface `index` the active one. */
  selectSurface(index: number): void {
    const lp = this.state;
    if (lp && index >= 0 && index < lp.surfaces.length) this.patch({ active: index });
  }

  /** Removes the active surface. */
  removeSurface(): boolean {
    return this.apply((lp) => {
      if (lp.active < 0) throw new JumeauError('BAD_ARGUMENT', 'no surface is selected', { subject: 'surface' });
      const surfaces = lp.surfaces.filter((_, n) => n !== lp.active);
      return { surfaces, active: surfaces.length ? Math.min(lp.active, surfaces.length - 1) : -1 };
    }, 'Surface removed.');
  }

  private replaceActive(lp: LiverPlanState, f: (s: LiverPlanSurface) => LiverPlanSurface): Partial<LiverPlanState> {
    const s = lp.surfaces[lp.active];
    if (!s) throw new JumeauError('BAD_ARGUMENT', 'no surface is selected', { subject: 'surface' });
    return { surfaces: lp.surfaces.map((x, n) => (n === lp.active ? f(x) : x)) };
  }

  /** Moves the active plane: offset (mm from the liver centre along the normal), azimuth and elevation (degrees), as typed. */
  setPlane(input: { offset: string; azimuth: string; elevation: string }): boolean {
    let p: PlaneParams | null = null;
    return this.apply((lp) => this.replaceActive(lp, (s) => {
      if (s.kind !== 'plane') throw new JumeauError('BAD_ARGUMENT', `${s.name} is a Bézier surface: move its control points`, { subject: 'surface' });
      const half = lp.organ!.diagonalMm / 2;
      p = { offsetMm: typed(input.offset, 'offsetMm', -half, half, ' mm'), azimuthDeg: typed(input.azimuth, 'azimuthDeg', -360, 360, '°'), elevationDeg: typed(input.elevation, 'elevationDeg', -90, 90, '°') };
      const n = normalOfAngles(p.azimuthDeg, p.elevationDeg);
      const c = lp.organ!.centreLps;
      return { ...s, pointLps: [c[0] + p.offsetMm * n[0], c[1] + p.offsetMm * n[1], c[2] + p.offsetMm * n[2]], normalLps: n };
    }), `Plane moved: ${input.offset} mm, ${input.azimuth}° / ${input.elevation}°.`);
  }

  /** Turns the active plane into a flat 4×4 Bézier patch over the whole liver (same cut). */
  toBezier(): boolean {
    return this.apply((lp) => this.replaceActive(lp, (s) => {
      if (s.kind !== 'plane') throw new JumeauError('BAD_ARGUMENT', `${s.name} is already a Bézier surface`, { subject: 'surface' });
      return { name: s.name, kind: 'bezier', controlPointsLps: displayPatchOf(s, lp.organ!).controlPointsLps, resectedSide: s.resectedSide };
    }), 'Converted to a 4×4 Bézier surface: drag its control points in 3D or type them.');
  }

  /** Swaps the resected and remnant sides of the active surface. */
  flipSide(): boolean {
    return this.apply((lp) => this.replaceActive(lp, (s) => ({ ...s, resectedSide: s.resectedSide === 'positive' ? 'negative' : 'positive' })), 'Resected side swapped.');
  }

  /** Chooses the control point the form edits. */
  selectPoint(index: number): void {
    if (Number.isInteger(index) && index >= 0 && index < 16) this.patch({ selectedPoint: index });
  }

  /** Moves control point `index` (4i + j) of the active Bézier to `pointLps` (a drag in 3D). */
  moveControlPoint(index: number, pointLps: PointLps, how = 'dragged in 3D'): boolean {
    return this.apply((lp) => this.replaceActive(lp, (s) => {
      if (s.kind !== 'bezier') throw new JumeauError('BAD_ARGUMENT', `${s.name} is a plane: convert it to a Bézier surface first`, { subject: 'surface' });
      if (!Number.isInteger(index) || index < 0 || index > 15) throw new JumeauError('BAD_ARGUMENT', `must be 0…15, got ${index}`, { subject: 'controlPoint' });
      pointLps.forEach((v, a) => { if (!Number.isFinite(v)) throw new JumeauError('BAD_ARGUMENT', `must be finite, got ${v}`, { subject: `controlPoint.${'xyz'[a]}` }); });
      return { ...s, controlPointsLps: s.controlPointsLps.map((p, n) => (n === index ? [pointLps[0], pointLps[1], pointLps[2]] : p)) };
    }), `P${Math.floor(index / 4)}${index % 4} ${how} to (${pointLps.map((v) => v.toFixed(1)).join(', ')}) mm LPS.`);
  }

  /** Moves the selected control point to the coordinates typed (LPS mm). */
  setControlPoint(input: { x: string; y: string; z: string }): boolean {
    const lp = this.state;
    if (!lp) return false;
    try {
      return this.moveControlPoint(lp.selectedPoint, [typed(input.x, 'controlPoint.x'), typed(input.y, 'controlPoint.y'), typed(input.z, 'controlPoint.z')], 'typed');
    } catch (e) {
      this.patch({ message: `Not applied — ${isJumeauError(e) ? e.message : String(e)}. The plan is unchanged.` });
      return false;
    }
  }

  /** Patient height (cm) and weight (kg) as typed; empty = unknown (sFLR then shows why it is missing). */
  setPatient(input: { height: string; weight: string }): boolean {
    return this.apply(() => {
      const heightCm = input.height.trim() === '' ? null : typed(input.height, 'heightCm');
      const weightKg = input.weight.trim() === '' ? null : typed(input.weight, 'weightKg');
      // The FLR code's own checks (height in cm within 50–250, weight in kg within (0, 500]).
      resolveTlv({ kind: 'standardized', heightCm: heightCm ?? 170, weightKg: weightKg ?? 70 });
      return { patient: { heightCm, weightKg } };
    }, `Patient: height ${input.height.trim() || '—'} cm, weight ${input.weight.trim() || '—'} kg.`);
  }

  /** Liver condition (chooses the minimum-FLR threshold). */
  setCondition(condition: LiverCondition): boolean {
    return this.apply(() => {
      if (!['normal', 'chemotherapy', 'cirrhosis'].includes(condition)) throw new JumeauError('BAD_ARGUMENT', `must be normal, chemotherapy or cirrhosis, got ${condition}`, { subject: 'liverCondition' });
      return { liverCondition: condition };
    }, `Liver condition: ${condition}.`);
  }

  /** Safety margin (mm) as typed. */
  setSafetyMargin(text: string): boolean {
    return this.apply(() => ({ safetyMarginMm: typed(text, 'safetyMarginMm', 0, 100, ' mm') }), `Safety margin ${text} mm.`);
  }

  /** Branch points, proposals and territories (liverBranches.ts). */
  readonly branches: LiverBranchEditor;

  /** Why territories cannot be computed now, or null when they can. */
  territoriesBlocked(lp: LiverPlanState | null): string | null { return this.branches.territoriesBlocked(lp); }
  /** Arms (or disarms) placing a portal branch point by a click on the twin or the slice. */
  startPlacingBranch(): void { this.branches.startPlacing(); }
  /** Places a branch point when armed (returns false otherwise, so the click goes elsewhere). */
  placeAt(pointLps: PointLps, how: '3D pick' | 'slice click'): boolean { return this.branches.placeAt(pointLps, how); }
  /** Removes every branch point. */
  clearBranches(): void { this.branches.clear(); }
  /** Computes the geodesic territories in the worker. */
  computeTerritories(): Promise<boolean> { return this.branches.territories(); }
  /** Proposes portal branches from the portal vein's centerline (worker) and computes their territories. */
  proposeBranches(): Promise<boolean> { return this.branches.propose(); }

  /** The plan (inputs, source and grid) without metrics, or null. */
  async planOf(): Promise<LiverPlan | null> {
    const s = this.store.get();
    const lp = this.state;
    const twin = this.liverTwin(s);
    if (!lp?.organ || !twin || !s.loaded) return null;
    const summary = s.series.find((x) => x.id === s.loaded!.seriesId);
    return {
      schema: LIVER_PLAN_SCHEMA,
      source: { seriesInstanceUid: summary?.seriesInstanceUid ?? null, volumeSha256: await voxelSha256(s.loaded.volume.data), labelsSha256: await labelsSha256(twin.result.labels) },
      grid: gridOfGeometry(s.loaded.volume), segments: lp.segments, ...this.inputsOf(lp),
      notes: [`made in the Jumeau workstation on ${new Date().toISOString().slice(0, 10)}`],
    };
  }

  /** The sealed plan (every metric recomputed in the worker, SHA-256 of its inputs) as the bytes of liverplan.json. */
  async exportPlan(): Promise<Uint8Array | null> {
    const sealed = await this.sealed();
    if (!sealed) return null;
    this.patch({ message: 'liverplan.json exported (sealed).' });
    return new TextEncoder().encode(`${JSON.stringify(sealed, null, 2)}\n`);
  }

  /** The plan with every metric recomputed in the worker and sealed, or null (said in the message). */
  async sealed(): Promise<LiverPlan | null> {
    const plan = await this.planOf();
    if (!plan) return null;
    const o = await this.service.full(plan);
    if (o.status !== 'ok') {
      this.patch({ message: `Not exported — ${o.status === 'error' ? o.error.message : 'superseded'}` });
      return null;
    }
    return sealLiverPlan(plan, o.metrics);
  }

  /** The HTML report of the sealed plan, with the 3D view's picture when given. */
  async exportReport(picturePng: string | null): Promise<Uint8Array | null> {
    const sealed = await this.sealed();
    if (!sealed) return null;
    this.patch({ message: 'Report exported.' });
    return new TextEncoder().encode(liverReportHtml(sealed as LiverPlan & { metrics?: LiverPlanMetrics }, picturePng, new Date().toISOString()));
  }
}
