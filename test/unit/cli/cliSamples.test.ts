// End to end in Node on a generated phantom: DICOM → `jumeau build` → volume.nii.gz, checked against the
// phantom's own ground truth (geometry from case.json, labels.nii.gz, landmarks in LPS).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateSamples } from '../../../scripts/generate-samples';
import { readImageFileNode } from '../../../src/cli/imageFiles';
import { readStlBinary } from '../../../src/meshing/stl';
import { readGlb } from '../meshing/glbReader';
import { lpsToIndex, type Volume } from '../../../src/volume/volume';
import type { Vec3 } from '../../../src/core/vec3';
import { REPO } from '../../helpers/sharedData';
import { parsePlan } from '../../../src/planning/plan';
import { checkPlan } from '../../../src/planning/planIntegrity';

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
  let built: Volume;
  let twin: { anatomy: { chosen: string; reason: string }; segments: { name: string; label: number; volumeMl: number; meshVolumeMl: number; triangleCount: number; closed: boolean; printable: boolean; stl: string; terminology: { type: { code: string }; modifier?: { code: string } } }[]; timings: Record<string, number> };

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
    built = await readImageFileNode(path.join(dir, 'out', 'labels.nii.gz'), 'label');
    twin = (report as unknown as { twin: typeof twin }).twin;
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

  it('the twin: hip chosen from the description, five bones, each Dice ≥ 0.97 against the exact labels in labels.nii.gz', () => {
    expect(twin.anatomy).toEqual({ chosen: 'hip', reason: 'series description "Synthetic hip CT phantom" names hip' });
    expect(twin.segments.map((s) => s.name)).toEqual(['femur left', 'femur right', 'hip bone left', 'hip bone right', 'sacrum']);
    expect(built.size).toEqual(labels.size);
    built.origin.forEach((x, a) => expect(x).toBeCloseTo(labels.origin[a], 4));
    const voxelMl = (volume.spacing[0] * volume.spacing[1] * volume.spacing[2]) / 1000;
    for (const s of twin.segments) {
      const truth = caseJson.segments.find((c) => c.name === s.name)!;
      let both = 0, a = 0, b = 0;
      for (let q = 0; q < built.data.length; q++) {
        const x = built.data[q] === s.label, y = labels.data[q] === truth.label;
        if (x) a++;
        if (y) b++;
        if (x && y) both++;
      }
      expect((2 * both) / (a + b), s.name).toBeGreaterThanOrEqual(0.97);
      expect(s.volumeMl).toBeCloseTo(a * voxelMl, 2);
      expect(Math.abs(s.volumeMl / (truth.voxelCount * voxelMl) - 1), s.name).toBeLessThan(0.04);
      expect(Math.abs(s.meshVolumeMl / s.volumeMl - 1), `${s.name} mesh vs voxel volume`).toBeLessThan(0.02);
    }
    expect(twin.segments[0].terminology.type.code).toBe('71341001');
    expect(twin.segments[0].terminology.modifier?.code).toBe('7771000');
  });

  it('one closed STL per segment, triangle count and bounds as reported, and twin.glb with the five named meshes', () => {
    for (const s of twin.segments) {
      expect(s.closed && s.printable, s.name).toBe(true);
      const stl = readStlBinary(new Uint8Array(readFileSync(path.join(dir, 'out', s.stl))), s.stl);
      expect(stl.mesh.indices.length / 3).toBe(s.triangleCount);
      expect(s.triangleCount).toBeGreaterThan(1000);
    }
    const femurL = readStlBinary(new Uint8Array(readFileSync(path.join(dir, 'out', 'femur-left.stl')))).mesh;
    const head = caseJson.landmarksLps.femoralHeadCentreLeft;
    let minD = Infinity, maxX = -Infinity;
    for (let v = 0; v < femurL.positionsLps.length; v += 3) {
      const p = [femurL.positionsLps[v], femurL.positionsLps[v + 1], femurL.positionsLps[v + 2]];
      minD = Math.min(minD, Math.hypot(p[0] - head[0], p[1] - head[1], p[2] - head[2]));
      maxX = Math.max(maxX, p[0]);
    }
    // The left head (radius 24.5 mm) in millimetres, on the patient's left (+x): the nearest surface point to its centre is ≈ 24.5 mm away.
    expect(minD).toBeGreaterThan(22.5);
    expect(minD).toBeLessThan(25.5);
    expect(maxX).toBeGreaterThan(0);
    const glb = readGlb(new Uint8Array(readFileSync(path.join(dir, 'out', 'twin.glb'))));
    expect(glb.json.meshes.map((m: { name?: string }) => m.name)).toEqual(twin.segments.map((s) => s.name));
    for (const k of ['segmentS', 'surfaceS', 'smoothS', 'decimateS', 'meshWriteS']) expect(twin.timings[k], k).toBeGreaterThan(0);
  });

  it('inspect reports the series window from the DICOM (bone window 400/1800 HU)', () => {
    const r = spawnSync(process.execPath, [path.join(REPO, 'bin', 'jumeau.mjs'), 'inspect', path.join(dir, 'samples', 'hip'), '--json'], { encoding: 'utf8' });
    const j = JSON.parse(r.stdout);
    expect(j.series[0].window).toEqual({ center: 400, width: 1800 });
    expect(j.images.map((i: { file: string }) => i.file)).toEqual(['labels.nii.gz']);
  });

  it('plan.json: proposed head centres within 1 mm of the phantom truth (left at +x), source hash = report volume hash, default cup by the placeholder rule, sealed', async () => {
    const file = path.join(dir, 'out', 'plan.json');
    expect(existsSync(file)).toBe(true);
    const plan = parsePlan(JSON.parse(readFileSync(file, 'utf8')));
    expect((report as unknown as { plan: { file: string } }).plan.file).toBe('plan.json');
    expect(plan.anatomy).toBe('hip');
    expect(plan.source.volumeSha256).toBe((report.volume as unknown as { sha256: string }).sha256);
    expect(plan.source.seriesInstanceUid).toMatch(/^[0-9.]+$/);
    for (const side of ['Left', 'Right']) {
      const l = plan.landmarks.find((x) => x.name === `femoralHeadCentre${side}`)!;
      const truth = caseJson.landmarksLps[`femoralHeadCentre${side}`];
      expect(l.source).toBe('auto');
      expect(Math.hypot(l.pointLps[0] - truth[0], l.pointLps[1] - truth[1], l.pointLps[2] - truth[2]), side).toBeLessThan(1);
    }
    expect(plan.side).toBe('L');
    // Left head radius 24.5 mm → inner radius must exceed 26.5 mm → cup 60 (inner 27; 58 has 26).
    expect(plan.implants.map((i) => [i.role, i.size])).toEqual([['cup', '60']]);
    const check = await checkPlan(plan);
    expect(check.integrity).toBe('match');
    const m = check.metrics.hip!;
    // ASIS and pubic tubercles proposed on the twin's hip bones (anterior tangent plane): the cup's 40°/15°
    // are in the APP; the phantom's APP is tilted 6.5° posteriorly (exact labels: 6.54°).
    for (const n of ['asisLeft', 'asisRight', 'pubicTubercleLeft', 'pubicTubercleRight']) expect(plan.landmarks.find((x) => x.name === n)?.source, n).toBe('auto');
    expect(m.cupAngles.available && m.cupAngles.value.frame).toBe('APP');
    const tilt = m.cupAngles.available ? m.cupAngles.value.pelvicTiltDeg ?? NaN : NaN;
    console.log(`[jumeau build, hip phantom] automatic APP tilt ${tilt.toFixed(2)}°`);
    expect(tilt).toBeGreaterThan(5);
    expect(tilt).toBeLessThan(8);
    expect(m.cupAngles.available && m.cupAngles.value.angles.radiographic.inclinationDeg).toBeCloseTo(40, 6);
    expect(m.cupAngles.available && m.cupAngles.value.angles.radiographic.anteversionDeg).toBeCloseTo(15, 6);
    expect(m.legLengthOffset.available).toBe(false);
  });

  it('label voxel counts in labels.nii.gz match case.json', () => {
    for (const s of caseJson.segments) {
      let n = 0;
      for (let q = 0; q < labels.data.length; q++) if (labels.data[q] === s.label) n++;
      expect(n).toBe(s.voxelCount);
    }
  });
});

