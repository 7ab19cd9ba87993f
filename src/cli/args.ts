import { parseArgs } from 'node:util';
import { DeployError } from '../base/errors.js';
import { INPUT_DEFAULTS, type InputName } from '../inputs/settings.js';
import type { CliInputName } from './help.js';
import type { OutputOptions } from './terminal-output.js';

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

/** The options of the command line itself, shared by every command (a subcommand adds its own). */
export const OUTPUT_OPTIONS = {
  verbose: { type: 'boolean' },
  quiet: { type: 'boolean' },
  json: { type: 'boolean' },
  version: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const HELP_HINT = 's3-cf-sync --help lists the options.';

export type CliInputs = Partial<Record<InputName, string>>;

export type CommandLine =
  | { readonly kind: 'help' }
  | { readonly kind: 'version' }
  | { readonly kind: 'deploy'; readonly inputs: CliInputs; readonly output: OutputOptions };

/** The deploy's command line: DIR, s3://BUCKET[/PREFIX], the action's inputs as options. */
export function parseCommandLine(argv: readonly string[]): CommandLine {
  const options = Object.fromEntries(
    cliInputNames().map((name) => [
      name,
      { type: 'string' as const, multiple: MULTILINE_INPUTS.has(name) },
    ]),
  );
  const parsed = parseOrExplain(normalised(argv), { ...options, ...OUTPUT_OPTIONS });
  const { verbose, quiet, json, version, help, ...values } = parsed.values;
  if (help) return { kind: 'help' };
  if (version) return { kind: 'version' };
  const output = outputOptionsOf({ verbose, quiet, json });
  const inputs: CliInputs = {};
  for (const [name, value] of Object.entries(values)) {
    inputs[name as InputName] = Array.isArray(value) ? value.join('\n') : String(value);
  }
  Object.assign(inputs, positionalInputs(parsed.positionals));
  return { kind: 'deploy', inputs, output };
}

/** --quiet and --verbose contradict each other: bad arguments, said before anything runs. */
export function outputOptionsOf(values: {
  readonly verbose?: unknown;
  readonly quiet?: unknown;
  readonly json?: unknown;
}): OutputOptions {
  if (values.quiet && values.verbose)
    throw new DeployError(`--quiet and --verbose cannot be given together. ${HELP_HINT}`, {
      badInput: true,
    });
  return {
    verbose: Boolean(values.verbose),
    quiet: Boolean(values.quiet),
    json: Boolean(values.json),
  };
}

type OptionSpecs = NonNullable<Parameters<typeof parseArgs>[0]>['options'];

/** Node's parseArgs, its errors said for people and flagged as bad arguments (exit 2). */
export function parseOrExplain<T extends OptionSpecs>(args: readonly string[], options: T) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    const known = Object.keys(options ?? {});
    throw new DeployError(explained(error as Error & { code?: string }, known), {
      badInput: true,
    });
  }
}

/** `s3://BUCKET` or `s3://BUCKET/PREFIX` as the bucket and prefix inputs. */
export function parseTarget(target: string): { bucket: string; prefix?: string } {
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(target);
  if (!match?.[1])
    throw new DeployError(
      `The target must look like s3://BUCKET or s3://BUCKET/PREFIX; got ${JSON.stringify(target)}.`,
      { badInput: true },
    );
  return match[2] ? { bucket: match[1], prefix: match[2] } : { bucket: match[1] };
}

function cliInputNames(): CliInputName[] {
  return (Object.keys(INPUT_DEFAULTS) as InputName[]).filter(
    (name): name is CliInputName => !ACTION_ONLY_INPUTS.has(name),
  );
}

/** `--delete-removed` as `--delete-removed=true`; `--max-deletes -1` as `--max-deletes=-1`. */
function normalised(argv: readonly string[]): string[] {
  const result: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index] as string;
    const name = arg.slice(2) as InputName;
    const next = argv[index + 1];
    if (arg.startsWith('--') && BOOLEAN_INPUTS.has(name)) result.push(`${arg}=true`);
    // parseArgs takes `-1` for an option: join `--max-deletes -1` into `--max-deletes=-1`.
    else if (arg.startsWith('--') && name in INPUT_DEFAULTS && next && /^-\d/.test(next)) {
      result.push(`${arg}=${next}`);
      index += 1;
    } else result.push(arg);
  }
  return result;
}

function positionalInputs(positionals: readonly string[]): CliInputs {
  // `s3-cf-sync --print-policy s3://BUCKET` needs no DIR.
  const [dir, target, ...extra] =
    positionals.length === 1 && positionals[0]?.startsWith('s3://')
      ? ['', ...positionals]
      : positionals;
  if (extra.length > 0)
    throw new DeployError(
      `Unexpected argument ${JSON.stringify(extra[0])}: give DIR and s3://BUCKET[/PREFIX] once. ${HELP_HINT}`,
      { badInput: true },
    );
  return {
    ...(dir ? { dir } : {}),
    ...(target === undefined ? {} : parseTarget(target)),
  };
}

/** Node's wording ("To specify a positional argument starting with a '-' ...") made short. */
function explained(error: Error & { code?: string }, known: readonly string[]): string {
  const option = /'([^']+)'/.exec(error.message)?.[1] ?? '';
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const name = option.replace(/^-+/, '').split('=')[0] ?? '';
    const close = known.filter((candidate) => name !== '' && candidate.startsWith(name));
    const guess = close.length === 1 ? ` Did you mean --${close[0]}?` : '';
    return `Unknown option ${JSON.stringify(option)}.${guess} ${HELP_HINT}`;
  }
  if (/argument missing/.test(error.message))
    return `The option ${JSON.stringify(option.split(' ')[0])} needs a value. ${HELP_HINT}`;
  return `${error.message} ${HELP_HINT}`;
}
