import { describe, expect, it } from 'vitest';
import { DEFAULT_KNEE_CUTS, type KneeCutMetrics } from '../../../src/planning/kneePlanModel';
import { kneeFormValues, kneeMetricRows, readKneeForm } from '../../../src/ui/logic/kneePlanForms';

describe('knee plan form (pure)', () => {
  it('round-trips the defaults and reads typed values', () => {
    const v = kneeFormValues(DEFAULT_KNEE_CUTS);
    expect(v).toEqual({ 'tibia-depth': '9', 'tibia-varus': '0', 'tibia-slope': '0', 'femur-depth': '9', 'femur-varus': '0', 'femur-valgus': '6' });
    const r = readKneeForm({ ...v, 'tibia-depth': ' 12 ', 'tibia-slope': '3' });
    expect(r).toEqual({ ok: true, params: { tibia: { depthMm: 12, varusValgusDeg: 0, posteriorSlopeDeg: 3 }, femur: { depthMm: 9, varusValgusDeg: 0, valgusAngleDeg: 6 } } });
  });

  it('names the field of an empty, non-numeric or out-of-range value', () => {
    const v = kneeFormValues(DEFAULT_KNEE_CUTS);
    expect(readKneeForm({ ...v, 'femur-depth': '' })).toEqual({ ok: false, field: 'femur-depth', message: 'Distal femoral cut depth (femur.depthMm): must be a number, got ""' });
    expect(readKneeForm({ ...v, 'tibia-slope': 'abc' })).toMatchObject({ ok: false, field: 'tibia-slope' });
    expect(readKneeForm({ ...v, 'tibia-depth': '45' })).toEqual({ ok: false, field: 'tibia-depth', message: 'Tibial cut depth (tibia.depthMm: must be within [0, 30], got 45)' });
    expect(readKneeForm({ ...v, 'femur-valgus': '-1' })).toMatchObject({ ok: false, field: 'femur-valgus', message: /femur\.valgusAngleDeg: must be within \[0, 12\], got -1/ });
  });

  it('a missing metric is shown with its reason, never as 0; volumes say "computing…" until they arrive', () => {
    const no = (reason: string) => ({ available: false as const, reason });
    const m = { distalFemur: no('no femoral axis'), proximalTibia: no('landmark tibialKneeCentreRight missing'), posteriorCondylarAngle: no('x'), interEpicondylarWidthMm: { available: true as const, value: 72.04 }, hka: no('landmarks femoralHeadCentreRight, ankleCentreRight missing'), extensionGapMm: no('y') } as KneeCutMetrics;
    const rows = kneeMetricRows(m, null);
    const hka = rows.find((r) => r.id === 'hka')!;
    expect(hka).toEqual({ id: 'hka', label: 'HKA', text: '— (landmarks femoralHeadCentreRight, ankleCentreRight missing)', available: false, value: null });
    expect(rows.find((r) => r.id === 'femur-volume')!.text).toBe('— (no femoral axis)');
    expect(rows.find((r) => r.id === 'iew')).toMatchObject({ text: '72.0 mm', value: 72.04 });
  });
});
