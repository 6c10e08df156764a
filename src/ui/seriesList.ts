/**
 * The series browser: one card per series (modality, description, size, spacing, slices, transfer
 * syntaxes, warnings in amber, the error in red) and the list of skipped files with their reasons.
 */
import type { SeriesSummary, SkippedFile } from '../dicom/index';
import { h } from './dom';
import { formatSize, formatSpacing } from './logic/format';
import type { AppState } from './state';

/** Draws the series list and the skipped files; `onSelect` is called when a loadable series is chosen. */
export class SeriesListView {
  private lastKey = '';

  constructor(
    private readonly list: HTMLElement,
    private readonly skippedBox: HTMLElement,
    private readonly onSelect: (seriesId: string, options?: { allowGaps?: boolean }) => void,
  ) {}

  /** Re-renders when the series, their warnings, the skipped files or the selection changed. */
  render(s: AppState): void {
    const loadedWarnings = s.loaded && s.loaded.seriesId === s.selectedSeriesId ? s.loaded.warnings : null;
    const key = JSON.stringify([s.series.map((x) => x.id), s.skipped.length, s.selectedSeriesId, loadedWarnings?.length ?? -1, s.status, s.sourceLabel]);
    if (key === this.lastKey) return;
    this.lastKey = key;
    this.list.replaceChildren(...s.series.map((x) => this.card(x, x.id === s.selectedSeriesId, x.id === s.selectedSeriesId ? loadedWarnings : null, s.status === 'busy')));
    if (!s.series.length) {
      const why = s.status === 'busy' ? 'Reading…' : s.status === 'cancelled' ? 'Cancelled.' : s.sourceLabel ? 'No image series found.' : 'No study open.';
      this.list.append(h('li', { class: 'muted' }, why));
    }
    this.renderSkipped(s.skipped);
  }

  private card(x: SeriesSummary, selected: boolean, loadWarnings: SeriesSummary['warnings'] | null, busy: boolean): HTMLElement {
    const loadable = !x.error && x.size !== null;
    const title = `${x.modality || '?'}${x.seriesNumber !== undefined ? ` #${x.seriesNumber}` : ''}`;
    const warnings = loadWarnings ?? x.warnings;
    const card = h('li', {
      class: `series${selected ? ' selected' : ''}${loadable ? '' : ' broken'}`,
      'data-testid': 'series-item',
      'data-series-id': x.id,
      'data-selected': selected,
    },
      h('div', { class: 'series-head' },
        h('span', { class: 'badge', 'data-testid': 'series-modality' }, title),
        h('span', { class: 'series-desc', title: x.seriesInstanceUid }, x.description || '(no description)')),
      h('dl', { class: 'kv' },
        h('dt', {}, 'Size'), h('dd', { 'data-testid': 'series-size' }, formatSize(x.size)),
        h('dt', {}, 'Spacing'), h('dd', { 'data-testid': 'series-spacing' }, formatSpacing(x.spacing)),
        h('dt', {}, 'Slices'), h('dd', { 'data-testid': 'series-slices' }, String(x.sliceCount)),
        h('dt', {}, 'Files'), h('dd', {}, String(x.fileCount)),
        h('dt', {}, 'Orientation'), h('dd', {}, x.orientation ?? '—'),
        h('dt', {}, 'Encoding'), h('dd', { 'data-testid': 'series-ts' }, x.transferSyntaxes.map((t) => t.name).join(', '))),
    );
    if (warnings.length) {
      card.append(h('ul', { class: 'warnings' }, ...warnings.map((w) =>
        h('li', { class: w.severity === 'warning' ? 'warn' : 'info', 'data-testid': 'series-warning', 'data-code': w.code }, w.message))));
    }
    if (x.error) card.append(h('p', { class: 'error-text', 'data-testid': 'series-error', 'data-code': x.error.code }, `${x.error.message} [${x.error.code}]`));
    if (x.error?.remedy === 'allow-gaps') {
      // Never silently: the user chooses to fill the gap, and the interpolated slices are listed after loading.
      const fix = h('button', { type: 'button', class: 'small', 'data-testid': 'series-load-allow-gaps', disabled: busy }, 'Load anyway, interpolating the missing slices');
      fix.addEventListener('click', () => this.onSelect(x.id, { allowGaps: true }));
      card.append(fix);
    }
    if (loadable) {
      const btn = h('button', { type: 'button', class: 'small', 'data-testid': 'series-load', disabled: busy || selected }, selected ? 'Shown' : 'Show');
      btn.addEventListener('click', () => this.onSelect(x.id));
      card.append(btn);
    }
    return card;
  }

  private renderSkipped(skipped: SkippedFile[]): void {
    if (!skipped.length) {
      this.skippedBox.replaceChildren();
      this.skippedBox.hidden = true;
      return;
    }
    this.skippedBox.hidden = false;
    const items = skipped.map((f) => h('li', { 'data-testid': 'skipped-item', 'data-file': f.file, 'data-code': f.code },
      h('span', { class: 'file' }, f.file), ' — ', h('span', { class: 'reason' }, f.reason)));
    const summary = h('summary', {}, `${skipped.length} file${skipped.length > 1 ? 's' : ''} skipped`);
    const details = h('details', { open: skipped.length <= 20 }, summary, h('ul', { class: 'skipped' }, ...items));
    this.skippedBox.replaceChildren(details);
  }
}
