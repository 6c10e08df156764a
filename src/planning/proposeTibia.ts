/**
 * Automatic tibial landmarks from a tibia segment (brief §4.1): knee centre K_t, ankle centre A, the
 * lowest points of the medial and lateral plateaus, the plateau's plane, the tibial mechanical axis
 * A → K_t, and the shaft (anatomical) axis. Every landmark records its source ('auto' here; a hand
 * correction through {@link correctTibiaLandmark} makes it 'manual' and recomputes the axis).
 *
 * Method (all in the frame of the segment's principal axis, oriented toward `proximalLps`; sections
 * in bins of the largest voxel spacing; {@link readDistalEnd} and the other section tools live in
 * `tibiaSections.ts`):
 * 1. **Distal end.** Going down from 20 % of the length, the metaphysis flares to a maximum section
 *    M; the joint is entered where the section falls to ≤ 0.75·M. A minimum below that followed by a
 *    rise of ≥ 15 % (or by the edge of the scan) is the tibiotalar waist: a talus joined to the segment
 *    (knee-to-ankle scans; partial-volume bridges) lies below it and is left out, reported in
 *    `distalExclusion`. The plafond is the lowest section (above the waist) still ≥ 0.5·M (below it
 *    only the medial malleolus and the joint's partial-volume bridges). No flare-then-narrowing above the part touching the grid's edge → the scan
 *    cut the bone: **no ankle centre** (null with the reason), and the **shaft axis** stands in for
 *    the tibial axis, labelled `axisKind: 'shaft'` — it is never called mechanical.
 * 2. **Ankle centre** A = centre of the distal articular surface: centroid of the filled footprint
 *    of the 10 mm above the plafond, at the plafond level. This is the plafond / talus-dome
 *    centre of brief §4.1; the malleolar midpoint would need the fibula (lateral malleolus), not used.
 * 3. **Proximal end.** ≥ 20 % of the voxels of the top 3 mm on the grid's edge → MISSING_INPUT (the
 *    plateau is not in view). Footprint = filled projection of the voxels 5–25 mm below the top
 *    (spine tips); top-surface height map (highest voxel per 1-cell column, 3×3 median); pits (> 3 mm
 *    below the median within 4 cells, grown by 2: gaps in a thin subchondral plate) are dropped.
 *    Compartments: 10–45 % of the ML width from the footprint centroid on either side (medial =
 *    toward the midline), within ±25 % of the AP depth, ≥ max(5 mm, 10 % of the width) inside the
 *    outline (off the rim). Plateau plane = least-squares fit to both compartments, refitted twice
 *    without cells > 3 mm off it.
 * 4. **Plateau reference points** ("lowest points") = in each compartment, within 0.15 × the width
 *    of its centroid (the weight-bearing area), the point deepest below the plateau plane (cells
 *    > 4 mm below it are holes), lifted half a voxel to the surface. Deepest relative to the plateau
 *    rather than to the axis: a plateau tilted by its native slope or varus has its axial minimum on
 *    whatever edge the region is given, not at the bottom of the articular dish.
 * 5. **Knee centre** K_t = footprint centroid (the plateau centre, where the spines stand) at the mean
 *    height of the two reference points.
 * 6. **Shaft axis** = line (principal direction) through the section centroids of 30–70 % of the
 *    kept length — on a full tibia the diaphysis; on a short proximal stub it includes the
 *    metaphysis and tuberosity (≈ 3° off on the knee phantom).
 */
import { JumeauError } from '../core/errors';
import type { PointLps, Vec3 } from '../core/vec3';
import { dot, norm, scale, sub } from '../core/vec3';
import type { Mask } from '../segmentation/labelmap';
import { angleBetweenRad, limbDirections, medialUnitLps, unitOrThrow } from './geometry';
import type { BoneFrame, PlaneGrid } from './tibiaSections';
import {
  areaProfile, boneFrame, cellCentre, depthInFootprint, footprint, footprintStats, frameToLps, meanCovariance, planeGrid,
  pitCells, principalDirection, readDistalEnd, topHeightMap,
} from './tibiaSections';
import type { Side } from './validate';
import { checkSide, checkVec3, radToDeg } from './validate';

/** Landmarks of a tibia proposal. */
export type TibiaLandmarkName = 'kneeCentre' | 'ankleCentre' | 'plateauMedial' | 'plateauLateral';

