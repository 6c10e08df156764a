/**
 * Patient-direction letters for display (pure). The DICOM patient frame is LPS: +x → Left,
 * +y → Posterior, +z → Superior.
 */
import type { Vec3 } from '../../core/vec3';

const AXIS_LETTERS: [string, string][] = [['L', 'R'], ['P', 'A'], ['S', 'I']];

/**
 * The letters of the patient directions a unit vector points to, strongest first: `[1,0,0]` → "L",
 * `[0,-1,0]` → "A", an oblique `[0.8,-0.6,0]` → "LA". Components weaker than `minComponent` (default
 * 0.25, about 15° of obliquity) are left out, so a slightly tilted axis still reads as one letter.
 */
export function directionLetters(v: Readonly<Vec3>, minComponent = 0.25): string {
  const order = [0, 1, 2].sort((a, b) => Math.abs(v[b]) - Math.abs(v[a]));
  let out = '';
  for (const a of order) {
    if (Math.abs(v[a]) < minComponent && out) continue;
    if (Math.abs(v[a]) < 1e-9) continue;
    out += AXIS_LETTERS[a][v[a] >= 0 ? 0 : 1];
  }
  return out || '?';
}

/** The opposite direction's letters (`"LA"` → `"RP"`). */
export function oppositeLetters(letters: string): string {
  const opp: Record<string, string> = { L: 'R', R: 'L', P: 'A', A: 'P', S: 'I', I: 'S' };
  return [...letters].map((c) => opp[c] ?? c).join('');
}

/** Patient-direction letters at the four screen edges of a view. */
export interface EdgeLetters { left: string; right: string; top: string; bottom: string }

/**
 * Edge letters of a VTK/Cornerstone camera from its view-up and view-plane normal (the normal points
 * from the focal point toward the camera). Screen right = viewUp × viewPlaneNormal, so Cornerstone's
 * default axial camera (normal (0,0,−1), up (0,−1,0)) puts patient Left on the right and Anterior at
 * the top: the radiological convention.
 */
export function mprEdgeLetters(viewUp: Readonly<Vec3>, viewPlaneNormal: Readonly<Vec3>): EdgeLetters {
  const [u, n] = [viewUp, viewPlaneNormal];
  const right: Vec3 = [u[1] * n[2] - u[2] * n[1], u[2] * n[0] - u[0] * n[2], u[0] * n[1] - u[1] * n[0]];
  const r = directionLetters(right);
  const t = directionLetters(u);
  return { left: oppositeLetters(r), right: r, top: t, bottom: oppositeLetters(t) };
}
