// One s3rver for every tool, behind the bench's S3 proxy, on loopback, and a view of its on-disk state that is the same for every tool.
import {
  constants,
  copyFileSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { get } from 'node:http';
import { dirname, join } from 'node:path';
import { startListening } from './processes.mjs';

const ROOT = join(import.meta.dirname, '..');
const SERVER_SCRIPT = join(ROOT, 'test', 'support', 's3rver-process.cjs');
const PROXY_SCRIPT = join(import.meta.dirname, 's3-proxy.mjs');
const CLOUDFRONT_SCRIPT = join(import.meta.dirname, 'cloudfront-process.mjs');
const OBJECT = '._S3rver_object';
const SUFFIXES = [OBJECT, '._S3rver_object.md5', '._S3rver_metadata.json'];

/**
 * The servers of one bench run, all on 127.0.0.1: one s3rver (Node's own binary,
 * --openssl-legacy-provider for its continuation tokens) holding every bucket, the S3 proxy in
 * front of it that every tool talks to (the delay, listings from a sorted index: see
 * s3-proxy.mjs), and the loopback CloudFront endpoint with one distribution per bucket behind
 * the same delay. `distributions` maps bucket -> distribution ID.
 */
export async function startServers({ directory, buckets, delayMs, distributions }) {
  const s3 = await startListening(process.execPath, [SERVER_SCRIPT, directory, buckets.join(',')], {
    PATH: process.env.PATH,
    NODE_OPTIONS: '--openssl-legacy-provider',
  });
  if (s3.address !== '127.0.0.1') throw new Error(`s3rver is on ${s3.address}`);
  const proxy = await startListening(
    process.execPath,
    [PROXY_SCRIPT, String(s3.port), directory, String(delayMs)],
    { PATH: process.env.PATH },
  );
  const pairs = [...distributions].map(([bucket, id]) => `${id}=${bucket}`).join(',');
  const cloudfront = await startListening(
    process.execPath,
    [CLOUDFRONT_SCRIPT, String(delayMs), pairs],
    { PATH: process.env.PATH },
  );
  const endpoint = `http://127.0.0.1:${proxy.port}`;
  // Plain http.get on a fresh connection, with a deadline: a control call must never hang a run.
  const control = (what, bucket) =>
    new Promise((resolve, reject) => {
      const url = `${endpoint}/__bench/${what}?bucket=${encodeURIComponent(bucket)}`;
      const request = get(url, { agent: false, timeout: 30_000 }, (answer) => {
        const chunks = [];
        answer.on('data', (chunk) => chunks.push(chunk));
        answer.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
        answer.on('error', reject);
      });
      request.on('timeout', () => request.destroy(new Error(`${url}: no answer in 30 s`)));
      request.on('error', reject);
    });
  return {
    s3,
    proxy,
    cloudfront,
    endpoint,
    port: proxy.port,
    cloudfrontEndpoint: `http://127.0.0.1:${cloudfront.port}`,
    bucketDir: (bucket) => join(directory, bucket),
    /** The requests `bucket` received since the last call: { counts, requests }. */
    requests: (bucket) => control('stats', bucket),
    forget: (bucket) => control('forget', bucket),
  };
}

/**
 * The bucket as s3rver keeps it on disk: key -> { version, md5, size }, where version is
 * the newest mtime (ns) of the object's three files. Any PUT, CopyObject or metadata rewrite
 * changes it, whichever tool sent it; reading never does.
 */
export function snapshot(bucketDir) {
  const objects = new Map();
  const walk = (dir, prefix) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      if (error.code === 'ENOENT') return;
      throw error;
    }
    for (const entry of entries) {
      if (entry.isDirectory()) {
        walk(join(dir, entry.name), `${prefix}${entry.name}/`);
        continue;
      }
      if (!entry.name.endsWith(OBJECT)) continue;
      const name = entry.name.slice(0, -OBJECT.length);
      const base = join(dir, name);
      let version = 0n;
      let size = 0;
      for (const suffix of SUFFIXES) {
        try {
          const stat = statSync(base + suffix, { bigint: true });
          if (stat.mtimeNs > version) version = stat.mtimeNs;
          if (suffix === OBJECT) size = Number(stat.size);
        } catch (error) {
          if (error.code !== 'ENOENT') throw error;
        }
      }
      objects.set(`${prefix}${name}`, { version, size, base });
    }
  };
  walk(bucketDir, '');
  return objects;
}

/** What changed between two snapshots. */
export function diffSnapshots(before, after) {
  const written = [];
  const deleted = [];
  for (const [key, object] of after) {
    const old = before.get(key);
    if (!old || old.version !== object.version) written.push(key);
  }
  for (const key of before.keys()) if (!after.has(key)) deleted.push(key);
  return { written: written.sort(), deleted: deleted.sort() };
}

/**
 * Puts the objects `keys` of one bucket folder into another, as s3rver keeps them: the bytes and
 * the stored MD5 (the ETag) copied, the metadata cut to its Content-Type, the one header every
 * tool sets (any other is the source tool's own choice). Only `keys`: nothing else of the
 * source's comes along. The proxy must then forget the bucket (its index is read from disk).
 */
export function copyObjects(fromDir, toDir, keys) {
  const made = new Set();
  for (const key of keys) {
    const from = join(fromDir, key);
    const to = join(toDir, key);
    if (!made.has(dirname(to))) {
      mkdirSync(dirname(to), { recursive: true });
      made.add(dirname(to));
    }
    copyFileSync(`${from}${OBJECT}`, `${to}${OBJECT}`, constants.COPYFILE_FICLONE);
    copyFileSync(`${from}${OBJECT}.md5`, `${to}${OBJECT}.md5`);
    const metadata = JSON.parse(readFileSync(`${from}._S3rver_metadata.json`, 'utf8'));
    const kept = metadata['content-type'] ? { 'content-type': metadata['content-type'] } : {};
    writeFileSync(`${to}._S3rver_metadata.json`, JSON.stringify(kept, null, 2));
  }
}

export function storedMd5(object) {
  return readFileSync(`${object.base}._S3rver_object.md5`, 'utf8').trim();
}

export function storedMetadata(object) {
  try {
    return JSON.parse(readFileSync(`${object.base}._S3rver_metadata.json`, 'utf8'));
  } catch {
    return {};
  }
}
