/**
 * Automatic femoral landmarks of the knee from a femur segment (brief §3.1, §4.1): the most distal
 * and the most posterior points of each condyle (→ posterior condylar axis, PCA), the medial and
 * lateral epicondyles (→ transepicondylar axis), the femoral knee centre K_f, the anatomical (shaft)
 * axis from the shaft in the scan, and the femoral head centre only when the scan reaches it. A
 * landmark the scan does not show is `null` with its reason — never guessed. Every landmark records
 * its source ('auto' here; {@link correctFemurKneeLandmark} makes it 'manual') and its method.
 *
 * Method (frame: h along the axis toward proximal, u medial, v posterior; `limbDirections`):
 * 1. **Axis.** Section areas along the given proximal direction (default LPS +z). The shaft is the run
 *    of sections from the top down whose area stays ≤ 1.3 × the top sections' median, if it lies
 *    ≥ 40 mm above the distal end, is ≥ 15 mm long and is ≤ 0.6 × the widest (condylar) section.
 *    Shaft axis = principal direction of the section centroids (brief §3.1 asks for 80–100 mm of
 *    diaphysis: a shorter run is used with a warning). Without a shaft the frame keeps the given
 *    direction (`axisKind: 'given'`), which is never offered as a femoral axis.
 * 2. **Head.** Only when the proximal end does not touch the grid's edge and the bone is ≥ 250 mm
 *    long: `proposeFemoralHeadCentre` (trimmed sphere fits), then FMA = K_f → H (`'mechanical'`).
 * 3. **Compartments.** u-centre = middle of the u-extent of the distal 15 mm, width W = that extent;
 *    medial = 0.1–0.5 W toward the midline, lateral the mirror band (the notch left out).
 * 4. **Distal condyles** = centroid of the voxels within half a cell of each band's lowest h, moved
 *    half a voxel down to the surface. **Posterior condyles** = the same for the largest v among the
 *    voxels ≤ 45 mm above the distal end (brief §3.1: in the plane ⟂ the axis). **Epicondyles**
 *    (clinical TEA: the most prominent medial and lateral points) = the same for the extreme u within
 *    50 mm of the distal end. The medial *sulcus* of the surgical TEA is not detected; place it by hand.
 *    A patch touching the scan's edge, or the top of its search window, is not a maximum: null.
 * 5. **K_f** = midpoint of the epicondyles (brief §4.1); without both, the apex of the intercondylar
 *    notch roof (highest of the lowest bone heights along the central 10 % of the width, posterior
 *    half); else null.
 */
import { JumeauError } from '../core/errors';
import type { PointLps, Vec3 } from '../core/vec3';
import { add, dot, norm, scale, sub } from '../core/vec3';
import type { Mask } from '../segmentation/labelmap';
import { limbDirections, unitOrThrow } from './geometry';
import { proposeFemoralHeadCentre } from './proposeHeadCentre';
import { meanCovariance, principalDirection } from './tibiaSections';
import type { Side } from './validate';
import { checkSide, checkVec3 } from './validate';

/** Femoral knee landmarks, named as the plan's landmark bases. */
export const FEMUR_KNEE_LANDMARKS = [
  'femoralKneeCentre', 'distalCondyleMedial', 'distalCondyleLateral', 'posteriorCondyleMedial', 'posteriorCondyleLateral',
  'epicondyleMedial', 'epicondyleLateral', 'femoralShaftAxisProximal', 'femoralShaftAxisDistal', 'femoralHeadCentre',
] as const;
export type FemurKneeLandmarkName = (typeof FEMUR_KNEE_LANDMARKS)[number];

/** Inputs of {@link proposeFemurKneeLandmarks}. */
export interface ProposeFemurKneeInput {
  /** One femur (any non-zero voxel), LPS grid. */
  femur: Mask;
  /** Limb side (decides which condyle is medial). */
  side: Side;
  /** Unit direction toward the hip, LPS (default superior (0, 0, 1)). */
  proximalLps?: Vec3;
}

