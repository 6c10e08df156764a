/**
 * The segment editor's toolbar under the slice view: segment choice, Paint / Erase, brush radius (mm),
 * Undo / Redo (also Ctrl+Z / Ctrl+Y, Ctrl+Shift+Z) and the editor's last message. Shown while a twin of
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
    const arm = (tool: 'paint' | 'erase'): void => {
      const s = getState();
      const label = s.edit.label ?? (select.value ? Number(select.value) : null);
      editor.select(label, s.edit.tool === tool ? 'none' : tool);
    };
    byTestId(root, 'edit-paint').addEventListener('click', () => arm('paint'));
    byTestId(root, 'edit-erase').addEventListener('click', () => arm('erase'));
    const radius = byTestId<HTMLInputElement>(root, 'edit-radius');
    radius.addEventListener('change', () => {
      if (!editor.setRadius(radius.value)) radius.value = String(getState().edit.radiusMm);
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
    for (const [id, tool] of [['edit-paint', 'paint'], ['edit-erase', 'erase']] as const) {
      const b = byTestId<HTMLButtonElement>(this.root, id);
      b.disabled = busy || s.edit.label === null;
      b.classList.toggle('active', s.edit.tool === tool);
    }
    byTestId<HTMLButtonElement>(this.root, 'edit-undo').disabled = busy || s.edit.undoCount === 0;
    byTestId<HTMLButtonElement>(this.root, 'edit-redo').disabled = busy || s.edit.redoCount === 0;
    const radius = byTestId<HTMLInputElement>(this.root, 'edit-radius');
    if (document.activeElement !== radius) radius.value = String(s.edit.radiusMm);
    bar.dataset.remeshing = String(s.edit.remeshing);
    bar.dataset.tool = s.edit.tool;
    setText(byTestId(this.root, 'edit-status'), s.edit.message);
  }
}
