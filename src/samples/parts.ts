/**
 * Insettable shape factories ({@link PartFactory}): each returns the primitive shrunk by `insetMm`
 * (a negative inset grows it). Used to derive a bone's cancellous core from its outer surface and a
 * joint gap from a neighbour's surface. For ellipsoids the inset shrinks each semi-axis, which is an
 * exact parallel surface at the axis ends and close to it elsewhere.
 */
import type { PointLps, Vec3 } from '../core/vec3';
import { normalize, sub } from '../core/vec3';
import type { PartFactory } from './phantom';
import type { Frame } from './sdf';
import { AXES_LPS, cappedCone, ellipsoid, halfSpace, intersect, sphere, tube } from './sdf';

function positive(valueMm: number, what: string): number {
  if (!(valueMm > 0)) throw new RangeError(`${what} inset leaves a non-positive size (${valueMm} mm)`);
  return valueMm;
}

/** Sphere part of `radiusMm` around `centreLps`. */
export function spherePart(centreLps: PointLps, radiusMm: number): PartFactory {
  return (insetMm) => sphere(centreLps, positive(radiusMm - insetMm, 'sphere'));
}

/** Ellipsoid part; the inset is subtracted from every semi-axis. */
export function ellipsoidPart(centreLps: PointLps, semiAxesMm: Vec3, frame: Frame = AXES_LPS): PartFactory {
  return (insetMm) =>
    ellipsoid(centreLps, semiAxesMm.map((a) => positive(a - insetMm, 'ellipsoid')) as Vec3, frame);
}

/** Capped cone / cylinder part; the inset moves both caps inwards and shrinks both radii. */
export function conePart(startLps: PointLps, endLps: PointLps, startRadiusMm: number, endRadiusMm = startRadiusMm): PartFactory {
  const n = normalize(sub(endLps, startLps));
  return (insetMm) =>
    cappedCone(
      [startLps[0] + insetMm * n[0], startLps[1] + insetMm * n[1], startLps[2] + insetMm * n[2]],
      [endLps[0] - insetMm * n[0], endLps[1] - insetMm * n[1], endLps[2] - insetMm * n[2]],
      positive(startRadiusMm - insetMm, 'cone'),
      positive(endRadiusMm - insetMm, 'cone'),
    );
}

/** Tube part along a polyline; the inset shrinks every radius. */
export function tubePart(pointsLps: readonly PointLps[], radiiMm: readonly number[] | number): PartFactory {
  const radii = typeof radiiMm === 'number' ? pointsLps.map(() => radiiMm) : radiiMm;
  return (insetMm) => tube(pointsLps, radii.map((r) => positive(r - insetMm, 'tube')));
}

/**
 * A spherical cap part: the sphere of `radiusMm` around `centreLps` on the side of the plane through
 * `centreLps + planeOffsetMm·openingLps` away from `openingLps` (e.g. the bony shell of an acetabulum
 * whose opening faces `openingLps`).
 */
export function sphericalCapPart(centreLps: PointLps, radiusMm: number, openingLps: Vec3, planeOffsetMm: number): PartFactory {
  const n = normalize(openingLps);
  return (insetMm) =>
    intersect(
      sphere(centreLps, positive(radiusMm - insetMm, 'cap')),
      halfSpace(
        [
          centreLps[0] + (planeOffsetMm - insetMm) * n[0],
          centreLps[1] + (planeOffsetMm - insetMm) * n[1],
          centreLps[2] + (planeOffsetMm - insetMm) * n[2],
        ],
        n,
      ),
    );
}
