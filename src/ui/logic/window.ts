/** Display windows (width/level) for CT in HU and for raw-valued images (pure). */
import type { VoxelArray } from '../../volume/volume';

/** A display window: values in [level − width/2, level + width/2] map to black…white. */
export interface DisplayWindow { width: number; level: number }

/** A named window preset. */
export interface WindowPreset { id: string; label: string; window: DisplayWindow | null }

/** CT presets in HU; `auto` (window null) is computed from the volume's values. */
export const WINDOW_PRESETS: readonly WindowPreset[] = [
  { id: 'soft', label: 'Soft tissue', window: { width: 400, level: 40 } },
  { id: 'bone', label: 'Bone', window: { width: 1800, level: 400 } },
  { id: 'lung', label: 'Lung', window: { width: 1500, level: -600 } },
  { id: 'brain', label: 'Brain', window: { width: 80, level: 40 } },
  { id: 'auto', label: 'Auto', window: null },
];

/**
 * Grey level 0–255 of a value under a window: `round((v − (level − width/2)) / width · 255)`, clamped.
 * The e2e test reproduces this formula to check the canvas pixels.
 */
export function windowGrey(v: number, w: DisplayWindow): number {
  const g = ((v - (w.level - w.width / 2)) / w.width) * 255;
  return g <= 0 ? 0 : g >= 255 ? 255 : Math.round(g);
}

/**
 * A window spanning the 1st–99th percentile of the values (sampled: at most ~256k voxels are read),
 * for MR and other images without a standard scale.
 */
export function autoWindow(data: VoxelArray): DisplayWindow {
  const step = Math.max(1, Math.floor(data.length / 262144));
  const sample: number[] = [];
  for (let n = 0; n < data.length; n += step) sample.push(data[n]);
  sample.sort((a, b) => a - b);
  if (!sample.length) return { width: 1, level: 0 };
  const lo = sample[Math.floor(0.01 * (sample.length - 1))];
  const hi = sample[Math.ceil(0.99 * (sample.length - 1))];
  const width = Math.max(1, hi - lo);
  return { width, level: lo + width / 2 };
}

/** The window a preset gives for a volume (auto → {@link autoWindow}). */
export function presetWindow(preset: WindowPreset, data: VoxelArray): DisplayWindow {
  return preset.window ?? autoWindow(data);
}
