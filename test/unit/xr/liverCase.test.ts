// A liver twin in the headset overlay: tumour-centroid targets from closed meshes (exact on a pyramid,
// where the vertex mean is wrong; equal to the labels' voxel centroid on the liver phantom), proposed
// surface landmarks at the liver's extremes (against the phantom's analytic shape), resection surfaces as
// double-sided meshes (plane on its plane, Bézier through its corner control points), and the errors.
import { beforeAll, describe, expect, it } from 'vitest';
import type { PointLps, Vec3 } from '../../../src/core/vec3';
import { extractSegmentSurfaces } from '../../../src/meshing/extractSurface';
import { computeVertexNormals } from '../../../src/meshing/meshMath';
import { smoothWindowedSinc } from '../../../src/meshing/smooth';
import type { TriangleMesh } from '../../../src/meshing/types';
import type { LiverPlanInputs } from '../../../src/planning/liver/liverPlanMetrics';
import { predictTreRms } from '../../../src/registration/tre';
import { LIVER_DESIGN, LIVER_LABELS, LIVER_SHAPE_ELLIPSOIDS, buildLiverPhantom } from '../../../src/samples/liverPhantom';
import { indexToLps } from '../../../src/volume/volume';
import {
  LIVER_LANDMARK_DIRECTIONS, MIN_LANDMARK_SEPARATION_MM, SURFACE_OVERLAY_SEGMENTS, closedMeshCentroidLps, doubleSidedMesh, liverCaseOverlay, liverRegistrationPlan, proposeSurfaceLandmarks,
} from '../../../src/xr/liverCase';
import { expectJumeauError } from '../../helpers/expectError';

/** Square pyramid: base 2a × 2a at z = 0 centred on (cx, cy), apex at height h; outward winding. */
function pyramid(a: number, h: number, [cx, cy, cz]: Vec3): TriangleMesh {
  const p = [[-a, -a, 0], [a, -a, 0], [a, a, 0], [-a, a, 0], [0, 0, h]].map(([x, y, z]) => [x + cx, y + cy, z + cz]);
  // Base seen from below (normal −z): 0, 2, 1 and 0, 3, 2; sides counter-clockwise seen from outside.
  const idx = [0, 2, 1, 0, 3, 2, 0, 1, 4, 1, 2, 4, 2, 3, 4, 3, 0, 4];
  return { positionsLps: Float32Array.from(p.flat()), indices: Uint32Array.from(idx) };
}

describe('closedMeshCentroidLps', () => {
  it('gives the volume centroid (h/4 above the base), not the vertex mean (h/5), and the volume', () => {
    const m = pyramid(10, 40, [100, -50, 7]);
    const r = closedMeshCentroidLps(m);
    expect(r.volumeMm3).toBeCloseTo((20 * 20 * 40) / 3, 6); // 5333.33 mm³
    expect(r.centroidLps[0]).toBeCloseTo(100, 9);
    expect(r.centroidLps[1]).toBeCloseTo(-50, 9);
    expect(r.centroidLps[2]).toBeCloseTo(7 + 40 / 4, 9); // 17, the vertex mean would say 15
  });

  it('refuses an inward-wound or empty mesh', () => {
    const m = pyramid(10, 40, [0, 0, 0]);
    const inward = { ...m, indices: Uint32Array.from(m.indices, (_, i) => m.indices[i - (i % 3) + [0, 2, 1][i % 3]]) };
    expectJumeauError(() => closedMeshCentroidLps(inward), 'BAD_ARGUMENT', { subject: 'mesh', message: /no positive volume .*inwards/ });
    expectJumeauError(() => closedMeshCentroidLps({ positionsLps: new Float32Array(0), indices: new Uint32Array(0) }), 'BAD_ARGUMENT', { subject: 'mesh' });
  });
});

describe('doubleSidedMesh', () => {
  it('repeats the triangles with reversed winding and negated normals', () => {
    const m = { positionsLps: Float32Array.from([0, 0, 0, 1, 0, 0, 0, 1, 0]), normalsLps: Float32Array.from([0, 0, 1, 0, 0, 1, 0, 0, 1]), indices: Uint32Array.from([0, 1, 2]) };
    const d = doubleSidedMesh(m);
    expect(Array.from(d.indices)).toEqual([0, 1, 2, 3, 5, 4]);
    expect(Array.from(d.normals!.slice(9))).toEqual([-0, -0, -1, -0, -0, -1, -0, -0, -1]);
    expect(Array.from(d.positionsLps.slice(9))).toEqual([0, 0, 0, 1, 0, 0, 0, 1, 0]);
  });
});

