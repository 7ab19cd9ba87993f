import { INPUT_DEFAULTS, type InputName } from '../inputs/settings.js';

/**
 * The inputs a terminal has: all but the pull-request comment's token, and the rollback's, which
 * the `rollback` command takes as its own options (cli/history-rollback.ts).
 */
export type CliInputName = Exclude<InputName, 'github-token' | 'rollback-to' | 'rollback-force'>;

interface OptionHelp {
  /** The value's placeholder; none for a boolean. */
  readonly value?: string;
  readonly text: string;
  readonly repeatable?: true;
  /** What the default means, where the bare value would not say it. */
  readonly default?: string;
}

// One entry per input (the type makes a new input fail to compile until it has its line here).
const OPTIONS: Record<CliInputName, OptionHelp> = {
  dir: { value: 'DIR', text: 'the folder to publish (or the first argument)' },
  bucket: { value: 'NAME', text: 'the bucket (or the s3://BUCKET argument)' },
  prefix: {
    value: 'PATH',
    text: 'folder inside the bucket (or s3://BUCKET/PATH)',
    default: 'the whole bucket',
  },
  distribution: {
    value: 'IDS',
    text: 'CloudFront distribution ID(s) to invalidate, commas between, or auto for every one whose origin is the bucket',
    default: 'none, no invalidation',
  },
  'delete-removed': { text: 'delete objects no longer in DIR, after every upload succeeded' },
  acl: { value: 'ACL', text: 'canned ACL for uploads, e.g. public-read', default: 'no ACL header' },
  region: {
    value: 'REGION',
    text: "the bucket's region",
    default: 'AWS_REGION or AWS_DEFAULT_REGION, else us-east-1',
  },
  endpoint: {
    value: 'URL',
    text: 'an S3-compatible service (R2, MinIO, ...), path-style',
    default: 'AWS, or AWS_ENDPOINT_URL_S3',
  },
  'origin-domain': {
    value: 'HOST',
    text: 'with --endpoint, the CloudFront origin domain that serves the bucket (a custom origin)',
    default: "the endpoint's host name",
  },
  concurrency: { value: 'N', text: 'files hashed, uploaded or deleted at once (1-256)' },
  exclude: {
    value: 'GLOB',
    text: 'files and folders neither uploaded nor deleted',
    repeatable: true,
  },
  'cache-control': { value: '"GLOB: VALUE"', text: 'a Cache-Control rule', repeatable: true },
  'content-type': { value: '"GLOB: VALUE"', text: 'a Content-Type override', repeatable: true },
  'max-deletes': {
    value: 'N',
    text: 'fail before writing when more would be deleted (-1: no cap)',
  },
  'multipart-threshold': { value: 'SIZE', text: 'files this large are uploaded in parts' },
  invalidate: {
    value: 'WHAT',
    text: 'changed, all or none; a /path is always added',
    repeatable: true,
  },
  'invalidate-index-forms': { text: 'also invalidate /dir/ for dir/index.html' },
  'invalidation-max-paths': { value: 'N', text: 'more paths are collapsed into wildcards' },
  'invalidation-timeout': {
    value: 'SECONDS',
    text: 'retry a throttled invalidation (and wait) this long',
  },
  'wait-for-invalidation': { text: 'wait until CloudFront completed the invalidation' },
  'lock-timeout': {
    value: 'SECONDS',
    text: 'wait this long for another deploy of the same bucket and prefix to finish',
  },
  'keep-deploys': {
    value: 'N',
    text: 'deploy records kept for history and rollback (0: none); older ones are pruned',
  },
  'dry-run': { text: 'list, diff and plan, write nothing' },
  'print-policy': { text: 'print the minimal IAM policy for these options and exit' },
};

// Options of the command line itself, not inputs of the action.
const OUTPUT_OPTIONS: ReadonlyArray<readonly [string, string]> = [
  ['--verbose', 'one line per file uploaded, updated, deleted or excluded (default: off)'],
  ['--quiet', 'only warnings, errors and the summary at the end (default: off)'],
  ['--json', "the result (the action's result-file) alone on stdout; the rest on stderr"],
  ['--version', 'print the version and exit'],
  ['-h, --help', 'print this help and exit'],
];

const WIDTH = 88;
const NAME_COLUMN = 34;

/** An option's default, as action.yml declares it (or what an empty one means). */
export function defaultText(name: CliInputName): string {
  const value: string = INPUT_DEFAULTS[name];
  return OPTIONS[name].default ?? (value === '' ? 'none' : value.split('\n').join(', '));
}

/** `--help`: every option with its default, and an example per use. */
export function usage(): string {
  const options = (Object.keys(OPTIONS) as CliInputName[]).map((name) => {
    const { value, text, repeatable } = OPTIONS[name];
    const more = repeatable ? '; repeatable' : '';
    return optionLine(
      `--${name}${value ? ` ${value}` : ''}`,
      `${text} (default: ${defaultText(name)}${more})`,
    );
  });
  return [
    'Usage: s3-cf-sync DIR s3://BUCKET[/PREFIX] [options]',
    '       s3-cf-sync --print-policy s3://BUCKET[/PREFIX] [options]',
    '',
    'Publishes DIR to S3 by content (MD5 against the ETag), deletes what was removed',
    'last, and invalidates exactly the changed paths on CloudFront. The options are',
    "the action's inputs, with the same names and defaults.",
    '',
    'Options:',
    ...options,
    '',
    'Output:',
    ...OUTPUT_OPTIONS.map(([name, text]) => optionLine(name, text)),
    '',
    'Examples:',
    '  In a Makefile (Pelican\'s "make s3_upload"):',
    '    s3_upload: publish',
    '    \ts3-cf-sync $(OUTPUTDIR)/ s3://$(S3_BUCKET) --distribution $(CLOUDFRONT_DISTRIBUTION) --delete-removed',
    '  A dry run: the plan, nothing written:',
    '    s3-cf-sync output s3://my-site --distribution E2QWRUHAPOMQZL --delete-removed --dry-run',
    '  Several distributions (apex and www), one invalidation each:',
    '    s3-cf-sync output s3://my-site --distribution E2QWRUHAPOMQZL,E1M2XAMPLE3WWW',
    '  Under a prefix, the result for a script:',
    '    s3-cf-sync public s3://my-site/docs --json > deploy.json',
    '',
    'Booleans take --name or --name=false. Credentials come from the standard AWS',
    'chain (environment, AWS_PROFILE, an instance role); they are never printed.',
    'On a terminal one status line shows the progress, elsewhere a plain line every',
    '5 s. NO_COLOR=1 turns colour off.',
    'Exit codes: 0 deployed (or up to date), 1 the deploy failed, 2 bad arguments.',
  ].join('\n');
}

function optionLine(name: string, text: string): string {
  const lines: string[] = [];
  let line = `  ${name}`.padEnd(NAME_COLUMN);
  if (name.length + 2 >= NAME_COLUMN) {
    lines.push(`  ${name}`);
    line = ''.padEnd(NAME_COLUMN);
  }
  for (const word of text.split(' ')) {
    if (line.trim() !== '' && line.length + word.length + 1 > WIDTH && line.length > NAME_COLUMN) {
      lines.push(line.trimEnd());
      line = ''.padEnd(NAME_COLUMN);
    }
    line += line.length === NAME_COLUMN ? word : ` ${word}`;
  }
  lines.push(line.trimEnd());
  return lines.join('\n');
}
