// Automatic tibial landmarks, the proximal tibial cut on a mask, and the slice-hull envelope, on
// synthetic bones with known geometry (brief §4.1–4.2, KNEE-03 conventions).
import { beforeAll, describe, expect, it } from 'vitest';
import type { Vec3 } from '../../../src/core/vec3';
import { dot, normalize, sub } from '../../../src/core/vec3';
import { sliceHullEnvelope } from '../../../src/planning/boneEnvelope';
import { angleBetweenRad, matVec, rotationX, rotationY, matMul } from '../../../src/planning/geometry';
import type { TibiaProposal } from '../../../src/planning/proposeTibia';
import { correctTibiaLandmark, proposeTibiaLandmarks } from '../../../src/planning/proposeTibia';
import { splitMaskByPlane, tibialResection } from '../../../src/planning/tibialResection';
import { buildKneePhantom, KNEE_LABELS } from '../../../src/samples/kneePhantom';
import type { Mask } from '../../../src/segmentation/labelmap';
import { createMask, maskOfLabel } from '../../../src/segmentation/labelmap';
import { expectBadArgument, expectJumeauError } from '../../helpers/expectError';

const deg = (a: Vec3, b: Vec3) => (angleBetweenRad(a, b) * 180) / Math.PI;
const dist = (a: Vec3, b: Vec3) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

/** A mask on an identity-direction grid from an inside(x, y, z) test at voxel centres (LPS mm). */
function rasterise(origin: Vec3, size: [number, number, number], spacing: Vec3, inside: (p: Vec3) => boolean): Mask {
  const mask = createMask({ size, spacing, origin, direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] });
  for (let k = 0, q = 0; k < size[2]; k++) {
    for (let j = 0; j < size[1]; j++) {
      for (let i = 0; i < size[0]; i++, q++) {
        if (inside([origin[0] + i * spacing[0], origin[1] + j * spacing[1], origin[2] + k * spacing[2]])) mask.data[q] = 1;
      }
    }
  }
  return mask;
}

/** The mirror-image patient (x → −x): flips i and mirrors the origin, so voxel centres map exactly. */
function mirrored(m: Mask): Mask {
  const [ni, nj, nk] = m.size;
  const out = createMask({ ...m, origin: [-(m.origin[0] + (ni - 1) * m.spacing[0]), m.origin[1], m.origin[2]] });
  for (let k = 0; k < nk; k++) for (let j = 0; j < nj; j++) for (let i = 0; i < ni; i++) out.data[ni - 1 - i + ni * (j + nj * k)] = m.data[i + ni * (j + nj * k)];
  return out;
}

/** Slices k0 … k1−1 of a mask as a new grid (the scan ends there). */
function cropK(m: Mask, k0: number, k1: number): Mask {
  const [ni, nj] = m.size;
  const out = createMask({ ...m, size: [ni, nj, k1 - k0], origin: [m.origin[0], m.origin[1], m.origin[2] + k0 * m.spacing[2]] });
  out.data.set(m.data.subarray(ni * nj * k0, ni * nj * k1));
  return out;
}

