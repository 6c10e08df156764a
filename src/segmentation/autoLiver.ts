/**
 * Automatic liver from a contrast (portal-venous) CT, from one seed (given, or proposed by
 * {@link proposeLiverSeed}), with tumours and hepatic/portal veins as separate segments when seeds
 * are given for them (brief §1.2 "Liver (PVP)").
 *
 * Pipeline (each step a tool of this folder):
 * 1. smooth the CT ([1, 2, 1] binomial per axis; noise σ × 0.23) — all windows act on it;
 * 2. window = centre ± h on the smoothed CT, centre = median of a 10 mm ball around the seed, then
 *    the mean of the grown region (`iterations` times, as ITK's confidence connected); region =
 *    voxels connected to the seed inside the window (6-connected). The half-width h is swept
 *    (10, 15, … 50 HU) and chosen where the opened volume reaches a plateau, stopping before it
 *    jumps (a leak) — see {@link chooseWindow}: liver enhancement differs between scans and within
 *    one (a dependent, less enhanced right lobe), so no fixed k·σ fits;
 * 3. leak guard: an opening by `openingRadiusMm` cuts the thin bridges a window always finds
 *    (diaphragm to heart, IVC, a touching kidney, spleen or stomach wall); the opened component of
 *    the seed, grown back inside the region by up to the same radius (geodesic distance), is the
 *    parenchyma;
 * 4. hull = parenchyma closed by `closingRadiusMm`, then 3-D and per-slice hole filling: the
 *    intrahepatic vessels and lesions the window left out lie inside it;
 * 5. with seeds: tumours = voxels of the hull darker than half-way between liver and tumour seed,
 *    connected to a tumour seed; portal/hepatic veins = voxels brighter than half-way between liver
 *    and vessel seed, connected to their seeds inside the hull (split between the two trees by
 *    competitive growth where they touch); each tumour is then hole-filled;
 * 6. liver = hull less the seeded structures (`fillEnclosed`, default) or only hull voxels inside
 *    the liver window (`fillEnclosed: false`, the parenchyma alone).
 */
import { JumeauError, throwIfAborted } from '../core/errors';
import type { IndexIjk, PointLps } from '../core/vec3';
import type { Volume } from '../volume/volume';
import { indexToLps } from '../volume/volume';
import type { Labelmap, Mask, Segment } from './labelmap';
import { countVoxels, createLabelmap, createMask, voxelVolumeMm3 } from './labelmap';
import { connectedComponents, componentLabelArray } from './connectedComponents';
import { growFromSeeds } from './growFromSeeds';
import { fillHoles } from './holes';
import { close, dilate, erode, open } from './morphology';
import { connectedThreshold } from './regionGrowing';
import { checkSeedsIjk, linearIndex } from './seeds';
import { terminologyOf } from './terminology';
import { proposeLiverSeed, requireHu, smoothBinomial, statsInBall } from './liverSeed';

/** Labels written by {@link segmentLiver}; tumour n (1-based) gets `tumour + n − 1` (4, 5, …). */
export const AUTO_LIVER_LABELS = { liver: 1, portalVein: 2, hepaticVein: 3, tumour: 4 } as const;

/** Parameters of {@link segmentLiver} (all optional). */
export interface AutoLiverParams {
  /** Progress 0…1 between steps (smoothing, seed, each window trial, reconstruction, hull, structures). */
  onProgress?: (fraction: number) => void;
  /** Cancels between steps (JumeauError CANCELLED). */
  signal?: AbortSignal;
  /** Liver seed (voxel index); proposed by {@link proposeLiverSeed} when absent. */
  seedIjk?: IndexIjk;
  /** One seed per tumour (each tumour gets its own label, 4, 5, …). */
  tumourSeedsIjk?: IndexIjk[];
  /** Seeds inside the portal vein (any branch). */
  portalVeinSeedsIjk?: IndexIjk[];
  /** Seeds inside the hepatic veins (any branch). */
  hepaticVeinSeedsIjk?: IndexIjk[];
  /** Window half-widths tried in increasing order, HU (default 10, 15, …, 50); one value fixes the window. */
  halfWindowsHu?: number[];
  /** Re-estimation rounds of the window centre (mean of the grown region), default 2. */
  iterations?: number;
  /** A wider window whose opened volume exceeds this × the previous one is a leak (default 1.5). */
  leakRatio?: number;
  /** A wider window adding less than this × the volume marks the plateau that is chosen (default 1.03). */
  plateauRatio?: number;
  /** Opening radius of the leak guard, mm (default 6). */
  openingRadiusMm?: number;
  /** Closing radius of the hull, mm (default 5, brief: 3–5). */
  closingRadiusMm?: number;
  /** Enclosed voxels without a seed (vessels, lesions) count as liver (default true: total liver volume). */
  fillEnclosed?: boolean;
  /** Veins are followed this far outside the liver hull, mm (default 10: the hilum, not the whole trunk). */
  vesselMarginMm?: number;
  /** Smallest liver accepted, mL (default 100); less means the seed is not in a liver. */
  minLiverMl?: number;
  /** Range the smoothed CT at the seed must lie in, HU (default [20, 220]: soft tissue). */
  seedSoftTissueHu?: [number, number];
}

