// Femoral neck axis, lesser trochanter and the stem's neck cut on the hip phantom (exact labels,
// 1.5 × 1.5 × 2 mm). Ground truth from hipPhantom.ts: the neck is a 15 mm-radius cylinder from the head
// centre toward femoralNeckJunction (neck 50° from vertical, 15° anteversion), the shaft axis 0.1 rad-ish
// (x −0.1 per unit z) from vertical, the lesser trochanter an ellipsoid (semi-axes 9, 9, 11) at
// junction + 35 mm down the shaft + (13 medial, 9 posterior).
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PointLps, Vec3 } from '../../../src/core/vec3';
import { normalize, sub } from '../../../src/core/vec3';
import { proposeFemoralHeadCentre } from '../../../src/planning';
import { angleBetweenRad } from '../../../src/planning/geometry';
import { parseImplantCatalogue, type StemFamily } from '../../../src/planning/implants';
import { findLesserTrochanter, neckCutOfStem, neckShaftAngleDeg, proposeNeckAxis, type LesserTrochanter, type NeckAxis, type NeckCut } from '../../../src/planning/proposeNeckAxis';
import { proposeStemSize, type StemSizing } from '../../../src/planning/proposeStemSize';
import { buildHipPhantom, HIP_LABELS } from '../../../src/samples/hipPhantom';
import type { PhantomCase } from '../../../src/samples/phantom';
import { maskOfLabel } from '../../../src/segmentation/labelmap';

const catalogue = parseImplantCatalogue(JSON.parse(readFileSync(new URL('../../../assets/implants/generic.json', import.meta.url), 'utf8')));
const family = catalogue.families.find((f): f is StemFamily => f.kind === 'stem')!;
const deg = (a: Vec3, b: Vec3) => (angleBetweenRad(a, b) * 180) / Math.PI;