/** Inputs of {@link proposeTibiaLandmarks}. */
export interface ProposeTibiaInput {
  /** One tibia (any non-zero voxel), LPS grid. */
  tibia: Mask;
  /** Limb side (decides which plateau is medial). */
  side: Side;
  /** Unit direction toward the knee, LPS (default superior (0, 0, 1)). */
  proximalLps?: Vec3;
}

/** Tibial landmarks and axes, LPS mm; `sources`/`methods` say how each landmark was obtained. */
export interface TibiaProposal {
  side: Side;
  /** Tibial knee centre K_t (plateau centre). */
  kneeCentreLps: PointLps;
  /** Ankle centre A (centre of the plafond), or null when the scan does not reach it. */
  ankleCentreLps: PointLps | null;
  /** Why there is no ankle centre (null when there is one). */
  ankleMissingReason: string | null;
  plateau: {
    /** Reference ("lowest") point of the medial / lateral compartment: its deepest point below the plateau plane, in its central area (module doc, step 4). */
    medialLowestLps: PointLps;
    lateralLowestLps: PointLps;
    /** Plateau centre at the mean height of the two reference points (the automatic K_t; not changed by a correction). */
    centreLps: PointLps;
    /** Normal of the least-squares plateau plane, pointing proximally. */
    normalLps: Vec3;
    /** Native posterior slope of that plane from ⟂ the tibial axis, degrees (+ = lower posteriorly). */
    posteriorSlopeDeg: number;
    /** Native coronal tilt from ⟂ the tibial axis, degrees (+ = medial side lower, varus). */
    varusDeg: number;
    /** Medio-lateral width and antero-posterior depth of the plateau footprint, mm. */
    mlWidthMm: number;
    apDepthMm: number;
  };
  /** Which axis `axisUnitLps` is: the mechanical A → K_t, or the shaft axis when A is missing. */
  axisKind: 'mechanical' | 'shaft';
  /** The tibial axis to plan with, toward proximal. */
  axisUnitLps: Vec3;
  /** Unit A → K_t, or null without an ankle centre. */
  mechanicalAxisUnitLps: Vec3 | null;
  /** |K_t − A|, mm, or null. */
  lengthMm: number | null;
  /** Shaft (anatomical) axis: a point and the unit direction toward proximal. */
  shaftAxis: { pointLps: PointLps; unitLps: Vec3 };
  /** Angle between the mechanical and shaft axes, degrees, or null. */
  mechanicalToShaftDeg: number | null;
  /** Bone left out below the tibiotalar joint (talus joined to the segment), or null. */
  distalExclusion: { levelLps: PointLps; volumeMl: number } | null;
  /** 'auto' or 'manual' per landmark (plan `landmarks[].source`). */
  sources: Record<TibiaLandmarkName, 'auto' | 'manual'>;
  /** How each landmark was found (plan `landmarks[].method`). */
  methods: Record<TibiaLandmarkName, string>;
  warnings: string[];
}

const TRUNCATED_FRACTION = 0.2;

/** Fraction of the voxels with h in [lo, hi] that lie on the grid border. */
function borderFraction(f: BoneFrame, lo: number, hi: number): number {
  let n = 0, b = 0;
  for (let q = 0; q < f.h.length; q++) if (f.h[q] >= lo && f.h[q] <= hi) { n++; b += f.onBorder[q]; }
  return n ? b / n : 0;
}

