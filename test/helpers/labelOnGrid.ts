/** Label files resampled onto a CT's grid through LPS (nearest voxel): handles a label file stored in another orientation. */
import { createMask } from '../../src/segmentation/labelmap';
import { indexToLps, lpsToIndex, type Volume } from '../../src/volume/volume';

/** Mask of `value` in `labels`, sampled at each voxel centre of `image` (nearest label voxel, through LPS). */
export function labelOnGrid(image: Volume, labels: Volume, value: number) {
  const [ni, nj, nk] = image.size;
  const m = createMask(image);
  for (let k = 0, q = 0; k < nk; k++) for (let j = 0; j < nj; j++) for (let i = 0; i < ni; i++, q++) {
    const idx = lpsToIndex(labels, indexToLps(image, [i, j, k])).map(Math.round);
    if (idx.some((x, a) => x < 0 || x >= labels.size[a])) continue;
    m.data[q] = labels.data[idx[0] + labels.size[0] * (idx[1] + labels.size[1] * idx[2])] === value ? 1 : 0;
  }
  return m;
}
