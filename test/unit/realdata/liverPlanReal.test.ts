// The liver plan on real CT (../shared/data/ts-abdomen-ct-dicom, 20 J2K slices, portal-venous; its label
// file is TotalSegmentator output — model-predicted, stored LAS): the plan's total liver volume from our
// automatic liver agrees with the label volume, and a plane through the liver's centre splits it into
// resected + remnant = total. Agreement with another program, not with manual truth.
import { describe, expect, it } from 'vitest';
import { readImageFileNode } from '../../../src/cli/imageFiles';
import { collectNodeSources } from '../../../src/cli/nodeSources';
import { loadSeriesVolume, scanDicomSources } from '../../../src/dicom';
import { computeLiverPlanMetrics, prepareLiverPlan } from '../../../src/planning/liver/liverPlanMetrics';
import { segmentLiver } from '../../../src/segmentation/autoLiver';
import { countVoxels, voxelVolumeMm3 } from '../../../src/segmentation/labelmap';
import { labelOnGrid } from '../../helpers/labelOnGrid';
import { hasSharedData, shared } from '../../helpers/sharedData';

describe.skipIf(!hasSharedData)('liver plan on ts-abdomen-ct-dicom (TotalSegmentator labels, model-predicted)', () => {
  it('total liver volume of the plan agrees with the label volume within 10 %; a plane splits it exactly', async () => {
    const sources = await collectNodeSources([shared('ts-abdomen-ct-dicom', 'dicom')]);
    const scan = await scanDicomSources(sources);
    const { volume } = await loadSeriesVolume(sources, scan.series[0]);
    const seg = await readImageFileNode(shared('ts-abdomen-ct-dicom', 'example_seg_dicom.nii.gz'), 'label');
    const truthMl = (countVoxels(labelOnGrid(volume, seg, 5).data) * voxelVolumeMm3(volume)) / 1000;
    const r = segmentLiver(volume);
    const ctx = prepareLiverPlan(volume, r.labelmap.data, [{ label: 1, name: 'liver', role: 'liver' }]);
    const tlv = ctx.summary.tlvCtMl;
    const parenchymaMl = segmentLiver(volume, { fillEnclosed: false }).liverMl;
    console.log(`[liverPlanReal] plan TLV_CT ${tlv.toFixed(1)} mL (our liver with enclosed vessels; parenchyma only ${parenchymaMl.toFixed(1)} mL) vs TotalSegmentator label ${truthMl.toFixed(1)} mL (${((100 * (tlv - truthMl)) / truthMl).toFixed(1)} %)`);
    // Measured +8.9 %: our liver counts the enclosed vessels as liver (total liver volume, brief §6.4);
    // the model's label leaves more of them out. Within 10 %; the parenchyma-only volume brackets it.
    expect(Math.abs(tlv / truthMl - 1)).toBeLessThan(0.1);
    expect(parenchymaMl).toBeLessThan(tlv);
    const c = ctx.summary.centreLps;
    const { metrics } = computeLiverPlanMetrics(ctx, { surfaces: [{ kind: 'plane', name: 'plane 1', pointLps: c, normalLps: [1, 0, 0], resectedSide: 'positive' }], patient: { heightCm: null, weightKg: null }, liverCondition: 'normal', safetyMarginMm: 10, territoryBranches: [] });
    if (!metrics.resection.available) throw new Error(metrics.resection.reason);
    expect(metrics.resection.value.resectedMl + metrics.resection.value.remnantMl).toBeCloseTo(tlv, 6);
    expect(metrics.resection.value.resectedMl).toBeGreaterThan(0.05 * tlv);
  }, 120_000);
});
