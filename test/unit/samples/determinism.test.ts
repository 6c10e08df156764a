import { describe, it, expect } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readImageNode } from '@itk-wasm/image-io';
import { buildKneePhantom } from '../../../src/samples/kneePhantom';
import { labelHistogram } from '../../../src/samples/caseManifest';
import type { CaseManifest, SampleIndex } from '../../../src/samples/caseManifest';
import { itkImageToVolume } from '../../../src/volume/itkImage';
import { generateSamples } from '../../../scripts/generate-samples';

const sha256 = (data: ArrayBufferView) => createHash('sha256').update(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)).digest('hex');

async function hashTree(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    out[path.relative(root, full)] = sha256(await readFile(full));
  }
  return out;
}

// Seeds and noise are tested on a small canvas in shapes.test.ts; here the whole pipeline runs twice.
describe('sample generation is deterministic', () => {
  it('writes byte-identical folders twice; labels.nii.gz, case.json and index.json match the phantom', async () => {
    const dirs = [await mkdtemp(path.join(tmpdir(), 'jumeau-samples-')), await mkdtemp(path.join(tmpdir(), 'jumeau-samples-'))];
    try {
      for (const dir of dirs) await generateSamples({ outDir: dir, cases: ['knee'] });
      const [first, second] = [await hashTree(dirs[0]), await hashTree(dirs[1])];
      expect(Object.keys(first).length).toBeGreaterThan(100);
      expect(second).toEqual(first);

      const knee = buildKneePhantom();
      const image = await readImageNode(path.join(dirs[0], 'knee', 'labels.nii.gz'));
      const labels = itkImageToVolume(image, 'label', 'labels.nii.gz');
      expect(labels.size).toEqual(knee.labels.size);
      labels.spacing.forEach((v, c) => expect(v).toBeCloseTo(knee.labels.spacing[c], 5));
      labels.origin.forEach((v, c) => expect(v).toBeCloseTo(knee.labels.origin[c], 4));
      labels.direction.forEach((v, c) => expect(v).toBeCloseTo(knee.labels.direction[c], 6));
      expect(sha256(labels.data)).toBe(sha256(knee.labels.data));

      const manifest = JSON.parse(await readFile(path.join(dirs[0], 'knee', 'case.json'), 'utf8')) as CaseManifest;
      const counts = labelHistogram(knee.labels.data);
      expect(manifest.segments.map((s) => [s.label, s.voxelCount])).toEqual(knee.segments.map((s) => [s.label, counts[s.label]]));
      expect(manifest.geometry.spacingMm).toEqual([1, 1.2, 1.5]);
      expect(manifest.dicomFileCount).toBe(knee.volume.size[2]);

      const index = JSON.parse(await readFile(path.join(dirs[0], 'index.json'), 'utf8')) as SampleIndex;
      expect(index.cases.map((c) => c.name)).toEqual(['knee']);
      const listed = index.cases[0].dicomFiles;
      expect(listed).toHaveLength(knee.volume.size[2]);
      expect((await readdir(path.join(dirs[0], index.cases[0].dicomFolder))).sort()).toEqual(listed);
    } finally {
      for (const dir of dirs) await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
