/**
 * Stem size from the femoral canal of a twin (brief §3.4), a first version of the size-selection rule:
 *
 * 1. Shaft axis: least-squares line x(z), y(z) through the centroids of the femur's voxels in 4 mm
 *    bins of height from `shaftStartBelowHeadMm` (80 mm) below the head centre to the lowest femur
 *    voxel (the last bin dropped); at least 24 mm of shaft must be in view (the hip phantom shows 28 mm).
 * 2. The stem's axis is the shaft axis, its neck points toward the head (the head centre's component
 *    ⟂ the axis gives the stem's +x, `referenceLps`), and it sits so its head centre (stem frame,
 *    {@link stemHeadCentreMm}) is at the height of the target head centre along the axis (leg length
 *    kept); the offset option nearest the native femoral offset (head centre → axis) is taken.
 * 3. Levels below the shoulder: proximal (20 % of the stem length, about the lesser trochanter),
 *    mid-stem (50 %), distal (2 cm above the tip). At each, the endosteal canal width along the neck
 *    direction (ML) and ⟂ to it (AP) by rays from the axis: HU sampled trilinearly every 0.25 mm, the
 *    edge where HU first reaches half-way from the canal's HU (mean within 2 mm of the centre) to the
 *    ray's cortical peak (inside the femur label); the centre is moved to the middle of the ML chord
 *    before the AP width is read. No peak 300 HU above the canal = no cortex edge (not measurable).
 * 4. A size fits when its (round, tapered) stem diameter at every measured level is at most the
 *    narrower canal width + 2 × `maxCorticalPenetrationMm` (0.5 mm per side, ⚠ engineering value, brief
 *    §3.4); levels beyond the scan or the femur label are not measured and are said so. The largest size
 *    that fits at ≥ 2 measured levels including mid-stem is proposed; canal fill per level is reported.
 * Not the brief's full EDT rule (signed distances of the stem surface to the endosteal surface). Pure.
 */
import { JumeauError } from '../core/errors';
import type { PointLps, Vec3 } from '../core/vec3';
import { add, cross, dot, norm, scale, sub } from '../core/vec3';
import type { Geometry } from '../segmentation/labelmap';
import { indexToLps, lpsToIndex, type Volume } from '../volume/volume';
import { canalFill, type CanalFill } from './canalFill';
import { stemHeadCentreMm } from './implantMeshes';
import type { StemFamily, StemSize } from './implants';
import { checkRange, checkVec3 } from './validate';

/** Inputs of {@link proposeStemSize}. */
export interface StemSizingInput {
  /** The CT (HU) the labels were made on (same grid). */
  volume: Volume;
  /** Labels on the volume's grid. */
  labels: Geometry & { data: ArrayLike<number> };
  /** The femur's label. */
  femurLabel: number;
  /** Target head centre (the planned centre of rotation; the native head centre), LPS mm. */
  headCentreLps: PointLps;
  family: StemFamily;
  /** Neck–shaft angle option (default 132° when offered, else the family's first). */
  neckShaftAngleDeg?: number;
  /** Allowed cortical penetration per side, mm (default 0.5, ⚠ engineering). */
  maxCorticalPenetrationMm?: number;
  /** Shaft-axis fit starts this far below the head centre, mm (default 80). */
  shaftStartBelowHeadMm?: number;
}

/** The canal and the stem at one level. */
export interface CanalLevel {
  name: 'proximal' | 'mid-stem' | 'distal';
  depthBelowShoulderMm: number;
  /** Axis point of the level, LPS mm. */
  pointLps: PointLps;
  /** Stem diameter there, mm. */
  stemWidthMm: number;
  /** Endosteal canal width along the neck direction / ⟂ to it, mm; null with `reason` when not measured. */
  canalWidthMlMm: number | null;
  canalWidthApMm: number | null;
  /** Canal fill (stem / canal) in each direction, when measured. */
  fillMl: CanalFill | null;
  fillAp: CanalFill | null;
  reason?: string;
}

