import { awsCall, type DeployContext } from '../aws/context.js';
import { mapConcurrent } from '../base/concurrency.js';
import { errorMessage } from '../base/errors.js';
import { type DeployRecord, parseRecord, recordBytes, recordName } from './deploy-record.js';
import { readOwnObject, writeOwnObject } from './own-objects.js';

/** One deploy's record; undefined when it is gone or unreadable. */
export async function readRecord(
  context: DeployContext,
  id: string,
): Promise<DeployRecord | undefined> {
  const stored = await readOwnObject(context, recordName(id));
  return stored ? parseRecord(stored.text) : undefined;
}

/** Every readable record of these IDs, in the same order. */
export async function readRecords(
  context: DeployContext,
  ids: readonly string[],
): Promise<DeployRecord[]> {
  const records = await mapConcurrent(ids, Math.min(8, context.settings.concurrency), (id) =>
    readRecord(context, id),
  );
  return records.filter((record): record is DeployRecord => record !== undefined);
}

/**
 * The ETag snapshot of the newest complete record (newest first: after a killed deploy, its
 * "started" record holds none). Empty without records.
 */
export async function latestEtagSnapshot(
  context: DeployContext,
  ids: readonly string[],
): Promise<ReadonlyMap<string, readonly [string, string]>> {
  for (const id of [...ids].reverse()) {
    const record = await readRecord(context, id);
    if (record?.status === 'complete') return new Map(Object.entries(record.etags));
  }
  return new Map();
}

/** Writes a record; its key is its own deploy's alone, so it needs no condition. */
export async function writeRecord(context: DeployContext, record: DeployRecord): Promise<void> {
  await writeOwnObject(context, recordName(record.id), recordBytes(record), 'any');
}

/** Removes the oldest records beyond `keep` (IDs oldest first); a failure is only a warning. */
export async function pruneRecords(
  context: DeployContext,
  ids: readonly string[],
  keep: number,
): Promise<void> {
  const old = ids.slice(0, Math.max(0, ids.length - keep));
  if (old.length === 0) return;
  try {
    await deleteRecords(context, old);
    context.logger.info(`Pruned ${old.length} deploy record(s) beyond keep-deploys (${keep}).`);
  } catch (error) {
    context.logger.warning(
      `Could not remove ${old.length} old deploy record(s) beyond keep-deploys (${keep}): ${errorMessage(error)}. The next deploy tries again.`,
    );
  }
}

/**
 * Takes back the "started" record of an attempt that lost the race for the deploy lock: it
 * wrote nothing else. Left behind (a kill, a refusal), it stays true: an incomplete deploy that
 * names keys it may have changed.
 */
export async function withdrawRecord(context: DeployContext, id: string): Promise<void> {
  try {
    await deleteRecords(context, [id]);
  } catch (error) {
    context.logger.warning(
      `Could not remove the record of deploy ${id}, which lost the race for the deploy lock and wrote nothing: ${errorMessage(error)}. History shows it as incomplete.`,
    );
  }
}

async function deleteRecords(context: DeployContext, ids: readonly string[]): Promise<void> {
  const { s3, settings } = context;
  const Objects = ids.map((id) => ({ Key: settings.prefix + recordName(id) }));
  const answer = await awsCall(context, 'DeleteObjects', undefined, () =>
    s3.call((client, sdk) =>
      client.send(
        new sdk.DeleteObjectsCommand({ Bucket: settings.bucket, Delete: { Objects, Quiet: true } }),
      ),
    ),
  );
  const [failed] = answer.Errors ?? [];
  if (failed) throw new Error(`${failed.Key}: ${failed.Code} ${failed.Message ?? ''}`);
}
