/**
 * (a) Bundled samples: `?sample=<id>` opens the case; the series list and geometry panel show the size,
 * spacing, slice count and origin read independently from the DICOM headers (and agree with the
 * generator's case.json); the canvas shows the right pixels under the window; the orientation labels
 * and the hip phantom's left-sided marker bead prove patient right is on screen left.
 */
import { join } from 'node:path';
import { caseDicomDir, caseJson, closeTo, compareSlice, describeDicomFolder, greyStats, numbers, readCanvas, setSlice, text, waitSettled } from './lib.mjs';

async function openSample(page, baseUrl, id) {
  await page.goto(`${baseUrl}?sample=${encodeURIComponent(id)}`);
  const state = await waitSettled(page);
  if (state !== 'ready') throw new Error(`sample ${id}: app state ${state}: ${await text(page, 'status')} ${await page.locator('[data-testid="error-banner"]').innerText()}`);
}

export default [
  {
    name: 'sample: every bundled case opens with the size, spacing, slices and origin of its DICOM',
    async run({ page, baseUrl, catalog, root }) {
      if (catalog.cases.length < 1) throw new Error('the sample catalog is empty');
      for (const c of catalog.cases) {
        const [want] = describeDicomFolder(caseDicomDir(root, c));
        await openSample(page, baseUrl, c.id);
        const items = page.locator('[data-testid="series-item"]');
        if ((await items.count()) !== 1) throw new Error(`${c.id}: ${await items.count()} series listed, 1 expected`);
        const card = items.first();
        closeTo(numbers(await text(card, 'series-size')), want.size, 0, `${c.id} series size`);
        closeTo(numbers(await text(card, 'series-spacing')), want.spacing, 0.0006, `${c.id} series spacing`);
        closeTo(numbers(await text(card, 'series-slices')), [want.size[2]], 0, `${c.id} slice count`);
        if (!(await text(card, 'series-modality')).startsWith(want.modality)) throw new Error(`${c.id}: modality not ${want.modality}`);
        closeTo(numbers(await text(page, 'geo-size')), want.size, 0, `${c.id} geometry size`);
        closeTo(numbers(await text(page, 'geo-spacing')), want.spacing, 0.0006, `${c.id} geometry spacing`);
        closeTo(numbers(await text(page, 'geo-origin')), want.origin, 0.006, `${c.id} geometry origin`);
        const cj = caseJson(root, c);
        if (cj?.geometry) {
          closeTo(want.size, cj.geometry.size, 0, `${c.id} case.json size vs DICOM`);
          closeTo(want.spacing, cj.geometry.spacingMm, 1e-6, `${c.id} case.json spacing vs DICOM`);
          closeTo(numbers(await text(page, 'geo-origin')), cj.geometry.originLps, 0.006, `${c.id} geometry origin vs case.json`);
          if ((await text(page, 'geo-orientation')).trim() !== cj.geometry.orientation) throw new Error(`${c.id}: orientation ${await text(page, 'geo-orientation')}, case.json says ${cj.geometry.orientation}`);
        }
        const canvas = await readCanvas(page);
        closeTo([canvas.width, canvas.height, canvas.slice], [want.size[0], want.size[1], Math.floor(want.size[2] / 2)], 0, `${c.id} canvas size and slice`);
        const stats = greyStats(canvas.grey);
        if (stats.distinct < 16 || stats.nonBlack < 0.2) throw new Error(`${c.id}: canvas looks blank (${stats.distinct} grey levels, ${(stats.nonBlack * 100).toFixed(0)} % non-black)`);
        // The displayed box keeps the true mm aspect ratio (the knee has 1.0 × 1.2 mm pixels).
        const box = await page.locator('[data-testid="viewer-canvas"]').boundingBox();
        const aspect = (want.size[0] * want.spacing[0]) / (want.size[1] * want.spacing[1]);
        if (Math.abs(box.width / box.height / aspect - 1) > 0.02) throw new Error(`${c.id}: displayed aspect ${(box.width / box.height).toFixed(3)}, ${aspect.toFixed(3)} expected`);
      }
    },
  },
  {
    name: 'sample: hip slice pixels match the DICOM under both windows; labels R/L/A/P; left marker on screen right',
    async run({ page, baseUrl, catalog, root, outDir }) {
      const c = catalog.cases.find((x) => x.id === 'hip') ?? catalog.cases[0];
      const [want] = describeDicomFolder(caseDicomDir(root, c));
      await openSample(page, baseUrl, c.id);
      const labels = {};
      for (const side of ['left', 'right', 'top', 'bottom']) labels[side] = (await text(page, `label-${side}`)).trim();
      if (`${labels.left}${labels.right}${labels.top}${labels.bottom}` !== 'RLAP') throw new Error(`orientation labels ${JSON.stringify(labels)}, expected R L A P`);
      // Middle slice under the default soft-tissue window.
      let canvas = await readCanvas(page);
      if (canvas.window !== '400/40') throw new Error(`default window ${canvas.window}, expected 400/40`);
      let cmp = compareSlice(canvas, want.slice(canvas.slice));
      if (cmp.bad) throw new Error(`slice ${canvas.slice}: ${cmp.bad} pixels differ, first ${JSON.stringify(cmp.first)}`);
      // First and last slices.
      for (const k of [0, want.size[2] - 1]) {
        await setSlice(page, k);
        cmp = compareSlice(await readCanvas(page), want.slice(k));
        if (cmp.bad) throw new Error(`slice ${k}: ${cmp.bad} pixels differ, first ${JSON.stringify(cmp.first)}`);
      }
      // The marker bead of the LEFT flank (case.json landmark) must be bright on the screen's right.
      const cj = caseJson(root, c);
      const bead = cj?.landmarksLps?.markerBeadLeft;
      if (bead) {
        const [i, j, k] = bead.map((v, a) => Math.round((v - want.origin[a]) / want.spacing[a]));
        await setSlice(page, k);
        await page.locator('[data-testid="wl-preset-bone"]').click();
        await page.waitForFunction(() => document.querySelector('[data-testid="viewer-canvas"]').dataset.window === '1800/400');
        canvas = await readCanvas(page);
        cmp = compareSlice(canvas, want.slice(k));
        if (cmp.bad) throw new Error(`bone window, slice ${k}: ${cmp.bad} pixels differ, first ${JSON.stringify(cmp.first)}`);
        const maxNear = (x0) => Math.max(...[-2, -1, 0, 1, 2].flatMap((dy) => [-2, -1, 0, 1, 2].map((dx) => canvas.grey[(j + dy) * canvas.width + Math.min(canvas.width - 1, Math.max(0, x0 + dx))])));
        if (!(i > canvas.width / 2)) throw new Error(`bead index i=${i} is not on the right half`);
        if (maxNear(i) !== 255) throw new Error(`no saturated bead pixel near screen (${i}, ${j}) on slice ${k}`);
        if (maxNear(canvas.width - 1 - i) > 150) throw new Error(`the mirrored (patient right) position is bright too (${maxNear(canvas.width - 1 - i)})`);
        const label = await text(page, 'slice-label');
        closeTo([numbers(label).at(-1)], [bead[2]], 1, 'slice label S position (mm)');
      }
      // Screenshot for the docs: bone window through the femoral heads.
      const head = cj?.landmarksLps?.femoralHeadCentreLeft;
      if (head) await setSlice(page, Math.round((head[2] - want.origin[2]) / want.spacing[2]));
      await page.screenshot({ path: join(outDir, 'app-sample.png') });
    },
  },
  {
    name: 'sample: an unknown ?sample= id is reported by name, and the page stays usable',
    async run({ page, baseUrl, catalog }) {
      await page.goto(`${baseUrl}?sample=no-such-case`);
      await page.waitForFunction(() => document.querySelector('[data-testid="app"]').dataset.state === 'error');
      const banner = await text(page, 'error-banner');
      if (!banner.includes('no-such-case') || !banner.includes(catalog.cases[0].id)) throw new Error(`error banner does not name the id and the choices: ${banner}`);
      await page.locator('[data-testid="sample-select"]').selectOption(catalog.cases[0].id);
      await page.locator('[data-testid="open-sample-button"]').click();
      if ((await waitSettled(page)) !== 'ready') throw new Error('the sample did not open after the error');
      if (!(await page.locator('[data-testid="error-banner"]').isHidden())) throw new Error('the error banner stayed up after a successful load');
    },
  },
];
