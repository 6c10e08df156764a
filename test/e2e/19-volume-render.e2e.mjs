/**
 * Volume rendering of the CT in the 3D twin view (src/scene/volumeRender.ts, shaders/volumeRaycast.*):
 * on the hip phantom with every mesh hidden, the bone preset draws the femoral heads where the
 * phantom's head centres (LPS, case.json) project through the camera — the patient's left head on the
 * screen right in the anterior view — and the bone it draws covers the same screen area as the bone
 * meshes (so the volume sits where the meshes are); off, the same pixels are background. The MIP shows
 * the heads too; the axial cut removes the rendered bone above it; the frame time is measured (SwiftShader).
 * Without WebGL2 (`?webgl1`) the toggle is disabled with the reason as its tooltip and the meshes still draw.
 */
import { join } from 'node:path';
import { caseJson, text, waitSettled } from './lib.mjs';

/** Background of the 3D view (scene clear colour 0.06, 0.07, 0.09). */
const BACKGROUND = [15, 18, 23];

async function openHipTwin(page, baseUrl, query = '') {
  await page.goto(`${baseUrl}?sample=hip${query}`);
  if ((await waitSettled(page)) !== 'ready') throw new Error(`opening the hip sample: ${await text(page, 'status')}`);
  // The twin comes back from this browser's store when an earlier test built it; otherwise build it.
  const restored = await page.waitForFunction(() => document.querySelector('[data-testid="twin-panel"]').dataset.state === 'built', null, { timeout: 4000 }).then(() => true, () => false);
  if (!restored) {
    await page.locator('[data-testid="twin-build-button"]').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="twin-panel"]').dataset.state === 'built' || document.querySelector('[data-testid="app"]').dataset.state === 'error', null, { timeout: 120_000 });
    if ((await waitSettled(page, 120_000)) !== 'ready') throw new Error(`twin build: ${await text(page, 'status')}`);
  }
  await page.locator('[data-testid="view-3d-button"]').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="view3d-label-right"]').textContent === 'L', null, { timeout: 60_000 });
}

/**
 * Renders a frame and reads the 3D canvas: the mean RGB in a 5 × 5 pixel square at each LPS point
 * (projected through the camera), and the masks of non-background pixels (stored in the page under `key`).
 */
function snapshot(page, pointsLps, key) {
  return page.evaluate(([pts, key, bg]) => {
    const sc = window.__jumeauTwin;
    sc.renderOnce();
    const gl = document.querySelector('[data-testid="view3d-canvas"]');
    const c = document.createElement('canvas');
    c.width = gl.width;
    c.height = gl.height;
    const ctx = c.getContext('2d');
    ctx.drawImage(gl, 0, 0);
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    const sx = c.width / gl.clientWidth;
    const sy = c.height / gl.clientHeight;
    const at = pts.map((p) => {
      const [x, y] = sc.screenOfLps(p);
      const X = Math.round(x * sx), Y = Math.round(y * sy);
      const sum = [0, 0, 0];
      for (let dy = -2; dy <= 2; dy++) for (let dx = -2; dx <= 2; dx++) for (let ch = 0; ch < 3; ch++) sum[ch] += d[4 * ((Y + dy) * c.width + X + dx) + ch];
      return { x: X, y: Y, rgb: sum.map((v) => Math.round(v / 25)) };
    });
    const mask = new Uint8Array(c.width * c.height);
    let n = 0, cx = 0;
    for (let q = 0; q < mask.length; q++) {
      const off = Math.abs(d[4 * q] - bg[0]) + Math.abs(d[4 * q + 1] - bg[1]) + Math.abs(d[4 * q + 2] - bg[2]);
      if (off > 45) { mask[q] = 1; n++; cx += q % c.width; }
    }
    (window.__vrMasks ??= {})[key] = mask;
    return { width: c.width, height: c.height, at, drawn: n, centroidX: n ? cx / n : null };
  }, [pointsLps, key, BACKGROUND]);
}

/** Intersection over union of two stored masks, leaving out the pixels of a third (the implants). */
const maskIou = (page, a, b, without) => page.evaluate(([a, b, without]) => {
  const m = window.__vrMasks;
  let inter = 0, union = 0;
  for (let q = 0; q < m[a].length; q++) {
    if (m[without][q]) continue;
    inter += m[a][q] & m[b][q];
    union += m[a][q] | m[b][q];
  }
  return inter / union;
}, [a, b, without]);

