import { describe, expect, it } from 'vitest';
import { expectBadArgument } from '../../helpers/expectError';
import type { Vec3 } from '../../../src/core/vec3';
import type { CupAngleDefinition, CupAngles } from '../../../src/planning/cupAngles';
import {
  allCupAngles,
  convertCupAngles,
  cupAnglesFromAxisLai,
  cupAnglesFromFrameAxis,
  cupAxisLaiFromAngles,
  cupOrientation,
} from '../../../src/planning/cupAngles';
import { anteriorPelvicPlaneFrame, directionLpsToPelvic, directionPelvicToLps, functionalCupAngles } from '../../../src/planning/pelvicFrame';
import { checkCupSafeZone, LEWINNEK_SAFE_ZONE } from '../../../src/planning/safeZone';

const rad = (i: number, a: number): CupAngles => ({ definition: 'radiographic', inclinationDeg: i, anteversionDeg: a });


describe('HIP-01 Murray conversions (tol 0.01°)', () => {
  const cases: [number, number, number, number, number, number][] = [
    [40, 15, 42.274, 22.629, 38.381, 19.279],
    [45, 20, 48.359, 27.236, 41.641, 27.236],
    [30, 5, 30.376, 9.925, 29.874, 5.769],
    [50, 25, 54.369, 31.33, 43.969, 35.959],
    [40, 0, 40, 0, 40, 0],
  ];
  it.each(cases)('RI %d RA %d → AI %d AA %d OI %d OA %d', (ri, ra, ai, aa, oi, oa) => {
    const an = convertCupAngles(rad(ri, ra), 'anatomic');
    const op = convertCupAngles(rad(ri, ra), 'operative');
    expect(an.definition).toBe('anatomic');
    expect(an.inclinationDeg).toBeCloseTo(ai, 2);
    expect(Math.abs(an.inclinationDeg - ai)).toBeLessThan(0.01);
    expect(Math.abs(an.anteversionDeg - aa)).toBeLessThan(0.01);
    expect(Math.abs(op.inclinationDeg - oi)).toBeLessThan(0.01);
    expect(Math.abs(op.anteversionDeg - oa)).toBeLessThan(0.01);
  });

  it('closed-form conversions of §3.2 agree with the vector path (1e-9)', () => {
    for (const [ri, ra] of [[40, 15], [45, 20], [30, 5], [50, 25], [65, -10]]) {
      const r = (d: number) => (d * Math.PI) / 180;
      const all = allCupAngles(cupAxisLaiFromAngles(rad(ri, ra)));
      expect(Math.tan(r(all.anatomic.anteversionDeg))).toBeCloseTo(Math.tan(r(ra)) / Math.sin(r(ri)), 9);
      expect(Math.cos(r(all.anatomic.inclinationDeg))).toBeCloseTo(Math.cos(r(ri)) * Math.cos(r(ra)), 9);
      expect(Math.tan(r(all.operative.anteversionDeg))).toBeCloseTo(Math.tan(r(ra)) / Math.cos(r(ri)), 9);
      expect(Math.sin(r(all.operative.inclinationDeg))).toBeCloseTo(Math.sin(r(ri)) * Math.cos(r(ra)), 9);
    }
  });

  it('operative (OI 40, OA 20) → RI 41.763, RA 15.189, AI 43.958, AA 22.176', () => {
    const op: CupAngles = { definition: 'operative', inclinationDeg: 40, anteversionDeg: 20 };
    const r = convertCupAngles(op, 'radiographic');
    const a = convertCupAngles(op, 'anatomic');
    expect(Math.abs(r.inclinationDeg - 41.763)).toBeLessThan(0.01);
    expect(Math.abs(r.anteversionDeg - 15.189)).toBeLessThan(0.01);
    expect(Math.abs(a.inclinationDeg - 43.958)).toBeLessThan(0.01);
    expect(Math.abs(a.anteversionDeg - 22.176)).toBeLessThan(0.01);
  });
});