/** The plateau's compartments on the top-surface height map (module doc, steps 3–4). */
function plateauLandmarks(f: BoneFrame, grid: PlaneGrid, hTop: number) {
  const fpTop = footprint(f, grid, hTop - 25, hTop - 5);
  const st = footprintStats(grid, fpTop);
  const width = st.uMax - st.uMin, depth = st.vMax - st.vMin;
  const heights = topHeightMap(f, grid, hTop - 40);
  const pits = pitCells(grid, heights);
  const inside = depthInFootprint(grid, fpTop);
  const margin = Math.max(5, 0.1 * width);
  const cells: { c: number; du: number; dv: number; h: number; medial: boolean }[] = [];
  for (let c = 0; c < fpTop.length; c++) {
    if (!fpTop[c] || pits[c] || inside[c] < margin || !(heights[c] > -Infinity)) continue;
    const [u, v] = cellCentre(grid, c);
    const du = u - st.cu, dv = v - st.cv;
    const x = Math.abs(du) / width;
    if (Math.abs(dv) / depth <= 0.25 && x >= 0.1 && x <= 0.45) cells.push({ c, du, dv, h: heights[c], medial: du > 0 });
  }
  for (const name of ['medial', 'lateral']) {
    if (!cells.some((x) => x.medial === (name === 'medial'))) {
      throw new JumeauError('BAD_ARGUMENT', `no ${name} plateau found (no articular surface in the ${name} half of the footprint)`, { subject: 'tibia' });
    }
  }
  // Plane h = α + β·du + γ·dv, refitted twice without cells more than 3 mm off it (holes, spines).
  let used = cells;
  let plane = { alpha: 0, beta: 0, gamma: 0 };
  for (let pass = 0; pass < 3; pass++) {
    const { mean, cov } = meanCovariance(used.map((x) => x.du), used.map((x) => x.dv), used.map((x) => x.h));
    const det = cov[0][0] * cov[1][1] - cov[0][1] * cov[0][1];
    const beta = det > 0 ? (cov[0][2] * cov[1][1] - cov[1][2] * cov[0][1]) / det : 0;
    const gamma = det > 0 ? (cov[1][2] * cov[0][0] - cov[0][2] * cov[0][1]) / det : 0;
    plane = { alpha: mean[2] - beta * mean[0] - gamma * mean[1], beta, gamma };
    const next = cells.filter((x) => Math.abs(x.h - (plane.alpha + plane.beta * x.du + plane.gamma * x.dv)) <= 3);
    if (next.length < 10) break;
    used = next;
  }
  // Lowest point per compartment relative to the plateau plane (its deepest point; relative to the
  // axis it would sit on the region's edge whenever the plateau is tilted); > 4 mm below it = a hole.
  const lift = f.voxelExtentAlongAxisMm / 2;
  const residual = (x: (typeof cells)[number]) => x.h - (plane.alpha + plane.beta * x.du + plane.gamma * x.dv);
  const lowest = (medial: boolean): PointLps => {
    // Candidates: within 0.15 × the width of the compartment's centre (its weight-bearing area).
    const own = cells.filter((x) => x.medial === medial);
    const mu = own.reduce((t, x) => t + x.du, 0) / own.length, mv = own.reduce((t, x) => t + x.dv, 0) / own.length;
    const central = own.filter((x) => Math.hypot(x.du - mu, x.dv - mv) <= 0.15 * width);
    let best = central.length ? central[0] : own[0];
    let bestResidual = Infinity;
    for (const x of central) {
      const r = residual(x);
      if (r >= -4 && r < bestResidual) { best = x; bestResidual = r; }
    }
    return frameToLps(f, best.h + lift, st.cu + best.du, st.cv + best.dv);
  };
  const normalLps = unitOrThrow(sub(sub(f.axis, scale(f.medial, plane.beta)), scale(f.posterior, plane.gamma)), 'tibia');
  return { st, width, depth, medialLowestLps: lowest(true), lateralLowestLps: lowest(false), normalLps };
}

/**
 * Proposes the tibial landmarks of one tibia segment (see the module doc for the method).
 * @throws JumeauError EMPTY_SEGMENT (no voxel); MISSING_INPUT (proximal end cut by the scan);
 *   BAD_ARGUMENT (bad side/direction, bone shorter than 60 mm, no plateau compartment found)
 */
