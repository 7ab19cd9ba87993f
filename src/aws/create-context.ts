import { BufferPool, Semaphore } from '../base/concurrency.js';
import type { Logger } from '../base/logger.js';
import type { Settings } from '../inputs/settings.js';
import { SMALL_FILE_BYTES } from '../local/hashing.js';
import type { AwsClients } from './clients.js';
import type { DeployContext } from './context.js';
import { DEFAULT_RETRY, sleep } from './retry.js';

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
