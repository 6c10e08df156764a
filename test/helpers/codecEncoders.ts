/**
 * Frame encoders for the compressed fixtures, test-only: the ENCODER builds of Cornerstone's codec
 * packages (OpenJPEG, CharLS, OpenJPH, libjpeg-turbo, all WebAssembly), plus the two encoders written
 * in this folder (RLE Lossless, JPEG Lossless SV1). Each returns the bytes of one encapsulated frame.
 */
import openjpegFactory from '@cornerstonejs/codec-openjpeg/wasmjs';
import charlsFactory from '@cornerstonejs/codec-charls/wasmjs';
import openjphFactory from '@cornerstonejs/codec-openjph/wasmjs';
import jpegFactory from '@cornerstonejs/codec-libjpeg-turbo-8bit/wasmjs';
import { encodeRleFrame } from './rleEncoder';
import { encodeJpegLosslessSv1 } from './jpegLosslessEncoder';

/** One frame of stored samples to encode. */
export interface FrameToEncode {
  /** Stored values, row-major; Uint8Array means 8-bit samples. */
  samples: Int16Array | Uint16Array | Uint8Array;
  rows: number;
  columns: number;
  /** Bits per sample given to the codec (BitsStored; 16 for full 16-bit data). */
  bitsStored: number;
}

/** Codecs the fixtures can produce. */
export type FixtureCodec = 'rle' | 'jpeg-baseline' | 'jpeg-lossless' | 'jpeg-ls' | 'jpeg-ls-near' | 'j2k' | 'j2k-lossy' | 'htj2k';

/** Lossy settings (defaults used by the transfer-syntax tests). */
export interface LossySettings {
  /** JPEG-LS NEAR (max abs error per sample), default 3. */
  near?: number;
  /** JPEG baseline quality 1–100, default 90. */
  jpegQuality?: number;
  /** JPEG 2000 irreversible compression ratio, default 8. */
  j2kRatio?: number;
}

interface WasmEncoder {
  getDecodedBuffer(frameInfo: Record<string, number | boolean>): Uint8Array;
  getEncodedBuffer(): ArrayLike<number>;
  encode(): void;
  delete(): void;
  setQuality?(...args: unknown[]): void;
  setCompressionRatio?(layer: number, ratio: number): void;
  setNearLossless?(near: number): void;
  setProgressive?(progressive: number): void;
}

type EncoderModule = Record<string, new () => WasmEncoder>;

const modules = new Map<string, Promise<EncoderModule>>();

function moduleOf(name: 'openjpeg' | 'charls' | 'openjph' | 'jpeg'): Promise<EncoderModule> {
  let m = modules.get(name);
  if (!m) {
    const factory = { openjpeg: openjpegFactory, charls: charlsFactory, openjph: openjphFactory, jpeg: jpegFactory }[name];
    // A fresh options object per module: Emscripten factories adopt it as their Module object.
    m = (factory({ print: (): void => undefined, printErr: (): void => undefined }) as Promise<unknown>).then((x) => x as EncoderModule);
    modules.set(name, m);
  }
  return m;
}

function sampleBytes(f: FrameToEncode): Uint8Array {
  return new Uint8Array(f.samples.buffer, f.samples.byteOffset, f.samples.byteLength);
}

async function runWasm(
  name: 'openjpeg' | 'charls' | 'openjph' | 'jpeg',
  ctor: string,
  f: FrameToEncode,
  configure: (e: WasmEncoder) => void,
): Promise<Uint8Array> {
  const mod = await moduleOf(name);
  const enc = new mod[ctor]();
  try {
    const eightBit = f.samples instanceof Uint8Array;
    const input = enc.getDecodedBuffer({
      width: f.columns,
      height: f.rows,
      bitsPerSample: eightBit ? 8 : f.bitsStored,
      componentCount: 1,
      isSigned: f.samples instanceof Int16Array,
      isUsingColorTransform: false,
    });
    input.set(sampleBytes(f));
    configure(enc);
    enc.encode();
    return Uint8Array.from(enc.getEncodedBuffer()); // copy out of the wasm heap
  } finally {
    enc.delete();
  }
}

/**
 * Encodes one frame with the given codec.
 * @throws when the codec cannot encode that sample format (e.g. 16-bit samples for JPEG baseline)
 */
export async function encodeFrame(codec: FixtureCodec, f: FrameToEncode, lossy: LossySettings = {}): Promise<Uint8Array> {
  const eightBit = f.samples instanceof Uint8Array;
  switch (codec) {
    case 'rle':
      return encodeRleFrame(sampleBytes(f), f.rows, f.columns, eightBit ? 1 : 2);
    case 'jpeg-lossless':
      return encodeJpegLosslessSv1(f.samples, f.rows, f.columns, eightBit ? 8 : f.bitsStored);
    case 'jpeg-baseline':
      if (!eightBit) throw new Error('the libjpeg-turbo encoder is 8-bit only');
      // Baseline = sequential: the encoder defaults to progressive, which is not DICOM's 1.2.840.10008.1.2.4.50.
      return runWasm('jpeg', 'JPEGEncoder', f, (e) => { e.setProgressive!(0); e.setQuality!(lossy.jpegQuality ?? 90); });
    case 'jpeg-ls':
      return runWasm('charls', 'JpegLSEncoder', f, (e) => e.setNearLossless!(0));
    case 'jpeg-ls-near':
      return runWasm('charls', 'JpegLSEncoder', f, (e) => e.setNearLossless!(lossy.near ?? 3));
    case 'j2k':
      return runWasm('openjpeg', 'J2KEncoder', f, (e) => e.setQuality!(true, 0));
    case 'j2k-lossy':
      return runWasm('openjpeg', 'J2KEncoder', f, (e) => { e.setQuality!(false, 1); e.setCompressionRatio!(0, lossy.j2kRatio ?? 8); });
    case 'htj2k':
      return runWasm('openjph', 'HTJ2KEncoder', f, (e) => e.setQuality!(true, 0));
  }
}