export function proposeTibiaLandmarks(input: ProposeTibiaInput): TibiaProposal {
  const side = checkSide(input.side);
  const proximal = unitOrThrow(checkVec3(input.proximalLps ?? [0, 0, 1], 'proximalLps'), 'proximalLps');
  const f = boneFrame(input.tibia, side, proximal);
  const warnings: string[] = [];
  const bin = f.cellMm;
  let hMin = Infinity, hMax = -Infinity;
  for (let q = 0; q < f.h.length; q++) { hMin = Math.min(hMin, f.h[q]); hMax = Math.max(hMax, f.h[q]); }
  const length = hMax - hMin;
  if (length < 60) throw new JumeauError('BAD_ARGUMENT', `is only ${length.toFixed(1)} mm long: not a tibia`, { subject: 'tibia' });
  if (borderFraction(f, hMax - 3, hMax) >= TRUNCATED_FRACTION) {
    throw new JumeauError('MISSING_INPUT', 'the proximal end touches the edge of the scan: the tibial plateau is not in view', { subject: 'tibia' });
  }

  // 1–2. Distal end: talus, truncation, plafond and ankle centre.
  const area = areaProfile(f, hMin, hMax + 1e-9, bin);
  let borderTopBin = -1;
  for (let q = 0; q < f.h.length; q++) {
    if (f.onBorder[q] && f.h[q] < hMin + 0.2 * length) borderTopBin = Math.max(borderTopBin, Math.floor((f.h[q] - hMin) / bin));
  }
  const end = readDistalEnd(area, bin, length, borderTopBin);
  const floor = end.kind === 'talus' ? hMin + (end.cutBin + 0.5) * bin : -Infinity;
  let distalExclusion: TibiaProposal['distalExclusion'] = null;
  if (end.kind === 'talus') {
    let n = 0;
    for (let q = 0; q < f.h.length; q++) if (f.h[q] < floor) n++;
    distalExclusion = { levelLps: frameToLps(f, floor, 0, 0), volumeMl: (n * f.voxelMm3) / 1000 };
    warnings.push(`bone below a waist ${(floor - hMin).toFixed(1)} mm above the distal end (the talus, joined to the tibia in the segmentation) was left out: ${distalExclusion.volumeMl.toFixed(1)} mL`);
  }
  const grid = planeGrid(f);
  let ankle: PointLps | null = null;
  let ankleMissingReason: string | null = null;
  let distalAreaMm2 = 0;
  if (end.kind === 'none') {
    ankleMissingReason = borderTopBin >= 0
      ? 'the distal tibia is cut by the edge of the scan (the ankle is not in view): no ankle centre; the shaft axis stands in for the tibial axis'
      : 'no distal articular surface found (no flare-then-narrowing at the distal end): no ankle centre; the shaft axis stands in for the tibial axis';
    warnings.push(ankleMissingReason);
  } else {
    const hP = Math.max(floor, hMin + end.plafondBin * bin);
    const fp = footprintStats(grid, footprint(f, grid, hP, hP + 10));
    distalAreaMm2 = fp.areaMm2;
    ankle = frameToLps(f, hP, fp.cu, fp.cv);
  }

  // 3–5. Plateau and knee centre. Top = upper edge of the highest bin holding ≥ 5 voxels.
  let topBin = area.length - 1;
  while (topBin > 0 && area[topBin] * bin < 5 * f.voxelMm3) topBin--;
  const hTop = hMin + (topBin + 1) * bin;
  const pl = plateauLandmarks(f, grid, hTop);
  if (distalAreaMm2 > 0 && pl.st.areaMm2 < distalAreaMm2) {
    warnings.push(`the proximal end (${pl.st.areaMm2.toFixed(0)} mm²) is narrower than the distal end (${distalAreaMm2.toFixed(0)} mm²): check proximalLps and the orientation`);
  }
  const heightOf = (p: PointLps) => dot(sub(p, f.originLps), f.axis);
  const knee = frameToLps(f, (heightOf(pl.medialLowestLps) + heightOf(pl.lateralLowestLps)) / 2, pl.st.cu, pl.st.cv);

  // 6. Shaft axis through section centroids of 30–70 % of the kept length.
  const lo = Math.max(hMin, floor);
  const keptLength = hTop - lo;
  const bins = new Map<number, { n: number; h: number; u: number; v: number }>();
  for (let q = 0; q < f.h.length; q++) {
    const t = (f.h[q] - lo) / keptLength;
    if (t < 0.3 || t > 0.7) continue;
    const b = Math.floor((f.h[q] - lo) / bin);
    const s = bins.get(b) ?? { n: 0, h: 0, u: 0, v: 0 };
    s.n++; s.h += f.h[q]; s.u += f.u[q]; s.v += f.v[q];
    bins.set(b, s);
  }
  const centroids = [...bins.values()].map((s) => frameToLps(f, s.h / s.n, s.u / s.n, s.v / s.n));
  const shaft = meanCovariance(centroids.map((p) => p[0]), centroids.map((p) => p[1]), centroids.map((p) => p[2]));
  let shaftUnit = principalDirection(shaft.cov, f.axis);
  if (dot(shaftUnit, f.axis) < 0) shaftUnit = scale(shaftUnit, -1);

  return withAxes({
    side,
    kneeCentreLps: knee,
    ankleCentreLps: ankle,
    ankleMissingReason,
    plateau: {
      medialLowestLps: pl.medialLowestLps,
      lateralLowestLps: pl.lateralLowestLps,
      centreLps: knee,
      normalLps: pl.normalLps,
      posteriorSlopeDeg: 0,
      varusDeg: 0,
      mlWidthMm: pl.width + grid.cellMm,
      apDepthMm: pl.depth + grid.cellMm,
    },
    axisKind: 'shaft',
    axisUnitLps: shaftUnit,
    mechanicalAxisUnitLps: null,
    lengthMm: null,
    shaftAxis: { pointLps: shaft.mean, unitLps: shaftUnit },
    mechanicalToShaftDeg: null,
    distalExclusion,
    sources: { kneeCentre: 'auto', ankleCentre: 'auto', plateauMedial: 'auto', plateauLateral: 'auto' },
    methods: {
      kneeCentre: 'plateau centre: centroid of the filled footprint 5–25 mm below the spine tips, at the mean height of the two plateau low points',
      ankleCentre: ankle
        ? 'centre of the distal articular surface (plafond): centroid of the filled footprint of the distal 10 mm at the plafond level (talus-dome centre definition; malleolar midpoint not used: no fibula)'
        : 'not in view',
      plateauMedial: 'deepest point below the plateau plane in the central area of the medial compartment (3×3-median height map; rim, pits and holes excluded)',
      plateauLateral: 'deepest point below the plateau plane in the central area of the lateral compartment (3×3-median height map; rim, pits and holes excluded)',
    },
    warnings,
  });
}

