// Edge letters of the MPR viewports from the camera (Cornerstone's default cameras, and a flipped one):
// a wrong cross-product order would put the patient's left on the screen left.
import { describe, expect, it } from 'vitest';
import { mprEdgeLetters } from '../../../src/ui/logic/orientation';

describe('mprEdgeLetters', () => {
  it('reads Cornerstone default cameras in the radiological convention', () => {
    expect(mprEdgeLetters([0, -1, 0], [0, 0, -1])).toEqual({ left: 'R', right: 'L', top: 'A', bottom: 'P' }); // axial
    expect(mprEdgeLetters([0, 0, 1], [0, -1, 0])).toEqual({ left: 'R', right: 'L', top: 'S', bottom: 'I' }); // coronal
    expect(mprEdgeLetters([0, 0, 1], [1, 0, 0])).toEqual({ left: 'A', right: 'P', top: 'S', bottom: 'I' }); // sagittal
  });

  it('follows a flipped or oblique camera', () => {
    expect(mprEdgeLetters([0, -1, 0], [0, 0, 1])).toEqual({ left: 'L', right: 'R', top: 'A', bottom: 'P' }); // axial seen from above
    const c = Math.SQRT1_2;
    expect(mprEdgeLetters([0, 0, 1], [c, -c, 0]).right).toBe('LP'); // oblique sagittal-coronal
  });
});
