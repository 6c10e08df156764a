/**
 * The twin panel: anatomy choice, "Build twin", then one row per segment (colour, name, volume in mL,
 * triangles, closed or not, STL download), the GLB download, the overlay switch and the pipeline's
 * notes. Files are made in the page from the meshes the worker sent: nothing is uploaded.
 */
import { writeGlb } from '../meshing/gltf';
import { writeMtl, writeObj } from '../meshing/obj';
import { writeStlBinary } from '../meshing/stl';
import { stlFileName } from '../twin/exportTwin';
import { writeNifti1 } from '../volume/niftiWrite';
import type { Volume } from '../volume/volume';
import { gzip } from 'pako';
import type { AnatomyChoice } from '../twin/types';
import type { TwinResult } from '../workers/twinProtocol';
import { byTestId, h, setText } from './dom';
import type { AppState } from './state';

/** What the panel asks of the app. */
export interface TwinPanelActions {
  onBuild: () => void;
  onAnatomy: (a: AnatomyChoice) => void;
  onOverlay: (on: boolean) => void;
  /** Seed buttons: arm a click mode, or clear the seeds. */
  onSeedMode: (mode: 'liver' | 'tumour' | 'portal') => void;
  onClearSeeds: () => void;
  /** Show or hide a segment in the 3D view. */
  onSegmentVisible: (name: string, visible: boolean) => void;
  /** A new display colour for a segment (sRGB 0–255). */
  onSegmentColour: (label: number, colorRgb: [number, number, number]) => void;
  /** 3D opacity of a segment, 0–1. */
  onSegmentOpacity: (name: string, opacity: number) => void;
  /** Download the case (twin, edits, plan, seeds) as a `.jumeau` file. */
  onSaveCase: () => void;
  /** A `.jumeau` file chosen to open onto the loaded series. */
  onOpenCase: (file: File) => void;
}

const hex = (rgb: readonly number[]): string => `#${rgb.map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`;
const rgbOf = (hexColour: string): [number, number, number] => [1, 3, 5].map((i) => parseInt(hexColour.slice(i, i + 2), 16)) as [number, number, number];

/** Offers `bytes` as a file download named `fileName`. */
export function downloadBytes(bytes: Uint8Array, fileName: string, mime: string): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: mime }));
  const a = h('a', { href: url, download: fileName });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The twin panel bound to its element. */
export class TwinPanel {
  private shown: TwinResult | null = null;
  private hidden: string[] = [];
  private grid: Volume | null = null;

  constructor(private readonly root: HTMLElement, private readonly actions: TwinPanelActions) {
    byTestId(root, 'twin-build-button').addEventListener('click', () => actions.onBuild());
    const select = byTestId<HTMLSelectElement>(root, 'twin-anatomy');
    select.addEventListener('change', () => actions.onAnatomy(select.value as AnatomyChoice));
    const overlay = byTestId<HTMLInputElement>(root, 'overlay-toggle');
    overlay.addEventListener('change', () => actions.onOverlay(overlay.checked));
    byTestId(root, 'seed-liver-button').addEventListener('click', () => actions.onSeedMode('liver'));
    byTestId(root, 'seed-tumour-button').addEventListener('click', () => actions.onSeedMode('tumour'));
    byTestId(root, 'seed-portal-button').addEventListener('click', () => actions.onSeedMode('portal'));
    byTestId(root, 'seed-clear-button').addEventListener('click', () => actions.onClearSeeds());
    byTestId(root, 'twin-save-case').addEventListener('click', () => actions.onSaveCase());
    const caseInput = byTestId<HTMLInputElement>(root, 'twin-open-case-input');
    byTestId(root, 'twin-open-case').addEventListener('click', () => caseInput.click());
    caseInput.addEventListener('change', () => {
      const f = caseInput.files?.[0];
      caseInput.value = '';
      if (f) actions.onOpenCase(f);
    });
    byTestId(root, 'twin-download-labels').addEventListener('click', () => {
      const t = this.shown;
      const g = this.grid;
      if (t && g) downloadBytes(gzip(writeNifti1({ ...g, data: t.labels })), 'labels.nii.gz', 'application/gzip');
    });
    byTestId(root, 'twin-download-obj').addEventListener('click', () => {
      const meshes = this.chosenMeshes();
      if (!meshes.length) return;
      const utf8 = new TextEncoder();
      downloadBytes(utf8.encode(writeObj(meshes, 'twin.mtl')), 'twin.obj', 'model/obj');
      downloadBytes(utf8.encode(writeMtl(meshes)), 'twin.mtl', 'model/mtl');
    });
    byTestId(root, 'twin-download-glb').addEventListener('click', () => {
      const meshes = this.chosenMeshes();
      if (meshes.length) downloadBytes(writeGlb(meshes), 'twin.glb', 'model/gltf-binary');
    });
  }

