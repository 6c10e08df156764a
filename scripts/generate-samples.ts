/**
 * Generates the bundled sample cases (`npm run samples`):
 *
 *   dicom-samples/<case>/dicom/*.dcm     one CT slice per file (names are hashes, not slice order)
 *   dicom-samples/<case>/labels.nii.gz   exact ground-truth labels, same geometry as the CT
 *   dicom-samples/<case>/case.json       description, segments (label, name, colour, voxel count), geometry
 *   dicom-samples/index.json             the list of cases the app offers under "open sample"
 *
 * Deterministic: every run writes the same bytes. Usage:
 *   tsx scripts/generate-samples.ts [--out DIR] [--case NAME]...
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { writeImageNode } from '@itk-wasm/image-io';
import { volumeToItkImage } from '../src/volume/itkImage';
import { JumeauError } from '../src/core/errors';
import {
  SAMPLES_GENERATOR_VERSION,
  SAMPLE_BUILDERS,
  buildCaseManifest,
  buildIndexEntry,
  formatManifestJson,
} from '../src/samples/caseManifest';
import type { SampleIndex } from '../src/samples/caseManifest';
import { writeDicomSeries } from '../src/samples/writeDicomSeries';

/** Options of {@link generateSamples}. */
export interface GenerateSamplesOptions {
  /** Output folder (absolute or relative to the working directory). */
  outDir: string;
  /** Cases to generate (default: all, in menu order). */
  cases?: string[];
  /** Progress lines (default: none). */
  log?: (line: string) => void;
}

/** Repository's default output folder. */
export const DEFAULT_SAMPLES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'dicom-samples');

/**
 * Builds every requested phantom and writes its DICOM series, labels, case.json and the index.
 * @returns the index written to `<outDir>/index.json`
 */
export async function generateSamples(options: GenerateSamplesOptions): Promise<SampleIndex> {
  const outDir = path.resolve(options.outDir);
  const names = options.cases ?? Object.keys(SAMPLE_BUILDERS);
  const log = options.log ?? (() => {});
  const index: SampleIndex = { generatorVersion: SAMPLES_GENERATOR_VERSION, cases: [] };
  for (const name of names) {
    const build = SAMPLE_BUILDERS[name];
    if (!build) throw new JumeauError('BAD_ARGUMENT', `unknown sample case "${name}" (known: ${Object.keys(SAMPLE_BUILDERS).join(', ')})`);
    const t0 = performance.now();
    const phantom = build();
    const t1 = performance.now();
    const files = writeDicomSeries(phantom.volume, { caseName: phantom.name, ...phantom.dicom });
    const caseDir = path.join(outDir, name);
    const dicomDir = path.join(caseDir, 'dicom');
    await rm(dicomDir, { recursive: true, force: true });
    await mkdir(dicomDir, { recursive: true });
    await Promise.all(files.map((f) => writeFile(path.join(dicomDir, f.fileName), f.bytes)));
    const t2 = performance.now();
    await writeImageNode(volumeToItkImage(phantom.labels, `${name}-labels`), path.join(caseDir, 'labels.nii.gz'));
    const manifest = buildCaseManifest(phantom, files.length);
    await writeFile(path.join(caseDir, 'case.json'), formatManifestJson(manifest));
    index.cases.push(buildIndexEntry(manifest, files.map((f) => f.fileName)));
    const t3 = performance.now();
    const megabytes = files.reduce((sum, f) => sum + f.bytes.length, 0) / 1e6;
    const voxels = phantom.volume.data.length;
    log(
      `${name}: ${phantom.volume.size.join('×')} = ${(voxels / 1e6).toFixed(2)} M voxels, ${files.length} files, ` +
        `${megabytes.toFixed(1)} MB DICOM; build ${(t1 - t0).toFixed(0)} ms, DICOM ${(t2 - t1).toFixed(0)} ms, ` +
        `labels ${(t3 - t2).toFixed(0)} ms`,
    );
  }
  await mkdir(outDir, { recursive: true });
  await writeFile(path.join(outDir, 'index.json'), formatManifestJson(index));
  return index;
}

function parseArgs(argv: string[]): GenerateSamplesOptions {
  const options: GenerateSamplesOptions = { outDir: DEFAULT_SAMPLES_DIR, log: (line) => console.log(line) };
  for (let n = 0; n < argv.length; n++) {
    const arg = argv[n];
    const value = argv[n + 1];
    if ((arg === '--out' || arg === '--case') && (value === undefined || value.startsWith('--'))) {
      throw new JumeauError('BAD_ARGUMENT', `${arg} needs a value`);
    }
    if (arg === '--out') {
      options.outDir = value;
      n++;
    } else if (arg === '--case') {
      options.cases = [...(options.cases ?? []), value];
      n++;
    } else {
      throw new JumeauError('BAD_ARGUMENT', `unknown argument "${arg}" (usage: generate-samples [--out DIR] [--case NAME]...)`);
    }
  }
  return options;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const started = performance.now();
  try {
    const options = parseArgs(process.argv.slice(2));
    await generateSamples(options);
    console.log(`samples written to ${path.resolve(options.outDir)} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}