/** The femoral knee landmarks of one femur, LPS mm. */
export interface FemurKneeProposal {
  side: Side;
  /** Each landmark, or null when the scan does not show it (`missing` says why). */
  points: Record<FemurKneeLandmarkName, PointLps | null>;
  /** Why a landmark is null. */
  missing: Partial<Record<FemurKneeLandmarkName, string>>;
  sources: Record<FemurKneeLandmarkName, 'auto' | 'manual'>;
  methods: Record<FemurKneeLandmarkName, string>;
  /** Shaft (anatomical) axis: a point, the unit direction toward proximal and the shaft length used (mm); null without a shaft. */
  shaftAxis: { pointLps: PointLps; unitLps: Vec3; lengthMm: number } | null;
  /** The direction the landmarks were measured along: the shaft axis, or the given one (no shaft in view). */
  frameAxisUnitLps: Vec3;
  frameAxisKind: 'anatomical' | 'given';
  /** Extent of the bone along the frame axis, mm, and whether its proximal end touches the grid's edge. */
  lengthMm: number;
  proximalCut: boolean;
  warnings: string[];
}

interface Vox { x: Float64Array; y: Float64Array; z: Float64Array; border: Uint8Array; n: number; cellMm: number; extent: (dir: Vec3) => number }

function voxels(mask: Mask): Vox {
  const { size, spacing, origin, direction: d, data } = mask;
  const [ni, nj, nk] = size;
  let n = 0;
  for (let q = 0; q < data.length; q++) if (data[q] !== 0) n++;
  if (n === 0) throw new JumeauError('EMPTY_SEGMENT', 'has no voxel: no femur to measure', { subject: 'femur' });
  const cols: Vec3[] = [0, 1, 2].map((a) => [d[3 * a] * spacing[a], d[3 * a + 1] * spacing[a], d[3 * a + 2] * spacing[a]] as Vec3);
  const x = new Float64Array(n), y = new Float64Array(n), z = new Float64Array(n), border = new Uint8Array(n);
  for (let k = 0, q = 0, m = 0; k < nk; k++) for (let j = 0; j < nj; j++) for (let i = 0; i < ni; i++, q++) {
    if (data[q] === 0) continue;
    x[m] = origin[0] + i * cols[0][0] + j * cols[1][0] + k * cols[2][0];
    y[m] = origin[1] + i * cols[0][1] + j * cols[1][1] + k * cols[2][1];
    z[m] = origin[2] + i * cols[0][2] + j * cols[1][2] + k * cols[2][2];
    border[m] = i === 0 || j === 0 || k === 0 || i === ni - 1 || j === nj - 1 || k === nk - 1 ? 1 : 0;
    m++;
  }
  return { x, y, z, border, n, cellMm: Math.max(...spacing), extent: (dir) => cols.reduce((s, c) => s + Math.abs(dot(c, dir)), 0) };
}

const proj = (v: Vox, dir: Vec3, o: Vec3): Float64Array => {
  const out = new Float64Array(v.n);
  for (let m = 0; m < v.n; m++) out[m] = (v.x[m] - o[0]) * dir[0] + (v.y[m] - o[1]) * dir[1] + (v.z[m] - o[2]) * dir[2];
  return out;
};

/** Shaft run from the top of the section profile (module doc, step 1), or why there is none. */
function findShaft(v: Vox, axis: Vec3): { axis: Vec3; point: PointLps; lowH: number; highH: number; lengthMm: number } | string {
  const h = proj(v, axis, [0, 0, 0]);
  let hMin = Infinity, hMax = -Infinity;
  for (let m = 0; m < v.n; m++) { hMin = Math.min(hMin, h[m]); hMax = Math.max(hMax, h[m]); }
  const bin = v.cellMm;
  const nb = Math.max(1, Math.ceil((hMax - hMin) / bin) + 1);
  const count = new Float64Array(nb), cx = new Float64Array(nb), cy = new Float64Array(nb), cz = new Float64Array(nb);
  for (let m = 0; m < v.n; m++) {
    const b = Math.floor((h[m] - hMin) / bin);
    count[b]++; cx[b] += v.x[m]; cy[b] += v.y[m]; cz[b] += v.z[m];
  }
  const top = nb - 2; // the last bin is partial
  if (top < 10) return `the femur is only ${(hMax - hMin).toFixed(0)} mm long in the scan: no shaft in view`;
  const ref = [...count.slice(Math.max(0, top - 4), top + 1)].sort((a, b) => a - b)[2] ?? count[top];
  let low = top;
  while (low > 0 && count[low - 1] <= 1.3 * ref && count[low - 1] > 0.5 * ref) low--;
  const widest = Math.max(...count);
  const lengthMm = (top - low + 1) * bin;
  const lowH = hMin + low * bin;
  if (lowH - hMin < 40 || lengthMm < 15 || ref > 0.6 * widest) {
    return `no femoral shaft in view (the scan ends ${(hMax - hMin).toFixed(0)} mm above the distal condyles, within the condylar/metaphyseal flare)`;
  }
  const pts: Vec3[] = [];
  for (let b = low; b <= top; b++) if (count[b] > 0) pts.push([cx[b] / count[b], cy[b] / count[b], cz[b] / count[b]]);
  const { mean, cov } = meanCovariance(pts.map((p) => p[0]), pts.map((p) => p[1]), pts.map((p) => p[2]));
  let dir = principalDirection(cov, axis);
  if (dot(dir, axis) < 0) dir = scale(dir, -1);
  return { axis: dir, point: mean, lowH, highH: hMin + (top + 1) * bin, lengthMm };
}

