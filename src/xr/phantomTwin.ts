/**
 * The twin the overlay shows when no case is loaded (pure): the hip phantom (src/samples/hipPhantom.ts)
 * rasterised on a coarse grid and meshed with this project's marching cubes + light smoothing, in LPS
 * mm. At 3 mm it takes ≈ 0.7 s (≈ 47 k triangles); the benchmark uses 1.5 mm (≈ 190 k, the size of a
 * full twin). Also returns the phantom's ground-truth landmarks and the surface (points + outward
 * normals) that ICP registers traced points to.
 */
import { JumeauError } from '../core/errors';
import type { PointLps } from '../core/vec3';
import { extractSegmentSurfaces } from '../meshing/extractSurface';
import { computeVertexNormals } from '../meshing/meshMath';
import { smoothWindowedSinc } from '../meshing/smooth';
import type { SegmentMesh } from '../meshing/types';
import { HIP_DESIGN, buildHipPhantom } from '../samples/hipPhantom';

/** A twin ready for the overlay. */
export interface OverlayTwin {
  /** Segment meshes, LPS mm, outward counter-clockwise winding. */
  segments: SegmentMesh[];
  /** Ground-truth landmarks of the phantom, LPS mm. */
  landmarksLps: Record<string, PointLps>;
  /** Every vertex of every segment (packed xyz, LPS mm) and its outward unit normal: the ICP target. */
  surface: { pointsLps: Float32Array; normalsLps: Float32Array };
  /** Segments that are planned objects (implants, resection surfaces): not drawn on the virtual patient. */
  plannedNames?: string[];
}

/** Packs the vertices and normals of all segments (the ICP target surface). */
export function surfaceOf(segments: readonly SegmentMesh[]): { pointsLps: Float32Array; normalsLps: Float32Array } {
  let n = 0;
  for (const s of segments) n += s.mesh.positionsLps.length;
  const pointsLps = new Float32Array(n);
  const normalsLps = new Float32Array(n);
  let o = 0;
  for (const s of segments) {
    pointsLps.set(s.mesh.positionsLps, o);
    normalsLps.set(s.mesh.normals ?? computeVertexNormals(s.mesh), o);
    o += s.mesh.positionsLps.length;
  }
  return { pointsLps, normalsLps };
}

/**
 * Builds the hip phantom twin on a grid of `gridMm` (default 3 mm).
 * @throws JumeauError BAD_ARGUMENT (subject 'gridMm') outside 0.75–6 mm
 */
export function buildPhantomTwin(options: { gridMm?: number } = {}): OverlayTwin {
  const gridMm = options.gridMm ?? 3;
  if (!(gridMm >= 0.75 && gridMm <= 6)) throw new JumeauError('BAD_ARGUMENT', 'grid spacing must be 0.75–6 mm', { subject: 'gridMm' });
  const min = HIP_DESIGN.fieldMinLps;
  const max = HIP_DESIGN.fieldMaxLps;
  const size: [number, number, number] = [
    Math.round((max[0] - min[0]) / gridMm) + 1,
    Math.round((max[1] - min[1]) / gridMm) + 1,
    Math.round((max[2] - min[2]) / gridMm) + 1,
  ];
  const phantom = buildHipPhantom({ gridSize: size, noiseSigmaHu: 0 });
  const meshes = extractSegmentSurfaces(phantom.labels, phantom.segments.map((s) => ({ label: s.label, name: s.name, colorRgb: s.color })));
  const segments: SegmentMesh[] = meshes.map(({ segment, mesh }) => {
    const smooth = smoothWindowedSinc(mesh, { iterations: 10, passBand: 0.05 });
    return { name: segment.name, colorRgb: segment.colorRgb, mesh: { ...smooth, normals: computeVertexNormals(smooth) } };
  });
  return { segments, landmarksLps: phantom.landmarksLps, surface: surfaceOf(segments) };
}
