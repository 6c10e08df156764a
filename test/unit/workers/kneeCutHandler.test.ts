// The twin worker's 'volumes' answer with the components sized on the knee phantom (a RIGHT knee):
// the same sizes and measurements as the pure sizing (test/unit/planning/kneeComponentSizing.test.ts:
// femoral size 1, tibial size 6 with ≈ 88 % coverage at the 9 mm cut), per-side margins of the tibial
// footprint, a deeper tibial cut changing the tibial figures, and missing components with the reason.
import { beforeAll, describe, expect, it } from 'vitest';
import { kneeInputsOf, proposeKneeLandmarks, type KneeLandmarkProposal } from '../../../src/planning/kneeLandmarks';
import { DEFAULT_KNEE_CUTS, kneeCutPlanes, type KneeCutParams } from '../../../src/planning/kneePlanModel';
import { buildKneePhantom, KNEE_LABELS } from '../../../src/samples/kneePhantom';
import type { Labelmap } from '../../../src/segmentation/labelmap';
import { terminologyOf } from '../../../src/segmentation/terminology';
import { kneeComponentSizes } from '../../../src/workers/kneeCutHandler';
import type { KneeCutRequest } from '../../../src/workers/twinProtocol';

let lm: Labelmap;
let prop: KneeLandmarkProposal;
const pt = (b: string) => prop.entries.find((e) => e.base === b)?.pointLps ?? null;
function request(params: KneeCutParams): Extract<KneeCutRequest, { kind: 'volumes' }> {
  const m = kneeCutPlanes(kneeInputsOf(prop.side, prop.entries, prop.tibialShaftUnitLps), params);
  return {
    kind: 'volumes', femurLabel: prop.femurLabel, tibiaLabel: prop.tibiaLabel,
    femurPlane: m.distalFemur.available ? m.distalFemur.value.plane : null, tibiaPlane: m.proximalTibia.available ? m.proximalTibia.value.plane : null,
    sizing: { side: prop.side, posteriorCondyleMedialLps: pt('posteriorCondyleMedial'), posteriorCondyleLateralLps: pt('posteriorCondyleLateral'), femoralShaftAxisDistalLps: pt('femoralShaftAxisDistal') },
  };
}

describe('kneeComponentSizes (twin worker, knee phantom)', () => {
  beforeAll(() => {
    const c = buildKneePhantom();
    lm = { ...c.labels, unit: 'label', data: c.labels.data as Uint8Array, segments: [{ label: KNEE_LABELS.femur, name: 'femur right', colorRgb: [255, 176, 64], terminology: terminologyOf('femur') }, { label: KNEE_LABELS.tibia, name: 'tibia right', colorRgb: [96, 160, 255], terminology: terminologyOf('tibia') }] };
    prop = proposeKneeLandmarks(lm)!;
  }, 60_000);

  it('9 mm cuts: femoral size 1 and tibial size 6 as the pure sizing (AP 47.8, ML 66.5 mm; coverage 87.7 %), per-side margins of the footprint', () => {
    const c = kneeComponentSizes(lm, request(DEFAULT_KNEE_CUTS))!;
    expect(c.catalogue.id).toBe('jumeau-generic');
    if (!c.femoral.available || !c.tibial.available) throw new Error('not sized');
    const f = c.femoral.value, t = c.tibial.value;
    expect(f.size).toBe('1');
    expect(f.apDepthMm).toBeCloseTo(47.77, 1); // pure test: 47.77
    expect(f.mlWidthMm).toBeCloseTo(66.5, 6);
    expect(f.mlOverhangPerSideMm).toBeCloseTo(-4.75, 6);
    expect(t.size).toBe('6');
    expect(t.coveragePercent!).toBeCloseTo(87.72, 1); // on the slice-hull envelope, as `jumeau build`: the phantom's plateau is solid
    expect([t.cutMlMm, t.cutApMm]).toEqual([79, 56.5]);
    // Size 6 is 77 × 51 mm on a 79 × 56.5 mm section: 1 mm each side ML; AP 5.5 mm shared 2.5 / 3.0 (the footprint is placed where it overhangs least).
    expect(t.sidesMm.medial).toBeCloseTo(-1, 1);
    expect(t.sidesMm.lateral).toBeCloseTo(-1, 1);
    expect(t.sidesMm.anterior + t.sidesMm.posterior).toBeCloseTo(-(56.5 - 51), 1);
    expect(t.insertThicknessMm).toBe(9);
  }, 60_000);

  it('a 12 mm tibial cut changes the tibial figures (cut area 3523 → ≈ 3560 mm², coverage 87.7 → 87.2 %), not the femoral', () => {
    const a = kneeComponentSizes(lm, request(DEFAULT_KNEE_CUTS))!;
    const b = kneeComponentSizes(lm, request({ ...DEFAULT_KNEE_CUTS, tibia: { ...DEFAULT_KNEE_CUTS.tibia, depthMm: 12 } }))!;
    if (!a.tibial.available || !b.tibial.available || !a.femoral.available || !b.femoral.available) throw new Error('not sized');
    expect(b.tibial.value.cutAreaMm2 - a.tibial.value.cutAreaMm2).toBeGreaterThan(10);
    expect(b.tibial.value.coveragePercent!).toBeCloseTo(87.24, 1);
    expect(b.femoral.value.apDepthMm).toBe(a.femoral.value.apDepthMm);
  }, 60_000);

  it('missing with the reason: no sizing asked, no cut, no landmark, no segment', () => {
    const r = request(DEFAULT_KNEE_CUTS);
    expect(kneeComponentSizes(lm, { ...r, sizing: undefined })).toBeUndefined();
    const c = kneeComponentSizes(lm, { ...r, femurPlane: null, tibiaLabel: null, sizing: { ...r.sizing!, posteriorCondyleLateralLps: null } })!;
    expect(c.femoral).toEqual({ available: false, reason: 'no distal femoral cut' });
    expect(c.tibial).toEqual({ available: false, reason: 'no tibia segment' });
    const d = kneeComponentSizes(lm, { ...r, tibiaPlane: null, sizing: { ...r.sizing!, posteriorCondyleLateralLps: null } })!;
    expect(d.femoral).toEqual({ available: false, reason: 'landmark posteriorCondyleLateral missing' });
    expect(d.tibial).toEqual({ available: false, reason: 'no proximal tibial cut' });
    const e = kneeComponentSizes(lm, { ...r, sizing: { ...r.sizing!, femoralShaftAxisDistalLps: null } })!;
    expect(e.femoral).toEqual({ available: false, reason: 'the femoral shaft is not in view: no anterior cortex to reference the AP depth on (ML 66.5 mm at the distal cut)' });
  }, 60_000);
});