const NO_POINT = (): Record<FemurKneeLandmarkName, PointLps | null> => Object.fromEntries(FEMUR_KNEE_LANDMARKS.map((n) => [n, null])) as Record<FemurKneeLandmarkName, PointLps | null>;

/**
 * Proposes the femoral knee landmarks of one femur segment (see the module doc for the method).
 * @throws JumeauError EMPTY_SEGMENT (no voxel); MISSING_INPUT (the distal end is cut by the scan);
 *   BAD_ARGUMENT (bad side or direction, bone shorter than 5 mm)
 */
export function proposeFemurKneeLandmarks(input: ProposeFemurKneeInput): FemurKneeProposal {
  const side = checkSide(input.side);
  const given = unitOrThrow(checkVec3(input.proximalLps ?? [0, 0, 1], 'proximalLps'), 'proximalLps');
  const v = voxels(input.femur);
  const warnings: string[] = [];
  const points = NO_POINT();
  const missing: FemurKneeProposal['missing'] = {};
  const methods = Object.fromEntries(FEMUR_KNEE_LANDMARKS.map((n) => [n, 'not in view'])) as Record<FemurKneeLandmarkName, string>;
  const shaft = findShaft(v, given);
  const axis = typeof shaft === 'string' ? given : shaft.axis;
  const dirs = limbDirections(axis, side, 'femur');
  const h = proj(v, axis, [0, 0, 0]), u = proj(v, dirs.medial, [0, 0, 0]), w = proj(v, dirs.posterior, [0, 0, 0]);
  let hMin = Infinity, hMax = -Infinity;
  for (let m = 0; m < v.n; m++) { hMin = Math.min(hMin, h[m]); hMax = Math.max(hMax, h[m]); }
  const length = hMax - hMin;
  if (length < 5) throw new JumeauError('BAD_ARGUMENT', `is only ${length.toFixed(1)} mm long: not a distal femur`, { subject: 'femur' });
  let nLow = 0, bLow = 0, hCut = Infinity;
  for (let m = 0; m < v.n; m++) {
    if (h[m] <= hMin + 3) { nLow++; bLow += v.border[m]; }
    if (v.border[m] && h[m] > hMin + 0.5 * length) hCut = Math.min(hCut, h[m]);
  }
  if (bLow >= 0.2 * nLow) throw new JumeauError('MISSING_INPUT', 'the distal end touches the edge of the scan: the femoral condyles are not in view', { subject: 'femur' });
  const proximalCut = hCut < Infinity;
  const toLps = (hh: number, uu: number, vv: number): PointLps => add(add(scale(axis, hh), scale(dirs.medial, uu)), scale(dirs.posterior, vv));

  if (typeof shaft === 'string') {
    missing.femoralShaftAxisProximal = missing.femoralShaftAxisDistal = shaft;
    warnings.push(`${shaft}: landmarks measured along the given direction (${given.map((x) => x.toFixed(3)).join(', ')})`);
  } else {
    const at = (hh: number): PointLps => add(shaft.point, scale(shaft.axis, hh - dot(shaft.point, axis)));
    points.femoralShaftAxisProximal = at(shaft.highH);
    points.femoralShaftAxisDistal = at(shaft.lowH);
    methods.femoralShaftAxisProximal = methods.femoralShaftAxisDistal = `line through the section centroids of the ${shaft.lengthMm.toFixed(0)} mm of shaft in the scan (principal direction)`;
    if (shaft.lengthMm < 80) warnings.push(`the shaft axis rests on ${shaft.lengthMm.toFixed(0)} mm of shaft (brief §3.1: 80–100 mm of diaphysis); treat the anatomical axis as approximate`);
  }

  // 2. Head centre: only on a whole femur.
  if (proximalCut || length < 250) {
    missing.femoralHeadCentre = `the femur is ${proximalCut ? `cut by the edge of the scan ${length.toFixed(0)} mm above the distal condyles` : `only ${length.toFixed(0)} mm long in the scan`}: the femoral head is not in view, so there is no femoral mechanical axis`;
  } else {
    try {
      const head = proposeFemoralHeadCentre(input.femur, { proximalLps: axis });
      points.femoralHeadCentre = head.centerLps;
      methods.femoralHeadCentre = head.method;
    } catch (e) {
      missing.femoralHeadCentre = `head centre not fitted: ${e instanceof Error ? e.message : String(e)}`;
    }
  }

  // 3. Compartments from the distal 15 mm.
  let uLo = Infinity, uHi = -Infinity;
  for (let m = 0; m < v.n; m++) if (h[m] <= hMin + 15) { uLo = Math.min(uLo, u[m]); uHi = Math.max(uHi, u[m]); }
  const uc = (uLo + uHi) / 2, width = uHi - uLo;
  const inBand = (m: number, medial: boolean) => { const d = (u[m] - uc) * (medial ? 1 : -1); return d >= 0.1 * width && d <= 0.5 * width; };
  const cell = v.cellMm;

  /** Centroid of the voxels within half a cell of the extreme of `key` (max), among `keep`; lifted half a voxel along `dir`. */
  const extremePatch = (keep: (m: number) => boolean, key: Float64Array, sign: 1 | -1, dir: Vec3, windowTop: number): { p: PointLps; hTop: number; border: boolean } | null => {
    let best = -Infinity;
    for (let m = 0; m < v.n; m++) if (keep(m) && sign * key[m] > best) best = sign * key[m];
    if (best === -Infinity) return null;
    let c = 0, sh = 0, su = 0, sv = 0, hTop = -Infinity, border = false;
    for (let m = 0; m < v.n; m++) {
      if (!keep(m) || sign * key[m] < best - cell / 2) continue;
      c++; sh += h[m]; su += u[m]; sv += w[m]; hTop = Math.max(hTop, h[m]); border ||= v.border[m] === 1;
    }
    const p = add(toLps(sh / c, su / c, sv / c), scale(dir, v.extent(dir) / 2));
    return { p, hTop, border: border || hTop >= Math.min(hCut, windowTop) - 2 };
  };
  const neg = (a: Float64Array) => a.map((x) => -x);
  const hNeg = neg(h);
  for (const medial of [true, false]) {
    const name = medial ? 'Medial' : 'Lateral';
    const lateralDir = scale(dirs.medial, -1);
    const d = extremePatch((m) => inBand(m, medial), hNeg, 1, scale(axis, -1), Infinity);
    if (d) {
      points[`distalCondyle${name}`] = d.p;
      methods[`distalCondyle${name}`] = `most distal point of the ${name.toLowerCase()} condyle along the ${typeof shaft === 'string' ? 'given direction' : 'shaft axis'} (centroid of the voxels within half a cell of the lowest, moved to the surface)`;
    } else missing[`distalCondyle${name}`] = `no bone in the ${name.toLowerCase()} half of the distal femur`;
    const pc = extremePatch((m) => inBand(m, medial) && h[m] <= hMin + 45, w, 1, dirs.posterior, hMin + 45);
    if (pc && !pc.border) {
      points[`posteriorCondyle${name}`] = pc.p;
      methods[`posteriorCondyle${name}`] = `most posterior point of the ${name.toLowerCase()} condyle in the plane ⟂ the axis (within 45 mm of the distal end)`;
    } else missing[`posteriorCondyle${name}`] = `the ${name.toLowerCase()} condyle keeps growing posteriorly up to the edge of the scan (or of the 45 mm window): its posterior point is not in view`;
    const side1 = medial ? 1 : -1;
    const ep = extremePatch((m) => h[m] <= hMin + 50 && side1 * (u[m] - uc) > 0, u, side1 as 1 | -1, medial ? dirs.medial : lateralDir, hMin + 50);
    if (ep && !ep.border) {
      points[`epicondyle${name}`] = ep.p;
      methods[`epicondyle${name}`] = `most prominent ${name.toLowerCase()} point within 50 mm of the distal end (clinical TEA; the surgical TEA's medial sulcus is not detected — place it by hand)`;
    } else missing[`epicondyle${name}`] = `the distal femur keeps widening ${medial ? 'medially' : 'laterally'} up to the edge of the scan (or of the 50 mm window): the ${name.toLowerCase()} epicondyle is not in view`;
  }

  // 5. Knee centre.
  const em = points.epicondyleMedial, el = points.epicondyleLateral;
  if (em && el) {
    points.femoralKneeCentre = scale(add(em, el), 0.5);
    methods.femoralKneeCentre = 'midpoint of the two epicondyles (brief §4.1)';
  } else {
    const notch = notchApex(v, h, u, w, uc, width, hMin, hCut, cell);
    if (notch) {
      points.femoralKneeCentre = toLps(notch[0], notch[1], notch[2]);
      methods.femoralKneeCentre = 'apex of the intercondylar notch roof (epicondyles not in view)';
    } else missing.femoralKneeCentre = 'neither both epicondyles nor the roof of the intercondylar notch are in view';
  }
  for (const n of FEMUR_KNEE_LANDMARKS) if (!points[n]) methods[n] = 'not in view';
  return {
    side, points, missing, sources: Object.fromEntries(FEMUR_KNEE_LANDMARKS.map((n) => [n, 'auto'])) as Record<FemurKneeLandmarkName, 'auto'>, methods,
    shaftAxis: typeof shaft === 'string' ? null : { pointLps: shaft.point, unitLps: shaft.axis, lengthMm: shaft.lengthMm },
    frameAxisUnitLps: axis, frameAxisKind: typeof shaft === 'string' ? 'given' : 'anatomical', lengthMm: length, proximalCut, warnings,
  };
}

