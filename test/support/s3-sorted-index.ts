// The sorted index behind test/support/s3-sorted-listing.ts: each bucket's keys as s3rver
// stores them (size, mtime, stored MD5, read from its files), kept in UTF-8 byte order.
import { type Dirent, readdirSync, readFileSync, statSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** One request as the proxy saw it: operation, start and end (ms since the epoch), status. */
export type ProxiedRequest = [operation: string, started: number, ended: number, status: number];

const OBJECT = '._S3rver_object';
export interface Entry {
  readonly key: string;
  /** The key's UTF-8 bytes as a Latin-1 string: JavaScript order on these is S3's order. */
  readonly sortKey: string;
  size: number;
  etag: string;
  modified: Date;
}

export interface BucketIndex {
  readonly entries: Map<string, Entry>;
  sorted: Entry[];
  dirty: boolean;
  log: ProxiedRequest[];
}

export const sortKeyOf = (key: string) => Buffer.from(key, 'utf8').toString('latin1');

export class SortedIndex {
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
   * the hashing Transform's 'finish', not the file's), and a new key's files may not even exist
   * yet: after a write (`wrote`), the read waits until they do and the file has the size the PUT
   * sent. (Taking a missing file as "gone" dropped one new key of 100,000 from the index.)
   */
  async refresh(name: string, key: string, wrote: boolean, sentSize?: number): Promise<void> {
    const base = join(this.directory, name, key);
    for (let waited = 0; ; waited += 2) {
      try {
        const md5 = await readFile(`${base}${OBJECT}.md5`, 'utf8');
        const stats = await stat(`${base}${OBJECT}`);
        if (sentSize === undefined || stats.size >= sentSize || waited >= 2000) {
          this.set(name, key, { size: stats.size, etag: md5.trim(), modified: stats.mtime });
          return;
        }
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        if (!wrote || waited >= 2000) {
          const bucket = this.bucket(name);
          if (bucket.entries.delete(key)) bucket.dirty = true;
          return;
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  }

  /** A key's ETag as the index holds it (bare), undefined when the bucket has no such key. */
  etagOf(name: string, key: string): string | undefined {
    return this.bucket(name).entries.get(key)?.etag;
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
