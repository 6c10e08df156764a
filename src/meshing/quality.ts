/**
 * Mesh quality checks required before STL export, FE or collision (brief §2.4, items 1–5):
 * closed 2-manifold, consistent orientation, no degenerate triangles, no duplicate vertices, Euler
 * characteristic per shell, signed volume (mm³ and mL) and area, and the mesh-vs-voxel volume error.
 * Self-intersection (item 6) is not tested here.
 */
import { outgoingEdges, vertexTriangles } from './adjacency';
import { ML_PER_MM3, signedVolumeMm3, surfaceAreaMm2 } from './meshMath';
import type { TriangleMesh } from './types';
import { weldExact } from './weld';

/** Area below which a triangle counts as degenerate, mm² (brief §2.4). */
export const DEGENERATE_AREA_MM2 = 1e-12;

/** One connected component of the surface. */
export interface ShellReport {
  /** Triangles in the shell. */
  triangleCount: number;
  /** χ = V − E + F of the shell (2 for a sphere-like shell, 0 for a torus). */
  eulerCharacteristic: number;
  /** Signed volume of the shell, mm³ (negative for an inner cavity wall). */
  volumeMm3: number;
}

/** What {@link checkMeshQuality} finds. Counts are exact; volumes and areas are Float64 sums. */
export interface MeshQualityReport {
  vertexCount: number;
  triangleCount: number;
  /** Distinct undirected edges. */
  edgeCount: number;
  /** Edges used by one triangle (holes). */
  boundaryEdgeCount: number;
  /** Edges used by more than two triangles. */
  nonManifoldEdgeCount: number;
  /** Edges whose two triangles traverse them in the same direction (flipped neighbour), or directed edges used twice. */
  misorientedEdgeCount: number;
  /** Vertices whose triangles form more than one fan (a "bow tie"). */
  nonManifoldVertexCount: number;
  /** Triangles with area < 1e-12 mm² or a repeated vertex index. */
  degenerateTriangleCount: number;
  /** Vertices at bit-identical Float32 positions as an earlier vertex (float32 resolution near 100 mm is 7.6e-6 mm, coarser than the 1e-6 mm welding tolerance). */
  duplicateVertexCount: number;
  /** Vertices used by no triangle. */
  unusedVertexCount: number;
  /** Every edge shared by exactly two triangles. */
  closed: boolean;
  /** No edge with more than two triangles and no bow-tie vertex. */
  manifold: boolean;
  /** Every directed edge appears once and its reverse once. */
  consistentlyOriented: boolean;
  /** χ = V − E + F over the whole mesh (used vertices only). */
  eulerCharacteristic: number;
  /** Connected components, largest first (at most 64 listed; `shellCount` has them all). */
  shells: ShellReport[];
  shellCount: number;
  /** Signed volume, mm³ (positive for outward winding). */
  volumeMm3: number;
  /** Same in millilitres. */
  volumeMl: number;
  /** Surface area, mm². */
  areaMm2: number;
  /** Reference voxel volume N·sx·sy·sz, mm³, when given. */
  voxelVolumeMm3?: number;
  /** 100 · (mesh − voxel) / voxel, when a voxel volume was given. */
  volumeErrorPercent?: number;
  /** Closed, manifold, consistently oriented, no degenerate triangle, positive volume. */
  passed: boolean;
}

/** Union–find root with path halving. */
function root(parent: Int32Array, v: number): number {
  while (parent[v] !== v) {
    parent[v] = parent[parent[v]];
    v = parent[v];
  }
  return v;
}

/**
 * Checks a mesh and measures it.
 * @param voxelVolumeMm3 - optional reference (voxel count × voxel volume, mm³) for the volume error
 */
