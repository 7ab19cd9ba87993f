// One s3rver per tool, on loopback, and a view of its on-disk state that is the same for every tool.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const ROOT = join(import.meta.dirname, '..');
const SERVER_SCRIPT = join(ROOT, 'test', 'support', 's3rver-process.cjs');
const OBJECT = '._S3rver_object';
const SUFFIXES = [OBJECT, '._S3rver_object.md5', '._S3rver_metadata.json'];

/**
 * Starts s3rver (Node's own binary, --openssl-legacy-provider for paginated listings) on a
 * free 127.0.0.1 port with `bucket` created; `track` registers the child for cleanup.
 */
export async function startServer(directory, bucket, track) {
  const child = spawn(process.execPath, [SERVER_SCRIPT, directory, bucket], {
    env: { PATH: process.env.PATH, NODE_OPTIONS: '--openssl-legacy-provider' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  track(child);
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const address = await new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => resolve(JSON.parse(line)));
    child.once('exit', (code) => reject(new Error(`s3rver exited with ${code}: ${stderr}`)));
  });
  if (address.address !== '127.0.0.1') throw new Error(`s3rver is on ${address.address}`);
  return {
    child,
    port: address.port,
    endpoint: `http://127.0.0.1:${address.port}`,
    bucketDir: join(directory, bucket),
    stderr: () => stderr,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
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
