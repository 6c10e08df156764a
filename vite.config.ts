/**
 * Vite configuration of the Jumeau app (served from the repository root, `index.html`).
 *
 * - The DICOM load runs in an ES-module worker (`src/workers/loadWorker.ts`).
 * - The generated sample cases in `dicom-samples/` are served by the dev and preview servers, and
 *   copied into the production build, together with `sample-catalog.json`: the list of cases and of
 *   their DICOM files, which the page fetches (see {@link buildSampleCatalog}).
 * - The itk-wasm pipelines that read NIfTI / NRRD / MetaImage in the worker are served (dev) and
 *   emitted (build) under `itk/image-io/` by {@link itkPipelines}; itk-wasm never reaches its CDN.
 * - Everything is served from the same origin: no CDN, no external font, no analytics.
 */
import { defineConfig, type Connect, type Plugin } from 'vite';
import { createReadStream, existsSync, mkdirSync, copyFileSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { itkPipelines } from './scripts/vite-itk-pipelines.ts';

const ROOT = dirname(fileURLToPath(import.meta.url));
const SAMPLES_DIR = join(ROOT, 'dicom-samples');
/** URL path (relative to the site base) of the sample catalog. */
const CATALOG_PATH = 'sample-catalog.json';

/** One bundled sample case, as the page sees it. */
export interface SampleCatalogCase {
  id: string;
  title: string;
  description: string;
  /** File URLs relative to the site base, e.g. `dicom-samples/hip/dicom/0001.dcm`. */
  files: string[];
}

/** The catalog served at `/sample-catalog.json`. */
export interface SampleCatalog { cases: SampleCatalogCase[] }

/** A case of dicom-samples/index.json (the generator writes `name`, `dicomFolder`, `dicomFiles`). */
interface IndexEntry {
  id?: string; name?: string; title?: string; description?: string;
  dicomDir?: string; dicomFolder?: string; files?: string[]; dicomFiles?: string[];
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Resolves a case's DICOM folder: relative to dicom-samples/ or (when it says so) to the repo root. */
function caseDir(entry: IndexEntry, id: string): string {
  const d = entry.dicomDir ?? entry.dicomFolder ?? `${id}/dicom`;
  const fromRoot = d.startsWith('dicom-samples/') ? join(ROOT, d) : join(SAMPLES_DIR, d);
  return fromRoot;
}

function listDicomFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (!name.startsWith('.')) out.push(p);
    }
  };
  walk(dir);
  return out;
}

const toUrlPath = (abs: string): string => relative(ROOT, abs).split(sep).join('/');

/**
 * Lists the sample cases from `dicom-samples/index.json` (an array, or `{ cases: [...] }`), falling back
 * to the folders `dicom-samples/<case>/dicom/` when there is no index. Cases with no file are left out.
 */
export function buildSampleCatalog(): SampleCatalog {
  const index = readJson(join(SAMPLES_DIR, 'index.json'));
  let entries: IndexEntry[] = [];
  if (Array.isArray(index)) entries = index as IndexEntry[];
  else if (index && typeof index === 'object' && Array.isArray((index as { cases?: unknown }).cases)) entries = (index as { cases: IndexEntry[] }).cases;
  if (!entries.length && existsSync(SAMPLES_DIR)) {
    entries = readdirSync(SAMPLES_DIR)
      .filter((n) => existsSync(join(SAMPLES_DIR, n, 'dicom')))
      .sort()
      .map((n) => ({ id: n, ...((readJson(join(SAMPLES_DIR, n, 'case.json')) as IndexEntry | undefined) ?? {}) }));
  }
  const cases: SampleCatalogCase[] = [];
  for (const e of entries) {
    const id = e.id ?? e.name;
    if (!id) continue;
    const dir = caseDir(e, id);
    const listed = e.files ?? e.dicomFiles;
    const files = listed && listed.length
      ? listed.map((f) => toUrlPath(f.startsWith('dicom-samples/') ? join(ROOT, f) : join(dir, f)))
      : listDicomFiles(dir).map(toUrlPath);
    if (!files.length) continue;
    cases.push({ id, title: e.title ?? id, description: e.description ?? '', files });
  }
  return { cases };
}

const CONTENT_TYPES: Record<string, string> = { '.json': 'application/json', '.dcm': 'application/dicom', '.txt': 'text/plain' };

