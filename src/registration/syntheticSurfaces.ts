/**
 * Seeded synthetic surfaces (points + outward unit normals, packed xyz, mm) for the registration
 * validation cases and the benchmark: the REG-04 ellipsoid and a closed, asymmetric, femur-sized
 * "bone-like" surface. Deterministic for a seed (mulberry32); no clock, no Math.random.
 */
import { JumeauError } from '../core/errors';
import type { Vec3 } from '../core/vec3';
import { mulberry32 } from '../samples/random';

/** Sampled surface: packed xyz points (mm) and their outward unit normals. */
export interface SampledSurface {
  pointsLps: Float64Array;
  normals: Float64Array;
}

type Uniform = () => number;

/** A uniformly distributed unit vector (normalised Gaussian triple). */
function randomDirection(random: Uniform): Vec3 {
  for (;;) {
    const g = (): number => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    const x = g(), y = g(), z = g();
    const l = Math.hypot(x, y, z);
    if (l > 1e-9) return [x / l, y / l, z / l];
  }
}

function checkCount(count: number): void {
  if (!Number.isInteger(count) || count < 1) throw new JumeauError('BAD_ARGUMENT', 'must be a positive integer', { subject: 'count' });
}

/**
 * Random points on the ellipsoid x²/a² + y²/b² + z²/c² = 1 (centred at the origin), with normals
 * ∝ (x/a², y/b², z/c²). Points are the images of uniform sphere directions (not area-uniform).
 * @param keep - optional filter on the point (e.g. `p => p[2] > 0` for the upper half, REG-04)
 */
export function sampleEllipsoid(params: { semiAxesMm: Vec3; count: number; seed: number; keep?: (p: Vec3) => boolean }): SampledSurface {
  const { semiAxesMm: [a, b, c], count, seed, keep } = params;
  checkCount(count);
  const random = mulberry32(seed);
  const pointsLps = new Float64Array(count * 3);
  const normals = new Float64Array(count * 3);
  for (let i = 0; i < count; ) {
    const u = randomDirection(random);
    const p: Vec3 = [a * u[0], b * u[1], c * u[2]];
    if (keep && !keep(p)) continue;
    const g = [u[0] / a, u[1] / b, u[2] / c];
    const gl = Math.hypot(g[0], g[1], g[2]);
    pointsLps.set(p, i * 3);
    normals.set([g[0] / gl, g[1] / gl, g[2] / gl], i * 3);
    i++;
  }
  return { pointsLps, normals };
}

/** Gaussian bumps on the unit sphere: centre direction, height (fraction of radius), width (1 − cos). */
const BONE_BUMPS: { dir: Vec3; height: number; width: number }[] = [
  { dir: [0.45, 0.15, -0.88], height: 0.28, width: 0.05 }, // medial condyle
  { dir: [-0.45, 0.15, -0.88], height: 0.24, width: 0.05 }, // lateral condyle
  { dir: [0.62, -0.2, 0.76], height: 0.38, width: 0.045 }, // head
  { dir: [-0.7, 0.1, 0.71], height: 0.3, width: 0.04 }, // greater trochanter
  { dir: [0.2, 0.6, 0.77], height: 0.12, width: 0.03 }, // lesser trochanter
  { dir: [0, 1, 0], height: 0.07, width: 0.12 }, // posterior ridge
];
const BONE_SEMI_AXES: Vec3 = [26, 22, 110];

function unitLength(x: number, y: number, z: number): number {
  return Math.sqrt(x * x + y * y + z * z);
}

/** Radius factor ρ(û) ≥ 1 of the star-shaped bone surface along the unit direction û (scaled frame). */
function boneRadius(ux: number, uy: number, uz: number): number {
  let rho = 1;
  for (const b of BONE_BUMPS) {
    const l = unitLength(b.dir[0], b.dir[1], b.dir[2]);
    const cos = (ux * b.dir[0] + uy * b.dir[1] + uz * b.dir[2]) / l;
    rho += b.height * Math.exp(-(1 - cos) / b.width);
  }
  return rho;
}

/** Implicit function F(p) = |s| − ρ(ŝ), s = p scaled by 1/semi-axes: < 0 inside, 0 on the surface. */
function boneImplicit(x: number, y: number, z: number): number {
  const sx = x / BONE_SEMI_AXES[0], sy = y / BONE_SEMI_AXES[1], sz = z / BONE_SEMI_AXES[2];
  const l = unitLength(sx, sy, sz);
  return l - boneRadius(sx / l, sy / l, sz / l);
}

/**
 * A closed, asymmetric, femur-sized (≈ 60 × 50 × 260 mm) star-shaped surface: an elongated ellipsoid
 * with condyle-, head- and trochanter-like lobes, centred at `centreLps`. Normals are the normalised
 * gradient of its implicit function (central differences). Sampling follows uniform directions.
 * @param keep - optional filter on the point relative to the centre (e.g. a traced, accessible region)
 */
export function sampleBoneLikeSurface(params: { count: number; seed: number; centreLps?: Vec3; keep?: (offsetMm: Vec3) => boolean }): SampledSurface {
  const { count, seed, keep } = params;
  const centre = params.centreLps ?? [0, 0, 0];
  checkCount(count);
  const random = mulberry32(seed);
  const pointsLps = new Float64Array(count * 3);
  const normals = new Float64Array(count * 3);
  const h = 1e-4;
  for (let i = 0; i < count; ) {
    const u = randomDirection(random);
    const rho = boneRadius(u[0], u[1], u[2]);
    const p: Vec3 = [BONE_SEMI_AXES[0] * rho * u[0], BONE_SEMI_AXES[1] * rho * u[1], BONE_SEMI_AXES[2] * rho * u[2]];
    if (keep && !keep(p)) continue;
    const gx = boneImplicit(p[0] + h, p[1], p[2]) - boneImplicit(p[0] - h, p[1], p[2]);
    const gy = boneImplicit(p[0], p[1] + h, p[2]) - boneImplicit(p[0], p[1] - h, p[2]);
    const gz = boneImplicit(p[0], p[1], p[2] + h) - boneImplicit(p[0], p[1], p[2] - h);
    const gl = unitLength(gx, gy, gz);
    pointsLps.set([p[0] + centre[0], p[1] + centre[1], p[2] + centre[2]], i * 3);
    normals.set([gx / gl, gy / gl, gz / gl], i * 3);
    i++;
  }
  return { pointsLps, normals };
}

/** Surface points of the bone-like shape along given unit directions (scaled frame), e.g. landmarks. */
export function boneLikeSurfacePoint(direction: Vec3, centreLps: Vec3 = [0, 0, 0]): Vec3 {
  const l = unitLength(direction[0], direction[1], direction[2]);
  if (!(l > 0)) throw new JumeauError('BAD_ARGUMENT', 'direction has zero length', { subject: 'direction' });
  const u = [direction[0] / l, direction[1] / l, direction[2] / l];
  const rho = boneRadius(u[0], u[1], u[2]);
  return [centreLps[0] + BONE_SEMI_AXES[0] * rho * u[0], centreLps[1] + BONE_SEMI_AXES[1] * rho * u[1], centreLps[2] + BONE_SEMI_AXES[2] * rho * u[2]];
}
