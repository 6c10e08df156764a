/** Which series to open first when a study holds several (pure; shared by the worker and the page). */
import type { SeriesSummary } from '../dicom/index';

/**
 * The series shown first: among those that can be built into a volume, the one with the most slices
 * (ties: the lowest series number, then the first listed). Null when no series can be built.
 */
export function pickDefaultSeries(series: readonly SeriesSummary[]): string | null {
  let best: SeriesSummary | null = null;
  for (const s of series) {
    if (s.error || !s.size) continue;
    if (!best || s.size[2] > best.size![2]) best = s;
  }
  return best ? best.id : null;
}
