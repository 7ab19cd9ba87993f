import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { createClients } from '../../src/aws/clients.js';
import type { LockTiming } from '../../src/aws/context.js';
import { createDeployContext } from '../../src/aws/create-context.js';
import { memoryLogger } from '../../src/base/logger.js';
import { newHolder, takeLock } from '../../src/bucket/deploy-lock.js';
import { isAwsEndpoint, writeOwnObject } from '../../src/bucket/own-objects.js';
import { type LockHolder, STATE_FILE_NAME, stateFor } from '../../src/bucket/state.js';
import { parseSettings } from '../../src/inputs/settings.js';
import { BUCKET, copyOfFixture } from '../support/deploy-world.js';
import { type FaultWorld, failureOf, startFaultWorld } from '../support/fault-world.js';

// Short enough for a test, long enough that a live holder always renews in time.
const TIMING: LockTiming = { heartbeatMs: 100, staleMs: 1_500, pollMs: 50 };
const EDITED = Array.from({ length: 12 }, (_, i) => `posts/edited-${i}.html`);

let fw: FaultWorld;
beforeEach(async () => {
  fw = await startFaultWorld();
});
afterEach(async () => {
  await fw.stop();
});

/** Leaves the state object with a lock in it, as another deploy would have, straight into s3rver. */
async function leaveLock(lock: Partial<LockHolder>): Promise<void> {
  const state = { ...stateFor({ contentType: [], cacheControl: [], acl: undefined }), lock };
  await fw.world.s3.send(
    new PutObjectCommand({ Bucket: BUCKET, Key: STATE_FILE_NAME, Body: JSON.stringify(state) }),
  );
}

/**
 * The state as stored. s3rver answers a PUT before its files are all written, and a read in
 * that moment an empty body: one written straight into s3rver by this test is read again.
 */
