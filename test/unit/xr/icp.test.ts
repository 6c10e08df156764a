import { describe, expect, it } from 'vitest';
import type { Vec3 } from '../../../src/core/vec3';
import { transformDifference } from '../../../src/registration/rigidTransform';
import { mulberry32 } from '../../../src/samples/random';
import { poseFromEuler, xrFromLps, xrMmFromLpsOf } from '../../../src/xr/frames';
import { hipRegistrationPlan } from '../../../src/xr/landmarks';
import { buildPhantomTwin } from '../../../src/xr/phantomTwin';
import { RegistrationWorkflow } from '../../../src/xr/workflow';
import { expectBadArgument, expectJumeauError } from '../../helpers/expectError';

describe('ICP refinement from traced points on the phantom twin', () => {
  it('improves a rough 3-landmark pose (3 mm pick noise) to < 0.5 mm at the target', () => {
    const twin = buildPhantomTwin({ gridMm: 3 });
    expect(twin.segments.map((s) => s.name)).toEqual(['femur left', 'femur right', 'hip bone left', 'hip bone right', 'sacrum']);
    const plan = hipRegistrationPlan(twin.landmarksLps);
    const truth = poseFromEuler([0.05, 0.85, -0.6], 25, 5, -3);
    const truthMm = xrMmFromLpsOf(truth);
    const rnd = mulberry32(42);
    const g = (): number => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
    const w = new RegistrationWorkflow({ landmarks: plan.landmarks, targets: plan.targets, surface: twin.surface });
    for (let i = 0; i < 3; i++) {
      const p = xrFromLps(truth, w.nextLandmark()!.pointLps);
      w.pick([p[0] + g() * 0.003, p[1] + g() * 0.003, p[2] + g() * 0.003]);
    }
    const rough = transformDifference(w.pose()!, truthMm, plan.targets[0].pointLps);
    expectBadArgument(() => w.refineWithIcp(), 'trace');
    // Trace 400 surface points (every k-th vertex of the twin), 0.2 mm noise per axis.
    const pts = twin.surface.pointsLps;
    const n = pts.length / 3;
    for (let k = 0; k < 400; k++) {
      const i = Math.floor((k * n) / 400);
      const p = xrFromLps(truth, [pts[i * 3], pts[i * 3 + 1], pts[i * 3 + 2]] as Vec3);
      w.addTracePoint([p[0] + g() * 0.0002, p[1] + g() * 0.0002, p[2] + g() * 0.0002]);
    }
    const e = w.refineWithIcp();
    const fine = transformDifference(e.xrMmFromLps!, truthMm, plan.targets[0].pointLps);
    expect(e.source).toBe('icp');
    expect(e.icp!.iterations).toBeGreaterThan(0);
    expect(rough.translationMm).toBeGreaterThan(1);
    expect(fine.translationMm).toBeLessThan(0.5);
    expect(fine.rotationDeg).toBeLessThan(0.2);
    // The paired-point FRE stays the paired-point one (ICP does not change it).
    expect(e.freMm).toBe(w.evaluate().freMm);
    w.undo();
    expect(w.evaluate().source).toBe('none');
    const noSurface = new RegistrationWorkflow({ landmarks: plan.landmarks, targets: plan.targets });
    expectBadArgument(() => noSurface.refineWithIcp(), 'surface');
    const fresh = new RegistrationWorkflow({ landmarks: plan.landmarks, targets: plan.targets, surface: twin.surface });
    expectJumeauError(() => fresh.refineWithIcp(), 'DEGENERATE_FIDUCIALS', { subject: 'picks' });
  });
});
