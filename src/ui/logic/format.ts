/** Number and text formatting for the panels (pure). */
import type { Vec3 } from '../../core/vec3';

/** `[512, 512, 20]` → "512 × 512 × 20". */
export function formatSize(size: readonly number[] | null): string {
  return size ? size.join(' × ') : '—';
}

/** Millimetres with at most `digits` decimals, trailing zeros dropped: 0.9765625 → "0.977". */
export function mm(v: number, digits = 3): string {
  const s = v.toFixed(digits);
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/** `[0.977, 0.977, 2]` → "0.977 × 0.977 × 2 mm". */
export function formatSpacing(spacing: Readonly<Vec3> | null): string {
  return spacing ? `${spacing.map((v) => mm(v)).join(' × ')} mm` : '—';
}

/** LPS point → "(-250, -250, 100.5) mm". */
export function formatPoint(p: Readonly<Vec3> | null): string {
  return p ? `(${p.map((v) => mm(v, 2)).join(', ')}) mm` : '—';
}

/** Bytes → "12.5 MiB". */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}

/** A value range with its unit: "-1024 … 1850 HU". */
export function formatRange(r: { min: number; max: number }, unit: string): string {
  const f = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(1));
  return `${f(r.min)} … ${f(r.max)}${unit === 'HU' ? ' HU' : ''}`;
}

/** Stage names shown next to the progress bar. */
export const STAGE_LABELS: Record<string, string> = {
  fetch: 'Reading sample files', scan: 'Reading headers', load: 'Loading slices',
  segment: 'Segmenting', surface: 'Extracting surfaces', smooth: 'Smoothing', decimate: 'Decimating', check: 'Checking meshes',
};
