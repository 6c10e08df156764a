// Hip plan edits as the workstation makes them: cup angles entered in the APP frame come back exactly
// from the metrics (and differ from the scanner frame by the pelvic tilt), head + stem make the ROM
// computable, a side change mirrors the cup to the other head, bad form values name their field.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PointLps } from '../../../src/core/vec3';
import { parseImplantCatalogue } from '../../../src/planning/implants';
import { cupAnglesOf, hipCupFrame, STEM_NOT_IN_CANAL_NOTE, withCup, withHeadAndStem, withLandmark, withSide } from '../../../src/planning/hipPlanEdits';
import { stemHeadCentreMm } from '../../../src/planning/implantMeshes';
import { prostheticImpingementRom } from '../../../src/planning/impingement';
import { PLAN_SCHEMA, type Plan } from '../../../src/planning/plan';
import { computePlanMetrics } from '../../../src/planning/planMetrics';
import { expectBadArgument, expectJumeauError } from '../../helpers/expectError';
import { REPO } from '../../helpers/sharedData';

const catalogue = parseImplantCatalogue(JSON.parse(readFileSync(path.join(REPO, 'assets', 'implants', 'generic.json'), 'utf8')));
const cupFamily = catalogue.families.find((f) => f.kind === 'cup')!.id;
const headFamily = catalogue.families.find((f) => f.kind === 'head')!.id;
const stemFamily = catalogue.families.find((f) => f.kind === 'stem')!.id;

/** A plan with both head centres; APP landmarks of a pelvis tilted `tiltDeg` (posterior) about x when asked. */
function base(tiltDeg: number | null): Plan {
  let p: Plan = {
    schema: PLAN_SCHEMA, anatomy: 'hip', side: 'L', source: { seriesInstanceUid: null, volumeSha256: '0'.repeat(64) },
    catalogue: { id: catalogue.id, version: catalogue.version }, landmarks: [], implants: [], resections: [],
  };
  p = withLandmark(p, 'femoralHeadCentreLeft', [90, 0, 0], 'auto', 'test');
  p = withLandmark(p, 'femoralHeadCentreRight', [-90, 0, 0], 'auto', 'test');
  if (tiltDeg === null) return p;
  // APP vertical in the scanner (tilt 0): ASIS at z = 60, y = −40; tubercles at z = −40, y = −40. Then rotate about x.
  const t = (tiltDeg * Math.PI) / 180;
  const rot = (q: PointLps): PointLps => [q[0], q[1] * Math.cos(t) + q[2] * Math.sin(t), -q[1] * Math.sin(t) + q[2] * Math.cos(t)];
  p = withLandmark(p, 'asisLeft', rot([120, -40, 60]), 'manual', 'test');
  p = withLandmark(p, 'asisRight', rot([-120, -40, 60]), 'manual', 'test');
  p = withLandmark(p, 'pubicTubercleLeft', rot([20, -40, -40]), 'manual', 'test');
  return withLandmark(p, 'pubicTubercleRight', rot([-20, -40, -40]), 'manual', 'test');
}

const cup = (inclinationDeg: number, anteversionDeg: number) => ({ familyId: cupFamily, size: '52', inclinationDeg, anteversionDeg });
const headStem = { headFamilyId: headFamily, headDiameterMm: 32, neckLengthMm: 0, stemFamilyId: stemFamily, stemSize: '5', neckShaftAngleDeg: 132, offsetMm: 39.2, versionDeg: 15 };

