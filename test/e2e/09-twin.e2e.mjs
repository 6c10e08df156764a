/**
 * (i) The twin in the browser: on the hip sample, "Build twin" runs segmentation and meshing in the twin
 * worker with progress; the five bones are listed with volumes that agree with the phantom's exact
 * labels (case.json) and closed meshes; the label overlay colours the patient's LEFT femoral head
 * (screen right) with the femur-left colour; an STL download has the listed triangle count, in mm, on
 * the patient's left; Cancel stops a build at once; a wrong anatomy gives a clear error and keeps the
 * loaded series.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { caseJson, clickLpsOnSlice, setSlice, text, waitSettled } from './lib.mjs';

/** RGB of the canvas pixel over an LPS point on an axial LPS volume (screen x = i, y = j). */
async function pixelAtLps(page, geometry, p) {
  const i = Math.round((p[0] - geometry.originLps[0]) / geometry.spacingMm[0]);
  const j = Math.round((p[1] - geometry.originLps[1]) / geometry.spacingMm[1]);
  return page.evaluate(([x, y]) => {
    const c = document.querySelector('[data-testid="viewer-canvas"]');
    return Array.from(c.getContext('2d').getImageData(x, y, 1, 1).data.slice(0, 3));
  }, [i, j]);
}

function stlTriangles(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = view.getUint32(80, true);
  if (bytes.length !== 84 + 50 * n) throw new Error(`STL of ${bytes.length} bytes does not hold ${n} triangles`);
  let minX = Infinity, maxX = -Infinity;
  for (let t = 0; t < n; t++) for (let v = 0; v < 3; v++) {
    const x = view.getFloat32(84 + 50 * t + 12 + 12 * v, true);
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
  }
  return { n, minX, maxX };
}

