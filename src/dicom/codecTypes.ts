/** Shapes of the Cornerstone codec objects used by {@link ./codecs}. */

/** Frame description reported by a wasm codec after decoding. */
export interface CodecFrameInfo {
  width: number;
  height: number;
  bitsPerSample: number;
  componentCount: number;
  isSigned?: boolean;
}

/** A Cornerstone wasm decoder instance (J2KDecoder, JpegLSDecoder, JPEGDecoder, HTJ2KDecoder). */
export interface WasmDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  decode(): void;
  decodeSubResolution?(level: number, layer?: number): void;
  getFrameInfo(): CodecFrameInfo;
  getDecodedBuffer(): Uint8Array;
  delete?(): void;
}

/** The Emscripten module object a codec factory resolves to. */
export interface EmscriptenCodecModule {
  J2KDecoder?: new () => WasmDecoder;
  JpegLSDecoder?: new () => WasmDecoder;
  JPEGDecoder?: new () => WasmDecoder;
  HTJ2KDecoder?: new () => WasmDecoder;
}

/** Pixel format of one frame, from the DICOM Image Pixel module. */
export interface PixelFormat {
  rows: number;
  columns: number;
  bitsAllocated: number;
  bitsStored: number;
  pixelRepresentation: number;
  samplesPerPixel: number;
  planarConfiguration: number;
  photometricInterpretation: string;
}

/** Stored pixel values of one decoded frame (before rescale, before BitsStored masking). */
export type StoredSamples = Int16Array | Uint16Array | Uint8Array | Int8Array;