  /** The segments chosen for a whole-twin export: those shown in 3D (the "3D" column). */
  private chosenMeshes(): { name: string; colorRgb: [number, number, number]; mesh: TwinResult['segments'][number]['mesh'] }[] {
    return (this.shown?.segments ?? []).filter((s) => !this.hidden.includes(s.name)).map((s) => ({ name: s.name, colorRgb: s.colorRgb, mesh: s.mesh }));
  }

  /** Shows the state's twin (when it belongs to the loaded series) and enables the build button. */
  render(s: AppState): void {
    const loaded = s.loaded && s.loaded.seriesId === s.selectedSeriesId ? s.loaded : null;
    const twin = loaded && s.twin?.seriesId === loaded.seriesId ? s.twin.result : null;
    const busy = s.status === 'busy';
    byTestId<HTMLButtonElement>(this.root, 'twin-build-button').disabled = !loaded || busy;
    byTestId<HTMLButtonElement>(this.root, 'twin-open-case').disabled = !loaded || busy;
    byTestId<HTMLSelectElement>(this.root, 'twin-anatomy').value = s.twinAnatomy;
    byTestId<HTMLInputElement>(this.root, 'overlay-toggle').checked = s.overlay;
    this.root.dataset.state = twin ? 'built' : 'none';
    this.grid = twin ? loaded!.volume : null;
    this.hidden = s.hiddenSegments;
    const chosen = twin ? twin.segments.filter((x) => !s.hiddenSegments.includes(x.name)).length : 0;
    for (const id of ['twin-download-glb', 'twin-download-obj']) {
      const b = byTestId<HTMLButtonElement>(this.root, id);
      b.disabled = chosen === 0;
      b.title = twin ? `The ${chosen} segment${chosen === 1 ? '' : 's'} shown in 3D (untick the "3D" column to leave one out)` : '';
    }
    this.renderSeeds(s, loaded !== null && !busy);
    if (twin === this.shown) return;
    this.shown = twin;
    const table = byTestId<HTMLTableElement>(this.root, 'twin-segments');
    table.hidden = !twin;
    byTestId(this.root, 'twin-actions').hidden = !twin;
    const notes = byTestId(this.root, 'twin-notes');
    if (!twin) {
      table.tBodies[0].replaceChildren();
      notes.replaceChildren();
      setText(byTestId(this.root, 'twin-summary'), 'Load a CT series, then build its twin: segments and closed surface meshes, computed in this browser.');
      return;
    }
    const tm = twin.timings;
    setText(byTestId(this.root, 'twin-summary'), `${twin.anatomy} — ${twin.anatomyReason}. Built in ${(twin.buildMs / 1000).toFixed(1)} s (segmentation ${tm.segmentS.toFixed(1)} s, meshes ${(tm.surfaceS + tm.smoothS + tm.decimateS + tm.checkS).toFixed(1)} s).`);
    table.tBodies[0].replaceChildren(...twin.segments.map((seg) => {
      const ok = seg.quality.closed && seg.quality.manifold && seg.quality.consistentlyOriented;
      const stl = h('button', { type: 'button', class: 'small', 'data-testid': 'segment-stl' }, 'STL');
      stl.addEventListener('click', () => downloadBytes(writeStlBinary(seg.mesh, seg.name), stlFileName(seg.name), 'model/stl'));
      const colour = h('input', { type: 'color', class: 'swatch', 'data-testid': 'segment-colour', title: 'Colour on the slices, in 3D and in twin.glb', value: hex(seg.colorRgb) });
      colour.addEventListener('change', () => this.actions.onSegmentColour(seg.label, rgbOf(colour.value)));
      const opacity = h('input', { type: 'range', min: '0.1', max: '1', step: '0.05', class: 'opacity', 'data-testid': 'segment-opacity', title: 'Opacity in the 3D view', value: String(s.segmentOpacity[seg.name] ?? 1) });
      opacity.addEventListener('input', () => this.actions.onSegmentOpacity(seg.name, Number(opacity.value)));
      const swatch = h('span', { class: 'look' }, colour, opacity);
      const shown = h('input', { type: 'checkbox', 'data-testid': 'segment-visible', title: 'Show in the 3D view' });
      shown.checked = !s.hiddenSegments.includes(seg.name);
      shown.addEventListener('change', () => this.actions.onSegmentVisible(seg.name, shown.checked));
      return h('tr', { 'data-testid': 'segment-row', 'data-name': seg.name, 'data-label': String(seg.label), 'data-volume-ml': seg.volumeMl.toFixed(3), 'data-triangles': String(seg.triangleCount), 'data-closed': String(ok) },
        h('td', {}, shown),
        h('td', {}, swatch),
        h('td', {}, seg.name),
        h('td', { class: 'num', 'data-testid': 'segment-volume' }, `${seg.volumeMl.toFixed(1)} mL`),
        h('td', { class: 'num' }, seg.triangleCount.toLocaleString('en')),
        h('td', { class: ok ? '' : 'bad', title: ok ? 'closed, manifold, outward' : 'NOT watertight: do not print' }, ok ? 'closed' : 'open!'),
        h('td', {}, stl));
    }));
    notes.replaceChildren(...twin.notes.map((n) => h('li', {}, n)));
  }

