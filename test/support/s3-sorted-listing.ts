// An S3 endpoint in front of s3rver whose listings are S3's: ListObjects (V1 and V2) answered
// from a sorted index of each bucket, in UTF-8 byte order, kept current on writes. s3rver lists
// in the order of its folder walk, which is not S3's (`a/` vs `a-b`, characters above U+FFFF),
// drops keys when it pages such names, and re-reads every object's metadata file for every page.
// Every other request goes to s3rver unchanged, after an optional delay (a client's round trip).
// After s3rver has answered a write (PUT, copy, multipart completion, DELETE, DeleteObjects),
// each key it touched is read back from s3rver's files (size, mtime, stored MD5: what s3rver
// itself would list) before the client sees the answer, so a listing after a write sees it.
import { type Dirent, readdirSync, readFileSync, statSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import {
  Agent,
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

const OBJECT = '._S3rver_object';
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
const OWNER = '<Owner><ID>123456789000</ID><DisplayName>S3rver</DisplayName></Owner>';

/** One request as the proxy saw it: operation, start and end (ms since the epoch), status. */
export type ProxiedRequest = [operation: string, started: number, ended: number, status: number];

export interface SortedListingProxy {
  readonly endpoint: string;
  readonly port: number;
  /** The requests `bucket` received since the last call, and starts a new record. */
  takeRequests(bucket: string): ProxiedRequest[];
  /** Drops a bucket's index (its files were removed). */
  forget(bucket: string): void;
  stop(): Promise<void>;
}

interface Entry {
  readonly key: string;
  /** The key's UTF-8 bytes as a Latin-1 string: JavaScript order on these is S3's order. */
  readonly sortKey: string;
  size: number;
  etag: string;
  modified: Date;
}

interface BucketIndex {
  readonly entries: Map<string, Entry>;
  sorted: Entry[];
  dirty: boolean;
  log: ProxiedRequest[];
}

const sortKeyOf = (key: string) => Buffer.from(key, 'utf8').toString('latin1');

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
      forward(incoming, response, what, {
        index,
        agent,
        upstreamPort: options.upstreamPort,
        started,
      });
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

class SortedIndex {
  private readonly buckets = new Map<string, BucketIndex>();

  constructor(private readonly directory: string) {}

  bucket(name: string): BucketIndex {
    let bucket = this.buckets.get(name);
    if (!bucket) {
      bucket = { entries: new Map(), sorted: [], dirty: false, log: [] };
      this.buckets.set(name, bucket);
      this.load(name);
    }
    return bucket;
  }

  sorted(name: string): Entry[] {
    const bucket = this.bucket(name);
    if (bucket.dirty) {
      bucket.sorted = [...bucket.entries.values()].sort((a, b) =>
        a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0,
      );
      bucket.dirty = false;
    }
    return bucket.sorted;
  }

  /**
   * Reads a key back from s3rver's files: present (size, mtime, MD5) or gone. s3rver answers a
   * PUT when it has hashed the body, before its file stream has written all of it (it waits for
   * the hashing Transform's 'finish', not the file's): with the size the PUT sent, the read
   * waits until the file has it.
   */
  async refresh(name: string, key: string, sentSize?: number): Promise<void> {
    const base = join(this.directory, name, key);
    try {
      const md5 = await readFile(`${base}${OBJECT}.md5`, 'utf8');
      let stats = await stat(`${base}${OBJECT}`);
      for (let waited = 0; sentSize !== undefined && stats.size < sentSize && waited < 2000; ) {
        await new Promise((resolve) => setTimeout(resolve, 2));
        waited += 2;
        stats = await stat(`${base}${OBJECT}`);
      }
      this.set(name, key, { size: stats.size, etag: md5.trim(), modified: stats.mtime });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      const bucket = this.bucket(name);
      if (bucket.entries.delete(key)) bucket.dirty = true;
    }
  }

  record(name: string, request: ProxiedRequest): void {
    if (name) this.bucket(name).log.push(request);
  }

  takeLog(name: string): ProxiedRequest[] {
    const bucket = this.bucket(name);
    const log = bucket.log;
    bucket.log = [];
    return log;
  }

  forget(name: string): void {
    this.buckets.delete(name);
  }

  private set(name: string, key: string, fields: Pick<Entry, 'size' | 'etag' | 'modified'>) {
    const bucket = this.bucket(name);
    const old = bucket.entries.get(key);
    // In place: the sorted array holds the same objects, and an overwrite keeps the order.
    if (old) Object.assign(old, fields);
    else {
      bucket.entries.set(key, { key, sortKey: sortKeyOf(key), ...fields });
      bucket.dirty = true;
    }
  }

  /** What is already on disk (a server directory used before). */
  private load(name: string): void {
    const walk = (dir: string, prefix: string) => {
      let names: Dirent[] = [];
      try {
        names = readdirSync(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const entry of names) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path, `${prefix}${entry.name}/`);
        else if (entry.name.endsWith(OBJECT)) {
          let etag = '';
          try {
            etag = readFileSync(`${path}.md5`, 'utf8').trim();
          } catch {}
          const { size, mtime } = statSync(path);
          this.set(name, `${prefix}${entry.name.slice(0, -OBJECT.length)}`, {
            size,
            etag,
            modified: mtime,
          });
        }
      }
    };
    walk(join(this.directory, name), '');
  }
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

function forward(
  incoming: IncomingMessage,
  response: ServerResponse,
  what: Target,
  context: { index: SortedIndex; agent: Agent; upstreamPort: number; started: number },
): void {
  const { index, started } = context;
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
        answer.on('end', () =>
          index.record(what.bucket, [what.operation, started, Date.now(), status]),
        );
        return;
      }
      // A write: the index first, then the answer (a listing after it must see the write).
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', async () => {
        const sent = what.operation === 'PUT' ? sentSizeOf(incoming) : undefined;
        for (const key of touched) await index.refresh(what.bucket, key, sent);
        response.writeHead(status, answer.headers);
        response.end(Buffer.concat(chunks));
        index.record(what.bucket, [what.operation, started, Date.now(), status]);
      });
    },
  );
  upstream.on('error', (error) => {
    if (!response.headersSent) response.writeHead(502);
    response.end(`sorted-listing proxy: ${error.message}`);
  });
  if (body) incoming.on('data', (chunk: Buffer) => body.push(chunk));
  incoming.pipe(upstream);
}

