/**
 * The twin part of `jumeau build`: runs the anatomy pipeline and meshing (src/twin) on the loaded
 * volume, then writes `labels.nii.gz`, one STL per segment and `twin.glb`. Nothing is written when
 * segmentation or meshing fails, so no empty file stands in for a result.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { JumeauError } from '../core/errors';
import { buildTwin, twinMeshFiles, segmentReport, type AnatomyChoice, type SegmentReport, type Twin } from '../twin';
import type { Volume } from '../volume/volume';
import { writeNiftiNode } from './imageFiles';

/** `--anatomy` values: a pipeline, `auto`, or `none` (volume only). */
export const ANATOMY_OPTIONS = ['hip', 'knee', 'liver', 'auto', 'none'] as const;

/** Parses `--anatomy`. */
export function parseAnatomy(value: string | undefined): AnatomyChoice | 'none' {
  const v = (value ?? 'auto').toLowerCase();
  if (!(ANATOMY_OPTIONS as readonly string[]).includes(v)) {
    throw new JumeauError('BAD_ARGUMENT', `"${value}" is not an anatomy (use one of ${ANATOMY_OPTIONS.join(', ')})`, { subject: '--anatomy' });
  }
  return v as AnatomyChoice | 'none';
}

/** What the twin adds to report.json. */
export interface TwinReportPart {
  anatomy: { chosen: string; reason: string };
  labels: { file: 'labels.nii.gz'; dataType: string };
  segments: SegmentReport[];
  glb: 'twin.glb';
  meshSettings: Twin['meshSettings'];
  notes: string[];
  timings: { segmentS: number; surfaceS: number; smoothS: number; decimateS: number; checkS: number; meshWriteS: number };
}

/** Segments and meshes `volume` (in memory only). Throws the pipeline's JumeauError when nothing is found. */
export function computeTwin(volume: Volume, anatomy: AnatomyChoice, description: string | undefined): Twin {
  return buildTwin(volume, { anatomy, description });
}

/** Writes the twin's files into `outDir`; returns the report part. */
export async function writeTwin(twin: Twin, outDir: string): Promise<TwinReportPart> {
  const t0 = performance.now();
  await writeNiftiNode(twin.labelmap, path.join(outDir, 'labels.nii.gz'));
  for (const f of twinMeshFiles(twin)) await fsp.writeFile(path.join(outDir, f.fileName), f.bytes);
  const meshWriteS = (performance.now() - t0) / 1000;
  const r = (x: number) => Math.round(x * 1e4) / 1e4;
  const t = twin.timings;
  return {
    anatomy: { chosen: twin.anatomy, reason: twin.anatomyReason },
    labels: { file: 'labels.nii.gz', dataType: twin.labelmap.data.constructor.name },
    segments: twin.segments.map(segmentReport),
    glb: 'twin.glb',
    meshSettings: twin.meshSettings,
    notes: twin.notes,
    timings: { segmentS: r(t.segmentS), surfaceS: r(t.surfaceS), smoothS: r(t.smoothS), decimateS: r(t.decimateS), checkS: r(t.checkS), meshWriteS: r(meshWriteS) },
  };
}

/** One line per segment for the human-readable output. */
export function describeSegments(part: TwinReportPart): string {
  const lines = part.segments.map((s) => `  ${s.label} ${s.name}: ${s.volumeMl.toFixed(1)} mL, ${s.triangleCount} triangles, ${s.closed ? 'closed' : 'NOT CLOSED'} → ${s.stl}`);
  return `${part.anatomy.chosen} twin (${part.anatomy.reason}):\n${lines.join('\n')}\n`;
}
