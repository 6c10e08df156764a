/**
 * (r) Seed edits on the slices (hip sample): Grow gives back a disk erased from the left femoral head
 * from one seed, to the voxel; Separate gives a disk of the head that was relabelled "hip bone left"
 * back to the femur from one seed per bone; both are one undoable edit with the meshes rebuilt; a bad
 * range is refused naming the field.
 */
import { caseJson, setSlice, text, waitSettled } from './lib.mjs';

const volumeOf = async (page, name) => Number(await page.locator(`[data-testid="segment-row"][data-name="${name}"]`).getAttribute('data-volume-ml'));
const settled = (page) => page.waitForFunction(() => document.querySelector('[data-testid="edit-tools"]').dataset.remeshing === '0', null, { timeout: 60_000 });

export default [
  {
    name: 'seed edits: grow back an erased disk, separate a relabelled disk, undo, bad range',
    async run({ page, baseUrl, root }) {
      await page.goto(`${baseUrl}?sample=hip`);
      if ((await waitSettled(page)) !== 'ready') throw new Error(`opening the hip sample: ${await text(page, 'status')}`);
      await page.locator('[data-testid="twin-build-button"]').click();
      if ((await waitSettled(page, 120_000)) !== 'ready') throw new Error(`twin build: ${await text(page, 'status')}`);
      const truth = caseJson(root, { id: 'hip' });
      const g = truth.geometry;
      const head = truth.landmarksLps.femoralHeadCentreLeft;
      await setSlice(page, Math.round((head[2] - g.originLps[2]) / g.spacingMm[2]));
      const box = await page.locator('[data-testid="viewer-canvas"]').boundingBox();
      const at = (p) => [box.x + ((Math.round((p[0] - g.originLps[0]) / g.spacingMm[0]) + 0.5) / g.size[0]) * box.width, box.y + ((Math.round((p[1] - g.originLps[1]) / g.spacingMm[1]) + 0.5) / g.size[1]) * box.height];
      const femur0 = await volumeOf(page, 'femur left');
      const hip0 = await volumeOf(page, 'hip bone left');
      const brush = async (segment, tool, radius) => {
        await page.locator('[data-testid="edit-segment"]').selectOption({ label: segment });
        await page.locator(`[data-testid="edit-${tool}"]`).click();
        await page.locator('[data-testid="edit-radius"]').fill(String(radius));
        await page.locator('[data-testid="edit-radius"]').dispatchEvent('change');
        await page.mouse.click(...at(head));
        await settled(page);
        await page.locator(`[data-testid="edit-${tool}"]`).click(); // disarm
      };
      const seed = async (segment, p) => {
        await page.locator('[data-testid="edit-segment"]').selectOption({ label: segment });
        if ((await page.locator('[data-testid="edit-tools"]').getAttribute('data-tool')) !== 'seed') await page.locator('[data-testid="edit-seed"]').click();
        await page.mouse.click(...at(p));
      };

      // Grow: erase a 10 mm disk in the head, one seed in it, Grow (range 200–3071 HU) → the exact volume again.
      await brush('femur left', 'erase', 10);
      const erased = await volumeOf(page, 'femur left');
      if (!(femur0 - erased > 0.3)) throw new Error(`erase: ${femur0} → ${erased} mL`);
      await seed('femur left', head);
      await page.waitForFunction(() => /^1 seed: femur left ×1/.test(document.querySelector('[data-testid="edit-status"]').textContent), null, { timeout: 5000 }).catch(async () => { throw new Error(`seed status: "${await text(page, 'edit-status')}"`); });
      await page.locator('[data-testid="edit-threshold-lo"]').fill('');
      await page.locator('[data-testid="edit-grow"]').click();
      await page.waitForFunction(() => /^Range minimum: must be a number \(got ""\)/.test(document.querySelector('[data-testid="edit-status"]').textContent), null, { timeout: 5000 }).catch(async () => { throw new Error(`bad range: "${await text(page, 'edit-status')}"`); });
      await page.locator('[data-testid="edit-threshold-lo"]').fill('200');
      const t0 = Date.now();
      await page.locator('[data-testid="edit-grow"]').click();
      await page.waitForFunction(() => /^Done: grow femur left/.test(document.querySelector('[data-testid="edit-status"]').textContent), null, { timeout: 60_000 });
      await settled(page);
      const grown = await volumeOf(page, 'femur left');
      console.log(`      grow: femur left ${femur0} → erased ${erased} → grown ${grown} mL in ${((Date.now() - t0) / 1000).toFixed(2)} s (${await text(page, 'edit-status')})`);
      if (grown !== femur0) throw new Error(`grow gave ${grown} mL, the femur had ${femur0} mL`);
      if ((await page.locator('[data-testid="edit-tools"]').getAttribute('data-seeds')) !== '0') throw new Error('the seeds were not cleared after Grow');

      // Separate: the disk relabelled as "hip bone left" (erase femur, paint hip bone), seeds in both bones → back to the femur.
      await brush('femur left', 'erase', 10);
      await brush('hip bone left', 'paint', 10);
      const fusedFemur = await volumeOf(page, 'femur left');
      const fusedHip = await volumeOf(page, 'hip bone left');
      if (!(fusedHip - hip0 > 0.3)) throw new Error(`relabelling: hip bone ${hip0} → ${fusedHip} mL`);
      await seed('femur left', head);
      await seed('hip bone left', [head[0] - 30, head[1], head[2]]);
      const t1 = Date.now();
      await page.locator('[data-testid="edit-separate"]').click();
      await page.waitForFunction(() => /^Done: separate femur left \/ hip bone left/.test(document.querySelector('[data-testid="edit-status"]').textContent), null, { timeout: 60_000 });
      await settled(page);
      const femur2 = await volumeOf(page, 'femur left');
      const hip2 = await volumeOf(page, 'hip bone left');
      console.log(`      separate: femur left ${fusedFemur} → ${femur2} mL (was ${femur0}), hip bone left ${fusedHip} → ${hip2} mL (was ${hip0}) in ${((Date.now() - t1) / 1000).toFixed(2)} s`);
      if (Math.abs(femur2 / femur0 - 1) > 0.005 || Math.abs(hip2 / hip0 - 1) > 0.005) throw new Error(`separate: femur ${femur2} (want ${femur0}), hip ${hip2} (want ${hip0})`);
      for (const n of ['femur left', 'hip bone left']) if ((await page.locator(`[data-testid="segment-row"][data-name="${n}"]`).getAttribute('data-closed')) !== 'true') throw new Error(`${n}: mesh not closed after Separate`);
      await page.locator('[data-testid="edit-undo"]').click();
      await settled(page);
      if ((await volumeOf(page, 'femur left')) !== fusedFemur || (await volumeOf(page, 'hip bone left')) !== fusedHip) throw new Error('undo did not restore the relabelled disk');
    },
  },
];
