import { mapConcurrent } from './concurrency.js';
import type { DeployContext } from './context.js';
import { DeployError, errorMessage } from './errors.js';
import { matchMultipartEtag, md5OfFile, multipartPartCount } from './hashing.js';
import { globMatcher } from './header-rules.js';
import { createInvalidations } from './invalidation.js';
import { type InvalidationRequestPlan, planInvalidation } from './invalidation-paths.js';
import { type LocalFile, listLocalFiles } from './local-files.js';
import { type HashedFile, planHeaderUpdates, planSync, type SyncPlan } from './plan.js';
import { Progress } from './progress.js';
import { listRemoteObjects, type RemoteObject } from './remote-listing.js';
import { readState, stateFor, writeState } from './state.js';
import { deleteAll, readHeaders, updateAllHeaders, uploadAll } from './transfer.js';

export interface DeployResult {
  readonly plan: SyncPlan;
  readonly dryRun: boolean;
  readonly bytesUploaded: number;
  /** URL paths ('/' + prefix + key) of every object written or deleted. */
  readonly changedPaths: readonly string[];
  readonly invalidation:
    | (InvalidationRequestPlan & {
        readonly ids: readonly string[];
        readonly waitedSeconds: number | undefined;
      })
    | undefined;
  readonly durationMs: number;
}

/** The whole deploy: list both sides, diff, upload, fix headers, delete, invalidate. */
export async function deploy(context: DeployContext): Promise<DeployResult> {
  const { settings, logger } = context;
  const started = context.now();
  const [local, remote, state] = await logger.group('Listing', () =>
    Promise.all([
      listLocalFiles(settings.dir, { exclude: settings.exclude, prefix: settings.prefix, logger }),
      listRemoteObjects(context),
      readState(context),
    ]),
  );
  logger.info(
    `${local.length} local files in ${settings.dir}; ${remote.length} objects in s3://${settings.bucket}/${settings.prefix}.`,
  );
  const hashed = await logger.group('Comparing', () => hashFiles(context, local, remote));
  const excluded = settings.exclude.map(globMatcher);
  const contentPlan = planSync(hashed, remote, {
    ...settings,
    isExcluded: (key) => excluded.some((matches) => matches(key)),
  });

  const desiredState = stateFor(settings);
  const rulesChanged = state?.headerRules !== desiredState.headerRules;
  const aclChanged = settings.acl !== undefined && state?.acl !== desiredState.acl;
  const current = rulesChanged
    ? await readHeaders(
        context,
        contentPlan.unchanged.map((file) => file.key),
      )
    : new Map();
  const plan: SyncPlan = {
    ...contentPlan,
    headerUpdates: planHeaderUpdates(contentPlan.unchanged, remote, current, {
      ...settings,
      aclChanged,
    }),
  };
  const changedKeys = [
    ...plan.uploads.map((u) => u.file.key),
    ...plan.headerUpdates.map((u) => u.file.key),
    ...plan.deletes.map((d) => d.key),
  ];
  const invalidationPlan = settings.distribution
    ? planInvalidation(
        changedKeys.map((key) => settings.prefix + key),
        {
          mode: settings.invalidate,
          extraPaths: settings.invalidateExtraPaths,
          indexForms: settings.invalidateIndexForms,
          maxPaths: settings.invalidationMaxPaths,
        },
      )
    : undefined;
  const result = {
    plan,
    dryRun: settings.dryRun,
    bytesUploaded: plan.uploads.reduce((sum, upload) => sum + upload.file.size, 0),
    changedPaths: changedKeys.map((key) => `/${settings.prefix}${key}`).sort(),
  };
  if (settings.dryRun) {
    logger.info('Dry run: nothing was written.');
    return {
      ...result,
      invalidation: invalidationPlan && { ...invalidationPlan, ids: [], waitedSeconds: undefined },
      durationMs: context.now() - started,
    };
  }

  await writeChanges(context, plan);
  if (rulesChanged || aclChanged) await writeState(context, desiredState);
  const invalidation =
    invalidationPlan && invalidationPlan.paths.length > 0
      ? await logger.group('Invalidating', async () => ({
          ...invalidationPlan,
          ...(await createInvalidations(context, invalidationPlan.paths)),
        }))
      : undefined;
  return { ...result, invalidation, durationMs: context.now() - started };
}

async function hashFiles(
  context: DeployContext,
  local: readonly LocalFile[],
  remote: readonly RemoteObject[],
): Promise<HashedFile[]> {
  const remoteByKey = new Map(remote.map((object) => [object.key, object]));
  return mapConcurrent(local, context.settings.concurrency, async (file) => {
    const md5 = await md5OfFile(file.path, file.size);
    const object = remoteByKey.get(file.key);
    if (!object || object.size !== file.size || multipartPartCount(object.etag) === undefined)
      return { ...file, md5 };
    const multipartEtag = await matchMultipartEtag(file.path, file.size, object.etag);
    return multipartEtag ? { ...file, md5, multipartEtag } : { ...file, md5 };
  });
}

/** Uploads, then header rewrites, then deletions: never a deletion after a failed write. */
async function writeChanges(context: DeployContext, plan: SyncPlan): Promise<void> {
  const { logger } = context;
  const totalBytes = plan.uploads.reduce((sum, upload) => sum + upload.file.size, 0);
  const progress = new Progress(logger, plan.uploads.length, totalBytes);
  try {
    if (plan.uploads.length > 0)
      await logger.group(`Uploading ${plan.uploads.length} files`, () =>
        uploadAll(context, plan.uploads, progress),
      );
    if (plan.headerUpdates.length > 0)
      await logger.group(`Updating headers of ${plan.headerUpdates.length} objects`, () =>
        updateAllHeaders(context, plan.headerUpdates),
      );
  } catch (error) {
    throw new DeployError(
      `${errorMessage(error)}\nThe deploy stopped: ${progress.filesDone} of ${plan.uploads.length} uploads had finished; nothing was deleted and nothing was invalidated. Fix the cause and re-run: files already uploaded will be skipped.`,
      { cause: error },
    );
  }
  if (plan.deletes.length > 0)
    await logger.group(`Deleting ${plan.deletes.length} objects`, () =>
      deleteAll(context, plan.deletes),
    );
}
