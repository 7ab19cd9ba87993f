import { describe, expect, it } from 'vitest';
import { type CliInputName, defaultText, usage } from '../../src/cli/help.js';
import { INPUT_DEFAULTS, type InputName } from '../../src/inputs/settings.js';

const help = usage();
// The pull-request token has no terminal; the rollback's inputs are the rollback command's own.
const ACTION_ONLY = new Set<InputName>(['github-token', 'rollback-to', 'rollback-force']);
const cliInputs = (Object.keys(INPUT_DEFAULTS) as InputName[]).filter(
  (name): name is CliInputName => !ACTION_ONLY.has(name),
);

describe('--help', () => {
  it.each(cliInputs)('lists --%s with its default', (name) => {
    // The option's entry runs from its name to the next option.
    const entry = new RegExp(`^  --${name}\\b[\\s\\S]*?(?=^  -|^$)`, 'm').exec(help)?.[0] ?? '';
    expect(entry, name).not.toBe('');
    expect(entry.replace(/\s+/g, ' ')).toContain(`(default: ${defaultText(name)}`);
  });

  it('shows each default as action.yml declares it', () => {
    expect(defaultText('lock-timeout')).toBe('600');
    expect(defaultText('concurrency')).toBe('16');
    expect(defaultText('exclude')).toBe('.git/**, .DS_Store');
    expect(defaultText('dry-run')).toBe('false');
  });

  it('lists the output options and the exit codes', () => {
    for (const option of ['--verbose', '--quiet', '--json', '--version', '--help'])
      expect(help).toContain(option);
    expect(help).toContain(
      'Exit codes: 0 deployed (or up to date), 1 the deploy failed, 2 bad arguments.',
    );
  });

  it('has an example per use: a Makefile, a dry run, several distributions', () => {
    expect(help).toMatch(/Makefile[\s\S]*s3_upload: publish\n\s+\ts3-cf-sync \$\(OUTPUTDIR\)\//);
    expect(help).toMatch(/dry run[\s\S]*--dry-run/i);
    expect(help).toMatch(/Several distributions[\s\S]*--distribution E\w+,E\w+/);
  });

  it('keeps every line but the examples within 88 columns', () => {
    const long = help.split('\n').filter((line) => line.length > 88 && !/s3-cf-sync /.test(line));
    expect(long).toEqual([]);
  });
});
