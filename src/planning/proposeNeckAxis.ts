/**
 * Femoral neck axis, lesser trochanter and the neck resection implied by a placed stem (brief §3.1
 * "Neck axis", §3.4; the brief gives no neck-cut rule, see below). Pure.
 *
 * **Neck axis** (brief §3.1): the line from the head centre through the centroid of the narrowest neck
 * cross-section. Femur voxels near the head are collected; a first direction points from the head centre
 * to the centroid of the voxels 3–15 mm outside the head sphere; then, 4 times: cross-sections ⟂ the
 * direction every 1 mm from 0.5 R to R + 25 mm (2 mm thick slabs, voxels within 1.2 R of the axis),
 * area = voxels × voxel volume / slab thickness, smoothed over 3 sections; the narrowest one's centroid
 * gives the new direction. `unitLps` points from the head centre toward the neck base (u0 of §3.1).
 * **Neck–shaft angle** = the 3-D angle between the neck (base → head) and the shaft axis pointing
 * distally (130° for a neck 50° from a proximal shaft axis).
 * **Lesser trochanter tip**: the femur voxel surface farthest from the shaft axis in the posteromedial
 * direction (within 60° of the bisector of medial = toward the head and posterior), 10–70 mm below the
 * neck–shaft junction (the shaft-axis point nearest the neck axis) along the shaft axis, outside the
 * neck (farther than its radius + 5 mm from the neck axis); accepted only when it stands ≥ 3 mm beyond the opposite
 * (anterolateral) shaft surface at the same height band — else null with the reason.
 * **Neck cut** (a choice, not in the brief): the plane through the stem's shoulder (its origin on the
 * shaft axis, stemSizing `shoulderLps`) ⟂ the stem's neck axis (sin(180° − CCD)·medial + cos(180° − CCD)·
 * proximal) — the seat of a collar; not the conventional 45° to the shaft. Its level is reported above
 * the lesser trochanter tip, measured parallel to the shaft axis, and as the head centre's distance to it.
 */
import type { PointLps, Vec3 } from '../core/vec3';
import { add, cross, dot, norm, scale, sub } from '../core/vec3';
import { JumeauError } from '../core/errors';
import type { Mask } from '../segmentation/labelmap';
import { indexToLps } from '../volume/volume';
import { angleBetweenRad, projectOntoPlane, unitOrThrow } from './geometry';
import { degToRad, radToDeg } from './validate';

/** The proposed neck axis. */
export interface NeckAxis {
  headCentreLps: PointLps;
  /** Centroid of the narrowest cross-section, LPS mm. */
  narrowestCentreLps: PointLps;
  /** Unit, head centre → neck base. */
  unitLps: Vec3;
  narrowestAreaMm2: number;
  /** Diameter of the circle of that area, mm. */
  equivalentDiameterMm: number;
  /** Its distance from the head centre along the axis, mm. */
  distanceFromHeadMm: number;
}

/** Lesser trochanter tip, or null with the reason. */
export type LesserTrochanter = { tipLps: PointLps; prominenceMm: number } | { tipLps: null; reason: string };

/** The neck cut implied by a stem. */
export interface NeckCut {
  /** Point (the stem's shoulder) and unit normal toward the kept femur (distal), LPS. */
  planeLps: { pointLps: PointLps; normalLps: Vec3 };
  /** Height of the cut above the lesser trochanter tip, parallel to the shaft axis, mm (null: no tip). */
  heightAboveLesserTrochanterMm: number | null;
  /** Head centre's distance above the cut, along its normal, mm. */
  headCentreAboveCutMm: number;
  /** Angle between the stem's neck axis and the native neck axis, degrees. */
  stemToNativeNeckDeg: number;
  method: string;
}

