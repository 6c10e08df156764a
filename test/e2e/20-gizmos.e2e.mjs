/**
 * (t) The plan gizmos in the 3D view, dragged with the mouse. Hip: the red knob (patient's left, +x)
 * moves the cup centre along LPS x by the dragged amount (the knob's screen scale, published on the
 * canvas, converts pixels to mm) with the metrics updating during the drag and the angles kept; the
 * yellow aim knob raised turns the opening laterally (inclination up), the form and the readouts
 * follow, and coverage changes. Knee (a right knee): the tibial depth knob dragged distally cuts
 * deeper (the depth field and, after the drag, the resected volume from the worker grow); the medial
 * knob, on the screen's right in the anterior view (medial = patient's left for a right knee), lowered
 * gives a varus (+) tibial cut.
 */
import { join } from 'node:path';
import { text, waitSettled } from './lib.mjs';

const attr = (page, sel, a) => page.getAttribute(sel, a);
const CANVAS = '[data-testid="view3d-canvas"]';

/** Drags with the mouse from canvas point `from` by (dx, dy) CSS px in `steps` moves, `pauseMs` apart. */
async function drag(page, from, dx, dy, steps = 12, pauseMs = 25) {
  const box = await page.locator(CANVAS).boundingBox();
  const [x0, y0] = [box.x + from[0], box.y + from[1]];
  if (!(from[0] > 5 && from[1] > 5 && from[0] < box.width - 5 && from[1] < box.height - 5)) throw new Error(`knob off screen at ${from}`);
  await page.mouse.move(x0, y0);
  await page.mouse.down();
  for (let s = 1; s <= steps; s++) {
    await page.mouse.move(x0 + (dx * s) / steps, y0 + (dy * s) / steps);
    await page.waitForTimeout(pauseMs);
  }
  await page.mouse.up();
}

/** The canvas data attribute `name` once it holds still (two reads 250 ms apart agree), parsed. */
async function stable(page, name) {
  let last = null;
  for (let n = 0; n < 40; n++) {
    const v = await page.evaluate(([sel, k]) => document.querySelector(sel).dataset[k] ?? '', [CANVAS, name]);
    if (v && v === last) return JSON.parse(v);
    last = v;
    await page.waitForTimeout(250);
  }
  throw new Error(`canvas ${name} never held still: ${last}`);
}

