/**
 * Labelmap overlay of the slice view (pure; no DOM): blends each labelled voxel's segment colour over
 * the greyscale slice, with the same screen mapping as `renderSliceRgba`, so a label is drawn exactly
 * on the voxel it belongs to (patient right on the viewer's left, anterior at the top).
 */
import type { AxialViewPlan } from './sliceView';

/**
 * Blends `labels` of slider position `s` over `rgba` (width × height × 4, from `renderSliceRgba`):
 * `out = (1 − alpha) · grey + alpha · colour` where the label has a colour; label 0 and labels without
 * a colour are left as they are.
 * @param coloursRgb - sRGB colour per label value (index = label)
 * @returns the number of pixels coloured
 */
export function blendLabelsRgba(
  labels: ArrayLike<number>,
  size: readonly [number, number, number],
  plan: AxialViewPlan,
  s: number,
  coloursRgb: readonly (readonly [number, number, number] | undefined)[],
  alpha: number,
  rgba: Uint8ClampedArray,
): number {
  return blendCroppedLabelsRgba(labels, [0, 0, 0], size, plan, s, coloursRgb, alpha, rgba);
}

/** Distinct colours for territories (label n → TERRITORY_COLOURS[n % length]). */
export const TERRITORY_COLOURS: readonly [number, number, number][] = [
  [230, 25, 75], [60, 180, 75], [255, 225, 25], [0, 130, 200], [245, 130, 48], [145, 30, 180], [70, 240, 240], [240, 50, 230], [210, 245, 60], [250, 190, 212],
];

/**
 * Like {@link blendLabelsRgba} for labels held on a crop of the volume's grid (the crop's first voxel
 * at `cropLo`, `cropSize` voxels): pixels outside the crop are left as they are.
 */
export function blendCroppedLabelsRgba(
  labels: ArrayLike<number>,
  cropLo: readonly [number, number, number],
  cropSize: readonly [number, number, number],
  plan: AxialViewPlan,
  s: number,
  coloursRgb: readonly (readonly [number, number, number] | undefined)[],
  alpha: number,
  rgba: Uint8ClampedArray,
): number {
  const { width, height } = plan;
  const ijk = [0, 0, 0];
  ijk[plan.sliceAxis] = plan.flipSlice ? plan.sliceCount - 1 - s : s;
  const keep = 1 - alpha;
  let coloured = 0;
  for (let y = 0, p = 0; y < height; y++) {
    ijk[plan.yAxis] = plan.flipY ? height - 1 - y : y;
    for (let x = 0; x < width; x++, p += 4) {
      ijk[plan.xAxis] = plan.flipX ? width - 1 - x : x;
      const a = ijk[0] - cropLo[0], b = ijk[1] - cropLo[1], c = ijk[2] - cropLo[2];
      if (a < 0 || b < 0 || c < 0 || a >= cropSize[0] || b >= cropSize[1] || c >= cropSize[2]) continue;
      const l = labels[a + cropSize[0] * (b + cropSize[1] * c)];
      const col = l ? coloursRgb[l] : undefined;
      if (!col) continue;
      rgba[p] = keep * rgba[p] + alpha * col[0];
      rgba[p + 1] = keep * rgba[p + 1] + alpha * col[1];
      rgba[p + 2] = keep * rgba[p + 2] + alpha * col[2];
      coloured++;
    }
  }
  return coloured;
}