/** Result of {@link segmentLiver}. */
export interface AutoLiverResult {
  /** Liver, vessels and tumours on the CT's grid (labels {@link AUTO_LIVER_LABELS}). */
  labelmap: Labelmap;
  /** The liver seed used. */
  seedIjk: IndexIjk;
  /** Its LPS position, mm. */
  seedLps: PointLps;
  /** True when the seed was proposed automatically. */
  seedProposed: boolean;
  /** Final liver window on the smoothed CT, HU. */
  windowHu: [number, number];
  /** Volume of the liver segment, mL. */
  liverMl: number;
  /** Enclosed non-parenchyma (vessels, lesions, noise holes) without a seed, mL; in the liver when `fillEnclosed`. */
  enclosedMl: number;
  /** Notes for the report (seed proposal, window, leak guard, …). */
  notes: string[];
}

const COLOURS: Record<string, [number, number, number]> = {
  liver: [200, 110, 80],
  portal: [70, 110, 255],
  hepatic: [80, 220, 255],
};
const TUMOUR_COLOURS: [number, number, number][] = [[255, 220, 60], [255, 140, 0], [230, 80, 160], [150, 230, 90]];

/** The segments written for `tumours` tumour seeds. */
function segmentsFor(tumours: number): Segment[] {
  const segs: Segment[] = [
    { label: AUTO_LIVER_LABELS.liver, name: 'liver', colorRgb: COLOURS.liver, terminology: terminologyOf('liver') },
    { label: AUTO_LIVER_LABELS.portalVein, name: 'portal vein', colorRgb: COLOURS.portal, terminology: terminologyOf('portalVein') },
    { label: AUTO_LIVER_LABELS.hepaticVein, name: 'hepatic vein', colorRgb: COLOURS.hepatic, terminology: terminologyOf('hepaticVein') },
  ];
  for (let t = 0; t < tumours; t++) {
    segs.push({ label: AUTO_LIVER_LABELS.tumour + t, name: `tumour ${t + 1}`, colorRgb: TUMOUR_COLOURS[t % TUMOUR_COLOURS.length], terminology: terminologyOf('neoplasm') });
  }
  return segs;
}

/** Mean and standard deviation of `vol` over a mask. */
function meanSigma(vol: Volume, mask: Uint8Array): { mean: number; sigma: number } {
  let s = 0, s2 = 0, n = 0;
  for (let q = 0; q < mask.length; q++) {
    if (!mask[q]) continue;
    const v = vol.data[q];
    s += v;
    s2 += v * v;
    n++;
  }
  const mean = s / n;
  return { mean, sigma: Math.sqrt(Math.max(0, s2 / n - mean * mean)) };
}

/** The component of `mask` containing `seed`, else its largest component; null when empty. */
function componentAt(mask: Mask, seedQ: number): Mask | null {
  const cc = connectedComponents(mask, { connectivity: 6 });
  if (cc.count === 0) return null;
  const labels = componentLabelArray(cc);
  const keep = labels[seedQ] !== 0 ? labels[seedQ] : 1;
  const out = createMask(mask);
  for (let q = 0; q < labels.length; q++) out.data[q] = labels[q] === keep ? 1 : 0;
  return out;
}

