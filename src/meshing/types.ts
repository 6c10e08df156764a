/**
 * Mesh types shared by every meshing stage.
 *
 * Frames and units: positions are in the DICOM patient frame (LPS: x → patient Left,
 * y → Posterior, z → Superior), millimetres, unless a name says otherwise (glTF export converts
 * to metres, Y-up, at the file boundary only). Mesh buffers are Float32 (brief §0: GPU buffers and
 * meshes are the only Float32 data); geometry computed from them (volumes, areas) is Float64.
 */
import type { Volume } from '../volume/volume';

/** The geometry and voxels a surface is extracted from (a Volume, or a labelmap sharing its geometry). */
export type VoxelGrid = Pick<Volume, 'size' | 'spacing' | 'origin' | 'direction' | 'data'>;

/**
 * An indexed triangle mesh in LPS millimetres.
 *
 * Invariants of meshes produced by this module (checked by {@link checkMeshQuality}):
 * - `positionsLps.length === 3 · vertexCount`, `indices.length === 3 · triangleCount`.
 * - Triangles are wound counter-clockwise seen from outside (right-hand rule gives the outward
 *   normal), so the signed volume of a closed surface is positive.
 * - Vertices are shared: a vertex on a voxel edge is created once and every triangle using it
 *   references the same index.
 */
export interface TriangleMesh {
  /** Vertex positions x, y, z in LPS, millimetres. */
  positionsLps: Float32Array;
  /** Three vertex indices per triangle, outward (counter-clockwise) winding. */
  indices: Uint32Array;
  /** Optional unit vertex normals (LPS, outward), same length as `positionsLps`. */
  normals?: Float32Array;
}

/** A mesh with the segment identity it carries into exported files. */
export interface SegmentMesh {
  /** Human-readable segment name, e.g. "femur left" (patient's left). */
  name: string;
  /** Display colour, sRGB 0–255 (converted to linear for glTF's baseColorFactor). */
  colorRgb: [number, number, number];
  /** The surface, LPS mm. */
  mesh: TriangleMesh;
}

/** Inclusive voxel-index box: `min[a] ≤ index[a] ≤ max[a]` on each axis a = i, j, k. */
export interface BoxIjk {
  /** Lowest voxel index per axis (inclusive). */
  min: [number, number, number];
  /** Highest voxel index per axis (inclusive). */
  max: [number, number, number];
}

/** Number of vertices of a mesh. */
export function vertexCountOf(mesh: TriangleMesh): number {
  return mesh.positionsLps.length / 3;
}

/** Number of triangles of a mesh. */
export function triangleCountOf(mesh: TriangleMesh): number {
  return mesh.indices.length / 3;
}
