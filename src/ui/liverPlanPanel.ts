/**
 * The liver plan panel: resection surfaces (list, one active; add a plane or a Bézier, move a plane by
 * offset and angles, convert it to a Bézier, type a control point, flip the resected side), patient
 * height/weight, liver condition and safety margin, and the metrics recomputed live in the worker
 * (volumes, measured FLR and sFLR against the threshold with its source, margin per tumour — a missing
 * value says why, never 0), vessel margins (distance to each vessel, branches cut), portal branch
 * points (placed by a click or proposed from the portal centerline), territories, and the
 * liverplan.json export. It draws from the state only; the 3D surface and its draggable control points
 * are `src/scene/liverPlanOverlay.ts`, the vessel centerlines `src/scene/vesselOverlay.ts`.
 */
import { FLR_THRESHOLDS, type FlrAssessment, type LiverCondition } from '../planning/liver/flr';
import type { Metric } from '../planning/planMetrics';
import type { TwinScene } from '../scene/twinScene';
import type { LiverPlanOverlay } from '../scene/liverPlanOverlay';
import type { VesselOverlay } from '../scene/vesselOverlay';
import { renderProposal, renderVesselMargins } from './liverVesselPanel';
import { byTestId, h, setText } from './dom';
import { planeParams, type LiverPlanController, type LiverPlanState } from './liverPlanController';
import { shownViewMode, type AppState } from './state';
import { downloadBytes } from './twinPanel';

const f1 = (v: number): string => v.toFixed(1);
const pct = (r: number): string => `${(100 * r).toFixed(2)} %`;
const btn = (id: string, label: string, title = ''): HTMLButtonElement => h('button', { type: 'button', class: 'small', 'data-testid': id, title }, label);
const num = (id: string, title: string, step = '1'): HTMLInputElement => h('input', { type: 'number', step, 'data-testid': id, title });

/** The liver plan panel bound to its section. */
export class LiverPlanPanel {
  private overlay: LiverPlanOverlay | null = null;
  private vessels: VesselOverlay | null = null;
  private shownBranches: unknown = null;
  private overlayLoading: Promise<void> | null = null;
  private shownForms = '';
  private shownMetrics: unknown = null;
  private shownTerritories: unknown = null;
  private shownUpdates = -1;
  private shownProposal: unknown = null;
  private last: AppState | null = null;
  /** The headset overlay opening this case (xr.html?case=SERIES). */
  private xrLink: HTMLAnchorElement;

