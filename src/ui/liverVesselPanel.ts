/**
 * The liver plan panel's vessel parts (DOM, from the state only): the vessel margins table — per vessel
 * segment the minimum distance from the cut face (0 when the surface passes through it) and the
 * centerline branches the surfaces cut, a missing value with its reason — and the branch proposal
 * summary (bifurcations by order, each proposed branch with its origin, length and stem radius).
 */
import type { LiverPlanState } from './liverPlanController';
import { h } from './dom';

const f1 = (v: number): string => v.toFixed(1);
const lps = (p: readonly number[]): string => `(${p.map((v) => v.toFixed(1)).join(', ')})`;

/** Fills the vessel margins table of the plan's current metrics. */
export function renderVesselMargins(t: HTMLTableElement, lp: LiverPlanState): void {
  const m = lp.metrics?.vesselMargins;
  if (!m) return t.replaceChildren();
  if (!m.available) return t.replaceChildren(h('tr', { 'data-testid': 'liver-vessel-missing' }, h('td', {}, `Vessel margins: — (${m.reason})`)));
  t.replaceChildren(h('tr', {}, h('th', {}, 'Vessel'), h('th', {}, 'Distance to the cut'), h('th', {}, 'Branches cut')),
    ...m.value.vessels.map((v) => {
      const cut = v.cutBranches;
      const cutText = cut === null ? '— (no centerline)' : cut.length === 0 ? 'none'
        : cut.map((c) => `#${c.edge} (generation ${c.generation}, r ${f1(c.radiusAtCutMm)} mm at ${lps(c.crossingLps)}${lp.surfaces.length > 1 ? `, ${c.surface}` : ''})`).join('; ');
      return h('tr', {
        'data-testid': 'liver-vessel-row', 'data-name': v.name, 'data-role': v.role, 'data-min-mm': v.minDistanceMm === null ? '' : v.minDistanceMm.toFixed(3),
        'data-cut-count': cut === null ? '' : String(cut.length), class: v.minDistanceMm === 0 ? 'bad' : '', title: v.reason ?? '',
      },
      h('td', {}, v.name),
      h('td', {}, v.minDistanceMm === null ? `— (${v.reason})` : v.minDistanceMm === 0 ? `0 mm: the surface passes through it${v.surface && lp.surfaces.length > 1 ? ` (${v.surface})` : ''}` : `${f1(v.minDistanceMm)} mm${v.surface && lp.surfaces.length > 1 ? ` to ${v.surface}` : ''}`),
      h('td', {}, cutText));
    }));
}

/** Shows the last branch proposal (or nothing). */
export function renderProposal(el: HTMLElement, lp: LiverPlanState): void {
  const p = lp.proposal;
  el.dataset.branches = p ? String(p.branches.length) : '';
  el.dataset.bifurcations = p ? JSON.stringify(p.bifurcations.map((b) => ({ order: b.order, pointLps: b.pointLps }))) : '';
  if (!p) return el.replaceChildren();
  const byOrder = new Map<number, number>();
  for (const b of p.bifurcations) byOrder.set(b.order, (byOrder.get(b.order) ?? 0) + 1);
  const kept = new Set(lp.branches.filter((b) => b.source === 'auto').map((b) => b.label));
  el.replaceChildren(
    h('div', { class: 'muted' }, `Portal centerline ${p.treeLengthMm.toFixed(0)} mm; bifurcations: ${[...byOrder].map(([o, n]) => `${n} of order ${o}`).join(', ')} (${(p.ms / 1000).toFixed(2)} s in the worker)`),
    ...p.branches.map((b) => h('div', { 'data-testid': 'liver-proposed-branch', 'data-name': b.name, 'data-kept': String(kept.has(b.label)), 'data-order': String(b.order), 'data-origin-lps': JSON.stringify(b.originLps), 'data-downstream-lps': JSON.stringify(b.downstreamLps), class: kept.has(b.label) ? '' : 'muted' },
      `${b.name}: order ${b.order}, from ${lps(b.originLps)} mm, ${b.lengthMm.toFixed(0)} mm of centerline, stem r ${f1(b.stemRadiusMm)} mm${kept.has(b.label) ? '' : ' (removed)'}`)),
  );
}
