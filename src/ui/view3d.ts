/**
 * The 3D twin view controller: shows the built twin's meshes in a Babylon scene (src/scene), loaded on
 * first use so Babylon stays out of the first page load. Only what the state says is drawn: the twin
 * of the loaded series, the chosen preset; the render loop runs only while the 3D view is shown.
 */
import type { TwinResult } from '../workers/twinProtocol';
import { boundsLps } from '../meshing/meshMath';
import type { ViewPreset } from '../scene/viewPresets';
import type { TwinScene } from '../scene/twinScene';
import { byTestId, setText } from './dom';
import { downloadBytes } from './twinPanel';
import { implantMeshesOf } from './planImplants';
import { territoryVertexColours } from './logic/territoryColours';
import { TERRITORY_COLOURS } from './logic/labelOverlay';
import type { Volume } from '../volume/volume';
import { shownViewMode, type AppState } from './state';

/** What the view asks of the app. */
export interface View3dActions {
  onMode: (mode: '2d' | 'mpr' | '3d') => void;
  /** The axial cut height (LPS z, mm), or null for none. */
  onClip: (zLps: number | null) => void;
  /** Volume rendering of the CT turned on / off or its preset changed. */
  onVolumeRender: (v: AppState['volumeRender']) => void;
  /** A click on the twin: the segment and the LPS point hit. */
  onPick: (pick: { name: string; pointLps: [number, number, number] } | null) => void;
  /** The scene while it shows a liver or knee twin, or a hip twin with a plan (the liver / knee plan overlay, the cup gizmo attach to it). */
  onScene?: (scene: TwinScene) => void;
}

/** The 3D view bound to the viewer panel. */
export class View3d {
  private scene: TwinScene | null = null;
  private loading: Promise<TwinScene> | null = null;
  private shown: TwinResult | null = null;
  /** z range (LPS mm) of the shown twin, for the cut slider. */
  private zRange: [number, number] = [0, 1];

  constructor(private readonly root: HTMLElement, private readonly actions: View3dActions) {
    byTestId(root, 'view-2d-button').addEventListener('click', () => actions.onMode('2d'));
    byTestId(root, 'view-3d-button').addEventListener('click', () => actions.onMode('3d'));
    byTestId(root, 'view-mpr-button').addEventListener('click', () => actions.onMode('mpr'));
    for (const b of root.querySelectorAll<HTMLButtonElement>('[data-view]')) {
      b.addEventListener('click', () => void this.withScene((sc) => sc.setView(b.dataset.view as ViewPreset)));
    }
    byTestId(root, 'view3d-fit').addEventListener('click', () => void this.withScene((sc) => sc.fit()));
    byTestId(root, 'view3d-screenshot').addEventListener('click', () => void this.withScene((sc) => {
      sc.renderOnce();
      byTestId<HTMLCanvasElement>(root, 'view3d-canvas').toBlob((blob) => {
        if (blob) void blob.arrayBuffer().then((b) => downloadBytes(new Uint8Array(b), `jumeau-3d-${new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-')}.png`, 'image/png'));
      }, 'image/png');
    }));
    new ResizeObserver(() => this.scene?.resize()).observe(byTestId(root, 'view3d'));
    const clipToggle = byTestId<HTMLInputElement>(root, 'clip-toggle');
    const clipSlider = byTestId<HTMLInputElement>(root, 'clip-slider');
    const clipValue = (): number => this.zRange[0] + (Number(clipSlider.value) / 1000) * (this.zRange[1] - this.zRange[0]);
    clipToggle.addEventListener('change', () => actions.onClip(clipToggle.checked ? clipValue() : null));
    clipSlider.addEventListener('input', () => { if (clipToggle.checked) actions.onClip(clipValue()); });
    const vrToggle = byTestId<HTMLInputElement>(root, 'vr-toggle');
    const vrPreset = byTestId<HTMLSelectElement>(root, 'vr-preset');
    const vrChanged = (): void => actions.onVolumeRender({ on: vrToggle.checked, preset: vrPreset.value as AppState['volumeRender']['preset'] });
    vrToggle.addEventListener('change', vrChanged);
    vrPreset.addEventListener('change', vrChanged);
    const canvas = byTestId<HTMLCanvasElement>(root, 'view3d-canvas');
    let down: [number, number] | null = null;
    canvas.addEventListener('pointerdown', (ev) => { down = [ev.clientX, ev.clientY]; });
    canvas.addEventListener('pointerup', (ev) => {
      // A click, not the end of an orbit drag.
      if (!down || Math.hypot(ev.clientX - down[0], ev.clientY - down[1]) > 4 || !this.scene) return;
      const r = canvas.getBoundingClientRect();
      actions.onPick(this.scene.pickLps(ev.clientX - r.left, ev.clientY - r.top));
    });
  }

