import type { BufferPool, Semaphore } from '../base/concurrency.js';
import type { Logger } from '../base/logger.js';
import type { Settings } from '../inputs/settings.js';
import { describeFailure } from './aws-errors.js';
import type { LazyCloudFront, LazyS3 } from './clients.js';
import { explainAwsError } from './explain-error.js';
import type { FastCloudFront } from './fast-cloudfront.js';
import type { FastS3 } from './fast-s3.js';
import type { AwsOperation } from './permissions.js';
import { type RetryOptions, withRetry } from './retry.js';

/** How the deploy lock (bucket/deploy-lock.ts) keeps time; part of the context so tests can shorten it. */
export interface LockTiming {
  /** How often the holder rewrites the lock to show it is alive. */
  readonly heartbeatMs: number;
  /** A lock unchanged this long (seen by the waiter) belongs to a deploy that died. */
  readonly staleMs: number;
  readonly pollMs: number;
}

/** What every stage of a deploy shares: settings, clients, the log, and the retry policy. */
export interface DeployContext {
  readonly settings: Settings;
  readonly s3: LazyS3;
  readonly cloudFront: LazyCloudFront;
  /** The survey's reads and small uploads without the SDK (fast-s3.ts); undefined: by the SDK. */
  readonly fast?: FastS3 | undefined;
  /** The deploy's two CloudFront calls without the SDK (fast-cloudfront.ts); undefined: by it. */
  readonly fastCloudFront?: FastCloudFront | undefined;
  readonly logger: Logger;
  readonly retry: RetryOptions;
  readonly partSlots: Semaphore;
  /** One read buffer per worker, for hashing and for sending small files. */
  readonly buffers: BufferPool;
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => number;
  /** Heartbeat, staleness and polling of the deploy lock; the defaults unless a test sets them. */
  readonly lockTiming?: LockTiming;
  /** Called before every write to the bucket: throws once the deploy lock has been lost. */
  readonly beforeWrite?: (() => void) | undefined;
}

const WRITES: ReadonlySet<AwsOperation> = new Set([
  'PutObject',
  'CopyObject',
  'CreateMultipartUpload',
  'UploadPart',
  'UploadPartCopy',
  'CompleteMultipartUpload',
  'DeleteObjects',
]);

/** One AWS call: retried when transient, then explained (permission, bucket, credentials). */
export function awsCall<T>(
  context: DeployContext,
  operation: AwsOperation,
  key: string | undefined,
  send: () => Promise<T>,
  retry: RetryOptions = context.retry,
): Promise<T> {
  return explainedCall(context, operation, key ? { key } : {}, send, retry);
}

/** One CloudFront call about one distribution (or none, for ListDistributions). */
export function cloudFrontCall<T>(
  context: DeployContext,
  operation: AwsOperation,
  distribution: string | undefined,
  send: () => Promise<T>,
  retry: RetryOptions = context.retry,
): Promise<T> {
  return explainedCall(context, operation, distribution ? { distribution } : {}, send, retry);
}

function explainedCall<T>(
  context: DeployContext,
  operation: AwsOperation,
  target: { readonly key?: string; readonly distribution?: string },
  send: () => Promise<T>,
  retry: RetryOptions,
): Promise<T> {
  try {
    if (WRITES.has(operation)) context.beforeWrite?.();
  } catch (error) {
    return Promise.reject(error);
  }
  const about = target.key ?? target.distribution;
  return withRetry(send, {
    ...retry,
    onRetry: (error, attempt, delay) =>
      context.logger.info(
        `${operation}${about ? ` ${about}` : ''}: ${describe(error)}; retry ${attempt} in ${(delay / 1000).toFixed(1)} s.`,
      ),
  }).catch((error: unknown) => {
    throw explainAwsError(error, { operation, settings: context.settings, ...target });
  });
}

function describe(error: unknown): string {
  return describeFailure(error);
}
