import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { type AwsClients, createClients } from '../../src/aws/clients.js';
import type { DeployContext } from '../../src/aws/context.js';
import { createDeployContext } from '../../src/aws/create-context.js';
import { USER_AGENT } from '../../src/aws/fast-s3.js';
import { memoryLogger } from '../../src/base/logger.js';
import type { WrittenVersion } from '../../src/bucket/deploy-record.js';
import { listRemoteObjects } from '../../src/bucket/listing.js';
import type { Upload } from '../../src/bucket/objects.js';
import { readOwnObject } from '../../src/bucket/own-objects.js';
import { uploadAll } from '../../src/bucket/transfer.js';
import { desiredHeaders } from '../../src/inputs/object-headers.js';
import { parseSettings, type Settings } from '../../src/inputs/settings.js';
import {
  type FaultWorld,
  type Inputs,
  md5,
  startFaultWorld,
  storedBytes,
} from '../support/fault-world.js';
import type { S3RequestRecord } from '../support/s3-exchange.js';

// The survey's reads (src/aws/fast-s3.ts) go out as our own signed GETs. s3rver does not check
// SigV4 signatures (it accepts any from a known key); test/aws/sigv4.test.ts and
// s3-get-target.test.ts compare ours with the SDK's, and the compatibility suite reads Ceph RGW,
// which checks them, without falling back (test/compat/s3-compatible.test.ts).

let fw: FaultWorld;
const machineVariables: Record<string, string | undefined> = {};

beforeAll(async () => {
  // As on a runner, only the job's AWS variables (the world's keys): this machine's own, such
  // as AWS_CA_BUNDLE, would send every read to the SDK where they are not known to be harmless.
  for (const name of Object.keys(process.env).filter((name) => name.startsWith('AWS_'))) {
    machineVariables[name] = process.env[name];
    delete process.env[name];
  }
  fw = await startFaultWorld();
  await fw.seed({ prefix: 'blog' });
}, 60_000);

afterEach(() => {
  fw.proxy.clearRules();
  fw.proxy.operations.length = 0;
});

afterAll(async () => {
  await fw.stop();
  Object.assign(process.env, machineVariables);
});

const ours = (record: S3RequestRecord) => record.headers['user-agent'] === USER_AGENT;
const bySdkAgent = (record: S3RequestRecord) =>
  /^aws-sdk-js/.test(record.headers['user-agent'] ?? '');

/** A context on the proxy; `fast: false` drops our own requests, so the SDK sends everything. */
function contextOf(fast = true, idleTimeoutMs?: number, more: Inputs = {}) {
  const inputs: Inputs = {
    bucket: 'site',
    endpoint: fw.proxy.endpoint,
    region: 'us-east-1',
    prefix: 'blog',
    dir: '.',
    ...more,
  };
  const settings = parseSettings((name) => inputs[name] ?? '');
  const logger = memoryLogger();
  const debug: string[] = [];
  const log = { debug: (line: string) => debug.push(line) };
  const clients: AwsClients = createClients(settings, log, idleTimeoutMs);
  const chosen = fast ? clients : { ...clients, fast: undefined };
  // Retries wait for nothing here, and are counted.
  const sleeps: number[] = [];
  const clock = { sleep: async (ms: number) => void sleeps.push(ms), now: Date.now };
  return { context: createDeployContext(settings, chosen, logger, clock), debug, sleeps };
}

