#!/usr/bin/env node
/**
 * Makes the README screenshots: the app on the bundled hip sample with its twin built, the labels
 * overlaid on the slice through both femoral heads and the proposed hip plan (docs/screenshot.png); the
 * three MPR views beside the hip plan panel with its bony ROM (docs/mpr.png); the 3D twin with the planned cup (docs/twin-3d.png). Headless Chromium,
 * local dev server, no network.
 *
 *   node scripts/screenshot.mjs [out.png]      (default docs/screenshot.png; the others beside it)
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = process.argv[2] ?? join(root, 'docs', 'screenshot.png');
const { createServer } = await import('vite');
const { chromium } = await import('playwright-core');
const server = await createServer({ configFile: join(root, 'vite.config.ts'), server: { host: '127.0.0.1', port: 0 }, logLevel: 'warn' });
await server.listen();
const browser = await chromium.launch({ executablePath: process.env.JUMEAU_CHROMIUM || '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 860 } });
  const settled = () => page.waitForFunction(() => ['ready', 'error', 'cancelled'].includes(document.querySelector('[data-testid="app"]').dataset.state), null, { timeout: 120_000 });
  await page.goto(`${server.resolvedUrls.local[0]}?sample=hip`);
  await settled();
  await page.locator('[data-testid="twin-build-button"]').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="twin-panel"]').dataset.state === 'built', null, { timeout: 120_000 });
  // Slice through the femoral heads (z = 0 mm; the hip phantom starts at z = −110 mm, 2 mm slices).
  await page.locator('[data-testid="slice-slider"]').evaluate((el) => { el.value = '55'; el.dispatchEvent(new Event('input', { bubbles: true })); });
  await page.locator('[data-testid="wl-preset-bone"]').click().catch(() => undefined);
  await page.waitForTimeout(300);
  await page.screenshot({ path: out });
  console.log(`wrote ${out}`);
  await page.locator('[data-testid="plan-bone-rom"]').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="bone-rom-row"]').length === 6, null, { timeout: 60_000 });
  await page.locator('[data-testid="plan-panel"]').scrollIntoViewIfNeeded();
  await page.locator('[data-testid="view-mpr-button"]').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="mpr"]').dataset.ready === 'true', null, { timeout: 60_000 });
  await page.waitForTimeout(1500);
  const outMpr = join(dirname(out), 'mpr.png');
  await page.screenshot({ path: outMpr });
  console.log(`wrote ${outMpr}`);
  await page.locator('[data-testid="view-3d-button"]').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="view3d-label-right"]').textContent === 'L', null, { timeout: 60_000 });
  await page.waitForTimeout(1500);
  const out3d = join(dirname(out), 'twin-3d.png');
  await page.screenshot({ path: out3d });
  console.log(`wrote ${out3d}`);
} finally {
  await browser.close();
  await server.close();
}