async function stored() {
  for (let attempt = 0; ; attempt++) {
    const body = await fw.world.body(STATE_FILE_NAME);
    if (body !== '' || attempt === 20) return JSON.parse(body);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const sitePuts = () =>
  fw.requests('PutObject').filter((record) => !record.key?.startsWith('.s3-cf-sync'));

describe('the deploy lock', () => {
  test('two deploys at once leave exactly one build, never a mix', async () => {
    await fw.seed();
    const other = copyOfFixture();
    for (const key of EDITED) {
      writeFileSync(join(fw.site.dir, key), `<p>build A: ${key}</p>\n`);
      writeFileSync(join(other.dir, key), `<p>build B: ${key}</p>\n`);
    }
    const options = { realClock: true, lockTiming: TIMING };
    const [a, b] = await Promise.all([
      fw.attempt({ concurrency: '2' }, options),
      fw.attempt({ dir: other.dir, concurrency: '2' }, options),
    ]);
    other.remove();
    expect(a.error).toBeUndefined();
    expect(b.error).toBeUndefined();
    // The one that lost listed again (after waiting, or after losing the race) and wrote its build.
    const again = [a, b].filter((run) =>
      run.log.some((line) => /listing (it|the bucket) again/.test(line)),
    );
    expect(again).toHaveLength(1);
    const builds = new Set(
      await Promise.all(EDITED.map(async (key) => /build (.)/.exec(await fw.world.body(key))?.[1])),
    );
    expect(builds.size).toBe(1);
    expect([...builds]).toEqual([again[0] === a ? 'A' : 'B']);
    expect((await stored()).lock).toBeUndefined();
  });

  test('a state written while the bucket was listed makes the deploy list again before taking the lock', async () => {
    await fw.seed();
    writeFileSync(join(fw.site.dir, 'about', 'index.html'), '<p>edited</p>\n');
    // The state read hangs until the listing is done and another deploy has written the state:
    // the listing may then miss that deploy's last writes.
    fw.proxy.addRule({ operation: 'GetObject', key: STATE_FILE_NAME, times: 1, respond: 'hang' });
    const running = fw.attempt({}, { idleTimeoutMs: 1_000 });
    while (!fw.requests('ListObjectsV2').some((record) => record.status === 200)) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await fw.world.s3.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: STATE_FILE_NAME,
        Body: JSON.stringify({ ...(await stored()), deployId: 'another' }),
      }),
    );
    const run = await running;
    expect(run.error).toBeUndefined();
    expect(run.log).toContain('A deploy wrote while the bucket was listed: listing it again.');
    expect(fw.requests('ListObjectsV2')).toHaveLength(2);
    expect(await fw.world.body('about/index.html')).toBe('<p>edited</p>\n');
  });

  test('a lock left by a deploy that died is taken over once it is stale', async () => {
    await leaveLock({ owner: 'dead', started: '2026-01-01T00:00:00.000Z', beat: 7 });
    const run = await fw.attempt({}, { realClock: true, lockTiming: TIMING });
    expect(run.error).toBeUndefined();
    expect(run.log).toContainEqual(expect.stringMatching(/^warning: Took over the deploy lock/));
    expect(sitePuts().length).toBeGreaterThan(0);
    expect((await stored()).lock).toBeUndefined();
  });

  test('a lock older than the staleness by the server clock is taken over on sight', async () => {
    await leaveLock({ owner: 'dead', started: 'then', beat: 1 });
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    // s3rver dates its answers: LastModified against Date, one clock, no skew.
    const run = await fw.attempt({}, { lockTiming: { ...TIMING, staleMs: 2_000 } });
    expect(run.error).toBeUndefined();
    expect(run.sleeps).toEqual([]);
    expect(run.log).toContainEqual(expect.stringMatching(/^warning: Took over the deploy lock/));
  });

  test('a re-run of the same workflow run takes over its earlier attempt at once', async () => {
    await leaveLock({ owner: 'x', run: 'octo/blog#77', attempt: 1, started: 'now', beat: 0 });
    const saved = { ...process.env };
    Object.assign(process.env, {
      GITHUB_REPOSITORY: 'octo/blog',
      GITHUB_RUN_ID: '77',
      GITHUB_RUN_ATTEMPT: '2',
    });
    try {
      const run = await fw.attempt();
      expect(run.error).toBeUndefined();
      expect(run.sleeps).toEqual([]);
      expect(run.log).toContainEqual(
        expect.stringMatching(
          /Took over the deploy lock of run octo\/blog#77 attempt 1, .*: an earlier attempt of this workflow run/,
        ),
      );
    } finally {
      process.env = saved;
    }
  });

  test('a lock held by a live deploy makes the next one wait for lock-timeout, then fail writing nothing', async () => {
    await leaveLock({ owner: 'alive', run: 'octo/blog#1', attempt: 1, started: 'then', beat: 0 });
    let beat = 0;
    let lastBeat: Promise<unknown> = Promise.resolve();
    const heartbeat = setInterval(() => {
      beat += 1;
      lastBeat = leaveLock({
        owner: 'alive',
        run: 'octo/blog#1',
        attempt: 1,
        started: 'then',
        beat,
      }).catch(() => {});
    }, 100);
    try {
      const run = await fw.attempt(
        { 'lock-timeout': '2' },
        { realClock: true, lockTiming: TIMING },
      );
      const message = failureOf(run);
      expect(message).toMatch(
        /^Another deploy of s3:\/\/site\/ is in progress \(run octo\/blog#1 attempt 1, started then\): waited \d+ s, the "lock-timeout"/,
      );
      expect(message).toContain('Nothing was written');
      expect(message).toContain('concurrency:');
    } finally {
      clearInterval(heartbeat);
      // s3rver answers a read of an object it is still writing with an empty body.
      await lastBeat;
    }
    expect(sitePuts()).toEqual([]);
    expect(fw.requests('DeleteObjects')).toEqual([]);
    expect((await stored()).lock).toMatchObject({ owner: 'alive' });
  });

  test('waiting reads only the state, with a growing jittered backoff and a bounded count', async () => {
    await leaveLock({ owner: 'alive', started: 'then', beat: 0 });
    // A lock that never goes stale within the wait; the clock is fake, the reads real.
    const timing = { heartbeatMs: 15_000, staleMs: 3_600_000, pollMs: 5_000 };
    const run = await fw.attempt({ 'lock-timeout': '600' }, { lockTiming: timing });
    expect(failureOf(run)).toMatch(/is in progress .*waited 600 s, the "lock-timeout"/);
    const reads = fw.requests('GetObject').filter((record) => record.key === STATE_FILE_NAME);
    // The bound: 4 + lock-timeout / (pollMs / 2) reads, plus the survey's one.
    expect(reads.length).toBeLessThanOrEqual(4 + 600 / 2.5 + 1);
    expect(reads.length).toBeGreaterThan(100);
    expect(fw.requests('PutObject')).toEqual([]);
    const sleeps = run.sleeps.slice(0, -1); // the last one is cut at the deadline
    expect(Math.min(...sleeps)).toBeGreaterThanOrEqual(timing.pollMs / 16);
    expect(sleeps.slice(3).every((ms) => ms >= timing.pollMs / 2 && ms <= timing.pollMs)).toBe(
      true,
    );
    expect(new Set(sleeps.slice(3)).size).toBeGreaterThan(1);
  });

  test('a deploy whose lock is taken over stops writing: the next write throws before it is sent', async () => {
    const settings = parseSettings(
      (name) =>
        ({ bucket: BUCKET, dir: fw.site.dir, endpoint: fw.proxy.endpoint, region: 'us-east-1' })[
          name as 'bucket'
        ] ?? '',
    );
    const logger = memoryLogger();
    const context = createDeployContext(settings, createClients(settings), logger);
    const intent = { ...stateFor(settings), lock: newHolder(context) };
    const lock = await takeLock(context, undefined, intent, TIMING);
    if (!lock) throw new Error('expected to take the lock');
    lock.assertHeld();
    await leaveLock({ owner: 'usurper', started: 'now', beat: 0 });
    await new Promise((resolve) => setTimeout(resolve, TIMING.heartbeatMs * 4));
    expect(() => lock.assertHeld()).toThrow(/Another deploy took over the deploy lock/);
    const locked = { ...context, beforeWrite: () => lock.assertHeld() };
    fw.proxy.operations.length = 0;
    await expect(writeOwnObject(locked, 'x.json', '{}', 'any')).rejects.toThrow(/took over/);
    expect(fw.proxy.operations).toEqual([]);
    await lock.release(undefined);
    // A lost lock is not released over the new holder's.
    expect((await stored()).lock).toMatchObject({ owner: 'usurper' });
  });
});

