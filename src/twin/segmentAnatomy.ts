/**
 * Chooses and runs the automatic segmentation pipeline of an anatomy. `auto` reads the series
 * description first (HIP/PELVIS, KNEE, LIVER/ABDOMEN…) and otherwise tries the pipelines on the image
 * content in the order of {@link ANATOMIES}, keeping the first that finds its structures; the reason
 * for the choice is returned so the report and the app can show it.
 */
import { JumeauError, isJumeauError, throwIfAborted } from '../core/errors';
import { createLabelmap, type Labelmap } from '../segmentation/labelmap';
import { boxAtOrAbove, cropVolume, pasteInto } from '../volume/crop';
import { segmentHipBones } from '../segmentation/autoBone';
import { segmentLiver } from '../segmentation/autoLiver';
import type { Volume } from '../volume/volume';
import { ANATOMIES, type Anatomy, type AnatomyChoice, type TwinSeeds } from './types';

/** What one pipeline returns. */
export interface AnatomySegmentation {
  labelmap: Labelmap;
  notes: string[];
}

type Pipeline = (volume: Volume, seeds: TwinSeeds) => AnatomySegmentation;

/**
 * Bone pipelines start from voxels ≥ 600 HU and only ever label voxels enclosed by them, so they can
 * run on the box of voxels ≥ BONE_BOX_HU (lower, for safety) grown by a few voxels of background:
 * the same labels (tested), in a fraction of the time on a CT whose field is mostly soft tissue and air.
 */
const BONE_BOX_HU = 300;
const BONE_BOX_MARGIN_VOXELS = 3;

/** Runs `run` on the bone region of `volume` and pastes its labels back into a full-size labelmap. */
export function onBoneRegion(volume: Volume, run: (v: Volume) => AnatomySegmentation): AnatomySegmentation {
  const box = boxAtOrAbove(volume, BONE_BOX_HU, BONE_BOX_MARGIN_VOXELS);
  const whole = box && box.min.every((x) => x === 0) && box.max.every((x, a) => x === volume.size[a] - 1);
  if (!box || whole) return run(volume);
  const part = run(cropVolume(volume, box));
  const labelmap = createLabelmap(volume, { segments: part.labelmap.segments, bits: part.labelmap.data instanceof Uint16Array ? 16 : 8 });
  pasteInto(labelmap, part.labelmap, box);
  return { labelmap, notes: part.notes };
}

const PIPELINES: Partial<Record<Anatomy, Pipeline>> = {
  hip: (volume) => onBoneRegion(volume, (v) => {
    const r = segmentHipBones(v);
    return { labelmap: r.labelmap, notes: [...r.notes, `hip bones separated by a ${r.coreDepthMm} mm erosion (${r.cores} cores)`] };
  }),
  liver: (volume, seeds) => {
    const r = segmentLiver(volume, {
      seedIjk: seeds.liverSeedIjk,
      tumourSeedsIjk: seeds.tumourSeedsIjk,
      portalVeinSeedsIjk: seeds.portalVeinSeedsIjk,
      hepaticVeinSeedsIjk: seeds.hepaticVeinSeedsIjk,
    });
    return { labelmap: r.labelmap, notes: r.notes };
  },
};

/** Anatomies with a pipeline in this build. */
export function availableAnatomies(): Anatomy[] {
  return ANATOMIES.filter((a) => PIPELINES[a]);
}

/** Keywords of series/study descriptions, checked in this order (liver before "abdomen pelvis" hips). */
const KEYWORDS: [Anatomy, RegExp][] = [
  ['knee', /\b(knee|genou|tibia|patella)/i],
  ['hip', /\b(hip|hips|hanche|pelvis|pelvic|bassin|femur|acetab)/i],
  ['liver', /\b(liver|foie|hepat|abdomen|abdominal|portal)/i],
];

/** The anatomy a description names, or null. */
export function anatomyFromDescription(description: string | undefined): Anatomy | null {
  if (!description) return null;
  for (const [anatomy, re] of KEYWORDS) if (re.test(description) && PIPELINES[anatomy]) return anatomy;
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
  options: { seeds?: TwinSeeds; description?: string; signal?: AbortSignal } = {},
): AnatomySegmentation & { anatomy: Anatomy; reason: string } {
  const seeds = options.seeds ?? {};
  if (choice !== 'auto') {
    const run = PIPELINES[choice];
    if (!run) throw new JumeauError('BAD_ARGUMENT', `no automatic pipeline for "${choice}" (available: ${availableAnatomies().join(', ')})`, { subject: 'anatomy' });
    return { ...run(volume, seeds), anatomy: choice, reason: `asked for ${choice}` };
  }
  const named = anatomyFromDescription(options.description);
  if (named) return { ...PIPELINES[named]!(volume, seeds), anatomy: named, reason: `series description "${options.description}" names ${named}` };
  const failures: string[] = [];
  for (const anatomy of availableAnatomies()) {
    throwIfAborted(options.signal);
    try {
      const r = PIPELINES[anatomy]!(volume, seeds);
      const why = failures.length ? ` (${failures.join('; ')})` : '';
      return { ...r, anatomy, reason: `the ${anatomy} pipeline found its structures in the image${why}` };
    } catch (e) {
      if (!isJumeauError(e) || (e.code !== 'EMPTY_SEGMENT' && e.code !== 'SEED_OUTSIDE_VOLUME')) throw e;
      failures.push(`${anatomy}: ${e.message}`);
    }
  }
  throw new JumeauError('EMPTY_SEGMENT', `no anatomy recognised in this image — ${failures.join('; ')}. Choose one with --anatomy or give seeds.`, { subject: 'anatomy' });
}
