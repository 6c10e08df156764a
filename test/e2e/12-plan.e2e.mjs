/**
 * (l) The hip plan in the workstation: after the hip twin is built, the proposed plan shows the head
 * centres, ASIS and pubic tubercles found automatically (near the phantom's truth), a cup at 40°/15° in
 * the automatic anterior pelvic plane and a stem sized from the canal; the implant-in-bone GLB and STL
 * download; moving ASIS and pubic tubercles by clicks on the slice changes the APP (tilt 0); a bad
 * inclination is refused naming the field with the plan unchanged; a new inclination changes the ROM
 * chart; the cup shows in 3D; plan.json exports sealed and `jumeau plan` recomputes it with exit 0.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { caseJson, clickLpsOnSlice, text, waitSettled } from './lib.mjs';

const attr = (page, sel, a) => page.getAttribute(sel, a);

export default [
  {
    name: 'plan: hip plan panel — proposed head centres, ASIS and pubic tubercles, cup in the automatic APP, stem from the canal, implant-in-bone GLB/STL, landmarks moved, refused input, live ROM chart, 3D cup, sealed export checked by jumeau plan',
    async run({ page, baseUrl, root, outDir }) {
      const truth = caseJson(root, { id: 'hip' });
      const g = truth.geometry;
      await page.goto(`${baseUrl}?sample=hip`);
      if ((await waitSettled(page)) !== 'ready') throw new Error(`opening the hip sample: ${await text(page, 'status')}`);
      await page.locator('[data-testid="twin-build-button"]').click();
      if ((await waitSettled(page, 120_000)) !== 'ready') throw new Error(`twin build: ${await text(page, 'status')}`);
      await page.waitForFunction(() => !document.querySelector('[data-testid="plan-panel"]').hidden, null, { timeout: 10_000 });

      // Head centres: automatic, within 1 mm of the phantom's truth.
      for (const [name, key] of [['femoralHeadCentreLeft', 'femoralHeadCentreLeft'], ['femoralHeadCentreRight', 'femoralHeadCentreRight']]) {
        const row = page.locator(`[data-testid="plan-landmark"][data-name="${name}"]`);
        if ((await row.getAttribute('data-source')) !== 'auto') throw new Error(`${name}: source ${await row.getAttribute('data-source')}`);
        const p = (await row.locator('td.mono').innerText()).split(',').map(Number);
        const t = truth.landmarksLps[key];
        const d = Math.hypot(p[0] - t[0], p[1] - t[1], p[2] - t[2]);
        if (!(d < 1)) throw new Error(`${name} proposed at ${p}, truth ${t} (${d.toFixed(2)} mm)`);
      }
      // Host-bone coverage of the proposed cup (at the native head centre, one size up): measured 94.3 % with the
      // cup at 40°/15° in the automatic APP (94.8 % when it was 40°/15° in the scanner frame: the axis turned 6.7°).
      const coverage = Number(await attr(page, '[data-testid="metric-coverage"]', 'data-percent'));
      if (!(coverage > 90 && coverage < 99)) throw new Error(`cup coverage: ${await text(page, 'metric-coverage')}`);
      console.log(`      proposed cup: ${await text(page, 'metric-coverage')}`);
      // Bony ROM on the twin's own bones (worker): flexion stops at the anterior rim in a plausible range.
      await page.locator('[data-testid="plan-bone-rom"]').click();
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="bone-rom-row"]').length === 6, null, { timeout: 60_000 });
      const bony = Object.fromEntries(await page.locator('[data-testid="bone-rom-row"]').evaluateAll((els) => els.map((e) => [e.dataset.motion, e.dataset.limit])));
      console.log(`      bony ROM (twin bones): ${JSON.stringify(bony)}; ${await text(page, 'plan-message')}`);
      if (!(Number(bony.flexionDeg) > 115 && Number(bony.flexionDeg) < 128)) throw new Error(`bony flexion limit ${bony.flexionDeg}`);
      const cupSel = '[data-testid="metric-cup-angles"]';
      // ASIS and pubic tubercles proposed on the twin's hip bones: the phantom's wing tips (±113, −48.5, 55)
      // and pubic ramus ends (±11, −58.5, −32) within 5 mm; the cup's 40°/15° are in that APP (tilt 6.7°).
      for (const [name, t] of [['asisLeft', [113, -48.5, 55]], ['asisRight', [-113, -48.5, 55]], ['pubicTubercleLeft', [11, -58.5, -32]], ['pubicTubercleRight', [-11, -58.5, -32]]]) {
        const row = page.locator(`[data-testid="plan-landmark"][data-name="${name}"]`);
        if ((await row.getAttribute('data-source')) !== 'auto') throw new Error(`${name}: source ${await row.getAttribute('data-source')}`);
        const p = (await row.locator('td.mono').innerText()).split(',').map(Number);
        if (!(Math.hypot(p[0] - t[0], p[1] - t[1], p[2] - t[2]) < 5)) throw new Error(`${name} proposed at ${p}, phantom feature at ${t}`);
      }
      if ((await attr(page, cupSel, 'data-frame')) !== 'APP') throw new Error(`cup frame ${await attr(page, cupSel, 'data-frame')}`);
      if (Math.abs(Number(await attr(page, cupSel, 'data-inclination')) - 40) > 1e-6 || Math.abs(Number(await attr(page, cupSel, 'data-anteversion')) - 15) > 1e-6) throw new Error(`proposed cup ${await text(page, 'metric-cup-angles')}`);
      const tilt = Number(/pelvic tilt (-?[0-9.]+)°/.exec(await text(page, 'metric-cup-angles'))?.[1]);
      if (!(tilt > 5 && tilt < 8)) throw new Error(`automatic APP tilt: ${await text(page, 'metric-cup-angles')}`);
      // Native acetabulum (rim plane) of the operated (left) side in that APP: the phantom's opening unit(0.7, −0.25, −0.67)
      // is 46.25° / 14.47° in the scanner frame, 45.3° / 9.9° in an APP tilted 6.5° posteriorly (unit tests: axis within 0.2°).
      const natSel = '[data-testid="metric-native-acetabulum"]';
      const natI = Number(await attr(page, natSel, 'data-inclination')), natA = Number(await attr(page, natSel, 'data-anteversion'));
      console.log(`      ${await text(page, 'metric-native-acetabulum')}`);
      if (!(natI > 43 && natI < 48 && natA > 7 && natA < 13)) throw new Error(`native acetabulum: ${await text(page, 'metric-native-acetabulum')}`);
      if (!/anterior pelvic plane/.test(await text(page, 'plan-cup-frame'))) throw new Error(`frame label: ${await text(page, 'plan-cup-frame')}`);
      const notes = await text(page, 'plan-notes');
      if (!/stem size 6 from the canal/.test(notes)) throw new Error(`stem sizing note: ${notes}`);
      console.log(`      automatic APP tilt ${tilt}°; ${/stem size[^\n]*/.exec(notes)?.[0]}`);
      // Implant-in-bone export: the twin's 5 bones + cup, liner, head, stem; GLB and STL of plausible size.
      const dlSize = async (kind) => {
        const [d] = await Promise.all([page.waitForEvent('download'), page.locator(`[data-testid="plan-export-implants-${kind}"]`).click()]);
        return readFileSync(await d.path());
      };
      const glb = await dlSize('glb');
      const glbBtn = '[data-testid="plan-export-implants-glb"]';
      const parts = (await attr(page, glbBtn, 'data-segments')).split('|');
      const tris = Number(await attr(page, glbBtn, 'data-triangles'));
      if (glb.readUInt32LE(0) !== 0x46546c67 || glb.readUInt32LE(8) !== glb.length || !(glb.length > 200_000 && glb.length < 60_000_000)) throw new Error(`implant-in-bone GLB: ${glb.length} bytes`);
      if (parts.length !== 9 || !['planned cup', 'planned liner', 'planned head', 'planned stem'].every((n) => parts.includes(n))) throw new Error(`implant-in-bone parts: ${parts}`);
      const stl = await dlSize('stl');
      if (stl.length !== 84 + 50 * tris || stl.readUInt32LE(80) !== tris) throw new Error(`implant-in-bone STL: ${stl.length} bytes for ${tris} triangles`);
      console.log(`      implant-in-bone: ${parts.length} parts, ${tris} triangles, GLB ${glb.length} B, STL ${stl.length} B`);
      if ((await attr(page, '[data-testid="rom-chart"]', 'data-state')) !== 'ok') throw new Error('no ROM chart for the proposed plan');
      const romBefore = await attr(page, '[data-testid="rom-chart"]', 'data-limits');

      // Move ASIS and pubic tubercles by clicks on one axial slice (a vertical APP: tilt 0).
      const clickLps = (p) => clickLpsOnSlice(page, g, p);
      const zTop = g.originLps[2] + g.spacingMm[2] * (g.size[2] - 10);
      const zLow = g.originLps[2] + g.spacingMm[2] * 10;
      const yFront = g.originLps[1] + g.spacingMm[1] * 20;
      for (const [name, p] of [['asisLeft', [110, yFront, zTop]], ['asisRight', [-110, yFront, zTop]], ['pubicTubercleLeft', [20, yFront, zLow]], ['pubicTubercleRight', [-20, yFront, zLow]]]) {
        await page.locator(`[data-testid="plan-place"][data-name="${name}"]`).click();
        await clickLps(p);
        await page.waitForFunction((n) => document.querySelector(`[data-testid="plan-landmark"][data-name="${n}"]`).dataset.source === 'manual', name, { timeout: 5000 });
      }
      await page.waitForFunction((s) => document.querySelector(s).dataset.frame === 'APP', cupSel, { timeout: 5000 });
      if (!/anterior pelvic plane/.test(await text(page, 'plan-cup-frame'))) throw new Error(`frame label after APP: ${await text(page, 'plan-cup-frame')}`);
      if (!/pelvic tilt 0\.0°/.test(await text(page, 'metric-cup-angles'))) throw new Error(`tilt: ${await text(page, 'metric-cup-angles')}`);

      // A bad inclination is refused naming the field; the plan is unchanged.
      const before = await attr(page, cupSel, 'data-inclination');
      await page.locator('[data-testid="plan-cup-inclination"]').fill('95');
      await page.locator('[data-testid="plan-cup-apply"]').click();
      if (!/^Not applied — inclination: must be a number of degrees from 0 to 90 \(got 95\)/.test(await text(page, 'plan-message'))) throw new Error(`message: ${await text(page, 'plan-message')}`);
      if ((await attr(page, cupSel, 'data-inclination')) !== before) throw new Error('the refused value changed the plan');
      // 50° applies: the metrics and the ROM chart change.
      await page.locator('[data-testid="plan-cup-inclination"]').fill('50');
      await page.locator('[data-testid="plan-cup-apply"]').click();
      await page.waitForFunction((s) => Math.abs(Number(document.querySelector(s).dataset.inclination) - 50) < 1e-6, cupSel, { timeout: 5000 });
      const romAfter = await attr(page, '[data-testid="rom-chart"]', 'data-limits');
      if (romAfter === romBefore) throw new Error('the ROM chart did not change with the cup');
      const bars = await page.locator('[data-testid="rom-chart"] rect').count();
      if (bars !== 6) throw new Error(`${bars} ROM bars`);

      // The cup is drawn in the 3D view.
      await page.locator('[data-testid="view-3d-button"]').click();
      await page.waitForFunction(() => document.querySelector('[data-testid="view3d-label-right"]').textContent === 'L', null, { timeout: 60_000 });
      await page.waitForTimeout(500);
      // The HTML report: numbers as shown, the 3D picture, the hash; no script.
      const [rep] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid="plan-report"]').click()]);
      const html = readFileSync(await rep.path(), 'utf8');
      if (!/anterior pelvic plane \(pelvic tilt 0\.0°\): radiographic 50\.0°/.test(html)) throw new Error('report: cup angles missing');
      if (!/<img alt="3D view[^>]*src="data:image\/png;base64,/.test(html)) throw new Error('report: no 3D picture');
      if (/<script/i.test(html) || !/Plan inputs SHA-256 \(RFC 8785\) [0-9a-f]{64}/.test(html)) throw new Error('report: script or hash');
      await page.locator('[data-testid="view-2d-button"]').click();

      // Export: sealed plan.json; the command line recomputes it and checks the hash (exit 0).
      const [dl] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid="plan-export"]').click()]);
      const plan = JSON.parse(readFileSync(await dl.path(), 'utf8'));
      if (plan.schema !== 'jumeau.plan/1' || !/^[0-9a-f]{64}$/.test(plan.integrity?.inputsSha256 ?? '')) throw new Error('plan.json not sealed');
      const cup = plan.metrics.hip.cupAngles;
      if (!cup.available || cup.value.frame !== 'APP' || Math.abs(cup.value.angles.radiographic.inclinationDeg - 50) > 1e-6) throw new Error(`exported cup metrics ${JSON.stringify(cup)}`);
      if (plan.landmarks.filter((l) => l.source === 'manual').length !== 4) throw new Error('manual landmarks not exported');
      const file = join(outDir, 'plan-e2e.json');
      writeFileSync(file, JSON.stringify(plan));
      const out = execFileSync('node', [join(root, 'bin/jumeau.mjs'), 'plan', file, '--json'], { cwd: root, encoding: 'utf8' });
      const check = JSON.parse(out);
      // The headset page opens this case from the browser's store: its bones, the planned cup and head, the 16 landmarks
      // (heads, ASIS, pubic tubercles, the operated side's neck-axis centre and lesser trochanter, and per side the
      // native acetabular rim centre + superior/anterior/posterior rim points, proposeAcetabularRim.ts: 8 + 2 × 4).
      const saves = Number(await page.getAttribute('[data-testid="app"]', 'data-case-saves'));
      await page.waitForTimeout(1000);
      if (Number(await page.getAttribute('[data-testid="app"]', 'data-case-saves')) < saves) throw new Error('case not saved');
      const xrHref = await page.getAttribute('[data-testid="plan-xr"]', 'href');
      await page.goto(new URL(xrHref, baseUrl).href);
      await page.waitForFunction(() => document.querySelector('[data-testid="xr-app"]').dataset.ready !== 'false', null, { timeout: 60_000 });
      const xrState = await page.evaluate(() => ({ ...document.querySelector('[data-testid="xr-app"]').dataset }));
      if (xrState.ready !== 'true' || !/^case: hip twin, 5 segments \+ planned (cup|head), planned (cup|head), 16 landmarks$/.test(xrState.twinSource) || xrState.landmarks !== '16') throw new Error(`headset page with the case: ${JSON.stringify(xrState)} ${await text(page, 'xr-support-reason')}`);
      if (check.integrity.status !== 'match' || check.storedMetrics.status !== 'match') throw new Error(`jumeau plan: integrity ${check.integrity.status}, stored metrics ${check.storedMetrics.status} ${JSON.stringify(check.storedMetrics.differences).slice(0, 300)}`);
    },
  },
];
