import type { AwsClients } from './clients.js';
import { BufferPool, Semaphore } from './concurrency.js';
import type { DeployContext } from './context.js';
import { SMALL_FILE_BYTES } from './hashing.js';
import type { Logger } from './logger.js';
import { DEFAULT_RETRY, sleep } from './retry.js';
import type { Settings } from './settings.js';

export function createDeployContext(
  settings: Settings,
  clients: AwsClients,
  logger: Logger,
  clock: { sleep: (ms: number) => Promise<void>; now: () => number } = { sleep, now: Date.now },
): DeployContext {
  return {
    settings,
    ...clients,
    logger,
    retry: { ...DEFAULT_RETRY, sleep: clock.sleep, now: clock.now },
    partSlots: new Semaphore(settings.concurrency),
    buffers: new BufferPool(settings.concurrency, SMALL_FILE_BYTES),
    sleep: clock.sleep,
    now: clock.now,
  };
}
