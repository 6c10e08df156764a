// DCM-01 and DCM-02 (brief §8.3) and the spacing/gap/duplicate rules of the series planner.
import { describe, expect, it } from 'vitest';
import { planSlices } from '../../../src/dicom/geometry';
import { indexToLps, lpsToIndex } from '../../../src/volume/volume';
import type { Mat3 } from '../../../src/volume/volume';
import { frameRecord } from '../../helpers/frameRecord';
import { isJumeauError } from '../../../src/core/errors';

const volumeOf = (plan: ReturnType<typeof planSlices>['plan']) => ({
  spacing: plan.spacing,
  origin: plan.origin,
  direction: [...plan.rowCosine, ...plan.colCosine, ...plan.normal] as Mat3,
});

describe('DCM-01: sorting by position along the normal, affine, PixelSpacing order', () => {
  const zs = [-100, -97.5, -102.5, -95];
  const frames = zs.map((z, n) => frameRecord({ file: `f${n}`, ipp: [-180, -200, z], ps: [0.7, 0.8] }));
  const { plan, warnings } = planSlices(frames);

  it('sorts files [2,0,1,3] with positions −102.5…−95 and Δk = 2.5 mm', () => {
    expect(plan.sorted.map((f) => f.fileName)).toEqual(['f2', 'f0', 'f1', 'f3']);
    expect(plan.positionsMm).toEqual([-102.5, -100, -97.5, -95]);
    expect(plan.spacing[2]).toBeCloseTo(2.5, 12);
    expect(warnings.filter((w) => w.severity === 'warning')).toEqual([]);
  });
  it('affine columns (0.8,0,0), (0,0.7,0), (0,0,2.5), origin (−180,−200,−102.5)', () => {
    expect(plan.spacing[0]).toBe(0.8); // along the row cosine = column spacing = PixelSpacing[1]
    expect(plan.spacing[1]).toBe(0.7); // along the column cosine = row spacing = PixelSpacing[0]
    expect(plan.origin).toEqual([-180, -200, -102.5]);
  });
  it('voxel (10,20,2) → LPS (−172, −186, −97.5), not the swapped-spacing (−173, −184, −97.5)', () => {
    const p = indexToLps(volumeOf(plan), [10, 20, 2]);
    expect(p[0]).toBeCloseTo(-172, 9);
    expect(p[1]).toBeCloseTo(-186, 9);
    expect(p[2]).toBeCloseTo(-97.5, 9);
    const back = lpsToIndex(volumeOf(plan), p);
    expect(back[0]).toBeCloseTo(10, 9);
    expect(back[1]).toBeCloseTo(20, 9);
    expect(back[2]).toBeCloseTo(2, 9);
  });
});

describe('DCM-02: gantry tilt', () => {
  const a = (20 * Math.PI) / 180;
  const col: [number, number, number] = [0, Math.cos(a), -Math.sin(a)];
  const frames = [0, 1, 2, 3].map((k) => frameRecord({ file: `t${k}`, ipp: [0, 0, 5 * k], col }));
  const { plan, warnings } = planSlices(frames);
  it('n = (0, 0.3420, 0.9397), spacing along n 4.6985 mm, shift −1.7101 mm per slice along c, tilt 20.000°', () => {
    expect(plan.normal[0]).toBeCloseTo(0, 12);
    expect(plan.normal[1]).toBeCloseTo(0.3420, 4);
    expect(plan.normal[2]).toBeCloseTo(0.9397, 4);
    expect(plan.spacing[2]).toBeCloseTo(4.6985, 4);
    expect(plan.shearPx).not.toBeNull();
    expect(plan.shearPx![1][1]).toBeCloseTo(-1.7101, 4); // pixels = mm here (1 mm pixels)
    expect(plan.shearPx![3][1]).toBeCloseTo(-3 * 1.7101, 3);
    expect(plan.tiltDeg).toBeCloseTo(20, 3);
    const tilt = warnings.find((w) => w.code === 'gantry-tilt');
    expect(tilt?.message).toContain('20.000°');
  });
});

describe('spacing defects', () => {
  it('a missing slice (gap > 1.5 × median) is refused, naming both neighbours', () => {
    const frames = [0, 1, 2, 4, 5].map((k) => frameRecord({ file: `s${k}`, ipp: [0, 0, 2 * k] }));
    try {
      planSlices(frames);
      expect.unreachable();
    } catch (e) {
      expect(isJumeauError(e, 'SERIES_INCONSISTENT')).toBe(true);
      expect(String((e as Error).message)).toMatch(/missing.*s2.*s4/);
    }
    const { plan, warnings } = planSlices(frames, { allowGaps: true });
    expect(plan.size[2]).toBe(6);
    expect(plan.interpolated).toEqual([3]);
    expect(plan.targets[3]).toEqual({ a: 2, b: 3, w: 0.5 });
    expect(warnings.map((w) => w.code)).toContain('missing-slices');
  });
  it('jittered spacing is reported and resampled to the median', () => {
    const frames = [0, 1.0, 2.1, 3.0, 4.0].map((z, k) => frameRecord({ file: `j${k}`, ipp: [0, 0, z] }));
    const { plan, warnings } = planSlices(frames);
    expect(warnings.map((w) => w.code)).toContain('non-uniform-spacing');
    expect(plan.spacing[2]).toBeCloseTo(1.0, 9);
    expect(plan.size[2]).toBe(5);
    expect(plan.targets[2].w).toBeGreaterThan(0);
  });
  it('two distinct frames at one position are refused; the same instance twice is dropped with a warning', () => {
    const dup = [frameRecord({ file: 'a', ipp: [0, 0, 0] }), frameRecord({ file: 'b', ipp: [0, 0, 0] }), frameRecord({ file: 'c', ipp: [0, 0, 1] })];
    expect(() => planSlices(dup)).toThrow(/duplicate positions: a and b/);
    const same = [frameRecord({ file: 'a', ipp: [0, 0, 0], sop: '9' }), frameRecord({ file: 'a-copy', ipp: [0, 0, 0], sop: '9' }), frameRecord({ file: 'c', ipp: [0, 0, 1] })];
    const { plan, warnings } = planSlices(same);
    expect(plan.size[2]).toBe(2);
    expect(warnings.find((w) => w.code === 'duplicate-instance')?.files).toEqual(['a-copy']);
  });
  it('slice thickness is never used as spacing (3 mm thick, 2 mm apart → 2 mm)', () => {
    const frames = [0, 1, 2].map((k) => frameRecord({ file: `h${k}`, ipp: [0, 0, -804.5 + 2 * k], thickness: 3 }));
    const { plan, warnings } = planSlices(frames);
    expect(plan.spacing[2]).toBe(2);
    expect(warnings.find((w) => w.code === 'thickness-differs')?.severity).toBe('info');
  });
  it('a frame without ImagePositionPatient cannot be placed', () => {
    const f = frameRecord({ file: 'nopos', ipp: [0, 0, 0] });
    f.positionLps = null;
    expect(() => planSlices([f])).toThrow(/nopos: frame 1 has no ImagePositionPatient/);
  });
});
