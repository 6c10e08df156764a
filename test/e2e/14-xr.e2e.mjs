/**
 * (j) The headset overlay (xr.html) in headless Chromium with Meta's WebXR emulator (iwer, dev only,
 * `?emulate=quest3`): enter immersive-ar and, separately, immersive-vr; drive the emulated right
 * controller to the landmarks of the virtual patient placed with a KNOWN pose (+ 0.5 mm/axis seeded
 * noise) and press the trigger for each; the recovered pose must be within 1 mm at the target and 1°
 * of the known pose; the FRE and predicted TRE shown in the in-headset panel, the badge and the DOM
 * equal an independent computation (registration module called here, in Node) to the shown precision.
 * Also: undo, check point, accept (saved record), and the desktop fallback with mouse picks.
 * The runner's last test asserts that no request left 127.0.0.1. The helpers are exported for the
 * hand, panel-ray and liver-case tests (15-xr-*.e2e.mjs); the runner reads only `default`.
 */

export const app = '[data-testid="xr-app"]';
/** Controller pointing straight down (−Z rotated to −Y): quaternion about +X by −90°. */
export const DOWN = [-Math.SQRT1_2, 0, 0, Math.SQRT1_2];

/** Seeded Gaussian noise (mulberry32 + Box–Muller), σ per axis. */
export function gaussian(seed) {
  let s = seed >>> 0;
  const u = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return (sigma) => [0, 1, 2].map(() => sigma * Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u()));
}

// Independent frame maths (not the page's code): R = Ry(yaw)·Rx(pitch)·Rz(roll); p_xr = R·0.001·(x, z, −y) + t.
export const rad = (d) => (d * Math.PI) / 180;
export const mul = (a, b) => a.map((row) => [0, 1, 2].map((j) => row[0] * b[0][j] + row[1] * b[1][j] + row[2] * b[2][j]));
const rx = (d) => [[1, 0, 0], [0, Math.cos(rad(d)), -Math.sin(rad(d))], [0, Math.sin(rad(d)), Math.cos(rad(d))]];
const ry = (d) => [[Math.cos(rad(d)), 0, Math.sin(rad(d))], [0, 1, 0], [-Math.sin(rad(d)), 0, Math.cos(rad(d))]];
const rz = (d) => [[Math.cos(rad(d)), -Math.sin(rad(d)), 0], [Math.sin(rad(d)), Math.cos(rad(d)), 0], [0, 0, 1]];
export function knownPose(text) {
  const [tx, ty, tz, yaw = 0, pitch = 0, roll = 0] = text.split(',').map(Number);
  return { r: mul(mul(ry(yaw), rx(pitch)), rz(roll)), t: [tx, ty, tz] };
}
export const xrOfLps = (pose, p) => {
  const q = [p[0] / 1000, p[2] / 1000, -p[1] / 1000];
  return [0, 1, 2].map((i) => pose.r[i][0] * q[0] + pose.r[i][1] * q[1] + pose.r[i][2] * q[2] + pose.t[i]);
};
/** Error of a row-major LPS mm → XR mm matrix vs the known pose: angle (deg) and distance at a point (mm). */
export function poseError(m, pose, atLps) {
  const r = [[m[0], m[1], m[2]], [m[4], m[5], m[6]], [m[8], m[9], m[10]]];
  const c = [[1, 0, 0], [0, 0, 1], [0, -1, 0]]; // LPS → patient axes
  const rTrue = mul(pose.r, c);
  const d = mul(r, [[rTrue[0][0], rTrue[1][0], rTrue[2][0]], [rTrue[0][1], rTrue[1][1], rTrue[2][1]], [rTrue[0][2], rTrue[1][2], rTrue[2][2]]]);
  const angle = Math.atan2(Math.hypot(d[2][1] - d[1][2], d[0][2] - d[2][0], d[1][0] - d[0][1]), d[0][0] + d[1][1] + d[2][2] - 1) * (180 / Math.PI);
  const est = [0, 1, 2].map((i) => r[i][0] * atLps[0] + r[i][1] * atLps[1] + r[i][2] * atLps[2] + m[4 * i + 3]);
  const truth = xrOfLps(pose, atLps).map((v) => v * 1000);
  return { rotationDeg: angle, translationMm: Math.hypot(est[0] - truth[0], est[1] - truth[1], est[2] - truth[2]) };
}

export const data = (page) => page.evaluate((sel) => ({ ...document.querySelector(sel).dataset }), app);
export const frames = (page, n = 2) => page.evaluate((k) => new Promise((res) => { let i = 0; const f = () => (++i >= k ? res() : requestAnimationFrame(f)); requestAnimationFrame(f); }), n);
/** Clicks a DOM control by script (in a session the emulator's canvas covers the page). */
export const press = (page, id) => page.evaluate((s) => document.querySelector(s).click(), `[data-testid="${id}"]`);

