/**
 * Acetabular cup orientation after Murray (1993), brief §3.2: the radiographic, operative and anatomic
 * definitions of inclination and anteversion, and conversions through the cup axis vector.
 *
 * Internally the axis is kept as side-independent components (ℓ, a, s) = (lateral, anterior, inferior),
 * all ≥ 0 for a normally placed cup; in an LPS-aligned pelvic frame (e.g. the APP frame) the axis is
 * n = (−ℓ, −a, −s) for a right hip and (+ℓ, −a, −s) for a left hip.
 */
import { JumeauError } from '../core/errors';
import type { Vec3 } from '../core/vec3';
import { unitOrThrow } from './geometry';
import type { Side } from './validate';
import { checkRange, checkSide, checkVec3, degToRad, radToDeg } from './validate';

/** Murray's three definitions; the reference plane is coronal, sagittal and transverse respectively. */
export type CupAngleDefinition = 'radiographic' | 'operative' | 'anatomic';

/** A pair of cup angles with the definition they belong to (never store two bare numbers). */
export interface CupAngles {
  /** Which of Murray's definitions the two angles use. */
  definition: CupAngleDefinition;
  /** Inclination in degrees, in [0, 90]. */
  inclinationDeg: number;
  /** Anteversion in degrees, in [−90, 90] (negative = retroversion). */
  anteversionDeg: number;
}

/** Unit cup axis as (lateral, anterior, inferior) components; side-independent. */
export type CupAxisLai = Vec3;

/** A cup orientation as stored in a plan: the axis vector plus the angles it was entered with. */
export interface CupOrientation {
  /** Hip side. */
  side: Side;
  /** Unit cup axis (out of the opening) in the APP pelvic frame (x left, y posterior, z superior). */
  cupAxisApp: Vec3;
  /** The angles as entered, with their definition tag. */
  enteredAs: CupAngles;
}

const DEFINITIONS: readonly CupAngleDefinition[] = ['radiographic', 'operative', 'anatomic'];

function checkAngles(angles: CupAngles, subject: string): void {
  if (!DEFINITIONS.includes(angles.definition)) {
    throw new JumeauError('BAD_ARGUMENT', `unknown cup-angle definition ${String(angles.definition)}`, { subject: `${subject}.definition` });
  }
  checkRange(angles.inclinationDeg, 0, 90, `${subject}.inclinationDeg`);
  checkRange(angles.anteversionDeg, -90, 90, `${subject}.anteversionDeg`);
}

/**
 * Unit (lateral, anterior, inferior) cup axis from angles in any definition (brief §3.2 table, inverted).
 * @throws JumeauError BAD_ARGUMENT for an unknown definition, NaN or out-of-range angles
 */
export function cupAxisLaiFromAngles(angles: CupAngles, subject = 'cupAngles'): CupAxisLai {
  checkAngles(angles, subject);
  const i = degToRad(angles.inclinationDeg);
  const v = degToRad(angles.anteversionDeg);
  switch (angles.definition) {
    case 'radiographic': // RI = atan2(ℓ, s), RA = asin(a)
      return [Math.cos(v) * Math.sin(i), Math.sin(v), Math.cos(v) * Math.cos(i)];
    case 'operative': // OI = asin(ℓ), OA = atan2(a, s)
      return [Math.sin(i), Math.cos(i) * Math.sin(v), Math.cos(i) * Math.cos(v)];
    case 'anatomic': // AI = acos(s), AA = atan2(a, ℓ)
      return [Math.sin(i) * Math.cos(v), Math.sin(i) * Math.sin(v), Math.cos(i)];
  }
}

/**
 * Angles in the requested definition from a (lateral, anterior, inferior) axis; the axis is normalised first.
 * asin/acos of the table are evaluated as equivalent atan2 forms, exact to rounding at every angle.
 * @throws JumeauError BAD_ARGUMENT for a zero or non-finite axis
 */
export function cupAnglesFromAxisLai(axisLai: CupAxisLai, definition: CupAngleDefinition, subject = 'cupAxis'): CupAngles {
  checkVec3(axisLai, subject);
  const [l, a, s] = unitOrThrow(axisLai, subject);
  switch (definition) {
    case 'radiographic':
      return { definition, inclinationDeg: radToDeg(Math.atan2(l, s)), anteversionDeg: radToDeg(Math.atan2(a, Math.hypot(l, s))) };
    case 'operative':
      return { definition, inclinationDeg: radToDeg(Math.atan2(l, Math.hypot(a, s))), anteversionDeg: radToDeg(Math.atan2(a, s)) };
    case 'anatomic':
      return { definition, inclinationDeg: radToDeg(Math.atan2(Math.hypot(l, a), s)), anteversionDeg: radToDeg(Math.atan2(a, l)) };
    default:
      throw new JumeauError('BAD_ARGUMENT', `unknown cup-angle definition ${String(definition)}`, { subject: 'definition' });
  }
}

/** Converts cup angles between Murray definitions (through the axis vector; HIP-01). */
export function convertCupAngles(angles: CupAngles, to: CupAngleDefinition): CupAngles {
  return cupAnglesFromAxisLai(cupAxisLaiFromAngles(angles), to);
}

/** The same orientation in all three definitions. */
export function allCupAngles(axisLai: CupAxisLai): Record<CupAngleDefinition, CupAngles> {
  return {
    radiographic: cupAnglesFromAxisLai(axisLai, 'radiographic'),
    operative: cupAnglesFromAxisLai(axisLai, 'operative'),
    anatomic: cupAnglesFromAxisLai(axisLai, 'anatomic'),
  };
}

/**
 * (lateral, anterior, inferior) → axis in an LPS-aligned pelvic frame: (−ℓ, −a, −s) right, (+ℓ, −a, −s) left.
 */
export function cupAxisFrameFromLai(axisLai: CupAxisLai, side: Side): Vec3 {
  checkSide(side);
  const [l, a, s] = axisLai;
  return [side === 'R' ? -l : l, -a, -s];
}

/** Axis in an LPS-aligned pelvic frame → (lateral, anterior, inferior) components, for the given side. */
export function cupAxisLaiFromFrame(axisFrame: Vec3, side: Side): CupAxisLai {
  checkSide(side);
  const [x, y, z] = axisFrame;
  return [side === 'R' ? -x : x, -y, -z];
}

/**
 * Cup angles (any definition) of an axis given in an LPS-aligned pelvic frame; the angles are only
 * "APP angles" when the axis is expressed in the APP frame (HIP-03 shows the scanner-frame bug).
 */
export function cupAnglesFromFrameAxis(axisFrame: Vec3, side: Side, definition: CupAngleDefinition): CupAngles {
  checkVec3(axisFrame, 'cupAxis');
  return cupAnglesFromAxisLai(cupAxisLaiFromFrame(axisFrame, side), definition);
}

/** A stored cup orientation: unit axis in the APP frame plus the tagged angles it was entered with. */
export function cupOrientation(angles: CupAngles, side: Side): CupOrientation {
  checkSide(side);
  const lai = cupAxisLaiFromAngles(angles);
  return { side, cupAxisApp: cupAxisFrameFromLai(lai, side), enteredAs: { ...angles } };
}
