// Stem size from the canal: a synthetic straight femur of known canal width (16 mm) where the rule's
// answer is known by hand, and the hip phantom (canal 17 mm wide inside a 5.5 mm cortex; the scan ends
// 110 mm below the head centre, so only the proximal and mid-stem levels of sizes 1–6 are in view).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { isJumeauError } from '../../../src/core/errors';
import type { Vec3 } from '../../../src/core/vec3';
import { parseImplantCatalogue, type StemFamily } from '../../../src/planning/implants';
import { proposeStemSize } from '../../../src/planning/proposeStemSize';
import { buildHipPhantom, HIP_LABELS } from '../../../src/samples/hipPhantom';
import { IDENTITY_DIRECTION, type Volume } from '../../../src/volume/volume';

const catalogue = parseImplantCatalogue(JSON.parse(readFileSync(new URL('../../../assets/implants/generic.json', import.meta.url), 'utf8')));
const family = catalogue.families.find((f): f is StemFamily => f.kind === 'stem')!;

/** A vertical femoral tube (outer r 14, canal r 8 → 16 mm wide, cortex 1600 HU, marrow −40 HU) from z = −250 to −20, 1 mm voxels. */
function straightFemur(): { volume: Volume; labels: Volume & { data: Uint8Array } } {
  // Voxel centres at half-integer x, y: the canal's digital edge (between r = 7.5 and 8.5 along the axes) is at 8 mm.
  const size: [number, number, number] = [72, 72, 241];
  const origin: Vec3 = [-35.5, -35.5, -255];
  const n = size[0] * size[1] * size[2];
  const hu = new Int16Array(n).fill(40);
  const lab = new Uint8Array(n);
  for (let k = 0, q = 0; k < size[2]; k++) for (let j = 0; j < size[1]; j++) for (let i = 0; i < size[0]; i++, q++) {
    const [x, y, z] = [origin[0] + i, origin[1] + j, origin[2] + k];
    const r = Math.hypot(x, y);
    if (z < -250 || z > -20 || r > 14) continue;
    lab[q] = 1;
    hu[q] = r <= 8 ? -40 : 1600;
  }
  const g = { size, spacing: [1, 1, 1] as Vec3, origin, direction: IDENTITY_DIRECTION };
  return { volume: { ...g, data: hu, unit: 'HU' }, labels: { ...g, data: lab, unit: 'label' } };
}

