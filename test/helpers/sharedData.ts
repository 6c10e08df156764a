/**
 * Access to the real cases in ../shared/data (never copied into the repository). Tests that need
 * them call `describe.skipIf(!hasSharedData)` and print why they were skipped.
 */
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root. */
export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The shared data folder (override with JUMEAU_SHARED_DATA). */
export const SHARED = process.env.JUMEAU_SHARED_DATA ?? path.resolve(REPO, '../shared/data');
/** True when the shared real-data cases are present. */
export const hasSharedData = existsSync(path.join(SHARED, 'README.md'));

if (!hasSharedData) {
  console.warn(`[jumeau tests] real-data tests SKIPPED: ${SHARED} not found (set JUMEAU_SHARED_DATA to run them)`);
}

/** Path of a file inside the shared data folder. */
export const shared = (...p: string[]): string => path.join(SHARED, ...p);

/** Unpacks the Visible Human knee series once into REPO/.cache (git-ignored); returns its folder. */
export function kneeDicomDir(): string {
  const dest = path.join(REPO, '.cache', 'vhf-knee');
  const dir = path.join(dest, 'vhf_knee');
  if (!existsSync(dir) || readdirSync(dir).length < 350) {
    mkdirSync(dest, { recursive: true });
    execFileSync('tar', ['-xJf', shared('vhf-knee-ct', 'vhf_knee_dicom.tar.xz'), '-C', dest]);
  }
  return dir;
}
