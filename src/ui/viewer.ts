/**
 * The 2D slice viewer: a canvas showing one axial slice at its native resolution (CSS scales it to the
 * panel keeping the true mm aspect), orientation letters on its edges, a slice slider, window presets and
 * a read-out of the value under the cursor. All maths is in ./logic/sliceView.
 */
import type { LoadReport } from '../workers/protocol';
import { byTestId, h, setText } from './dom';
import { mm } from './logic/format';
import { indexToScreen, planAxialView, renderSliceRgba, screenToIndex, slicePositionLps, valueAt, type AxialViewPlan } from './logic/sliceView';
import { TERRITORY_COLOURS, blendCroppedLabelsRgba, blendLabelsRgba } from './logic/labelOverlay';
import type { TwinResult } from '../workers/twinProtocol';
import { WINDOW_PRESETS } from './logic/window';
import type { AppState } from './state';
import { lpsToIndex } from '../volume/volume';
import { brushArmed } from './segmentEditor';

/** What the viewer asks of the app. */
export interface ViewerActions {
  onSlice: (slice: number) => void;
  onPreset: (presetId: string) => void;
  /** A click on the slice, as the voxel index (i, j, k) under it. */
  onPick?: (ijk: [number, number, number]) => void;
  /** A brush stroke on the slice (only while the segment editor has a tool armed). */
  onStroke?: (phase: 'start' | 'move' | 'end', ijk: [number, number, number] | null) => void;
}

/** The slice viewer bound to its panel element. */
export class SliceViewer {
  private readonly canvas: HTMLCanvasElement;
  private readonly ctx: CanvasRenderingContext2D;
  private readonly stage: HTMLElement;
  private readonly slider: HTMLInputElement;
  private shown: LoadReport | null = null;
  private plan: AxialViewPlan | null = null;
  private image: ImageData | null = null;
  private drawnKey = '';
  private slice = 0;
  private overlayOf: TwinResult | null = null;
  private overlayColours: ([number, number, number] | undefined)[] = [];
  /** A brush tool is armed (drags paint or erase instead of picking). */
  private armed = false;
  private stroking = false;

  constructor(private readonly root: HTMLElement, private readonly actions: ViewerActions) {
    this.canvas = byTestId<HTMLCanvasElement>(root, 'viewer-canvas');
    const ctx = this.canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new Error('2D canvas unavailable');
    this.ctx = ctx;
    this.stage = byTestId(root, 'viewer-stage');
    this.slider = byTestId<HTMLInputElement>(root, 'slice-slider');
    this.slider.addEventListener('input', () => actions.onSlice(Number(this.slider.value)));
    this.canvas.addEventListener('wheel', (ev) => {
      if (!this.plan) return;
      ev.preventDefault();
      const next = Math.min(this.plan.sliceCount - 1, Math.max(0, this.slice + (ev.deltaY < 0 ? 1 : -1)));
      if (next !== this.slice) actions.onSlice(next);
    }, { passive: false });
    this.canvas.addEventListener('mousemove', (ev) => this.readout(ev));
    this.canvas.addEventListener('pointerdown', (ev) => {
      if (!this.armed || ev.button !== 0) return;
      const at = this.indexOf(ev);
      if (!at) return;
      this.stroking = true;
      this.canvas.setPointerCapture(ev.pointerId);
      actions.onStroke?.('start', at);
    });
    this.canvas.addEventListener('pointermove', (ev) => {
      if (!this.stroking) return;
      const at = this.indexOf(ev);
      if (at) actions.onStroke?.('move', at);
    });
    const endStroke = (): void => {
      if (!this.stroking) return;
      this.stroking = false;
      actions.onStroke?.('end', null);
    };
    this.canvas.addEventListener('pointerup', endStroke);
    this.canvas.addEventListener('pointercancel', endStroke);
    this.canvas.addEventListener('click', (ev) => {
      if (this.armed) return;
      const xy = this.pixelOf(ev);
      if (xy && this.plan) actions.onPick?.(screenToIndex(this.plan, xy[0], xy[1], this.slice));
    });
    this.canvas.addEventListener('mouseleave', () => setText(byTestId(root, 'cursor-readout'), ''));
    const presets = byTestId(root, 'wl-presets');
    for (const p of WINDOW_PRESETS) {
      const b = h('button', { type: 'button', class: 'small', 'data-testid': `wl-preset-${p.id}`, 'data-preset': p.id }, p.label);
      b.addEventListener('click', () => actions.onPreset(p.id));
      presets.append(b);
    }
    new ResizeObserver(() => this.fit()).observe(this.stage);
  }

