export interface RetryOptions {
  /** Attempts in all, the first included. */
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Stop retrying once this much time has passed since the first attempt. */
  readonly deadlineMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
  readonly random?: () => number;
  readonly onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
  readonly isRetryable?: (error: unknown) => boolean;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** S3 and CloudFront defaults: 6 attempts, equal-jitter backoff from 250 ms up to 20 s. */
export const DEFAULT_RETRY: RetryOptions = { attempts: 6, baseDelayMs: 250, maxDelayMs: 20_000 };

/** Calls `operation` until it succeeds, a non-retryable error occurs, or attempts/time run out. */
export async function withRetry<T>(
  operation: () => Promise<T>,
  options: RetryOptions = DEFAULT_RETRY,
): Promise<T> {
  const wait = options.sleep ?? sleep;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const retryable = options.isRetryable ?? isTransientError;
  const started = now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
      const delay = Math.round(ceiling / 2 + (random() * ceiling) / 2);
      const outOfTime =
        options.deadlineMs !== undefined && now() - started + delay > options.deadlineMs;
      if (attempt >= options.attempts || outOfTime || !retryable(error)) throw error;
      options.onRetry?.(error, attempt, delay);
      await wait(delay);
    }
  }
}

const TRANSIENT_CODES = new Set([
  'SlowDown',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'RequestTimeout',
  'RequestTimeoutException',
  'InternalError',
  'ServiceUnavailable',
  'TimeoutError',
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'socket hang up',
]);

/** 5xx, throttling, timeouts and dropped connections: worth another try. */
export function isTransientError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const candidate = error as {
    name?: string;
    code?: string;
    Code?: string;
    message?: string;
    $metadata?: { httpStatusCode?: number };
  };
  const status = candidate.$metadata?.httpStatusCode ?? 0;
  // 501 NotImplemented is an answer, not a hiccup: the endpoint lacks the feature.
  if (status === 501 || candidate.name === 'NotImplemented') return false;
  if (status >= 500 || status === 429) return true;
  return [candidate.name, candidate.code, candidate.Code, candidate.message].some(
    (value) => value !== undefined && TRANSIENT_CODES.has(value),
  );
}