describe('S3-compatible servers and conditional writes', () => {
  const conditionWarnings = (log: readonly string[]) =>
    log.filter((line) => line.includes('does not support conditional writes'));

  test('an endpoint without conditional writes (501) still deploys, with one warning', async () => {
    fw.proxy.conditionalWrites = 'unsupported';
    const run = await fw.attempt();
    expect(run.error).toBeUndefined();
    const warnings = conditionWarnings(run.log);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('501 NotImplemented');
    expect(warnings[0]).toContain('concurrency:');
    expect(sitePuts().length).toBeGreaterThan(10);
    // Each refused conditional write was answered at once, not retried.
    expect(run.sleeps).toEqual([]);
    expect((await stored()).lock).toBeUndefined();
  });

  test('Ceph RGW 16 (If-Match only with the bare ETag): the lock works, every deploy after the first too', async () => {
    fw.proxy.conditionalWrites = 'rgw';
    await fw.seed();
    writeFileSync(join(fw.site.dir, 'about', 'index.html'), '<p>edited</p>\n');
    fw.proxy.operations.length = 0;
    const run = await fw.attempt();
    expect(run.error).toBeUndefined();
    expect(conditionWarnings(run.log)).toEqual([]);
    expect(run.log).toContainEqual(expect.stringContaining('trying the bare ETag'));
    const own = fw.requests('PutObject').filter((record) => record.key === STATE_FILE_NAME);
    // The quoted form is refused once, read back, and the bare form used from then on.
    expect(own[0]?.status).toBe(412);
    expect(own.slice(1).map((record) => record.headers['if-match'])).toEqual([
      expect.stringMatching(/^[0-9a-f]{32}$/),
      expect.stringMatching(/^[0-9a-f]{32}$/),
      expect.stringMatching(/^[0-9a-f]{32}$/),
    ]);
    expect((await stored()).lock).toBeUndefined();
    writeFileSync(join(fw.site.dir, 'about', 'index.html'), '<p>edited again</p>\n');
    const next = await fw.attempt();
    expect(next.error).toBeUndefined();
    expect(next.sleeps).toEqual([]);
  });

  test('RGW on a versioned bucket (If-Match always 412): advisory lock, one warning, never locked out', async () => {
    fw.proxy.conditionalWrites = 'rgw-versioned';
    const first = await fw.attempt();
    expect(first.error).toBeUndefined();
    expect(conditionWarnings(first.log)).toEqual([
      expect.stringContaining('refuses them even when they hold'),
    ]);
    writeFileSync(join(fw.site.dir, 'about', 'index.html'), '<p>edited</p>\n');
    const second = await fw.attempt();
    expect(second.error).toBeUndefined();
    expect(conditionWarnings(second.log)).toHaveLength(1);
    expect(await fw.world.body('about/index.html')).toBe('<p>edited</p>\n');
    expect((await stored()).lock).toBeUndefined();
  });

  test('a stale lock is taken over even when the server refuses every If-Match', async () => {
    fw.proxy.conditionalWrites = 'rgw-versioned';
    await leaveLock({ owner: 'dead', started: 'then', beat: 3 });
    // No heartbeat during the run: with a real clock their number grows with the machine's load
    // (9 writes in one CI run), and this counts the writes of the condition retries.
    const timing = { ...TIMING, heartbeatMs: 60_000 };
    const run = await fw.attempt({}, { realClock: true, lockTiming: timing });
    expect(run.error).toBeUndefined();
    expect(run.log).toContainEqual(expect.stringMatching(/^warning: Took over the deploy lock/));
    expect(sitePuts().length).toBeGreaterThan(10);
    // After the takeover nothing loops: take, probe, bare and quoted retries, release.
    const writes = fw.requests('PutObject').filter((record) => record.key === STATE_FILE_NAME);
    expect(writes.length).toBeLessThanOrEqual(8);
  });

  test('an endpoint that ignores conditions silently is found out once, with one warning', async () => {
    fw.proxy.conditionalWrites = false;
    const run = await fw.attempt();
    expect(run.error).toBeUndefined();
    expect(conditionWarnings(run.log)).toEqual([expect.stringContaining('ignores them')]);
    // The probe wrote the state's own bytes again: nothing else changed.
    const probes = fw
      .requests('PutObject')
      .filter((record) => record.key === STATE_FILE_NAME && record.headers['if-match']);
    expect(probes).toHaveLength(1);
    expect((await stored()).lock).toBeUndefined();
  });

  test('AWS S3 itself gets no probe: no endpoint, or an amazonaws.com one', () => {
    const at = (endpoint: string | undefined, env: NodeJS.ProcessEnv = {}) =>
      isAwsEndpoint({ settings: { endpoint } }, env);
    expect(at(undefined)).toBe(true);
    expect(at('https://s3.eu-west-1.amazonaws.com')).toBe(true);
    expect(at('https://s3.cn-north-1.amazonaws.com.cn')).toBe(true);
    expect(at(undefined, { AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:7480' })).toBe(false);
    expect(at(undefined, { AWS_ENDPOINT_URL: 'https://acct.r2.cloudflarestorage.com' })).toBe(
      false,
    );
    expect(at('https://minio.example.com')).toBe(false);
    expect(at('https://amazonaws.com.evil.example')).toBe(false);
  });
});

const RECORD_KEY = /^\.s3-cf-sync\.deploy\.\d{8}-\d{6}-[0-9a-f]{4}\.json$/;
const recordPuts = () =>
  fw.requests('PutObject').filter((record) => RECORD_KEY.test(record.key ?? ''));

/**
 * An edited page deployed with the lock's write held by the proxy, once the record "started"
 * beside it has been answered; `release` lets the lock's write go on.
 */
async function deployWithLockHeld() {
  await fw.seed();
  writeFileSync(join(fw.site.dir, 'about', 'index.html'), '<p>edited</p>\n');
  let release = () => {};
  const until = new Promise<void>((resolve) => {
    release = resolve;
  });
  fw.proxy.addRule({ operation: 'PutObject', key: STATE_FILE_NAME, times: 1, respond: { until } });
  const attempt = fw.attempt({}, { lockTiming: TIMING });
  // Sent in sequence, the record would wait for the held lock: here it is answered first.
  await vi.waitFor(() => expect(recordPuts()[0]?.status).toBe(200), { timeout: 10_000 });
  return { attempt, release };
}

describe('the record beside the lock', () => {
  test('the record "started" is sent while the lock is taken, and no site write goes before both', async () => {
    const { attempt, release } = await deployWithLockHeld();
    const [taking] = fw.requests('PutObject').filter((record) => record.key === STATE_FILE_NAME);
    expect(taking?.status).toBeNull();
    expect(taking?.headers['if-match']).toMatch(/^"[0-9a-f]{32}"$/);
    expect(sitePuts()).toEqual([]);
    release();
    const run = await attempt;
    expect(run.error).toBeUndefined();
    expect(sitePuts().map((record) => record.key)).toEqual(['about/index.html']);
    const [record] = recordPuts();
    expect(JSON.parse(await fw.world.body(record?.key ?? ''))).toMatchObject({
      status: 'complete',
      changes: [{ key: 'about/index.html', action: 'upload' }],
    });
  });

  test('an attempt that loses the race for the lock takes its record back, then deploys with a new one', async () => {
    const { attempt, release } = await deployWithLockHeld();
    // Another deploy finishes meanwhile: the state the lock's write is conditional on is gone.
    await fw.world.s3.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: STATE_FILE_NAME,
        Body: JSON.stringify(stateFor({ contentType: [], cacheControl: [], acl: undefined })),
      }),
    );
    release();
    const run = await attempt;
    expect(run.error).toBeUndefined();
    expect(run.log).toContainEqual(
      'Another deploy changed the bucket since it was listed: listing it again.',
    );
    const [lost, won] = recordPuts().map((record) => record.key ?? '');
    expect(lost).not.toBe(won);
    const withdrawn = fw.requests('DeleteObjects').flatMap((record) => record.deleteKeys ?? []);
    expect(withdrawn).toEqual([lost]);
    const records = (await fw.world.keys()).filter((key) => RECORD_KEY.test(key));
    expect(records).toContain(won);
    expect(records).not.toContain(lost);
    expect(sitePuts().map((record) => record.key)).toEqual(['about/index.html']);
  });
});

