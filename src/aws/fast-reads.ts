import { existsSync } from 'node:fs';
import {
  type Agent as HttpAgent,
  request as httpRequest,
  type IncomingHttpHeaders,
} from 'node:http';
import { type Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Logger } from '../base/logger.js';
import type { Settings } from '../inputs/settings.js';
import { type FastS3Target, fastS3Target, targetRequest } from './s3-get-target.js';
import { pathAndQuery, signS3Get } from './sigv4.js';

/** What the server answered to one of our own GETs. */
export interface RawAnswer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/**
 * The survey's reads (listing pages, the state) without the SDK, which is most of the bundle to
 * load: a deploy that changes nothing never loads it. Only where the target is certain to be the
 * SDK's own (s3-get-target.ts: credentials from the environment, a known endpoint). After any
 * answer but a 2xx or a 404, every read goes through the SDK:
 * - a transient failure (5xx, 429, a dropped connection) is thrown, to be retried as any call's
 *   (src/aws/retry.ts), by the SDK;
 * - any other (a refusal, a redirect) is undefined: the caller sends the request again through
 *   the SDK at once, whose error is explained as for every other call.
 */
export interface FastReads {
  /**
   * GET `key` (prefix included; '' for the bucket itself) with `query`: a 2xx or 404 answer;
   * undefined when the SDK is to read it.
   */
  get(key: string, query: Readonly<Record<string, string>>): Promise<RawAnswer | undefined>;
  /** After an answer the caller cannot use: the SDK reads from now on. */
  stop(why: string): void;
}

/** Our reads, as the server's logs name them. */
export const USER_AGENT = 's3-cf-sync';

interface Agents {
  readonly http: HttpAgent;
  readonly https: HttpsAgent;
}

export function createFastReads(
  settings: Pick<Settings, 'bucket' | 'region' | 'endpoint'>,
  agents: Agents,
  idleTimeoutMs: number,
  log?: Pick<Logger, 'debug'>,
  env: NodeJS.ProcessEnv = process.env,
): FastReads | undefined {
  const target = fastS3Target(settings, env, existsSync);
  if (target === undefined) {
    log?.debug(
      'The bucket is read through the SDK: its credentials or endpoint are not from the environment alone.',
    );
    return undefined;
  }
  let stopped = false;
  const reads: FastReads = {
    async get(key, query) {
      if (stopped) return undefined;
      const signed = signedGet(target, settings.region, key, query, new Date());
      let answer: RawAnswer;
      try {
        answer = await send(signed, agents, idleTimeoutMs);
      } catch (error) {
        reads.stop(error instanceof Error ? error.message : String(error));
        throw error;
      }
      const { status } = answer;
      if ((status >= 200 && status < 300) || status === 404) return answer;
      reads.stop(`GET ${signed.path} was answered ${status}.`);
      if ((status >= 500 && status !== 501) || status === 429) throw transientError(answer);
      return undefined;
    },
    stop(why) {
      if (stopped) return;
      stopped = true;
      log?.debug(`Reading the bucket through the SDK from now on: ${why}`);
    },
  };
  return reads;
}

/** A 5xx or 429 as the retry helper and the log name it: the answer's <Code>, and its status. */
function transientError({ status, body }: RawAnswer): Error {
  const code = /<Code>([^<]*)<\/Code>/.exec(body.toString('utf8'))?.[1] || `HTTP ${status}`;
  return Object.assign(new Error(code), { name: code, $metadata: { httpStatusCode: status } });
}

interface SignedGet {
  readonly protocol: 'http:' | 'https:';
  readonly hostname: string;
  readonly port: string;
  /** Encoded exactly as signed. */
  readonly path: string;
  readonly headers: Record<string, string>;
}

function signedGet(
  target: FastS3Target,
  region: string,
  key: string,
  query: Readonly<Record<string, string>>,
  now: Date,
): SignedGet {
  const request = targetRequest(target, key, query);
  const { hostname, port } = new URL(target.origin);
  return {
    protocol: request.protocol,
    // An IPv6 address without its brackets, as http.request wants it.
    hostname: hostname.replace(/^\[(.*)\]$/, '$1'),
    port,
    path: pathAndQuery(request),
    headers: signS3Get(request, target.credentials, region, now),
  };
}

function send(signed: SignedGet, agents: Agents, idleTimeoutMs: number): Promise<RawAnswer> {
  const secure = signed.protocol === 'https:';
  const request = secure ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    // The path as signed, sent as it is: a URL object would resolve `..` segments of a key.
    const sent = request({
      method: 'GET',
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
    sent.end();
  });
}