/** One catalogue size checked against the canal. */
export interface StemSizeCheck {
  size: string;
  offsetMm: number;
  /** True / false when ≥ 2 levels incl. mid-stem were measured; null otherwise. */
  fits: boolean | null;
  /** Largest (stem − canal)/2 over the measured levels, mm (negative = clearance). */
  penetrationMm: number | null;
  levels: CanalLevel[];
}

/** A proposed stem size. */
export interface StemSizing {
  /** Largest fitting size, or null (none fits, or none measurable: see `reason`). */
  size: StemSize | null;
  offsetMm: number | null;
  neckShaftAngleDeg: number;
  /** Fitted shaft axis (unit, proximal) and the stem's shoulder on it, LPS. */
  shaftAxisLps: Vec3;
  shoulderLps: PointLps | null;
  /** Stem +x (the neck's direction ⟂ the axis), LPS unit. */
  referenceLps: Vec3;
  /** Head centre → shaft axis distance, mm. */
  nativeOffsetMm: number;
  checks: StemSizeCheck[];
  reason?: string;
  method: string;
}

const STEP_MM = 0.25;

/** Trilinear HU at an LPS point, or NaN outside the grid. */
function huAt(v: Volume, p: PointLps): number {
  const [x, y, z] = lpsToIndex(v, p);
  const [ni, nj, nk] = v.size;
  if (!(x >= 0 && y >= 0 && z >= 0 && x <= ni - 1 && y <= nj - 1 && z <= nk - 1)) return NaN;
  const i = Math.min(Math.floor(x), Math.max(0, ni - 2)), j = Math.min(Math.floor(y), Math.max(0, nj - 2)), k = Math.min(Math.floor(z), Math.max(0, nk - 2));
  const [fx, fy, fz] = [x - i, y - j, z - k];
  let s = 0;
  for (let c = 0; c < 8; c++) {
    const [a, b, d] = [c & 1, (c >> 1) & 1, (c >> 2) & 1];
    const w = (a ? fx : 1 - fx) * (b ? fy : 1 - fy) * (d ? fz : 1 - fz);
    if (w) s += w * v.data[Math.min(i + a, ni - 1) + ni * (Math.min(j + b, nj - 1) + nj * Math.min(k + d, nk - 1))];
  }
  return s;
}

function labelAt(l: Geometry & { data: ArrayLike<number> }, p: PointLps): number {
  const [x, y, z] = lpsToIndex(l, p).map(Math.round);
  const [ni, nj, nk] = l.size;
  return x >= 0 && y >= 0 && z >= 0 && x < ni && y < nj && z < nk ? l.data[x + ni * (y + nj * z)] : 0;
}

/** Distance from `c` along unit `e` to the canal edge, or a reason. */
function edgeMm(inp: StemSizingInput, c: PointLps, e: Vec3, canalHu: number): number | string {
  const hu: number[] = [];
  for (let t = 0; t <= 40; t += STEP_MM) {
    const p = add(c, scale(e, t));
    const v = huAt(inp.volume, p);
    if (Number.isNaN(v)) return 'the ray leaves the scan';
    hu.push(v);
    if (labelAt(inp.labels, p) !== inp.femurLabel && t > 2) break;
  }
  const peak = Math.max(...hu);
  if (!(peak - canalHu >= 300)) return `no cortex edge (peak ${Math.round(peak)} HU, canal ${Math.round(canalHu)} HU)`;
  const half = (peak + canalHu) / 2;
  const n = hu.findIndex((v) => v >= half);
  if (n <= 0) return 'the axis point is not inside the canal';
  return STEP_MM * (n - 1 + (half - hu[n - 1]) / (hu[n] - hu[n - 1]));
}

