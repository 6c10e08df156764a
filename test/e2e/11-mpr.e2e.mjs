/**
 * (k) MPR views (Cornerstone3D) of the hip sample: three viewports render the volume with orientation
 * letters read from their cameras (radiological convention); the patient's LEFT femoral head lies on
 * the screen right of the axial and coronal views and carries the femur-left overlay colour once the
 * twin is built; a window preset changes the grey levels; a crosshair click in the axial view moves the
 * coronal and sagittal slices through the clicked point.
 */
import { caseJson, setSlice, text, waitSettled } from './lib.mjs';

/** RGB of a viewport's canvas at CSS pixel (x, y) of that viewport. */
async function pixelIn(page, view, xy) {
  return page.evaluate(([v, x, y]) => {
    const c = document.querySelector(`[data-testid="mpr-${v}"] canvas`);
    const r = c.getBoundingClientRect();
    const sx = c.width / r.width;
    const tmp = document.createElement('canvas');
    tmp.width = c.width;
    tmp.height = c.height;
    const ctx = tmp.getContext('2d');
    ctx.drawImage(c, 0, 0);
    return Array.from(ctx.getImageData(Math.round(x * sx), Math.round(y * sx), 1, 1).data.slice(0, 3));
  }, [view, xy[0], xy[1]]);
}

const canvasPoint = (page, view, p) => page.evaluate(([v, q]) => window.__jumeauMpr.canvasPointOf(v, q), [view, p]);
const focal = async (page, view) => (await page.getAttribute(`[data-testid="mpr-${view}"]`, 'data-focal-lps')).split(',').map(Number);

export default [
  {
    name: 'mpr: Cornerstone3D axial/coronal/sagittal of the hip sample — letters, left on screen right, overlay colour, window, crosshair linking',
    async run({ page, baseUrl, root }) {
      const truth = caseJson(root, { id: 'hip' });
      await page.goto(`${baseUrl}?sample=hip`);
      if ((await waitSettled(page)) !== 'ready') throw new Error(`opening the hip sample: ${await text(page, 'status')}`);
      await page.locator('[data-testid="twin-build-button"]').click();
      if ((await waitSettled(page, 120_000)) !== 'ready') throw new Error(`twin build: ${await text(page, 'status')}`);
      await page.locator('[data-testid="view-mpr-button"]').click();
      await page.waitForFunction(() => document.querySelector('[data-testid="mpr"]').dataset.ready, null, { timeout: 60_000 });
      if ((await page.getAttribute('[data-testid="mpr"]', 'data-ready')) !== 'true') throw new Error(`MPR failed: ${await text(page, 'mpr-crosshair')} ${await page.getAttribute('[data-testid="mpr"]', 'data-stack')}`);
      const letters = {};
      for (const v of ['axial', 'coronal', 'sagittal']) letters[v] = (await Promise.all(['left', 'right', 'top', 'bottom'].map((s) => text(page, `mpr-${v}-${s}`)))).join('');
      // left, right, top, bottom
      if (letters.axial !== 'RLAP' || letters.coronal !== 'RLSI' || letters.sagittal !== 'APSI') throw new Error(`edge letters ${JSON.stringify(letters)}`);

      // Put the crosshair on the left femoral head: click it in the axial view at its slice.
      const head = truth.landmarksLps.femoralHeadCentreLeft;
      const headR = truth.landmarksLps.femoralHeadCentreRight;
      // Scroll the axial view to the head's slice with the wheel until its focal z is there (the test API reads positions only).
      const box = await page.locator('[data-testid="mpr-axial"]').boundingBox();
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      for (let n = 0; n < 400; n++) {
        const z = (await focal(page, 'axial'))[2];
        if (Math.abs(z - head[2]) <= truth.geometry.spacingMm[2] / 2) break;
        await page.mouse.wheel(0, z < head[2] ? -100 : 100);
        await page.waitForTimeout(20);
        const z2 = (await focal(page, 'axial'))[2];
        if (n === 5 && z2 === z) throw new Error(`the wheel does not scroll the axial view (z ${z})`);
      }
      const zNow = (await focal(page, 'axial'))[2];
      if (Math.abs(zNow - head[2]) > truth.geometry.spacingMm[2]) throw new Error(`axial view at z ${zNow}, head at ${head[2]}`);
      const [lx] = await canvasPoint(page, 'axial', head);
      const [rx] = await canvasPoint(page, 'axial', headR);
      if (!(lx > box.width / 2 && rx < box.width / 2)) throw new Error(`axial: left head at x=${lx}, right head at x=${rx} of ${box.width}: the patient's left must be on the screen right`);
      await page.waitForTimeout(300);
      const px = await pixelIn(page, 'axial', await canvasPoint(page, 'axial', head));
      // femur left colour [255,176,64] blended over bone: red clearly above blue.
      if (!(px[0] > px[2] + 40)) throw new Error(`axial pixel at the left head centre ${px}: no femur-left overlay`);

      // Window: the bone preset darkens soft tissue (between the heads) relative to the soft-tissue preset.
      const mid = await canvasPoint(page, 'axial', [(head[0] + headR[0]) / 2, head[1], head[2]]);
      const soft = await pixelIn(page, 'axial', mid);
      await page.locator('[data-testid="wl-preset-bone"]').click();
      await page.waitForTimeout(300);
      const bone = await pixelIn(page, 'axial', mid);
      if (!(soft[0] > 60 && bone[0] < soft[0] - 30)) throw new Error(`soft tissue grey ${soft} in the soft-tissue window, ${bone} in the bone window`);

      // Crosshair click on the left head in the axial view: coronal and sagittal slices move through it.
      const c = await canvasPoint(page, 'axial', head);
      await page.mouse.click(box.x + c[0], box.y + c[1]);
      await page.waitForTimeout(400);
      const sag = await focal(page, 'sagittal');
      const cor = await focal(page, 'coronal');
      if (Math.abs(sag[0] - head[0]) > 2 || Math.abs(cor[1] - head[1]) > 2) throw new Error(`after the crosshair click: sagittal x ${sag[0]}, coronal y ${cor[1]}; head (${head[0]}, ${head[1]})`);
      if (!/^Crosshair \(/.test(await text(page, 'mpr-crosshair'))) throw new Error(`crosshair read-out: ${await text(page, 'mpr-crosshair')}`);
      // Back to the slice view.
      await page.locator('[data-testid="view-2d-button"]').click();
      await setSlice(page, 10);
    },
  },
];
