/**
 * The hip plan panel: operated side, landmarks (automatic or placed by a click, with their source),
 * cup (size, radiographic inclination/anteversion in the APP frame when ASIS and pubic tubercles are
 * placed, else the scanner frame — always labelled), head and stem from the catalogue, the metrics
 * recomputed live (missing ones say why, never 0), the ROM chart against targets, plan.json export and
 * the implant-in-bone meshes (GLB, STL); in the 3D view, the cup's gizmo (src/scene/cupGizmo.ts) moves
 * and aims the cup through the same edit path, the metrics following the drag.
 */
import type { CupFamily, HeadFamily, StemFamily } from '../planning/implants';
import { cupAnglesOf } from '../planning/hipPlanEdits';
import type { Plan } from '../planning/plan';
import type { Metric } from '../planning/planMetrics';
import { byTestId, h, setText } from './dom';
import { DEFAULT_ROM_LAYOUT, ROM_LABELS, romChartBars } from './logic/romChart';
import { ROM_MOTIONS } from '../planning/impingement';
import { APP_CATALOGUE, PLACEABLE_LANDMARKS, planMetricsOf, type PlanController } from './planController';
import { shownViewMode, type AppState } from './state';
import { downloadBytes } from './twinPanel';
import { hipCupCoverage } from './planCoverage';
import { planReportHtml } from './logic/planReport';
import { implantInBoneFiles } from './planImplants';
import { cupPoseOf } from '../planning/cupPose';
import type { HipCupGizmo } from '../scene/cupGizmo';
import type { TwinScene } from '../scene/twinScene';

const SVG = 'http://www.w3.org/2000/svg';
const fam = <K extends 'cup' | 'head' | 'stem'>(kind: K) => APP_CATALOGUE.families.find((f) => f.kind === kind) as Extract<CupFamily | HeadFamily | StemFamily, { kind: K }> | undefined;
const options = (sel: HTMLSelectElement, values: string[], labels: (v: string) => string = (v) => v): void => {
  if (sel.dataset.options === values.join('|')) return;
  sel.dataset.options = values.join('|');
  sel.replaceChildren(...values.map((v) => h('option', { value: v }, labels(v))));
};
const fmt = (v: number, d = 1): string => v.toFixed(d);
const missingText = (m: Metric<unknown>): string => (m.available ? '' : `— (${m.reason})`);

/** The plan panel bound to its section. */
export class PlanPanel {
  private shown: Plan | null = null;
  private lastState: AppState | null = null;
  private gizmo: HipCupGizmo | null = null;
  private gizmoLoading: Promise<void> | null = null;

  constructor(private readonly root: HTMLElement, private readonly ctrl: PlanController) {
    const q = <T extends HTMLElement>(id: string): T => byTestId<T>(root, id);
    q<HTMLSelectElement>('plan-side').addEventListener('change', (ev) => ctrl.setSide((ev.target as HTMLSelectElement).value as 'L' | 'R'));
    q('plan-cup-apply').addEventListener('click', () => this.applyCup());
    for (const id of ['plan-cup-inclination', 'plan-cup-anteversion']) q<HTMLInputElement>(id).addEventListener('keydown', (ev) => { if (ev.key === 'Enter') this.applyCup(); });
    q<HTMLSelectElement>('plan-cup-size').addEventListener('change', () => this.applyCup());
    q('plan-stem-apply').addEventListener('click', () => this.applyStem());
    for (const id of ['plan-head', 'plan-stem-size', 'plan-stem-ccd', 'plan-stem-offset']) q<HTMLSelectElement>(id).addEventListener('change', () => this.applyStem());
    q('plan-export').addEventListener('click', () => void ctrl.exportPlan().then((b) => b && downloadBytes(b, 'plan.json', 'application/json')));
    q('plan-report').addEventListener('click', () => void this.exportReport());
    q('plan-bone-rom').addEventListener('click', () => void ctrl.runBoneRom());
    const exports = (['glb', 'stl'] as const).map((kind) => {
      const b = h('button', { type: 'button', class: 'small', 'data-testid': `plan-export-implants-${kind}`, title: kind === 'glb' ? 'The twin\'s bones with the planned cup, liner, head and stem, one GLB (metres, +Y superior)' : 'The twin\'s bones with the planned implants, one binary STL (LPS mm)' }, `Implants in bone (${kind.toUpperCase()})`);
      b.addEventListener('click', () => this.exportImplantInBone(kind));
      return b;
    });
    q('plan-report').after(...exports);
    q('plan-cup').append(h('p', { class: 'small-text muted', 'data-testid': 'plan-cup-gizmo-hint' }, 'In 3D: drag the red / green / blue knob to move the cup toward the patient\'s left / posterior / superior, the yellow knob to aim its opening.'));
  }