// Synthetic RIGHT tibia in a local frame (x medial, y posterior, z proximal, mm): shaft r 12 (z 40–335),
// proximal block ellipse 38 × 26 (z 320–360) with spherical dishes (R 30) whose bottoms are medial
// (19, 0, 357) and, shallower, lateral (−19, 0, 358.5), an eminence (semi-axes 5, 8, 8) to z 368, distal block ellipse 25 × 20 (z 30–55)
// whose flat underside z = 30 is the plafond, a medial malleolus to z 18, and optionally a talus dome
// (top z 27) joined by a bridge. Placed with a rotation and offset so the axis is oblique to the grid.
const ROT = matMul(rotationY((6 * Math.PI) / 180), rotationX((-4 * Math.PI) / 180));
const OFFSET: Vec3 = [-90, 10, -200];
const toLps = (p: Vec3): Vec3 => { const r = matVec(ROT, p); return [r[0] + OFFSET[0], r[1] + OFFSET[1], r[2] + OFFSET[2]]; };
const toLocal = (p: Vec3): Vec3 => {
  const d = sub(p, OFFSET);
  return [ROT[0][0] * d[0] + ROT[1][0] * d[1] + ROT[2][0] * d[2], ROT[0][1] * d[0] + ROT[1][1] * d[1] + ROT[2][1] * d[2], ROT[0][2] * d[0] + ROT[1][2] * d[1] + ROT[2][2] * d[2]];
};
function insideTibia(x: number, y: number, z: number, talus: boolean): boolean {
  const e = (a: number, b: number) => (x / a) ** 2 + (y / b) ** 2 <= 1;
  if ((x / 5) ** 2 + (y / 8) ** 2 + ((z - 360) / 8) ** 2 <= 1) return true;
  if (z >= 320 && z <= 360 && e(38, 26)) return (x - 19) ** 2 + y ** 2 + (z - 387) ** 2 >= 900 && (x + 19) ** 2 + y ** 2 + (z - 388.5) ** 2 >= 900;
  if (z >= 40 && z <= 335 && x * x + y * y <= 144) return true;
  if (z >= 30 && z <= 55 && e(25, 20)) return true;
  if (z >= 18 && z < 30 && x >= 17 && x <= 25 && Math.abs(y) <= 8) return true;
  if (!talus) return false;
  if ((x / 20) ** 2 + (y / 18) ** 2 + ((z - 10) / 17) ** 2 <= 1) return true;
  return z >= 25 && z <= 31 && (x + 8) ** 2 + (y - 4) ** 2 <= 16;
}
function syntheticTibia(talus: boolean): Mask {
  const origin: Vec3 = [-120, -20, -215];
  const size: [number, number, number] = [112, 85, 395];
  const mask = createMask({ size, spacing: [1, 1, 1], origin, direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] });
  const R = ROT;
  for (let k = 0, q = 0; k < size[2]; k++) {
    for (let j = 0; j < size[1]; j++) {
      const dy = origin[1] + j - OFFSET[1], dz = origin[2] + k - OFFSET[2];
      for (let i = 0; i < size[0]; i++, q++) {
        const dx = origin[0] + i - OFFSET[0];
        // local = Rᵀ·(p − offset)
        const x = R[0][0] * dx + R[1][0] * dy + R[2][0] * dz, y = R[0][1] * dx + R[1][1] * dy + R[2][1] * dz, z = R[0][2] * dx + R[1][2] * dy + R[2][2] * dz;
        if (z > -10 && z < 370 && insideTibia(x, y, z, talus)) mask.data[q] = 1;
      }
    }
  }
  return mask;
}
const AXIS_TRUE = normalize(matVec(ROT, [0, 0, 1]));

