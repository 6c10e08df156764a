/**
 * Knee component sizing on the segments (brief §4.2 "Implant sizing"). Pure.
 *
 * **Femoral component** — frame: u = the distal cut's normal (the femoral axis the cut was made ⟂ to,
 * proximal), m = the posterior condylar axis (lateral → medial posterior condyle) made ⟂ u (component
 * rotation parallel to the PCA; the customary 3° external rotation is not applied), p = u × m turned
 * posterior. **AP depth** = the posterior condyles' AP coordinate (the more posterior of the two
 * landmarks) − the anterior cortex's: the most anterior femur voxel surface in the `anteriorBandMm`
 * (30 mm) of distal shaft above the distal end of the detected shaft run (`femoralShaftAxisDistal`,
 * where the metaphyseal flare ends) — the anterior cortex line a flush anterior cut must not go below
 * (the notch check). **ML width** = the extent along m of the filled femur section on the distal cut.
 * **Rule** (anterior referencing, the usual AP-first rule): the size whose AP depth is nearest the bone's
 * (a tie: the smaller, so the posterior condylar offset is not increased); then ML over/underhang is
 * reported, per side with the component centred on the section (⚠ brief: overhang ≤ 2–3 mm, engineering).
 *
 * **Tibial baseplate** — the filled section of the tibia on the proposed cut, in the frame m = LPS ±x
 * (medial) and p (posterior) ⟂ the cut's normal (scanner ML: the rotation to the tibial tubercle's medial
 * third is not applied). Each size's footprint is the catalogue's ellipse ML × AP (implantMeshes.ts),
 * centred where its largest outside distance (overhang) is least (the section's centroid ± 4 mm, 0.5 mm
 * steps). **Rule**: the largest size whose overhang ≤ `overhangToleranceMm` (0.5 mm, the raster's
 * precision, ⚠ engineering) — the brief's "max coverage without overhang"; coverage = the share of the
 * cut surface under the footprint, %.
 */
import type { PointLps, Vec3 } from '../core/vec3';
import { cross, dot, scale, sub } from '../core/vec3';
import type { Mask } from '../segmentation/labelmap';
import { indexToLps } from '../volume/volume';
import { cutSection, outsideDistanceMm, rasterAt, type CutSection } from './cutSection';
import { projectOntoPlane, unitOrThrow } from './geometry';
import type { FemoralComponentFamily, TibialComponentFamily } from './implants';
import type { ResectionPlane } from './kneeResection';
import type { Side } from './validate';

/** A component's pose (implantMeshes.ts frame): origin, +z axis, +x reference (LPS). */
export interface ComponentPose { positionLps: PointLps; axisLps: Vec3; referenceLps: Vec3 }

/** One femoral size against the bone. */
export interface FemoralSizeCheck { size: string; apDepthMm: number; mlWidthMm: number; apDifferenceMm: number; mlOverhangPerSideMm: number }

/** The femoral component size proposal. */
export interface FemoralSizing {
  frame: { proximalUnitLps: Vec3; medialUnitLps: Vec3; posteriorUnitLps: Vec3 };
  /** Bone AP depth, anterior cortex → posterior condyles, mm (null: not measurable, see `reason`). */
  apDepthMm: number | null;
  /** The anterior cortex reference point (most anterior surface point of the distal shaft band), LPS. */
  anteriorCortexLps: PointLps | null;
  /** ML width of the femur section on the distal cut, mm. */
  mlWidthMm: number;
  /** The proposed size, or null with `reason`. */
  size: string | null;
  /** Component − bone AP, mm (+: posterior condylar offset increased, flexion tighter). */
  apDifferenceMm: number | null;
  /** (Component − bone ML) / 2, mm: + overhang, − underhang, per side with the component centred. */
  mlOverhangPerSideMm: number | null;
  rule: string;
  checks: FemoralSizeCheck[];
  pose: ComponentPose | null;
  reason: string | null;
  warnings: string[];
}

/** One tibial size against the cut surface. */
export interface TibialSizeCheck { size: string; mlWidthMm: number; apDepthMm: number; maxOverhangMm: number; coveragePercent: number }

/** The tibial baseplate size proposal. */
export interface TibialSizing {
  /** The cut surface (filled section): ML × AP extents and area. */
  cutMlMm: number;
  cutApMm: number;
  cutAreaMm2: number;
  size: string | null;
  coveragePercent: number | null;
  maxOverhangMm: number | null;
  rule: string;
  checks: TibialSizeCheck[];
  pose: ComponentPose | null;
  reason: string | null;
}

const along = (p: PointLps, a: number, u: Vec3, b: number, v: Vec3): PointLps => [0, 1, 2].map((k) => p[k] + a * u[k] + b * v[k]) as PointLps;

