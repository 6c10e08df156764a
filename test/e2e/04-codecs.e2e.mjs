/**
 * Codecs in the browser worker: part of a generated sample is re-encoded (lossless) as JPEG 2000,
 * HTJ2K, JPEG-LS, JPEG lossless and RLE by the project's test DICOM writer (test/e2e/transcode.ts);
 * opened as one folder, every series must be listed with its transfer syntax and show exactly the
 * pixels of the native sample (the wasm codecs are found and run in the load worker).
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Skip, caseDicomDir, closeTo, compareSlice, describeDicomFolder, numbers, readCanvas, setSlice, text, waitSettled } from './lib.mjs';

const FIRST = 30;
const COUNT = 12;

/**
 * Writes slices [FIRST, FIRST + COUNT) of the liver sample once per codec in `codecs` into
 * test-output/e2e-codecs/<tag>/<codec>/ (shared with the production-build test).
 */
export async function writeCodecFolder({ server, root, outDir, catalog }, codecs, tag = 'codecs') {
  const c = catalog.cases.find((x) => x.id === 'liver') ?? catalog.cases[0];
  const native = describeDicomFolder(caseDicomDir(root, c))[0];
  const dir = join(outDir, 'e2e-codecs', tag);
  rmSync(dir, { recursive: true, force: true });
  const { transcodeSeries } = await server.ssrLoadModule('/test/e2e/transcode.ts');
  const series = await transcodeSeries(native.files, dir, FIRST, COUNT, codecs);
  return { dir, series, native };
}

/** Opens the folder and checks every series' listing and pixels against the native sample. */
export async function checkCodecFolder(page, baseUrl, { dir, series, native }) {
  await page.goto(baseUrl);
  await page.locator('[data-testid="open-folder-input"]').setInputFiles(dir);
  if ((await waitSettled(page)) !== 'ready') throw new Error(`state: ${await text(page, 'status')} ${await text(page, 'error-banner')}`);
  const items = page.locator('[data-testid="series-item"]');
  if ((await items.count()) !== series.length) throw new Error(`${await items.count()} series listed, ${series.length} expected`);
  for (const s of series) {
    const card = items.filter({ hasText: s.description });
    if ((await card.count()) !== 1) throw new Error(`series "${s.description}" not listed`);
    closeTo(numbers(await text(card, 'series-size')), [native.size[0], native.size[1], COUNT], 0, `${s.codec} size`);
    const ts = await text(card, 'series-ts');
    if (/unknown/i.test(ts) || !ts.trim()) throw new Error(`${s.codec}: transfer syntax shown as "${ts}"`);
    if ((await card.getAttribute('data-selected')) !== '') {
      await card.locator('[data-testid="series-load"]').click();
      if ((await waitSettled(page)) !== 'ready') throw new Error(`${s.codec}: ${await text(page, 'status')} ${await text(page, 'error-banner')}`);
    }
    await page.waitForFunction((d) => [...document.querySelectorAll('[data-testid="series-item"][data-selected]')].some((e) => e.textContent.includes(d))
      && document.querySelector('[data-testid="viewer"]').dataset.hasVolume === 'true', s.description);
    for (const k of [0, COUNT >> 1, COUNT - 1]) {
      await setSlice(page, k);
      const cmp = compareSlice(await readCanvas(page), native.slice(FIRST + k));
      if (cmp.bad) throw new Error(`${s.codec} slice ${k}: ${cmp.bad} pixels differ from the native sample, first ${JSON.stringify(cmp.first)}`);
    }
  }
}

/**
 * RLE (and 12-bit JPEG) go through @cornerstonejs/dicom-image-loader, whose import chain (vtk.js →
 * xmlbuilder2) extends Node's EventEmitter: in the browser that needs the `events` package.
 */
const hasEvents = (root) => existsSync(join(root, 'node_modules', 'events', 'package.json'));

export default [
  {
    name: 'codecs: JPEG 2000, HTJ2K, JPEG-LS and JPEG lossless series decode in the worker to the native pixels',
    async run(ctx) {
      await checkCodecFolder(ctx.page, ctx.baseUrl, await writeCodecFolder(ctx, ['j2k', 'htj2k', 'jpeg-ls', 'jpeg-lossless']));
    },
  },
  {
    name: 'codecs: an RLE series decodes in the worker to the native pixels',
    async run(ctx) {
      if (!hasEvents(ctx.root)) throw new Skip('RLE decoding in the browser needs the `events` package (npm install events): @cornerstonejs/dicom-image-loader pulls in xmlbuilder2, which extends EventEmitter');
      await checkCodecFolder(ctx.page, ctx.baseUrl, await writeCodecFolder(ctx, ['rle'], 'rle'));
    },
  },
];
