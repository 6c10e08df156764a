/**
 * HIP-09 geometry as volumes and points for the volume-based detector: the liner as a hemispherical
 * shell (inner radius R, rim plane through the head centre, axis n out of the opening) rasterised on a
 * fine grid, its signed distance, and the neck as points on a cylinder of radius r along u0.
 */
import type { PointLps, Vec3 } from '../../../src/core/vec3';
import { cupAxisFrameFromLai, cupAxisLaiFromAngles } from '../../../src/planning/cupAngles';
import { neutralNeckAxis } from '../../../src/planning/impingement';
import type { SdfVolume } from '../../../src/planning/sdfSampler';
import type { Side } from '../../../src/planning/validate';
import { signedDistanceMm } from '../../../src/segmentation/distanceTransform';
import { createMask } from '../../../src/segmentation/labelmap';
import { IDENTITY_DIRECTION } from '../../../src/volume/volume';

export interface Hip09Row {
  ri: number;
  ra: number;
  av: number;
  ccd: number;
  R: number;
  r: number;
}

export interface LinerGeometry {
  sdf: SdfVolume;
  neckPointsLps: PointLps[];
  cupAxis: Vec3;
  u0: Vec3;
}

/** Unit vectors e1, e2 ⟂ the unit `axis` (right-handed with it). */
function basis(axis: Vec3): [Vec3, Vec3] {
  const a: Vec3 = Math.abs(axis[0]) < 0.9 ? [1, 0, 0] : [0, 1, 0];
  const e1x = a[1] * axis[2] - a[2] * axis[1], e1y = a[2] * axis[0] - a[0] * axis[2], e1z = a[0] * axis[1] - a[1] * axis[0];
  const l = Math.hypot(e1x, e1y, e1z);
  const e1: Vec3 = [e1x / l, e1y / l, e1z / l];
  const e2: Vec3 = [axis[1] * e1[2] - axis[2] * e1[1], axis[2] * e1[0] - axis[0] * e1[2], axis[0] * e1[1] - axis[1] * e1[0]];
  return [e1, e2];
}

/**
 * Liner shell R ≤ |x − c| ≤ R + thickness on the closed side of the rim plane ((x − c)·n ≤ 0), on a
 * `spacingMm` grid in a box just enclosing it; neck samples every `alongMm` from 0.6·R to R + 15 mm and
 * every `aroundDeg` around. For side 'L' the grid, the mask and the points are the exact mirror
 * (x → −x) of the right-hand ones.
 */
export function linerGeometry(row: Hip09Row, side: Side, centre: PointLps, o: { spacingMm?: number; thicknessMm?: number; alongMm?: number; aroundDeg?: number } = {}): LinerGeometry {
  const h = o.spacingMm ?? 0.25;
  const T = o.thicknessMm ?? 3;
  const { R, r } = row;
  // Always rasterise the RIGHT geometry in right-centred coordinates, then mirror for L.
  const sgn = side === 'R' ? 1 : -1;
  const nRight = cupAxisFrameFromLai(cupAxisLaiFromAngles({ definition: 'radiographic', inclinationDeg: row.ri, anteversionDeg: row.ra }), 'R');
  const half = Math.ceil((R + T + 2 * h) / h);
  const n = 2 * half + 1;
  const data = new Uint8Array(n * n * n);
  for (let k = 0, q = 0; k < n; k++) {
    const z = (k - half) * h;
    for (let j = 0; j < n; j++) {
      const y = (j - half) * h;
      for (let i = 0; i < n; i++, q++) {
        const x = (i - half) * h;
        const d = Math.hypot(x, y, z);
        if (d >= R && d <= R + T && x * nRight[0] + y * nRight[1] + z * nRight[2] <= 0) data[q] = 1;
      }
    }
  }
  // Mirror: flip i (the grid is symmetric about the centre, so only the data order changes).
  if (sgn < 0) {
    for (let k = 0; k < n; k++) for (let j = 0; j < n; j++) data.subarray(n * (j + n * k), n * (j + n * k) + n).reverse();
  }
  const mask = createMask({ size: [n, n, n], spacing: [h, h, h], origin: [centre[0] - half * h, centre[1] - half * h, centre[2] - half * h], direction: [...IDENTITY_DIRECTION] as typeof IDENTITY_DIRECTION }, data);
  const sdf: SdfVolume = { ...mask, data: signedDistanceMm(mask) };
  const u0 = neutralNeckAxis(side, row.av, row.ccd);
  const uR = neutralNeckAxis('R', row.av, row.ccd);
  const [e1, e2] = basis(uR);
  const along = o.alongMm ?? 0.5;
  const around = o.aroundDeg ?? 5;
  const neckPointsLps: PointLps[] = [];
  for (let s = 0.6 * R; s <= R + 15 + 1e-9; s += along) {
    for (let a = 0; a < 360; a += around) {
      const ca = Math.cos((a * Math.PI) / 180), sa = Math.sin((a * Math.PI) / 180);
      const p = [0, 1, 2].map((m) => s * uR[m] + r * (ca * e1[m] + sa * e2[m]));
      neckPointsLps.push([centre[0] + sgn * p[0], centre[1] + p[1], centre[2] + p[2]]);
    }
  }
  return { sdf, neckPointsLps, cupAxis: cupAxisFrameFromLai(cupAxisLaiFromAngles({ definition: 'radiographic', inclinationDeg: row.ri, anteversionDeg: row.ra }), side), u0 };
}
