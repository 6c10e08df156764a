import { describe, expect, it } from 'vitest';
import { hip07Input, hip10Input } from './planFixtures';
import { expectBadArgument } from '../../helpers/expectError';
import type { Vec3 } from '../../../src/core/vec3';
import { canalFill } from '../../../src/planning/canalFill';
import { femoralVersion } from '../../../src/planning/femoralVersion';
import { matVec } from '../../../src/planning/geometry';
import {
  alphaMaxDeg,
  femurRotation,
  firstContactDeg,
  neutralNeckAxis,
  prostheticImpingementRom,
  singlePlaneArcOfMotionDeg,
} from '../../../src/planning/impingement';
import { legLengthAndOffsetChange } from '../../../src/planning/legLength';
import { checkRomTargets } from '../../../src/planning/romTargets';
import { combinedAnteversion, DEFAULT_COMBINED_ANTEVERSION_TARGETS } from '../../../src/planning/combinedAnteversion';


const HIP07 = hip07Input();

describe('HIP-07 femoral version', () => {
  it('12.141° anteversion ⟂ mechanical axis; the naive x–y angle is 12.000° (tol 0.005°)', () => {
    const v = femoralVersion(HIP07);
    expect(Math.abs(v.versionDeg - 12.141)).toBeLessThan(0.005);
    expect(v.axisKind).toBe('mechanical');
    const naive = (Math.atan2(8.3165, 129.1259 - 90) * 180) / Math.PI;
    expect(Math.abs(naive - 12)).toBeLessThan(0.005);
    expect(Math.abs(v.versionDeg - naive)).toBeGreaterThan(0.1);
  });
  it('a head posterior of the PCA is retroversion (negative)', () => {
    expect(femoralVersion({ ...HIP07, neckBaseLps: [-129.1259, -8.3165, 810] }).versionDeg).toBeLessThan(0);
  });
  it('bad input names the field', () => {
    expectBadArgument(() => femoralVersion({ ...HIP07, side: 'L' }), 'posteriorCondyleMedialLps');
    expectBadArgument(() => femoralVersion({ ...HIP07, neckBaseLps: [-90, 0, 850] }), 'neckBaseLps');
    expectBadArgument(() => femoralVersion({ ...HIP07, headCenterLps: [NaN, 0, 850] }), 'headCenterLps');
    expectBadArgument(() => femoralVersion({ ...HIP07, referenceAxis: { ...HIP07.referenceAxis, distalLps: [-90, 0, 850] } }), 'referenceAxis.distalLps');
  });
});

describe('HIP-08 single-plane arc of motion (tol 0.01°)', () => {
  it.each([
    [22, 12, 113.89],
    [28, 12, 129.25],
    [32, 12, 135.95],
    [36, 12, 141.06],
  ])('head %d / neck %d mm → %d°', (head, neck, arc) => {
    const v = singlePlaneArcOfMotionDeg(head / 2, neck / 2);
    expect(Math.abs(v - arc)).toBeLessThan(0.01);
    expect(v).toBeCloseTo(180 - 2 * (Math.asin(neck / head) * 180) / Math.PI, 12);
  });
  it('rejects a neck as thick as the head', () => {
    expectBadArgument(() => alphaMaxDeg(6, 6), 'neckRadiusMm');
    expectBadArgument(() => alphaMaxDeg(NaN, 6), 'headRadiusMm');
  });
});

