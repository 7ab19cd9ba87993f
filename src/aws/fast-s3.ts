import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import {
  type Agent as HttpAgent,
  request as httpRequest,
  type IncomingHttpHeaders,
} from 'node:http';
import { type Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Logger } from '../base/logger.js';
import type { Settings } from '../inputs/settings.js';
import { fastS3Target, targetRequest } from './s3-get-target.js';
import { type AwsCredentials, pathAndQuery, type S3Request, signS3Request } from './sigv4.js';

/** What the server answered to one of our own requests. */
export interface RawAnswer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** A PutObject's headers, as the SDK sends them for the same command input. */
export interface PutHeaders {
  readonly contentType: string;
  /** Base64, as the header carries it. */
  readonly contentMd5: string;
  readonly cacheControl?: string | undefined;
  readonly acl?: string | undefined;
}

/**
 * The requests a deploy makes most without the SDK, which is most of the bundle to load and
 * 0.6-0.8 ms more CPU a request: the survey's reads (listing pages, the state), so that a deploy
 * that changes nothing never loads it, and the uploads of small files. Only where the target is
 * certain to be the SDK's own (s3-get-target.ts: credentials from the environment, a known
 * endpoint). After any answer that cannot be used as it is (for a GET a 2xx or a 404, for a PUT
 * a 2xx), every request goes through the SDK:
 * - a transient failure (5xx, 429, a dropped connection) is thrown, to be retried as any call's
 *   (src/aws/retry.ts), by the SDK;
 * - any other (a refusal, a redirect) is undefined: the caller sends the request again through
 *   the SDK at once, whose error is explained as for every other call.
 */
export interface FastS3 {
  /**
   * GET `key` (prefix included; '' for the bucket itself) with `query`: a 2xx or 404 answer;
   * undefined when the SDK is to read it.
   */
  get(key: string, query: Readonly<Record<string, string>>): Promise<RawAnswer | undefined>;
  /** PUT `body` as `key` (prefix included): a 2xx answer; undefined when the SDK is to send it. */
  put(key: string, body: Buffer, headers: PutHeaders): Promise<RawAnswer | undefined>;
  /** After an answer the caller cannot use: the SDK sends every request from now on. */
  stop(why: string): void;
}

/** Our requests, as the server's logs name them. */
export const USER_AGENT = 's3-cf-sync';

export interface Agents {
  readonly http: HttpAgent;
  readonly https: HttpsAgent;
}

export function createFastS3(
  settings: Pick<Settings, 'bucket' | 'region' | 'endpoint'>,
  agents: Agents,
  idleTimeoutMs: number,
  log?: Pick<Logger, 'debug'>,
  env: NodeJS.ProcessEnv = process.env,
): FastS3 | undefined {
  const target = fastS3Target(settings, env, existsSync);
  if (target === undefined) {
    log?.debug(
      'The bucket is read and written through the SDK: its credentials or endpoint are not from the environment alone.',
    );
    return undefined;
  }
  let stopped = false;
  /** Our request, or undefined once stopped; a transient failure stops and is thrown. */
  const exchange = async (request: S3Request, body: Buffer | undefined, unsigned = {}) => {
    if (stopped) return undefined;
    const signed = signedAt(
      target.origin,
      target.credentials,
      settings.region,
      request,
      new Date(),
      unsigned,
    );
    try {
      const answer = await send(signed, body, agents, idleTimeoutMs);
      const { status } = answer;
      if ((status >= 500 && status !== 501) || status === 429) {
        fast.stop(`${request.method} ${signed.path} was answered ${status}.`);
        throw transientError(answer);
      }
      return { answer, path: signed.path };
    } catch (error) {
      fast.stop(error instanceof Error ? error.message : String(error));
      throw error;
    }
  };
  const fast: FastS3 = {
    async get(key, query) {
      const request = { ...targetRequest(target, key, query), method: 'GET' as const };
      const sent = await exchange(request, undefined);
      if (sent === undefined) return undefined;
      const { status } = sent.answer;
      if ((status >= 200 && status < 300) || status === 404) return sent.answer;
      fast.stop(`GET ${sent.path} was answered ${status}.`);
      return undefined;
    },
    async put(key, body, { contentType, contentMd5, cacheControl, acl }) {
      const request: S3Request = {
        ...targetRequest(target, key, {}),
        method: 'PUT',
        headers: {
          'content-length': String(body.length),
          'content-md5': contentMd5,
          'content-type': contentType,
          ...(acl ? { 'x-amz-acl': acl } : {}),
        },
        payloadSha256: createHash('sha256').update(body).digest('hex'),
      };
      // The SDK leaves Cache-Control unsigned too.
      const sent = await exchange(
        request,
        body,
        cacheControl ? { 'cache-control': cacheControl } : {},
      );
      if (sent === undefined) return undefined;
      const { status } = sent.answer;
      if (status >= 200 && status < 300) return sent.answer;
      fast.stop(`PUT ${sent.path} was answered ${status}.`);
      return undefined;
    },
    stop(why) {
      if (stopped) return;
      stopped = true;
      log?.debug(`Reading and writing the bucket through the SDK from now on: ${why}`);
    },
  };
  return fast;
}

