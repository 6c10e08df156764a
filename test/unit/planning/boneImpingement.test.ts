/**
 * Volume-based impingement detector (brief §3.5 bony/implant–bone impingement) validated against the
 * analytic HIP-09 model on the same geometry as volumes/points: liner shell rasterised at 0.25 mm →
 * `signedDistanceMm`; neck = cylinder points every 0.5 mm along and 5° around. Plus HIP-12 mirror
 * symmetry, a rotated motion frame, and typed errors.
 */
import { describe, expect, it } from 'vitest';
import type { LinerGeometry } from './boneImpingementFixtures';
import { linerGeometry } from './boneImpingementFixtures';
import { expectBadArgument } from '../../helpers/expectError';
import type { PointLps, Vec3 } from '../../../src/core/vec3';
import { volumeImpingementRom } from '../../../src/planning/boneImpingement';
import type { Mat3 } from '../../../src/planning/geometry';
import { matVec, mirrorX, rotationX, rotationZ, matMul } from '../../../src/planning/geometry';
import type { RomMotion } from '../../../src/planning/impingement';
import { prostheticImpingementRom, ROM_MOTIONS } from '../../../src/planning/impingement';
import { clearSphereInMask, createSdfSampler } from '../../../src/planning/sdfSampler';
import { createMask } from '../../../src/segmentation/labelmap';

const COR: PointLps = [-95, 5, 850];
const FIVE: RomMotion[] = ['flexionDeg', 'extensionDeg', 'internalRotationAt90FlexionDeg', 'externalRotationAt0Deg', 'abductionDeg'];
const ROWS = [16, 14, 18].map((R) => ({ ri: 40, ra: 15, av: 15, ccd: 135, R, r: 6 }));

const detect = (g: LinerGeometry, side: 'L' | 'R', centre: PointLps, thr: number, motions: readonly RomMotion[] = FIVE) =>
  volumeImpingementRom({ side, movingPointsLps: g.neckPointsLps, fixedSdf: g.sdf, centreOfRotationLps: centre, contactThresholdMm: thr, exclusionRadiusMm: 0, motions });

describe('volume-based detector vs analytic HIP-09 (rows 1–3)', () => {
  it.each(ROWS)('R $R mm: touching (threshold 0) agrees within ±1.5°; the default 0.5 mm clearance is earlier', (row) => {
    const g = linerGeometry(row, 'R', COR);
    const analytic = prostheticImpingementRom({
      side: 'R',
      cup: { definition: 'radiographic', inclinationDeg: row.ri, anteversionDeg: row.ra },
      stemAnteversionDeg: row.av,
      ccdDeg: row.ccd,
      headRadiusMm: row.R,
      neckRadiusMm: row.r,
    }).limits;
    const touch = detect(g, 'R', COR, 0);
    const clear = detect(g, 'R', COR, 0.5);
    expect(clear.contactThresholdMm).toBe(0.5);
    expect(touch.pointsTested).toBe(g.neckPointsLps.length);
    for (const m of FIVE) {
      const a = analytic[m] as number;
      const c = touch.contacts[m];
      const d0 = (c?.limitDeg ?? NaN) - a;
      const d5 = (clear.contacts[m]?.limitDeg ?? NaN) - a;
      // Measured (0.25 mm grid, 0.5 mm × 5° samples): threshold 0 → +0.16…+0.86°; 0.5 mm → −1.60…−3.22°.
      expect(Math.abs(d0), `${m} threshold 0: Δ ${d0.toFixed(2)}°`).toBeLessThanOrEqual(1.5);
      expect(d5, `${m} threshold 0.5: Δ ${d5.toFixed(2)}°`).toBeLessThan(0);
      expect(d5).toBeGreaterThan(-3.5);
      // The touching point is on the rim circle: |p − c| ≈ R, on the rim plane.
      const p = c?.point?.atContactLps as Vec3;
      const rel: Vec3 = [p[0] - COR[0], p[1] - COR[1], p[2] - COR[2]];
      expect(Math.abs(Math.hypot(...rel) - row.R)).toBeLessThan(0.35);
      expect(Math.abs(rel[0] * g.cupAxis[0] + rel[1] * g.cupAxis[1] + rel[2] * g.cupAxis[2])).toBeLessThan(0.35);
      // The returned angle is the last bracket's midpoint (≤ 0.005° before contact): SDF ≈ threshold.
      expect(Math.abs(c?.point?.sdfMm ?? NaN)).toBeLessThan(0.05);
      if (process.env.JUMEAU_PRINT_ROM) console.log(`R ${row.R} ${m}: analytic ${a.toFixed(2)} Δ(thr 0) ${d0.toFixed(2)} Δ(thr 0.5) ${d5.toFixed(2)}`);
    }
  });
});