/** Segments the liver (and seeded vessels and tumours) of a CT; see the module doc. */
export function segmentLiver(volume: Volume, params: AutoLiverParams = {}): AutoLiverResult {
  requireHu(volume, 'the automatic liver');
  const notes: string[] = [];
  const progress = (fraction: number): void => {
    throwIfAborted(params.signal);
    params.onProgress?.(fraction);
  };
  progress(0);
  const sm = smoothBinomial(volume);
  progress(0.08);
  const tumourSeeds = params.tumourSeedsIjk?.length ? checkSeedsIjk(volume, params.tumourSeedsIjk, 'tumourSeedsIjk') : [];
  const portalSeeds = params.portalVeinSeedsIjk?.length ? checkSeedsIjk(volume, params.portalVeinSeedsIjk, 'portalVeinSeedsIjk') : [];
  const hepaticSeeds = params.hepaticVeinSeedsIjk?.length ? checkSeedsIjk(volume, params.hepaticVeinSeedsIjk, 'hepaticVeinSeedsIjk') : [];
  if (AUTO_LIVER_LABELS.tumour + tumourSeeds.length - 1 > 255) throw new JumeauError('BAD_ARGUMENT', `at most ${256 - AUTO_LIVER_LABELS.tumour} tumours`, { subject: 'tumourSeedsIjk' });
  // Seed: given or proposed.
  let seedIjk: IndexIjk;
  const seedProposed = !params.seedIjk;
  if (params.seedIjk) {
    try {
      seedIjk = checkSeedsIjk(volume, [params.seedIjk], 'seedIjk')[0];
    } catch (e) {
      // One seed: name the field itself, not "seedIjk[0]".
      if (e instanceof JumeauError) throw new JumeauError(e.code, e.message.replace(/^seedIjk\[0\]: /, ''), { subject: 'seedIjk' });
      throw e;
    }
  } else {
    const p = proposeLiverSeed(volume, { smoothed: sm });
    seedIjk = p.seedIjk;
    notes.push(p.reason);
  }
  progress(0.15);
  const seedQ = linearIndex(volume.size, seedIjk);
  const [softLo, softHi] = params.seedSoftTissueHu ?? [20, 220];
  if (!(sm.data[seedQ] >= softLo && sm.data[seedQ] <= softHi)) {
    throw new JumeauError('BAD_ARGUMENT', `voxel (${seedIjk.join(', ')}) is ${sm.data[seedQ].toFixed(0)} HU (smoothed), not soft tissue (${softLo}…${softHi} HU): place the seed inside the liver parenchyma`, { subject: 'seedIjk' });
  }
  // 2–3. Window half-width chosen by the sweep, leak guard by opening.
  const rOpen = params.openingRadiusMm ?? 6;
  const minMl = params.minLiverMl ?? 100;
  const s0 = statsInBall(sm, seedIjk, 10);
  const halves = params.halfWindowsHu ?? [10, 15, 20, 25, 30, 35, 40, 45, 50];
  let trials = 0;
  const trial = (half: number): Trial => {
    const t = growTrial(sm, seedIjk, seedQ, s0.median, half, params.iterations ?? 2, rOpen);
    progress(0.15 + (0.5 * ++trials) / halves.length);
    return t;
  };
  const chosen = chooseWindow(halves.map((h) => ({ h, t: null as Trial | null })), trial, minMl, params.leakRatio ?? 1.5, params.plateauRatio ?? 1.03);
  if (!chosen) {
    throw new JumeauError('EMPTY_SEGMENT', `less than ${minMl} mL of tissue like the seed's (${s0.median.toFixed(0)} HU ± up to ${Math.max(...halves)} HU) thicker than ${2 * rOpen} mm around voxel (${seedIjk.join(', ')}): no liver found there`, { subject: 'seedIjk' });
  }
  const { region, opened, lo, hi, mean } = chosen.trial;
  notes.push(`liver window ${lo.toFixed(0)}…${hi.toFixed(0)} HU on the smoothed CT (±${chosen.half} HU, ${chosen.why}; seed neighbourhood median ${s0.median.toFixed(0)} HU)`);
  const grownMl = (countVoxels(region.data) * voxelVolumeMm3(volume)) / 1000;
  const step = Math.max(...volume.spacing) * 1.01;
  // Geodesic reconstruction inside the region by up to the opening radius: restores thin parenchyma
  // (over a lesion, at the edges) but only the first rOpen mm of a bridge.
  progress(0.66);
  const geo = growFromSeeds(sm, { seeds: opened.data, within: region, cost: 'distance' }).cost;
  progress(0.75);
  const parenchyma = createMask(volume);
  for (let q = 0; q < geo.length; q++) parenchyma.data[q] = geo[q] <= rOpen ? 1 : 0;
  const parenchymaMl = (countVoxels(parenchyma.data) * voxelVolumeMm3(volume)) / 1000;
  if (grownMl - parenchymaMl > 1) notes.push(`leak guard: ${(grownMl - parenchymaMl).toFixed(0)} mL joined by bridges thinner than ${2 * rOpen} mm were cut off`);
  // 4. Hull: parenchyma closed, holes filled in 3-D and per slice.
  const closed = close(parenchyma, { radiusMm: params.closingRadiusMm ?? 5 });
  const filled = fillHoles(fillHoles(closed), { mode: 'slice' });
  const hull = refineSurface(sm, filled, step);
  progress(0.85);
  // 5. Seeded structures.
  const segments = segmentsFor(tumourSeeds.length).filter((g) => g.label !== AUTO_LIVER_LABELS.portalVein || portalSeeds.length > 0).filter((g) => g.label !== AUTO_LIVER_LABELS.hepaticVein || hepaticSeeds.length > 0);
  const labelmap = createLabelmap(volume, { segments });
  const out = labelmap.data;
  const liverMean = mean;
  if (tumourSeeds.length) {
    // A lesion at the liver's surface is not enclosed: tumours may fill the liver's concavities up to 15 mm wide.
    const wide = fillHoles(close(parenchyma, { radiusMm: 15 }));
    for (let q = 0; q < wide.data.length; q++) wide.data[q] |= hull.data[q];
    labelTumours(sm, wide, tumourSeeds, liverMean, out, notes);
  }
  if (portalSeeds.length || hepaticSeeds.length) labelVessels(sm, dilate(hull, { radiusMm: params.vesselMarginMm ?? 10 }), portalSeeds, hepaticSeeds, liverMean, out, notes);
  progress(0.95);
  // 6. Liver.
  const fillEnclosed = params.fillEnclosed ?? true;
  let enclosed = 0;
  // Enclosed = inside the filled hull, one voxel or more from its surface, outside the window.
  const deep = erode(hull, { radiusMm: step });
  for (let q = 0; q < out.length; q++) {
    if (!hull.data[q] || out[q] !== 0) continue;
    const isEnclosed = filled.data[q] && deep.data[q] && !parenchyma.data[q] && !(sm.data[q] >= lo && sm.data[q] <= hi);
    if (isEnclosed) enclosed++;
    if (!isEnclosed || fillEnclosed) out[q] = AUTO_LIVER_LABELS.liver;
  }
  const v = voxelVolumeMm3(volume) / 1000;
  const enclosedMl = enclosed * v;
  notes.push(
    fillEnclosed
      ? `${enclosedMl.toFixed(1)} mL of enclosed non-parenchyma (vessels, lesions) without a seed counted as liver: volume = total liver volume`
      : `${enclosedMl.toFixed(1)} mL of enclosed non-parenchyma (vessels, lesions) without a seed left out of the liver`,
  );
  const liverMl = countVoxels(out.map((l) => (l === AUTO_LIVER_LABELS.liver ? 1 : 0))) * v;
  params.onProgress?.(1);
  return { labelmap, seedIjk, seedLps: indexToLps(volume, seedIjk), seedProposed, windowHu: [lo, hi], liverMl, enclosedMl, notes };
}