  /** Draws the state's volume, slice and window (only what changed). */
  render(s: AppState): void {
    const loaded = s.loaded && s.loaded.seriesId === s.selectedSeriesId ? s.loaded : null;
    this.root.dataset.hasVolume = String(loaded !== null);
    if (loaded !== this.shown) {
      this.shown = loaded;
      this.plan = loaded ? planAxialView(loaded.volume) : null;
      this.image = this.plan ? new ImageData(this.plan.width, this.plan.height) : null;
      this.drawnKey = '';
      if (this.plan) {
        this.canvas.width = this.plan.width;
        this.canvas.height = this.plan.height;
        this.slider.max = String(this.plan.sliceCount - 1);
        this.fit();
      }
      this.renderLabels();
    }
    for (const b of this.root.querySelectorAll<HTMLButtonElement>('[data-preset]')) {
      b.classList.toggle('active', b.dataset.preset === s.view.presetId);
      b.disabled = !loaded;
    }
    this.slider.disabled = !loaded;
    const w = s.view.window;
    setText(byTestId(this.root, 'wl-readout'), loaded ? `W ${mm(w.width, 0)}  L ${mm(w.level, 0)}` : '');
    if (!loaded || !this.plan || !this.image) {
      setText(byTestId(this.root, 'slice-label'), '');
      return;
    }
    this.slice = Math.min(Math.max(0, s.view.slice), this.plan.sliceCount - 1);
    if (this.slider.value !== String(this.slice)) this.slider.value = String(this.slice);
    const twin = s.overlay && s.twin?.seriesId === loaded.seriesId ? s.twin.result : null;
    if (twin !== this.overlayOf) {
      this.overlayOf = twin;
      this.overlayColours = [];
      for (const seg of twin?.segments ?? []) this.overlayColours[seg.label] = seg.colorRgb;
      this.drawnKey = '';
    }
    this.root.dataset.seedMode = s.seedMode;
    this.armed = brushArmed(s);
    this.root.dataset.brush = this.armed ? s.edit.tool : 'none';
    const seeds = s.twinSeeds.seriesId === loaded.seriesId ? s.twinSeeds : null;
    const seedKey = seeds ? JSON.stringify([seeds.liverIjk, seeds.tumoursIjk, seeds.portalIjk]) : '';
    const pickIjk = s.pick ? (lpsToIndex(loaded.volume, s.pick.pointLps).map(Math.round) as [number, number, number]) : null;
    const terr = s.overlay && s.liverPlan?.seriesId === loaded.seriesId ? s.liverPlan.territories : null;
    const rect = s.edit.scissorRect ?? null;
    const editSeeds = s.edit.seeds;
    const key = `${this.slice}|${w.width}|${w.level}|${seedKey}|${editSeeds.length}|${s.edit.labelsVersion}|${pickIjk?.join(',')}|${terr?.ms ?? ''}|${rect ? `${rect.a}/${rect.b}` : ''}`;
    if (key !== this.drawnKey) {
      renderSliceRgba(loaded.volume, this.plan, this.slice, w, this.image.data);
      const coloured = twin ? blendLabelsRgba(twin.labels, loaded.volume.size, this.plan, this.slice, this.overlayColours, 0.45, this.image.data) : 0;
      this.canvas.dataset.overlayPixels = String(coloured);
      // Portal territories (liver plan) over the liver, when computed.
      const tc = terr?.labels && terr.cropLoIjk && terr.cropSize ? blendCroppedLabelsRgba(terr.labels, terr.cropLoIjk, terr.cropSize, this.plan, this.slice, this.territoryColours(terr.labels), 0.45, this.image.data) : 0;
      this.canvas.dataset.territoryPixels = String(tc);
      if (seeds) this.drawSeeds(seeds.liverIjk ? [{ ijk: seeds.liverIjk, rgb: [80, 220, 120] }] : [], seeds.tumoursIjk.map((ijk) => ({ ijk, rgb: [255, 60, 60] as [number, number, number] })), (seeds.portalIjk ?? []).map((ijk) => ({ ijk, rgb: [70, 110, 255] as [number, number, number] })));
      // The shared cursor (a 3D pick or a slice click), cyan, when it lies on this slice.
      if (pickIjk) this.drawSeeds([{ ijk: pickIjk, rgb: [60, 240, 240] }]);
      // Seeds of the segment editor (Separate / Grow), in their segment's colour.
      if (editSeeds.length) this.drawSeeds(editSeeds.map((x) => ({ ijk: x.ijk, rgb: this.overlayColours[x.label] ?? [255, 255, 255] })));
      this.canvas.dataset.cursor = pickIjk ? pickIjk.join(',') : '';
      if (rect) this.drawRectangle(rect.a, rect.b);
      this.ctx.putImageData(this.image, 0, 0);
      this.drawnKey = key;
      this.canvas.dataset.slice = String(this.slice);
      this.canvas.dataset.window = `${w.width}/${w.level}`;
    }
    const pos = slicePositionLps(loaded.volume, this.plan, this.slice);
    const axisName = this.plan.planeName === 'Axial' ? 'S' : this.plan.planeName === 'Coronal' ? 'P' : 'L';
    const along = axisName === 'S' ? pos[2] : axisName === 'P' ? pos[1] : pos[0];
    setText(byTestId(this.root, 'slice-label'), `${this.plan.planeName} ${this.slice + 1} / ${this.plan.sliceCount}   ${axisName} ${mm(along, 1)} mm`);
  }

