// Island edits: keep the largest piece / remove small pieces of one segment, as exact undoable edits
// that leave other segments alone.
import { describe, expect, it } from 'vitest';
import { keepLargestIslandEdit, removeSmallIslandsEdit } from '../../../src/segmentation/islandEdits';
import { applyEdit } from '../../../src/segmentation/edits';
import { createLabelmap } from '../../../src/segmentation/labelmap';
import { expectBadArgument, expectJumeauError } from '../../helpers/expectError';

function fixture() {
  const lm = createLabelmap({ size: [12, 12, 12], spacing: [2, 2, 2], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] }, { segments: [
    { label: 1, name: 'femur left', colorRgb: [1, 2, 3], terminology: { category: { scheme: 'SCT', code: '1', meaning: 'x' }, type: { scheme: 'SCT', code: '2', meaning: 'y' } } },
  ] });
  const at = (i: number, j: number, k: number) => i + 12 * (j + 12 * k);
  for (let k = 0; k < 3; k++) for (let j = 0; j < 3; j++) for (let i = 0; i < 3; i++) lm.data[at(i, j, k)] = 1; // 27 voxels
  for (let k = 6; k < 8; k++) for (let j = 6; j < 8; j++) for (let i = 6; i < 8; i++) lm.data[at(i, j, k)] = 1; // 8 voxels
  lm.data[at(10, 10, 10)] = 1; // 1 voxel
  lm.data[at(11, 11, 11)] = 2; // another segment
  return lm;
}
const count = (d: ArrayLike<number>, v: number) => Array.from(d).filter((x) => x === v).length;

describe('island edits', () => {
  it('keeps the largest island exactly and undoes exactly', () => {
    const lm = fixture();
    const before = lm.data.slice();
    const e = keepLargestIslandEdit(lm, 1);
    expect(e.before.length).toBe(9);
    expect(e.description).toBe('keep the largest island of femur left (2 smaller removed)');
    applyEdit(lm.data, e, 'redo');
    expect(count(lm.data, 1)).toBe(27);
    expect(count(lm.data, 2)).toBe(1);
    applyEdit(lm.data, e, 'undo');
    expect(lm.data).toEqual(before);
  });

  it('removes islands under a volume (8 mm³ voxels)', () => {
    const lm = fixture();
    const e = removeSmallIslandsEdit(lm, 1, 0.01); // 10 mm³: removes the 1-voxel piece (8 mm³) only
    expect(e.before.length).toBe(1);
    applyEdit(lm.data, e, 'redo');
    expect(count(lm.data, 1)).toBe(35);
    expectBadArgument(() => removeSmallIslandsEdit(lm, 1, -1), 'minimum island volume');
    expectJumeauError(() => keepLargestIslandEdit(lm, 7), 'EMPTY_SEGMENT', { subject: 'label' });
  });
});