export async function moveTip(page, p) {
  await page.evaluate(([x, y, z, q]) => {
    const c = window.__jumeauXrDevice.controllers.right;
    c.quaternion.set(q[0], q[1], q[2], q[3]);
    c.position.set(x, y, z);
  }, [...p, DOWN]);
  await page.waitForFunction(([x, y, z]) => {
    const t = document.querySelector('[data-testid="xr-app"]').dataset.tipRight;
    if (!t) return false;
    const v = JSON.parse(t);
    return Math.abs(v[0] - x) < 1e-6 && Math.abs(v[1] - y) < 1e-6 && Math.abs(v[2] - z) < 1e-6;
  }, p, { timeout: 15_000 });
}

/** Trigger press and release; waits until the page has counted the pick (or the check). */
export async function trigger(page, done) {
  await page.evaluate(() => window.__jumeauXrDevice.controllers.right.updateButtonValue('trigger', 1));
  await page.waitForFunction(done.fn, done.arg, { timeout: 15_000 });
  await page.evaluate(() => window.__jumeauXrDevice.controllers.right.updateButtonValue('trigger', 0));
  await frames(page, 2);
}
export const picksAre = (n) => ({ fn: (k) => document.querySelector('[data-testid="xr-app"]').dataset.picks === String(k), arg: n });

export async function openOverlay(page, baseUrl, query) {
  await page.goto(`${baseUrl}xr.html?${query}`);
  await page.waitForFunction((s) => document.querySelector(s).dataset.ready !== 'false', app, { timeout: 60_000 });
  const d = await data(page);
  if (d.ready !== 'true') throw new Error(`overlay did not start: ${await page.locator('[data-testid="xr-support-reason"]').innerText()}`);
}

export async function enter(page, mode) {
  const support = (await data(page)).xrSupport;
  if (!support.split(' ').includes(mode)) throw new Error(`emulator offers "${support}", not ${mode}`);
  await page.locator('[data-testid="xr-enter"]').click();
  await page.waitForFunction((s) => document.querySelector(s).dataset.session !== 'none', app, { timeout: 60_000 });
  const got = (await data(page)).session;
  if (got !== mode) throw new Error(`entered ${got}, expected ${mode}`);
  // World = local-floor: the tip reported by the page is where the emulator holds the controller.
  await moveTip(page, [0.1, 1.0, -0.3]);
}

/** Planned landmarks (ground truth of the hip phantom) and the registration module, loaded in Node. */
export async function groundTruth(server) {
  const { buildHipPhantom } = await server.ssrLoadModule('/src/samples/hipPhantom.ts');
  const reg = await server.ssrLoadModule('/src/registration/index.ts');
  return { landmarksLps: buildHipPhantom({ gridSize: [4, 4, 4], noiseSigmaHu: 0 }).landmarksLps, reg };
}

/** Checks the shown FRE/TRE texts against values computed here: equal to the shown 2 decimals. */
export function checkShown(d, badgeDom, fre, tre) {
  const num = (s, re) => {
    const m = re.exec(s);
    if (!m) throw new Error(`no number in "${s}"`);
    return Number(m[1]);
  };
  const within = (shown, v, what) => {
    if (!(Math.abs(shown - v) <= 0.005 + 1e-6)) throw new Error(`${what} shows ${shown}, computed ${v.toFixed(4)}`);
  };
  within(num(d.panelBadge, /^TRE (\d+\.\d\d) mm$/), tre, 'in-headset badge TRE');
  within(num(d.panelTre, /^TRE (\d+\.\d\d) mm at Cup centre L \(predicted\)/), tre, 'in-headset panel TRE');
  within(num(d.panelFre, /^FRE (\d+\.\d\d) mm \(fit of the picks, not accuracy\)$/), fre, 'in-headset panel FRE');
  within(num(badgeDom, /TRE (\d+\.\d\d) mm/), tre, 'page badge TRE');
}