describe('proposeTibiaLandmarks on a synthetic oblique right tibia with a joined talus (1 mm voxels)', () => {
  let mask: Mask;
  let p: TibiaProposal;
  beforeAll(() => {
    mask = syntheticTibia(true);
    p = proposeTibiaLandmarks({ tibia: mask, side: 'R' });
  });

  it('leaves the talus out below the waist and puts the ankle centre on the plafond centre', () => {
    expect(p.distalExclusion).not.toBeNull();
    // the talus (4/3·π·20·18·17 = 25.6 mL) and the bridge and malleolus tip below the waist
    expect(p.distalExclusion?.volumeMl).toBeGreaterThan(25);
    expect(p.distalExclusion?.volumeMl).toBeLessThan(29);
    expect(p.warnings.some((w) => /talus/.test(w))).toBe(true);
    const a = toLocal(p.ankleCentreLps as Vec3);
    // plafond at z 30 (the waist cut lies in the 3 mm joint gap below it); in-plane at the block centre
    expect(Math.hypot(a[0], a[1])).toBeLessThan(1);
    expect(Math.abs(a[2] - 30)).toBeLessThan(1);
  });

  it('finds the plateau low points at the dish bottoms and the knee centre between them', () => {
    const m = toLocal(p.plateau.medialLowestLps), l = toLocal(p.plateau.lateralLowestLps), k = toLocal(p.kneeCentreLps);
    expect(Math.hypot(m[0] - 19, m[1])).toBeLessThan(4); // dish bottom (19, 0), within 0.4 mm of it over 5 mm
    expect(m[2]).toBeCloseTo(357, 0);
    expect(Math.hypot(l[0] + 19, l[1])).toBeLessThan(4);
    expect(l[2]).toBeCloseTo(358.5, 0);
    expect(Math.hypot(k[0], k[1])).toBeLessThan(1);
    expect(k[2]).toBeCloseTo(357.75, 0);
    expect(p.plateau.medialLowestLps[0]).toBeGreaterThan(p.kneeCentreLps[0]); // right leg: medial = +x
    expect(p.plateau.mlWidthMm).toBeCloseTo(76, -1);
    expect(p.plateau.apDepthMm).toBeCloseTo(52, -1);
  });

  it('gives the mechanical axis A → K_t within 0.3° of the true axis, length within 1.5 mm, sources auto', () => {
    const [a, k, m, l] = [p.ankleCentreLps as Vec3, p.kneeCentreLps, p.plateau.medialLowestLps, p.plateau.lateralLowestLps].map(toLocal);
    console.log(
      `[synthetic tibia R] axis error ${deg(p.axisUnitLps, AXIS_TRUE).toFixed(3)}°, length ${p.lengthMm?.toFixed(2)} mm (truth 327.75 from the plafond), ` +
        `A local (${a.map((x) => x.toFixed(2)).join(', ')}) vs (0, 0, 30), K_t (${k.map((x) => x.toFixed(2)).join(', ')}) vs (0, 0, 357.75), ` +
        `medial (${m.map((x) => x.toFixed(2)).join(', ')}) vs (19, 0, 357), lateral (${l.map((x) => x.toFixed(2)).join(', ')}) vs (−19, 0, 358.5), talus left out ${p.distalExclusion?.volumeMl.toFixed(2)} mL`,
    );
    expect(p.axisKind).toBe('mechanical');
    expect(deg(p.mechanicalAxisUnitLps as Vec3, AXIS_TRUE)).toBeLessThan(0.3);
    expect(p.axisUnitLps).toEqual(p.mechanicalAxisUnitLps);
    expect(deg(p.shaftAxis.unitLps, AXIS_TRUE)).toBeLessThan(0.3);
    expect(p.mechanicalToShaftDeg).toBeLessThan(0.5);
    expect(Math.abs((p.lengthMm as number) - 327.75)).toBeLessThan(1.5);
    expect(p.sources).toEqual({ kneeCentre: 'auto', ankleCentre: 'auto', plateauMedial: 'auto', plateauLateral: 'auto' });
    expect(Math.abs(p.plateau.posteriorSlopeDeg)).toBeLessThan(1.5);
  });

  it('a left tibia (the exact mirror image) gives mirrored landmarks and identical numbers', () => {
    const q = proposeTibiaLandmarks({ tibia: mirrored(mask), side: 'L' });
    const mx = (v: Vec3): Vec3 => [-v[0], v[1], v[2]];
    expect(dist(q.kneeCentreLps, mx(p.kneeCentreLps))).toBeLessThan(1e-6);
    expect(dist(q.ankleCentreLps as Vec3, mx(p.ankleCentreLps as Vec3))).toBeLessThan(1e-6);
    expect(dist(q.plateau.medialLowestLps, mx(p.plateau.medialLowestLps))).toBeLessThan(1e-6);
    expect(dist(q.plateau.lateralLowestLps, mx(p.plateau.lateralLowestLps))).toBeLessThan(1e-6);
    expect(q.plateau.medialLowestLps[0]).toBeLessThan(q.kneeCentreLps[0]); // left leg: medial = −x
    expect(q.lengthMm).toBeCloseTo(p.lengthMm as number, 6);
    expect(q.plateau.varusDeg).toBeCloseTo(p.plateau.varusDeg, 6);
    const rl = tibialResection({ tibia: mirrored(mask), side: 'L', kneeCentreLps: q.kneeCentreLps, axisUnitLps: q.axisUnitLps, plateauMedialLps: q.plateau.medialLowestLps, plateauLateralLps: q.plateau.lateralLowestLps, posteriorSlopeDeg: 3 });
    const rr = tibialResection({ tibia: mask, side: 'R', kneeCentreLps: p.kneeCentreLps, axisUnitLps: p.axisUnitLps, plateauMedialLps: p.plateau.medialLowestLps, plateauLateralLps: p.plateau.lateralLowestLps, posteriorSlopeDeg: 3 });
    expect(rl.resectedVolumeMl).toBeCloseTo(rr.resectedVolumeMl, 6);
  });

  it('cuts 9 mm below the higher (lateral) plateau: ≈ section area × (9 + the bone above the lateral point)', () => {
    const r = tibialResection({ tibia: mask, side: 'R', kneeCentreLps: p.kneeCentreLps, axisUnitLps: p.axisUnitLps, plateauMedialLps: p.plateau.medialLowestLps, plateauLateralLps: p.plateau.lateralLowestLps });
    expect(r.referenceCompartment).toBe('lateral');
    expect(r.resectionMm.lateral).toBeCloseTo(9, 9);
    expect(r.resectionMm.medial).toBeCloseTo(7.5, 0);
    // Analytic on the smooth shape, for the plane found (local z_c = lateral point − 9): ellipse
    // π·38·26 mm² from z_c to 360, minus the dish caps π·d²(3R − d)/3 (820.0 + 208.5 mm³), plus the
    // eminence above z 360 (½·4/3·π·5·8·8 = 670.2 mm³) ≈ 32.2 mL; rasterisation (1 mm) within 1 %.
    const zc = toLocal(p.plateau.lateralLowestLps)[2] - 9;
    const analyticMl = (Math.PI * 38 * 26 * (360 - zc) - 820.0 - 208.5 + 670.2) / 1000;
    console.log(`[synthetic tibia R] 9 mm cut: ${r.resectedVolumeMl.toFixed(3)} mL vs analytic ${analyticMl.toFixed(3)} mL, cut area ${r.cutAreaMm2.toFixed(1)} mm² vs ${(Math.PI * 38 * 26).toFixed(1)}`);
    expect(r.resectedVolumeMl / analyticMl).toBeCloseTo(1, 2);
    expect(r.cutAreaMm2).toBeCloseTo(Math.PI * 38 * 26, -2);
  });
});

