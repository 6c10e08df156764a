// The 3D view's presets put the patient where a surgeon expects, and the edge letters say so.
import { describe, expect, it } from 'vitest';
import { VIEW_PRESETS, edgeLetters, screenAxesLps } from '../../../src/scene/viewPresets';

const letters = (p: keyof typeof VIEW_PRESETS) => edgeLetters(VIEW_PRESETS[p].alpha, VIEW_PRESETS[p].beta);

describe('3D view presets', () => {
  it('anterior view: patient left on screen right, superior up (as facing the patient)', () => {
    expect(letters('anterior')).toEqual({ left: 'R', right: 'L', top: 'S', bottom: 'I' });
    const { rightLps, upLps } = screenAxesLps(VIEW_PRESETS.anterior.alpha, VIEW_PRESETS.anterior.beta);
    expect(rightLps[0]).toBeCloseTo(1, 12);
    expect(upLps[2]).toBeCloseTo(1, 12);
  });
  it('posterior: patient left on screen left; lateral views; superior and inferior with anterior up', () => {
    expect(letters('posterior')).toEqual({ left: 'L', right: 'R', top: 'S', bottom: 'I' });
    expect(letters('left')).toEqual({ left: 'A', right: 'P', top: 'S', bottom: 'I' });
    expect(letters('right')).toEqual({ left: 'P', right: 'A', top: 'S', bottom: 'I' });
    // From the head end, anterior up: looking along −S with up = A, screen right = (−S) × (−P) = R.
    expect(letters('superior')).toEqual({ left: 'L', right: 'R', top: 'A', bottom: 'P' });
    // From the feet, anterior up: the radiological axial convention (patient right on screen left).
    expect(letters('inferior')).toEqual({ left: 'R', right: 'L', top: 'A', bottom: 'P' });
  });
});
