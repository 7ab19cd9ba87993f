// The CLI (dist/cli/index.js) as a person sees it on a real pseudo-terminal, and as a script or a
// CI log reads it through a pipe; and the action's log, which must not change with it.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type CloudFrontServer, startCloudFrontServer } from './support/cloudfront-server.js';
import { node24 } from './support/node24.js';
import {
  COLOUR,
  ESCAPE_OR_RETURN,
  runInTerminal,
  statusFrames,
} from './support/pseudo-terminal.js';
import { checkoutOfAction, runStep } from './support/runner-step.js';
import { type S3FaultProxy, startS3FaultProxy } from './support/s3-fault-proxy.js';
import { S3RVER_CREDENTIALS, type S3Server, startS3Server } from './support/s3-server.js';

const BUCKET = 'site';
const DISTRIBUTION = 'E2EXAMPLE123';
const FILES = 300;
const COLS = 100;
const CLI = join(import.meta.dirname, '..', 'dist', 'cli', 'index.js');
const PACKAGE = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8'));
const execute = promisify(execFile);

let s3Server: S3Server;
// The deploys go through the proxy, which honours conditional writes as AWS S3 does: a server
// that ignores them (s3rver alone) makes every deploy warn that its lock is advisory.
let proxy: S3FaultProxy;
let cloudFront: CloudFrontServer;
let s3: S3Client;
let site: string;
let keys: string[];

/** A site of `FILES` small files: pages, stylesheets and images, in a few folders. */
function generatedSite(): { dir: string; keys: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'terminal-site-'));
  const made: string[] = [];
  for (let index = 0; index < FILES; index++) {
    const kind = ['index.html', 'style.css', 'figure.svg'][index % 3];
    const key = `section-${index % 10}/post-${index}/${kind}`;
    mkdirSync(dirname(join(dir, key)), { recursive: true });
    writeFileSync(join(dir, key), `${key}\n${'x'.repeat(200 + index)}\n`);
    made.push(key);
  }
  return { dir, keys: made.sort() };
}

function environment(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL_S3: proxy.endpoint,
    AWS_ENDPOINT_URL_CLOUDFRONT: cloudFront.endpoint,
    ...extra,
  };
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete env[name];
  return env;
}

/** One object the site no longer has, so that the deploy has something to delete. */
async function strayObject(prefix: string): Promise<void> {
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: `${prefix}/old.html`, Body: 'old' }));
}

const deployArgs = (prefix: string, ...more: string[]) => [
  CLI,
  site,
  `s3://${BUCKET}/${prefix}`,
  '--distribution',
  DISTRIBUTION,
  '--delete-removed',
  ...more,
];

async function piped(args: readonly string[], env = environment(), node = process.execPath) {
  return execute(node, args, { env }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (failed: { code: number; stdout: string; stderr: string }) => failed,
  );
}

beforeAll(async () => {
  s3Server = await startS3Server([BUCKET]);
  proxy = await startS3FaultProxy(s3Server.endpoint);
  // The first poll of an invalidation finds it in progress: the wait is a phase of its own.
  cloudFront = await startCloudFrontServer({ distributions: [DISTRIBUTION], completeAfterGets: 1 });
  s3 = new S3Client({
    endpoint: s3Server.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: S3RVER_CREDENTIALS,
  });
  ({ dir: site, keys } = generatedSite());
});
afterAll(async () => {
  rmSync(site, { recursive: true, force: true });
  await proxy.stop();
  await s3Server.stop();
  await cloudFront.stop();
});

describe('on a terminal', () => {
  test('one status line, redrawn in place, goes through every phase; the summary stays', async () => {
    await strayObject('tty');
    const run = await runInTerminal(deployArgs('tty', '--wait-for-invalidation'), {
      env: environment(),
      cols: COLS,
    });
    expect(run.code, run.raw).toBe(0);
    const frames = statusFrames(run.raw);
    const phases = [...new Set(frames.map((frame) => frame.split(' · ')[0]))];
    expect(phases).toEqual([
      'Listing and hashing',
      'Uploading',
      'Deleting',
      'Invalidating',
      'Waiting for CloudFront',
    ]);
    expect(frames).toContainEqual(expect.stringMatching(/^Uploading · [\d,]+\/300 files · /));
    // Never wider than the terminal: a wrapped line could not be redrawn in place.
    for (const frame of frames) expect(frame.length).toBeLessThan(COLS);
    // No line per file; the status line was erased before the summary.
    expect(run.raw).not.toMatch(/Added section-/);
    expect(run.screen.join('\n')).not.toMatch(/ · /);
    expect(run.screen).toContain('300 uploaded, 1 deleted, 0 unchanged, 1 invalidation.');
    expect(run.screen.length).toBeLessThan(60);
    // The phase is bold: colour, as NO_COLOR is not set.
    expect(run.raw).toMatch(COLOUR);
  });

  test('--verbose prints a line per file above the status line; NO_COLOR takes the colour away', async () => {
    const run = await runInTerminal(deployArgs('verbose', '--verbose'), {
      env: environment({ NO_COLOR: '1' }),
      cols: COLS,
    });
    expect(run.code, run.raw).toBe(0);
    const added = run.screen.filter((line) => line.startsWith('  Added section-'));
    expect(added).toHaveLength(FILES);
    expect(statusFrames(run.raw).some((frame) => frame.startsWith('Uploading · '))).toBe(true);
    expect(run.raw).not.toMatch(COLOUR);
  });

  test('--quiet shows the summary alone: no status line, no log', async () => {
    await strayObject('quiet');
    const run = await runInTerminal(deployArgs('quiet', '--quiet'), {
      env: environment(),
      cols: COLS,
    });
    expect(run.code, run.raw).toBe(0);
    expect(run.raw).not.toContain('\r\x1b[2K');
    const shown = run.screen.filter((line) => !line.startsWith('note: Node '));
    expect(shown[0]).toBe('');
    expect(shown[1]).toMatch(/^Deployed to s3:\/\/site\/quiet\/ in [\d.]+ s\.$/);
    expect(shown[2]).toBe('300 uploaded, 1 deleted, 0 unchanged, 1 invalidation.');
    expect(shown.join('\n')).not.toMatch(/Listing and hashing|Planning|Uploading/);
  });
});