export default [
  {
    name: 'gizmos: hip cup moved along LPS x and aimed by its knobs in 3D, metrics live, angles in the APP',
    async run({ page, baseUrl, outDir }) {
      await page.goto(`${baseUrl}?sample=hip`);
      if ((await waitSettled(page)) !== 'ready') throw new Error(`opening the hip sample: ${await text(page, 'status')}`);
      await page.locator('[data-testid="twin-build-button"]').click();
      if ((await waitSettled(page, 120_000)) !== 'ready') throw new Error(`twin build: ${await text(page, 'status')}`);
      await page.waitForFunction(() => !document.querySelector('[data-testid="plan-panel"]').hidden, null, { timeout: 10_000 });
      const cupSel = '[data-testid="metric-cup-angles"]';
      const readCup = async () => ({
        centre: (await attr(page, cupSel, 'data-centre-lps')).split(',').map(Number),
        inc: Number(await attr(page, cupSel, 'data-inclination')),
        av: Number(await attr(page, cupSel, 'data-anteversion')),
        coverage: Number(await attr(page, '[data-testid="metric-coverage"]', 'data-percent')),
        form: [Number(await page.locator('[data-testid="plan-cup-inclination"]').inputValue()), Number(await page.locator('[data-testid="plan-cup-anteversion"]').inputValue())],
      });
      const c0 = await readCup();
      await page.locator('[data-testid="view-3d-button"]').click();
      await page.waitForFunction(() => document.querySelector('[data-testid="view3d-label-right"]').textContent === 'L', null, { timeout: 60_000 });
      await page.waitForFunction((s) => !!document.querySelector(s).dataset.cupGizmo, CANVAS, { timeout: 30_000 });
      const g0 = await stable(page, 'cupGizmo');
      // Pixels per mm along +x at the knob, from the knob and the knob moved 10 mm.
      const ux = [(g0.L10[0] - g0.L[0]) / 10, (g0.L10[1] - g0.L[1]) / 10];
      const pxPerMm = Math.hypot(...ux);
      const wantMm = 6;
      await page.evaluate((sel) => {
        window.__cupUpdates = 0;
        window.__cupUp = null;
        new MutationObserver(() => { if (window.__cupUp === null) window.__cupUpdates++; }).observe(document.querySelector('[data-testid="plan-metrics"]'), { childList: true });
        document.querySelector(sel).addEventListener('pointerup', () => { window.__cupUp = performance.now(); }, { capture: true });
      }, CANVAS);
      const t0 = Date.now();
      await drag(page, g0.L, ux[0] * wantMm, ux[1] * wantMm, 12, 30);
      await page.waitForFunction(() => /\(APP\)$/.test(document.querySelector('[data-testid="plan-message"]').textContent), null, { timeout: 10_000 }).catch(async (e) => {
        await page.screenshot({ path: join(outDir, 'gizmo-hip-failed.png') });
        throw new Error(`${e.message}; gizmo before ${JSON.stringify(g0)}, now ${await attr(page, CANVAS, 'data-cup-gizmo')}; message "${await text(page, 'plan-message')}"`);
      });
      const dragMs = Date.now() - t0;
      const c1 = await readCup();
      const live = await page.evaluate(() => window.__cupUpdates);
      const d = c1.centre.map((v, n) => v - c0.centre[n]);
      console.log(`      red knob dragged ${(pxPerMm * wantMm).toFixed(1)} px (${pxPerMm.toFixed(2)} px/mm → ${wantMm} mm): centre moved (${d.map((v) => v.toFixed(2)).join(', ')}) mm LPS; coverage ${c0.coverage} → ${c1.coverage} %; ${live} metric updates during the drag (${dragMs} ms); ${await text(page, 'plan-message')}`);
      if (!(Math.abs(d[0] - wantMm) < 0.25 * wantMm) || Math.abs(d[1]) > 1e-3 || Math.abs(d[2]) > 1e-3) throw new Error(`cup centre moved by ${d} mm, expected (${wantMm}, 0, 0)`);
      if (!(live >= 2)) throw new Error(`metrics updated ${live} times during the drag (expected live updates)`);
      if (Math.abs(c1.inc - c0.inc) > 1e-6 || Math.abs(c1.av - c0.av) > 1e-6) throw new Error(`a translation changed the angles: ${c0.inc}/${c0.av} → ${c1.inc}/${c1.av}`);
      if (c1.coverage === c0.coverage) throw new Error('coverage did not change with the cup centre');
      // The camera did not turn: the centre moved on screen by the dragged pixels.
      const g1 = JSON.parse(await attr(page, CANVAS, 'data-cup-gizmo'));
      const moved = Math.hypot(g1.centre[0] - g0.centre[0] - ux[0] * d[0], g1.centre[1] - g0.centre[1] - ux[1] * d[0]);
      if (moved > 3) throw new Error(`the view moved during the drag (centre ${g0.centre} → ${g1.centre})`);

      // The aim knob raised 15 px (superior, anterior view): inclination up; the form follows.
      const msg1 = await text(page, 'plan-message');
      await drag(page, g1.axis, 0, -15, 10, 20);
      await page.waitForFunction((before) => {
        const m = document.querySelector('[data-testid="plan-message"]').textContent;
        return m !== before && /\(APP\)$/.test(m);
      }, msg1, { timeout: 10_000 });
      const c2 = await readCup();
      console.log(`      yellow knob raised 15 px: ${c1.inc.toFixed(2)}°/${c1.av.toFixed(2)}° → ${c2.inc.toFixed(2)}°/${c2.av.toFixed(2)}° radiographic (APP), form ${c2.form.join('/')}, coverage ${c2.coverage} %`);
      if (!(c2.inc > c1.inc + 2)) throw new Error(`inclination ${c1.inc} → ${c2.inc}: raising the aim knob should open the cup laterally`);
      if (Math.abs(c2.form[0] - c2.inc) > 0.051 || Math.abs(c2.form[1] - c2.av) > 0.051) throw new Error(`form ${c2.form} vs metrics ${c2.inc}/${c2.av}`);
      if (c2.centre.some((v, n) => Math.abs(v - c1.centre[n]) > 1e-3)) throw new Error('aiming moved the centre');
      if (c2.coverage === c1.coverage) throw new Error('coverage did not change with the cup axis');

    },
  },
  {
    name: 'gizmos: knee tibial cut deepened and tilted varus by its knobs in 3D (right knee), resected volume from the worker at drag end',
    async run({ page, baseUrl }) {
      await page.goto(`${baseUrl}?sample=knee`);
      if ((await waitSettled(page)) !== 'ready') throw new Error(`opening the knee sample: ${await text(page, 'status')}`);
      await page.locator('[data-testid="twin-build-button"]').click();
      if ((await waitSettled(page, 120_000)) !== 'ready') throw new Error(`twin build: ${await text(page, 'status')}`);
      const metricsReady = (v) => page.waitForFunction((after) => {
        const p = document.querySelector('[data-testid="knee-plan-panel"]');
        const m = document.querySelector('[data-testid="knee-metrics"]');
        return p && !p.hidden && p.dataset.state === 'ready' && Number(m.dataset.version) > after && m.dataset.current === 'true';
      }, v, { timeout: 60_000 });
      await metricsReady(0);
      const kneeRead = async () => ({
        version: Number(await attr(page, '[data-testid="knee-metrics"]', 'data-version')),
        depth: Number(await page.locator('[data-testid="knee-tibia-depth"]').inputValue()),
        varus: Number(await page.locator('[data-testid="knee-tibia-varus"]').inputValue()),
        slope: Number(await page.locator('[data-testid="knee-tibia-slope"]').inputValue()),
        volume: Number(await attr(page, '[data-testid="knee-metric-tibia-volume"]', 'data-value')),
      });
      const k0 = await kneeRead();
      const kneeTitle = await page.locator('[data-testid="knee-plan-panel"] h2').first().textContent();
      if (!/right knee/i.test(kneeTitle)) throw new Error(`the knee sample is expected to be a right knee: "${kneeTitle}"`);
      await page.locator('[data-testid="view-3d-button"]').click();
      await page.waitForFunction(() => document.querySelector('[data-testid="view3d-label-right"]').textContent === 'L', null, { timeout: 60_000 });
      await page.waitForFunction((s) => /"tibia"/.test(document.querySelector(s).dataset.kneeGizmo ?? ''), CANVAS, { timeout: 30_000 });
      const kg = await stable(page, 'kneeGizmo');
      const t = kg.tibia;
      // Medial of a right knee = patient's left = screen right in the anterior view.
      if (!(t.varus[0] > t.depth[0] + 10)) throw new Error(`medial knob at ${t.varus}, depth knob at ${t.depth}: not medial on screen`);
      // Depth knob 3 mm distally (its +10 mm point is proximal along the normal).
      const up = [(t.depth[2] - t.depth[0]) / 10, (t.depth[3] - t.depth[1]) / 10];
      await drag(page, t.depth.slice(0, 2), -3 * up[0], -3 * up[1]);
      await metricsReady(k0.version);
      const k1 = await kneeRead();
      console.log(`      tibial depth knob 3 mm distally (${(3 * Math.hypot(...up)).toFixed(1)} px): depth ${k0.depth} → ${k1.depth} mm, resected tibia ${k0.volume.toFixed(2)} → ${k1.volume.toFixed(2)} mL (worker, ${await attr(page, '[data-testid="knee-metrics"]', 'data-volume-ms')} ms); ${await text(page, 'knee-message')}`);
      if (!(Math.abs(k1.depth - (k0.depth + 3)) < 0.75)) throw new Error(`tibial depth ${k0.depth} → ${k1.depth}, expected about +3 mm`);
      if (k1.version !== k0.version + 1) throw new Error(`volumes computed ${k1.version - k0.version} times for one drag (expected once, at its end)`);
      if (!(k1.volume > k0.volume + 3)) throw new Error(`resected tibia ${k0.volume} → ${k1.volume} mL: a deeper cut removes more bone`);
      if (k1.varus !== k0.varus || k1.slope !== k0.slope) throw new Error(`a depth drag changed the angles: ${k0.varus}/${k0.slope} → ${k1.varus}/${k1.slope}`);
      // Medial knob 2 mm distally: varus + (medial side lower), ≈ atan(2 / 30) = 3.8°.
      const kg2 = (await stable(page, 'kneeGizmo')).tibia;
      const axisUp = [(kg2.varus[2] - kg2.varus[0]) / 10, (kg2.varus[3] - kg2.varus[1]) / 10];
      await drag(page, kg2.varus.slice(0, 2), -2 * axisUp[0], -2 * axisUp[1]);
      await metricsReady(k1.version);
      const k2 = await kneeRead();
      console.log(`      medial knob 2 mm distally: tibial varus ${k1.varus}° → ${k2.varus}° (expected ≈ +3.8°), depth ${k2.depth} mm, resected ${k2.volume.toFixed(2)} mL`);
      if (!(k2.varus > 2.5 && k2.varus < 5.5)) throw new Error(`tibial varus after lowering the medial knob: ${k2.varus}° (expected ≈ +3.8°)`);
      if (k2.depth !== k1.depth) throw new Error(`a varus drag changed the depth ${k1.depth} → ${k2.depth}`);
    },
  },
];
