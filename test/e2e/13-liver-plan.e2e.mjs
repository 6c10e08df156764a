/**
 * (m) The liver plan in the workstation: on the liver sample's twin (liver + two tumours seeded by
 * clicks), the liver plan panel adds a plane, shows volumes, the measured FLR against the threshold
 * with its source, sFLR missing until height/weight are typed, margins per tumour (tumour 1 at 15 mm
 * from a plane placed by the form, tumour 2 in the remnant); territories are disabled with the
 * MISSING_SEGMENT reason (no portal vein in this twin); the plane becomes a flat Bézier with the same
 * cut; in 3D the surface turns red where it is under the safety margin, a control point is dragged
 * and the metrics follow (update times measured and printed); liverplan.json exports sealed and
 * `jumeau plan --labels` recomputes it (exit 0; 2 when tampered). With a portal vein: branch points
 * placed by clicks give territories; Propose branches gives the seven design branches from the portal
 * centerline (drawn in 3D) with territories close to those of the design's leaves on the same labels,
 * and a plane's vessel margin to the portal vein.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { caseJson, clearCaseStore, clickLpsOnSlice, setSlice, text, waitSettled } from './lib.mjs';

const median = (a) => { const s = [...a].sort((x, y) => x - y); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
const attr = (page, sel, a) => page.getAttribute(sel, a);

/** Waits until the metrics shown are those of the current inputs and newer than `version`. */
async function metricsAfter(page, version, timeout = 15_000) {
  await page.waitForFunction((v) => {
    const m = document.querySelector('[data-testid="liver-metrics"]');
    return Number(m.dataset.version) > v && m.dataset.current === 'true';
  }, version, { timeout });
  return Number(await attr(page, '[data-testid="liver-metrics"]', 'data-version'));
}

/** Pixels of the 3D canvas that are the overlay's "under the margin" red. */
async function redPixels(page) {
  await page.waitForTimeout(300);
  return page.evaluate(() => {
    const gl = document.querySelector('[data-testid="view3d-canvas"]');
    const c = document.createElement('canvas');
    c.width = gl.width;
    c.height = gl.height;
    const ctx = c.getContext('2d');
    ctx.drawImage(gl, 0, 0);
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let p = 0; p < d.length; p += 4) if (d[p] > 80 && d[p] > 2.5 * d[p + 1] && d[p] > 2.5 * d[p + 2]) n++;
    return n;
  });
}

/**
 * Moves the selected control point by typing x (LPS mm) `n` times; returns the times from the click to
 * the metrics shown (in-page clock), with the worker's compute time of each update.
 */
async function formMoves(page, n, stepMm) {
  const times = [];
  times.computeMs = [];
  const x0 = Number(await page.locator('[data-testid="liver-cp-x"]').inputValue());
  for (let r = 1; r <= n; r++) {
    await page.locator('[data-testid="liver-cp-x"]').fill(String(x0 - stepMm * r));
    times.push(await page.evaluate(() => new Promise((resolve) => {
      const m = document.querySelector('[data-testid="liver-metrics"]');
      const v = Number(m.dataset.version);
      const t0 = performance.now();
      const obs = new MutationObserver(() => {
        if (Number(m.dataset.version) > v && m.dataset.current === 'true') { obs.disconnect(); resolve(performance.now() - t0); }
      });
      obs.observe(m, { attributes: true });
      document.querySelector('[data-testid="liver-cp-apply"]').click();
    })));
    times.computeMs.push(Number(await attr(page, '[data-testid="liver-metrics"]', 'data-compute-ms')));
  }
  return times;
}

