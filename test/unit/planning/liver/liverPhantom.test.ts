/**
 * The planning core on the liver phantom's exact labels (1.5 × 1.5 × 2 mm, 212 × 158 × 81).
 *
 * Organ (what is cut, TLV_CT) = voxels labelled liver, portal vein, hepatic vein or tumour whose centre
 * lies inside the liver's shape (the union of three ellipsoids, LIVER_SHAPE_ELLIPSOIDS): this fills the intrahepatic vessels and tumours (brief §1.1) and drops the
 * extrahepatic portal trunk and the hepatic veins' IVC ends. Functional liver = organ minus tumours.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { assessFlr } from '../../../../src/planning/liver/flr';
import { bezierFromPlane, withControlPoint } from '../../../../src/planning/liver/bezier';
import { splitLiverByBezier } from '../../../../src/planning/liver/bezierSplit';
import { tumourMargins } from '../../../../src/planning/liver/margins';
import { splitLiverByPlane, type PlaneLps } from '../../../../src/planning/liver/planeSplit';
import { prepareTumours, type PreparedTumour } from '../../../../src/planning/liver/tumourField';
import { LIVER_PART, partitionVolumes } from '../../../../src/planning/liver/volumetry';
import type { Vec3 } from '../../../../src/core/vec3';
import { buildLiverPhantom, LIVER_DESIGN, LIVER_LABELS, LIVER_PORTAL_LEAF_BRANCHES, LIVER_SHAPE_ELLIPSOIDS } from '../../../../src/samples/liverPhantom';
import { euclideanTerritories, nearestBranch } from '../../../../src/planning/liver/territories';
import { geodesicTerritories } from '../../../../src/planning/liver/geodesicTerritories';
import { createMask, maskOfLabel, type Mask } from '../../../../src/segmentation/labelmap';

/** liverShape() of liverPhantom.ts: centres and semi-axes (mm). */
const ELLIPSOIDS = LIVER_SHAPE_ELLIPSOIDS;
const inLiverShape = (x: number, y: number, z: number): boolean =>
  ELLIPSOIDS.some(([c, r]) => ((x - c[0]) / r[0]) ** 2 + ((y - c[1]) / r[1]) ** 2 + ((z - c[2]) / r[2]) ** 2 < 1);
/** The IVC (label 0) cut through the liver's bridge: cylinder r 11 about x = −22, y = 50. */
const inIvc = (x: number, y: number, z: number): boolean => (x + 22) ** 2 + (y - 50) ** 2 < 121 && z > -90 && z < 100;

let organ: Mask, t1: Mask, t2: Mask, tumours: PreparedTumour[];
const centreOf = (q: number): Vec3 => {
  const [ni, nj] = organ.size;
  return [organ.origin[0] + 1.5 * (q % ni), organ.origin[1] + 1.5 * (Math.floor(q / ni) % nj), organ.origin[2] + 2 * Math.floor(q / (ni * nj))];
};
const count = (m: Mask): number => m.data.reduce((a, v) => a + (v ? 1 : 0), 0);

beforeAll(() => {
  const ph = buildLiverPhantom();
  const labels = ph.labels.data as Uint8Array;
  organ = createMask(ph.labels);
  for (let q = 0; q < labels.length; q++) {
    if (labels[q] >= LIVER_LABELS.liver && labels[q] <= LIVER_LABELS.tumour2) organ.data[q] = 1;
  }
  for (let q = 0; q < labels.length; q++) if (organ.data[q] && !inLiverShape(...centreOf(q))) organ.data[q] = 0;
  t1 = maskOfLabel(ph.labels, LIVER_LABELS.tumour1);
  t2 = maskOfLabel(ph.labels, LIVER_LABELS.tumour2);
  tumours = prepareTumours(organ, [{ name: 'tumour 1', mask: t1 }, { name: 'tumour 2', mask: t2 }]);
});

