// Automatic ASIS / pubic tubercles on a real CT's hip bones: TotalSegmentator's MODEL-PREDICTED labels of
// ts-abdopelvic-ct (3 mm voxels; hip_left 77, hip_right 78, femur_left 75, femur_right 76). No hand-placed
// truth exists: the figures are checked for anatomical plausibility (adult inter-ASIS 200–260 mm, supine
// tilt within ±20°, pubic points below the ASIS and near the midline) and for tilt tolerance (the same
// bone points turned ±15° about the left–right axis give the tilt moved by the same angle).
import { beforeAll, describe, expect, it } from 'vitest';
import { readImageFileNode } from '../../../src/cli/imageFiles';
import type { PointLps, Vec3 } from '../../../src/core/vec3';
import { matVec, rotationX } from '../../../src/planning/geometry';
import { proposeFemoralHeadCentre, segmentBoundaryPointsLps } from '../../../src/planning/proposeHeadCentre';
import { proposeAppLandmarks, proposePelvicLandmarks } from '../../../src/planning/proposePelvicLandmarks';
import { degToRad } from '../../../src/planning/validate';
import type { Volume } from '../../../src/volume/volume';
import { hasSharedData, shared } from '../../helpers/sharedData';

const dist = (a: Vec3, b: Vec3) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
const f = (p: Vec3) => p.map((v) => v.toFixed(1)).join(', ');

describe.skipIf(!hasSharedData)('automatic APP on ts-abdopelvic-ct (TotalSegmentator hip-bone labels, 3 mm)', () => {
  let seg: Volume;
  beforeAll(async () => {
    seg = await readImageFileNode(shared('ts-abdopelvic-ct', 'example_seg_fast_force_split.nii.gz'), 'label');
  }, 60_000);

  it('plausible landmarks and tilt, with the femoral head centres as the split; the same without them', () => {
    const L = proposeFemoralHeadCentre(seg, { label: 75 }).centerLps, R = proposeFemoralHeadCentre(seg, { label: 76 }).centerLps;
    const r = proposePelvicLandmarks(seg, { left: 77, right: 78 }, { acetabulumCentresLps: { L, R } });
    const m = r.landmarks;
    console.log(`[ts-abdopelvic] APP: ASIS L (${f(m.leftAsisLps)}), R (${f(m.rightAsisLps)}); pubic L (${f(m.leftPubicTubercleLps)}), R (${f(m.rightPubicTubercleLps)}); tilt ${r.pelvicTiltDeg.toFixed(2)}°, inter-ASIS ${r.interAsisMm.toFixed(1)} mm, inter-pubic ${r.interTubercleMm.toFixed(1)} mm, ASIS ${r.asisAbovePubisMm.toFixed(1)} mm above the pubic midpoint, ${r.iterations} iterations; ${r.warnings.join('; ')}`);
    expect(r.converged).toBe(true);
    expect(r.interAsisMm).toBeGreaterThan(200);
    expect(r.interAsisMm).toBeLessThan(260);
    expect(Math.abs(r.pelvicTiltDeg)).toBeLessThan(20);
    expect(r.asisAbovePubisMm).toBeGreaterThan(60);
    expect(r.asisAbovePubisMm).toBeLessThan(130);
    expect(m.leftAsisLps[0]).toBeGreaterThan(90); // patient left = +x
    expect(m.rightAsisLps[0]).toBeLessThan(-90);
    for (const p of [m.leftPubicTubercleLps, m.rightPubicTubercleLps]) expect(Math.abs(p[0])).toBeLessThan(40);
    // The scan is cut 12 mm below the pubis: said so.
    expect(r.warnings.join(' ')).toMatch(/first slice of the scan/);
    const frac = proposePelvicLandmarks(seg, { left: 77, right: 78 });
    expect(frac.landmarks).toEqual(r.landmarks);
  });

  it('tilt-tolerant: the bone points turned by ±15° about the left–right axis move the tilt by ±15° (within 1.5°), the landmarks by the rotation (within 6 mm)', () => {
    const left = segmentBoundaryPointsLps(seg, 77), right = segmentBoundaryPointsLps(seg, 78);
    const base = proposeAppLandmarks(left, right);
    for (const deg of [15, -15]) {
      const rot = rotationX(degToRad(deg));
      const turn = (pts: PointLps[]) => pts.map((p) => matVec(rot, p));
      const r = proposeAppLandmarks(turn(left), turn(right));
      const expected = matVec(rot, base.frame.anteriorNormalLps);
      const tiltExpected = (Math.asin(expected[2]) * 180) / Math.PI;
      console.log(`[ts-abdopelvic] turned ${deg}°: tilt ${r.pelvicTiltDeg.toFixed(2)}° (expected ${tiltExpected.toFixed(2)}°), ASIS moved ${dist(r.landmarks.leftAsisLps, matVec(rot, base.landmarks.leftAsisLps)).toFixed(1)} / ${dist(r.landmarks.rightAsisLps, matVec(rot, base.landmarks.rightAsisLps)).toFixed(1)} mm, ${r.iterations} iterations`);
      expect(Math.abs(r.pelvicTiltDeg - tiltExpected)).toBeLessThan(1.5);
      for (const k of ['leftAsisLps', 'rightAsisLps', 'leftPubicTubercleLps', 'rightPubicTubercleLps'] as const) expect(dist(r.landmarks[k], matVec(rot, base.landmarks[k]))).toBeLessThan(6);
    }
  });
});
