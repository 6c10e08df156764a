/**
 * Proximal tibial resection on a tibia segment (brief §4.2): the cut plane of
 * {@link proximalTibialResection} (⟂ the tibial axis, tilted by varus/valgus and posterior slope,
 * `depthMm` below the reference plateau point), and the bone it removes, measured on the mask:
 * resected and remnant volume (mL) and the area of the cut (mm²).
 *
 * Volumes are **exact for the voxelised bone** (each voxel a solid box): voxels wholly on one side of
 * the plane count in full; a voxel the plane crosses counts with the exact fraction of its box on each
 * side (the closed form of a box cut by a plane, below), so no supersampling error is added to the
 * segmentation's own. The cut area is the derivative of that volume with respect to the plane offset,
 * i.e. the exact area of plane ∩ voxel boxes.
 */
import { JumeauError } from '../core/errors';
import type { PointLps, Vec3 } from '../core/vec3';
import { dot, scale, sub } from '../core/vec3';
import type { Mask } from '../segmentation/labelmap';
import { unitOrThrow } from './geometry';
import type { Resection, ResectionPlane, ResectionReference } from './kneeResection';
import { proximalTibialResection } from './kneeResection';
import type { Side } from './validate';
import { checkSide, checkVec3 } from './validate';

/** Volumes of a mask on either side of a plane, and the cut area. */
export interface PlaneSplit {
  /** Bone on the side the normal points to (proximal for a resection plane), mL. */
  aboveMl: number;
  /** Bone on the other side, mL. */
  belowMl: number;
  /** Whole mask, mL (= above + below). */
  totalMl: number;
  /** Area of the plane inside the voxel boxes of the mask, mm². */
  cutAreaMm2: number;
  /** Voxels the plane passes through (counted with their exact fractions). */
  cutVoxels: number;
}

/** Fraction of a box below a plane and its derivative, as functions of τ = depth of the plane above the box's lowest corner (mm). */
interface BoxCut {
  fraction: (tau: number) => number;
  /** d fraction / dτ, 1/mm. */
  slope: (tau: number) => number;
}

const pos = (x: number): number => (x > 0 ? x : 0);

/**
 * Closed form for a box whose edges span `alphas` (mm) along the plane normal: the part of the box
 * with n·x ≤ τ (from the lowest corner) is Σ_v (−1)^|v| (τ − α·v)₊³ / (6 α₀α₁α₂), v ∈ {0,1}³
 * (an inclusion–exclusion of corner simplices). Edges nearly parallel to the plane (α < 1e-7 of the
 * sum) drop a dimension: the 2-D form Σ (−1)^|v| (τ − α·v)₊² / (2 α₀α₁), or the 1-D clamp(τ/α₀).
 */
function boxCut(alphas: readonly number[]): BoxCut {
  const a = [...alphas].sort((x, y) => y - x);
  const sum = a[0] + a[1] + a[2];
  const eps = 1e-7 * sum;
  if (a[1] <= eps) {
    const shift = (a[1] + a[2]) / 2;
    return {
      fraction: (tau) => Math.min(1, Math.max(0, (tau - shift) / a[0])),
      slope: (tau) => (tau - shift > 0 && tau - shift < a[0] ? 1 / a[0] : 0),
    };
  }
  if (a[2] <= eps) {
    const shift = a[2] / 2;
    const k = 2 * a[0] * a[1];
    const terms = (t: number, p: number) => pos(t) ** p - pos(t - a[0]) ** p - pos(t - a[1]) ** p + pos(t - a[0] - a[1]) ** p;
    return {
      fraction: (tau) => Math.min(1, Math.max(0, terms(tau - shift, 2) / k)),
      slope: (tau) => (2 * terms(tau - shift, 1)) / k,
    };
  }
  const k = 6 * a[0] * a[1] * a[2];
  const terms = (t: number, p: number) =>
    pos(t) ** p - pos(t - a[0]) ** p - pos(t - a[1]) ** p - pos(t - a[2]) ** p +
    pos(t - a[0] - a[1]) ** p + pos(t - a[0] - a[2]) ** p + pos(t - a[1] - a[2]) ** p - pos(t - sum) ** p;
  return {
    fraction: (tau) => Math.min(1, Math.max(0, terms(tau, 3) / k)),
    slope: (tau) => (3 * terms(tau, 2)) / k,
  };
}

/**
 * Splits a mask by a plane: exact volume of its voxel boxes on each side (mL) and the area of the
 * plane inside them (mm²). Any non-zero voxel is bone.
 * @throws JumeauError BAD_ARGUMENT on a non-finite or zero normal/point
 */