/** One trial window: the grown region, its opened component at the seed and the window. */
interface Trial { region: Mask; opened: Mask | null; lo: number; hi: number; mean: number; ml: number }

/** Grows the region for a half-width (mean re-estimated `rounds` times) and opens it. */
function growTrial(sm: Volume, seedIjk: IndexIjk, seedQ: number, start: number, half: number, rounds: number, rOpen: number): Trial {
  let mean = start;
  let region = createMask(sm);
  for (let round = 0; round <= rounds; round++) {
    region = connectedThreshold(sm, { seedsIjk: [seedIjk], loHu: mean - half, hiHu: mean + half, connectivity: 6 });
    if (round < rounds) mean = meanSigma(sm, region.data).mean;
  }
  const opened = componentAt(open(region, { radiusMm: rOpen }), seedQ);
  const ml = opened ? (countVoxels(opened.data) * voxelVolumeMm3(sm)) / 1000 : 0;
  return { region, opened, lo: mean - half, hi: mean + half, mean, ml };
}

/**
 * The window sweep: half-widths in increasing order; the sweep stops before the opened volume jumps
 * by more than `leakRatio` (a leak through a bridge thicker than the opening) and takes the first
 * half-width after which the volume grows by less than `plateauRatio` (the organ is filled, its
 * neighbours are not reached); without a plateau it takes the half-width before the last one kept,
 * since a volume still growing is growing into neighbours of similar HU.
 */
