// The benchmark function runs every stage and reports consistent sizes (numbers, not speed: speed
// is measured by scripts/bench-meshing.ts, not asserted in a test).
import { describe, expect, it } from 'vitest';
import { benchMeshing } from '../../../src/meshing/bench';
import { makeBenchLabelVolume } from '../../../src/meshing/benchVolume';

describe('benchMeshing', () => {
  it('reports seconds and throughput for surface, smooth, decimate and export on a small volume', () => {
    const vol = makeBenchLabelVolume([64, 64, 50]);
    const r = benchMeshing(vol, 1, { runs: 1 });
    expect(r.counts.voxels).toBe(64 * 64 * 50);
    for (const stage of [r.surface, r.smooth, r.decimate, r.export]) expect(stage.seconds).toBeGreaterThan(0);
    expect(r.surface.mvoxPerS).toBeCloseTo(r.counts.voxels / 1e6 / r.surface.seconds, 0);
    expect(r.smooth.mtriPerS).toBeGreaterThan(0);
    expect(r.counts.decimatedTriangles).toBeLessThanOrEqual(Math.round(0.1 * r.counts.surfaceTriangles));
    expect(r.counts.stlBytes).toBe(84 + 50 * r.counts.surfaceTriangles);
    expect(r.decimatedClosed).toBe(true);
    expect(Math.abs(r.volumeChangePercent.smooth)).toBeLessThan(1);
    expect(Math.abs(r.volumeChangePercent.decimate)).toBeLessThan(1);
  });
});
