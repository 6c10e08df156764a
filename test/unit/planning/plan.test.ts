// Plan schema jumeau.plan/1: parsing with named fields, metrics recomputed from the brief's cases, missing metrics with reasons.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { JumeauError } from '../../../src/core/errors';
import { parseImplantCatalogue } from '../../../src/planning/implants';
import { parsePlan, type Plan } from '../../../src/planning/plan';
import { checkPlanImplants } from '../../../src/planning/planIntegrity';
import { computePlanMetrics } from '../../../src/planning/planMetrics';
import { REPO } from '../../helpers/sharedData';
import { hipPlan, kneePlan } from './planFixtures';

const catalogue = parseImplantCatalogue(JSON.parse(readFileSync(path.join(REPO, 'assets', 'implants', 'generic.json'), 'utf8')));
const clone = (p: Plan): Record<string, unknown> => JSON.parse(JSON.stringify(p));

function subjectOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    if (e instanceof JumeauError) return `${e.code} ${e.subject}: ${e.message}`;
    throw e;
  }
  return undefined;
}

describe('parsePlan', () => {
  it('a valid plan parses to the same object (JSON round trip is lossless)', () => {
    const plan = hipPlan();
    const parsed = parsePlan(JSON.parse(JSON.stringify(plan)));
    expect(parsed).toEqual(plan);
    expect(parsePlan(JSON.parse(JSON.stringify(parsed)))).toEqual(parsed);
  });
  it('names the field at fault', () => {
    const missingPoint = clone(hipPlan());
    delete (missingPoint.landmarks as Record<string, unknown>[])[2].pointLps;
    expect(subjectOf(() => parsePlan(missingPoint))).toBe('BAD_ARGUMENT landmarks[2].pointLps: landmarks[2].pointLps: is missing');
    const nan = clone(hipPlan());
    (nan.landmarks as { pointLps: unknown[] }[])[4].pointLps[1] = 'x';
    expect(subjectOf(() => parsePlan(nan))).toMatch(/^BAD_ARGUMENT landmarks\[4\]\.pointLps\[1\]: .*must be a finite number/);
    const typo = clone(hipPlan());
    (typo.implants as Record<string, unknown>[])[0].sise = '52';
    expect(subjectOf(() => parsePlan(typo))).toMatch(/^BAD_ARGUMENT implants\[0\]\.sise: .*not a field/);
    const badHash = clone(hipPlan());
    (badHash.source as Record<string, unknown>).volumeSha256 = 'abc';
    expect(subjectOf(() => parsePlan(badHash))).toMatch(/^BAD_ARGUMENT source\.volumeSha256: .*64 lower-case hex/);
    const noSchema = clone(hipPlan());
    delete noSchema.schema;
    expect(subjectOf(() => parsePlan(noSchema))).toBe('BAD_ARGUMENT schema: schema: is missing');
    const badName = clone(hipPlan());
    (badName.landmarks as { name: string }[])[0].name = 'asis';
    expect(subjectOf(() => parsePlan(badName))).toMatch(/^BAD_ARGUMENT landmarks\[0\]\.name: .*not a known landmark/);
  });
  it('refuses left and right swapped (left ASIS at −x)', () => {
    const swapped = clone(hipPlan());
    const l = swapped.landmarks as { name: string }[];
    l[0].name = 'asisLeft';
    l[1].name = 'asisRight';
    expect(subjectOf(() => parsePlan(swapped))).toMatch(/^BAD_ARGUMENT landmarks\[0\]\.pointLps: .*left and right swapped/);
  });
  it('refuses an implant size or option the catalogue does not offer, naming it', () => {
    const plan = hipPlan();
    plan.implants[0].size = '53';
    expect(subjectOf(() => checkPlanImplants(plan, catalogue))).toMatch(/^BAD_ARGUMENT implants\[0\]\.size: .*not in family generic-cup-hemispherical/);
    const neck = hipPlan();
    neck.implants[1].options = { neckLengthMm: 5 };
    expect(subjectOf(() => checkPlanImplants(neck, catalogue))).toMatch(/^BAD_ARGUMENT implants\[1\]\.options\.neckLengthMm: .*5 is not offered \(options: -3\.5, 0, 3\.5, 7\)/);
    const head = hipPlan();
    head.implants[0].size = '46';
    head.implants[1].size = '36';
    expect(subjectOf(() => checkPlanImplants(head, catalogue))).toMatch(/^BAD_ARGUMENT implants\[1\]\.size: .*a 36 mm head does not fit cup 46 \(heads: 28, 32 mm\)/);
    expect(() => checkPlanImplants(hipPlan(), catalogue)).not.toThrow();
  });
});

