import { describe, expect, it } from 'vitest';
import { isTransientError, type RetryOptions, withRetry } from '../../src/aws/retry.js';

/** An AWS SDK-shaped error: a name, an HTTP status in $metadata, maybe a Node error code. */
function awsError(name: string, status?: number, code?: string): Error {
  return Object.assign(new Error(`${name} happened`), {
    name,
    ...(status === undefined ? {} : { $metadata: { httpStatusCode: status } }),
    ...(code === undefined ? {} : { code }),
  });
}

/** A clock that only moves when the code under test sleeps. */
function fakeTime(random: () => number = () => 0.5) {
  let clock = 0;
  const delays: number[] = [];
  const options = {
    sleep: async (ms: number) => {
      delays.push(ms);
      clock += ms;
    },
    now: () => clock,
    random,
  } satisfies Partial<RetryOptions>;
  return { options, delays, elapsed: () => clock };
}

/** An operation that fails with the given errors, in order, then returns 'done'. */
function failing(...errors: unknown[]) {
  const calls = { count: 0 };
  const operation = async () => {
    const error = errors[calls.count];
    calls.count += 1;
    if (calls.count <= errors.length) throw error;
    return 'done';
  };
  return { operation, calls };
}

const policy = { attempts: 6, baseDelayMs: 100, maxDelayMs: 10_000 };

