/**
 * Helpers of the end-to-end tests: waiting on the page, reading the canvas back, and an independent
 * reading of DICOM headers and native pixel data with dicom-parser (so the expected numbers do not
 * come from the code under test).
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import dicomParser from 'dicom-parser';

/** Thrown by a test to report itself skipped (with the reason). */
export class Skip extends Error {}

/** Waits until the app is no longer busy; returns its final state (ready, error, cancelled, idle). */
export async function waitSettled(page, timeout = 60_000) {
  await page.waitForFunction(() => {
    const s = document.querySelector('[data-testid="app"]')?.dataset.state;
    return s === 'ready' || s === 'error' || s === 'cancelled';
  }, null, { timeout });
  return page.getAttribute('[data-testid="app"]', 'data-state');
}

/** Text of the element with this test id. */
export const text = (scope, id) => scope.locator(`[data-testid="${id}"]`).first().innerText();

/** All numbers in a text: "0.977 × 0.977 × 2 mm" → [0.977, 0.977, 2]. */
export const numbers = (s) => (s.match(/-?\d+(?:\.\d+)?(?:e-?\d+)?/gi) ?? []).map(Number);

/** Asserts two number lists agree within `tol` (absolute). */
export function closeTo(actual, expected, tol, what) {
  if (actual.length !== expected.length || actual.some((v, n) => !(Math.abs(v - expected[n]) <= tol))) {
    throw new Error(`${what}: got [${actual.join(', ')}], expected [${expected.map((v) => +v.toFixed(4)).join(', ')}] (±${tol})`);
  }
}

/** The canvas pixels as greys (red channel), with its size, read in the page. */
export async function readCanvas(page) {
  return page.evaluate(() => {
    const c = document.querySelector('[data-testid="viewer-canvas"]');
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const grey = new Array(c.width * c.height);
    for (let n = 0; n < grey.length; n++) grey[n] = d[4 * n];
    return { width: c.width, height: c.height, grey, slice: Number(c.dataset.slice), window: c.dataset.window };
  });
}

/** Number of distinct values and the fraction of non-black pixels. */
export function greyStats(grey) {
  const levels = new Set(grey);
  return { distinct: levels.size, nonBlack: grey.filter((g) => g > 0).length / grey.length };
}

/** Files of a folder (recursively), sorted. */
export function listFiles(dir) {
  const out = [];
  for (const n of readdirSync(dir).sort()) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) out.push(...listFiles(p));
    else out.push(p);
  }
  return out;
}

const NATIVE = new Set(['1.2.840.10008.1.2', '1.2.840.10008.1.2.1']);
const dot = (a, b) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const cross = (a, b) => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
const nums = (ds, tag) => (ds.string(tag) ?? '').split('\\').filter((x) => x !== '').map(Number);

/**
 * Reads the DICOM files of a folder with dicom-parser and describes each series (by SeriesInstanceUID):
 * size [columns, rows, slices], spacing [column step, row step, median slice step] in mm, the LPS
 * position of the first slice along the normal (the volume origin), the direction cosines, and a
 * `slice(k)` reader of HU values (native transfer syntaxes only; null otherwise).
 */
export function describeDicomFolder(dir) {
  const series = new Map();
  for (const file of listFiles(dir)) {
    let ds;
    try {
      ds = dicomParser.parseDicom(new Uint8Array(readFileSync(file)));
    } catch {
      continue;
    }
    if (!ds.elements.x7fe00010) continue;
    const uid = ds.string('x0020000e');
    const rec = { file, ds, ipp: nums(ds, 'x00200032'), iop: nums(ds, 'x00200037') };
    if (series.has(uid)) series.get(uid).push(rec);
    else series.set(uid, [rec]);
  }
  return [...series.entries()].map(([uid, recs]) => {
    const d0 = recs[0].ds;
    const row = recs[0].iop.slice(0, 3);
    const col = recs[0].iop.slice(3, 6);
    const normal = cross(row, col);
    recs.sort((a, b) => dot(normal, a.ipp) - dot(normal, b.ipp));
    const s = recs.map((r) => dot(normal, r.ipp));
    const steps = s.slice(1).map((v, n) => v - s[n]).sort((a, b) => a - b);
    const ps = nums(d0, 'x00280030'); // [row spacing, column spacing]
    const columns = d0.uint16('x00280011');
    const rows = d0.uint16('x00280010');
    const ts = d0.string('x00020010') ?? '1.2.840.10008.1.2';
    const slice = (k) => {
      if (!NATIVE.has(ts)) return null;
      const ds = recs[k].ds;
      const el = ds.elements.x7fe00010;
      const signed = ds.uint16('x00280103') === 1;
      const slope = ds.floatString('x00281053') ?? 1;
      const icpt = ds.floatString('x00281052') ?? 0;
      const n = rows * columns;
      const buf = ds.byteArray.buffer.slice(ds.byteArray.byteOffset + el.dataOffset, ds.byteArray.byteOffset + el.dataOffset + 2 * n);
      const raw = signed ? new Int16Array(buf) : new Uint16Array(buf);
      return Float64Array.from(raw, (v) => v * slope + icpt);
    };
    return {
      uid,
      modality: d0.string('x00080060'),
      description: d0.string('x0008103e') ?? '',
      size: [columns, rows, recs.length],
      spacing: [ps[1], ps[0], steps.length ? steps[steps.length >> 1] : 0],
      origin: recs[0].ipp,
      direction: [...row, ...col, ...normal],
      transferSyntax: ts,
      files: recs.map((r) => r.file),
      slice,
    };
  });
}