describe('computePlanMetrics: hip', () => {
  it('cup angles in the APP frame (HIP-03: 40/15, not the scanner-frame 42.416/23.001), all three definitions, Lewinnek inside', () => {
    const m = computePlanMetrics(hipPlan(), { catalogue }).hip!;
    if (!m.cupAngles.available) throw new Error(m.cupAngles.reason);
    const a = m.cupAngles.value;
    expect(a.frame).toBe('APP');
    expect(a.pelvicTiltDeg).toBeCloseTo(10.62, 2);
    expect(a.angles.radiographic.inclinationDeg).toBeCloseTo(40, 3);
    expect(a.angles.radiographic.anteversionDeg).toBeCloseTo(15, 3);
    // HIP-01 (40, 15) → AI 42.274, AA 22.629, OI 38.381, OA 19.279.
    expect(a.angles.anatomic.inclinationDeg).toBeCloseTo(42.274, 2);
    expect(a.angles.anatomic.anteversionDeg).toBeCloseTo(22.629, 2);
    expect(a.angles.operative.inclinationDeg).toBeCloseTo(38.381, 2);
    expect(a.angles.operative.anteversionDeg).toBeCloseTo(19.279, 2);
    expect(m.safeZone.available && m.safeZone.value.inside).toBe(true);
  });
  it('without APP landmarks the angles are in the scanner frame and say so (HIP-03 bug values 42.416/23.001)', () => {
    const plan = hipPlan();
    plan.landmarks = plan.landmarks.filter((l) => !/^(asis|pubic)/.test(l.name));
    const m = computePlanMetrics(plan, { catalogue }).hip!;
    if (!m.cupAngles.available) throw new Error(m.cupAngles.reason);
    expect(m.cupAngles.value.frame).toBe('scanner');
    expect(m.cupAngles.value.pelvicTiltDeg).toBeNull();
    expect(m.cupAngles.value.angles.radiographic.inclinationDeg).toBeCloseTo(42.416, 2);
    expect(m.cupAngles.value.angles.radiographic.anteversionDeg).toBeCloseTo(23.001, 2);
  });
  it('leg length and offset (HIP-10, scanner axes): ΔLL +3, ΔAO −4, ΔFO +5, ΔGO +1 mm', () => {
    const plan = hipPlan();
    plan.landmarks = plan.landmarks.filter((l) => !/^(asis|pubic)/.test(l.name));
    const m = computePlanMetrics(plan, { catalogue }).hip!;
    if (!m.legLengthOffset.available) throw new Error(m.legLengthOffset.reason);
    const v = m.legLengthOffset.value;
    expect(v.acetabularLengthMm).toBeCloseTo(-3, 9);
    expect(v.femoralLengthMm).toBeCloseTo(6, 9);
    expect(v.legLengthMm).toBeCloseTo(3, 9);
    expect(v.acetabularOffsetMm).toBeCloseTo(-4, 9);
    expect(v.femoralOffsetMm).toBeCloseTo(5, 9);
    expect(v.globalOffsetMm).toBeCloseTo(1, 9);
  });
  it('prosthetic ROM from the cup axis, head size and the catalogue neck (HIP-09 row 1: 40/15, AV 15, CCD 135, R 16, r 6)', () => {
    const plan = hipPlan();
    plan.implants[2].options = { neckShaftAngleDeg: 135, offsetMm: 40, versionDeg: 15 };
    const m = computePlanMetrics(plan, { catalogue }).hip!;
    if (!m.prostheticRom.available) throw new Error(m.prostheticRom.reason);
    const l = m.prostheticRom.value.limits;
    expect(m.prostheticRom.value.alphaMaxDeg).toBeCloseTo(67.98, 2);
    expect(l.flexionDeg!).toBeCloseTo(128.71, 1);
    expect(l.extensionDeg!).toBeCloseTo(61.13, 1);
    expect(l.internalRotationAt90FlexionDeg!).toBeCloseTo(38.67, 1);
    expect(l.externalRotationAt0Deg!).toBeCloseTo(70.53, 1);
    expect(l.abductionDeg!).toBeCloseTo(59.58, 1);
    expect(m.prostheticRom.value.targets.every((t) => t.met)).toBe(true);
  });
  it('a metric that cannot be computed is missing with its reason, never 0', () => {
    const plan = hipPlan();
    plan.landmarks = plan.landmarks.filter((l) => !l.name.startsWith('femoralShaftAxisProximal'));
    const m = computePlanMetrics(plan).hip!;
    expect(m.legLengthOffset).toEqual({ available: false, reason: 'landmark femoralShaftAxisProximalRight missing' });
    expect(m.prostheticRom).toEqual({ available: false, reason: 'needs the neck diameter from the implant catalogue (none given)' });
    const noCup = hipPlan();
    noCup.implants = noCup.implants.filter((i) => i.role !== 'cup');
    const n = computePlanMetrics(noCup, { catalogue }).hip!;
    expect(n.cupAngles).toEqual({ available: false, reason: 'no cup in the plan' });
    expect(n.safeZone).toEqual({ available: false, reason: 'needs the cup angles (no cup in the plan)' });
    expect(n.prostheticRom.available).toBe(false);
  });
  it('warns when the cup sits at the other hip', () => {
    const plan = hipPlan();
    plan.implants[0].pose.positionLps = [93, 5, 851];
    expect(computePlanMetrics(plan, { catalogue }).warnings).toEqual(['the cup (side R) is nearer the left femoral head: side mismatch?']);
  });
});