/** Highest of the lowest bone heights along the central 10 % of the width, posterior half: [h, u, v], or null. */
function notchApex(v: Vox, h: Float64Array, u: Float64Array, w: Float64Array, uc: number, width: number, hMin: number, hCut: number, cell: number): [number, number, number] | null {
  let vMid = 0, c = 0;
  for (let m = 0; m < v.n; m++) if (h[m] <= hMin + 15) { vMid += w[m]; c++; }
  vMid /= c;
  const lowest = new Map<number, number>();
  for (let m = 0; m < v.n; m++) {
    if (Math.abs(u[m] - uc) > 0.05 * width || w[m] < vMid) continue;
    const b = Math.floor(w[m] / cell);
    lowest.set(b, Math.min(lowest.get(b) ?? Infinity, h[m]));
  }
  let best = -Infinity;
  for (const x of lowest.values()) best = Math.max(best, x);
  if (!(best > hMin + 3) || best >= hCut - 2) return null;
  const cols = [...lowest.entries()].filter(([, x]) => x >= best - cell);
  return [best, uc, cols.reduce((s, [b]) => s + (b + 0.5) * cell, 0) / cols.length];
}

/**
 * A hand correction of one landmark: a new proposal with the point replaced and its source 'manual'.
 * @throws JumeauError BAD_ARGUMENT (subject `${name}Lps`) on a non-finite point, or a medial condyle or
 *   epicondyle not toward the midline of its lateral twin
 */
