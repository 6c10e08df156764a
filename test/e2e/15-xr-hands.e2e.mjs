/**
 * (j2) The headset overlay's hand input and in-headset panel, in Meta's WebXR emulator (iwer, dev only):
 * - hand tracking: the emulated right hand (iwer's XRHandInput: `updatePinchValue` blends its relaxed
 *   pose into its pinch pose) is moved so that its pinch point (midpoint of the thumb and index tips,
 *   computed HERE from iwer's own hand-pose tables) lands on each landmark of the virtual patient
 *   (+ 0.5 mm/axis seeded noise) and pinches: the recovered pose must be within 1 mm at the target and
 *   1° of the known pose; a half-open hand (thumb–index in the 15–25 mm hysteresis band) neither
 *   releases nor picks twice; a pinch with the hand ray on the panel presses the button, not a pick;
 * - controller rays: the right and the left controller aim at panel buttons (Undo pick, Trace,
 *   Accept) and press the trigger; the workflow changes (DOM data attributes) and no pick is recorded.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DOWN, NAMES, app, checkShown, data, enter, frames, groundTruth, knownPose, openOverlay, picksAre, poseError, registerByController, trigger, xrOfLps, gaussian, moveTip } from './14-xr.e2e.mjs';

/** Rotates v by the unit quaternion q = [x, y, z, w]. */
function rotate(q, v) {
  const [x, y, z, w] = q;
  const c = [y * v[2] - z * v[1], z * v[0] - x * v[2], x * v[1] - y * v[0]]; // q × v
  const cc = [y * c[2] - z * c[1], z * c[0] - x * c[2], x * c[1] - y * c[0]]; // q × (q × v)
  return [0, 1, 2].map((i) => v[i] + 2 * w * c[i] + 2 * cc[i]);
}

/** The quaternion turning −Z (a ray's direction in its own space) onto the unit direction d. */
function aimQuaternion(d) {
  const a = [0, 0, -1];
  const axis = [a[1] * d[2] - a[2] * d[1], a[2] * d[0] - a[0] * d[2], a[0] * d[1] - a[1] * d[0]];
  const w = 1 + (a[0] * d[0] + a[1] * d[1] + a[2] * d[2]);
  const n = Math.hypot(...axis, w);
  return [...axis.map((v) => v / n), w / n];
}

/**
 * The right hand's pinch point relative to its target-ray pose, from iwer's hand-pose tables (the joints'
 * offset matrices in the target-ray space; iwer mirrors the left-hand tables for the right hand, x → −x).
 */
async function rightHandPinchOffsets(root) {
  const load = async (f) => import(pathToFileURL(join(root, 'node_modules/iwer/lib/device/configs/hand', f)).href);
  const { pinchHandPose } = await load('pinch.js');
  const { relaxedHandPose } = await load('relaxed.js');
  const mid = (pose) => {
    const t = (name) => { const m = pose.jointTransforms[name].offsetMatrix; return [-m[12], m[13], m[14]]; };
    const a = t('thumb-tip');
    const b = t('index-finger-tip');
    return { midM: [0, 1, 2].map((i) => (a[i] + b[i]) / 2), distanceMm: 1000 * Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]) };
  };
  return { pinch: mid(pinchHandPose), relaxed: mid(relaxedHandPose) };
}

const hand = async (page) => { const s = (await data(page)).handRight; return s ? JSON.parse(s) : null; };

/** Moves the emulated right hand (target-ray pose) and waits until the page reads its joints there. */
async function moveHand(page, position, q, expectPointXrM) {
  await page.evaluate(([p, qq]) => {
    const h = window.__jumeauXrDevice.hands.right;
    h.quaternion.set(qq[0], qq[1], qq[2], qq[3]);
    h.position.set(p[0], p[1], p[2]);
  }, [position, q]);
  await page.waitForFunction(([s, e]) => {
    const t = document.querySelector(s).dataset.handRight;
    if (!t) return false;
    const v = JSON.parse(t).pointXrM;
    return Math.hypot(v[0] - e[0], v[1] - e[1], v[2] - e[2]) < 1e-5;
  }, [app, expectPointXrM], { timeout: 15_000 });
}

const setPinch = (page, v) => page.evaluate((x) => window.__jumeauXrDevice.hands.right.updatePinchValue(x), v);

/** Pinches with the right hand so that its pinch point is at `pointXrM` (hand pointing down); waits for `done`. */
async function pinchAt(page, offsets, pointXrM, done) {
  const position = pointXrM.map((v, i) => v - rotate(DOWN, offsets.pinch.midM)[i]);
  await moveHand(page, position, DOWN, position.map((v, i) => v + rotate(DOWN, offsets.relaxed.midM)[i]));
  await setPinch(page, 1);
  await page.waitForFunction(done.fn, done.arg, { timeout: 15_000 });
}

