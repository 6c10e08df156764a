// The knee cut gizmo's pure conversions: the pose ↔ plane inverse agrees with kneeResection.ts (a
// tilted axis, left and right knees), the knobs sit where the conventions say (medial = +x right,
// −x left; engine mirror), and drags have the brief's signs on both sides: a tibial depth knob moved
// distally cuts deeper, the medial knob lowered is tibial varus +, raised is femoral varus +, the
// posterior knob lowered is slope +; a mirrored left knee gives the right knee's numbers.
import { describe, expect, it } from 'vitest';
import { engineFromLps, engineDirectionFromLps } from '../../../src/core/engineFrame';
import type { PointLps, Vec3 } from '../../../src/core/vec3';
import { distalFemoralResection, proximalTibialResection } from '../../../src/planning/kneeResection';
import { KNEE_GIZMO_LEVER_MM, kneeCutFrame, kneeCutHandlesLps, kneeCutPlaneOf, kneeCutPoseFromHandle, kneeCutPoseOfPlane, type KneeCutPose } from '../../../src/planning/kneeCutPose';
import type { Side } from '../../../src/planning/validate';
import { expectBadArgument } from '../../helpers/expectError';

/** Right-knee landmarks (medial = +x), axes tilted a few degrees; `L` mirrors them through x → −x. */
const m = (side: Side, p: PointLps): PointLps => (side === 'L' ? [-p[0], p[1], p[2]] : p);
const tibia = (side: Side, depthMm: number, varusValgusDeg: number, posteriorSlopeDeg: number) => proximalTibialResection({
  side, ankleCenterLps: m(side, [-96, 30, -380]), tibialKneeCenterLps: m(side, [-90, 12, 0]), plateauMedialLps: m(side, [-70, 14, 2]), plateauLateralLps: m(side, [-112, 10, -1]), depthMm, varusValgusDeg, posteriorSlopeDeg,
});
const femur = (side: Side, depthMm: number, varusValgusDeg: number) => distalFemoralResection({
  side, hipCenterLps: m(side, [-60, 0, 450]), femoralKneeCenterLps: m(side, [-88, 8, 20]), distalCondyleMedialLps: m(side, [-68, 12, 8]), distalCondyleLateralLps: m(side, [-110, 10, 11]), depthMm, varusValgusDeg,
});
const moved = (p: PointLps, dirLps: Vec3, mm: number): [number, number, number] => {
  const e = engineFromLps(p), d = engineDirectionFromLps(dirLps);
  return [e[0] + d[0] * mm * 1e-3, e[1] + d[1] * mm * 1e-3, e[2] + d[2] * mm * 1e-3];
};

