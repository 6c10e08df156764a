/**
 * Registration error analysis (brief §7.3): the Fitzpatrick–West–Maurer (1998) first-order prediction
 * of the target registration error for isotropic fiducial localisation error, the expected FRE, a
 * seeded Monte-Carlo check of both, and check-point measurements. FRE is *not* an accuracy indicator
 * (it is uncorrelated with TRE): display predicted TRE at the target instead.
 */
import { JumeauError } from '../core/errors';
import type { Vec3 } from '../core/vec3';
import { mulberry32 } from '../samples/random';
import { jacobiEigenSymmetric } from './eigen';
import { registerPairedPoints } from './pairedPoint';
import type { RigidTransform } from './rigidTransform';
import { applyTransform } from './rigidTransform';

function checkVec(p: Vec3, subject: string): void {
  if (!Array.isArray(p) || p.length !== 3 || !p.every((c) => typeof c === 'number' && Number.isFinite(c))) {
    throw new JumeauError('BAD_ARGUMENT', 'point must be three finite numbers (mm)', { subject });
  }
}

function checkFle(fleRmsMm: number): void {
  if (typeof fleRmsMm !== 'number' || !Number.isFinite(fleRmsMm) || fleRmsMm < 0) {
    throw new JumeauError('BAD_ARGUMENT', 'FLE must be a finite RMS value ≥ 0 (mm)', { subject: 'fleRmsMm' });
  }
}

/** Result of {@link predictTreRms}. */
export interface TrePrediction {
  /** Predicted RMS target registration error at the target (mm). */
  treRmsMm: number;
  /** Centroid of the fiducials (mm). */
  centroidLps: Vec3;
  /** f_k: RMS distance of the fiducials from principal axis k (mm), ordered descending. */
  fMm: Vec3;
  /** d_k: distance of the target from principal axis k through the centroid (mm), same order as fMm. */
  dMm: Vec3;
  /** Unit principal axes k (same order as fMm). */
  axesLps: [Vec3, Vec3, Vec3];
}

/**
 * Fitzpatrick–West–Maurer (1998) predicted RMS TRE for isotropic FLE:
 * ⟨TRE²⟩ ≈ ⟨FLE²⟩/N · (1 + ⅓ Σₖ dₖ²/fₖ²).
 * @param params.fiducialsLps - fiducial positions (mm), ≥ 3, not collinear
 * @param params.fleRmsMm - RMS fiducial localisation error, total over the three axes (mm)
 * @param params.targetLps - the target (tumour, cup centre) in the same frame (mm)
 * @throws JumeauError BAD_ARGUMENT (non-finite input), DEGENERATE_FIDUCIALS (< 3 or collinear fiducials)
 */
export function predictTreRms(params: { fiducialsLps: readonly Vec3[]; fleRmsMm: number; targetLps: Vec3 }): TrePrediction {
  const { fiducialsLps, fleRmsMm, targetLps } = params;
  if (!Array.isArray(fiducialsLps)) throw new JumeauError('BAD_ARGUMENT', 'expected an array of points', { subject: 'fiducialsLps' });
  fiducialsLps.forEach((p, i) => checkVec(p, `fiducialsLps[${i}]`));
  checkVec(targetLps, 'targetLps');
  checkFle(fleRmsMm);
  const n = fiducialsLps.length;
  if (n < 3) throw new JumeauError('DEGENERATE_FIDUCIALS', `need at least 3 fiducials, got ${n}`, { subject: 'fiducialsLps' });
  const c: Vec3 = [0, 0, 0];
  for (const p of fiducialsLps) for (let k = 0; k < 3; k++) c[k] += p[k] / n;
  const scatter = new Float64Array(9);
  let sumSq = 0;
  for (const p of fiducialsLps) {
    const d = [p[0] - c[0], p[1] - c[1], p[2] - c[2]];
    sumSq += d[0] * d[0] + d[1] * d[1] + d[2] * d[2];
    for (let r = 0; r < 3; r++) for (let k = 0; k < 3; k++) scatter[r * 3 + k] += d[r] * d[k];
  }
  const e = jacobiEigenSymmetric(scatter, 3);
  // Mean squared distance from axis k = (Σ|p̃|² − λₖ)/N; the smallest-variance axis has the largest f.
  const axes = [2, 1, 0].map((k) => [e.vectors[k], e.vectors[3 + k], e.vectors[6 + k]] as Vec3);
  const f2 = [2, 1, 0].map((k) => Math.max(0, (sumSq - e.values[k]) / n));
  if (!(f2[2] > 1e-12 * Math.max(f2[0], 1e-300)) || !(e.values[1] > 1e-12 * e.values[0])) {
    throw new JumeauError('DEGENERATE_FIDUCIALS', 'fiducials are collinear or coincident: TRE is unbounded about their line', { subject: 'fiducialsLps' });
  }
  const r = [targetLps[0] - c[0], targetLps[1] - c[1], targetLps[2] - c[2]];
  const r2 = r[0] * r[0] + r[1] * r[1] + r[2] * r[2];
  const d2 = axes.map((a) => {
    const along = r[0] * a[0] + r[1] * a[1] + r[2] * a[2];
    return Math.max(0, r2 - along * along);
  });
  const ratio = (d2[0] / f2[0] + d2[1] / f2[1] + d2[2] / f2[2]) / 3;
  return {
    treRmsMm: Math.sqrt(((fleRmsMm * fleRmsMm) / n) * (1 + ratio)),
    centroidLps: c,
    fMm: [Math.sqrt(f2[0]), Math.sqrt(f2[1]), Math.sqrt(f2[2])],
    dMm: [Math.sqrt(d2[0]), Math.sqrt(d2[1]), Math.sqrt(d2[2])],
    axesLps: axes as [Vec3, Vec3, Vec3],
  };
}