describe('withRetry', () => {
  it('returns the first success without sleeping', async () => {
    const time = fakeTime();
    const { operation, calls } = failing();
    await expect(withRetry(operation, { ...policy, ...time.options })).resolves.toBe('done');
    expect(calls.count).toBe(1);
    expect(time.delays).toEqual([]);
  });

  it.each([
    ['a 503 status', Object.assign(new Error('x'), { $metadata: { httpStatusCode: 503 } })],
    ['a 500 status', Object.assign(new Error('x'), { $metadata: { httpStatusCode: 500 } })],
    ['a 429 status', Object.assign(new Error('x'), { $metadata: { httpStatusCode: 429 } })],
    ['SlowDown', awsError('SlowDown')],
    ['ThrottlingException', awsError('ThrottlingException', 400)],
    ['RequestTimeout', awsError('RequestTimeout', 400)],
    ['an ECONNRESET code', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })],
    ['an ETIMEDOUT code', Object.assign(new Error('connect'), { code: 'ETIMEDOUT' })],
    ['a socket hang up', new Error('socket hang up')],
  ])('retries %s, then succeeds', async (_label, error) => {
    const time = fakeTime();
    const { operation, calls } = failing(error, error);
    await expect(withRetry(operation, { ...policy, ...time.options })).resolves.toBe('done');
    expect(calls.count).toBe(3);
    expect(time.delays).toHaveLength(2);
  });

  it.each([
    ['AccessDenied (403)', awsError('AccessDenied', 403)],
    ['NoSuchBucket (404)', awsError('NoSuchBucket', 404)],
    ['InvalidAccessKeyId (403)', awsError('InvalidAccessKeyId', 403)],
    ['a plain Error', new Error('bug')],
    ['a thrown string', 'SlowDown'],
  ])('does not retry %s', async (_label, error) => {
    const time = fakeTime();
    const { operation, calls } = failing(error);
    await expect(withRetry(operation, { ...policy, ...time.options })).rejects.toBe(error);
    expect(calls.count).toBe(1);
    expect(time.delays).toEqual([]);
  });

  it('gives up after the configured number of attempts, throwing the last error', async () => {
    const time = fakeTime();
    const errors = [1, 2, 3, 4].map((n) => awsError('SlowDown', 503, `attempt ${n}`));
    const { operation, calls } = failing(...errors);
    await expect(withRetry(operation, { ...policy, attempts: 3, ...time.options })).rejects.toBe(
      errors[2],
    );
    expect(calls.count).toBe(3);
    expect(time.delays).toHaveLength(2);
  });

  it('stops retrying when the next wait would pass the deadline', async () => {
    const time = fakeTime(() => 1);
    const error = awsError('SlowDown', 503);
    const { operation, calls } = failing(error, error, error, error, error);
    const options = { ...policy, baseDelayMs: 400, deadlineMs: 1000, ...time.options };
    await expect(withRetry(operation, options)).rejects.toBe(error);
    // Waits 400 ms (total 400), then the next 800 ms would end at 1,200 > 1,000.
    expect(time.delays).toEqual([400]);
    expect(calls.count).toBe(2);
    expect(time.elapsed()).toBeLessThanOrEqual(1000);
  });

  it('counts time spent in the operation against the deadline', async () => {
    const time = fakeTime(() => 0);
    let clock = 0;
    const operation = async () => {
      clock += 980; // a slow request: 980 ms + the 50 ms wait would pass 1,000 ms
      throw awsError('InternalError', 500);
    };
    const options = {
      ...policy,
      deadlineMs: 1000,
      ...time.options,
      now: () => clock + time.elapsed(),
    };
    await expect(withRetry(operation, options)).rejects.toThrow('InternalError');
    expect(time.delays).toEqual([]);
  });

  it('grows the delay exponentially up to the maximum, with jitter between half and all of it', async () => {
    const randoms = [0, 1, 0.5, 0, 1, 0.25, 0.75];
    let next = 0;
    const time = fakeTime(() => randoms[next++] ?? 0);
    const error = awsError('SlowDown', 503);
    const { operation } = failing(...Array.from({ length: 7 }, () => error));
    const options = { attempts: 8, baseDelayMs: 100, maxDelayMs: 1000, ...time.options };
    await expect(withRetry(operation, options)).resolves.toBe('done');
    const ceilings = [100, 200, 400, 800, 1000, 1000, 1000];
    expect(time.delays).toEqual([50, 200, 300, 400, 1000, 625, 875]);
    time.delays.forEach((delay, index) => {
      const ceiling = ceilings[index] ?? 0;
      expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
      expect(delay).toBeLessThanOrEqual(ceiling);
    });
  });

  it('jitters: different random draws give different delays for the same attempt', async () => {
    const delaysWith = async (random: number) => {
      const time = fakeTime(() => random);
      const { operation } = failing(awsError('SlowDown', 503));
      await withRetry(operation, { ...policy, ...time.options });
      return time.delays;
    };
    expect(await delaysWith(0.1)).not.toEqual(await delaysWith(0.9));
  });

  it('reports each retry with the error, the attempt number and the delay', async () => {
    const time = fakeTime(() => 0);
    const error = awsError('SlowDown', 503);
    const { operation } = failing(error, error);
    const seen: unknown[] = [];
    await withRetry(operation, {
      ...policy,
      ...time.options,
      onRetry: (failure, attempt, delay) => seen.push([failure, attempt, delay]),
    });
    expect(seen).toEqual([
      [error, 1, 50],
      [error, 2, 100],
    ]);
  });

  it('uses a custom isRetryable in place of the default', async () => {
    const time = fakeTime();
    const busy = awsError('TooManyInvalidationsInProgress', 400);
    const { operation, calls } = failing(busy);
    const isRetryable = (error: unknown) =>
      (error as Error).name === 'TooManyInvalidationsInProgress';
    await expect(withRetry(operation, { ...policy, ...time.options, isRetryable })).resolves.toBe(
      'done',
    );
    expect(calls.count).toBe(2);
  });
});

describe('isTransientError', () => {
  it('reads the S3 error code from Code as well as name', () => {
    expect(isTransientError({ Code: 'SlowDown' })).toBe(true);
    expect(isTransientError({ Code: 'AccessDenied' })).toBe(false);
  });

  it('is false for non-objects', () => {
    expect(isTransientError(undefined)).toBe(false);
    expect(isTransientError(null)).toBe(false);
    expect(isTransientError('ECONNRESET')).toBe(false);
  });
});
