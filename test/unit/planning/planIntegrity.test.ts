// Plan integrity (brief §9.2, SEC-01…03): canonical JSON, SHA-256 via WebCrypto, sealed plans, tampering detected.
import { describe, expect, it } from 'vitest';
import { canonicalJson, canonicalSha256, sha256Hex } from '../../../src/planning/canonicalJson';
import { parsePlan } from '../../../src/planning/plan';
import { checkPlan, planInputsSha256, sealPlan } from '../../../src/planning/planIntegrity';
import { hipPlan } from './planFixtures';

describe('canonical JSON and SHA-256', () => {
  it('SEC-01: SHA-256("abc") and of ""', async () => {
    expect(await sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(await sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
  it('SEC-02: {"b":1,"a":[1.0,"x"]} → {"a":[1,"x"],"b":1} and its hash', async () => {
    const v = JSON.parse('{"b":1,"a":[1.0,"x"]}');
    expect(canonicalJson(v)).toBe('{"a":[1,"x"],"b":1}');
    expect(await canonicalSha256(v)).toBe('a88dede55f330dbae7d6c99cb78c43213f114625ed11c8fd0b769d117c06bb50');
  });
  it('SEC-03: the brief’s plan hash', async () => {
    const v = { schema: 'hipplan/1', patientPseudoId: 'TWIN-0001', cup: { centre_lps_mm: [-92.5, -10, 850], RI_deg: 40, RA_deg: 15 } };
    expect(await canonicalSha256(v)).toBe('416e2f55c12b7cdc4cedb163db076b44c4fdaafa50baee148d61f64cc5a9ea45');
  });
  it('keys sort by UTF-16 code units, numbers in ECMAScript form, non-JSON values refused with their path', () => {
    expect(canonicalJson({ b: 1e21, a: -0, A: 0.1, é: 'é', '\u20ac': 1, '\ud83d\ude00': 2 })).toBe('{"A":0.1,"a":0,"b":1e+21,"é":"é","€":1,"😀":2}') // U+20AC < U+D83D (RFC 8785 §3.2.3);
    expect(() => canonicalJson({ x: [1, NaN] })).toThrow('$.x[1]: NaN has no JSON form');
  });
});

describe('sealed plans', () => {
  it('a sealed plan round-trips through JSON: hash matches, stored metrics equal the recomputation', async () => {
    const sealed = await sealPlan(hipPlan());
    const back = parsePlan(JSON.parse(JSON.stringify(sealed)));
    const check = await checkPlan(back);
    expect(check.integrity).toBe('match');
    expect(check.storedMetrics).toBe('match');
    expect(check.differences).toEqual([]);
    expect(sealed.integrity!.inputsSha256).toBe(await planInputsSha256(hipPlan()));
    // The hash covers the inputs, not their key order or the metrics.
    const reordered = JSON.parse(JSON.stringify(Object.fromEntries(Object.entries(sealed).reverse())));
    expect(await planInputsSha256(parsePlan(reordered))).toBe(sealed.integrity!.inputsSha256);
  });
  it('a landmark moved by 0.1 mm after sealing breaks the hash', async () => {
    const sealed = JSON.parse(JSON.stringify(await sealPlan(hipPlan())));
    sealed.landmarks[4].pointLps[2] += 0.1;
    const check = await checkPlan(parsePlan(sealed));
    expect(check.integrity).toBe('mismatch');
    expect(check.computedInputsSha256).not.toBe(check.storedInputsSha256);
  });
  it('edited stored metrics are reported with their path (the hash still matches: metrics are derived)', async () => {
    const sealed = JSON.parse(JSON.stringify(await sealPlan(hipPlan())));
    sealed.metrics.hip.cupAngles.value.angles.radiographic.inclinationDeg = 45;
    const check = await checkPlan(parsePlan(sealed));
    expect(check.integrity).toBe('match');
    expect(check.storedMetrics).toBe('differ');
    expect(check.differences.map((d) => d.path)).toEqual(['metrics.hip.cupAngles.value.angles.radiographic.inclinationDeg']);
    expect(check.differences[0].stored).toBe(45);
    expect(check.differences[0].recomputed as number).toBeCloseTo(40, 3);
  });
});
