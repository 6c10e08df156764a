// The ROM chart's bars: lengths proportional to the limits on a fixed 0–180° scale, target ticks, red when short, "free" without contact.
import { describe, expect, it } from 'vitest';
import { checkRomTargets } from '../../../src/planning/romTargets';
import { DEFAULT_ROM_LAYOUT, romChartBars } from '../../../src/ui/logic/romChart';

describe('romChartBars', () => {
  it('draws limits, targets and status', () => {
    const limits = { flexionDeg: 90, extensionDeg: null, internalRotationAt90FlexionDeg: 45, externalRotationAt0Deg: 20, abductionDeg: 200, adductionDeg: 30 };
    const bars = romChartBars(limits, checkRomTargets(limits));
    const by = Object.fromEntries(bars.map((b) => [b.motion, b]));
    expect(by.flexionDeg.width).toBeCloseTo(100, 9); // 90° of 180° over 200 px
    expect(by.flexionDeg.status).toBe('short'); // target 110°
    expect(by.flexionDeg.targetX).toBeCloseTo(DEFAULT_ROM_LAYOUT.x0 + (110 / 180) * 200, 9);
    expect(by.extensionDeg.valueText).toBe('free');
    expect(by.extensionDeg.status).toBe('met');
    expect(by.abductionDeg.width).toBe(200); // clipped to the axis
    expect(by.internalRotationAt90FlexionDeg.targetText).toMatch(/unverified/);
    expect(by.adductionDeg.status).toBe('none');
    expect(bars.map((b) => b.y)).toEqual([0, 22, 44, 66, 88, 110]);
  });
});
