import { describe, it, expect } from 'vitest';
import dicomParser from 'dicom-parser';
import type { Mat3, Volume } from '../../../src/volume/volume';
import { indexToLps } from '../../../src/volume/volume';
import { frameFrom } from '../../../src/samples/sdf';
import { buildKneePhantom } from '../../../src/samples/kneePhantom';
import {
  CT_IMAGE_STORAGE,
  EXPLICIT_VR_LITTLE_ENDIAN,
  formatDecimalString,
  writeDicomSeries,
} from '../../../src/samples/writeDicomSeries';
import type { DicomFileBytes, DicomSeriesOptions } from '../../../src/samples/writeDicomSeries';
import { isJumeauError } from '../../../src/core/errors';

const numbers = (text: string | undefined) => (text ?? '').split('\\').map(Number);

/** Parses every file; returns tags of interest and HU pixels (stored × slope + intercept). */
function parseSeries(files: DicomFileBytes[]) {
  return files.map((f) => {
    const ds = dicomParser.parseDicom(f.bytes);
    const rows = ds.uint16('x00280010') as number;
    const columns = ds.uint16('x00280011') as number;
    const signed = ds.uint16('x00280103') === 1;
    const slope = Number(ds.string('x00281053'));
    const intercept = Number(ds.string('x00281052'));
    const el = ds.elements.x7fe00010;
    const raw = f.bytes.slice(el.dataOffset, el.dataOffset + el.length);
    const stored = signed ? new Int16Array(raw.buffer) : new Uint16Array(raw.buffer);
    return {
      fileName: f.fileName,
      transferSyntax: ds.string('x00020010'),
      sopClass: ds.string('x00080016'),
      sopInstance: ds.string('x00080018'),
      mediaSopInstance: ds.string('x00020003'),
      study: ds.string('x0020000d'),
      series: ds.string('x0020000e'),
      frame: ds.string('x00200052'),
      modality: ds.string('x00080060'),
      patientName: ds.string('x00100010'),
      instanceNumber: Number(ds.string('x00200013')),
      ipp: numbers(ds.string('x00200032')),
      iop: numbers(ds.string('x00200037')),
      pixelSpacing: numbers(ds.string('x00280030')),
      sliceThickness: Number(ds.string('x00180050')),
      rows,
      columns,
      bitsAllocated: ds.uint16('x00280100'),
      signed,
      intercept,
      rescaleType: ds.string('x00281054'),
      hu: Array.from(stored, (v) => v * slope + intercept),
    };
  });
}

function smallVolume(direction: Mat3): Volume {
  const size: [number, number, number] = [7, 5, 4];
  const data = new Int16Array(7 * 5 * 4);
  for (let n = 0; n < data.length; n++) data[n] = ((n * 37) % 3000) - 1024;
  return { size, spacing: [0.8, 0.7, 2.5], origin: [-180, -200, -102.5], direction, data, unit: 'HU' };
}

const OPTIONS: DicomSeriesOptions = {
  caseName: 'unit-test',
  patientName: 'PHANTOM^TEST',
  patientId: 'T1',
  seriesDescription: 'test series',
};

