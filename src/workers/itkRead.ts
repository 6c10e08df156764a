/**
 * Browser-only (load worker): reads NIfTI / NRRD / MetaImage inputs with itk-wasm, offline.
 *
 * The itk-wasm pipelines (`nifti-read-image`, `nrrd-read-image`, `meta-read-image`: a `.js` module and
 * its `.wasm.zst`) are served by this site (see `scripts/vite-itk-pipelines.ts`); `itkPipelinesUrl` is
 * their folder. They run in this worker (`webWorker: false`): itk-wasm starts no worker of its own and
 * fetches nothing but those files. A single file goes through image-io's `readImage`; a detached
 * header and its data file go through the same pipeline with both files in its virtual file system.
 *
 * This module is imported lazily by the load worker, only when an image file is among the inputs.
 */
import { readImage, setPipelinesBaseUrl } from '@itk-wasm/image-io';
import { InterfaceTypes, runPipeline, type Image } from 'itk-wasm';
import { itkPipelinesUrl } from 'virtual:jumeau-itk-pipelines';
import { JumeauError, describeError } from '../core/errors';
import type { DicomFileSource, SeriesSummary } from '../dicom/index';
import { guessUnit } from '../volume/guessUnit';
import { checkNiftiComplete } from '../volume/niftiCheck';
import { itkImageToVolume } from '../volume/itkImage';
import { orientationCode, type Volume } from '../volume/volume';
import { imageExtensionOf, isMultiFileDataField, withDataFileName, type ImageFormat, type ImageInput } from './imageInputs';

setPipelinesBaseUrl(itkPipelinesUrl);

const PIPELINE: Record<ImageFormat, string> = { NIfTI: 'nifti-read-image', NRRD: 'nrrd-read-image', MetaImage: 'meta-read-image' };
/** Short name of each format for the series list's encoding column. */
const FORMAT_LABEL: Record<ImageFormat, string> = { NIfTI: 'NIfTI', NRRD: 'NRRD', MetaImage: 'MetaImage' };

/**
 * Inputs are written to the pipeline's in-memory file system under fixed names, so that each read
 * replaces the previous file instead of piling up (the pipeline module, and its files, are kept).
 */
const INPUT_STEM = 'jumeau-input';
const DATA_NAME = 'jumeau-input-data';

/** Turns what itk-wasm throws (Error, string, or a bare C++ exception pointer) into one readable line. */
function reason(e: unknown, input: ImageInput): string {
  if (typeof e === 'number') return `the ${input.format} reader failed on this file (it is damaged or not ${input.format})`;
  const text = describeError(e).replaceAll(INPUT_STEM, input.name.slice(input.name.lastIndexOf('/') + 1)).trim();
  if (/^could not read/i.test(text)) return `the ${input.format} reader does not recognise this file (damaged, or not ${input.format})`;
  return text.split('\n').filter((l) => l.trim()).slice(-3).join(' ').slice(0, 400) || 'unknown error';
}

async function readPair(input: ImageInput, data: DicomFileSource, informationOnly: boolean): Promise<Image> {
  const ext = imageExtensionOf(input.name)!;
  const headerPath = `${INPUT_STEM}.${ext}`;
  const header = withDataFileName(await input.header.read(), input.format, DATA_NAME);
  const args = [headerPath, '0', '1', '--memory-io', ...(informationOnly ? ['--information-only'] : [])];
  const { returnValue, stderr, outputs } = await runPipeline(PIPELINE[input.format], args,
    [{ type: InterfaceTypes.JsonCompatible }, { type: InterfaceTypes.Image }],
    [
      { type: InterfaceTypes.BinaryFile, data: { path: headerPath, data: header } },
      { type: InterfaceTypes.BinaryFile, data: { path: DATA_NAME, data: await data.read() } },
    ],
    { pipelineBaseUrl: itkPipelinesUrl, webWorker: false });
  if (returnValue !== 0) throw new Error(stderr || `pipeline exit code ${returnValue}`);
  if (!outputs[0]?.data) throw new Error('could not read');
  return outputs[1].data as Image;
}

/** Reads an image input (header only with `informationOnly`); every failure is an IMAGE_READ error naming the file. */
async function readInput(input: ImageInput, informationOnly: boolean): Promise<Image> {
  if (input.dataFileName && !input.data) {
    const what = isMultiFileDataField(input.dataFileName)
      ? `its voxels are in several files ("${input.dataFileName}"), which is not supported; convert it to a single .nrrd / .mha / .nii.gz file`
      : `its data file "${input.dataFileName}" was not given; open it together with the header (select both files, or their folder)`;
    throw new JumeauError('IMAGE_READ', what, { subject: input.name });
  }
  try {
    if (input.data) return await readPair(input, input.data, informationOnly);
    const path = `${INPUT_STEM}.${imageExtensionOf(input.name)!}`;
    const bytes = await input.header.read();
    if (input.format === 'NIfTI' && !informationOnly) checkNiftiComplete(bytes, input.name);
    const { image } = await readImage({ path, data: bytes }, { webWorker: false, informationOnly });
    return image;
  } catch (e) {
    if (e instanceof JumeauError) throw e;
    throw new JumeauError('IMAGE_READ', `cannot read ${input.format} image: ${reason(e, input)}`, { subject: input.name, cause: e });
  }
}

/**
 * Reads an input's header and describes it as one entry of the series list (size, spacing, LPS origin,
 * orientation; the encoding column shows the format). A file that cannot be read gives an entry with
 * its IMAGE_READ error.
 */
export async function scanImageInput(input: ImageInput): Promise<SeriesSummary> {
  const files = input.data ? [input.name, input.data.name] : [input.name];
  const summary: SeriesSummary = {
    id: input.id, seriesInstanceUid: '', studyInstanceUid: '', frameOfReferenceUid: '',
    modality: '—', description: input.name, size: null, spacing: null, origin: null, direction: null, orientation: null,
    transferSyntaxes: [{ uid: input.format.toLowerCase(), name: FORMAT_LABEL[input.format] }],
    sliceCount: 0, fileCount: files.length, warnings: [], error: null, files,
  };
  try {
    const image = await readInput(input, true);
    // Geometry only: an empty buffer stands in for the voxels that were not read.
    const g = itkImageToVolume({ ...image, data: new Uint8Array(0) } as Image, 'raw', input.name);
    return { ...summary, size: g.size, spacing: g.spacing, origin: g.origin, direction: g.direction, orientation: orientationCode(g.direction), sliceCount: g.size[2] };
  } catch (e) {
    const je = e instanceof JumeauError ? e : new JumeauError('IMAGE_READ', describeError(e), { subject: input.name, cause: e });
    return { ...summary, error: { code: je.code, message: je.message } };
  }
}

/** Reads an input's voxels into a Volume in LPS (unit guessed as for the CLI). */
export async function loadImageInput(input: ImageInput): Promise<Volume> {
  const image = await readInput(input, false);
  const vol = itkImageToVolume(image, 'raw', input.name);
  // itk-wasm returns a SharedArrayBuffer when the page is cross-origin isolated: not transferable.
  if (!(vol.data.buffer instanceof ArrayBuffer)) vol.data = vol.data.slice();
  vol.unit = guessUnit(vol);
  return vol;
}
