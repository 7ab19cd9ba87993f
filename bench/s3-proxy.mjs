#!/usr/bin/env node
// node bench/s3-proxy.mjs UPSTREAM_PORT S3RVER_DIR DELAY_MS
// The S3 endpoint every tool of a bench run talks to, in front of one s3rver on 127.0.0.1:
// - every request waits DELAY_MS before it is forwarded (a runner's round trip to S3);
// - ListObjects (V1 and V2) is answered from a sorted index of each bucket, as S3 answers it:
//   s3rver walks its folders and re-reads every object's metadata file for every page (about
//   100 ms of CPU per 1,000 keys, pages one at a time), which would hide any listing strategy;
// - the index is kept current on writes: after s3rver has answered a write (PUT, copy, multipart
//   completion, DELETE, DeleteObjects), each key it touched is read back from s3rver's files
//   (size, mtime, stored MD5: what s3rver's own listing would show), before the client sees
//   the answer, so a listing after a write sees it;
// - GET /__bench/stats?bucket=B answers the requests B received since the last call (by
//   operation, with start and end times) and starts a new count; /__bench/forget?bucket=B
//   drops B's index (its files were removed).
// Prints {"port": N} on its first line.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { Agent, createServer, request as httpRequest } from 'node:http';
import { join } from 'node:path';

const [upstreamPort, s3Dir, delayText] = process.argv.slice(2);
const delayMs = Number(delayText ?? 0);
const OBJECT = '._S3rver_object';
const agent = new Agent({ keepAlive: true, maxSockets: 256 });
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

// ---- the index: bucket -> { entries: Map<key, {sortKey, size, etag, modified}>, sorted } ----
const buckets = new Map();

/** UTF-8 bytes as a latin1 string: JS string order on these is S3's byte order of the keys. */
function sortKeyOf(key) {
  return Buffer.from(key, 'utf8').toString('latin1');
}

function bucketIndex(bucket) {
  let index = buckets.get(bucket);
  if (!index) {
    index = { entries: new Map(), sorted: [], dirty: false, log: [] };
    buckets.set(bucket, index);
    loadFromDisk(bucket, index);
  }
  return index;
}

/** What is already on disk (a kept or reused server directory). */
function loadFromDisk(bucket, index) {
  const walk = (dir, prefix) => {
    let names;
    try {
      names = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of names) {
      if (entry.isDirectory()) walk(join(dir, entry.name), `${prefix}${entry.name}/`);
      else if (entry.name.endsWith(OBJECT)) {
        const path = join(dir, entry.name);
        const stats = statSync(path);
        let md5 = '';
        try {
          md5 = readFileSync(`${path}.md5`, 'utf8').trim();
        } catch {}
        const key = `${prefix}${entry.name.slice(0, -OBJECT.length)}`;
        setEntry(index, key, { size: stats.size, etag: md5, modified: stats.mtime });
      }
    }
  };
  walk(join(s3Dir, bucket), '');
}

function setEntry(index, key, fields) {
  const old = index.entries.get(key);
  // In place: the sorted array holds the same objects, and an overwrite keeps the order.
  if (old) Object.assign(old, fields);
  else {
    index.entries.set(key, { key, sortKey: sortKeyOf(key), ...fields });
    index.dirty = true;
  }
}

function deleteEntry(index, key) {
  if (index.entries.delete(key)) index.dirty = true;
}

function sortedEntries(index) {
  if (index.dirty) {
    index.sorted = [...index.entries.values()].sort((a, b) =>
      a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0,
    );
    index.dirty = false;
  }
  return index.sorted;
}

/** First position whose sort key is > `after` (or >= when `inclusive`). */
function lowerBound(sorted, sortKey, inclusive) {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const here = sorted[middle].sortKey;
    if (here < sortKey || (!inclusive && here === sortKey)) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Reads a key back from s3rver's files: present (size, mtime, MD5) or gone. */
async function refreshKey(bucket, key) {
  const index = bucketIndex(bucket);
  const base = join(s3Dir, bucket, key);
  try {
    const [stats, md5] = await Promise.all([
      stat(`${base}${OBJECT}`),
      readFile(`${base}${OBJECT}.md5`, 'utf8'),
    ]);
    setEntry(index, key, { size: stats.size, etag: md5.trim(), modified: stats.mtime });
  } catch (error) {
    if (error.code !== 'ENOENT') throw error;
    deleteEntry(index, key);
  }
}

// ---- listing ----
const escapeXml = (text) =>
  text.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[ch],
  );
// S3 encodes keys in listings with encoding-type=url the way a form does; `/` stays.
const encodeKey = (key) => encodeURIComponent(key).replaceAll('%2F', '/');

