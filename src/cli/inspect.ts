/** `jumeau inspect`: lists every series found (and every file skipped) without decoding pixels. */
import { scanDicomSources } from '../dicom';
import type { SeriesSummary } from '../dicom';
import { collectNodeSources } from './nodeSources';
import { isImageFile, readImageFileNode } from './imageFiles';
import { orientationCode } from '../volume/volume';
import { describeError } from '../core/errors';

/** A NIfTI / NRRD / MetaImage file found among the inputs (read through itk-wasm). */
export interface InspectImage {
  file: string;
  format: string;
  size: [number, number, number];
  spacing: number[];
  origin: number[];
  direction: number[];
  orientation: string;
  dataType: string;
  unit: string;
}

/** JSON printed by `inspect --json` (schema `jumeau.inspect/1`). */
export interface InspectJson {
  schema: 'jumeau.inspect/1';
  inputs: string[];
  fileCount: number;
  series: Omit<SeriesSummary, 'files'>[];
  images: InspectImage[];
  skipped: { file: string; code: string; reason: string }[];
}

const fmt = (v: number[] | null, d = 3): string => (v ? v.map((x) => +x.toFixed(d)).join(' × ') : '—');

/** Runs inspect; returns the exit code (0 when at least one series can be built, 2 otherwise). */
export async function runInspect(inputs: string[], opts: { json: boolean; allowGaps: boolean }): Promise<number> {
  const all = await collectNodeSources(inputs);
  const sources = all.filter((s) => !isImageFile(s.name));
  const scan = await scanDicomSources(sources, { allowGaps: opts.allowGaps });
  const images: InspectImage[] = [];
  for (const src of all.filter((s) => isImageFile(s.name))) {
    try {
      const v = await readImageFileNode(src.path);
      const lower = src.name.toLowerCase();
      const format = lower.includes('.nii') ? 'NIfTI' : lower.endsWith('.nrrd') || lower.endsWith('.nhdr') ? 'NRRD' : 'MetaImage';
      images.push({ file: src.name, format, size: v.size, spacing: v.spacing, origin: v.origin, direction: v.direction, orientation: orientationCode(v.direction), dataType: v.data.constructor.name, unit: v.unit });
    } catch (e) {
      scan.skipped.push({ file: src.name, code: 'IMAGE_READ', reason: describeError(e) });
    }
  }
  const series = scan.series.map((s) => {
    const { files: _files, ...rest } = s.summary;
    return rest;
  });
  if (opts.json) {
    const out: InspectJson = { schema: 'jumeau.inspect/1', inputs, fileCount: all.length, series, images, skipped: scan.skipped };
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  } else {
    process.stdout.write(`${all.length} file(s), ${series.length} DICOM series, ${images.length} image file(s), ${scan.skipped.length} skipped\n`);
    series.forEach((s, n) => {
      process.stdout.write(`\n[${n + 1}] ${s.modality} "${s.description}" (series ${s.seriesNumber ?? '?'})  id ${s.id}\n`);
      process.stdout.write(`    size ${fmt(s.size, 0)}  spacing ${fmt(s.spacing)} mm  slices ${s.sliceCount}  orientation ${s.orientation ?? '—'}\n`);
      process.stdout.write(`    origin ${fmt(s.origin)} mm (LPS)  direction ${s.direction ? s.direction.map((x) => +x.toFixed(4)).join(' ') : '—'}\n`);
      process.stdout.write(`    transfer syntax ${s.transferSyntaxes.map((t) => `${t.name} (${t.uid})`).join(', ')}\n`);
      for (const w of s.warnings) process.stdout.write(`    ${w.severity}: [${w.code}] ${w.message}\n`);
      if (s.error) process.stdout.write(`    ERROR: [${s.error.code}] ${s.error.message}\n`);
    });
    for (const im of images) {
      process.stdout.write(`\n[${im.format}] ${im.file}\n    size ${fmt(im.size, 0)}  spacing ${fmt(im.spacing)} mm  orientation ${im.orientation}  ${im.dataType} ${im.unit}\n`);
      process.stdout.write(`    origin ${fmt(im.origin)} mm (LPS)  direction ${im.direction.map((x) => +x.toFixed(4)).join(' ')}\n`);
    }
    for (const k of scan.skipped) process.stdout.write(`skipped ${k.file}: [${k.code}] ${k.reason}\n`);
  }
  return series.some((s) => !s.error) || images.length ? 0 : 2;
}
