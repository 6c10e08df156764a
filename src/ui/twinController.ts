/**
 * The twin side of the app: building it in the twin worker (progress, cancel), saving and restoring it
 * in this browser, liver/tumour seeds clicked on the slices, and picks on the 3D view. It only reads and
 * updates the {@link Store}; the views draw from the state.
 */
import { TwinClient, type TwinOutcome } from '../workers/twinClient';
import type { LoadReport, WireError } from '../workers/protocol';
import { JumeauError } from '../core/errors';
import type { TwinResult } from '../workers/twinProtocol';
import { indexToLps, lpsToIndex } from '../volume/volume';
import { loadCase, saveCase, voxelSha256 } from './caseStore';
import { caseFileName, encodeCaseFile, CASE_FILE_FORMAT, type CaseSource } from './logic/caseFile';
import { readWorkstationCase, type WorkstationCase } from './logic/caseContent';
import { indexToScreen, planAxialView } from './logic/sliceView';
import type { AppState, Store } from './state';

/** Builds, keeps and restores the twin of the loaded series. */
export class TwinController {
  /** Bumped when a twin build is abandoned (new study opened), so its late outcome is ignored. */
  private twinGeneration = 0;

  constructor(private readonly store: Store, private readonly root: HTMLElement, private readonly twinClient: TwinClient = new TwinClient()) {}

  /** The twin worker's client (the segment editor sends its edits through it). */
  get client(): TwinClient {
    return this.twinClient;
  }

  /** Saves an edited twin of the loaded series (after its meshes caught up with the edit). */
  saveEdited(twin: TwinResult): void {
    const s = this.store.get();
    if (s.loaded && s.twin?.seriesId === s.loaded.seriesId && s.twin.result === twin) void this.saveTwinCase(s.loaded, twin);
  }

  /** The editor starts afresh on a new twin (its history belonged to the old labels). */
  private freshEdit(): AppState['edit'] {
    return { ...this.store.get().edit, label: null, tool: 'none', seeds: [], undoCount: 0, redoCount: 0, remeshing: 0, message: '', lastRemeshMs: null };
  }

  /** True while a build runs. */
  get busy(): boolean {
    return this.twinClient.busy;
  }

  /** Stops a running build (Cancel button). */
  cancel(): void {
    this.twinClient.cancel();
  }

  /** Abandons a running build because another study is being opened. */
  abandon(): void {
    if (!this.twinClient.busy) return;
    this.twinGeneration++;
    this.twinClient.cancel('a new study was opened');
  }

