// Femoral knee landmarks on the Visible Human female knee CT (../shared/data/vhf-knee-ct, 1 mm, z 150–499):
// the series starts ~1 cm above the joint, so each femur segment is a 7 mm (left) / 11 mm (right) stub of
// the distal condyles. Only the most distal condylar points can be in view; everything else (posterior
// condyles, epicondyles, shaft, head) must come out missing with its reason, and so must the distal
// femoral cut, the posterior condylar angle and HKA — never a made-up value. Measured values in comments.
import { beforeAll, describe, expect, it } from 'vitest';
import { collectNodeSources } from '../../../src/cli/nodeSources';
import { loadSeriesVolume, scanDicomSources } from '../../../src/dicom';
import { kneeInputsOf, proposeKneeLandmarks, type KneeLandmarkProposal } from '../../../src/planning/kneeLandmarks';
import { DEFAULT_KNEE_CUTS, kneeCutPlanes, type KneeCutMetrics } from '../../../src/planning/kneePlanModel';
import { segmentKneeBones } from '../../../src/segmentation/autoKnee';
import { hasSharedData, kneeDicomDir } from '../../helpers/sharedData';

const fmt = (v: readonly number[] | null) => (v ? `(${v.map((x) => x.toFixed(1)).join(', ')})` : 'null');

describe.skipIf(!hasSharedData)('femoral knee landmarks on the Visible Human knee (vhf-knee-ct)', () => {
  const legs: Partial<Record<'L' | 'R', { p: KneeLandmarkProposal; m: KneeCutMetrics }>> = {};
  beforeAll(async () => {
    const sources = await collectNodeSources([kneeDicomDir()]);
    const scan = await scanDicomSources(sources);
    const { volume } = await loadSeriesVolume(sources, scan.series[0]);
    // The parameters of the segmentation's own real-data test (test/unit/segmentation/autoKnee.test.ts).
    const seg = segmentKneeBones(volume, { surfaceHu: 200, coreSurfaceHu: 400, coreHu: -300 });
    for (const side of ['L', 'R'] as const) {
      const p = proposeKneeLandmarks(seg.labelmap, side)!;
      legs[side] = { p, m: kneeCutPlanes(kneeInputsOf(side, p.entries, p.tibialShaftUnitLps), DEFAULT_KNEE_CUTS) };
    }
  }, 180_000);

  const point = (side: 'L' | 'R', base: string) => legs[side]!.p.entries.find((e) => e.base === base)!;

  it('prints the figures', () => {
    for (const side of ['L', 'R'] as const) {
      const { p, m } = legs[side]!;
      console.log(`[VHF femur ${side}] ${p.ms.toFixed(0)} ms | distal condyles medial ${fmt(point(side, 'distalCondyleMedial').pointLps)} lateral ${fmt(point(side, 'distalCondyleLateral').pointLps)}`);
      for (const e of p.entries.filter((x) => x.bone === 'femur' && !x.pointLps)) console.log(`[VHF femur ${side}] ${e.base}: — (${e.missingReason})`);
      console.log(`[VHF femur ${side}] distal femoral cut: ${m.distalFemur.available ? 'computed' : `— (${m.distalFemur.reason})`}; PCA angle: ${m.posteriorCondylarAngle.available ? m.posteriorCondylarAngle.value.teaExternalRotationFromPcaDeg : `— (${m.posteriorCondylarAngle.reason})`}`);
    }
  });

  it('the distal condyle points: medial toward the midline, 35–60 mm apart (measured 47.4 L / 46.3 R), both within 3 mm of the lowest femur slice', () => {
    const mid = (point('L', 'tibialKneeCentre').pointLps![0] + point('R', 'tibialKneeCentre').pointLps![0]) / 2;
    for (const side of ['L', 'R'] as const) {
      const med = point(side, 'distalCondyleMedial'), lat = point(side, 'distalCondyleLateral');
      expect(med.source).toBe('auto');
      const [a, b] = [med.pointLps!, lat.pointLps!];
      expect(Math.abs(a[0] - mid), side).toBeLessThan(Math.abs(b[0] - mid) - 25);
      const d = Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
      expect(d, side).toBeGreaterThan(35);
      expect(d, side).toBeLessThan(60);
      expect(Math.abs(a[2] - b[2]), side).toBeLessThan(3); // the distal condylar line nearly ⟂ the scanner z (measured 0 mm at 1 mm slices)
      // the femur sits above the tibial plateau (joint space)
      expect(Math.min(a[2], b[2]), side).toBeGreaterThan(point(side, 'tibialKneeCentre').pointLps![2]);
    }
  });

  it('what the scan does not show is missing with its reason: shaft, head, posterior condyles, epicondyles; so the femoral cut, PCA angle and HKA are missing', () => {
    for (const side of ['L', 'R'] as const) {
      const { m } = legs[side]!;
      for (const base of ['femoralShaftAxisProximal', 'femoralHeadCentre', 'posteriorCondyleMedial', 'posteriorCondyleLateral', 'epicondyleMedial', 'epicondyleLateral']) {
        const e = point(side, base);
        expect(e.pointLps, `${side} ${base}`).toBeNull();
        expect(e.missingReason, `${side} ${base}`).toMatch(/not in view|no (femoral )?shaft|edge of the scan/);
      }
      expect(point(side, 'femoralHeadCentre').missingReason).toMatch(/cut by the edge of the scan \d+ mm above the distal condyles/);
      expect(m.distalFemur.available).toBe(false);
      if (!m.distalFemur.available) expect(m.distalFemur.reason).toMatch(/femoralHeadCentre(Left|Right) missing .*femoralShaftAxisProximal/);
      expect(m.posteriorCondylarAngle.available).toBe(false);
      expect(m.hka.available).toBe(false);
      expect(m.proximalTibia.available).toBe(true); // the tibial side is unaffected
    }
  });
});