describe('the survey reads the bucket without the SDK', () => {
  test('the listing and the state are what the SDK reads, sent as our own requests', async () => {
    const fast = contextOf();
    const own = new Map<string, string>();
    const listed = await listRemoteObjects(fast.context, own);
    const state = await readOwnObject(fast.context, '.s3-cf-sync.json');
    const sent = fw.proxy.operations.splice(0);
    expect(sent.map((record) => record.operation).sort()).toEqual(['GetObject', 'ListObjectsV2']);
    expect(sent.every(ours)).toBe(true);

    const sdk = contextOf(false);
    const sdkOwn = new Map<string, string>();
    expect(listed).toEqual(await listRemoteObjects(sdk.context, sdkOwn));
    expect(own).toEqual(sdkOwn);
    const sdkState = await readOwnObject(sdk.context, '.s3-cf-sync.json');
    expect(fw.proxy.operations.every(bySdkAgent)).toBe(true);
    expect(listed.length).toBe(40);
    expect(state).toMatchObject({ text: sdkState?.text, etag: sdkState?.etag });
    expect(state?.lastModified).toBe(sdkState?.lastModified);
    expect(state?.ageMs).toBeGreaterThanOrEqual(0);
  });

  test('a missing object is missing after one request: a 404 NoSuchKey is an answer', async () => {
    const { context } = contextOf();
    expect(await readOwnObject(context, '.s3-cf-sync.absent.json')).toBeUndefined();
    expect(fw.requests('GetObject').map(ours)).toEqual([true]);
  });

  test('a 500 is retried as any call is, by the SDK, which reads from then on', async () => {
    fw.proxy.addRule({ operation: 'ListObjectsV2', times: 1, respond: 'InternalError' });
    const { context, debug, sleeps } = contextOf();
    const listed = await listRemoteObjects(context);
    expect(listed.length).toBe(40);
    await readOwnObject(context, '.s3-cf-sync.json');
    const sent = fw.proxy.operations.map((record) => [
      record.operation,
      ours(record),
      record.status,
    ]);
    expect(sent).toEqual([
      ['ListObjectsV2', true, 500],
      ['ListObjectsV2', false, 200],
      ['GetObject', false, 200],
    ]);
    expect(sleeps).toHaveLength(1);
    expect(debug.join('\n')).toMatch(/from now on: GET \/site\/\?list-type=2\S* was answered 500/);
  });

  test('a connection reset before the answer goes to the SDK, which retries as for any call', async () => {
    fw.proxy.addRule({ operation: 'GetObject', times: 2, respond: 'reset' });
    const { context, sleeps } = contextOf();
    const state = await readOwnObject(context, '.s3-cf-sync.json');
    expect(sleeps).toHaveLength(2);
    expect(state?.text).toContain('"version"');
    expect(fw.requests('GetObject').map(ours)).toEqual([true, false, false]);
  });

  test('a read never answered is cut at the idle limit and retried, by the SDK', async () => {
    fw.proxy.addRule({ operation: 'GetObject', times: 1, respond: 'hang' });
    const { context, sleeps, debug } = contextOf(true, 300);
    const state = await readOwnObject(context, '.s3-cf-sync.json');
    expect(state?.text).toContain('"version"');
    expect(sleeps).toHaveLength(1);
    expect(debug.join('\n')).toMatch(/from now on: no byte for 300 ms/);
    expect(fw.requests('GetObject').map(ours)).toEqual([true, false]);
  });

  test('a refusal is explained as without the fast reads: the same message, naming the permission', async () => {
    fw.proxy.addRule({ operation: 'ListObjectsV2', respond: 'AccessDenied' });
    const fast = contextOf();
    const failure = (context = fast.context) =>
      listRemoteObjects(context).then(
        () => 'listed',
        (error: unknown) => (error instanceof Error ? error.message : String(error)),
      );
    const withOurs = await failure();
    expect(withOurs).toContain('s3:ListBucket');
    expect(withOurs).toBe(await failure(contextOf(false).context));
    // A refusal is asked again at once: only transient failures wait.
    expect(fast.sleeps).toEqual([]);
    expect(fw.requests('ListObjectsV2').map(ours)).toEqual([true, false, false]);
  });
});

