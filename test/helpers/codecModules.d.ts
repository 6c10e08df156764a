// Types for the encoder builds of Cornerstone's codec packages (they ship no types). Test-only; the
// decoder builds are typed in src/types/codecs.d.ts, which also covers '@cornerstonejs/codec-openjph/wasmjs'.
declare module '@cornerstonejs/codec-openjpeg/wasmjs' {
  const factory: (opts?: Record<string, unknown>) => Promise<unknown>;
  export default factory;
}
declare module '@cornerstonejs/codec-charls/wasmjs' {
  const factory: (opts?: Record<string, unknown>) => Promise<unknown>;
  export default factory;
}
declare module '@cornerstonejs/codec-libjpeg-turbo-8bit/wasmjs' {
  const factory: (opts?: Record<string, unknown>) => Promise<unknown>;
  export default factory;
}