describe('proposeStemSize', () => {
  const f = straightFemur();
  const head: Vec3 = [-40, 0, 0]; // 40 mm medial of the axis, at z = 0
  it('straight 16 mm canal: size 3 with 0.5 mm penetration per side (16.4 ≤ 17 < 17.6 at the proximal level); size 2 with none (15.3 ≤ 16 < 16.4)', () => {
    const r = proposeStemSize({ volume: f.volume, labels: f.labels, femurLabel: 1, headCentreLps: head, family });
    expect(r.size?.size).toBe('3');
    expect(r.nativeOffsetMm).toBeCloseTo(40, 6);
    expect(r.shaftAxisLps[2]).toBeCloseTo(1, 9);
    for (const l of r.checks.find((c) => c.size === '3')!.levels) {
      expect(Math.abs(l.canalWidthMlMm! - 16)).toBeLessThan(0.3);
      expect(Math.abs(l.canalWidthApMm! - 16)).toBeLessThan(0.3);
    }
    const c3 = r.checks.find((c) => c.size === '3')!;
    // Stem 3 at 20 % of 120 mm: 18.4 − 0.2·9.8 = 16.44 mm → fill 16.44/16 ≈ 103 %.
    expect(c3.levels[0].stemWidthMm).toBeCloseTo(16.44, 6);
    expect(c3.levels[0].fillMl!.ratio).toBeGreaterThan(1.0);
    expect(c3.levels[0].fillMl!.ratio).toBeLessThan(1.05);
    // Shoulder: head height 0 minus the stem's head-centre height (offset 37.6 at 132°: 37.6/tan 48°).
    expect(r.offsetMm).toBe(37.6);
    expect(r.shoulderLps![2]).toBeCloseTo(-37.6 / Math.tan((48 * Math.PI) / 180), 6);
    expect(r.referenceLps[0]).toBeCloseTo(-1, 9);
    const strict = proposeStemSize({ volume: f.volume, labels: f.labels, femurLabel: 1, headCentreLps: head, family, maxCorticalPenetrationMm: 0 });
    expect(strict.size?.size).toBe('2');
  });
  it('not measurable: no shaft in view, no femur, head on the axis', () => {
    const short = { ...f.labels, data: f.labels.data.map((v, q) => (q < 72 * 72 * 160 ? 0 : v)) };
    try {
      proposeStemSize({ volume: f.volume, labels: short, femurLabel: 1, headCentreLps: head, family });
      throw new Error('no throw');
    } catch (e) {
      expect(isJumeauError(e, 'MISSING_INPUT')).toBe(true);
      expect((e as Error).message).toMatch(/femoral shaft is not in view/);
    }
    expect(() => proposeStemSize({ volume: f.volume, labels: f.labels, femurLabel: 7, headCentreLps: head, family })).toThrow(/no voxel/);
    expect(() => proposeStemSize({ volume: f.volume, labels: f.labels, femurLabel: 1, headCentreLps: [0, 0, 0], family })).toThrow(/headCentreLps: the head centre is 0.0 mm from the shaft axis/);
  });
  it('hip phantom: mid-stem canal 17 mm measured within 0.4 mm, size 6 (sizes 7–10 not measurable: beyond the scan)', () => {
    const ph = buildHipPhantom();
    for (const [label, hc] of [[HIP_LABELS.femurLeft, [80, 0, 0]], [HIP_LABELS.femurRight, [-80, 0, 0]]] as const) {
      const r = proposeStemSize({ volume: ph.volume, labels: ph.labels, femurLabel: label, headCentreLps: [...hc], family });
      const c = r.checks.find((x) => x.size === '6')!;
      const mid = c.levels.find((l) => l.name === 'mid-stem')!;
      console.log(`[hip phantom] stem ${label === HIP_LABELS.femurLeft ? 'left' : 'right'}: size ${r.size?.size}, offset ${r.offsetMm} (native ${r.nativeOffsetMm.toFixed(1)}), axis ${r.shaftAxisLps.map((v) => v.toFixed(4)).join(', ')}; ${c.levels.map((l) => `${l.name}: stem ${l.stemWidthMm.toFixed(1)}, canal ${l.canalWidthMlMm?.toFixed(2) ?? '—'} ML / ${l.canalWidthApMm?.toFixed(2) ?? '—'} AP, fill ${l.fillMl ? Math.round(l.fillMl.percent) : '—'} %${l.reason ? ` (${l.reason})` : ''}`).join('; ')}`);
      expect(r.size?.size).toBe('6');
      expect(Math.abs(mid.canalWidthMlMm! - 17)).toBeLessThan(0.4);
      expect(Math.abs(mid.canalWidthApMm! - 17)).toBeLessThan(0.4);
      expect(mid.fillMl!.percent).toBeGreaterThan(94);
      expect(mid.fillMl!.percent).toBeLessThan(99);
      // Shaft axis: the phantom's is (±0.0995, 0, 0.995); measured within 1° (measured 0.35° / 0.61°: the lesser trochanter's tail).
      expect(Math.acos(r.shaftAxisLps[0] * (label === HIP_LABELS.femurLeft ? 0.0995 : -0.0995) + r.shaftAxisLps[2] * 0.995) * 180 / Math.PI).toBeLessThan(1);
      expect(c.levels.find((l) => l.name === 'distal')!.canalWidthMlMm).toBeNull();
      for (const s of ['7', '8', '9', '10']) expect(r.checks.find((x) => x.size === s)!.fits).toBeNull();
    }
  });
});