describe('proposeTibiaLandmarks: ends the scan cuts off, hand corrections, bad input', () => {
  let full: Mask;
  beforeAll(() => {
    full = syntheticTibia(false);
  });

  it('a clean tibia ending at its plafond: the ankle centre at the plafond (z 30), no exclusion', () => {
    const p = proposeTibiaLandmarks({ tibia: full, side: 'R' });
    expect(p.distalExclusion).toBeNull();
    const a = toLocal(p.ankleCentreLps as Vec3);
    expect(Math.hypot(a[0], a[1])).toBeLessThan(1);
    expect(Math.abs(a[2] - 30)).toBeLessThan(1.2);
    expect(deg(p.axisUnitLps, AXIS_TRUE)).toBeLessThan(0.3);
  });

  it('a scan ending mid-shaft: no ankle centre (null + reason), the shaft axis labelled as such; a manual ankle restores the mechanical axis', () => {
    const cut = cropK(full, 180, full.size[2]);
    const p = proposeTibiaLandmarks({ tibia: cut, side: 'R' });
    expect(p.ankleCentreLps).toBeNull();
    expect(p.ankleMissingReason).toMatch(/edge of the scan/);
    expect(p.axisKind).toBe('shaft');
    expect(p.mechanicalAxisUnitLps).toBeNull();
    expect(p.lengthMm).toBeNull();
    expect(deg(p.axisUnitLps, AXIS_TRUE)).toBeLessThan(0.5);
    const ankle = toLps([0, 0, 30]);
    const q = correctTibiaLandmark(p, 'ankleCentre', ankle);
    expect(q.axisKind).toBe('mechanical');
    expect(q.sources.ankleCentre).toBe('manual');
    expect(q.sources.kneeCentre).toBe('auto');
    expect(q.ankleMissingReason).toBeNull();
    expect(deg(q.axisUnitLps, normalize(sub(q.kneeCentreLps, ankle)))).toBeLessThan(1e-9);
    expect(deg(q.axisUnitLps, AXIS_TRUE)).toBeLessThan(0.3);
    expect(p.ankleCentreLps).toBeNull(); // the original is untouched
    const k = correctTibiaLandmark(q, 'kneeCentre', toLps([0, 0, 358]));
    expect(k.sources.kneeCentre).toBe('manual');
    expect(k.lengthMm).toBeCloseTo(328, 9);
  });

  it('refuses hand corrections that swap the plateaus or put the ankle above the knee', () => {
    const p = proposeTibiaLandmarks({ tibia: full, side: 'R' });
    expectBadArgument(() => correctTibiaLandmark(p, 'plateauMedial', toLps([-30, 0, 357])), 'plateauMedialLps');
    expectBadArgument(() => correctTibiaLandmark(p, 'ankleCentre', toLps([0, 0, 400])), 'ankleCentreLps');
    expectBadArgument(() => correctTibiaLandmark(p, 'kneeCentre', [Number.NaN, 0, 0]), 'kneeCentreLps');
  });

  it('a scan that cuts off the plateau is MISSING_INPUT; an empty mask EMPTY_SEGMENT; bad side BAD_ARGUMENT', () => {
    expectJumeauError(() => proposeTibiaLandmarks({ tibia: cropK(full, 0, 340), side: 'R' }), 'MISSING_INPUT', { subject: 'tibia' });
    expectJumeauError(() => proposeTibiaLandmarks({ tibia: createMask(full), side: 'R' }), 'EMPTY_SEGMENT', { subject: 'tibia' });
    expectBadArgument(() => proposeTibiaLandmarks({ tibia: full, side: 'X' as 'L' }), 'side');
    expectBadArgument(() => proposeTibiaLandmarks({ tibia: full, side: 'R', proximalLps: [0, 0, 0] }), 'proximalLps');
  });
});

