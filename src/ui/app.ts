/**
 * The app controller: wires the toolbar, the drop zone, the load worker and the views to one
 * {@link Store}. All DICOM work runs in the worker; this file only moves messages and state.
 */
import type { LoadClient, JobHandlers, JobOutcome } from '../workers/loadClient';
import { TwinClient, type TwinOutcome } from '../workers/twinClient';
import { TwinPanel } from './twinPanel';
import { caseKey, loadCase, saveCase, voxelSha256 } from './caseStore';
import type { LoadReport } from '../workers/protocol';
import type { TwinResult } from '../workers/twinProtocol';
import { lpsToIndex } from '../volume/volume';
import { planAxialView } from './logic/sliceView';
import { View3d } from './view3d';
import type { AutoLoad, NamedBlob, NamedUrl } from '../workers/protocol';
import { pickDefaultSeries } from '../workers/pickSeries';
import { byTestId, h, setText } from './dom';
import { filesFromDrop, filesFromInput } from './inputs';
import { STAGE_LABELS } from './logic/format';
import { WINDOW_PRESETS, presetWindow } from './logic/window';
import { fetchSampleCatalog, sampleUrls } from './samples';
import { SeriesListView } from './seriesList';
import { Store, type AppState } from './state';
import { SliceViewer } from './viewer';
import { renderGeometry } from './geometryPanel';

/** Starts the app in `root` (the element with `data-testid="app"`). */
export class App {
  private readonly store = new Store();
  private readonly seriesView: SeriesListView;
  private readonly viewer: SliceViewer;
  private readonly twinPanel: TwinPanel;
  private readonly view3d: View3d;
  /** Bumped when a twin build is abandoned (new study opened), so its late outcome is ignored. */
  private twinGeneration = 0;

  constructor(private readonly root: HTMLElement, private readonly client: LoadClient, private readonly twinClient: TwinClient = new TwinClient()) {
    this.seriesView = new SeriesListView(byTestId(root, 'series-list'), byTestId(root, 'skipped-list'), (id, options) => void this.showSeries(id, options));
    this.viewer = new SliceViewer(byTestId(root, 'viewer'), {
      onSlice: (slice) => this.store.update({ view: { ...this.store.get().view, slice } }),
      onPreset: (id) => this.setPreset(id),
      onPick: (ijk) => this.placeSeed(ijk),
    });
    this.twinPanel = new TwinPanel(byTestId(root, 'twin-panel'), {
      onBuild: () => void this.buildTwin(),
      onAnatomy: (twinAnatomy) => this.store.update({ twinAnatomy }),
      onOverlay: (overlay) => this.store.update({ overlay }),
      onSeedMode: (mode) => this.store.update({ seedMode: this.store.get().seedMode === mode ? 'none' : mode }),
      onSegmentVisible: (name, visible) => {
        const hidden = this.store.get().hiddenSegments.filter((n) => n !== name);
        this.store.update({ hiddenSegments: visible ? hidden : [...hidden, name] });
      },
      onClearSeeds: () => this.store.update({ twinSeeds: { seriesId: this.store.get().loaded?.seriesId ?? null, liverIjk: null, tumoursIjk: [] }, seedMode: 'none' }),
    });
    this.view3d = new View3d(byTestId(root, 'viewer'), {
      onMode: (viewMode) => this.store.update({ viewMode }),
      onPick: (pick) => this.onTwinPick(pick),
      onClip: (clipZLps) => this.store.update({ clipZLps }),
    });
    this.bindInputs();
    this.store.subscribe((s) => this.render(s));
  }

  /** SHA-256 of the loaded series' voxels, per series id (the key of its saved case). */
  private readonly voxelSha = new Map<string, Promise<string>>();

  private shaOf(report: LoadReport): Promise<string> {
    let p = this.voxelSha.get(report.seriesId);
    if (!p) this.voxelSha.set(report.seriesId, (p = voxelSha256(report.volume.data)));
    return p;
  }

