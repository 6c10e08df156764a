/**
 * Camera presets of the 3D twin view and the patient-direction letters of the screen edges (pure; no
 * Babylon). Angles are those of Babylon's ArcRotateCamera, whose position is
 * `target + r·(cos α sin β, cos β, sin α sin β)` in the engine frame (src/core/engineFrame.ts: x = patient
 * left, y = superior, z = posterior, left-handed), looking at the target.
 */
import { engineDirectionFromLps } from '../core/engineFrame';
import type { Vec3 } from '../core/vec3';
import { directionLetters, oppositeLetters } from '../ui/logic/orientation';

/** Named views, as a surgeon asks for them: from the front, from the patient's left side, … */
export type ViewPreset = 'anterior' | 'posterior' | 'left' | 'right' | 'superior' | 'inferior';

/** Camera angles (radians) of each preset. Superior/inferior stop short of the pole (the camera's up is engine +y). */
export const VIEW_PRESETS: Record<ViewPreset, { alpha: number; beta: number }> = {
  anterior: { alpha: -Math.PI / 2, beta: Math.PI / 2 }, // camera at −z: in front of the patient
  posterior: { alpha: Math.PI / 2, beta: Math.PI / 2 },
  left: { alpha: 0, beta: Math.PI / 2 }, // camera at +x: the patient's left side
  right: { alpha: Math.PI, beta: Math.PI / 2 },
  // From above (head end) and from below (feet, the radiological axial convention), anterior up.
  superior: { alpha: Math.PI / 2, beta: 0.001 },
  inferior: { alpha: -Math.PI / 2, beta: Math.PI - 0.001 },
};

/** The camera's screen-right and screen-up directions in LPS (unit vectors) for angles α, β. */
export function screenAxesLps(alpha: number, beta: number): { rightLps: Vec3; upLps: Vec3 } {
  // Engine frame: view direction d = −(cos α sin β, cos β, sin α sin β); up hint = +y.
  const d: Vec3 = [-Math.cos(alpha) * Math.sin(beta), -Math.cos(beta), -Math.sin(alpha) * Math.sin(beta)];
  // Left-handed engine: screen right = up × forward.
  const upHint: Vec3 = [0, 1, 0];
  let right: Vec3 = [upHint[1] * d[2] - upHint[2] * d[1], upHint[2] * d[0] - upHint[0] * d[2], upHint[0] * d[1] - upHint[1] * d[0]];
  const n = Math.hypot(...right) || 1;
  right = right.map((c) => c / n) as Vec3;
  const up: Vec3 = [d[1] * right[2] - d[2] * right[1], d[2] * right[0] - d[0] * right[2], d[0] * right[1] - d[1] * right[0]];
  // engineDirectionFromLps swaps y and z, so it is its own inverse.
  return { rightLps: engineDirectionFromLps(right), upLps: engineDirectionFromLps(up) };
}

/** Letters at the four screen edges for a camera at α, β ("L" on the right edge in an anterior view). */
export function edgeLetters(alpha: number, beta: number): { left: string; right: string; top: string; bottom: string } {
  const { rightLps, upLps } = screenAxesLps(alpha, beta);
  const right = directionLetters(rightLps);
  const top = directionLetters(upLps);
  return { left: oppositeLetters(right), right, top, bottom: oppositeLetters(top) };
}
