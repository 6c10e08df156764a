import { describe, it, expect, beforeAll } from 'vitest';
import type { PointLps, Vec3 } from '../../../src/core/vec3';
import { dot, normalize, sub } from '../../../src/core/vec3';
import { buildHipPhantom, HIP_DESIGN, HIP_LABELS } from '../../../src/samples/hipPhantom';
import { buildKneePhantom, KNEE_LABELS } from '../../../src/samples/kneePhantom';
import { buildLiverPhantom, LIVER_DESIGN, LIVER_LABELS } from '../../../src/samples/liverPhantom';
import type { PhantomCase } from '../../../src/samples/phantom';
import { labelHistogram } from '../../../src/samples/caseManifest';
import { indexToLps, valueRange } from '../../../src/volume/volume';
import { componentCount, interiorStats, labelCentroidLps, regionStats, runsAlongRay } from './volumeProbes';

const dist = (a: Vec3, b: Vec3) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
const ball = (c: PointLps, r: number) => ({ min: [c[0] - r, c[1] - r, c[2] - r] as Vec3, max: [c[0] + r, c[1] + r, c[2] + r] as Vec3 });

let hip: PhantomCase;
let knee: PhantomCase;
let liver: PhantomCase;
beforeAll(() => {
  hip = buildHipPhantom();
  knee = buildKneePhantom();
  liver = buildLiverPhantom();
}, 60_000);

describe('all phantoms', () => {
  it('are small Int16 HU volumes with label volumes of identical geometry and only the listed labels', () => {
    for (const c of [hip, knee, liver]) {
      expect(c.volume.data).toBeInstanceOf(Int16Array);
      expect(c.volume.unit).toBe('HU');
      expect(c.labels.data).toBeInstanceOf(Uint8Array);
      expect(c.labels.unit).toBe('label');
      for (const key of ['size', 'spacing', 'origin', 'direction'] as const) expect(c.labels[key]).toEqual(c.volume[key]);
      expect(c.volume.data.length).toBeLessThanOrEqual(4_000_000);
      const { min, max } = valueRange(c.volume.data);
      expect(min).toBeGreaterThanOrEqual(-1024);
      expect(max).toBeLessThanOrEqual(3071);
      const counts = labelHistogram(c.labels.data);
      const present = counts.flatMap((n, label) => (n > 0 && label > 0 ? [label] : []));
      expect(present).toEqual(c.segments.map((s) => s.label).sort((a, b) => a - b));
      // Air outside the body: −1000 HU with noise σ 12 (voxel-corner block of 10³).
      const corner = regionStats(c.volume, c.volume.origin, indexToLps(c.volume, [9, 9, 9]), () => true);
      expect(corner.mean).toBeGreaterThan(-1004);
      expect(corner.mean).toBeLessThan(-996);
    }
  });
});