/** Grey 0–255 of a value under a window "width/level" (the app's formula, see src/ui/logic/window.ts). */
export function windowGrey(v, width, level) {
  const g = ((v - (level - width / 2)) / width) * 255;
  return g <= 0 ? 0 : g >= 255 ? 255 : Math.round(g);
}

/** Folder (absolute) of a catalog case's DICOM files. */
export function caseDicomDir(root, c) {
  return join(root, c.files[0].slice(0, c.files[0].lastIndexOf('/')));
}

/** The generator's case.json of a catalog case, or null. */
export function caseJson(root, c) {
  try {
    return JSON.parse(readFileSync(join(root, 'dicom-samples', c.id, 'case.json'), 'utf8'));
  } catch {
    return null;
  }
}

/** Sets the slice slider as a user would (input event). */
export async function setSlice(page, k) {
  await page.locator('[data-testid="slice-slider"]').evaluate((el, v) => {
    el.value = String(v);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, k);
  await page.waitForFunction((v) => document.querySelector('[data-testid="viewer-canvas"]').dataset.slice === String(v), k);
}

/**
 * Compares the canvas with the expected HU slice (axial LPS volume: screen x = i, y = j) under the
 * canvas' window; returns the number of pixels off by more than 1 grey level and the first of them.
 */
export function compareSlice(canvas, huSlice) {
  const [width, level] = canvas.window.split('/').map(Number);
  let bad = 0;
  let first = null;
  for (let n = 0; n < huSlice.length; n++) {
    const want = windowGrey(huSlice[n], width, level);
    if (Math.abs(canvas.grey[n] - want) > 1) {
      bad++;
      first ??= { x: n % canvas.width, y: Math.floor(n / canvas.width), got: canvas.grey[n], want, hu: huSlice[n] };
    }
  }
  return { bad, first };
}

/** Copies files into a folder (created). */
export function copyInto(dir, files) {
  mkdirSync(dir, { recursive: true });
  for (const f of files) copyFileSync(f, join(dir, basename(f)));
}

/**
 * Clicks the voxel under an LPS point on the axial slice through it (slider moved there first), for an
 * LPS-aligned volume of `geometry` (case.json): screen x = i, y = j. Returns the voxel (i, j, k).
 */
export async function clickLpsOnSlice(page, geometry, p) {
  const g = geometry;
  const k = Math.round((p[2] - g.originLps[2]) / g.spacingMm[2]);
  await setSlice(page, k);
  const i = Math.round((p[0] - g.originLps[0]) / g.spacingMm[0]);
  const j = Math.round((p[1] - g.originLps[1]) / g.spacingMm[1]);
  const box = await page.locator('[data-testid="viewer-canvas"]').boundingBox();
  await page.mouse.click(box.x + ((i + 0.5) / g.size[0]) * box.width, box.y + ((j + 0.5) / g.size[1]) * box.height);
  return [i, j, k];
}

/** Empties this browser profile's case store (IndexedDB `jumeau-cases`), so a test starts without a saved case. */
export function clearCaseStore(page) {
  return page.evaluate(() => new Promise((resolve) => {
    const r = indexedDB.deleteDatabase('jumeau-cases');
    r.onsuccess = r.onerror = r.onblocked = () => resolve(null);
  }));
}
