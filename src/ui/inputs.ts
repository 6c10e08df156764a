/**
 * Collecting files from the page's inputs: a folder or file picker, or a drag-and-drop of files and
 * folders (folders are walked with `webkitGetAsEntry()`; names keep the relative path).
 */
import type { NamedBlob } from '../workers/protocol';

/** Files of an `<input type=file>` (with or without `webkitdirectory`), named by relative path. */
export function filesFromInput(input: HTMLInputElement): NamedBlob[] {
  return [...(input.files ?? [])].map((f) => ({ name: f.webkitRelativePath || f.name, blob: f }));
}

function readAllEntries(dir: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = dir.createReader();
  const all: FileSystemEntry[] = [];
  return new Promise((resolve, reject) => {
    // readEntries returns at most ~100 entries per call: call until it returns none.
    const next = (): void => reader.readEntries((batch) => {
      if (!batch.length) resolve(all);
      else { all.push(...batch); next(); }
    }, reject);
    next();
  });
}

const fileOf = (entry: FileSystemFileEntry): Promise<File> => new Promise((resolve, reject) => entry.file(resolve, reject));

async function walk(entry: FileSystemEntry, out: NamedBlob[], errors: string[]): Promise<void> {
  const name = entry.fullPath.replace(/^\//, '') || entry.name;
  try {
    if (entry.isFile) out.push({ name, blob: await fileOf(entry as FileSystemFileEntry) });
    else if (entry.isDirectory) {
      for (const child of await readAllEntries(entry as FileSystemDirectoryEntry)) await walk(child, out, errors);
    }
  } catch (e) {
    errors.push(`${name}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * Files of a drop, folders walked recursively. Entries that cannot be read are returned in `errors`
 * (file name and reason) rather than silently dropped.
 */
export async function filesFromDrop(dt: DataTransfer): Promise<{ files: NamedBlob[]; errors: string[] }> {
  const files: NamedBlob[] = [];
  const errors: string[] = [];
  // Entries must be taken synchronously, before the first await (the DataTransfer empties after the event).
  const entries = [...dt.items].filter((it) => it.kind === 'file').map((it) => it.webkitGetAsEntry?.() ?? null);
  const plain = [...dt.files];
  if (entries.length && entries.every((e) => e)) {
    for (const e of entries) await walk(e!, files, errors);
  } else {
    for (const f of plain) files.push({ name: f.name, blob: f });
  }
  return { files, errors };
}
