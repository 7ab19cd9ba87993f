import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  type FaultWorld,
  MiB,
  md5,
  startFaultWorld,
  storedBytes,
  writeRandomFile,
} from './support/fault-world.js';

// A short idle timeout stands for the real one (IDLE_TIMEOUT_MS in src/aws/clients.ts); the proxy
// reads request bodies at a fixed rate, like a slow uplink. No duration is asserted: what is
// checked is whether a request was cut and sent again.
const IDLE_TIMEOUT_MS = 1500;
const KEY = 'downloads/talk.webm';
// 24 MiB at 8 MiB/s takes about 3 s, twice the timeout, while no pause between two chunks,
// nor the tail left in the loopback socket buffers (about 3.5 MB here), comes near it.
const SIZE = 24 * MiB;
const RATE = 8 * MiB;

describe('on a slow link', () => {
  let fw: FaultWorld;
  beforeEach(async () => {
    fw = await startFaultWorld();
  });
  afterEach(async () => {
    await fw.stop();
  });

  test('a single PutObject that keeps sending is never cut, however long it takes', async () => {
    const bytes = writeRandomFile(fw.site.dir, KEY, SIZE); // below multipart-threshold: one PUT
    fw.proxy.bodyBytesPerSecond = RATE;

    const run = await fw.attempt({}, { idleTimeoutMs: IDLE_TIMEOUT_MS });

    expect(run.error).toBeUndefined();
    const puts = fw.requests('PutObject').filter((record) => record.key === KEY);
    expect(puts.map((record) => record.status)).toEqual([200]);
    expect(run.log.filter((line) => line.includes('retry'))).toEqual([]);
    expect(md5(await storedBytes(fw.world, KEY))).toBe(md5(bytes));
  });

  test('a PutObject whose connection stops moving is cut after the idle timeout and sent again', async () => {
    const bytes = writeRandomFile(fw.site.dir, KEY, SIZE);
    const stalled = fw.proxy.addRule({
      operation: 'PutObject',
      key: KEY,
      times: 1,
      respond: 'stall',
    });

    const run = await fw.attempt({}, { idleTimeoutMs: IDLE_TIMEOUT_MS });

    expect(run.error).toBeUndefined();
    expect(stalled.fired).toBe(1);
    const puts = fw.requests('PutObject').filter((record) => record.key === KEY);
    expect(puts.map((record) => record.status)).toEqual([null, 200]);
    expect(run.log).toContainEqual(
      expect.stringMatching(
        /^PutObject downloads\/talk\.webm: TimeoutError: .*inactivity.*retry 1/,
      ),
    );
    expect(md5(await storedBytes(fw.world, KEY))).toBe(md5(bytes));
  });

  test('a request answered never is cut after the idle timeout and sent again', async () => {
    const hung = fw.proxy.addRule({
      operation: 'PutObject',
      key: 'index.html',
      times: 1,
      respond: 'hang',
    });
    const run = await fw.attempt({}, { idleTimeoutMs: IDLE_TIMEOUT_MS });
    expect(run.error).toBeUndefined();
    expect(hung.fired).toBe(1);
    expect(fw.requests('PutObject').filter((record) => record.key === 'index.html')).toHaveLength(
      2,
    );
  });
});
