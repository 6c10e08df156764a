// A 2,000-slice 512×512 series loads into one preallocated buffer without holding the files: the
// files are generated lazily when the loader reads them, and resident memory is sampled per slice.
import { describe, expect, it } from 'vitest';
import { loadSeriesVolume, scanDicomSources, type DicomFileSource } from '../../../src/dicom';
import { writeCtSlice } from '../../helpers/dicomWriter';

const N = 2000;
const SIZE = 512;
const SERIES = '1.2.826.0.1.3680043.9.7777.2000';

/** A file source whose bytes are written on demand and never kept. */
function lazySlice(k: number, fileSize: number): DicomFileSource {
  const bytes = async (): Promise<Uint8Array> => {
    const pixels = new Int16Array(SIZE * SIZE).fill(k % 1000);
    pixels[0] = 1500; // a bone-like value in every slice
    return writeCtSlice({
      rows: SIZE, columns: SIZE, pixels, ipp: [-256, -256, -1000 + 0.5 * k], sliceThickness: 0.5,
      rescaleSlope: 1, rescaleIntercept: -1024, sopInstanceUid: `${SERIES}.${k + 1}`, seriesInstanceUid: SERIES, instanceNumber: N - k,
    });
  };
  return {
    name: `slice-${String((k * 7919) % N).padStart(4, '0')}.dcm`,
    size: fileSize,
    read: async (start = 0, end = fileSize) => (await bytes()).slice(start, end),
    readInto: async (target, start) => {
      const b = await bytes();
      const n = Math.min(target.length, b.length - start);
      target.set(b.subarray(start, start + n));
      return n;
    },
  };
}

describe('2,000-slice 512×512 series', () => {
  it('loads as 512×512×2000 (1 GiB Int16) with peak extra memory well under twice the volume', async () => {
    // Sizes differ by a few bytes (position strings): measure each file once, keep nothing.
    const sources: DicomFileSource[] = [];
    for (let k = 0; k < N; k++) sources.push(lazySlice(k, (await lazySlice(k, Number.MAX_SAFE_INTEGER).read()).length));
    const scan = await scanDicomSources(sources);
    expect(scan.skipped.slice(0, 2)).toEqual([]);
    expect(scan.series).toHaveLength(1);
    expect(scan.series[0].summary.size).toEqual([SIZE, SIZE, N]);
    const before = process.memoryUsage().rss;
    let peak = before;
    const { volume } = await loadSeriesVolume(sources, scan.series[0], {
      onProgress: () => { peak = Math.max(peak, process.memoryUsage().rss); },
    });
    const volumeBytes = volume.data.byteLength;
    expect(volume.data).toBeInstanceOf(Int16Array);
    expect(volumeBytes).toBe(SIZE * SIZE * N * 2);
    expect(volume.spacing[2]).toBeCloseTo(0.5, 9);
    // slice k holds (k mod 1000) − 1024 HU, its first voxel 1500 − 1024
    for (const k of [0, 1, 999, 1000, 1999]) {
      expect(volume.data[k * SIZE * SIZE + 1]).toBe((k % 1000) - 1024);
      expect(volume.data[k * SIZE * SIZE]).toBe(476);
    }
    const extraMb = (peak - before) / 1024 ** 2;
    console.log(`2,000-slice load: volume ${(volumeBytes / 1024 ** 2).toFixed(0)} MiB, peak RSS growth ${extraMb.toFixed(0)} MiB`);
    expect(peak - before).toBeLessThan(volumeBytes + 400 * 1024 ** 2);
  }, 300_000);
});