describe('knee cut gizmo pose ↔ plane', () => {
  it('recovers depth, varus/valgus and slope from the planes kneeResection builds (left and right, tilted axes)', () => {
    let worst = 0;
    for (const side of ['L', 'R'] as const) {
      for (const [d, v, s] of [[9, 0, 0], [11.5, 3, 5], [6, -4.5, -2], [14, 7, 9]]) {
        const t = tibia(side, d, v, s);
        const ft = kneeCutFrame('tibia', side, t, d);
        const pt = kneeCutPoseOfPlane(ft, t.plane);
        const f = femur(side, d, v);
        const ff = kneeCutFrame('femur', side, f, d);
        const pf = kneeCutPoseOfPlane(ff, f.plane);
        worst = Math.max(worst, Math.abs(pt.depthMm - d), Math.abs(pt.varusValgusDeg - v), Math.abs(pt.posteriorSlopeDeg - s), Math.abs(pf.depthMm - d), Math.abs(pf.varusValgusDeg - v));
        expect(pf.posteriorSlopeDeg).toBe(0);
        // The forward map is the same plane as kneeResection's.
        const again = kneeCutPlaneOf(ft, { depthMm: d, varusValgusDeg: v, posteriorSlopeDeg: s });
        for (let n = 0; n < 3; n++) expect(Math.abs(again.normalLps[n] - t.plane.normalLps[n]) + Math.abs(again.pointLps[n] - t.plane.pointLps[n])).toBeLessThan(1e-9);
      }
    }
    expect(worst).toBeLessThan(1e-9);
  });

  it('puts the medial knob medially (+x right, −x left; the same engine X sign through the mirror) on the plane', () => {
    for (const side of ['L', 'R'] as const) {
      const t = tibia(side, 9, 2, 4);
      const f = kneeCutFrame('tibia', side, t, 9);
      const h = kneeCutHandlesLps(f, { depthMm: 9, varusValgusDeg: 2, posteriorSlopeDeg: 4 });
      const dx = h.varus[0] - h.depth[0];
      expect(Math.sign(dx)).toBe(side === 'R' ? 1 : -1);
      expect(Math.sign(engineFromLps(h.varus)[0] - engineFromLps(h.depth)[0])).toBe(side === 'R' ? 1 : -1);
      expect(h.slope![1] - h.depth[1]).toBeGreaterThan(20); // posterior knob: +y (engine +Z)
      for (const k of [h.varus, h.slope!]) {
        const e = [0, 1, 2].reduce((a, n) => a + (k[n] - t.plane.pointLps[n]) * t.plane.normalLps[n], 0);
        expect(Math.abs(e)).toBeLessThan(1e-9);
      }
      // Medial knob of a varus-tilted tibial plane is lower than P0 along the axis: tan(2°)·lever.
      const hgt = [0, 1, 2].reduce((a, n) => a + (h.varus[n] - h.depth[n]) * f.axisUnitLps[n], 0);
      expect(hgt).toBeCloseTo(-Math.tan(2 * Math.PI / 180) * KNEE_GIZMO_LEVER_MM, 9);
    }
  });

  it('drags have the brief\'s signs on both knees, and a mirrored left knee gives the right knee\'s numbers', () => {
    const out: Record<Side, number[]> = { L: [], R: [] };
    for (const side of ['L', 'R'] as const) {
      const p0: KneeCutPose = { depthMm: 9, varusValgusDeg: 1, posteriorSlopeDeg: 3 };
      const ft = kneeCutFrame('tibia', side, tibia(side, 9, 1, 3), 9);
      const ht = kneeCutHandlesLps(ft, p0);
      const distal: Vec3 = [-ft.axisUnitLps[0], -ft.axisUnitLps[1], -ft.axisUnitLps[2]];
      const n0 = kneeCutPlaneOf(ft, p0).normalLps;
      // Depth knob 2 mm distally along the normal: the cut is deeper by 2 / (n·axis) mm; angles unchanged.
      const deeper = kneeCutPoseFromHandle(ft, p0, 'depth', moved(ht.depth, [-n0[0], -n0[1], -n0[2]], 2));
      const nDotAxis = n0[0] * ft.axisUnitLps[0] + n0[1] * ft.axisUnitLps[1] + n0[2] * ft.axisUnitLps[2];
      expect(deeper.depthMm).toBeCloseTo(9 + 2 / nDotAxis, 9);
      expect(deeper.varusValgusDeg).toBeCloseTo(1, 9);
      expect(deeper.posteriorSlopeDeg).toBeCloseTo(3, 9);
      // Medial knob lowered 1 mm: more varus (medial side lower) by atan; depth and slope kept.
      const varus = kneeCutPoseFromHandle(ft, p0, 'varus', moved(ht.varus, distal, 1));
      expect(varus.varusValgusDeg).toBeCloseTo((Math.atan((Math.tan(Math.PI / 180) * KNEE_GIZMO_LEVER_MM + 1) / KNEE_GIZMO_LEVER_MM) * 180) / Math.PI, 9);
      expect(varus.depthMm).toBe(9);
      // Posterior knob lowered 1 mm: more posterior slope.
      const slope = kneeCutPoseFromHandle(ft, p0, 'slope', moved(ht.slope!, distal, 1));
      expect(slope.posteriorSlopeDeg).toBeGreaterThan(3);
      expect(slope.varusValgusDeg).toBe(1);
      // Off-axis motion of a knob does not count (only along its drag direction).
      const sideways = kneeCutPoseFromHandle(ft, p0, 'varus', moved(ht.varus, ft.posteriorUnitLps, 5));
      expect(sideways.varusValgusDeg).toBeCloseTo(1, 9);
      // Femur: depth knob 2 mm proximally = 2 mm more bone (plane ⟂ axis); medial knob raised = varus +.
      const pf0: KneeCutPose = { depthMm: 9, varusValgusDeg: 0, posteriorSlopeDeg: 0 };
      const ff = kneeCutFrame('femur', side, femur(side, 9, 0), 9);
      const hf = kneeCutHandlesLps(ff, pf0);
      expect(hf.slope).toBeNull();
      const fDeeper = kneeCutPoseFromHandle(ff, pf0, 'depth', moved(hf.depth, ff.axisUnitLps, 2));
      expect(fDeeper.depthMm).toBeCloseTo(11, 9);
      const fVarus = kneeCutPoseFromHandle(ff, pf0, 'varus', moved(hf.varus, ff.axisUnitLps, 1));
      expect(fVarus.varusValgusDeg).toBeCloseTo((Math.atan(1 / KNEE_GIZMO_LEVER_MM) * 180) / Math.PI, 9);
      // The new femoral plane removes less bone laterally than medially (kneeResection's meaning of varus +).
      const r = femur(side, 9, fVarus.varusValgusDeg);
      expect(r.resectionMm.lateral - r.resectionMm.medial).toBeLessThan(femur(side, 9, 0).resectionMm.lateral - femur(side, 9, 0).resectionMm.medial);
      expectBadArgument(() => kneeCutPoseFromHandle(ff, pf0, 'slope', engineFromLps(hf.depth)), 'femur slope');
      out[side] = [deeper.depthMm, varus.varusValgusDeg, slope.posteriorSlopeDeg, fDeeper.depthMm, fVarus.varusValgusDeg];
    }
    out.R.forEach((v, n) => expect(out.L[n]).toBeCloseTo(v, 9));
  });
});