/** ML and AP canal widths at an axis point (ML along `e1`). */
function canalWidths(inp: StemSizingInput, c0: PointLps, e1: Vec3, e2: Vec3): { ml: number; ap: number } | string {
  if (labelAt(inp.labels, c0) !== inp.femurLabel) return 'the level is outside the femur label (beyond the scan or the bone)';
  const around = [0, 0.5, 1, 1.5, 2].flatMap((t) => [e1, e2, scale(e1, -1), scale(e2, -1)].map((e) => huAt(inp.volume, add(c0, scale(e, t)))));
  if (around.some(Number.isNaN)) return 'the level is beyond the scan';
  const canalHu = around.reduce((s, v) => s + v, 0) / around.length;
  const m1 = edgeMm(inp, c0, e1, canalHu), m2 = edgeMm(inp, c0, scale(e1, -1), canalHu);
  if (typeof m1 === 'string') return m1;
  if (typeof m2 === 'string') return m2;
  const c = add(c0, scale(e1, (m1 - m2) / 2));
  const a1 = edgeMm(inp, c, e2, canalHu), a2 = edgeMm(inp, c, scale(e2, -1), canalHu);
  if (typeof a1 === 'string') return a1;
  if (typeof a2 === 'string') return a2;
  return { ml: m1 + m2, ap: a1 + a2 };
}

/** Shaft axis (point, unit proximal direction) from the femur's height-bin centroids. */
function shaftAxis(inp: StemSizingInput, startBelowMm: number): { pointLps: PointLps; axisLps: Vec3 } {
  const { labels, femurLabel } = inp;
  const [ni, nj, nk] = labels.size;
  const bins = new Map<number, [number, number, number, number]>();
  let zMin = Infinity;
  for (let k = 0, q = 0; k < nk; k++) for (let j = 0; j < nj; j++) for (let i = 0; i < ni; i++, q++) {
    if (labels.data[q] !== femurLabel) continue;
    const p = indexToLps(labels, [i, j, k]);
    zMin = Math.min(zMin, p[2]);
    if (p[2] > inp.headCentreLps[2] - startBelowMm) continue;
    const b = Math.floor(p[2] / 4);
    const s = bins.get(b) ?? [0, 0, 0, 0];
    bins.set(b, [s[0] + p[0], s[1] + p[1], s[2] + p[2], s[3] + 1]);
  }
  if (!Number.isFinite(zMin)) throw new JumeauError('EMPTY_SEGMENT', 'the femur label has no voxel', { subject: 'femurLabel' });
  const pts = [...bins.entries()].filter(([b, s]) => b > Math.floor(zMin / 4) && s[3] > 10).map(([, s]) => [s[0] / s[3], s[1] / s[3], s[2] / s[3]] as Vec3);
  const spanMm = pts.length ? Math.max(...pts.map((p) => p[2])) - Math.min(...pts.map((p) => p[2])) : 0;
  if (pts.length < 6 || spanMm < 24) {
    throw new JumeauError('MISSING_INPUT', `the femoral shaft is not in view: ${spanMm.toFixed(0)} mm of femur more than ${startBelowMm} mm below the head centre (24 mm needed; the femur ends ${(inp.headCentreLps[2] - zMin).toFixed(0)} mm below it)`, { subject: 'femur' });
  }
  const mean = pts.reduce((s, p) => add(s, scale(p, 1 / pts.length)), [0, 0, 0] as Vec3);
  let szz = 0, szx = 0, szy = 0;
  for (const p of pts) {
    const d = sub(p, mean);
    [szz, szx, szy] = [szz + d[2] * d[2], szx + d[2] * d[0], szy + d[2] * d[1]];
  }
  const dir: Vec3 = [szx / szz, szy / szz, 1];
  return { pointLps: mean, axisLps: scale(dir, 1 / norm(dir)) };
}

/**
 * Proposes the largest stem of `family` that fits the femur's canal (module doc: method and limits).
 * @throws JumeauError MISSING_INPUT when the shaft is not in view; EMPTY_SEGMENT without femur voxels;
 *   BAD_ARGUMENT for a non-finite head centre, a CCD the family lacks, a head centre on the shaft axis
 */