  /** Restores the twin saved in this browser for these very voxels, if any (nothing the user made is lost on a reload). */
  private async restoreCase(report: LoadReport): Promise<void> {
    try {
      const saved = await loadCase(caseKey(report.seriesId, await this.shaOf(report)));
      const s = this.store.get();
      if (!saved || s.loaded !== report || s.twin?.seriesId === report.seriesId || s.status === 'busy') return;
      this.store.update({
        twin: { seriesId: report.seriesId, result: saved.twin },
        twinSeeds: { seriesId: report.seriesId, ...saved.seeds },
        statusText: `${s.statusText} Twin restored from this browser (${saved.twin.anatomy}, ${saved.twin.segments.length} segments, saved ${saved.savedAt.slice(0, 16).replace('T', ' ')} UTC).`,
      });
    } catch {
      // No store (private mode) or an unreadable record: the twin can be rebuilt; nothing to report.
    }
  }

  /** Saves the twin of a series with its seeds; says so (or why not) in the status line. */
  private async saveTwinCase(report: LoadReport, twin: TwinResult): Promise<void> {
    const s = this.store.get();
    const seeds = s.twinSeeds.seriesId === report.seriesId ? { liverIjk: s.twinSeeds.liverIjk, tumoursIjk: s.twinSeeds.tumoursIjk } : { liverIjk: null, tumoursIjk: [] };
    try {
      const sha = await this.shaOf(report);
      await saveCase({ key: caseKey(report.seriesId, sha), seriesId: report.seriesId, voxelSha256: sha, savedAt: new Date().toISOString(), twin, seeds });
      this.root.dataset.caseSaved = 'true';
    } catch (e) {
      this.root.dataset.caseSaved = 'false';
      this.store.update({ statusText: `${this.store.get().statusText} (Not saved in this browser: ${e instanceof Error ? e.message : String(e)}.)` });
    }
  }

  /**
   * A click on the 3D twin: remembers the point (LPS mm), the CT value of the voxel there, and moves the
   * slice view to the slice through it, so 2D and 3D show the same place.
   */
  private onTwinPick(pick: { name: string; pointLps: [number, number, number] } | null): void {
    const s = this.store.get();
    if (!pick || !s.loaded) return this.store.update({ pick: null });
    const vol = s.loaded.volume;
    const ijk = lpsToIndex(vol, pick.pointLps).map(Math.round) as [number, number, number];
    const inside = ijk.every((v, a) => v >= 0 && v < vol.size[a]);
    const value = inside ? vol.data[ijk[0] + vol.size[0] * (ijk[1] + vol.size[1] * ijk[2])] : null;
    const plan = planAxialView(vol);
    const sIdx = ijk[plan.sliceAxis];
    const slice = Math.min(plan.sliceCount - 1, Math.max(0, plan.flipSlice ? plan.sliceCount - 1 - sIdx : sIdx));
    this.store.update({ pick: { ...pick, value }, view: { ...s.view, slice } });
  }

  /** A click on the slice in a seed mode: sets the liver seed or adds a tumour seed (of the loaded series). */
  private placeSeed(ijk: [number, number, number]): void {
    const s = this.store.get();
    if (s.seedMode === 'none' || !s.loaded) return;
    const mine = s.twinSeeds.seriesId === s.loaded.seriesId ? s.twinSeeds : { seriesId: s.loaded.seriesId, liverIjk: null, tumoursIjk: [] };
    const twinSeeds = s.seedMode === 'liver'
      ? { ...mine, seriesId: s.loaded.seriesId, liverIjk: ijk }
      : { ...mine, seriesId: s.loaded.seriesId, tumoursIjk: [...mine.tumoursIjk, ijk] };
    this.store.update({ twinSeeds, seedMode: s.seedMode === 'liver' ? 'none' : s.seedMode });
  }

