import { describe, expect, it } from 'vitest';
import {
  FLR_THRESHOLDS, assessFlr, bsaDuBoisM2, bsaMostellerM2, flrRatio, meetsFlrThreshold, resolveTlv, tlvUrataMl, tlvVautheyMl,
} from '../../../../src/planning/liver/flr';
import { expectBadArgument, expectJumeauError } from '../../../helpers/expectError';

describe('LIV-01 BSA and standardised TLV', () => {
  it('175 cm, 75 kg → Mosteller 1.9094, DuBois 1.9031, Vauthey 1625.3, Urata 1350.8 mL', () => {
    const bsa = bsaMostellerM2(175, 75);
    expect(bsa).toBeCloseTo(1.9094, 4);
    expect(bsaDuBoisM2(175, 75)).toBeCloseTo(1.9031, 4);
    expect(Math.abs(tlvVautheyMl(bsa) - 1625.3)).toBeLessThan(0.1);
    expect(Math.abs(tlvUrataMl(bsa) - 1350.8)).toBeLessThan(0.1);
  });
  it('BSA 1.5 → 1106.5 mL; BSA 2.0 → 1740.2 mL (Vauthey)', () => {
    expect(Math.abs(tlvVautheyMl(1.5) - 1106.5)).toBeLessThan(0.1);
    expect(Math.abs(tlvVautheyMl(2.0) - 1740.2)).toBeLessThan(0.1);
  });
  it('reports which TLV was used', () => {
    const s = resolveTlv({ kind: 'standardized', heightCm: 175, weightKg: 75 });
    expect(s).toMatchObject({ kind: 'standardized', tlvFormula: 'vauthey', bsaFormula: 'mosteller' });
    expect(s.description).toMatch(/Vauthey/);
    const u = resolveTlv({ kind: 'standardized', heightCm: 175, weightKg: 75, tlvFormula: 'urata', bsaFormula: 'dubois' });
    expect(u.tlvMl).toBeCloseTo(706.2 * bsaDuBoisM2(175, 75) + 2.4, 9);
    const m = resolveTlv({ kind: 'measured', tlvCtMl: 1500, tumourVolumeMl: 100 });
    expect(m).toMatchObject({ kind: 'measured', tlvMl: 1400 });
    expect(m.description).toMatch(/measured/);
  });
});