describe('proposeTibiaLandmarks on the knee phantom (right knee, scan ends mid-shaft)', () => {
  it('finds the flat plateau at z = −2.5 (normal +z), medial toward +x, no ankle (shaft axis within 4° of +z)', () => {
    const knee = buildKneePhantom();
    const p = proposeTibiaLandmarks({ tibia: maskOfLabel(knee.labels, KNEE_LABELS.tibia), side: 'R' });
    expect(p.ankleCentreLps).toBeNull();
    expect(p.axisKind).toBe('shaft');
    // A 115 mm stub has no diaphysis: the section centroids of its 30–70 % include the tuberosity
    // (20 mm anterior), which tilts the "shaft" axis ≈ 3° anteriorly; the flat plateau's normal is +z.
    expect(deg(p.axisUnitLps, [0, 0, 1])).toBeLessThan(4);
    expect(deg(p.plateau.normalLps, [0, 0, 1])).toBeLessThan(0.5);
    // 1.5 mm slices: the surface is found within a voxel of the design plateau
    expect(Math.abs(p.plateau.medialLowestLps[2] + 2.5)).toBeLessThan(1);
    expect(Math.abs(p.plateau.lateralLowestLps[2] + 2.5)).toBeLessThan(1);
    expect(p.plateau.medialLowestLps[0]).toBeGreaterThan(-90);
    expect(p.plateau.lateralLowestLps[0]).toBeLessThan(-90);
    expect(Math.abs(p.kneeCentreLps[0] + 90)).toBeLessThan(2);
  });
});

