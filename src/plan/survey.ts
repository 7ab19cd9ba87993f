import type { DeployContext } from '../aws/context.js';
import { mapConcurrent } from '../base/concurrency.js';
import { showControlCharacters } from '../base/control-characters.js';
import type { Logger } from '../base/logger.js';
import { FAVOUR_MEMORY_AFTER_FILES, favourMemory } from '../base/memory-mode.js';
import { latestEtagSnapshot } from '../bucket/deploy-history.js';
import { recordIds } from '../bucket/deploy-record.js';
import { listRemoteObjects } from '../bucket/listing.js';
import type { RemoteObject } from '../bucket/objects.js';
import {
  type DeployState,
  isOwnObject,
  readState,
  STATE_FILE_NAME,
  type StoredState,
} from '../bucket/state.js';
import { HashPool } from '../local/hash-pool.js';
import type { HashedFile } from '../local/hashing.js';
import {
  matchMultipartEtag,
  md5OfFile,
  md5OfFileSync,
  multipartPartCount,
  SMALL_FILE_BYTES,
} from '../local/hashing.js';
import {
  changedWhileRead,
  type FoundFile,
  listLocalFiles,
  rootOf,
  unreadableReason,
} from '../local/local-files.js';

/**
 * Files hashed on the main thread before the rest go to worker threads: starting a worker costs
 * about as much as hashing a thousand or two small files, so a small site never starts one.
 */
const POOL_AFTER_FILES = 2000;

/** Both sides of the sync, as plain data for the planner. */
export interface Survey {
  readonly local: readonly HashedFile[];
  /** Keys of local entries skipped but not excluded: their objects must be kept. */
  readonly skipped: readonly string[];
  readonly remote: readonly RemoteObject[];
  readonly state: DeployState | undefined;
  /** The state object's ETag, for the conditional write that records the intent; undefined: absent. */
  readonly stateEtag: string | undefined;
  /** The state object as read, with its age (it also holds the deploy lock). */
  readonly stored: StoredState;
  /**
   * The state object's ETag in the listing. When it differs from the one read, a deploy wrote
   * while this one listed: the listing may miss its last writes, so it is listed again.
   */
  readonly listedStateEtag: string | undefined;
  /** The recorded deploys' IDs, oldest first, as the listing names their records. */
  readonly recordIds: readonly string[];
}

/**
 * Walks and hashes the folder while the bucket is being listed: hashing waits neither for the
 * listing nor for the walk. Only files whose object has a multipart ETag are read a second time.
 */
export async function survey(context: DeployContext): Promise<Survey> {
  const { settings, logger } = context;
  return logger.group('Listing and hashing', async () => {
    // A missing folder is bad input: refuse it before the first request.
    await rootOf(settings.dir);
    // Each file is hashed as soon as the walk finds it: small ones on the spot, inside the
    // walk's time slices; large ones streamed, as many at once as the buffer pool allows. Past
    // POOL_AFTER_FILES files, the rest go to worker threads (local/hash-pool.ts).
    const streamed: Array<Promise<void>> = [];
    const walkBuffer = Buffer.allocUnsafe(SMALL_FILE_BYTES);
    const seen = new SurveyProgress(logger);
    const unreadable = new Set<FoundFile>();
    const failed = (file: FoundFile, error: unknown) => {
      unreadable.add(file);
      skipUnreadable(file, error, logger);
    };
    let found = 0;
    let pool: HashPool<FoundFile> | undefined;
    const walk = listLocalFiles(settings.dir, {
      exclude: settings.exclude,
      prefix: settings.prefix,
      logger,
      onFile: (file) => {
        if (++found === FAVOUR_MEMORY_AFTER_FILES) favourMemory();
        if (found > POOL_AFTER_FILES) {
          pool ??= new HashPool(HashPool.workerCount(), (hashed) => seen.hashed(hashed.size));
          pool.add(file);
        } else if (file.size < SMALL_FILE_BYTES) {
          try {
            file.md5 = md5OfFileSync(file.path, walkBuffer);
            seen.hashed(file.size);
          } catch (error) {
            failed(file, error);
          }
        } else streamed.push(hashStreamed(context, file, failed, seen));
      },
    });
    const hashing = walk
      .then(async ({ files, skipped }) => {
        await Promise.all(streamed);
        for (const { file, error } of (await pool?.finish()) ?? []) failed(file, error);
        for (const file of unreadable) skipped.push(file.key);
        return { files: usableFiles(files, unreadable, logger), skipped };
      })
      .finally(() => pool?.close());
    // The walk's keys, once it has them, split the bucket's listing into ranges read at once.
    const expectedKeys = walk.then(({ files }) => files.map((file) => settings.prefix + file.key));
    const own = new Map<string, string>();
    const [{ files: hashed, skipped }, remote, stored] = await Promise.all([
      hashing,
      listRemoteObjects(context, own, { onPage: (listed) => seen.listed(listed), expectedKeys }),
      readState(context),
    ]);
    if (stored.refused !== undefined) {
      // Refused, yet listed: it exists and this deploy may not read it.
      if (own.has(STATE_FILE_NAME)) throw stored.refused;
      logger.debug(
        `${STATE_FILE_NAME}: the read was refused and the listing has no such object: none yet.`,
      );
    }
    logger.info(
      `${hashed.length} files in ${settings.dir}; ${remote.length} objects in s3://${settings.bucket}/${settings.prefix}.`,
    );
    await matchMultipartObjects(context, hashed, remote);
    const ids = recordIds(own.keys());
    // The last deploy left no object whose ETag is no MD5: no record can match one.
    if (stored.state?.recordedEtags !== 0) await matchRecordedEtags(context, hashed, remote, ids);
    return {
      local: hashed,
      skipped,
      remote,
      state: stored.state,
      stateEtag: stored.etag,
      stored,
      listedStateEtag: own.get(STATE_FILE_NAME),
      recordIds: ids,
    };
  });
}