describe('HIP-02 vector round trip (1e-9°)', () => {
  it('RI ∈ [0, 80], RA ∈ [−30, 45] through every definition and back', () => {
    const defs: CupAngleDefinition[] = ['radiographic', 'operative', 'anatomic'];
    let worst = 0;
    for (let ri = 0; ri <= 80; ri += 2.5) {
      for (let ra = -30; ra <= 45; ra += 2.5) {
        const n = cupAxisLaiFromAngles(rad(ri, ra));
        expect(n[0]).toBeCloseTo(Math.cos((ra * Math.PI) / 180) * Math.sin((ri * Math.PI) / 180), 15);
        for (const def of defs) {
          const there = cupAnglesFromAxisLai(n, def);
          const back = cupAnglesFromAxisLai(cupAxisLaiFromAngles(there), 'radiographic');
          worst = Math.max(worst, Math.abs(back.inclinationDeg - ri), Math.abs(back.anteversionDeg - ra));
        }
      }
    }
    expect(worst).toBeLessThan(1e-9);
  });

  it('stores the axis with its definition tag', () => {
    const o = cupOrientation(rad(40, 15), 'R');
    expect(o.enteredAs.definition).toBe('radiographic');
    expect(o.cupAxisApp[0]).toBeLessThan(0); // right hip: lateral = −x
    const back = cupAnglesFromFrameAxis(o.cupAxisApp, 'R', 'radiographic');
    expect(back.inclinationDeg).toBeCloseTo(40, 12);
    expect(cupOrientation(rad(40, 15), 'L').cupAxisApp[0]).toBeCloseTo(-o.cupAxisApp[0], 15);
  });

  it('rejects NaN, out-of-range angles and unknown definitions, naming the field', () => {
    expectBadArgument(() => cupAxisLaiFromAngles(rad(NaN, 15)), 'cupAngles.inclinationDeg');
    expectBadArgument(() => cupAxisLaiFromAngles(rad(95, 15)), 'cupAngles.inclinationDeg');
    expectBadArgument(() => cupAxisLaiFromAngles(rad(40, -91)), 'cupAngles.anteversionDeg');
    expectBadArgument(() => cupAxisLaiFromAngles({ definition: 'x' as CupAngleDefinition, inclinationDeg: 1, anteversionDeg: 1 }), 'cupAngles.definition');
    expectBadArgument(() => cupAnglesFromAxisLai([0, 0, 0], 'operative'), 'cupAxis');
    expectBadArgument(() => cupOrientation(rad(40, 15), 'X' as 'L'), 'side');
  });
});

const HIP03 = {
  rightAsisLps: [-120, -20, 900] as Vec3,
  leftAsisLps: [120, -20, 900] as Vec3,
  rightPubicTubercleLps: [-25, -35, 820] as Vec3,
  leftPubicTubercleLps: [25, -35, 820] as Vec3,
};

