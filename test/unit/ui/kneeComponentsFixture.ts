// Sized knee components as the twin worker answers them: the knee phantom's figures at the 9 mm cuts
// (test/unit/workers/kneeCutHandler.test.ts), rounded, for the UI tests.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseImplantCatalogue } from '../../../src/planning/implants';
import type { KneeComponentSizes } from '../../../src/workers/twinProtocol';
import { REPO } from '../../helpers/sharedData';

export const catalogue = parseImplantCatalogue(JSON.parse(readFileSync(path.join(REPO, 'assets', 'implants', 'generic.json'), 'utf8')));
export const femFam = catalogue.families.find((f) => f.kind === 'femoralComponent')!;
export const tibFam = catalogue.families.find((f) => f.kind === 'tibialComponent')!;
export const pose = { positionLps: [-90, 10, 20] as [number, number, number], axisLps: [0, 0, 1] as [number, number, number], referenceLps: [1, 0, 0] as [number, number, number] };

/** The phantom's figures at the 9 mm cuts (test/unit/workers/kneeCutHandler.test.ts), rounded. */
export function sizes(): KneeComponentSizes {
  return {
    catalogue: { id: catalogue.id, version: catalogue.version },
    femoral: { available: true, value: {
      familyId: femFam.id, size: '1', frame: { proximalUnitLps: [0, 0, 1], medialUnitLps: [1, 0, 0], posteriorUnitLps: [0, 1, 0] }, apDepthMm: 47.77, anteriorCortexLps: [-90, -20, 60], mlWidthMm: 66.5,
      apDifferenceMm: 54 - 47.77, mlOverhangPerSideMm: (57 - 66.5) / 2, rule: 'AP first', checks: [], pose, reason: null, warnings: ['bone AP 47.8 mm is below the smallest size by 6.2 mm'],
    } },
    tibial: { available: true, value: {
      familyId: tibFam.id, size: '6', insertThicknessMm: 9, cutMlMm: 79, cutApMm: 56.5, cutAreaMm2: 3522.6, coveragePercent: 87.72, maxOverhangMm: 0, rule: 'largest without overhang',
      checks: [{ size: '6', mlWidthMm: 77, apDepthMm: 51, maxOverhangMm: 0, coveragePercent: 87.72 }], pose, reason: null, sidesMm: { medial: -1.0, lateral: -1.0, anterior: -2.5, posterior: -3.0 },
    } },
  };
}
