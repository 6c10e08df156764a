/**
 * NIfTI / NRRD / MetaImage in the browser: files written at test time by itk-wasm's Node writer from
 * volumes with known geometry (flipped axes) and values are opened through the pickers and read in the
 * load worker by itk-wasm, with its pipelines served by this site (the runner's network test checks
 * that no request leaves 127.0.0.1). The listing, the geometry panel and every canvas pixel are checked
 * against the volumes (the expected image is computed here from the LPS positions, not by the app).
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Skip, caseDicomDir, closeTo, copyInto, describeDicomFolder, listFiles, numbers, readCanvas, setSlice, text, waitSettled, windowGrey } from './lib.mjs';

const LAS = [1, 0, 0, 0, -1, 0, 0, 0, 1]; // column-major: i → L, j → A, k → S
// i → A, j → I, k → R: a 3-cycle of the axes, so a transposed (row- vs column-major) direction shows.
const AIR = [0, -1, 0, 0, 0, -1, -1, 0, 0];

/** LPS position of voxel (i, j, k) of an axis-aligned volume. */
const lps = (v, i, j, k) => [0, 1, 2].map((r) => v.origin[r] + v.direction[r] * i * v.spacing[0] + v.direction[3 + r] * j * v.spacing[1] + v.direction[6 + r] * k * v.spacing[2]);

/**
 * Air (−1000 HU) with a block of soft-tissue values (60 + 3i + 2j + k HU, all different) in the
 * patient's left, anterior, superior octant: on screen it must be at the right (radiological
 * convention), at the top, and only on the upper half of the slider.
 */
function makeVolume(size, spacing, origin, direction) {
  const v = { size, spacing, origin, direction, unit: 'HU', data: new Int16Array(size[0] * size[1] * size[2]).fill(-1000) };
  const centre = lps(v, (size[0] - 1) / 2, (size[1] - 1) / 2, (size[2] - 1) / 2);
  for (let k = 0; k < size[2]; k++) for (let j = 0; j < size[1]; j++) for (let i = 0; i < size[0]; i++) {
    const p = lps(v, i, j, k);
    if (p[0] > centre[0] && p[1] < centre[1] && p[2] > centre[2]) v.data[i + size[0] * (j + size[1] * k)] = 60 + 3 * i + 2 * j + k;
  }
  return v;
}

/** The slices as the screen must show them: x → patient L, y → P, slider → S (axis-aligned volumes). */
function expectedScreen(v) {
  const lo = [0, 1, 2].map((r) => Math.min(lps(v, 0, 0, 0)[r], lps(v, v.size[0] - 1, v.size[1] - 1, v.size[2] - 1)[r]));
  const step = [0, 1, 2].map((r) => v.spacing[[0, 1, 2].find((a) => v.direction[3 * a + r] !== 0)]);
  const n = [0, 1, 2].map((r) => v.size[[0, 1, 2].find((a) => v.direction[3 * a + r] !== 0)]);
  const slices = Array.from({ length: n[2] }, () => new Float64Array(n[0] * n[1]));
  for (let k = 0; k < v.size[2]; k++) for (let j = 0; j < v.size[1]; j++) for (let i = 0; i < v.size[0]; i++) {
    const [x, y, s] = lps(v, i, j, k).map((c, r) => Math.round((c - lo[r]) / step[r]));
    slices[s][x + n[0] * y] = v.data[i + v.size[0] * (j + v.size[1] * k)];
  }
  return { width: n[0], height: n[1], slices };
}

