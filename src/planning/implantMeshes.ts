/**
 * Implant geometry generated from catalogue parameters, each as a closed, outward-wound
 * {@link TriangleMesh} in the implant's own frame (mm). Frames:
 * - cup: centre of rotation at the origin, axis +z out of the opening, dome toward −z;
 * - head: centre at the origin;
 * - stem: stem axis +z (proximal), the body from z = 0 (shoulder) to z = −length; the neck rises in
 *   the +x (medial) half-plane at the neck–shaft angle from z = 0; the head centre (neck length 0) is
 *   at `stemHeadCentreMm`;
 * - knee components: +z proximal (femoral) / the plateau normal (tibial), x medio-lateral, y antero-posterior.
 * Stems and femoral knee components are unions of overlapping closed shells (each closed and oriented),
 * schematic shapes for display and collision, not a boolean union.
 */
import type { Vec3 } from '../core/vec3';
import type { TriangleMesh } from '../meshing/types';
import type { CupFamily, CupSize, FemoralComponentSize, StemFamily, StemSize, TibialComponentFamily, TibialComponentSize } from './implants';
import { degToRad } from './validate';

/** Mesh builder: positions (Float64 while building) and triangles. */
class Builder {
  readonly p: number[] = [];
  readonly t: number[] = [];
  vertex(v: Vec3): number {
    this.p.push(v[0], v[1], v[2]);
    return this.p.length / 3 - 1;
  }
  tri(a: number, b: number, c: number): void {
    this.t.push(a, b, c);
  }
  /** Quad a-b-c-d (counter-clockwise seen from outside). */
  quad(a: number, b: number, c: number, d: number): void {
    this.tri(a, b, c);
    this.tri(a, c, d);
  }
  mesh(): TriangleMesh {
    return { positionsLps: Float32Array.from(this.p), indices: Uint32Array.from(this.t) };
  }
}

/** A closed UV sphere of `radiusMm` centred at `centreMm` (poles on ±z). */
export function sphereMesh(radiusMm: number, centreMm: Vec3 = [0, 0, 0], segments = 32, rings = 16): TriangleMesh {
  const b = new Builder();
  const at = (theta: number, phi: number): Vec3 => [
    centreMm[0] + radiusMm * Math.sin(theta) * Math.cos(phi),
    centreMm[1] + radiusMm * Math.sin(theta) * Math.sin(phi),
    centreMm[2] + radiusMm * Math.cos(theta),
  ];
  const top = b.vertex([centreMm[0], centreMm[1], centreMm[2] + radiusMm]);
  const ring: number[][] = [];
  for (let r = 1; r < rings; r++) ring.push(Array.from({ length: segments }, (_, s) => b.vertex(at((Math.PI * r) / rings, (2 * Math.PI * s) / segments))));
  const bottom = b.vertex([centreMm[0], centreMm[1], centreMm[2] - radiusMm]);
  for (let s = 0; s < segments; s++) {
    const s1 = (s + 1) % segments;
    b.tri(top, ring[0][s], ring[0][s1]);
    for (let r = 0; r + 1 < ring.length; r++) b.quad(ring[r][s], ring[r + 1][s], ring[r + 1][s1], ring[r][s1]);
    b.tri(bottom, ring[ring.length - 1][s1], ring[ring.length - 1][s]);
  }
  return b.mesh();
}

/**
 * Hemispherical shell (cup): outer radius `outerMm`, inner `innerMm`, rim annulus in the plane z = 0,
 * dome toward −z. Closed, one shell; volume 2/3·π·(R³ − r³).
 */