describe('splitMaskByPlane: exact volumes of voxel boxes on either side of a plane', () => {
  // Box of 60 × 40 × 79 voxels of 0.8 × 1.0 × 1.25 mm: 48 × 40 × 98.75 mm, faces on voxel boundaries.
  const box = rasterise([0, 0, 0], [70, 50, 90], [0.8, 1, 1.25], ([x, y, z]) => x > 3.5 && x < 51.5 && y > 4.5 && y < 44.5 && z > 5 && z < 105);
  const [x0, x1, y0, y1, z0, z1] = [3.6, 51.6, 4.5, 44.5, 5.625, 104.375]; // voxel-box faces
  const areaXy = (x1 - x0) * (y1 - y0);

  it('tilted plane (3° slope, 5° coronal): volume above = base area × height above the plane at the base centre, to 1e-6 mm³', () => {
    const n = normalize([Math.tan((5 * Math.PI) / 180), Math.tan((3 * Math.PI) / 180), 1]);
    const point: Vec3 = [20, 30, 60.3];
    const s = splitMaskByPlane(box, { pointLps: point, normalLps: n });
    const c: Vec3 = [(x0 + x1) / 2, (y0 + y1) / 2, 0];
    const zPlane = point[2] - (n[0] * (c[0] - point[0]) + n[1] * (c[1] - point[1])) / n[2];
    expect(s.aboveMl * 1000).toBeCloseTo(areaXy * (z1 - zPlane), 6);
    expect(s.belowMl * 1000).toBeCloseTo(areaXy * (zPlane - z0), 6);
    expect(s.totalMl * 1000).toBeCloseTo(areaXy * (z1 - z0), 6);
    expect(s.cutAreaMm2).toBeCloseTo(areaXy / n[2], 6);
  });

  it('degenerate normals: along a grid axis (1-D form) and in a grid plane (2-D form)', () => {
    const flat = splitMaskByPlane(box, { pointLps: [0, 0, 50.2], normalLps: [0, 0, 2] });
    expect(flat.aboveMl * 1000).toBeCloseTo(areaXy * (z1 - 50.2), 9);
    expect(flat.cutAreaMm2).toBeCloseTo(areaXy, 9);
    const n = normalize([0, Math.sin(0.2), Math.cos(0.2)]);
    const s = splitMaskByPlane(box, { pointLps: [10, 24.5, 55], normalLps: n });
    expect(s.aboveMl * 1000).toBeCloseTo(areaXy * (z1 - 55), 6);
    expect(s.cutAreaMm2).toBeCloseTo(areaXy / n[2], 6);
    // the other side of the same plane
    const t = splitMaskByPlane(box, { pointLps: [10, 24.5, 55], normalLps: [0, -n[1], -n[2]] });
    expect(t.aboveMl).toBeCloseTo(s.belowMl, 12);
  });

  it('a cylinder r 35 mm at 1 mm voxels: the cut volume within 1 % of π r² h, area within 1 % of π r²/cos', () => {
    const cyl = rasterise([-40, -40, 0], [81, 81, 60], [1, 1, 1], ([x, y, z]) => x * x + y * y <= 35 * 35 && z > 0.5 && z < 59.5);
    const n = normalize([Math.sin((7 * Math.PI) / 180), 0, Math.cos((7 * Math.PI) / 180)]);
    const s = splitMaskByPlane(cyl, { pointLps: [0, 0, 50], normalLps: n });
    expect(s.aboveMl * 1000 / (Math.PI * 35 * 35 * 9.5)).toBeCloseTo(1, 2);
    expect(s.cutAreaMm2 / ((Math.PI * 35 * 35) / n[2])).toBeCloseTo(1, 2);
  });

  it('a non-identity direction (axes permuted) gives the same answer', () => {
    const perm = createMask({ size: [50, 90, 70], spacing: [1, 1.25, 0.8], origin: [0, 0, 0], direction: [0, 1, 0, 0, 0, 1, 1, 0, 0] });
    // voxel (a, b, c) of perm sits at (c·0.8, a·1, b·1.25): the same box
    for (let c = 0; c < 70; c++) for (let b = 0; b < 90; b++) for (let a = 0; a < 50; a++) perm.data[a + 50 * (b + 90 * c)] = box.data[c + 70 * (a + 50 * b)];
    const plane = { pointLps: [20, 30, 60.3] as Vec3, normalLps: normalize([0.1, 0.05, 1]) };
    const s = splitMaskByPlane(perm, plane), t = splitMaskByPlane(box, plane);
    expect(s.aboveMl).toBeCloseTo(t.aboveMl, 10);
    expect(s.cutAreaMm2).toBeCloseTo(t.cutAreaMm2, 8);
  });
});

