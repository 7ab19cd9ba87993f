// The action speaks the runner's protocol itself (src/action/runner.ts) instead of loading
// @actions/core. Each case runs both, one after the other, on the same environment, and compares
// what the runner would receive: stdout lines, the GITHUB_OUTPUT file, the job summary file.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as core from '@actions/core';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import * as runner from '../../src/action/runner.js';

let folder: string;
const saved = { ...process.env };

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'runner-'));
});
afterEach(() => {
  rmSync(folder, { recursive: true, force: true });
  for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
  Object.assign(process.env, saved);
  process.exitCode = undefined;
});

/** What `work` printed and wrote to the output and summary files, delimiters made comparable. */
interface Received {
  stdout: string;
  output: string;
  summary: string;
  failure: string;
  exitCode: string;
}

async function received(work: () => unknown): Promise<Received> {
  const output = join(folder, `output-${Math.random()}`);
  const summary = join(folder, `summary-${Math.random()}`);
  writeFileSync(output, '');
  writeFileSync(summary, '');
  if (process.env.GITHUB_OUTPUT !== undefined) process.env.GITHUB_OUTPUT = output;
  if (process.env.GITHUB_STEP_SUMMARY !== undefined) process.env.GITHUB_STEP_SUMMARY = summary;
  let stdout = '';
  const write = process.stdout.write;
  process.stdout.write = ((chunk: string) => {
    stdout += chunk;
    return true;
  }) as typeof process.stdout.write;
  let failure = '';
  try {
    await work();
  } catch (error) {
    failure = (error as Error).message;
  } finally {
    process.stdout.write = write;
  }
  const uuid = /ghadelimiter_[0-9a-f-]{36}/g;
  return {
    stdout,
    output: readFileSync(output, 'utf8').replace(uuid, 'ghadelimiter_X'),
    summary: readFileSync(summary, 'utf8'),
    failure: failure.replaceAll(output, 'OUTPUT').replaceAll(summary, 'SUMMARY'),
    exitCode: String(process.exitCode ?? ''),
  };
}

async function expectSame(ours: () => unknown, theirs: () => unknown) {
  const mine = await received(ours);
  process.exitCode = undefined;
  const reference = await received(theirs);
  expect(mine).toEqual(reference);
  return mine;
}

const awkward = [
  'plain',
  '',
  '  padded  ',
  'two\nlines',
  'cr\r\nlf',
  '100% done',
  '::error::injected',
  'a:b,c=d',
  'é ✓ 😀',
];

describe('inputs', () => {
  test.each(['bucket', 'delete-removed', 'cache control', 'Mixed-Case'])(
    'getInput(%j) reads the variable the runner sets, trimmed',
    (name) => {
      for (const value of awkward) {
        process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
        expect(runner.getInput(name)).toBe(core.getInput(name));
      }
      delete process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`];
      expect(runner.getInput(name)).toBe('');
      expect(core.getInput(name)).toBe('');
    },
  );
});

describe('outputs', () => {
  test.each(awkward)(
    'setOutput with %j writes the same heredoc to GITHUB_OUTPUT',
    async (value) => {
      process.env.GITHUB_OUTPUT = '';
      const seen = await expectSame(
        () => runner.setOutput('changed-paths', value),
        () => core.setOutput('changed-paths', value),
      );
      expect(seen.output).toContain(`changed-paths<<ghadelimiter_X\n${value}\nghadelimiter_X\n`);
      expect(seen.stdout).toBe('');
    },
  );

  test('without GITHUB_OUTPUT both fall back to the set-output command', async () => {
    delete process.env.GITHUB_OUTPUT;
    for (const value of awkward) {
      const seen = await expectSame(
        () => runner.setOutput('a:b,c', value),
        () => core.setOutput('a:b,c', value),
      );
      expect(seen.stdout).toMatch(/^\n::set-output name=a%3Ab%2Cc::/);
    }
  });

  test('a missing output file is an error, as it is for @actions/core', () => {
    process.env.GITHUB_OUTPUT = join(folder, 'absent');
    expect(() => runner.setOutput('x', 'y')).toThrow(/^Missing file at path: .*absent$/);
    expect(() => core.setOutput('x', 'y')).toThrow(/^Missing file at path: .*absent$/);
  });
});

describe('workflow commands', () => {
  test.each(awkward)('info, warning, error, debug and setSecret print %j alike', async (text) => {
    for (const [ours, theirs] of [
      [runner.info, core.info],
      [runner.warning, core.warning],
      [runner.error, core.error],
      [runner.debug, core.debug],
      [runner.setSecret, core.setSecret],
    ] as const) {
      const seen = await expectSame(
        () => ours(text),
        () => theirs(text),
      );
      // A command is one line: nothing in a message can start a second one.
      if (ours !== runner.info) expect(seen.stdout.split('\n')).toHaveLength(2);
    }
  });

  test('group folds its lines and ends the group when the work throws', async () => {
    const work = (log: (text: string) => void) => async () => {
      log('inside');
      throw new Error('broken');
    };
    const seen = await expectSame(
      () => runner.group('Uploading 2 pages', work(runner.info)),
      () => core.group('Uploading 2 pages', work(core.info)),
    );
    expect(seen.stdout).toBe('::group::Uploading 2 pages\ninside\n::endgroup::\n');
    expect(seen.failure).toBe('broken');
    expect(await runner.group('t', async () => 42)).toBe(42);
  });

  test('setFailed sets exit code 1 and prints the error annotation', async () => {
    const seen = await expectSame(
      () => runner.setFailed('s3:ListBucket denied\non arn:aws:s3:::site'),
      () => core.setFailed('s3:ListBucket denied\non arn:aws:s3:::site'),
    );
    expect(seen.exitCode).toBe('1');
    expect(seen.stdout).toBe('::error::s3:ListBucket denied%0Aon arn:aws:s3:::site\n');
  });

  test.each([
    ['1', true],
    ['true', false],
    ['0', false],
    [undefined, false],
  ])('isDebug with RUNNER_DEBUG=%s', (value, expected) => {
    if (value === undefined) delete process.env.RUNNER_DEBUG;
    else process.env.RUNNER_DEBUG = value;
    expect(runner.isDebug()).toBe(expected);
    expect(core.isDebug()).toBe(expected);
  });
});

describe('job summary', () => {
  // First: @actions/core keeps the summary path once a write has succeeded.
  test('a summary file that cannot be written gives the same error', async () => {
    process.env.GITHUB_STEP_SUMMARY = join(folder, 'absent', 'summary.md');
    let ours = '';
    try {
      runner.appendSummary('x');
    } catch (error) {
      ours = (error as Error).message;
    }
    const theirs = await core.summary
      .addRaw('x')
      .write()
      .then(
        () => '',
        (error: Error) => error.message,
      );
    expect(ours).toMatch(/^Unable to access summary file: '.*summary\.md'/);
    expect(ours).toBe(theirs);
    core.summary.emptyBuffer();
  });

  test('appendSummary appends the markdown as core.summary.addRaw().write() does', async () => {
    process.env.GITHUB_STEP_SUMMARY = '';
    const markdown = '## Deployed\n\n| a | b |\n| --- | --- |\n| 1 | 2 |\n';
    const seen = await expectSame(
      () => {
        runner.appendSummary(markdown);
        runner.appendSummary('more');
      },
      async () => {
        await core.summary.addRaw(markdown).write();
        await core.summary.addRaw('more').write();
      },
    );
    expect(seen.summary).toBe(`${markdown}more`);
  });
});