  constructor(private readonly root: HTMLElement, private readonly ctrl: LiverPlanController) {
    const v = (id: string): string => byTestId<HTMLInputElement>(root, id).value;
    const sel = h('select', { 'data-testid': 'liver-surface-select', title: 'Active surface' });
    sel.addEventListener('change', () => ctrl.selectSurface(Number(sel.value)));
    const add = btn('liver-add-plane', '+ Plane', 'A plane through the liver centre, normal towards the patient\'s left');
    add.addEventListener('click', () => ctrl.addSurface('plane'));
    const addB = btn('liver-add-bezier', '+ Bézier', 'A flat 4×4 Bézier patch through the liver centre');
    addB.addEventListener('click', () => ctrl.addSurface('bezier'));
    const toB = btn('liver-to-bezier', 'To Bézier', 'Convert the active plane to a deformable 4×4 Bézier patch');
    toB.addEventListener('click', () => ctrl.toBezier());
    const flip = btn('liver-flip', 'Flip side', 'Swap the resected and remnant sides');
    flip.addEventListener('click', () => ctrl.flipSide());
    const rm = btn('liver-remove', 'Remove');
    rm.addEventListener('click', () => ctrl.removeSurface());
    const planeApply = btn('liver-plane-apply', 'Apply');
    const applyPlane = (): void => void ctrl.setPlane({ offset: v('liver-plane-offset'), azimuth: v('liver-plane-azimuth'), elevation: v('liver-plane-elevation') });
    planeApply.addEventListener('click', applyPlane);
    const planeForm = h('fieldset', { class: 'plan-form', 'data-testid': 'liver-plane-form' }, h('legend', {}, 'Plane'),
      h('label', {}, 'Offset ', num('liver-plane-offset', 'Distance from the liver centre along the normal, mm', '0.5'), ' mm'),
      h('label', {}, 'Azimuth ', num('liver-plane-azimuth', 'Normal in the axial plane, from patient left (0°) towards posterior (90°)'), '°'),
      h('label', {}, 'Elevation ', num('liver-plane-elevation', 'Normal tilt towards superior'), '°'), planeApply);
    const point = h('select', { 'data-testid': 'liver-cp-select', title: 'Control point P_ij (i along u, j along v)' });
    for (let n = 0; n < 16; n++) point.append(h('option', { value: n }, `P${Math.floor(n / 4)}${n % 4}`));
    point.addEventListener('change', () => ctrl.selectPoint(Number(point.value)));
    const cpApply = btn('liver-cp-apply', 'Apply');
    cpApply.addEventListener('click', () => void ctrl.setControlPoint({ x: v('liver-cp-x'), y: v('liver-cp-y'), z: v('liver-cp-z') }));
    const bezierForm = h('fieldset', { class: 'plan-form', 'data-testid': 'liver-bezier-form' }, h('legend', {}, 'Bézier control point (drag the spheres in 3D, or type LPS mm)'),
      point, num('liver-cp-x', 'x (patient left), mm', '0.5'), num('liver-cp-y', 'y (posterior), mm', '0.5'), num('liver-cp-z', 'z (superior), mm', '0.5'), cpApply);
    for (const [id, f] of [['liver-plane-offset', applyPlane], ['liver-plane-azimuth', applyPlane], ['liver-plane-elevation', applyPlane]] as const) {
      planeForm.querySelector(`[data-testid="${id}"]`)!.addEventListener('keydown', (ev) => { if ((ev as KeyboardEvent).key === 'Enter') f(); });
    }
    const cond = h('select', { 'data-testid': 'liver-condition', title: 'Chooses the minimum FLR' }, ...Object.entries(FLR_THRESHOLDS).map(([k, row]) => h('option', { value: k }, `${row.label} (≥ ${Math.round(100 * row.threshold.minRatio)} %)`)));
    cond.addEventListener('change', () => ctrl.setCondition(cond.value as LiverCondition));
    const patApply = btn('liver-patient-apply', 'Apply');
    patApply.addEventListener('click', () => ctrl.setPatient({ height: v('liver-height'), weight: v('liver-weight') }));
    const marginApply = btn('liver-margin-apply', 'Apply');
    marginApply.addEventListener('click', () => ctrl.setSafetyMargin(v('liver-margin')));
    const patientForm = h('fieldset', { class: 'plan-form', 'data-testid': 'liver-patient-form' }, h('legend', {}, 'Patient (height and weight are removed by de-identification: type them for sFLR)'),
      h('label', {}, 'Height ', num('liver-height', 'cm'), ' cm'), h('label', {}, 'Weight ', num('liver-weight', 'kg'), ' kg'), patApply,
      h('label', {}, 'Liver ', cond), h('label', {}, 'Safety margin ', num('liver-margin', 'mm', '0.5'), ' mm'), marginApply);
    const terr = btn('liver-territories-compute', 'Territories', 'Geodesic portal territories');
    terr.addEventListener('click', () => void ctrl.computeTerritories());
    const branch = btn('liver-branch-add', 'Add branch point', 'Then click a portal-vein branch on the 3D twin or the slice');
    branch.addEventListener('click', () => ctrl.startPlacingBranch());
    const clear = btn('liver-branch-clear', 'Clear points');
    clear.addEventListener('click', () => ctrl.clearBranches());
    const propose = btn('liver-branch-propose', 'Propose branches', 'Extract the portal vein centerline (in the worker), propose its first- and second-order feeding branches and compute their territories');
    propose.addEventListener('click', () => void ctrl.proposeBranches());
    const branchSel = h('select', { 'data-testid': 'liver-branch-select', title: 'Branch point or proposed branch' });
    const branchRm = btn('liver-branch-remove', 'Remove branch', 'Remove the selected branch (proposed or placed)');
    branchRm.addEventListener('click', () => ctrl.branches.remove(Number(branchSel.value)));
    const exp = btn('liver-export', 'Export liverplan.json', 'jumeau.liverPlan/1 with its metrics and the SHA-256 of its inputs; `jumeau plan liverplan.json --labels labels.nii.gz` recomputes it');
    exp.addEventListener('click', () => void ctrl.exportPlan().then((b) => b && downloadBytes(b, 'liverplan.json', 'application/json')));
    const report = btn('liver-report', 'Report (HTML)', 'One HTML page: volumes, FLR with thresholds, margins, territories, the 3D picture, hashes');
    report.addEventListener('click', () => {
      const gl = document.querySelector<HTMLCanvasElement>('[data-testid="view3d-canvas"]');
      const pic = gl && gl.width > 1 ? gl.toDataURL('image/png') : null;
      void ctrl.exportReport(pic && pic.length > 1000 ? pic : null).then((b) => b && downloadBytes(b, 'liver-plan-report.html', 'text/html'));
    });
    this.xrLink = h('a', { class: 'small-text', 'data-testid': 'liver-xr', target: '_blank', rel: 'noopener', title: 'The headset overlay with this case: liver, tumours, resection surfaces; tumour centroids as targets, proposed surface landmarks to register' }, 'Headset…');
    root.replaceChildren(
      h('h2', {}, 'Liver plan'),
      h('div', { class: 'liver-row' }, sel, add, addB, toB, flip, rm),
      planeForm, bezierForm, patientForm,
      h('p', { class: 'small-text plan-message', 'data-testid': 'liver-message', role: 'status' }),
      h('div', { class: 'liver-metrics small-text', 'data-testid': 'liver-metrics', 'data-version': '0' }),
      h('table', { class: 'liver-table small-text', 'data-testid': 'liver-margins' }),
      h('table', { class: 'liver-table small-text', 'data-testid': 'liver-vessel-margins' }),
      h('div', { class: 'liver-row' }, propose, terr, branch, clear, h('span', { class: 'muted small-text', 'data-testid': 'liver-territories-reason' })),
      h('div', { class: 'liver-row' }, branchSel, branchRm),
      h('div', { class: 'small-text', 'data-testid': 'liver-proposal' }),
      h('table', { class: 'liver-table small-text', 'data-testid': 'liver-territories' }),
      h('div', { class: 'liver-row' }, exp, report, this.xrLink, h('span', { class: 'muted small-text', 'data-testid': 'liver-organ' })),
    );
  }

