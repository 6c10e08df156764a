// Finding NIfTI / NRRD / MetaImage files among the inputs and pairing detached headers with their data.
import { describe, expect, it } from 'vitest';
import { sourceFromBytes } from '../../../src/dicom/index';
import {
  dataFileOfHeader, imageExtensionOf, imageFormatOf, isMultiFileDataField, splitImageInputs, withDataFileName,
} from '../../../src/workers/imageInputs';

const text = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
const src = (name: string, s = 'x') => sourceFromBytes(name, text(s));
const NHDR = 'NRRD0004\ntype: short\ndimension: 3\nsizes: 2 2 2\nencoding: raw\ndata file: vol.raw\n';
const MHD = 'ObjectType = Image\nNDims = 3\nDimSize = 2 2 2\nElementType = MET_SHORT\nElementDataFile = data/vol.zraw\n';

describe('image file names', () => {
  it('knows the formats by extension, case-insensitively', () => {
    expect(['a.nii', 'b.NII.GZ', 'c.nrrd', 'd.nhdr', 'e.mha', 'f.MHD', 'g.dcm', 'h.gz', 'raw'].map(imageFormatOf))
      .toEqual(['NIfTI', 'NIfTI', 'NRRD', 'NRRD', 'MetaImage', 'MetaImage', null, null, null]);
    expect(imageExtensionOf('dir/x.Nii.Gz')).toBe('nii.gz');
  });
});

describe('detached headers', () => {
  it('reads and rewrites the data file field', () => {
    expect(dataFileOfHeader(NHDR, 'NRRD')).toBe('vol.raw');
    expect(dataFileOfHeader('NRRD0004\ndatafile: a.raw.gz\r\n', 'NRRD')).toBe('a.raw.gz');
    expect(dataFileOfHeader('NRRD0004\ntype: short\n', 'NRRD')).toBeNull();
    expect(dataFileOfHeader(MHD, 'MetaImage')).toBe('data/vol.zraw');
    expect(dataFileOfHeader('ElementDataFile = LOCAL\n', 'MetaImage')).toBeNull();
    expect(isMultiFileDataField('LIST')).toBe(true);
    expect(isMultiFileDataField('slice%03d.raw 1 10 1')).toBe(true);
    expect(isMultiFileDataField('vol.raw')).toBe(false);
    const out = new TextDecoder().decode(withDataFileName(text(NHDR), 'NRRD', 'other'));
    expect(out).toBe(NHDR.replace('vol.raw', 'other'));
    expect(new TextDecoder().decode(withDataFileName(text(MHD), 'MetaImage', 'z'))).toContain('ElementDataFile = z\n');
  });

  it('pairs a header with its data file (next to it, or by name) and keeps the rest for the DICOM scan', async () => {
    const files = [src('s/a.nhdr', NHDR), src('s/vol.raw'), src('s/b.mhd', MHD), src('elsewhere/vol.zraw'), src('s/c.nii.gz'), src('s/1.dcm'), src('s/notes.txt')];
    const { images, others } = await splitImageInputs(files);
    expect(images.map((x) => [x.id, x.format, x.dataFileName ?? null, x.data?.name ?? null])).toEqual([
      ['image:s/a.nhdr', 'NRRD', 'vol.raw', 's/vol.raw'],
      ['image:s/b.mhd', 'MetaImage', 'data/vol.zraw', 'elsewhere/vol.zraw'],
      ['image:s/c.nii.gz', 'NIfTI', null, null],
    ]);
    expect(others.map((s) => s.name)).toEqual(['s/1.dcm', 's/notes.txt']);
  });

  it('leaves a header without its data file unpaired (the reader then names the missing file)', async () => {
    const { images, others } = await splitImageInputs([src('a.nhdr', NHDR), src('x.raw')]);
    expect(images[0].dataFileName).toBe('vol.raw');
    expect(images[0].data).toBeUndefined();
    expect(others.map((s) => s.name)).toEqual(['x.raw']);
  });
});
