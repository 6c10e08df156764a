/**
 * `jumeau` command line: the same pipeline as the app, headless.
 *
 *   jumeau inspect <folder|files…> [--json]
 *   jumeau build <folder|file> --out <dir> [--anatomy hip|knee|liver|auto|none] [--liver-seed i,j,k] [--tumour-seed i,j,k]… [--series ID|N] [--allow-gaps] [--json]
 *   jumeau plan <plan.json> [--json] [--catalogue file.json]
 *   jumeau plan <liverplan.json> --labels <labels.nii.gz> [--json]
 *
 * Exit codes: 0 success; 2 bad input (one line naming the file and the reason); 1 internal error.
 * `--debug` adds the stack trace.
 */
import { parseArgs } from 'node:util';
import { JumeauError, describeError } from '../core/errors';
import { runInspect } from './inspect';
import { runBuild } from './build';
import { runPlan } from './plan';
import { parseAnatomy, parseSeeds } from './twinOutput';

const USAGE = `usage:
  jumeau inspect <folder|files…> [--json] [--allow-gaps]
  jumeau build <folder|file> --out <dir> [--anatomy hip|knee|liver|auto|none] [--series ID|N] [--allow-gaps] [--json]
  jumeau plan <plan.json> [--json] [--catalogue file.json]
  jumeau plan <liverplan.json> --labels <labels.nii.gz> [--json]
options:
  --anatomy      automatic segmentation + meshing (default auto: from the series description, else
                 the first pipeline that finds its structures); none = volume only
  --liver-seed i,j,k      a voxel inside the liver (default: proposed from the image)
  --tumour-seed i,j,k     a voxel inside a tumour (repeat per tumour; each becomes its own segment)
  --portal-seed i,j,k     a voxel inside the portal vein (repeatable)
  --hepatic-seed i,j,k    a voxel inside a hepatic vein (repeatable; one per vein)
  --json         machine-readable output (schema documented in src/cli/README.md)
  --series       series to build: its id (SeriesInstanceUID) or 1-based index in 'inspect'
  --allow-gaps   interpolate missing slices instead of refusing the series (flagged in warnings)
  --catalogue    implant catalogue for 'plan' (default assets/implants/generic.json)
  --labels       labels a liver plan (jumeau.liverPlan/1) was made on, for 'plan'
  --debug        print stack traces on errors`;

/** Runs the CLI; returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        out: { type: 'string' },
        series: { type: 'string' },
        anatomy: { type: 'string' },
        'liver-seed': { type: 'string' },
        'tumour-seed': { type: 'string', multiple: true },
        'portal-seed': { type: 'string', multiple: true },
        'hepatic-seed': { type: 'string', multiple: true },
        'allow-gaps': { type: 'boolean', default: false },
        catalogue: { type: 'string' },
        labels: { type: 'string' },
        debug: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    process.stderr.write(`jumeau: ${describeError(e)}\n${USAGE}\n`);
    return 2;
  }
  const [command, ...inputs] = args.positionals;
  const o = args.values;
  if (o.help || !command) {
    process.stdout.write(`${USAGE}\n`);
    return command || o.help ? 0 : 2;
  }
  try {
    if (command === 'inspect') {
      if (!inputs.length) throw new JumeauError('BAD_ARGUMENT', 'inspect needs at least one folder or file');
      return await runInspect(inputs, { json: o.json, allowGaps: o['allow-gaps'] });
    }
    if (command === 'build') {
      if (inputs.length !== 1) throw new JumeauError('BAD_ARGUMENT', 'build needs exactly one folder or file');
      if (!o.out) throw new JumeauError('BAD_ARGUMENT', 'build needs --out <dir>', { subject: '--out' });
      return await runBuild(inputs[0], { out: o.out, series: o.series, json: o.json, allowGaps: o['allow-gaps'], anatomy: parseAnatomy(o.anatomy), seeds: parseSeeds(o) });
    }
    if (command === 'plan') {
      if (inputs.length !== 1) throw new JumeauError('BAD_ARGUMENT', 'plan needs exactly one plan.json');
      return await runPlan(inputs[0], { json: o.json, catalogue: o.catalogue, labels: o.labels });
    }
    throw new JumeauError('BAD_ARGUMENT', `unknown command "${command}"\n${USAGE}`);
  } catch (e) {
    if (o.debug) process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    if (e instanceof JumeauError) {
      process.stderr.write(`jumeau: ${e.message}\n`);
      return 2;
    }
    process.stderr.write(`jumeau: internal error: ${describeError(e)}${o.debug ? '' : ' (run with --debug for details)'}\n`);
    return 1;
  }
}
