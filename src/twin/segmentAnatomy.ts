/**
 * Chooses and runs the automatic segmentation pipeline of an anatomy. `auto` reads the series
 * description first (HIP/PELVIS, KNEE, LIVER/ABDOMEN…) and otherwise tries the pipelines on the image
 * content in the order of {@link ANATOMIES}, keeping the first that finds its structures; the reason
 * for the choice is returned so the report and the app can show it.
 */
import { JumeauError, isJumeauError, throwIfAborted } from '../core/errors';
import type { Labelmap } from '../segmentation/labelmap';
import { segmentKneeBones, type AutoKneeParams, type AutoKneeResult } from '../segmentation/autoKnee';
import { segmentHipBones } from '../segmentation/autoBone';
import { segmentLiver } from '../segmentation/autoLiver';
import type { Volume } from '../volume/volume';
import { ANATOMIES, type Anatomy, type AnatomyChoice, type TwinSeeds } from './types';

/** What one pipeline returns. */
export interface AnatomySegmentation {
  labelmap: Labelmap;
  notes: string[];
}

/** Progress and cancellation handed to a pipeline: `onProgress(fraction 0…1, what is running)`. */
export interface PipelineContext {
  onProgress?: (fraction: number, what: string) => void;
  signal?: AbortSignal;
}

type Pipeline = (volume: Volume, seeds: TwinSeeds, ctx: PipelineContext) => AnatomySegmentation;

/** Parameters for low-density bone (cadaver, osteoporosis: thin cortices, fatty marrow), tried when the defaults miss a bone. */
export const LOW_DENSITY_KNEE: AutoKneeParams = { surfaceHu: 200, coreSurfaceHu: 400, coreHu: -300 };

/**
 * Knee: the defaults (cortex ≥ 600 HU) first; when a leg in view lacks its femur or tibia — a knee scan
 * shows both — the low-density parameters are tried too and the run naming more bones is kept (ties keep
 * the defaults), with a note saying so.
 */
function kneePipeline(volume: Volume, _seeds: TwinSeeds, ctx: PipelineContext): AnatomySegmentation {
  const first = tryKnee(volume, { onProgress: (f) => ctx.onProgress?.(f, 'knee bones'), signal: ctx.signal });
  const missing = first.ok ? kneeGaps(first.result) : ['no bone separated'];
  if (!missing.length && first.ok) return pack(first.result, []);
  const second = tryKnee(volume, { ...LOW_DENSITY_KNEE, onProgress: (f) => ctx.onProgress?.(f, 'knee bones, low-density'), signal: ctx.signal });
  if (!second.ok) {
    if (first.ok) return pack(first.result, [`low-density bone parameters also failed: ${second.error.message}`]);
    throw first.error;
  }
  if (!first.ok || second.result.labelmap.segments.length > first.result.labelmap.segments.length) {
    return pack(second.result, [`standard bone thresholds (cortex ≥ 600 HU) missed ${missing.join(', ')}: low-density bone parameters used (surface ${LOW_DENSITY_KNEE.surfaceHu} HU, cores ${LOW_DENSITY_KNEE.coreSurfaceHu} HU) — thin cortices or fatty marrow (cadaver, osteoporosis)`]);
  }
  return pack(first.result, [`standard bone thresholds missed ${missing.join(', ')}; low-density parameters found no more bones`]);
}

type KneeTry = { ok: true; result: AutoKneeResult } | { ok: false; error: JumeauError };

function tryKnee(volume: Volume, params: AutoKneeParams): KneeTry {
  try {
    return { ok: true, result: segmentKneeBones(volume, params) };
  } catch (e) {
    if (!isJumeauError(e) || e.code === 'CANCELLED') throw e;
    return { ok: false, error: e };
  }
}

function kneeGaps(r: AutoKneeResult): string[] {
  const names = new Set(r.labelmap.segments.map((s) => s.name));
  return r.legs.flatMap((side) => ['femur', 'tibia'].filter((b) => !names.has(`${b} ${side}`)).map((b) => `the ${side} ${b}`));
}