describe('HIP-03 APP frame and pelvic tilt', () => {
  const f = anteriorPelvicPlaneFrame(HIP03);
  it('frame axes and tilt', () => {
    const close = (v: Vec3, e: Vec3) => v.forEach((c, n) => expect(Math.abs(c - e[n])).toBeLessThan(5e-6));
    close(f.anteriorNormalLps, [0, -0.98287, 0.18429]);
    close(f.xLps, [1, 0, 0]);
    close(f.yLps, [0, 0.98287, -0.18429]);
    close(f.zLps, [0, 0.18429, 0.98287]);
    expect(f.pelvicTiltDeg).toBeCloseTo((Math.atan(15 / 80) * 180) / Math.PI, 10);
    expect(Math.abs(f.pelvicTiltDeg - 10.62)).toBeLessThan(5e-4);
  });

  it('right cup RI/RA 40/15 in the APP: scanner axis, scanner-frame bug 42.416/23.001, APP 40/15 (1e-3°)', () => {
    const cupAxisApp = cupOrientation(rad(40, 15), 'R').cupAxisApp;
    const scanner = directionPelvicToLps(cupAxisApp, f);
    const expected: Vec3 = [-0.620885, -0.390749, -0.679571];
    scanner.forEach((c, n) => expect(Math.abs(c - expected[n])).toBeLessThan(1e-6));
    const bug = cupAnglesFromFrameAxis(scanner, 'R', 'radiographic');
    expect(Math.abs(bug.inclinationDeg - 42.416)).toBeLessThan(1e-3);
    expect(Math.abs(bug.anteversionDeg - 23.001)).toBeLessThan(1e-3);
    const app = cupAnglesFromFrameAxis(directionLpsToPelvic(scanner, f), 'R', 'radiographic');
    expect(Math.abs(app.inclinationDeg - 40)).toBeLessThan(1e-9);
    expect(Math.abs(app.anteversionDeg - 15)).toBeLessThan(1e-9);
    // The scanner frame is the APP frame tilted by the supine tilt τ.
    const viaTilt = functionalCupAngles(cupAxisApp, 'R', f.pelvicTiltDeg);
    expect(viaTilt.inclinationDeg).toBeCloseTo(bug.inclinationDeg, 10);
    expect(viaTilt.anteversionDeg).toBeCloseTo(bug.anteversionDeg, 10);
  });

  it('degenerate landmarks are BAD_ARGUMENT naming the landmark', () => {
    expectBadArgument(() => anteriorPelvicPlaneFrame({ ...HIP03, leftAsisLps: [-120, -20, 900] }), 'leftAsisLps');
    expectBadArgument(() => anteriorPelvicPlaneFrame({ ...HIP03, leftAsisLps: HIP03.rightAsisLps, rightAsisLps: HIP03.leftAsisLps }), 'leftAsisLps');
    expectBadArgument(() => anteriorPelvicPlaneFrame({ ...HIP03, rightPubicTubercleLps: [-50, -20, 900], leftPubicTubercleLps: [50, -20, 900] }), 'rightPubicTubercleLps');
    expectBadArgument(() => anteriorPelvicPlaneFrame({ ...HIP03, leftPubicTubercleLps: [25, NaN, 820] }), 'leftPubicTubercleLps');
  });
});

describe('HIP-04 pelvic tilt → functional angles (tol 0.01°)', () => {
  const cupAxisApp = cupOrientation(rad(40, 15), 'R').cupAxisApp;
  const cases: [number, number, number][] = [
    [-10, 38.749, 7.261],
    [-5, 39.259, 11.148],
    [5, 40.987, 18.804],
    [10, 42.241, 22.543],
    [20, 45.657, 29.755],
  ];
  it.each(cases)('τ = %d° → RI %d, RA %d', (tilt, ri, ra) => {
    const f = functionalCupAngles(cupAxisApp, 'R', tilt);
    expect(Math.abs(f.inclinationDeg - ri)).toBeLessThan(0.01);
    expect(Math.abs(f.anteversionDeg - ra)).toBeLessThan(0.01);
  });
  it('≈ 0.75° of RA per degree of posterior tilt around 0', () => {
    const slope = (functionalCupAngles(cupAxisApp, 'R', 0.5).anteversionDeg - functionalCupAngles(cupAxisApp, 'R', -0.5).anteversionDeg) / 1;
    expect(slope).toBeGreaterThan(0.7);
    expect(slope).toBeLessThan(0.8);
  });
});

describe('HIP-05 Lewinnek zone, inclusive', () => {
  it.each([
    [40, 15, true],
    [30, 5, true],
    [50, 25, true],
    [52, 15, false],
    [40, 27, false],
    [40, 4.9, false],
  ] as const)('(%d, %d) inside = %s', (i, a, inside) => {
    expect(checkCupSafeZone(rad(i, a)).inside).toBe(inside);
  });
  it('converts other definitions to the zone definition; zones are configurable', () => {
    const op = convertCupAngles(rad(50, 25), 'operative');
    expect(checkCupSafeZone(op, LEWINNEK_SAFE_ZONE).inside).toBe(true); // boundary stays inclusive after conversion
    const opZone = { ...LEWINNEK_SAFE_ZONE, name: 'operative test', definition: 'operative' as const, inclinationDeg: [35, 45] as const, anteversionDeg: [20, 30] as const };
    expect(checkCupSafeZone(rad(45, 20), opZone).inside).toBe(true); // OI 41.641, OA 27.236
    expect(checkCupSafeZone(rad(45, 20), opZone).comparedAngles.definition).toBe('operative');
    expectBadArgument(() => checkCupSafeZone(rad(40, 15), { ...LEWINNEK_SAFE_ZONE, inclinationDeg: [50, 30] }), 'zone.inclinationDeg');
  });
});