describe('LIV-02 sFLR thresholds (TLV 1625.3 mL)', () => {
  const tlv = 1625.3;
  it('ratios', () => {
    expect(100 * flrRatio(350, tlv)).toBeCloseTo(21.53, 2);
    expect(100 * flrRatio(400, tlv)).toBeCloseTo(24.61, 2);
    expect(100 * flrRatio(500, tlv)).toBeCloseTo(30.76, 2);
    expect(100 * flrRatio(650, tlv)).toBeCloseTo(39.99, 2);
  });
  it('verdicts, no rounding at the boundary', () => {
    const t = FLR_THRESHOLDS;
    expect(meetsFlrThreshold(flrRatio(350, tlv), t.normal.threshold)).toBe(false);
    expect(meetsFlrThreshold(flrRatio(350, tlv), t.normal.alternatives[0])).toBe(true); // Kishi 20 %
    expect(meetsFlrThreshold(flrRatio(400, tlv), t.normal.threshold)).toBe(false);
    expect(meetsFlrThreshold(flrRatio(500, tlv), t.chemotherapy.threshold)).toBe(true);
    expect(meetsFlrThreshold(flrRatio(650, tlv), t.cirrhosis.threshold)).toBe(false); // 39.99 % fails 40 %
    expect(meetsFlrThreshold(0.4, t.cirrhosis.threshold)).toBe(true);
  });
  it('assessFlr with height/weight (175 cm, 75 kg) applies the table with sources', () => {
    const a = assessFlr({ flrVolumeMl: 650, tlv: { kind: 'standardized', heightCm: 175, weightKg: 75 }, condition: 'cirrhosis' });
    expect(a.ratio).toBeLessThan(0.4);
    expect(a.verdict).toMatchObject({ minRatio: 0.4, passes: false });
    expect(a.verdict.source).toMatch(/Azoulay/);
    expect(a.tlvUsed.kind).toBe('standardized');
    const n = assessFlr({ flrVolumeMl: 350, tlv: { kind: 'standardized', heightCm: 175, weightKg: 75 }, condition: 'normal' });
    expect(n.verdict).toMatchObject({ minRatio: 0.25, passes: false });
    expect(n.verdict.source).toMatch(/Vauthey/);
    expect(n.alternatives[0]).toMatchObject({ minRatio: 0.2, passes: true });
    expect(n.alternatives[0].source).toMatch(/Kishi/);
    const c = assessFlr({ flrVolumeMl: 500, tlv: { kind: 'standardized', heightCm: 175, weightKg: 75 }, condition: 'chemotherapy' });
    expect(c.verdict).toMatchObject({ minRatio: 0.3, passes: true });
    expect(c.verdict.source).toMatch(/Shindoh/);
  });
  it('measured ratio = FLR / (TLV_CT − tumour)', () => {
    const a = assessFlr({ flrVolumeMl: 420, tlv: { kind: 'measured', tlvCtMl: 1500, tumourVolumeMl: 100 }, condition: 'chemotherapy' });
    expect(a.ratio).toBeCloseTo(0.3, 12);
    expect(a.verdict.passes).toBe(true);
    expect(a.tlvUsed).toMatchObject({ kind: 'measured', tlvCtMl: 1500, tumourVolumeMl: 100, tlvMl: 1400 });
  });
  it('a configurable table', () => {
    const table = { ...FLR_THRESHOLDS, normal: { label: 'normal', threshold: { minRatio: 0.2, source: 'Kishi (site policy)' }, alternatives: [] } };
    expect(assessFlr({ flrVolumeMl: 350, tlv: { kind: 'measured', tlvCtMl: 1625.3, tumourVolumeMl: 0 }, condition: 'normal', thresholds: table }).verdict.passes).toBe(true);
    expectBadArgument(() => assessFlr({ flrVolumeMl: 350, tlv: { kind: 'measured', tlvCtMl: 1625.3, tumourVolumeMl: 0 }, condition: 'normal', thresholds: { ...table, normal: { ...table.normal, threshold: { minRatio: 0.2, source: '' } } } }), 'thresholds.normal.threshold.source');
  });
});

describe('FLR input errors', () => {
  it('missing height or weight → MISSING_INPUT naming the field', () => {
    expectJumeauError(() => resolveTlv({ kind: 'standardized', weightKg: 75 }), 'MISSING_INPUT', { subject: 'heightCm' });
    expectJumeauError(() => resolveTlv({ kind: 'standardized', heightCm: 175, weightKg: null }), 'MISSING_INPUT', { subject: 'weightKg' });
    expectJumeauError(() => assessFlr({ flrVolumeMl: 500, tlv: { kind: 'standardized', heightCm: 175 }, condition: 'normal' }), 'MISSING_INPUT', { subject: 'weightKg' });
  });
  it('implausible values → BAD_ARGUMENT naming the field', () => {
    expectBadArgument(() => bsaMostellerM2(17, 75), 'heightCm');
    expectBadArgument(() => bsaMostellerM2(1750, 75), 'heightCm');
    expectBadArgument(() => bsaMostellerM2(1.75, 75), 'heightCm');
    expectBadArgument(() => bsaMostellerM2(175, 0), 'weightKg');
    expectBadArgument(() => bsaDuBoisM2(175, -70), 'weightKg');
    expectBadArgument(() => bsaMostellerM2(Number.NaN, 70), 'heightCm');
    expectBadArgument(() => resolveTlv({ kind: 'standardized', heightCm: 1750, weightKg: 75 }), 'heightCm');
    expectBadArgument(() => tlvVautheyMl(0), 'bsaM2');
    expectBadArgument(() => flrRatio(-1, 1000), 'flrVolumeMl');
    expectBadArgument(() => resolveTlv({ kind: 'measured', tlvCtMl: 1000, tumourVolumeMl: 1200 }), 'tlv.tumourVolumeMl');
    expectBadArgument(() => assessFlr({ flrVolumeMl: 1, tlv: { kind: 'measured', tlvCtMl: 10, tumourVolumeMl: 0 }, condition: 'steatosis' as never }), 'condition');
  });
});