/** Most anterior voxel surface along `posterior` among voxels whose height along `axis` above `base` is in [0, band]. */
function anteriorCortex(femur: Mask, base: PointLps, axis: Vec3, posterior: Vec3, bandMm: number): PointLps | null {
  const [sx, sy, sz] = femur.size;
  const d = femur.direction, s = femur.spacing;
  const half = 0.5 * [0, 1, 2].reduce((acc, j) => acc + Math.abs(d[3 * j] * posterior[0] + d[3 * j + 1] * posterior[1] + d[3 * j + 2] * posterior[2]) * s[j], 0);
  let best = Infinity, at: PointLps | null = null;
  for (let k = 0; k < sz; k++) {
    for (let j = 0; j < sy; j++) {
      for (let i = 0; i < sx; i++) {
        if (!femur.data[i + sx * (j + sy * k)]) continue;
        const x = sub(indexToLps(femur, [i, j, k]), base);
        const h = dot(x, axis);
        if (h < 0 || h > bandMm) continue;
        const ap = dot(x, posterior) - half;
        if (ap < best) { best = ap; at = indexToLps(femur, [i, j, k]); }
      }
    }
  }
  return at ? along(at, 0, axis, -half, posterior) : null;
}

/**
 * Proposes the femoral component size (module doc: frame, AP and ML definitions, the AP-first rule).
 * `shaftDistalLps` null (no shaft in view) → AP not measurable: size null with the reason, ML still given.
 */
export function proposeFemoralComponentSize(input: {
  femur: Mask; side: Side; distalCut: ResectionPlane; posteriorCondyleMedialLps: PointLps; posteriorCondyleLateralLps: PointLps;
  shaftDistalLps: PointLps | null; family: FemoralComponentFamily; anteriorBandMm?: number;
}): FemoralSizing {
  const u = unitOrThrow(input.distalCut.normalLps, 'distalCut.normalLps');
  const m = unitOrThrow(projectOntoPlane(sub(input.posteriorCondyleMedialLps, input.posteriorCondyleLateralLps), u), 'posterior condylar axis');
  let p = cross(u, m);
  if (p[1] < 0) p = scale(p, -1);
  const o = input.distalCut.pointLps;
  const sec: CutSection = cutSection(input.femur, o, m, p);
  const mlWidthMm = sec.extentUMm.max - sec.extentUMm.min;
  const mlCentre = (sec.extentUMm.max + sec.extentUMm.min) / 2;
  const rule = 'anterior referencing, AP first: the size whose AP depth is nearest the bone AP (anterior cortex → posterior condyles; a tie → the smaller); ML over/underhang reported per side (⚠ brief: ≤ 2–3 mm, engineering)';
  const frame = { proximalUnitLps: u, medialUnitLps: m, posteriorUnitLps: p };
  const base = { frame, mlWidthMm, rule, warnings: [] as string[] };
  const none = (reason: string): FemoralSizing => ({ ...base, apDepthMm: null, anteriorCortexLps: null, size: null, apDifferenceMm: null, mlOverhangPerSideMm: null, checks: [], pose: null, reason });
  if (!input.shaftDistalLps) return none('the femoral shaft is not in view: no anterior cortex to reference the AP depth on');
  const ant = anteriorCortex(input.femur, input.shaftDistalLps, u, p, input.anteriorBandMm ?? 30);
  if (!ant) return none('no femur voxels in the distal shaft band: no anterior cortex to reference the AP depth on');
  const post = Math.max(dot(sub(input.posteriorCondyleMedialLps, o), p), dot(sub(input.posteriorCondyleLateralLps, o), p));
  const antAp = dot(sub(ant, o), p);
  const apDepthMm = post - antAp;
  const checks = input.family.sizes.map((s) => ({ size: s.size, apDepthMm: s.apDepthMm, mlWidthMm: s.mlWidthMm, apDifferenceMm: s.apDepthMm - apDepthMm, mlOverhangPerSideMm: (s.mlWidthMm - mlWidthMm) / 2 }));
  const best = [...checks].sort((a, b) => Math.abs(a.apDifferenceMm) - Math.abs(b.apDifferenceMm) || a.apDepthMm - b.apDepthMm)[0];
  const sizeRow = input.family.sizes.find((s) => s.size === best.size)!;
  const warnings: string[] = [];
  if (Math.abs(best.apDifferenceMm) > 2) warnings.push(`bone AP ${apDepthMm.toFixed(1)} mm is ${best.apDifferenceMm > 0 ? 'below the smallest' : 'above the largest'} size by ${Math.abs(best.apDifferenceMm).toFixed(1)} mm`);
  if (best.mlOverhangPerSideMm > 3) warnings.push(`ML overhang ${best.mlOverhangPerSideMm.toFixed(1)} mm per side (> 3 mm)`);
  // Pose (implantMeshes.ts: x = ML, y = AP posterior, z proximal; distal slab 0…distal thickness): the
  // flange flush with the anterior cortex, centred ML on the cut section, the slab's top on the cut.
  const x = cross(p, u);
  const pose: ComponentPose = { positionLps: along(along(o, mlCentre, m, antAp + sizeRow.apDepthMm / 2, p), -sizeRow.distalThicknessMm, u, 0, p), axisLps: u, referenceLps: x };
  return { ...base, warnings, apDepthMm, anteriorCortexLps: ant, size: best.size, apDifferenceMm: best.apDifferenceMm, mlOverhangPerSideMm: best.mlOverhangPerSideMm, checks, pose, reason: null };
}