export default [
  {
    name: 'liver plan: plane and Bézier surfaces on the liver twin — volumes, FLR/sFLR with thresholds, margins per tumour, territories refused without a portal vein, 3D drag with live metrics (timed), sealed export recomputed by jumeau plan',
    async run({ page, baseUrl, root, catalog, outDir }) {
      const c = catalog.cases.find((x) => x.id === 'liver');
      const truth = caseJson(root, c);
      const g = truth.geometry;
      const lm = truth.landmarksLps;
      // A fresh case: the previous test's surfaces are saved with the liver sample's case and would come back.
      await page.goto(`${baseUrl}?sample=liver`);
      await clearCaseStore(page);
      await page.goto(`${baseUrl}?sample=liver`);
      if ((await waitSettled(page)) !== 'ready') throw new Error(`opening the liver sample: ${await text(page, 'status')}`);
      const clickAt = (p) => clickLpsOnSlice(page, g, p);
      // Seeds restored with an earlier twin of this sample (same browser profile) are cleared first.
      if (await page.locator('[data-testid="seed-clear-button"]').isEnabled()) await page.locator('[data-testid="seed-clear-button"]').click();
      await page.locator('[data-testid="seed-tumour-button"]').click();
      await clickAt(lm.tumour1Centre);
      await clickAt(lm.tumour2Centre);
      await page.locator('[data-testid="twin-anatomy"]').selectOption('liver');
      await page.locator('[data-testid="twin-build-button"]').click();
      if ((await waitSettled(page, 120_000)) !== 'ready') throw new Error(`liver twin: ${await text(page, 'status')}`);
      await page.waitForFunction(() => !document.querySelector('[data-testid="liver-plan-panel"]').hidden && document.querySelector('[data-testid="liver-organ"]').dataset.centreLps, null, { timeout: 20_000 });
      const rows = await page.locator('[data-testid="segment-row"]').evaluateAll((els) => els.map((e) => Number(e.dataset.volumeMl)));
      const segmentsMl = rows.reduce((a, b) => a + b, 0);

      // Territories: disabled, the reason names the missing portal vein segment.
      const terr = page.locator('[data-testid="liver-territories-compute"]');
      if (!(await terr.isDisabled())) throw new Error('territories enabled without a portal vein');
      if (!/^MISSING_SEGMENT: the liver twin has no portal vein segment/.test(await terr.getAttribute('title'))) throw new Error(`territories reason: ${await terr.getAttribute('title')}`);

      // A plane through the liver centre: volumes add up to the segments' (liver + tumours).
      await page.locator('[data-testid="liver-add-plane"]').click();
      let version = await metricsAfter(page, 0);
      const tlv = Number(await attr(page, '[data-testid="liver-metric-organ"]', 'data-tlv-ml'));
      if (Math.abs(tlv / segmentsMl - 1) > 0.002) throw new Error(`TLV_CT ${tlv} mL vs segments ${segmentsMl} mL`);
      const vol = async () => ({ resected: Number(await attr(page, '[data-testid="liver-metric-volumes"]', 'data-resected-ml')), remnant: Number(await attr(page, '[data-testid="liver-metric-volumes"]', 'data-remnant-ml')) });
      const v0 = await vol();
      if (Math.abs(v0.resected + v0.remnant - tlv) > 0.01 || !(v0.resected > 50 && v0.remnant > 50)) throw new Error(`volumes ${JSON.stringify(v0)} of ${tlv}`);
      if ((await attr(page, '[data-testid="liver-metric-flr"]', 'data-available')) !== 'true' || !/Vauthey/.test(await text(page, 'liver-metric-flr'))) throw new Error(`FLR: ${await text(page, 'liver-metric-flr')}`);
      if ((await attr(page, '[data-testid="liver-metric-sflr"]', 'data-available')) !== 'false' || !/heightCm: is needed/.test(await text(page, 'liver-metric-sflr'))) throw new Error(`sFLR without height: ${await text(page, 'liver-metric-sflr')}`);

      // Height and weight typed: sFLR = FLR / 1625.3 mL (LIV-01: 175 cm, 75 kg, Vauthey).
      await page.locator('[data-testid="liver-height"]').fill('175');
      await page.locator('[data-testid="liver-weight"]').fill('75');
      await page.locator('[data-testid="liver-patient-apply"]').click();
      version = await metricsAfter(page, version);
      const flrMl = Number(await attr(page, '[data-testid="liver-metric-volumes"]', 'data-remnant-functional-ml'));
      const sflr = Number(await attr(page, '[data-testid="liver-metric-sflr"]', 'data-percent'));
      if (Math.abs(sflr - (100 * flrMl) / 1625.3) > 0.01) throw new Error(`sFLR ${sflr} % for FLR ${flrMl} mL`);

      // The plane by the form: normal towards the patient's right (azimuth 180°), at x = −55 mm: tumour 1
      // (x from −106 to −70 mm) is resected 15 mm from it; tumour 2 (left lobe) stays in the remnant.
      const centre = JSON.parse(await attr(page, '[data-testid="liver-organ"]', 'data-centre-lps'));
      await page.locator('[data-testid="liver-plane-offset"]').fill(String(centre[0] + 55));
      await page.locator('[data-testid="liver-plane-azimuth"]').fill('180');
      await page.locator('[data-testid="liver-plane-elevation"]').fill('0');
      await page.locator('[data-testid="liver-plane-apply"]').click();
      version = await metricsAfter(page, version);
      const margin = async (name) => page.locator(`[data-testid="liver-margin-row"][data-name="${name}"]`).evaluate((e) => ({ mm: Number(e.dataset.marginMm), side: e.dataset.side, passes: e.dataset.passes }));
      const t1 = await margin('tumour 1');
      if (t1.side !== 'resected' || Math.abs(t1.mm - 15) > 2 || t1.passes !== 'true') throw new Error(`tumour 1 margin ${JSON.stringify(t1)} (15 mm expected)`);
      const t2 = await margin('tumour 2');
      if (t2.side !== 'remnant' || t2.passes !== 'false') throw new Error(`tumour 2 ${JSON.stringify(t2)}`);
      const planeVol = await vol();

      // A bad value is refused naming the field; the plan is unchanged.
      await page.locator('[data-testid="liver-plane-elevation"]').fill('120');
      await page.locator('[data-testid="liver-plane-apply"]').click();
      if (!/^Not applied — elevationDeg: must be a number from -90 to 90°/.test(await text(page, 'liver-message'))) throw new Error(`message: ${await text(page, 'liver-message')}`);
      if ((await vol()).resected !== planeVol.resected) throw new Error('the refused value changed the plan');

      // To Bézier: a flat patch, the same cut voxel for voxel.
      await page.locator('[data-testid="liver-to-bezier"]').click();
      version = await metricsAfter(page, version);
      const bezVol = await vol();
      if (bezVol.resected !== planeVol.resected) throw new Error(`flat Bézier resects ${bezVol.resected} mL, the plane ${planeVol.resected} mL`);

      // Timing 1 (2D view shown): moves of P11 typed in the form, from the click to the metrics shown.
      const formTimes = await formMoves(page, 5, -3);
      version = Number(await attr(page, '[data-testid="liver-metrics"]', 'data-version'));
      const afterForm = await vol();
      if (afterForm.resected === bezVol.resected) throw new Error('moving P11 by 15 mm did not change the resection');

      // 3D: the surface is drawn; red appears under a 20 mm safety margin (tumour 1 is 15 mm away), not under 10 mm.
      await page.locator('[data-testid="view-3d-button"]').click();
      await page.waitForFunction(() => (document.querySelector('[data-testid="view3d-canvas"]').dataset.liverControlPoints ?? '').startsWith('[['), null, { timeout: 60_000 });
      await page.locator('[data-testid="segment-row"][data-name="liver"] [data-testid="segment-visible"]').uncheck();
      // Seen from the patient's left, the sagittal surface faces the camera.
      await page.locator('[data-testid="view3d-presets"] [data-view="left"]').click();
      const red10 = await redPixels(page);
      await page.locator('[data-testid="liver-margin"]').fill('20');
      await page.locator('[data-testid="liver-margin-apply"]').click();
      version = await metricsAfter(page, version);
      const red20 = await redPixels(page);
      await page.screenshot({ path: join(outDir, 'liver-plan-3d.png') });
      if (!(red20 > red10 + 200)) throw new Error(`red pixels: ${red10} at a 10 mm margin, ${red20} at 20 mm`);
      if ((await margin('tumour 1')).passes !== 'false') throw new Error('tumour 1 passes a 20 mm margin at 15 mm');
      await page.locator('[data-testid="liver-margin"]').fill('10');
      await page.locator('[data-testid="liver-margin-apply"]').click();
      await metricsAfter(page, version);
      await page.locator('[data-testid="segment-row"][data-name="liver"] [data-testid="segment-visible"]').check();
      await page.locator('[data-testid="view3d-presets"] [data-view="anterior"]').click();
      await page.waitForFunction(() => document.querySelector('[data-testid="view3d-label-right"]').textContent === 'L');
      // The same form moves while the 3D view renders (software WebGL in this headless browser).
      const form3dTimes = await formMoves(page, 3, 5);
      const afterForm3d = await vol();

      // Timing 2: a drag of the control point in 3D (20 pointer moves); each metrics update during the drag
      // records its time from the move that produced it (data-update-ms), and the last one from pointer-up.
      await page.waitForTimeout(300);
      const pts = JSON.parse(await attr(page, '[data-testid="view3d-canvas"]', 'data-liver-control-points'));
      const box = await page.locator('[data-testid="view3d-canvas"]').boundingBox();
      const inside = (p) => p[0] > 10 && p[1] > 10 && p[0] < box.width - 10 && p[1] < box.height - 10;
      const idx = inside(pts[5]) ? 5 : pts.findIndex(inside);
      if (idx < 0) throw new Error(`no control point on screen: ${JSON.stringify(pts)}`);
      await page.evaluate(() => {
        const m = document.querySelector('[data-testid="liver-metrics"]');
        window.__liverUpdates = [];
        new MutationObserver(() => { if (m.dataset.updateMs) window.__liverUpdates.push({ v: Number(m.dataset.version), ms: Number(m.dataset.updateMs), at: performance.now() }); }).observe(m, { attributes: true, attributeFilter: ['data-update-ms', 'data-version'] });
        document.querySelector('[data-testid="view3d-canvas"]').addEventListener('pointerup', () => { window.__liverUp = performance.now(); }, { capture: true });
      });
      const [x0, y0] = [box.x + pts[idx][0], box.y + pts[idx][1]];
      await page.mouse.move(x0, y0);
      await page.mouse.down();
      for (let s = 1; s <= 20; s++) await page.mouse.move(x0 + 2 * s, y0 - 1.5 * s);
      await page.mouse.up();
      await page.waitForFunction(() => document.querySelector('[data-testid="liver-metrics"]').dataset.current === 'true', null, { timeout: 15_000 });
      if (!/dragged in 3D/.test(await text(page, 'liver-message'))) throw new Error(`after the drag: ${await text(page, 'liver-message')} (control point ${idx} at ${pts[idx]})`);
      const drag = await page.evaluate(() => ({ updates: window.__liverUpdates, up: window.__liverUp }));
      const shown = [...new Map(drag.updates.map((u) => [u.v, u])).values()];
      const dragTimes = shown.map((u) => u.ms);
      const last = shown[shown.length - 1];
      const upToShown = last ? Math.max(0, last.at - drag.up) : NaN;
      const afterDrag = await vol();
      if (afterDrag.resected === afterForm3d.resected) throw new Error('the drag did not change the resection');
      const computeMs = Number(await attr(page, '[data-testid="liver-metrics"]', 'data-compute-ms'));
      console.log(`      liver plan update times (liver sample, ${g.size.join('×')} voxels): 2D view: form move → metrics shown ${formTimes.map((t) => t.toFixed(0)).join(', ')} ms (median ${median(formTimes).toFixed(0)}; worker compute median ${median(formTimes.computeMs).toFixed(0)}); 3D view: form move → metrics ${form3dTimes.map((t) => t.toFixed(0)).join(', ')} ms (median ${median(form3dTimes).toFixed(0)}), drag: ${shown.length} updates shown for 20 moves, move → metrics ${dragTimes.map((t) => t.toFixed(0)).join(', ')} ms (median ${median(dragTimes).toFixed(0)}), pointer-up → last metrics ${upToShown.toFixed(0)} ms; worker compute of the last update ${computeMs.toFixed(0)} ms`);
      writeFileSync(join(outDir, 'liver-plan-timings.json'), JSON.stringify({ formMs: formTimes, formComputeMs: formTimes.computeMs, form3dMs: form3dTimes, dragMs: dragTimes, upToShownMs: upToShown, computeMs }, null, 2));
      if (!(median(formTimes) < 1000)) throw new Error(`form updates take ${median(formTimes)} ms`);
      await page.locator('[data-testid="liver-plan-panel"]').screenshot({ path: join(outDir, 'liver-plan-panel.png') });
      await page.locator('[data-testid="view-2d-button"]').click();

      // Export: sealed liverplan.json; with the twin's labels.nii.gz, jumeau plan recomputes it (exit 0).
      const [dl] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid="liver-export"]').click()]);
      const plan = JSON.parse(readFileSync(await dl.path(), 'utf8'));
      if (plan.schema !== 'jumeau.liverPlan/1' || !/^[0-9a-f]{64}$/.test(plan.integrity?.inputsSha256 ?? '')) throw new Error('liverplan.json not sealed');
      if (plan.surfaces[0].kind !== 'bezier' || plan.patient.heightCm !== 175) throw new Error(`exported inputs ${JSON.stringify(plan.surfaces[0]).slice(0, 200)} ${JSON.stringify(plan.patient)}`);
      if (Math.abs(plan.metrics.resection.value.resectedMl - afterDrag.resected) > 0.001) throw new Error(`exported resection ${plan.metrics.resection.value.resectedMl} vs shown ${afterDrag.resected}`);
      // The HTML report: the shown resection, the FLR verdict with its source, the 3D picture, the hashes.
      const [repDl] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid="liver-report"]').click()]);
      const html = readFileSync(await repDl.path(), 'utf8');
      if (!html.includes(`resected ${afterDrag.resected.toFixed(1)} mL`) || !/FLR, measured[^]*?% of[^]*?(meets|BELOW)/.test(html) || !/<img alt="3D view/.test(html) || !/Labels SHA-256 [0-9a-f]{64}/.test(html) || /<script/i.test(html)) throw new Error('liver report: numbers, picture or hashes missing');
      const [labelsDl] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid="twin-download-labels"]').click()]);
      const planFile = join(outDir, 'liverplan-e2e.json');
      const labelsFile = join(outDir, 'liver-labels-e2e.nii.gz');
      writeFileSync(planFile, JSON.stringify(plan));
      writeFileSync(labelsFile, readFileSync(await labelsDl.path()));
      const check = JSON.parse(execFileSync('node', [join(root, 'bin/jumeau.mjs'), 'plan', planFile, '--labels', labelsFile, '--json'], { cwd: root, encoding: 'utf8' }));
      if (check.integrity.status !== 'match' || check.labels.status !== 'match' || check.storedMetrics.status !== 'match') throw new Error(`jumeau plan: integrity ${check.integrity.status}, labels ${check.labels.status}, stored metrics ${check.storedMetrics.status} ${JSON.stringify(check.storedMetrics.differences).slice(0, 300)}`);
      writeFileSync(planFile, JSON.stringify({ ...plan, safetyMarginMm: 5 }));
      const tampered = spawnSync('node', [join(root, 'bin/jumeau.mjs'), 'plan', planFile, '--labels', labelsFile], { cwd: root, encoding: 'utf8' });
      if (tampered.status !== 2 || !/integrity\.inputsSha256/.test(tampered.stderr)) throw new Error(`tampered plan: exit ${tampered.status} ${tampered.stderr}`);

      // Nothing is lost on a reload: the surfaces and patient values come back with the case, same resection.
      await page.waitForFunction(() => Number(document.querySelector('[data-testid="app"]').dataset.caseSaves) >= 2, null, { timeout: 15_000 });
      await page.waitForTimeout(1500); // the plan is saved once edits pause for a second
      await page.goto(`${baseUrl}?sample=liver`);
      if ((await waitSettled(page)) !== 'ready') throw new Error(`reopening: ${await text(page, 'status')}`);
      await page.waitForFunction(() => /Liver plan restored from this browser \(1 surface\)/.test(document.querySelector('[data-testid="liver-message"]')?.textContent ?? ''), null, { timeout: 30_000 });
      await page.waitForFunction((v) => Math.abs(Number(document.querySelector('[data-testid="liver-metric-volumes"]')?.dataset.resectedMl) - v) < 0.001, afterDrag.resected, { timeout: 30_000 });
    },
  },
  {
    name: 'liver plan: a portal-vein seed gives the twin its portal vein; two branch points give territories, listed and coloured on the slices',
    async run({ page, baseUrl, root, outDir }) {
      const truth = caseJson(root, { id: 'liver' });
      const g = truth.geometry;
      const lm = truth.landmarksLps;
      // A fresh case: the previous test's surfaces are saved with the liver sample's case and would come back.
      await page.goto(`${baseUrl}?sample=liver`);
      await clearCaseStore(page);
      await page.goto(`${baseUrl}?sample=liver`);
      if ((await waitSettled(page)) !== 'ready') throw new Error(`opening the liver sample: ${await text(page, 'status')}`);
      const clickAt = (p) => clickLpsOnSlice(page, g, p);
      if (await page.locator('[data-testid="seed-clear-button"]').isEnabled()) await page.locator('[data-testid="seed-clear-button"]').click();
      await page.locator('[data-testid="seed-portal-button"]').click();
      await clickAt(lm.portalHilum);
      await page.locator('[data-testid="seed-portal-button"]').click();
      if (!/portal vein: 1 seed/.test(await text(page, 'seed-list'))) throw new Error(`seeds: ${await text(page, 'seed-list')}`);
      await page.locator('[data-testid="twin-anatomy"]').selectOption('liver');
      await page.locator('[data-testid="twin-build-button"]').click();
      if ((await waitSettled(page, 120_000)) !== 'ready') throw new Error(`liver twin: ${await text(page, 'status')} ${await page.locator('[data-testid="error-banner"]').innerText()}`);
      const names = await page.locator('[data-testid="segment-row"]').evaluateAll((els) => els.map((e) => e.dataset.name));
      if (!names.includes('portal vein')) throw new Error(`segments: ${names.join(', ')}`);
      await page.waitForFunction(() => document.querySelector('[data-testid="liver-organ"]')?.dataset.centreLps, null, { timeout: 30_000 });
      for (const p of [lm.tumour1Centre, lm.tumour2Centre]) {
        await page.locator('[data-testid="liver-branch-add"]').click();
        await clickAt(p);
      }
      await page.locator('[data-testid="liver-territories-compute"]').click();
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="liver-territory"]').length === 2, null, { timeout: 60_000 }).catch(async () => { throw new Error(`territories: ${await text(page, 'liver-message')}`); });
      // Both territories on the slice through tumour 1 are coloured.
      await setSlice(page, Math.round((lm.tumour1Centre[2] - g.originLps[2]) / g.spacingMm[2]));
      const px = Number(await page.getAttribute('[data-testid="viewer-canvas"]', 'data-territory-pixels'));
      if (!(px > 1000)) throw new Error(`${px} territory pixels on the slice`);
      // And on the liver mesh in 3D (vertex colours).
      await page.locator('[data-testid="view-3d-button"]').click();
      await page.waitForFunction(() => document.querySelector('[data-testid="view3d"]').dataset.territories === '2', null, { timeout: 60_000 });
      await page.locator('[data-testid="view-2d-button"]').click();
      console.log(`      territories: ${await page.locator('[data-testid="liver-territory"]').evaluateAll((els) => els.map((e) => e.textContent.replace(/\s+/g, ' ')).join(' | '))}; ${px} pixels coloured on the slice`);
      await proposeAndCheck(page, root, outDir);
    },
  },
];