describe('HIP-09 prosthetic-impingement ROM, right hip (tol 0.05°)', () => {
  it('motion-model checks of §3.5', () => {
    const down: Vec3 = [0, 0, -1];
    const f = matVec(femurRotation('R', 10, 0, 0), down);
    expect(f[1]).toBeCloseTo(-0.1736, 4);
    expect(f[2]).toBeCloseTo(-0.9848, 4);
    const a = matVec(femurRotation('R', 0, 10, 0), down);
    expect(a[0]).toBeCloseTo(-0.1736, 4);
    expect(a[2]).toBeCloseTo(-0.9848, 4);
    // Internal rotation turns the front of a right femur medially (+x).
    expect(matVec(femurRotation('R', 0, 0, 10), [0, -1, 0])[0]).toBeGreaterThan(0);
    const u0 = neutralNeckAxis('R', 15, 135);
    expect(Math.hypot(...u0)).toBeCloseTo(1, 15);
  });

  type Row = [number, number, number, number, number, number, number, number, number, number, number];
  // (RI, RA, stem AV, CCD, R, r) → flex, ext, IR@90, ER@0, abd
  const rows: Row[] = [
    [40, 15, 15, 135, 16, 6, 128.71, 61.13, 38.67, 70.53, 59.58],
    [40, 15, 15, 135, 14, 6, 123.34, 55.76, 33.93, 63.85, 55.91],
    [40, 15, 15, 135, 18, 6, 132.91, 65.33, 42.29, 75.9, 62.36],
    [45, 20, 10, 130, 16, 6.5, 140.1, 62.24, 39.99, 54.85, 56.42],
    [40, 5, 5, 135, 16, 6, 109.52, 86.52, 18.59, 98.36, 62.62],
    [50, 25, 15, 135, 16, 6, 151.35, 50.41, 58.17, 47.35, 65.48],
  ];
  it.each(rows)('RI %d RA %d AV %d CCD %d R %d r %d', (ri, ra, av, ccd, R, r, flex, ext, ir90, er, abd) => {
    const rom = prostheticImpingementRom({
      side: 'R',
      cup: { definition: 'radiographic', inclinationDeg: ri, anteversionDeg: ra },
      stemAnteversionDeg: av,
      ccdDeg: ccd,
      headRadiusMm: R,
      neckRadiusMm: r,
    });
    const l = rom.limits;
    expect(Math.abs((l.flexionDeg ?? NaN) - flex)).toBeLessThan(0.05);
    expect(Math.abs((l.extensionDeg ?? NaN) - ext)).toBeLessThan(0.05);
    expect(Math.abs((l.internalRotationAt90FlexionDeg ?? NaN) - ir90)).toBeLessThan(0.05);
    expect(Math.abs((l.externalRotationAt0Deg ?? NaN) - er)).toBeLessThan(0.05);
    expect(Math.abs((l.abductionDeg ?? NaN) - abd)).toBeLessThan(0.05);
  });

  it('case 1: α_max 67.98°, neutral α 25.85°', () => {
    const rom = prostheticImpingementRom({
      side: 'R',
      cup: { definition: 'radiographic', inclinationDeg: 40, anteversionDeg: 15 },
      stemAnteversionDeg: 15,
      ccdDeg: 135,
      headRadiusMm: 16,
      neckRadiusMm: 6,
    });
    expect(Math.abs(rom.alphaMaxDeg - 67.98)).toBeLessThan(0.005);
    expect(Math.abs(rom.neutralAngleDeg - 25.85)).toBeLessThan(0.005);
  });

  it('low combined anteversion fails the ⚠ IR@90 ≥ 30° target', () => {
    const rom = prostheticImpingementRom({
      side: 'R',
      cup: { definition: 'radiographic', inclinationDeg: 40, anteversionDeg: 5 },
      stemAnteversionDeg: 5,
      ccdDeg: 135,
      headRadiusMm: 16,
      neckRadiusMm: 6,
    });
    const checks = checkRomTargets(rom.limits);
    const ir = checks.find((c) => c.motion === 'internalRotationAt90FlexionDeg');
    expect(ir?.met).toBe(false);
    expect(ir?.target.verified).toBe(false);
    expect(checks.find((c) => c.motion === 'flexionDeg')?.met).toBe(false); // 109.52 < 110
  });

  it('search: step then bisection to 0.01°, 0 when impinging at start, null when free', () => {
    const hit = firstContactDeg((t) => t >= 37.123);
    expect(Math.abs((hit ?? NaN) - 37.123)).toBeLessThan(0.01);
    expect(firstContactDeg(() => true)).toBe(0);
    expect(firstContactDeg(() => false)).toBeNull();
  });
});