/** A large file, hashed through a pooled buffer while the walk goes on. */
function hashStreamed(
  context: DeployContext,
  file: FoundFile,
  failed: (file: FoundFile, error: unknown) => void,
  seen: SurveyProgress,
): Promise<void> {
  const hashed = context.buffers
    .use((buffer) => md5OfFile(file.path, buffer))
    .then(
      (hex) => {
        file.md5 = hex;
        seen.hashed(file.size);
      },
      (error: unknown) => failed(file, error),
    );
  hashed.catch(() => {}); // awaited by the survey; this keeps a failure during the walk handled
  return hashed;
}

async function matchMultipartObjects(
  context: DeployContext,
  hashed: readonly FoundFile[],
  remote: readonly RemoteObject[],
): Promise<void> {
  // Few objects (often none) have a multipart ETag: only those are looked up.
  const multipartByKey = new Map(
    remote
      .filter((object) => multipartPartCount(object.etag) !== undefined)
      .map((object) => [object.key, object]),
  );
  // Only files whose object has another size-matching, non-MD5 ETag are read again.
  const candidates = hashed.filter((file) => {
    const object = multipartByKey.get(file.key);
    return object && object.size === file.size && object.etag !== file.md5;
  });
  // Reading them again takes as long as the first hash: the status line counts it.
  const totalBytes = candidates.reduce((sum, file) => sum + file.size, 0);
  const progress = {
    phase: 'hashing' as const,
    done: 0,
    total: candidates.length,
    bytes: 0,
    totalBytes,
  };
  if (candidates.length > 0) context.logger.progress?.({ ...progress });
  await mapConcurrent(candidates, context.settings.concurrency, async (file) => {
    const etag = multipartByKey.get(file.key)?.etag ?? '';
    const multipartEtag = await matchMultipartEtag(file.path, file.size, etag);
    if (multipartEtag) file.multipartEtag = multipartEtag;
    progress.done += 1;
    progress.bytes += file.size;
    context.logger.progress?.({ ...progress });
  });
}

/**
 * SSE-KMS, DSSE-KMS and SSE-C give ETags that are no MD5 (and multipart ones nobody can match):
 * an object whose listed ETag is the one the last record says the action's own write of these
 * very bytes got is unchanged. The record is read only when such objects exist (none on an
 * MD5-ETag bucket), and only the newest complete one, which carries every such ETag.
 */
async function matchRecordedEtags(
  context: DeployContext,
  hashed: readonly FoundFile[],
  remote: readonly RemoteObject[],
  ids: readonly string[],
): Promise<void> {
  if (ids.length === 0 || context.settings.keepDeploys === 0) return;
  const byKey = new Map(remote.map((object) => [object.key, object]));
  const candidates = hashed.filter((file) => {
    const object = byKey.get(file.key);
    return (
      object !== undefined &&
      object.size === file.size &&
      object.etag !== file.md5 &&
      object.etag !== file.multipartEtag
    );
  });
  if (candidates.length === 0) return;
  const snapshot = await latestEtagSnapshot(context, ids);
  let matched = 0;
  for (const file of candidates) {
    const [etag, md5] = snapshot.get(file.key) ?? [];
    if (etag !== undefined && etag === byKey.get(file.key)?.etag && md5 === file.md5) {
      file.recordedEtag = etag;
      matched += 1;
    }
  }
  context.logger.info(
    `${matched} of ${candidates.length} objects whose ETag is no MD5 (SSE-KMS, SSE-C, multipart) match the ETag recorded by the last deploy: unchanged.`,
  );
}

/**
 * A file that cannot be read for its permissions is skipped, and its object kept. One that fails
 * otherwise (it vanished between the walk and the read) fails the deploy before anything is
 * written: the folder is changing under it, so no plan made from it can be trusted.
 */
export function skipUnreadable(
  file: Pick<FoundFile, 'key' | 'path'>,
  error: unknown,
  logger: Logger,
): void {
  const reason = unreadableReason(error);
  if (!reason) throw changedWhileRead(file.path, error);
  logger.warning(
    `Skipped ${showControlCharacters(file.key)}: ${reason}; its object in the bucket, if any, is kept.`,
  );
}

/**
 * Without the unreadable files, nor those named like the action's own objects (state and lock),
 * which share the namespace and are never synced.
 */
function usableFiles(
  local: readonly FoundFile[],
  unreadable: ReadonlySet<FoundFile>,
  logger: Logger,
): FoundFile[] {
  return local.filter((file) => {
    if (unreadable.size > 0 && unreadable.has(file)) return false;
    if (!isOwnObject(file.key)) return true;
    logger.warning(
      `Skipped ${showControlCharacters(file.key)}: names starting with ".s3-cf-sync" are kept for this action's state and lock in the bucket.`,
    );
    return false;
  });
}

/** Files hashed and objects listed so far: the walk and the listing run at once. */
class SurveyProgress {
  private files = 0;
  private bytes = 0;
  private objects = 0;

  constructor(private readonly logger: Logger) {
    this.report();
  }

  hashed(bytes: number): void {
    this.files += 1;
    this.bytes += bytes;
    this.report();
  }

  listed(objects: number): void {
    this.objects = objects;
    this.report();
  }

  private report(): void {
    this.logger.progress?.({
      phase: 'listing',
      done: this.files,
      bytes: this.bytes,
      detail: `${this.objects.toLocaleString('en-US')} objects listed`,
    });
  }
}