/** A 5xx or 429 as the retry helper and the log name it: the answer's <Code>, and its status. */
export function transientError({ status, body }: RawAnswer): Error {
  const code = /<Code>([^<]*)<\/Code>/.exec(body.toString('utf8'))?.[1] || `HTTP ${status}`;
  return Object.assign(new Error(code), { name: code, $metadata: { httpStatusCode: status } });
}

export interface SignedRequest {
  readonly method: string;
  readonly protocol: 'http:' | 'https:';
  readonly hostname: string;
  readonly port: string;
  /** Encoded exactly as signed. */
  readonly path: string;
  readonly headers: Record<string, string>;
}

/** `request` signed, as it goes to `origin`; `unsigned` headers beside the signed ones. */
export function signedAt(
  origin: string,
  credentials: AwsCredentials,
  region: string,
  request: S3Request,
  now: Date,
  unsigned: Readonly<Record<string, string>> = {},
): SignedRequest {
  const { hostname, port } = new URL(origin);
  return {
    method: request.method ?? 'GET',
    protocol: request.protocol,
    // An IPv6 address without its brackets, as http.request wants it.
    hostname: hostname.replace(/^\[(.*)\]$/, '$1'),
    port,
    path: pathAndQuery(request),
    headers: { ...unsigned, ...signS3Request(request, credentials, region, now) },
  };
}

export function send(
  signed: SignedRequest,
  body: Buffer | undefined,
  agents: Agents,
  idleTimeoutMs: number,
): Promise<RawAnswer> {
  const secure = signed.protocol === 'https:';
  const request = secure ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    // The path as signed, sent as it is: a URL object would resolve `..` segments of a key.
    const sent = request({
      method: signed.method,
      protocol: signed.protocol,
      hostname: signed.hostname,
      port: signed.port,
      path: signed.path,
      // Unsigned: a name for the server's logs, as the SDK's `aws-sdk-js/...`.
      headers: { ...signed.headers, 'user-agent': USER_AGENT },
      agent: secure ? agents.https : agents.http,
      // An idle limit, as the SDK's socketTimeout: a stalled read is cut, then retried there.
      timeout: idleTimeoutMs,
    });
    // Both failures below are transient to the retry helper, as the SDK's are.
    sent.on('timeout', () =>
      sent.destroy(
        Object.assign(new Error(`no byte for ${idleTimeoutMs} ms`), { name: 'TimeoutError' }),
      ),
    );
    sent.on('error', reject);
    sent.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      // Closed before its last byte: a connection dropped mid-answer (after 'end', a no-op).
      response.on('close', () => {
        if (!response.complete)
          reject(Object.assign(new Error('the answer was cut off'), { code: 'ECONNRESET' }));
      });
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: Buffer.concat(chunks),
        }),
      );
    });
    sent.end(body);
  });
}
