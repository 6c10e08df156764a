/**
 * Local case store (IndexedDB, this browser only): the twin built from a series — labels, segment
 * identities, meshes, notes — and the seeds clicked, one per series, with the SHA-256 of the voxels it
 * was built from, so a reload (or a crash) loses nothing and a twin is never restored onto different
 * voxels (the hash is only computed when a saved case exists for the series).
 * Nothing leaves the machine; a store that cannot open (private mode, quota) degrades to "not saved",
 * said in the status line, never to an error that blocks the work.
 */
import type { IndexIjk } from '../core/vec3';
import type { TwinResult } from '../workers/twinProtocol';

const DB_NAME = 'jumeau-cases';
const STORE = 'twins';
const VERSION = 2; // 2: keyed by series alone

/** What is kept per series. */
export interface SavedCase {
  /** The series (the store's key). */
  seriesId: string;
  voxelSha256: string;
  savedAt: string;
  twin: TwinResult;
  seeds: { liverIjk: IndexIjk | null; tumoursIjk: IndexIjk[]; portalIjk?: IndexIjk[] };
}

export { voxelSha256 } from '../volume/voxelHash';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, VERSION);
    req.onupgradeneeded = () => {
      if (req.result.objectStoreNames.contains(STORE)) req.result.deleteObjectStore(STORE);
      req.result.createObjectStore(STORE, { keyPath: 'seriesId' });
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB unavailable'));
  });
}

function run<T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  return open().then((db) => new Promise<T>((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    const req = fn(tx.objectStore(STORE));
    tx.oncomplete = () => { db.close(); resolve(req.result); };
    tx.onerror = () => { db.close(); reject(tx.error ?? req.error ?? new Error('IndexedDB transaction failed')); };
    tx.onabort = () => { db.close(); reject(tx.error ?? new Error('IndexedDB transaction aborted (quota?)')); };
  }));
}

/** Saves (replaces) a case. */
export function saveCase(c: SavedCase): Promise<void> {
  return run('readwrite', (s) => s.put(c)).then(() => undefined);
}

/** The saved case of a series, or null. */
export function loadCase(seriesId: string): Promise<SavedCase | null> {
  return run('readonly', (s) => s.get(seriesId) as IDBRequest<SavedCase | undefined>).then((c) => c ?? null);
}

/** Forgets a series' case. */
export function deleteCase(seriesId: string): Promise<void> {
  return run('readwrite', (s) => s.delete(seriesId)).then(() => undefined);
}
