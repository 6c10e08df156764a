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
  const { width, height } = plan;
  const strides = [1, size[0], size[0] * size[1]];
  const sIdx = plan.flipSlice ? plan.sliceCount - 1 - s : s;
  const base = sIdx * strides[plan.sliceAxis];
  const sx = strides[plan.xAxis];
  const sy = strides[plan.yAxis];
  const keep = 1 - alpha;
  let coloured = 0;
  let p = 0;
  for (let y = 0; y < height; y++) {
    const jy = plan.flipY ? height - 1 - y : y;
    let q = base + jy * sy + (plan.flipX ? (width - 1) * sx : 0);
    const dq = plan.flipX ? -sx : sx;
    for (let x = 0; x < width; x++, q += dq, p += 4) {
      const l = labels[q];
      if (l === 0) continue;
      const c = coloursRgb[l];
      if (!c) continue;
      rgba[p] = keep * rgba[p] + alpha * c[0];
      rgba[p + 1] = keep * rgba[p + 1] + alpha * c[1];
      rgba[p + 2] = keep * rgba[p + 2] + alpha * c[2];
      coloured++;
    }
  }
  return coloured;
}
