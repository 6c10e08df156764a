/**
 * Liver-planning benchmark on the liver phantom at its default size (212 × 158 × 81, 1.5 × 1.5 × 2 mm):
 * the live updates the UI runs while the surgeon drags a resection plane or a Bézier control point.
 *
 *   runLiverBench(['--runs', '7'])   (wired as `npm run bench -- liver [--runs N]`)
 *
 * - plane update: plane split + volumes (functional, tumours out) + FLR (measured TLV) + tumour margins
 *   with per-vertex distances on a 33 × 33 display mesh;
 * - Bézier update: one control point moved, then display tessellation + Bézier split + volumes + FLR +
 *   margins (same outputs);
 * - territories: geodesic (26-neighbour Dijkstra, two nearest labels) and Euclidean, one run each, with
 *   the seven leaf branches of the phantom's portal tree (LIVER_PORTAL_LEAF_BRANCHES of liverPhantom.ts).
 * Medians of `--runs` (default 7) after one warm-up. Organ = every liver label (parenchyma, portal and
 * hepatic veins, tumours). Last line of stdout: one JSON object
 * `{ "stage": "liver-plan", "voxels", "planeUpdateMs", "bezierUpdateMs", "territoriesSeconds", … }`.
 */
import { parseArgs } from 'node:util';
import { median } from '../core/stats';
import type { PointLps, Vec3 } from '../core/vec3';
import { assessFlr } from '../planning/liver/flr';
import { bezierFromPlane, tessellateBezier, withControlPoint } from '../planning/liver/bezier';
import { splitLiverByBezier } from '../planning/liver/bezierSplit';
import { geodesicTerritories } from '../planning/liver/geodesicTerritories';
import { tumourMargins, type ResectionSurface } from '../planning/liver/margins';
import { splitLiverByPlane, type PlaneLps } from '../planning/liver/planeSplit';
import { euclideanTerritories, type TerritoryBranch } from '../planning/liver/territories';
import { prepareTumours } from '../planning/liver/tumourField';
import { partitionVolumes, type LiverSplit } from '../planning/liver/volumetry';
import { buildLiverPhantom, LIVER_DESIGN, LIVER_LABELS, LIVER_PORTAL_LEAF_BRANCHES } from '../samples/liverPhantom';
import { createMask, maskOfLabel, type Mask } from '../segmentation/labelmap';
import { voxelCount } from '../volume/volume';

/** Leaf branches of the phantom's portal tree with their territory labels (ground truth of the phantom). */
const PHANTOM_LEAF_BRANCHES: TerritoryBranch[] = LIVER_PORTAL_LEAF_BRANCHES.map((b) => ({ ...b, pointsLps: [...b.pointsLps] }));

const ms = (t0: number): number => performance.now() - t0;

