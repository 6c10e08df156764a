import { beforeAll, describe, expect, it } from 'vitest';
import type { IndexIjk, PointLps } from '../../../src/core/vec3';
import { JumeauError } from '../../../src/core/errors';
import { buildLiverPhantom, LIVER_DESIGN, LIVER_LABELS } from '../../../src/samples/liverPhantom';
import type { PhantomCase } from '../../../src/samples/phantom';
import { AUTO_LIVER_LABELS, segmentLiver } from '../../../src/segmentation/autoLiver';
import { createMask, maskOfLabel, voxelVolumeMm3 } from '../../../src/segmentation/labelmap';
import { proposeLiverSeed } from '../../../src/segmentation/liverSeed';
import { overlapMetrics } from '../../../src/segmentation/metrics';
import { linearIndex, seedFromLps } from '../../../src/segmentation/seeds';
import type { Volume } from '../../../src/volume/volume';
import { indexToLps } from '../../../src/volume/volume';
import { grid, volumeWhere } from './fixtures';

/** Dice of label `a` of the result against label `b` of the phantom. */
function dice(result: { data: ArrayLike<number> } & Volume, a: number, truth: Volume, b: number): number {
  return overlapMetrics(maskOfLabel(result, a), maskOfLabel(truth, b)).dice;
}

/** The error thrown by `f` (fails the test when nothing is thrown). */
function thrown(f: () => unknown): JumeauError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(JumeauError);
    return e as JumeauError;
  }
  throw new Error('expected a JumeauError');
}

/** The same patient stored with i running to the patient's right (direction x-column negated). */
function mirroredI<T extends Volume>(v: T): T {
  const [ni, nj, nk] = v.size;
  const data = v.data.slice();
  for (let r = 0; r < nj * nk; r++) for (let i = 0; i < ni; i++) data[r * ni + i] = v.data[r * ni + (ni - 1 - i)];
  const direction = [...v.direction] as Volume['direction'];
  for (let c = 0; c < 3; c++) direction[c] = -direction[c];
  return { ...v, data, direction, origin: indexToLps(v, [ni - 1, 0, 0]) };
}

// Vessel seeds: the portal hilum, and one point on each hepatic vein (right, middle, left), from the
// phantom's design (src/samples/liverPhantom.ts).
const HEPATIC_POINTS: PointLps[] = [[-60, 35, 35], [-35, 10, 40], [0, 25, 45]];

