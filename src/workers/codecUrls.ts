/**
 * Browser-only: where the wasm files of the Cornerstone codecs are served. Vite turns each `?url`
 * import into a same-origin URL (a hashed asset in the production build, a /node_modules path in the
 * dev server), so the codecs never look for their wasm anywhere else.
 */
import openjpegWasm from '@cornerstonejs/codec-openjpeg/decodewasm?url';
import charlsWasm from '@cornerstonejs/codec-charls/decodewasm?url';
import libjpegTurboWasm from '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasm?url';
import openjphWasm from '@cornerstonejs/codec-openjph/wasm?url';
import { setCodecWasmLocator } from '../dicom/index';

const URLS: Record<string, string> = {
  openjpeg: openjpegWasm,
  charls: charlsWasm,
  'libjpeg-turbo': libjpegTurboWasm,
  openjph: openjphWasm,
};

/** Points the DICOM codecs at the wasm files bundled with the app (call once, in the worker). */
export function installCodecLocator(): void {
  setCodecWasmLocator((codec, fileName) => {
    const url = URLS[codec];
    if (!url) throw new Error(`no bundled wasm for codec ${codec} (${fileName})`);
    return new URL(url, self.location.href).href;
  });
}
