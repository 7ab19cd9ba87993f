// The fault proxy's side towards s3rver: forwarding a request as signed, at a chosen pace, and a
// client of the proxy's own to read what is stored.
import { Agent, type IncomingMessage, request } from 'node:http';
import { pipeline, Transform } from 'node:stream';
import { S3Client } from '@aws-sdk/client-s3';
import type { S3Exchange } from './s3-exchange.js';

export interface UpstreamCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export interface ForwardOptions {
  /** The request body to send instead of the one streamed from the client. */
  readonly body?: Buffer | undefined;
  /** Request bodies are streamed at this rate; undefined: as fast as they come. */
  readonly bytesPerSecond: number | undefined;
  /** Another path than the request's (a kept version's bytes, see s3-versioning.ts). */
  readonly path?: string | undefined;
}

export class Upstream {
  private readonly target: URL;
  private readonly agent = new Agent({ keepAlive: true });
  private reader: S3Client | undefined;

  constructor(
    private readonly endpoint: string,
    private readonly credentials: UpstreamCredentials,
  ) {
    this.target = new URL(endpoint);
  }

  /** A client for the proxy's own reads and writes upstream, made on first use. */
  client(): S3Client {
    this.reader ??= new S3Client({
      endpoint: this.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: this.credentials,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    return this.reader;
  }

  /** Sends the request upstream and hands the answer to `respond`; any failure drops the client. */
  forward(
    { req, res, record, forwardHeaders }: S3Exchange,
    options: ForwardOptions,
    respond: (response: IncomingMessage) => Promise<void>,
  ): void {
    const upstreamRequest = request({
      host: this.target.hostname,
      port: this.target.port,
      method: record.method,
      path: options.path ?? record.url,
      headers: forwardHeaders, // Host included, unchanged: it is part of the SigV4 signature
      agent: this.agent,
    });
    upstreamRequest.on('error', () => res.destroy());
    upstreamRequest.on('response', (response) => {
      respond(response).catch(() => res.destroy());
    });
    if (options.body !== undefined) upstreamRequest.end(options.body);
    else if (options.bytesPerSecond === undefined) pipeline(req, upstreamRequest, () => {});
    else pipeline(req, throttled(options.bytesPerSecond), upstreamRequest, () => {});
  }

  destroy(): void {
    this.agent.destroy();
    this.reader?.destroy();
  }
}

/** Passes bytes on at `rate` per second, pushing back on the sender like a slow link. */
function throttled(rate: number): Transform {
  return new Transform({
    highWaterMark: 16 * 1024,
    transform(chunk: Buffer, _encoding, done) {
      setTimeout(() => done(null, chunk), (chunk.length / rate) * 1000);
    },
  });
}
