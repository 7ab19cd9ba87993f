import { parseArgs } from 'node:util';
import { createClients } from '../aws/clients.js';
import type { DeployContext } from '../aws/context.js';
import { createDeployContext } from '../aws/create-context.js';
import { formatPolicy, minimalPolicy, policyNotes } from '../aws/policy.js';
import { showControlCharacters } from '../base/control-characters.js';
import { DeployError } from '../base/errors.js';
import type { Logger } from '../base/logger.js';
import { readRecords } from '../bucket/deploy-history.js';
import { RECORD_NAME_PREFIX, recordIds } from '../bucket/deploy-record.js';
import { listRemoteObjects } from '../bucket/listing.js';
import { type InputName, parseSettings } from '../inputs/settings.js';
import { historyEntries, historyTable } from '../report/history-text.js';
import { terminalSummary } from '../report/terminal-summary.js';
import { rollback } from '../rollback.js';

export const HISTORY_USAGE = `Usage: s3-cf-sync history s3://BUCKET[/PREFIX] [--json] [--region R] [--endpoint URL]

Lists the recorded deploys of BUCKET/PREFIX, newest first: ID, time, commit,
uploaded/updated/deleted. --json prints a JSON array instead, one object per deploy.`;

export const ROLLBACK_USAGE = `Usage: s3-cf-sync rollback s3://BUCKET[/PREFIX] [--to ID|previous] [options]

Makes BUCKET/PREFIX serve exactly what it served right after deploy ID (default: previous, the
one before the latest), by server-side copies of the recorded versions. Needs bucket versioning.
  --to ID|previous           the deploy to go back to (s3-cf-sync history lists the IDs)
  --distribution IDS         CloudFront distribution(s) to invalidate (IDs, or auto)
  --dry-run                  show the plan, write nothing
  --force                    roll back also when another tool changed keys since that deploy
  --print-policy             print the minimal IAM policy of a rollback and exit
  --region, --endpoint, --lock-timeout, --concurrency, --acl
Exit codes: 0 rolled back (or nothing to do), 1 it failed or was refused, 2 bad arguments.`;

const COMMON = {
  region: { type: 'string' },
  endpoint: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** `s3-cf-sync history s3://BUCKET[/PREFIX]`: the recorded deploys, newest first. */
export async function historyCommand(
  argv: readonly string[],
  log: (line: string) => void,
): Promise<number> {
  const { values, target } = parse(argv, { json: { type: 'boolean' } }, HISTORY_USAGE);
  if (values.help) return usage(HISTORY_USAGE, log);
  // history reads no folder: "." stands in for the deploy's "dir".
  const context = contextOf({ dir: '.', ...target, ...strings(values, ['region', 'endpoint']) });
  const own = new Map<string, string>();
  await listRemoteObjects(context, own, { startingWith: RECORD_NAME_PREFIX });
  const records = await readRecords(context, recordIds(own.keys()));
  const entries = historyEntries(records);
  log(values.json ? JSON.stringify(entries, null, 2) : historyTable(entries));
  return 0;
}

/** `s3-cf-sync rollback s3://BUCKET[/PREFIX] [--to ID|previous]`: back to a recorded deploy. */
export async function rollbackCommand(argv: readonly string[], log: (line: string) => void) {
  const options = {
    to: { type: 'string' },
    distribution: { type: 'string' },
    'dry-run': { type: 'boolean' },
    force: { type: 'boolean' },
    'print-policy': { type: 'boolean' },
    'lock-timeout': { type: 'string' },
    concurrency: { type: 'string' },
    acl: { type: 'string' },
  } as const;
  const { values, target } = parse(argv, options, ROLLBACK_USAGE);
  if (values.help) return usage(ROLLBACK_USAGE, log);
  const context = contextOf({
    ...target,
    'rollback-to': String(values.to ?? 'previous'),
    'dry-run': String(values['dry-run'] ?? false),
    'rollback-force': String(values.force ?? false),
    ...strings(values, [
      'region',
      'endpoint',
      'distribution',
      'lock-timeout',
      'concurrency',
      'acl',
    ]),
  });
  if (values['print-policy']) {
    log(formatPolicy(minimalPolicy(context.settings)));
    // On stderr, so that stdout stays the policy JSON alone.
    for (const note of policyNotes(context.settings)) console.error(note);
    return 0;
  }
  const result = await rollback(context);
  log(`\n${terminalSummary(result, context.settings)}`);
  return 0;
}

type Options = NonNullable<NonNullable<Parameters<typeof parseArgs>[0]>['options']>;

function parse(argv: readonly string[], options: Options, help: string) {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: { ...COMMON, ...options },
      allowPositionals: true,
    });
  } catch (error) {
    throw new DeployError(`${(error as Error).message}\n\n${help}`, { badInput: true });
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  if (values.help) return { values, target: {} };
  const [where, ...extra] = parsed.positionals;
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(where ?? '');
  if (!match?.[1] || extra.length > 0)
    throw new DeployError(
      `Expected one target, s3://BUCKET or s3://BUCKET/PREFIX; got ${JSON.stringify(parsed.positionals.join(' '))}.\n\n${help}`,
      { badInput: true },
    );
  const target = match[2] ? { bucket: match[1], prefix: match[2] } : { bucket: match[1] };
  return { values, target };
}

function strings(
  values: Record<string, string | boolean | undefined>,
  names: readonly InputName[],
): Partial<Record<InputName, string>> {
  const picked: Partial<Record<InputName, string>> = {};
  for (const name of names) if (typeof values[name] === 'string') picked[name] = values[name];
  return picked;
}

function usage(text: string, log: (line: string) => void): number {
  log(text);
  return 0;
}

function contextOf(inputs: Partial<Record<InputName, string>>): DeployContext {
  const settings = parseSettings((name) => inputs[name] ?? '');
  const logger = plainLogger();
  return createDeployContext(settings, createClients(settings, undefined), logger);
}

/** Lines to stderr, control characters shown escaped: stdout stays the table or the JSON. */
function plainLogger(): Logger {
  const show = showControlCharacters;
  return {
    info: (message) => console.error(`  ${show(message)}`),
    // The per-object lines, as a terminal shows them: only on request (the summary lists them).
    detail: () => {},
    warning: (message) => console.error(`  warning: ${show(message)}`),
    debug: (message) => {
      if (process.env.DEBUG) console.error(`  debug: ${show(message)}`);
    },
    group: async (title, work) => {
      console.error(show(title));
      return work();
    },
  };
}