async function release(page) {
  await setPinch(page, 0);
  await page.waitForFunction((s) => { const t = document.querySelector(s).dataset.handRight; return !!t && JSON.parse(t).pinching === false; }, app, { timeout: 15_000 });
}

/** Where a panel button is (XR m) and the panel's normal towards the user, once the GUI has laid it out. */
async function buttonTarget(page, key) {
  const h = await page.waitForFunction((k) => window.__jumeauXrPanel.buttonTargetXr(k), key, { timeout: 15_000 });
  return h.jsonValue();
}

/** Puts a controller (or hand) 25 cm in front of a panel button, its ray aimed at the button's centre. */
async function aimAtButton(page, kind, side, key) {
  const t = await buttonTarget(page, key);
  const from = t.pointXrM.map((v, i) => v + 0.25 * t.towardUserXr[i]);
  const q = aimQuaternion(t.towardUserXr.map((v) => -v));
  await page.evaluate(([k, s, p, qq]) => {
    const d = window.__jumeauXrDevice[k][s];
    d.quaternion.set(qq[0], qq[1], qq[2], qq[3]);
    d.position.set(p[0], p[1], p[2]);
  }, [kind, side, from, q]);
  await frames(page, 4);
  return { from, q };
}

/** Trigger press on the panel with a controller: the page must see it as a panel press; release fires the button. */
async function pressPanel(page, side, key, done) {
  await aimAtButton(page, 'controllers', side, key);
  await page.evaluate((s) => window.__jumeauXrDevice.controllers[s].updateButtonValue('trigger', 1), side);
  await page.waitForFunction(([s, want]) => document.querySelector(s).dataset.lastTrigger === want, [app, `trigger ${side} panel`], { timeout: 15_000 })
    .catch(async () => { throw new Error(`the ${side} trigger on "${key}" was not seen as a panel press (last: ${(await data(page)).lastTrigger})`); });
  await frames(page, 2);
  await page.evaluate((s) => window.__jumeauXrDevice.controllers[s].updateButtonValue('trigger', 0), side);
  await page.waitForFunction(done.fn, done.arg, { timeout: 15_000 })
    .catch(async () => { throw new Error(`pressing "${key}" with the ${side} controller ray did nothing (state ${JSON.stringify(await data(page)).slice(0, 400)})`); });
  await frames(page, 2);
}