export async function registerByController(page, server, poseText, names, seed, report) {
  const { landmarksLps, reg } = await groundTruth(server);
  const pose = knownPose(poseText);
  const noise = gaussian(seed);
  const sent = [];
  for (const [i, name] of names.entries()) {
    if ((await data(page)).next !== name) throw new Error(`page asks for ${(await data(page)).next}, test expected ${name}`);
    const e = noise(0.0005);
    const p = xrOfLps(pose, landmarksLps[name]).map((v, k) => v + e[k]);
    await moveTip(page, p);
    await trigger(page, picksAre(i + 1));
    sent.push(p);
  }
  const d = await data(page);
  const planned = names.map((n) => landmarksLps[n]);
  const target = landmarksLps.femoralHeadCentreLeft; // the cup centre
  const err = poseError(JSON.parse(d.xrFromLps), pose, target);
  report.push(`${names.length} picks: target error ${err.translationMm.toFixed(3)} mm, rotation ${err.rotationDeg.toFixed(3)}°`);
  if (!(err.translationMm <= 1)) throw new Error(`target error ${err.translationMm} mm > 1 mm`);
  if (!(err.rotationDeg <= 1)) throw new Error(`rotation error ${err.rotationDeg}° > 1°`);
  const ref = reg.registerPairedPoints({ sourceLps: planned, targetLps: sent.map((p) => p.map((v) => v * 1000)) });
  const tre = reg.predictTreRms({ fiducialsLps: planned, fleRmsMm: 1, targetLps: target }).treRmsMm;
  report.push(`FRE ${ref.freMm.toFixed(3)} mm, predicted TRE ${tre.toFixed(3)} mm; shown "${d.panelFre}" / "${d.panelBadge}"`);
  checkShown(d, await page.locator('[data-testid="xr-badge"]').innerText(), ref.freMm, tre);
  return { landmarksLps, pose, err };
}

export const NAMES = ['femoralHeadCentreLeft', 'femoralHeadCentreRight', 'femoralShaftAxisDistalLeft', 'femoralShaftAxisDistalRight', 'markerBeadLeft'];