/**
 * The phantom's seven leaf branches (src/samples/liverPhantom.ts, LIVER_PORTAL_LEAF_BRANCHES): the
 * territories they give on the twin's own labels (computed by `jumeau plan`) are the truth the proposed
 * branches' territories are compared with.
 */
const TRUE_LEAVES = [
  { label: 8, name: 'S8', pointsLps: [[-75, -20, 5], [-80, -30, 35]] },
  { label: 5, name: 'S5', pointsLps: [[-75, -20, 5], [-85, -35, -25]] },
  { label: 7, name: 'S7', pointsLps: [[-85, 30, -2], [-95, 35, 30]] },
  { label: 6, name: 'S6', pointsLps: [[-85, 30, -2], [-95, 32, -28]] },
  { label: 2, name: 'S2', pointsLps: [[15, -25, 5], [48, -8, 22]] },
  { label: 3, name: 'S3', pointsLps: [[15, -25, 5], [55, -35, 20]] },
  { label: 4, name: 'S4', pointsLps: [[15, -25, 5], [0, -45, 15]] },
];

/**
 * Propose branches on the twin with a portal vein: seven branches, each ending at a design leaf, the
 * centerline drawn in 3D, territories within tolerance of those of the true leaves on the same labels;
 * a plane 7.5 mm beyond the portal vein's left-lobe tip gives its vessel margin.
 */
