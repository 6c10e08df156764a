/**
 * Pixel-data decoding for every supported transfer syntax, through Cornerstone's codec packages
 * (OpenJPEG, CharLS, libjpeg-turbo, OpenJPH as WebAssembly; Cornerstone's own JS decoders for RLE and
 * 12-bit JPEG; jpeg-lossless-decoder-js for JPEG lossless). No codec is written here: this file only
 * feeds bytes in and views the result as stored sample values. The same code runs in Node and in a
 * browser worker; in the browser, call {@link setCodecWasmLocator} once so the wasm files are found.
 */
import { JumeauError, describeError } from '../core/errors';
import type { TransferSyntaxInfo } from './transferSyntax';
import type { EmscriptenCodecModule, PixelFormat, StoredSamples, WasmDecoder } from './codecTypes';

type WasmCodec = 'openjpeg' | 'charls' | 'libjpeg-turbo' | 'openjph';

let locateWasm: ((codec: WasmCodec, fileName: string) => string) | undefined;
const modules = new Map<WasmCodec, Promise<EmscriptenCodecModule>>();

/**
 * Tells the wasm codecs where their `.wasm` files are served (browser builds). In Node the codecs
 * find their files in node_modules by themselves and this need not be called.
 */
export function setCodecWasmLocator(fn: (codec: WasmCodec, fileName: string) => string): void {
  locateWasm = fn;
  modules.clear();
}

async function loadModule(codec: WasmCodec): Promise<EmscriptenCodecModule> {
  let p = modules.get(codec);
  if (!p) {
    p = (async () => {
      const noop = (): void => undefined;
      const opts: Record<string, unknown> = { print: noop, printErr: noop };
      if (locateWasm) {
        const loc = locateWasm;
        opts.locateFile = (f: string) => (f.endsWith('.wasm') ? loc(codec, f) : f);
      }
      switch (codec) {
        case 'openjpeg': return (await import('@cornerstonejs/codec-openjpeg/decodewasmjs')).default(opts);
        case 'charls': return (await import('@cornerstonejs/codec-charls/decodewasmjs')).default(opts);
        case 'libjpeg-turbo': return (await import('@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs')).default(opts);
        case 'openjph': return (await import('@cornerstonejs/codec-openjph/wasmjs')).default(opts);
      }
    })();
    modules.set(codec, p);
    p.catch(() => modules.delete(codec));
  }
  return p;
}

function bytesAsSamples(bytes: Uint8Array, fmt: PixelFormat, signed: boolean, subject: string): StoredSamples {
  const count = fmt.rows * fmt.columns * fmt.samplesPerPixel;
  if (fmt.bitsAllocated === 8) {
    if (bytes.length < count) throw short(subject, bytes.length, count);
    return signed ? new Int8Array(bytes.buffer, bytes.byteOffset, count) : bytes.subarray(0, count);
  }
  if (fmt.bitsAllocated === 16) {
    if (bytes.length < count * 2) throw short(subject, bytes.length, count * 2);
    // Typed-array views need 2-byte alignment; copy only when the file layout is odd.
    const src = bytes.byteOffset % 2 === 0 ? bytes : bytes.slice(0, count * 2);
    return signed ? new Int16Array(src.buffer, src.byteOffset, count) : new Uint16Array(src.buffer, src.byteOffset, count);
  }
  throw new JumeauError('UNSUPPORTED_PIXEL_FORMAT', `BitsAllocated ${fmt.bitsAllocated} is not supported (8 or 16)`, { subject });
}

function short(subject: string, got: number, want: number): JumeauError {
  return new JumeauError('DICOM_TRUNCATED', `pixel data holds ${got} bytes, ${want} expected (file truncated?)`, { subject });
}

async function decodeWasm(codec: WasmCodec, ctor: keyof EmscriptenCodecModule, encoded: Uint8Array): Promise<{ bytes: Uint8Array; isSigned?: boolean; bits: number; w: number; h: number }> {
  const mod = await loadModule(codec);
  const Ctor = mod[ctor];
  if (!Ctor) throw new Error(`${codec} module has no ${String(ctor)}`);
  const decoder: WasmDecoder = new Ctor();
  try {
    decoder.getEncodedBuffer(encoded.length).set(encoded);
    if (codec === 'openjph' && decoder.decodeSubResolution) decoder.decodeSubResolution(0, 0);
    else decoder.decode();
    const info = decoder.getFrameInfo();
    // Copy out of the wasm heap: the next decode reuses it.
    return { bytes: decoder.getDecodedBuffer().slice(), isSigned: info.isSigned, bits: info.bitsPerSample, w: info.width, h: info.height };
  } finally {
    decoder.delete?.();
  }
}

interface CornerstoneImageFrame extends PixelFormat { pixelData?: ArrayLike<number> & { buffer: ArrayBufferLike; byteOffset: number; length: number } }