export function checkMeshQuality(mesh: TriangleMesh, voxelVolumeMm3?: number): MeshQualityReport {
  const ix = mesh.indices;
  const p = mesh.positionsLps;
  const nv = p.length / 3;
  const nt = ix.length / 3;
  const out = outgoingEdges(ix, nv);
  let edges = 0, boundary = 0, nonManifold = 0, misoriented = 0;
  const edgeOwner = new Int32Array(ix.length); // one endpoint of each distinct edge, for per-shell counts
  const parent = new Int32Array(nv);
  for (let v = 0; v < nv; v++) parent[v] = v;
  for (let a = 0; a < nv; a++) {
    const s = out.start[a];
    const e = out.start[a + 1];
    for (let q = s; q < e; q++) {
      const b = out.items[q];
      let seenBefore = false;
      for (let r = s; r < q; r++) if (out.items[r] === b) seenBefore = true;
      if (seenBefore) continue;
      let forward = 0;
      for (let r = q; r < e; r++) if (out.items[r] === b) forward++;
      let backward = 0;
      for (let r = out.start[b]; r < out.start[b + 1]; r++) if (out.items[r] === a) backward++;
      if (backward > 0 && b < a) continue; // counted from b's side
      edgeOwner[edges++] = a;
      const uses = forward + backward;
      if (uses === 1) boundary++;
      else if (uses > 2) nonManifold++;
      if (forward > 1 || backward > 1) misoriented++;
      const ra = root(parent, a);
      const rb = root(parent, b);
      if (ra !== rb) parent[ra] = rb;
    }
  }

  // Bow-tie vertices: the link of each vertex (edge x→y opposite v in each triangle) must be one cycle.
  const vt = vertexTriangles(ix, nv);
  let bowTies = 0;
  let unused = 0;
  let xs = new Int32Array(64);
  let ys = new Int32Array(64);
  for (let v = 0; v < nv; v++) {
    const s = vt.start[v];
    const deg = vt.start[v + 1] - s;
    if (deg === 0) {
      unused++;
      continue;
    }
    if (deg > xs.length) {
      xs = new Int32Array(2 * deg);
      ys = new Int32Array(2 * deg);
    }
    for (let q = 0; q < deg; q++) {
      const t = 3 * vt.items[s + q];
      const k = ix[t] === v ? 0 : ix[t + 1] === v ? 1 : 2;
      xs[q] = ix[t + ((k + 1) % 3)];
      ys[q] = ix[t + ((k + 2) % 3)];
    }
    // Walk x → y from the first triangle; a single closed fan returns after exactly deg steps.
    let x = xs[0];
    let steps = 0;
    for (;;) {
      let q = 0;
      while (q < deg && xs[q] !== x) q++;
      if (q === deg) break; // open fan: a boundary vertex, reported through its edges
      x = ys[q];
      steps++;
      if (x === xs[0] || steps > deg) break;
    }
    if (x === xs[0] && steps < deg) bowTies++;
  }

  let degenerate = 0;
  for (let t = 0; t < ix.length; t += 3) {
    const a = 3 * ix[t], b = 3 * ix[t + 1], c = 3 * ix[t + 2];
    if (a === b || b === c || a === c) {
      degenerate++;
      continue;
    }
    const ux = p[b] - p[a], uy = p[b + 1] - p[a + 1], uz = p[b + 2] - p[a + 2];
    const wx = p[c] - p[a], wy = p[c + 1] - p[a + 1], wz = p[c + 2] - p[a + 2];
    const cx = uy * wz - uz * wy, cy = uz * wx - ux * wz, cz = ux * wy - uy * wx;
    if (Math.sqrt(cx * cx + cy * cy + cz * cz) / 2 < DEGENERATE_AREA_MM2) degenerate++;
  }

  // Shells: χ and volume per connected component (coordinates relative to vertex 0 for accuracy).
  const shellOf = new Int32Array(nv).fill(-1);
  const shells: { v: number; e: number; f: number; vol: number }[] = [];
  for (let v = 0; v < nv; v++) {
    if (vt.start[v + 1] === vt.start[v]) continue;
    const r = root(parent, v);
    if (shellOf[r] < 0) {
      shellOf[r] = shells.length;
      shells.push({ v: 0, e: 0, f: 0, vol: 0 });
    }
    shells[shellOf[r]].v++;
  }
  const ox = nv > 0 ? p[0] : 0, oy = nv > 0 ? p[1] : 0, oz = nv > 0 ? p[2] : 0;
  for (let t = 0; t < ix.length; t += 3) {
    const sh = shells[shellOf[root(parent, ix[t])]];
    sh.f++;
    const a = 3 * ix[t], b = 3 * ix[t + 1], c = 3 * ix[t + 2];
    const ax = p[a] - ox, ay = p[a + 1] - oy, az = p[a + 2] - oz;
    const bx = p[b] - ox, by = p[b + 1] - oy, bz = p[b + 2] - oz;
    const cx = p[c] - ox, cy = p[c + 1] - oy, cz = p[c + 2] - oz;
    sh.vol += (ax * (by * cz - bz * cy) - ay * (bx * cz - bz * cx) + az * (bx * cy - by * cx)) / 6;
  }
  for (let e = 0; e < edges; e++) shells[shellOf[root(parent, edgeOwner[e])]].e++;
  shells.sort((x, y) => y.f - x.f);

  const usedVertices = nv - unused;
  const volumeMm3 = signedVolumeMm3(mesh);
  const closed = boundary === 0 && nonManifold === 0 && nt > 0;
  const manifold = nonManifold === 0 && bowTies === 0;
  const consistentlyOriented = misoriented === 0;
  const report: MeshQualityReport = {
    vertexCount: nv,
    triangleCount: nt,
    edgeCount: edges,
    boundaryEdgeCount: boundary,
    nonManifoldEdgeCount: nonManifold,
    misorientedEdgeCount: misoriented,
    nonManifoldVertexCount: bowTies,
    degenerateTriangleCount: degenerate,
    duplicateVertexCount: nv - weldExact(p).uniqueCount,
    unusedVertexCount: unused,
    closed,
    manifold,
    consistentlyOriented,
    eulerCharacteristic: usedVertices - edges + nt,
    shells: shells.slice(0, 64).map((s) => ({ triangleCount: s.f, eulerCharacteristic: s.v - s.e + s.f, volumeMm3: s.vol })),
    shellCount: shells.length,
    volumeMm3,
    volumeMl: volumeMm3 * ML_PER_MM3,
    areaMm2: surfaceAreaMm2(mesh),
    passed: closed && manifold && consistentlyOriented && degenerate === 0 && volumeMm3 > 0,
  };
  if (voxelVolumeMm3 !== undefined) {
    report.voxelVolumeMm3 = voxelVolumeMm3;
    report.volumeErrorPercent = (100 * (volumeMm3 - voxelVolumeMm3)) / voxelVolumeMm3;
  }
  return report;
}
