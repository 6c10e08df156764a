/**
 * (b) Local files: a folder with two series, a text file and a truncated DICOM file through the folder
 * picker (`webkitdirectory`); a set of files through the files picker; a folder with no image at all.
 * Both series are listed with their own numbers, the unusable files are listed as skipped with their
 * names and reasons, and switching series loads the other volume.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { caseDicomDir, closeTo, copyInto, describeDicomFolder, listFiles, numbers, text, waitSettled } from './lib.mjs';

const JUNK = 'Operating list, Tuesday\nThis text file is not DICOM.\n';

async function skippedOf(page) {
  return page.locator('[data-testid="skipped-item"]').evaluateAll((els) => els.map((e) => ({ file: e.dataset.file, code: e.dataset.code, text: e.textContent })));
}

export default [
  {
    name: 'folder: two series + a text file + a truncated file; both listed, junk skipped by name, series switch',
    async run({ page, baseUrl, catalog, root, outDir }) {
      if (catalog.cases.length < 2) throw new Error('two sample cases are needed');
      const [a, b] = catalog.cases;
      const study = join(outDir, 'e2e-folder', 'study');
      rmSync(join(outDir, 'e2e-folder'), { recursive: true, force: true });
      copyInto(join(study, a.id), listFiles(caseDicomDir(root, a)));
      copyInto(join(study, b.id), listFiles(caseDicomDir(root, b)));
      writeFileSync(join(study, 'notes.txt'), JUNK);
      const donor = listFiles(caseDicomDir(root, b))[0];
      writeFileSync(join(study, 'truncated.dcm'), readFileSync(donor).subarray(0, 3000));
      const wantA = describeDicomFolder(caseDicomDir(root, a))[0];
      const wantB = describeDicomFolder(caseDicomDir(root, b))[0];

      await page.goto(baseUrl);
      await page.locator('[data-testid="open-folder-input"]').setInputFiles(study);
      if ((await waitSettled(page)) !== 'ready') throw new Error(`state ${await text(page, 'status')}`);
      const items = page.locator('[data-testid="series-item"]');
      if ((await items.count()) !== 2) throw new Error(`${await items.count()} series listed, 2 expected`);
      const bySize = {};
      for (let n = 0; n < 2; n++) bySize[numbers(await text(items.nth(n), 'series-size')).join('x')] = items.nth(n);
      for (const w of [wantA, wantB]) {
        const card = bySize[w.size.join('x')];
        if (!card) throw new Error(`no series of size ${w.size.join('×')} listed (have ${Object.keys(bySize).join(', ')})`);
        closeTo(numbers(await text(card, 'series-spacing')), w.spacing, 0.0006, `spacing of ${w.description}`);
        closeTo(numbers(await text(card, 'series-slices')), [w.size[2]], 0, `slices of ${w.description}`);
      }
      const skipped = await skippedOf(page);
      const notes = skipped.find((s) => s.file === 'study/notes.txt');
      const trunc = skipped.find((s) => s.file === 'study/truncated.dcm');
      if (skipped.length !== 2 || !notes || !trunc) throw new Error(`skipped files: ${JSON.stringify(skipped)}`);
      if (notes.code !== 'NOT_DICOM' || !/dicom/i.test(notes.text)) throw new Error(`notes.txt reason: ${JSON.stringify(notes)}`);
      if (!['DICOM_TRUNCATED', 'DICOM_PARSE'].includes(trunc.code) || !trunc.text.includes('truncated.dcm')) throw new Error(`truncated.dcm reason: ${JSON.stringify(trunc)}`);
      // The series with the most slices is shown first; "Show" on the other loads it.
      const [first, second] = wantA.size[2] >= wantB.size[2] ? [wantA, wantB] : [wantB, wantA];
      closeTo(numbers(await text(page, 'geo-size')), first.size, 0, 'geometry of the series shown first');
      await bySize[second.size.join('x')].locator('[data-testid="series-load"]').click();
      if ((await waitSettled(page)) !== 'ready') throw new Error(`switching series: ${await text(page, 'status')}`);
      await page.waitForFunction((s) => document.querySelector('[data-testid="geo-size"]').textContent === s, second.size.join(' × '));
      closeTo(numbers(await text(page, 'geo-origin')), second.origin, 0.006, 'origin after switching series');
      if ((await bySize[second.size.join('x')].getAttribute('data-selected')) !== '') throw new Error('the switched-to series is not marked selected');
    },
  },
  {
    name: 'files: the files picker with one series and a text file lists the series and names the skipped file',
    async run({ page, baseUrl, catalog, root, outDir }) {
      const c = catalog.cases.at(-1);
      const want = describeDicomFolder(caseDicomDir(root, c))[0];
      const junk = join(outDir, 'e2e-files', 'readme.txt');
      mkdirSync(join(outDir, 'e2e-files'), { recursive: true });
      writeFileSync(junk, JUNK);
      await page.goto(baseUrl);
      await page.locator('[data-testid="open-files-input"]').setInputFiles([...listFiles(caseDicomDir(root, c)), junk]);
      if ((await waitSettled(page)) !== 'ready') throw new Error(`state ${await text(page, 'status')}`);
      closeTo(numbers(await text(page, 'series-size')), want.size, 0, 'series size');
      const skipped = await skippedOf(page);
      if (skipped.length !== 1 || skipped[0].file !== 'readme.txt' || skipped[0].code !== 'NOT_DICOM') throw new Error(`skipped: ${JSON.stringify(skipped)}`);
    },
  },
  {
    name: 'files: a folder with no DICOM image ends in an error that names the files, and the page stays usable',
    async run({ page, baseUrl, catalog, outDir }) {
      const dir = join(outDir, 'e2e-junk', 'junk');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'a.txt'), JUNK);
      writeFileSync(join(dir, 'b.bin'), Buffer.alloc(4096, 7));
      await page.goto(baseUrl);
      await page.locator('[data-testid="open-folder-input"]').setInputFiles(dir);
      if ((await waitSettled(page)) !== 'error') throw new Error(`state ${await text(page, 'status')}, error expected`);
      const banner = await text(page, 'error-banner');
      if (!/no DICOM image/i.test(banner)) throw new Error(`error banner: ${banner}`);
      const files = (await skippedOf(page)).map((s) => s.file).sort();
      if (files.join(',') !== 'junk/a.txt,junk/b.bin') throw new Error(`skipped: ${files}`);
      await page.locator('[data-testid="sample-select"]').selectOption(catalog.cases[0].id);
      await page.locator('[data-testid="open-sample-button"]').click();
      if ((await waitSettled(page)) !== 'ready') throw new Error('a sample did not open after the error');
    },
  },
  {
    name: 'drop: files dropped on the drop zone are opened (and a dropped text file is skipped by name)',
    async run({ page, baseUrl, catalog, root }) {
      const c = catalog.cases[0];
      const want = describeDicomFolder(caseDicomDir(root, c))[0];
      await page.goto(baseUrl);
      await page.locator('[data-testid="drop-zone"]').evaluate(async (zone, { urls, junk }) => {
        const dt = new DataTransfer();
        for (const u of urls) dt.items.add(new File([await (await fetch(u)).blob()], u.slice(u.lastIndexOf('/') + 1)));
        dt.items.add(new File([junk], 'dropped-notes.txt', { type: 'text/plain' }));
        zone.dispatchEvent(new DragEvent('dragenter', { dataTransfer: dt, bubbles: true, cancelable: true }));
        zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
      }, { urls: c.files.map((f) => new URL(f, baseUrl).href), junk: JUNK });
      if ((await waitSettled(page)) !== 'ready') throw new Error(`state ${await text(page, 'status')}`);
      closeTo(numbers(await text(page, 'geo-size')), want.size, 0, 'size of the dropped series');
      const skipped = await skippedOf(page);
      if (skipped.length !== 1 || skipped[0].file !== 'dropped-notes.txt') throw new Error(`skipped: ${JSON.stringify(skipped)}`);
    },
  },
];
