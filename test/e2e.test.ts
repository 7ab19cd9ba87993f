import { execFile, execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { copyOfFixture, DISTRIBUTION, startWorld, type World } from './support/deploy-world.js';
import { node24 } from './support/node24.js';
import { checkoutOfAction, runStep as runStepIn, type StepResult } from './support/runner-step.js';

const run = promisify(execFile);

/** The runtimes the bundle must run on: this machine's Node and the one action.yml declares. */
const runtimes: Array<[string, () => string, string]> = [
  [`this machine's Node (${process.version})`, () => process.execPath, 'e2e-here'],
];
if (process.platform === 'linux' && process.arch === 'x64') {
  runtimes.push(['Node 24 (runs.using: node24)', node24, 'e2e-node24']);
}

let world: World;
let checkout: { dir: string; remove(): void };
let action: string;
beforeAll(async () => {
  world = await startWorld();
  // Like the runner: the action's checkout holds dist/ and no node_modules.
  checkout = checkoutOfAction();
  action = checkout.dir;
});
afterAll(async () => {
  checkout.remove();
  await world.stop();
});

function runStep(node: string, inputs: Record<string, string>): Promise<StepResult> {
  return runStepIn(node, action, endpoints(), inputs);
}

const endpoints = () => ({ s3: world.s3Server.endpoint, cloudFront: world.cloudFront.endpoint });

test('the bundle runs with no node_modules beside it', () => {
  expect(existsSync(join(action, 'node_modules'))).toBe(false);
  expect(existsSync(join(action, 'dist', 'index.js'))).toBe(true);
});

describe.each(runtimes)('dist/index.js on %s', (_name, nodeBinary, prefix) => {
  let node: string;
  beforeAll(() => {
    node = nodeBinary();
    expect(execFileSync(node, ['--version'], { encoding: 'utf8' })).toMatch(/^v\d+\./);
  }, 180_000);

  test('deploys a Pelican site, then finds it up to date, then ships exactly one edit', async () => {
    const site = copyOfFixture();
    const inputs = {
      dir: site.dir,
      bucket: 'site',
      prefix,
      distribution: DISTRIBUTION,
      'delete-removed': 'true',
    };

    const first = await runStep(node, inputs);
    expect(first.exitCode, first.stdout).toBe(0);
    // V8 prints "unrecognized flag" when a Node release drops a flag src/memory-mode.ts sets.
    expect(first.stderr).not.toMatch(/flag/i);
    expect(first.outputs.uploaded, first.stdout).toBe('40');
    expect(first.outputs.deleted).toBe('0');
    expect(first.outputs['invalidation-id']).toMatch(/^I[A-Z0-9]+$/);
    expect(JSON.parse(first.outputs['changed-paths'] ?? '[]')).toContain(`/${prefix}/index.html`);
    expect(first.summary).toContain('40 uploaded');
    expect(first.summary).toContain(
      '[octo/blog@0123456](https://github.com/octo/blog/commit/0123456789abcdef0123456789abcdef01234567)',
    );

    const second = await runStep(node, inputs);
    expect(second.exitCode, second.stdout).toBe(0);
    expect(second.outputs).toMatchObject({
      uploaded: '0',
      deleted: '0',
      unchanged: '40',
      'invalidation-id': '',
      'changed-paths': '[]',
    });
    expect(second.summary).toContain('up to date');

    writeFileSync(join(site.dir, 'about', 'index.html'), '<html>about, edited</html>\n');
    const third = await runStep(node, inputs);
    expect(third.outputs).toMatchObject({ uploaded: '1', unchanged: '39' });
    expect(JSON.parse(third.outputs['invalidation-paths'] ?? '[]')).toEqual([
      `/${prefix}/about/`,
      `/${prefix}/about/index.html`,
    ]);
    site.remove();
  });

  test('bad input fails the step naming the input and value, before anything is written', async () => {
    const site = copyOfFixture();
    const before = await world.keys();
    const step = await runStep(node, { dir: site.dir, bucket: 'site', acl: 'public' });
    expect(step.exitCode).toBe(1);
    expect(step.stdout).toContain('::error::Input "acl" is invalid: got "public"');
    expect(await world.keys()).toEqual(before);
    site.remove();
  });
});

// Each bad input: the action fails the step (exit 1, an ::error:: naming input and value) and
// the CLI exits 2 with the same message; the bucket is untouched either way.
const BAD_INPUTS: Array<[string, string]> = [
  ['delete-removed', 'yes'],
  ['concurrency', '0'],
  ['prefix', '/blog'],
  ['bucket', 'My_Bucket'],
  ['max-deletes', 'many'],
  ['invalidate', '*'],
  ['distribution', 'd111.cloudfront.net'],
];

describe('bad input through both bundles', () => {
  test.each(BAD_INPUTS)(
    '%s = %j: the step fails and the CLI exits 2, naming both',
    async (name, value) => {
      const site = copyOfFixture();
      const before = await world.keys();
      const step = await runStep(process.execPath, {
        dir: site.dir,
        bucket: 'site',
        [name]: value,
      });
      expect(step.exitCode).toBe(1);
      expect(step.stdout).toContain(
        `::error::Input "${name}" is invalid: got ${JSON.stringify(value)}`,
      );
      const target = name === 'bucket' ? `s3://${value}` : 's3://site';
      const args = [join(action, 'dist', 'cli', 'index.js'), site.dir, target];
      if (name !== 'bucket') args.push(`--${name}=${value}`);
      const cli = await run(process.execPath, args, {
        env: { ...process.env, AWS_ENDPOINT_URL_S3: world.s3Server.endpoint },
      }).then(
        () => ({ code: 0, stderr: '' }),
        (failed: { code: number; stderr: string }) => failed,
      );
      expect(cli.code).toBe(2);
      expect(cli.stderr).toContain(`Input "${name}" is invalid`);
      expect(await world.keys()).toEqual(before);
      site.remove();
    },
  );
});
