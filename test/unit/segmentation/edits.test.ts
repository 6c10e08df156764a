import { describe, expect, it } from 'vitest';
import { EditHistory, applyEdit, diffLabels, editBytes, paintMask } from '../../../src/segmentation/edits';
import { createLabelmap } from '../../../src/segmentation/labelmap';
import { intersectMasks, invertMask, subtractMasks, unionMasks } from '../../../src/segmentation/logical';
import { ballMask, boxMask, count, firstDifference, grid, rng } from './fixtures';

describe('undo/redo edits', () => {
  const g = grid([40, 30, 20], [0.8, 0.8, 2]);
  it('paint, undo and redo restore the exact bytes at every step (8- and 16-bit labelmaps)', () => {
    for (const bits of [8, 16] as const) {
      const lm = createLabelmap(g, { bits });
      const r = rng(bits);
      for (let q = 0; q < lm.data.length; q++) lm.data[q] = r() < 0.1 ? (bits === 16 ? 1000 : 7) : 0;
      const history = new EditHistory(lm.data);
      const snapshots = [lm.data.slice()];
      history.push(paintMask(lm, ballMask(g, [16, 12, 20], 6), { label: 1, description: 'ball → 1' }));
      snapshots.push(lm.data.slice());
      history.push(paintMask(lm, boxMask(g, [5, 5, 5], [30, 20, 12]), { label: 2, mode: 'empty-only' }));
      snapshots.push(lm.data.slice());
      history.push(paintMask(lm, ballMask(g, [16, 12, 20], 4), { label: 1, mode: 'erase' }));
      snapshots.push(lm.data.slice());
      expect(history.descriptions).toEqual(['ball → 1', 'empty-only label 2', 'erase label 1']);
      // The three states differ, so restoring the right one is a real check.
      expect(firstDifference(snapshots[1], snapshots[0])).not.toBe(-1);
      expect(firstDifference(snapshots[3], snapshots[2])).not.toBe(-1);
      for (let s = 2; s >= 0; s--) {
        history.undo();
        expect(firstDifference(lm.data, snapshots[s])).toBe(-1);
      }
      expect(history.canUndo).toBe(false);
      expect(history.undo()).toBeNull();
      for (let s = 1; s <= 3; s++) {
        history.redo();
        expect(firstDifference(lm.data, snapshots[s])).toBe(-1);
      }
      expect(history.canRedo).toBe(false);
      // A new edit after an undo drops the redo branch.
      history.undo();
      history.push(paintMask(lm, boxMask(g, [0, 0, 0], [2, 2, 2]), { label: 3 }));
      expect(history.canRedo).toBe(false);
    }
  });
  it('edits are compact: run-length indices and only changed voxels', () => {
    const lm = createLabelmap(grid([512, 512, 40]));
    const box = boxMask(lm, [100, 100, 10], [200, 150, 20]); // 50 000 voxels in 500 runs of 100
    const edit = paintMask(lm, box, { label: 4 });
    expect(edit.runStarts.length).toBe(500);
    expect(edit.before.length).toBe(50_000);
    expect(editBytes(edit)).toBe(500 * 8 + 50_000 * 2);
    expect(paintMask(lm, box, { label: 4 }).before.length).toBe(0); // nothing changes the second time
  });
  it('commit() of a whole new label array diffs, applies and undoes', () => {
    const lm = createLabelmap(grid([16, 16, 16]), { bits: 16 });
    const history = new EditHistory(lm.data);
    const after = lm.data.slice();
    after.fill(513, 100, 300);
    after[4000] = 65535;
    const edit = history.commit(after, 'new labels');
    expect(edit.runStarts.length).toBe(2);
    expect(firstDifference(lm.data, after)).toBe(-1);
    history.undo();
    expect(lm.data.every((v) => v === 0)).toBe(true);
    const d = diffLabels(lm.data, after, 'x');
    applyEdit(lm.data, d, 'redo');
    expect(firstDifference(lm.data, after)).toBe(-1);
  });
  it('drops the oldest edits beyond the memory budget, keeping the latest', () => {
    const lm = createLabelmap(grid([100, 100, 1]));
    const history = new EditHistory(lm.data, 3000);
    for (let n = 0; n < 5; n++) history.push(paintMask(lm, boxMask(lm, [0, 20 * n, 0], [100, 20 * n + 10, 1]), { label: n + 1 }));
    expect(history.descriptions.length).toBeLessThan(5);
    expect(history.descriptions.at(-1)).toBe('overwrite label 5');
  });
  it('paintMask rejects a label the storage cannot hold, naming the field', () => {
    const lm = createLabelmap(grid([4, 4, 4]));
    expect(() => paintMask(lm, boxMask(lm, [0, 0, 0], [1, 1, 1]), { label: 300 })).toThrow(/^label: must be an integer in 0…255/);
  });
});

describe('logical operations between segments', () => {
  const g = grid([20, 20, 20]);
  const a = boxMask(g, [0, 0, 0], [10, 10, 10]);
  const b = boxMask(g, [5, 5, 5], [15, 15, 15]);
  it('union, intersection, subtraction and inversion count as sets do', () => {
    expect(count(intersectMasks(a, b))).toBe(125);
    expect(count(unionMasks(a, b))).toBe(2000 - 125);
    expect(count(subtractMasks(a, b))).toBe(1000 - 125);
    expect(count(invertMask(a))).toBe(8000 - 1000);
  });
  it('refuses masks on different grids', () => {
    expect(() => unionMasks(a, boxMask(grid([20, 20, 21]), [0, 0, 0], [1, 1, 1]))).toThrow(/^b: grid 20×20×21/);
  });
});
