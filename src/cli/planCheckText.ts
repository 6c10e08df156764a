/** Text and exit code of a plan check, shared by `jumeau plan` for hip/knee and liver plans. */
import path from 'node:path';
import { JumeauError } from '../core/errors';
import type { PlanCheck } from '../planning/planIntegrity';

/** Re-throws a field error with the file name in front: "plan.json: landmarks[2].pointLps: …". */
export function inFile<T>(file: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof JumeauError) throw new JumeauError(e.code, e.message, { subject: path.basename(file), cause: e });
    throw e;
  }
}

/** The "stored metrics" and "integrity" lines of a plan check (hip/knee and liver plans). */
export function describeStoredAndIntegrity(check: Omit<PlanCheck, 'metrics'>): string {
  let s = `stored metrics: ${check.storedMetrics === 'differ' ? `DIFFER from the recomputed ones at ${check.differences.length} value(s):\n${check.differences.slice(0, 20).map((d) => `  ${d.path}: stored ${JSON.stringify(d.stored)}, recomputed ${JSON.stringify(d.recomputed)}`).join('\n')}` : check.storedMetrics}\n`;
  s += `integrity: ${check.integrity === 'match' ? `ok (inputs SHA-256 ${check.computedInputsSha256})` : check.integrity === 'absent' ? 'no integrity record (unsealed plan)' : 'MISMATCH'}\n`;
  return s;
}

/** Exit code of a plan check: 2 (with the reason on stderr) when the plan was altered after sealing. */
export function integrityExitCode(name: string, check: Omit<PlanCheck, 'metrics'>): number {
  if (check.integrity !== 'mismatch') return 0;
  process.stderr.write(`jumeau: ${name}: integrity.inputsSha256: the plan's inputs hash to ${check.computedInputsSha256}, not the stored ${check.storedInputsSha256} (altered after it was sealed)\n`);
  return 2;
}