describe('writeDicomSeries', () => {
  it('writes geometry per brief §8.1 (DCM-01 numbers): IPP, IOP, PixelSpacing row spacing first', () => {
    const vol = smallVolume([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    const parsed = parseSeries(writeDicomSeries(vol, OPTIONS));
    expect(parsed).toHaveLength(4);
    parsed.forEach((p, k) => {
      expect(p.ipp).toEqual([-180, -200, -102.5 + 2.5 * k]);
      expect(p.iop).toEqual([1, 0, 0, 0, 1, 0]);
      expect(p.pixelSpacing).toEqual([0.7, 0.8]); // [between rows (j), between columns (i)]
      expect(p.rows).toBe(5);
      expect(p.columns).toBe(7);
      expect(p.sliceThickness).toBe(2.5);
      expect(p.instanceNumber).toBe(4 - k); // superior slice first
      expect(p.hu).toEqual(Array.from(vol.data.subarray(k * 35, (k + 1) * 35)));
    });
    // DCM-01: voxel (10, 20, 2) of such a series is at (−172, −186, −97.5); here check (6, 4, 2).
    const p = parsed[2];
    const lps = [0, 1, 2].map((c) => p.ipp[c] + 6 * p.pixelSpacing[1] * p.iop[c] + 4 * p.pixelSpacing[0] * p.iop[3 + c]);
    expect(lps).toEqual(indexToLps(vol, [6, 4, 2]));
  });

  it('writes the required CT attributes with consistent, deterministic UIDs', () => {
    const vol = smallVolume([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    const files = writeDicomSeries(vol, OPTIONS);
    const parsed = parseSeries(files);
    for (const p of parsed) {
      expect(p.transferSyntax).toBe(EXPLICIT_VR_LITTLE_ENDIAN);
      expect(p.sopClass).toBe(CT_IMAGE_STORAGE);
      expect(p.modality).toBe('CT');
      expect(p.patientName).toBe('PHANTOM^TEST');
      expect(p.bitsAllocated).toBe(16);
      expect(p.signed).toBe(true);
      expect(p.intercept).toBe(0);
      expect(p.rescaleType).toBe('HU');
      expect(p.mediaSopInstance).toBe(p.sopInstance);
      for (const uid of [p.study, p.series, p.frame, p.sopInstance]) expect(uid).toMatch(/^2\.25\.\d+$/);
      expect(p.study).toBe(parsed[0].study);
      expect(p.series).toBe(parsed[0].series);
      expect(p.frame).toBe(parsed[0].frame);
    }
    expect(new Set(parsed.map((p) => p.sopInstance)).size).toBe(4);
    expect(new Set([parsed[0].study, parsed[0].series, parsed[0].frame]).size).toBe(3);
    // Same input → same bytes; another case name → other UIDs.
    const again = writeDicomSeries(vol, OPTIONS);
    again.forEach((f, k) => {
      expect(f.fileName).toBe(files[k].fileName);
      expect(Buffer.from(f.bytes).equals(Buffer.from(files[k].bytes))).toBe(true);
    });
    expect(parseSeries(writeDicomSeries(vol, { ...OPTIONS, caseName: 'other' }))[0].study).not.toBe(parsed[0].study);
  });

  it('follows an oblique direction: IOP = direction columns i, j; IPP advances along column k', () => {
    const f = frameFrom([0.9, 0.3, 0.1], [-0.2, 1, 0.4]);
    const vol = smallVolume([...f.u, ...f.v, ...f.w]);
    const parsed = parseSeries(writeDicomSeries(vol, OPTIONS));
    parsed.forEach((p, k) => {
      [...f.u, ...f.v].forEach((v, c) => expect(p.iop[c]).toBeCloseTo(v, 6));
      indexToLps(vol, [0, 0, k]).forEach((v, c) => expect(p.ipp[c]).toBeCloseTo(v, 5));
    });
  });

  it('stores unsigned HU + 1024 with intercept −1024 when asked, and refuses HU below −1024 there', () => {
    const vol = smallVolume([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    const parsed = parseSeries(writeDicomSeries(vol, { ...OPTIONS, pixelEncoding: 'unsigned-offset' }));
    expect(parsed[0].signed).toBe(false);
    expect(parsed[0].intercept).toBe(-1024);
    expect(parsed[1].hu).toEqual(Array.from(vol.data.subarray(35, 70)));
    vol.data[3] = -1025;
    expect(() => writeDicomSeries(vol, { ...OPTIONS, pixelEncoding: 'unsigned-offset' })).toThrow();
    let caught: unknown;
    try {
      writeDicomSeries({ ...vol, data: new Float32Array(vol.data.length) }, OPTIONS);
    } catch (e) {
      caught = e;
    }
    expect(isJumeauError(caught, 'BAD_ARGUMENT')).toBe(true);
  });

  it('formats Decimal Strings within 16 characters', () => {
    expect(formatDecimalString(-149.25)).toBe('-149.25');
    expect(formatDecimalString(1 / 3)).toBe('0.333333');
    expect(formatDecimalString(-0.0000001)).toBe('0');
    expect(formatDecimalString(-123456.123456789).length).toBeLessThanOrEqual(16);
  });

  it('round-trips the knee phantom: slices sorted by IPP rebuild the volume exactly; names and InstanceNumbers do not', () => {
    const knee = buildKneePhantom();
    const files = writeDicomSeries(knee.volume, { caseName: knee.name, ...knee.dicom });
    const parsed = parseSeries(files);
    const [nx, ny, nz] = knee.volume.size;
    expect(parsed).toHaveLength(nz);
    expect(parsed[0].pixelSpacing).toEqual([1.2, 1]);
    expect(parsed[0].rows).toBe(ny);
    expect(parsed[0].columns).toBe(nx);
    const byPosition = [...parsed].sort((a, b) => a.ipp[2] - b.ipp[2]);
    const rebuilt = new Int16Array(nx * ny * nz);
    byPosition.forEach((p, k) => rebuilt.set(p.hu, k * nx * ny));
    expect(Buffer.from(rebuilt.buffer).equals(Buffer.from(knee.volume.data.buffer))).toBe(true);
    expect(byPosition[0].ipp).toEqual(knee.volume.origin);
    const byName = [...parsed].sort((a, b) => (a.fileName < b.fileName ? -1 : 1));
    expect(byName.map((p) => p.ipp[2])).not.toEqual(byPosition.map((p) => p.ipp[2]));
    const byInstance = [...parsed].sort((a, b) => a.instanceNumber - b.instanceNumber);
    expect(byInstance.map((p) => p.ipp[2])).toEqual(byPosition.map((p) => p.ipp[2]).reverse());
  }, 30_000);
});
