/**
 * Slice geometry of one candidate series (same orientation and matrix): sort by position along the
 * slice normal, derive spacing from positions (never SliceThickness), detect defects, and plan how
 * each output slice of a regular, orthogonal grid is made from the input frames.
 *
 * Conventions (brief §8.1): n = row cosine × column cosine; s_k = n · IPP_k; slices sorted by s
 * ascending, so the k axis of the volume is +n; Δk = median of the position differences.
 */
import { JumeauError } from '../core/errors';
import { median } from '../core/stats';
import { type Vec3, cross, dot, normalize, scale, sub, norm } from '../core/vec3';
import type { FrameRecord } from './frames';
import { type SeriesWarning, warn } from './warnings';

/** How output slice k is made: `(1 − w)·sorted[a] + w·sorted[b]` (w = 0 means a plain copy of a). */
export interface SliceSource { a: number; b: number; w: number }

/** The plan for building a volume from one series' frames. */
export interface SlicePlan {
  /** Frames sorted by position along the normal. */
  sorted: FrameRecord[];
  /** s_k = n · IPP_k of `sorted`, mm. */
  positionsMm: number[];
  rowCosine: Vec3;
  colCosine: Vec3;
  normal: Vec3;
  /** Voxel spacing along i (columns), j (rows), k (slices), mm. */
  spacing: Vec3;
  /** LPS centre of voxel (0,0,0), mm. */
  origin: Vec3;
  size: [number, number, number];
  targets: SliceSource[];
  /** In-plane offset of each sorted frame relative to the first, in pixels along i and j (gantry tilt). */
  shearPx: [number, number][] | null;
  /** Tilt of the stack from the slice normal, degrees (0 for an orthogonal stack). */
  tiltDeg: number;
  /** Output slice indexes synthesised by interpolation across gaps. */
  interpolated: number[];
}

/** Options of {@link planSlices}. */
export interface PlanOptions {
  /** Fill missing slices by linear interpolation (with a warning) instead of refusing. Default false. */
  allowGaps?: boolean;
}

const DUP_TOL_MM = 0.005;
const SHEAR_TOL_MM = 0.01;

/**
 * Plans the volume of one series. Returns warnings; throws a JumeauError when no correct volume can
 * be built (no geometry, duplicate positions, gaps without `allowGaps`).
 */
