/**
 * The MPR view controller: when the user picks "MPR", the loaded volume is shown in axial, coronal and
 * sagittal Cornerstone3D viewports (src/ui/mpr/cornerstoneMpr.ts, imported on first use) with the
 * window of the state, linked crosshairs, orientation letters read from each camera, and the twin's
 * labels as an overlay. The crosshair's LPS point is shown in mm.
 */
import type { LoadReport } from '../workers/protocol';
import type { TwinResult } from '../workers/twinProtocol';
import { byTestId, setText } from './dom';
import type { CornerstoneMpr, MprPrimaryTool, MprView } from './mpr/cornerstoneMpr';
import { shownViewMode, type AppState } from './state';

const VIEWS: MprView[] = ['axial', 'coronal', 'sagittal'];

/** The MPR frame of the viewer. */
export class MprPanel {
  private mpr: CornerstoneMpr | null = null;
  private loading: Promise<CornerstoneMpr> | null = null;
  private shownVolume: LoadReport | null = null;
  private shownTwin: TwinResult | null = null;
  private labelsVersion = -1;
  private windowKey = '';
  /** The last error of Cornerstone (no WebGL…), shown instead of the views. */
  private failed: string | null = null;
  /** Updates run one after the other (each awaits Cornerstone), never interleaved. */
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly root: HTMLElement) {
    byTestId(root, 'mpr-tool-crosshairs').addEventListener('click', () => this.setTool('crosshairs'));
    byTestId(root, 'mpr-tool-wl').addEventListener('click', () => this.setTool('windowLevel'));
    new ResizeObserver(() => this.mpr?.resize()).observe(byTestId(root, 'mpr'));
  }

  private setTool(tool: MprPrimaryTool): void {
    this.mpr?.setPrimaryTool(tool);
    setText(byTestId(this.root, 'mpr-primary-label'), tool === 'crosshairs' ? 'crosshairs' : 'window/level');
    byTestId(this.root, 'mpr-tool-crosshairs').classList.toggle('active', tool === 'crosshairs');
    byTestId(this.root, 'mpr-tool-wl').classList.toggle('active', tool === 'windowLevel');
  }

  /** Shows the MPR views when the state asks for them. */
  render(s: AppState): void {
    const on = shownViewMode(s) === 'mpr';
    const frame = byTestId(this.root, 'mpr');
    frame.hidden = !on;
    if (!on || !s.loaded) return;
    const loaded = s.loaded;
    const twin = s.overlay && s.twin?.seriesId === loaded.seriesId ? s.twin.result : null;
    void this.withMpr(async (mpr) => {
      mpr.resize();
      const w = s.view.window;
      if (loaded !== this.shownVolume) {
        this.shownVolume = loaded;
        this.shownTwin = null;
        this.windowKey = `${w.width}/${w.level}`;
        await mpr.setVolume(loaded.seriesId, loaded.volume, w);
      } else if (this.windowKey !== `${w.width}/${w.level}`) {
        this.windowKey = `${w.width}/${w.level}`;
        mpr.setWindow(w);
      }
      const changed = s.edit.labelsVersion !== this.labelsVersion;
      if (twin !== this.shownTwin || changed) {
        const sameLabels = twin !== null && this.shownTwin !== null && twin.labels === this.shownTwin.labels;
        this.shownTwin = twin;
        this.labelsVersion = s.edit.labelsVersion;
        const colours: ([number, number, number] | undefined)[] = [];
        for (const seg of twin?.segments ?? []) colours[seg.label] = seg.colorRgb;
        await mpr.setLabels(twin?.labels ?? null, loaded.volume, colours, sameLabels && changed);
      }
      frame.dataset.ready = 'true';
      frame.dataset.overlay = String(twin !== null);
      this.updateReadouts();
    });
  }

  /** Letters, focal points (data attributes for tests) and the crosshair read-out. */
  private updateReadouts(): void {
    const mpr = this.mpr;
    if (!mpr || !this.shownVolume) return;
    for (const v of VIEWS) {
      const l = mpr.edgeLetters(v);
      for (const side of ['top', 'bottom', 'left', 'right'] as const) setText(byTestId(this.root, `mpr-${v}-${side}`), l[side]);
      byTestId(this.root, `mpr-${v}`).dataset.focalLps = mpr.focalPointLps(v).map((x) => x.toFixed(2)).join(',');
    }
    // The crosshair centre: x from the sagittal slice, y from the coronal one, z from the axial one.
    const x = mpr.focalPointLps('sagittal')[0];
    const y = mpr.focalPointLps('coronal')[1];
    const z = mpr.focalPointLps('axial')[2];
    setText(byTestId(this.root, 'mpr-crosshair'), `Crosshair (${x.toFixed(1)}, ${y.toFixed(1)}, ${z.toFixed(1)}) mm LPS`);
  }

  private withMpr(fn: (mpr: CornerstoneMpr) => Promise<void>): Promise<void> {
    this.queue = this.queue.then(() => this.runWithMpr(fn));
    return this.queue;
  }

  private async runWithMpr(fn: (mpr: CornerstoneMpr) => Promise<void>): Promise<void> {
    if (this.failed) return;
    try {
      if (!this.mpr) {
        this.loading ??= import('./mpr/cornerstoneMpr').then(({ CornerstoneMpr: Ctor }) => {
          const els = Object.fromEntries(VIEWS.map((v) => [v, byTestId<HTMLDivElement>(this.root, `mpr-${v}`)])) as Record<MprView, HTMLDivElement>;
          const mpr = new Ctor(els, () => this.updateReadouts());
          this.mpr = mpr;
          if (import.meta.env.DEV) (window as unknown as { __jumeauMpr?: CornerstoneMpr }).__jumeauMpr = mpr;
          this.setTool('crosshairs');
          return mpr;
        });
        await this.loading;
      }
      await fn(this.mpr!);
    } catch (e) {
      this.failed = e instanceof Error ? e.message : String(e);
      setText(byTestId(this.root, 'mpr-crosshair'), `The MPR views could not start: ${this.failed}. The Slice view still works.`);
      byTestId(this.root, 'mpr').dataset.ready = 'failed';
      byTestId(this.root, 'mpr').dataset.stack = e instanceof Error ? String(e.stack) : '';
    }
  }
}
