// The README's "Try it locally" commands, then the "Try next" list the demo prints, run one after
// the other as a newcomer types them (bash, in a fresh folder laid out like the checkout), each
// checked for what it prints. The commands are read from the README and from the demo's output,
// so a command there that breaks fails this test.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

interface Typed {
  readonly command: string;
  /** The comment after `#`, which says what to expect. */
  readonly what: string;
}

/** The lines of the first sh block under a heading, split into command and comment. */
function shBlockUnder(markdown: string, heading: string): Typed[] {
  const section = markdown.split(`\n## ${heading}\n`)[1] ?? '';
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  return commandLines(block.split('\n'));
}

/** `  npm run demo   # again: nothing to upload` -> command and comment. */
function commandLines(lines: readonly string[]): Typed[] {
  return lines
    .map((line) => /^\s*(.*?)\s*(?:#\s*(.*))?$/.exec(line))
    .filter((match) => match?.[1])
    .map((match) => ({ command: match?.[1] ?? '', what: match?.[2] ?? '' }));
}

let newcomer: string;

/** A folder laid out like a fresh clone after `npm ci`: the sources copied, the installs shared. */
function freshCheckout(): string {
  const dir = mkdtempSync(join(tmpdir(), 'newcomer-'));
  cpSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
  cpSync(join(ROOT, 'README.md'), join(dir, 'README.md'));
  // Copied: the demo keeps its data beside its own script (.demo/ next to scripts/).
  cpSync(join(ROOT, 'scripts'), join(dir, 'scripts'), { recursive: true });
  for (const shared of ['node_modules', 'dist', 'test', 'tsconfig.json'])
    symlinkSync(join(ROOT, shared), join(dir, shared));
  return dir;
}

function type(command: string): { code: number; output: string; stdout: string } {
  const env: NodeJS.ProcessEnv = { ...process.env };
  // A newcomer's shell has no credentials for the demo to pick up.
  for (const name of Object.keys(env)) if (name.startsWith('AWS_')) delete env[name];
  const run = spawnSync('bash', ['-c', command], {
    cwd: newcomer,
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 90_000,
  });
  return { code: run.status ?? -1, output: `${run.stdout}${run.stderr}`, stdout: run.stdout };
}

/** What each step of the demo's "Try next" list must print (or leave behind). */
const TRY_NEXT_CHECKS: ReadonlyArray<readonly [RegExp, (output: string) => void]> = [
  [/^npm run demo$/, (output) => expect(output).toContain('Up to date: all 40 files unchanged.')],
  [
    /^cp -r test\/fixtures\/pelican-site\/?\.? \.demo\/site$/,
    () => {
      expect(existsSync(join(newcomer, '.demo/site/about/index.html'))).toBe(true);
      expect(existsSync(join(newcomer, '.demo/site/pelican-site'))).toBe(false);
    },
  ],
  [
    /^echo .* >> \.demo\/site\/about\/index\.html$/,
    () =>
      expect(readFileSync(join(newcomer, '.demo/site/about/index.html'), 'utf8')).toMatch(/edited/),
  ],
  [
    /^rm \.demo\/site\/favicon\.ico$/,
    () => expect(existsSync(join(newcomer, '.demo/site/favicon.ico'))).toBe(false),
  ],
  [
    /^npm run demo -- \.demo\/site$/,
    (output) => {
      expect(output).toContain('1 uploaded, 1 deleted, 38 unchanged, 1 invalidation.');
      // Exactly the changed page (both its URLs) and the removed file.
      expect(output).toMatch(
        /invalidation \w+ for 3 paths:\n {2}\/about\/\n {2}\/about\/index\.html\n {2}\/favicon\.ico\n/,
      );
      expect(output).toMatch(/updated +\/about\/index\.html/);
      expect(output).toMatch(/deleted +\/favicon\.ico/);
    },
  ],
  [
    /^npm run demo -- --reset$/,
    (output) => {
      expect(output).toContain('Wiped .demo/: this run starts from an empty bucket.');
      expect(output).toContain('40 uploaded, 0 deleted, 0 unchanged, 1 invalidation.');
    },
  ],
];

describe("the README's first commands, typed by a newcomer", () => {
  beforeAll(() => {
    newcomer = freshCheckout();
  });
  afterAll(() => {
    rmSync(newcomer, { recursive: true, force: true });
  });

  const typed = shBlockUnder(README, 'Try it locally, no AWS account');
  let firstRun = '';

  it('begins with npm ci, then runs the demo twice', () => {
    // `npm ci` made this checkout's node_modules (CI runs it first); the rest is run below.
    expect(typed.map(({ command }) => command)).toEqual(['npm ci', 'npm run demo', 'npm run demo']);
  });

  it('deploys the bundled site on the first npm run demo, and says what to try next', () => {
    const { code, output, stdout } = type(typed[1]?.command ?? '');
    expect(output, output).not.toContain('Error:');
    // A newcomer's first deploy has nothing to warn about (the SDK's Node warning included).
    expect(output, output).not.toMatch(/warning/i);
    expect(code).toBe(0);
    expect(output).toContain('Deployed to s3://demo-site/');
    expect(output).toContain('40 uploaded, 0 deleted, 0 unchanged, 1 invalidation.');
    expect(output).toMatch(/CloudFront E2EXAMPLE123: invalidation \w+ for \d+ paths/);
    expect(stdout).toContain('\nTry next:\n');
    firstRun = stdout;
  });

  it('says what the README promises on the second run', () => {
    const { code, output } = type(typed[2]?.command ?? '');
    expect(code, output).toBe(0);
    // The README's comment quotes what the run prints: `# again: "up to date"`.
    const promised = /"([^"]+)"/.exec(typed[2]?.what ?? '')?.[1] ?? '';
    expect(promised).not.toBe('');
    expect(output.toLowerCase()).toContain(promised.toLowerCase());
    expect(output).toContain('Up to date: all 40 files unchanged.');
  });

  it('runs every "Try next" step the demo printed, each printing what its comment says', () => {
    const list = firstRun.split('\nTry next:\n')[1]?.trimEnd().split('\n') ?? [];
    const steps = commandLines(list);
    expect(steps.length).toBeGreaterThanOrEqual(6);
    for (const { command, what } of steps) {
      const check = TRY_NEXT_CHECKS.find(([pattern]) => pattern.test(command));
      // A new step needs a check here: what it should print is part of the demo.
      expect(check, `no check for the step ${JSON.stringify(command)} (${what})`).toBeDefined();
      const { code, output } = type(command);
      expect(code, `${command}\n${output}`).toBe(0);
      expect(output, output).not.toMatch(/warning/i);
      check?.[1](output);
    }
  });
});
