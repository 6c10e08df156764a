/**
 * Bony range of motion of a hip twin (brief §3.5, bony impingement): the operated side's femur surface
 * (boundary points of its segment near the hip) rotated about the centre of rotation by the motion
 * model, tested against the signed distance of that side's hip bone — the volume detector of
 * boneImpingement.ts on the twin's own labels. The articulating region (within head radius + 2 mm of
 * the centre) is left out — the moving femur is what remains of its segment outside that sphere, its
 * largest connected piece (bits of the acetabulum a segmentation gave the femur come off) — and so are femur points nearer the pelvis than a rest clearance (2 mm) in
 * the neutral pose: at CT resolution the head–neck rim and the acetabular rim face each other across a
 * joint space of a voxel or two, which is the joint, not an impingement. Everything runs on a box of
 * ± `marginMm` around the centre. Pure.
 */
import { JumeauError } from '../core/errors';
import type { PointLps } from '../core/vec3';
import type { Labelmap } from '../segmentation/labelmap';
import { signedDistanceMm } from '../segmentation/distanceTransform';
import { cropVolume } from '../volume/crop';
import { indexToLps, lpsToIndex } from '../volume/volume';
import { countVoxels, createMask } from '../segmentation/labelmap';
import { keepLargestComponent } from '../segmentation/connectedComponents';
import { volumeImpingementRom, type MotionFrameAxes, type VolumeImpingementRom } from './boneImpingement';
import type { RomSearchOptions } from './impingement';
import { segmentBoundaryPointsLps } from './proposeHeadCentre';
import { createSdfSampler } from './sdfSampler';
import type { Side } from './validate';

/** Inputs of {@link twinBoneRom}. */
export interface TwinBoneRomInput {
  labelmap: Labelmap;
  side: Side;
  /** Centre of rotation (native head centre or planned cup centre), LPS mm. */
  centreOfRotationLps: PointLps;
  /** Femoral head radius, mm: points within radius + 2 mm of the centre articulate and are ignored. */
  headRadiusMm: number;
  /** Frame of the motion model (the APP frame when placed); default LPS axes. */
  frame?: MotionFrameAxes;
  /** Half-size of the box around the centre that is analysed, mm (default 80). */
  marginMm?: number;
  /** Contact threshold, mm (default 0.5). */
  contactThresholdMm?: number;
  /** Femur points nearer the pelvis than this at rest are joint surface and left out, mm (default 2). */
  restClearanceMm?: number;
}

/** Result: the detector's contacts plus what was analysed. */
export interface TwinBoneRom extends VolumeImpingementRom {
  femurSegment: string;
  pelvisSegment: string;
  /** Size of the analysed box, voxels. */
  boxSize: [number, number, number];
  /** Femur points left out as joint surface (nearer the pelvis than the rest clearance). */
  pointsInJoint: number;
}

/**
 * Bony impingement limits of the twin's operated hip.
 * @throws JumeauError MISSING_SEGMENT when the femur or hip bone of that side is absent; BAD_ARGUMENT
 *   for a centre outside the image or a bad radius
 */
export function twinBoneRom(input: TwinBoneRomInput, options: RomSearchOptions = {}): TwinBoneRom {
  const { labelmap: lm, side } = input;
  const word = side === 'L' ? 'left' : 'right';
  const femur = lm.segments.find((s) => s.name === `femur ${word}`);
  const pelvis = lm.segments.find((s) => s.name === `hip bone ${word}`);
  if (!femur || !pelvis) throw new JumeauError('MISSING_SEGMENT', `the twin has no "${!femur ? `femur ${word}` : `hip bone ${word}`}" segment: no bony range of motion`, { subject: 'segments' });
  if (!(input.headRadiusMm > 5 && input.headRadiusMm < 45)) throw new JumeauError('BAD_ARGUMENT', `must be a femoral-head radius in mm (got ${input.headRadiusMm})`, { subject: 'headRadiusMm' });
  const margin = input.marginMm ?? 80;
  const c = lpsToIndex(lm, input.centreOfRotationLps);
  if (!c.every((v, a) => v >= 0 && v <= lm.size[a] - 1)) throw new JumeauError('BAD_ARGUMENT', 'the centre of rotation is outside the image', { subject: 'centreOfRotationLps' });
  const min = [0, 1, 2].map((a) => Math.max(0, Math.floor(c[a] - margin / lm.spacing[a]))) as [number, number, number];
  const max = [0, 1, 2].map((a) => Math.min(lm.size[a] - 1, Math.ceil(c[a] + margin / lm.spacing[a]))) as [number, number, number];
  const box = cropVolume(lm, { min, max });
  const pelvisMask = { ...box, data: Uint8Array.from(box.data, (v) => (v === pelvis.label ? 1 : 0)) };
  const sdf = { ...box, data: signedDistanceMm(pelvisMask) };
  // Femur points already within the joint clearance of the pelvis at rest belong to the joint (head,
  // head–neck rim facing the acetabular rim across a joint space thinner than a voxel or two): left out.
  const clearanceMm = input.restClearanceMm ?? 2;
  const sampler = createSdfSampler(sdf, 'pelvis SDF');
  // The moving femur: its segment minus the articulating sphere, largest connected piece only — pieces
  // of the acetabular roof or rim that the segmentation gave to the femur come off as islands.
  const exclusion = input.headRadiusMm + 2;
  const femurMask = createMask(box, Uint8Array.from(box.data, (v) => (v === femur.label ? 1 : 0)));
  const [bi, bj] = box.size;
  for (let q = 0; q < femurMask.data.length; q++) {
    if (!femurMask.data[q]) continue;
    const p = indexToLps(box, [q % bi, Math.floor(q / bi) % bj, Math.floor(q / (bi * bj))]);
    if (Math.hypot(p[0] - input.centreOfRotationLps[0], p[1] - input.centreOfRotationLps[1], p[2] - input.centreOfRotationLps[2]) < exclusion) femurMask.data[q] = 0;
  }
  const moving = countVoxels(femurMask.data) ? keepLargestComponent(femurMask) : femurMask;
  const all = segmentBoundaryPointsLps(moving);
  const femurPoints = all.filter((p) => sampler.atLps(p) >= clearanceMm);
  if (!femurPoints.length) throw new JumeauError('MISSING_SEGMENT', `no "${femur.name}" voxels within ${margin} mm of the centre of rotation`, { subject: 'segments' });
  const rom = volumeImpingementRom({
    side, movingPointsLps: femurPoints, fixedSdf: sdf, centreOfRotationLps: input.centreOfRotationLps, frame: input.frame,
    contactThresholdMm: input.contactThresholdMm, exclusionRadiusMm: exclusion,
  }, options);
  return { ...rom, femurSegment: femur.name, pelvisSegment: pelvis.name, boxSize: box.size, pointsInJoint: all.length - femurPoints.length };
}