  /** The 3D view's scene (a hip twin): the cup gets its gizmo there. */
  attachScene(scene: TwinScene): void {
    if (this.gizmo || this.gizmoLoading) return;
    this.gizmoLoading = import('../scene/cupGizmo').then(({ HipCupGizmo: Ctor }) => {
      this.gizmo = new Ctor(scene, { onPose: (pose, final) => this.ctrl.setCupPose(pose, final) });
      if (this.lastState) this.render(this.lastState);
    });
  }

  /** Downloads the bones with the posed implants (GLB or STL); says what was left out. */
  private exportImplantInBone(kind: 'glb' | 'stl'): void {
    const plan = this.ctrl.plan;
    const bones = this.lastState?.twin?.result.segments ?? [];
    if (!plan || bones.length === 0) return;
    const files = implantInBoneFiles(plan, bones.map((b) => ({ name: b.name, colorRgb: b.colorRgb, mesh: b.mesh })));
    const btn = byTestId(this.root, `plan-export-implants-${kind}`);
    btn.dataset.triangles = String(files.triangleCount);
    btn.dataset.segments = files.segments.map((x) => x.name).join('|');
    setText(byTestId(this.root, 'plan-message'), `Implant-in-bone ${kind.toUpperCase()}: ${files.segments.length} parts, ${files.triangleCount} triangles${files.leftOut.length ? `; left out: ${files.leftOut.join('; ')}` : ''}.`);
    downloadBytes(kind === 'glb' ? files.glb : files.stl, `hip-plan-implants-in-bone.${kind}`, kind === 'glb' ? 'model/gltf-binary' : 'model/stl');
  }

  /** The HTML report: sealed plan, coverage, the ROM chart as drawn and the last 3D frame (when the 3D view exists). */
  private async exportReport(): Promise<void> {
    const plan = await this.ctrl.sealed();
    if (!plan || !this.lastState) return;
    const gl = document.querySelector<HTMLCanvasElement>('[data-testid="view3d-canvas"]');
    const capture = (): string | null => (gl && gl.width > 1 ? gl.toDataURL('image/png') : null);
    const picture = this.gizmo && gl && gl.width > 1 ? this.gizmo.hiddenWhile(capture) : capture();
    const svg = this.root.querySelector('[data-testid="rom-chart"]');
    const html = planReportHtml({ plan, coverage: hipCupCoverage(this.ctrl.plan!, this.lastState), romChartSvg: svg && svg.getAttribute('data-state') === 'ok' ? svg.outerHTML : '', picturePng: picture && picture.length > 1000 ? picture : null, createdAt: new Date().toISOString() });
    downloadBytes(new TextEncoder().encode(html), 'hip-plan-report.html', 'text/html');
  }

  private applyCup(): void {
    const c = fam('cup');
    if (!c) return;
    const v = (id: string): string => byTestId<HTMLInputElement>(this.root, id).value;
    this.ctrl.setCup({ familyId: c.id, size: v('plan-cup-size'), inclination: v('plan-cup-inclination'), anteversion: v('plan-cup-anteversion') });
  }

  private applyStem(): void {
    const [hf, sf] = [fam('head'), fam('stem')];
    if (!hf || !sf) return;
    const v = (id: string): string => byTestId<HTMLInputElement>(this.root, id).value;
    const size = sf.sizes.find((s) => s.size === v('plan-stem-size'));
    const offset = size?.offsetsMm.includes(Number(v('plan-stem-offset'))) ? Number(v('plan-stem-offset')) : size?.offsetsMm[0] ?? NaN;
    this.ctrl.setHeadStem({
      headFamilyId: hf.id, headDiameterMm: Number(v('plan-head')), neckLengthMm: hf.neckLengthsMm.includes(0) ? 0 : hf.neckLengthsMm[0],
      stemFamilyId: sf.id, stemSize: v('plan-stem-size'), neckShaftAngleDeg: Number(v('plan-stem-ccd')), offsetMm: offset, versionDeg: Number(v('plan-stem-version') || NaN),
    });
  }