describe('jumeau build --anatomy liver on the generated liver phantom, with tumour seeds', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'jumeau-liver-'));
  const run = (...extra: string[]) => spawnSync(process.execPath, [path.join(REPO, 'bin', 'jumeau.mjs'), 'build', path.join(dir, 'samples', 'liver', 'dicom'), ...extra], { encoding: 'utf8' });
  let truth: Volume;
  beforeAll(async () => {
    await generateSamples({ outDir: path.join(dir, 'samples'), cases: ['liver'] });
    truth = await readImageFileNode(path.join(dir, 'samples', 'liver', 'labels.nii.gz'), 'label');
  }, 120_000);

  it('liver and two tumours (each its own segment), volumes of the exact shapes, Dice against the exact labels', async () => {
    // Tumour centres of the design, as voxel indices: (−88, −5, −28) and (30.4, −30.3, 42.5) mm LPS.
    const r = run('--out', path.join(dir, 'out'), '--anatomy', 'liver', '--tumour-seed', '47,69,24', '--tumour-seed', '126,52,59', '--json');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const twin = JSON.parse(r.stdout).twin as { segments: { name: string; label: number; volumeMl: number; closed: boolean; stl: string }[]; notes: string[] };
    expect(twin.segments.map((s) => [s.name, s.label])).toEqual([['liver', 1], ['tumour 1', 4], ['tumour 2', 5]]);
    // Tumour 1: ellipsoid 18 × 15 × 14 mm semi-axes = 15.83 mL; tumour 2: sphere r 9 mm = 3.05 mL.
    expect(twin.segments[1].volumeMl).toBeGreaterThan(15.83 * 0.9);
    expect(twin.segments[1].volumeMl).toBeLessThan(15.83 * 1.1);
    expect(twin.segments[2].volumeMl).toBeGreaterThan(3.05 * 0.85);
    expect(twin.segments[2].volumeMl).toBeLessThan(3.05 * 1.15);
    expect(twin.segments.every((s) => s.closed)).toBe(true);
    const built = await readImageFileNode(path.join(dir, 'out', 'labels.nii.gz'), 'label');
    const dice = (a: number, b: number): number => {
      let both = 0, na = 0, nb = 0;
      for (let q = 0; q < built.data.length; q++) {
        const x = built.data[q] === a, y = truth.data[q] === b;
        if (x) na++;
        if (y) nb++;
        if (x && y) both++;
      }
      return (2 * both) / (na + nb);
    };
    expect(dice(4, 4)).toBeGreaterThanOrEqual(0.95);
    expect(dice(5, 5)).toBeGreaterThanOrEqual(0.95);
  }, 60_000);

  it('a bad seed names the command-line option and which one, and writes nothing', () => {
    const out = path.join(dir, 'bad');
    const r = run('--out', out, '--anatomy', 'liver', '--tumour-seed', '47,69,24', '--tumour-seed', '47,69,240');
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe('jumeau: --tumour-seed #2: voxel (47, 69, 240) is outside the volume (0…211, 0…157, 0…80)');
    expect(existsSync(out)).toBe(false);
    const air = run('--out', out, '--anatomy', 'liver', '--liver-seed', '2,2,2');
    expect(air.status).toBe(2);
    expect(air.stderr).toMatch(/^jumeau: --liver-seed: voxel \(2, 2, 2\) is -\d+ HU \(smoothed\), not soft tissue/);
  }, 60_000);
});
