/**
 * The app controller: wires the toolbar, the drop zone, the load worker and the views to one
 * {@link Store}. All DICOM work runs in the worker; this file only moves messages and state.
 */
import type { LoadClient, JobHandlers, JobOutcome } from '../workers/loadClient';
import { TwinClient } from '../workers/twinClient';
import { downloadBytes, TwinPanel } from './twinPanel';
import { CASE_FILE_EXTENSION } from './logic/caseFile';
import { TwinController } from './twinController';
import { View3d } from './view3d';
import { SegmentEditor } from './segmentEditor';
import { EditTools } from './editTools';
import { MprPanel } from './mprPanel';
import { PlanController } from './planController';
import { PlanPanel } from './planPanel';
import { LiverPlanController } from './liverPlanController';
import { LiverPlanPanel } from './liverPlanPanel';
import { KneePlanController } from './kneePlanController';
import { KneePlanPanel } from './kneePlanPanel';
import type { LiverPlanInputs } from '../planning/liver/liverPlanMetrics';
import { indexToLps } from '../volume/volume';
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
  private readonly twin: TwinController;
  private readonly editor: SegmentEditor;
  private readonly editTools: EditTools;
  private readonly mpr: MprPanel;
  private readonly planCtrl: PlanController;
  private readonly planPanel: PlanPanel;
  private readonly liverCtrl: LiverPlanController;
  private readonly liverPanel: LiverPlanPanel;
  private readonly kneeCtrl: KneePlanController;
  private readonly kneePanel: KneePlanPanel;

  constructor(private readonly root: HTMLElement, private readonly client: LoadClient, twinClient: TwinClient = new TwinClient()) {
    this.twin = new TwinController(this.store, root, twinClient);
    this.editor = new SegmentEditor(this.store, this.twin.client, (t) => this.twin.saveEdited(t));
    this.editTools = new EditTools(byTestId(root, 'viewer'), this.editor, () => this.store.get());
    this.planCtrl = new PlanController(this.store, (t) => this.twin.saveEdited(t), this.twin.client);
    this.planPanel = new PlanPanel(byTestId(root, 'plan-panel'), this.planCtrl);
    this.liverCtrl = new LiverPlanController(this.store, undefined, undefined, (inputs) => this.keepLiverPlan(inputs));
    this.liverPanel = new LiverPlanPanel(byTestId(root, 'liver-plan-panel'), this.liverCtrl);
    this.kneeCtrl = new KneePlanController(this.store, this.twin.client, (t) => this.twin.saveEdited(t));
    this.kneePanel = new KneePlanPanel(byTestId(root, 'liver-plan-panel'), this.kneeCtrl);
    this.seriesView = new SeriesListView(byTestId(root, 'series-list'), byTestId(root, 'skipped-list'), (id, options) => void this.showSeries(id, options));
    this.viewer = new SliceViewer(byTestId(root, 'viewer'), {
      onSlice: (slice) => this.store.update({ view: { ...this.store.get().view, slice } }),
      onPreset: (id) => this.setPreset(id),
      onPick: (ijk) => {
        const vol = this.store.get().loaded?.volume;
        if (vol && this.planCtrl.placeAt(indexToLps(vol, ijk), 'slice click')) return;
        if (vol && this.liverCtrl.placeAt(indexToLps(vol, ijk), 'slice click')) return;
        if (vol && this.kneeCtrl.placeAt(indexToLps(vol, ijk), 'slice click')) return;
        if (this.store.get().seedMode !== 'none') this.twin.placeSeed(ijk);
        else this.twin.onSlicePick(ijk);
      },
      onStroke: (phase, ijk) => {
        if (phase === 'start' && ijk) this.editor.strokeStart(ijk);
        else if (phase === 'move' && ijk) this.editor.strokeMove(ijk);
        else if (phase === 'end') this.editor.strokeEnd();
      },
    });
    this.twinPanel = new TwinPanel(byTestId(root, 'twin-panel'), {
      onBuild: () => void this.twin.build(),
      onAnatomy: (twinAnatomy) => this.store.update({ twinAnatomy }),
      onOverlay: (overlay) => this.store.update({ overlay }),
      onSeedMode: (mode) => this.store.update({ seedMode: this.store.get().seedMode === mode ? 'none' : mode }),
      onSegmentVisible: (name, visible) => {
        const hidden = this.store.get().hiddenSegments.filter((n) => n !== name);
        this.store.update({ hiddenSegments: visible ? hidden : [...hidden, name] });
      },
      onSegmentColour: (label, colorRgb) => this.setSegmentColour(label, colorRgb),
      onSegmentOpacity: (name, opacity) => this.store.update({ segmentOpacity: { ...this.store.get().segmentOpacity, [name]: opacity } }),
      onSaveCase: () => void this.twin.caseFile().then((f) => { if (f) downloadBytes(f.bytes, f.fileName, 'application/octet-stream'); }),
      onOpenCase: (file) => void this.openCaseFile(file),
      onClearSeeds: () => this.store.update({ twinSeeds: { seriesId: this.store.get().loaded?.seriesId ?? null, liverIjk: null, tumoursIjk: [], portalIjk: [] }, seedMode: 'none' }),
    });
    this.view3d = new View3d(byTestId(root, 'viewer'), {
      onMode: (viewMode) => this.store.update({ viewMode }),
      onPick: (pick) => {
        if (pick && this.planCtrl.placeAt(pick.pointLps, '3D pick')) return;
        if (pick && this.liverCtrl.placeAt(pick.pointLps, '3D pick')) return;
        if (pick && this.kneeCtrl.placeAt(pick.pointLps, '3D pick')) return;
        this.twin.onTwinPick(pick);
      },
      onClip: (clipZLps) => this.store.update({ clipZLps }),
      onVolumeRender: (volumeRender) => this.store.update({ volumeRender }),
      onScene: (scene) => {
        const anatomy = this.store.get().twin?.result.anatomy;
        (anatomy === 'knee' ? this.kneePanel : anatomy === 'hip' ? this.planPanel : this.liverPanel).attachScene(scene);
      },
    });
    this.mpr = new MprPanel(byTestId(root, 'viewer'));
    this.bindInputs();
    this.store.subscribe((s) => this.render(s));
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
    this.twin.abandon();
    const n = (input.files?.length ?? 0) + (input.urls?.length ?? 0);
    this.store.update({
      status: 'busy', statusText: `Opening ${label} (${n} file${n === 1 ? '' : 's'})…`, job: { label, stage: null, done: 0, total: n },
      sourceLabel: label, series: [], skipped: [], selectedSeriesId: null, loaded: null, error: null, twin: null, pick: null, hiddenSegments: [], clipZLps: null, segmentOpacity: {},
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
        void this.twin.restoreCase(report);
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
      if (this.twin.busy) this.twin.cancel();
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
    const dropped = [...dt.files];
    if (dropped.length === 1 && dropped[0].name.toLowerCase().endsWith(CASE_FILE_EXTENSION)) return this.openCaseFile(dropped[0]);
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

  /** Opens a `.jumeau` case file onto the loaded series (picker or drop). */
  private async openCaseFile(file: File): Promise<void> {
    await this.twin.openCaseFile(new Uint8Array(await file.arrayBuffer()), file.name, (question) => window.confirm(question));
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
    this.editTools.render(s);
    this.mpr.render(s);
    this.planPanel.render(s);
    this.liverPanel.render(s);
    this.kneePanel.render(s);
  }

  private liverSaveTimer: ReturnType<typeof setTimeout> | undefined;

  /** The liver plan's inputs go with the twin (and so with the saved case), saved once edits pause for a second. */
  private keepLiverPlan(inputs: LiverPlanInputs): void {
    const s = this.store.get();
    if (!s.twin || JSON.stringify(s.twin.result.liverPlanInputs) === JSON.stringify(inputs)) return;
    const result = { ...s.twin.result, liverPlanInputs: inputs };
    this.store.update({ twin: { ...s.twin, result } });
    clearTimeout(this.liverSaveTimer);
    this.liverSaveTimer = setTimeout(() => {
      const now = this.store.get().twin?.result;
      if (now) this.twin.saveEdited(now);
    }, 1000);
  }

  /** A new colour for a segment: the slices, the 3D view, the GLB export and the saved case use it. */
  private setSegmentColour(label: number, colorRgb: [number, number, number]): void {
    const s = this.store.get();
    if (!s.twin) return;
    const result = { ...s.twin.result, segments: s.twin.result.segments.map((x) => (x.label === label ? { ...x, colorRgb } : x)) };
    this.store.update({ twin: { ...s.twin, result } });
    this.twin.saveEdited(result);
  }
}
