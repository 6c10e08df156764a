import { beforeAll, describe, expect, it } from 'vitest';
import { collectNodeSources } from '../../../src/cli/nodeSources';
import { isJumeauError } from '../../../src/core/errors';
import { loadSeriesVolume, scanDicomSources } from '../../../src/dicom';
import { checkMeshQuality, extractLabelSurface, labelStatistics } from '../../../src/meshing';
import { buildKneePhantom, KNEE_LABELS } from '../../../src/samples/kneePhantom';
import type { PhantomCase } from '../../../src/samples/phantom';
import { AUTO_KNEE_LABELS, segmentKneeBones, type AutoKneeResult } from '../../../src/segmentation/autoKnee';
import { maskOfLabel } from '../../../src/segmentation/labelmap';
import { overlapMetrics } from '../../../src/segmentation/metrics';
import type { Volume } from '../../../src/volume/volume';
import { hasSharedData, kneeDicomDir } from '../../helpers/sharedData';
import { flipI, grid, mirroredI, volumeWhere } from './fixtures';

const RIGHT = [
  ['femur right', AUTO_KNEE_LABELS.femurRight, KNEE_LABELS.femur],
  ['tibia right', AUTO_KNEE_LABELS.tibiaRight, KNEE_LABELS.tibia],
  ['fibula right', AUTO_KNEE_LABELS.fibulaRight, KNEE_LABELS.fibula],
  ['patella right', AUTO_KNEE_LABELS.patellaRight, KNEE_LABELS.patella],
] as const;
const LEFT = [
  ['femur left', AUTO_KNEE_LABELS.femurLeft, KNEE_LABELS.femur],
  ['tibia left', AUTO_KNEE_LABELS.tibiaLeft, KNEE_LABELS.tibia],
  ['fibula left', AUTO_KNEE_LABELS.fibulaLeft, KNEE_LABELS.fibula],
  ['patella left', AUTO_KNEE_LABELS.patellaLeft, KNEE_LABELS.patella],
] as const;

/** The mirror-image patient (x → −x, identity direction kept): the right knee becomes a left knee at +x. */
function mirroredPatient<T extends Volume>(v: T): T {
  const origin = [...v.origin] as Volume['origin'];
  origin[0] = -(v.origin[0] + (v.size[0] - 1) * v.spacing[0]);
  return { ...flipI(v), origin };
}

function dice(r: AutoKneeResult, auto: number, truth: Volume, label: number): number {
  return overlapMetrics(maskOfLabel(r.labelmap, auto), maskOfLabel(truth, label)).dice;
}

describe('automatic knee bones on the generated right-knee phantom', () => {
  let knee: PhantomCase;
  beforeAll(() => {
    knee = buildKneePhantom();
  }, 60_000);

  it('femur, tibia, fibula and patella right each reach Dice ≥ 0.97 against the exact labels', () => {
    const r = segmentKneeBones(knee.volume);
    expect(r.legs).toEqual(['right']);
    expect(r.labelmap.segments.map((s) => s.name)).toEqual(['femur right', 'tibia right', 'fibula right', 'patella right']);
    expect(r.labelmap.segments[1].terminology.type.code).toBe('12611008'); // tibia
    expect(r.labelmap.segments[1].terminology.modifier?.code).toBe('24028007'); // right
    expect(r.notes).toEqual([]);
    for (const [name, auto, truth] of RIGHT) expect(dice(r, auto, knee.labels, truth), name).toBeGreaterThanOrEqual(0.97);
  }, 20_000);

  it('a mirrored-i series (same patient) gives the same right-leg bones', () => {
    const r = segmentKneeBones(mirroredI(knee.volume));
    const labels = mirroredI(knee.labels);
    expect(r.legs).toEqual(['right']);
    for (const [name, auto, truth] of RIGHT) expect(dice(r, auto, labels, truth), name).toBeGreaterThanOrEqual(0.97);
  }, 20_000);

  it('the mirror-image patient (leg at +x, fibula at +x) is a LEFT knee with the same Dice', () => {
    const r = segmentKneeBones(mirroredPatient(knee.volume));
    const labels = mirroredPatient(knee.labels);
    expect(r.legs).toEqual(['left']);
    expect(r.labelmap.segments.map((s) => s.name)).toEqual(['femur left', 'tibia left', 'fibula left', 'patella left']);
    expect(r.labelmap.segments[0].terminology.modifier?.code).toBe('7771000'); // left
    for (const [name, auto, truth] of LEFT) expect(dice(r, auto, labels, truth), name).toBeGreaterThanOrEqual(0.97);
  }, 20_000);

  it('a fibula on the medial side (x flipped data, direction kept) is named but flagged as a possible flip', () => {
    const r = segmentKneeBones(flipI(knee.volume)); // leg still at x ≈ −90 (right), fibula now medial (+x side)
    expect(r.legs).toEqual(['right']);
    expect(r.notes.join(' ')).toMatch(/fibula of the right leg lies medial to its tibia/);
  }, 20_000);

  it('a patella out of view is reported in the notes, not as an empty segment', () => {
    const vol = { ...knee.volume, data: knee.volume.data.slice() };
    for (let q = 0; q < vol.data.length; q++) if (knee.labels.data[q] === KNEE_LABELS.patella) vol.data[q] = 40; // muscle, HU
    const r = segmentKneeBones(vol);
    expect(r.labelmap.segments.map((s) => s.name)).toEqual(['femur right', 'tibia right', 'fibula right']);
    expect(r.notes).toContain('no patella found in the right leg (out of view or joined to another bone)');
    expect(dice(r, AUTO_KNEE_LABELS.tibiaRight, knee.labels, KNEE_LABELS.tibia)).toBeGreaterThanOrEqual(0.97);
  }, 20_000);

  it('a volume without bone (MR-like) is a typed EMPTY_SEGMENT error', () => {
    const mr = volumeWhere(grid([30, 30, 20]), (i, j) => 300 + i + j);
    try {
      segmentKneeBones(mr);
      throw new Error('no throw');
    } catch (e) {
      expect(isJumeauError(e, 'EMPTY_SEGMENT')).toBe(true);
      expect((e as Error).message).toMatch(/^bone: no voxel at or above 600 HU/);
    }
  });
});

