// Minimal types for the Emscripten module factories of Cornerstone's codec packages (they ship none).
// Only what src/dicom/codecs.ts calls is typed.
declare module '@cornerstonejs/codec-openjpeg/decodewasmjs' {
  const factory: (opts?: Record<string, unknown>) => Promise<import('../dicom/codecTypes').EmscriptenCodecModule>;
  export default factory;
}
declare module '@cornerstonejs/codec-charls/decodewasmjs' {
  const factory: (opts?: Record<string, unknown>) => Promise<import('../dicom/codecTypes').EmscriptenCodecModule>;
  export default factory;
}
declare module '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs' {
  const factory: (opts?: Record<string, unknown>) => Promise<import('../dicom/codecTypes').EmscriptenCodecModule>;
  export default factory;
}
declare module '@cornerstonejs/codec-openjph/wasmjs' {
  const factory: (opts?: Record<string, unknown>) => Promise<import('../dicom/codecTypes').EmscriptenCodecModule>;
  export default factory;
}