  /** Shows the twin in 3D when the state asks for it. */
  /** The state last rendered (a volume texture that becomes ready later is shown against it). */
  private lastState: AppState | null = null;

  render(s: AppState): void {
    this.lastState = s;
    const loaded = s.loaded && s.loaded.seriesId === s.selectedSeriesId ? s.loaded : null;
    const twin = loaded && s.twin?.seriesId === loaded.seriesId ? s.twin.result : null;
    const mode = shownViewMode(s);
    const on = mode === '3d';
    byTestId<HTMLButtonElement>(this.root, 'view-3d-button').disabled = !twin;
    byTestId<HTMLButtonElement>(this.root, 'view-mpr-button').disabled = !loaded;
    byTestId(this.root, 'view-2d-button').classList.toggle('active', mode === '2d');
    byTestId(this.root, 'view-mpr-button').classList.toggle('active', mode === 'mpr');
    byTestId(this.root, 'view-3d-button').classList.toggle('active', on);
    byTestId(this.root, 'view3d').hidden = !on;
    byTestId(this.root, 'view3d-presets').hidden = !on;
    this.root.dataset.mode = mode;
    const pk = s.pick;
    setText(byTestId(this.root, 'view3d-pick'), on && pk ? `${pk.name}  (${pk.pointLps.map((v) => v.toFixed(1)).join(', ')}) mm LPS${pk.value !== null ? `  ${pk.value}${loaded!.volume.unit === 'HU' ? ' HU' : ''}` : ''}` : '');
    if (!on) {
      this.scene?.setRunning(false);
      return;
    }
    void this.withScene((sc) => {
      if (twin !== this.shown) {
        this.shown = twin;
        const zs = twin!.segments.map((seg) => boundsLps(seg.mesh));
        this.zRange = [Math.min(...zs.map((b) => b.min[2])), Math.max(...zs.map((b) => b.max[2]))];
        sc.setSegments(twin!.segments.map((x) => ({ name: x.name, colorRgb: x.colorRgb, mesh: x.mesh })));
      }
      const plan = twin!.plan ?? null;
      sc.setImplants(plan ? JSON.stringify(plan.implants) : '', plan ? implantMeshesOf(plan) : []);
      for (const seg of twin!.segments) {
        sc.setVisible(seg.name, !s.hiddenSegments.includes(seg.name));
        sc.setOpacity(seg.name, s.segmentOpacity[seg.name] ?? 1);
      }
      sc.setAxialClip(s.clipZLps);
      this.showVolume(sc, s, loaded!.volume);
      sc.setMarker(s.pick?.pointLps ?? null);
      this.showTerritories(sc, s, twin!);
      setText(byTestId(this.root, 'clip-label'), s.clipZLps === null ? '' : `${s.clipZLps.toFixed(0)} mm`);
      byTestId<HTMLInputElement>(this.root, 'clip-toggle').checked = s.clipZLps !== null;
      if (twin!.anatomy === 'liver' || twin!.anatomy === 'knee' || (twin!.anatomy === 'hip' && plan)) this.actions.onScene?.(sc);
      sc.setRunning(true);
      byTestId(this.root, 'view3d').dataset.segments = String(twin!.segments.length);
    });
  }

