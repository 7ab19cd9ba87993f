import { describe, expect, it } from 'vitest';
import { BufferPool, mapConcurrent, Semaphore } from '../../src/base/concurrency.js';

/** A promise settled from outside, to control exactly when each task finishes. */
function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((onResolve, onReject) => {
    resolve = onResolve;
    reject = onReject;
  });
  return { promise, resolve, reject };
}

/** Lets every queued promise callback run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('mapConcurrent', () => {
  it('keeps results in input order when tasks finish out of order', async () => {
    const gates = [0, 1, 2, 3, 4].map(() => deferred());
    const result = mapConcurrent([10, 20, 30, 40, 50], 5, async (item, index) => {
      await gates[index]?.promise;
      return item * 2;
    });
    for (const index of [4, 2, 0, 3, 1]) {
      gates[index]?.resolve();
      await settle();
    }
    await expect(result).resolves.toEqual([20, 40, 60, 80, 100]);
  });

  it('passes each item with its index', async () => {
    const seen: Array<[string, number]> = [];
    await mapConcurrent(['a', 'b', 'c'], 2, async (item, index) => {
      seen.push([item, index]);
    });
    expect(seen.sort()).toEqual([
      ['a', 0],
      ['b', 1],
      ['c', 2],
    ]);
  });

  it('never runs more than the limit at once, and does reach it', async () => {
    let running = 0;
    let peak = 0;
    const items = Array.from({ length: 40 }, (_, index) => index);
    const results = await mapConcurrent(items, 4, async (item) => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, item % 3));
      running -= 1;
      return item;
    });
    expect(peak).toBe(4);
    expect(results).toEqual(items);
  });

  it('starts the next task as soon as a slot frees', async () => {
    const gates = [0, 1, 2].map(() => deferred());
    const started: number[] = [];
    const result = mapConcurrent([0, 1, 2], 2, async (item) => {
      started.push(item);
      await gates[item]?.promise;
    });
    await settle();
    expect(started).toEqual([0, 1]);
    gates[1]?.resolve();
    await settle();
    expect(started).toEqual([0, 1, 2]);
    gates[0]?.resolve();
    gates[2]?.resolve();
    await result;
  });

  it('returns an empty array for no items without calling the task', async () => {
    let calls = 0;
    await expect(
      mapConcurrent([], 8, async () => {
        calls += 1;
      }),
    ).resolves.toEqual([]);
    expect(calls).toBe(0);
  });

  it('stops starting new tasks after a failure, lets in-flight ones finish, then throws the first error', async () => {
    const gates = Array.from({ length: 10 }, () => deferred());
    const started: number[] = [];
    const finished: number[] = [];
    const failure = new Error('upload of 1 failed');
    const result = mapConcurrent(
      Array.from({ length: 10 }, (_, index) => index),
      3,
      async (item) => {
        started.push(item);
        await gates[item]?.promise;
        if (item === 1 || item === 2) throw item === 1 ? failure : new Error('later failure');
        finished.push(item);
      },
    );
    const outcome = result.catch((error: unknown) => error);
    await settle();
    expect(started).toEqual([0, 1, 2]);
    gates[1]?.resolve();
    await settle();
    gates[2]?.resolve();
    gates[0]?.resolve();
    await expect(outcome).resolves.toBe(failure);
    expect(started).toEqual([0, 1, 2]);
    expect(finished).toEqual([0]);
  });
});

describe('Semaphore', () => {
  it('lets at most its permits run at once, and all eventually run', async () => {
    const slots = new Semaphore(2);
    let running = 0;
    let peak = 0;
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        slots.use(async () => {
          running += 1;
          peak = Math.max(peak, running);
          await new Promise((resolve) => setTimeout(resolve, 1));
          running -= 1;
          return index;
        }),
      ),
    );
    expect(peak).toBe(2);
    expect(results).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('releases the permit when a task fails', async () => {
    const slots = new Semaphore(1);
    await expect(
      slots.use(async () => {
        throw new Error('part failed');
      }),
    ).rejects.toThrow('part failed');
    await expect(slots.use(async () => 'next')).resolves.toBe('next');
  });
});

describe('BufferPool', () => {
  it('never lends one buffer to two tasks at once, and makes no more than its count', async () => {
    const pool = new BufferPool(3, 16);
    const inUse = new Set<Buffer>();
    const seen = new Set<Buffer>();
    let most = 0;
    await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        pool.use(async (buffer) => {
          expect(inUse.has(buffer)).toBe(false);
          inUse.add(buffer);
          seen.add(buffer);
          most = Math.max(most, inUse.size);
          await new Promise((resolve) => setTimeout(resolve, index % 3));
          inUse.delete(buffer);
        }),
      ),
    );
    expect(most).toBe(3);
    expect(seen.size).toBe(3);
  });

  it('makes buffers only as they are needed: one task at a time uses one buffer', async () => {
    const pool = new BufferPool(4, 8);
    const seen = new Set<Buffer>();
    for (let i = 0; i < 5; i++) await pool.use(async (buffer) => void seen.add(buffer));
    expect(seen.size).toBe(1);
  });

  it('takes the buffer back when a task fails', async () => {
    const pool = new BufferPool(1, 8);
    await expect(pool.use(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(pool.use(async (buffer) => buffer.length)).resolves.toBe(8);
  });
});