/** The body size of a PUT, from its headers (the decoded size of an aws-chunked body). */
function sentSizeOf(incoming: IncomingMessage): number | undefined {
  const header =
    incoming.headers['x-amz-decoded-content-length'] ?? incoming.headers['content-length'];
  const size = Number(header);
  return typeof header === 'string' && Number.isInteger(size) ? size : undefined;
}

const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};
const escapeXml = (text: string) => text.replace(/[&<>"']/g, (ch) => XML_ESCAPES[ch] ?? ch);
// S3 encodes keys in listings with encoding-type=url as a form does; `/` stays.
const encodeKey = (key: string) => encodeURIComponent(key).replaceAll('%2F', '/');

/** First position whose sort key is after `sortKey` (or not before it, when `inclusive`). */
function lowerBound(sorted: readonly Entry[], sortKey: string, inclusive: boolean): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const here = (sorted[middle] as Entry).sortKey;
    if (here < sortKey || (!inclusive && here === sortKey)) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** One ListObjects (V1) or ListObjectsV2 page, as S3 answers it. */
export function listingXml(
  sorted: readonly Entry[],
  bucket: string,
  query: URLSearchParams,
): string {
  const v2 = query.get('list-type') === '2';
  const prefix = query.get('prefix') ?? '';
  const delimiter = query.get('delimiter') ?? '';
  const encode = query.get('encoding-type') === 'url';
  const requested = query.has('max-keys') ? Number(query.get('max-keys')) : 1000;
  const maxKeys = Math.max(0, Math.min(1000, Number.isFinite(requested) ? requested : 1000));
  const token = query.get('continuation-token');
  const after = v2
    ? token
      ? Buffer.from(token, 'base64url').toString('utf8')
      : (query.get('start-after') ?? '')
    : (query.get('marker') ?? '');
  const prefixSort = sortKeyOf(prefix);
  const afterSort = sortKeyOf(after);
  let at =
    afterSort >= prefixSort
      ? lowerBound(sorted, afterSort, false)
      : lowerBound(sorted, prefixSort, true);
  const contents: Entry[] = [];
  const prefixes: string[] = [];
  let last = '';
  let truncated = false;
  while (at < sorted.length) {
    const entry = sorted[at] as Entry;
    if (!entry.sortKey.startsWith(prefixSort)) break;
    if (contents.length + prefixes.length >= maxKeys) {
      truncated = maxKeys > 0;
      break;
    }
    const cut = delimiter ? entry.key.indexOf(delimiter, prefix.length) : -1;
    if (cut >= 0) {
      const common = entry.key.slice(0, cut + delimiter.length);
      prefixes.push(common);
      last = common;
      // Past every key under this common prefix: no UTF-8 byte is 0xff.
      at = lowerBound(sorted, `${sortKeyOf(common)}\xff`, true);
      continue;
    }
    contents.push(entry);
    last = entry.key;
    at++;
  }
  const name = (text: string) => escapeXml(encode ? encodeKey(text) : text);
  const parts = [
    '<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">',
    `<Name>${escapeXml(bucket)}</Name><Prefix>${name(prefix)}</Prefix>`,
  ];
  if (v2) {
    if (token) parts.push(`<ContinuationToken>${escapeXml(token)}</ContinuationToken>`);
    else if (query.has('start-after')) parts.push(`<StartAfter>${name(after)}</StartAfter>`);
    parts.push(`<KeyCount>${contents.length + prefixes.length}</KeyCount>`);
    if (truncated) {
      const next = Buffer.from(last, 'utf8').toString('base64url');
      parts.push(`<NextContinuationToken>${next}</NextContinuationToken>`);
    }
  } else {
    parts.push(`<Marker>${name(after)}</Marker>`);
    if (truncated && delimiter) parts.push(`<NextMarker>${name(last)}</NextMarker>`);
  }
  parts.push(`<MaxKeys>${maxKeys}</MaxKeys>`);
  if (delimiter) parts.push(`<Delimiter>${name(delimiter)}</Delimiter>`);
  if (encode) parts.push('<EncodingType>url</EncodingType>');
  parts.push(`<IsTruncated>${truncated}</IsTruncated>`);
  const owner = v2 && query.get('fetch-owner') !== 'true' ? '' : OWNER;
  for (const entry of contents) {
    parts.push(
      `<Contents><Key>${name(entry.key)}</Key><LastModified>${entry.modified.toISOString()}</LastModified><ETag>&quot;${entry.etag}&quot;</ETag><Size>${entry.size}</Size>${owner}<StorageClass>STANDARD</StorageClass></Contents>`,
    );
  }
  for (const common of prefixes)
    parts.push(`<CommonPrefixes><Prefix>${name(common)}</Prefix></CommonPrefixes>`);
  parts.push('</ListBucketResult>');
  return parts.join('');
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
