/**
 * Getting one frame's stored samples out of a file: native frames are read straight from their
 * byte range (no re-parse, no copy of the rest of the file); encapsulated frames are located through
 * the Basic Offset Table or the fragments and handed to the codec.
 */
import dicomParser from 'dicom-parser';
import { JumeauError, describeError } from '../core/errors';
import type { DicomFileSource } from './source';
import type { FrameRecord } from './frames';
import { parseDicomBytes } from './parse';
import { transferSyntaxInfo } from './transferSyntax';
import { decodeFrame } from './codecs';
import type { StoredSamples } from './codecTypes';

const DEFLATED = '1.2.840.10008.1.2.1.99';

/** A source of reusable byte buffers (the loader recycles frame buffers to spare the GC). */
export type BufferPool = (byteLength: number) => Uint8Array;

/**
 * Reads and decodes one frame to stored samples. `fileCache` lets frames of one file share a read;
 * `pool`, when given, supplies the buffer native frames are read into (the caller recycles it).
 */
export async function readFrameSamples(
  src: DicomFileSource,
  f: FrameRecord,
  fileCache: Map<number, Promise<Uint8Array>>,
  pool?: BufferPool,
): Promise<StoredSamples> {
  const ts = transferSyntaxInfo(f.transferSyntaxUid);
  if (!ts) throw new JumeauError('UNSUPPORTED_TRANSFER_SYNTAX', `transfer syntax ${f.transferSyntaxUid} is not supported`, { subject: f.fileName });
  const px = f.pixel;
  const frameBytes = (px.rows * px.columns * px.samplesPerPixel * px.bitsAllocated) / 8;
  if (!ts.encapsulated && f.transferSyntaxUid !== DEFLATED && f.pixelDataOffset > 0) {
    const start = f.pixelDataOffset + f.frameIndex * frameBytes;
    let bytes: Uint8Array;
    if (pool && src.readInto) {
      const buf = pool(frameBytes);
      bytes = buf.subarray(0, await src.readInto(buf, start));
    } else bytes = await src.read(start, start + frameBytes);
    if (bytes.length < frameBytes) {
      throw new JumeauError('DICOM_TRUNCATED', `pixel data of frame ${f.frameIndex + 1} ends early (${bytes.length} of ${frameBytes} bytes)`, { subject: f.fileName });
    }
    return decodeFrame(bytes, ts, px, f.fileName);
  }
  // Multi-frame files are read once and shared by their frames; single-frame files are not kept.
  let whole = fileCache.get(f.sourceIndex);
  if (!whole) {
    whole = src.read();
    if (f.numberOfFrames > 1) fileCache.set(f.sourceIndex, whole);
  }
  const ds = parseDicomBytes(await whole, f.fileName, false);
  const el = ds.elements.x7fe00010;
  if (!el) throw new JumeauError('NO_PIXEL_DATA', 'the file has no Pixel Data element (7FE0,0010)', { subject: f.fileName });
  if (!ts.encapsulated) {
    const start = el.dataOffset + f.frameIndex * frameBytes;
    if (start + frameBytes > ds.byteArray.length) throw new JumeauError('DICOM_TRUNCATED', 'pixel data ends early', { subject: f.fileName });
    return decodeFrame(ds.byteArray.subarray(start, start + frameBytes), ts, px, f.fileName);
  }
  let encoded: Uint8Array;
  try {
    const frags = el.fragments ?? [];
    if (!frags.length) throw new Error('encapsulated pixel data has no fragments');
    if (el.basicOffsetTable && el.basicOffsetTable.length) encoded = dicomParser.readEncapsulatedImageFrame(ds, el, f.frameIndex);
    else if (f.numberOfFrames === 1) encoded = dicomParser.readEncapsulatedPixelDataFromFragments(ds, el, 0, frags.length);
    else if (frags.length === f.numberOfFrames) encoded = dicomParser.readEncapsulatedPixelDataFromFragments(ds, el, f.frameIndex, 1);
    else if (ts.codec.startsWith('jpeg')) encoded = dicomParser.readEncapsulatedImageFrame(ds, el, f.frameIndex, dicomParser.createJPEGBasicOffsetTable(ds, el));
    else throw new Error(`cannot locate frame ${f.frameIndex + 1}: no Basic Offset Table and ${frags.length} fragments for ${f.numberOfFrames} frames`);
  } catch (e) {
    const msg = describeError(e);
    const code = /overrun|past end|beyond/i.test(msg) ? 'DICOM_TRUNCATED' : 'DECODE_FAILED';
    throw new JumeauError(code, `cannot read encapsulated frame ${f.frameIndex + 1}: ${msg}`, { subject: f.fileName, cause: e });
  }
  return decodeFrame(encoded, ts, px, f.fileName);
}
