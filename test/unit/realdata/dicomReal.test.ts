// Real DICOM from ../shared/data: the Visible Human knee (explicit VR LE, one defective slice), the
// 20-slice JPEG 2000 series (2 mm spacing, 3 mm thickness, no SeriesInstanceUID) and the dcmqi 3-slice
// implicit-VR series with a DICOM SEG and non-DICOM files beside it.
import { beforeAll, describe, expect, it } from 'vitest';
import { collectNodeSources } from '../../../src/cli/nodeSources';
import { loadSeriesVolume, scanDicomSources, type LoadedSeries, type ScanResult } from '../../../src/dicom';
import { indexToLps, valueRange } from '../../../src/volume/volume';
import { hasSharedData, kneeDicomDir, shared } from '../../helpers/sharedData';

describe.skipIf(!hasSharedData)('Visible Human knee CT (350 files)', () => {
  let scan: ScanResult;
  let loaded: LoadedSeries;
  beforeAll(async () => {
    const sources = await collectNodeSources([kneeDicomDir()]);
    scan = await scanDicomSources(sources);
    loaded = await loadSeriesVolume(sources, scan.series[0]);
  }, 180_000);

  it('is one series of 512×512×350 at 1×1×1 mm, axial LPS, origin (0, 0, 150) mm', () => {
    expect(scan.series).toHaveLength(1);
    expect(scan.skipped).toEqual([]);
    const v = loaded.volume;
    expect(v.size).toEqual([512, 512, 350]);
    expect(v.spacing).toEqual([1, 1, 1]);
    expect(v.origin).toEqual([0, 0, 150]);
    expect(v.direction).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    expect(indexToLps(v, [511, 511, 349])).toEqual([511, 511, 499]);
    expect(scan.series[0].summary.transferSyntaxes.map((t) => t.uid)).toEqual(['1.2.840.10008.1.2.1']);
  });
  it('holds HU −1024…1838, exactly, in Int16', () => {
    expect(loaded.volume.unit).toBe('HU');
    expect(loaded.volume.data).toBeInstanceOf(Int16Array);
    expect(valueRange(loaded.volume.data)).toEqual({ min: -1024, max: 1838 });
  });
  it('flags the defective slice vhf.316.dcm (z = 315 mm, k = 165) and no other', () => {
    const out = loaded.warnings.filter((w) => w.code === 'slice-intensity-outlier');
    expect(out).toHaveLength(1);
    expect(out[0].files).toEqual(['vhf.316.dcm']);
    expect(out[0].message).toContain('k=165');
    expect(indexToLps(loaded.volume, [0, 0, 165])[2]).toBe(315);
  });
  it('sorted the files by position (vhf.151 at z = 150 first, vhf.500 last)', () => {
    const files = scan.series[0].summary.files;
    expect(files[0]).toBe('vhf.151.dcm');
    expect(files[349]).toBe('vhf.500.dcm');
  });
});

describe.skipIf(!hasSharedData)('TotalSegmentator abdomen CT, JPEG 2000 lossless (20 files)', () => {
  it('loads 512×512×20 with 2 mm spacing from positions despite 3 mm SliceThickness', async () => {
    const sources = await collectNodeSources([shared('ts-abdomen-ct-dicom', 'dicom')]);
    const scan = await scanDicomSources(sources);
    expect(scan.series).toHaveLength(1);
    const s = scan.series[0].summary;
    expect(s.transferSyntaxes[0].uid).toBe('1.2.840.10008.1.2.4.90');
    expect(s.sliceThicknessMm).toBe(3);
    expect(s.warnings.map((w) => w.code)).toEqual(expect.arrayContaining(['missing-series-uid', 'thickness-differs']));
    const { volume } = await loadSeriesVolume(sources, scan.series[0]);
    expect(volume.size).toEqual([512, 512, 20]);
    expect(volume.spacing[0]).toBeCloseTo(0.9765625, 9);
    expect(volume.spacing[2]).toBeCloseTo(2, 9);
    expect(volume.origin[2]).toBeCloseTo(-804.5, 6);
    expect(valueRange(volume.data)).toEqual({ min: -1024, max: 1839 });
  });
});

describe.skipIf(!hasSharedData)('dcmqi 3-slice CT with a SEG and non-DICOM files beside it', () => {
  it('loads the 3 CT slices, skips the SEG, the NRRD and the text file with reasons', async () => {
    const sources = await collectNodeSources([shared('dcmqi-liver-seg-fixture')]);
    const scan = await scanDicomSources(sources);
    expect(scan.series).toHaveLength(1);
    expect(scan.skipped.map((k) => [k.file, k.code])).toEqual([
      ['INFO.txt', 'NOT_DICOM'],
      ['liver_seg.nrrd', 'NOT_DICOM'],
      ['liver.dcm', 'NO_PIXEL_DATA'],
    ]);
    const { volume, warnings } = await loadSeriesVolume(sources, scan.series[0]);
    expect(volume.size).toEqual([512, 512, 3]);
    expect(volume.spacing[0]).toBeCloseTo(0.810547, 6);
    expect(volume.spacing[2]).toBeCloseTo(1, 6);
    expect(scan.series[0].summary.transferSyntaxes[0].uid).toBe('1.2.840.10008.1.2');
    expect(warnings.map((w) => w.code)).toContain('pixel-padding');
    const r = valueRange(volume.data);
    expect(r.min).toBe(-1024); // padding (−2000 stored) became air, not a fake −2000 HU
    expect(r.max).toBe(1381);
  });
});