/**
 * Expected RMS fiducial registration error for N fiducials with isotropic FLE: √(1 − 2/N)·FLE (mm).
 * @throws JumeauError DEGENERATE_FIDUCIALS for N < 3, BAD_ARGUMENT for a bad count or FLE
 */
export function predictFreRms(params: { fiducialCount: number; fleRmsMm: number }): number {
  const { fiducialCount: n, fleRmsMm } = params;
  checkFle(fleRmsMm);
  if (!Number.isInteger(n)) throw new JumeauError('BAD_ARGUMENT', 'fiducial count must be an integer', { subject: 'fiducialCount' });
  if (n < 3) throw new JumeauError('DEGENERATE_FIDUCIALS', `need at least 3 fiducials, got ${n}`, { subject: 'fiducialCount' });
  return Math.sqrt(1 - 2 / n) * fleRmsMm;
}

/**
 * Monte-Carlo TRE/FRE: each trial perturbs every fiducial by isotropic Gaussian noise (σ = FLE/√3 per
 * axis, so the 3-D RMS is FLE), registers the noisy fiducials onto the true ones (Kabsch) and measures
 * |T(r) − r| at each target. Deterministic for a given seed (mulberry32 + Box–Muller).
 * @returns RMS TRE per target (mm, input order) and RMS FRE over all trials (mm)
 * @throws JumeauError BAD_ARGUMENT (trials not a positive integer, bad points), DEGENERATE_FIDUCIALS
 */
export function monteCarloTre(params: {
  fiducialsLps: readonly Vec3[];
  fleRmsMm: number;
  targetsLps: readonly Vec3[];
  trials: number;
  seed: number;
}): { treRmsMm: number[]; freRmsMm: number } {
  const { fiducialsLps, fleRmsMm, targetsLps, trials, seed } = params;
  checkFle(fleRmsMm);
  if (!Number.isInteger(trials) || trials < 1) throw new JumeauError('BAD_ARGUMENT', 'trials must be a positive integer', { subject: 'trials' });
  if (!Number.isFinite(seed)) throw new JumeauError('BAD_ARGUMENT', 'seed must be a finite number', { subject: 'seed' });
  if (!Array.isArray(targetsLps)) throw new JumeauError('BAD_ARGUMENT', 'expected an array of points', { subject: 'targetsLps' });
  targetsLps.forEach((p, i) => checkVec(p, `targetsLps[${i}]`));
  registerPairedPoints({ sourceLps: fiducialsLps, targetLps: fiducialsLps }); // validates the configuration
  const random = mulberry32(seed);
  const sigma = fleRmsMm / Math.sqrt(3);
  let spare = NaN;
  const gauss = (): number => {
    if (!Number.isNaN(spare)) {
      const s = spare;
      spare = NaN;
      return s;
    }
    const radius = sigma * Math.sqrt(-2 * Math.log(1 - random()));
    const angle = 2 * Math.PI * random();
    spare = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  };
  const treSq = new Float64Array(targetsLps.length);
  let freSq = 0;
  for (let trial = 0; trial < trials; trial++) {
    const noisy = fiducialsLps.map((p) => [p[0] + gauss(), p[1] + gauss(), p[2] + gauss()] as Vec3);
    const reg = registerPairedPoints({ sourceLps: noisy, targetLps: fiducialsLps });
    freSq += reg.freMm * reg.freMm;
    targetsLps.forEach((r, k) => {
      const m = applyTransform(reg.targetFromSource, r);
      treSq[k] += (m[0] - r[0]) ** 2 + (m[1] - r[1]) ** 2 + (m[2] - r[2]) ** 2;
    });
  }
  return { treRmsMm: Array.from(treSq, (s) => Math.sqrt(s / trials)), freRmsMm: Math.sqrt(freSq / trials) };
}

/** Distance (mm) between where a check point was touched and where the registration puts it (same frame). */
export function checkPointErrorMm(params: { touchedLps: Vec3; plannedLps: Vec3 }): number {
  checkVec(params.touchedLps, 'touchedLps');
  checkVec(params.plannedLps, 'plannedLps');
  const { touchedLps: a, plannedLps: b } = params;
  return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}

/** A check-point measurement: a landmark *not* used for the registration, touched after it. */
export interface CheckPointMeasurement {
  /** The planned (source/CT) point mapped into the target frame by the registration (mm). */
  mappedPlannedLps: Vec3;
  /** touched − mapped planned, in the target frame (mm): which way the overlay is off. */
  offsetMm: Vec3;
  /** |offset| (mm): an independent, honest estimate of TRE near that point (unlike FRE). */
  errorMm: number;
}

/**
 * Measures registration error at a check point: maps the planned source point with `targetFromSource`
 * and compares it with where the tracked tool touched it (target frame).
 */
export function measureCheckPoint(params: { targetFromSource: RigidTransform; plannedSourceLps: Vec3; touchedTargetLps: Vec3 }): CheckPointMeasurement {
  checkVec(params.plannedSourceLps, 'plannedSourceLps');
  checkVec(params.touchedTargetLps, 'touchedTargetLps');
  const mapped = applyTransform(params.targetFromSource, params.plannedSourceLps);
  const t = params.touchedTargetLps;
  const offsetMm: Vec3 = [t[0] - mapped[0], t[1] - mapped[1], t[2] - mapped[2]];
  return { mappedPlannedLps: mapped, offsetMm, errorMm: Math.hypot(offsetMm[0], offsetMm[1], offsetMm[2]) };
}
