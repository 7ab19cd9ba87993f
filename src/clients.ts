import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import { S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { Logger } from './logger.js';
import type { Settings } from './settings.js';

export interface AwsClients {
  readonly s3: S3Client;
  readonly cloudFront: CloudFrontClient;
}

/**
 * Builds both clients once. Credentials come only from the SDK's standard chain.
 * Retries are ours (src/retry.ts), so the SDK makes one attempt per call.
 */
export function createClients(
  settings: Pick<Settings, 'region' | 'endpoint' | 'concurrency'>,
  log?: Pick<Logger, 'debug'>,
): AwsClients {
  // The SDK's own warnings (e.g. about retrying a streamed body, which our retry does) go to debug.
  // Only text is passed on: the SDK also logs live objects (sockets) that cannot be serialised.
  // Without one the SDK keeps its no-op logger, which also spares it building a redacted copy
  // of every request and response to log: a quarter of the garbage of a PutObject.
  const toDebug = (...parts: unknown[]) => {
    const text = parts.filter((part) => typeof part === 'string' && part !== '').join(' ');
    if (text) log?.debug(text);
  };
  const logger = log
    ? { logger: { debug: toDebug, info: toDebug, warn: toDebug, error: toDebug } }
    : {};
  const agentOptions = { keepAlive: true, maxSockets: settings.concurrency + 4 };
  const requestHandler = new NodeHttpHandler({
    httpAgent: new HttpAgent(agentOptions),
    httpsAgent: new HttpsAgent(agentOptions),
    connectionTimeout: 10_000,
    requestTimeout: 120_000,
    // Without this a timed-out request only logs a warning and never fails (or retries).
    throwOnRequestTimeout: true,
  });
  const s3 = new S3Client({
    ...logger,
    region: settings.region,
    maxAttempts: 1,
    requestHandler,
    // The default (CRC32 with aws-chunked bodies) breaks S3-compatible servers; we send
    // Content-MD5 ourselves, so every byte is still verified.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...(settings.endpoint ? { endpoint: settings.endpoint, forcePathStyle: true } : {}),
  });
  // CloudFront is a global service signed in us-east-1.
  const cloudFront = new CloudFrontClient({ ...logger, region: 'us-east-1', maxAttempts: 1 });
  return { s3, cloudFront };
}
