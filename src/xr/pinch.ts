/**
 * Hand-pinch detection for picking with a tracked hand (pure: no Babylon, no DOM). A pinch is the
 * thumb tip closing onto the index-finger tip: it STARTS when their distance falls below
 * {@link PINCH_START_MM} and ENDS only when it rises above {@link PINCH_RELEASE_MM} (hysteresis: the
 * 10 mm band between absorbs hand-tracking jitter, so one pinch is one pick, never a burst).
 *
 * The tool-tip point of a pinch is the MIDPOINT of the thumb and index tips at the frame the pinch
 * starts: both fingers move towards each other while closing, so their midpoint moves least (the
 * index tip alone travels ≈ half the closing distance), and it is where the user sees the fingers
 * meet — "pinch the landmark". Joint positions are joint centres (≈ 7–9 mm under the skin of the
 * fingertip on a Quest), so the pinch point sits that much above a touched surface; hand tracking is
 * also less precise than a controller, which is why the FLE to set for hand picks is larger (say 3–5 mm).
 */
import { JumeauError } from '../core/errors';
import type { PointXrM } from './frames';

/** Thumb–index distance under which a pinch starts (mm). */
export const PINCH_START_MM = 15;
/** Thumb–index distance over which a pinch ends (mm). */
export const PINCH_RELEASE_MM = 25;

/** Distance between two points in XR metres, in millimetres. */
export function pinchDistanceMm(thumbTipXrM: PointXrM, indexTipXrM: PointXrM): number {
  return 1000 * Math.hypot(thumbTipXrM[0] - indexTipXrM[0], thumbTipXrM[1] - indexTipXrM[1], thumbTipXrM[2] - indexTipXrM[2]);
}

/** The pick point of a pinch: midpoint of the thumb and index tips (XR metres). */
export function pinchPointXrM(thumbTipXrM: PointXrM, indexTipXrM: PointXrM): PointXrM {
  return [(thumbTipXrM[0] + indexTipXrM[0]) / 2, (thumbTipXrM[1] + indexTipXrM[1]) / 2, (thumbTipXrM[2] + indexTipXrM[2]) / 2];
}

/** What one update of a {@link PinchDetector} says. */
export type PinchEvent = 'start' | 'end' | null;

/** A pinch state machine with hysteresis, one per hand. */
export class PinchDetector {
  private on = false;

  /**
   * @param startMm - distance under which a pinch starts (default 15)
   * @param releaseMm - distance over which it ends (default 25; must be greater than `startMm`)
   * @throws JumeauError BAD_ARGUMENT (subject 'startMm' / 'releaseMm') for non-positive or crossed thresholds
   */
  constructor(readonly startMm = PINCH_START_MM, readonly releaseMm = PINCH_RELEASE_MM) {
    if (!(Number.isFinite(startMm) && startMm > 0)) throw new JumeauError('BAD_ARGUMENT', 'the pinch start distance must be a positive number of millimetres', { subject: 'startMm' });
    if (!(Number.isFinite(releaseMm) && releaseMm > startMm)) {
      throw new JumeauError('BAD_ARGUMENT', `the pinch release distance must be greater than the start distance (${startMm} mm)`, { subject: 'releaseMm' });
    }
  }

  /** Whether the hand is pinching now. */
  get pinching(): boolean {
    return this.on;
  }

  /**
   * Feeds the thumb–index distance of this frame (mm), or null when the hand is not tracked (a lost
   * hand ends its pinch: the pinch cannot be trusted through a tracking gap).
   * @returns 'start' on the frame a pinch starts, 'end' on the frame it ends, else null
   */
  update(distanceMm: number | null): PinchEvent {
    if (distanceMm === null || !Number.isFinite(distanceMm)) {
      if (!this.on) return null;
      this.on = false;
      return 'end';
    }
    if (!this.on && distanceMm < this.startMm) {
      this.on = true;
      return 'start';
    }
    if (this.on && distanceMm > this.releaseMm) {
      this.on = false;
      return 'end';
    }
    return null;
  }

  /** Forgets the state (session ended). */
  reset(): void {
    this.on = false;
  }
}
