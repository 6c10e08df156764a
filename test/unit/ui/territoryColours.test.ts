// Territory vertex colours: a vertex over a labelled voxel takes its colour, a boundary vertex the
// nearest labelled neighbour's, a vertex away from any the fallback; the crop offset is honoured.
import { describe, expect, it } from 'vitest';
import { territoryVertexColours } from '../../../src/ui/logic/territoryColours';

describe('territoryVertexColours', () => {
  it('maps vertices to the territory under or beside them', () => {
    const grid = { spacing: [2, 2, 2] as [number, number, number], origin: [0, 0, 0] as [number, number, number], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] as [number, number, number, number, number, number, number, number, number] };
    // Crop of 3 × 1 × 1 voxels starting at full index (5, 2, 1): labels 1, 0, 2.
    const labels = Uint16Array.from([1, 0, 2]);
    const pos = Float32Array.from([
      10, 4, 2, // full (5,2,1) → crop 0: label 1
      12, 4, 2, // full (6,2,1) → crop 1: label 0 → a neighbour: 1 (first found)
      14.4, 4, 2, // full (7,2,1) → label 2
      40, 40, 40, // outside → fallback
    ]);
    const c = territoryVertexColours(pos, grid, labels, [5, 2, 1], [3, 1, 1], [undefined, [255, 0, 0], [0, 0, 255]], [10, 20, 30]);
    expect(Array.from(c.slice(0, 4))).toEqual([1, 0, 0, 1]);
    expect(Array.from(c.slice(4, 8))).toEqual([1, 0, 0, 1]);
    expect(Array.from(c.slice(8, 12))).toEqual([0, 0, 1, 1]);
    expect(Array.from(c.slice(12, 16)).map((x) => Math.round(x * 255))).toEqual([10, 20, 30, 255]);
  });
});