describe('HIP-10 leg length and offset (exact)', () => {
  const input = hip10Input();
  it('ΔL_acet −3, ΔL_fem +6, ΔLL +3, ΔAO −4, ΔFO +5, ΔGO +1', () => {
    const r = legLengthAndOffsetChange(input);
    expect(r.acetabularLengthMm).toBeCloseTo(-3, 12);
    expect(r.femoralLengthMm).toBeCloseTo(6, 12);
    expect(r.legLengthMm).toBeCloseTo(3, 12);
    expect(r.nativeFemoralOffsetMm).toBeCloseTo(40, 12);
    expect(r.plannedFemoralOffsetMm).toBeCloseTo(45, 12);
    expect(r.femoralOffsetMm).toBeCloseTo(5, 12);
    expect(r.acetabularOffsetMm).toBeCloseTo(-4, 12);
    expect(r.globalOffsetMm).toBeCloseTo(1, 12);
    expect(r.legLengthWarning).toBe(false);
    expect(legLengthAndOffsetChange(input, { legLengthMm: 2 }).legLengthWarning).toBe(true);
  });
  it('bad input names the field', () => {
    expectBadArgument(() => legLengthAndOffsetChange({ ...input, plannedCorLps: [NaN, 5, 853] }), 'plannedCorLps');
    expectBadArgument(() => legLengthAndOffsetChange({ ...input, shaftAxis: { ...input.shaftAxis, directionProximal: [0, 0, 0] } }), 'shaftAxis.directionProximal');
    expectBadArgument(() => legLengthAndOffsetChange(input, { globalOffsetMm: -1 }), 'thresholds.globalOffsetMm');
  });
});

describe('HIP-11 canal fill', () => {
  it('16.0 / 13.5 → 84.4 % passes 80 %; 12.5 → 78.1 % fails', () => {
    const a = canalFill({ stem: 13.5, canal: 16 });
    expect(a.percent).toBeCloseTo(84.375, 12);
    expect(a.percent.toFixed(1)).toBe('84.4');
    expect(a.passes).toBe(true);
    const b = canalFill({ stem: 12.5, canal: 16 });
    expect(b.percent.toFixed(1)).toBe('78.1');
    expect(b.passes).toBe(false);
    expect(canalFill({ stem: 12.5, canal: 16, minRatio: 0.75 }).passes).toBe(true);
  });
  it('bad input names the field', () => {
    expectBadArgument(() => canalFill({ stem: 13.5, canal: 0 }), 'canal');
    expectBadArgument(() => canalFill({ stem: NaN, canal: 16 }), 'stem');
    expectBadArgument(() => canalFill({ stem: 13.5, canal: 16, minRatio: 80 }), 'minRatio');
  });
});

describe('combined anteversion (⚠ targets configurable)', () => {
  it('RA 15 + stem 15 = 30 (inside Dorr 25–50); Widmer 15 + 10.5 = 25.5', () => {
    const r = combinedAnteversion({ definition: 'radiographic', inclinationDeg: 40, anteversionDeg: 15 }, 15);
    expect(r.combinedDeg).toBeCloseTo(30, 12);
    expect(r.withinCombinedTarget).toBe(true);
    expect(r.widmerDeg).toBeCloseTo(25.5, 12);
    expect(r.widmerDifferenceDeg).toBeCloseTo(-11.5, 12);
    const low = combinedAnteversion({ definition: 'radiographic', inclinationDeg: 40, anteversionDeg: 5 }, 5);
    expect(low.withinCombinedTarget).toBe(false);
    const op = combinedAnteversion({ definition: 'radiographic', inclinationDeg: 40, anteversionDeg: 15 }, 15, {
      ...DEFAULT_COMBINED_ANTEVERSION_TARGETS,
      cupDefinition: 'operative',
    });
    expect(op.combinedDeg).toBeCloseTo(19.279 + 15, 3);
    expectBadArgument(() => combinedAnteversion({ definition: 'radiographic', inclinationDeg: 40, anteversionDeg: 15 }, NaN), 'stemAnteversionDeg');
  });
});