describe('through a pipe', () => {
  test('plain lines only: no carriage return, no escape sequence, no line per file', async () => {
    await strayObject('pipe');
    const run = await piped(deployArgs('pipe'));
    expect(run.code, run.stderr).toBe(0);
    expect(`${run.stdout}${run.stderr}`).not.toMatch(ESCAPE_OR_RETURN);
    expect(run.stdout).toMatch(/^Listing and hashing$/m);
    expect(run.stdout).not.toContain('Added section-');
    expect(run.stdout).toContain('300 uploaded, 1 deleted, 0 unchanged, 1 invalidation.');
  });

  test("--json: the action's result-file object alone on stdout, the log on stderr", async () => {
    await strayObject('json');
    const run = await piped(deployArgs('json', '--json'));
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(Object.keys(result)).toEqual([
      'dryRun',
      'deployId',
      'uploaded',
      'updatedHeaders',
      'deleted',
      'changedPaths',
      'invalidations',
    ]);
    expect(result.dryRun).toBe(false);
    expect([...result.uploaded].sort()).toEqual(keys);
    expect(result.deleted).toEqual(['old.html']);
    expect(result.invalidations).toEqual([
      { distribution: DISTRIBUTION, ids: [expect.any(String)], paths: expect.any(Array) },
    ]);
    expect(run.stderr).toContain('Listing and hashing');
    expect(run.stderr).toContain('300 uploaded, 1 deleted, 0 unchanged, 1 invalidation.');
  });

  test('--json keeps the exit codes: 0 for a dry run, 2 for bad arguments, 1 for a failed deploy, stdout empty on failure', async () => {
    const dry = await piped(deployArgs('json', '--json', '--dry-run'));
    expect(dry.code, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ dryRun: true, uploaded: [], deleted: [] });

    const bad = await piped([...deployArgs('json', '--json'), '--max-deletes', 'many']);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain('Input "max-deletes" is invalid');

    const missing = await piped([CLI, site, 's3://no-such-bucket', '--json']);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toMatch(/Error: .*no-such-bucket/);
  });

  test('--version prints the package version alone; --help every option with its default', async () => {
    const version = await piped([CLI, '--version']);
    expect(version).toEqual({ code: 0, stdout: `s3-cf-sync ${PACKAGE.version}\n`, stderr: '' });
    const help = await piped([CLI, '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--lock-timeout SECONDS');
    expect(help.stdout).toContain('(default: 600)');
    expect(help.stderr).toBe('');
  });
});

describe('the Node version', () => {
  test("below Node 22, one line of ours at the top instead of the AWS SDK's ten", async () => {
    const run = await piped(deployArgs('node-here'));
    expect(run.code, run.stderr).toBe(0);
    expect(`${run.stdout}${run.stderr}`).not.toContain('NodeVersionSupportWarning');
    const note = `note: Node ${process.version} works, but releases from 2027 need Node 22, as the AWS SDK does.`;
    const major = Number(process.versions.node.split('.')[0]);
    expect(run.stderr.split('\n')[0]).toBe(major < 22 ? note : '');
  });

  test('on Node 24, nothing about it', async () => {
    const run = await piped(deployArgs('node24'), environment(), node24());
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe('');
  });
});

describe("the action's log", () => {
  test('is unchanged: a line per file and per poll, no status line', async () => {
    const checkout = checkoutOfAction();
    try {
      const step = await runStep(
        process.execPath,
        checkout.dir,
        { s3: proxy.endpoint, cloudFront: cloudFront.endpoint },
        {
          dir: site,
          bucket: BUCKET,
          prefix: 'action',
          distribution: DISTRIBUTION,
          'wait-for-invalidation': 'true',
        },
      );
      expect(step.exitCode, step.stdout).toBe(0);
      for (const key of keys) expect(step.stdout).toContain(`\nAdded ${key}\n`);
      expect(step.stdout).toMatch(
        /\nInvalidating \d+ path\(s\): \/.* on CloudFront E2EXAMPLE123\.\n/,
      );
      expect(step.stdout).toMatch(/\nInvalidation \w+ on E2EXAMPLE123 is InProgress; waited 0 s/);
      expect(step.stdout).not.toMatch(ESCAPE_OR_RETURN);
    } finally {
      checkout.remove();
    }
  });
});
