/**
 * Wavefront OBJ (text) with an optional MTL companion for segment colours. Millimetres, LPS (OBJ has
 * no units; the header comment says so). One `o` object per segment; faces are 1-based and keep
 * the outward, counter-clockwise winding.
 */
import { JumeauError } from '../core/errors';
import type { SegmentMesh } from './types';

/** Shortest decimal that reads back to the same Float32 (≤ 9 significant digits). */
function f32(x: number): string {
  return String(Number(x.toPrecision(9)));
}

/** A name safe for an OBJ/MTL token (spaces → underscores). */
function token(name: string): string {
  return name.trim().replace(/\s+/g, '_') || 'segment';
}

/**
 * Writes the segments as one OBJ text.
 * @param mtlFileName - when given, adds `mtllib` and one `usemtl` per segment (write the MTL with {@link writeMtl})
 * @throws JumeauError BAD_ARGUMENT when there is no segment or a segment has no triangle
 */
export function writeObj(segments: readonly SegmentMesh[], mtlFileName?: string): string {
  if (segments.length === 0) throw new JumeauError('BAD_ARGUMENT', 'OBJ: no segment to write');
  const lines: string[] = ['# Jumeau OBJ: units mm, frame LPS (x = patient left, y = posterior, z = superior)'];
  if (mtlFileName) lines.push(`mtllib ${mtlFileName}`);
  let base = 1;
  for (const s of segments) {
    const { positionsLps: p, indices: ix } = s.mesh;
    if (ix.length === 0) throw new JumeauError('BAD_ARGUMENT', `OBJ: segment "${s.name}" has no triangles`);
    lines.push(`o ${token(s.name)}`);
    if (mtlFileName) lines.push(`usemtl ${token(s.name)}`);
    for (let q = 0; q < p.length; q += 3) lines.push(`v ${f32(p[q])} ${f32(p[q + 1])} ${f32(p[q + 2])}`);
    for (let t = 0; t < ix.length; t += 3) lines.push(`f ${ix[t] + base} ${ix[t + 1] + base} ${ix[t + 2] + base}`);
    base += p.length / 3;
  }
  return `${lines.join('\n')}\n`;
}

/** The MTL companion: one material per segment, diffuse colour Kd from its sRGB colour (0–1). */
export function writeMtl(segments: readonly SegmentMesh[]): string {
  return `${segments
    .map((s) => `newmtl ${token(s.name)}\nKd ${s.colorRgb.map((c) => (c / 255).toFixed(4)).join(' ')}\nKa 0 0 0\nKs 0.1 0.1 0.1\nd 1\n`)
    .join('\n')}`;
}
