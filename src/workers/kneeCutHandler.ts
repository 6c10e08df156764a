/**
 * The twin worker's answer to a knee plan request ('kneeCut'): the landmarks of one knee proposed on
 * its labels, or the bone two cut planes remove (a scan of the whole labels grid: ≈ 0.1–0.3 s on the
 * knee sample, so off the page's main thread).
 */
import { proposeKneeLandmarks } from '../planning/kneeLandmarks';
import { kneeCutVolumes } from '../planning/kneePlanModel';
import type { Labelmap } from '../segmentation/labelmap';
import type { TwinEditRequest, TwinMessage } from './twinProtocol';

/** The 'kneeCutDone' message for `req`, computed on `held`. */
export function kneeCutMessage(held: Labelmap, req: Extract<TwinEditRequest, { type: 'kneeCut' }>, t0: number): TwinMessage {
  const input = req.input;
  const result = input.kind === 'propose'
    ? { kind: 'propose' as const, proposal: proposeKneeLandmarks(held, input.side) }
    : { kind: 'volumes' as const, ...kneeCutVolumes(held, input) };
  return { type: 'kneeCutDone', job: req.job, result, ms: performance.now() - t0 };
}
