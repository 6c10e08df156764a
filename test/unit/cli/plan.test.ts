// `jumeau plan` as a user runs it: metrics recomputed headless, bad fields named, tampering detected.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { sealPlan } from '../../../src/planning/planIntegrity';
import { parseImplantCatalogue } from '../../../src/planning/implants';
import { REPO } from '../../helpers/sharedData';
import { hipPlan } from '../planning/planFixtures';

function jumeau(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [path.join(REPO, 'bin', 'jumeau.mjs'), ...args], { cwd: REPO, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('jumeau plan', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'jumeau-plan-'));
  let sealed: Record<string, unknown>;
  const write = (name: string, value: unknown) => {
    const file = path.join(dir, name);
    writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value, null, 2));
    return file;
  };
  beforeAll(async () => {
    const catalogue = parseImplantCatalogue(JSON.parse(readFileSync(path.join(REPO, 'assets', 'implants', 'generic.json'), 'utf8')));
    sealed = JSON.parse(JSON.stringify(await sealPlan(hipPlan(), { catalogue })));
  });

  it('a sealed plan: exit 0, metrics recomputed, stored metrics and hash match (JSON)', () => {
    const r = jumeau('plan', write('plan.json', sealed), '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.schema).toBe('jumeau.planCheck/1');
    expect(j.integrity.status).toBe('match');
    expect(j.integrity.computedInputsSha256).toBe((sealed.integrity as { inputsSha256: string }).inputsSha256);
    expect(j.storedMetrics).toEqual({ status: 'match', differences: [] });
    expect(j.metrics.hip.cupAngles.value.angles.radiographic.inclinationDeg).toBeCloseTo(40, 3);
    // HIP-10 geometry, but in the APP frame tilted 10.62°: ΔL_acet = −(4, 0, 3)·Z with Z = (0, 15, 80)/√6625, so ΔLL = 6 − 240/√6625 (not HIP-10's +3).
    expect(j.metrics.hip.legLengthOffset.value.legLengthMm).toBeCloseTo(6 - 240 / Math.hypot(80, 15), 9);
  });

  it('human output: one line per metric, missing ones with their reason', () => {
    const plan = JSON.parse(JSON.stringify(sealed));
    delete plan.metrics;
    delete plan.integrity;
    plan.implants = plan.implants.filter((i: { role: string }) => i.role !== 'stem');
    const r = jumeau('plan', write('nostem.json', plan));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('cup angles: radiographic 40.00°/15.00°, operative 38.38°/19.28°, anatomic 42.27°/22.63° (inclination/anteversion, APP frame, pelvic tilt 10.62°)');
    expect(r.stdout).toContain('safe zone: Lewinnek inside');
    expect(r.stdout).toContain('prosthetic ROM: missing — needs the stem neck (no stem in the plan)');
    expect(r.stdout).toContain('stored metrics: absent');
    expect(r.stdout).toContain('integrity: no integrity record (unsealed plan)');
  });

  it('a landmark moved after sealing: exit 2, one line naming the file and the integrity field', () => {
    const plan = JSON.parse(JSON.stringify(sealed));
    plan.landmarks[4].pointLps[0] -= 1;
    const r = jumeau('plan', write('moved.json', plan));
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('integrity: MISMATCH');
    expect(r.stdout).toMatch(/stored metrics: DIFFER .*\n {2}metrics\.hip\.legLengthOffset\.value\./);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^jumeau: moved\.json: integrity\.inputsSha256: the plan's inputs hash to [0-9a-f]{64}, not the stored [0-9a-f]{64}/);
  });

  it('bad input: exit 2 with one line naming the file and the field', () => {
    const missing = JSON.parse(JSON.stringify(sealed));
    delete missing.landmarks[2].pointLps;
    let r = jumeau('plan', write('missing.json', missing));
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('jumeau: missing.json: landmarks[2].pointLps: is missing');
    const size = JSON.parse(JSON.stringify(sealed));
    size.implants[0].size = '53';
    r = jumeau('plan', write('size.json', size));
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(/^jumeau: size\.json: implants\[0\]\.size: size "53" is not in family generic-cup-hemispherical \(sizes: 44, 46,/);
    r = jumeau('plan', write('broken.json', '{"schema": "jumeau.plan/1",'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^jumeau: .*broken\.json: not JSON/);
    r = jumeau('plan', path.join(dir, 'nope.json'));
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`jumeau: ${path.join(dir, 'nope.json')}: no such file`);
  });
});