export function hemisphereShellMesh(outerMm: number, innerMm: number, segments = 48, rings = 12): TriangleMesh {
  const b = new Builder();
  // Rings from the rim (theta = 90°) to near the pole (theta → 180°), for each surface.
  const surface = (radius: number) => {
    const rows: number[][] = [];
    for (let r = 0; r < rings; r++) {
      const theta = Math.PI / 2 + ((Math.PI / 2) * r) / rings;
      rows.push(Array.from({ length: segments }, (_, s) => {
        const phi = (2 * Math.PI * s) / segments;
        return b.vertex([radius * Math.sin(theta) * Math.cos(phi), radius * Math.sin(theta) * Math.sin(phi), radius * Math.cos(theta)]);
      }));
    }
    return { rows, pole: b.vertex([0, 0, -radius]) };
  };
  const outer = surface(outerMm);
  const inner = surface(innerMm);
  for (let s = 0; s < segments; s++) {
    const s1 = (s + 1) % segments;
    for (let r = 0; r + 1 < rings; r++) {
      b.quad(outer.rows[r][s], outer.rows[r + 1][s], outer.rows[r + 1][s1], outer.rows[r][s1]);
      b.quad(inner.rows[r][s], inner.rows[r][s1], inner.rows[r + 1][s1], inner.rows[r + 1][s]);
    }
    b.tri(outer.pole, outer.rows[rings - 1][s1], outer.rows[rings - 1][s]);
    b.tri(inner.pole, inner.rows[rings - 1][s], inner.rows[rings - 1][s1]);
    // Rim annulus at z = 0, facing +z.
    b.quad(outer.rows[0][s], outer.rows[0][s1], inner.rows[0][s1], inner.rows[0][s]);
  }
  return b.mesh();
}

/**
 * Closed frustum (truncated cone) from `fromMm` (radius `r0`) to `toMm` (radius `r1`), with caps.
 */
export function frustumMesh(fromMm: Vec3, toMm: Vec3, r0: number, r1: number, segments = 32): TriangleMesh {
  const d: Vec3 = [toMm[0] - fromMm[0], toMm[1] - fromMm[1], toMm[2] - fromMm[2]];
  const len = Math.hypot(d[0], d[1], d[2]);
  const w: Vec3 = [d[0] / len, d[1] / len, d[2] / len];
  const helper: Vec3 = Math.abs(w[0]) < 0.9 ? [1, 0, 0] : [0, 1, 0];
  const u0: Vec3 = [w[1] * helper[2] - w[2] * helper[1], w[2] * helper[0] - w[0] * helper[2], w[0] * helper[1] - w[1] * helper[0]];
  const un = Math.hypot(u0[0], u0[1], u0[2]);
  const u: Vec3 = [u0[0] / un, u0[1] / un, u0[2] / un];
  const v: Vec3 = [w[1] * u[2] - w[2] * u[1], w[2] * u[0] - w[0] * u[2], w[0] * u[1] - w[1] * u[0]];
  const b = new Builder();
  const ringAt = (c: Vec3, r: number) => Array.from({ length: segments }, (_, s) => {
    const a = (2 * Math.PI * s) / segments;
    const ca = Math.cos(a) * r, sa = Math.sin(a) * r;
    return b.vertex([c[0] + ca * u[0] + sa * v[0], c[1] + ca * u[1] + sa * v[1], c[2] + ca * u[2] + sa * v[2]]);
  });
  const ring0 = ringAt(fromMm, r0);
  const ring1 = ringAt(toMm, r1);
  const c0 = b.vertex(fromMm);
  const c1 = b.vertex(toMm);
  for (let s = 0; s < segments; s++) {
    const s1 = (s + 1) % segments;
    b.quad(ring0[s], ring0[s1], ring1[s1], ring1[s]);
    b.tri(c0, ring0[s1], ring0[s]);
    b.tri(c1, ring1[s], ring1[s1]);
  }
  return b.mesh();
}

/** Closed axis-aligned box from `minMm` to `maxMm`. */
export function boxMesh(minMm: Vec3, maxMm: Vec3): TriangleMesh {
  const b = new Builder();
  const c = [0, 1, 2, 3, 4, 5, 6, 7].map((n) => b.vertex([n & 1 ? maxMm[0] : minMm[0], n & 2 ? maxMm[1] : minMm[1], n & 4 ? maxMm[2] : minMm[2]]));
  b.quad(c[0], c[2], c[3], c[1]); // −z
  b.quad(c[4], c[5], c[7], c[6]); // +z
  b.quad(c[0], c[1], c[5], c[4]); // −y
  b.quad(c[2], c[6], c[7], c[3]); // +y
  b.quad(c[0], c[4], c[6], c[2]); // −x
  b.quad(c[1], c[3], c[7], c[5]); // +x
  return b.mesh();
}