describe('neck axis and neck cut on the hip phantom', () => {
  let c: PhantomCase;
  const r: Record<'Left' | 'Right', { neck: NeckAxis; stem: StemSizing; lt: LesserTrochanter; cut: NeckCut }> = {} as never;
  beforeAll(() => {
    c = buildHipPhantom();
    for (const [side, label] of [['Left', HIP_LABELS.femurLeft], ['Right', HIP_LABELS.femurRight]] as const) {
      const h = proposeFemoralHeadCentre(c.labels, { label });
      const femur = maskOfLabel(c.labels, label);
      const neck = proposeNeckAxis(femur, h.centerLps, h.radiusMm);
      const stem = proposeStemSize({ volume: c.volume, labels: c.labels, femurLabel: label, headCentreLps: h.centerLps, family });
      const lt = findLesserTrochanter(femur, neck, stem.shoulderLps!, stem.shaftAxisLps);
      const cut = neckCutOfStem({ shoulderLps: stem.shoulderLps!, shaftUnitLps: stem.shaftAxisLps, referenceLps: stem.referenceLps, ccdDeg: stem.neckShaftAngleDeg, neck, lesserTrochanterLps: lt.tipLps });
      r[side] = { neck, stem, lt, cut };
    }
  }, 120_000);

  it('neck axis within 0.5° of head centre → femoralNeckJunction (measured 0.10° L, 0.35° R); narrowest section ≈ the 30 mm neck', () => {
    for (const side of ['Left', 'Right'] as const) {
      const H = c.landmarksLps[`femoralHeadCentre${side}`], J = c.landmarksLps[`femoralNeckJunction${side}`];
      expect(deg(r[side].neck.unitLps, sub(J, H)), side).toBeLessThan(0.5);
      expect(Math.abs(r[side].neck.equivalentDiameterMm - 30), side).toBeLessThan(1); // 29.93 / 29.94
    }
  });

  it('neck–shaft angle (3-D, to the fitted canal axis) 124.2° vs the design 124.5°: the "130°" comment is from vertical, not from the 5.7°-tilted shaft', () => {
    for (const [side, s] of [['Left', 1], ['Right', -1]] as const) {
      const H = c.landmarksLps[`femoralHeadCentre${side}`], J = c.landmarksLps[`femoralNeckJunction${side}`];
      const design = neckShaftAngleDeg(normalize(sub(J, H)), normalize([s * 0.1, 0, 1]));
      expect(design).toBeCloseTo(124.5, 0);
      expect(Math.abs(neckShaftAngleDeg(r[side].neck.unitLps, r[side].stem.shaftAxisLps) - design), side).toBeLessThan(1); // 124.16 / 124.28
      expect(Math.abs(neckShaftAngleDeg(normalize(sub(J, H)), [0, 0, 1]) - 130), side).toBeLessThan(1e-9);
    }
  });

  it('lesser trochanter tip within 2.5 mm of the design ellipsoid’s farthest posteromedial point; mirrored sides agree', () => {
    for (const [side, s] of [['Left', 1], ['Right', -1]] as const) {
      const J = c.landmarksLps[`femoralNeckJunction${side}`];
      const d = normalize([-s * 0.1, 0, -1]);
      const centre: PointLps = [J[0] + 35 * d[0] - s * 13, J[1] + 35 * d[1] + 9, J[2] + 35 * d[2]];
      // Farthest surface point from the shaft axis (through J along d) in the posteromedial sector.
      let best = -Infinity, truth: Vec3 = centre;
      for (let th = 0; th < Math.PI; th += 0.01) for (let ph = 0; ph < 2 * Math.PI; ph += 0.01) {
        const q: Vec3 = [centre[0] + 9 * Math.sin(th) * Math.cos(ph), centre[1] + 9 * Math.sin(th) * Math.sin(ph), centre[2] + 11 * Math.cos(th)];
        const v = sub(q, J), t = v[0] * d[0] + v[1] * d[1] + v[2] * d[2];
        const rad: Vec3 = [v[0] - t * d[0], v[1] - t * d[1], v[2] - t * d[2]];
        const med = -s * rad[0], post = rad[1];
        if (med <= 0 || post <= 0) continue;
        const rr = Math.hypot(...rad);
        if (rr > best) { best = rr; truth = q; }
      }
      const lt = r[side].lt;
      if (!lt.tipLps) throw new Error(lt.reason);
      expect(Math.hypot(...sub(lt.tipLps, truth)), side).toBeLessThan(2.5);
      expect(lt.prominenceMm).toBeGreaterThan(3);
    }
    expect(r.Left.lt.tipLps![0]).toBeCloseTo(-r.Right.lt.tipLps![0], 6);
  });

  it('neck cut through the stem shoulder ⟂ the stem neck: 8.7 mm above the lesser trochanter, head centre 54.0 mm above the cut', () => {
    for (const side of ['Left', 'Right'] as const) {
      const { cut, stem, lt } = r[side];
      // Independent check: the plane's height along the shaft line through the tip.
      const n = cut.planeLps.normalLps, S = cut.planeLps.pointLps, T = lt.tipLps!, s = stem.shaftAxisLps;
      const t = -((T[0] - S[0]) * n[0] + (T[1] - S[1]) * n[1] + (T[2] - S[2]) * n[2]) / (s[0] * n[0] + s[1] * n[1] + s[2] * n[2]);
      expect(cut.heightAboveLesserTrochanterMm!).toBeCloseTo(t, 9);
      expect(cut.heightAboveLesserTrochanterMm!).toBeGreaterThan(6);
      expect(cut.heightAboveLesserTrochanterMm!).toBeLessThan(12);
      // Head centre above the cut = the stem's head-centre distance along its neck (offset 40 / sin 48° = 53.8 mm) ± the head's fit.
      expect(Math.abs(cut.headCentreAboveCutMm - 40 / Math.sin((48 * Math.PI) / 180))).toBeLessThan(0.5);
      expect(cut.stemToNativeNeckDeg).toBeLessThan(10); // 132° stem vs the 124.5° native neck: ≈ 7.8°
    }
  });
});
