#!/usr/bin/env node
/**
 * End-to-end tests of the Jumeau page in headless Chromium (playwright-core, Debian's /usr/bin/chromium).
 *
 * Starts Vite's dev server on 127.0.0.1 (random free port), opens a fresh browser profile, runs every
 * test of test/e2e/*.e2e.mjs in file order (each gets a fresh page), records every request the
 * pages and their workers make, and ends with the line `N passed, N failed`. Exit code 1 on any failure.
 *
 *   node scripts/e2e.mjs [--filter TEXT] [--headed]
 *
 * Environment: JUMEAU_CHROMIUM (browser path, default /usr/bin/chromium).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const chromiumPath = process.env.JUMEAU_CHROMIUM || '/usr/bin/chromium';
const args = process.argv.slice(2);
const filter = args.includes('--filter') ? args[args.indexOf('--filter') + 1] : null;

let passed = 0;
let failed = 0;
let skipped = 0;
// A failure outside a test (server, browser) still ends with the closing line.
const crash = (e) => {
  console.error(`e2e runner failed: ${e?.stack ?? e}`);
  console.log(`${passed} passed, ${failed + 1} failed`);
  process.exit(1);
};
process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);

if (!existsSync(chromiumPath)) {
  console.log('apt-get install -y chromium');
  process.exit(1);
}

const samplesDir = join(root, 'dicom-samples');
const hasSamples = () => existsSync(join(samplesDir, 'index.json'))
  || (existsSync(samplesDir) && readdirSync(samplesDir).some((n) => existsSync(join(samplesDir, n, 'dicom'))));
if (!hasSamples()) {
  console.log('dicom-samples/ holds no generated case: running `npm run samples`…');
  const r = spawnSync('npm', ['run', '--silent', 'samples'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0 || !hasSamples()) {
    console.error('could not generate the sample cases (npm run samples); the end-to-end tests need them');
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
}

const { createServer } = await import('vite');
const { chromium } = await import('playwright-core');

const outDir = join(root, 'test-output');
mkdirSync(outDir, { recursive: true });

const server = await createServer({
  configFile: join(root, 'vite.config.ts'),
  server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: true },
  logLevel: 'warn',
  clearScreen: false,
});
await server.listen();
const baseUrl = server.resolvedUrls.local[0];
const origin = new URL(baseUrl).origin;

const profile = mkdtempSync(join(tmpdir(), 'jumeau-e2e-profile-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: chromiumPath,
  headless: !args.includes('--headed'),
  args: [...(args.includes('--headed') ? [] : ['--headless']), '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: { width: 1440, height: 900 },
});
for (const p of context.pages()) await p.close();

/** Every request of every page and worker of the run: { url, test }. */
const requests = [];
let currentTest = '(setup)';
context.on('request', (r) => requests.push({ url: r.url(), test: currentTest }));

const catalog = await (await fetch(new URL('sample-catalog.json', baseUrl))).json();

const testFiles = readdirSync(join(root, 'test/e2e')).filter((f) => f.endsWith('.e2e.mjs')).sort();
const tests = [];
for (const f of testFiles) {
  const mod = await import(pathToFileURL(join(root, 'test/e2e', f)).href);
  for (const t of mod.default ?? []) tests.push({ ...t, file: f });
}
tests.sort((a, b) => (a.last ? 1 : 0) - (b.last ? 1 : 0));

for (const t of tests) {
  if (filter && !t.name.includes(filter) && !t.last) continue;
  currentTest = t.name;
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') pageErrors.push(`console: ${m.text()}`); });
  const t0 = Date.now();
  try {
    await t.run({ page, context, baseUrl, origin, root, outDir, catalog, requests, server, filter });
    if (pageErrors.length && !t.allowPageErrors) throw new Error(`page errors: ${pageErrors.join(' | ')}`);
    passed++;
    console.log(`  ✓ ${t.name} (${Date.now() - t0} ms)`);
  } catch (e) {
    if (e?.constructor?.name === 'Skip') {
      skipped++;
      console.log(`  - ${t.name}: SKIPPED: ${e.message}`);
    } else {
      failed++;
      console.log(`  ✗ ${t.name} (${Date.now() - t0} ms)\n      ${String(e?.stack ?? e).split('\n').slice(0, 6).join('\n      ')}`);
      await page.screenshot({ path: join(outDir, `failed-${t.name.replace(/[^a-z0-9]+/gi, '-')}.png`) }).catch(() => undefined);
    }
  } finally {
    await page.close().catch(() => undefined);
  }
}

await context.close();
await server.close();
rmSync(profile, { recursive: true, force: true });
if (skipped) console.log(`(${skipped} skipped)`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