describe('liver phantom: volumes', () => {
  it('TLV_CT matches the analytic shape (union of ellipsoids minus the IVC) within 0.3 %', () => {
    // Independent: numerical integration of the shape on a 1 mm lattice offset from the voxel centres.
    let inside = 0;
    for (let x = -125.75; x < 86; x += 1) for (let y = -69.75; y < 71; y += 1) for (let z = -56.75; z < 68; z += 1) if (inLiverShape(x, y, z) && !inIvc(x, y, z)) inside++;
    const analyticMl = inside / 1000;
    const split = splitLiverByPlane(organ, { pointLps: [-40, 0, 0], normalLps: [-1, 0, 0] });
    expect(split.totalVolumeMl).toBeCloseTo((count(organ) * 4.5) / 1000, 9);
    expect(Math.abs(split.totalVolumeMl - analyticMl) / analyticMl).toBeLessThan(0.003);
    expect(split.totalVolumeMl).toBeGreaterThan(1400);
    expect(split.totalVolumeMl).toBeLessThan(1460);
  });
  it('functional liver = organ minus tumours; tumour 1 ≈ its ellipsoid volume', () => {
    const split = splitLiverByPlane(organ, { pointLps: [-40, 0, 0], normalLps: [-1, 0, 0] });
    const v = partitionVolumes(split, organ, [t1, t2]);
    expect(v.tumourMl).toBeCloseTo(((count(t1) + count(t2)) * 4.5) / 1000, 9);
    expect(v.functionalTotalMl).toBeCloseTo(((count(organ) - count(t1) - count(t2)) * 4.5) / 1000, 9);
    const [a, b, c] = LIVER_DESIGN.tumour1SemiAxesMm;
    expect(Math.abs(tumours[0].volumeMl - (4 / 3) * Math.PI * a * b * c / 1000) / tumours[0].volumeMl).toBeLessThan(0.02);
    expect(Math.abs(tumours[1].volumeMl - (4 / 3) * Math.PI * 9 ** 3 / 1000) / tumours[1].volumeMl).toBeLessThan(0.03);
  });
});

describe('liver phantom: right-lobe plane resection', () => {
  // Oblique plane 15 mm beyond tumour 1 (ellipsoid support along the normal), tumour 1 on the positive side.
  const n = [-1, 0.2, -0.3].map((v) => v / Math.hypot(-1, 0.2, -0.3)) as Vec3;
  const c1 = LIVER_DESIGN.tumour1CentreLps;
  const s1 = LIVER_DESIGN.tumour1SemiAxesMm;
  const support = Math.hypot(s1[0] * n[0], s1[1] * n[1], s1[2] * n[2]);
  const off = support + 15;
  const plane: PlaneLps = { pointLps: [c1[0] - off * n[0], c1[1] - off * n[1], c1[2] - off * n[2]], normalLps: n };
  const signed = (q: number): number => {
    const p = centreOf(q);
    return n[0] * (p[0] - plane.pointLps[0]) + n[1] * (p[1] - plane.pointLps[1]) + n[2] * (p[2] - plane.pointLps[2]);
  };

  it('remnant volume, FLR and tumour margins against brute force', () => {
    const split = splitLiverByPlane(organ, plane);
    const v = partitionVolumes(split, organ, [t1, t2]);
    let remnant = 0, remnantTumour = 0, functional = 0;
    for (let q = 0; q < organ.data.length; q++) {
      if (!organ.data[q]) continue;
      const tumour = t1.data[q] || t2.data[q];
      if (!tumour) functional++;
      if (signed(q) < 0) {
        remnant++;
        if (tumour) remnantTumour++;
      }
    }
    expect(split.remnantVoxels).toBe(remnant);
    expect(v.remnantFunctionalMl).toBeCloseTo(((remnant - remnantTumour) * 4.5) / 1000, 9);
    expect(v.measuredFlrRatio!).toBeCloseTo((remnant - remnantTumour) / functional, 12);
    expect(v.tumourResectedMl).toBeCloseTo((count(t1) * 4.5) / 1000, 9); // all of tumour 1 resected
    const flr = assessFlr({ flrVolumeMl: v.remnantFunctionalMl, tlv: { kind: 'measured', tlvCtMl: v.totalMl, tumourVolumeMl: v.tumourMl }, condition: 'normal' });
    expect(flr.ratio).toBeCloseTo(v.measuredFlrRatio!, 12);
    expect(flr.verdict.passes).toBe(flr.ratio >= 0.25);

    const report = tumourMargins({ organ, split, tumours, surface: { kind: 'plane', plane } });
    // Brute force: the cube of each tumour voxel is ½ Σ |nₐ| hₐ thick along n.
    const half = 0.5 * (Math.abs(n[0]) * 1.5 + Math.abs(n[1]) * 1.5 + Math.abs(n[2]) * 2);
    let m1 = Infinity, m2 = Infinity, c1Min = Infinity;
    for (let q = 0; q < organ.data.length; q++) {
      if (t1.data[q]) { m1 = Math.min(m1, signed(q) - half); c1Min = Math.min(c1Min, signed(q)); }
      if (t2.data[q]) m2 = Math.min(m2, -signed(q) - half);
    }
    const [r1, r2] = report.tumours;
    expect(r1.side).toBe('resected');
    expect(Math.abs(r1.marginMm! - m1)).toBeLessThan(0.15);
    expect(Math.abs(r1.centreDistanceMm! - c1Min)).toBeLessThan(0.15);
    expect(Math.abs(r1.marginMm! - 15)).toBeLessThan(1.5); // voxelised ellipsoid vs analytic, within a voxel
    expect(r1.passes).toBe(true);
    expect(r2.side).toBe('remnant');
    expect(r2.passes).toBe(false);
    expect(Math.abs(r2.marginMm! - m2)).toBeLessThan(0.15);
    expect(report.allPass).toBe(false);
  });

  it('the same plane as a flat Bézier patch gives the same partition; a bent patch still cuts completely', () => {
    const split = splitLiverByPlane(organ, plane);
    const flat = bezierFromPlane({ centreLps: plane.pointLps, normalLps: n, sizeMm: 320 });
    const b = splitLiverByBezier(organ, flat);
    expect(b.cutComplete).toBe(true);
    let differ = 0;
    for (let q = 0; q < organ.data.length; q++) if (split.partition[q] !== b.partition[q] && Math.abs(signed(q)) > 1e-6) differ++;
    expect(differ).toBe(0);
    const p11 = flat.controlPointsLps[5];
    const bent = splitLiverByBezier(organ, withControlPoint(flat, 1, 1, [p11[0] + 20 * n[0], p11[1] + 20 * n[1], p11[2] + 20 * n[2]]));
    expect(bent.cutComplete).toBe(true);
    expect(bent.resectedVoxels + bent.remnantVoxels).toBe(count(organ));
    expect(bent.resectedVoxels).toBeLessThan(b.resectedVoxels); // pushed toward the tumour side
    for (const q of tumours[0].voxels) expect(bent.partition[q]).toBe(LIVER_PART.resected);
  });
});