describe('the liver phantom in the overlay', () => {
  let meshes: Map<string, TriangleMesh>;
  let voxelCentroid: Map<number, { c: PointLps; n: number }>;
  let voxelMl: number;

  beforeAll(() => {
    const ph = buildLiverPhantom({ noiseSigmaHu: 0 });
    const specs = ph.segments.map((s) => ({ label: s.label, name: s.name, colorRgb: s.color }));
    meshes = new Map(extractSegmentSurfaces(ph.labels, specs).map(({ segment, mesh }) => {
      const smooth = smoothWindowedSinc(mesh, { iterations: 20, passBand: 0.01 }); // the twin's smoothing
      return [segment.name, { ...smooth, normals: computeVertexNormals(smooth) }];
    }));
    // The labels' voxel centroids, computed here (independent of the meshes).
    voxelCentroid = new Map();
    const [ni, nj, nk] = ph.labels.size;
    const d = ph.labels.data;
    for (let k = 0, q = 0; k < nk; k++) for (let j = 0; j < nj; j++) for (let i = 0; i < ni; i++, q++) {
      const l = d[q];
      if (l !== LIVER_LABELS.tumour1 && l !== LIVER_LABELS.tumour2) continue;
      const p = indexToLps(ph.labels, [i, j, k]);
      const e = voxelCentroid.get(l) ?? { c: [0, 0, 0] as PointLps, n: 0 };
      for (let a = 0; a < 3; a++) e.c[a] += p[a];
      e.n++;
      voxelCentroid.set(l, e);
    }
    voxelMl = (ph.labels.spacing[0] * ph.labels.spacing[1] * ph.labels.spacing[2]) / 1000;
  }, 120_000);

  it('tumour centroids from the meshes equal the labels\' voxel centroids and the design centres', () => {
    for (const [name, label, design] of [['tumour 1', LIVER_LABELS.tumour1, LIVER_DESIGN.tumour1CentreLps], ['tumour 2', LIVER_LABELS.tumour2, LIVER_DESIGN.tumour2CentreLps]] as const) {
      const r = closedMeshCentroidLps(meshes.get(name)!);
      const v = voxelCentroid.get(label)!;
      const vc = v.c.map((x) => x / v.n);
      expect(Math.hypot(r.centroidLps[0] - vc[0], r.centroidLps[1] - vc[1], r.centroidLps[2] - vc[2]), name).toBeLessThan(0.15);
      expect(Math.hypot(r.centroidLps[0] - design[0], r.centroidLps[1] - design[1], r.centroidLps[2] - design[2]), name).toBeLessThan(0.3);
      expect(Math.abs(r.volumeMm3 / 1000 / (v.n * voxelMl) - 1), name).toBeLessThan(0.03);
    }
  });

  it('proposes 5 landmarks at the liver\'s extremes (analytic support within 1.5 mm), ≥ 50 mm apart, and a check point', () => {
    const plan = liverRegistrationPlan([...meshes].map(([name, mesh]) => ({ name, mesh, role: name === 'liver' ? 'liver' : name.startsWith('tumour') ? 'tumour' : null })));
    expect(plan.landmarks.map((l) => l.name)).toEqual(LIVER_LANDMARK_DIRECTIONS.map((d) => d.name));
    expect(plan.landmarks.every((l) => /^Proposed/.test(l.label))).toBe(true);
    for (const [i, l] of plan.landmarks.entries()) {
      const raw = LIVER_LANDMARK_DIRECTIONS[i].directionLps;
      const len = Math.hypot(...raw);
      const d = raw.map((x) => x / len);
      // Support function of the union of ellipsoids: max over them of c·d + |A d|.
      const h = Math.max(...LIVER_SHAPE_ELLIPSOIDS.map(([c, r]) => c[0] * d[0] + c[1] * d[1] + c[2] * d[2] + Math.hypot(r[0] * d[0], r[1] * d[1], r[2] * d[2])));
      const got = l.pointLps[0] * d[0] + l.pointLps[1] * d[1] + l.pointLps[2] * d[2];
      expect(Math.abs(got - h), l.name).toBeLessThan(1.5);
    }
    let minGap = Infinity;
    for (let a = 0; a < 5; a++) for (let b = a + 1; b < 5; b++) {
      const p = plan.landmarks[a].pointLps, q = plan.landmarks[b].pointLps;
      minGap = Math.min(minGap, Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]));
    }
    expect(minGap).toBeGreaterThan(50); // measured 58.7 mm
    expect(plan.checkPoints.map((c) => c.name)).toEqual(['liverProposedRightInferior']);
    expect(plan.targets.map((t) => t.label)).toEqual(['Tumour 1 centroid', 'Tumour 2 centroid']);
    // These five points surround both tumours: predicted TRE (FLE 1 mm) under 1 mm at each.
    for (const t of plan.targets) expect(predictTreRms({ fiducialsLps: plan.landmarks.map((l) => l.pointLps), fleRmsMm: 1, targetLps: t.pointLps }).treRmsMm, t.name).toBeLessThan(1);
  });

  it('builds the overlay: resection surfaces planned (off the virtual patient), ICP on the liver only', () => {
    const segments = [...meshes].map(([name, mesh]) => ({ name, mesh, colorRgb: [200, 100, 80] as [number, number, number] }));
    const bez = Array.from({ length: 16 }, (_, n): PointLps => [-55 + (n % 4 === 1 || n % 4 === 2 ? 4 : 0), -60 + 40 * Math.floor(n / 4), -50 + 40 * (n % 4)]);
    const inputs: LiverPlanInputs = {
      surfaces: [
        { name: 'plane 1', kind: 'plane', pointLps: [-55, 0, 0], normalLps: [-1, 0, 0], resectedSide: 'positive' },
        { name: 'surface 2', kind: 'bezier', controlPointsLps: bez, resectedSide: 'positive' },
      ],
      patient: { heightCm: null, weightKg: null }, liverCondition: 'normal', safetyMarginMm: 10, territoryBranches: [],
    };
    const o = liverCaseOverlay({ segments, liverPlanInputs: inputs });
    expect(o.twin.plannedNames).toEqual(['resection plane 1', 'resection surface 2']);
    expect(o.twin.segments.map((s) => s.name)).toEqual([...meshes.keys(), 'resection plane 1', 'resection surface 2']);
    expect(o.twin.surface.pointsLps.length).toBe(meshes.get('liver')!.positionsLps.length);
    const plane = o.twin.segments.find((s) => s.name === 'resection plane 1')!.mesh;
    const cells = SURFACE_OVERLAY_SEGMENTS;
    expect(plane.indices.length).toBe(2 * 2 * 3 * cells * cells);
    let off = 0;
    for (let v = 0; v < plane.positionsLps.length; v += 3) off = Math.max(off, Math.abs(plane.positionsLps[v] + 55));
    expect(off).toBeLessThan(1e-3); // every vertex on x = −55
    const surf = o.twin.segments.find((s) => s.name === 'resection surface 2')!.mesh.positionsLps;
    const vertex = (a: number, b: number): number[] => Array.from(surf.slice(3 * (a * (cells + 1) + b), 3 * (a * (cells + 1) + b) + 3));
    for (const [a, b, cp] of [[0, 0, 0], [0, cells, 3], [cells, 0, 12], [cells, cells, 15]]) expect(vertex(a, b).map((x, k) => Math.abs(x - bez[cp][k])).every((e) => e < 1e-3)).toBe(true);
    expect(o.plan.targets).toHaveLength(2);
    expect(o.description).toMatch(/^liver twin, 5 segments \+ 2 resection surface\(s\), 5 proposed landmarks, targets: Tumour 1 centroid, Tumour 2 centroid$/);
  });

  it('says what is missing: no liver segment, or a liver too small for 3 separated points', () => {
    expectJumeauError(() => liverRegistrationPlan([{ name: 'tumour 1', role: 'tumour', mesh: meshes.get('tumour 1')! }]), 'MISSING_SEGMENT', { subject: 'segments' });
    const tiny = pyramid(5, 10, [0, 0, 0]);
    expectJumeauError(() => liverRegistrationPlan([{ name: 'liver', role: 'liver', mesh: tiny }]), 'MISSING_INPUT', { message: new RegExp(`≥ 3 needed, ${MIN_LANDMARK_SEPARATION_MM} mm apart`) });
    expect(proposeSurfaceLandmarks(tiny.positionsLps, LIVER_LANDMARK_DIRECTIONS, 0)).toHaveLength(5);
  });
});