  /**
   * Builds the twin of the loaded series in the twin worker (segmentation + meshes), with progress per
   * stage; Cancel stops it at once. The loaded volume and the previous twin of other series are kept.
   */
  async build(): Promise<TwinOutcome | null> {
    const s = this.store.get();
    const loaded = s.loaded && s.loaded.seriesId === s.selectedSeriesId ? s.loaded : null;
    if (!loaded || s.status === 'busy') return null;
    const generation = ++this.twinGeneration;
    const label = 'Twin';
    const anatomy = s.twinAnatomy;
    this.store.update({ status: 'busy', error: null, statusText: `Building the twin (${anatomy === 'auto' ? 'anatomy from the series' : anatomy})…`, job: { label, stage: 'segment', done: 0, total: 1 } });
    const summary = s.series.find((x) => x.id === loaded.seriesId);
    const description = summary?.description;
    const seriesInstanceUid = summary?.seriesInstanceUid ?? null;
    const clicked = s.twinSeeds.seriesId === loaded.seriesId ? s.twinSeeds : null;
    const seeds = { ...(clicked?.liverIjk ? { liverSeedIjk: clicked.liverIjk } : {}), ...(clicked?.tumoursIjk.length ? { tumourSeedsIjk: clicked.tumoursIjk } : {}), ...(clicked?.portalIjk?.length ? { portalVeinSeedsIjk: clicked.portalIjk } : {}) };
    this.store.update({ seedMode: 'none' });
    const outcome = await this.twinClient.build(loaded.volume, { anatomy, description, seeds, seriesInstanceUid }, (p) => this.store.update({ job: { label, stage: p.stage, done: p.done, total: p.total, detail: p.segment } }));
    if (generation !== this.twinGeneration) return outcome; // abandoned: another study was opened meanwhile
    if (outcome.ok) {
      const r = outcome.result;
      const open = r.segments.filter((x) => !x.quality.closed).length;
      this.store.update({
        status: 'ready', job: null, twin: { seriesId: loaded.seriesId, result: r }, pick: null, hiddenSegments: [], clipZLps: null, edit: this.freshEdit(), segmentOpacity: {}, planUi: { placing: null, message: '' },
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

  /** SHA-256 of the loaded series' voxels, per series id (the key of its saved case). */
  private readonly voxelSha = new Map<string, Promise<string>>();

  private shaOf(report: LoadReport): Promise<string> {
    let p = this.voxelSha.get(report.seriesId);
    if (!p) this.voxelSha.set(report.seriesId, (p = voxelSha256(report.volume.data)));
    return p;
  }

  /** Restores the twin saved in this browser for these very voxels, if any (nothing the user made is lost on a reload). */
  async restoreCase(report: LoadReport): Promise<void> {
    try {
      const saved = await loadCase(report.seriesId);
      if (!saved || saved.voxelSha256 !== (await this.shaOf(report))) return; // none, or other voxels under the same UID
      const s = this.store.get();
      if (s.loaded !== report || s.twin?.seriesId === report.seriesId || s.status === 'busy') return;
      this.store.update({
        twin: { seriesId: report.seriesId, result: saved.twin },
        edit: this.freshEdit(),
        planUi: { placing: null, message: '' },
        twinSeeds: { seriesId: report.seriesId, ...saved.seeds },
        statusText: `${s.statusText} Twin restored from this browser (${saved.twin.anatomy}, ${saved.twin.segments.length} segments, saved ${saved.savedAt.slice(0, 16).replace('T', ' ')} UTC).`,
      });
    } catch {
      // No store (private mode) or an unreadable record: the twin can be rebuilt; nothing to report.
    }
  }

  /** The loaded series as a case file describes its source (voxel hash, grid, description). */
  private async sourceOf(report: LoadReport): Promise<CaseSource> {
    const v = report.volume;
    const description = this.store.get().series.find((x) => x.id === report.seriesId)?.description;
    return { voxelSha256: await this.shaOf(report), size: [...v.size] as CaseSource['size'], spacingMm: [...v.spacing] as CaseSource['spacingMm'], ...(description ? { seriesDescription: description } : {}) };
  }

  /**
   * The case of the loaded series (twin with its edits, plan, liver plan inputs, seeds) as the bytes of a
   * `.jumeau` file and its name, or null when the loaded series has no twin.
   */
  async caseFile(): Promise<{ bytes: Uint8Array; fileName: string } | null> {
    const s = this.store.get();
    if (!s.loaded || s.twin?.seriesId !== s.loaded.seriesId) return null;
    const twin = s.twin.result;
    const source = await this.sourceOf(s.loaded);
    const savedAt = new Date().toISOString();
    const content: WorkstationCase = { twin, seeds: this.seedsOf(s.loaded) };
    const bytes = await encodeCaseFile({ format: CASE_FILE_FORMAT, savedAt, source, content });
    return { bytes, fileName: caseFileName(twin.anatomy, source, savedAt) };
  }

  /**
   * Opens a case file onto the loaded series: refused (with the file and the reason in the status line,
   * the current twin untouched) when it is damaged or was made on other voxels; otherwise its twin,
   * plan and seeds replace the current ones — after `confirmReplace` agrees when a twin is shown — and
   * are saved in this browser.
   * @returns true when the case was opened
   */
  async openCaseFile(bytes: Uint8Array, fileName: string, confirmReplace: (what: string) => boolean): Promise<boolean> {
    const s = this.store.get();
    if (!s.loaded || s.status === 'busy') {
      this.store.update({ statusText: `${fileName}: open the series the case was made from first, then the case file.` });
      return false;
    }
    const loaded = s.loaded;
    try {
      const file = await readWorkstationCase(bytes, fileName, await this.sourceOf(loaded));
      const now = this.store.get();
      if (now.loaded !== loaded) return false; // another series was opened meanwhile
      const current = now.twin?.seriesId === loaded.seriesId ? now.twin.result : null;
      if (current && !confirmReplace(`Replace the twin shown (${current.anatomy}, ${current.segments.length} segments) by the case in ${fileName} (${file.content.twin.anatomy}, ${file.content.twin.segments.length} segments, saved ${file.savedAt.slice(0, 16).replace('T', ' ')} UTC)?`)) {
        this.store.update({ statusText: `${fileName} not opened: the twin shown is kept.` });
        return false;
      }
      const twin = file.content.twin;
      this.store.update({
        status: 'ready', error: null, twin: { seriesId: loaded.seriesId, result: twin }, pick: null, hiddenSegments: [], clipZLps: null, edit: this.freshEdit(), segmentOpacity: {}, planUi: { placing: null, message: '' },
        twinSeeds: { seriesId: loaded.seriesId, ...file.content.seeds },
        statusText: `Case opened from ${fileName}: ${twin.anatomy}, ${twin.segments.length} segments (saved ${file.savedAt.slice(0, 16).replace('T', ' ')} UTC), on the same voxels (SHA-256 ${file.source.voxelSha256.slice(0, 12)}…).`,
      });
      this.root.dataset.caseOpened = fileName;
      await this.saveTwinCase(loaded, twin);
      return true;
    } catch (e) {
      const err: WireError = e instanceof JumeauError ? { code: e.code, message: e.message } : { code: 'BAD_CASE_FILE', message: `${fileName}: ${e instanceof Error ? e.message : String(e)}` };
      this.store.update({ error: err, statusText: `Case file not opened — ${err.message}. The twin shown is unchanged.` });
      return false;
    }
  }

  /** The seeds clicked on a series (empty when they belong to another). */
  private seedsOf(report: LoadReport): WorkstationCase['seeds'] {
    const s = this.store.get();
    return s.twinSeeds.seriesId === report.seriesId ? { liverIjk: s.twinSeeds.liverIjk, tumoursIjk: s.twinSeeds.tumoursIjk, portalIjk: s.twinSeeds.portalIjk ?? [] } : { liverIjk: null, tumoursIjk: [], portalIjk: [] };
  }

  /** Saves the twin of a series with its seeds; says so (or why not) in the status line. */
  private async saveTwinCase(report: LoadReport, twin: TwinResult): Promise<void> {
    const seeds = this.seedsOf(report);
    try {
      const sha = await this.shaOf(report);
      await saveCase({ seriesId: report.seriesId, voxelSha256: sha, savedAt: new Date().toISOString(), twin, seeds });
      this.root.dataset.caseSaved = 'true';
      this.root.dataset.caseSaves = String(Number(this.root.dataset.caseSaves ?? 0) + 1);
    } catch (e) {
      this.root.dataset.caseSaved = 'false';
      this.store.update({ statusText: `${this.store.get().statusText} (Not saved in this browser: ${e instanceof Error ? e.message : String(e)}.)` });
    }
  }

  /**
   * A click on the 3D twin: remembers the point (LPS mm), the CT value of the voxel there, and moves the
   * slice view to the slice through it, so 2D and 3D show the same place.
   */
  onTwinPick(pick: { name: string; pointLps: [number, number, number] } | null): void {
    const s = this.store.get();
    if (!pick || !s.loaded) return this.store.update({ pick: null });
    const vol = s.loaded.volume;
    const ijk = lpsToIndex(vol, pick.pointLps).map(Math.round) as [number, number, number];
    const inside = ijk.every((v, a) => v >= 0 && v < vol.size[a]);
    const value = inside ? vol.data[ijk[0] + vol.size[0] * (ijk[1] + vol.size[1] * ijk[2])] : null;
    const plan = planAxialView(vol);
    const slice = Math.min(plan.sliceCount - 1, Math.max(0, indexToScreen(plan, ijk).slice));
    this.store.update({ pick: { ...pick, value }, view: { ...s.view, slice } });
  }

  /**
   * A click on the slice (no seed or landmark armed): the voxel becomes the shared cursor — its LPS
   * point, value and segment — which the 3D view marks, so 2D and 3D stay on the same place.
   */
  onSlicePick(ijk: [number, number, number]): void {
    const s = this.store.get();
    if (!s.loaded) return;
    const vol = s.loaded.volume;
    const q = ijk[0] + vol.size[0] * (ijk[1] + vol.size[1] * ijk[2]);
    const twin = s.twin?.seriesId === s.loaded.seriesId ? s.twin.result : null;
    const label = twin ? twin.labels[q] : 0;
    const name = twin?.segments.find((x) => x.label === label)?.name ?? 'no segment';
    const p = indexToLps(vol, ijk);
    this.store.update({ pick: { name, pointLps: [p[0], p[1], p[2]], value: vol.data[q] } });
  }

  /** A click on the slice in a seed mode: sets the liver seed or adds a tumour seed (of the loaded series). */
  placeSeed(ijk: [number, number, number]): void {
    const s = this.store.get();
    if (s.seedMode === 'none' || !s.loaded) return;
    const mine = s.twinSeeds.seriesId === s.loaded.seriesId ? s.twinSeeds : { seriesId: s.loaded.seriesId, liverIjk: null, tumoursIjk: [] };
    if (s.seedMode === 'tumour' && mine.tumoursIjk.some((t) => t[0] === ijk[0] && t[1] === ijk[1] && t[2] === ijk[2])) {
      this.store.update({ statusText: `Voxel (${ijk.join(', ')}) is already a tumour seed: one seed per tumour.` });
      return;
    }
    if (s.seedMode === 'portal') {
      const portal = mine.portalIjk ?? [];
      if (!portal.some((t) => t[0] === ijk[0] && t[1] === ijk[1] && t[2] === ijk[2])) this.store.update({ twinSeeds: { ...mine, seriesId: s.loaded.seriesId, portalIjk: [...portal, ijk] } });
      return;
    }
    const twinSeeds = s.seedMode === 'liver'
      ? { ...mine, seriesId: s.loaded.seriesId, liverIjk: ijk }
      : { ...mine, seriesId: s.loaded.seriesId, tumoursIjk: [...mine.tumoursIjk, ijk] };
    this.store.update({ twinSeeds, seedMode: s.seedMode === 'liver' ? 'none' : s.seedMode });
  }

}