export default [
  {
    name: 'twin: hip sample → five bones with exact-label volumes, closed meshes, overlay on the right side, STL download, cancel, bad anatomy',
    async run({ page, baseUrl, root, catalog }) {
      const c = catalog.cases.find((x) => x.id === 'hip');
      if (!c) throw new Error('no hip sample in the catalog');
      const truth = caseJson(root, c);
      await page.goto(`${baseUrl}?sample=hip`);
      if ((await waitSettled(page)) !== 'ready') throw new Error(`opening the hip sample: ${await text(page, 'status')}`);
      await page.locator('[data-testid="twin-build-button"]').click();
      await page.waitForFunction(() => /Segmenting|Extracting|Smoothing|Decimating|Checking/.test(document.querySelector('[data-testid="progress-label"]').textContent) || document.querySelector('[data-testid="app"]').dataset.state !== 'busy');
      if ((await waitSettled(page, 120_000)) !== 'ready') throw new Error(`twin build: ${await text(page, 'status')} ${await page.locator('[data-testid="error-banner"]').innerText()}`);
      const rows = await page.locator('[data-testid="segment-row"]').evaluateAll((els) => els.map((e) => ({ name: e.dataset.name, volumeMl: Number(e.dataset.volumeMl), triangles: Number(e.dataset.triangles), closed: e.dataset.closed })));
      const names = rows.map((r) => r.name).join(', ');
      if (names !== 'femur left, femur right, hip bone left, hip bone right, sacrum') throw new Error(`segments listed: ${names}`);
      for (const r of rows) {
        const t = truth.segments.find((s) => s.name === r.name);
        const want = t.volumeMm3 / 1000;
        if (Math.abs(r.volumeMl / want - 1) > 0.04) throw new Error(`${r.name}: ${r.volumeMl} mL listed, exact label ${want.toFixed(1)} mL`);
        if (r.closed !== 'true') throw new Error(`${r.name}: mesh not closed`);
        if (!(r.triangles > 1000)) throw new Error(`${r.name}: ${r.triangles} triangles`);
      }
      if (!/^hip — series description "Synthetic hip CT phantom" names hip/.test(await text(page, 'twin-summary'))) throw new Error(`summary: ${await text(page, 'twin-summary')}`);

      // Overlay: at z = 0 both femoral head centres are cancellous bone (white in the soft window).
      const g = truth.geometry;
      await setSlice(page, Math.round((0 - g.originLps[2]) / g.spacingMm[2]));
      const left = await pixelAtLps(page, g, truth.landmarksLps.femoralHeadCentreLeft);
      const right = await pixelAtLps(page, g, truth.landmarksLps.femoralHeadCentreRight);
      // 0.55 · 255 + 0.45 · colour: femur left [255,176,64] → blue ≈ 169; femur right [250,226,110] → blue ≈ 190.
      if (Math.abs(left[2] - 169) > 6 || Math.abs(left[1] - 219) > 6) throw new Error(`left head pixel ${left}: not the femur-left overlay`);
      if (Math.abs(right[2] - 190) > 6 || Math.abs(right[1] - 242) > 6) throw new Error(`right head pixel ${right}: not the femur-right overlay`);
      if (!(left[0] >= 250 && right[0] >= 250)) throw new Error(`head pixels ${left} / ${right}`);
      const iLeft = Math.round((truth.landmarksLps.femoralHeadCentreLeft[0] - g.originLps[0]) / g.spacingMm[0]);
      if (iLeft < g.size[0] / 2) throw new Error('the patient-left head is not on the screen right');
      await page.locator('[data-testid="overlay-toggle"]').uncheck();
      await page.waitForFunction(() => document.querySelector('[data-testid="viewer-canvas"]').dataset.overlayPixels === '0');
      const plain = await pixelAtLps(page, g, truth.landmarksLps.femoralHeadCentreLeft);
      if (!(plain[0] === plain[2] && plain[0] >= 250)) throw new Error(`overlay off: pixel ${plain} is not plain grey`);

      // STL download of the left femur.
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid="segment-row"][data-name="femur left"] [data-testid="segment-stl"]').click()]);
      if (download.suggestedFilename() !== 'femur-left.stl') throw new Error(`download named ${download.suggestedFilename()}`);
      const stl = stlTriangles(readFileSync(await download.path()));
      const femurRow = rows.find((r) => r.name === 'femur left');
      if (stl.n !== femurRow.triangles) throw new Error(`STL has ${stl.n} triangles, the panel lists ${femurRow.triangles}`);
      if (!(stl.minX > 20 && stl.maxX < 140)) throw new Error(`femur left STL x from ${stl.minX} to ${stl.maxX} mm: not on the patient's left (+x)`);

      // 3D twin: anterior view shows the patient's left femur (orange) on the screen right; posterior the reverse.
      await page.locator('[data-testid="view-3d-button"]').click();
      await page.waitForFunction(() => document.querySelector('[data-testid="view3d-label-right"]').textContent === 'L', null, { timeout: 60_000 });
      const femurSides = async () => {
        await page.waitForTimeout(400);
        return page.evaluate(() => {
          const gl = document.querySelector('[data-testid="view3d-canvas"]');
          const c = document.createElement('canvas');
          c.width = gl.width;
          c.height = gl.height;
          const ctx = c.getContext('2d');
          ctx.drawImage(gl, 0, 0);
          const d = ctx.getImageData(0, 0, c.width, c.height).data;
          const acc = { orange: [0, 0], yellow: [0, 0], oy: 0 };
          for (let p = 0; p < d.length; p += 4) {
            const [r, g, b] = [d[p], d[p + 1], d[p + 2]];
            if (r < 60 || b >= r || g >= r * 1.02) continue;
            const x = (p / 4) % c.width;
            if (b / r < 0.33 && g / r > 0.55 && g / r < 0.8) { acc.orange[0] += x; acc.orange[1]++; acc.oy += Math.floor(p / 4 / c.width); }
            else if (g / r > 0.86 && b / r > 0.34 && b / r < 0.52) { acc.yellow[0] += x; acc.yellow[1]++; }
          }
          return { height: c.height, oy: acc.oy / Math.max(1, acc.orange[1]), width: c.width, orange: acc.orange[1] ? acc.orange[0] / acc.orange[1] : null, yellow: acc.yellow[1] ? acc.yellow[0] / acc.yellow[1] : null, n: [acc.orange[1], acc.yellow[1]] };
        });
      };
      const front = await femurSides();
      if (front.orange === null || front.yellow === null || Math.min(...front.n) < 200) throw new Error(`3D anterior view: femurs not found in the picture ${JSON.stringify(front)}`);
      if (!(front.orange > front.width / 2 && front.yellow < front.width / 2)) throw new Error(`3D anterior view: left femur at x=${front.orange}, right at x=${front.yellow} of ${front.width}: left must be on screen right`);
      // An axial cut at the slider's middle hides the upper half: the femoral heads (z ≈ 0) lose orange pixels, the label shows the height.
      await page.locator('[data-testid="clip-toggle"]').check();
      await page.waitForFunction(() => /mm$/.test(document.querySelector('[data-testid="clip-label"]').textContent));
      const cut = await femurSides();
      const cutZ = Number((await text(page, 'clip-label')).replace(' mm', ''));
      if (!(cut.n[0] < front.n[0] * 0.95 && cut.n[0] > 0)) throw new Error(`cut at ${cutZ} mm: ${cut.n[0]} orange pixels vs ${front.n[0]} uncut`);
      await page.locator('[data-testid="clip-toggle"]').uncheck();
      await page.waitForFunction(() => document.querySelector('[data-testid="clip-label"]').textContent === '');
      // Picking the orange femur names it, gives a point on the patient's left (+x) and moves the slice there.
      const box3d = await page.locator('[data-testid="view3d-canvas"]').boundingBox();
      const sliceBefore = await page.getAttribute('[data-testid="viewer-canvas"]', 'data-slice');
      await page.mouse.click(box3d.x + (front.orange / front.width) * box3d.width, box3d.y + (front.oy / front.height) * box3d.height);
      await page.waitForFunction(() => document.querySelector('[data-testid="view3d-pick"]').textContent.startsWith('femur left'), null, { timeout: 5000 }).catch(async () => { throw new Error(`pick readout: "${await text(page, 'view3d-pick')}" at ${JSON.stringify(front)}`); });
      const pickText = await text(page, 'view3d-pick');
      const [px] = pickText.match(/-?\d+\.\d/g).map(Number);
      if (!(px > 20 && px < 140)) throw new Error(`pick on the left femur: ${pickText}`);
      if ((await page.getAttribute('[data-testid="viewer-canvas"]', 'data-slice')) === sliceBefore) throw new Error('the slice did not follow the 3D pick');
      // Hiding the left femur removes it from the picture.
      await page.locator('[data-testid="segment-row"][data-name="femur left"] [data-testid="segment-visible"]').uncheck();
      const hidden = await femurSides();
      if (hidden.n[0] > 20) throw new Error(`left femur hidden but ${hidden.n[0]} orange pixels remain`);
      await page.locator('[data-testid="segment-row"][data-name="femur left"] [data-testid="segment-visible"]').check();
      await page.locator('[data-testid="view3d-presets"] [data-view="posterior"]').click();
      await page.waitForFunction(() => document.querySelector('[data-testid="view3d-label-right"]').textContent === 'R');
      const back = await femurSides();
      if (!(back.orange < back.width / 2 && back.yellow > back.width / 2)) throw new Error(`3D posterior view: left femur at x=${back.orange}, right at x=${back.yellow}`);
      await page.locator('[data-testid="view-2d-button"]').click();
      if (!(await page.getAttribute('[data-testid="viewer-canvas"]', 'data-cursor'))) throw new Error('the 3D pick is not marked on the slice');
      // 2D → 3D: a click on the slice at the left head centre becomes the cursor the 3D view marks and reads out.
      const hl = truth.landmarksLps.femoralHeadCentreLeft;
      await setSlice(page, Math.round((hl[2] - g.originLps[2]) / g.spacingMm[2]));
      const cbox = await page.locator('[data-testid="viewer-canvas"]').boundingBox();
      const ci = Math.round((hl[0] - g.originLps[0]) / g.spacingMm[0]), cj = Math.round((hl[1] - g.originLps[1]) / g.spacingMm[1]);
      await page.mouse.click(cbox.x + ((ci + 0.5) / g.size[0]) * cbox.width, cbox.y + ((cj + 0.5) / g.size[1]) * cbox.height);
      await page.locator('[data-testid="view-3d-button"]').click();
      await page.waitForFunction(() => document.querySelector('[data-testid="view3d-pick"]').textContent.startsWith('femur left'), null, { timeout: 10_000 }).catch(async () => { throw new Error(`3D read-out after a slice click: "${await text(page, 'view3d-pick')}"`); });
      const [cx, cy, cz] = (await text(page, 'view3d-pick')).match(/-?\d+\.\d/g).map(Number);
      if (Math.hypot(cx - hl[0], cy - hl[1], cz - hl[2]) > 2) throw new Error(`slice click read in 3D at (${cx}, ${cy}, ${cz}), head centre ${hl}`);
      await page.locator('[data-testid="view-2d-button"]').click();

      // labels.nii.gz: NIfTI-1 on the CT's grid; its label-1 voxels are the listed femur-left volume.
      const [labelsDl] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid="twin-download-labels"]').click()]);
      const nii = gunzipSync(readFileSync(await labelsDl.path()));
      if (nii.toString('latin1', 344, 347) !== 'n+1') throw new Error('labels.nii.gz is not NIfTI-1');
      const dims = [42, 44, 46].map((o) => nii.readInt16LE(o));
      if (dims.join('x') !== g.size.join('x')) throw new Error(`labels.nii.gz dims ${dims}`);
      let femurVoxels = 0;
      for (let q = 352; q < nii.length; q++) if (nii[q] === 1) femurVoxels++;
      const listedMl = rows.find((r) => r.name === 'femur left').volumeMl;
      if (Math.abs((femurVoxels * g.spacingMm[0] * g.spacingMm[1] * g.spacingMm[2]) / 1000 - listedMl) > 0.01) throw new Error(`labels.nii.gz has ${femurVoxels} femur-left voxels, the panel lists ${listedMl} mL`);

      // Cancel during a second build.
      await page.locator('[data-testid="twin-build-button"]').click();
      await page.waitForFunction(() => document.querySelector('[data-testid="app"]').dataset.state === 'busy');
      await page.locator('[data-testid="cancel-button"]').click();
      if ((await waitSettled(page, 10_000)) !== 'cancelled') throw new Error(`after Cancel: ${await text(page, 'status')}`);
      if (!/twin was not built/.test(await text(page, 'status'))) throw new Error(`status after cancel: ${await text(page, 'status')}`);
      if ((await page.getAttribute('[data-testid="viewer"]', 'data-has-volume')) !== 'true') throw new Error('the loaded series was lost on cancel');

      // A wrong anatomy: the knee pipeline on a hip, or the hip pipeline on the liver sample, says why.
      await page.goto(`${baseUrl}?sample=liver`);
      if ((await waitSettled(page)) !== 'ready') throw new Error(`opening the liver sample: ${await text(page, 'status')}`);
      await page.locator('[data-testid="twin-anatomy"]').selectOption('hip');
      await page.locator('[data-testid="twin-build-button"]').click();
      if ((await waitSettled(page, 60_000)) !== 'error') throw new Error(`hip pipeline on the liver: ${await text(page, 'status')}`);
      const banner = page.locator('[data-testid="error-banner"]');
      if ((await banner.getAttribute('data-code')) !== 'EMPTY_SEGMENT' || !/cannot separate the hip bones/.test(await banner.innerText())) throw new Error(`error shown: ${await banner.innerText()}`);
      if ((await page.getAttribute('[data-testid="viewer"]', 'data-has-volume')) !== 'true') throw new Error('the loaded series was lost on the error');
      if ((await page.getAttribute('[data-testid="twin-panel"]', 'data-state')) !== 'none') throw new Error('a twin is shown after a failed build');
    },
  },
  {
    name: 'twin: liver sample, two tumour seeds clicked on the slices → liver + tumour 1 + tumour 2 with the volumes of the exact shapes',
    async run({ page, baseUrl, root, catalog }) {
      const c = catalog.cases.find((x) => x.id === 'liver');
      if (!c) throw new Error('no liver sample in the catalog');
      const g = caseJson(root, c).geometry;
      const lm = caseJson(root, c).landmarksLps;
      await page.goto(`${baseUrl}?sample=liver`);
      if ((await waitSettled(page)) !== 'ready') throw new Error(`opening the liver sample: ${await text(page, 'status')}`);
      const clickAt = (p) => clickLpsOnSlice(page, g, p);
      await page.locator('[data-testid="seed-tumour-button"]').click();
      const t1 = await clickAt(lm.tumour1Centre);
      const t2 = await clickAt(lm.tumour2Centre);
      const listed = await text(page, 'seed-list');
      if (!listed.includes(`tumour 1 (${t1.join(', ')})`) || !listed.includes(`tumour 2 (${t2.join(', ')})`)) throw new Error(`seeds listed: ${listed}`);
      await page.locator('[data-testid="twin-anatomy"]').selectOption('liver');
      await page.locator('[data-testid="twin-build-button"]').click();
      if ((await waitSettled(page, 120_000)) !== 'ready') throw new Error(`liver twin: ${await text(page, 'status')} ${await page.locator('[data-testid="error-banner"]').innerText()}`);
      const rows = await page.locator('[data-testid="segment-row"]').evaluateAll((els) => els.map((e) => ({ name: e.dataset.name, volumeMl: Number(e.dataset.volumeMl), closed: e.dataset.closed })));
      if (rows.map((r) => r.name).join(', ') !== 'liver, tumour 1, tumour 2') throw new Error(`segments: ${rows.map((r) => r.name).join(', ')}`);
      // Exact shapes: tumour 1 ellipsoid 18 × 15 × 14 mm = 15.83 mL, tumour 2 sphere r 9 mm = 3.05 mL; liver label ≈ 1.3–1.5 L.
      const [liver, tu1, tu2] = rows;
      if (Math.abs(tu1.volumeMl / 15.83 - 1) > 0.1) throw new Error(`tumour 1: ${tu1.volumeMl} mL`);
      if (Math.abs(tu2.volumeMl / 3.05 - 1) > 0.15) throw new Error(`tumour 2: ${tu2.volumeMl} mL`);
      const truthLiverMl = caseJson(root, c).segments.find((x) => x.name === 'liver').volumeMm3 / 1000;
      if (Math.abs(liver.volumeMl / truthLiverMl - 1) > 0.05) throw new Error(`liver: ${liver.volumeMl} mL vs exact label ${truthLiverMl.toFixed(1)} mL`);
      if (rows.some((r) => r.closed !== 'true')) throw new Error('a liver mesh is not closed');

      // Nothing is lost on a reload: the twin and the clicked seeds come back from this browser's store.
      await page.waitForFunction(() => document.querySelector('[data-testid="app"]').dataset.caseSaved === 'true');
      await page.goto(`${baseUrl}?sample=liver`);
      if ((await waitSettled(page)) !== 'ready') throw new Error(`reopening the liver sample: ${await text(page, 'status')}`);
      await page.waitForFunction(() => document.querySelector('[data-testid="twin-panel"]').dataset.state === 'built', null, { timeout: 20_000 });
      if (!/Twin restored from this browser \(liver, 3 segments/.test(await text(page, 'status'))) throw new Error(`status after reload: ${await text(page, 'status')}`);
      const again = await page.locator('[data-testid="segment-row"]').evaluateAll((els) => els.map((e) => `${e.dataset.name}:${e.dataset.volumeMl}`));
      if (again.join(',') !== rows.map((r) => `${r.name}:${r.volumeMl.toFixed(3)}`).join(',')) throw new Error(`restored rows ${again} differ from ${JSON.stringify(rows)}`);
      if (!(await text(page, 'seed-list')).includes(`tumour 2 (${t2.join(', ')})`)) throw new Error(`seeds not restored: ${await text(page, 'seed-list')}`);
    },
  },
];
