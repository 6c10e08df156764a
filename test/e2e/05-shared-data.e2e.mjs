/**
 * Real data (optional): the JPEG 2000 abdominal CT of ../shared/data, when present on this machine.
 * Skipped, with the reason, on a user's clone where the shared data does not exist.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Skip, closeTo, greyStats, numbers, readCanvas, text, waitSettled } from './lib.mjs';

export default [
  {
    name: 'shared data: a real JPEG 2000 CT series (512×512×20) opens in the browser',
    async run({ page, baseUrl, root }) {
      const shared = process.env.JUMEAU_SHARED_DATA ?? join(root, '..', 'shared', 'data');
      const dir = join(shared, 'ts-abdomen-ct-dicom', 'dicom');
      if (!existsSync(dir)) throw new Skip(`${dir} is absent (shared development data; not part of the repository)`);
      await page.goto(baseUrl);
      await page.locator('[data-testid="open-folder-input"]').setInputFiles(dir);
      if ((await waitSettled(page)) !== 'ready') throw new Error(`${await text(page, 'status')} ${await text(page, 'error-banner')}`);
      closeTo(numbers(await text(page, 'series-size')), [512, 512, 20], 0, 'size');
      closeTo(numbers(await text(page, 'geo-spacing')), [0.977, 0.977, 2], 0.0006, 'spacing');
      if (!/JPEG 2000/.test(await text(page, 'series-ts'))) throw new Error(`transfer syntax ${await text(page, 'series-ts')}`);
      const stats = greyStats((await readCanvas(page)).grey);
      if (stats.distinct < 64) throw new Error(`only ${stats.distinct} grey levels on the canvas`);
      const labels = await Promise.all(['left', 'right', 'top', 'bottom'].map((s) => text(page, `label-${s}`)));
      if (labels.join('') !== 'RLAP') throw new Error(`labels ${labels}`);
    },
  },
];
