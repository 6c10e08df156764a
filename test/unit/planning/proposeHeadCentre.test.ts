// Automatic femoral head centre on the hip phantom's exact labels: both sides, against the design truth.
import { beforeAll, describe, expect, it } from 'vitest';
import { isJumeauError } from '../../../src/core/errors';
import type { Vec3 } from '../../../src/core/vec3';
import { fitSphere } from '../../../src/planning/sphereFit';
import { proposeFemoralHeadCentre, segmentBoundaryPointsLps } from '../../../src/planning/proposeHeadCentre';
import { buildHipPhantom, HIP_LABELS } from '../../../src/samples/hipPhantom';
import type { PhantomCase } from '../../../src/samples/phantom';
import { createMask } from '../../../src/segmentation/labelmap';

const dist = (a: Vec3, b: Vec3) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

describe('proposeFemoralHeadCentre on the hip phantom', () => {
  let phantom: PhantomCase;
  beforeAll(() => {
    phantom = buildHipPhantom();
  }, 60_000);

  it('left (label 1, R 24.5 mm) and right (label 2, R 22 mm): centre and radius within 0.15 mm of the truth, not swapped', () => {
    for (const [label, side, radius] of [[HIP_LABELS.femurLeft, 'Left', 24.5], [HIP_LABELS.femurRight, 'Right', 22]] as const) {
      const p = proposeFemoralHeadCentre(phantom.labels, { label });
      const truth = phantom.landmarksLps[`femoralHeadCentre${side}`];
      // Measured: left 0.043 mm / R 24.524; right 0.026 mm / R 21.977 (1.5 × 1.5 × 2 mm voxels).
      expect(dist(p.centerLps, truth), side).toBeLessThan(0.15);
      expect(Math.abs(p.radiusMm - radius), side).toBeLessThan(0.1);
      expect(Math.sign(p.centerLps[0])).toBe(side === 'Left' ? 1 : -1);
      expect(p.rmsResidualMm).toBeLessThan(0.5);
      expect(p.pointCount).toBeGreaterThan(1000);
      expect(p.pointCount).toBeLessThan(p.boundaryPointCount * 0.6); // the neck, trochanters and shaft were excluded
      expect(p.source).toBe('auto');
    }
  });

  it('not a plain fit: one fit to the proximal 70 mm (head, neck, trochanter) is millimetres off; seed regions of 20–50 mm give the same centre', () => {
    const truth = phantom.landmarksLps.femoralHeadCentreLeft;
    const pts = segmentBoundaryPointsLps(phantom.labels, HIP_LABELS.femurLeft);
    const top = Math.max(...pts.map((p) => p[2]));
    const seed = pts.filter((p) => p[2] >= top - 1)[0];
    const naive = fitSphere(pts.filter((p) => dist(p, seed) <= 70));
    expect(dist(naive.centerLps, truth)).toBeGreaterThan(5); // measured 11.7 mm, R 29.2 mm
    for (const seedRadiusMm of [20, 50]) {
      const p = proposeFemoralHeadCentre(phantom.labels, { label: HIP_LABELS.femurLeft, seedRadiusMm });
      expect(dist(p.centerLps, truth), `seed ${seedRadiusMm} mm`).toBeLessThan(0.15);
    }
  });

  it('an empty segment is EMPTY_SEGMENT, not a centre at 0', () => {
    const empty = createMask(phantom.labels);
    try {
      proposeFemoralHeadCentre(empty);
      expect.unreachable();
    } catch (e) {
      expect(isJumeauError(e, 'EMPTY_SEGMENT')).toBe(true);
    }
  });
});