export function proposeStemSize(inp: StemSizingInput): StemSizing {
  checkVec3(inp.headCentreLps, 'headCentreLps');
  const ccd = inp.neckShaftAngleDeg ?? (inp.family.neckShaftAnglesDeg.includes(132) ? 132 : inp.family.neckShaftAnglesDeg[0]);
  if (!inp.family.neckShaftAnglesDeg.includes(ccd)) throw new JumeauError('BAD_ARGUMENT', `${ccd}° is not offered by ${inp.family.id}`, { subject: 'neckShaftAngleDeg' });
  const tol = checkRange(inp.maxCorticalPenetrationMm ?? 0.5, 0, 5, 'maxCorticalPenetrationMm');
  const axis = shaftAxis(inp, checkRange(inp.shaftStartBelowHeadMm ?? 80, 20, 200, 'shaftStartBelowHeadMm'));
  const s = axis.axisLps;
  const rel = sub(inp.headCentreLps, axis.pointLps);
  const headT = dot(rel, s);
  const perp = sub(rel, scale(s, headT));
  const nativeOffsetMm = norm(perp);
  if (!(nativeOffsetMm > 5)) throw new JumeauError('BAD_ARGUMENT', `the head centre is ${nativeOffsetMm.toFixed(1)} mm from the shaft axis: no neck direction`, { subject: 'headCentreLps' });
  const e1 = scale(perp, 1 / nativeOffsetMm);
  const e2 = cross(s, e1);
  const checks: StemSizeCheck[] = inp.family.sizes.map((size) => {
    const offsetMm = size.offsetsMm.reduce((b, o) => (Math.abs(o - nativeOffsetMm) < Math.abs(b - nativeOffsetMm) ? o : b));
    const shoulderT = headT - stemHeadCentreMm(offsetMm, ccd)[2];
    const L = size.lengthMm;
    const levels: CanalLevel[] = ([['proximal', 0.2 * L], ['mid-stem', 0.5 * L], ['distal', L - 20]] as const).map(([name, depth]) => {
      const pointLps = add(axis.pointLps, scale(s, shoulderT - depth));
      const stemWidthMm = size.proximalWidthMm + ((size.distalDiameterMm - size.proximalWidthMm) * depth) / L;
      const w = canalWidths(inp, pointLps, e1, e2);
      if (typeof w === 'string') return { name, depthBelowShoulderMm: depth, pointLps, stemWidthMm, canalWidthMlMm: null, canalWidthApMm: null, fillMl: null, fillAp: null, reason: w };
      return { name, depthBelowShoulderMm: depth, pointLps, stemWidthMm, canalWidthMlMm: w.ml, canalWidthApMm: w.ap, fillMl: canalFill({ stem: stemWidthMm, canal: w.ml }), fillAp: canalFill({ stem: stemWidthMm, canal: w.ap }) };
    });
    const measured = levels.filter((l) => l.canalWidthMlMm !== null);
    const penetrationMm = measured.length ? Math.max(...measured.map((l) => (l.stemWidthMm - Math.min(l.canalWidthMlMm!, l.canalWidthApMm!)) / 2)) : null;
    const enough = measured.length >= 2 && measured.some((l) => l.name === 'mid-stem');
    return { size: size.size, offsetMm, fits: enough ? penetrationMm! <= tol : null, penetrationMm, levels };
  });
  const fitting = checks.filter((c) => c.fits === true);
  const best = fitting[fitting.length - 1];
  const size = best ? inp.family.sizes.find((x) => x.size === best.size)! : null;
  const reason = best ? undefined : checks.every((c) => c.fits === null) ? `no size measurable (${checks[0].levels.map((l) => `${l.name}: ${l.reason ?? 'measured'}`).join('; ')})` : `no size fits within ${tol} mm of cortical penetration per side`;
  const shoulderLps = best ? add(axis.pointLps, scale(s, headT - stemHeadCentreMm(best.offsetMm, ccd)[2])) : null;
  const method = `canal from HU half-way edges along the neck direction and ⟂ it at 20 % / 50 % of the stem length and 2 cm above its tip; largest size within ${tol} mm cortical penetration per side; shaft axis through femur centroids from ${inp.shaftStartBelowHeadMm ?? 80} mm below the head`;
  return { size, offsetMm: best?.offsetMm ?? null, neckShaftAngleDeg: ccd, shaftAxisLps: s, shoulderLps, referenceLps: e1, nativeOffsetMm, checks, ...(reason ? { reason } : {}), method };
}
