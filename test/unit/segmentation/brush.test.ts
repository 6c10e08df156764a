import { describe, expect, it } from 'vitest';
import { BrushStroke, brushDiskIndices, editLabelDeltas, editTouchedLabels, rectangleSliceIndices } from '../../../src/segmentation/brush';
import { EditHistory, applyEdit } from '../../../src/segmentation/edits';
import { expectBadArgument } from '../../helpers/expectError';

const geo = { size: [20, 16, 10] as [number, number, number], spacing: [0.5, 2, 3] as [number, number, number] };
const lin = (i: number, j: number, k: number): number => i + 20 * (j + 16 * k);

describe('brushDiskIndices', () => {
  it('is a disk in millimetres on the slice, honouring anisotropic pixels', () => {
    // slice k = 4, radius 2 mm: along i (0.5 mm) ±4 voxels, along j (2 mm) ±1 voxel.
    const idx = brushDiskIndices(geo, [10, 8, 4], 2, 2);
    const ijk = [...idx].map((q) => [q % 20, Math.floor(q / 20) % 16, Math.floor(q / 320)]);
    expect(ijk.every(([, , k]) => k === 4)).toBe(true);
    const row8 = ijk.filter(([, j]) => j === 8).map(([i]) => i);
    expect(Math.min(...row8)).toBe(6);
    expect(Math.max(...row8)).toBe(14);
    // j = 9 is 2 mm away: only the centre column fits (x² + 4 ≤ 4).
    expect(ijk.filter(([, j]) => j === 9).map(([i]) => i)).toEqual([10]);
    expect(idx.length).toBe(9 + 1 + 1);
  });

  it('clips at the grid edge and takes the plane of the slice axis', () => {
    const corner = brushDiskIndices(geo, [0, 0, 0], 1, 2);
    expect([...corner].sort((a, b) => a - b)).toEqual([0, 1, 2]);
    const sag = brushDiskIndices(geo, [3, 8, 5], 3, 0); // slice i = 3: j (2 mm) ±1, k (3 mm) ±1
    expect(new Set([...sag].map((q) => q % 20))).toEqual(new Set([3]));
    expect(sag.length).toBe(5);
    expect(brushDiskIndices(geo, [3, 8, 12], 3, 2).length).toBe(0);
  });

  it('refuses a radius that is not a positive number, naming the field', () => {
    expectBadArgument(() => brushDiskIndices(geo, [1, 1, 1], 0, 2), 'radiusMm');
    expectBadArgument(() => brushDiskIndices(geo, [1, 1, 1], Number.NaN, 2), 'radiusMm');
  });
});

describe('BrushStroke', () => {
  it('paints only empty voxels and its own, erases only its own, and undoes exactly', () => {
    const data = new Uint8Array(20 * 16 * 10);
    data[lin(10, 8, 4)] = 3; // another segment under the brush
    data[lin(11, 8, 4)] = 1;
    const original = data.slice();
    const history = new EditHistory(data);
    const paint = new BrushStroke(data, 1, 'paint');
    paint.apply(brushDiskIndices(geo, [10, 8, 4], 2, 2));
    paint.apply(brushDiskIndices(geo, [12, 8, 4], 2, 2)); // overlapping dab: counted once
    expect(data[lin(10, 8, 4)]).toBe(3);
    const painted = [...data].filter((v) => v === 1).length;
    expect(paint.voxelDelta).toBe(painted - 1);
    const edit = paint.finish('paint femur');
    expect(editLabelDeltas(edit, 'redo')).toEqual(new Map([[1, painted - 1]]));
    expect(editLabelDeltas(edit, 'undo')).toEqual(new Map([[1, -(painted - 1)]]));
    expect(editTouchedLabels(edit)).toEqual([1]);
    history.push(edit);
    const erase = new BrushStroke(data, 1, 'erase');
    erase.apply(brushDiskIndices(geo, [10, 8, 4], 5, 2));
    expect([...data].filter((v) => v === 1).length).toBe(0);
    expect(data[lin(10, 8, 4)]).toBe(3);
    expect(erase.voxelDelta).toBe(-painted);
    history.push(erase.finish('erase femur'));
    history.undo();
    history.undo();
    expect(data).toEqual(original);
    history.redo();
    expect([...data].filter((v) => v === 1).length).toBe(painted);
  });

  it('leaves out voxels that end where they began, and the edit replays on a copy', () => {
    const data = new Uint8Array(20 * 16 * 10);
    const copy = data.slice();
    const s = new BrushStroke(data, 2, 'paint');
    s.apply(brushDiskIndices(geo, [5, 5, 5], 1, 2));
    const e = s.finish('x');
    applyEdit(copy, e, 'redo');
    expect(copy).toEqual(data);
    expect(e.before.length).toBe(e.after.length);
  });

  it('refuses label 0 or a label beyond the array type', () => {
    expectBadArgument(() => new BrushStroke(new Uint8Array(4), 0, 'paint'), 'label');
    expectBadArgument(() => new BrushStroke(new Uint8Array(4), 300, 'paint'), 'label');
  });
});

describe('rectangleSliceIndices', () => {
  it('is the index rectangle on one slice, corners in any order, clipped to the grid', () => {
    const idx = rectangleSliceIndices(geo.size, [12, 3, 4], [10, 5, 4], 2, 7);
    expect([...idx]).toEqual([3, 4, 5].flatMap((j) => [10, 11, 12].map((i) => lin(i, j, 7))));
    expect(rectangleSliceIndices(geo.size, [-5, -5, 0], [1, 0, 0], 2, 0).length).toBe(2); // (0,0) and (1,0)
    const sag = rectangleSliceIndices(geo.size, [0, 2, 1], [0, 3, 2], 0, 6); // slice i = 6: j 2…3, k 1…2
    expect([...sag].map((q) => q % 20)).toEqual([6, 6, 6, 6]);
    expect(rectangleSliceIndices(geo.size, [0, 0, 0], [1, 1, 0], 2, 10).length).toBe(0); // slice outside
  });
});