describe('hip phantom', () => {
  const side = (s: 'Left' | 'Right') => {
    const head = hip.landmarksLps[`femoralHeadCentre${s}`];
    const toHead = normalize(sub(head, hip.landmarksLps[`femoralNeckJunction${s}`]));
    return { head, toHead, label: s === 'Left' ? HIP_LABELS.femurLeft : HIP_LABELS.femurRight };
  };

  it('puts the left femur, left hip bone and the marker bead at +x (patient left)', () => {
    expect(labelCentroidLps(hip.labels, HIP_LABELS.femurLeft).centroid[0]).toBeGreaterThan(60);
    expect(labelCentroidLps(hip.labels, HIP_LABELS.hipLeft).centroid[0]).toBeGreaterThan(40);
    expect(labelCentroidLps(hip.labels, HIP_LABELS.femurRight).centroid[0]).toBeLessThan(-60);
    expect(labelCentroidLps(hip.labels, HIP_LABELS.hipRight).centroid[0]).toBeLessThan(-40);
    expect(Math.abs(labelCentroidLps(hip.labels, HIP_LABELS.sacrum).centroid[0])).toBeLessThan(0.5);
    // The brightest voxel of the whole volume is the 2500 HU bead on the left flank.
    let best = 0;
    for (let n = 1; n < hip.volume.data.length; n++) if (hip.volume.data[n] > hip.volume.data[best]) best = n;
    const [nx, ny] = hip.volume.size;
    const p = indexToLps(hip.volume, [best % nx, Math.floor(best / nx) % ny, Math.floor(best / (nx * ny))]);
    expect(p[0]).toBeGreaterThan(150);
    expect(dist(p, hip.landmarksLps.markerBeadLeft)).toBeLessThan(HIP_DESIGN.markerBeadRadiusMm);
  });

  it('has a left femoral head 2.5 mm larger than the right, measured from the labels', () => {
    const radius = (s: 'Left' | 'Right') => {
      const { head, toHead, label } = side(s);
      // The half of the head beyond its centre (away from the neck) is a pure hemisphere.
      const hemi = regionStats(hip.labels, ball(head, 30).min, ball(head, 30).max, (p, n) => hip.labels.data[n] === label && dot(sub(p, head), toHead) > 0);
      const v = hip.volume.spacing;
      return Math.cbrt((3 * hemi.count * v[0] * v[1] * v[2]) / (2 * Math.PI));
    };
    const left = radius('Left');
    const right = radius('Right');
    expect(left).toBeCloseTo(HIP_DESIGN.headRadiusLeftMm, 0);
    expect(right).toBeCloseTo(HIP_DESIGN.headRadiusRightMm, 0);
    expect(left - right).toBeGreaterThan(2);
    expect(left - right).toBeLessThan(3);
    // In HU: the shell 22.6–24 mm from each centre is head cortex on the left, joint space on the right.
    const shell = (s: 'Left' | 'Right') => {
      const { head, toHead } = side(s);
      return regionStats(hip.volume, ball(head, 25).min, ball(head, 25).max, (p) => {
        const r = dist(p, head);
        return r > 22.6 && r < 24 && dot(sub(p, head), toHead) > 0.3 * r;
      }).mean;
    };
    expect(shell('Left')).toBeGreaterThan(600);
    expect(shell('Right')).toBeLessThan(250);
  });

  it('keeps a 2–3 mm joint space between each femoral head and its acetabulum', () => {
    for (const s of ['Left', 'Right'] as const) {
      const { head, label } = side(s);
      const up = normalize([s === 'Left' ? 0.3 : -0.3, 0, 1]);
      const runs = runsAlongRay(hip.labels, head, up, 40).filter((r) => r.toMm > r.fromMm || r.value !== 0);
      const values = runs.map((r) => r.value);
      const hipLabel = s === 'Left' ? HIP_LABELS.hipLeft : HIP_LABELS.hipRight;
      expect(values.slice(0, 3)).toEqual([label, 0, hipLabel]);
      const gapMm = runs[1].toMm - runs[1].fromMm + 0.1;
      expect(gapMm).toBeGreaterThan(1);
      expect(gapMm).toBeLessThan(4.5);
    }
  });

  it('has cancellous heads (150–400 HU) inside cortical shafts (1200–1800 HU) and soft tissue', () => {
    for (const s of ['Left', 'Right'] as const) {
      const { head } = side(s);
      const core = regionStats(hip.volume, ball(head, 10).min, ball(head, 10).max, (p) => dist(p, head) < 10);
      expect(core.mean).toBeGreaterThan(150);
      expect(core.mean).toBeLessThan(400);
      expect(Math.abs(core.mean - HIP_DESIGN.femurHu.cancellousHu)).toBeLessThan(5);
      const junction = hip.landmarksLps[`femoralNeckJunction${s}`];
      const level = hip.landmarksLps[`femoralShaftAxisDistal${s}`];
      const axis = normalize(sub(level, junction));
      const cortex = regionStats(hip.volume, ball(level, 16).min, ball(level, 16).max, (p) => {
        const rel = sub(p, level);
        const along = dot(rel, axis);
        const radial = Math.sqrt(Math.max(0, dot(rel, rel) - along * along));
        return Math.abs(along) < 3 && radial > 10 && radial < 12.5;
      });
      expect(cortex.count).toBeGreaterThan(50);
      expect(cortex.mean).toBeGreaterThan(1200);
      expect(cortex.mean).toBeLessThan(1800);
      expect(Math.abs(cortex.mean - HIP_DESIGN.femurHu.corticalHu)).toBeLessThan(25);
    }
    const muscle = regionStats(hip.volume, ball([0, -20, 40], 8).min, ball([0, -20, 40], 8).max, (p) => dist(p, [0, -20, 40]) < 8);
    expect(muscle.mean).toBeGreaterThan(35);
    expect(muscle.mean).toBeLessThan(45);
    expect(muscle.sd).toBeGreaterThan(10); // noise σ 12 HU
    expect(muscle.sd).toBeLessThan(14);
    const fat = regionStats(hip.volume, ball([0, -83, 40], 3).min, ball([0, -83, 40], 3).max, (p) => dist(p, [0, -83, 40]) < 3);
    expect(fat.mean).toBeGreaterThan(-110);
    expect(fat.mean).toBeLessThan(-90);
  });
});

