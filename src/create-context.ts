import type { AwsClients } from './clients.js';
import { Semaphore } from './concurrency.js';
import type { DeployContext } from './context.js';
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
    sleep: clock.sleep,
    now: clock.now,
  };
}
