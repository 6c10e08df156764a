/**
 * The knee plan panel (shown for a knee twin): the proposed femoral and tibial landmarks (auto or
 * manual, or missing with the reason), each re-placed by "Place" then a click on the slice or the 3D
 * twin; the cut parameters as a form (a bad value is refused with a message naming the field); the
 * metrics (HKA, cuts, resected volumes, posterior condylar angle, inter-epicondylar width, extension
 * gaps — a missing one says why, never 0); the femoral component and tibial baseplate sized in the twin
 * worker on the current cuts (size, AP/ML, over/underhang per side, coverage, or why not sized,
 * logic/kneeComponents.ts); the cut planes and the sized components, posed as in the plan, in 3D
 * (src/scene/kneePlanOverlay.ts, kneeImplants.ts); the implant-in-bone GLB and STL (femur and tibia
 * with the posed components, planImplants.ts); the
 * sealed plan.json and the HTML report (logic/kneeReport.ts, with pictures of the 3D view and the
 * slice). The panel builds its own section, placed after the liver plan panel.
 */
import type { TwinScene } from '../scene/twinScene';
import type { KneePlanOverlay } from '../scene/kneePlanOverlay';
import type { KneeGizmoInput } from '../scene/kneeCutGizmo';
import { h, setText } from './dom';
import type { KneePlanController, KneePlanState } from './kneePlanController';
import { KNEE_FORM_FIELDS, kneeFormValues, kneeMetricRows, type KneeFormValues } from './logic/kneePlanForms';
import { kneeComponentRows } from './logic/kneeComponents';
import { kneeComponentMeshes, implantInBoneFiles } from './planImplants';
import type { SegmentMesh } from '../meshing/types';
import { shownViewMode, type AppState } from './state';
import { downloadBytes } from './twinPanel';

/** A canvas as a PNG data URL (a small one — the slice at one pixel per voxel — enlarged to ≥ 512 px, nearest neighbour), or null when it was never drawn. */
function canvasPng(testId: string): string | null {
  const c = document.querySelector<HTMLCanvasElement>(`[data-testid="${testId}"]`);
  if (!c || c.width <= 1) return null;
  const k = Math.floor(512 / Math.max(c.width, c.height));
  let src = c;
  if (k > 1) {
    src = document.createElement('canvas');
    src.width = c.width * k;
    src.height = c.height * k;
    const g = src.getContext('2d');
    if (!g) return null;
    g.imageSmoothingEnabled = false;
    g.drawImage(c, 0, 0, src.width, src.height);
  }
  const png = src.toDataURL('image/png');
  return png.length > 1000 ? png : null;
}

const f1 = (v: number): string => v.toFixed(1);

/** The cuts the 3D gizmo shows: each computed plane with the parameters it was computed with. */
function kneeGizmoInput(kp: KneePlanState): KneeGizmoInput | null {
  const m = kp.metrics;
  if (!m || !kp.side) return null;
  const { tibia, femur } = kp.params;
  return {
    side: kp.side,
    tibia: m.proximalTibia.available ? { plane: m.proximalTibia.value.plane, axisUnitLps: m.proximalTibia.value.axisUnitLps, pose: { ...tibia } } : null,
    femur: m.distalFemur.available ? { plane: m.distalFemur.value.plane, axisUnitLps: m.distalFemur.value.axisUnitLps, pose: { depthMm: femur.depthMm, varusValgusDeg: femur.varusValgusDeg, posteriorSlopeDeg: 0 } } : null,
  };
}

/** The knee plan panel. */
export class KneePlanPanel {
  readonly root: HTMLElement;
  private overlay: KneePlanOverlay | null = null;
  private overlayLoading: Promise<void> | null = null;
  private shown: unknown[] = [];
  private last: AppState | null = null;
  private readonly inputs = new Map<string, HTMLInputElement>();
  private readonly message: HTMLElement;
  private readonly landmarks: HTMLTableElement;
  private readonly metrics: HTMLElement;
  private readonly notes: HTMLElement;
  private readonly title: HTMLElement;
  /** The components drawn in 3D: the sizes they come from, and the plan's implants posed. */
  private componentsOf: unknown = null;
  private parts: { key: string; segments: SegmentMesh[] } = { key: '', segments: [] };