function pack(r: AutoKneeResult, extra: string[]): AnatomySegmentation {
  return { labelmap: r.labelmap, notes: [...r.notes, ...extra, `knee bones separated by a ${r.coreDepthMm} mm erosion (${r.cores} cores; legs: ${r.legs.join(', ')})`] };
}

const PIPELINES: Record<Anatomy, Pipeline> = {
  hip: (volume, _seeds, ctx) => {
    const r = segmentHipBones(volume, { onProgress: (f) => ctx.onProgress?.(f, 'hip bones'), signal: ctx.signal });
    return { labelmap: r.labelmap, notes: [...r.notes, `hip bones separated by a ${r.coreDepthMm} mm erosion (${r.cores} cores)`] };
  },
  knee: kneePipeline,
  liver: (volume, seeds, ctx) => {
    const r = segmentLiver(volume, {
      onProgress: (f) => ctx.onProgress?.(f, 'liver'),
      signal: ctx.signal,
      seedIjk: seeds.liverSeedIjk,
      tumourSeedsIjk: seeds.tumourSeedsIjk,
      portalVeinSeedsIjk: seeds.portalVeinSeedsIjk,
      hepaticVeinSeedsIjk: seeds.hepaticVeinSeedsIjk,
    });
    return { labelmap: r.labelmap, notes: r.notes };
  },
};


/** Keywords of series/study descriptions, checked in this order (liver before "abdomen pelvis" hips). */
const KEYWORDS: [Anatomy, RegExp][] = [
  ['knee', /\b(knee|genou|tibia|patella)/i],
  ['hip', /\b(hip|hips|hanche|pelvis|pelvic|bassin|femur|acetab)/i],
  ['liver', /\b(liver|foie|hepat|abdomen|abdominal|portal)/i],
];

/** The anatomy a description names, or null. */
export function anatomyFromDescription(description: string | undefined): Anatomy | null {
  if (!description) return null;
  for (const [anatomy, re] of KEYWORDS) if (re.test(description)) return anatomy;
  return null;
}

/**
 * Runs the pipeline of `choice` on `volume`.
 * @param description - series/study description, used by `auto`
 * @throws JumeauError BAD_ARGUMENT for an anatomy without a pipeline; EMPTY_SEGMENT when the
 *   structures are not found (for `auto`: by any pipeline, with each one's reason)
 */
export function segmentAnatomy(
  volume: Volume,
  choice: AnatomyChoice,
  options: { seeds?: TwinSeeds; description?: string; signal?: AbortSignal; onProgress?: (fraction: number, what: string) => void } = {},
): AnatomySegmentation & { anatomy: Anatomy; reason: string } {
  const seeds = options.seeds ?? {};
  const ctx: PipelineContext = { onProgress: options.onProgress, signal: options.signal };
  if (choice !== 'auto') {
    const run = (PIPELINES as Partial<Record<string, Pipeline>>)[choice]; // a worker message may carry anything
    if (!run) throw new JumeauError('BAD_ARGUMENT', `no automatic pipeline for "${choice}" (available: ${ANATOMIES.join(', ')})`, { subject: 'anatomy' });
    return { ...run(volume, seeds, ctx), anatomy: choice, reason: `asked for ${choice}` };
  }
  const named = anatomyFromDescription(options.description);
  if (named) return { ...PIPELINES[named](volume, seeds, ctx), anatomy: named, reason: `series description "${options.description}" names ${named}` };
  const failures: string[] = [];
  for (const anatomy of ANATOMIES) {
    throwIfAborted(options.signal);
    try {
      const r = PIPELINES[anatomy](volume, seeds, ctx);
      const why = failures.length ? ` (${failures.join('; ')})` : '';
      return { ...r, anatomy, reason: `the ${anatomy} pipeline found its structures in the image${why}` };
    } catch (e) {
      if (!isJumeauError(e) || e.code === 'CANCELLED') throw e;
      failures.push(`${anatomy}: ${e.message}`);
    }
  }
  throw new JumeauError('EMPTY_SEGMENT', `no anatomy recognised in this image — ${failures.join('; ')}. Choose one with --anatomy or give seeds.`, { subject: 'anatomy' });
}
