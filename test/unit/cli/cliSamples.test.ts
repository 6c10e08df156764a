// End to end in Node on a generated phantom: DICOM → `jumeau build` → volume.nii.gz, checked against the
// phantom's own ground truth (geometry from case.json, labels.nii.gz, landmarks in LPS).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateSamples } from '../../../scripts/generate-samples';
import { readImageFileNode } from '../../../src/cli/imageFiles';
import { lpsToIndex, type Volume } from '../../../src/volume/volume';
import type { Vec3 } from '../../../src/core/vec3';
import { REPO } from '../../helpers/sharedData';

const valueAtLps = (v: Volume, p: Vec3): number => {
  const [i, j, k] = lpsToIndex(v, p).map(Math.round);
  return v.data[i + v.size[0] * (j + v.size[1] * k)];
};

describe('jumeau build on the generated hip phantom', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'jumeau-hip-'));
  let caseJson: { geometry: { size: number[]; spacingMm: number[]; originLps: number[]; direction: number[] }; landmarksLps: Record<string, Vec3>; segments: { label: number; name: string; voxelCount: number }[] };
  let report: { volume: { size: number[]; spacing: number[]; origin: number[]; direction: number[]; orientation: string; unit: string }; warnings: unknown[] };
  let volume: Volume;
  let labels: Volume;

  beforeAll(async () => {
    await generateSamples({ outDir: path.join(dir, 'samples'), cases: ['hip'] });
    const hip = path.join(dir, 'samples', 'hip');
    caseJson = JSON.parse(readFileSync(path.join(hip, 'case.json'), 'utf8'));
    const r = spawnSync(process.execPath, [path.join(REPO, 'bin', 'jumeau.mjs'), 'build', path.join(hip, 'dicom'), '--out', path.join(dir, 'out'), '--json'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    report = JSON.parse(r.stdout);
    volume = await readImageFileNode(path.join(dir, 'out', 'volume.nii.gz'), 'HU');
    labels = await readImageFileNode(path.join(hip, 'labels.nii.gz'), 'label');
  }, 120_000);

  it('report geometry equals the phantom geometry, with no warning', () => {
    expect(report.volume.size).toEqual(caseJson.geometry.size);
    expect(report.volume.spacing).toEqual(caseJson.geometry.spacingMm);
    expect(report.volume.origin).toEqual(caseJson.geometry.originLps);
    expect(report.volume.direction).toEqual(caseJson.geometry.direction);
    expect(report.volume.orientation).toBe('LPS');
    expect(report.volume.unit).toBe('HU');
    expect(report.warnings).toEqual([]);
  });

  it('volume.nii.gz and labels.nii.gz share the grid and left is left', () => {
    expect(volume.size).toEqual(labels.size);
    volume.origin.forEach((x, a) => expect(x).toBeCloseTo(labels.origin[a], 4));
    const femurLeft = caseJson.segments.find((s) => s.name === 'femur left')!.label;
    const femurRight = caseJson.segments.find((s) => s.name === 'femur right')!.label;
    const headL = caseJson.landmarksLps.femoralHeadCentreLeft;
    const headR = caseJson.landmarksLps.femoralHeadCentreRight;
    expect(headL[0]).toBeGreaterThan(0); // patient left is +x in LPS
    expect(valueAtLps(labels, headL)).toBe(femurLeft);
    expect(valueAtLps(labels, headR)).toBe(femurRight);
    // The head centre is cancellous bone (≈ 260 HU) in the CT the CLI built.
    expect(valueAtLps(volume, headL)).toBeGreaterThan(150);
    expect(valueAtLps(volume, headL)).toBeLessThan(400);
  });

  it('inspect reports the series window from the DICOM (bone window 400/1800 HU)', () => {
    const r = spawnSync(process.execPath, [path.join(REPO, 'bin', 'jumeau.mjs'), 'inspect', path.join(dir, 'samples', 'hip'), '--json'], { encoding: 'utf8' });
    const j = JSON.parse(r.stdout);
    expect(j.series[0].window).toEqual({ center: 400, width: 1800 });
    expect(j.images.map((i: { file: string }) => i.file)).toEqual(['labels.nii.gz']);
  });

  it('label voxel counts in labels.nii.gz match case.json', () => {
    for (const s of caseJson.segments) {
      let n = 0;
      for (let q = 0; q < labels.data.length; q++) if (labels.data[q] === s.label) n++;
      expect(n).toBe(s.voxelCount);
    }
  });
});
