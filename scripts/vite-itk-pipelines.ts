/**
 * Vite plugin: the itk-wasm image-io pipelines that the load worker runs (NIfTI, NRRD, MetaImage
 * readers), served from this site so that nothing is fetched from a CDN.
 *
 * - Dev server: `<base>itk/image-io/<file>` is answered from `node_modules/@itk-wasm/image-io/dist/pipelines`.
 * - Build: the same files are emitted to `<outDir>/itk/image-io/` (about 1.2 MB; only these pipelines,
 *   not the 70 MB of all of them). `vite preview` serves them as static files.
 * - `virtual:jumeau-itk-pipelines` exports `itkPipelinesUrl`, the absolute URL of that folder as seen
 *   from the worker. In a build it is computed at run time from the worker chunk's own URL (worker
 *   chunks are written to `build.assetsDir`), so the app works under any base path.
 *
 * Use it twice: in `plugins` (`itkPipelines()`: dev middleware, build output, virtual module in dev)
 * and in `worker.plugins` (`itkPipelines({ worker: true })`: the virtual module in worker bundles).
 */
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, posix } from 'node:path';
import type { Connect, Plugin } from 'vite';

/** The pipelines the app calls (each is `<name>.js` + `<name>.wasm.zst`). */
export const ITK_PIPELINES = ['nifti-read-image', 'nrrd-read-image', 'meta-read-image'] as const;
/** Every file served, by name. */
export const ITK_PIPELINE_FILES: readonly string[] = ITK_PIPELINES.flatMap((p) => [`${p}.js`, `${p}.wasm.zst`]);
/** Folder of the pipeline files, relative to the site base. */
export const ITK_PIPELINES_DIR = 'itk/image-io';

const VIRTUAL_ID = 'virtual:jumeau-itk-pipelines';
const RESOLVED_ID = `\0${VIRTUAL_ID}`;

/** The pipelines folder of the installed @itk-wasm/image-io. */
export function imageIoPipelinesDir(): string {
  const require = createRequire(import.meta.url);
  // The package's "exports" hides package.json; resolve its Node entry and walk up to dist/.
  const entry = require.resolve('@itk-wasm/image-io');
  let dir = dirname(entry);
  while (!existsSync(join(dir, 'pipelines')) && dirname(dir) !== dir) dir = dirname(dir);
  const pipelines = join(dir, 'pipelines');
  for (const f of ITK_PIPELINE_FILES) {
    if (!existsSync(join(pipelines, f))) throw new Error(`itk-wasm pipeline file ${f} not found in ${pipelines} (npm ci?)`);
  }
  return pipelines;
}

function middleware(base: string, dir: string): Connect.NextHandleFunction {
  const prefix = `${base}${ITK_PIPELINES_DIR}/`;
  return (req, res, next) => {
    const path = decodeURIComponent((req.url ?? '').split('?')[0]);
    if (!path.startsWith(prefix)) return next();
    const name = path.slice(prefix.length);
    if (!ITK_PIPELINE_FILES.includes(name)) return next();
    const abs = join(dir, name);
    res.setHeader('Content-Type', name.endsWith('.js') ? 'text/javascript' : 'application/octet-stream');
    res.setHeader('Content-Length', String(statSync(abs).size));
    res.setHeader('Cache-Control', 'no-cache');
    createReadStream(abs).pipe(res);
  };
}

/** The plugin (see module doc). */
export function itkPipelines(opts: { worker?: boolean } = {}): Plugin {
  let command: 'serve' | 'build' = 'serve';
  let base = '/';
  let assetsDir = 'assets';
  let dir = '';
  return {
    name: 'jumeau-itk-pipelines',
    configResolved(config) {
      command = config.command;
      base = config.base.startsWith('/') ? config.base : '/';
      assetsDir = config.build.assetsDir;
      dir = imageIoPipelinesDir();
    },
    resolveId(id) {
      return id === VIRTUAL_ID ? RESOLVED_ID : null;
    },
    load(id) {
      if (id !== RESOLVED_ID) return null;
      if (command === 'serve') {
        return `export const itkPipelinesUrl = new URL(${JSON.stringify(base + ITK_PIPELINES_DIR)}, globalThis.location.origin).href;\n`;
      }
      const fromChunk = posix.relative(assetsDir, ITK_PIPELINES_DIR);
      return `export const itkPipelinesUrl = new URL(${JSON.stringify(fromChunk)}, import.meta.url).href;\n`;
    },
    configureServer(server) {
      if (!opts.worker) server.middlewares.use(middleware(base, dir));
    },
    generateBundle() {
      if (opts.worker) return;
      for (const f of ITK_PIPELINE_FILES) {
        this.emitFile({ type: 'asset', fileName: `${ITK_PIPELINES_DIR}/${f}`, source: readFileSync(join(dir, f)) });
      }
    },
  };
}
