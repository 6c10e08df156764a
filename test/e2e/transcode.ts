/**
 * Test-only: writes compressed copies of part of a generated sample series (JPEG 2000, HTJ2K, JPEG-LS,
 * RLE, JPEG lossless: all lossless) with the project's test DICOM writer, so the browser test can check
 * that every wasm and JS codec decodes in the load worker to exactly the native sample's values.
 * Loaded by scripts/e2e.mjs through Vite's ssrLoadModule (runs in Node).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import dicomParser from 'dicom-parser';
import { TS, writeCtSlice } from '../helpers/dicomWriter';
import type { Vec3 } from '../../src/core/vec3';

/** One written series. */
export interface TranscodedSeries { codec: string; transferSyntaxUid: string; seriesInstanceUid: string; description: string; dir: string }

const CODECS: { codec: string; ts: string }[] = [
  { codec: 'j2k', ts: TS.j2k },
  { codec: 'htj2k', ts: TS.htj2k },
  { codec: 'jpeg-ls', ts: TS.jpegLs },
  { codec: 'rle', ts: TS.rle },
  { codec: 'jpeg-lossless', ts: TS.jpegLossless },
];

const nums = (ds: dicomParser.DataSet, tag: string): number[] => (ds.string(tag) ?? '').split('\\').filter(Boolean).map(Number);

/**
 * Writes slices `[first, first + count)` (sorted by position) of the native series `files` once per
 * codec (all, or those listed in `codecs`) into `outDir/<codec>/`, each codec as its own series (own SeriesInstanceUID and description
 * "e2e <codec>"), keeping geometry, rescale and stored values.
 */
export async function transcodeSeries(files: string[], outDir: string, first: number, count: number, codecs?: string[]): Promise<TranscodedSeries[]> {
  const slices = files.map((f) => ({ f, ds: dicomParser.parseDicom(new Uint8Array(readFileSync(f))) }));
  slices.sort((a, b) => nums(a.ds, 'x00200032')[2] - nums(b.ds, 'x00200032')[2]);
  const chosen = slices.slice(first, first + count);
  const out: TranscodedSeries[] = [];
  for (const [n, { codec, ts }] of CODECS.entries()) {
    if (codecs && !codecs.includes(codec)) continue;
    const dir = join(outDir, codec);
    mkdirSync(dir, { recursive: true });
    const seriesInstanceUid = `2.25.9990001${n + 1}${Date.UTC(2024, 0, 1)}`;
    const description = `e2e ${codec}`;
    for (const [k, { ds }] of chosen.entries()) {
      const rows = ds.uint16('x00280010')!;
      const columns = ds.uint16('x00280011')!;
      const el = ds.elements.x7fe00010;
      const bytes = ds.byteArray.slice(el.dataOffset, el.dataOffset + 2 * rows * columns);
      const signed = ds.uint16('x00280103') === 1;
      const pixels = signed ? new Int16Array(bytes.buffer) : new Uint16Array(bytes.buffer);
      const file = await writeCtSlice({
        rows, columns, pixels,
        ipp: nums(ds, 'x00200032') as Vec3,
        iop: nums(ds, 'x00200037'),
        pixelSpacing: nums(ds, 'x00280030') as [number, number],
        sliceThickness: ds.floatString('x00180050'),
        rescaleSlope: ds.floatString('x00281053') ?? 1,
        rescaleIntercept: ds.floatString('x00281052') ?? 0,
        bitsStored: ds.uint16('x00280101'),
        sopInstanceUid: `${seriesInstanceUid}.${k + 1}`,
        seriesInstanceUid,
        studyInstanceUid: ds.string('x0020000d'),
        frameOfReferenceUid: ds.string('x00200052'),
        seriesNumber: 900 + n,
        instanceNumber: k + 1,
        seriesDescription: description,
      }, { transferSyntaxUid: ts });
      writeFileSync(join(dir, `${String(k + 1).padStart(3, '0')}.dcm`), file);
    }
    out.push({ codec, transferSyntaxUid: ts, seriesInstanceUid, description, dir });
  }
  return out;
}