  /**
   * Builds the twin of the loaded series in the twin worker (segmentation + meshes), with progress per
   * stage; Cancel stops it at once. The loaded volume and the previous twin of other series are kept.
   */
  async buildTwin(): Promise<TwinOutcome | null> {
    const s = this.store.get();
    const loaded = s.loaded && s.loaded.seriesId === s.selectedSeriesId ? s.loaded : null;
    if (!loaded || s.status === 'busy') return null;
    const generation = ++this.twinGeneration;
    const label = 'Twin';
    const anatomy = s.twinAnatomy;
    this.store.update({ status: 'busy', error: null, statusText: `Building the twin (${anatomy === 'auto' ? 'anatomy from the series' : anatomy})…`, job: { label, stage: 'segment', done: 0, total: 1 } });
    const description = s.series.find((x) => x.id === loaded.seriesId)?.description;
    const clicked = s.twinSeeds.seriesId === loaded.seriesId ? s.twinSeeds : null;
    const seeds = { ...(clicked?.liverIjk ? { liverSeedIjk: clicked.liverIjk } : {}), ...(clicked?.tumoursIjk.length ? { tumourSeedsIjk: clicked.tumoursIjk } : {}) };
    this.store.update({ seedMode: 'none' });
    const outcome = await this.twinClient.build(loaded.volume, { anatomy, description, seeds }, (p) => this.store.update({ job: { label, stage: p.stage, done: p.done, total: p.total, detail: p.segment } }));
    if (generation !== this.twinGeneration) return outcome; // abandoned: another study was opened meanwhile
    if (outcome.ok) {
      const r = outcome.result;
      const open = r.segments.filter((x) => !x.quality.closed).length;
      this.store.update({
        status: 'ready', job: null, twin: { seriesId: loaded.seriesId, result: r }, pick: null, hiddenSegments: [], clipZLps: null,
        statusText: `Twin built and saved in this browser: ${r.anatomy}, ${r.segments.length} segment${r.segments.length === 1 ? '' : 's'}${open ? `, ${open} mesh(es) NOT closed` : ', all meshes closed'}, in ${(r.buildMs / 1000).toFixed(1)} s.`,
      });
      void this.saveTwinCase(loaded, r);
    } else if (outcome.error.code === 'CANCELLED') {
      this.store.update({ status: 'cancelled', job: null, statusText: 'Cancelled: the twin was not built. The loaded series is unchanged.' });
    } else {
      this.store.update({ status: 'error', job: null, error: outcome.error, statusText: 'Could not build the twin' });
    }
    return outcome;
  }

  /** Loads the sample list, then opens `?sample=ID` when the page address names one. */
  async init(): Promise<void> {
    const samples = await fetchSampleCatalog();
    this.store.update({ samples });
    const select = byTestId<HTMLSelectElement>(this.root, 'sample-select');
    select.replaceChildren(...(samples.length ? samples.map((c) => h('option', { value: c.id, title: c.description }, c.title)) : [h('option', { value: '' }, '(none bundled)')]));
    const wanted = new URLSearchParams(location.search).get('sample');
    if (wanted) {
      if (samples.some((c) => c.id === wanted)) {
        select.value = wanted;
        await this.openSample(wanted);
      } else {
        this.store.update({ status: 'error', statusText: 'Sample not found', error: { code: 'BAD_ARGUMENT', message: `?sample=${wanted}: no bundled sample has this id (available: ${samples.map((c) => c.id).join(', ') || 'none'})` } });
      }
    }
  }

  /** Opens a bundled sample case by id. */
  async openSample(id: string): Promise<JobOutcome> {
    const c = this.store.get().samples.find((x) => x.id === id);
    if (!c) return { ok: false, error: { code: 'BAD_ARGUMENT', message: `no sample ${id}` } };
    return this.open({ urls: sampleUrls(c) }, `Sample: ${c.title}`, 'best');
  }

  /** Opens local files (from a picker or a drop). */
  openFiles(files: NamedBlob[], label: string): Promise<JobOutcome> {
    return this.open({ files }, label, 'best');
  }

  private async open(input: { files?: NamedBlob[]; urls?: NamedUrl[] }, label: string, autoLoad: AutoLoad): Promise<JobOutcome> {
    if (this.twinClient.busy) {
      this.twinGeneration++;
      this.twinClient.cancel('a new study was opened');
    }
    const n = (input.files?.length ?? 0) + (input.urls?.length ?? 0);
    this.store.update({
      status: 'busy', statusText: `Opening ${label} (${n} file${n === 1 ? '' : 's'})…`, job: { label, stage: null, done: 0, total: n },
      sourceLabel: label, series: [], skipped: [], selectedSeriesId: null, loaded: null, error: null, twin: null, pick: null, hiddenSegments: [], clipZLps: null,
    });
    const outcome = await this.client.open(input, autoLoad, this.handlers(label));
    return this.finish(outcome, label);
  }