  /** Shows the plan of the shown twin (hidden for other anatomies). */
  render(s: AppState): void {
    this.lastState = s;
    const plan = this.ctrl.plan;
    if (s.loaded) byTestId<HTMLAnchorElement>(this.root, 'plan-xr').href = `xr.html?case=${encodeURIComponent(s.loaded.seriesId)}`;
    this.root.hidden = !plan;
    setText(byTestId(this.root, 'plan-message'), s.planUi.message);
    this.renderLandmarks(plan, s.planUi.placing);
    this.renderBoneRom(plan, s);
    this.gizmo?.render(plan ? cupPoseOf(plan) : null, !!plan && shownViewMode(s) === '3d');
    if (!plan || plan === this.shown) return;
    this.shown = plan;
    byTestId<HTMLSelectElement>(this.root, 'plan-side').value = plan.side;
    this.renderForms(plan);
    this.renderMetrics(plan, s);
    byTestId(this.root, 'plan-notes').replaceChildren(...[...(s.twin?.result.planNotes ?? []), ...(plan.notes ?? [])].filter((n, i, a) => a.indexOf(n) === i).map((n) => h('li', {}, n)));
  }

  private renderLandmarks(plan: Plan | null, placing: string | null): void {
    const body = byTestId<HTMLTableElement>(this.root, 'plan-landmarks').tBodies[0];
    const key = `${plan ? JSON.stringify(plan.landmarks) : ''}|${placing}`;
    if (body.dataset.key === key) return;
    body.dataset.key = key;
    body.replaceChildren(...PLACEABLE_LANDMARKS.map((name) => {
      const l = plan?.landmarks.find((x) => x.name === name);
      const b = h('button', { type: 'button', class: `small${placing === name ? ' active' : ''}`, 'data-testid': 'plan-place', 'data-name': name }, placing === name ? 'Click…' : l ? 'Move' : 'Place');
      b.addEventListener('click', () => this.ctrl.startPlacing(name));
      return h('tr', { 'data-testid': 'plan-landmark', 'data-name': name, 'data-source': l?.source ?? 'missing' },
        h('td', {}, name), h('td', { class: 'mono' }, l ? l.pointLps.map((v) => fmt(v)).join(', ') : '—'), h('td', { title: l?.method ?? '' }, l ? l.source : 'missing'), h('td', {}, b));
    }));
  }

  private renderForms(plan: Plan): void {
    const [cf, hf, sf] = [fam('cup'), fam('head'), fam('stem')];
    const cup = plan.implants.find((i) => i.role === 'cup');
    const head = plan.implants.find((i) => i.role === 'head');
    const stem = plan.implants.find((i) => i.role === 'stem');
    const q = <T extends HTMLElement>(id: string): T => byTestId<T>(this.root, id);
    if (cf) options(q('plan-cup-size'), cf.sizes.map((x) => x.size), (v) => `${v} mm`);
    const a = cupAnglesOf(plan);
    setText(q('plan-cup-frame'), a ? (a.frame === 'APP' ? 'radiographic, anterior pelvic plane' : 'radiographic, SCANNER frame (place ASIS + pubic tubercles for APP)') : 'none');
    if (cup) q<HTMLSelectElement>('plan-cup-size').value = cup.size;
    if (a) {
      q<HTMLInputElement>('plan-cup-inclination').value = fmt(a.inclinationDeg);
      q<HTMLInputElement>('plan-cup-anteversion').value = fmt(a.anteversionDeg);
    }
    if (hf) options(q('plan-head'), hf.diametersMm.map(String), (v) => `${v} mm`);
    if (sf) {
      options(q('plan-stem-size'), sf.sizes.map((x) => x.size));
      options(q('plan-stem-ccd'), sf.neckShaftAnglesDeg.map(String), (v) => `${v}°`);
      const size = sf.sizes.find((x) => x.size === (stem?.size ?? sf.sizes[0].size));
      options(q('plan-stem-offset'), (size?.offsetsMm ?? []).map(String), (v) => `${v} mm`);
    }
    if (head) q<HTMLSelectElement>('plan-head').value = head.size;
    if (stem) {
      q<HTMLSelectElement>('plan-stem-size').value = stem.size;
      q<HTMLSelectElement>('plan-stem-ccd').value = String(stem.options?.neckShaftAngleDeg);
      q<HTMLSelectElement>('plan-stem-offset').value = String(stem.options?.offsetMm);
      q<HTMLInputElement>('plan-stem-version').value = String(stem.options?.versionDeg ?? '');
    }
  }

