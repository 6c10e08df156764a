/** `jumeau inspect`: lists every series found (and every file skipped) without decoding pixels. */
import { scanDicomSources } from '../dicom';
import type { SeriesSummary } from '../dicom';
import { collectNodeSources } from './nodeSources';

/** JSON printed by `inspect --json` (schema `jumeau.inspect/1`). */
export interface InspectJson {
  schema: 'jumeau.inspect/1';
  inputs: string[];
  fileCount: number;
  series: Omit<SeriesSummary, 'files'>[];
  skipped: { file: string; code: string; reason: string }[];
}

const fmt = (v: number[] | null, d = 3): string => (v ? v.map((x) => +x.toFixed(d)).join(' × ') : '—');

/** Runs inspect; returns the exit code (0 when at least one series can be built, 2 otherwise). */
export async function runInspect(inputs: string[], opts: { json: boolean; allowGaps: boolean }): Promise<number> {
  const sources = await collectNodeSources(inputs);
  const scan = await scanDicomSources(sources, { allowGaps: opts.allowGaps });
  const series = scan.series.map((s) => {
    const { files: _files, ...rest } = s.summary;
    return rest;
  });
  if (opts.json) {
    const out: InspectJson = { schema: 'jumeau.inspect/1', inputs, fileCount: sources.length, series, skipped: scan.skipped };
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  } else {
    process.stdout.write(`${sources.length} file(s), ${series.length} series, ${scan.skipped.length} skipped\n`);
    series.forEach((s, n) => {
      process.stdout.write(`\n[${n + 1}] ${s.modality} "${s.description}" (series ${s.seriesNumber ?? '?'})  id ${s.id}\n`);
      process.stdout.write(`    size ${fmt(s.size, 0)}  spacing ${fmt(s.spacing)} mm  slices ${s.sliceCount}  orientation ${s.orientation ?? '—'}\n`);
      process.stdout.write(`    origin ${fmt(s.origin)} mm (LPS)  direction ${s.direction ? s.direction.map((x) => +x.toFixed(4)).join(' ') : '—'}\n`);
      process.stdout.write(`    transfer syntax ${s.transferSyntaxes.map((t) => `${t.name} (${t.uid})`).join(', ')}\n`);
      for (const w of s.warnings) process.stdout.write(`    ${w.severity}: [${w.code}] ${w.message}\n`);
      if (s.error) process.stdout.write(`    ERROR: [${s.error.code}] ${s.error.message}\n`);
    });
    for (const k of scan.skipped) process.stdout.write(`skipped ${k.file}: [${k.code}] ${k.reason}\n`);
  }
  return series.some((s) => !s.error) ? 0 : 2;
}