/** Femur voxel centres within `radiusMm` of `centre`. */
function pointsNear(femur: Mask, centre: PointLps, radiusMm: number): PointLps[] {
  const [sx, sy, sz] = femur.size;
  const out: PointLps[] = [];
  for (let k = 0; k < sz; k++) {
    for (let j = 0; j < sy; j++) {
      for (let i = 0; i < sx; i++) {
        if (!femur.data[i + sx * (j + sy * k)]) continue;
        const p = indexToLps(femur, [i, j, k]);
        if (norm(sub(p, centre)) <= radiusMm) out.push(p);
      }
    }
  }
  return out;
}

const centroid = (ps: PointLps[]): PointLps => scale(ps.reduce((a, p) => add(a, p), [0, 0, 0] as Vec3), 1 / ps.length);
const voxelMm3 = (m: Mask): number => m.spacing[0] * m.spacing[1] * m.spacing[2];

/**
 * Proposes the neck axis from a femur mask and the fitted head (module doc).
 * @throws JumeauError MISSING_INPUT when no neck is found near the head
 */
export function proposeNeckAxis(femur: Mask, headCentreLps: PointLps, headRadiusMm: number): NeckAxis {
  const R = headRadiusMm, c = headCentreLps;
  const pts = pointsNear(femur, c, R + 30);
  const shell = pts.filter((p) => { const r = norm(sub(p, c)); return r >= R + 3 && r <= R + 15; });
  if (shell.length < 20) throw new JumeauError('MISSING_INPUT', 'no femoral neck within 15 mm outside the head sphere', { subject: 'femur' });
  let d = unitOrThrow(sub(centroid(shell), c), 'neck direction');
  const slab = 2, vox = voxelMm3(femur);
  let best: { t: number; area: number; centre: PointLps } | null = null;
  for (let it = 0; it < 4; it++) {
    const t0 = Math.ceil(0.5 * R), t1 = Math.floor(R + 25);
    const rows: { t: number; n: number; sum: Vec3 }[] = [];
    for (let t = t0; t <= t1; t++) rows.push({ t, n: 0, sum: [0, 0, 0] });
    for (const p of pts) {
      const v = sub(p, c), h = dot(v, d);
      if (norm(sub(v, scale(d, h))) > 1.2 * R) continue;
      for (const row of rows) if (Math.abs(h - row.t) <= slab / 2) { row.n++; row.sum = add(row.sum, p); }
    }
    best = null;
    for (let q = 1; q < rows.length - 1; q++) {
      const area = ((rows[q - 1].n + rows[q].n + rows[q + 1].n) / 3) * vox / slab;
      if (rows[q].n > 0 && (!best || area < best.area)) best = { t: rows[q].t, area, centre: scale(rows[q].sum, 1 / rows[q].n) };
    }
    if (!best) throw new JumeauError('MISSING_INPUT', 'no neck cross-section found', { subject: 'femur' });
    d = unitOrThrow(sub(best.centre, c), 'neck direction');
  }
  const b = best!;
  return { headCentreLps: c, narrowestCentreLps: b.centre, unitLps: d, narrowestAreaMm2: b.area, equivalentDiameterMm: 2 * Math.sqrt(b.area / Math.PI), distanceFromHeadMm: dot(sub(b.centre, c), d) };
}

/** Neck–shaft angle, degrees: ∠(neck base → head, shaft distal). */
export function neckShaftAngleDeg(neckUnitHeadToBase: Vec3, shaftUnitProximal: Vec3): number {
  return radToDeg(angleBetweenRad(scale(neckUnitHeadToBase, -1), scale(shaftUnitProximal, -1)));
}