  /** The 3D view's scene: the overlay (surfaces, control points) is attached to it on first use. */
  attachScene(scene: TwinScene): void {
    if (this.overlay || this.overlayLoading) return;
    this.overlayLoading = import('../scene/liverPlanOverlay').then(({ LiverPlanOverlay: Ctor }) => {
      this.overlay = new Ctor(scene, { onDrag: (i, p) => this.ctrl.moveControlPoint(i, p), onSelect: (i) => this.ctrl.selectPoint(i) });
      if (this.last) this.render(this.last);
    });
    void import('../scene/vesselOverlay').then(({ VesselOverlay: Ctor }) => {
      this.vessels = new Ctor(scene);
      if (this.last) this.render(this.last);
    });
  }

  /** Shows the plan of the shown liver twin (hidden otherwise). */
  render(s: AppState): void {
    this.last = s;
    if (s.loaded) this.xrLink.href = `xr.html?case=${encodeURIComponent(s.loaded.seriesId)}`;
    this.ctrl.sync(s);
    const lp = s.liverPlan;
    this.root.hidden = !lp;
    this.overlay?.render(lp, shownViewMode(s) === '3d');
    this.vessels?.render(lp, shownViewMode(s) === '3d');
    if (!lp) return;
    const q = <T extends HTMLElement>(id: string): T => byTestId<T>(this.root, id);
    setText(q('liver-message'), lp.initError ? `${lp.initError.message} [${lp.initError.code}]` : lp.message);
    setText(q('liver-organ'), lp.organ ? `TLV_CT ${f1(lp.organ.tlvCtMl)} mL (${lp.segments.map((g) => g.name).join(', ')})` : lp.initError ? '' : 'Preparing the liver…');
    q('liver-organ').dataset.centreLps = lp.organ ? JSON.stringify(lp.organ.centreLps) : '';
    q('liver-metrics').dataset.current = String(!!lp.metrics && lp.metricsKey === lp.inputsKey);
    const active = lp.surfaces[lp.active] ?? null;
    for (const id of ['liver-add-plane', 'liver-add-bezier']) q<HTMLButtonElement>(id).disabled = !lp.organ;
    q<HTMLButtonElement>('liver-to-bezier').disabled = active?.kind !== 'plane';
    q<HTMLButtonElement>('liver-flip').disabled = !active;
    q<HTMLButtonElement>('liver-remove').disabled = !active;
    q('liver-plane-form').hidden = active?.kind !== 'plane';
    q('liver-bezier-form').hidden = active?.kind !== 'bezier';
    this.renderForms(lp);
    const blocked = this.ctrl.territoriesBlocked(lp);
    const terr = q<HTMLButtonElement>('liver-territories-compute');
    terr.disabled = blocked !== null || lp.territoriesBusy;
    terr.title = blocked ?? 'Geodesic portal territories';
    q<HTMLButtonElement>('liver-branch-add').disabled = !lp.organ || lp.organ.portalLabel === null;
    q('liver-branch-add').classList.toggle('active', lp.placingBranch);
    const proposeBlocked = this.ctrl.branches.proposeBlocked(lp);
    const propose = q<HTMLButtonElement>('liver-branch-propose');
    propose.disabled = proposeBlocked !== null || lp.proposing || lp.territoriesBusy;
    propose.title = proposeBlocked ?? 'Extract the portal vein centerline (in the worker), propose its first- and second-order feeding branches and compute their territories';
    q<HTMLButtonElement>('liver-branch-remove').disabled = !lp.branches.length;
    if (lp.branches !== this.shownBranches || lp.proposal !== this.shownProposal) {
      this.shownBranches = lp.branches;
      this.shownProposal = lp.proposal;
      const sel = q<HTMLSelectElement>('liver-branch-select');
      sel.replaceChildren(...(lp.branches.length ? lp.branches.map((b, n) => h('option', { value: n }, `${b.name} (${b.source === 'auto' ? 'proposed' : 'placed'})`)) : [h('option', { value: -1 }, '(no branch)')]));
      renderProposal(q('liver-proposal'), lp);
    }
    setText(q('liver-territories-reason'), blocked ?? `${lp.branches.length} branch point(s): ${lp.branches.map((b) => b.name).join(', ')}`);
    q<HTMLButtonElement>('liver-export').disabled = !lp.organ || !lp.surfaces.length;
    if (lp.metrics !== this.shownMetrics || lp.territories !== this.shownTerritories || lp.updates !== this.shownUpdates) this.renderMetrics(lp);
  }

