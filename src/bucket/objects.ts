import type { ObjectHeaders, StoredHeaders } from '../inputs/object-headers.js';
import type { HashedFile } from '../local/hashing.js';

// The objects the bucket stage reads and writes, as plain data: what the listing finds, and what
// the plan (plan/plan.ts) asks transfer.ts to write. No I/O here, so the pure plan can use them.

/** An object the listing found under the prefix. */
export interface RemoteObject {
  /** Key relative to the prefix. */
  readonly key: string;
  readonly size: number;
  /** ETag without quotes. */
  readonly etag: string;
}

/** A file to write, as the plan decided it (plan/plan.ts). */
export interface Upload {
  readonly file: HashedFile;
  readonly reason: 'new' | 'changed';
  readonly headers: ObjectHeaders;
}

export interface HeaderUpdate {
  readonly file: HashedFile;
  readonly etag: string;
  readonly headers: ObjectHeaders;
  /** What differs, e.g. ['Cache-Control'] or ['ACL']. */
  readonly differences: readonly string[];
  /** What HeadObject said in planning: the rewrite keeps all of it but what the rules set. */
  readonly stored?: StoredHeaders;
}