function listing(bucket, query) {
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
  const sorted = sortedEntries(bucketIndex(bucket));
  const prefixSort = sortKeyOf(prefix);
  const afterSort = sortKeyOf(after);
  let at =
    afterSort >= prefixSort
      ? lowerBound(sorted, afterSort, false)
      : lowerBound(sorted, prefixSort, true);
  const contents = [];
  const prefixes = [];
  let last;
  let truncated = false;
  while (at < sorted.length) {
    const entry = sorted[at];
    if (!entry.sortKey.startsWith(prefixSort)) break;
    if (contents.length + prefixes.length >= maxKeys) {
      truncated = true;
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
  if (maxKeys === 0) truncated = false;
  const name = (text) => escapeXml(encode ? encodeKey(text) : text);
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
const OWNER = '<Owner><ID>123456789000</ID><DisplayName>S3rver</DisplayName></Owner>';

// ---- requests ----
/** bucket, key and what kind of request, from a path-style URL. */
function classify(method, url) {
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
  return { bucket, key, operation: method, writes: method === 'PUT' || method === 'DELETE' };
}

function record(bucket, operation, started, status) {
  if (!bucket) return;
  bucketIndex(bucket).log.push([operation, started, Date.now(), status]);
}

function stats(url, response) {
  const bucket = url.searchParams.get('bucket') ?? '';
  const index = bucketIndex(bucket);
  const log = index.log;
  index.log = [];
  const counts = {};
  for (const [operation] of log) counts[operation] = (counts[operation] ?? 0) + 1;
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ counts, requests: log }));
}

const server = createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  if (url.pathname === '/__bench/stats') return stats(url, response);
  if (url.pathname === '/__bench/forget') {
    buckets.delete(url.searchParams.get('bucket') ?? '');
    return response.end('{}');
  }
  const started = Date.now();
  const what = classify(request.method ?? 'GET', url);
  if (what.operation === 'PUT' && request.headers['x-amz-copy-source']) what.operation = 'COPY';
  // The delay comes first, for every request: the client's round trip to S3.
  setTimeout(() => {
    if (what.operation === 'LIST') {
      const body = Buffer.from(listing(what.bucket, url.searchParams));
      response.writeHead(200, { 'content-type': 'application/xml', 'content-length': body.length });
      response.end(body);
      record(what.bucket, 'LIST', started, 200);
      return;
    }
    forward(request, response, what, started);
  }, delayMs);
});

function forward(request, response, what, started) {
  const bodyChunks = what.operation === 'DELETE_OBJECTS' ? [] : undefined;
  const upstream = httpRequest(
    {
      host: '127.0.0.1',
      port: Number(upstreamPort),
      method: request.method,
      path: request.url,
      headers: request.headers,
      agent,
    },
    (answer) => {
      const status = answer.statusCode ?? 0;
      const touched =
        status < 300 && what.writes
          ? [what.key]
          : status < 300 && bodyChunks
            ? deletedKeys(Buffer.concat(bodyChunks))
            : [];
      if (touched.length === 0) {
        response.writeHead(status, answer.headers);
        answer.pipe(response);
        answer.on('end', () => record(what.bucket, what.operation, started, status));
        return;
      }
      // A write: the index first, then the answer (a listing after it must see the write).
      const chunks = [];
      answer.on('data', (chunk) => chunks.push(chunk));
      answer.on('end', async () => {
        try {
          for (const key of touched) await refreshKey(what.bucket, key);
        } catch (error) {
          console.error(`s3-proxy: index update of ${what.bucket}: ${error.message}`);
        }
        response.writeHead(status, answer.headers);
        response.end(Buffer.concat(chunks));
        record(what.bucket, what.operation, started, status);
      });
    },
  );
  upstream.on('error', (error) => {
    if (!response.headersSent) response.writeHead(502);
    response.end(`s3-proxy: ${error.message}`);
  });
  if (bodyChunks) request.on('data', (chunk) => bodyChunks.push(chunk));
  request.pipe(upstream);
}

/** The keys of a DeleteObjects request body. */
function deletedKeys(body) {
  const keys = [];
  for (const match of body.toString('utf8').matchAll(/<Key>([\s\S]*?)<\/Key>/g)) {
    keys.push(
      match[1].replace(
        /&(?:#x([0-9a-fA-F]+)|#([0-9]+)|(amp|lt|gt|quot|apos));/g,
        (_, hex, dec, named) =>
          hex
            ? String.fromCodePoint(Number.parseInt(hex, 16))
            : dec
              ? String.fromCodePoint(Number(dec))
              : { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[named],
      ),
    );
  }
  return keys;
}

server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
});