  /** Builds the section and places it after `after` (the liver plan panel). */
  constructor(after: HTMLElement, private readonly ctrl: KneePlanController) {
    const apply = h('button', { type: 'button', class: 'small', 'data-testid': 'knee-apply' }, 'Apply');
    const form = h('fieldset', { class: 'plan-form', 'data-testid': 'knee-form' }, h('legend', {}, 'Cuts (⚠ typical values, verify per implant)'));
    for (const f of KNEE_FORM_FIELDS) {
      const input = h('input', { type: 'number', step: '0.5', 'data-testid': `knee-${f.id}`, title: f.title });
      input.addEventListener('keydown', (ev) => { if (ev.key === 'Enter') this.apply(); });
      this.inputs.set(f.id, input);
      form.append(h('label', { title: f.title }, `${f.label} `, input, ` ${f.unit}`));
    }
    form.append(apply);
    apply.addEventListener('click', () => this.apply());
    this.title = h('h2', {}, 'Knee plan');
    this.message = h('p', { class: 'small-text plan-message', 'data-testid': 'knee-message', role: 'status' });
    this.landmarks = h('table', { class: 'liver-table small-text', 'data-testid': 'knee-landmarks' });
    this.metrics = h('div', { class: 'liver-metrics small-text', 'data-testid': 'knee-metrics', 'data-version': '0' });
    this.notes = h('div', { class: 'muted small-text', 'data-testid': 'knee-notes' });
    const exp = h('button', { type: 'button', class: 'small', 'data-testid': 'knee-export', title: 'jumeau.plan/1 (anatomy knee): landmarks with their source, cut parameters, metrics, series UID and voxel SHA-256, sealed with the SHA-256 of its inputs; `npx jumeau plan plan.json` recomputes it' }, 'Download plan.json');
    exp.addEventListener('click', () => void ctrl.exportPlan().then((b) => b && downloadBytes(b, 'plan.json', 'application/json')));
    const report = h('button', { type: 'button', class: 'small', 'data-testid': 'knee-report', title: 'One HTML page: cut parameters, cuts, resected volumes, posterior condylar angle, HKA, gaps, pictures of the 3D view and the slice, landmarks, hashes' }, 'Report (HTML)');
    report.addEventListener('click', () => void ctrl.exportReport({ view3dPng: canvasPng('view3d-canvas'), slicePng: canvasPng('viewer-canvas') }).then((b) => b && downloadBytes(b, 'knee-plan-report.html', 'text/html')));
    const inBone = (kind: 'glb' | 'stl') => {
      const b = h('button', { type: 'button', class: 'small', 'data-testid': `knee-export-implants-${kind}`, title: 'The femur and tibia with the sized components posed as in the plan (GLB: a node per part, metres; STL: one solid, LPS mm)' }, `Implant-in-bone ${kind.toUpperCase()}`);
      b.addEventListener('click', () => void this.exportImplantInBone(kind, b));
      return b;
    };
    this.root = h('section', { class: 'liver-plan-panel knee-plan-panel', 'data-testid': 'knee-plan-panel', hidden: true }, this.title, this.message, this.landmarks, form, this.metrics, h('div', { class: 'liver-row' }, exp, report, inBone('glb'), inBone('stl')), this.notes);
    after.after(this.root);
  }

  /** Downloads the femur and tibia with the posed components (GLB or STL); says what was left out. */
  private async exportImplantInBone(kind: 'glb' | 'stl', btn: HTMLElement): Promise<void> {
    const kp = this.ctrl.plan;
    const plan = await this.ctrl.planOf();
    const twin = this.last?.twin?.result;
    if (!kp || !plan || !twin) return;
    const bones = twin.segments.filter((b) => b.label === kp.femurLabel || b.label === kp.tibiaLabel).map((b) => ({ name: b.name, colorRgb: b.colorRgb, mesh: b.mesh }));
    const files = implantInBoneFiles(plan, bones);
    btn.dataset.triangles = String(files.triangleCount);
    btn.dataset.segments = files.segments.map((x) => x.name).join('|');
    const missing = ['femoral', 'tibial'].filter((c) => !files.segments.some((x) => x.name === `planned ${c} component`));
    setText(this.message, `Implant-in-bone ${kind.toUpperCase()}: ${files.segments.length} parts, ${files.triangleCount} triangles${missing.length ? `; no ${missing.join(' or ')} component (not sized on the current cuts)` : ''}${files.leftOut.length ? `; left out: ${files.leftOut.join('; ')}` : ''}.`);
    downloadBytes(kind === 'glb' ? files.glb : files.stl, `knee-plan-implants-in-bone.${kind}`, kind === 'glb' ? 'model/gltf-binary' : 'model/stl');
  }

  /** The posed components of the plan for the current sizes (the plan is built asynchronously; a newer size wins). */
  private componentParts(kp: KneePlanState | null): SegmentMesh[] {
    const sizes = kp?.volumesCurrent ? kp.components : null;
    if (sizes !== this.componentsOf) {
      this.componentsOf = sizes;
      if (!sizes) this.parts = { key: '', segments: [] };
      else {
        void this.ctrl.planOf().then((plan) => {
          if (this.componentsOf !== sizes || !plan) return;
          const implants = plan.implants.filter((i) => i.role === 'femoralComponent' || i.role === 'tibialComponent');
          this.parts = { key: JSON.stringify(implants), segments: kneeComponentMeshes(implants).segments };
          if (this.last) this.render(this.last);
        });
      }
    }
    return this.parts.segments;
  }

  private apply(): void {
    const values = {} as KneeFormValues;
    for (const f of KNEE_FORM_FIELDS) values[f.id] = this.inputs.get(f.id)!.value;
    this.ctrl.setParams(values);
  }

