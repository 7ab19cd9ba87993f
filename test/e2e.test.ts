import { execFile, execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { copyOfFixture, DISTRIBUTION, startWorld, type World } from './support/deploy-world.js';
import {
  ACTIONS_BOT,
  type GitHubServer,
  pullRequestEventFile,
  startGitHubServer,
} from './support/github-server.js';
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

const GITHUB_TOKEN = 'ghs_e2e00000000000000000000000000000000';
const READ_ONLY_TOKEN = 'ghs_e2eReadOnly0000000000000000000000';

let world: World;
let checkout: { dir: string; remove(): void };
let github: GitHubServer;
let action: string;
beforeAll(async () => {
  world = await startWorld();
  github = await startGitHubServer({
    [GITHUB_TOKEN]: { user: ACTIONS_BOT, canWrite: true, canReadUser: false },
    [READ_ONLY_TOKEN]: { user: ACTIONS_BOT, canWrite: false, canReadUser: false },
  });
  // Like the runner: the action's checkout holds dist/ and no node_modules.
  checkout = checkoutOfAction();
  action = checkout.dir;
});
afterAll(async () => {
  checkout.remove();
  await world.stop();
  await github.stop();
});

function runStep(
  node: string,
  inputs: Record<string, string>,
  runner: NodeJS.ProcessEnv = {},
): Promise<StepResult> {
  return runStepIn(node, action, endpoints(), inputs, {
    env: { GITHUB_API_URL: github.endpoint, ...runner },
  });
}

const endpoints = () => ({ s3: world.s3Server.endpoint, cloudFront: world.cloudFront.endpoint });

test('the bundle runs with no node_modules beside it', () => {
  expect(existsSync(join(action, 'node_modules'))).toBe(false);
  expect(existsSync(join(action, 'dist', 'index.js'))).toBe(true);
});

test('Octokit and its HTTP client are only in a chunk loaded for a comment: start-up runs without them', async () => {
  const dist = join(action, 'dist');
  const chunks = readdirSync(dist).filter((name) => /^\d+\.index\.js$/.test(name));
  const entry = readFileSync(join(dist, 'index.js'), 'utf8');
  expect(entry).not.toContain('@octokit/');
  // The runner's protocol is the action's own (src/action/runner.ts): no HTTP client at start-up.
  expect(entry).not.toMatch(/undici|@actions\/http-client/);
  const inChunks = chunks.map((name) => readFileSync(join(dist, name), 'utf8'));
  expect(inChunks.some((text) => text.includes('@octokit/core'))).toBe(true);
  const licenses = readFileSync(join(dist, 'licenses.txt'), 'utf8');
  for (const name of ['@aws-sdk/client-s3', '@actions/github', '@octokit/core'])
    expect(licenses, name).toMatch(new RegExp(`^${name}$`, 'm'));

  const withoutChunks = mkdtempSync(join(tmpdir(), 'action-'));
  cpSync(dist, join(withoutChunks, 'dist'), { recursive: true });
  for (const name of chunks) rmSync(join(withoutChunks, 'dist', name));
  const files = mkdtempSync(join(tmpdir(), 'runner-'));
  writeFileSync(join(files, 'output'), '');
  const step = await run(process.execPath, [join(withoutChunks, 'dist', 'index.js')], {
    env: {
      PATH: process.env.PATH,
      GITHUB_OUTPUT: join(files, 'output'),
      'INPUT_PRINT-POLICY': 'true',
      INPUT_BUCKET: 'site',
    },
  });
  expect(step.stdout).toContain('"s3:ListBucket"');
  rmSync(withoutChunks, { recursive: true, force: true });
  rmSync(files, { recursive: true, force: true });
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

  test('a deploy that changes nothing needs no chunk of dist/, an edit no CloudFront SDK', async () => {
    const site = copyOfFixture();
    const inputs = {
      dir: site.dir,
      bucket: 'site',
      prefix: `${prefix}-no-sdk`,
      distribution: DISTRIBUTION,
      'delete-removed': 'true',
    };
    expect((await runStep(node, inputs)).outputs.uploaded).toBe('40');
    // The same checkout without its chunks: the S3 and CloudFront SDKs and Octokit.
    const bare = mkdtempSync(join(tmpdir(), 'action-'));
    cpSync(action, bare, { recursive: true });
    const chunks = readdirSync(join(bare, 'dist')).filter((name) => /^\d+\.index\.js$/.test(name));
    expect(chunks.length).toBeGreaterThanOrEqual(3);
    // The entry chunk holds no SDK: a no-op that ran without the chunks but with an SDK inside
    // index.js would prove nothing.
    expect(readFileSync(join(bare, 'dist', 'index.js'), 'utf8')).not.toMatch(
      /S3ServiceException|class S3Client|NodeHttpHandler|SignatureV4/,
    );
    for (const name of chunks) rmSync(join(bare, 'dist', name));
    const runBare = () =>
      runStepIn(node, bare, endpoints(), inputs, { env: { GITHUB_API_URL: github.endpoint } });

    const unchanged = await runBare();
    expect(unchanged.exitCode, unchanged.stdout).toBe(0);
    expect(unchanged.outputs).toMatchObject({ uploaded: '0', deleted: '0', unchanged: '40' });

    // A change needs the SDK: without its chunks the step fails before writing anything.
    writeFileSync(join(site.dir, 'about', 'index.html'), '<html>about, edited</html>\n');
    const keysBefore = await world.keys(`${prefix}-no-sdk/`);
    const edited = await runBare();
    expect(edited.exitCode).toBe(1);
    expect(edited.stdout).toMatch(/index\.js/);
    expect(await world.keys(`${prefix}-no-sdk/`)).toEqual(keysBefore);
    // With them, the same edit ships.
    expect((await runStep(node, inputs)).outputs).toMatchObject({ uploaded: '1', unchanged: '39' });

    // An edit needs S3's chunk (the lock's conditional writes) but not CloudFront's: both of
    // its CloudFront calls are requests of the action's own.
    const cloudFrontChunks = chunks.filter((name) =>
      readFileSync(join(action, 'dist', name), 'utf8').includes('CloudFrontServiceException'),
    );
    expect(cloudFrontChunks).toHaveLength(1);
    rmSync(bare, { recursive: true, force: true });
    cpSync(action, bare, { recursive: true });
    for (const name of cloudFrontChunks) rmSync(join(bare, 'dist', name));
    writeFileSync(join(site.dir, 'about', 'index.html'), '<html>about, edited again</html>\n');
    const seen = world.cloudFront.requests.length;
    const withoutCloudFront = await runBare();
    expect(withoutCloudFront.exitCode, withoutCloudFront.stdout).toBe(0);
    expect(withoutCloudFront.outputs).toMatchObject({ uploaded: '1', unchanged: '39' });
    expect(
      world.cloudFront.requests
        .slice(seen)
        .map(({ operation, userAgent }) => [operation, userAgent]),
    ).toEqual([
      ['GetDistributionConfig', 's3-cf-sync'],
      ['CreateInvalidation', 's3-cf-sync'],
    ]);
    rmSync(bare, { recursive: true, force: true });
    site.remove();
  });

  test('on a pull request, a dry run comments the plan; the next run edits that comment', async () => {
    const site = copyOfFixture();
    const number = prefix === 'e2e-here' ? 21 : 22;
    const pullRequest = pullRequestRunner(number);
    const inputs = {
      dir: site.dir,
      bucket: 'site',
      prefix: `${prefix}-pr`,
      distribution: DISTRIBUTION,
      'dry-run': 'true',
      'github-token': GITHUB_TOKEN,
    };
    const first = await runStep(node, inputs, pullRequest);
    expect(first.exitCode, first.stdout).toBe(0);
    expect(first.stdout).toContain(`Commented the plan on pull request #${number}`);
    const [comment, ...others] = github.comments('octo/blog', number);
    expect(others).toEqual([]);
    expect(comment?.body).toContain('40 to upload, 0 to delete, 0 unchanged');

    rmSync(join(site.dir, 'about', 'index.html'));
    const second = await runStep(node, inputs, pullRequest);
    expect(second.exitCode, second.stdout).toBe(0);
    expect(second.stdout).toContain(`Updated the plan comment on pull request #${number}`);
    expect(github.comments('octo/blog', number)).toEqual([
      { ...comment, body: expect.stringContaining('39 to upload, 0 to delete, 0 unchanged') },
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

/** What the runner sets for a `pull_request` event. */
function pullRequestRunner(number: number): NodeJS.ProcessEnv {
  return {
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: pullRequestEventFile(number, 'abcdef0123456789abcdef0123456789abcdef01'),
  };
}

describe('the pull-request comment through dist/index.js', () => {
  const dryRun = (site: { dir: string }, extra: Record<string, string> = {}) => ({
    dir: site.dir,
    bucket: 'site',
    prefix: 'e2e-pr-edges',
    'dry-run': 'true',
    ...extra,
  });

  test('without a token, or on a push, no request reaches GitHub', async () => {
    const site = copyOfFixture();
    const before = github.requests.length;
    const noToken = await runStep(process.execPath, dryRun(site), pullRequestRunner(31));
    expect(noToken.exitCode, noToken.stdout).toBe(0);
    const push = await runStep(process.execPath, dryRun(site, { 'github-token': GITHUB_TOKEN }), {
      GITHUB_EVENT_NAME: 'push',
    });
    expect(push.exitCode, push.stdout).toBe(0);
    expect(push.stdout).toContain('github-token is set, but this push is not a pull-request event');
    expect(github.requests.length).toBe(before);
    site.remove();
  });

  test('a 403 is a warning naming pull-requests: write; the step succeeds', async () => {
    const site = copyOfFixture();
    const step = await runStep(
      process.execPath,
      dryRun(site, { 'github-token': READ_ONLY_TOKEN }),
      pullRequestRunner(32),
    );
    expect(step.exitCode, step.stdout).toBe(0);
    expect(step.stdout).toMatch(
      /^::warning::Could not comment the plan on pull request #32: .*pull-requests: write/m,
    );
    expect(step.stdout).not.toContain('::error::');
    expect(github.comments('octo/blog', 32)).toEqual([]);
    expect(step.outputs.uploaded).toBe('40');
    site.remove();
  });

  test('the token is masked before anything else is printed, and never printed otherwise', async () => {
    const site = copyOfFixture();
    const step = await runStep(
      process.execPath,
      dryRun(site, { 'github-token': GITHUB_TOKEN }),
      pullRequestRunner(33),
    );
    expect(step.exitCode, step.stdout).toBe(0);
    const lines = step.stdout.split('\n');
    const withToken = lines.flatMap((line, index) => (line.includes(GITHUB_TOKEN) ? [index] : []));
    expect(withToken.map((index) => lines[index])).toEqual([`::add-mask::${GITHUB_TOKEN}`]);
    const firstOther = lines.findIndex((line) => !line.startsWith('::add-mask::'));
    expect(withToken[0]).toBeLessThan(firstOther);
    expect(step.stderr).not.toContain(GITHUB_TOKEN);
    expect(step.summary).not.toContain(GITHUB_TOKEN);
    site.remove();
  });
});