describe('tibialResection on a box tibia with the KNEE-03 landmarks', () => {
  // KNEE-03: A (−85, 0, 0), K_t (−95, 0, 415), plateau medial (−75, 5, 410), lateral (−115, 5, 414).
  const K: Vec3 = [-95, 0, 415];
  const axis = normalize(sub(K, [-85, 0, 0]));
  const tibia = rasterise([-129.5, -24.5, 300.5], [70, 60, 120], [1, 1, 1], () => true); // x −130…−60, y −25…35, z 300…420
  const input = { tibia, side: 'R' as const, kneeCentreLps: K, axisUnitLps: axis, plateauMedialLps: [-75, 5, 410] as Vec3, plateauLateralLps: [-115, 5, 414] as Vec3 };

  it('reproduces KNEE-03 (9.000 lateral, 4.038 medial; 3° slope normal) and the prism volume above the plane', () => {
    const r = tibialResection({ ...input, reference: 'lateral', posteriorSlopeDeg: 3 });
    expect(r.resectionMm.lateral).toBeCloseTo(9, 3);
    expect(r.resectionMm.medial).toBeCloseTo(4.038, 3);
    expect(r.plane.normalLps[0]).toBeCloseTo(-0.02406, 5);
    expect(r.plane.normalLps[1]).toBeCloseTo(0.05234, 5);
    expect(r.plane.normalLps[2]).toBeCloseTo(0.99834, 5);
    const n = r.plane.normalLps, p = r.plane.pointLps;
    const zAtCentre = p[2] - (n[0] * (-95 - p[0]) + n[1] * (5 - p[1])) / n[2];
    expect(r.resectedVolumeMl * 1000).toBeCloseTo(70 * 60 * (420 - zAtCentre), 6);
    expect(r.remnantVolumeMl + r.resectedVolumeMl).toBeCloseTo(70 * 60 * 120 / 1000, 9);
    expect(r.cutAreaMm2).toBeCloseTo((70 * 60) / n[2], 6);
    expect(r.parameters).toEqual({ depthMm: 9, reference: 'lateral', varusValgusDeg: 0, posteriorSlopeDeg: 3 });
  });

  it('deeper cut → more bone; a plane that misses the bone is SURFACE_MISSES_ORGAN; bad axis is BAD_ARGUMENT', () => {
    const a = tibialResection({ ...input, depthMm: 9 }), b = tibialResection({ ...input, depthMm: 12 });
    expect((b.resectedVolumeMl - a.resectedVolumeMl) * 1000).toBeCloseTo((70 * 60 * 3 * dot(a.plane.normalLps, axis)) / a.plane.normalLps[2], 6);
    expectJumeauError(() => tibialResection({ ...input, depthMm: 0, kneeCentreLps: [-95, 0, 600], plateauMedialLps: [-75, 5, 600], plateauLateralLps: [-115, 5, 600] }), 'SURFACE_MISSES_ORGAN', { subject: 'tibia' });
    expectBadArgument(() => tibialResection({ ...input, axisUnitLps: [0, 0, 0] }), 'axisUnitLps');
    expectBadArgument(() => tibialResection({ ...input, depthMm: -1 }), 'depthMm');
  });
});

describe('sliceHullEnvelope', () => {
  it('fills a hollow shell to the solid box and keeps a concave top surface concave', () => {
    const shell = rasterise([0, 0, 0], [30, 30, 30], [1, 1, 1], ([x, y, z]) => {
      const inBox = x >= 5 && x <= 24 && y >= 5 && y <= 24 && z >= 5 && z <= 24;
      const inHole = x >= 7 && x <= 22 && y >= 7 && y <= 22 && z >= 7 && z <= 22;
      const dish = (x - 14.5) ** 2 + (y - 14.5) ** 2 + (z - 33) ** 2 < 100; // a dish one voxel deep cut into the top
      return inBox && !inHole && !dish;
    });
    const env = sliceHullEnvelope(shell);
    let solid = 0, dishFilled = 0;
    for (let k = 0, q = 0; k < 30; k++) for (let j = 0; j < 30; j++) for (let i = 0; i < 30; i++, q++) {
      if (env.data[q]) solid++;
      if (env.data[q] && (i - 14.5) ** 2 + (j - 14.5) ** 2 + (k - 33) ** 2 < 100) dishFilled++;
    }
    expect(dishFilled).toBe(0);
    let expected = 0;
    for (let k = 5; k <= 24; k++) for (let j = 5; j <= 24; j++) for (let i = 5; i <= 24; i++) if ((i - 14.5) ** 2 + (j - 14.5) ** 2 + (k - 33) ** 2 >= 100) expected++;
    expect(solid).toBe(expected);
  });
});
