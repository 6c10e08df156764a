/**
 * The plan part of `jumeau build`: for a hip twin, proposes each femoral head centre from the femur
 * segments and writes `<out>/plan.json` (schema `jumeau.plan/1`, sealed) with a default cup; for a knee
 * twin, the tibial landmarks and a 9 mm tibial cut of one knee.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { Twin } from '../twin';
import { proposeTwinHipPlan } from '../twin/proposeTwinPlan';
import { proposeTwinKneePlan } from '../twin/proposeKneePlan';
import { readCatalogueFile } from './plan';

/** What the plan adds to report.json. */
export interface PlanReportPart {
  file: 'plan.json';
  /** Why a head or the cup is absent, and the placeholder-rule notice. */
  notes: string[];
}

/**
 * Writes `<outDir>/plan.json` for a hip or knee twin; returns undefined (and writes nothing) otherwise.
 * A femur whose head cannot be fitted is left out with a note; the plan is still written.
 */
export async function writeProposedPlan(twin: Twin, source: { seriesInstanceUid: string | null; volumeSha256: string }, outDir: string): Promise<PlanReportPart | undefined> {
  const proposal = twin.anatomy === 'hip' ? await proposeTwinHipPlan(twin.labelmap, source, await readCatalogueFile())
    : twin.anatomy === 'knee' ? await proposeTwinKneePlan(twin.labelmap, source, undefined, { catalogue: await readCatalogueFile() }) : null;
  if (!proposal) return undefined;
  const { plan, notes } = proposal;
  await fsp.writeFile(path.join(outDir, 'plan.json'), `${JSON.stringify(plan, null, 2)}\n`);
  return { file: 'plan.json', notes };
}