/** Concatenates closed shells into one mesh (several shells; each stays closed). */
export function mergeMeshes(meshes: TriangleMesh[]): TriangleMesh {
  const nv = meshes.reduce((s, m) => s + m.positionsLps.length, 0);
  const nt = meshes.reduce((s, m) => s + m.indices.length, 0);
  const positionsLps = new Float32Array(nv);
  const indices = new Uint32Array(nt);
  let pv = 0, pt = 0;
  for (const m of meshes) {
    positionsLps.set(m.positionsLps, pv);
    for (let q = 0; q < m.indices.length; q++) indices[pt + q] = m.indices[q] + pv / 3;
    pv += m.positionsLps.length;
    pt += m.indices.length;
  }
  return { positionsLps, indices };
}

/** Cup shell of one size (outer diameter, shell thickness from the family). */
export function cupMesh(family: CupFamily, size: CupSize): TriangleMesh {
  return hemisphereShellMesh(size.outerDiameterMm / 2, size.outerDiameterMm / 2 - family.shellThicknessMm);
}

/** Femoral head of diameter `diameterMm`, centred at the origin. */
export function headMesh(diameterMm: number): TriangleMesh {
  return sphereMesh(diameterMm / 2);
}

/** Head centre of a stem in its frame (neck length 0 plus `neckLengthMm` along the neck), mm. */
export function stemHeadCentreMm(offsetMm: number, neckShaftAngleDeg: number, neckLengthMm = 0): Vec3 {
  const a = degToRad(180 - neckShaftAngleDeg); // neck axis from the proximal shaft axis
  const length = offsetMm / Math.sin(a) + neckLengthMm;
  return [length * Math.sin(a), 0, length * Math.cos(a)];
}

/** Tapered stem (frustum body) with a cylindrical neck to the head centre of `offsetMm`. */
export function stemMesh(family: StemFamily, size: StemSize, neckShaftAngleDeg: number, offsetMm: number): TriangleMesh {
  const body = frustumMesh([0, 0, 0], [0, 0, -size.lengthMm], size.proximalWidthMm / 2, size.distalDiameterMm / 2);
  const neck = frustumMesh([0, 0, -5], stemHeadCentreMm(offsetMm, neckShaftAngleDeg), family.neckDiameterMm / 2, family.neckDiameterMm / 2);
  return mergeMeshes([body, neck]);
}

/** Femoral knee component: anterior flange, distal and posterior slabs (x = ML, y = AP with +y posterior, z proximal). */
export function femoralComponentMesh(size: FemoralComponentSize): TriangleMesh {
  const w = size.mlWidthMm / 2, ap = size.apDepthMm / 2, td = size.distalThicknessMm, tp = size.posteriorThicknessMm;
  return mergeMeshes([
    boxMesh([-w, -ap, 0], [w, ap, td]), // distal
    boxMesh([-w, -ap, 0], [w, -ap + 6, 40]), // anterior flange
    boxMesh([-w, ap - tp, 0], [w, ap, 35]), // posterior condyles
  ]);
}

/** Tibial component: elliptic plate of ML × AP, baseplate + insert thick, bottom at z = 0. */
export function tibialComponentMesh(_family: TibialComponentFamily, size: TibialComponentSize, insertThicknessMm: number, segments = 48): TriangleMesh {
  const b = new Builder();
  const h = size.baseplateThicknessMm + insertThicknessMm;
  const ringAt = (z: number) => Array.from({ length: segments }, (_, s) => {
    const a = (2 * Math.PI * s) / segments;
    return b.vertex([(size.mlWidthMm / 2) * Math.cos(a), (size.apDepthMm / 2) * Math.sin(a), z]);
  });
  const lo = ringAt(0), hi = ringAt(h);
  const c0 = b.vertex([0, 0, 0]), c1 = b.vertex([0, 0, h]);
  for (let s = 0; s < segments; s++) {
    const s1 = (s + 1) % segments;
    b.quad(lo[s], lo[s1], hi[s1], hi[s]);
    b.tri(c0, lo[s1], lo[s]);
    b.tri(c1, hi[s], hi[s1]);
  }
  return b.mesh();
}