/** Checks the geometry panel, then every pixel of the bottom, middle and top slider positions. */
export async function checkShown(page, v, orientation, what) {
  closeTo(numbers(await text(page, 'geo-size')), v.size, 0, `${what} size`);
  closeTo(numbers(await text(page, 'geo-spacing')), v.spacing, 0.0006, `${what} spacing`);
  closeTo(numbers(await text(page, 'geo-origin')), v.origin, 0.006, `${what} origin (LPS)`);
  const code = (await text(page, 'geo-orientation')).trim();
  if (code !== orientation) throw new Error(`${what}: orientation ${code}, expected ${orientation}`);
  if (!/HU/.test(await text(page, 'geo-type'))) throw new Error(`${what}: unit not guessed as HU: ${await text(page, 'geo-type')}`);
  const labels = await Promise.all(['left', 'right', 'top', 'bottom'].map((s) => text(page, `label-${s}`)));
  if (labels.join('') !== 'RLAP') throw new Error(`${what}: edge labels ${labels}`);
  const want = expectedScreen(v);
  const top = want.slices.length - 1;
  for (const s of [0, top >> 1, top]) {
    await setSlice(page, s);
    const c = await readCanvas(page);
    if (c.width !== want.width || c.height !== want.height) throw new Error(`${what}: canvas ${c.width}×${c.height}, expected ${want.width}×${want.height}`);
    const [w, l] = c.window.split('/').map(Number);
    const bad = [...want.slices[s]].findIndex((hu, n) => Math.abs(c.grey[n] - windowGrey(hu, w, l)) > 1);
    if (bad >= 0) throw new Error(`${what} slider ${s}: pixel (${bad % c.width}, ${Math.floor(bad / c.width)}) grey ${c.grey[bad]}, expected ${windowGrey(want.slices[s][bad], w, l)} (${want.slices[s][bad]} HU)`);
  }
  // The block itself: top slice, upper-right quadrant bright, the rest black.
  const c = await readCanvas(page);
  const mean = (x0, x1, y0, y1) => {
    let sum = 0;
    for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) sum += c.grey[x + c.width * y];
    return sum / ((x1 - x0) * (y1 - y0));
  };
  const hw = c.width >> 1;
  const hh = c.height >> 1;
  const ur = mean(hw + 1, c.width, 0, hh - 1);
  if (!(ur > 100 && mean(0, hw - 1, 0, c.height) === 0 && mean(0, c.width, hh + 1, c.height) === 0)) {
    throw new Error(`${what}: the patient-left anterior block is not at the screen's upper right (mean grey there ${ur.toFixed(1)})`);
  }
}

async function openFiles(page, baseUrl, files) {
  await page.goto(baseUrl);
  await page.locator('[data-testid="open-files-input"]').setInputFiles(files);
  return waitSettled(page);
}

/**
 * Writes test-output/e2e-images/: las.nii.gz (LAS NIfTI), air.nrrd and air.nii.gz (axes permuted),
 * pair.nhdr + pair.raw (the same volume as a detached NRRD); returns the folder, the two volumes
 * (`nifti`: LAS, `nrrd`: AIR) and the .nhdr text.
 */
export async function writeImageFixtures({ server, outDir }) {
  const dir = join(outDir, 'e2e-images');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const io = await server.ssrLoadModule('/test/e2e/imageFixtures.ts');
  const nifti = makeVolume([20, 16, 12], [1.5, 2, 3], [-30.5, 12.25, -80], LAS);
  const nrrd = makeVolume([18, 14, 10], [0.8, 1.25, 2.5], [40, -22.5, 61], AIR);
  await io.writeVolumeFile(nifti, join(dir, 'las.nii.gz'));
  await io.writeVolumeFile(nrrd, join(dir, 'air.nrrd'));
  await io.writeVolumeFile(nrrd, join(dir, 'air.nii.gz'));
  const nhdr = await io.writeDetachedNrrd(nrrd, join(dir, 'pair'));
  // Independent check of the written file: NRRD states its LPS axes in the header.
  const header = readFileSync(join(dir, 'air.nrrd')).subarray(0, 600).toString('latin1');
  const field = (name) => numbers(new RegExp(`^${name}: (.*)$`, 'm').exec(header)?.[1] ?? '');
  if (!/^space: left-posterior-superior$/m.test(header)) throw new Error(`NRRD written by itk-wasm is not in LPS:\n${header}`);
  closeTo(field('space directions'), [0, -0.8, 0, 0, 0, -1.25, -2.5, 0, 0], 1e-9, 'NRRD space directions (per axis: direction × spacing)');
  closeTo(field('space origin'), nrrd.origin, 1e-9, 'NRRD space origin');
  return { dir, nifti, nrrd, nhdr };
}