export default [
  {
    name: 'xr hands: immersive-vr, tracked hands: 5 pinches (start < 15 mm, release > 25 mm) at the landmarks with 0.5 mm noise → ≤ 1 mm / ≤ 1°; a half-open hand does not pick twice; a pinch with the hand ray on the panel presses Undo, not a pick',
    async run({ page, baseUrl, server, root }) {
      const poseText = '0.08,0.88,-0.55,15,-90,-5';
      await openOverlay(page, baseUrl, `emulate=quest3&xrMode=immersive-vr&patientPose=${poseText}`);
      await enter(page, 'immersive-vr');
      const report = [];
      const offsets = await rightHandPinchOffsets(root);
      report.push(`iwer hand poses: thumb–index ${offsets.relaxed.distanceMm.toFixed(1)} mm relaxed, ${offsets.pinch.distanceMm.toFixed(1)} mm pinched`);
      // Hands instead of controllers, mid-session (inputsourceschange).
      await page.evaluate(() => { window.__jumeauXrDevice.primaryInputMode = 'hand'; });
      await page.waitForFunction((s) => !!document.querySelector(s).dataset.handRight, app, { timeout: 15_000 });
      const { landmarksLps, reg } = await groundTruth(server);
      const pose = knownPose(poseText);

      // A wrong pinch pick (2 cm off), then Undo pressed by pinching with the hand ray on the panel.
      const wrong = xrOfLps(pose, landmarksLps.femoralHeadCentreLeft).map((v, i) => v + (i === 0 ? 0.02 : 0));
      await pinchAt(page, offsets, wrong, picksAre(1));
      if ((await data(page)).lastTrigger !== 'pinch right') throw new Error(`pick made by ${(await data(page)).lastTrigger}, not a pinch`);
      await release(page);
      await aimAtButton(page, 'hands', 'right', 'undo');
      await setPinch(page, 1);
      await page.waitForFunction((s) => document.querySelector(s).dataset.lastTrigger === 'pinch right panel', app, { timeout: 15_000 })
        .catch(async () => { throw new Error(`the pinch on the panel was not a panel press: ${(await data(page)).lastTrigger}`); });
      await frames(page, 2);
      if ((await data(page)).picks !== '1') throw new Error(`a pinch on the panel changed the picks to ${(await data(page)).picks}`);
      await release(page);
      await page.waitForFunction((s) => document.querySelector(s).dataset.picks === '0', app, { timeout: 15_000 })
        .catch(async () => { throw new Error(`Undo pressed by the hand ray did nothing: picks ${(await data(page)).picks}`); });
      report.push('hand ray + pinch on the panel: Undo pressed, no pick');

      // Five landmarks pinched, 0.5 mm/axis noise.
      const noise = gaussian(23);
      const sent = [];
      for (const [i, name] of NAMES.entries()) {
        if ((await data(page)).next !== name) throw new Error(`page asks for ${(await data(page)).next}, test expected ${name}`);
        const e = noise(0.0005);
        const p = xrOfLps(pose, landmarksLps[name]).map((v, k) => v + e[k]);
        await pinchAt(page, offsets, p, picksAre(i + 1));
        sent.push(p);
        if (i === 0) {
          // Hysteresis in the real path: half open (15–25 mm) stays one pinch; closing again picks nothing.
          await setPinch(page, 0.8);
          await frames(page, 4);
          const h = await hand(page);
          if (!(h.distanceMm > 15 && h.distanceMm < 25 && h.pinching)) throw new Error(`half-open hand: ${JSON.stringify(h)}`);
          await setPinch(page, 1);
          await frames(page, 4);
          if ((await data(page)).picks !== '1') throw new Error('re-closing inside the hysteresis band picked again');
          report.push(`half-open hand at ${h.distanceMm.toFixed(1)} mm: still pinching, no second pick`);
        }
        await release(page);
      }
      const d = await data(page);
      const target = landmarksLps.femoralHeadCentreLeft;
      const err = poseError(JSON.parse(d.xrFromLps), pose, target);
      report.push(`5 pinches: target error ${err.translationMm.toFixed(3)} mm, rotation ${err.rotationDeg.toFixed(3)}°`);
      if (!(err.translationMm <= 1)) throw new Error(`target error ${err.translationMm} mm > 1 mm`);
      if (!(err.rotationDeg <= 1)) throw new Error(`rotation error ${err.rotationDeg}° > 1°`);
      const planned = NAMES.map((n) => landmarksLps[n]);
      const ref = reg.registerPairedPoints({ sourceLps: planned, targetLps: sent.map((p) => p.map((v) => v * 1000)) });
      const tre = reg.predictTreRms({ fiducialsLps: planned, fleRmsMm: 1, targetLps: target }).treRmsMm;
      report.push(`FRE ${ref.freMm.toFixed(3)} mm, predicted TRE ${tre.toFixed(3)} mm; shown "${d.panelFre}" / "${d.panelBadge}"`);
      checkShown(d, await page.locator('[data-testid="xr-badge"]').innerText(), ref.freMm, tre);
      console.log(`      ${report.join('\n      ')}`);
    },
  },
  {
    name: 'xr panel: controller rays press the in-headset panel (Undo pick, Trace, Accept) with the trigger — right and left controller, first press — and a trigger on the panel records no pick',
    async run({ page, baseUrl, server }) {
      const poseText = '-0.05,0.9,-0.5,-10,-90,0';
      await openOverlay(page, baseUrl, `emulate=quest3&patientPose=${poseText}`);
      await page.evaluate(() => localStorage.removeItem('jumeau.xr.registration'));
      await enter(page, 'immersive-ar');
      const report = [];
      // A wrong pick with the right trigger, undone with the right controller's ray on "Undo pick".
      const { landmarksLps } = await groundTruth(server);
      await moveTip(page, xrOfLps(knownPose(poseText), landmarksLps.femoralHeadCentreLeft).map((v, i) => v + (i === 1 ? 0.015 : 0)));
      await trigger(page, picksAre(1));
      await pressPanel(page, 'right', 'undo', picksAre(0));
      report.push('right ray on "Undo pick": picks 1 → 0 (the trigger on the panel added none)');
      // The LEFT controller (never used before: Babylon's default pointer selection served one controller only).
      const traceOn = { fn: (s) => /^Trace: on/.test(document.querySelector(s).textContent), arg: '[data-testid="xr-trace"]' };
      await pressPanel(page, 'left', 'trace', traceOn);
      const traceOff = { fn: (s) => document.querySelector(s).textContent === 'Trace', arg: '[data-testid="xr-trace"]' };
      await pressPanel(page, 'left', 'trace', traceOff);
      if ((await data(page)).picks !== '0' || (await data(page)).traceCount !== '0') throw new Error(`panel presses recorded points: ${JSON.stringify(await data(page)).slice(0, 300)}`);
      report.push('left ray on "Trace": on, then off; no pick, no traced point');
      // Register, then Accept from the panel.
      await registerByController(page, server, poseText, NAMES.slice(0, 4), 31, report);
      const before = await data(page);
      await pressPanel(page, 'right', 'accept', { fn: (s) => document.querySelector(s).dataset.phase === 'locked' && document.querySelector(s).dataset.saved === 'true', arg: app });
      const after = await data(page);
      if (after.picks !== '4' || after.xrFromLps !== before.xrFromLps) throw new Error(`accept by the panel changed the registration: picks ${after.picks}`);
      report.push('right ray on "Accept": locked and saved, pose unchanged');
      console.log(`      ${report.join('\n      ')}`);
    },
  },
];