describe('hip plan edits', () => {
  it('cup angles entered in the APP frame come back from the metrics; the scanner angles differ by the tilt', () => {
    const tilted = withCup(base(10), cup(40, 15), catalogue);
    expect(hipCupFrame(tilted).frame).toBe('APP');
    const m = computePlanMetrics(tilted, { catalogue }).hip!.cupAngles;
    if (!m.available) throw new Error(m.reason);
    expect(m.value.frame).toBe('APP');
    expect(m.value.pelvicTiltDeg).toBeCloseTo(10, 9);
    expect(m.value.angles.radiographic.inclinationDeg).toBeCloseTo(40, 9);
    expect(m.value.angles.radiographic.anteversionDeg).toBeCloseTo(15, 9);
    expect(cupAnglesOf(tilted)).toMatchObject({ frame: 'APP' });
    expect(cupAnglesOf(tilted)!.anteversionDeg).toBeCloseTo(15, 9);
    // The same numbers in the scanner frame give another axis: the anteversion seen by the scanner shifts.
    const scanner = withCup(base(null), cup(40, 15), catalogue);
    const ms = computePlanMetrics(scanner, { catalogue }).hip!.cupAngles;
    if (!ms.available) throw new Error(ms.reason);
    expect(ms.value.frame).toBe('scanner');
    const a = tilted.implants[0].pose.axisLps, b = scanner.implants[0].pose.axisLps;
    const deg = (Math.acos(a[0] * b[0] + a[1] * b[1] + a[2] * b[2]) * 180) / Math.PI;
    expect(deg).toBeGreaterThan(3);
    expect(deg).toBeLessThan(10.001);
    // The cup sits at the operated (left) head centre.
    expect(tilted.implants[0].pose.positionLps).toEqual([90, 0, 0]);
  });

  it('head and stem make the prosthetic ROM computable, equal to the kernel with the same inputs', () => {
    const plan = withHeadAndStem(withCup(base(10), cup(40, 15), catalogue), headStem, catalogue);
    const rom = computePlanMetrics(plan, { catalogue }).hip!.prostheticRom;
    if (!rom.available) throw new Error(rom.reason);
    const neck = (catalogue.families.find((f) => f.kind === 'stem') as { neckDiameterMm: number }).neckDiameterMm;
    const direct = prostheticImpingementRom({ side: 'L', cup: { definition: 'radiographic', inclinationDeg: 40, anteversionDeg: 15 }, stemAnteversionDeg: 15, ccdDeg: 132, headRadiusMm: 16, neckRadiusMm: neck / 2 });
    for (const k of Object.keys(direct.limits) as (keyof typeof direct.limits)[]) {
      const x = rom.value.limits[k], y = direct.limits[k];
      if (x === null || y === null) expect(x).toBe(y);
      else expect(x).toBeCloseTo(y, 6);
    }
    expect(rom.value.targets.length).toBeGreaterThan(0);
    expect(plan.notes?.some((n) => /stem position in the canal not planned/.test(n))).toBe(true);
    // An edit of a sealed plan drops the stale metrics and integrity record.
    const sealedLike = { ...plan, metrics: { stale: true }, integrity: { algorithm: 'SHA-256' as const, canonicalization: 'RFC 8785' as const, inputsSha256: 'f'.repeat(64) } };
    const edited = withSide(sealedLike, 'R');
    expect(edited.metrics).toBeUndefined();
    expect(edited.integrity).toBeUndefined();
  });

  it('a side change moves the cup to the other head with the same angles', () => {
    const left = withHeadAndStem(withCup(base(10), cup(45, 20), catalogue), headStem, catalogue);
    const right = withSide(left, 'R');
    expect(right.implants.find((i) => i.role === 'cup')!.pose.positionLps).toEqual([-90, 0, 0]);
    expect(right.implants.find((i) => i.role === 'head')!.pose.positionLps).toEqual([-90, 0, 0]);
    const m = computePlanMetrics(right, { catalogue }).hip!.cupAngles;
    if (!m.available) throw new Error(m.reason);
    expect(m.value.angles.radiographic.inclinationDeg).toBeCloseTo(45, 9);
    expect(m.value.angles.radiographic.anteversionDeg).toBeCloseTo(20, 9);
    expect(computePlanMetrics(right, { catalogue }).warnings).toEqual([]);
  });

  it('refuses values outside the catalogue or range, naming the field', () => {
    const p = base(null);
    expectBadArgument(() => withCup(p, { ...cup(40, 15), size: '45' }, catalogue), 'cup size');
    expectBadArgument(() => withCup(p, cup(95, 15), catalogue), 'inclination');
    expectBadArgument(() => withCup(p, cup(40, Number.NaN), catalogue), 'anteversion');
    const withCupPlan = withCup(p, cup(40, 15), catalogue);
    expectBadArgument(() => withHeadAndStem(withCupPlan, { ...headStem, headDiameterMm: 40 }, catalogue), 'head diameter');
    expectBadArgument(() => withHeadAndStem(withCupPlan, { ...headStem, stemSize: '99' }, catalogue), 'stem size');
    expectBadArgument(() => withHeadAndStem(withCupPlan, { ...headStem, neckShaftAngleDeg: 140 }, catalogue), 'neck-shaft angle');
    expectJumeauError(() => withHeadAndStem(p, headStem, catalogue), 'MISSING_INPUT', { subject: 'cup' });
    const noHead: Plan = { ...p, landmarks: [] };
    expectJumeauError(() => withCup(noHead, cup(40, 15), catalogue), 'MISSING_INPUT', { subject: 'femoralHeadCentreLeft' });
    expectBadArgument(() => withLandmark(p, 'asisLeft', [1, Number.NaN, 2], 'manual', 'x'), 'asisLeft');
  });
});

describe('withHeadAndStem keeps a stem planned in the canal', () => {
  it('a new offset moves the shoulder along the same axis so the stem head centre stays at the cup centre height', () => {
    const edit = withHeadAndStem;
    const cat = parseImplantCatalogue(JSON.parse(readFileSync(new URL('../../../assets/implants/generic.json', import.meta.url), 'utf8')));
    const base = {
      schema: 'jumeau.plan/1' as const, anatomy: 'hip' as const, side: 'R' as const, source: { seriesInstanceUid: null, volumeSha256: '0'.repeat(64) }, landmarks: [], resections: [],
      implants: [{ role: 'cup' as const, familyId: 'generic-cup-hemispherical', size: '52', pose: { positionLps: [-80, 0, 0] as [number, number, number], axisLps: [-0.6, -0.3, -0.74] as [number, number, number] } }],
    };
    const input = { headFamilyId: 'generic-head', headDiameterMm: 32, neckLengthMm: 0, stemFamilyId: 'generic-stem-tapered', stemSize: '5', neckShaftAngleDeg: 132, offsetMm: 39.2, versionDeg: 15 };
    const axis: [number, number, number] = [-0.1, 0, Math.sqrt(0.99)];
    const p1 = edit(base, { ...input, stemPose: { positionLps: [-115, 5, -40], axisLps: axis, referenceLps: [1, 0, 0] } }, cat);
    expect(p1.notes ?? []).not.toContain(STEM_NOT_IN_CANAL_NOTE);
    const p2 = edit(p1, { ...input, stemSize: '6', offsetMm: 46 }, cat);
    const s2 = p2.implants.find((i) => i.role === 'stem')!.pose;
    expect(s2.axisLps).toEqual(axis);
    expect(s2.referenceLps).toEqual([1, 0, 0]);
    const t = [0, 1, 2].reduce((acc, n) => acc + ([-80, 0, 0][n] - s2.positionLps[n]) * axis[n], 0);
    expect(t).toBeCloseTo(stemHeadCentreMm(46, 132)[2], 9);
    // A stem never placed in the canal keeps the note.
    const p3 = edit(base, input, cat);
    expect(p3.notes).toContain(STEM_NOT_IN_CANAL_NOTE);
  });
});