describe('automatic liver on the generated liver phantom', () => {
  let ph: PhantomCase;
  let seeds: { tumours: IndexIjk[]; portal: IndexIjk[]; hepatic: IndexIjk[] };
  beforeAll(() => {
    ph = buildLiverPhantom();
    const v = ph.volume;
    seeds = {
      tumours: [seedFromLps(v, LIVER_DESIGN.tumour1CentreLps), seedFromLps(v, LIVER_DESIGN.tumour2CentreLps)],
      portal: [seedFromLps(v, LIVER_DESIGN.portalHilumLps)],
      hepatic: HEPATIC_POINTS.map((p) => seedFromLps(v, p)),
    };
  }, 60_000);

  it('proposes a seed inside the true liver, on the patient right (−x), also when i is stored mirrored', () => {
    const p = proposeLiverSeed(ph.volume);
    expect(ph.labels.data[linearIndex(ph.volume.size, p.seedIjk)]).toBe(LIVER_LABELS.liver);
    expect(p.seedLps[0]).toBeLessThan(-20);
    expect(p.depthMm).toBeGreaterThan(25);
    expect(p.reason).toMatch(/^seed proposed at LPS \(-\d/);
    const mv = mirroredI(ph.volume);
    const ml = mirroredI(ph.labels);
    const pm = proposeLiverSeed(mv);
    expect(ml.data[linearIndex(mv.size, pm.seedIjk)]).toBe(LIVER_LABELS.liver);
    expect(pm.seedLps[0]).toBeCloseTo(p.seedLps[0], 6);
  });

  it('from the proposed seed alone: liver Dice ≥ 0.97 against label 1, no leak into spleen/kidney/IVC/stomach', () => {
    const fractions: number[] = [];
    const r = segmentLiver(ph.volume, { onProgress: (f) => fractions.push(f) });
    // Progress in steps (smoothing, seed, one per window trial, reconstruction, hull, structures), rising to 1.
    expect(fractions.length).toBeGreaterThanOrEqual(8);
    expect(fractions.every((f, n) => n === 0 || f >= fractions[n - 1])).toBe(true);
    expect(fractions[0]).toBe(0);
    expect(fractions[fractions.length - 1]).toBe(1);
    expect(r.seedProposed).toBe(true);
    expect(ph.labels.data[linearIndex(ph.volume.size, r.seedIjk)]).toBe(LIVER_LABELS.liver);
    expect(r.notes[0]).toMatch(/^seed proposed at LPS/);
    expect(r.labelmap.segments.map((s) => [s.label, s.name, s.terminology.type.code])).toEqual([[1, 'liver', '10200004']]);
    const d = dice(r.labelmap, AUTO_LIVER_LABELS.liver, ph.labels, LIVER_LABELS.liver);
    console.log(`[autoLiver phantom] liver Dice (proposed seed, enclosed filled) ${d.toFixed(4)}`);
    expect(d).toBeGreaterThanOrEqual(0.97);
    // Voxels called liver where the phantom has no label at all (spleen, kidney, IVC, stomach, fat…).
    let outside = 0;
    for (let q = 0; q < r.labelmap.data.length; q++) if (r.labelmap.data[q] === 1 && ph.labels.data[q] === 0) outside++;
    expect((outside * voxelVolumeMm3(ph.volume)) / 1000).toBeLessThan(5); // mL; the spleen alone is ≈ 158 mL
    // Volumetry: enclosed vessels and tumours are filled in, so the liver is the total liver volume.
    const total = createMask(ph.volume);
    for (let q = 0; q < total.data.length; q++) total.data[q] = ph.labels.data[q] !== 0 ? 1 : 0;
    const totalMl = (total.data.reduce((a, b) => a + b, 0) * voxelVolumeMm3(ph.volume)) / 1000;
    expect(Math.abs(r.liverMl - totalMl) / totalMl).toBeLessThan(0.03);
    expect(r.enclosedMl).toBeGreaterThan(20);
  }, 20_000);

  it('with tumour and vessel seeds: tumours 4 and 5, portal and hepatic veins as separate segments', () => {
    const r = segmentLiver(ph.volume, { tumourSeedsIjk: seeds.tumours, portalVeinSeedsIjk: seeds.portal, hepaticVeinSeedsIjk: seeds.hepatic });
    expect(r.labelmap.segments.map((s) => [s.label, s.name])).toEqual([[1, 'liver'], [2, 'portal vein'], [3, 'hepatic vein'], [4, 'tumour 1'], [5, 'tumour 2']]);
    expect(r.labelmap.segments.map((s) => s.terminology.type.code)).toEqual(['10200004', '32764006', '8993003', '108369006', '108369006']);
    expect(r.labelmap.segments[3].terminology.category.code).toBe('49755003');
    const d = {
      liver: dice(r.labelmap, 1, ph.labels, LIVER_LABELS.liver),
      portal: dice(r.labelmap, 2, ph.labels, LIVER_LABELS.portalVein),
      hepatic: dice(r.labelmap, 3, ph.labels, LIVER_LABELS.hepaticVein),
      tumour1: dice(r.labelmap, 4, ph.labels, LIVER_LABELS.tumour1),
      tumour2: dice(r.labelmap, 5, ph.labels, LIVER_LABELS.tumour2),
    };
    console.log(`[autoLiver phantom] seeded Dice ${JSON.stringify(Object.fromEntries(Object.entries(d).map(([k, v]) => [k, +v.toFixed(4)])))}`);
    expect(d.liver).toBeGreaterThanOrEqual(0.985);
    expect(d.tumour1).toBeGreaterThanOrEqual(0.95);
    expect(d.tumour2).toBeGreaterThanOrEqual(0.95);
    expect(d.portal).toBeGreaterThanOrEqual(0.83);
    expect(d.hepatic).toBeGreaterThanOrEqual(0.87);
  }, 20_000);

  it('fillEnclosed: false keeps the parenchyma only (vessels and tumours without seeds stay out)', () => {
    const r = segmentLiver(ph.volume, { fillEnclosed: false });
    const d = dice(r.labelmap, 1, ph.labels, LIVER_LABELS.liver);
    console.log(`[autoLiver phantom] liver Dice (proposed seed, parenchyma only) ${d.toFixed(4)}`);
    expect(d).toBeGreaterThanOrEqual(0.97);
    // Tumour 1 (50 HU) is not liver now.
    const t1 = maskOfLabel(ph.labels, LIVER_LABELS.tumour1);
    let inLiver = 0, n = 0;
    for (let q = 0; q < t1.data.length; q++) if (t1.data[q]) {
      n++;
      if (r.labelmap.data[q] === 1) inLiver++;
    }
    // 14 % measured: its partial-volume rim, and its lower pole that reaches the liver surface (not enclosed).
    expect(inLiver / n).toBeLessThan(0.2);
  }, 20_000);

  it('Cancel between steps stops it with CANCELLED', () => {
    const ac = new AbortController();
    const e = thrown(() => segmentLiver(ph.volume, { signal: ac.signal, onProgress: (f) => { if (f > 0.1) ac.abort(); } }));
    expect((e as { code?: string }).code).toBe('CANCELLED');
  });

  it('bad input is a typed error naming the field, never an empty segment', () => {
    const v = ph.volume;
    const e1 = thrown(() => segmentLiver(v, { seedIjk: [v.size[0], 10, 10] }));
    expect([e1.code, e1.subject]).toEqual(['SEED_OUTSIDE_VOLUME', 'seedIjk']);
    const e2 = thrown(() => segmentLiver(v, { seedIjk: [5, 5, 5] })); // air in the corner
    expect([e2.code, e2.subject]).toEqual(['BAD_ARGUMENT', 'seedIjk']);
    expect(e2.message).toMatch(/not soft tissue/);
    const e3 = thrown(() => segmentLiver(v, { tumourSeedsIjk: [[0, -1, 0]] }));
    expect([e3.code, e3.subject]).toEqual(['SEED_OUTSIDE_VOLUME', 'tumourSeedsIjk[0]']);
    const mr: Volume = { ...v, unit: 'raw' };
    const e4 = thrown(() => segmentLiver(mr));
    expect([e4.code, e4.subject]).toEqual(['BAD_ARGUMENT', 'volume']);
    expect(e4.message).toMatch(/Hounsfield/);
  });

  it('a parenchyma seed given as a tumour seed, and a seed in a small organ, are refused', () => {
    const onParenchyma = seedFromLps(ph.volume, [-100, 20, 40]);
    expect(ph.labels.data[linearIndex(ph.volume.size, onParenchyma)]).toBe(LIVER_LABELS.liver);
    const e = thrown(() => segmentLiver(ph.volume, { tumourSeedsIjk: [onParenchyma] }));
    expect([e.code, e.subject]).toEqual(['BAD_ARGUMENT', 'tumourSeedsIjk[0]']);
    expect(e.message).toMatch(/not darker than the liver/);
    const t1 = seedFromLps(ph.volume, LIVER_DESIGN.tumour1CentreLps);
    const twice = thrown(() => segmentLiver(ph.volume, { tumourSeedsIjk: [t1, seedFromLps(ph.volume, LIVER_DESIGN.tumour2CentreLps), t1] }));
    expect([twice.code, twice.subject]).toEqual(['BAD_ARGUMENT', 'tumourSeedsIjk[2]']);
    expect(twice.message).toMatch(/already tumourSeedsIjk\[0\]: one seed per tumour/);
    // A 40 mL soft-tissue ball in fat: too small for a liver.
    const g = grid([60, 60, 40], [1.5, 1.5, 2]);
    const ball = volumeWhere(g, (i, j, k) => (((i - 30) * 1.5) ** 2 + ((j - 30) * 1.5) ** 2 + ((k - 20) * 2) ** 2 <= 21 ** 2 ? 105 : -100));
    const e5 = thrown(() => segmentLiver(ball, { seedIjk: [30, 30, 20] }));
    expect([e5.code, e5.subject]).toEqual(['EMPTY_SEGMENT', 'seedIjk']);
    expect(e5.message).toMatch(/no liver found/);
    // No soft tissue at all: nothing to propose.
    const fat = volumeWhere(g, () => -100);
    const e6 = thrown(() => proposeLiverSeed(fat));
    expect([e6.code, e6.subject]).toEqual(['EMPTY_SEGMENT', 'seedIjk']);
  }, 20_000);
});
