/**
 * What a case file carries for the workstation, and the checks that a decoded one is whole and fits the
 * loaded series before it replaces anything. Pure (no DOM).
 */
import { JumeauError } from '../../core/errors';
import type { IndexIjk } from '../../core/vec3';
import type { TwinResult } from '../../workers/twinProtocol';
import { CASE_FILE_FORMAT, decodeCaseFile, type CaseFile, type CaseSource } from './caseFile';

/** The workstation's case: the twin (with its plan / liver plan inputs) and the seeds clicked. */
export interface WorkstationCase {
  twin: TwinResult;
  seeds: { liverIjk: IndexIjk | null; tumoursIjk: IndexIjk[]; portalIjk?: IndexIjk[] };
}

const bad = (fileName: string, reason: string) => new JumeauError('BAD_CASE_FILE', reason, { subject: fileName });
const fmtGrid = (s: CaseSource) => `${s.size.join('×')} voxels of ${s.spacingMm.map((v) => v.toFixed(2)).join(' × ')} mm${s.seriesDescription ? ` ("${s.seriesDescription}")` : ''}`;

/**
 * Checks a decoded case: a twin with labels on a grid of `source.size`, segments with meshes whose
 * indices stay within their vertices, and labels that only use listed segments.
 * @throws JumeauError BAD_CASE_FILE naming `fileName` and the first defect found
 */
export function checkWorkstationCase(file: CaseFile<unknown>, fileName: string): CaseFile<WorkstationCase> {
  const c = file.content as Partial<WorkstationCase> | null;
  const twin = c?.twin as Partial<TwinResult> | undefined;
  if (!twin || typeof twin !== 'object') throw bad(fileName, 'the case holds no twin');
  const [nx, ny, nz] = file.source.size;
  const n = nx * ny * nz;
  if (!(twin.labels instanceof Uint8Array || twin.labels instanceof Uint16Array)) throw bad(fileName, 'the twin has no labelmap');
  if (twin.labels.length !== n) throw bad(fileName, `the labelmap has ${twin.labels.length} voxels, not the ${n} of its ${nx}×${ny}×${nz} grid (damaged file)`);
  if (typeof twin.anatomy !== 'string' || !Array.isArray(twin.segments) || !Array.isArray(twin.notes)) throw bad(fileName, 'the twin lacks its anatomy, segments or notes');
  const listed = new Set<number>();
  for (const [k, seg] of twin.segments.entries()) {
    const m = seg?.mesh;
    if (typeof seg?.label !== 'number' || typeof seg.name !== 'string' || !(m?.positionsLps instanceof Float32Array) || !(m.indices instanceof Uint32Array)) throw bad(fileName, `segment ${k + 1} lacks its label, name or mesh`);
    const vertices = m.positionsLps.length / 3;
    for (let i = 0; i < m.indices.length; i++) if (m.indices[i] >= vertices) throw bad(fileName, `segment "${seg.name}": its mesh points past its ${vertices} vertices (damaged file)`);
    listed.add(seg.label);
  }
  const labels = twin.labels;
  for (let q = 0; q < labels.length; q++) {
    const v = labels[q];
    if (v !== 0 && !listed.has(v)) throw bad(fileName, `the labelmap uses label ${v}, which no segment of the case lists (damaged file)`);
  }
  const seeds = c?.seeds ?? { liverIjk: null, tumoursIjk: [] };
  return { ...file, format: CASE_FILE_FORMAT, content: { twin: twin as TwinResult, seeds: { liverIjk: seeds.liverIjk ?? null, tumoursIjk: seeds.tumoursIjk ?? [], portalIjk: seeds.portalIjk ?? [] } } };
}

/**
 * Decodes and checks a case file for the loaded series (its voxels' SHA-256, grid and spacing).
 * @throws JumeauError BAD_CASE_FILE naming `fileName`: damaged, another version, or made on other voxels
 *   (the message describes both grids so the user can open the right series)
 */
export async function readWorkstationCase(bytes: Uint8Array, fileName: string, loaded: CaseSource): Promise<CaseFile<WorkstationCase>> {
  const file = await decodeCaseFile<unknown>(bytes, fileName);
  if (file.source.voxelSha256 !== loaded.voxelSha256) {
    const same = file.source.size.every((v, a) => v === loaded.size[a]);
    throw bad(fileName, `the case was made on other voxels (${fmtGrid(file.source)}, SHA-256 ${file.source.voxelSha256.slice(0, 12)}…) than the loaded series (${fmtGrid(loaded)}, SHA-256 ${loaded.voxelSha256.slice(0, 12)}…)${same ? ' — same grid, different values' : ''}: open the series the case was made from, then the case file`);
  }
  return checkWorkstationCase(file, fileName);
}
