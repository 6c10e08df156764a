/** The geometry panel: size, spacing, origin, orientation, value range of the loaded volume. */
import { orientationCode } from '../volume/volume';
import { byTestId, setText } from './dom';
import { formatBytes, formatPoint, formatRange, formatSize, formatSpacing, mm } from './logic/format';
import type { AppState } from './state';

/** Fills the geometry panel's fields (all `data-testid="geo-*"`). */
export function renderGeometry(root: HTMLElement, s: AppState): void {
  const l = s.loaded && s.loaded.seriesId === s.selectedSeriesId ? s.loaded : null;
  const v = l?.volume;
  const set = (id: string, text: string): void => setText(byTestId(root, id), text);
  set('geo-size', v ? formatSize(v.size) : '—');
  set('geo-spacing', v ? formatSpacing(v.spacing) : '—');
  set('geo-origin', v ? formatPoint(v.origin) : '—');
  set('geo-orientation', v ? orientationCode(v.direction) : '—');
  set('geo-direction', v ? [0, 1, 2].map((a) => `[${v.direction.slice(3 * a, 3 * a + 3).map((c) => mm(c, 3)).join(', ')}]`).join('\n') : '—');
  set('geo-range', l && v ? formatRange(l.range, v.unit) : '—');
  set('geo-type', v ? `${v.data.constructor.name.replace('Array', '')}, ${v.unit}, ${formatBytes(v.data.byteLength)}` : '—');
  set('geo-load-time', l ? `${(l.loadMs / 1000).toFixed(2)} s` : '—');
  root.dataset.loaded = String(l !== null);
}
