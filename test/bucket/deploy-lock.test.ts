import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createClients } from '../../src/aws/clients.js';
import type { LockTiming } from '../../src/aws/context.js';
import { createDeployContext } from '../../src/aws/create-context.js';
import { memoryLogger } from '../../src/base/logger.js';
import { acquireLock, LOCK_FILE_NAME } from '../../src/bucket/deploy-lock.js';
import { STATE_FILE_NAME, writeOwnObject } from '../../src/bucket/state.js';
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

/** Puts a lock object as another deploy would have left it, straight into s3rver. */
async function leaveLock(body: object): Promise<void> {
  await fw.world.s3.send(
    new PutObjectCommand({ Bucket: BUCKET, Key: LOCK_FILE_NAME, Body: JSON.stringify(body) }),
  );
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
    const waited = [a, b].filter((run) =>
      run.log.some((line) => line.startsWith('Waiting for another deploy')),
    );
    expect(waited).toHaveLength(1);
    // The one that waited planned again under the lock and wrote its whole build.
    const builds = new Set(
      await Promise.all(EDITED.map(async (key) => /build (.)/.exec(await fw.world.body(key))?.[1])),
    );
    expect(builds.size).toBe(1);
    const winner = waited[0] === a ? 'A' : 'B';
    expect([...builds]).toEqual([winner]);
    expect(waited[0]?.log).toContain(
      'Another deploy changed the bucket since it was listed: listing it again.',
    );
  });

  test('a lock left by a deploy that died is taken over once it is stale', async () => {
    await leaveLock({ owner: 'dead', started: '2026-01-01T00:00:00.000Z', beat: 7 });
    const run = await fw.attempt({}, { realClock: true, lockTiming: TIMING });
    expect(run.error).toBeUndefined();
    expect(run.log).toContainEqual(expect.stringMatching(/^warning: Took over the deploy lock/));
    expect(sitePuts().length).toBeGreaterThan(0);
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
    const heartbeat = setInterval(() => {
      beat += 1;
      leaveLock({ owner: 'alive', run: 'octo/blog#1', attempt: 1, started: 'then', beat }).catch(
        () => {},
      );
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
    }
    expect(sitePuts()).toEqual([]);
    expect(fw.requests('DeleteObjects')).toEqual([]);
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
    const lock = await acquireLock(context, undefined, TIMING);
    lock.assertHeld();
    await leaveLock({ owner: 'usurper', started: 'now', beat: 0 });
    await new Promise((resolve) => setTimeout(resolve, TIMING.heartbeatMs * 4));
    expect(() => lock.assertHeld()).toThrow(/Another deploy took over the deploy lock/);
    const locked = { ...context, beforeWrite: () => lock.assertHeld() };
    fw.proxy.operations.length = 0;
    await expect(writeOwnObject(locked, STATE_FILE_NAME, '{}', 'any')).rejects.toThrow(/took over/);
    expect(fw.proxy.operations).toEqual([]);
    await lock.release();
    // A lost lock is not released over the new holder's.
    expect(JSON.parse(await fw.world.body(LOCK_FILE_NAME))).toMatchObject({ owner: 'usurper' });
  });

  test('an endpoint without conditional writes (501) still deploys, with one warning', async () => {
    fw.proxy.conditionalWrites = 'unsupported';
    const run = await fw.attempt();
    expect(run.error).toBeUndefined();
    const warnings = run.log.filter((line) => line.includes('does not support conditional writes'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('concurrency:');
    expect(sitePuts().length).toBeGreaterThan(10);
    // Each refused conditional write was answered at once, not retried.
    expect(run.sleeps).toEqual([]);
  });
});