  private async showSeries(seriesId: string, options: { allowGaps?: boolean } = {}): Promise<void> {
    const s = this.store.get();
    if (s.status === 'busy' || (s.loaded?.seriesId === seriesId && !options.allowGaps)) return;
    const label = s.sourceLabel ?? 'series';
    this.store.update({ status: 'busy', statusText: 'Loading series…', selectedSeriesId: seriesId, error: null, job: { label, stage: 'load', done: 0, total: 1 } });
    const outcome = await this.client.load(seriesId, this.handlers(label), options);
    this.finish(outcome, label);
  }

  private handlers(label: string): JobHandlers {
    return {
      onProgress: (stage, done, total) => this.store.update({ job: { label, stage, done, total } }),
      onScanned: (report) => {
        const selected = pickDefaultSeries(report.series);
        const loadable = report.series.filter((x) => !x.error).length;
        this.store.update({
          series: report.series, skipped: report.skipped, selectedSeriesId: selected,
          statusText: `${report.series.length} series (${loadable} loadable), ${report.skipped.length} file(s) skipped${selected ? ' — loading…' : ''}`,
        });
      },
      onLoaded: (report) => {
        const s = this.store.get();
        const isHu = report.volume.unit === 'HU';
        const presetId = isHu ? (s.view.presetId === 'auto' ? 'soft' : s.view.presetId) : 'auto';
        const preset = WINDOW_PRESETS.find((p) => p.id === presetId)!;
        const slice = Math.floor(report.volume.size[2] / 2);
        this.store.update({ loaded: report, selectedSeriesId: report.seriesId, view: { slice, presetId, window: presetWindow(preset, report.volume.data) } });
        void this.restoreCase(report);
      },
    };
  }

  private finish(outcome: JobOutcome, label: string): JobOutcome {
    const s = this.store.get();
    if (outcome.ok) {
      const noVolume = !s.loaded;
      const err = noVolume && !s.series.some((x) => !x.error)
        ? { code: 'NO_IMAGE_SERIES' as const, message: s.series.length ? 'no series in these files can be built into a volume (see the series errors)' : `no DICOM image was found in ${label} (see the skipped files)` }
        : null;
      const sum = s.loaded ? `${s.loaded.volume.size.join('×')} voxels in ${(s.loaded.loadMs / 1000).toFixed(2)} s` : '';
      this.store.update({ status: err ? 'error' : 'ready', job: null, error: err, statusText: err ? err.message : `${label}: ${s.series.length} series, ${s.skipped.length} skipped. ${sum}` });
    } else if (outcome.error.code === 'CANCELLED') {
      this.store.update({ status: 'cancelled', job: null, selectedSeriesId: s.loaded?.seriesId ?? null, statusText: `Cancelled: ${label} was not loaded. You can open another study.` });
    } else {
      this.store.update({ status: 'error', job: null, error: outcome.error, selectedSeriesId: s.loaded?.seriesId ?? null, statusText: `Could not load ${label}` });
    }
    return outcome;
  }

  private setPreset(id: string): void {
    const s = this.store.get();
    const preset = WINDOW_PRESETS.find((p) => p.id === id);
    if (!preset || !s.loaded) return;
    this.store.update({ view: { ...s.view, presetId: id, window: presetWindow(preset, s.loaded.volume.data) } });
  }

