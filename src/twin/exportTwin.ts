/**
 * Twin → file bytes (pure; the CLI writes them to disk, the app offers them as downloads):
 * one binary STL per segment (millimetres, LPS — what slicers for 3D printing expect), the whole twin
 * as one GLB (a named node, mesh and material per segment, metres, glTF Y-up) and as one OBJ + MTL
 * (an object and a colour per segment, millimetres, LPS), and the `segments`
 * entries of `report.json`. Files carry segment names only: no patient data.
 */
import { JumeauError } from '../core/errors';
import { writeGlb } from '../meshing/gltf';
import { writeMtl, writeObj } from '../meshing/obj';
import { writeStlBinary } from '../meshing/stl';
import type { SegmentTerminology } from '../segmentation/terminology';
import type { Twin, TwinSegment } from './types';

/** One file to write. */
export interface TwinFile {
  fileName: string;
  bytes: Uint8Array;
}

/** A `segments` entry of report.json (schema `jumeau.build/1`). */
export interface SegmentReport {
  /** e.g. "femur left" (the patient's left). */
  name: string;
  /** Value in labels.nii.gz. */
  label: number;
  /** DICOM SEG coded meaning: category, type, laterality modifier (SNOMED CT). */
  terminology: SegmentTerminology;
  colorRgb: [number, number, number];
  voxelCount: number;
  /** Voxel volume, mL. */
  volumeMl: number;
  /** Volume enclosed by the exported mesh, mL. */
  meshVolumeMl: number;
  /** Triangles of the exported mesh. */
  triangleCount: number;
  /** Watertight (every edge shared by two triangles). */
  closed: boolean;
  /** Closed, edge/vertex-manifold, consistently oriented and without degenerate triangles. */
  printable: boolean;
  /** The segment's STL file. */
  stl: string;
}

/** File name of a segment's STL: its name in lower case, words joined by '-' ("femur-left.stl"). */
export function stlFileName(segmentName: string): string {
  const slug = segmentName.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return `${slug || 'segment'}.stl`;
}

/** The report entry of one segment. */
export function segmentReport(s: TwinSegment): SegmentReport {
  const q = s.quality;
  return {
    name: s.name,
    label: s.label,
    terminology: s.terminology,
    colorRgb: s.colorRgb,
    voxelCount: s.voxelCount,
    volumeMl: round(s.volumeMl, 3),
    meshVolumeMl: round(q.meshVolumeMl, 3),
    triangleCount: s.triangleCount,
    closed: q.closed,
    printable: q.closed && q.manifold && q.consistentlyOriented && q.degenerateTriangles === 0,
    stl: stlFileName(s.name),
  };
}

/**
 * The mesh files of a twin: `<segment>.stl` for each segment, then `twin.glb`, `twin.obj` and `twin.mtl`.
 * @throws JumeauError EMPTY_SEGMENT when the twin has no segment (no empty file is written as a result)
 */
export function twinMeshFiles(twin: Pick<Twin, 'segments'>): TwinFile[] {
  if (twin.segments.length === 0) throw new JumeauError('EMPTY_SEGMENT', 'the twin has no segment: no mesh file to write', { subject: 'segments' });
  const files: TwinFile[] = [];
  const seen = new Set<string>();
  for (const s of twin.segments) {
    let name = stlFileName(s.name);
    if (seen.has(name)) name = name.replace(/\.stl$/, `-${s.label}.stl`);
    seen.add(name);
    files.push({ fileName: name, bytes: writeStlBinary(s.mesh, s.name) });
  }
  const meshes = twin.segments.map((s) => ({ name: s.name, colorRgb: s.colorRgb, mesh: s.mesh }));
  const utf8 = new TextEncoder();
  files.push({ fileName: 'twin.glb', bytes: writeGlb(meshes) });
  files.push({ fileName: 'twin.obj', bytes: utf8.encode(writeObj(meshes, 'twin.mtl')) });
  files.push({ fileName: 'twin.mtl', bytes: utf8.encode(writeMtl(meshes)) });
  return files;
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
