import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { type AwsClients, createClients } from '../../src/aws/clients.js';
import { createDeployContext } from '../../src/aws/create-context.js';
import { USER_AGENT } from '../../src/aws/fast-reads.js';
import { memoryLogger } from '../../src/base/logger.js';
import { listRemoteObjects } from '../../src/bucket/listing.js';
import { readOwnObject } from '../../src/bucket/own-objects.js';
import { parseSettings } from '../../src/inputs/settings.js';
import { type FaultWorld, type Inputs, startFaultWorld } from '../support/fault-world.js';
import type { S3RequestRecord } from '../support/s3-exchange.js';

// The survey's reads (src/aws/fast-reads.ts) go out as our own signed GETs. s3rver does not check
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
const bySdk = (record: S3RequestRecord) => /^aws-sdk-js/.test(record.headers['user-agent'] ?? '');

/** A context on the proxy; `fast: false` drops the fast reads, so the SDK reads everything. */
function contextOf(fast = true, idleTimeoutMs?: number) {
  const inputs: Inputs = {
    bucket: 'site',
    endpoint: fw.proxy.endpoint,
    region: 'us-east-1',
    prefix: 'blog',
    dir: '.',
  };
  const settings = parseSettings((name) => inputs[name] ?? '');
  const logger = memoryLogger();
  const debug: string[] = [];
  const log = { debug: (line: string) => debug.push(line) };
  const clients: AwsClients = createClients(settings, log, idleTimeoutMs);
  const chosen = fast ? clients : { ...clients, reads: undefined };
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
    expect(fw.proxy.operations.every(bySdk)).toBe(true);
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
    const withFastReads = await failure();
    expect(withFastReads).toContain('s3:ListBucket');
    expect(withFastReads).toBe(await failure(contextOf(false).context));
    // A refusal is asked again at once: only transient failures wait.
    expect(fast.sleeps).toEqual([]);
    expect(fw.requests('ListObjectsV2').map(ours)).toEqual([true, false, false]);
  });
});