describe('knee phantom (right knee)', () => {
  it('is a right leg with the fibula lateral (−x), the patella anterior (−y) and the femur above the tibia', () => {
    const femur = labelCentroidLps(knee.labels, KNEE_LABELS.femur).centroid;
    const tibia = labelCentroidLps(knee.labels, KNEE_LABELS.tibia).centroid;
    const fibula = labelCentroidLps(knee.labels, KNEE_LABELS.fibula).centroid;
    const patella = labelCentroidLps(knee.labels, KNEE_LABELS.patella).centroid;
    expect(tibia[0]).toBeLessThan(-60); // patient right
    expect(fibula[0]).toBeLessThan(tibia[0] - 20);
    expect(patella[1]).toBeLessThan(femur[1] - 25);
    expect(femur[2]).toBeGreaterThan(20);
    expect(tibia[2]).toBeLessThan(-20);
  });

  it('has non-square pixels (1.0 mm columns, 1.2 mm rows) and a tibiofemoral joint space', () => {
    expect(knee.volume.spacing).toEqual([1, 1.2, 1.5]);
    const condyle = knee.landmarksLps.medialCondyleDistal;
    const runs = runsAlongRay(knee.labels, [condyle[0], condyle[1], condyle[2] + 5], [0, 0, -1], 15);
    expect(runs.map((r) => r.value)).toEqual([KNEE_LABELS.femur, 0, KNEE_LABELS.tibia]);
    const gapMm = runs[1].toMm - runs[1].fromMm + 0.1;
    expect(gapMm).toBeGreaterThan(3);
    expect(gapMm).toBeLessThan(6);
  });

  it('has a cortical femoral shaft (1200–1800 HU) around marrow', () => {
    const c: PointLps = [-90, 5, 100];
    const cortex = regionStats(knee.volume, ball(c, 15).min, ball(c, 15).max, (p) => {
      const r = Math.hypot(p[0] - c[0], p[1] - c[1]);
      return Math.abs(p[2] - c[2]) < 4 && r > 9.5 && r < 12.5;
    });
    expect(cortex.mean).toBeGreaterThan(1200);
    expect(cortex.mean).toBeLessThan(1800);
    const marrow = regionStats(knee.volume, ball(c, 6).min, ball(c, 6).max, (p) => Math.hypot(p[0] - c[0], p[1] - c[1]) < 6);
    expect(marrow.mean).toBeGreaterThan(-60);
    expect(marrow.mean).toBeLessThan(-20);
  });
});

describe('liver phantom', () => {
  it('puts the liver on the patient right (−x)', () => {
    expect(labelCentroidLps(liver.labels, LIVER_LABELS.liver).centroid[0]).toBeLessThan(-20);
  });

  it('labels tumours with voxel counts within 2 % of the analytic volumes', () => {
    const s = liver.volume.spacing;
    const voxelMm3 = s[0] * s[1] * s[2];
    const [a, b, c] = LIVER_DESIGN.tumour1SemiAxesMm;
    const t1 = labelCentroidLps(liver.labels, LIVER_LABELS.tumour1);
    expect(Math.abs((t1.count * voxelMm3) / ((4 / 3) * Math.PI * a * b * c) - 1)).toBeLessThan(0.02);
    expect(dist(t1.centroid, LIVER_DESIGN.tumour1CentreLps)).toBeLessThan(0.5);
    const t2 = labelCentroidLps(liver.labels, LIVER_LABELS.tumour2);
    expect(Math.abs((t2.count * voxelMm3) / ((4 / 3) * Math.PI * LIVER_DESIGN.tumour2RadiusMm ** 3) - 1)).toBeLessThan(0.02);
  });

  it('has PVP liver (100–110 HU), hypodense tumours (40–60 HU), enhanced vessels and σ ≈ 12 HU', () => {
    const parenchyma = interiorStats(liver.volume, liver.labels, LIVER_LABELS.liver);
    expect(parenchyma.mean).toBeGreaterThan(100);
    expect(parenchyma.mean).toBeLessThan(110);
    expect(parenchyma.sd).toBeGreaterThan(11);
    expect(parenchyma.sd).toBeLessThan(13);
    const t1 = interiorStats(liver.volume, liver.labels, LIVER_LABELS.tumour1);
    const t2 = interiorStats(liver.volume, liver.labels, LIVER_LABELS.tumour2);
    for (const t of [t1, t2]) {
      expect(t.mean).toBeGreaterThan(40);
      expect(t.mean).toBeLessThan(60);
    }
    const portal = interiorStats(liver.volume, liver.labels, LIVER_LABELS.portalVein);
    const hepatic = interiorStats(liver.volume, liver.labels, LIVER_LABELS.hepaticVein);
    expect(portal.mean).toBeGreaterThan(180);
    expect(portal.mean).toBeLessThan(200);
    expect(hepatic.mean).toBeGreaterThan(165);
    expect(hepatic.mean).toBeLessThan(185);
  });

  it('has vessel trees that are each one connected piece (no fragments from the rasteriser)', () => {
    expect(componentCount(liver.labels, LIVER_LABELS.portalVein)).toBe(1);
    // The three hepatic veins meet just outside the IVC (which is unlabelled), as veins often do.
    expect(componentCount(liver.labels, LIVER_LABELS.hepaticVein)).toBe(1);
  });

  it('keeps both tumours inside the liver (every 6-neighbour is liver, vessel or tumour)', () => {
    const [nx, ny] = liver.labels.size;
    const L = liver.labels.data;
    for (const t of [LIVER_LABELS.tumour1, LIVER_LABELS.tumour2]) {
      let outside = 0;
      for (let n = 0; n < L.length; n++) {
        if (L[n] !== t) continue;
        for (const m of [n - 1, n + 1, n - nx, n + nx, n - nx * ny, n + nx * ny]) if (L[m] === 0) outside++;
      }
      expect(outside).toBe(0);
    }
  });
});
