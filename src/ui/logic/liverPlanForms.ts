/**
 * The liver plan panel's form arithmetic (pure): a plane as offset + azimuth + elevation from the organ
 * centre and back, and which twin segments the plan uses.
 */
import type { PointLps, Vec3 } from '../../core/vec3';
import type { LiverSegmentRole } from '../../planning/liver/liverPlanMetrics';

/** Plane parameters of the form: offset along the normal from the organ centre (mm) and the normal's angles (degrees). */
export interface PlaneParams { offsetMm: number; azimuthDeg: number; elevationDeg: number }

const RAD = Math.PI / 180;
/** Unit normal of azimuth (in the axial plane, from +x = patient left towards +y = posterior) and elevation (towards +z = superior). */
export function normalOfAngles(azimuthDeg: number, elevationDeg: number): Vec3 {
  const a = azimuthDeg * RAD, e = elevationDeg * RAD;
  return [Math.cos(e) * Math.cos(a), Math.cos(e) * Math.sin(a), Math.sin(e)];
}

/** The form's view of a plane: offset from `centreLps` along its unit normal, azimuth and elevation. */
export function planeParams(centreLps: PointLps, plane: { pointLps: PointLps; normalLps: Vec3 }): PlaneParams {
  const l = Math.hypot(...plane.normalLps);
  const n = plane.normalLps.map((v) => v / l);
  const offsetMm = (plane.pointLps[0] - centreLps[0]) * n[0] + (plane.pointLps[1] - centreLps[1]) * n[1] + (plane.pointLps[2] - centreLps[2]) * n[2];
  return { offsetMm, azimuthDeg: Math.atan2(n[1], n[0]) / RAD, elevationDeg: Math.asin(Math.max(-1, Math.min(1, n[2]))) / RAD };
}

/** Role of a twin segment by its name (liver, tumour n, portal vein, hepatic vein), or null (not used). */
export function roleOfSegment(name: string): LiverSegmentRole | null {
  if (name === 'liver') return 'liver';
  if (/^tumou?r\b/i.test(name)) return 'tumour';
  if (/^portal vein/i.test(name)) return 'portalVein';
  if (/^hepatic vein/i.test(name)) return 'hepaticVein';
  return null;
}

