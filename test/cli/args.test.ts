import { describe, expect, it } from 'vitest';
import { DeployError } from '../../src/base/errors.js';
import { parseCommandLine } from '../../src/cli/args.js';
import { usage } from '../../src/cli/help.js';
import { parseSettings } from '../../src/inputs/settings.js';

/** The inputs of a deploy's command line. */
function inputsFromArgs(argv: readonly string[]) {
  const line = parseCommandLine(argv);
  if (line.kind !== 'deploy') throw new Error(`unexpected ${line.kind}`);
  return line.inputs;
}

describe('parseCommandLine', () => {
  it('turns DIR, the s3:// target and options into the action inputs', () => {
    const inputs = inputsFromArgs([
      'output',
      's3://my-site/blog',
      '--distribution',
      'E123',
      '--delete-removed',
      '--cache-control',
      'a: b',
      '--cache-control',
      'c: d',
    ]);
    expect(inputs).toEqual({
      dir: 'output',
      bucket: 'my-site',
      prefix: 'blog',
      distribution: 'E123',
      'delete-removed': 'true',
      'cache-control': 'a: b\nc: d',
    });
  });

  it('reads a target without a prefix as the bucket alone', () => {
    expect(inputsFromArgs(['output', 's3://my-site'])).toEqual({
      dir: 'output',
      bucket: 'my-site',
    });
    expect(inputsFromArgs(['output', 's3://my-site/'])).toEqual({
      dir: 'output',
      bucket: 'my-site',
    });
  });

  it('takes options before the positionals and in --name=value form', () => {
    expect(
      inputsFromArgs(['--acl=public-read', '--concurrency', '4', 'out', 's3://b-1/x/y']),
    ).toEqual({ acl: 'public-read', concurrency: '4', dir: 'out', bucket: 'b-1', prefix: 'x/y' });
  });

  it('takes a negative number as an option value, as in --max-deletes -1', () => {
    expect(inputsFromArgs(['out', 's3://b', '--max-deletes', '-1'])).toMatchObject({
      'max-deletes': '-1',
    });
    expect(inputsFromArgs(['--max-deletes=-1', 'out', 's3://b'])).toMatchObject({
      'max-deletes': '-1',
      dir: 'out',
    });
  });

  it('reads a bare boolean option as true and --name=false as false', () => {
    expect(inputsFromArgs(['out', 's3://b', '--dry-run', '--wait-for-invalidation'])).toMatchObject(
      {
        'dry-run': 'true',
        'wait-for-invalidation': 'true',
      },
    );
    expect(inputsFromArgs(['out', 's3://b', '--dry-run=false'])).toMatchObject({
      'dry-run': 'false',
    });
    expect(inputsFromArgs(['out', 's3://b', '--invalidate-index-forms=false'])).toMatchObject({
      'invalidate-index-forms': 'false',
    });
  });

  it('joins repeated multi-line options with newlines', () => {
    const inputs = inputsFromArgs([
      'out',
      's3://b',
      '--exclude',
      'drafts/**',
      '--exclude',
      '*.map',
      '--invalidate',
      'none',
      '--invalidate',
      '/feeds/*',
    ]);
    expect(inputs).toMatchObject({ exclude: 'drafts/**\n*.map', invalidate: 'none\n/feeds/*' });
  });

  it('gives inputs that parseSettings accepts', () => {
    const inputs = inputsFromArgs(['out', 's3://my-site/blog', '--delete-removed', '--dry-run']);
    const settings = parseSettings((name) => inputs[name] ?? '', {});
    expect(settings).toMatchObject({
      dir: 'out',
      bucket: 'my-site',
      prefix: 'blog/',
      deleteRemoved: true,
      dryRun: true,
    });
  });

  it('needs no DIR with --print-policy and a target alone', () => {
    const inputs = inputsFromArgs(['--print-policy', 's3://my-site/blog']);
    expect(inputs).toEqual({ 'print-policy': 'true', bucket: 'my-site', prefix: 'blog' });
    expect(parseSettings((name) => inputs[name] ?? '', {}).printPolicy).toBe(true);
  });

  it('returns help for --help and -h, whatever else is given', () => {
    expect(parseCommandLine(['--help'])).toEqual({ kind: 'help' });
    expect(parseCommandLine(['-h'])).toEqual({ kind: 'help' });
    expect(parseCommandLine(['out', 's3://b', '--help'])).toEqual({ kind: 'help' });
  });

  it('returns the version for --version, whatever else is given', () => {
    expect(parseCommandLine(['--version'])).toEqual({ kind: 'version' });
    expect(parseCommandLine(['out', 's3://b', '--version'])).toEqual({ kind: 'version' });
  });

  it('reads --json, --quiet and --verbose as output options, not inputs', () => {
    expect(parseCommandLine(['out', 's3://b', '--json', '--quiet'])).toEqual({
      kind: 'deploy',
      inputs: { dir: 'out', bucket: 'b' },
      output: { json: true, quiet: true, verbose: false },
    });
    expect(parseCommandLine(['--verbose', 'out', 's3://b'])).toMatchObject({
      output: { json: false, quiet: false, verbose: true },
    });
  });

  it('refuses --quiet with --verbose as bad arguments', () => {
    const act = () => parseCommandLine(['out', 's3://b', '--quiet', '--verbose']);
    expect(act).toThrow('--quiet and --verbose cannot be given together.');
    expect(act).toThrow(expect.objectContaining({ badInput: true }));
  });

  it.each(['my-site', 's3:/my-site', 'https://my-site.s3.amazonaws.com', 's3://'])(
    'rejects the target %j, showing the expected form',
    (target) => {
      const act = () => inputsFromArgs(['out', target]);
      expect(act).toThrow(DeployError);
      expect(act).toThrow(
        `The target must look like s3://BUCKET or s3://BUCKET/PREFIX; got ${JSON.stringify(target)}`,
      );
    },
  );

  it('rejects an unknown option in one line, naming it, guessing the one meant and pointing to --help', () => {
    const act = () => inputsFromArgs(['out', 's3://b', '--delete']);
    expect(act).toThrow(DeployError);
    expect(act).toThrow(
      'Unknown option "--delete". Did you mean --delete-removed? s3-cf-sync --help lists the options.',
    );
    expect(() => inputsFromArgs(['out', 's3://b', '--frobnicate'])).toThrow(
      /^Unknown option "--frobnicate". s3-cf-sync --help lists the options.$/,
    );
  });

  it('rejects an option missing its value', () => {
    expect(() => inputsFromArgs(['out', 's3://b', '--distribution'])).toThrow(
      'The option "--distribution" needs a value.',
    );
  });

  it('rejects a third positional argument', () => {
    expect(() => inputsFromArgs(['out', 's3://b', 'extra'])).toThrow(/Unexpected argument "extra"/);
  });

  it('has no --github-token: a terminal has no pull request to comment on', () => {
    expect(() => inputsFromArgs(['out', 's3://b', '--github-token', 'x'])).toThrow(
      /Unknown option "--github-token"/,
    );
    expect(usage()).not.toContain('github-token');
  });

  it('mentions every input in the usage text', () => {
    for (const name of [
      'distribution',
      'delete-removed',
      'acl',
      'dry-run',
      'cache-control',
      'content-type',
      'exclude',
      'region',
      'endpoint',
      'concurrency',
      'max-deletes',
      'multipart-threshold',
      'invalidate',
      'invalidate-index-forms',
      'invalidation-max-paths',
      'invalidation-timeout',
      'wait-for-invalidation',
      'print-policy',
    ]) {
      expect(usage(), name).toContain(`--${name}`);
    }
  });
});