  private renderForms(lp: LiverPlanState): void {
    const key = JSON.stringify([lp.surfaces, lp.active, lp.selectedPoint, lp.patient, lp.liverCondition, lp.safetyMarginMm, !!lp.organ]);
    if (key === this.shownForms) return;
    this.shownForms = key;
    const q = <T extends HTMLElement>(id: string): T => byTestId<T>(this.root, id);
    const sel = q<HTMLSelectElement>('liver-surface-select');
    sel.replaceChildren(...(lp.surfaces.length ? lp.surfaces.map((s, n) => h('option', { value: n }, `${s.name} (${s.kind === 'plane' ? 'plane' : '4×4 Bézier'}, resects ${s.resectedSide} side)`)) : [h('option', { value: -1 }, '(no surface: add one)')]));
    sel.value = String(lp.active);
    const s = lp.surfaces[lp.active];
    if (s?.kind === 'plane' && lp.organ) {
      const p = planeParams(lp.organ.centreLps, s);
      q<HTMLInputElement>('liver-plane-offset').value = f1(p.offsetMm);
      q<HTMLInputElement>('liver-plane-azimuth').value = f1(p.azimuthDeg);
      q<HTMLInputElement>('liver-plane-elevation').value = f1(p.elevationDeg);
    }
    if (s?.kind === 'bezier') {
      q<HTMLSelectElement>('liver-cp-select').value = String(lp.selectedPoint);
      const c = s.controlPointsLps[lp.selectedPoint];
      (['x', 'y', 'z'] as const).forEach((a, k) => { q<HTMLInputElement>(`liver-cp-${a}`).value = f1(c[k]); });
    }
    q<HTMLInputElement>('liver-height').value = lp.patient.heightCm === null ? '' : String(lp.patient.heightCm);
    q<HTMLInputElement>('liver-weight').value = lp.patient.weightKg === null ? '' : String(lp.patient.weightKg);
    q<HTMLSelectElement>('liver-condition').value = lp.liverCondition;
    q<HTMLInputElement>('liver-margin').value = String(lp.safetyMarginMm);
  }

