/**
 * The page's state: plain data only (no DOM node, canvas or worker in here), changed through
 * {@link Store.update} and drawn by the views.
 */
import type { SeriesSummary, SkippedFile } from '../dicom/index';
import type { LoadReport, Stage, WireError } from '../workers/protocol';
import type { TwinResult } from '../workers/twinProtocol';
import type { AnatomyChoice, TwinStage } from '../twin/types';
import type { IndexIjk } from '../core/vec3';
import type { DisplayWindow } from './logic/window';
import type { SampleCase } from './samples';
import type { LiverPlanState } from './liverPlanController';

/** Where the app stands: `busy` while the worker runs a job. */
export type AppStatus = 'idle' | 'busy' | 'ready' | 'error' | 'cancelled';

/** Everything the page shows. */
export interface AppState {
  status: AppStatus;
  /** One-line status text under the toolbar. */
  statusText: string;
  /** The running job, or null. */
  job: { label: string; stage: Stage | TwinStage | null; done: number; total: number; detail?: string } | null;
  /** What is open, e.g. "Sample: Hip phantom" or "Folder: study1 (214 files)". */
  sourceLabel: string | null;
  series: SeriesSummary[];
  skipped: SkippedFile[];
  /** Series whose volume is loaded (or being loaded). */
  selectedSeriesId: string | null;
  loaded: LoadReport | null;
  /** The last error (code and message naming the file and reason), or null. */
  error: WireError | null;
  /** Input files that could not be read at all (drop of an unreadable entry). */
  inputErrors: string[];
  view: { slice: number; presetId: string; window: DisplayWindow };
  samples: SampleCase[];
  /** The twin built from a loaded series (shown only while that series is the one loaded). */
  twin: { seriesId: string; result: TwinResult } | null;
  /** Anatomy asked for in the twin panel. */
  twinAnatomy: AnatomyChoice;
  /** Labels drawn over the slices. */
  overlay: boolean;
  /** Seeds clicked on the slices for the liver pipeline (voxel indices of the loaded volume). */
  twinSeeds: { seriesId: string | null; liverIjk: IndexIjk | null; tumoursIjk: IndexIjk[]; portalIjk?: IndexIjk[] };
  /** What a click on the slice does: nothing, place the liver seed, or add a tumour seed. */
  seedMode: 'none' | 'liver' | 'tumour' | 'portal';
  /** The viewer shows the slice, the three MPR views (Cornerstone3D) or the 3D twin. */
  viewMode: '2d' | 'mpr' | '3d';
  /** Axial cut of the 3D view: hide everything above this LPS z (mm); null = no cut. */
  clipZLps: number | null;
  /**
   * Volume rendering of the CT behind the meshes in the 3D view: on/off and the preset (bone and soft
   * tissue transfer functions, or a MIP; see src/volume/volumeTexture.ts).
   */
  volumeRender: { on: boolean; preset: 'bone' | 'soft' | 'mip' };
  /** Segments hidden in the 3D view (by name). */
  hiddenSegments: string[];
  /** The last point picked on the twin: segment, LPS mm, and the CT value there. */
  pick: { name: string; pointLps: [number, number, number]; value: number | null } | null;
  /** The plan panel: the landmark armed for placing (plan name, e.g. "asisLeft"), and its last message. */
  planUi: { placing: string | null; message: string; boneRom?: BoneRomShown | null; boneRomRunning?: boolean };
  /** Opacity (0–1) of segments in the 3D view, by name; absent = opaque. */
  segmentOpacity: Record<string, number>;
  /** The segment editor on the slices (see segmentEditor.ts). */
  edit: EditState;
  /** The liver resection plan of a shown liver twin (see liverPlanController.ts), or null. */
  liverPlan: LiverPlanState | null;
}

/** The segment editor's state: which segment, which tool, history sizes and mesh updates in flight. */
export interface EditState {
  /** Label of the segment being edited, or null. */
  label: number | null;
  /** What a drag on the slice does: nothing, paint into the segment, or erase from it. */
  tool: 'none' | 'paint' | 'erase' | 'scissors' | 'seed';
  /** Seeds clicked with the seed tool, each for the segment chosen when it was clicked (Separate / Grow). */
  seeds: { label: number; ijk: [number, number, number] }[];
  /** The scissors rectangle being drawn (voxel indices of its corners on the shown slice), or null. */
  scissorRect?: { a: [number, number, number]; b: [number, number, number] } | null;
  /** Brush radius in mm (in the slice plane). */
  radiusMm: number;
  /** Threshold brush: strokes change only voxels with values in [loHu, hiHu] while on. */
  threshold: { on: boolean; loHu: number; hiHu: number };
  /** Edits that can be undone / redone. */
  undoCount: number;
  redoCount: number;
  /** Mesh updates sent to the worker and not yet answered. */
  remeshing: number;
  /** Bumped whenever the labels change in place (a stroke in progress), so the overlay redraws. */
  labelsVersion: number;
  /** The last message of the editor (an edit done, a segment emptied, a bad radius), or ''. */
  message: string;
  /** Milliseconds the last mesh update took in the worker, or null. */
  lastRemeshMs: number | null;
}

/** The last bony ROM of the plan panel, with the inputs it was computed for (`key`). */
export interface BoneRomShown {
  key: string;
  result: import('../planning/twinBoneRom').TwinBoneRom;
  ms: number;
}

/** The view actually shown: the one asked for when it has something to show, otherwise the slice. */
export function shownViewMode(s: AppState): AppState['viewMode'] {
  const loaded = s.loaded && s.loaded.seriesId === s.selectedSeriesId ? s.loaded : null;
  if (s.viewMode === '3d' && loaded && s.twin?.seriesId === loaded.seriesId) return '3d';
  if (s.viewMode === 'mpr' && loaded) return 'mpr';
  return '2d';
}

/** The state of a fresh page. */
export function initialState(): AppState {
  return {
    status: 'idle',
    statusText: 'Open a DICOM folder, drop one here, or open a sample. Files are read in this browser and never uploaded.',
    job: null,
    sourceLabel: null,
    series: [],
    skipped: [],
    selectedSeriesId: null,
    loaded: null,
    error: null,
    inputErrors: [],
    view: { slice: 0, presetId: 'soft', window: { width: 400, level: 40 } },
    samples: [],
    twin: null,
    twinAnatomy: 'auto',
    overlay: true,
    twinSeeds: { seriesId: null, liverIjk: null, tumoursIjk: [] },
    seedMode: 'none',
    viewMode: '2d',
    hiddenSegments: [],
    pick: null,
    clipZLps: null,
    volumeRender: { on: false, preset: 'bone' },
    segmentOpacity: {},
    planUi: { placing: null, message: '' },
    liverPlan: null,
    edit: { label: null, tool: 'none', seeds: [], radiusMm: 5, threshold: { on: false, loHu: 200, hiHu: 3071 }, undoCount: 0, redoCount: 0, remeshing: 0, labelsVersion: 0, message: '', lastRemeshMs: null },
  };
}

/** Holds the state and tells the views when it changes. */
export class Store {
  private state: AppState = initialState();
  private readonly listeners: ((s: AppState) => void)[] = [];

  /** The current state (treat as read-only; change it through {@link update}). */
  get(): AppState {
    return this.state;
  }

  /** Merges a change and re-renders. */
  update(patch: Partial<AppState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l(this.state);
  }

  /** Calls `fn` on every change (and once now). */
  subscribe(fn: (s: AppState) => void): void {
    this.listeners.push(fn);
    fn(this.state);
  }
}