/** Serves `sample-catalog.json` and the files under `dicom-samples/` (dev and preview servers). */
function samplesMiddleware(base: string): Connect.NextHandleFunction {
  return (req, res, next) => {
    const url = decodeURIComponent((req.url ?? '').split('?')[0]);
    const path = url.startsWith(base) ? url.slice(base.length) : url.replace(/^\//, '');
    if (path === CATALOG_PATH) {
      res.setHeader('Content-Type', 'application/json');
      res.setHeader('Cache-Control', 'no-store');
      res.end(JSON.stringify(buildSampleCatalog()));
      return;
    }
    if (!path.startsWith('dicom-samples/')) return next();
    const abs = resolve(ROOT, path);
    if (!abs.startsWith(SAMPLES_DIR + sep) || !existsSync(abs) || !statSync(abs).isFile()) return next();
    const ext = abs.slice(abs.lastIndexOf('.')).toLowerCase();
    res.setHeader('Content-Type', CONTENT_TYPES[ext] ?? 'application/octet-stream');
    res.setHeader('Content-Length', String(statSync(abs).size));
    res.setHeader('Cache-Control', 'no-cache');
    createReadStream(abs).pipe(res);
  };
}

/** Vite plugin: sample cases in dev, preview and build. Set JUMEAU_NO_SAMPLES=1 to build without them. */
function jumeauSamples(): Plugin {
  let base = '/';
  let outDir = 'dist';
  return {
    name: 'jumeau-samples',
    configResolved(config) {
      base = config.base.startsWith('/') ? config.base : '/';
      outDir = resolve(config.root, config.build.outDir);
    },
    configureServer(server) {
      server.middlewares.use(samplesMiddleware(base));
    },
    configurePreviewServer(server) {
      server.middlewares.use(samplesMiddleware(base));
    },
    writeBundle() {
      const catalog = process.env.JUMEAU_NO_SAMPLES === '1' ? { cases: [] } : buildSampleCatalog();
      for (const c of catalog.cases) {
        for (const f of c.files) {
          const dest = join(outDir, f);
          mkdirSync(dirname(dest), { recursive: true });
          copyFileSync(join(ROOT, f), dest);
        }
      }
      writeFileSync(join(outDir, CATALOG_PATH), JSON.stringify(catalog));
    },
  };
}

export default defineConfig({
  root: ROOT,
  base: './',
  // Nothing is copied from public/ (the app has no static assets besides what it imports).
  publicDir: false,
  plugins: [jumeauSamples(), itkPipelines()],
  worker: { format: 'es', plugins: () => [itkPipelines({ worker: true })] },
  optimizeDeps: {
    // The worker's dependencies are not found by the dependency scan (it starts at index.html); listing
    // them avoids a reload of the page the first time a worker imports them.
    include: [
      'dicom-parser',
      'pako',
      '@cornerstonejs/jpeg-lossless-decoder-js',
      '@cornerstonejs/codec-openjpeg/decodewasmjs',
      '@cornerstonejs/codec-charls/decodewasmjs',
      '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs',
      '@cornerstonejs/codec-openjph/wasmjs',
      '@cornerstonejs/dicom-image-loader',
      // Imported lazily by the worker when an image file (NIfTI / NRRD / MetaImage) is opened.
      '@itk-wasm/image-io',
      'itk-wasm',
      // Babylon deep modules of the 3D view (src/scene/twinScene.ts, imported on first use): listed so a
      // first 3D view never triggers a re-optimisation and a page reload.
      '@babylonjs/core/Engines/engine',
      '@babylonjs/core/scene',
      '@babylonjs/core/Cameras/arcRotateCamera',
      '@babylonjs/core/Lights/hemisphericLight',
      '@babylonjs/core/Lights/directionalLight',
      '@babylonjs/core/Meshes/mesh',
      '@babylonjs/core/Meshes/mesh.vertexData',
      '@babylonjs/core/Materials/standardMaterial',
      '@babylonjs/core/Maths/math.color',
      '@babylonjs/core/Maths/math.vector',
      '@babylonjs/core/Maths/math.plane',
      '@babylonjs/core/Culling/ray',
      '@babylonjs/core/Buffers/buffer',
      // The CT volume rendering of the 3D view (src/scene/volumeRender.ts).
      '@babylonjs/core/Engines/constants',
      '@babylonjs/core/Materials/shaderMaterial',
      '@babylonjs/core/Materials/Textures/rawTexture',
      '@babylonjs/core/Materials/Textures/rawTexture3D',
      // The liver plan overlay (src/scene/liverPlanOverlay.ts): draggable control points.
      '@babylonjs/core/Behaviors/Meshes/pointerDragBehavior',
      '@babylonjs/core/Meshes/Builders/sphereBuilder',
      // The plan gizmos (src/scene/cupGizmo.ts, kneeCutGizmo.ts): the cup gizmo's arm lines.
      '@babylonjs/core/Meshes/Builders/linesBuilder',
      // Babylon deep modules of the headset overlay (xr.html: src/xrMain.ts, src/xr/*): WebXR, GUI and
      // the few scene modules the 3D view above does not use.
      '@babylonjs/core/XR/webXRDefaultExperience',
      '@babylonjs/core/XR/webXRTypes',
      '@babylonjs/core/XR/features/WebXRAnchorSystem',
      // Registers the generic trigger controller, so a ray can press the in-headset panel offline.
      '@babylonjs/core/XR/motionController/webXRMotionControllerManager',
      '@babylonjs/core/Meshes/transformNode',
      '@babylonjs/core/Meshes/instancedMesh',
      '@babylonjs/core/Meshes/Builders/planeBuilder',
      '@babylonjs/core/Rendering/outlineRenderer',
      '@babylonjs/gui/2D/advancedDynamicTexture',
      '@babylonjs/gui/2D/controls/button',
      '@babylonjs/gui/2D/controls/control',
      '@babylonjs/gui/2D/controls/grid',
      '@babylonjs/gui/2D/controls/rectangle',
      '@babylonjs/gui/2D/controls/stackPanel',
      '@babylonjs/gui/2D/controls/textBlock',
      // Cornerstone3D of the MPR views (src/ui/mpr/cornerstoneMpr.ts, imported on first use).
      '@cornerstonejs/core',
      '@cornerstonejs/tools',
    ],
  },
  server: { host: '127.0.0.1', port: 5173, strictPort: false },
  preview: { host: '127.0.0.1', port: 4173, strictPort: false },
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2048,
    // Two pages: the workstation and the headset overlay.
    rollupOptions: { input: { main: join(ROOT, 'index.html'), xr: join(ROOT, 'xr.html') } },
  },
});
