/**
 * The desktop panel of xr.html (DOM): the same commands and texts as the in-headset panel, plus the
 * FLE setting, the check-point choice and the saved registration. It also mirrors the state onto the
 * page root as data attributes (for people who inspect the page, and for the e2e tests).
 */
import type { OverlayActions } from './actions';
import { CLIP_STEP_MM, NUDGE_BUTTONS, NUDGE_STEP_MM, ROTATE_STEP_DEG } from './actions';
import type { PanelFlags } from './xrPanel';
import type { QualityTexts } from './quality';

/** Extra desktop-only commands. */
export interface DesktopActions extends OverlayActions {
  setFle(mm: number): void;
  setOpacity(opacity: number): void;
  chooseCheckPoint(name: string): void;
  restoreSaved(): void;
  enterHeadset(): void;
  /** Desktop: turns the view to the next landmark on the virtual patient. */
  focusNext(): void;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, textContent = ''): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (textContent) e.textContent = textContent;
  return e;
}

/** The desktop panel. */
export class DomPanel {
  private readonly step = el('p', { 'data-testid': 'xr-step', class: 'step' });
  private readonly tre = el('div', { 'data-testid': 'xr-tre', class: 'tre' });
  private readonly fre = el('p', { 'data-testid': 'xr-fre', class: 'fre' });
  private readonly warn = el('p', { 'data-testid': 'xr-warnings', class: 'warn' });
  private readonly error = el('p', { 'data-testid': 'xr-error', class: 'error', role: 'alert' });
  private readonly badge: HTMLElement;
  private readonly buttons = new Map<string, HTMLButtonElement>();
  private readonly segmentBoxes = new Map<string, HTMLInputElement>();
  private readonly opacity: HTMLInputElement;
  private readonly saved = el('p', { 'data-testid': 'xr-saved', class: 'muted' });

  constructor(private readonly root: HTMLElement, host: HTMLElement, badge: HTMLElement, actions: DesktopActions, segmentNames: readonly string[], checkPoints: readonly { name: string; label: string }[]) {
    this.badge = badge;
    const button = (key: string, label: string, run: () => void, parent: HTMLElement): HTMLButtonElement => {
      const b = el('button', { type: 'button', 'data-testid': `xr-${key.replace(/[^a-z0-9]+/gi, '-')}` }, label);
      b.addEventListener('click', run);
      parent.appendChild(b);
      this.buttons.set(key, b);
      return b;
    };
    host.append(this.step, this.tre, this.fre, this.warn, this.error);
    const main = el('div', { class: 'row' });
    button('undo', 'Undo pick', () => actions.undo(), main);
    button('trace', 'Trace', () => actions.toggleTrace(), main);
    button('refine', 'Refine ICP', () => actions.refine(), main);
    button('accept', 'Accept', () => actions.acceptOrUnlock(), main);
    button('focus', 'Show next landmark', () => actions.focusNext(), main);
    const nudges = el('div', { class: 'row' });
    nudges.appendChild(el('span', { class: 'muted' }, `Nudge ${NUDGE_STEP_MM} mm:`));
    for (const [axis, sign, label] of NUDGE_BUTTONS) button(`nudge ${axis}${sign}`, label, () => actions.nudge(axis, sign), nudges);
    button('rotate -1', `↻ ${ROTATE_STEP_DEG}°`, () => actions.rotate(-1), nudges);
    button('rotate 1', `↺ ${ROTATE_STEP_DEG}°`, () => actions.rotate(1), nudges);
    const check = el('div', { class: 'row' });
    const pickCheck = el('select', { 'data-testid': 'xr-check-select' });
    for (const c of checkPoints) pickCheck.appendChild(el('option', { value: c.name }, c.label));
    pickCheck.addEventListener('change', () => actions.chooseCheckPoint(pickCheck.value));
    button('check', 'Check point', () => actions.toggleCheck(), check);
    check.appendChild(pickCheck);
    const fle = el('input', { type: 'number', min: '0', step: '0.1', value: '1', 'data-testid': 'xr-fle', title: 'RMS fiducial localisation error of the tool tip (mm)' });
    fle.addEventListener('change', () => actions.setFle(Number(fle.value)));
    const fleLabel = el('label', {}, 'FLE (mm rms) ');
    fleLabel.appendChild(fle);
    check.appendChild(fleLabel);

    const view = el('fieldset');
    view.appendChild(el('legend', {}, 'Overlay'));
    for (const name of segmentNames) {
      const box = el('input', { type: 'checkbox', 'data-testid': 'xr-segment', 'data-name': name });
      box.checked = true;
      box.addEventListener('change', () => actions.toggleSegment(name));
      const l = el('label');
      l.append(box, ` ${name}`);
      view.appendChild(l);
      this.segmentBoxes.set(name, box);
    }
    this.opacity = el('input', { type: 'range', min: '0.05', max: '1', step: '0.05', value: '0.85', 'data-testid': 'xr-opacity' });
    this.opacity.addEventListener('input', () => actions.setOpacity(Number(this.opacity.value)));
    const op = el('label', {}, 'Opacity ');
    op.appendChild(this.opacity);
    const tools = el('div', { class: 'row' });
    button('outline', 'Outline', () => actions.toggleOutline(), tools);
    button('clip', 'Clip plane', () => actions.toggleClip(), tools);
    button('clip -', `−${CLIP_STEP_MM} mm`, () => actions.moveClip(-CLIP_STEP_MM), tools);
    button('clip +', `+${CLIP_STEP_MM} mm`, () => actions.moveClip(CLIP_STEP_MM), tools);
    view.append(op, tools);
    const store = el('div', { class: 'row' });
    button('restore', 'Restore saved registration', () => actions.restoreSaved(), store);
    button('exit', 'Exit headset', () => actions.exitXr(), store);
    host.append(main, nudges, check, view, store, this.saved);
  }