describe('small files are uploaded without the SDK', () => {
  const files = new Map<string, Buffer>([
    ['posts/c++ tips/index.html', Buffer.from('<h1>é</h1>'.repeat(300))],
    ['img/a b+c.png', randomBytes(70_000)],
    ['empty.txt', Buffer.alloc(0)],
  ]);
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'fast-put-'));
    for (const [key, bytes] of files) {
      mkdirSync(dirname(join(dir, key)), { recursive: true });
      writeFileSync(join(dir, key), bytes);
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function uploads(settings: Settings, prefix: string): Upload[] {
    return [...files].map(([key, bytes]) => ({
      file: { key: `${prefix}/${key}`, path: join(dir, key), size: bytes.length, md5: md5(bytes) },
      reason: 'new',
      headers: desiredHeaders(key, settings),
    }));
  }
  const upload = async (context: DeployContext, list: Upload[]) => {
    const written = new Map<string, WrittenVersion>();
    await uploadAll(context, list, { done: () => {} }, (one, version) =>
      written.set(one.file.key, version),
    );
    return written;
  };
  const more = { acl: 'public-read', 'cache-control': '**: max-age=60,  public' };

  test('each object is what the SDK writes: bytes, ETag, headers, ACL, and no metadata', async () => {
    const ours = contextOf(true, undefined, more);
    const sdk = contextOf(false, undefined, more);
    const byUs = await upload(ours.context, uploads(ours.context.settings, 'ours'));
    const puts = fw.proxy.operations.splice(0);
    expect(
      puts.map((record) => [record.operation, record.status, record.headers['user-agent']]),
    ).toEqual([...files].map(() => ['PutObject', 200, USER_AGENT]));
    const bySdk = await upload(sdk.context, uploads(sdk.context.settings, 'sdk'));
    const sdkPuts = fw.proxy.operations.splice(0);
    expect(sdkPuts.every(bySdkAgent)).toBe(true);
    // The same request headers that matter, but the tool's name.
    const sent = (records: S3RequestRecord[]) =>
      new Map(
        records.map(({ key, headers: { 'user-agent': _agent, ...rest } }) => [
          key?.replace(/^blog\/(ours|sdk)\//, ''),
          rest,
        ]),
      );
    expect(sent(puts)).toEqual(sent(sdkPuts));
    // The ACL is a header of the PUT (s3rver keeps none; the proxy would, see s3-object-acls.ts).
    expect(puts.map((record) => record.headers['x-amz-acl'])).toEqual(
      puts.map(() => 'public-read'),
    );
    for (const [key, bytes] of files) {
      const [mine, theirs] = await Promise.all(
        ['ours', 'sdk'].map((side) => headOf(`blog/${side}/${key}`)),
      );
      expect(mine, key).toEqual(theirs);
      expect(mine?.ETag).toBe(`"${md5(bytes)}"`);
      expect(mine?.Metadata).toEqual({});
      expect(mine?.CacheControl).toBe('max-age=60,  public');
      expect(await storedBytes(fw.world, `blog/ours/${key}`)).toEqual(bytes);
      expect(byUs.get(`ours/${key}`)).toEqual(bySdk.get(`sdk/${key}`));
      expect(byUs.get(`ours/${key}`)?.etag).toBe(md5(bytes));
    }
  });

  test('a refusal goes to the SDK at once, whose error is the one explained; then the SDK sends everything', async () => {
    fw.proxy.addRule({ operation: 'PutObject', times: 1, respond: 'AccessDenied' });
    const { context, sleeps, debug } = contextOf();
    const list = uploads(context.settings, 'refused');
    const failure = await upload(context, list.slice(0, 1)).then(
      () => 'uploaded',
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    );
    // The rule refused ours; the SDK's went through, and so does every upload after it.
    expect(failure).toBe('uploaded');
    await upload(context, list.slice(1));
    expect(fw.requests('PutObject').map((record) => [ours(record), record.status])).toEqual([
      [true, 403],
      [false, 200],
      [false, 200],
      [false, 200],
    ]);
    expect(sleeps).toEqual([]);
    expect(debug.join('\n')).toMatch(
      /from now on: PUT \/site\/blog\/refused\/posts\/c%2B%2B%20tips\/index.html was answered 403/,
    );
  });

  test('a refused upload stops the deploy with the same message as without our requests', async () => {
    fw.proxy.addRule({ operation: 'PutObject', respond: 'AccessDenied' });
    const message = async (fast: boolean) => {
      const { context } = contextOf(fast);
      return upload(context, uploads(context.settings, 'denied').slice(0, 1)).then(
        () => 'uploaded',
        (error: unknown) => (error instanceof Error ? error.message : String(error)),
      );
    };
    const withOurs = await message(true);
    expect(withOurs).toContain('s3:PutObject');
    expect(withOurs).toBe(await message(false));
    expect(fw.requests('PutObject').map(ours)).toEqual([true, false, false]);
  });

  test('a 503 SlowDown is retried with backoff, by the SDK, and the object lands', async () => {
    fw.proxy.addRule({ operation: 'PutObject', times: 1, respond: 'SlowDown' });
    const { context, sleeps } = contextOf();
    const list = uploads(context.settings, 'slow');
    await upload(context, list.slice(0, 1));
    expect(sleeps).toHaveLength(1);
    expect(fw.requests('PutObject').map((record) => [ours(record), record.status])).toEqual([
      [true, 503],
      [false, 200],
    ]);
    const [first] = files.values();
    expect(await storedBytes(fw.world, `blog/${list[0]?.file.key}`)).toEqual(first);
  });

  test('an upload cut off mid-body is retried by the SDK, and the object is whole', async () => {
    fw.proxy.addRule({ operation: 'PutObject', times: 1, respond: 'reset' });
    const { context, sleeps } = contextOf();
    const list = uploads(context.settings, 'reset').slice(1, 2);
    await upload(context, list);
    expect(sleeps).toHaveLength(1);
    expect(fw.requests('PutObject').map(ours)).toEqual([true, false]);
    expect(await storedBytes(fw.world, `blog/${list[0]?.file.key}`)).toEqual(
      files.get('img/a b+c.png'),
    );
  });
});

async function headOf(Key: string) {
  const head = await fw.world.s3.send(new HeadObjectCommand({ Bucket: 'site', Key }));
  const { $metadata: _metadata, LastModified: _when, ...rest } = head;
  return rest;
}
