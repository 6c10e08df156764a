/**
 * Cropping a volume to an index box and pasting a result back: lets a pipeline work on the region
 * that holds its structures (the bones of a 512×512 CT fill a fraction of the field; see
 * src/segmentation/boneCores.ts) at the same geometry — the crop's origin is the LPS position of its
 * first voxel, spacing and direction are kept, so `indexToLps` of the crop at (i, j, k) equals that of the whole volume at (i + i0, j + j0, k + k0).
 */
import { indexToLps, type Volume, type VoxelArray } from './volume';

/** Inclusive voxel-index box. */
export interface IndexBox {
  min: [number, number, number];
  max: [number, number, number];
}

type ArrayCtor = { new (n: number): VoxelArray };

/** The sub-volume of `vol` inside `box` (copied), with the origin moved to the box's first voxel. */
export function cropVolume<T extends Volume>(vol: T, box: IndexBox): T {
  const [ni, nj] = vol.size;
  const size: [number, number, number] = [0, 1, 2].map((a) => box.max[a] - box.min[a] + 1) as [number, number, number];
  const data = new (vol.data.constructor as ArrayCtor)(size[0] * size[1] * size[2]);
  let o = 0;
  for (let k = box.min[2]; k <= box.max[2]; k++) {
    for (let j = box.min[1]; j <= box.max[1]; j++) {
      const start = box.min[0] + ni * (j + nj * k);
      data.set(vol.data.subarray(start, start + size[0]), o);
      o += size[0];
    }
  }
  return { ...vol, size, origin: indexToLps(vol, box.min), data };
}

/** Writes `part` (the same grid as `whole` cropped to `box`) into `whole.data` at the box. */
export function pasteInto(whole: Pick<Volume, 'size'> & { data: VoxelArray }, part: { data: VoxelArray }, box: IndexBox): void {
  const [ni, nj] = whole.size;
  const w = box.max[0] - box.min[0] + 1;
  let o = 0;
  for (let k = box.min[2]; k <= box.max[2]; k++) {
    for (let j = box.min[1]; j <= box.max[1]; j++) {
      whole.data.set(part.data.subarray(o, o + w), box.min[0] + ni * (j + nj * k));
      o += w;
    }
  }
}