  private renderMetrics(lp: LiverPlanState): void {
    this.shownMetrics = lp.metrics;
    this.shownTerritories = lp.territories;
    this.shownUpdates = lp.updates;
    const out = byTestId(this.root, 'liver-metrics');
    const m = lp.metrics;
    out.dataset.version = String(lp.updates);
    out.dataset.updateMs = lp.updateMs === null ? '' : lp.updateMs.toFixed(1);
    out.dataset.computeMs = lp.computeMs === null ? '' : lp.computeMs.toFixed(1);
    const rows: Node[] = [];
    if (!m) rows.push(h('div', { class: 'muted' }, lp.surfaces.length ? 'Computing…' : 'Add a resection surface to see volumes, FLR and margins.'));
    else {
      const o = m.organ;
      rows.push(h('div', { 'data-testid': 'liver-metric-organ', 'data-tlv-ml': o.tlvCtMl.toFixed(3), 'data-tumour-ml': o.tumourMl.toFixed(3) },
        `Liver (TLV_CT) ${f1(o.tlvCtMl)} mL, tumours ${f1(o.tumourMl)} mL, functional liver ${f1(o.functionalTotalMl)} mL`));
      const r = m.resection;
      rows.push(r.available
        ? h('div', { 'data-testid': 'liver-metric-volumes', 'data-resected-ml': r.value.resectedMl.toFixed(3), 'data-remnant-ml': r.value.remnantMl.toFixed(3), 'data-remnant-functional-ml': r.value.remnantFunctionalMl.toFixed(3) },
          `Resected ${f1(r.value.resectedMl)} mL, remnant ${f1(r.value.remnantMl)} mL (${pct(r.value.remnantRatio)}); functional remnant (FLR) ${f1(r.value.remnantFunctionalMl)} mL`,
          ...r.value.surfaces.filter((x) => !x.cutComplete).map((x) => h('div', { class: 'bad' }, `⚠ ${x.name} ends inside the liver: its sides were completed by a seed competition`)))
        : h('div', { 'data-testid': 'liver-metric-volumes', 'data-available': 'false', class: 'bad' }, `Resection: — (${r.reason})`));
      rows.push(flrRow('liver-metric-flr', 'FLR measured', m.flrMeasured), flrRow('liver-metric-sflr', 'sFLR (standardised)', m.flrStandardized));
    }
    out.replaceChildren(...rows);
    this.renderMargins(lp);
    renderVesselMargins(byTestId<HTMLTableElement>(this.root, 'liver-vessel-margins'), lp);
    this.renderTerritories(lp);
  }