describe('liver phantom: territories', () => {
  it('geodesic and Euclidean territories from the portal leaf branches cover the liver, agree where no fissure intervenes, and put tumour 1 in its branch', () => {
    const branches = LIVER_PORTAL_LEAF_BRANCHES.map((b) => ({ ...b, pointsLps: [...b.pointsLps] }));
    const geo = geodesicTerritories(organ, branches);
    const euc = euclideanTerritories(organ, branches);
    const labels = new Set(branches.map((b) => b.label));
    let inOrgan = 0, same = 0, assigned = 0;
    for (let q = 0; q < organ.data.length; q++) {
      if (!organ.data[q]) continue;
      inOrgan++;
      if (labels.has(geo.labels[q])) assigned++;
      if (geo.labels[q] === euc.labels[q]) same++;
    }
    expect(assigned).toBe(inOrgan); // every liver voxel reached (the organ is connected)
    expect(same / inOrgan).toBeGreaterThan(0.8);
    const totalMl = geo.territories.reduce((a, t) => a + t.volumeMl, 0);
    expect(totalMl).toBeCloseTo((inOrgan * 1.5 * 1.5 * 2) / 1000, 6);
    expect(geo.territories.every((t) => t.volumeMl > 10)).toBe(true);
    expect(geo.unreachedVoxels).toBe(0);
    // Tumour 1's centre: its territory is the branch nearest in straight line too (no fissure between).
    const c = LIVER_DESIGN.tumour1CentreLps;
    const [ni, nj] = organ.size;
    const q = Math.round((c[0] - organ.origin[0]) / 1.5) + ni * (Math.round((c[1] - organ.origin[1]) / 1.5) + nj * Math.round((c[2] - organ.origin[2]) / 2));
    expect(geo.labels[q]).toBe(nearestBranch(c, branches).label);
  });
});
