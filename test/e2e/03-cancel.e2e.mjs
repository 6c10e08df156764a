/**
 * (d) Cancel: the sample files are slowed down (each response held 120 ms), Cancel is pressed while
 * they are being read; the UI reports the cancellation, the worker stops requesting files, and the page
 * then opens a sample normally.
 */
import { caseDicomDir, closeTo, describeDicomFolder, numbers, text, waitSettled } from './lib.mjs';

export default [
  {
    name: 'cancel: Cancel during a load stops the worker, says so, and the page stays usable',
    async run({ page, context, baseUrl, catalog, root, requests }) {
      const c = catalog.cases.reduce((x, y) => (y.files.length > x.files.length ? y : x));
      const want = describeDicomFolder(caseDicomDir(root, c))[0];
      const startAt = requests.length;
      const slow = async (route) => {
        await new Promise((r) => setTimeout(r, 120));
        await route.continue().catch(() => undefined);
      };
      await context.route('**/dicom-samples/**', slow);
      try {
        await page.goto(baseUrl);
        await page.locator('[data-testid="sample-select"]').selectOption(c.id);
        await page.locator('[data-testid="open-sample-button"]').click();
        await page.waitForFunction(() => {
          const p = document.querySelector('[data-testid="progress"]');
          return !p.hidden && p.dataset.stage === 'fetch' && /Reading sample files [1-9]/.test(p.textContent);
        }, null, { timeout: 20_000 });
        if ((await page.getAttribute('[data-testid="app"]', 'data-state')) !== 'busy') throw new Error('the app is not busy while loading');
        await page.locator('[data-testid="cancel-button"]').click();
        const clickedAt = requests.length;
        if ((await waitSettled(page, 10_000)) !== 'cancelled') throw new Error(`state after Cancel: ${await text(page, 'status')}`);
        if (!/cancel/i.test(await text(page, 'status'))) throw new Error(`status does not report the cancellation: ${await text(page, 'status')}`);
        if (!(await page.locator('[data-testid="progress"]').isHidden())) throw new Error('the progress bar is still shown');
        if (await page.locator('[data-testid="series-item"]').count()) throw new Error('series are listed after a cancelled open');
        if ((await page.getAttribute('[data-testid="viewer"]', 'data-has-volume')) !== 'false') throw new Error('a volume is shown after a cancelled open');
        // The worker must stop: at most the fetches already in flight (6) may start after the click.
        await page.waitForTimeout(800);
        const after = requests.slice(clickedAt).filter((r) => r.url.includes('/dicom-samples/')).length;
        if (after > 6) throw new Error(`${after} sample files were still requested after Cancel`);
        const total = requests.slice(startAt).filter((r) => r.url.includes(`/dicom-samples/${c.id}/`)).length;
        if (total >= c.files.length) throw new Error('every file was fetched: the cancel came too late to test anything');
      } finally {
        await context.unroute('**/dicom-samples/**', slow);
      }
      // Still usable: the same sample now opens completely.
      await page.locator('[data-testid="open-sample-button"]').click();
      if ((await waitSettled(page)) !== 'ready') throw new Error(`reopening after cancel: ${await text(page, 'status')}`);
      closeTo(numbers(await text(page, 'geo-size')), want.size, 0, 'size after reopening');
    },
  },
];
