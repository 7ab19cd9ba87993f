import { appendFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import type { DeleteObjectsCommand, S3Client } from '@aws-sdk/client-s3';
import * as S3Sdk from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { LazyCloudFront, LazyS3 } from '../src/aws/clients.js';
import { createDeployContext } from '../src/aws/create-context.js';
import { DEFAULT_RETRY } from '../src/aws/retry.js';
import { memoryLogger } from '../src/base/logger.js';
import { deleteAll } from '../src/bucket/transfer.js';
import { type InputName, parseSettings } from '../src/inputs/settings.js';
import { DISTRIBUTION, FIXTURE_FILE_COUNT, FIXTURE_SITE } from './support/deploy-world.js';
import {
  type FaultWorld,
  failureOf,
  localMd5s,
  MiB,
  md5,
  startFaultWorld,
  storedBytes,
  storedEtags,
  writeRandomFile,
} from './support/fault-world.js';

const RETRY_LINE = /; retry (\d+) in (\d+\.\d) s\.$/;

describe('with faults injected between the SDK and S3', () => {
  let fw: FaultWorld;
  beforeEach(async () => {
    fw = await startFaultWorld();
  });
  afterEach(async () => {
    await fw.stop();
  });

  test('transient faults (SlowDown, InternalError, reset connections) are retried until every object is right', async () => {
    const { proxy, site, world } = fw;
    const large = writeRandomFile(site.dir, 'downloads/talk.webm', 13 * MiB);
    writeRandomFile(site.dir, 'downloads/guide.pdf', 2 * MiB); // streamed from disk, not buffered
    const rules = [
      proxy.addRule({
        operation: 'PutObject',
        key: 'downloads/guide.pdf',
        times: 1,
        respond: 'SlowDown',
      }),
      proxy.addRule({ operation: 'PutObject', every: 3, timesPerKey: 1, respond: 'SlowDown' }),
      proxy.addRule({ operation: 'ListObjectsV2', times: 2, respond: 'InternalError' }),
      proxy.addRule({ operation: 'UploadPart', times: 2, respond: 'reset' }),
    ];

    const { result, error, log, sleeps } = await fw.attempt({ 'multipart-threshold': '5MiB' });

    expect(error).toBeUndefined();
    expect(result?.plan.uploads).toHaveLength(FIXTURE_FILE_COUNT + 2);
    const [streamed, puts, lists, resets] = rules.map((rule) => rule.fired);
    expect([streamed, lists, resets]).toEqual([1, 2, 2]);
    expect(puts).toBeGreaterThanOrEqual(13); // a third of 42 PutObject requests at least
    // Every fault cost exactly one retry, and every wait went through the injected sleep.
    const retries = log.filter((line) => RETRY_LINE.test(line));
    expect(sleeps).toHaveLength(rules.reduce((sum, rule) => sum + rule.fired, 0));
    expect(retries).toHaveLength(sleeps.length);
    expect(retries.map((line) => RETRY_LINE.exec(line)?.[2])).toEqual(
      sleeps.map((ms) => (ms / 1000).toFixed(1)),
    );
    expect(log).toContainEqual(expect.stringMatching(/^ListObjectsV2: InternalError.*retry 2 in/));
    expect(log).toContainEqual(expect.stringMatching(/^PutObject downloads\/guide\.pdf: SlowDown/));
    expect(log).toContainEqual(
      expect.stringMatching(/^UploadPart downloads\/talk\.webm: .*retry 1/),
    );

    const stored = await storedEtags(world);
    stored.delete('.s3-cf-sync.json');
    for (const key of stored.keys()) if (key.startsWith('.s3-cf-sync.deploy.')) stored.delete(key);
    // s3rver's ETag is the MD5 of the whole object, multipart or not.
    expect(Object.fromEntries(stored)).toEqual(Object.fromEntries(localMd5s(site.dir)));
    expect(md5(await storedBytes(world, 'downloads/talk.webm'))).toBe(md5(large));
  });

  test('a PutObject that keeps failing stops the deploy before any deletion or invalidation, and says what was done', async () => {
    const { proxy, site, world } = fw;
    await fw.seed();
    rmSync(join(site.dir, 'tag/trains/index.html'));
    for (const key of ['theme/css/main.css', 'about/index.html', 'index.html']) {
      appendFileSync(join(site.dir, key), '\n<!-- v2 -->\n');
    }
    const failing = proxy.addRule({
      operation: 'PutObject',
      key: 'about/index.html',
      respond: 'InternalError',
    });

    // One at a time, assets first: main.css, then about/index.html fails, index.html never starts.
    const attempt = await fw.attempt({
      'delete-removed': 'true',
      distribution: DISTRIBUTION,
      concurrency: '1',
    });

    const message = failureOf(attempt);
    expect(message).toContain('s3://site/about/index.html');
    expect(message).toContain('internal error');
    expect(message).toContain('1 of 3 uploads had finished');
    expect(message).toContain('nothing was deleted and nothing was invalidated');
    expect(failing.fired).toBe(DEFAULT_RETRY.attempts);
    expect(attempt.sleeps).toHaveLength(DEFAULT_RETRY.attempts - 1);
    expect(fw.requests('DeleteObjects')).toEqual([]);
    expect(world.cloudFront.requests.map((request) => request.operation)).toEqual([
      'GetDistributionConfig',
    ]);
    expect(await world.keys()).toContain('tag/trains/index.html');
    const stored = await storedEtags(world);
    const local = localMd5s(site.dir);
    expect(stored.get('theme/css/main.css')).toBe(local.get('theme/css/main.css'));
    expect(stored.get('index.html')).not.toBe(local.get('index.html'));
  });
});

describe('bad inputs', () => {
  let fw: FaultWorld;
  let before: string[];
  beforeAll(async () => {
    fw = await startFaultWorld();
    await fw.seed();
    before = await fw.world.keys();
  });
  afterAll(async () => {
    await fw.stop();
  });

  /** Runs a deploy with one bad input; its error, once stray requests have had time to arrive. */
  async function refusal(name: InputName, value: string, settleMs = 50): Promise<string> {
    const { proxy, world } = fw;
    proxy.operations.length = 0;
    const inputs = { dir: FIXTURE_SITE, 'delete-removed': 'true', [name]: value };
    const error = await world.deploy(inputs, proxy.endpoint).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    await new Promise((resolve) => setTimeout(resolve, settleMs));
    expect(error).toBeInstanceOf(Error);
    expect(await world.keys()).toEqual(before);
    return (error as Error).message;
  }

  test.each<[InputName, string]>([
    ['acl', 'public'],
    ['delete-removed', 'yes'],
    ['concurrency', '0'],
    ['prefix', '/blog'],
    ['bucket', 'My_Bucket'],
    ['bucket', 's3://site/x'],
    ['max-deletes', 'many'],
    ['multipart-threshold', '1KB'],
    ['invalidate', '*'],
    ['distribution', 'd111.cloudfront.net'],
    ['cache-control', 'no colon line'],
  ])('input "%s" = %j is refused, naming both, before any request', async (name, value) => {
    const message = await refusal(name, value);
    expect(message).toContain(`"${name}"`);
    expect(message).toContain(value);
    expect(fw.proxy.operations).toEqual([]);
  });

  const MISSING_DIR = join(FIXTURE_SITE, 'no-such-folder');
  test.each([MISSING_DIR, join(FIXTURE_SITE, 'index.html')])(
    'input "dir" = %j (not a folder) is refused, naming both, and nothing is written',
    async (dir) => {
      const message = await refusal('dir', dir, 500);
      expect(message).toContain('"dir"');
      expect(message).toContain(dir);
      const reads = ['ListObjectsV2', 'GetObject'];
      expect(fw.proxy.operations.filter((record) => !reads.includes(record.operation))).toEqual([]);
    },
  );

  test('input "dir" naming no folder is refused before any request', async () => {
    await refusal('dir', MISSING_DIR, 500);
    expect(fw.proxy.operations).toEqual([]);
  });
});

describe('secrets', () => {
  const ACCESS_KEY = 'AKIAFAULTTESTEXAMPLE';
  const SECRET = 'fAuLtTeSt/sEcReT+K3y/wJalrXUtnFEMIK7MDENGbPxRfiCY';
  let fw: FaultWorld;
  beforeEach(async () => {
    fw = await startFaultWorld();
  });
  afterEach(async () => {
    await fw.stop();
  });

  function expectNoSecret(text: string, secrets: readonly string[]) {
    for (const secret of secrets) expect(text).not.toContain(secret);
  }

  test('a refused access key never appears in the error, its causes, or the log', async () => {
    await fw.seed();
    fw.proxy.addRule({ operation: ['ListObjectsV2', 'GetObject'], times: 2, respond: 'SlowDown' });
    process.env.AWS_ACCESS_KEY_ID = ACCESS_KEY;
    process.env.AWS_SECRET_ACCESS_KEY = SECRET;
    // s3rver knows only its own key: it answers InvalidAccessKeyId, naming the key it got.
    const attempt = await fw.attempt();
    const message = failureOf(attempt);
    expect(message).toContain('InvalidAccessKeyId');
    expect(fw.requests('ListObjectsV2', 'GetObject').length).toBeGreaterThan(0);
    expectNoSecret(message, [ACCESS_KEY, SECRET]);
    expectNoSecret(inspect(attempt.error, { depth: 10 }), [ACCESS_KEY, SECRET]);
    expectNoSecret(attempt.log.join('\n'), [ACCESS_KEY, SECRET]);
  });

  test('a deploy that fails after retries never shows the secret key', async () => {
    process.env.AWS_SECRET_ACCESS_KEY = SECRET; // s3rver does not verify SigV4 signatures
    fw.proxy.addRule({ operation: 'PutObject', key: 'index.html', respond: 'AccessDenied' });
    // Fewer faults than attempts: no other upload can run out of retries first.
    fw.proxy.addRule({ operation: 'PutObject', every: 2, times: 4, respond: 'ServiceUnavailable' });
    const attempt = await fw.attempt({ concurrency: '2' });
    const message = failureOf(attempt);
    expect(message).toContain('Access denied');
    expect(attempt.log.filter((line) => RETRY_LINE.test(line)).length).toBeGreaterThan(0);
    expectNoSecret(message, [SECRET]);
    expectNoSecret(inspect(attempt.error, { depth: 10 }), [SECRET]);
    expectNoSecret(attempt.log.join('\n'), [SECRET]);
  });
});

describe('per-key errors in a DeleteObjects result (HTTP 200)', () => {
  // A stand-in client: neither s3rver nor the proxy answers a key with anything but AccessDenied.
  function deleting(answers: Array<Array<{ Key: string; Code: string }>>) {
    const sent: string[][] = [];
    const client = {
      send: async (command: DeleteObjectsCommand) => {
        sent.push((command.input.Delete?.Objects ?? []).map((object) => object.Key ?? ''));
        const errors = answers.shift() ?? [];
        return { Errors: errors.map((error) => ({ ...error, Message: `${error.Code} here` })) };
      },
    } as unknown as S3Client;
    const s3: LazyS3 = { call: (use) => use(client, S3Sdk) };
    const inputs: Partial<Record<InputName, string>> = { dir: FIXTURE_SITE, bucket: 'site' };
    const settings = parseSettings((name) => inputs[name] ?? '', {});
    const logger = memoryLogger();
    const sleeps: number[] = [];
    // Deletes never call CloudFront.
    const clients = { s3, cloudFront: {} as LazyCloudFront };
    const context = createDeployContext(settings, clients, logger, {
      sleep: async (ms) => void sleeps.push(ms),
      now: Date.now,
    });
    const objects = ['a.html', 'b.html', 'c.html'].map((key) => ({ key, size: 1, etag: md5(key) }));
    return { sent, log: logger.lines, sleeps, run: () => deleteAll(context, objects) };
  }

  test('keys answered InternalError or SlowDown are sent again, alone, until deleted', async () => {
    const batch = deleting([
      [
        { Key: 'b.html', Code: 'InternalError' },
        { Key: 'c.html', Code: 'SlowDown' },
      ],
      [{ Key: 'c.html', Code: 'InternalError' }],
    ]);
    await batch.run();
    expect(batch.sent).toEqual([['a.html', 'b.html', 'c.html'], ['b.html', 'c.html'], ['c.html']]);
    expect(batch.sleeps).toHaveLength(2);
    expect(batch.log.filter((line) => line.startsWith('Deleted'))).toEqual([
      'Deleted a.html',
      'Deleted b.html',
      'Deleted c.html',
    ]);
  });

  test('a key refused for good (AccessDenied) fails at once, naming it and s3:DeleteObject', async () => {
    const batch = deleting([
      [
        { Key: 'b.html', Code: 'InternalError' },
        { Key: 'c.html', Code: 'AccessDenied' },
      ],
    ]);
    await expect(batch.run()).rejects.toThrow(/s3:\/\/site\/c\.html[\s\S]*s3:DeleteObject/);
    expect(batch.sent).toHaveLength(1);
  });

  test('a key that keeps failing with InternalError fails, naming it, after every attempt', async () => {
    const batch = deleting(
      Array.from({ length: 9 }, () => [{ Key: 'b.html', Code: 'InternalError' }]),
    );
    await expect(batch.run()).rejects.toThrow('b.html: InternalError here');
    expect(batch.sent).toHaveLength(DEFAULT_RETRY.attempts);
  });
});
