import { parseArgs } from 'node:util';
import { DeployError } from '../base/errors.js';
import { INPUT_DEFAULTS, type InputName } from '../inputs/settings.js';

const BOOLEAN_INPUTS = new Set<InputName>([
  'delete-removed',
  'invalidate-index-forms',
  'wait-for-invalidation',
  'dry-run',
  'print-policy',
]);
// A terminal has no pull request to comment on, and rolls back with its own command (`rollback`).
const ACTION_ONLY_INPUTS = new Set<InputName>(['github-token', 'rollback-to', 'rollback-force']);
const MULTILINE_INPUTS = new Set<InputName>([
  'exclude',
  'cache-control',
  'content-type',
  'invalidate',
]);

export const CLI_USAGE = `Usage: s3-cf-sync DIR s3://BUCKET[/PREFIX] [options]

Publishes DIR to S3 by content diff and invalidates the changed paths on CloudFront.
Options have the action's input names:
  --distribution IDS         CloudFront distribution(s) to invalidate: IDs separated by commas,
                             or auto for every distribution whose origin is the bucket
  --delete-removed           delete objects no longer in DIR
  --acl ACL                  canned ACL, e.g. public-read
  --dry-run                  plan only, write nothing
  --cache-control "GLOB: VALUE"   (repeatable) Cache-Control rule
  --content-type "GLOB: VALUE"    (repeatable) Content-Type override
  --exclude GLOB             (repeatable) files and folders neither uploaded nor deleted
  --region, --endpoint, --concurrency, --max-deletes, --multipart-threshold,
  --invalidate, --invalidate-index-forms, --invalidation-max-paths,
  --invalidation-timeout, --wait-for-invalidation, --print-policy
Booleans take --name or --name=false. Credentials come from the standard AWS chain.
Exit codes: 0 deployed (or up to date), 1 the deploy failed, 2 bad arguments.
The deploy history: s3-cf-sync history s3://BUCKET[/PREFIX]; going back: s3-cf-sync rollback --help.`;

/** Turns argv into the same inputs the action reads, so both share one parser. */
export function inputsFromArgs(
  argv: readonly string[],
): Partial<Record<InputName, string>> | 'help' {
  const options = Object.fromEntries(
    (Object.keys(INPUT_DEFAULTS) as InputName[])
      .filter((name) => !ACTION_ONLY_INPUTS.has(name))
      .map((name) => [name, { type: 'string' as const, multiple: MULTILINE_INPUTS.has(name) }]),
  );
  const normalised: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index] as string;
    const name = arg.slice(2) as InputName;
    const next = argv[index + 1];
    if (arg.startsWith('--') && BOOLEAN_INPUTS.has(name)) normalised.push(`${arg}=true`);
    // parseArgs takes `-1` for an option: join `--max-deletes -1` into `--max-deletes=-1`.
    else if (arg.startsWith('--') && name in INPUT_DEFAULTS && next && /^-\d/.test(next)) {
      normalised.push(`${arg}=${next}`);
      index += 1;
    } else normalised.push(arg);
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: normalised,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
    });
  } catch (error) {
    throw new DeployError(`${(error as Error).message}\n\n${CLI_USAGE}`, { badInput: true });
  }
  if (parsed.values.help) return 'help';
  const inputs: Partial<Record<InputName, string>> = {};
  for (const [name, value] of Object.entries(parsed.values)) {
    if (name === 'help') continue;
    inputs[name as InputName] = Array.isArray(value) ? value.join('\n') : String(value);
  }
  // `s3-cf-sync --print-policy s3://BUCKET` needs no DIR.
  const positionals =
    parsed.positionals.length === 1 && parsed.positionals[0]?.startsWith('s3://')
      ? ['', ...parsed.positionals]
      : parsed.positionals;
  const [dir, target, ...extra] = positionals;
  if (extra.length > 0)
    throw new DeployError(`Unexpected argument ${JSON.stringify(extra[0])}.\n\n${CLI_USAGE}`, {
      badInput: true,
    });
  if (dir) inputs.dir = dir;
  if (target !== undefined) Object.assign(inputs, parseTarget(target));
  return inputs;
}

function parseTarget(target: string): { bucket: string; prefix?: string } {
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(target);
  if (!match?.[1])
    throw new DeployError(
      `The target must look like s3://BUCKET or s3://BUCKET/PREFIX; got ${JSON.stringify(target)}.`,
      { badInput: true },
    );
  return match[2] ? { bucket: match[1], prefix: match[2] } : { bucket: match[1] };
}
