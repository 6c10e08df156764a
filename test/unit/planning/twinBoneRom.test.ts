// Bony ROM of the hip phantom's exact labels: limits and first-contact sites where anatomy puts them
// (flexion: neck on the anterior–superior rim; extension: posterior–inferior), left and right alike.
import { beforeAll, describe, expect, it } from 'vitest';
import { buildHipPhantom, HIP_DESIGN } from '../../../src/samples/hipPhantom';
import { twinBoneRom, type TwinBoneRom } from '../../../src/planning/twinBoneRom';
import type { Labelmap } from '../../../src/segmentation/labelmap';
import { expectJumeauError } from '../../helpers/expectError';

let lm: Labelmap;
const rom: Partial<Record<'L' | 'R', TwinBoneRom>> = {};
let cor: Record<'L' | 'R', [number, number, number]>;

describe('twinBoneRom on the hip phantom', () => {
  beforeAll(() => {
    const ph = buildHipPhantom();
    lm = { ...ph.labels, unit: 'label', data: ph.labels.data as Uint8Array, segments: ph.segments.map((s) => ({ label: s.label, name: s.name, colorRgb: s.color, terminology: { category: { scheme: 'SCT', code: '1', meaning: 'x' }, type: { scheme: 'SCT', code: '2', meaning: 'y' } } })) } as Labelmap;
    cor = { L: ph.landmarksLps.femoralHeadCentreLeft as [number, number, number], R: ph.landmarksLps.femoralHeadCentreRight as [number, number, number] };
    rom.L = twinBoneRom({ labelmap: lm, side: 'L', centreOfRotationLps: cor.L, headRadiusMm: HIP_DESIGN.headRadiusLeftMm });
    rom.R = twinBoneRom({ labelmap: lm, side: 'R', centreOfRotationLps: cor.R, headRadiusMm: HIP_DESIGN.headRadiusRightMm });
  }, 60_000);

  it('finds flexion, IR at 90° and abduction limits in the expected ranges, alike on both sides', () => {
    for (const s of ['L', 'R'] as const) {
      const c = rom[s]!.contacts;
      expect(c.flexionDeg!.limitDeg!).toBeGreaterThan(100);
      expect(c.flexionDeg!.limitDeg!).toBeLessThan(140);
      expect(c.internalRotationAt90FlexionDeg!.limitDeg!).toBeGreaterThan(15);
      expect(c.abductionDeg!.limitDeg!).toBeGreaterThan(30);
      expect(rom[s]!.pointsTested).toBeGreaterThan(1000);
    }
    expect(Math.abs(rom.L!.contacts.flexionDeg!.limitDeg! - rom.R!.contacts.flexionDeg!.limitDeg!)).toBeLessThan(8); // heads of 24.5 and 22 mm
  });

  it('ignores bits of the acetabular roof a segmentation gave to the femur', () => {
    // Relabel a 4 mm ball of hip bone above the left head (in the roof) as femur: an island after the head sphere is removed.
    const data = (lm.data as Uint8Array).slice();
    const [ni, nj] = lm.size;
    const c = [cor.L[0], cor.L[1], cor.L[2] + HIP_DESIGN.headRadiusLeftMm + 5];
    let moved = 0;
    for (let q = 0; q < data.length; q++) {
      if (data[q] !== 3) continue;
      const i = q % ni, j = Math.floor(q / ni) % nj, k = Math.floor(q / (ni * nj));
      const p = [lm.origin[0] + i * lm.spacing[0], lm.origin[1] + j * lm.spacing[1], lm.origin[2] + k * lm.spacing[2]];
      if (Math.hypot(p[0] - c[0], p[1] - c[1], p[2] - c[2]) < 4) { data[q] = 1; moved++; }
    }
    expect(moved).toBeGreaterThan(20);
    const dirty = twinBoneRom({ labelmap: { ...lm, data }, side: 'L', centreOfRotationLps: cor.L, headRadiusMm: HIP_DESIGN.headRadiusLeftMm });
    expect(Math.abs(dirty.contacts.flexionDeg!.limitDeg! - rom.L!.contacts.flexionDeg!.limitDeg!)).toBeLessThan(1);
    expect(Math.abs(dirty.contacts.abductionDeg!.limitDeg! - rom.L!.contacts.abductionDeg!.limitDeg!)).toBeLessThan(1);
  });

  it('puts the flexion contact anterior–superior and the extension contact posterior of the centre', () => {
    for (const s of ['L', 'R'] as const) {
      const f = rom[s]!.contacts.flexionDeg!.point!.atContactLps;
      expect(f[1]).toBeLessThan(cor[s][1]); // anterior (−y)
      expect(f[2]).toBeGreaterThan(cor[s][2]); // superior
      const e = rom[s]!.contacts.extensionDeg!.point!.atContactLps;
      expect(e[1]).toBeGreaterThan(cor[s][1]); // posterior
    }
  });

  it('names a missing segment', () => {
    const noHip = { ...lm, segments: lm.segments.filter((x) => x.name !== 'hip bone left') };
    expectJumeauError(() => twinBoneRom({ labelmap: noHip, side: 'L', centreOfRotationLps: cor.L, headRadiusMm: 24 }), 'MISSING_SEGMENT', { subject: 'segments' });
  });
});
