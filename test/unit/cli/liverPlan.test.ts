// `jumeau plan <liverplan.json> --labels <labels.nii.gz>` as a user runs it: the liver plan is
// recomputed headless from the NIfTI labels (written as the workstation writes them), the stored
// metrics and the hash match; a tampered plan, labels on another grid, or no --labels exit 2 with the
// reason; the hip path is untouched (its own tests).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { LIVER_PLAN_SCHEMA, computeLiverPlanMetrics, gridOfGeometry, labelsSha256, prepareLiverPlan, sealLiverPlan, type LiverPlan } from '../../../src/planning/liver/liverPlanFile';
import { writeNifti1 } from '../../../src/volume/niftiWrite';
import { REPO } from '../../helpers/sharedData';
import { cubeGrid, paintSphere } from '../planning/liver/fixtures';

function jumeau(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [path.join(REPO, 'bin', 'jumeau.mjs'), ...args], { cwd: REPO, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('jumeau plan (liver)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'jumeau-liverplan-'));
  const write = (name: string, value: unknown) => {
    const file = path.join(dir, name);
    writeFileSync(file, typeof value === 'string' || value instanceof Uint8Array ? value : JSON.stringify(value, null, 2));
    return file;
  };
  // Sphere liver R 80 mm, tumour r 15 mm at (60, 0, 0); a non-identity origin (as a CT's) on a 2 mm grid.
  const m = paintSphere(cubeGrid(90, 2, 44.5), [0, 0, 0], 80, 1);
  paintSphere(m, [60, 0, 0], 15, 4);
  const { data: labels, ...grid } = m;
  let sealed: LiverPlan;
  let labelsFile = '';
  beforeAll(async () => {
    labelsFile = write('labels.nii.gz', gzipSync(writeNifti1({ ...grid, data: labels })));
    const plan: LiverPlan = {
      schema: LIVER_PLAN_SCHEMA,
      source: { seriesInstanceUid: '1.2.3.4', volumeSha256: 'b'.repeat(64), labelsSha256: await labelsSha256(labels) },
      grid: gridOfGeometry(grid),
      segments: [{ label: 1, name: 'liver', role: 'liver' }, { label: 4, name: 'tumour 1', role: 'tumour' }],
      surfaces: [{ name: 'Plane 1', kind: 'plane', pointLps: [30, 0, 0], normalLps: [1, 0, 0], resectedSide: 'positive' }],
      patient: { heightCm: 175, weightKg: 75 }, liverCondition: 'normal', safetyMarginMm: 10, territoryBranches: [],
    };
    const ctx = prepareLiverPlan(grid, labels, plan.segments);
    sealed = JSON.parse(JSON.stringify(await sealLiverPlan(plan, computeLiverPlanMetrics(ctx, plan).metrics)));
  });

  it('a sealed liver plan with its labels: exit 0, metrics recomputed, stored metrics, labels and hash match', () => {
    const r = jumeau('plan', write('liverplan.json', sealed), '--labels', labelsFile, '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.schema).toBe('jumeau.liverPlanCheck/1');
    expect([j.integrity.status, j.labels.status, j.storedMetrics.status]).toEqual(['match', 'match', 'match']);
    expect(j.metrics.resection.value.resectedMl).toBeCloseTo(497.4, -1);
    expect(j.metrics.flrStandardized.value.tlvUsed.tlvMl).toBeCloseTo(1625.3, 1);
    const text = jumeau('plan', write('liverplan.json', sealed), '--labels', labelsFile);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/resection: resected \d+\.\d mL/);
    expect(text.stdout).toMatch(/margins: tumour 1 1\d\.\d\d mm \(resected\) pass/);
    expect(text.stdout).toMatch(/territories: missing — MISSING_SEGMENT/);
    expect(text.stdout).toMatch(/integrity: ok/);
  });

  it('a tampered plan exits 2 naming the integrity hash', () => {
    const r = jumeau('plan', write('tampered.json', { ...sealed, safetyMarginMm: 5 }), '--labels', labelsFile);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^jumeau: tampered\.json: integrity\.inputsSha256: the plan's inputs hash to [0-9a-f]{64}, not the stored/);
  });

  it('labels on another grid exit 2; no --labels exits 2; a bad field is named', () => {
    const other = write('other.nii.gz', gzipSync(writeNifti1({ ...grid, spacing: [2.5, 2.5, 2.5], data: labels })));
    const r = jumeau('plan', write('liverplan.json', sealed), '--labels', other);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^jumeau: other\.nii\.gz: labels: grid 90×90×90 voxels, spacing 2\.5×2\.5×2\.5 mm.* is not the plan's grid .*: these are not the labels the plan was made on/);
    const none = jumeau('plan', write('liverplan.json', sealed));
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^jumeau: --labels: liverplan\.json is a liver plan: give the labels it was made on with --labels/);
    const bad = jumeau('plan', write('bad.json', { ...sealed, patient: { heightCm: 1.75, weightKg: 75 } }), '--labels', labelsFile);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^jumeau: bad\.json: patient\.heightCm: must be within \[50, 250\], got 1\.75/);
  });
});
