/**
 * (j) The workstation while it works and after: no main-thread task over the budget during a twin
 * build (long-task observer; the longest is printed); editing a segment on the slices with the brush
 * changes its listed volume by the exact voxels and its 3D mesh within seconds; undo/redo; a colour
 * change reaches the slice overlay; the edited twin comes back after a reload; the 3D anterior view
 * matches a small, tolerant baseline picture.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { caseJson, setSlice, text, waitSettled } from './lib.mjs';

/** Longest main-thread task allowed during a build (ms). The issue asks for ~100 ms; SwiftShader and 2 shared cores add margin. */
const LONG_TASK_BUDGET_MS = 200;
/** Mean absolute grey difference (0–255) allowed against the 3D baseline, on a 48×30 thumbnail. */
const BASELINE_TOLERANCE = 12;

const rowOf = (page, name) => page.locator(`[data-testid="segment-row"][data-name="${name}"]`);
const volumeOf = async (page, name) => Number(await rowOf(page, name).getAttribute('data-volume-ml'));

/** Grey thumbnail (w×h, mean of each cell) of the 3D canvas. */
async function thumbnail3d(page, w, h) {
  return page.evaluate(([tw, th]) => {
    const gl = document.querySelector('[data-testid="view3d-canvas"]');
    const c = document.createElement('canvas');
    c.width = tw;
    c.height = th;
    const ctx = c.getContext('2d');
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(gl, 0, 0, tw, th);
    const d = ctx.getImageData(0, 0, tw, th).data;
    const out = [];
    for (let p = 0; p < d.length; p += 4) out.push(Math.round(0.299 * d[p] + 0.587 * d[p + 1] + 0.114 * d[p + 2]));
    return out;
  }, [w, h]);
}

