// Bad input gives a typed JumeauError with a message a user can act on — never an empty mesh
// returned as if it were a result.
import { describe, expect, it } from 'vitest';
import { isJumeauError } from '../../../src/core/errors';
import type { JumeauError } from '../../../src/core/errors';
import { extractIsoSurface, extractLabelSurface, extractSegmentSurfaces } from '../../../src/meshing/extractSurface';
import { labelStatistics } from '../../../src/volume/labelStats';
import { boxLabels, grid, sphereSdf } from './fixtures';

function thrown(fn: () => unknown): JumeauError {
  try {
    fn();
  } catch (e) {
    if (isJumeauError(e)) return e;
    throw e;
  }
  throw new Error('expected a JumeauError');
}

const size: [number, number, number] = [10, 10, 10];
const labels = grid(boxLabels(size, [2, 2, 2], [5, 5, 5], 4), size);

describe('typed errors', () => {
  it('an empty segment names the segment and says there is nothing to build', () => {
    const e = thrown(() => extractLabelSurface(labels, 7, { segmentName: 'tumour 2' }));
    expect(e.code).toBe('BAD_ARGUMENT');
    expect(e.message).toBe('segment "tumour 2" (label 7) has no voxels: there is no surface to build');
  });
  it('a segment outside the given box is reported as such', () => {
    const e = thrown(() => extractLabelSurface(labels, 4, { boxIjk: { min: [6, 6, 6], max: [9, 9, 9] } }));
    expect(e.message).toMatch(/label 4 has no voxels in the given box/);
  });
  it('label 0 (background) and fractional labels are refused', () => {
    expect(thrown(() => extractLabelSurface(labels, 0)).message).toMatch(/integer ≥ 1 \(0 is background\)/);
    expect(thrown(() => extractLabelSurface(labels, 1.5)).code).toBe('BAD_ARGUMENT');
  });
  it('a box outside the volume and a size that does not match the data are refused', () => {
    expect(thrown(() => extractLabelSurface(labels, 4, { boxIjk: { min: [0, 0, 0], max: [10, 9, 9] } })).message).toMatch(/not inside the 10×10×10 volume/);
    expect(thrown(() => extractLabelSurface({ ...labels, size: [10, 10, 9] }, 4)).message).toMatch(/does not match its 1000 voxels/);
  });
  it('singular geometry is GEOMETRY_INVALID', () => {
    expect(thrown(() => extractLabelSurface({ ...labels, spacing: [1, 0, 1] }, 4)).code).toBe('GEOMETRY_INVALID');
    expect(thrown(() => extractLabelSurface({ ...labels, direction: [1, 0, 0, 1, 0, 0, 0, 0, 1] }, 4)).code).toBe('GEOMETRY_INVALID');
  });
  it('an iso-value no voxel reaches (e.g. a bone threshold on MR) says so', () => {
    const e = thrown(() => extractIsoSurface(sphereSdf(), 25));
    expect(e.code).toBe('BAD_ARGUMENT');
    expect(e.message).toBe('no voxel reaches the iso-value 25: there is no surface to build');
    expect(thrown(() => extractIsoSurface(sphereSdf(), Number.NaN)).message).toMatch(/not a finite number/);
  });
  it('meshing several segments lists every empty one by name', () => {
    const e = thrown(() =>
      extractSegmentSurfaces(labels, [
        { label: 4, name: 'femur left', colorRgb: [1, 1, 1] },
        { label: 2, name: 'femur right', colorRgb: [1, 1, 1] },
        { label: 9, name: 'sacrum', colorRgb: [1, 1, 1] },
      ]),
    );
    expect(e.message).toBe('no voxels for "femur right" (label 2), "sacrum" (label 9): there is no surface to build');
  });
  it('label statistics refuse negative or fractional label values', () => {
    const bad = new Float32Array(1000);
    bad[5] = -1;
    expect(thrown(() => labelStatistics(grid(bad, size))).message).toMatch(/not a positive integer/);
  });
  it('cancellation through an AbortSignal is CANCELLED', () => {
    const ac = new AbortController();
    ac.abort();
    expect(thrown(() => extractLabelSurface(labels, 4, { signal: ac.signal })).code).toBe('CANCELLED');
  });
});