function chooseWindow(steps: { h: number; t: Trial | null }[], trial: (h: number) => Trial, minMl: number, leakRatio: number, plateauRatio: number): { trial: Trial & { opened: Mask }; half: number; why: string } | null {
  const kept: { h: number; t: Trial & { opened: Mask } }[] = [];
  let why = 'widest tried';
  for (const s of steps) {
    const t = trial(s.h);
    if (!t.opened || t.ml < minMl) continue;
    const prev = kept[kept.length - 1];
    if (prev && t.ml > leakRatio * prev.t.ml) {
      why = `±${s.h} HU leaked (${prev.t.ml.toFixed(0)} → ${t.ml.toFixed(0)} mL)`;
      break;
    }
    if (prev && t.ml < plateauRatio * prev.t.ml) return { trial: prev.t, half: prev.h, why: `plateau: ±${s.h} HU adds ${(t.ml - prev.t.ml).toFixed(0)} mL` };
    kept.push({ h: s.h, t: t as Trial & { opened: Mask } });
  }
  if (kept.length === 0) return null;
  const pick = kept[Math.max(0, kept.length - 2)];
  return { trial: pick.t, half: pick.h, why: `no plateau, ${why}; one step back` };
}

/**
 * Surface refinement: the window stops where the smoothed CT leaves it, about one voxel inside the
 * half-way level between the liver and its neighbour. Competitive growth on the smoothed CT between
 * the hull eroded by one voxel (liver) and everything beyond two voxels (not liver) puts the surface
 * where the two fronts meet: the half-way level of each local edge, whatever the neighbour's HU.
 */
function refineSurface(sm: Volume, hull: Mask, stepMm: number): Mask {
  const inner = erode(hull, { radiusMm: stepMm });
  const outer = dilate(hull, { radiusMm: 2 * stepMm });
  const seeds = new Uint8Array(hull.data.length);
  const band = createMask(sm);
  const innerCore = erode(inner, { radiusMm: stepMm });
  for (let q = 0; q < seeds.length; q++) {
    if (!outer.data[q] || innerCore.data[q]) continue;
    band.data[q] = 1;
    seeds[q] = inner.data[q] ? 1 : 0;
  }
  const outerRim = dilate(outer, { radiusMm: stepMm });
  for (let q = 0; q < seeds.length; q++) {
    if (outerRim.data[q] && !outer.data[q]) {
      band.data[q] = 1;
      seeds[q] = 2;
    }
  }
  const split = growFromSeeds(sm, { seeds, within: band, cost: 'difference' }).labels;
  const out = createMask(sm);
  for (let q = 0; q < seeds.length; q++) out.data[q] = innerCore.data[q] || split[q] === 1 ? 1 : 0;
  return out;
}

/**
 * Tumours: hull voxels darker than half-way between the liver and each tumour seed's neighbourhood,
 * connected to a tumour seed, split between tumours by geodesic distance, hole-filled per tumour.
 */
function labelTumours(sm: Volume, hull: Mask, seeds: IndexIjk[], liverMean: number, out: Uint8Array | Uint16Array, notes: string[]): void {
  const dark = createMask(sm);
  const seedLabels = new Uint8Array(out.length);
  seeds.forEach((s, t) => {
    const same = seeds.findIndex((o) => o[0] === s[0] && o[1] === s[1] && o[2] === s[2]);
    if (same < t) throw new JumeauError('BAD_ARGUMENT', `voxel (${s.join(', ')}) is already tumourSeedsIjk[${same}]: one seed per tumour`, { subject: `tumourSeedsIjk[${t}]` });
    const hu = statsInBall(sm, s, 3).median;
    if (!(hu < liverMean - 10)) {
      throw new JumeauError('BAD_ARGUMENT', `voxel (${s.join(', ')}) is ${hu.toFixed(0)} HU, not darker than the liver (${liverMean.toFixed(0)} HU): only hypodense tumours are segmented from a seed`, { subject: `tumourSeedsIjk[${t}]` });
    }
    if (!hull.data[linearIndex(sm.size, s)]) throw new JumeauError('BAD_ARGUMENT', `voxel (${s.join(', ')}) is not inside the liver`, { subject: `tumourSeedsIjk[${t}]` });
    // Window symmetric about the tumour: up to half-way to the liver, down as far (fat stays out).
    const half = 0.5 * (liverMean - hu);
    const m = open(connectedThreshold(sm, { seedsIjk: [s], loHu: hu - half, hiHu: hu + half, within: hull }), { radiusMm: 1.01 * Math.max(...sm.spacing) });
    for (let q = 0; q < m.data.length; q++) dark.data[q] |= m.data[q];
    seedLabels[linearIndex(sm.size, s)] = t + 1;
  });
  const split = growFromSeeds(sm, { seeds: seedLabels, within: dark, cost: 'distance' }).labels;
  seeds.forEach((_s, t) => {
    const m = createMask(sm);
    for (let q = 0; q < m.data.length; q++) m.data[q] = split[q] === t + 1 ? 1 : 0;
    const filled = fillHoles(m);
    let n = 0;
    for (let q = 0; q < m.data.length; q++) {
      if (filled.data[q] && out[q] === 0) {
        out[q] = AUTO_LIVER_LABELS.tumour + t;
        n++;
      }
    }
    notes.push(`tumour ${t + 1}: ${((n * voxelVolumeMm3(sm)) / 1000).toFixed(1)} mL`);
  });
}

