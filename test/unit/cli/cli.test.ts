// The `jumeau` command as a user runs it: exit codes, one-line errors naming the file, JSON schemas.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, hasSharedData, kneeDicomDir, shared } from '../../helpers/sharedData';
import { writeNiftiNode } from '../../../src/cli/imageFiles';

function jumeau(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [path.join(REPO, 'bin', 'jumeau.mjs'), ...args], { cwd: REPO, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('jumeau CLI: bad input', () => {
  it('a missing folder: exit 2, one line naming it, no stack trace', () => {
    const r = jumeau('build', '/no/such/folder', '--out', path.join(tmpdir(), 'x'));
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual(['jumeau: /no/such/folder: no such file or folder']);
  });
  it('a folder of non-DICOM files: exit 2 naming the first skipped file and why', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'jumeau-junk-'));
    writeFileSync(path.join(dir, 'notes.txt'), 'hello, not a DICOM file at all');
    const r = jumeau('build', dir, '--out', path.join(dir, 'out'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no image series found .*notes\.txt: not a DICOM file/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
  it('build without --out names the option', () => {
    const r = jumeau('build', REPO);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('jumeau: --out: build needs --out <dir>');
  });
  it('a truncated .nii.gz is refused naming the file (ITK alone would zero-fill it silently)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'jumeau-nii-'));
    const file = path.join(dir, 'cut.nii.gz');
    const data = new Int16Array(40 * 30 * 20).map((_, q) => (q * 37) % 2000 - 1000);
    await writeNiftiNode({ size: [40, 30, 20], spacing: [1, 1, 2], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], data, unit: 'HU' }, file);
    const whole = readFileSync(file);
    writeFileSync(file, whole.subarray(0, Math.floor(whole.length * 0.6)));
    const r = jumeau('build', file, '--out', path.join(dir, 'out'));
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(/^jumeau: cut\.nii\.gz: the file is truncated/);
  });
  it('--anatomy with an unknown value names the option and the choices', () => {
    const r = jumeau('build', REPO, '--out', path.join(tmpdir(), 'x'), '--anatomy', 'elbow');
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('jumeau: --anatomy: "elbow" is not an anatomy (use one of hip, knee, liver, auto, none)');
  });
  it('a volume without bone (MR-like) and --anatomy hip: exit 2 saying why, and no file written', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'jumeau-mr-'));
    const file = path.join(dir, 'mr.nii.gz');
    const data = new Int16Array(40 * 30 * 20).map((_, q) => 200 + (q % 40) * 10);
    await writeNiftiNode({ size: [40, 30, 20], spacing: [3, 3, 3], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], data, unit: 'raw' }, file);
    const out = path.join(dir, 'out');
    const r = jumeau('build', file, '--out', out, '--anatomy', 'hip');
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(/^jumeau: bone: no voxel at or above 600 \w+: no bone to segment \(is this a CT\? MR has no HU\)$/);
    expect(existsSync(out)).toBe(false); // no volume, labels or empty mesh files stand in for a result
  });
  it('unknown command → exit 2 with usage', () => {
    const r = jumeau('frobnicate', 'x');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown command "frobnicate"');
  });
});

describe.skipIf(!hasSharedData)('jumeau CLI on real data', () => {
  it('inspect --json lists the series with geometry and the skipped files', () => {
    const r = jumeau('inspect', shared('dcmqi-liver-seg-fixture'), '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.schema).toBe('jumeau.inspect/1');
    expect(j.fileCount).toBe(6);
    expect(j.series).toHaveLength(1);
    const s = j.series[0];
    expect(s.size).toEqual([512, 512, 3]);
    expect(s.modality).toBe('CT');
    expect(s.sliceCount).toBe(3);
    expect(s.transferSyntaxes[0].uid).toBe('1.2.840.10008.1.2');
    expect(s.direction).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    expect(j.skipped.map((k: { file: string }) => k.file)).toEqual(['INFO.txt', 'liver.dcm']);
    expect(j.images).toHaveLength(1);
    expect(j.images[0]).toMatchObject({ file: 'liver_seg.nrrd', format: 'NRRD', size: [512, 512, 3], orientation: 'LPS' });
    j.images[0].origin.forEach((x: number, a: number) => expect(x).toBeCloseTo(s.origin[a], 3));
  });
  it('build writes volume.nii.gz with the same geometry and report.json with hash and timings', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'jumeau-build-'));
    const r = jumeau('build', shared('ts-abdomen-ct-dicom', 'dicom'), '--out', out, '--json', '--anatomy', 'none');
    expect(r.code).toBe(0);
    const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8'));
    expect(report.schema).toBe('jumeau.build/1');
    expect(report.volume.size).toEqual([512, 512, 20]);
    expect(report.volume.spacing[2]).toBeCloseTo(2, 9);
    expect(report.volume.valueRange).toEqual({ min: -1024, max: 1839 });
    expect(report.volume.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(report.timings.totalS).toBeGreaterThan(0);
    const back = jumeau('build', path.join(out, 'volume.nii.gz'), '--out', path.join(out, 'again'), '--json', '--anatomy', 'none');
    expect(back.code).toBe(0);
    const again = JSON.parse(back.stdout);
    expect(again.volume.size).toEqual([512, 512, 20]);
    again.volume.origin.forEach((x: number, a: number) => expect(x).toBeCloseTo(report.volume.origin[a], 3));
    expect(again.volume.sha256).toBe(report.volume.sha256); // voxels survive the NIfTI round trip bit for bit
  });
  it('a series with a slice removed is refused with the neighbours named; --allow-gaps builds it with a warning', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'jumeau-gap-'));
    const knee = kneeDicomDir();
    for (let n = 200; n < 210; n++) if (n !== 205) writeFileSync(path.join(dir, `vhf.${n}.dcm`), readFileSync(path.join(knee, `vhf.${n}.dcm`)));
    const refused = jumeau('build', dir, '--out', path.join(dir, 'out'));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/about 1 slice\(s\) missing: between vhf\.204\.dcm \(203\.00 mm\) and vhf\.206\.dcm \(205\.00 mm\)/);
    const built = jumeau('build', dir, '--out', path.join(dir, 'out'), '--allow-gaps', '--json', '--anatomy', 'none');
    expect(built.code).toBe(0);
    const report = JSON.parse(built.stdout);
    expect(report.volume.size).toEqual([512, 512, 10]);
    expect(report.warnings.map((w: { code: string }) => w.code)).toEqual(expect.arrayContaining(['missing-slices', 'interpolated-slices']));
  });
});
