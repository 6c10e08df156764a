// Native acetabular orientation on a real CT's hip bones: TotalSegmentator's MODEL-PREDICTED labels of
// ts-abdopelvic-ct (3 mm voxels; hip_left 77, hip_right 78, femur_left 75, femur_right 76). No hand-placed
// truth: the radiographic angles in the automatic APP are checked for plausibility (inclination 35–55°,
// anteversion 5–30°) and left–right agreement.
import { describe, expect, it } from 'vitest';
import { readImageFileNode } from '../../../src/cli/imageFiles';
import { anteriorPelvicPlaneFrame } from '../../../src/planning/pelvicFrame';
import { nativeAcetabularAngles, proposeAcetabularRim } from '../../../src/planning/proposeAcetabularRim';
import { proposeFemoralHeadCentre } from '../../../src/planning/proposeHeadCentre';
import { proposePelvicLandmarks } from '../../../src/planning/proposePelvicLandmarks';
import { hasSharedData, shared } from '../../helpers/sharedData';

describe.skipIf(!hasSharedData)('native acetabular opening on ts-abdopelvic-ct (TotalSegmentator labels, 3 mm)', () => {
  it('plausible native inclination / anteversion in the automatic APP, both sides (measured L 42.9° / 16.7°, R 46.6° / 19.4°)', async () => {
    const seg = await readImageFileNode(shared('ts-abdopelvic-ct', 'example_seg_fast_force_split.nii.gz'), 'label');
    const L = proposeFemoralHeadCentre(seg, { label: 75 }), R = proposeFemoralHeadCentre(seg, { label: 76 });
    const frame = anteriorPelvicPlaneFrame(proposePelvicLandmarks(seg, { left: 77, right: 78 }, { acetabulumCentresLps: { L: L.centerLps, R: R.centerLps } }).landmarks);
    const a = {} as Record<'L' | 'R', { inclinationDeg: number; anteversionDeg: number }>;
    for (const [side, h, label] of [['L', L, 77], ['R', R, 78]] as const) {
      const r = proposeAcetabularRim(seg, h.centerLps, h.radiusMm, side, { label });
      a[side] = nativeAcetabularAngles(r.normalLps, frame, side).radiographic;
      console.log(`[ts-abdopelvic] native acetabulum ${side}: radiographic ${a[side].inclinationDeg.toFixed(1)}° / ${a[side].anteversionDeg.toFixed(1)}° in the APP (tilt ${frame.pelvicTiltDeg.toFixed(2)}°), ${r.rimPointsLps.length}/${r.candidateCount} rim points, RMS ${r.rmsResidualMm.toFixed(2)} mm, opening radius ${r.openingRadiusMm.toFixed(1)} mm`);
      expect(a[side].inclinationDeg).toBeGreaterThan(35);
      expect(a[side].inclinationDeg).toBeLessThan(55);
      expect(a[side].anteversionDeg).toBeGreaterThan(5);
      expect(a[side].anteversionDeg).toBeLessThan(30);
      expect(r.rmsResidualMm).toBeLessThan(2.5);
    }
    expect(Math.abs(a.L.inclinationDeg - a.R.inclinationDeg)).toBeLessThan(8);
    expect(Math.abs(a.L.anteversionDeg - a.R.anteversionDeg)).toBeLessThan(8);
  }, 120_000);
});
