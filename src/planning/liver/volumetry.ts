/**
 * Resection volumetry on a liver partition (brief §6.2, §6.4): total, resected and remnant volumes,
 * tumour volume inside the organ, and the **functional** volumes (organ minus tumour voxels) that FLR
 * uses. The partition is what {@link splitLiverByPlane} / `splitLiverByBezier` return: one byte per
 * voxel, {@link LIVER_PART} codes.
 *
 * Definitions (Jumeau):
 * - organ = the mask passed to the split: the whole liver as segmented for volumetry, normally with the
 *   tumours and intrahepatic vessels filled in (brief §1.1). TLV_CT = organ volume.
 * - functional liver = organ voxels that are in no tumour mask. FLR = functional remnant volume.
 * - measured ratio = FLR / (TLV_CT − tumour) = functional remnant / functional total.
 * Volumes are voxel counts × voxel volume (mm³) / 1000 → mL.
 */
import { JumeauError } from '../../core/errors';
import type { Geometry } from '../../segmentation/labelmap';
import { voxelVolumeMm3 } from '../../segmentation/labelmap';
import { voxelCount } from '../../volume/volume';
import { checkOnGrid, type GridMask } from './grid';

/** Partition codes: outside the organ, remnant (kept), resected (removed). */
export const LIVER_PART = { outside: 0, remnant: 1, resected: 2 } as const;

/** Side of a cut: 'positive' is where the plane / surface normal points. */
export type CutSide = 'positive' | 'negative';

/** What every split returns. */
export interface LiverSplit {
  /** 'plane' (sign test per voxel) or 'bezier' (barrier + flood). */
  method: 'plane' | 'bezier';
  /** One byte per voxel of the organ grid: {@link LIVER_PART} codes. */
  partition: Uint8Array;
  /** Which side of the surface was resected. */
  resectedSide: CutSide;
  /** Organ voxels on the resected / remnant side. */
  resectedVoxels: number;
  remnantVoxels: number;
  /** Volumes in mL. */
  resectedVolumeMl: number;
  remnantVolumeMl: number;
  totalVolumeMl: number;
}

/** Volumes of a partition, with and without tumours (all mL). */
export interface LiverVolumes {
  /** Organ volume (TLV_CT). */
  totalMl: number;
  resectedMl: number;
  remnantMl: number;
  /** remnantMl / totalMl. */
  remnantRatio: number;
  /** Tumour voxels inside the organ (union of the tumour masks). */
  tumourMl: number;
  /** Tumour volume on each side. */
  tumourResectedMl: number;
  tumourRemnantMl: number;
  /** totalMl − tumourMl. */
  functionalTotalMl: number;
  /** FLR: remnant minus the tumour in it. */
  remnantFunctionalMl: number;
  resectedFunctionalMl: number;
  /** FLR / (TLV_CT − tumour): the measured FLR ratio (fraction); null when the organ is all tumour. */
  measuredFlrRatio: number | null;
  /** mm³ per voxel. */
  voxelVolumeMm3: number;
}

/**
 * Builds the {@link LiverSplit} record from a filled partition (counting its voxels unless the caller
 * already did).
 * @throws SURFACE_MISSES_ORGAN when one side is empty
 */
export function summariseSplit(
  method: LiverSplit['method'],
  partition: Uint8Array,
  geometry: Geometry,
  resectedSide: CutSide,
  counts?: { resected: number; remnant: number },
): LiverSplit {
  let resected = 0, remnant = 0;
  if (counts) {
    resected = counts.resected;
    remnant = counts.remnant;
  } else {
    for (let q = 0; q < partition.length; q++) {
      const p = partition[q];
      if (p === LIVER_PART.resected) resected++;
      else if (p === LIVER_PART.remnant) remnant++;
    }
  }
  if (resected === 0 || remnant === 0) {
    throw new JumeauError('SURFACE_MISSES_ORGAN', `leaves the whole organ on one side (${resected === 0 ? 'nothing' : 'everything'} resected)`, { subject: 'surface' });
  }
  const ml = voxelVolumeMm3(geometry) / 1000;
  return {
    method,
    partition,
    resectedSide,
    resectedVoxels: resected,
    remnantVoxels: remnant,
    resectedVolumeMl: resected * ml,
    remnantVolumeMl: remnant * ml,
    totalVolumeMl: (resected + remnant) * ml,
  };
}

/**
 * Volumes of a partition with the tumours taken out of the functional liver.
 * @param split - a split of the organ (its partition on `geometry`'s grid)
 * @param geometry - the organ grid
 * @param tumours - tumour masks on the same grid (voxels outside the organ are ignored)
 */
export function partitionVolumes(split: Pick<LiverSplit, 'partition'>, geometry: Geometry, tumours: GridMask[] = []): LiverVolumes {
  const part = split.partition;
  const n = voxelCount(geometry.size);
  if (!(part instanceof Uint8Array) || part.length !== n) throw new JumeauError('BAD_ARGUMENT', `must be a Uint8Array of ${n} voxels`, { subject: 'split.partition' });
  tumours.forEach((t, k) => checkOnGrid(geometry, t, `tumours[${k}]`));
  const count = [0, 0, 0];
  const tumourCount = [0, 0, 0];
  const masks = tumours.map((t) => t.data);
  for (let q = 0; q < n; q++) {
    const p = part[q];
    if (p === LIVER_PART.outside) continue;
    if (p !== LIVER_PART.remnant && p !== LIVER_PART.resected) throw new JumeauError('BAD_ARGUMENT', `holds code ${p} at voxel ${q}; expected 0, 1 or 2`, { subject: 'split.partition' });
    count[p]++;
    for (let m = 0; m < masks.length; m++) {
      if (masks[m][q] !== 0) {
        tumourCount[p]++;
        break;
      }
    }
  }
  const v = voxelVolumeMm3(geometry);
  const ml = v / 1000;
  const total = count[1] + count[2];
  if (total === 0) throw new JumeauError('EMPTY_SEGMENT', 'has no organ voxel (all outside)', { subject: 'split.partition' });
  const tumour = tumourCount[1] + tumourCount[2];
  const functionalTotal = total - tumour;
  const remnantFunctional = count[LIVER_PART.remnant] - tumourCount[LIVER_PART.remnant];
  return {
    totalMl: total * ml,
    resectedMl: count[LIVER_PART.resected] * ml,
    remnantMl: count[LIVER_PART.remnant] * ml,
    remnantRatio: count[LIVER_PART.remnant] / total,
    tumourMl: tumour * ml,
    tumourResectedMl: tumourCount[LIVER_PART.resected] * ml,
    tumourRemnantMl: tumourCount[LIVER_PART.remnant] * ml,
    functionalTotalMl: functionalTotal * ml,
    remnantFunctionalMl: remnantFunctional * ml,
    resectedFunctionalMl: (count[LIVER_PART.resected] - tumourCount[LIVER_PART.resected]) * ml,
    measuredFlrRatio: functionalTotal > 0 ? remnantFunctional / functionalTotal : null,
    voxelVolumeMm3: v,
  };
}
