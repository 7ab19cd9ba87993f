import { createHash, randomUUID } from 'node:crypto';
import { CreateInvalidationCommand, GetInvalidationCommand } from '@aws-sdk/client-cloudfront';
import { awsCall, type DeployContext } from './context.js';
import { DeployError } from './errors.js';
import { MAX_PATHS_PER_REQUEST } from './invalidation-paths.js';
import { isTransientError, type RetryOptions } from './retry.js';

export interface InvalidationResult {
  readonly ids: readonly string[];
  /** Seconds spent waiting for completion, when wait-for-invalidation is on. */
  readonly waitedSeconds: number | undefined;
}

// One reference per deploy, stable across retries of the same request.
const localDeployId = randomUUID();

/** A CallerReference unique per deploy step and batch: a retried request never duplicates. */
export function callerReference(
  paths: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): string {
  const batch = createHash('sha256').update(paths.join('\n')).digest('hex').slice(0, 16);
  const run = env.GITHUB_RUN_ID
    ? `${env.GITHUB_RUN_ID}-${env.GITHUB_RUN_ATTEMPT ?? '1'}-${env.GITHUB_ACTION ?? 'step'}`
    : `local-${localDeployId}`;
  return `s3-cf-sync-${run}-${batch}`;
}

/**
 * Sends the paths in batches within the API limit. TooManyInvalidationsInProgress,
 * throttling and 5xx are retried with backoff until `invalidation-timeout`.
 */
export async function createInvalidations(
  context: DeployContext,
  paths: readonly string[],
): Promise<InvalidationResult> {
  const { settings, logger } = context;
  const deadlineMs = settings.invalidationTimeoutSeconds * 1000;
  const retry: RetryOptions = {
    attempts: Number.POSITIVE_INFINITY,
    baseDelayMs: 2_000,
    maxDelayMs: 60_000,
    deadlineMs,
    sleep: context.sleep,
    now: context.now,
    isRetryable: (error) =>
      isTransientError(error) ||
      (error as { name?: string }).name === 'TooManyInvalidationsInProgress',
  };
  const ids: string[] = [];
  for (let start = 0; start < paths.length; start += MAX_PATHS_PER_REQUEST) {
    const batch = paths.slice(start, start + MAX_PATHS_PER_REQUEST);
    const CallerReference = callerReference(batch);
    const response = await awsCall(
      context,
      'CreateInvalidation',
      undefined,
      () =>
        context.cloudFront.send(
          new CreateInvalidationCommand({
            DistributionId: settings.distribution,
            InvalidationBatch: {
              CallerReference,
              Paths: { Quantity: batch.length, Items: [...batch] },
            },
          }),
        ),
      retry,
    );
    const id = response.Invalidation?.Id ?? '';
    ids.push(id);
    logger.info(`Invalidation ${id} created for ${batch.length} path(s).`);
  }
  const waitedSeconds = settings.waitForInvalidation
    ? await waitForAll(context, ids, deadlineMs)
    : undefined;
  return { ids, waitedSeconds };
}

async function waitForAll(
  context: DeployContext,
  ids: readonly string[],
  deadlineMs: number,
): Promise<number> {
  const started = context.now();
  let delay = 5_000;
  for (const id of ids) {
    for (;;) {
      const response = await awsCall(context, 'GetInvalidation', undefined, () =>
        context.cloudFront.send(
          new GetInvalidationCommand({ DistributionId: context.settings.distribution, Id: id }),
        ),
      );
      const status = response.Invalidation?.Status;
      const waited = context.now() - started;
      if (status === 'Completed') break;
      if (waited + delay > deadlineMs) {
        throw new DeployError(
          `Invalidation ${id} is still ${status ?? 'in progress'} after ${Math.round(waited / 1000)} s (invalidation-timeout ${deadlineMs / 1000} s). The files are deployed; the cache will clear when it completes.`,
        );
      }
      context.logger.info(
        `Invalidation ${id} is ${status}; waited ${Math.round(waited / 1000)} s, next check in ${delay / 1000} s.`,
      );
      await context.sleep(delay);
      delay = Math.min(delay * 1.5, 20_000);
    }
  }
  return Math.round((context.now() - started) / 1000);
}