async function proposeAndCheck(page, root, outDir) {
  await page.evaluate(() => {
    const m = document.querySelector('[data-testid="liver-message"]');
    window.__liverMessages = [m.textContent];
    new MutationObserver(() => window.__liverMessages.push(`${performance.now().toFixed(0)} ${m.textContent}`)).observe(m, { childList: true, characterData: true, subtree: true });
  });
  const t0 = Date.now();
  await page.locator('[data-testid="liver-branch-propose"]').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="liver-territory"]').length >= 5 && /Territories computed/.test(document.querySelector('[data-testid="liver-message"]').textContent), null, { timeout: 60_000 })
    .catch(async () => { throw new Error(`propose: ${await text(page, 'liver-message')}; messages: ${JSON.stringify(await page.evaluate(() => window.__liverMessages))}`); });
  const proposeMs = Date.now() - t0;
  const proposed = await page.locator('[data-testid="liver-proposed-branch"]').evaluateAll((els) => els.map((e) => ({ name: e.dataset.name, order: Number(e.dataset.order), downstream: JSON.parse(e.dataset.downstreamLps) })));
  if (proposed.length !== 7) throw new Error(`${proposed.length} branches proposed (7 expected): ${await text(page, 'liver-proposal')}`);
  const bifurcations = JSON.parse(await attr(page, '[data-testid="liver-proposal"]', 'data-bifurcations'));
  const d = (a, b) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
  const hilumError = Math.min(...bifurcations.filter((b) => b.order === 1).map((b) => d(b.pointLps, [-30, 10, -12])));
  if (!(hilumError < 3)) throw new Error(`portal bifurcation ${JSON.stringify(bifurcations)} (true (−30, 10, −12))`);
  // Each proposed branch ends at a distinct design leaf.
  const match = proposed.map((p) => { const t = TRUE_LEAVES.map((l) => ({ l, e: d(p.downstream, l.pointsLps[1]) })).sort((a, b) => a.e - b.e)[0]; return { ...p, truth: t.l.name, endMm: t.e }; });
  if (new Set(match.map((m) => m.truth)).size !== 7 || match.some((m) => m.endMm > 8)) throw new Error(`branch ends: ${JSON.stringify(match)}`);
  const autoMl = Object.fromEntries(await page.locator('[data-testid="liver-territory"]').evaluateAll((els) => els.map((e) => [e.dataset.name, Number(e.dataset.volumeMl)])));
  // The centerline in 3D.
  await page.locator('[data-testid="view-3d-button"]').click();
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="view3d-canvas"]').dataset.centerlineEdges) >= 10, null, { timeout: 60_000 })
    .catch(async () => { throw new Error(`centerline edges drawn: ${await attr(page, '[data-testid="view3d-canvas"]', 'data-centerline-edges')}`); });
  await page.screenshot({ path: join(outDir, 'liver-centerline-3d.png') });
  await page.locator('[data-testid="view-2d-button"]').click();
  // A plane at x = 65 mm, normal to the patient's left: 7.5 mm beyond the portal vein's S3 end (x 55 + r 2.5).
  const centre = JSON.parse(await attr(page, '[data-testid="liver-organ"]', 'data-centre-lps'));
  await page.locator('[data-testid="liver-add-plane"]').click();
  const version = await metricsAfter(page, Number(await attr(page, '[data-testid="liver-metrics"]', 'data-version')));
  await page.locator('[data-testid="liver-plane-offset"]').fill(String(65 - centre[0]));
  await page.locator('[data-testid="liver-plane-azimuth"]').fill('0');
  await page.locator('[data-testid="liver-plane-elevation"]').fill('0');
  await page.locator('[data-testid="liver-plane-apply"]').click();
  await metricsAfter(page, version);
  const vessel = await page.locator('[data-testid="liver-vessel-row"][data-name="portal vein"]').evaluate((e) => ({ mm: Number(e.dataset.minMm), cut: e.dataset.cutCount, text: e.textContent }));
  if (!(Math.abs(vessel.mm - 7.5) < 2) || vessel.cut !== '0') throw new Error(`portal vein margin ${JSON.stringify(vessel)} (7.5 mm, nothing cut expected)`);
  // Truth: the design's leaves on the twin's labels, recomputed headless by jumeau plan.
  const [dl] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid="liver-export"]').click()]);
  const plan = JSON.parse(readFileSync(await dl.path(), 'utf8'));
  if (plan.territoryBranches.length !== 7 || !plan.territoryBranches.every((b) => b.source === 'auto')) throw new Error(`exported branches ${JSON.stringify(plan.territoryBranches.map((b) => [b.name, b.source]))}`);
  const [labelsDl] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid="twin-download-labels"]').click()]);
  const labelsFile = join(outDir, 'liver-portal-labels-e2e.nii.gz');
  writeFileSync(labelsFile, readFileSync(await labelsDl.path()));
  const { metrics: _m, integrity: _i, ...inputs } = plan;
  const truthFile = join(outDir, 'liverplan-true-leaves-e2e.json');
  writeFileSync(truthFile, JSON.stringify({ ...inputs, territoryBranches: TRUE_LEAVES }));
  const truth = JSON.parse(execFileSync('node', [join(root, 'bin/jumeau.mjs'), 'plan', truthFile, '--labels', labelsFile, '--json'], { cwd: root, encoding: 'utf8' }));
  if (!truth.metrics.territories.available) throw new Error(`true territories: ${truth.metrics.territories.reason}`);
  const trueMl = Object.fromEntries(truth.metrics.territories.value.territories.map((t) => [t.name, t.volumeMl]));
  const rows = match.map((m) => ({ name: m.name, truth: m.truth, autoMl: autoMl[m.name], trueMl: trueMl[m.truth], rel: autoMl[m.name] / trueMl[m.truth] - 1 }));
  const sum = (k) => rows.reduce((a, r) => a + r[k], 0);
  console.log(`      propose branches (worker, then territories): ${proposeMs} ms; portal bifurcation ${hilumError.toFixed(2)} mm from the design's; branch ends ${match.map((m) => `${m.name}→${m.truth} ${m.endMm.toFixed(1)} mm`).join(', ')}; territories proposed vs true leaves: ${rows.map((r) => `${r.name}/${r.truth} ${r.autoMl.toFixed(1)}/${r.trueMl.toFixed(1)} mL (${(100 * r.rel).toFixed(1)} %)`).join(', ')}; portal vein margin to x = 65 mm: ${vessel.mm.toFixed(2)} mm (design 7.5)`);
  if (Math.abs(sum('autoMl') / sum('trueMl') - 1) > 0.005) throw new Error(`territory totals ${sum('autoMl')} vs ${sum('trueMl')}`);
  if (rows.filter((r) => Math.abs(r.rel) < 0.05).length < 5 || rows.some((r) => Math.abs(r.rel) > 0.3)) throw new Error(`territories vs truth: ${JSON.stringify(rows)}`);
}
