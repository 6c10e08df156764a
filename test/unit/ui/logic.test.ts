// Unit tests of the page's pure logic (axial view planning, orientation letters, windowing, series choice).
import { describe, expect, it } from 'vitest';
import type { Mat3, Volume } from '../../../src/volume/volume';
import { directionLetters, oppositeLetters } from '../../../src/ui/logic/orientation';
import { indexToScreen, planAxialView, renderSliceRgba, screenToIndex, slicePositionLps, valueAt } from '../../../src/ui/logic/sliceView';
import { autoWindow, windowGrey } from '../../../src/ui/logic/window';
import { formatPoint, formatSpacing, mm } from '../../../src/ui/logic/format';
import { pickDefaultSeries } from '../../../src/workers/pickSeries';
import type { SeriesSummary } from '../../../src/dicom/index';

/** A 3×2×2 volume whose voxel (i, j, k) holds 100·k + 10·j + i. */
function tinyVolume(direction: Mat3): Volume {
  const data = new Int16Array(12);
  for (let k = 0; k < 2; k++) for (let j = 0; j < 2; j++) for (let i = 0; i < 3; i++) data[i + 3 * (j + 2 * k)] = 100 * k + 10 * j + i;
  return { size: [3, 2, 2], spacing: [0.5, 0.7, 2], origin: [10, 20, 30], direction, data, unit: 'HU' };
}

/** Values on screen, row by row, of slider position s (through valueAt). */
const screen = (v: Volume, s: number): number[][] => {
  const p = planAxialView(v);
  return Array.from({ length: p.height }, (_, y) => Array.from({ length: p.width }, (_, x) => valueAt(v, p, x, y, s)));
};

describe('directionLetters', () => {
  it('names axis directions and obliques, strongest first', () => {
    expect(directionLetters([1, 0, 0])).toBe('L');
    expect(directionLetters([-1, 0, 0])).toBe('R');
    expect(directionLetters([0, -1, 0])).toBe('A');
    expect(directionLetters([0, 0, -1])).toBe('I');
    expect(directionLetters([0.8, -0.6, 0])).toBe('LA');
    expect(directionLetters([0.99, 0.14, 0])).toBe('L');
    expect(oppositeLetters('LA')).toBe('RP');
  });
});