const isBackground = (rgb) => rgb.every((v, ch) => Math.abs(v - BACKGROUND[ch]) <= 6);

async function setVolumeRender(page, on, preset) {
  await page.locator('[data-testid="vr-preset"]').selectOption(preset);
  const toggle = page.locator('[data-testid="vr-toggle"]');
  if ((await toggle.isChecked()) !== on) await toggle.click();
  await page.waitForFunction((want) => document.querySelector('[data-testid="view3d"]').dataset.volumeRender.startsWith(want), on ? preset : 'off');
}

/** Polls snapshots until `ok` holds (the ray-casting shader may compile over a few frames). */
async function snapshotUntil(page, pts, key, ok, what) {
  let s;
  for (let t = 0; t < 40; t++) {
    s = await snapshot(page, pts, key);
    if (ok(s)) return s;
    await page.waitForTimeout(250);
  }
  throw new Error(`${what}: ${JSON.stringify(s.at)} (${s.drawn} drawn pixels)`);
}

/** Mean milliseconds of a frame (render + read back one pixel, so the GPU has finished). */
const frameMs = (page, frames) => page.evaluate((n) => {
  const sc = window.__jumeauTwin;
  const gl = document.querySelector('[data-testid="view3d-canvas"]').getContext('webgl2') ?? document.querySelector('[data-testid="view3d-canvas"]').getContext('webgl');
  const px = new Uint8Array(4);
  sc.renderOnce();
  gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, px);
  const t0 = performance.now();
  for (let f = 0; f < n; f++) {
    sc.renderOnce();
    gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, px);
  }
  return (performance.now() - t0) / n;
}, frames);