describe.skipIf(!hasSharedData)('automatic knee bones on the Visible Human knee CT (both legs, cadaver)', () => {
  let r: AutoKneeResult;
  let seconds = 0;
  beforeAll(async () => {
    const sources = await collectNodeSources([kneeDicomDir()]);
    const scan = await scanDicomSources(sources);
    const { volume } = await loadSeriesVolume(sources, scan.series[0]);
    const t0 = performance.now();
    // Cadaver with thin cortices and fatty cancellous bone: the surface at 200 HU, cores from 400 HU
    // (keeps the tibiofibular syndesmosis's partial-volume bridge out of the cores), fatty marrow in the cores.
    r = segmentKneeBones(volume, { surfaceHu: 200, coreSurfaceHu: 400, coreHu: -300 });
    seconds = (performance.now() - t0) / 1000;
  }, 180_000);

  it('finds both legs; tibia and fibula of each leg are separate segments with plausible volumes', () => {
    console.log(`[VHF knee] segmentKneeBones ${seconds.toFixed(1)} s, depth ${r.coreDepthMm} mm, ${r.cores} cores; notes: ${r.notes.join(' | ')}`);
    expect(r.legs.sort()).toEqual(['left', 'right']);
    const names = r.labelmap.segments.map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(['tibia left', 'tibia right', 'fibula left', 'fibula right', 'femur left', 'femur right']));
    expect(r.notes.some((n) => n.startsWith('slice k=165 looks defective'))).toBe(true);
    expect(r.notes.some((n) => /medial to its tibia/.test(n))).toBe(false);
    const ml = (label: number): number => maskOfLabel(r.labelmap, label).data.reduce((s, x) => s + x, 0) / 1000; // 1 mm³ voxels
    for (const side of ['Left', 'Right'] as const) {
      const tibia = ml(AUTO_KNEE_LABELS[`tibia${side}`]);
      const fibula = ml(AUTO_KNEE_LABELS[`fibula${side}`]);
      console.log(`[VHF knee] ${side.toLowerCase()}: tibia ${tibia.toFixed(1)} mL, fibula ${fibula.toFixed(1)} mL, femur ${ml(AUTO_KNEE_LABELS[`femur${side}`]).toFixed(1)} mL`);
      // measured 247–267 mL and 45–48 mL (ratio 5.2–5.6); a fibula lost to the tibia or a tibia split in two fails
      expect(tibia).toBeGreaterThan(200);
      expect(tibia).toBeLessThan(320);
      expect(fibula).toBeGreaterThan(30);
      expect(fibula).toBeLessThan(65);
      expect(tibia / fibula).toBeGreaterThan(4);
      expect(tibia / fibula).toBeLessThan(7.5);
    }
  });

  it('each tibia and fibula becomes a closed, manifold surface (shell count printed)', () => {
    const boxes = new Map(labelStatistics(r.labelmap).map((s) => [s.label, s.boxIjk]));
    for (const name of ['tibia left', 'tibia right', 'fibula left', 'fibula right']) {
      const seg = r.labelmap.segments.find((s) => s.name === name)!;
      const t0 = performance.now();
      const mesh = extractLabelSurface(r.labelmap, seg.label, { boxIjk: boxes.get(seg.label), segmentName: name });
      const q = checkMeshQuality(mesh, 1);
      console.log(`[VHF knee] ${name}: ${q.triangleCount} triangles, mesh ${q.volumeMl.toFixed(1)} mL, ${q.shellCount} shell(s), ${(performance.now() - t0).toFixed(0)} ms`);
      expect(q.closed, name).toBe(true);
      expect(q.manifold, name).toBe(true);
      expect(q.consistentlyOriented, name).toBe(true);
      expect(q.volumeMl, name).toBeGreaterThan(30);
    }
  }, 60_000);
});
