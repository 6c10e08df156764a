/**
 * A series with one slice removed: the app refuses to stack it (naming the neighbouring files) and
 * offers to load it with the gap interpolated; only when the user asks does it load, and then the
 * interpolated slice is the mean of its neighbours and the warnings say so.
 */
import { rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { caseDicomDir, closeTo, compareSlice, copyInto, describeDicomFolder, numbers, readCanvas, setSlice, text, waitSettled } from './lib.mjs';

export default [
  {
    name: 'gaps: a removed slice is refused with its neighbours named; "load anyway" interpolates it, with warnings',
    async run({ page, baseUrl, catalog, root, outDir }) {
      const c = catalog.cases[0];
      const want = describeDicomFolder(caseDicomDir(root, c))[0];
      const gapK = Math.floor(want.size[2] / 2);
      const dir = join(outDir, 'e2e-gap', c.id);
      rmSync(join(outDir, 'e2e-gap'), { recursive: true, force: true });
      copyInto(dir, want.files.filter((_, k) => k !== gapK));

      await page.goto(baseUrl);
      await page.locator('[data-testid="open-folder-input"]').setInputFiles(dir);
      if ((await waitSettled(page)) !== 'error') throw new Error(`a gapped series must not load by itself (state ${await text(page, 'status')})`);
      const err = page.locator('[data-testid="series-error"]');
      if ((await err.getAttribute('data-code')) !== 'SERIES_INCONSISTENT') throw new Error(`series error code ${await err.getAttribute('data-code')}`);
      const msg = await err.innerText();
      for (const k of [gapK - 1, gapK + 1]) {
        if (!msg.includes(basename(want.files[k]))) throw new Error(`the error does not name neighbour ${basename(want.files[k])}: ${msg}`);
      }
      if (await page.locator('[data-testid="series-load"]').count()) throw new Error('a plain "Show" button is offered for a series with a gap');

      await page.locator('[data-testid="series-load-allow-gaps"]').click();
      if ((await waitSettled(page)) !== 'ready') throw new Error(`loading with gaps allowed: ${await text(page, 'status')}`);
      closeTo(numbers(await text(page, 'geo-size')), want.size, 0, 'the regular grid keeps every slice position');
      const codes = await page.locator('[data-testid="series-warning"]').evaluateAll((els) => els.map((e) => e.dataset.code));
      for (const code of ['missing-slices', 'interpolated-slices']) if (!codes.includes(code)) throw new Error(`warning ${code} not shown (have ${codes.join(', ')})`);
      // The interpolated slice shows the mean of its two neighbours (HU rounded, as the Int16 volume stores it).
      await setSlice(page, gapK);
      const a = want.slice(gapK - 1);
      const b = want.slice(gapK + 1);
      const cmp = compareSlice(await readCanvas(page), a.map((v, n) => Math.round((v + b[n]) / 2)));
      if (cmp.bad) throw new Error(`interpolated slice ${gapK}: ${cmp.bad} pixels differ, first ${JSON.stringify(cmp.first)}`);
      // Neighbours are the real slices.
      await setSlice(page, gapK + 1);
      const cmp2 = compareSlice(await readCanvas(page), b);
      if (cmp2.bad) throw new Error(`slice ${gapK + 1}: ${cmp2.bad} pixels differ`);
    },
  },
];
