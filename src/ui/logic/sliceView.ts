/**
 * How a volume is shown as axial slices in radiological convention (pure; no DOM).
 *
 * The slice axis is the volume axis closest to patient S/I. Of the other two, the one closest to L/R
 * runs across the screen and the other down it; each is flipped when needed so that screen right points
 * toward patient Left and screen down toward Posterior (patient Right on the viewer's left, anterior at
 * the top), and the slider runs from inferior to superior. The edge labels are then computed from the
 * actual direction cosines, so a volume whose axes are not exactly L/P/S is labelled as it really is.
 */
import type { Vec3 } from '../../core/vec3';
import type { Volume } from '../../volume/volume';
import { indexToLps } from '../../volume/volume';
import { directionLetters, oppositeLetters } from './orientation';
import type { DisplayWindow } from './window';

/** The screen mapping of one volume for the axial view. */
export interface AxialViewPlan {
  /** Volume axis (0 = i, 1 = j, 2 = k) shown across the screen, down it, and scrolled by the slider. */
  xAxis: 0 | 1 | 2;
  yAxis: 0 | 1 | 2;
  sliceAxis: 0 | 1 | 2;
  /** True when screen x / y / slider run opposite to the volume axis. */
  flipX: boolean;
  flipY: boolean;
  flipSlice: boolean;
  /** Slice size in pixels and pixel size in mm. */
  width: number;
  height: number;
  sliceCount: number;
  pixelMmX: number;
  pixelMmY: number;
  /** Patient-direction letters at the four screen edges. */
  labels: { left: string; right: string; top: string; bottom: string };
  /** "Axial" when the slice axis is within ~45° of S/I, otherwise the plane it is closest to. */
  planeName: 'Axial' | 'Coronal' | 'Sagittal';
}

type Geometry = Pick<Volume, 'size' | 'spacing' | 'direction' | 'origin'>;

const axisVec = (d: Volume['direction'], a: number): Vec3 => [d[3 * a], d[3 * a + 1], d[3 * a + 2]];

/** Plans the axial view of a volume (see module doc). */
export function planAxialView(vol: Geometry): AxialViewPlan {
  const dirs = [0, 1, 2].map((a) => axisVec(vol.direction, a));
  const pick = (candidates: number[], comp: number): number =>
    candidates.reduce((best, a) => (Math.abs(dirs[a][comp]) > Math.abs(dirs[best][comp]) ? a : best), candidates[0]);
  const sliceAxis = pick([0, 1, 2], 2) as 0 | 1 | 2;
  const rest = [0, 1, 2].filter((a) => a !== sliceAxis);
  const xAxis = pick(rest, 0) as 0 | 1 | 2;
  const yAxis = rest.find((a) => a !== xAxis)! as 0 | 1 | 2;
  const flipX = dirs[xAxis][0] < 0;
  const flipY = dirs[yAxis][1] < 0;
  const flipSlice = dirs[sliceAxis][2] < 0;
  const screenRight: Vec3 = flipX ? (dirs[xAxis].map((c) => -c) as Vec3) : dirs[xAxis];
  const screenDown: Vec3 = flipY ? (dirs[yAxis].map((c) => -c) as Vec3) : dirs[yAxis];
  const right = directionLetters(screenRight);
  const bottom = directionLetters(screenDown);
  const n = dirs[sliceAxis].map(Math.abs);
  const planeName = n[2] >= n[0] && n[2] >= n[1] ? 'Axial' : n[1] >= n[0] ? 'Coronal' : 'Sagittal';
  return {
    xAxis, yAxis, sliceAxis, flipX, flipY, flipSlice,
    width: vol.size[xAxis],
    height: vol.size[yAxis],
    sliceCount: vol.size[sliceAxis],
    pixelMmX: vol.spacing[xAxis],
    pixelMmY: vol.spacing[yAxis],
    labels: { left: oppositeLetters(right), right, top: oppositeLetters(bottom), bottom },
    planeName,
  };
}

/** Volume index (i, j, k) of screen pixel (x, y) on slider position `s`. */
export function screenToIndex(plan: AxialViewPlan, x: number, y: number, s: number): [number, number, number] {
  const ijk: [number, number, number] = [0, 0, 0];
  ijk[plan.xAxis] = plan.flipX ? plan.width - 1 - x : x;
  ijk[plan.yAxis] = plan.flipY ? plan.height - 1 - y : y;
  ijk[plan.sliceAxis] = plan.flipSlice ? plan.sliceCount - 1 - s : s;
  return ijk;
}

/** Inverse of {@link screenToIndex}: screen pixel (x, y) and slider position of voxel (i, j, k). */
export function indexToScreen(plan: AxialViewPlan, ijk: readonly [number, number, number]): { x: number; y: number; slice: number } {
  const x = ijk[plan.xAxis], y = ijk[plan.yAxis], s = ijk[plan.sliceAxis];
  return {
    x: plan.flipX ? plan.width - 1 - x : x,
    y: plan.flipY ? plan.height - 1 - y : y,
    slice: plan.flipSlice ? plan.sliceCount - 1 - s : s,
  };
}

/** LPS position (mm) of the centre of slider position `s` (the slice's centre voxel). */
export function slicePositionLps(vol: Geometry, plan: AxialViewPlan, s: number): Vec3 {
  return indexToLps(vol, screenToIndex(plan, (plan.width - 1) / 2, (plan.height - 1) / 2, s));
}

/**
 * Writes slice `s` as greyscale RGBA (`width × height × 4` bytes, row by row from the top) under the
 * given window into `out`, which it returns (allocated when not given).
 */
export function renderSliceRgba(vol: Pick<Volume, 'size' | 'data'>, plan: AxialViewPlan, s: number, w: DisplayWindow, out?: Uint8ClampedArray): Uint8ClampedArray {
  const { width, height } = plan;
  const rgba = out && out.length === width * height * 4 ? out : new Uint8ClampedArray(width * height * 4);
  const strides = [1, vol.size[0], vol.size[0] * vol.size[1]];
  const sIdx = plan.flipSlice ? plan.sliceCount - 1 - s : s;
  const base = sIdx * strides[plan.sliceAxis];
  const sx = strides[plan.xAxis];
  const sy = strides[plan.yAxis];
  const lo = w.level - w.width / 2;
  const scale = 255 / w.width;
  const data = vol.data;
  let p = 0;
  for (let y = 0; y < height; y++) {
    const jy = plan.flipY ? height - 1 - y : y;
    let q = base + jy * sy + (plan.flipX ? (width - 1) * sx : 0);
    const dq = plan.flipX ? -sx : sx;
    for (let x = 0; x < width; x++, q += dq) {
      const g = (data[q] - lo) * scale;
      const v = g <= 0 ? 0 : g >= 255 ? 255 : Math.round(g);
      rgba[p] = v; rgba[p + 1] = v; rgba[p + 2] = v; rgba[p + 3] = 255;
      p += 4;
    }
  }
  return rgba;
}

/** Value of the voxel under screen pixel (x, y) of slider position `s` (for the cursor read-out). */
export function valueAt(vol: Pick<Volume, 'size' | 'data'>, plan: AxialViewPlan, x: number, y: number, s: number): number {
  const [i, j, k] = screenToIndex(plan, x, y, s);
  return vol.data[i + vol.size[0] * (j + vol.size[1] * k)];
}

