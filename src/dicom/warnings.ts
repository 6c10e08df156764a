/** Warnings attached to a series. Codes are stable (CLI JSON, UI, tests). */

/** Stable warning codes. */
export type WarningCode =
  | 'non-uniform-spacing'
  | 'missing-slices'
  | 'duplicate-positions'
  | 'duplicate-instance'
  | 'gantry-tilt'
  | 'mixed-rescale'
  | 'series-split'
  | 'missing-series-uid'
  | 'single-slice'
  | 'thickness-differs'
  | 'lossy-compression'
  | 'pixel-padding'
  | 'slice-intensity-outlier'
  | 'interpolated-slices'
  | 'frame-unreadable';

/** A defect found in a series: `warning` needs the user's attention, `info` is a note. */
export interface SeriesWarning {
  code: WarningCode;
  severity: 'info' | 'warning';
  message: string;
  /** Files concerned, when specific files are. */
  files?: string[];
}

/** Helper to build a warning. */
export function warn(code: WarningCode, message: string, files?: string[], severity: 'info' | 'warning' = 'warning'): SeriesWarning {
  return files && files.length ? { code, severity, message, files } : { code, severity, message };
}
