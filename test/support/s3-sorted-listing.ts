import {
  Agent,
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

import { listingXml } from './s3-listing-xml.js';
import { keyTurns, refusalOf, refuseWrite } from './s3-sorted-conditions.js';
import { type ProxiedRequest, SortedIndex } from './s3-sorted-index.js';

export type { ProxiedRequest };

const LIST_PARAMS = new Set([
  'list-type',
  'prefix',
  'delimiter',
  'max-keys',
  'start-after',
  'continuation-token',
  'encoding-type',
  'fetch-owner',
  'marker',
  'x-id',
]);

export interface SortedListingProxy {
  readonly endpoint: string;
  readonly port: number;
  /** The requests `bucket` received since the last call, and starts a new record. */
  takeRequests(bucket: string): ProxiedRequest[];
  /** Drops a bucket's index (its files were removed). */
  forget(bucket: string): void;
  stop(): Promise<void>;
}

/** Starts the proxy for the s3rver at `upstreamPort` that keeps its buckets in `directory`. */
export async function startSortedListingProxy(options: {
  readonly upstreamPort: number;
  readonly directory: string;
  readonly delayMs?: number;
  /** Answers requests to `/__bench/...` (the benchmark's counters) with this JSON. */
  readonly control?: (path: string, bucket: string) => unknown;
}): Promise<SortedListingProxy> {
  const index = new SortedIndex(options.directory);
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const writeTurn = keyTurns();
  const server = createServer((incoming, response) => {
    const url = new URL(incoming.url ?? '/', 'http://127.0.0.1');
    if (options.control && url.pathname.startsWith('/__bench/')) {
      const answer = options.control(url.pathname, url.searchParams.get('bucket') ?? '');
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(answer));
      return;
    }
    const started = Date.now();
    const what = classify(incoming, url);
    // The delay comes first, for every request: the client's round trip to S3.
    setTimeout(() => {
      if (what.operation === 'LIST') {
        const body = Buffer.from(
          listingXml(index.sorted(what.bucket), what.bucket, url.searchParams),
        );
        response.writeHead(200, {
          'content-type': 'application/xml',
          'content-length': body.length,
        });
        response.end(body);
        index.record(what.bucket, ['LIST', started, Date.now(), 200]);
        return;
      }
      const context = { index, agent, upstreamPort: options.upstreamPort, started };
      if (!what.writes) return void forward(incoming, response, what, context);
      // Writes to one key take turns: a conditional write sees the index after the one before it.
      writeTurn(`${what.bucket}/${what.key}`, async () => {
        const etag = index.etagOf(what.bucket, what.key);
        const refusal = refusalOf(what.operation, incoming.headers, etag);
        if (refusal === undefined) return forward(incoming, response, what, context);
        const status = await refuseWrite(incoming, response, what, refusal);
        index.record(what.bucket, [what.operation, started, Date.now(), status]);
      }).catch(() => response.destroy());
    }, options.delayMs ?? 0);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    takeRequests: (bucket) => index.takeLog(bucket),
    forget: (bucket) => index.forget(bucket),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
        agent.destroy();
      }),
  };
}

interface Target {
  readonly bucket: string;
  readonly key: string;
  operation: string;
  /** A write whose key is in the path. */
  readonly writes?: boolean;
}

