// NIfTI / NRRD through itk-wasm into LPS: geometry from the sform when qform_code is 0, and labels
// aligned with their images (checked by anatomy: patient left is +x in LPS, liver on the right,
// femoral labels over bone HU, liver label over liver HU).
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readImageFileNode } from '../../../src/cli/imageFiles';
import { collectNodeSources } from '../../../src/cli/nodeSources';
import { loadSeriesVolume, scanDicomSources } from '../../../src/dicom';
import { indexToLps, lpsToIndex, type Volume } from '../../../src/volume/volume';
import { hasSharedData, shared } from '../../helpers/sharedData';

/** Centroid (LPS mm) and voxel count of one label. */
function centroid(labels: Volume, value: number): { c: [number, number, number]; n: number } {
  const [ni, nj] = labels.size;
  const s = [0, 0, 0];
  let n = 0;
  for (let q = 0; q < labels.data.length; q++) {
    if (labels.data[q] !== value) continue;
    const p = indexToLps(labels, [q % ni, Math.floor(q / ni) % nj, Math.floor(q / (ni * nj))]);
    s[0] += p[0]; s[1] += p[1]; s[2] += p[2];
    n++;
  }
  return { c: [s[0] / n, s[1] / n, s[2] / n], n };
}

/** Mean image value over the voxels of a label, sampling the image at each label voxel's LPS position. */
function meanUnder(image: Volume, labels: Volume, value: number): number {
  const [ni, nj] = labels.size;
  let sum = 0;
  let n = 0;
  for (let q = 0; q < labels.data.length; q++) {
    if (labels.data[q] !== value) continue;
    const idx = lpsToIndex(image, indexToLps(labels, [q % ni, Math.floor(q / ni) % nj, Math.floor(q / (ni * nj))])).map(Math.round);
    if (idx.some((x, a) => x < 0 || x >= image.size[a])) continue;
    sum += image.data[idx[0] + image.size[0] * (idx[1] + image.size[1] * idx[2])];
    n++;
  }
  return sum / n;
}

describe.skipIf(!hasSharedData)('abdomen-pelvis CT NIfTI (qform_code 0, sform_code 2)', () => {
  const ctPath = shared('ts-abdopelvic-ct', 'example_ct.nii.gz');

  it('uses the sform: the Volume affine equals the header srow (RAS → LPS)', async () => {
    const h = gunzipSync(readFileSync(ctPath));
    const dv = new DataView(h.buffer, h.byteOffset);
    expect(dv.getInt16(252, true)).toBe(0); // qform_code
    expect(dv.getInt16(254, true)).toBe(2); // sform_code
    const srow = (r: number) => [0, 1, 2, 3].map((q) => dv.getFloat32(280 + 16 * r + 4 * q, true));
    const vol = await readImageFileNode(ctPath);
    expect(vol.size).toEqual([122, 101, 112]);
    // LPS = diag(−1, −1, 1) · RAS
    const sign = [-1, -1, 1];
    for (const ijk of [[0, 0, 0], [121, 0, 0], [0, 100, 0], [0, 0, 111], [60, 50, 55]] as [number, number, number][]) {
      const p = indexToLps(vol, ijk);
      for (let r = 0; r < 3; r++) {
        const row = srow(r);
        const ras = row[0] * ijk[0] + row[1] * ijk[1] + row[2] * ijk[2] + row[3];
        expect(p[r]).toBeCloseTo(sign[r] * ras, 3);
      }
    }
    expect(vol.unit).toBe('HU');
    expect(vol.data).toBeInstanceOf(Int16Array); // int32 file narrowed exactly
  });

  it('labels align: femur left (75) on +x, right (76) on −x, both over bone; liver (5) on the right over soft tissue', async () => {
    const ct = await readImageFileNode(ctPath);
    const seg = await readImageFileNode(shared('ts-abdopelvic-ct', 'example_seg_fast_force_split.nii.gz'), 'label');
    expect(seg.size).toEqual(ct.size);
    const fl = centroid(seg, 75);
    const fr = centroid(seg, 76);
    const liver = centroid(seg, 5);
    expect(fl.n).toBe(4488);
    expect(fr.n).toBe(4396);
    expect(liver.n).toBe(41692);
    expect(fl.c[0]).toBeCloseTo(101.8, 0);
    expect(fr.c[0]).toBeCloseTo(-100.9, 0);
    expect(liver.c[0]).toBeLessThan(-30); // patient's right
    expect(liver.c[2]).toBeGreaterThan(fl.c[2] + 200); // liver far above the femoral heads
    expect(meanUnder(ct, seg, 75)).toBeGreaterThan(250);
    const liverHu = meanUnder(ct, seg, 5);
    expect(liverHu).toBeGreaterThan(40);
    expect(liverHu).toBeLessThan(160);
  });
});

describe.skipIf(!hasSharedData)('label volume stored LAS against its LPS DICOM series', () => {
  it('the liver label (5) falls on liver HU (mean ≈ 89) in the JPEG 2000 DICOM volume', async () => {
    const sources = await collectNodeSources([shared('ts-abdomen-ct-dicom', 'dicom')]);
    const scan = await scanDicomSources(sources);
    const { volume } = await loadSeriesVolume(sources, scan.series[0]);
    const seg = await readImageFileNode(shared('ts-abdomen-ct-dicom', 'example_seg_dicom.nii.gz'), 'label');
    expect(seg.direction.slice(3, 6).map((x) => x + 0)).toEqual([0, -1, 0]); // j runs anterior: rows flipped
    const liver = centroid(seg, 5);
    expect(liver.n).toBe(366708);
    expect(liver.c[0]).toBeLessThan(0);
    expect(meanUnder(volume, seg, 5)).toBeCloseTo(89, -1); // within ±5 HU
  });
});

describe.skipIf(!hasSharedData)('abdominal MR NIfTI and the dcmqi NRRD', () => {
  it('MR: 117×91×20 at 3 mm, raw units, liver label on the patient right', async () => {
    const mr = await readImageFileNode(shared('ts-abdomen-mr', 'example_mr_sm.nii.gz'));
    const seg = await readImageFileNode(shared('ts-abdomen-mr', 'example_seg_mr.nii.gz'), 'label');
    expect(mr.size).toEqual([117, 91, 20]);
    expect(mr.spacing).toEqual([3, 3, 3]);
    expect(mr.unit).toBe('raw');
    expect(seg.origin).toEqual(mr.origin);
    const liver = centroid(seg, 5);
    expect(liver.n).toBe(18480);
    expect(liver.c[0]).toBeLessThan(-50);
  });
  it('NRRD liver mask shares the 3-slice CT geometry', async () => {
    const nrrd = await readImageFileNode(shared('dcmqi-liver-seg-fixture', 'liver_seg.nrrd'), 'label');
    const sources = await collectNodeSources([shared('dcmqi-liver-seg-fixture', 'ct')]);
    const scan = await scanDicomSources(sources);
    const { volume } = await loadSeriesVolume(sources, scan.series[0]);
    expect(nrrd.size).toEqual(volume.size);
    nrrd.origin.forEach((x, a) => expect(x).toBeCloseTo(volume.origin[a], 3));
    nrrd.spacing.forEach((x, a) => expect(x).toBeCloseTo(volume.spacing[a], 5));
    const hu = meanUnder(volume, nrrd, 1);
    expect(hu).toBeGreaterThan(30);
    expect(hu).toBeLessThan(200);
  });
});
