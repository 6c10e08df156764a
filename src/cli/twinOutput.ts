/**
 * The twin part of `jumeau build`: runs the anatomy pipeline and meshing (src/twin) on the loaded
 * volume, then writes `labels.nii.gz`, one STL per segment and `twin.glb`. Nothing is written when
 * segmentation or meshing fails, so no empty file stands in for a result.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { JumeauError } from '../core/errors';
import { buildTwin, twinMeshFiles, segmentReport, type AnatomyChoice, type SegmentReport, type Twin, type TwinSeeds } from '../twin';
import type { IndexIjk } from '../core/vec3';
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

/** Parses a voxel index "i,j,k" given to `option`. */
export function parseIjk(value: string, option: string): IndexIjk {
  const parts = value.split(',').map((x) => x.trim());
  const ijk = parts.map(Number);
  if (parts.length !== 3 || !ijk.every((v) => Number.isInteger(v) && v >= 0)) {
    throw new JumeauError('BAD_ARGUMENT', `"${value}" is not a voxel index i,j,k (three integers ≥ 0, e.g. 120,98,40)`, { subject: option });
  }
  return ijk as IndexIjk;
}

/** Seeds from the CLI options (each "i,j,k"; tumour, portal and hepatic seeds may repeat). */
export function parseSeeds(o: { 'liver-seed'?: string; 'tumour-seed'?: string[]; 'portal-seed'?: string[]; 'hepatic-seed'?: string[] }): TwinSeeds {
  const seeds: TwinSeeds = {};
  if (o['liver-seed']) seeds.liverSeedIjk = parseIjk(o['liver-seed'], '--liver-seed');
  if (o['tumour-seed']?.length) seeds.tumourSeedsIjk = o['tumour-seed'].map((v) => parseIjk(v, '--tumour-seed'));
  if (o['portal-seed']?.length) seeds.portalVeinSeedsIjk = o['portal-seed'].map((v) => parseIjk(v, '--portal-seed'));
  if (o['hepatic-seed']?.length) seeds.hepaticVeinSeedsIjk = o['hepatic-seed'].map((v) => parseIjk(v, '--hepatic-seed'));
  return seeds;
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
export function computeTwin(volume: Volume, anatomy: AnatomyChoice, description: string | undefined, seeds: TwinSeeds = {}): Twin {
  try {
    return buildTwin(volume, { anatomy, description, seeds });
  } catch (e) {
    // Name the command-line option, not the API field: "tumourSeedsIjk[1]" → "--tumour-seed (2nd)".
    const m = e instanceof JumeauError ? /^(seedIjk|tumourSeedsIjk|portalVeinSeedsIjk|hepaticVeinSeedsIjk)(?:\[(\d+)\])?$/.exec(e.subject ?? '') : null;
    if (!m || !(e instanceof JumeauError)) throw e;
    const option = SEED_OPTIONS[m[1]];
    const nth = m[2] !== undefined ? ` #${Number(m[2]) + 1}` : '';
    throw new JumeauError(e.code, e.message.slice(e.subject!.length + 2), { subject: `${option}${nth}`, cause: e });
  }
}

const SEED_OPTIONS: Record<string, string> = { seedIjk: '--liver-seed', tumourSeedsIjk: '--tumour-seed', portalVeinSeedsIjk: '--portal-seed', hepaticVeinSeedsIjk: '--hepatic-seed' };

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