  /**
   * The CT ray-cast behind the meshes when asked and possible: the toggle is disabled, with the reason
   * as its tooltip, where the 3D view has no WebGL2 3D textures; the HU presets only for a CT.
   */
  private showVolume(sc: TwinScene, s: AppState, volume: Volume): void {
    const toggle = byTestId<HTMLInputElement>(this.root, 'vr-toggle');
    const select = byTestId<HTMLSelectElement>(this.root, 'vr-preset');
    const isCt = volume.unit === 'HU';
    for (const o of select.options) o.disabled = !isCt && o.value !== 'mip';
    const preset = isCt ? s.volumeRender.preset : 'mip';
    sc.setVolumeRender(s.volumeRender.on && sc.volumeRenderSupport.ok ? volume : null, preset, () => {
      const now = this.lastState;
      if (now?.loaded?.volume === volume) this.showVolume(sc, now, volume);
    });
    // Read after the call: setting the volume up may have failed (then it says why).
    const support = sc.volumeRenderSupport;
    toggle.disabled = select.disabled = !support.ok;
    byTestId(this.root, 'vr-label').title = support.ok ? 'Ray-cast the CT behind the meshes (hide the meshes to see it all)' : support.reason;
    toggle.checked = support.ok && s.volumeRender.on;
    select.value = preset;
    const t = sc.volumeRenderTexture;
    byTestId(this.root, 'view3d').dataset.volumeRender = toggle.checked && t ? `${preset} ${t.size.join('x')}` : toggle.checked ? 'preparing' : support.ok ? 'off' : 'unsupported';
  }

  private territoriesShown: unknown = null;

  /** Portal territories (liver plan) as vertex colours of the liver mesh, when computed; plain colour otherwise. */
  private showTerritories(sc: TwinScene, s: AppState, twin: TwinResult): void {
    const t = s.liverPlan?.seriesId === s.loaded?.seriesId ? s.liverPlan?.territories : null;
    const liver = twin.segments.find((x) => x.name === 'liver');
    const key = t?.labels && liver ? t : null;
    if (key === this.territoriesShown) return;
    this.territoriesShown = key;
    if (!key || !liver || !t?.labels || !t.cropLoIjk || !t.cropSize) return sc.setVertexColours('liver', null);
    let max = 0;
    for (let q = 0; q < t.labels.length; q++) if (t.labels[q] > max) max = t.labels[q];
    const colours = Array.from({ length: max + 1 }, (_, l) => (l ? TERRITORY_COLOURS[l % TERRITORY_COLOURS.length] : undefined));
    const rgba = territoryVertexColours(liver.mesh.positionsLps, s.loaded!.volume, t.labels, t.cropLoIjk, t.cropSize, colours, liver.colorRgb);
    sc.setVertexColours('liver', rgba);
    byTestId(this.root, 'view3d').dataset.territories = String(max);
  }

  private async withScene(fn: (sc: TwinScene) => void): Promise<void> {
    if (!this.scene) {
      this.loading ??= import('../scene/twinScene').then(({ TwinScene: Ctor }) => {
        const sc = new Ctor(byTestId<HTMLCanvasElement>(this.root, 'view3d-canvas'), (l) => {
          for (const side of ['left', 'right', 'top', 'bottom'] as const) setText(byTestId(this.root, `view3d-label-${side}`), l[side]);
        }, { webGl1: new URLSearchParams(location.search).has('webgl1') });
        this.scene = sc;
        // The dev server's tests project LPS points through the camera (screenOfLps).
        if (import.meta.env.DEV) (window as unknown as { __jumeauTwin?: TwinScene }).__jumeauTwin = sc;
        return sc;
      });
      await this.loading;
    }
    fn(this.scene!);
  }
}
