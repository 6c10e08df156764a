/**
 * The input of a command: a NIfTI/NRRD/MetaImage file, or DICOM files/folders whose default series is
 * the largest one that can be built into a volume (`build` reports the others; `--series` picks another).
 */
import { loadSeriesVolume, scanDicomSources, type ScannedSeries } from '../dicom';
import { voxelCount, type Volume } from '../volume/volume';
import { isImageFile, readImageFileNode } from './imageFiles';
import { collectNodeSources } from './nodeSources';

/** The buildable series with the most voxels, or undefined when none can be built. */
export function largestBuildable(series: readonly ScannedSeries[]): ScannedSeries | undefined {
  return series.filter((s) => s.plan).sort((a, b) => voxelCount(b.plan!.size) - voxelCount(a.plan!.size))[0];
}

/** Loads an input's default volume (benchmarks; `build` adds series choice and reporting). */
export async function loadInputNode(input: string): Promise<{ volume: Volume; description?: string }> {
  if (isImageFile(input)) return { volume: await readImageFileNode(input) };
  const sources = await collectNodeSources([input]);
  const s = largestBuildable((await scanDicomSources(sources)).series);
  if (!s) throw new Error(`no loadable series in ${input}`);
  return { volume: (await loadSeriesVolume(sources, s)).volume, description: s.summary.description };
}