export default [
  {
    name: 'images: NIfTI (LAS, and axes permuted) and NRRD (axes permuted) open through the file picker with their geometry and pixels',
    async run(ctx) {
      const { page, baseUrl } = ctx;
      const f = await writeImageFixtures(ctx);
      for (const [file, v, code, format] of [['las.nii.gz', f.nifti, 'LAS', 'NIfTI'], ['air.nrrd', f.nrrd, 'AIR', 'NRRD'], ['air.nii.gz', f.nrrd, 'AIR', 'NIfTI']]) {
        const state = await openFiles(page, baseUrl, [join(f.dir, file)]);
        if (state !== 'ready') throw new Error(`${file}: ${await text(page, 'status')} ${await text(page, 'error-banner')}`);
        const items = page.locator('[data-testid="series-item"]');
        if ((await items.count()) !== 1) throw new Error(`${file}: ${await items.count()} entries listed`);
        if ((await text(items, 'series-ts')).trim() !== format) throw new Error(`${file}: encoding column "${await text(items, 'series-ts')}"`);
        closeTo(numbers(await text(items, 'series-size')), v.size, 0, `${file} listed size`);
        closeTo(numbers(await text(items, 'series-spacing')), v.spacing, 0.0006, `${file} listed spacing`);
        if (!(await items.innerText()).includes(code)) throw new Error(`${file}: orientation ${code} not in the listing`);
        await checkShown(page, v, code, file);
      }
      const fetched = ctx.requests.map((r) => r.url).filter((u) => u.includes('/itk/image-io/'));
      for (const p of ['nifti-read-image.js', 'nifti-read-image.wasm.zst', 'nrrd-read-image.js', 'nrrd-read-image.wasm.zst']) {
        if (!fetched.some((u) => u.startsWith(`${ctx.origin}/itk/image-io/${p}`))) throw new Error(`the worker did not fetch ${p} from this site (itk requests: ${fetched.join(', ') || 'none'})`);
      }
    },
  },
  {
    name: 'images: a detached NRRD header opens with its data file, and alone names the missing data file',
    async run(ctx) {
      const { page, baseUrl } = ctx;
      const f = await writeImageFixtures(ctx);
      if (!f.nhdr.includes('data file: pair.raw')) throw new Error(`header: ${f.nhdr}`);
      let state = await openFiles(page, baseUrl, [join(f.dir, 'pair.nhdr'), join(f.dir, 'pair.raw')]);
      if (state !== 'ready') throw new Error(`pair: ${await text(page, 'status')} ${await text(page, 'error-banner')}`);
      if ((await page.locator('[data-testid="series-item"]').count()) !== 1 || await page.locator('[data-testid="skipped-item"]').count()) {
        throw new Error('the header and its data file are not listed as one entry');
      }
      await checkShown(page, f.nrrd, 'AIR', 'pair.nhdr');
      state = await openFiles(page, baseUrl, [join(f.dir, 'pair.nhdr')]);
      const banner = await text(page, 'error-banner');
      const code = await page.getAttribute('[data-testid="error-banner"]', 'data-code');
      if (state !== 'error' || code !== 'IMAGE_READ' || !banner.includes('pair.nhdr') || !banner.includes('pair.raw')) {
        throw new Error(`header alone: state ${state}, code ${code}, banner "${banner}"`);
      }
    },
  },
  {
    name: 'images: a corrupt and a truncated .nii.gz end in IMAGE_READ errors naming the file; the page stays usable',
    async run(ctx) {
      const { page, baseUrl } = ctx;
      const f = await writeImageFixtures(ctx);
      const junk = join(f.dir, 'broken.nii.gz');
      const bytes = Buffer.alloc(6000);
      for (let n = 0; n < bytes.length; n++) bytes[n] = (n * 2654435761) >>> 24;
      writeFileSync(junk, bytes);
      const good = readFileSync(join(f.dir, 'las.nii.gz'));
      const cut = join(f.dir, 'cut.nii.gz');
      writeFileSync(cut, good.subarray(0, Math.floor(good.length * 0.6)));
      // ITK alone would show the truncated file as a volume padded with zeros.
      for (const [file, name, why] of [[junk, 'broken.nii.gz', /not NIfTI|damaged/], [cut, 'cut.nii.gz', /truncated/]]) {
        const state = await openFiles(page, baseUrl, [file]);
        const banner = await text(page, 'error-banner');
        const code = await page.getAttribute('[data-testid="error-banner"]', 'data-code');
        if (state !== 'error' || code !== 'IMAGE_READ' || !banner.includes(name) || !why.test(banner)) throw new Error(`${name}: state ${state}, code ${code}, banner "${banner}"`);
        if (await page.locator('[data-testid="viewer"][data-has-volume="true"]').count()) throw new Error(`${name}: a volume is shown`);
      }
      await page.locator('[data-testid="open-files-input"]').setInputFiles([join(f.dir, 'las.nii.gz')]);
      if ((await waitSettled(page)) !== 'ready') throw new Error(`a good file after the corrupt one: ${await text(page, 'error-banner')}`);
      closeTo(numbers(await text(page, 'geo-size')), f.nifti.size, 0, 'size after the error');
    },
  },
  {
    name: 'images: a folder with a DICOM series, a NIfTI and a MetaImage lists all three; each one loads',
    async run(ctx) {
      const { page, baseUrl, root, catalog, server } = ctx;
      const f = await writeImageFixtures(ctx);
      const c = catalog.cases[0];
      const dicom = describeDicomFolder(caseDicomDir(root, c))[0];
      const study = join(f.dir, 'mixed');
      copyInto(join(study, 'dicom'), listFiles(caseDicomDir(root, c)));
      writeFileSync(join(study, 'las.nii.gz'), readFileSync(join(f.dir, 'las.nii.gz')));
      await (await server.ssrLoadModule('/test/e2e/imageFixtures.ts')).writeVolumeFile(f.nrrd, join(study, 'air.mha'));
      await page.goto(baseUrl);
      await page.locator('[data-testid="open-folder-input"]').setInputFiles(study);
      if ((await waitSettled(page)) !== 'ready') throw new Error(`${await text(page, 'status')} ${await text(page, 'error-banner')}`);
      const items = page.locator('[data-testid="series-item"]');
      if ((await items.count()) !== 3) throw new Error(`${await items.count()} entries listed, 3 expected`);
      closeTo(numbers(await text(page, 'geo-size')), dicom.size, 0, 'the DICOM series (most slices) is shown first');
      for (const [file, v, code, format] of [['las.nii.gz', f.nifti, 'LAS', 'NIfTI'], ['air.mha', f.nrrd, 'AIR', 'MetaImage']]) {
        const card = items.filter({ hasText: file });
        if ((await text(card, 'series-ts')).trim() !== format) throw new Error(`${file}: encoding "${await text(card, 'series-ts')}"`);
        await card.locator('[data-testid="series-load"]').click();
        if ((await waitSettled(page)) !== 'ready') throw new Error(`${file}: ${await text(page, 'error-banner')}`);
        await page.waitForFunction((s) => document.querySelector('[data-testid="geo-size"]').textContent === s, v.size.join(' × '));
        await checkShown(page, v, code, `${file} in the folder`);
      }
    },
  },
  {
    name: 'images: shared data: the TotalSegmentator CT (NIfTI, sform only) opens with the header geometry',
    async run({ page, baseUrl, root }) {
      const shared = process.env.JUMEAU_SHARED_DATA ?? join(root, '..', 'shared', 'data');
      const file = join(shared, 'ts-abdopelvic-ct', 'example_ct.nii.gz');
      if (!existsSync(file)) throw new Skip(`${file} is absent (shared development data; not part of the repository)`);
      // Expected geometry straight from the NIfTI header: sform rows (RAS) → LPS.
      const h = gunzipSync(readFileSync(file)).subarray(0, 348);
      const dv = new DataView(h.buffer, h.byteOffset, 348);
      const srow = [280, 296, 312].map((o) => [0, 1, 2, 3].map((n) => dv.getFloat32(o + 4 * n, true)));
      const size = [1, 2, 3].map((n) => dv.getInt16(40 + 2 * n, true));
      const spacing = [0, 1, 2].map((a) => Math.hypot(srow[0][a], srow[1][a], srow[2][a]));
      const origin = [-srow[0][3], -srow[1][3], srow[2][3]];
      closeTo(size, [122, 101, 112], 0, 'header size');
      const state = await openFiles(page, baseUrl, [file]);
      if (state !== 'ready') throw new Error(`${await text(page, 'status')} ${await text(page, 'error-banner')}`);
      closeTo(numbers(await text(page, 'geo-size')), size, 0, 'size');
      closeTo(numbers(await text(page, 'geo-spacing')), spacing, 0.0006, 'spacing');
      closeTo(spacing, [3, 3, 3], 0.0006, 'header spacing');
      closeTo(numbers(await text(page, 'geo-origin')), origin, 0.006, 'origin (LPS)');
      if ((await text(page, 'geo-orientation')).trim() !== 'RAS') throw new Error(`orientation ${await text(page, 'geo-orientation')}`);
      closeTo(numbers(await text(page, 'geo-direction')), [-1, 0, 0, 0, -1, 0, 0, 0, 1], 0.0005, 'direction');
      closeTo(numbers(await text(page, 'geo-range')), [-1207, 3382], 0, 'value range (HU)');
      if (!/HU/.test(await text(page, 'geo-type'))) throw new Error(`unit: ${await text(page, 'geo-type')}`);
    },
  },
];
