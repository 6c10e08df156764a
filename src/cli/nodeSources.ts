/** Node file access for the CLI and tests: folders are walked recursively, files read by range. */
import { promises as fsp, statSync } from 'node:fs';
import path from 'node:path';
import { JumeauError } from '../core/errors';
import type { DicomFileSource } from '../dicom/source';

/** A file source on disk; `path` is where it lives (for itk-wasm, which reads by path). */
export interface NodeFileSource extends DicomFileSource { readonly path: string }

/** A DicomFileSource over a file on disk (reads by byte range, never the whole file unless asked). */
export function nodeFileSource(filePath: string, displayName: string, size: number): NodeFileSource {
  return {
    name: displayName,
    path: filePath,
    size,
    async read(start = 0, end = size) {
      const e = Math.min(end, size);
      const len = Math.max(0, e - start);
      if (start === 0 && e === size) return new Uint8Array(await fsp.readFile(filePath));
      const fh = await fsp.open(filePath, 'r');
      try {
        const buf = new Uint8Array(len);
        const { bytesRead } = await fh.read(buf, 0, len, start);
        return bytesRead === len ? buf : buf.subarray(0, bytesRead);
      } finally {
        await fh.close();
      }
    },
    async readInto(target: Uint8Array, start: number) {
      const fh = await fsp.open(filePath, 'r');
      try {
        const { bytesRead } = await fh.read(target, 0, Math.min(target.length, Math.max(0, size - start)), start);
        return bytesRead;
      } finally {
        await fh.close();
      }
    },
  };
}

const IGNORED = new Set(['.DS_Store', 'Thumbs.db', 'desktop.ini']);

/** Every regular file under the given paths (folders recursively, hidden and OS clutter files skipped), sorted. */
export async function collectNodeSources(inputs: string[]): Promise<NodeFileSource[]> {
  const out: NodeFileSource[] = [];
  const walk = async (p: string, base: string): Promise<void> => {
    let st;
    try {
      st = statSync(p);
    } catch {
      throw new JumeauError('FILE_READ', 'no such file or folder', { subject: p });
    }
    if (st.isDirectory()) {
      const entries = (await fsp.readdir(p)).sort();
      for (const e of entries) if (!e.startsWith('.') && !IGNORED.has(e)) await walk(path.join(p, e), base);
    } else if (st.isFile()) {
      out.push(nodeFileSource(p, path.relative(base, p) || path.basename(p), st.size));
    }
  };
  for (const input of inputs) {
    const st = statSync(input, { throwIfNoEntry: false });
    await walk(input, st?.isDirectory() ? input : path.dirname(input));
  }
  return out;
}