describe('HIP-12 mirror symmetry and frames', () => {
  const row = ROWS[0];
  const right = linerGeometry(row, 'R', COR);
  const left = linerGeometry(row, 'L', mirrorX(COR));
  const r = detect(right, 'R', COR, 0.5, ROM_MOTIONS);

  it('mirrored geometry with side L gives the same limits and mirrored contact points', () => {
    const l = detect(left, 'L', mirrorX(COR), 0.5, ROM_MOTIONS);
    for (const m of ROM_MOTIONS) {
      const a = r.contacts[m];
      const b = l.contacts[m];
      if (a?.limitDeg === null || b?.limitDeg === null) expect(b?.limitDeg).toBe(a?.limitDeg);
      else expect(Math.abs((a?.limitDeg ?? NaN) - (b?.limitDeg ?? NaN))).toBeLessThan(1e-9);
      expect(b?.point?.index).toBe(a?.point?.index);
      const pa = a?.point?.atContactLps as Vec3;
      const pb = b?.point?.atContactLps as Vec3;
      expect(Math.hypot(...mirrorX(pa).map((v, n) => v - pb[n]))).toBeLessThan(1e-9);
    }
  });

  it('a rotated motion frame with the geometry rotated into it gives the same limits', () => {
    const Q: Mat3 = matMul(rotationZ(0.3), rotationX(-0.2)); // columns = frame axes in LPS
    const rot = (p: PointLps): PointLps => {
      const v = matVec(Q, [p[0] - COR[0], p[1] - COR[1], p[2] - COR[2]]);
      return [COR[0] + v[0], COR[1] + v[1], COR[2] + v[2]];
    };
    const dir = right.sdf.direction;
    const cols = [0, 1, 2].map((c) => matVec(Q, [dir[3 * c], dir[3 * c + 1], dir[3 * c + 2]]));
    const sdf = { ...right.sdf, origin: rot(right.sdf.origin), direction: cols.flat() as typeof dir };
    const q = volumeImpingementRom({
      side: 'R',
      movingPointsLps: right.neckPointsLps.map(rot),
      fixedSdf: sdf,
      centreOfRotationLps: COR,
      frame: { xLps: [Q[0][0], Q[1][0], Q[2][0]], yLps: [Q[0][1], Q[1][1], Q[2][1]], zLps: [Q[0][2], Q[1][2], Q[2][2]] },
      exclusionRadiusMm: 0,
    });
    for (const m of ROM_MOTIONS) expect(Math.abs((q.contacts[m]?.limitDeg ?? NaN) - (r.contacts[m]?.limitDeg ?? NaN))).toBeLessThan(0.011);
  });

  it('exclusion sphere: moving points within the radius are ignored (R + 2 mm removes the rim contact)', () => {
    const ex = volumeImpingementRom({ side: 'R', movingPointsLps: right.neckPointsLps, fixedSdf: right.sdf, centreOfRotationLps: COR, exclusionRadiusMm: row.R + 2, motions: ['flexionDeg'] });
    expect(ex.pointsExcluded).toBeGreaterThan(0);
    expect(ex.pointsTested + ex.pointsExcluded).toBe(right.neckPointsLps.length);
    expect(ex.contacts.flexionDeg?.limitDeg ?? 999).toBeGreaterThan((r.contacts.flexionDeg?.limitDeg ?? NaN) + 1);
  });

  it('trilinear look-up is exact on a linear field; outside the grid is +∞; clearSphereInMask', () => {
    const g = { size: [4, 5, 6] as [number, number, number], spacing: [0.5, 1, 2] as Vec3, origin: [10, 20, 30] as Vec3, direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] as [number, number, number, number, number, number, number, number, number] };
    const data = new Float32Array(120);
    for (let k = 0, n = 0; k < 6; k++) for (let j = 0; j < 5; j++) for (let i = 0; i < 4; i++, n++) data[n] = 10 + 0.5 * i * 2 - 3 * j + 0.25 * k * 2;
    const s = createSdfSampler({ ...g, data });
    // value = 10 + 2·(x − 10) − 3·(y − 20) + 0.25·(z − 30) at LPS (x, y, z).
    expect(s.atLps([10.6, 21.3, 33.1])).toBeCloseTo(10 + 1.2 - 3.9 + 0.775, 5);
    expect(s.atLps([9.9, 21, 31])).toBe(Infinity);
    const mask = createMask(g, new Uint8Array(120).fill(1));
    const cleared = clearSphereInMask(mask, [10, 20, 30], 1.01);
    expect(cleared.data.reduce((a, b) => a + b, 0)).toBe(120 - 4); // (0,0,0), (1,0,0), (2,0,0), (0,1,0)
    expect(mask.data[0]).toBe(1);
  });
});

