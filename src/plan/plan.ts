import { DeployError } from '../base/errors.js';
import type { HeaderUpdate, RemoteObject, Upload } from '../bucket/objects.js';
import {
  desiredHeaders,
  type HeaderSettings,
  headerDifferences,
  type StoredHeaders,
} from '../inputs/object-headers.js';
import type { HashedFile } from '../local/hashing.js';
import { byKey, type LocalFile } from '../local/local-files.js';

export interface SyncPlan {
  /** Assets first, HTML last: a page never arrives before the CSS it links. */
  readonly uploads: readonly Upload[];
  readonly headerUpdates: readonly HeaderUpdate[];
  readonly deletes: readonly RemoteObject[];
  readonly unchanged: readonly HashedFile[];
  /**
   * Remote objects kept although missing locally: excluded, under a local entry the walk had to
   * skip, or delete-removed is off.
   */
  readonly kept: readonly RemoteObject[];
}

export interface PlanOptions extends HeaderSettings {
  readonly deleteRemoved: boolean;
  readonly maxDeletes: number;
  /** True for a key excluded by itself or by a folder above it (see Exclusion). */
  readonly isExcluded: (key: string) => boolean;
  /** Keys of the local entries skipped (not excluded): their objects, and all under them, stay. */
  readonly skipped: readonly string[];
}

/** The content diff: what to upload, delete, and leave alone. Pure. */
export function planSync(
  local: readonly HashedFile[],
  remote: readonly RemoteObject[],
  options: PlanOptions,
): SyncPlan {
  const remoteByKey = new Map(remote.map((object) => [object.key, object]));
  const uploads: Upload[] = [];
  const unchanged: HashedFile[] = [];
  for (const file of local) {
    const object = remoteByKey.get(file.key);
    if (object && sameContent(file, object)) unchanged.push(file);
    else
      uploads.push({
        file,
        reason: object ? 'changed' : 'new',
        headers: desiredHeaders(file.key, options),
      });
  }
  const localKeys = new Set(local.map((file) => file.key));
  const missing = remote.filter((object) => !localKeys.has(object.key));
  const isSkipped = skippedMatcher(options.skipped);
  const deletable = options.deleteRemoved
    ? missing.filter((object) => !options.isExcluded(object.key) && !isSkipped(object.key))
    : [];
  checkDeletionsAreSafe(local.length, remote.length, deletable.length, options.maxDeletes);
  const deleteKeys = new Set(deletable.map((object) => object.key));
  return {
    uploads: assetsBeforePages(uploads),
    headerUpdates: [],
    deletes: deletable.sort(byKey),
    unchanged,
    kept: missing.filter((object) => !deleteKeys.has(object.key)),
  };
}

/** True for a skipped key and for every key under it as a folder (`key/...`). */
function skippedMatcher(skipped: readonly string[]): (key: string) => boolean {
  if (skipped.length === 0) return () => false;
  const keys = new Set(skipped);
  return (key) => {
    if (keys.has(key)) return true;
    for (let slash = key.indexOf('/'); slash !== -1; slash = key.indexOf('/', slash + 1)) {
      if (keys.has(key.slice(0, slash))) return true;
    }
    return false;
  };
}

/** Size and MD5 against the ETag; a multipart ETag matches when the file reproduced it. */
export function sameContent(file: HashedFile, object: RemoteObject): boolean {
  if (file.size !== object.size) return false;
  return (
    object.etag === file.md5 ||
    (file.multipartEtag !== undefined && object.etag === file.multipartEtag) ||
    (file.recordedEtag !== undefined && object.etag === file.recordedEtag)
  );
}

function checkDeletionsAreSafe(
  localCount: number,
  remoteCount: number,
  deleteCount: number,
  maxDeletes: number,
) {
  if (deleteCount === 0) return;
  if (localCount === 0) {
    throw new DeployError(
      `Refusing to delete: "dir" has no files, so delete-removed would delete all ${deleteCount} objects. Check that the site was built into "dir".`,
    );
  }
  if (maxDeletes >= 0 && deleteCount > maxDeletes) {
    throw new DeployError(
      `Refusing to delete ${deleteCount} of ${remoteCount} objects: more than max-deletes (${maxDeletes}). Nothing was written. Raise "max-deletes" (or -1 for no cap) if this is intended.`,
    );
  }
}

/**
 * Header drift on unchanged objects: `current` holds the headers read back from S3 for the
 * objects that were inspected; `aclChanged` forces a rewrite to apply a new ACL.
 */
export function planHeaderUpdates(
  unchanged: readonly HashedFile[],
  remote: readonly RemoteObject[],
  current: ReadonlyMap<string, StoredHeaders>,
  options: HeaderSettings & { readonly aclChanged: boolean },
): HeaderUpdate[] {
  const etags = new Map(remote.map((object) => [object.key, object.etag]));
  const updates: HeaderUpdate[] = [];
  for (const file of unchanged) {
    const seen = current.get(file.key);
    // Only what was read back or must get a new ACL can need a rewrite.
    if (!seen && !options.aclChanged) continue;
    const headers = desiredHeaders(file.key, options);
    const differences = seen ? headerDifferences(seen, headers) : [];
    if (options.aclChanged) differences.push('ACL');
    const etag = etags.get(file.key);
    if (differences.length > 0 && etag) {
      updates.push({ file, etag, headers, differences, ...(seen ? { stored: seen } : {}) });
    }
  }
  return assetsBeforePages(updates);
}

/** Unchanged content whose headers were also right: header rewrites are counted on their own. */
export function unchangedCount(plan: SyncPlan): number {
  return plan.unchanged.length - plan.headerUpdates.length;
}

export function uploadBytes(plan: Pick<SyncPlan, 'uploads'>): number {
  return plan.uploads.reduce((sum, upload) => sum + upload.file.size, 0);
}

/** A page: written only after every asset, so it never links to something not there yet. */
export function isPage(key: string): boolean {
  return /\.html?$/i.test(key);
}

/** Non-HTML files first, then pages, each in key order (one test per file, not per comparison). */
function assetsBeforePages<T extends { readonly file: LocalFile }>(items: readonly T[]): T[] {
  const assets: T[] = [];
  const pages: T[] = [];
  for (const item of items) (isPage(item.file.key) ? pages : assets).push(item);
  const byFileKey = (a: T, b: T) => byKey(a.file, b.file);
  return [...assets.sort(byFileKey), ...pages.sort(byFileKey)];
}
