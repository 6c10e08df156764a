// Hand-pinch detection: distance and midpoint in the right units, the hysteresis state machine (one
// pick per pinch even with jitter across a threshold), tracking loss, and bad thresholds refused.
import { describe, expect, it } from 'vitest';
import { PINCH_RELEASE_MM, PINCH_START_MM, PinchDetector, pinchDistanceMm, pinchPointXrM } from '../../../src/xr/pinch';
import { expectBadArgument } from '../../helpers/expectError';

describe('pinch geometry', () => {
  it('measures the thumb–index distance in mm from XR metres and picks their midpoint', () => {
    const thumb: [number, number, number] = [0.1, 1.0, -0.3];
    const index: [number, number, number] = [0.112, 1.009, -0.3]; // 12 mm, 9 mm apart → 15 mm
    expect(pinchDistanceMm(thumb, index)).toBeCloseTo(15, 9);
    const mid = pinchPointXrM(thumb, index);
    expect(mid[0]).toBeCloseTo(0.106, 12);
    expect(mid[1]).toBeCloseTo(1.0045, 12);
    expect(mid[2]).toBeCloseTo(-0.3, 12);
  });
});

describe('PinchDetector', () => {
  it('starts under 15 mm, holds through the 15–25 mm band, ends over 25 mm', () => {
    expect([PINCH_START_MM, PINCH_RELEASE_MM]).toEqual([15, 25]);
    const d = new PinchDetector();
    const seq = [94, 40, 20, 15, 14.99, 20, 24.99, 25, 10, 25.01, 20, 15, 14.5, 30];
    const out = seq.map((x) => d.update(x));
    expect(out).toEqual([null, null, null, null, 'start', null, null, null, null, 'end', null, null, 'start', 'end']);
    expect(d.pinching).toBe(false);
  });

  it('gives one start for a jittery closing hand where a single threshold would give many', () => {
    // Distance closes from 40 to 12 mm with ±4 mm alternating jitter, then opens to 40 mm.
    const closing = Array.from({ length: 30 }, (_, i) => 40 - i + (i % 2 ? 4 : -4));
    const opening = Array.from({ length: 30 }, (_, i) => 12 + i + (i % 2 ? 4 : -4));
    const signal = [...closing, ...opening];
    const d = new PinchDetector();
    const events = signal.map((x) => d.update(x)).filter(Boolean);
    expect(events).toEqual(['start', 'end']);
    // The same signal against one 15 mm threshold crosses it several times.
    let crossings = 0;
    for (let i = 1; i < signal.length; i++) if (signal[i - 1] >= 15 && signal[i] < 15) crossings++;
    expect(crossings).toBeGreaterThan(2);
  });

  it('ends a pinch when the hand is lost, and a lost hand that was not pinching says nothing', () => {
    const d = new PinchDetector();
    expect(d.update(null)).toBe(null);
    expect(d.update(5)).toBe('start');
    expect(d.update(null)).toBe('end');
    expect(d.update(Number.NaN)).toBe(null);
    expect(d.update(5)).toBe('start');
    d.reset();
    expect(d.pinching).toBe(false);
    expect(d.update(5)).toBe('start');
  });

  it('takes other thresholds and refuses crossed or non-positive ones', () => {
    const d = new PinchDetector(10, 12);
    expect([d.update(11), d.update(9.9), d.update(11.9), d.update(12.1)]).toEqual([null, 'start', null, 'end']);
    expectBadArgument(() => new PinchDetector(0, 10), 'startMm');
    expectBadArgument(() => new PinchDetector(20, 20), 'releaseMm');
    expectBadArgument(() => new PinchDetector(20, Number.NaN), 'releaseMm');
  });
});