/** Parses `argv` (options only), runs the benchmark, prints its JSON; returns the exit code. */
export function runLiverBench(argv: string[]): number {
  const { values } = parseArgs({ args: argv, options: { runs: { type: 'string', default: '7' } } });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) {
    process.stderr.write(`--runs must be a positive integer (got ${values.runs})\n`);
    return 2;
  }
  let t0 = performance.now();
  const phantom = buildLiverPhantom();
  const buildMs = ms(t0);
  const labels = phantom.labels.data as Uint8Array;
  const organ: Mask = createMask(phantom.labels);
  for (let q = 0; q < labels.length; q++) if (labels[q] >= LIVER_LABELS.liver && labels[q] <= LIVER_LABELS.tumour2) organ.data[q] = 1;
  const tumourMasks = [maskOfLabel(phantom.labels, LIVER_LABELS.tumour1), maskOfLabel(phantom.labels, LIVER_LABELS.tumour2)];
  t0 = performance.now();
  const tumours = prepareTumours(organ, [{ name: 'tumour 1', mask: tumourMasks[0] }, { name: 'tumour 2', mask: tumourMasks[1] }]);
  const prepareTumoursMs = ms(t0);

  // A right-lobe plane 15 mm beyond tumour 1 (its ellipsoid support along the normal).
  const n: Vec3 = [-1, 0.2, -0.3].map((v) => v / Math.hypot(-1, 0.2, -0.3)) as Vec3;
  const c1 = LIVER_DESIGN.tumour1CentreLps, s1 = LIVER_DESIGN.tumour1SemiAxesMm;
  const off = Math.hypot(s1[0] * n[0], s1[1] * n[1], s1[2] * n[2]) + 15;
  const basePoint: PointLps = [c1[0] - off * n[0], c1[1] - off * n[1], c1[2] - off * n[2]];
  const flat = bezierFromPlane({ centreLps: basePoint, normalLps: n, sizeMm: 320 });
  const planeMesh = tessellateBezier(flat, { segmentsU: 32, segmentsV: 32 });

  const finish = (split: LiverSplit, surface: ResectionSurface, display: Float32Array) => {
    const v = partitionVolumes(split, organ, tumourMasks);
    const flr = assessFlr({ flrVolumeMl: v.remnantFunctionalMl, tlv: { kind: 'measured', tlvCtMl: v.totalMl, tumourVolumeMl: v.tumourMl }, condition: 'normal' });
    const margins = tumourMargins({ organ, split, tumours, surface, displayPositionsLps: display });
    return { v, flr, margins };
  };
  const planeUpdate = (r: number) => {
    const shift = (r % 5) - 2; // the user drags the plane by ±2 mm
    const plane: PlaneLps = { pointLps: [basePoint[0] + shift * n[0], basePoint[1] + shift * n[1], basePoint[2] + shift * n[2]], normalLps: n };
    return finish(splitLiverByPlane(organ, plane), { kind: 'plane', plane }, planeMesh.positionsLps);
  };
  const bezierUpdate = (r: number) => {
    const p = flat.controlPointsLps[5];
    const lift = 5 + 3 * (r % 5); // the user drags P11 along the normal
    const surface = withControlPoint(flat, 1, 1, [p[0] + lift * n[0], p[1] + lift * n[1], p[2] + lift * n[2]]);
    const mesh = tessellateBezier(surface, { segmentsU: 32, segmentsV: 32 });
    const split = splitLiverByBezier(organ, surface);
    return { split, ...finish(split, { kind: 'bezier', surface }, mesh.positionsLps) };
  };

  const planeTimes: number[] = [], bezierTimes: number[] = [];
  let lastPlane = planeUpdate(0);
  let lastBezier = bezierUpdate(0);
  for (let r = 1; r <= runs; r++) {
    t0 = performance.now();
    lastPlane = planeUpdate(r);
    planeTimes.push(ms(t0));
    t0 = performance.now();
    lastBezier = bezierUpdate(r);
    bezierTimes.push(ms(t0));
  }
  process.stderr.write(`plane updates (ms): ${planeTimes.map((t) => t.toFixed(1)).join(' ')}\nBézier updates (ms): ${bezierTimes.map((t) => t.toFixed(1)).join(' ')}\n`);

  t0 = performance.now();
  const geo = geodesicTerritories(organ, PHANTOM_LEAF_BRANCHES);
  const territoriesSeconds = ms(t0) / 1000;
  t0 = performance.now();
  const euc = euclideanTerritories(organ, PHANTOM_LEAF_BRANCHES);
  const euclideanTerritoriesSeconds = ms(t0) / 1000;

  const round = (x: number, d = 1): number => +x.toFixed(d);
  const out = {
    stage: 'liver-plan',
    voxels: voxelCount(organ.size),
    planeUpdateMs: round(median(planeTimes)),
    bezierUpdateMs: round(median(bezierTimes)),
    territoriesSeconds: round(territoriesSeconds, 3),
    euclideanTerritoriesSeconds: round(euclideanTerritoriesSeconds, 3),
    organVoxels: lastPlane.v.totalMl > 0 ? Math.round((lastPlane.v.totalMl * 1000) / lastPlane.v.voxelVolumeMm3) : 0,
    runs,
    buildPhantomMs: round(buildMs),
    prepareTumoursMs: round(prepareTumoursMs),
    planeMaxMs: round(Math.max(...planeTimes)),
    bezierMaxMs: round(Math.max(...bezierTimes)),
    plane: { remnantMl: round(lastPlane.v.remnantMl), flrPercent: round(lastPlane.flr.percent, 2), tumour1MarginMm: round(lastPlane.margins.tumours[0].marginMm ?? NaN, 2) },
    bezier: { remnantMl: round(lastBezier.v.remnantMl), cutComplete: lastBezier.split.cutComplete, barrierVoxels: lastBezier.split.barrierVoxels, tumour1MarginMm: round(lastBezier.margins.tumours[0].marginMm ?? NaN, 2) },
    territoriesMl: Object.fromEntries(geo.territories.map((t) => [t.name, round(t.volumeMl)])),
    territoriesAgreement: round(agreement(organ, geo.labels, euc.labels), 4),
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
  return 0;
}

/** Fraction of organ voxels with the same label in both territory maps. */
function agreement(organ: Mask, a: Uint16Array, b: Uint16Array): number {
  let same = 0, total = 0;
  for (let q = 0; q < organ.data.length; q++) {
    if (!organ.data[q]) continue;
    total++;
    if (a[q] === b[q]) same++;
  }
  return same / total;
}