  /** Shows the texts, flags and state. */
  update(t: QualityTexts, warnings: readonly string[], flags: PanelFlags, state: Record<string, string>): void {
    this.step.textContent = t.step;
    this.tre.textContent = '';
    for (const line of t.tre.length ? t.tre : ['TRE — (pick at least 3 landmarks)']) this.tre.appendChild(el('div', { 'data-testid': 'xr-tre-line' }, line));
    this.fre.textContent = t.fre;
    this.warn.textContent = warnings.join(' · ');
    this.badge.dataset.level = t.level;
    this.badge.style.background = t.colour;
    this.badge.querySelector('[data-role="value"]')!.textContent = t.badge;
    this.badge.querySelector('[data-role="detail"]')!.textContent = t.badgeDetail;
    const setText = (key: string, s: string, on: boolean): void => {
      const b = this.buttons.get(key);
      if (!b) return;
      b.textContent = s;
      b.classList.toggle('on', on);
    };
    setText('accept', flags.locked ? 'Unlock' : 'Accept', flags.locked);
    setText('trace', flags.tracing ? 'Trace: on (click the bone)' : 'Trace', flags.tracing);
    setText('check', flags.checking ? 'Check: click the point' : 'Check point', flags.checking);
    this.buttons.get('outline')?.classList.toggle('on', flags.outline);
    this.buttons.get('clip')?.classList.toggle('on', flags.clip);
    for (const s of flags.segments) {
      const box = this.segmentBoxes.get(s.name);
      if (box) box.checked = s.visible;
    }
    for (const [k, v] of Object.entries(state)) this.root.dataset[k] = v;
  }

  /** Shows an error (or clears it with ''). */
  showError(message: string): void {
    this.error.textContent = message;
  }

  /** Shows where/when the registration was saved. */
  showSaved(message: string): void {
    this.saved.textContent = message;
  }

  /** Sets the opacity slider (after a panel command changed it). */
  setOpacityValue(v: number): void {
    this.opacity.value = String(v);
  }
}
