/**
 * Mesh smoothing on the uniform (umbrella) Laplacian L(x)ᵢ = mean of i's 1-ring − xᵢ.
 *
 * - {@link smoothWindowedSinc}: Taubin–Zhang–Golub windowed-sinc low-pass filter, the algorithm of
 *   VTK's vtkWindowedSincPolyDataFilter (Chebyshev recursion, Nuttall or Hamming window, Newton search of the
 *   pass-band offset σ). Defaults mirror 3D Slicer's closed-surface conversion: 20 iterations,
 *   passBand = 10^(−4·smoothingFactor), NormalizeCoordinates on (here: centred on the bounding box;
 *   scaling is a no-op in Float64), boundary and feature smoothing off, non-manifold smoothing on.
 * - {@link smoothTaubin}: λ|μ steps (Taubin 1995), volume-preserving to first order.
 * - {@link smoothLaplacian}: plain Laplacian steps; shrinks (brief MESH-04) — for comparison only.
 * Topology is never changed; positions are computed in Float64 and stored as Float32.
 */
import { JumeauError } from '../core/errors';
import { outgoingEdges, vertexNeighbours } from './adjacency';
import type { Csr } from './adjacency';
import type { TriangleMesh } from './types';

/** Options of {@link smoothWindowedSinc}. */
export interface WindowedSincOptions {
  /** Chebyshev order = number of Laplacian applications (Slicer and VTK: 20). */
  iterations?: number;
  /** Pass band k_pb in (0, 2]: smaller smooths more (VTK default 0.1; Slicer 10^(−4·factor), 0.01 at its default factor 0.5). */
  passBand?: number;
  /**
   * Window of the sinc: 'nuttall' (default; VTK ≥ 9.2 changed its default to Nuttall because the
   * classic Hamming window rescales the output by up to ~1 %) or 'hamming' (classic VTK/Slicer ≤ 4.11).
   */
  window?: SincWindow;
  /** Boundary vertices of an open mesh: fixed (Slicer's BoundarySmoothingOff, default) or smoothed like the others. */
  boundary?: 'fixed' | 'smooth';
}

/** Window functions of the windowed-sinc filter. */
export type SincWindow = 'nuttall' | 'hamming';

/** Slicer's mapping from its 0–1 "smoothing factor" to the windowed-sinc pass band: 10^(−4·factor). */
export function passBandFromSmoothingFactor(factor: number): number {
  return 10 ** (-4 * factor);
}

function checkMesh(mesh: TriangleMesh): void {
  if (mesh.indices.length === 0 || mesh.positionsLps.length === 0) {
    throw new JumeauError('BAD_ARGUMENT', 'cannot smooth an empty mesh');
  }
}

/** Smoothing neighbourhoods: unique 1-ring per vertex and the open-boundary vertices (0/1). */
interface Rings {
  nb: Csr;
  boundary: Uint8Array;
}

/**
 * On a closed, consistently oriented, edge-manifold surface (every marching-cubes output) the
 * outgoing edges of a vertex are exactly its 1-ring, each once: that CSR is used as is. Anything
 * else (open or non-manifold input) falls back to the deduplicated undirected neighbourhood.
 */
function buildRings(mesh: TriangleMesh): Rings {
  const nv = mesh.positionsLps.length / 3;
  const out = outgoingEdges(mesh.indices, nv);
  const boundary = new Uint8Array(nv);
  let regular = true;
  for (let a = 0; a < nv; a++) {
    const s = out.start[a];
    const e = out.start[a + 1];
    for (let q = s; q < e; q++) {
      const b = out.items[q];
      let back = 0;
      for (let r = out.start[b]; r < out.start[b + 1]; r++) if (out.items[r] === a) back++;
      if (back === 0) boundary[a] = boundary[b] = 1;
      if (back !== 1) regular = false;
      for (let r = s; r < q; r++) if (out.items[r] === b) regular = false;
    }
  }
  return { nb: regular ? out : vertexNeighbours(mesh.indices, nv), boundary };
}

/** out = x + s · L(x) for movable vertices (fixed ones copy x). */
function laplacianStep(nb: Csr, fixed: Uint8Array | null, x: Float64Array, s: number, out: Float64Array): void {
  const { start, items } = nb;
  const nv = x.length / 3;
  for (let v = 0; v < nv; v++) {
    const b = start[v];
    const e = start[v + 1];
    const px = x[3 * v], py = x[3 * v + 1], pz = x[3 * v + 2];
    if (e === b || (fixed !== null && fixed[v])) {
      out[3 * v] = px;
      out[3 * v + 1] = py;
      out[3 * v + 2] = pz;
      continue;
    }
    let sx = 0, sy = 0, sz = 0;
    for (let q = b; q < e; q++) {
      const w = 3 * items[q];
      sx += x[w];
      sy += x[w + 1];
      sz += x[w + 2];
    }
    const inv = 1 / (e - b);
    out[3 * v] = px + s * (sx * inv - px);
    out[3 * v + 1] = py + s * (sy * inv - py);
    out[3 * v + 2] = pz + s * (sz * inv - pz);
  }
}

