import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type * as CloudFrontSdk from '@aws-sdk/client-cloudfront';
import type { S3Client } from '@aws-sdk/client-s3';
import type { Logger } from '../base/logger.js';
import type { Settings } from '../inputs/settings.js';
import { createFastCloudFront, type FastCloudFront } from './fast-cloudfront.js';
import { createFastS3, type FastS3 } from './fast-s3.js';
import type { S3Sdk, SdkLogger } from './s3-client.js';

export interface AwsClients {
  readonly s3: LazyS3;
  readonly cloudFront: LazyCloudFront;
  /** The survey's reads and small uploads without the SDK, where that reaches the same target. */
  readonly fast?: FastS3 | undefined;
  /** GetDistributionConfig and CreateInvalidation without the SDK, where that is certain. */
  readonly fastCloudFront?: FastCloudFront | undefined;
}

/**
 * The S3 client, loaded on its first call: the SDK is most of the bundle, and a deploy that
 * changes nothing reads the bucket without it (fast-s3.ts). `call` gets the client and the
 * package (for its command classes).
 */
export interface LazyS3 {
  call<T>(use: (client: S3Client, sdk: typeof S3Sdk) => Promise<T>): Promise<T>;
}

/**
 * The CloudFront client, loaded on its first call: a deploy that changes nothing (most of them)
 * never calls CloudFront, and the SDK's CloudFront package is a ninth of the bundle to compile
 * at start-up. `call` gets the client and the package (for its command classes).
 */
export interface LazyCloudFront {
  call<T>(
    use: (client: CloudFrontSdk.CloudFrontClient, sdk: typeof CloudFrontSdk) => Promise<T>,
  ): Promise<T>;
}

/**
 * A connection that neither sends nor receives a byte for this long is cut, and the request
 * retried. It is an idle limit, not a deadline: an upload that keeps moving on a slow link is
 * never cut. It must outlast the bytes still in the socket buffers when the last write was
 * accepted (Linux lets the send buffer grow to 4 MiB: 32 s at 1 Mbit/s) plus S3's reply.
 */
export const IDLE_TIMEOUT_MS = 120_000;

/**
 * Builds both clients once, each on its first call. Credentials come only from the SDK's
 * standard chain. Retries are ours (src/aws/retry.ts), so the SDK makes one attempt per call.
 */
export function createClients(
  settings: Pick<Settings, 'bucket' | 'region' | 'endpoint' | 'concurrency'>,
  log?: Pick<Logger, 'debug'>,
  idleTimeoutMs = IDLE_TIMEOUT_MS,
): AwsClients {
  // The SDK's own warnings (e.g. about retrying a streamed body, which our retry does) go to debug.
  // Only text is passed on: the SDK also logs live objects (sockets) that cannot be serialised.
  // Without one the SDK keeps its no-op logger, which also spares it building a redacted copy
  // of every request and response to log: a quarter of the garbage of a PutObject.
  const toDebug = (...parts: unknown[]) => {
    const text = parts.filter((part) => typeof part === 'string' && part !== '').join(' ');
    if (text) log?.debug(text);
  };
  const logger: SdkLogger = log
    ? { logger: { debug: toDebug, info: toDebug, warn: toDebug, error: toDebug } }
    : {};
  const agentOptions = { keepAlive: true, maxSockets: settings.concurrency + 4 };
  const agents = { http: new HttpAgent(agentOptions), https: new HttpsAgent(agentOptions) };
  let loaded: Promise<[S3Client, typeof S3Sdk]> | undefined;
  const s3: LazyS3 = {
    async call(use) {
      // A chunk of its own in the bundle (dist/NNN.index.js), read only here.
      loaded ??= import('./s3-client.js').then((chunk) => [
        chunk.newS3Client(settings, logger, agents, idleTimeoutMs),
        chunk.S3Sdk,
      ]);
      const [client, sdk] = await loaded;
      return use(client, sdk);
    },
  };
  const fast = createFastS3(settings, agents, idleTimeoutMs, log);
  const fastCloudFront = createFastCloudFront(agents, idleTimeoutMs, log);
  return { s3, cloudFront: lazyCloudFront(logger), fast, fastCloudFront };
}

function lazyCloudFront(logger: SdkLogger): LazyCloudFront {
  let loaded: Promise<[CloudFrontSdk.CloudFrontClient, typeof CloudFrontSdk]> | undefined;
  return {
    async call(use) {
      // A chunk of its own in the bundle (dist/NNN.index.js), read only here.
      loaded ??= import('@aws-sdk/client-cloudfront').then((sdk) => [
        // CloudFront is a global service signed in us-east-1.
        new sdk.CloudFrontClient({ ...logger, region: 'us-east-1', maxAttempts: 1 }),
        sdk,
      ]);
      const [client, sdk] = await loaded;
      return use(client, sdk);
    },
  };
}