/** Bucket, key and kind of request, from a path-style URL. */
function classify(incoming: IncomingMessage, url: URL): Target {
  const method = incoming.method ?? 'GET';
  const slash = url.pathname.indexOf('/', 1);
  const bucket = decodeURIComponent(
    slash < 0 ? url.pathname.slice(1) : url.pathname.slice(1, slash),
  );
  const key = slash < 0 ? '' : decodeURIComponent(url.pathname.slice(slash + 1));
  const query = url.searchParams;
  if (!key) {
    if (method === 'GET' && bucket && [...query.keys()].every((name) => LIST_PARAMS.has(name)))
      return { bucket, key, operation: 'LIST' };
    if (method === 'POST' && query.has('delete'))
      return { bucket, key, operation: 'DELETE_OBJECTS' };
    return { bucket, key, operation: `${method}_BUCKET` };
  }
  if (method === 'PUT' && query.has('partNumber')) return { bucket, key, operation: 'UPLOAD_PART' };
  if (method === 'POST' && query.has('uploads'))
    return { bucket, key, operation: 'CREATE_MULTIPART' };
  if (method === 'POST' && query.has('uploadId'))
    return { bucket, key, operation: 'COMPLETE_MULTIPART', writes: true };
  if (method === 'DELETE' && query.has('uploadId'))
    return { bucket, key, operation: 'ABORT_MULTIPART' };
  if (method === 'PUT' && incoming.headers['x-amz-copy-source'])
    return { bucket, key, operation: 'COPY', writes: true };
  return { bucket, key, operation: method, writes: method === 'PUT' || method === 'DELETE' };
}

/** Passes a request on to s3rver and its answer back; settles once the index holds its write. */
function forward(
  incoming: IncomingMessage,
  response: ServerResponse,
  what: Target,
  context: { index: SortedIndex; agent: Agent; upstreamPort: number; started: number },
): Promise<void> {
  const { index, started } = context;
  let done = () => {};
  const forwarded = new Promise<void>((resolve) => {
    done = resolve;
  });
  const body: Buffer[] | undefined = what.operation === 'DELETE_OBJECTS' ? [] : undefined;
  const upstream = httpRequest(
    {
      host: '127.0.0.1',
      port: context.upstreamPort,
      method: incoming.method,
      path: incoming.url,
      headers: incoming.headers,
      agent: context.agent,
    },
    (answer) => {
      answer.on('error', () => {
        response.destroy();
        done();
      });
      const status = answer.statusCode ?? 0;
      const touched =
        status >= 300
          ? []
          : what.writes
            ? [what.key]
            : body
              ? deletedKeys(Buffer.concat(body))
              : [];
      if (touched.length === 0) {
        response.writeHead(status, answer.headers);
        answer.pipe(response);
        answer.on('end', () => {
          index.record(what.bucket, [what.operation, started, Date.now(), status]);
          done();
        });
        return;
      }
      // A write: the index first, then the answer (a listing after it must see the write).
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', async () => {
        try {
          const sent = what.operation === 'PUT' ? sentSizeOf(incoming) : undefined;
          for (const key of touched)
            await index.refresh(what.bucket, key, what.writes === true, sent);
          response.writeHead(status, answer.headers);
          response.end(Buffer.concat(chunks));
          index.record(what.bucket, [what.operation, started, Date.now(), status]);
        } finally {
          done();
        }
      });
    },
  );
  upstream.on('error', (error) => {
    if (!response.headersSent) response.writeHead(502);
    response.end(`sorted-listing proxy: ${error.message}`);
    done();
  });
  if (body) incoming.on('data', (chunk: Buffer) => body.push(chunk));
  incoming.pipe(upstream);
  return forwarded;
}

/** The body size of a PUT, from its headers (the decoded size of an aws-chunked body). */
function sentSizeOf(incoming: IncomingMessage): number | undefined {
  const header =
    incoming.headers['x-amz-decoded-content-length'] ?? incoming.headers['content-length'];
  const size = Number(header);
  return typeof header === 'string' && Number.isInteger(size) ? size : undefined;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** The keys of a DeleteObjects request body. */
function deletedKeys(body: Buffer): string[] {
  return [...body.toString('utf8').matchAll(/<Key>([\s\S]*?)<\/Key>/g)].map((match) =>
    (match[1] ?? '').replace(
      /&(?:#x([0-9a-fA-F]+)|#([0-9]+)|(amp|lt|gt|quot|apos));/g,
      (_, hex?: string, decimal?: string, named?: string) =>
        hex
          ? String.fromCodePoint(Number.parseInt(hex, 16))
          : decimal
            ? String.fromCodePoint(Number(decimal))
            : (ENTITIES[named ?? ''] ?? ''),
    ),
  );
}