export function correctFemurKneeLandmark(p: FemurKneeProposal, name: FemurKneeLandmarkName, pointLps: PointLps): FemurKneeProposal {
  const subject = `${name}Lps`;
  checkVec3(pointLps, subject);
  const out: FemurKneeProposal = { ...p, points: { ...p.points, [name]: [pointLps[0], pointLps[1], pointLps[2]] }, missing: { ...p.missing }, sources: { ...p.sources, [name]: 'manual' }, methods: { ...p.methods, [name]: 'placed by hand' } };
  delete out.missing[name];
  const medialDir = limbDirections(p.frameAxisUnitLps, p.side, 'femur').medial;
  for (const pair of ['distalCondyle', 'posteriorCondyle', 'epicondyle'] as const) {
    const a = out.points[`${pair}Medial`], b = out.points[`${pair}Lateral`];
    if (a && b && (name === `${pair}Medial` || name === `${pair}Lateral`) && !(dot(sub(a, b), medialDir) > 0)) {
      throw new JumeauError('BAD_ARGUMENT', `the medial point must lie toward the midline of the lateral one (${p.side === 'R' ? '+x' : '−x'} for a ${p.side === 'R' ? 'right' : 'left'} femur)`, { subject });
    }
  }
  if (name === 'femoralHeadCentre' && out.points.femoralKneeCentre && !(norm(sub(out.points.femoralHeadCentre!, out.points.femoralKneeCentre)) > 100)) {
    throw new JumeauError('BAD_ARGUMENT', 'the femoral head centre must lie more than 100 mm from the knee centre', { subject });
  }
  return out;
}
