/**
 * Runs `task` over `items` with at most `limit` in flight, keeping results in order.
 * After the first failure no new task starts; the in-flight ones finish, then it throws.
 */
export async function mapConcurrent<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < items.length) {
      const index = next++;
      try {
        results[index] = await task(items[index] as T, index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure) throw failure.error;
  return results;
}

/** A counting semaphore: bounds how many part buffers exist at once across all uploads. */
export class Semaphore {
  private available: number;
  private readonly waiting: Array<() => void> = [];

  constructor(permits: number) {
    this.available = permits;
  }

  async use<R>(task: () => Promise<R>): Promise<R> {
    if (this.available > 0) this.available -= 1;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await task();
    } finally {
      const wake = this.waiting.shift();
      if (wake) wake();
      else this.available += 1;
    }
  }
}

/**
 * Buffers lent out one per task, at most `count` at once: bounded memory and no garbage per
 * file. They are made on first need, so a deploy that reads no file through the pool (an
 * unchanged site of small files) never holds them.
 */
export class BufferPool {
  private readonly free: Buffer[] = [];
  private readonly slots: Semaphore;

  constructor(
    count: number,
    private readonly size: number,
  ) {
    this.slots = new Semaphore(count);
  }

  use<R>(task: (buffer: Buffer) => Promise<R>): Promise<R> {
    return this.slots.use(async () => {
      // A slot is held, so fewer than `count` buffers are lent: one is free, or may be made.
      const buffer = this.free.pop() ?? Buffer.allocUnsafe(this.size);
      try {
        return await task(buffer);
      } finally {
        this.free.push(buffer);
      }
    });
  }
}