/**
 * One fused windowed-sinc iteration: x2 = 2·(x1 + ½·L(x1)) − x0 and x3 += cᵢ·x2 (a single pass
 * over memory instead of three).
 */
function chebyshevStep(nb: Csr, x0: Float64Array, x1: Float64Array, x2: Float64Array, x3: Float64Array, ci: number): void {
  const { start, items } = nb;
  const nv = x1.length / 3;
  for (let v = 0; v < nv; v++) {
    const b = start[v];
    const e = start[v + 1];
    const o = 3 * v;
    const px = x1[o], py = x1[o + 1], pz = x1[o + 2];
    let sx = 0, sy = 0, sz = 0;
    for (let q = b; q < e; q++) {
      const w = 3 * items[q];
      sx += x1[w];
      sy += x1[w + 1];
      sz += x1[w + 2];
    }
    const h = e > b ? 0.5 / (e - b) : 0;
    const k = e > b ? 0.5 : 1;
    // x1 + ½(mean − x1) = ½x1 + ½mean  (a vertex without neighbours keeps x1)
    const nx = 2 * (k * px + h * sx) - x0[o];
    const ny = 2 * (k * py + h * sy) - x0[o + 1];
    const nz = 2 * (k * pz + h * sz) - x0[o + 2];
    x2[o] = nx;
    x2[o + 1] = ny;
    x2[o + 2] = nz;
    x3[o] += ci * nx;
    x3[o + 1] += ci * ny;
    x3[o + 2] += ci * nz;
  }
}

/**
 * Chebyshev coefficients cᵢ (i = 0…N) of the windowed sinc filter f(k) = Σ cᵢ Tᵢ(1 − k/2), with the
 * pass-band offset σ found by Newton's method so that f(k_pb) = 1 (VTK's procedure). The window is
 * the right half of a symmetric window centred on i = 0: w(i) = Σ a_m cos(m·x), x = iπ/(N + 1).
 */
export function windowedSincCoefficients(iterations: number, passBand: number, window: SincWindow = 'nuttall'): Float64Array {
  const n = iterations;
  const thetaPb = Math.acos(1 - 0.5 * passBand);
  const w = new Float64Array(n + 1);
  for (let i = 0; i <= n; i++) {
    const x = (i * Math.PI) / (n + 1);
    w[i] = window === 'hamming' ? 0.54 + 0.46 * Math.cos(x) : 0.355768 + 0.487396 * Math.cos(x) + 0.144232 * Math.cos(2 * x) + 0.012604 * Math.cos(3 * x);
  }
  const c = new Float64Array(n + 1);
  const cp = new Float64Array(n + 2);
  let sigma = 0;
  for (let it = 0; it < 500; it++) {
    c[0] = (w[0] * (thetaPb + sigma)) / Math.PI;
    for (let i = 1; i <= n; i++) c[i] = (2 * w[i] * Math.sin(i * (thetaPb + sigma))) / (i * Math.PI);
    if (n < 2) break; // order 1: no σ search possible (VTK does the same)
    // Derivative coefficients (VTK's recursion) and f, f' at k_pb.
    cp.fill(0);
    cp[n - 2] = 2 * (n - 1) * c[n - 1];
    for (let i = n - 3; i >= 0; i--) cp[i] = cp[i + 2] + 2 * (i + 1) * c[i + 1];
    let f = c[0];
    let fp = cp[0];
    for (let i = 1; i <= n; i++) {
      const t = Math.cos(i * thetaPb);
      f += c[i] * t;
      fp += cp[i] * t;
    }
    if (Math.abs(f - 1) < 1e-3) break;
    sigma -= (f - 1) / fp;
  }
  return c;
}

/**
 * Windowed-sinc smoothing (volume-preserving low-pass filter). Returns a new mesh with the same
 * indices; normals are dropped (recompute them after smoothing).
 * @throws JumeauError BAD_ARGUMENT for an empty mesh or parameters out of range
 */