async function cornerstoneJsDecoder(name: 'RLE' | 'JPEGBaseline12Bit'): Promise<(f: CornerstoneImageFrame, px: Uint8Array) => Promise<CornerstoneImageFrame>> {
  const m = (await import('@cornerstonejs/dicom-image-loader')) as unknown as { decoders: Record<string, (f: CornerstoneImageFrame, px: Uint8Array) => Promise<CornerstoneImageFrame>> };
  return m.decoders[name];
}

/**
 * Decodes one frame to its stored sample values (no rescale, no BitsStored masking).
 * @param encoded - the frame's bytes (native pixel bytes, or one encapsulated frame)
 * @param subject - file name for error messages
 * @throws JumeauError DECODE_FAILED / UNSUPPORTED_PIXEL_FORMAT / DICOM_TRUNCATED
 */
export async function decodeFrame(encoded: Uint8Array, ts: TransferSyntaxInfo, fmt: PixelFormat, subject: string): Promise<StoredSamples> {
  const signed = fmt.pixelRepresentation === 1;
  if (fmt.bitsAllocated !== 8 && fmt.bitsAllocated !== 16) {
    throw new JumeauError('UNSUPPORTED_PIXEL_FORMAT', `BitsAllocated ${fmt.bitsAllocated} is not supported (8 or 16)`, { subject });
  }
  try {
    switch (ts.codec) {
      case 'native-le':
        return bytesAsSamples(encoded, fmt, signed, subject);
      case 'native-be': {
        if (fmt.bitsAllocated === 8) return bytesAsSamples(encoded, fmt, signed, subject);
        const n = fmt.rows * fmt.columns * fmt.samplesPerPixel;
        if (encoded.length < 2 * n) throw short(subject, encoded.length, 2 * n);
        const swapped = new Uint8Array(2 * n);
        for (let q = 0; q < 2 * n; q += 2) { swapped[q] = encoded[q + 1]; swapped[q + 1] = encoded[q]; }
        return bytesAsSamples(swapped, fmt, signed, subject);
      }
      case 'jpeg2000': {
        const r = await decodeWasm('openjpeg', 'J2KDecoder', encoded);
        checkDims(r, fmt, subject);
        return bytesAsSamples(r.bytes, fmt, r.isSigned ?? signed, subject);
      }
      case 'htj2k': {
        const r = await decodeWasm('openjph', 'HTJ2KDecoder', encoded);
        checkDims(r, fmt, subject);
        return bytesAsSamples(r.bytes, fmt, r.isSigned ?? signed, subject);
      }
      case 'jpeg-ls': {
        const r = await decodeWasm('charls', 'JpegLSDecoder', encoded);
        checkDims(r, fmt, subject);
        return bytesAsSamples(r.bytes, fmt, signed, subject);
      }
      case 'jpeg-baseline': {
        if (fmt.bitsAllocated === 8) {
          const r = await decodeWasm('libjpeg-turbo', 'JPEGDecoder', encoded);
          checkDims(r, fmt, subject);
          return bytesAsSamples(r.bytes, fmt, signed, subject);
        }
        return viewCornerstoneResult(await (await cornerstoneJsDecoder('JPEGBaseline12Bit'))({ ...fmt }, encoded), fmt, signed, subject);
      }
      case 'rle':
        return viewCornerstoneResult(await (await cornerstoneJsDecoder('RLE'))({ ...fmt }, encoded), fmt, signed, subject);
      case 'jpeg-lossless': {
        const { Decoder } = await import('@cornerstonejs/jpeg-lossless-decoder-js');
        const out = new Decoder().decode(encoded.buffer as ArrayBuffer, encoded.byteOffset, encoded.length, fmt.bitsAllocated <= 8 ? 1 : 2);
        const bytes = new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
        return bytesAsSamples(bytes, fmt, signed, subject);
      }
    }
  } catch (e) {
    if (e instanceof JumeauError) throw e;
    throw new JumeauError('DECODE_FAILED', `could not decode ${ts.name} pixel data: ${describeError(e)}`, { subject, cause: e });
  }
}

function checkDims(r: { w: number; h: number }, fmt: PixelFormat, subject: string): void {
  if (r.w !== fmt.columns || r.h !== fmt.rows) {
    throw new JumeauError('DECODE_FAILED', `decoded frame is ${r.w}×${r.h}, header says ${fmt.columns}×${fmt.rows}`, { subject });
  }
}

function viewCornerstoneResult(frame: CornerstoneImageFrame, fmt: PixelFormat, signed: boolean, subject: string): StoredSamples {
  const px = frame.pixelData;
  if (!px) throw new JumeauError('DECODE_FAILED', 'decoder returned no pixels', { subject });
  const bytes = new Uint8Array(px.buffer, px.byteOffset, px.length * (fmt.bitsAllocated === 16 ? 2 : 1));
  return bytesAsSamples(bytes, fmt, signed, subject);
}