  private renderMetrics(plan: Plan, s: AppState): void {
    const m = planMetricsOf(plan).hip!;
    const out = byTestId(this.root, 'plan-metrics');
    const rows: (Node | string)[] = [];
    if (m.cupAngles.available) {
      const c = m.cupAngles.value;
      const ang = (d: 'radiographic' | 'operative' | 'anatomic') => `${fmt(c.angles[d].inclinationDeg)}° / ${fmt(c.angles[d].anteversionDeg)}°`;
      const centre = plan.implants.find((i) => i.role === 'cup')?.pose.positionLps;
      rows.push(h('div', { 'data-testid': 'metric-cup-angles', 'data-centre-lps': centre ? centre.map((v) => v.toFixed(3)).join(',') : '', 'data-frame': c.frame, 'data-inclination': c.angles.radiographic.inclinationDeg.toFixed(3), 'data-anteversion': c.angles.radiographic.anteversionDeg.toFixed(3) },
        `Cup (${c.frame === 'APP' ? `APP, pelvic tilt ${fmt(c.pelvicTiltDeg ?? 0)}°` : 'scanner frame'}): radiographic ${ang('radiographic')}, operative ${ang('operative')}, anatomic ${ang('anatomic')}`));
    } else rows.push(h('div', { 'data-testid': 'metric-cup-angles' }, `Cup angles ${missingText(m.cupAngles)}`));
    rows.push(m.safeZone.available
      ? h('div', { 'data-testid': 'metric-safe-zone', class: m.safeZone.value.inside ? 'ok' : 'bad' }, `Lewinnek zone (40 ± 10° / 15 ± 10°): ${m.safeZone.value.inside ? 'inside' : 'OUTSIDE'}`)
      : h('div', { 'data-testid': 'metric-safe-zone' }, `Lewinnek zone ${missingText(m.safeZone)}`));
    const nat = m.nativeAcetabulum;
    if (nat) {
      const part = (sd: 'L' | 'R') => { const x = nat[sd]; return x ? `${sd === 'L' ? 'left' : 'right'}${sd === plan.side ? ' (operated)' : ''} ${x.available ? `${fmt(x.value.angles.radiographic.inclinationDeg)}° / ${fmt(x.value.angles.radiographic.anteversionDeg)}°` : missingText(x)}` : null; };
      const op = nat[plan.side];
      rows.push(h('div', { 'data-testid': 'metric-native-acetabulum', ...(op?.available ? { 'data-inclination': op.value.angles.radiographic.inclinationDeg.toFixed(3), 'data-anteversion': op.value.angles.radiographic.anteversionDeg.toFixed(3) } : {}) },
        `Native acetabulum (rim plane, radiographic in the APP): ${[part(plan.side), part(plan.side === 'L' ? 'R' : 'L')].filter(Boolean).join('; ')}`));
    }
    rows.push(this.coverageRow(plan, s));
    rows.push(h('div', { 'data-testid': 'metric-leg-length' }, m.legLengthOffset.available ? `Leg length change ${fmt(m.legLengthOffset.value.legLengthMm)} mm` : `Leg length and offset ${missingText(m.legLengthOffset)}`));
    for (const w of planMetricsOf(plan).warnings) rows.push(h('div', { class: 'bad' }, `⚠ ${w}`));
    out.replaceChildren(...rows);
    this.renderChart(m.prostheticRom);
  }

