/**
 * The twin stage: volume → automatic segmentation → per segment: marching cubes on its bounding box,
 * windowed-sinc smoothing, quadric decimation and quality checks. Pure (Node, CLI and workers run it),
 * with progress per stage and cancellation between steps through an AbortSignal.
 */
import { JumeauError, throwIfAborted } from '../core/errors';
import { decimateMesh } from '../meshing/decimate';
import { extractLabelSurface } from '../meshing/extractSurface';
import { labelStatistics } from '../volume/labelStats';
import { checkMeshQuality } from '../meshing/quality';
import { smoothWindowedSinc } from '../meshing/smooth';
import type { TriangleMesh } from '../meshing/types';
import { voxelVolumeMm3, type Labelmap } from '../segmentation/labelmap';
import type { Volume } from '../volume/volume';
import { segmentAnatomy } from './segmentAnatomy';
import type { AnatomyChoice, MeshSettings, Twin, TwinProgress, TwinSeeds, TwinSegment, TwinTimings } from './types';

/**
 * Default surface settings: Slicer's default smoothing (windowed sinc, 20 iterations, pass band
 * 0.01 = smoothing factor 0.5) and decimation to a quarter of the triangles where no collapse moves
 * the surface by more than 0.1 mm RMS (a tenth of a typical CT voxel), so a printed model keeps the
 * voxel-level shape.
 */
export const DEFAULT_MESH_SETTINGS: MeshSettings = {
  smoothing: { iterations: 20, passBand: 0.01 },
  decimate: { targetRatio: 0.25, maxErrorMm: 0.1 },
};

/** Options of {@link buildTwin}. */
export interface BuildTwinOptions {
  /** Anatomy pipeline (default `auto`). */
  anatomy?: AnatomyChoice;
  /** Seeds for the liver pipeline. */
  seeds?: TwinSeeds;
  /** Series description, read by `auto`. */
  description?: string;
  /** Surface settings (default {@link DEFAULT_MESH_SETTINGS}). */
  meshSettings?: MeshSettings;
  onProgress?: (p: TwinProgress) => void;
  signal?: AbortSignal;
}

const now = (): number => performance.now() / 1000;

/**
 * Builds the twin of `volume`.
 * @throws JumeauError EMPTY_SEGMENT when the pipeline finds nothing (no bone in an MR…), BAD_ARGUMENT
 *   for an unknown anatomy, SEED_OUTSIDE_VOLUME for a bad seed, CANCELLED when `signal` aborts
 */
export function buildTwin(volume: Volume, options: BuildTwinOptions = {}): Twin {
  const settings = options.meshSettings ?? DEFAULT_MESH_SETTINGS;
  const progress = options.onProgress ?? (() => undefined);
  const timings: TwinTimings = { segmentS: 0, surfaceS: 0, smoothS: 0, decimateS: 0, checkS: 0 };
  throwIfAborted(options.signal);
  progress({ stage: 'segment', done: 0, total: 100 });
  const t = now();
  const seg = segmentAnatomy(volume, options.anatomy ?? 'auto', {
    seeds: options.seeds,
    description: options.description,
    signal: options.signal,
    onProgress: (fraction, what) => progress({ stage: 'segment', done: Math.round(fraction * 100), total: 100, segment: what }),
  });
  timings.segmentS = now() - t;
  progress({ stage: 'segment', done: 100, total: 100 });
  const segments = meshLabelmap(seg.labelmap, settings, timings, progress, options.signal);
  return { anatomy: seg.anatomy, anatomyReason: seg.reason, labelmap: seg.labelmap, segments, notes: seg.notes, timings, meshSettings: settings };
}

/**
 * Meshes every segment of a labelmap with `settings` (also used after an edit of one segment).
 * @throws JumeauError EMPTY_SEGMENT naming the segments with no voxel (no empty mesh is returned)
 */
export function meshLabelmap(
  labelmap: Labelmap,
  settings: MeshSettings = DEFAULT_MESH_SETTINGS,
  timings: TwinTimings = { segmentS: 0, surfaceS: 0, smoothS: 0, decimateS: 0, checkS: 0 },
  progress: (p: TwinProgress) => void = () => undefined,
  signal?: AbortSignal,
): TwinSegment[] {
  let t = now();
  const stats = new Map(labelStatistics(labelmap).map((s) => [s.label, s]));
  timings.surfaceS += now() - t;
  const empty = labelmap.segments.filter((s) => !stats.has(s.label));
  if (empty.length) {
    throw new JumeauError('EMPTY_SEGMENT', `no voxels for ${empty.map((s) => `"${s.name}" (label ${s.label})`).join(', ')}: nothing to mesh`, { subject: 'segments' });
  }
  const voxelMm3 = voxelVolumeMm3(labelmap);
  const total = labelmap.segments.length;
  const out: TwinSegment[] = [];
  labelmap.segments.forEach((s, n) => {
    throwIfAborted(signal);
    const st = stats.get(s.label)!;
    progress({ stage: 'surface', done: n, total, segment: s.name });
    t = now();
    const raw = extractLabelSurface(labelmap, s.label, { boxIjk: st.boxIjk, signal, segmentName: s.name });
    timings.surfaceS += now() - t;
    let mesh: TriangleMesh = raw;
    if (settings.smoothing) {
      throwIfAborted(signal);
      progress({ stage: 'smooth', done: n, total, segment: s.name });
      t = now();
      mesh = smoothWindowedSinc(mesh, settings.smoothing);
      timings.smoothS += now() - t;
    }
    if (settings.decimate) {
      progress({ stage: 'decimate', done: n, total, segment: s.name });
      t = now();
      mesh = decimateMesh(mesh, { targetRatio: settings.decimate.targetRatio, maxErrorMm: settings.decimate.maxErrorMm, signal }).mesh;
      timings.decimateS += now() - t;
    }
    progress({ stage: 'check', done: n, total, segment: s.name });
    t = now();
    const voxelMm3Total = st.voxelCount * voxelMm3;
    const q = checkMeshQuality(mesh, voxelMm3Total);
    timings.checkS += now() - t;
    out.push({
      label: s.label,
      name: s.name,
      colorRgb: s.colorRgb,
      terminology: s.terminology,
      voxelCount: st.voxelCount,
      volumeMl: voxelMm3Total / 1000,
      mesh,
      triangleCount: q.triangleCount,
      surfaceTriangleCount: raw.indices.length / 3,
      quality: {
        closed: q.closed,
        manifold: q.manifold,
        consistentlyOriented: q.consistentlyOriented,
        degenerateTriangles: q.degenerateTriangleCount,
        shells: q.shellCount,
        meshVolumeMl: q.volumeMl,
        volumeErrorPercent: q.volumeErrorPercent ?? NaN,
      },
    });
  });
  progress({ stage: 'check', done: total, total });
  return out;
}
