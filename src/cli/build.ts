/**
 * `jumeau build`: input (DICOM folder/files, or a NIfTI/NRRD file) → `<out>/volume.nii.gz`, the twin
 * (`labels.nii.gz`, one STL per segment, `twin.glb`; skipped with `--anatomy none`) and
 * `<out>/report.json`. Segmentation runs before anything is written: when it fails, nothing is.
 */
import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { JumeauError } from '../core/errors';
import { scanDicomSources, loadSeriesVolume, type SeriesSummary, type SeriesWarning, type ScannedSeries } from '../dicom';
import { indexToLpsMatrix, orientationCode, valueRange, type Volume } from '../volume/volume';
import { collectNodeSources } from './nodeSources';
import { largestBuildable } from './loadInput';
import { isImageFile, readImageFileNode, writeNiftiNode } from './imageFiles';
import { computeTwin, describeSegments, writeTwin, type TwinReportPart } from './twinOutput';
import type { AnatomyChoice, TwinSeeds } from '../twin';
import { writeProposedPlan, type PlanReportPart } from './planOutput';

/** Options of {@link runBuild}. */
export interface BuildOptions { out: string; series?: string; json: boolean; allowGaps: boolean; anatomy: AnatomyChoice | 'none'; seeds?: TwinSeeds }

/** `report.json` (schema `jumeau.build/1`); every length in mm, positions in LPS. */
export interface BuildReport {
  schema: 'jumeau.build/1';
  input: string;
  series: Omit<SeriesSummary, 'files'> | null;
  otherSeries: { id: string; description: string; sliceCount: number }[];
  volume: {
    file: 'volume.nii.gz';
    size: [number, number, number];
    spacing: number[];
    origin: number[];
    direction: number[];
    orientation: string;
    indexToLps: number[];
    unit: string;
    dataType: string;
    valueRange: { min: number; max: number };
    /** SHA-256 of the voxel bytes (little endian, i fastest): the input hash later plans carry. */
    sha256: string;
  };
  warnings: SeriesWarning[];
  skipped: { file: string; code: string; reason: string }[];
  timings: { scanS: number; loadS: number; writeS: number; totalS: number };
  /** The twin (absent with `--anatomy none`): chosen anatomy, labels file, one entry per segment, mesh timings. */
  twin?: TwinReportPart;
  /** The proposed plan (hip twins only): `plan.json` and notes. */
  plan?: PlanReportPart;
}

function pickSeries(series: ScannedSeries[], wanted: string | undefined): ScannedSeries {
  if (wanted) {
    const byIndex = /^\d+$/.test(wanted) ? series[Number(wanted) - 1] : undefined;
    const s = byIndex ?? series.find((x) => x.summary.id === wanted || x.summary.seriesInstanceUid === wanted);
    if (!s) throw new JumeauError('SERIES_NOT_FOUND', `no series "${wanted}" (run 'jumeau inspect' to list them)`, { subject: '--series' });
    return s;
  }
  const buildable = series.filter((s) => s.plan);
  if (!buildable.length) {
    const first = series[0]?.summary.error;
    throw new JumeauError(first?.code ?? 'NO_IMAGE_SERIES', first?.message ?? 'no series in the input can be built into a volume');
  }
  // Default: the largest buildable series (reported, and listed with the others in report.json).
  return largestBuildable(buildable)!;
}

/** Runs build; returns the exit code. */
export async function runBuild(input: string, opts: BuildOptions): Promise<number> {
  const t0 = performance.now();
  let volume: Volume;
  let summary: SeriesSummary | null = null;
  let warnings: SeriesWarning[] = [];
  let skipped: BuildReport['skipped'] = [];
  let others: BuildReport['otherSeries'] = [];
  let tScan = t0;
  if (isImageFile(input)) {
    volume = await readImageFileNode(input);
    tScan = performance.now();
  } else {
    const sources = await collectNodeSources([input]);
    if (!sources.length) throw new JumeauError('NO_IMAGE_SERIES', 'no files found', { subject: input });
    const scan = await scanDicomSources(sources, { allowGaps: opts.allowGaps });
    skipped = scan.skipped;
    if (!scan.series.length) {
      const why = skipped[0] ? `${skipped[0].file}: ${skipped[0].reason}` : 'no DICOM image found';
      throw new JumeauError('NO_IMAGE_SERIES', `no image series found (${skipped.length} file(s) skipped; first: ${why})`, { subject: input });
    }
    const chosen = pickSeries(scan.series, opts.series);
    others = scan.series.filter((s) => s !== chosen).map((s) => ({ id: s.summary.id, description: s.summary.description, sliceCount: s.summary.sliceCount }));
    tScan = performance.now();
    const loaded = await loadSeriesVolume(sources, chosen);
    volume = loaded.volume;
    warnings = loaded.warnings;
    summary = chosen.summary;
  }
  const tLoad = performance.now();
  const twin = opts.anatomy === 'none' ? null : computeTwin(volume, opts.anatomy, summary?.description, opts.seeds);
  const tTwin = performance.now();
  await fsp.mkdir(opts.out, { recursive: true });
  await writeNiftiNode(volume, path.join(opts.out, 'volume.nii.gz'));
  const tWrite = performance.now();
  const twinPart = twin ? await writeTwin(twin, opts.out) : undefined;
  const { files: _files, ...seriesJson } = summary ?? { files: [] };
  const report: BuildReport = {
    schema: 'jumeau.build/1',
    input,
    series: summary ? (seriesJson as Omit<SeriesSummary, 'files'>) : null,
    otherSeries: others,
    volume: {
      file: 'volume.nii.gz',
      size: volume.size,
      spacing: volume.spacing,
      origin: volume.origin,
      direction: volume.direction,
      orientation: orientationCode(volume.direction),
      indexToLps: indexToLpsMatrix(volume),
      unit: volume.unit,
      dataType: volume.data.constructor.name,
      valueRange: valueRange(volume.data),
      sha256: createHash('sha256').update(new Uint8Array(volume.data.buffer, volume.data.byteOffset, volume.data.byteLength)).digest('hex'),
    },
    warnings,
    skipped,
    timings: { scanS: (tScan - t0) / 1000, loadS: (tLoad - tScan) / 1000, writeS: (tWrite - tTwin) / 1000, totalS: (performance.now() - t0) / 1000 },
    ...(twinPart ? { twin: twinPart } : {}),
  };
  const planPart = twin ? await writeProposedPlan(twin, { seriesInstanceUid: summary?.seriesInstanceUid ?? null, volumeSha256: report.volume.sha256 }, opts.out) : undefined;
  if (planPart) report.plan = planPart;
  await fsp.writeFile(path.join(opts.out, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
  if (opts.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else {
    const v = report.volume;
    process.stdout.write(`built ${path.join(opts.out, 'volume.nii.gz')}: ${v.size.join('×')} voxels, spacing ${v.spacing.map((x) => +x.toFixed(4)).join('×')} mm, ${v.orientation}, ${v.unit} ${v.valueRange.min}…${v.valueRange.max}\n`);
    if (twinPart) process.stdout.write(describeSegments(twinPart));
    if (planPart) process.stdout.write(`proposed plan → ${path.join(opts.out, planPart.file)} (check it with 'jumeau plan')\n`);
    for (const w of warnings) process.stdout.write(`${w.severity}: [${w.code}] ${w.message}\n`);
    if (others.length) process.stdout.write(`note: ${others.length} other series in the input were not built (use --series)\n`);
  }
  return 0;
}