  private renderSeeds(s: AppState, enabled: boolean): void {
    const seeds = s.twinSeeds.seriesId === s.loaded?.seriesId ? s.twinSeeds : { liverIjk: null, tumoursIjk: [], portalIjk: [] };
    const portal = seeds.portalIjk ?? [];
    for (const [id, mode] of [['seed-liver-button', 'liver'], ['seed-tumour-button', 'tumour'], ['seed-portal-button', 'portal']] as const) {
      const b = byTestId<HTMLButtonElement>(this.root, id);
      b.disabled = !enabled;
      b.classList.toggle('active', s.seedMode === mode);
    }
    byTestId<HTMLButtonElement>(this.root, 'seed-clear-button').disabled = !enabled || (!seeds.liverIjk && !seeds.tumoursIjk.length && !portal.length);
    const parts = [
      seeds.liverIjk ? `liver (${seeds.liverIjk.join(', ')})` : 'liver: proposed',
      ...seeds.tumoursIjk.map((t, n) => `tumour ${n + 1} (${t.join(', ')})`),
      ...(portal.length ? [`portal vein: ${portal.length} seed${portal.length === 1 ? '' : 's'}`] : []),
    ];
    const hint = s.seedMode === 'none' ? '' : ` — click ${s.seedMode === 'liver' ? 'inside the liver' : s.seedMode === 'portal' ? 'inside the portal vein (one or more branches)' : 'inside a tumour'} on the slice`;
    setText(byTestId(this.root, 'seed-list'), `${parts.join('; ')}${hint}`);
  }
}