  /** The scissors rectangle, yellow, on the image (before it is put on the canvas). */
  private drawRectangle(a: [number, number, number], b: [number, number, number]): void {
    const plan = this.plan;
    if (!plan || !this.image) return;
    const pa = indexToScreen(plan, a), pb = indexToScreen(plan, b);
    const [x0, x1, y0, y1] = [Math.min(pa.x, pb.x), Math.max(pa.x, pb.x), Math.min(pa.y, pb.y), Math.max(pa.y, pb.y)];
    const put = (x: number, y: number): void => {
      if (x < 0 || y < 0 || x >= plan.width || y >= plan.height) return;
      const p = 4 * (y * plan.width + x);
      this.image!.data[p] = 255;
      this.image!.data[p + 1] = 220;
      this.image!.data[p + 2] = 40;
    };
    for (let x = x0; x <= x1; x++) { put(x, y0); put(x, y1); }
    for (let y = y0; y <= y1; y++) { put(x0, y); put(x1, y); }
  }

  private territoryPalette: { of: Uint16Array; colours: ([number, number, number] | undefined)[] } | null = null;

  /** Colours per territory label (cached per labels array). */
  private territoryColours(labels: Uint16Array): ([number, number, number] | undefined)[] {
    if (this.territoryPalette?.of !== labels) {
      let max = 0;
      for (let q = 0; q < labels.length; q++) if (labels[q] > max) max = labels[q];
      const colours: ([number, number, number] | undefined)[] = [undefined];
      for (let l = 1; l <= max; l++) colours.push([...TERRITORY_COLOURS[l % TERRITORY_COLOURS.length]]);
      this.territoryPalette = { of: labels, colours };
    }
    return this.territoryPalette.colours;
  }

  /** Marks the seeds lying on the shown slice with a 7-pixel cross in the image (before it is put on the canvas). */
  private drawSeeds(...groups: { ijk: [number, number, number]; rgb: [number, number, number] }[][]): void {
    const plan = this.plan;
    if (!plan || !this.image) return;
    for (const { ijk, rgb } of groups.flat()) {
      const at = indexToScreen(plan, ijk);
      if (at.slice !== this.slice) continue;
      for (let d = -3; d <= 3; d++) {
        for (const [x, y] of [[at.x + d, at.y], [at.x, at.y + d]]) {
          if (x < 0 || y < 0 || x >= plan.width || y >= plan.height) continue;
          const p = 4 * (y * plan.width + x);
          this.image.data[p] = rgb[0];
          this.image.data[p + 1] = rgb[1];
          this.image.data[p + 2] = rgb[2];
        }
      }
    }
  }

  /** The voxel index under a pointer event on the shown slice, or null off the image. */
  private indexOf(ev: MouseEvent): [number, number, number] | null {
    const xy = this.pixelOf(ev);
    return xy && this.plan ? screenToIndex(this.plan, xy[0], xy[1], this.slice) : null;
  }

  private pixelOf(ev: MouseEvent): [number, number] | null {
    if (!this.plan) return null;
    const r = this.canvas.getBoundingClientRect();
    const x = Math.floor(((ev.clientX - r.left) / r.width) * this.plan.width);
    const y = Math.floor(((ev.clientY - r.top) / r.height) * this.plan.height);
    return x < 0 || y < 0 || x >= this.plan.width || y >= this.plan.height ? null : [x, y];
  }

  private renderLabels(): void {
    const l = this.plan?.labels;
    for (const side of ['left', 'right', 'top', 'bottom'] as const) setText(byTestId(this.root, `label-${side}`), l ? l[side] : '');
  }

  /** Scales the canvas (CSS pixels) to fit the stage with the slice's true width:height in mm. */
  private fit(): void {
    if (!this.plan) return;
    const box = this.stage.getBoundingClientRect();
    const wMm = this.plan.width * this.plan.pixelMmX;
    const hMm = this.plan.height * this.plan.pixelMmY;
    const scale = Math.max(0.01, Math.min((box.width - 48) / wMm, (box.height - 48) / hMm));
    this.canvas.style.width = `${Math.floor(wMm * scale)}px`;
    this.canvas.style.height = `${Math.floor(hMm * scale)}px`;
  }

  private readout(ev: MouseEvent): void {
    const out = byTestId(this.root, 'cursor-readout');
    if (!this.plan || !this.shown) return;
    const xy = this.pixelOf(ev);
    if (!xy) return setText(out, '');
    const [x, y] = xy;
    const v = valueAt(this.shown.volume, this.plan, x, y, this.slice);
    setText(out, `(${x}, ${y})  ${Number.isInteger(v) ? v : v.toFixed(1)}${this.shown.volume.unit === 'HU' ? ' HU' : ''}`);
  }
}
