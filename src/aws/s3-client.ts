import type { Agent as HttpAgent } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import * as S3Sdk from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { Settings } from '../inputs/settings.js';

export { S3Sdk };

/** The SDK's logger, or none (then it keeps its no-op logger). */
export type SdkLogger = Pick<S3Sdk.S3ClientConfig, 'logger'>;

/**
 * The S3 client. This module is a chunk of its own in the bundle, loaded by clients.ts on the
 * first call that needs the SDK: a deploy that changes nothing never loads it.
 */
export function newS3Client(
  settings: Pick<Settings, 'region' | 'endpoint'>,
  logger: SdkLogger,
  agents: { readonly http: HttpAgent; readonly https: HttpsAgent },
  idleTimeoutMs: number,
): S3Sdk.S3Client {
  const requestHandler = new NodeHttpHandler({
    httpAgent: agents.http,
    httpsAgent: agents.https,
    connectionTimeout: 10_000,
    // socketTimeout is the socket's inactivity timer and fails the request (a TimeoutError,
    // retried). requestTimeout would be a deadline from the start of the request, cutting a
    // slow upload that was still sending and restarting it from its first byte.
    socketTimeout: idleTimeoutMs,
  });
  return new S3Sdk.S3Client({
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
}
