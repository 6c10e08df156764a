// The implant catalogue (assets/implants/generic.json) and the implant meshes generated from it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { JumeauError } from '../../../src/core/errors';
import { checkMeshQuality } from '../../../src/meshing/quality';
import { cupInnerRadiusMm, parseImplantCatalogue, smallestCupForHead, type CupFamily, type StemFamily, type TibialComponentFamily, type FemoralComponentFamily } from '../../../src/planning/implants';
import { cupMesh, femoralComponentMesh, headMesh, stemHeadCentreMm, stemMesh, tibialComponentMesh } from '../../../src/planning/implantMeshes';
import { REPO } from '../../helpers/sharedData';

const raw = JSON.parse(readFileSync(path.join(REPO, 'assets', 'implants', 'generic.json'), 'utf8'));
const catalogue = parseImplantCatalogue(raw);
const fam = <T>(kind: string) => catalogue.families.find((f) => f.kind === kind) as T;

describe('implant catalogue', () => {
  it('cups 44–66 mm in 2 mm steps, heads 28/32/36 with neck lengths −3.5/0/+3.5/+7, stems 1–10, knee components', () => {
    const cup = fam<CupFamily>('cup');
    expect(cup.sizes.map((s) => s.outerDiameterMm)).toEqual([44, 46, 48, 50, 52, 54, 56, 58, 60, 62, 64, 66]);
    expect(cup.sizes[0].headDiametersMm).toEqual([28]); // 44 − 2·3 shell − 28 = 10 mm → 5 mm liner ≥ 4 mm; 32 would leave 3 mm
    expect(fam<{ diametersMm: number[]; neckLengthsMm: number[] }>('head')).toMatchObject({ diametersMm: [28, 32, 36], neckLengthsMm: [-3.5, 0, 3.5, 7] });
    expect(fam<StemFamily>('stem').sizes.map((s) => s.size)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    expect(fam<FemoralComponentFamily>('femoralComponent').sizes.length).toBeGreaterThan(4);
    expect(fam<TibialComponentFamily>('tibialComponent').insertThicknessesMm).toContain(10);
  });
  it('placeholder cup rule: the smallest cup whose inner radius exceeds the head radius + 2 mm', () => {
    const cup = fam<CupFamily>('cup');
    expect(cupInnerRadiusMm(cup, cup.sizes[0])).toBe(19); // 44/2 − 3
    expect(smallestCupForHead(cup, 24.5)!.size).toBe('60'); // inner 27 > 26.5; 58 has 26
    expect(smallestCupForHead(cup, 22)!.size).toBe('56'); // inner 25 > 24; 54 has 24 (not >)
    expect(smallestCupForHead(cup, 40)).toBeUndefined();
  });
  it('a bad catalogue names the field', () => {
    const bad = JSON.parse(JSON.stringify(raw));
    bad.families[0].sizes[0].headDiametersMm = [36];
    expect(() => parseImplantCatalogue(bad)).toThrow(JumeauError);
    expect(() => parseImplantCatalogue(bad)).toThrow('families[0].sizes[0].headDiametersMm[0]: a 36 mm head leaves a liner thinner than 4 mm in a 44 mm cup');
    const dup = JSON.parse(JSON.stringify(raw));
    dup.families[2].sizes[1].size = '1';
    expect(() => parseImplantCatalogue(dup)).toThrow('families[2].sizes[1].size: size "1" appears twice');
    const neg = JSON.parse(JSON.stringify(raw));
    neg.families[2].sizes[3].lengthMm = -5;
    expect(() => parseImplantCatalogue(neg)).toThrow('families[2].sizes[3].lengthMm: must be > 0, got -5');
  });
});

describe('implant meshes', () => {
  it('cup shell: closed, oriented, one shell, volume ≈ 2/3·π·(R³ − r³)', () => {
    const cup = fam<CupFamily>('cup');
    const size = cup.sizes.find((s) => s.size === '52')!;
    const q = checkMeshQuality(cupMesh(cup, size));
    expect(q.passed && q.closed && q.manifold && q.consistentlyOriented).toBe(true);
    expect(q.shellCount).toBe(1);
    expect(q.eulerCharacteristic).toBe(2);
    const exact = (2 / 3) * Math.PI * (26 ** 3 - 23 ** 3);
    expect(Math.abs(q.volumeMm3 / exact - 1)).toBeLessThan(0.02);
  });
  it('head sphere: closed, volume ≈ 4/3·π·R³', () => {
    const q = checkMeshQuality(headMesh(32));
    expect(q.passed).toBe(true);
    expect(Math.abs(q.volumeMm3 / ((4 / 3) * Math.PI * 16 ** 3) - 1)).toBeLessThan(0.02);
  });
  it('stem: body and neck shells each closed; head centre at the offset and the neck–shaft angle', () => {
    const stem = fam<StemFamily>('stem');
    const q = checkMeshQuality(stemMesh(stem, stem.sizes[5], 132, 40));
    expect(q.closed && q.manifold && q.consistentlyOriented).toBe(true);
    expect(q.shellCount).toBe(2);
    expect(q.shells.every((s) => s.volumeMm3 > 0 && s.eulerCharacteristic === 2)).toBe(true);
    const c = stemHeadCentreMm(40, 132);
    expect(c[0]).toBeCloseTo(40, 9);
    expect(c[2]).toBeCloseTo(40 / Math.tan((48 * Math.PI) / 180), 9); // 36.016 mm above the shoulder
    const longer = stemHeadCentreMm(40, 132, 3.5);
    expect(Math.hypot(longer[0] - c[0], longer[2] - c[2])).toBeCloseTo(3.5, 9);
  });
  it('knee components: closed shells', () => {
    const femQ = checkMeshQuality(femoralComponentMesh(fam<FemoralComponentFamily>('femoralComponent').sizes[0]));
    expect(femQ.closed && femQ.consistentlyOriented && femQ.shellCount === 3).toBe(true);
    const tib = fam<TibialComponentFamily>('tibialComponent');
    const tibQ = checkMeshQuality(tibialComponentMesh(tib, tib.sizes[0], 10));
    expect(tibQ.passed).toBe(true);
    expect(tibQ.volumeMm3).toBeGreaterThan(0);
  });
});