/**
 * Veins: hull voxels brighter than half-way between the liver and the vessel seeds, connected to
 * them; where the portal and hepatic trees touch, competitive growth on the smoothed CT splits them.
 */
function labelVessels(sm: Volume, hull: Mask, portal: IndexIjk[], hepatic: IndexIjk[], liverMean: number, out: Uint8Array | Uint16Array, notes: string[]): void {
  const bright = createMask(sm);
  const seedLabels = new Uint8Array(out.length);
  // The hepatic veins drain into the IVC, as bright as they are but thicker: bright parts surviving
  // an opening by 8 mm (vena cava, aorta), grown by one voxel, are closed to the hepatic veins.
  let hepaticMask: Mask | null = null;
  const hepaticWithin = (): Mask => {
    if (hepaticMask) return hepaticMask;
    const around = dilate(hull, { radiusMm: 16 });
    const thick = createMask(sm);
    for (let q = 0; q < thick.data.length; q++) thick.data[q] = around.data[q] && sm.data[q] > liverMean + 30 ? 1 : 0;
    const wall = dilate(open(thick, { radiusMm: 8 }), { radiusMm: 1.01 * Math.max(...sm.spacing) });
    hepaticMask = createMask(sm);
    for (let q = 0; q < wall.data.length; q++) hepaticMask.data[q] = hull.data[q] && !wall.data[q] ? 1 : 0;
    return hepaticMask;
  };
  const all: [IndexIjk, number, string][] = [
    ...portal.map((s, n) => [s, AUTO_LIVER_LABELS.portalVein, `portalVeinSeedsIjk[${n}]`] as [IndexIjk, number, string]),
    ...hepatic.map((s, n) => [s, AUTO_LIVER_LABELS.hepaticVein, `hepaticVeinSeedsIjk[${n}]`] as [IndexIjk, number, string]),
  ];
  for (const [s, label, field] of all) {
    const hu = statsInBall(sm, s, 2).median;
    if (!(hu > liverMean + 20)) {
      throw new JumeauError('BAD_ARGUMENT', `voxel (${s.join(', ')}) is ${hu.toFixed(0)} HU, not brighter than the liver (${liverMean.toFixed(0)} HU): place vessel seeds inside a contrast-filled vein`, { subject: field });
    }
    const m = connectedThreshold(sm, { seedsIjk: [s], loHu: 0.5 * (hu + liverMean), hiHu: Infinity, within: label === AUTO_LIVER_LABELS.hepaticVein ? hepaticWithin() : hull });
    for (let q = 0; q < m.data.length; q++) bright.data[q] |= m.data[q];
    seedLabels[linearIndex(sm.size, s)] = label;
  }
  const split = growFromSeeds(sm, { seeds: seedLabels, within: bright, cost: 'difference' }).labels;
  let np = 0, nh = 0;
  for (let q = 0; q < split.length; q++) {
    if (!split[q] || out[q] !== 0) continue;
    out[q] = split[q];
    if (split[q] === AUTO_LIVER_LABELS.portalVein) np++;
    else nh++;
  }
  const v = voxelVolumeMm3(sm) / 1000;
  notes.push(`portal vein ${(np * v).toFixed(1)} mL, hepatic veins ${(nh * v).toFixed(1)} mL (inside the liver hull only)`);
}