describe('computePlanMetrics: knee', () => {
  it('HKA (KNEE-01), resections (KNEE-02/03), rotation (KNEE-04) and gaps from them', () => {
    const m = computePlanMetrics(kneePlan(), { catalogue }).knee!;
    if (!m.hka.available || !m.distalFemoralResection.available || !m.proximalTibialResection.available || !m.femoralRotation.available || !m.gaps.available) {
      throw new Error(JSON.stringify(m));
    }
    expect(m.hka.value.coronalHkaDeg).toBeCloseTo(177.97, 3);
    expect(m.hka.value.alignment).toBe('varus');
    expect(m.distalFemoralResection.value.resectionMm.medial).toBeCloseTo(9, 3);
    expect(m.distalFemoralResection.value.resectionMm.lateral).toBeCloseTo(6.535, 3);
    expect(m.proximalTibialResection.value.resectionMm.lateral).toBeCloseTo(9, 3);
    expect(m.proximalTibialResection.value.resectionMm.medial).toBeCloseTo(4.038, 3);
    expect(m.femoralRotation.value.pcaToTeaAboutProximalFmaDeg).toBeCloseTo(3.5, 2);
    // gap = joint space + femoral + tibial resection; laxity = gap − (9 + 3 + 10).
    expect(m.gaps.value.extension.gapMm.medial).toBeCloseTo(2 + 9 + 4.038, 3);
    expect(m.gaps.value.extension.gapMm.lateral).toBeCloseTo(4 + 6.535 + 9, 3);
    expect(m.gaps.value.extension.laxityMm.medial).toBeCloseTo(15.038 - 22, 3);
    expect(m.gaps.value.extension.tight).toEqual(['medial', 'lateral']);
  });
  it('missing landmarks and inputs are named', () => {
    const plan = kneePlan();
    plan.landmarks = plan.landmarks.filter((l) => l.name !== 'ankleCentreRight');
    delete plan.measurements;
    const m = computePlanMetrics(plan, { catalogue }).knee!;
    expect(m.hka).toEqual({ available: false, reason: 'landmark ankleCentreRight missing' });
    expect(m.proximalTibialResection).toEqual({ available: false, reason: 'landmark ankleCentreRight missing' });
    expect(m.gaps).toEqual({ available: false, reason: 'no stressed joint-space measurement (measurements.kneeJointSpaceMm)' });
    expect(m.distalFemoralResection.available).toBe(true);
  });
});