  private renderMargins(lp: LiverPlanState): void {
    const t = byTestId<HTMLTableElement>(this.root, 'liver-margins');
    const mg = lp.metrics?.margins;
    if (!mg) return t.replaceChildren();
    if (!mg.available) return t.replaceChildren(h('tr', {}, h('td', {}, `Margins: — (${mg.reason})`)));
    const head = h('tr', {}, h('th', {}, 'Tumour'), h('th', {}, 'Margin'), h('th', {}, 'Side'), h('th', {}, `≥ ${mg.value.safetyMarginMm} mm`));
    if (!mg.value.tumours.length) return t.replaceChildren(head, h('tr', {}, h('td', { colspan: 4 }, `— (${mg.value.reason})`)));
    t.replaceChildren(head, ...mg.value.tumours.map((x) => h('tr', { 'data-testid': 'liver-margin-row', 'data-name': x.name, 'data-margin-mm': x.marginMm === null ? '' : x.marginMm.toFixed(3), 'data-side': x.side ?? '', 'data-passes': String(x.passes), class: x.passes ? 'ok' : 'bad', title: x.reason ?? '' },
      h('td', {}, x.name), h('td', {}, x.marginMm === null ? `— (${x.reason})` : `${f1(x.marginMm)} mm${x.surface && lp.surfaces.length > 1 ? ` to ${x.surface}` : ''}`), h('td', {}, x.side ?? '—'), h('td', {}, x.passes === null ? '—' : x.passes ? 'pass' : `FAIL${x.reason ? `: ${x.reason}` : ''}`))));
  }

  private renderTerritories(lp: LiverPlanState): void {
    const t = byTestId<HTMLTableElement>(this.root, 'liver-territories');
    const m = lp.territories?.metrics;
    if (!m) return t.replaceChildren();
    if (!m.available) return t.replaceChildren(h('tr', {}, h('td', {}, `Territories: — (${m.reason})`)));
    t.replaceChildren(h('tr', {}, h('th', {}, 'Territory'), h('th', {}, 'Volume'), h('th', {}, 'Resected'), h('th', {}, 'Remnant')),
      ...m.value.territories.map((x) => h('tr', { 'data-testid': 'liver-territory', 'data-name': x.name, 'data-volume-ml': x.volumeMl.toFixed(3) }, h('td', {}, x.name), h('td', {}, `${f1(x.volumeMl)} mL`), h('td', {}, x.resectedMl === null ? '—' : `${f1(x.resectedMl)} mL`), h('td', {}, x.remnantMl === null ? '—' : `${f1(x.remnantMl)} mL`))),
      h('tr', {}, h('td', { colspan: 4, class: 'muted' }, `ambiguous (< ${m.value.ambiguityMm} mm between territories) ${f1(m.value.ambiguousMl)} mL, unreached ${f1(m.value.unreachedMl)} mL`)));
  }
}

/** One FLR row: the ratio, the TLV used, the threshold with its source and the verdict — or why it is missing. */
function flrRow(id: string, label: string, m: Metric<FlrAssessment>): HTMLElement {
  if (!m.available) return h('div', { 'data-testid': id, 'data-available': 'false' }, `${label}: — (${m.reason})`);
  const a = m.value;
  const v = a.verdict;
  return h('div', { 'data-testid': id, 'data-available': 'true', 'data-percent': a.percent.toFixed(4), 'data-passes': String(v.passes), 'data-threshold': String(v.minRatio), class: v.passes ? 'ok' : 'bad' },
    `${label} ${a.percent.toFixed(2)} % of ${a.tlvUsed.description} — ${v.passes ? 'meets' : 'BELOW'} the minimum ${Math.round(100 * v.minRatio)} % for ${FLR_THRESHOLDS[a.condition].label} (${v.source})`,
    ...a.alternatives.map((x) => h('div', { class: 'muted' }, `also reported: ${Math.round(100 * x.minRatio)} % (${x.source}) — ${x.passes ? 'met' : 'not met'}`)));
}