export function splitMaskByPlane(mask: Mask, plane: ResectionPlane): PlaneSplit {
  checkVec3(plane.pointLps, 'plane.pointLps');
  checkVec3(plane.normalLps, 'plane.normalLps');
  const n = unitOrThrow(plane.normalLps, 'plane.normalLps');
  const { size, spacing, origin, direction: d, data } = mask;
  const [ni, nj, nk] = size;
  const cols: Vec3[] = [0, 1, 2].map((a) => [d[3 * a] * spacing[a], d[3 * a + 1] * spacing[a], d[3 * a + 2] * spacing[a]] as Vec3);
  const g = cols.map((c) => dot(n, c)); // signed distance step per index
  const det =
    cols[0][0] * (cols[1][1] * cols[2][2] - cols[1][2] * cols[2][1]) -
    cols[0][1] * (cols[1][0] * cols[2][2] - cols[1][2] * cols[2][0]) +
    cols[0][2] * (cols[1][0] * cols[2][1] - cols[1][1] * cols[2][0]);
  const voxelMm3 = Math.abs(det);
  const alphas = g.map(Math.abs);
  const r = (alphas[0] + alphas[1] + alphas[2]) / 2;
  const cut = boxCut(alphas);
  const d0 = dot(n, sub(origin, plane.pointLps));
  let above = 0, below = 0, areaPerVoxel = 0, cutVoxels = 0;
  for (let k = 0, q = 0; k < nk; k++) {
    for (let j = 0; j < nj; j++) {
      const rowD = d0 + j * g[1] + k * g[2];
      for (let i = 0; i < ni; i++, q++) {
        if (data[q] === 0) continue;
        const dist = rowD + i * g[0];
        if (dist >= r) above++;
        else if (dist <= -r) below++;
        else {
          const tau = r - dist;
          const f = cut.fraction(tau);
          below += f;
          above += 1 - f;
          areaPerVoxel += cut.slope(tau);
          cutVoxels++;
        }
      }
    }
  }
  return {
    aboveMl: (above * voxelMm3) / 1000,
    belowMl: (below * voxelMm3) / 1000,
    totalMl: ((above + below) * voxelMm3) / 1000,
    cutAreaMm2: areaPerVoxel * voxelMm3,
    cutVoxels,
  };
}

/** Inputs of {@link tibialResection}. */
export interface TibialResectionInput {
  /** The tibia (any non-zero voxel is bone), LPS grid. */
  tibia: Mask;
  /** Limb side. */
  side: Side;
  /** Tibial knee centre K_t, LPS mm (heights are measured from it). */
  kneeCentreLps: PointLps;
  /** Tibial axis toward proximal, LPS (mechanical A → K_t, or the shaft axis when the ankle is missing). */
  axisUnitLps: Vec3;
  /** Medial plateau reference point (lowest point of the medial compartment), LPS mm. */
  plateauMedialLps: PointLps;
  /** Lateral plateau reference point (lowest point of the lateral compartment), LPS mm. */
  plateauLateralLps: PointLps;
  /** Depth below the reference plateau point along the axis, mm (default 9; ⚠ typical 8–10). */
  depthMm?: number;
  /** Reference plateau (default 'auto' = the higher, i.e. less-worn one, brief §4.2). */
  reference?: ResectionReference;
  /** Coronal tilt from ⟂ the axis, degrees; + = varus component (medial side lower). Default 0. */
  varusValgusDeg?: number;
  /** Posterior slope, degrees; + lowers the plane posteriorly. Default 0 (⚠ per implant, 0–7°). */
  posteriorSlopeDeg?: number;
}

/** A proximal tibial resection with the bone it removes. */
export interface TibialResection extends Resection {
  /** Bone proximal of the plane (removed), mL. */
  resectedVolumeMl: number;
  /** Bone distal of the plane (kept), mL. */
  remnantVolumeMl: number;
  /** Whole segment, mL. */
  totalVolumeMl: number;
  /** Area of the cut surface through the bone, mm². */
  cutAreaMm2: number;
  /** Parameters used (defaults filled in). */
  parameters: { depthMm: number; reference: ResectionReference; varusValgusDeg: number; posteriorSlopeDeg: number };
}

/**
 * Proximal tibial cut on a tibia segment: the plane of {@link proximalTibialResection} (same
 * conventions, KNEE-03) around `axisUnitLps`, then {@link splitMaskByPlane} on the mask. The
 * landmarks may be automatic ({@link proposeTibiaLandmarks}) or manual; nothing here depends on that.
 * @throws JumeauError BAD_ARGUMENT on bad landmarks/angles/depth (subject = field);
 *   SURFACE_MISSES_ORGAN when the plane leaves all of the bone on one side
 */
export function tibialResection(input: TibialResectionInput): TibialResection {
  const side = checkSide(input.side);
  checkVec3(input.kneeCentreLps, 'kneeCentreLps');
  checkVec3(input.axisUnitLps, 'axisUnitLps');
  const axis = unitOrThrow(input.axisUnitLps, 'axisUnitLps');
  const parameters = {
    depthMm: input.depthMm ?? 9,
    reference: input.reference ?? 'auto',
    varusValgusDeg: input.varusValgusDeg ?? 0,
    posteriorSlopeDeg: input.posteriorSlopeDeg ?? 0,
  };
  // proximalTibialResection wants the axis as two points; only the direction A → K_t matters.
  const resection = proximalTibialResection({
    side,
    ankleCenterLps: sub(input.kneeCentreLps, scale(axis, 100)),
    tibialKneeCenterLps: input.kneeCentreLps,
    plateauMedialLps: input.plateauMedialLps,
    plateauLateralLps: input.plateauLateralLps,
    ...parameters,
  });
  const split = splitMaskByPlane(input.tibia, resection.plane);
  if (!(split.aboveMl > 0) || !(split.belowMl > 0)) {
    throw new JumeauError('SURFACE_MISSES_ORGAN', `the cut plane leaves all the bone on one side (${split.aboveMl.toFixed(2)} mL above, ${split.belowMl.toFixed(2)} mL below)`, {
      subject: 'tibia',
    });
  }
  return {
    ...resection,
    resectedVolumeMl: split.aboveMl,
    remnantVolumeMl: split.belowMl,
    totalVolumeMl: split.totalMl,
    cutAreaMm2: split.cutAreaMm2,
    parameters,
  };
}
