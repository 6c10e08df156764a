/**
 * Cup coverage by host bone: the share of the cup's outer hemispherical surface (area-weighted) that
 * lies inside the operated side's hip-bone segment. Sampled at points spread evenly over the dome
 * (a Fibonacci spiral with cos θ uniform, which is area-uniform on a sphere), each looked up at the
 * nearest voxel of the labelmap. Pure; LPS mm.
 */
import { JumeauError } from '../core/errors';
import type { PointLps, Vec3 } from '../core/vec3';
import { cross, normalize } from '../core/vec3';
import { lpsToIndex, type Volume } from '../volume/volume';
import { unitOrThrow } from './geometry';

/** Inputs of {@link cupCoverage}. */
export interface CupCoverageInput {
  /** Labelmap on the CT grid (values, size, spacing, origin, direction). */
  labels: Pick<Volume, 'size' | 'spacing' | 'origin' | 'direction'> & { data: ArrayLike<number> };
  /** Label of the host bone (the operated side's hip bone). */
  boneLabel: number;
  /** Cup centre of rotation, LPS mm. */
  centreLps: PointLps;
  /** Unit cup axis out of the opening, LPS (the dome is on the other side). */
  axisLps: Vec3;
  /** Outer radius of the shell, mm. */
  outerRadiusMm: number;
  /** Sample points on the dome (default 4000). */
  samples?: number;
}

/** Result of {@link cupCoverage}. */
export interface CupCoverage {
  /** Covered share of the outer surface, percent. */
  coveragePercent: number;
  samples: number;
  covered: number;
  /** Samples that fell outside the image (counted as not covered, and said). */
  outsideImage: number;
  /** Mean direction (unit, LPS, from the centre) of the uncovered dome, or null when fully covered. */
  uncoveredDirectionLps: Vec3 | null;
}

/**
 * The host-bone coverage of a planned cup.
 * @throws JumeauError BAD_ARGUMENT for a non-positive radius or a zero axis; EMPTY_SEGMENT when no
 *   voxel carries `boneLabel`
 */
export function cupCoverage(input: CupCoverageInput): CupCoverage {
  const { labels, boneLabel } = input;
  if (!(input.outerRadiusMm > 0)) throw new JumeauError('BAD_ARGUMENT', `must be > 0 mm (got ${input.outerRadiusMm})`, { subject: 'outerRadiusMm' });
  let any = false;
  for (let q = 0; q < labels.data.length && !any; q++) any = labels.data[q] === boneLabel;
  if (!any) throw new JumeauError('EMPTY_SEGMENT', `no voxel of label ${boneLabel}: no host bone to cover the cup`, { subject: 'boneLabel' });
  const n = unitOrThrow(input.axisLps, 'axisLps');
  const helper: Vec3 = Math.abs(n[0]) < 0.9 ? [1, 0, 0] : [0, 1, 0];
  const e1 = normalize(cross(n, helper));
  const e2 = cross(n, e1);
  const count = input.samples ?? 4000;
  const R = input.outerRadiusMm;
  const [ni, nj, nk] = labels.size;
  let covered = 0, outside = 0;
  const miss: Vec3 = [0, 0, 0];
  const golden = Math.PI * (3 - Math.sqrt(5));
  for (let s = 0; s < count; s++) {
    const c = (s + 0.5) / count; // cos θ from the dome pole, uniform in (0, 1): area-uniform
    const r = Math.sqrt(1 - c * c);
    const phi = s * golden;
    const d: Vec3 = [0, 1, 2].map((a) => r * Math.cos(phi) * e1[a] + r * Math.sin(phi) * e2[a] - c * n[a]) as Vec3;
    const p: PointLps = [input.centreLps[0] + R * d[0], input.centreLps[1] + R * d[1], input.centreLps[2] + R * d[2]];
    const [i, j, k] = lpsToIndex(labels, p).map(Math.round);
    if (i < 0 || j < 0 || k < 0 || i >= ni || j >= nj || k >= nk) {
      outside++;
    } else if (labels.data[i + ni * (j + nj * k)] === boneLabel) {
      covered++;
      continue;
    }
    miss[0] += d[0];
    miss[1] += d[1];
    miss[2] += d[2];
  }
  const m = Math.hypot(...miss);
  return { coveragePercent: (100 * covered) / count, samples: count, covered, outsideImage: outside, uncoveredDirectionLps: covered === count || m < 1e-9 ? null : [miss[0] / m, miss[1] / m, miss[2] / m] };
}