/**
 * Proposes the tibial baseplate size on the cut (module doc: frame, footprint, largest size without
 * overhang, coverage).
 * @throws JumeauError SURFACE_MISSES_ORGAN when the cut does not cross the tibia
 */
export function proposeTibialComponentSize(input: { tibia: Mask; side: Side; cut: ResectionPlane; family: TibialComponentFamily; overhangToleranceMm?: number }): TibialSizing {
  const n = unitOrThrow(input.cut.normalLps, 'cut.normalLps');
  const m = unitOrThrow(projectOntoPlane(input.side === 'R' ? [1, 0, 0] : [-1, 0, 0], n), 'tibial ML direction');
  let p = cross(n, m);
  if (p[1] < 0) p = scale(p, -1);
  const tol = input.overhangToleranceMm ?? 0.5;
  const sec = cutSection(input.tibia, input.cut.pointLps, m, p);
  const dist = outsideDistanceMm(sec);
  const [ca, cb] = sec.centroidMm;
  const total = sec.areaMm2 / (sec.cellMm * sec.cellMm);
  const checks: (TibialSizeCheck & { at: [number, number] })[] = input.family.sizes.map((s) => {
    const ra = s.mlWidthMm / 2, rb = s.apDepthMm / 2;
    const outline = Array.from({ length: 144 }, (_, q) => [ra * Math.cos((q * Math.PI) / 72), rb * Math.sin((q * Math.PI) / 72)]);
    let bestOver = Infinity, at: [number, number] = [ca, cb];
    for (let dy = -8; dy <= 8; dy++) {
      for (let dx = -8; dx <= 8; dx++) {
        const a = ca + dx * 0.5, b = cb + dy * 0.5;
        let over = 0;
        for (const [oa, ob] of outline) { over = Math.max(over, rasterAt(sec, dist, a + oa, b + ob)); if (over >= bestOver) break; }
        if (over < bestOver - 1e-9 || (Math.abs(over - bestOver) <= 1e-9 && dx * dx + dy * dy < (at[0] - ca) ** 2 + (at[1] - cb) ** 2)) { bestOver = over; at = [a, b]; }
      }
    }
    let inside = 0;
    for (let y = 0; y < sec.height; y++) {
      for (let x = 0; x < sec.width; x++) {
        if (!sec.cells[y * sec.width + x]) continue;
        const a = (sec.a0Mm + x * sec.cellMm - at[0]) / ra, b = (sec.b0Mm + y * sec.cellMm - at[1]) / rb;
        if (a * a + b * b <= 1) inside++;
      }
    }
    return { size: s.size, mlWidthMm: s.mlWidthMm, apDepthMm: s.apDepthMm, maxOverhangMm: bestOver, coveragePercent: (100 * inside) / total, at };
  });
  const fits = checks.filter((c) => c.maxOverhangMm <= tol);
  const pick = fits.length ? fits.reduce((a, b) => (b.mlWidthMm * b.apDepthMm > a.mlWidthMm * a.apDepthMm ? b : a)) : null;
  const rule = `largest size whose elliptic footprint overhangs the cut surface by ≤ ${tol} mm (⚠ engineering: the raster's precision), placed where its overhang is least; coverage = share of the cut surface under it`;
  const cutMlMm = sec.extentUMm.max - sec.extentUMm.min, cutApMm = sec.extentVMm.max - sec.extentVMm.min;
  const strip = checks.map(({ at: _at, ...c }) => c);
  const base = { cutMlMm, cutApMm, cutAreaMm2: sec.areaMm2, rule, checks: strip };
  if (!pick) return { ...base, size: null, coveragePercent: null, maxOverhangMm: null, pose: null, reason: `even the smallest size overhangs the cut surface by ${Math.min(...checks.map((c) => c.maxOverhangMm)).toFixed(1)} mm` };
  return { ...base, size: pick.size, coveragePercent: pick.coveragePercent, maxOverhangMm: pick.maxOverhangMm, pose: { positionLps: along(input.cut.pointLps, pick.at[0], m, pick.at[1], p), axisLps: n, referenceLps: m }, reason: null };
}
