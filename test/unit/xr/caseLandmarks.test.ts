// A workstation case's plan landmarks become the overlay's registration plan: order kept, readable
// labels, the cup centre as target; fewer than 3 landmarks is refused naming what to do.
import { describe, expect, it } from 'vitest';
import { registrationPlanFromLandmarks } from '../../../src/xr/landmarks';
import { expectJumeauError } from '../../helpers/expectError';

describe('registrationPlanFromLandmarks', () => {
  it('keeps the plan order, labels the names, targets the cup centre', () => {
    const p = registrationPlanFromLandmarks([
      { name: 'femoralHeadCentreLeft', pointLps: [90, 0, 0] },
      { name: 'asisLeft', pointLps: [110, -60, 60] },
      { name: 'asisRight', pointLps: [-110, -60, 60] },
    ], [91, 1, 2]);
    expect(p.landmarks.map((l) => l.label)).toEqual(['femoral Head Centre L', 'asis L', 'asis R']);
    expect(p.targets).toEqual([{ name: 'cupCentre', label: 'Cup centre', pointLps: [91, 1, 2] }]);
    expect(registrationPlanFromLandmarks(p.landmarks, null).targets[0].name).toBe('femoralHeadCentreLeft');
  });

  it('refuses fewer than 3 landmarks', () => {
    expectJumeauError(() => registrationPlanFromLandmarks([{ name: 'asisLeft', pointLps: [1, 2, 3] }], null), 'MISSING_INPUT', { subject: 'plan.landmarks', message: /place at least 3/ });
  });
});
