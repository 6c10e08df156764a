/**
 * The segment editor's toolbar under the slice view: segment choice, Paint / Erase, brush radius (mm),
 * threshold brush range, seeds with Separate (bone separation) and Grow, island tools (keep the largest, remove the small), Undo / Redo (also Ctrl+Z / Ctrl+Y, Ctrl+Shift+Z) and the editor's last message. Shown while a twin of
 * the loaded series exists and the slice view is up.
 */
import { byTestId, h, setText } from './dom';
import type { SegmentEditor } from './segmentEditor';
import { shownViewMode, type AppState } from './state';

/** Binds the toolbar to the editor. */
export class EditTools {
  private optionsKey = '';

  constructor(private readonly root: HTMLElement, private readonly editor: SegmentEditor, getState: () => AppState) {
    const select = byTestId<HTMLSelectElement>(root, 'edit-segment');
    select.addEventListener('change', () => editor.select(select.value ? Number(select.value) : null));
    const arm = (tool: 'paint' | 'erase' | 'scissors' | 'seed'): void => {
      const s = getState();
      const label = s.edit.label ?? (select.value ? Number(select.value) : null);
      editor.select(label, s.edit.tool === tool ? 'none' : tool);
    };
    byTestId(root, 'edit-paint').addEventListener('click', () => arm('paint'));
    byTestId(root, 'edit-erase').addEventListener('click', () => arm('erase'));
    byTestId(root, 'edit-scissors').addEventListener('click', () => arm('scissors'));
    const radius = byTestId<HTMLInputElement>(root, 'edit-radius');
    radius.addEventListener('change', () => {
      if (!editor.setRadius(radius.value)) radius.value = String(getState().edit.radiusMm);
    });
    const th = byTestId<HTMLInputElement>(root, 'edit-threshold');
    const lo = byTestId<HTMLInputElement>(root, 'edit-threshold-lo');
    const hi = byTestId<HTMLInputElement>(root, 'edit-threshold-hi');
    const threshold = (): void => { editor.setThreshold(th.checked, lo.value, hi.value); };
    for (const el of [th, lo, hi]) el.addEventListener('change', threshold);
    byTestId(root, 'edit-seed').addEventListener('click', () => arm('seed'));
    byTestId(root, 'edit-clear-seeds').addEventListener('click', () => editor.clearSeeds());
    for (const kind of ['separate', 'grow'] as const) byTestId(root, `edit-${kind}`).addEventListener('click', () => void editor.seedOperation(kind, lo.value, hi.value));
    byTestId(root, 'edit-keep-largest').addEventListener('click', () => void editor.islands({ kind: 'keepLargestIsland' }));
    byTestId(root, 'edit-remove-small').addEventListener('click', () => {
      const ml = Number(byTestId<HTMLInputElement>(root, 'edit-island-ml').value);
      if (!(Number.isFinite(ml) && ml >= 0)) return editor.report(`Minimum island volume (mL): must be a number ≥ 0 (got "${byTestId<HTMLInputElement>(root, 'edit-island-ml').value}").`);
      void editor.islands({ kind: 'removeSmallIslands', minVolumeMl: ml });
    });
    byTestId(root, 'edit-undo').addEventListener('click', () => editor.undo());
    byTestId(root, 'edit-redo').addEventListener('click', () => editor.redo());
    document.addEventListener('keydown', (ev) => {
      if (!(ev.ctrlKey || ev.metaKey) || (ev.target instanceof HTMLInputElement && ev.target.type !== 'range')) return;
      const k = ev.key.toLowerCase();
      if (k === 'z' && !ev.shiftKey) editor.undo();
      else if (k === 'y' || (k === 'z' && ev.shiftKey)) editor.redo();
      else return;
      ev.preventDefault();
    });
  }

  /** Shows the toolbar for the twin of the loaded series. */
  render(s: AppState): void {
    const twin = s.loaded && s.twin?.seriesId === s.loaded.seriesId && s.loaded.seriesId === s.selectedSeriesId ? s.twin.result : null;
    const bar = byTestId(this.root, 'edit-tools');
    bar.hidden = !twin || shownViewMode(s) !== '2d';
    if (!twin) return;
    const select = byTestId<HTMLSelectElement>(this.root, 'edit-segment');
    const key = twin.segments.map((x) => `${x.label}:${x.name}`).join('|');
    if (key !== this.optionsKey) {
      this.optionsKey = key;
      select.replaceChildren(h('option', { value: '' }, '(segment)'), ...twin.segments.map((x) => h('option', { value: String(x.label) }, x.name)));
    }
    select.value = s.edit.label === null ? '' : String(s.edit.label);
    const busy = s.status === 'busy';
    for (const [id, tool] of [['edit-paint', 'paint'], ['edit-erase', 'erase'], ['edit-scissors', 'scissors'], ['edit-seed', 'seed']] as const) {
      const b = byTestId<HTMLButtonElement>(this.root, id);
      b.disabled = busy || s.edit.label === null;
      b.classList.toggle('active', s.edit.tool === tool);
    }
    for (const id of ['edit-keep-largest', 'edit-remove-small']) byTestId<HTMLButtonElement>(this.root, id).disabled = busy || s.edit.label === null;
    const seeded = new Set(s.edit.seeds.map((x) => x.label)).size;
    byTestId<HTMLButtonElement>(this.root, 'edit-separate').disabled = busy || seeded < 2;
    byTestId<HTMLButtonElement>(this.root, 'edit-grow').disabled = busy || seeded < 1;
    byTestId<HTMLButtonElement>(this.root, 'edit-clear-seeds').disabled = busy || seeded < 1;
    bar.dataset.seeds = String(s.edit.seeds.length);
    byTestId<HTMLInputElement>(this.root, 'edit-threshold').checked = s.edit.threshold.on;
    byTestId<HTMLButtonElement>(this.root, 'edit-undo').disabled = busy || s.edit.undoCount === 0;
    byTestId<HTMLButtonElement>(this.root, 'edit-redo').disabled = busy || s.edit.redoCount === 0;
    const radius = byTestId<HTMLInputElement>(this.root, 'edit-radius');
    if (document.activeElement !== radius) radius.value = String(s.edit.radiusMm);
    bar.dataset.remeshing = String(s.edit.remeshing);
    bar.dataset.tool = s.edit.tool;
    setText(byTestId(this.root, 'edit-status'), s.edit.message);
  }
}
