/**
 * (q) A case as a file: on the hip sample, a built and edited twin (an erased disk, a new colour) is
 * saved as a `.jumeau` file; with this browser's store emptied, a reload finds no twin; opening the file
 * brings the same twin back (edited volume, colour, plan), and a reload then restores it from the store.
 * Dropped onto the knee sample, the same file is refused with BAD_CASE_FILE naming the file and both
 * grids, and nothing shown changes.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { caseJson, clearCaseStore, setSlice, text, waitSettled } from './lib.mjs';

const rowOf = (page, name) => page.locator(`[data-testid="segment-row"][data-name="${name}"]`);
const rowsOf = (page) => page.locator('[data-testid="segment-row"]').evaluateAll((els) => els.map((e) => `${e.dataset.name}:${e.dataset.volumeMl}:${e.dataset.triangles}`).join(', '));

export default [
  {
    name: 'case file: save an edited hip twin as .jumeau, reopen it with an empty store, refuse it on other voxels',
    async run({ page, baseUrl, root }) {
      await page.goto(`${baseUrl}?sample=hip`);
      if ((await waitSettled(page)) !== 'ready') throw new Error(`opening the hip sample: ${await text(page, 'status')}`);
      await clearCaseStore(page);
      await page.goto(`${baseUrl}?sample=hip`);
      if ((await waitSettled(page)) !== 'ready') throw new Error(`reopening the hip sample: ${await text(page, 'status')}`);
      if (await page.locator('[data-testid="twin-open-case"]').isDisabled()) throw new Error('"Open case file…" is disabled with a series loaded');
      await page.locator('[data-testid="twin-build-button"]').click();
      if ((await waitSettled(page, 120_000)) !== 'ready') throw new Error(`twin build: ${await text(page, 'status')}`);

      // Edit: erase a 10 mm disk in the left femoral head; recolour the sacrum.
      const g = caseJson(root, { id: 'hip' }).geometry;
      const head = caseJson(root, { id: 'hip' }).landmarksLps.femoralHeadCentreLeft;
      await setSlice(page, Math.round((head[2] - g.originLps[2]) / g.spacingMm[2]));
      const built = Number(await rowOf(page, 'femur left').getAttribute('data-volume-ml'));
      await page.locator('[data-testid="edit-segment"]').selectOption({ label: 'femur left' });
      await page.locator('[data-testid="edit-erase"]').click();
      await page.locator('[data-testid="edit-radius"]').fill('10');
      await page.locator('[data-testid="edit-radius"]').dispatchEvent('change');
      const box = await page.locator('[data-testid="viewer-canvas"]').boundingBox();
      const i = Math.round((head[0] - g.originLps[0]) / g.spacingMm[0]);
      const j = Math.round((head[1] - g.originLps[1]) / g.spacingMm[1]);
      await page.mouse.click(box.x + ((i + 0.5) / g.size[0]) * box.width, box.y + ((j + 0.5) / g.size[1]) * box.height);
      await page.waitForFunction(() => document.querySelector('[data-testid="edit-tools"]').dataset.remeshing === '0', null, { timeout: 30_000 });
      await page.locator('[data-testid="edit-erase"]').click(); // disarm
      const edited = Number(await rowOf(page, 'femur left').getAttribute('data-volume-ml'));
      if (!(built - edited > 0.5)) throw new Error(`the erase did not change the volume: ${built} → ${edited} mL`);
      await rowOf(page, 'sacrum').locator('[data-testid="segment-colour"]').fill('#12ab34');
      const rows = await rowsOf(page);

      // Save the case file.
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid="twin-save-case"]').click()]);
      const name = download.suggestedFilename();
      if (!/^jumeau-hip-[0-9a-f]{8}-\d{4}-\d\d-\d\d\.jumeau$/.test(name)) throw new Error(`case file named ${name}`);
      const bytes = readFileSync(await download.path());
      const raw = gunzipSync(bytes);
      if (raw.subarray(0, 12).toString('latin1') !== 'JUMEAU-CASE\n') throw new Error('the case file has no JUMEAU-CASE signature');
      const header = JSON.parse(raw.subarray(16, 16 + raw.readUInt32LE(12)).toString('utf8'));
      if (header.format !== 'jumeau.case/1' || header.source.size.join('×') !== g.size.join('×')) throw new Error(`header: ${header.format} ${header.source.size}`);
      if (!header.content.twin.plan?.implants?.some((x) => x.role === 'cup')) throw new Error('the case file holds no hip plan with a cup');
      if (/patientName|PatientName|patientId|birth/i.test(JSON.stringify(header))) throw new Error('the case header carries patient identity');
      console.log(`      ${name}: ${(bytes.length / 1e6).toFixed(2)} MB (${(raw.length / 1e6).toFixed(2)} MB uncompressed)`);

      // An empty store: the reload finds no twin; the file brings it back.
      await clearCaseStore(page);
      await page.goto(`${baseUrl}?sample=hip`);
      if ((await waitSettled(page)) !== 'ready') throw new Error(`reloading: ${await text(page, 'status')}`);
      await page.waitForTimeout(500);
      if ((await page.locator('[data-testid="twin-panel"]').getAttribute('data-state')) !== 'none') throw new Error('a twin came back although the store was emptied');
      await page.locator('[data-testid="twin-open-case-input"]').setInputFiles({ name, mimeType: 'application/octet-stream', buffer: bytes });
      await page.waitForFunction(() => document.querySelector('[data-testid="twin-panel"]').dataset.state === 'built', null, { timeout: 20_000 });
      if (!new RegExp(`^Case opened from ${name.replace(/\./g, '\\.')}: hip, 5 segments`).test(await text(page, 'status'))) throw new Error(`status: ${await text(page, 'status')}`);
      if ((await rowsOf(page)) !== rows) throw new Error(`opened rows ${await rowsOf(page)} differ from saved ${rows}`);
      if ((await rowOf(page, 'sacrum').locator('[data-testid="segment-colour"]').inputValue()) !== '#12ab34') throw new Error('the sacrum colour was not restored');
      if (!(await page.locator('[data-testid="plan-panel"]').isVisible())) throw new Error('the hip plan panel did not come back with the case');

      // Saved in this browser again: a reload restores it from the store.
      await page.waitForFunction(() => document.querySelector('[data-testid="app"]').dataset.caseSaved === 'true');
      await page.goto(`${baseUrl}?sample=hip`);
      if ((await waitSettled(page)) !== 'ready') throw new Error(`reloading: ${await text(page, 'status')}`);
      await page.waitForFunction(() => document.querySelector('[data-testid="twin-panel"]').dataset.state === 'built', null, { timeout: 20_000 });
      if ((await rowsOf(page)) !== rows) throw new Error(`restored rows ${await rowsOf(page)} differ from saved ${rows}`);

      // Dropped onto another series (the knee sample): refused, naming the file and both grids.
      await page.goto(`${baseUrl}?sample=knee`);
      if ((await waitSettled(page)) !== 'ready') throw new Error(`opening the knee sample: ${await text(page, 'status')}`);
      await page.waitForTimeout(300);
      const before = await page.locator('[data-testid="twin-panel"]').getAttribute('data-state');
      await page.evaluate(([b64, fileName]) => {
        const bin = Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));
        const dt = new DataTransfer();
        dt.items.add(new File([bin], fileName));
        document.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
      }, [bytes.toString('base64'), name]);
      await page.waitForFunction(() => document.querySelector('[data-testid="error-banner"]').dataset.code === 'BAD_CASE_FILE', null, { timeout: 20_000 });
      const banner = await text(page, 'error-banner');
      if (!banner.startsWith(`${name}: the case was made on other voxels (${g.size.join('×')} voxels`) || !/than the loaded series \(\d+×\d+×\d+ voxels/.test(banner)) throw new Error(`banner: ${banner}`);
      if ((await page.locator('[data-testid="twin-panel"]').getAttribute('data-state')) !== before) throw new Error('the refused case changed the twin shown');
      if (!/^Case file not opened — /.test(await text(page, 'status'))) throw new Error(`status: ${await text(page, 'status')}`);
    },
  },
];
