/**
 * After an edit on the slices: the touched segments of a labelmap meshed again with the twin's surface
 * settings (marching cubes on the segment's box, smoothing, decimation, checks), so the 3D twin and
 * the exports follow the edit. A segment the edit emptied is reported, not meshed (no empty mesh is
 * ever returned as if it were a result).
 */
import { throwIfAborted } from '../core/errors';
import type { Labelmap } from '../segmentation/labelmap';
import { DEFAULT_MESH_SETTINGS, meshLabelmap } from './buildTwin';
import type { MeshSettings, TwinSegment } from './types';

/** Result of {@link remeshEdited}. */
export interface RemeshResult {
  /** New meshes and measures of the touched segments that still have voxels. */
  segments: TwinSegment[];
  /** Labels of touched segments left with no voxel. */
  emptied: number[];
}

/**
 * Meshes again the segments of `labelmap` whose label is in `labels` (labels not among the
 * labelmap's segments are ignored).
 */
export function remeshEdited(labelmap: Labelmap, labels: readonly number[], settings: MeshSettings = DEFAULT_MESH_SETTINGS, signal?: AbortSignal): RemeshResult {
  const wanted = labelmap.segments.filter((s) => labels.includes(s.label));
  if (!wanted.length) return { segments: [], emptied: [] };
  const present = new Set<number>();
  const want = new Uint8Array(labelmap.data instanceof Uint16Array ? 65536 : 256);
  for (const s of wanted) want[s.label] = 1;
  const d = labelmap.data;
  for (let q = 0; q < d.length; q++) if (want[d[q]]) present.add(d[q]);
  throwIfAborted(signal);
  const keep = wanted.filter((s) => present.has(s.label));
  const segments = keep.length ? meshLabelmap({ ...labelmap, segments: keep }, settings, undefined, undefined, signal) : [];
  return { segments, emptied: wanted.filter((s) => !present.has(s.label)).map((s) => s.label) };
}