describe('the last state write', () => {
  test('failing after every site write is a warning that says so, and the next deploy repairs it', async () => {
    await fw.seed();
    writeFileSync(join(fw.site.dir, 'about', 'index.html'), '<p>edited</p>\n');
    // Take, probe, then the final write: that one fails every time it is tried.
    const rule = fw.proxy.addRule({
      operation: 'PutObject',
      key: STATE_FILE_NAME,
      after: 2,
      respond: 'InternalError',
    });
    const saved = { ...process.env };
    Object.assign(process.env, {
      GITHUB_REPOSITORY: 'o/r',
      GITHUB_RUN_ID: '5',
      GITHUB_RUN_ATTEMPT: '1',
    });
    const run = await fw.attempt({}, { lockTiming: TIMING });
    expect(run.error).toBeUndefined();
    expect(rule.fired).toBeGreaterThan(1);
    expect(run.result?.unrecorded).toMatch(
      /^The site is deployed \(1 uploaded\), but the last write of its state, s3:\/\/site\/\.s3-cf-sync\.json, failed: .*InternalError.*HTTP 500/,
    );
    expect(run.log).toContainEqual(`warning: ${run.result?.unrecorded}`);
    expect(await fw.world.body('about/index.html')).toBe('<p>edited</p>\n');
    expect((await stored()).lock).toBeDefined();
    rule.remove();
    // The re-run: nothing changed on disk, only the lock is left; it is freed at once.
    process.env.GITHUB_RUN_ATTEMPT = '2';
    const repair = await fw.attempt({}, { lockTiming: TIMING });
    process.env = saved;
    expect(repair.error).toBeUndefined();
    expect(repair.sleeps).toEqual([]);
    expect(repair.log).toContainEqual(expect.stringMatching(/^warning: Took over the deploy lock/));
    expect((await stored()).lock).toBeUndefined();
    fw.proxy.operations.length = 0;
    const after = await fw.attempt();
    expect(fw.proxy.operations.map((record) => record.operation).sort()).toEqual([
      'GetObject',
      'ListObjectsV2',
    ]);
    expect(after.error).toBeUndefined();
  });
});