export default [
  {
    name: 'volume render: hip CT ray-cast behind the meshes — bone preset on the femoral heads (left on screen right), same place as the meshes, MIP, cut, WebGL1 fallback',
    async run({ page, baseUrl, root, catalog, outDir }) {
      const c = catalog.cases.find((x) => x.id === 'hip');
      if (!c) throw new Error('no hip sample in the catalog');
      const lm = caseJson(root, c).landmarksLps;
      // The planned cup and head (always drawn) cover the left head: its shaft stands for the left femur.
      // The dense marker bead (unlabelled, no mesh) is on the patient's LEFT flank only.
      const bead = lm.markerBeadLeft;
      const heads = [lm.femoralHeadCentreRight, lm.femoralShaftAxisDistalLeft, lm.femoralShaftAxisDistalRight, bead, [-bead[0], bead[1], bead[2]]];
      const BONE = [0, 1, 2];
      await openHipTwin(page, baseUrl);
      if ((await page.getAttribute('[data-testid="view3d"]', 'data-volume-render')) !== 'off') throw new Error(`volume render state at start: ${await page.getAttribute('[data-testid="view3d"]', 'data-volume-render')}`);
      if (await page.locator('[data-testid="vr-toggle"]').isDisabled()) throw new Error('the volume toggle is disabled with WebGL2');

      // Meshes only: the reference silhouette of the bones, and the head centres' screen positions.
      const meshes = await snapshotUntil(page, heads, 'meshes', (x) => x.drawn > 20_000 && BONE.every((n) => !isBackground(x.at[n].rgb)), 'the bone meshes are not drawn');
      const [rightAt, leftAt] = meshes.at;
      if (!(leftAt.x > meshes.width / 2 && rightAt.x < meshes.width / 2 && meshes.at[3].x > meshes.width / 2)) throw new Error(`anterior view: left shaft at x=${leftAt.x}, right head at x=${rightAt.x}, bead at ${meshes.at[3].x} of ${meshes.width}: the patient's left must be on the screen right`);

      // Every bone mesh hidden, volume off: only the planned implants are drawn; the points are background.
      for (const box of await page.locator('[data-testid="segment-visible"]').all()) await box.uncheck();
      const empty = await snapshot(page, heads, 'empty');
      if (!empty.at.every((a) => isBackground(a.rgb)) || !(empty.drawn < meshes.drawn * 0.2)) throw new Error(`meshes hidden, volume off: pixels ${JSON.stringify(empty.at)}, ${empty.drawn} drawn pixels vs ${meshes.drawn} with the meshes`);

      // Bone preset: the heads are bright bone, the bone drawn covers the meshes' silhouette.
      await setVolumeRender(page, true, 'bone');
      const texLabel = await page.getAttribute('[data-testid="view3d"]', 'data-volume-render');
      if (texLabel !== 'bone 229x141x108') throw new Error(`volume texture: ${texLabel} (the 229 × 141 × 108 phantom needs no downsampling)`);
      const bone = await snapshotUntil(page, heads, 'bone', (s) => BONE.every((n) => s.at[n].rgb[0] > 120), 'bone preset: the femoral bone is not bright');
      // The bead (2500 HU) is drawn on the left flank only: the volume is not mirrored.
      if (!(bone.at[3].rgb[0] > 100) || !isBackground(bone.at[4].rgb)) throw new Error(`bone preset: bead pixel ${bone.at[3].rgb} (patient left), mirror ${bone.at[4].rgb}`);
      const boneIou = await maskIou(page, 'meshes', 'bone', 'empty');
      console.log(`      bone preset: right head, left shaft, right shaft, bead, mirror rgb ${bone.at.map((a) => a.rgb.join('/')).join(', ')}; silhouette IoU with the meshes ${boneIou.toFixed(3)}; drawn ${bone.drawn} px vs meshes ${meshes.drawn} px; centroid x ${bone.centroidX.toFixed(1)} vs ${meshes.centroidX.toFixed(1)}`);
      if (!(boneIou > 0.85)) throw new Error(`the rendered bone covers a different screen area than the bone meshes: IoU ${boneIou.toFixed(3)}`);
      if (Math.abs(bone.centroidX - meshes.centroidX) > 4) throw new Error(`rendered bone centroid x ${bone.centroidX} vs meshes ${meshes.centroidX}`);
      const msBone = await frameMs(page, 3);
      await page.locator('[data-testid="view3d"]').screenshot({ path: join(outDir, 'volume-render-bone.png') });

      // MIP: the cortex around the heads is the brightest on those rays.
      await setVolumeRender(page, true, 'mip');
      const mip = await snapshotUntil(page, heads, 'mip', (s) => BONE.every((n) => s.at[n].rgb[0] > 150 && Math.abs(s.at[n].rgb[0] - s.at[n].rgb[2]) < 4), 'MIP: the femoral bone is not bright grey');
      const msMip = await frameMs(page, 3);

      // The axial cut at the slider's middle removes rendered bone above it.
      await setVolumeRender(page, true, 'bone');
      await page.locator('[data-testid="clip-toggle"]').check();
      await page.waitForFunction(() => /mm$/.test(document.querySelector('[data-testid="clip-label"]').textContent));
      const cut = await snapshot(page, heads, 'cut');
      if (!(cut.drawn < bone.drawn * 0.9 && cut.drawn > bone.drawn * 0.1)) throw new Error(`cut at ${await text(page, 'clip-label')}: ${cut.drawn} drawn pixels vs ${bone.drawn} uncut`);
      await page.locator('[data-testid="clip-toggle"]').uncheck();

      // Off again: background at the heads.
      await setVolumeRender(page, false, 'bone');
      const off = await snapshot(page, heads, 'off');
      if (!off.at.every((a) => isBackground(a.rgb))) throw new Error(`volume off: pixels ${JSON.stringify(off.at)}`);
      const msOff = await frameMs(page, 3);
      console.log(`      MIP rgb ${mip.at.map((a) => a.rgb.join('/')).join(', ')}; cut: ${cut.drawn} px of ${bone.drawn}`);
      console.log(`      frame (SwiftShader, ${bone.width}×${bone.height}): bone ${msBone.toFixed(0)} ms, MIP ${msMip.toFixed(0)} ms, volume off ${msOff.toFixed(0)} ms`);

      // No WebGL2: the toggle is disabled and says why; the meshes still draw.
      await openHipTwin(page, baseUrl, '&webgl1');
      const toggle = page.locator('[data-testid="vr-toggle"]');
      if (!(await toggle.isDisabled())) throw new Error('WebGL1: the volume toggle is enabled');
      const why = await page.getAttribute('[data-testid="vr-label"]', 'title');
      if (!/WebGL2/.test(why)) throw new Error(`WebGL1: tooltip "${why}"`);
      if ((await page.getAttribute('[data-testid="view3d"]', 'data-volume-render')) !== 'unsupported') throw new Error('WebGL1: volume render state is not "unsupported"');
      await snapshotUntil(page, heads, 'webgl1', (x) => x.drawn > 0.9 * meshes.drawn && x.drawn < 1.1 * meshes.drawn, 'WebGL1: the meshes are not drawn as with WebGL2');
    },
  },
];