  /** The 3D view's scene: the cut planes are drawn in it. */
  attachScene(scene: TwinScene): void {
    if (this.overlay || this.overlayLoading) return;
    this.overlayLoading = import('../scene/kneePlanOverlay').then(({ KneePlanOverlay: Ctor }) => {
      this.overlay = new Ctor(scene, { onCut: (bone, pose, final) => this.ctrl.setCutFromGizmo(bone, pose, final) });
      if (this.last) this.render(this.last);
    });
  }

  /** Shows the plan of the shown knee twin (hidden otherwise). */
  render(s: AppState): void {
    this.last = s;
    this.ctrl.sync(s);
    const kp = this.ctrl.plan;
    this.root.hidden = !kp;
    const m = kp?.metrics;
    const in3d = !!kp && shownViewMode(s) === '3d';
    this.overlay?.render({ femur: m?.distalFemur.available ? m.distalFemur.value.plane : null, tibia: m?.proximalTibia.available ? m.proximalTibia.value.plane : null }, in3d, kp ? kneeGizmoInput(kp) : null);
    const parts = this.componentParts(kp);
    this.overlay?.components.render(this.parts.key, parts, in3d);
    if (!kp) return;
    setText(this.title, `Knee plan${kp.side ? ` — ${kp.side === 'L' ? 'left' : 'right'} knee` : ''}`);
    setText(this.message, kp.error ?? kp.message);
    this.root.dataset.state = kp.proposing ? 'proposing' : kp.error ? 'error' : 'ready';
    const key = [kp.entries, kp.placing, kp.params, kp.metrics, kp.volumes, kp.notes, kp.components, kp.volumesCurrent];
    if (key.every((x, n) => x === this.shown[n])) return;
    const paramsChanged = kp.params !== this.shown[2];
    this.shown = key;
    if (paramsChanged) {
      const v = kneeFormValues(kp.params);
      for (const f of KNEE_FORM_FIELDS) this.inputs.get(f.id)!.value = v[f.id];
    }
    this.renderLandmarks(kp);
    this.renderMetrics(kp);
    setText(this.notes, kp.notes.join(' · '));
  }

  private renderLandmarks(kp: KneePlanState): void {
    const rows = kp.entries.map((e) => {
      const place = h('button', { type: 'button', class: `small${kp.placing === e.base ? ' active' : ''}`, 'data-testid': `knee-place-${e.base}`, title: 'Then click the point on the slice or the 3D twin' }, kp.placing === e.base ? 'Click…' : 'Place');
      place.addEventListener('click', () => this.ctrl.startPlacing(e.base));
      return h('tr', { 'data-testid': 'knee-landmark', 'data-name': e.base, 'data-source': e.pointLps ? e.source : 'missing', 'data-point': e.pointLps ? JSON.stringify(e.pointLps.map((x) => Math.round(x * 100) / 100)) : '', title: e.method },
        h('td', {}, e.base), h('td', {}, e.pointLps ? e.source : '—'),
        h('td', {}, e.pointLps ? `(${e.pointLps.map(f1).join(', ')})` : `— (${e.missingReason})`), h('td', {}, place));
    });
    this.landmarks.replaceChildren(h('tr', {}, h('th', {}, `Landmark (${kp.side ?? '?'})`), h('th', {}, 'Source'), h('th', {}, 'LPS mm'), h('th', {}, '')), ...rows);
  }

  private renderMetrics(kp: KneePlanState): void {
    if (!kp.metrics) return this.metrics.replaceChildren(h('div', { class: 'muted' }, kp.proposing ? 'Proposing the landmarks in the twin worker…' : ''));
    const rows = kneeMetricRows(kp.metrics, kp.volumesCurrent ? kp.volumes : null);
    this.metrics.dataset.version = String(kp.volumeUpdates);
    this.metrics.dataset.current = String(kp.volumesCurrent);
    this.metrics.dataset.volumeMs = kp.volumeMs === null ? '' : kp.volumeMs.toFixed(1);
    const m = kp.metrics;
    const pending = (cut: typeof m.distalFemur, what: string) => (cut.available ? 'computing…' : `no ${what} cut: ${cut.reason}`);
    const comps = kneeComponentRows(kp.volumesCurrent ? kp.components : null, { femur: pending(m.distalFemur, 'distal femoral'), tibia: pending(m.proximalTibia, 'proximal tibial') });
    const figures = (f: Record<string, number>) => Object.fromEntries(Object.entries(f).map(([k, v]) => [`data-${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, v.toFixed(3)]));
    this.metrics.replaceChildren(
      ...rows.map((r) => h('div', { 'data-testid': `knee-metric-${r.id}`, 'data-available': String(r.available), 'data-value': r.value === null ? '' : r.value.toFixed(3), class: r.available ? '' : 'muted' }, `${r.label}: ${r.text}`)),
      ...comps.map((r) => h('div', { 'data-testid': `knee-${r.id}`, 'data-available': String(r.available), 'data-size': r.size ?? '', ...figures(r.figures), class: r.available ? '' : 'muted' }, `${r.label}: ${r.text}`)),
    );
  }
}
