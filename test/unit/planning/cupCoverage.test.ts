// Cup coverage on analytic bones (0.5 mm grid): a half-space through the centre covers 100 %, one
// along the axis 50 %, a cap of height R/2 50 % (Archimedes: cap area ∝ height); the uncovered side is named.
import { describe, expect, it } from 'vitest';
import { cupCoverage } from '../../../src/planning/cupCoverage';
import { expectBadArgument, expectJumeauError } from '../../helpers/expectError';

const n = 121;
const spacing = 0.5;
const origin: [number, number, number] = [-30, -30, -30];
function bone(inside: (x: number, y: number, z: number) => boolean) {
  const data = new Uint8Array(n * n * n);
  for (let k = 0; k < n; k++) for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) if (inside(origin[0] + i * spacing, origin[1] + j * spacing, origin[2] + k * spacing)) data[i + n * (j + n * k)] = 3;
  return { size: [n, n, n] as [number, number, number], spacing: [spacing, spacing, spacing] as [number, number, number], origin, direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] as [number, number, number, number, number, number, number, number, number], data };
}
const cup = { boneLabel: 3, centreLps: [0, 0, 0] as [number, number, number], axisLps: [0, 0, 1] as [number, number, number], outerRadiusMm: 24 };

describe('cupCoverage', () => {
  it('matches the analytic shares of the dome', () => {
    expect(cupCoverage({ labels: bone((_x, _y, z) => z < 0.01), ...cup }).coveragePercent).toBeCloseTo(100, 6);
    const half = cupCoverage({ labels: bone((x) => x < 0), ...cup });
    expect(Math.abs(half.coveragePercent - 50)).toBeLessThan(1.5);
    const u = half.uncoveredDirectionLps!; // the uncovered quarter-sphere: toward +x and down the dome
    expect(u[0]).toBeCloseTo(Math.SQRT1_2, 1);
    expect(u[2]).toBeCloseTo(-Math.SQRT1_2, 1);
    expect(Math.abs(u[1])).toBeLessThan(0.02);
    const cap = cupCoverage({ labels: bone((_x, _y, z) => z < -12), ...cup });
    expect(Math.abs(cap.coveragePercent - 50)).toBeLessThan(1.5);
    const tilted = cupCoverage({ labels: bone((_x, _y, z) => z < 0.01), ...cup, axisLps: [1, 0, 1] }); // opening tilted 45°: 75 % of the dome below z = 0
    expect(Math.abs(tilted.coveragePercent - 75)).toBeLessThan(1.5);
  });

  it('refuses a bad radius or an absent bone label', () => {
    const b = bone((x) => x < 0);
    expectBadArgument(() => cupCoverage({ labels: b, ...cup, outerRadiusMm: 0 }), 'outerRadiusMm');
    expectJumeauError(() => cupCoverage({ labels: b, ...cup, boneLabel: 9 }), 'EMPTY_SEGMENT', { subject: 'boneLabel' });
  });
});
