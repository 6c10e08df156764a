/**
 * The commands both overlay panels (the in-headset Babylon GUI and the desktop DOM panel) send to the
 * page controller, and the steps they use (pure types and constants).
 */

/** Nudge step of one button press (mm) and rotation step (degrees). */
export const NUDGE_STEP_MM = 1;
export const ROTATE_STEP_DEG = 0.5;
/** Clip-plane step (mm). */
export const CLIP_STEP_MM = 5;

/** A nudge direction in patient terms: x (Left/Right), y (Posterior/Anterior), z (Superior/Inferior). */
export type NudgeAxis = 'x' | 'y' | 'z';

/** Patient-direction labels of the nudge buttons: [axis, sign, label]. */
export const NUDGE_BUTTONS: readonly [NudgeAxis, 1 | -1, string][] = [
  ['x', -1, 'R'],
  ['x', 1, 'L'],
  ['y', -1, 'A'],
  ['y', 1, 'P'],
  ['z', 1, 'S'],
  ['z', -1, 'I'],
];

/** Commands of the panels. */
export interface OverlayActions {
  undo(): void;
  /** Starts / stops tracing surface points with the trigger held. */
  toggleTrace(): void;
  refine(): void;
  /** Accept (lock) or unlock. */
  acceptOrUnlock(): void;
  /** Arms the next trigger press as a check-point touch. */
  toggleCheck(): void;
  nudge(axis: NudgeAxis, sign: 1 | -1): void;
  /** Rotates about the patient's superior axis through the target. */
  rotate(sign: 1 | -1): void;
  toggleSegment(name: string): void;
  changeOpacity(delta: number): void;
  toggleOutline(): void;
  toggleClip(): void;
  moveClip(deltaMm: number): void;
  exitXr(): void;
}