describe('volumeImpingementRom bad input names the field', () => {
  const g = linerGeometry({ ri: 40, ra: 15, av: 15, ccd: 135, R: 14, r: 6 }, 'R', COR, { spacingMm: 1 });
  const base = { side: 'R' as const, movingPointsLps: g.neckPointsLps, fixedSdf: g.sdf, centreOfRotationLps: COR, exclusionRadiusMm: 0 };
  it('throws BAD_ARGUMENT', () => {
    expectBadArgument(() => volumeImpingementRom({ ...base, movingPointsLps: [] }), 'movingPointsLps');
    expectBadArgument(() => volumeImpingementRom({ ...base, movingPointsLps: [[0, 0, 0], [NaN, 0, 0]] }), 'movingPointsLps[1]');
    expectBadArgument(() => volumeImpingementRom({ ...base, fixedSdf: { ...g.sdf, data: undefined as unknown as Float32Array } }), 'fixedSdf.data');
    expectBadArgument(() => volumeImpingementRom({ ...base, fixedSdf: { ...g.sdf, data: new Float32Array(3) } }), 'fixedSdf.data');
    expectBadArgument(() => volumeImpingementRom({ ...base, centreOfRotationLps: [NaN, 5, 850] }), 'centreOfRotationLps');
    expectBadArgument(() => volumeImpingementRom({ ...base, contactThresholdMm: NaN }), 'contactThresholdMm');
    expectBadArgument(() => volumeImpingementRom({ ...base, exclusionRadiusMm: -1 }), 'exclusionRadiusMm');
    expectBadArgument(() => volumeImpingementRom({ ...base, exclusionRadiusMm: 1000 }), 'movingPointsLps');
    expectBadArgument(() => volumeImpingementRom({ ...base, frame: { xLps: [1, 0, 0], yLps: [0, 0, 1], zLps: [0, 1, 0] } }), 'frame');
    expectBadArgument(() => volumeImpingementRom({ ...base, side: 'X' as 'L' }), 'side');
    expectBadArgument(() => volumeImpingementRom({ ...base, motions: ['flexionDeg', 'twist' as RomMotion] }), 'motions[1]');
  });
});