export function smoothWindowedSinc(mesh: TriangleMesh, options: WindowedSincOptions = {}): TriangleMesh {
  checkMesh(mesh);
  const n = options.iterations ?? 20;
  const kpb = options.passBand ?? passBandFromSmoothingFactor(0.5);
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new JumeauError('BAD_ARGUMENT', `windowed sinc: iterations ${n} must be an integer in 1…1000`);
  if (!(kpb > 0 && kpb <= 2)) throw new JumeauError('BAD_ARGUMENT', `windowed sinc: pass band ${kpb} must be in (0, 2]`);
  const c = windowedSincCoefficients(n, kpb, options.window ?? 'nuttall');
  const nv = mesh.positionsLps.length / 3;
  const { nb, boundary } = buildRings(mesh);
  const fixBoundary = (options.boundary ?? 'fixed') === 'fixed';

  // Centre on the bounding box (VTK's NormalizeCoordinates): the filter's DC gain Σcᵢ is not exactly 1.
  const src = mesh.positionsLps;
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  for (let q = 0; q < src.length; q += 3) {
    for (let a = 0; a < 3; a++) {
      const x = src[q + a];
      if (x < lo[a]) lo[a] = x;
      if (x > hi[a]) hi[a] = x;
    }
  }
  const cx = (lo[0] + hi[0]) / 2, cy = (lo[1] + hi[1]) / 2, cz = (lo[2] + hi[2]) / 2;
  let x0 = new Float64Array(src.length);
  for (let q = 0; q < src.length; q += 3) {
    x0[q] = src[q] - cx;
    x0[q + 1] = src[q + 1] - cy;
    x0[q + 2] = src[q + 2] - cz;
  }

  // Chebyshev recursion on y = 1 − K/2 (K = −L): x1 = y·x0, x_{i+1} = 2·y·x_i − x_{i−1}; result Σ cᵢ xᵢ.
  let x1 = new Float64Array(src.length);
  let x2 = new Float64Array(src.length);
  const x3 = new Float64Array(src.length);
  laplacianStep(nb, null, x0, 0.5, x1);
  for (let q = 0; q < x3.length; q++) x3[q] = c[0] * x0[q] + c[1] * x1[q];
  for (let i = 2; i <= n; i++) {
    chebyshevStep(nb, x0, x1, x2, x3, c[i]);
    const t = x0;
    x0 = x1;
    x1 = x2;
    x2 = t;
  }
  const out = new Float32Array(src.length);
  for (let v = 0; v < nv; v++) {
    const q = 3 * v;
    if (fixBoundary && boundary[v]) {
      out[q] = src[q];
      out[q + 1] = src[q + 1];
      out[q + 2] = src[q + 2];
    } else {
      out[q] = x3[q] + cx;
      out[q + 1] = x3[q + 1] + cy;
      out[q + 2] = x3[q + 2] + cz;
    }
  }
  return { positionsLps: out, indices: mesh.indices };
}

/** Options of {@link smoothTaubin}. */
export interface TaubinOptions {
  /** Positive step (default 0.33). */
  lambda?: number;
  /** Negative step, |μ| > λ (default −0.34; pass band 1/λ + 1/μ ≈ 0.09). */
  mu?: number;
  /** Number of λ|μ pairs (default 50). */
  iterations?: number;
}

/** Taubin λ|μ smoothing: each iteration is a λ step then a μ step (uniform weights). */
export function smoothTaubin(mesh: TriangleMesh, options: TaubinOptions = {}): TriangleMesh {
  checkMesh(mesh);
  const lambda = options.lambda ?? 0.33;
  const mu = options.mu ?? -0.34;
  const n = options.iterations ?? 50;
  if (!(lambda > 0 && mu < -lambda)) throw new JumeauError('BAD_ARGUMENT', `Taubin: need λ > 0 and μ < −λ (got λ ${lambda}, μ ${mu})`);
  return runSteps(mesh, n, [lambda, mu]);
}

/** Plain Laplacian smoothing x ← x + λ·L(x), `iterations` times. Shrinks the surface (MESH-04). */
export function smoothLaplacian(mesh: TriangleMesh, options: { lambda?: number; iterations?: number } = {}): TriangleMesh {
  checkMesh(mesh);
  return runSteps(mesh, options.iterations ?? 50, [options.lambda ?? 0.5]);
}

function runSteps(mesh: TriangleMesh, iterations: number, steps: number[]): TriangleMesh {
  if (!Number.isInteger(iterations) || iterations < 0) throw new JumeauError('BAD_ARGUMENT', `iterations ${iterations} must be a non-negative integer`);
  const { nb, boundary } = buildRings(mesh);
  const fixed = boundary;
  let x = Float64Array.from(mesh.positionsLps);
  let y = new Float64Array(x.length);
  for (let it = 0; it < iterations; it++) {
    for (const s of steps) {
      laplacianStep(nb, fixed, x, s, y);
      const t = x;
      x = y;
      y = t;
    }
  }
  return { positionsLps: Float32Array.from(x), indices: mesh.indices };
}