export function planSlices(framesIn: FrameRecord[], opts: PlanOptions = {}): { plan: SlicePlan; warnings: SeriesWarning[] } {
  const warnings: SeriesWarning[] = [];
  const first = framesIn[0];
  const subject = first.fileName;
  for (const f of framesIn) {
    const missing = !f.orientation ? 'ImageOrientationPatient' : !f.positionLps ? 'ImagePositionPatient' : !f.pixelSpacingMm ? 'PixelSpacing' : null;
    if (missing) throw new JumeauError('GEOMETRY_INVALID', `frame ${f.frameIndex + 1} has no ${missing}: its place in the patient is unknown`, { subject: f.fileName });
  }
  const o = first.orientation!;
  if (Math.abs(dot(o.row, o.col)) > 1e-2) {
    throw new JumeauError('GEOMETRY_INVALID', `ImageOrientationPatient row and column cosines are not perpendicular (dot ${dot(o.row, o.col).toFixed(4)})`, { subject });
  }
  const row = normalize(o.row);
  const col = normalize(sub(o.col, scale(row, dot(o.col, row))));
  const normal = cross(row, col);
  const [dRow, dCol] = first.pixelSpacingMm!;

  // Sort by position along the normal; drop exact duplicate instances, refuse distinct frames at one position.
  const withPos = framesIn.map((f) => ({ f, s: dot(normal, f.positionLps!) })).sort((x, y) => x.s - y.s);
  const kept: { f: FrameRecord; s: number }[] = [];
  const dupFiles: string[] = [];
  for (const e of withPos) {
    const prev = kept[kept.length - 1];
    if (prev && Math.abs(e.s - prev.s) < DUP_TOL_MM) {
      if (prev.f.sopInstanceUid && prev.f.sopInstanceUid === e.f.sopInstanceUid && prev.f.frameIndex === e.f.frameIndex) {
        dupFiles.push(e.f.fileName);
        continue;
      }
      throw new JumeauError(
        'SERIES_INCONSISTENT',
        `duplicate positions: ${prev.f.fileName} and ${e.f.fileName} are both at ${e.s.toFixed(3)} mm along the slice normal; the series holds more than one volume (phases, echoes or repeated slices) and cannot be stacked`,
        { subject: e.f.fileName },
      );
    }
    kept.push(e);
  }
  if (dupFiles.length) warnings.push(warn('duplicate-instance', `${dupFiles.length} file(s) repeat an instance already loaded and were ignored`, dupFiles));
  const sorted = kept.map((e) => e.f);
  const pos = kept.map((e) => e.s);

  if (sorted.length === 1) {
    const thick = first.sliceThicknessMm && first.sliceThicknessMm > 0 ? first.sliceThicknessMm : 1;
    warnings.push(warn('single-slice', `only one slice: a 2-D image, not a volume (slice spacing set to ${thick} mm from SliceThickness)`));
    return {
      plan: {
        sorted, positionsMm: pos, rowCosine: row, colCosine: col, normal, spacing: [dCol, dRow, thick],
        origin: sorted[0].positionLps!, size: [first.pixel.columns, first.pixel.rows, 1],
        targets: [{ a: 0, b: 0, w: 0 }], shearPx: null, tiltDeg: 0, interpolated: [],
      },
      warnings,
    };
  }

  const diffs = pos.slice(1).map((s, k) => s - pos[k]);
  // Gaps: a difference larger than 1.5 × the median spacing means slices are missing. With few slices
  // the median itself may include the gap, so a difference that is a whole multiple (≥ 2, within 2 %)
  // of the smallest one is a gap too. The spacing is the median of the differences that are not gaps.
  const dMin = Math.min(...diffs);
  const dMed = median(diffs);
  const isGap = (d: number): boolean => {
    if (d > 1.5 * dMed) return true;
    const m = Math.round(d / dMin);
    return m >= 2 && Math.abs(d - m * dMin) <= 0.02 * dMin;
  };
  const regular = diffs.filter((d) => !isGap(d));
  const dk = regular.length ? median(regular) : dMed;
  const maxDev = Math.max(...regular.map((d) => Math.abs(d - dk)), 0);
  const gaps = diffs.map((d, k) => ({ d, k })).filter((g) => isGap(g.d));
  if (gaps.length) {
    const missing = gaps.reduce((n, g) => n + Math.round(g.d / dk) - 1, 0);
    const where = gaps.map((g) => `between ${sorted[g.k].fileName} (${pos[g.k].toFixed(2)} mm) and ${sorted[g.k + 1].fileName} (${pos[g.k + 1].toFixed(2)} mm)`).join('; ');
    const text = `about ${missing} slice(s) missing: ${where} (gap > 1.5 × the ${dk.toFixed(3)} mm spacing)`;
    if (!opts.allowGaps) {
      throw new JumeauError('SERIES_INCONSISTENT', `${text}; load with gaps allowed to interpolate them`, { subject: sorted[gaps[0].k + 1].fileName, remedy: 'allow-gaps' });
    }
    warnings.push(warn('missing-slices', text, gaps.flatMap((g) => [sorted[g.k].fileName, sorted[g.k + 1].fileName])));
  } else if (maxDev > 0.01 * dk) {
    warnings.push(warn('non-uniform-spacing', `slice spacing varies from the ${dk.toFixed(3)} mm median by up to ${maxDev.toFixed(3)} mm; slices were resampled onto a regular ${dk.toFixed(3)} mm grid`));
  }

  // Output grid: regular spacing dk from the first to the last position.
  const nOut = Math.round((pos[pos.length - 1] - pos[0]) / dk) + 1;
  const targets: SliceSource[] = [];
  const interpolated: number[] = [];
  let a = 0;
  for (let k = 0; k < nOut; k++) {
    const t = pos[0] + k * dk;
    while (a < pos.length - 2 && pos[a + 1] <= t + 1e-6) a++;
    const b = Math.min(a + 1, pos.length - 1);
    const span = pos[b] - pos[a];
    let w = span > 0 ? (t - pos[a]) / span : 0;
    w = Math.min(1, Math.max(0, w));
    if (Math.abs(t - pos[a]) <= 0.01 * dk) targets.push({ a, b: a, w: 0 });
    else if (Math.abs(t - pos[b]) <= 0.01 * dk) targets.push({ a: b, b, w: 0 });
    else {
      targets.push({ a, b, w });
      if (span > 1.5 * dk) interpolated.push(k);
    }
  }
  if (interpolated.length) warnings.push(warn('interpolated-slices', `${interpolated.length} output slice(s) were interpolated across gaps: k = ${interpolated.join(', ')}`));

  // Shear (gantry tilt): in-plane offset of each frame's IPP relative to the first.
  const p0 = sorted[0].positionLps!;
  let maxShear = 0;
  const shearPx: [number, number][] = sorted.map((f) => {
    const d = sub(f.positionLps!, p0);
    const e = sub(d, scale(normal, dot(d, normal)));
    maxShear = Math.max(maxShear, norm(e));
    return [dot(e, row) / dCol, dot(e, col) / dRow];
  });
  const total = sub(sorted[sorted.length - 1].positionLps!, p0);
  const tiltDeg = (Math.acos(Math.min(1, Math.abs(dot(total, normal)) / norm(total))) * 180) / Math.PI;
  const sheared = maxShear > SHEAR_TOL_MM;
  if (sheared) {
    warnings.push(warn('gantry-tilt', `sheared stack (gantry tilt ${tiltDeg.toFixed(3)}°${first.gantryTiltDeg ? `, header says ${first.gantryTiltDeg}°` : ''}): slices were resampled onto an orthogonal grid`));
  }

  const thick = first.sliceThicknessMm;
  if (thick && Math.abs(thick - dk) > 0.1 * dk) {
    warnings.push(warn('thickness-differs', `slice spacing ${dk.toFixed(3)} mm (from positions) differs from SliceThickness ${thick} mm; spacing from positions is used`, undefined, 'info'));
  }
  return {
    plan: {
      sorted, positionsMm: pos, rowCosine: row, colCosine: col, normal,
      spacing: [dCol, dRow, dk], origin: p0, size: [first.pixel.columns, first.pixel.rows, nOut],
      targets, shearPx: sheared ? shearPx : null, tiltDeg, interpolated,
    },
    warnings,
  };
}
