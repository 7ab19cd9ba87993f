import { randomBytes } from 'node:crypto';
import { jsonBytes } from '../base/json-pieces.js';

/**
 * One object per deploy that wrote, at the prefix beside the state and the lock. Its name starts
 * with ".s3-cf-sync" and has no "/", so it is one of the action's own objects: never synced,
 * deleted or counted as a site file, and its name comes with every listing for free.
 */
export const RECORD_NAME_PREFIX = '.s3-cf-sync.deploy.';
const RECORD_NAME_SUFFIX = '.json';
const ID_PATTERN = /^\d{8}-\d{6}-[0-9a-f]{4}$/;

/** What the listing showed before a deploy wrote a key: null when there was no object. */
export interface RecordedBefore {
  readonly etag: string;
  readonly size: number;
}

/** What S3 answered the action's own write. */
export interface RecordedAfter {
  /** Absent when the bucket keeps no versions. */
  readonly versionId?: string;
  readonly etag: string;
  /** The content's MD5: with SSE-KMS (and SSE-C, unmatched multipart) the ETag is not one. */
  readonly md5: string;
  readonly size: number;
  /** The ACL grants a header rewrite sent again (S3 never copies ACLs). */
  readonly grants?: Readonly<Record<string, string>>;
}

export interface RecordedChange {
  readonly key: string;
  readonly action: 'upload' | 'headers' | 'delete' | 'restore';
  readonly before: RecordedBefore | null;
  /** Missing until written: a deploy killed in between leaves the key as "may have changed". */
  readonly after?: RecordedAfter | null;
}

export interface DeployRecord {
  readonly version: 1;
  readonly id: string;
  readonly kind: 'deploy' | 'rollback';
  /** started: written before the first site write; complete or failed: after the last. */
  readonly status: 'started' | 'complete' | 'failed';
  readonly time: string;
  readonly finished?: string;
  readonly rollbackTo?: string;
  readonly commit?: string;
  readonly ref?: string;
  readonly runUrl?: string;
  readonly counts: {
    readonly uploaded: number;
    readonly updated: number;
    readonly deleted: number;
  };
  /** The canned ACL the deploy sent ('' for none). */
  readonly acl: string;
  /** The fingerprint of the header rules it applied (the state's), for a rollback's state. */
  readonly headerRules?: string;
  readonly changes: readonly RecordedChange[];
  /**
   * key -> [ETag, MD5] for every object under the prefix whose ETag is not its MD5 and that this
   * action wrote, as of this deploy's end: lets the next deploy skip unchanged SSE-KMS objects.
   */
  readonly etags: Readonly<Record<string, readonly [string, string]>>;
}

export function recordName(id: string): string {
  return `${RECORD_NAME_PREFIX}${id}${RECORD_NAME_SUFFIX}`;
}

/** The deploy ID in a record's object name; undefined for any other name. */
export function recordIdOf(name: string): string | undefined {
  if (!name.startsWith(RECORD_NAME_PREFIX) || !name.endsWith(RECORD_NAME_SUFFIX)) return undefined;
  const id = name.slice(RECORD_NAME_PREFIX.length, -RECORD_NAME_SUFFIX.length);
  return ID_PATTERN.test(id) ? id : undefined;
}

/** The recorded deploy IDs among the action's own object names, oldest first. */
export function recordIds(ownNames: Iterable<string>): string[] {
  const ids: string[] = [];
  for (const name of ownNames) {
    const id = recordIdOf(name);
    if (id !== undefined) ids.push(id);
  }
  return ids.sort();
}

export function isDeployId(text: string): boolean {
  return ID_PATTERN.test(text);
}

/**
 * `YYYYMMDD-HHMMSS-xxxx` (UTC): sorts as the deploys happened, reads as a time. Taken under the
 * lock, it is made later than the latest recorded one even when this machine's clock is behind.
 */
export function newDeployId(
  now: number,
  latest: string | undefined,
  random: string = randomBytes(2).toString('hex'),
): string {
  const stamp = (ms: number) =>
    new Date(ms)
      .toISOString()
      .replace(/\.\d+Z$/, '')
      .replace(/[-:]/g, '')
      .replace('T', '-');
  let time = Math.floor(now / 1000) * 1000;
  const latestTime = latest === undefined ? undefined : timeOfId(latest);
  if (latestTime !== undefined && time <= latestTime) time = latestTime + 1000;
  return `${stamp(time)}-${random}`;
}

function timeOfId(id: string): number | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})/.exec(id);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s] = match.map(Number) as number[];
  return Date.UTC(y ?? 0, (mo ?? 1) - 1, d, h, mi, s);
}

/**
 * The record as stored: the bytes of `JSON.stringify(record)` and a newline, one change at a time
 * (a record of 100,000 changes is about 18 MB).
 */
export function recordBytes(record: DeployRecord): Buffer {
  return jsonBytes(record, { space: 0, depth: 2 });
}

/** A record as stored; undefined when it is not one this version understands. */
export function parseRecord(text: string): DeployRecord | undefined {
  let parsed: Partial<DeployRecord>;
  try {
    parsed = JSON.parse(text) as Partial<DeployRecord>;
  } catch {
    return undefined;
  }
  if (parsed?.version !== 1 || typeof parsed.id !== 'string' || !Array.isArray(parsed.changes))
    return undefined;
  return {
    ...parsed,
    kind: parsed.kind === 'rollback' ? 'rollback' : 'deploy',
    status: parsed.status === 'complete' || parsed.status === 'failed' ? parsed.status : 'started',
    time: String(parsed.time ?? ''),
    counts: { uploaded: 0, updated: 0, deleted: 0, ...parsed.counts },
    acl: String(parsed.acl ?? ''),
    etags: parsed.etags ?? {},
  } as DeployRecord;
}

/** What S3 answered one of the action's writes (PutObject, CopyObject, CompleteMultipartUpload). */
export interface WrittenVersion {
  readonly etag: string;
  /** Undefined when the bucket keeps no versions (S3 answers none, or "null"). */
  readonly versionId: string | undefined;
}

export function writtenVersionOf(answer: {
  readonly ETag?: string | undefined;
  readonly VersionId?: string | undefined;
}): WrittenVersion {
  const versionId = answer.VersionId && answer.VersionId !== 'null' ? answer.VersionId : undefined;
  return { etag: answer.ETag?.replaceAll('"', '') ?? '', versionId };
}
