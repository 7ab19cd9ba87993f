import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { Logger } from '../base/logger.js';
import { unescapeXml } from '../base/xml-text.js';
import {
  type Agents,
  type RawAnswer,
  type SignedRequest,
  send,
  signedAt,
  transientError,
} from './fast-s3.js';
import { environmentCredentials, plainEndpoint } from './s3-get-target.js';
import type { AwsCredentials, S3Request } from './sigv4.js';

/**
 * The two CloudFront calls of a deploy that changes something (GetDistributionConfig before the
 * first write, CreateInvalidation after the last) without the SDK's CloudFront package, whose
 * loading cost a 300-file edit 20-50 ms of its 0.3-0.4 s (bench/README.md, fifth round). As for S3 (fast-s3.ts),
 * only where the SDK would send them to the same endpoint with the same keys. An error answer
 * with a code is thrown as the SDK throws it (see cloudFrontErrorOf), so that the retry policy
 * and the explanations are the same. After a dropped connection, an answer without a code or
 * one about the signature, every call goes through the SDK (that one again at once).
 */
export interface FastCloudFront {
  /** GET `path` (/2020-05-31/...): a 2xx answer; undefined when the SDK is to send it. */
  get(path: string): Promise<RawAnswer | undefined>;
  /** POST an XML `body` to `path`: a 2xx answer; undefined when the SDK is to send it. */
  post(path: string, body: string): Promise<RawAnswer | undefined>;
}

// Refusals of the request itself, not of what it asks: the SDK is to send it, and explain them.
const SIGNATURE_ERRORS = new Set([
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'InvalidSignatureException',
  'MissingAuthenticationToken',
]);

/**
 * An error answer as the SDK's client throws it (name the <Code>, message the <Message>, the
 * status), for the retry policy and the explanation (src/aws/explain-error.ts) to read as
 * theirs: TooManyInvalidationsInProgress is waited out, AccessDenied names the permission.
 * Undefined for an answer without a code, or one about the signature: the SDK sends it again.
 */
function cloudFrontErrorOf({ status, body }: RawAnswer): Error | undefined {
  const xml = body.toString('utf8');
  const code = /<Code>([^<]*)<\/Code>/.exec(xml)?.[1];
  if (!code || SIGNATURE_ERRORS.has(code)) return undefined;
  const message = /<Message>([^<]*)<\/Message>/.exec(xml)?.[1] || code;
  return Object.assign(new Error(readableText(message)), {
    name: code,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status },
  });
}

/** A message's text; as it came when it holds an entity XML does not know. */
function readableText(raw: string): string {
  try {
    return unescapeXml(raw);
  } catch {
    return raw;
  }
}

/** The API version in every path, as the SDK's client sends it. */
export const CLOUDFRONT_API = '/2020-05-31';
// CloudFront is global: the client is built for us-east-1, and signs there.
const REGION = 'us-east-1';
// Paths the SDK sends as they are: it encodes the paths of services other than S3 twice.
const PLAIN_PATH = /^(\/[A-Za-z0-9._~-]+)+$/;

/** Where the SDK's CloudFront client would send its calls, and with which keys; else undefined. */
export function fastCloudFrontTarget(
  env: NodeJS.ProcessEnv,
  configFileExists: (path: string) => boolean,
): { origin: string; credentials: AwsCredentials } | undefined {
  const credentials = environmentCredentials(env, configFileExists);
  if (credentials === undefined) return undefined;
  if (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS !== undefined) return undefined;
  const configured = env.AWS_ENDPOINT_URL_CLOUDFRONT || env.AWS_ENDPOINT_URL;
  if (!configured) return { origin: 'https://cloudfront.amazonaws.com', credentials };
  const endpoint = plainEndpoint(configured);
  // A base path would go before the API's: left to the SDK.
  if (endpoint?.basePath !== '') return undefined;
  return { origin: endpoint.origin, credentials };
}

/** The request as sent: signed as the SDK's CloudFront client signs it. */
export function signedCloudFrontRequest(
  { origin, credentials }: { origin: string; credentials: AwsCredentials },
  method: 'GET' | 'POST',
  path: string,
  body: Buffer | undefined,
  now: Date,
): SignedRequest {
  const url = new URL(origin);
  const request: S3Request = {
    method,
    service: 'cloudfront',
    protocol: url.protocol === 'http:' ? 'http:' : 'https:',
    host: url.host,
    path,
    query: {},
    ...(body
      ? {
          headers: { 'content-length': String(body.length), 'content-type': 'application/xml' },
          payloadSha256: createHash('sha256').update(body).digest('hex'),
        }
      : {}),
  };
  return signedAt(origin, credentials, REGION, request, now);
}

export function createFastCloudFront(
  agents: Agents,
  idleTimeoutMs: number,
  log?: Pick<Logger, 'debug'>,
  env: NodeJS.ProcessEnv = process.env,
): FastCloudFront | undefined {
  const target = fastCloudFrontTarget(env, existsSync);
  if (target === undefined) {
    log?.debug(
      'CloudFront is called through the SDK: its credentials or endpoint are not from the environment alone.',
    );
    return undefined;
  }
  let stopped = false;
  const stop = (why: string) => {
    if (stopped) return;
    stopped = true;
    log?.debug(`Calling CloudFront through the SDK from now on: ${why}`);
  };
  const call = async (method: 'GET' | 'POST', path: string, body?: string) => {
    if (stopped || !PLAIN_PATH.test(path)) return undefined;
    const bytes = body === undefined ? undefined : Buffer.from(body, 'utf8');
    const signed = signedCloudFrontRequest(target, method, path, bytes, new Date());
    let answer: RawAnswer;
    try {
      answer = await send(signed, bytes, agents, idleTimeoutMs);
    } catch (error) {
      stop(error instanceof Error ? error.message : String(error));
      throw error;
    }
    const { status } = answer;
    if (status >= 200 && status < 300) return answer;
    const error = cloudFrontErrorOf(answer);
    if (error) throw error;
    stop(`${method} ${path} was answered ${status}.`);
    if ((status >= 500 && status !== 501) || status === 429) throw transientError(answer);
    return undefined;
  };
  return { get: (path) => call('GET', path), post: (path, body) => call('POST', path, body) };
}