  private bindInputs(): void {
    const r = this.root;
    const folderInput = byTestId<HTMLInputElement>(r, 'open-folder-input');
    const filesInput = byTestId<HTMLInputElement>(r, 'open-files-input');
    byTestId(r, 'open-folder-button').addEventListener('click', () => folderInput.click());
    byTestId(r, 'open-files-button').addEventListener('click', () => filesInput.click());
    const onPicked = (input: HTMLInputElement, kind: string): void => {
      const files = filesFromInput(input);
      input.value = '';
      if (!files.length) return;
      const top = files[0].name.includes('/') ? files[0].name.split('/')[0] : null;
      void this.openFiles(files, kind === 'folder' && top ? `Folder ${top}` : `${files.length} file${files.length > 1 ? 's' : ''}`);
    };
    folderInput.addEventListener('change', () => onPicked(folderInput, 'folder'));
    filesInput.addEventListener('change', () => onPicked(filesInput, 'files'));
    byTestId(r, 'open-sample-button').addEventListener('click', () => {
      const id = byTestId<HTMLSelectElement>(r, 'sample-select').value;
      if (id) void this.openSample(id);
    });
    byTestId(r, 'cancel-button').addEventListener('click', () => {
      if (this.twinClient.busy) this.twinClient.cancel();
      else this.client.cancel();
    });
    const zone = byTestId(r, 'drop-zone');
    let depth = 0;
    document.addEventListener('dragenter', (ev) => { ev.preventDefault(); depth++; document.body.classList.add('dragging'); });
    document.addEventListener('dragleave', () => { if (--depth <= 0) { depth = 0; document.body.classList.remove('dragging'); } });
    document.addEventListener('dragover', (ev) => { ev.preventDefault(); if (ev.dataTransfer) ev.dataTransfer.dropEffect = 'copy'; });
    document.addEventListener('drop', (ev) => {
      ev.preventDefault();
      depth = 0;
      document.body.classList.remove('dragging');
      zone.classList.remove('over');
      if (ev.dataTransfer) void this.onDrop(ev.dataTransfer);
    });
  }

  private async onDrop(dt: DataTransfer): Promise<void> {
    if (this.store.get().status === 'busy') this.client.cancel();
    const { files, errors } = await filesFromDrop(dt);
    this.store.update({ inputErrors: errors });
    if (!files.length) {
      this.store.update({ status: 'error', error: { code: 'FILE_READ', message: errors.length ? errors.join('\n') : 'the drop held no file' } });
      return;
    }
    const top = files[0].name.includes('/') ? files[0].name.split('/')[0] : null;
    await this.openFiles(files, top ? `Folder ${top}` : `${files.length} dropped file${files.length > 1 ? 's' : ''}`);
  }

  private render(s: AppState): void {
    const r = this.root;
    r.dataset.state = s.status;
    setText(byTestId(r, 'status'), s.statusText);
    setText(byTestId(r, 'source-label'), s.sourceLabel ?? '');
    const busy = s.status === 'busy';
    const progress = byTestId(r, 'progress');
    progress.hidden = !s.job;
    if (s.job) {
      const frac = s.job.total ? s.job.done / s.job.total : 0;
      byTestId<HTMLProgressElement>(r, 'progress-bar').value = frac;
      setText(byTestId(r, 'progress-label'), s.job.stage ? `${STAGE_LABELS[s.job.stage]}${s.job.detail ? ` (${s.job.detail})` : ''} ${s.job.done} / ${s.job.total}` : 'Starting…');
      progress.dataset.stage = s.job.stage ?? '';
    }
    const select = byTestId<HTMLSelectElement>(r, 'sample-select');
    select.disabled = !s.samples.length;
    byTestId<HTMLButtonElement>(r, 'open-sample-button').disabled = !s.samples.length || busy;
    const banner = byTestId(r, 'error-banner');
    const errs = [...(s.error ? [`${s.error.message}`] : []), ...s.inputErrors];
    banner.hidden = !errs.length;
    if (errs.length) {
      banner.replaceChildren(...errs.map((m, n) => h('div', {}, m, n === 0 && s.error ? h('code', {}, ` [${s.error.code}]`) : null)));
      banner.dataset.code = s.error?.code ?? '';
    }
    this.seriesView.render(s);
    this.viewer.render(s);
    renderGeometry(byTestId(r, 'geometry-panel'), s);
    this.twinPanel.render(s);
    this.view3d.render(s);
  }
}