  /** The bony ROM table: bony and prosthetic limits side by side, the first bony contact; stale results say so. */
  private renderBoneRom(plan: Plan | null, s: AppState): void {
    const table = byTestId<HTMLTableElement>(this.root, 'bone-rom-table');
    const b = s.planUi.boneRom;
    byTestId<HTMLButtonElement>(this.root, 'plan-bone-rom').disabled = !plan || !!s.planUi.boneRomRunning;
    const inp = plan ? this.ctrl.boneRomInput() : null;
    const current = !!b && !!inp && 'key' in inp && inp.key === b.key;
    const key = `${b?.key}|${b?.ms}|${current}|${plan ? JSON.stringify(plan.implants) : ''}`;
    if (table.dataset.key === key) return;
    table.dataset.key = key;
    table.hidden = !b || !plan;
    table.dataset.current = String(current);
    if (!b || !plan) return;
    const m = planMetricsOf(plan).hip!.prostheticRom;
    const deg = (v: number | null | undefined): string => (v === null ? 'free' : v === undefined ? '—' : `${v.toFixed(0)}°`);
    table.tBodies[0].replaceChildren(...ROM_MOTIONS.map((motion) => {
      const c = b.result.contacts[motion];
      const p = c?.point?.atContactLps;
      return h('tr', { 'data-testid': 'bone-rom-row', 'data-motion': motion, 'data-limit': c?.limitDeg === null || c === undefined ? 'free' : c.limitDeg.toFixed(2) },
        h('td', {}, ROM_LABELS[motion]), h('td', {}, deg(c?.limitDeg)), h('td', {}, m.available ? deg(m.value.limits[motion]) : '—'), h('td', { class: 'mono' }, p ? p.map((x) => x.toFixed(0)).join(', ') : ''));
    }), ...(current ? [] : [h('tr', {}, h('td', { colspan: '4', class: 'bad' }, 'Computed for another cup position or frame: press Bony ROM again.'))]));
  }

  /** Host-bone coverage of the cup, from the twin's labels (a workstation metric: it needs the labels). */
  private coverageRow(plan: Plan, s: AppState): HTMLElement {
    const c = hipCupCoverage(plan, s);
    if (!c.available) return h('div', { 'data-testid': 'metric-coverage' }, `Cup coverage by bone — (${c.reason})`);
    const v = c.value;
    return h('div', { 'data-testid': 'metric-coverage', 'data-percent': v.coveragePercent.toFixed(2) }, `Cup coverage by ${v.boneName}: ${fmt(v.coveragePercent)} % of the outer surface${v.outsideImage ? ` (${v.outsideImage} samples outside the image)` : ''}`);
  }

  private renderChart(rom: ReturnType<typeof planMetricsOf>['hip'] extends infer H ? H extends { prostheticRom: infer R } ? R : never : never): void {
    const svg = this.root.querySelector<SVGSVGElement>("[data-testid=\"rom-chart\"]")!;
    const el = (tag: string, attrs: Record<string, string | number>, text?: string): SVGElement => {
      const e = document.createElementNS(SVG, tag);
      for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
      if (text !== undefined) e.textContent = text;
      return e;
    };
    if (!rom.available) {
      svg.replaceChildren(el('text', { x: 0, y: 14 }, `Range of motion: — (${rom.reason})`.slice(0, 70)));
      svg.dataset.state = 'missing';
      return;
    }
    const L = DEFAULT_ROM_LAYOUT;
    const bars = romChartBars(rom.value.limits, rom.value.targets, L);
    const top = 16;
    const kids: SVGElement[] = [el('text', { x: 0, y: 11 }, 'ROM before neck–liner impingement (0–180°)')];
    for (const b of bars) {
      const y = top + b.y;
      kids.push(el('text', { x: 0, y: y + 10 }, b.label));
      const bar = el('rect', { x: L.x0, y, width: b.width, height: L.barHeight, class: b.status, 'data-motion': b.motion, 'data-status': b.status });
      bar.appendChild(el('title', {}, `${b.label}: ${b.valueText}; ${b.targetText}`));
      kids.push(bar);
      if (b.targetX !== null) kids.push(el('line', { x1: b.targetX, x2: b.targetX, y1: y - 2, y2: y + L.barHeight + 2, class: 'target' }));
      kids.push(el('text', { x: L.x0 + L.plotWidth + 6, y: y + 10 }, b.valueText));
    }
    svg.replaceChildren(...kids);
    svg.dataset.state = 'ok';
    svg.dataset.limits = JSON.stringify(rom.value.limits);
  }
}
