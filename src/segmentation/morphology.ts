/**
 * Binary morphology with a radius in millimetres, honouring anisotropic spacing: the structuring
 * element is the ball {offset o : ‖o·spacing‖ ≤ r} (an ellipsoid in voxel units), applied exactly
 * through the Euclidean distance transform (brief §1.2 item 6):
 *
 * - dilate(M, r) = { p : dist(p, M) ≤ r }
 * - erode(M, r)  = { p ∈ M : dist(p, ¬M) > r }, voxels beyond the array edge do NOT count as
 *   background (ITK's BoundaryToForeground default), so a structure cut by the field of view is
 *   not eaten from the cut
 * - open = dilate(erode), close = erode(dilate).
 *
 * Work is limited to the mask's bounding box grown by the radius, so cost follows the structure,
 * not the volume.
 */
import { JumeauError } from '../core/errors';
import type { Mask } from './labelmap';
import { boundingBoxIjk, createMask } from './labelmap';
import { squaredDistanceMm2 } from './distanceTransform';

/** Parameters of the morphology tools. */
export interface MorphologyParams {
  /** Radius of the structuring ball, mm (> 0). */
  radiusMm: number;
}

/** Relative slack on r² so voxels at exactly r (e.g. r = 2 mm, spacing 1 mm) are inside despite rounding. */
const EPS = 1e-6;

function checkRadius(r: number): number {
  if (!(r >= 0) || !Number.isFinite(r)) throw new JumeauError('BAD_ARGUMENT', `must be a finite radius ≥ 0 mm (got ${r})`, { subject: 'radiusMm' });
  return r;
}

interface Box { lo: [number, number, number]; hi: [number, number, number] }

/** Copies the sub-box [lo, hi] (inclusive) of `data` into a dense array, mapping through `f`. */
function crop(data: Uint8Array, size: readonly number[], box: Box, invert: boolean): { sub: Uint8Array; subSize: [number, number, number] } {
  const subSize: [number, number, number] = [box.hi[0] - box.lo[0] + 1, box.hi[1] - box.lo[1] + 1, box.hi[2] - box.lo[2] + 1];
  const sub = new Uint8Array(subSize[0] * subSize[1] * subSize[2]);
  let q = 0;
  for (let k = box.lo[2]; k <= box.hi[2]; k++) {
    for (let j = box.lo[1]; j <= box.hi[1]; j++) {
      const base = size[0] * (j + size[1] * k);
      for (let i = box.lo[0]; i <= box.hi[0]; i++, q++) {
        const inside = data[base + i] !== 0;
        sub[q] = inside !== invert ? 1 : 0;
      }
    }
  }
  return { sub, subSize };
}

/** Dilation by a ball of `radiusMm` (exact, via the EDT of the mask). */
export function dilate(mask: Mask, params: MorphologyParams): Mask {
  const r = checkRadius(params.radiusMm);
  const out = createMask(mask);
  const bb = boundingBoxIjk(mask.data, mask.size);
  if (!bb) return out;
  const box = grownBox(bb, mask.size, (c) => Math.floor(r / mask.spacing[c] + 1e-9));
  const { sub, subSize } = crop(mask.data, mask.size, box, false);
  const d2 = squaredDistanceMm2(sub, subSize, mask.spacing);
  const limit = r * r * (1 + EPS) + 1e-12;
  writeBack(out.data, mask.size, box, (q) => d2[q] <= limit);
  return out;
}

/** Erosion by a ball of `radiusMm` (exact, via the EDT of the background; the array edge is not background). */
export function erode(mask: Mask, params: MorphologyParams): Mask {
  const r = checkRadius(params.radiusMm);
  const out = createMask(mask);
  const bb = boundingBoxIjk(mask.data, mask.size);
  if (!bb) return out;
  // One voxel of margin holds the background nearest to every inside voxel (see README).
  const box = grownBox(bb, mask.size, () => 1);
  const { sub, subSize } = crop(mask.data, mask.size, box, true);
  const d2 = squaredDistanceMm2(sub, subSize, mask.spacing);
  const limit = r * r * (1 + EPS) + 1e-12;
  writeBack(out.data, mask.size, box, (q) => d2[q] > limit);
  return out;
}

/** The bounding box grown by `marginVoxels(axis)` voxels on each side, clamped to the grid. */
function grownBox(bb: { min: readonly number[]; max: readonly number[] }, size: readonly number[], marginVoxels: (axis: number) => number): Box {
  const box: Box = { lo: [0, 0, 0], hi: [0, 0, 0] };
  for (let c = 0; c < 3; c++) {
    const m = marginVoxels(c);
    box.lo[c] = Math.max(0, bb.min[c] - m);
    box.hi[c] = Math.min(size[c] - 1, bb.max[c] + m);
  }
  return box;
}

function writeBack(out: Uint8Array, size: readonly number[], box: Box, inside: (q: number) => boolean): void {
  let q = 0;
  for (let k = box.lo[2]; k <= box.hi[2]; k++) {
    for (let j = box.lo[1]; j <= box.hi[1]; j++) {
      const base = size[0] * (j + size[1] * k);
      for (let i = box.lo[0]; i <= box.hi[0]; i++, q++) out[base + i] = inside(q) ? 1 : 0;
    }
  }
}

/** Opening (erode then dilate): removes parts thinner than 2·r, e.g. bridges and spurs. */
export function open(mask: Mask, params: MorphologyParams): Mask {
  return dilate(erode(mask, params), params);
}

/** Closing (dilate then erode): fills gaps and notches narrower than 2·r. */
export function close(mask: Mask, params: MorphologyParams): Mask {
  return erode(dilate(mask, params), params);
}