/** Recomputes the axis fields (and the plateau angles relative to the axis) from the landmarks. */
function withAxes(p: TibiaProposal): TibiaProposal {
  const out: TibiaProposal = { ...p, plateau: { ...p.plateau }, warnings: [...p.warnings] };
  if (p.ankleCentreLps) {
    const d = sub(p.kneeCentreLps, p.ankleCentreLps);
    out.lengthMm = norm(d);
    out.mechanicalAxisUnitLps = unitOrThrow(d, 'ankleCentreLps');
    out.axisKind = 'mechanical';
    out.axisUnitLps = out.mechanicalAxisUnitLps;
    out.mechanicalToShaftDeg = radToDeg(angleBetweenRad(out.mechanicalAxisUnitLps, p.shaftAxis.unitLps));
  } else {
    out.lengthMm = null;
    out.mechanicalAxisUnitLps = null;
    out.axisKind = 'shaft';
    out.axisUnitLps = p.shaftAxis.unitLps;
    out.mechanicalToShaftDeg = null;
  }
  const dirs = limbDirections(out.axisUnitLps, p.side, 'tibia');
  const n = p.plateau.normalLps;
  const along = dot(n, dirs.proximal);
  out.plateau.posteriorSlopeDeg = radToDeg(Math.atan2(dot(n, dirs.posterior), along));
  out.plateau.varusDeg = radToDeg(Math.atan2(dot(n, dirs.medial), along));
  return out;
}

/**
 * A hand correction of one landmark: returns a new proposal with the point replaced, its source
 * 'manual', and the axis, length and plateau angles recomputed (a manual ankle centre turns a shaft
 * axis into the mechanical axis).
 * @throws JumeauError BAD_ARGUMENT (subject `${name}Lps`) on a non-finite point, an ankle not distal of
 *   the knee, or a medial plateau point not toward the midline of the lateral one
 */
export function correctTibiaLandmark(proposal: TibiaProposal, name: TibiaLandmarkName, pointLps: PointLps): TibiaProposal {
  const subject = `${name}Lps`;
  checkVec3(pointLps, subject);
  const p: TibiaProposal = { ...proposal, plateau: { ...proposal.plateau }, sources: { ...proposal.sources }, methods: { ...proposal.methods } };
  const point: PointLps = [pointLps[0], pointLps[1], pointLps[2]];
  if (name === 'kneeCentre') p.kneeCentreLps = point;
  if (name === 'ankleCentre') { p.ankleCentreLps = point; p.ankleMissingReason = null; }
  if (name === 'plateauMedial') p.plateau.medialLowestLps = point;
  if (name === 'plateauLateral') p.plateau.lateralLowestLps = point;
  p.sources[name] = 'manual';
  p.methods[name] = 'placed by hand';
  if (p.ankleCentreLps && !(dot(sub(p.kneeCentreLps, p.ankleCentreLps), p.shaftAxis.unitLps) > 50)) {
    throw new JumeauError('BAD_ARGUMENT', 'the ankle centre must lie at least 50 mm distal of the knee centre along the tibia', { subject });
  }
  if (!(dot(sub(p.plateau.medialLowestLps, p.plateau.lateralLowestLps), medialUnitLps(p.side)) > 0)) {
    throw new JumeauError('BAD_ARGUMENT', `the medial plateau point must lie toward the midline of the lateral one (${p.side === 'R' ? '+x' : '−x'} for a ${p.side === 'R' ? 'right' : 'left'} tibia)`, { subject });
  }
  return withAxes(p);
}