describe('planAxialView', () => {
  it('shows an LPS volume as is, with R left, L right, A top, P bottom', () => {
    const v = tinyVolume([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    const p = planAxialView(v);
    expect(p.labels).toEqual({ left: 'R', right: 'L', top: 'A', bottom: 'P' });
    expect([p.flipX, p.flipY, p.flipSlice, p.planeName]).toEqual([false, false, false, 'Axial']);
    expect([p.width, p.height, p.sliceCount, p.pixelMmX, p.pixelMmY]).toEqual([3, 2, 2, 0.5, 0.7]);
    expect(screen(v, 1)).toEqual([[100, 101, 102], [110, 111, 112]]);
    expect(slicePositionLps(v, p, 1)).toEqual([10.5, 20.35, 32]);
  });

  it('flips an RAI volume into radiological convention (same labels, mirrored pixels, slider from inferior)', () => {
    const v = tinyVolume([-1, 0, 0, 0, -1, 0, 0, 0, -1]);
    const p = planAxialView(v);
    expect(p.labels).toEqual({ left: 'R', right: 'L', top: 'A', bottom: 'P' });
    expect([p.flipX, p.flipY, p.flipSlice]).toEqual([true, true, true]);
    // Slider 0 is the most inferior slice: k = 1 (k runs toward I).
    expect(screen(v, 0)).toEqual([[112, 111, 110], [102, 101, 100]]);
    expect(screenToIndex(p, 0, 0, 0)).toEqual([2, 1, 1]);
  });

  it('reformats a sagittal acquisition to axial and labels it from its cosines', () => {
    // rows → P, columns → I, slices → R (row × col).
    const v = tinyVolume([0, 1, 0, 0, 0, -1, -1, 0, 0]);
    const p = planAxialView(v);
    expect([p.sliceAxis, p.xAxis, p.yAxis]).toEqual([1, 2, 0]);
    expect([p.flipX, p.flipY, p.flipSlice]).toEqual([true, false, true]);
    expect(p.labels).toEqual({ left: 'R', right: 'L', top: 'A', bottom: 'P' });
    expect([p.width, p.height, p.sliceCount]).toEqual([2, 3, 2]);
  });

  it('labels an oblique (30° about S) volume with two letters', () => {
    const c = Math.cos(Math.PI / 6);
    const s = Math.sin(Math.PI / 6);
    const p = planAxialView(tinyVolume([c, s, 0, -s, c, 0, 0, 0, 1]));
    expect(p.labels).toEqual({ left: 'RA', right: 'LP', top: 'AL', bottom: 'PR' });
  });
});

describe('renderSliceRgba and windows', () => {
  it('writes grey = round((v − (L − W/2)) / W · 255), clamped, row by row from the top', () => {
    const v = tinyVolume([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    const p = planAxialView(v);
    const w = { width: 20, level: 105 };
    const rgba = renderSliceRgba(v, p, 1, w);
    const greys = Array.from({ length: 6 }, (_, n) => rgba[4 * n]);
    expect(greys).toEqual([100, 101, 102, 110, 111, 112].map((x) => windowGrey(x, w)));
    expect(greys).toEqual([64, 77, 89, 191, 204, 217]);
    expect(rgba[3]).toBe(255);
    expect(windowGrey(-2000, w)).toBe(0);
    expect(windowGrey(2000, w)).toBe(255);
  });

  it('auto window spans the 1st–99th percentile', () => {
    const data = new Int16Array(1000).map((_, n) => n);
    const w = autoWindow(data);
    expect(w.level - w.width / 2).toBe(9);
    expect(w.level + w.width / 2).toBe(990);
  });
});

describe('format', () => {
  it('prints millimetres without trailing zeros', () => {
    expect(mm(0.9765625)).toBe('0.977');
    expect(mm(2)).toBe('2');
    expect(formatSpacing([1.5, 1.5, 2])).toBe('1.5 × 1.5 × 2 mm');
    expect(formatPoint([-171, -95.125, -110])).toBe('(-171, -95.13, -110) mm');
  });
});

describe('pickDefaultSeries', () => {
  const s = (id: string, slices: number | null, error = false): SeriesSummary => ({ id, size: slices === null ? null : [8, 8, slices], error: error ? { code: 'GEOMETRY_INVALID', message: 'x' } : null } as SeriesSummary);
  it('picks the loadable series with the most slices', () => {
    expect(pickDefaultSeries([s('a', 10), s('b', 40), s('c', 99, true), s('d', null)])).toBe('b');
    expect(pickDefaultSeries([s('c', 99, true)])).toBeNull();
  });
});

describe('indexToScreen', () => {
  it('inverts screenToIndex on a plan that flips x and the slice axis', () => {
    // i runs to the patient's right (flipX) and k runs inferior (flipSlice).
    const vol = { size: [5, 4, 3] as [number, number, number], spacing: [1, 1, 1] as [number, number, number], origin: [0, 0, 0] as [number, number, number], direction: [-1, 0, 0, 0, 1, 0, 0, 0, -1] as Mat3 };
    const plan = planAxialView(vol);
    expect([plan.flipX, plan.flipY, plan.flipSlice]).toEqual([true, false, true]);
    for (let k = 0; k < 3; k++) for (let j = 0; j < 4; j++) for (let i = 0; i < 5; i++) {
      const at = indexToScreen(plan, [i, j, k]);
      expect(screenToIndex(plan, at.x, at.y, at.slice)).toEqual([i, j, k]);
    }
    expect(indexToScreen(plan, [0, 0, 0])).toEqual({ x: 4, y: 0, slice: 2 });
  });
});