export default [
  {
    name: 'xr: immersive-ar (emulated Quest 3): 5 controller picks with 0.5 mm noise → ≤ 1 mm / ≤ 1° at the cup centre; shown FRE/TRE match; accept saves the pose',
    async run({ page, baseUrl, server }) {
      const poseText = '0.05,0.9,-0.5,25,-90,0';
      await openOverlay(page, baseUrl, `emulate=quest3&patientPose=${poseText}`);
      await page.evaluate(() => localStorage.removeItem('jumeau.xr.registration'));
      await enter(page, 'immersive-ar');
      const report = [];
      await registerByController(page, server, poseText, NAMES, 7, report);
      await press(page, 'xr-accept');
      await page.waitForFunction((s) => document.querySelector(s).dataset.saved === 'true', app, { timeout: 15_000 });
      const d = await data(page);
      if (d.phase !== 'locked') throw new Error(`phase ${d.phase} after accept`);
      const rec = await page.evaluate(() => JSON.parse(localStorage.getItem('jumeau.xr.registration')));
      if (rec.schema !== 'jumeau.xr-registration/1' || JSON.stringify(rec.xrFromLpsMatrix4) !== d.xrFromLps || rec.sessionMode !== 'immersive-ar') throw new Error(`saved record ${JSON.stringify(rec).slice(0, 300)}`);
      // The emulated Quest 3 grants 'anchors': the record carries the anchor-relative pose.
      if (d.anchored !== 'true' || !Array.isArray(rec.anchorFromPatientMatrix4)) throw new Error(`not anchored: ${d.anchored}`);
      report.push(`saved with an anchor (${rec.savedAt})`);
      await press(page, 'xr-exit');
      await page.waitForFunction((s) => document.querySelector(s).dataset.session === 'none', app, { timeout: 15_000 });
      console.log(`      ${report.join('\n      ')}`);
    },
  },
  {
    name: 'xr: immersive-vr (emulated Quest 3): 4 picks with a wrong pick undone → ≤ 1 mm / ≤ 1°; check point at a landmark not used measures the error there; traced surface + ICP stays ≤ 1 mm / ≤ 1°',
    async run({ page, baseUrl, server }) {
      const poseText = '-0.1,0.85,-0.6,-20,-90,5';
      await openOverlay(page, baseUrl, `emulate=quest3&xrMode=immersive-vr&patientPose=${poseText}`);
      await enter(page, 'immersive-vr');
      const report = [];
      // A wrong first pick (2 cm off), undone from the panel.
      const { landmarksLps: lm } = await groundTruth(server);
      const wrong = xrOfLps(knownPose(poseText), lm.femoralHeadCentreLeft).map((v, i) => v + (i === 0 ? 0.02 : 0));
      await moveTip(page, wrong);
      await trigger(page, picksAre(1));
      await press(page, 'xr-undo');
      await page.waitForFunction((s) => document.querySelector(s).dataset.picks === '0', app);
      const names = NAMES.slice(0, 4);
      const { landmarksLps, pose } = await registerByController(page, server, poseText, names, 11, report);
      // Check point: touch the left neck junction (not a registration landmark) at its true place.
      await press(page, 'xr-check');
      const cp = landmarksLps.femoralNeckJunctionLeft;
      await moveTip(page, xrOfLps(pose, cp));
      await trigger(page, { fn: (s) => document.querySelector(s).dataset.lastCheckMm !== '', arg: app });
      const d = await data(page);
      const expected = poseError(JSON.parse(d.xrFromLps), pose, cp).translationMm;
      if (!(Math.abs(Number(d.lastCheckMm) - expected) < 0.01)) throw new Error(`check point ${d.lastCheckMm} mm, pose error there ${expected} mm`);
      if (d.picks !== '4') throw new Error('the check-point touch was counted as a pick');
      report.push(`check point (neck junction L): ${Number(d.lastCheckMm).toFixed(3)} mm`);
      // Surface trace with the trigger held (12 twin vertices + 0.3 mm/axis noise), then ICP from the panel.
      const { buildPhantomTwin } = await server.ssrLoadModule('/src/xr/phantomTwin.ts');
      const pts = buildPhantomTwin({ gridMm: 3 }).surface.pointsLps;
      const n = pts.length / 3;
      const noise = gaussian(5);
      const trace = Array.from({ length: 12 }, (_, k) => {
        const i = Math.floor(((k + 0.5) * n) / 12);
        const e = noise(0.0003);
        return xrOfLps(pose, [pts[3 * i], pts[3 * i + 1], pts[3 * i + 2]]).map((v, j) => v + e[j]);
      });
      await press(page, 'xr-trace');
      await moveTip(page, trace[0]);
      await page.evaluate(() => window.__jumeauXrDevice.controllers.right.updateButtonValue('trigger', 1));
      await page.waitForFunction((s) => document.querySelector(s).dataset.traceCount === '1', app, { timeout: 15_000 });
      for (let k = 1; k < trace.length; k++) {
        await moveTip(page, trace[k]);
        await page.waitForFunction(([s, c]) => document.querySelector(s).dataset.traceCount === String(c), [app, k + 1], { timeout: 15_000 });
      }
      await page.evaluate(() => window.__jumeauXrDevice.controllers.right.updateButtonValue('trigger', 0));
      await frames(page, 2);
      await press(page, 'xr-refine');
      await page.waitForFunction((s) => document.querySelector(s).dataset.source === 'icp', app, { timeout: 15_000 });
      const di = await data(page);
      const icpErr = poseError(JSON.parse(di.xrFromLps), pose, landmarksLps.femoralHeadCentreLeft);
      report.push(`ICP from ${di.traceCount} traced points: target error ${icpErr.translationMm.toFixed(3)} mm, rotation ${icpErr.rotationDeg.toFixed(3)}°`);
      if (!(icpErr.translationMm <= 1 && icpErr.rotationDeg <= 1)) throw new Error(`after ICP: ${icpErr.translationMm} mm / ${icpErr.rotationDeg}°`);
      console.log(`      ${report.join('\n      ')}`);
    },
  },
  {
    name: 'xr: desktop fallback without a headset: Enter disabled with the reason; mouse picks on the virtual patient register it',
    async run({ page, baseUrl }) {
      const poseText = '0,0.9,-0.5,10,-90,0';
      await openOverlay(page, baseUrl, `patientPose=${poseText}`);
      if (!(await page.locator('[data-testid="xr-enter"]').isDisabled())) throw new Error('Enter headset is enabled without any immersive support');
      const why = await page.locator('[data-testid="xr-support-reason"]').innerText();
      if (!/Headset unavailable: .*no immersive session/.test(why)) throw new Error(`reason shown: ${why}`);
      const box = await page.locator('[data-testid="xr-canvas"]').boundingBox();
      for (let i = 0; i < 3; i++) {
        await page.locator('[data-testid="xr-focus"]').click();
        await frames(page, 3);
        await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
        await page.waitForFunction(([s, k]) => document.querySelector(s).dataset.picks === String(k), [app, i + 1], { timeout: 10_000 });
      }
      const d = await data(page);
      const lm = { femoralHeadCentreLeft: [80, 0, 0] };
      const err = poseError(JSON.parse(d.xrFromLps), knownPose(poseText), lm.femoralHeadCentreLeft);
      // Clicks snap to the landmark markers' centres: exact up to Float32 meshes/matrices.
      if (!(err.translationMm < 0.05 && err.rotationDeg < 0.01)) throw new Error(`desktop pose error ${err.translationMm} mm / ${err.rotationDeg}°`);
      if (!/^TRE \d+\.\d\d mm$/.test(d.panelBadge)) throw new Error(`badge ${d.panelBadge}`);
    },
  },
];
