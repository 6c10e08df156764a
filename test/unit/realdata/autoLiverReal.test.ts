// Automatic liver on the two real TotalSegmentator cases of ../shared/data. Their liver labels are
// MODEL-PREDICTED (TotalSegmentator output, not manual truth): Dice here is agreement with that
// program. Labels are brought onto the CT's grid through LPS (nearest voxel), as niftiReal.test.ts
// does, which also handles the DICOM case's label file stored LAS (rows flipped).
import { describe, expect, it } from 'vitest';
import { readImageFileNode } from '../../../src/cli/imageFiles';
import { collectNodeSources } from '../../../src/cli/nodeSources';
import { loadSeriesVolume, scanDicomSources } from '../../../src/dicom';
import { segmentLiver } from '../../../src/segmentation/autoLiver';
import { maskOfLabel } from '../../../src/segmentation/labelmap';
import { overlapMetrics } from '../../../src/segmentation/metrics';
import type { Volume } from '../../../src/volume/volume';
import { labelOnGrid } from '../../helpers/labelOnGrid';
import { hasSharedData, shared } from '../../helpers/sharedData';

const TS_LIVER = 5; // labels_total.json

if (!hasSharedData) console.warn('[autoLiverReal] SKIPPED: ../shared/data not found (set JUMEAU_SHARED_DATA)');


/** Runs the automatic liver from a proposed seed and returns Dice against the TotalSegmentator liver. */
function run(name: string, ct: Volume, seg: Volume): { dice: number; seedInLiver: boolean; seconds: number } {
  const truth = labelOnGrid(ct, seg, TS_LIVER);
  const t0 = performance.now();
  const r = segmentLiver(ct);
  const seconds = (performance.now() - t0) / 1000;
  const m = overlapMetrics(maskOfLabel(r.labelmap, 1), truth);
  const [i, j, k] = r.seedIjk;
  const seedInLiver = truth.data[i + ct.size[0] * (j + ct.size[1] * k)] === 1;
  console.log(`[autoLiverReal] ${name}: Dice ${m.dice.toFixed(4)} vs TotalSegmentator liver (model-predicted), ` +
    `${r.liverMl.toFixed(0)} mL, ${seconds.toFixed(1)} s\n  ${r.notes.join('\n  ')}`);
  return { dice: m.dice, seedInLiver, seconds };
}

describe.skipIf(!hasSharedData)('automatic liver on real CT vs TotalSegmentator (model-predicted labels)', () => {
  it('ts-abdopelvic-ct (3 mm NIfTI, sform; liver ≈ 44 HU, i.e. effectively unenhanced): Dice ≥ 0.88', async () => {
    const ct = await readImageFileNode(shared('ts-abdopelvic-ct', 'example_ct.nii.gz'));
    const seg = await readImageFileNode(shared('ts-abdopelvic-ct', 'example_seg_fast_force_split.nii.gz'), 'label');
    const r = run('ts-abdopelvic-ct', ct, seg);
    expect(r.seedInLiver).toBe(true);
    expect(r.dice).toBeGreaterThanOrEqual(0.88); // measured 0.894: below the 0.90 target (see README)
  }, 60_000);

  it('ts-abdomen-ct-dicom (20 J2K slices, portal-venous; label stored LAS): Dice ≥ 0.94', async () => {
    const sources = await collectNodeSources([shared('ts-abdomen-ct-dicom', 'dicom')]);
    const scan = await scanDicomSources(sources);
    const { volume } = await loadSeriesVolume(sources, scan.series[0]);
    const seg = await readImageFileNode(shared('ts-abdomen-ct-dicom', 'example_seg_dicom.nii.gz'), 'label');
    expect(seg.direction[4]).toBe(-1); // rows flipped relative to the DICOM: the LPS mapping handles it
    const r = run('ts-abdomen-ct-dicom', volume, seg);
    expect(r.seedInLiver).toBe(true);
    expect(r.dice).toBeGreaterThanOrEqual(0.94); // measured 0.952
  }, 60_000);
});
