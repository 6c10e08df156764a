/**
 * The twin worker's answer to a knee plan request ('kneeCut'): the landmarks of one knee proposed on
 * its labels, or the bone two cut planes remove (a scan of the whole labels grid: ≈ 0.1–0.3 s on the
 * knee sample, so off the page's main thread) together with the femoral component and tibial baseplate
 * sized on those cuts (planning/kneeComponentSizing, as `jumeau build --anatomy knee` does in
 * planning/kneeComponentPlan: the tibia on its solid slice-hull envelope).
 */
import catalogueJson from '../../assets/implants/generic.json';
import { describeError } from '../core/errors';
import type { Vec3 } from '../core/vec3';
import { cross, dot, scale, sub } from '../core/vec3';
import { sliceHullEnvelope } from '../planning/boneEnvelope';
import { cutSection } from '../planning/cutSection';
import { parseImplantCatalogue, type ImplantCatalogue } from '../planning/implants';
import { proposeFemoralComponentSize, proposeTibialComponentSize } from '../planning/kneeComponentSizing';
import { proposeKneeLandmarks } from '../planning/kneeLandmarks';
import { kneeCutVolumes } from '../planning/kneePlanModel';
import type { Labelmap } from '../segmentation/labelmap';
import { maskOfLabel } from '../segmentation/labelmap';
import type { KneeComponentSizes, KneeCutRequest, TwinEditRequest, TwinMessage } from './twinProtocol';

/** The catalogue the worker sizes from (assets/implants/generic.json, as the hip proposal). */
const CATALOGUE: ImplantCatalogue = parseImplantCatalogue(catalogueJson);

const f1 = (v: number): string => v.toFixed(1);
const missing = (reason: string): { available: false; reason: string } => ({ available: false, reason });

/**
 * Sizes both knee components on `labels` for the request's cut planes and landmarks (module doc). A
 * component that cannot be sized is missing with the reason (with the measurement made, when one was).
 */
export function kneeComponentSizes(labels: Labelmap, req: Extract<KneeCutRequest, { kind: 'volumes' }>, catalogue: ImplantCatalogue = CATALOGUE): KneeComponentSizes | undefined {
  const lm = req.sizing;
  if (!lm) return undefined;
  const femFam = catalogue.families.find((f) => f.kind === 'femoralComponent');
  const tibFam = catalogue.families.find((f) => f.kind === 'tibialComponent');
  const out: KneeComponentSizes = { catalogue: { id: catalogue.id, version: catalogue.version }, femoral: missing('not sized'), tibial: missing('not sized') };
  if (femFam?.kind !== 'femoralComponent') out.femoral = missing(`no femoral component family in catalogue ${catalogue.id}`);
  else if (req.femurLabel === null) out.femoral = missing('no femur segment');
  else if (!req.femurPlane) out.femoral = missing('no distal femoral cut');
  else if (!lm.posteriorCondyleMedialLps || !lm.posteriorCondyleLateralLps) out.femoral = missing(`landmark posteriorCondyle${lm.posteriorCondyleMedialLps ? 'Lateral' : 'Medial'} missing`);
  else {
    try {
      const f = proposeFemoralComponentSize({
        femur: maskOfLabel(labels, req.femurLabel), side: lm.side, distalCut: req.femurPlane, posteriorCondyleMedialLps: lm.posteriorCondyleMedialLps,
        posteriorCondyleLateralLps: lm.posteriorCondyleLateralLps, shaftDistalLps: lm.femoralShaftAxisDistalLps, family: femFam,
      });
      out.femoral = f.size ? { available: true, value: { ...f, size: f.size, familyId: femFam.id } } : missing(`${f.reason} (ML ${f1(f.mlWidthMm)} mm at the distal cut)`);
    } catch (e) {
      out.femoral = missing(describeError(e));
    }
  }
  if (tibFam?.kind !== 'tibialComponent') out.tibial = missing(`no tibial component family in catalogue ${catalogue.id}`);
  else if (req.tibiaLabel === null) out.tibial = missing('no tibia segment');
  else if (!req.tibiaPlane) out.tibial = missing('no proximal tibial cut');
  else {
    try {
      const tibia = sliceHullEnvelope(maskOfLabel(labels, req.tibiaLabel));
      const t = proposeTibialComponentSize({ tibia, side: lm.side, cut: req.tibiaPlane, family: tibFam });
      const cut = `cut surface ML ${f1(t.cutMlMm)} × AP ${f1(t.cutApMm)} mm`;
      if (!t.size || !t.pose) out.tibial = missing(`${t.reason} (${cut})`);
      else {
        // Per side along the sizing frame (m medial, p posterior): the footprint's edge − the section's extreme.
        const n = t.pose.axisLps, m = t.pose.referenceLps;
        let p: Vec3 = cross(n, m);
        if (p[1] < 0) p = scale(p, -1);
        const sec = cutSection(tibia, req.tibiaPlane.pointLps, m, p);
        const d = sub(t.pose.positionLps, req.tibiaPlane.pointLps);
        const cu = dot(d, m), cv = dot(d, p);
        const row = tibFam.sizes.find((s) => s.size === t.size)!;
        const ra = row.mlWidthMm / 2, rb = row.apDepthMm / 2;
        const sidesMm = { medial: cu + ra - sec.extentUMm.max, lateral: sec.extentUMm.min - (cu - ra), anterior: sec.extentVMm.min - (cv - rb), posterior: cv + rb - sec.extentVMm.max };
        out.tibial = { available: true, value: { ...t, size: t.size, familyId: tibFam.id, insertThicknessMm: Math.min(...tibFam.insertThicknessesMm), sidesMm } };
      }
    } catch (e) {
      out.tibial = missing(describeError(e));
    }
  }
  return out;
}

/** The 'kneeCutDone' message for `req`, computed on `held`. */
export function kneeCutMessage(held: Labelmap, req: Extract<TwinEditRequest, { type: 'kneeCut' }>, t0: number): TwinMessage {
  const input = req.input;
  if (input.kind === 'propose') return { type: 'kneeCutDone', job: req.job, result: { kind: 'propose', proposal: proposeKneeLandmarks(held, input.side) }, ms: performance.now() - t0 };
  const components = kneeComponentSizes(held, input);
  const result = { kind: 'volumes' as const, ...kneeCutVolumes(held, input), ...(components ? { components } : {}) };
  return { type: 'kneeCutDone', job: req.job, result, ms: performance.now() - t0 };
}
