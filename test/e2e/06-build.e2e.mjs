/**
 * The production build: `vite build` into test-output/dist-e2e, served by `vite preview` on 127.0.0.1;
 * a bundled sample opens from the built files, a JPEG 2000 series decodes with the wasm emitted by
 * the build (not the dev server's node_modules), and a NIfTI file is read by the itk-wasm pipeline the
 * build emitted under itk/image-io/.
 */
import { join } from 'node:path';
import { caseDicomDir, closeTo, describeDicomFolder, numbers, text, waitSettled } from './lib.mjs';
import { checkCodecFolder, writeCodecFolder } from './04-codecs.e2e.mjs';
import { checkShown, writeImageFixtures } from './07-nifti.e2e.mjs';

export default [
  {
    name: 'build: the production build opens a sample, decodes JPEG 2000 and reads NIfTI in its worker',
    async run(ctx) {
      const { page, root, outDir, catalog } = ctx;
      const { build, preview } = await import('vite');
      const dist = join(outDir, 'dist-e2e');
      await build({ configFile: join(root, 'vite.config.ts'), logLevel: 'silent', build: { outDir: dist, emptyOutDir: true } });
      const server = await preview({ configFile: join(root, 'vite.config.ts'), logLevel: 'silent', build: { outDir: dist }, preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false } });
      try {
        const base = server.resolvedUrls.local[0];
        const c = catalog.cases[0];
        const want = describeDicomFolder(caseDicomDir(root, c))[0];
        await page.goto(`${base}?sample=${c.id}`);
        if ((await waitSettled(page)) !== 'ready') throw new Error(`${await text(page, 'status')} ${await text(page, 'error-banner')}`);
        closeTo(numbers(await text(page, 'geo-size')), want.size, 0, 'size from the built app');
        const scripts = await page.evaluate(() => [...document.scripts].map((s) => s.src));
        if (!scripts.some((s) => s.includes('/assets/'))) throw new Error(`not the built page: scripts ${scripts}`);
        await checkCodecFolder(page, base, await writeCodecFolder(ctx, ['j2k'], 'build'));
        const images = await writeImageFixtures(ctx);
        await page.goto(base);
        await page.locator('[data-testid="open-files-input"]').setInputFiles(join(images.dir, 'las.nii.gz'));
        if ((await waitSettled(page)) !== 'ready') throw new Error(`NIfTI in the built app: ${await text(page, 'status')} ${await text(page, 'error-banner')}`);
        await checkShown(page, images.nifti, 'LAS', 'NIfTI in the built app');
        const itk = ctx.requests.map((r) => r.url).filter((u) => u.startsWith(`${new URL(base).origin}/itk/image-io/nifti-read-image`));
        if (itk.length < 2) throw new Error(`the built app did not load the NIfTI pipeline from its own itk/image-io/ (${itk.join(', ') || 'no request'})`);
      } finally {
        await server.close();
      }
    },
  },
];