export default [
  {
    name: 'workstation: no long main-thread task during a build; brush edit changes volume and mesh, undo/redo, colour, reload; 3D baseline',
    async run({ page, baseUrl, root, outDir }) {
      await page.addInitScript(() => {
        window.__longTasks = [];
        new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, ms: e.duration }); }).observe({ type: 'longtask', buffered: true });
      });
      await page.goto(`${baseUrl}?sample=hip`);
      if ((await waitSettled(page)) !== 'ready') throw new Error(`opening the hip sample: ${await text(page, 'status')}`);
      const c = { id: 'hip' };
      const truth = caseJson(root, c);
      const g = truth.geometry;
      await page.waitForTimeout(300);
      // The observer works here: a deliberate 150 ms task is seen.
      const probe = await page.evaluate(async () => {
        const t = performance.now();
        await new Promise((r) => setTimeout(() => { const s = performance.now(); while (performance.now() - s < 150); r(); }, 0));
        await new Promise((r) => setTimeout(r, 300));
        return window.__longTasks.filter((x) => x.start >= t - 1).map((x) => x.ms);
      });
      if (!probe.some((ms) => ms >= 140)) throw new Error(`the long-task observer did not see a 150 ms task (${probe}; supported: ${await page.evaluate(() => PerformanceObserver.supportedEntryTypes.join(','))})`);
      const t0 = await page.evaluate(() => performance.now());
      await page.locator('[data-testid="twin-build-button"]').click();
      if ((await waitSettled(page, 120_000)) !== 'ready') throw new Error(`twin build: ${await text(page, 'status')}`);
      await page.waitForTimeout(300);
      const tasks = await page.evaluate((from) => window.__longTasks.filter((t) => t.start >= from), t0);
      const longest = Math.max(0, ...tasks.map((t) => t.ms));
      console.log(`      long tasks during the build: ${tasks.length}, longest ${longest.toFixed(0)} ms (${tasks.map((t) => t.ms.toFixed(0)).join(', ') || 'none'})`);
      if (longest > LONG_TASK_BUDGET_MS) throw new Error(`a main-thread task took ${longest.toFixed(0)} ms during the build (budget ${LONG_TASK_BUDGET_MS} ms)`);

      // Erase a 10 mm disk from the left femoral head on the slice through its centre.
      const head = truth.landmarksLps.femoralHeadCentreLeft;
      const k = Math.round((head[2] - g.originLps[2]) / g.spacingMm[2]);
      await setSlice(page, k);
      const before = await volumeOf(page, 'femur left');
      const trianglesBefore = await rowOf(page, 'femur left').getAttribute('data-triangles');
      await page.locator('[data-testid="edit-segment"]').selectOption({ label: 'femur left' });
      await page.locator('[data-testid="edit-erase"]').click();
      await page.locator('[data-testid="edit-radius"]').fill('0');
      await page.locator('[data-testid="edit-radius"]').dispatchEvent('change');
      if (!/^Brush radius \(mm\): must be a number from 0.5 to 50/.test(await text(page, 'edit-status'))) throw new Error(`bad radius: "${await text(page, 'edit-status')}"`);
      await page.locator('[data-testid="edit-radius"]').fill('10');
      await page.locator('[data-testid="edit-radius"]').dispatchEvent('change');
      const box = await page.locator('[data-testid="viewer-canvas"]').boundingBox();
      const at = (p) => [box.x + ((Math.round((p[0] - g.originLps[0]) / g.spacingMm[0]) + 0.5) / g.size[0]) * box.width, box.y + ((Math.round((p[1] - g.originLps[1]) / g.spacingMm[1]) + 0.5) / g.size[1]) * box.height];
      const [x, y] = at(head);
      await page.mouse.move(x, y);
      const tEdit = Date.now();
      await page.mouse.down();
      await page.mouse.up();
      // Exactly the disk: radius 10 mm on this grid, all inside the head (radius > 20 mm).
      const r = 10;
      let disk = 0;
      for (let dj = -20; dj <= 20; dj++) for (let di = -20; di <= 20; di++) if ((di * g.spacingMm[0]) ** 2 + (dj * g.spacingMm[1]) ** 2 <= r * r) disk++;
      const voxelMl = (g.spacingMm[0] * g.spacingMm[1] * g.spacingMm[2]) / 1000;
      const after = await volumeOf(page, 'femur left');
      if (Math.abs(before - after - disk * voxelMl) > 0.002) throw new Error(`erase: ${before} → ${after} mL, expected −${(disk * voxelMl).toFixed(3)} mL (${disk} voxels)`);
      await page.waitForFunction(() => document.querySelector('[data-testid="edit-tools"]').dataset.remeshing === '0', null, { timeout: 30_000 });
      const remeshS = (Date.now() - tEdit) / 1000;
      const status = await text(page, 'edit-status');
      console.log(`      erase ${disk} voxels: volume ${before} → ${after} mL; mesh back in ${remeshS.toFixed(2)} s (worker: ${status.match(/mesh updated in ([\d.]+) s/)?.[1]} s)`);
      if (!/mesh updated in/.test(status)) throw new Error(`edit status: ${status}`);
      if ((await rowOf(page, 'femur left').getAttribute('data-triangles')) === trianglesBefore) throw new Error('the femur-left mesh did not change after the edit');
      if ((await rowOf(page, 'femur left').getAttribute('data-closed')) !== 'true') throw new Error('the edited mesh is not closed');
      // The slice overlay no longer colours the erased head centre.
      const px = await page.evaluate(([i, j]) => Array.from(document.querySelector('[data-testid="viewer-canvas"]').getContext('2d').getImageData(i, j, 1, 1).data.slice(0, 3)), [Math.round((head[0] - g.originLps[0]) / g.spacingMm[0]), Math.round((head[1] - g.originLps[1]) / g.spacingMm[1])]);
      if (!(px[0] === px[2])) throw new Error(`erased head centre still coloured: ${px}`);

      await page.locator('[data-testid="edit-undo"]').click();
      await page.waitForFunction(() => document.querySelector('[data-testid="edit-tools"]').dataset.remeshing === '0', null, { timeout: 30_000 });
      if ((await volumeOf(page, 'femur left')) !== before) throw new Error(`undo: ${await volumeOf(page, 'femur left')} mL, was ${before}`);
      await page.keyboard.press('Control+Y');
      await page.waitForFunction((v) => Number(document.querySelector('[data-testid="segment-row"][data-name="femur left"]').dataset.volumeMl) === v, after, { timeout: 5000 });
      await page.waitForFunction(() => document.querySelector('[data-testid="edit-tools"]').dataset.remeshing === '0', null, { timeout: 30_000 });

      // Paint a detached blob into the left femur (soft tissue between the heads), then "Largest island" removes it exactly.
      await page.locator('[data-testid="edit-paint"]').click();
      await page.locator('[data-testid="edit-radius"]').fill('4');
      await page.locator('[data-testid="edit-radius"]').dispatchEvent('change');
      const mid = at([0, head[1], head[2]]);
      await page.mouse.click(mid[0], mid[1]);
      await page.waitForFunction(() => document.querySelector('[data-testid="edit-tools"]').dataset.remeshing === '0', null, { timeout: 30_000 });
      const withBlob = await volumeOf(page, 'femur left');
      if (!(withBlob > after)) throw new Error(`painting the blob: ${after} → ${withBlob} mL`);
      await page.locator('[data-testid="edit-keep-largest"]').click();
      await page.waitForFunction(() => /^Done: keep the largest island of femur left/.test(document.querySelector('[data-testid="edit-status"]').textContent), null, { timeout: 30_000 });
      await page.waitForFunction(() => document.querySelector('[data-testid="edit-tools"]').dataset.remeshing === '0', null, { timeout: 30_000 });
      if ((await volumeOf(page, 'femur left')) !== after) throw new Error(`after Largest island: ${await volumeOf(page, 'femur left')} mL, expected ${after}`);
      await page.locator('[data-testid="edit-paint"]').click(); // disarm

      // Scissors: a rectangle around the left femoral head on this slice cuts the femur on every slice inside it; undo restores.
      const beforeCut = await volumeOf(page, 'femur left');
      await page.locator('[data-testid="edit-scissors"]').click();
      const c1 = at([head[0] - 30, head[1] - 30, head[2]]), c2 = at([head[0] + 30, head[1] + 30, head[2]]);
      await page.mouse.move(c1[0], c1[1]);
      await page.mouse.down();
      await page.mouse.move((c1[0] + c2[0]) / 2, (c1[1] + c2[1]) / 2);
      await page.mouse.move(c2[0], c2[1]);
      await page.mouse.up();
      await page.waitForFunction(() => document.querySelector('[data-testid="edit-tools"]').dataset.remeshing === '0', null, { timeout: 30_000 });
      const cut = await volumeOf(page, 'femur left');
      if (!(cut < beforeCut - 20)) throw new Error(`scissors: ${beforeCut} → ${cut} mL`);
      if (!/scissors on femur left/.test(await text(page, 'edit-status'))) throw new Error(`scissors status: ${await text(page, 'edit-status')}`);
      await page.locator('[data-testid="edit-undo"]').click();
      await page.waitForFunction(() => document.querySelector('[data-testid="edit-tools"]').dataset.remeshing === '0', null, { timeout: 30_000 });
      if ((await volumeOf(page, 'femur left')) !== beforeCut) throw new Error(`undo of the scissors: ${await volumeOf(page, 'femur left')} mL, was ${beforeCut}`);
      console.log(`      scissors: femur left ${beforeCut} → ${cut} mL, undone`);
      await page.locator('[data-testid="edit-scissors"]').click(); // disarm

      // A colour chosen for the right femur reaches the slice overlay.
      const saves = Number(await page.getAttribute('[data-testid="app"]', 'data-case-saves'));
      await rowOf(page, 'femur right').locator('[data-testid="segment-colour"]').evaluate((el) => { el.value = '#0000ff'; el.dispatchEvent(new Event('change', { bubbles: true })); });
      const right = truth.landmarksLps.femoralHeadCentreRight;
      const pr = await page.evaluate(([i, j]) => Array.from(document.querySelector('[data-testid="viewer-canvas"]').getContext('2d').getImageData(i, j, 1, 1).data.slice(0, 3)), [Math.round((right[0] - g.originLps[0]) / g.spacingMm[0]), Math.round((right[1] - g.originLps[1]) / g.spacingMm[1])]);
      if (!(pr[2] > 240 && pr[0] < 160)) throw new Error(`right head pixel after the colour change: ${pr}`);

      // The 3D anterior view against the baseline (mean grey difference on a thumbnail).
      const t3d = await page.evaluate(() => performance.now());
      await page.locator('[data-testid="view-3d-button"]').click();
      await page.waitForFunction(() => document.querySelector('[data-testid="view3d-label-right"]').textContent === 'L', null, { timeout: 60_000 });
      await page.waitForTimeout(600);
      const tasks3d = await page.evaluate((from) => window.__longTasks.filter((t) => t.start >= from).map((t) => Math.round(t.ms)), t3d);
      console.log(`      long tasks while the 3D view opens (Babylon on the main thread, reported, not asserted): ${tasks3d.join(', ') || 'none'} ms`);
      const thumb = await thumbnail3d(page, 48, 30);
      const baselineFile = join(root, 'test/e2e/baselines/hip-3d-anterior-edited.json');
      if (!existsSync(baselineFile) || process.env.JUMEAU_UPDATE_BASELINES === '1') {
        mkdirSync(join(root, 'test/e2e/baselines'), { recursive: true });
        writeFileSync(baselineFile, `${JSON.stringify({ size: [48, 30], grey: thumb })}\n`);
        console.log(`      wrote the baseline ${baselineFile}`);
      }
      const base = JSON.parse(readFileSync(baselineFile, 'utf8')).grey;
      const diff = thumb.reduce((acc, v, n) => acc + Math.abs(v - base[n]), 0) / thumb.length;
      writeFileSync(join(outDir, 'hip-3d-anterior-edited.json'), JSON.stringify({ size: [48, 30], grey: thumb }));
      console.log(`      3D anterior view vs baseline: mean |Δgrey| ${diff.toFixed(2)} (tolerance ${BASELINE_TOLERANCE})`);
      if (diff > BASELINE_TOLERANCE) throw new Error(`3D view differs from the baseline: mean |Δgrey| ${diff.toFixed(2)} > ${BASELINE_TOLERANCE} (see test-output/hip-3d-anterior-edited.json)`);
      // Screenshot button: a PNG of the 3D canvas' size.
      const [shot] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid="view3d-screenshot"]').click()]);
      const png = readFileSync(await shot.path());
      const cw = await page.locator('[data-testid="view3d-canvas"]').evaluate((c) => c.width);
      if (png.toString('latin1', 1, 4) !== 'PNG' || png.readUInt32BE(16) !== cw) throw new Error(`screenshot: not a ${cw}-pixel-wide PNG`);
      // OBJ export: one object per segment, one face per listed triangle (the edited femur included).
      const downloads = [];
      page.on('download', (d) => downloads.push(d));
      await page.locator('[data-testid="twin-download-obj"]').click();
      for (let n = 0; n < 50 && downloads.length < 2; n++) await page.waitForTimeout(100);
      const obj = readFileSync(await downloads.find((d) => d.suggestedFilename() === 'twin.obj').path(), 'utf8');
      const objects = obj.split('\n').filter((l) => l.startsWith('o ')).length;
      const faces = obj.split('\n').filter((l) => l.startsWith('f ')).length;
      const listed = await page.locator('[data-testid="segment-row"]').evaluateAll((els) => els.reduce((a, e) => a + Number(e.dataset.triangles), 0));
      if (objects !== 5 || faces !== listed) throw new Error(`twin.obj: ${objects} objects, ${faces} faces; the panel lists 5 segments, ${listed} triangles`);
      if (!downloads.some((d) => d.suggestedFilename() === 'twin.mtl')) throw new Error('twin.mtl was not offered');
      // Chosen segments: a segment hidden in 3D is left out of twin.glb.
      await page.locator('[data-testid="segment-row"][data-name="sacrum"] [data-testid="segment-visible"]').uncheck();
      const [glbDl] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid="twin-download-glb"]').click()]);
      const glb = readFileSync(await glbDl.path());
      const gltf = JSON.parse(glb.toString('utf8', 20, 20 + glb.readUInt32LE(12)));
      const names = gltf.nodes.map((n) => n.name).join(', ');
      if (gltf.nodes.length !== 4 || /sacrum/.test(names)) throw new Error(`twin.glb with the sacrum hidden holds: ${names}`);
      await page.locator('[data-testid="segment-row"][data-name="sacrum"] [data-testid="segment-visible"]').check();
      await page.locator('[data-testid="view-2d-button"]').click();

      // Nothing is lost on a reload: the edited volume and colour come back.
      await page.waitForFunction((n) => Number(document.querySelector('[data-testid="app"]').dataset.caseSaves) > n, saves, { timeout: 10_000 });
      await page.goto(`${baseUrl}?sample=hip`);
      if ((await waitSettled(page)) !== 'ready') throw new Error(`reopening: ${await text(page, 'status')}`);
      await page.waitForFunction(() => document.querySelector('[data-testid="twin-panel"]').dataset.state === 'built', null, { timeout: 20_000 });
      if ((await volumeOf(page, 'femur left')) !== after) throw new Error(`after reload femur left ${await volumeOf(page, 'femur left')} mL, edited ${after}`);
      if ((await rowOf(page, 'femur right').locator('[data-testid="segment-colour"]').inputValue()) !== '#0000ff') throw new Error('the colour was not kept');
    },
  },
];
