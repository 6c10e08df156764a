#!/usr/bin/env node
/**
 * `npm start`: serves the Jumeau app with Vite's dev server on http://127.0.0.1:5173 (or the next free
 * port) and prints the address that opens straight on the first bundled sample. Generates the samples
 * first (`npm run samples`) when dicom-samples/ holds none. Local only: it listens on 127.0.0.1.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

// A fresh clone: install the npm packages first (same lockfile as CI).
if (!existsSync(join(root, 'node_modules', 'vite'))) {
  console.log('Installing npm packages (npm ci)…');
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const { createServer } = await import('vite');
const samplesDir = join(root, 'dicom-samples');

function hasSamples() {
  if (existsSync(join(samplesDir, 'index.json'))) return true;
  return existsSync(samplesDir) && readdirSync(samplesDir).some((n) => existsSync(join(samplesDir, n, 'dicom')));
}

if (!hasSamples()) {
  console.log('No generated sample cases in dicom-samples/: running `npm run samples` first…');
  const r = spawnSync('npm', ['run', '--silent', 'samples'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error('Generating the samples failed; the app still starts, but without bundled samples.');
  }
}

const server = await createServer({
  configFile: join(root, 'vite.config.ts'),
  server: { host: '127.0.0.1', port: Number(process.env.PORT) || 5173, strictPort: false },
});
await server.listen();
const base = server.resolvedUrls?.local[0] ?? `http://127.0.0.1:${server.config.server.port}/`;

let first = null;
try {
  const res = await fetch(new URL('sample-catalog.json', base));
  const catalog = await res.json();
  first = catalog.cases?.[0]?.id ?? null;
} catch {
  // The catalog is optional; the page works without it.
}

console.log('');
console.log('  Jumeau is running (local only; no data leaves this machine).');
console.log(`  App:           ${base}`);
if (first) console.log(`  Open a sample: ${base}?sample=${encodeURIComponent(first)}`);
console.log('  Press Ctrl+C to stop.');
console.log('');

const stop = async () => {
  await server.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