/** The lesser trochanter tip (module doc), on the shaft axis through `shaftPointLps` along `shaftUnitLps` (proximal). */
export function findLesserTrochanter(femur: Mask, neck: NeckAxis, shaftPointLps: PointLps, shaftUnitLps: Vec3): LesserTrochanter {
  const s = unitOrThrow(shaftUnitLps, 'shaftUnitLps');
  const medial = unitOrThrow(projectOntoPlane(sub(neck.headCentreLps, shaftPointLps), s), 'medial direction');
  const posterior = cross(s, medial)[1] >= 0 ? cross(s, medial) : scale(cross(s, medial), -1);
  const bis = scale(add(medial, posterior), Math.SQRT1_2);
  // Height origin: the shaft-axis point nearest the neck axis line (the neck–shaft junction).
  const w = sub(neck.headCentreLps, shaftPointLps), b = dot(s, neck.unitLps), den = 1 - b * b;
  const h0 = den > 1e-9 ? (dot(w, s) - b * dot(w, neck.unitLps)) / den : dot(sub(neck.narrowestCentreLps, shaftPointLps), s);
  const neckR = neck.equivalentDiameterMm / 2 + 5;
  const [sx, sy, sz] = femur.size;
  const half = Math.max(...femur.spacing) / 2;
  let bestR = -Infinity, tip: PointLps | null = null;
  const samples: { h: number; r: number; side: number }[] = [];
  for (let k = 0; k < sz; k++) {
    for (let j = 0; j < sy; j++) {
      for (let i = 0; i < sx; i++) {
        if (!femur.data[i + sx * (j + sy * k)]) continue;
        const p = indexToLps(femur, [i, j, k]);
        const v = sub(p, shaftPointLps), h = dot(v, s) - h0;
        if (h < -70 || h > -10) continue;
        const hn = sub(p, neck.headCentreLps), tn = dot(hn, neck.unitLps);
        if (tn >= 0 && norm(sub(hn, scale(neck.unitLps, tn))) <= neckR) continue; // the neck itself
        const radial = sub(v, scale(s, dot(v, s))), r = norm(radial);
        if (r < 1e-6) continue;
        const cosB = dot(radial, bis) / r;
        samples.push({ h, r, side: cosB });
        if (cosB >= Math.cos(degToRad(60)) && r > bestR) { bestR = r; tip = add(p, scale(radial, half / r)); }
      }
    }
  }
  if (!tip) return { tipLps: null, reason: 'no femur 10–70 mm below the neck in the posteromedial direction (the scan ends above it?)' };
  const hTip = dot(sub(tip, shaftPointLps), s) - h0;
  let opposite = 0;
  for (const q of samples) if (Math.abs(q.h - hTip) <= 5 && q.side <= -Math.cos(degToRad(45))) opposite = Math.max(opposite, q.r);
  const prominenceMm = bestR + half - (opposite + half);
  if (!(prominenceMm >= 3)) return { tipLps: null, reason: `no posteromedial prominence (${prominenceMm.toFixed(1)} mm beyond the opposite shaft surface, < 3 mm): the lesser trochanter is not found robustly` };
  return { tipLps: tip, prominenceMm };
}

/**
 * The neck cut implied by a stem placed at `shoulderLps` on the shaft axis `shaftUnitLps` (proximal) with
 * its neck toward `referenceLps` at `ccdDeg` (module doc).
 */
export function neckCutOfStem(input: { shoulderLps: PointLps; shaftUnitLps: Vec3; referenceLps: Vec3; ccdDeg: number; neck: NeckAxis; lesserTrochanterLps: PointLps | null }): NeckCut {
  const s = unitOrThrow(input.shaftUnitLps, 'shaftUnitLps');
  const e = unitOrThrow(projectOntoPlane(input.referenceLps, s), 'referenceLps');
  const a = degToRad(180 - input.ccdDeg);
  const dn = add(scale(e, Math.sin(a)), scale(s, Math.cos(a)));
  const S = input.shoulderLps, LT = input.lesserTrochanterLps;
  return {
    planeLps: { pointLps: S, normalLps: scale(dn, -1) },
    heightAboveLesserTrochanterMm: LT ? dot(sub(S, LT), dn) / dot(s, dn) : null,
    headCentreAboveCutMm: dot(sub(input.neck.headCentreLps, S), dn),
    stemToNativeNeckDeg: radToDeg(angleBetweenRad(dn, scale(input.neck.unitLps, -1))),
    method: `plane through the stem's shoulder ⟂ its neck axis (CCD ${input.ccdDeg}°): a collar seat, a choice — the brief gives no neck-cut rule`,
  };
}
