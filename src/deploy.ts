import type { DeployContext } from './aws/context.js';
import { DeployError, errorMessage } from './base/errors.js';
import type { DeployLock } from './bucket/deploy-lock.js';
import type { WrittenVersion } from './bucket/deploy-record.js';
import type { HeaderUpdate, Upload } from './bucket/objects.js';
import { type DeployState, stateFor } from './bucket/state.js';
import { deleteAll, updateAllHeaders, uploadAll } from './bucket/transfer.js';
import type { DistributionTarget } from './cloudfront/distributions.js';
import {
  type DistributionInvalidation,
  invalidateAll,
  plannedInvalidations,
} from './cloudfront/invalidation.js';
import type { AclGrants } from './inputs/object-headers.js';
import type { Settings } from './inputs/settings.js';
import { type DeployPlan, planDeploy } from './plan/deploy-plan.js';
import { carriedEtags, DeployRecorder, plannedChanges } from './plan/deploy-recorder.js';
import { hasWork, invalidationTargetsOf, lockForPlan, targetsFor } from './plan/locked-plan.js';
import { isPage, type SyncPlan, uploadBytes } from './plan/plan.js';
import { type Survey, survey } from './plan/survey.js';
import { DeployFailure, type DeployResult } from './report/deploy-result.js';
import { Progress } from './report/progress.js';
import { unrecordedWarning } from './report/unrecorded.js';

/**
 * The whole deploy: survey both sides and plan; then, only when there is something to write,
 * under the deploy lock: record the intent, write assets, then pages, delete, invalidate, and
 * record that it is done.
 */
export async function deploy(context: DeployContext): Promise<DeployResult> {
  const { settings, logger } = context;
  const started = context.now();
  let found = await survey(context);
  let plan = await logger.group('Planning', () => planDeploy(context, found));
  // A wrong distribution is bad input: refuse it before anything is written.
  let targets = await targetsFor(context, plan, undefined);
  let invalidations: readonly DistributionInvalidation[] = [];
  const resultOf = (extra: Partial<DeployResult> = {}): DeployResult => ({
    ...summaryOf(context, plan, started),
    invalidations,
    ...extra,
  });
  if (settings.dryRun) {
    logger.info('Dry run: nothing was written.');
    const keys = invalidationTargetsOf(settings, plan);
    invalidations = plannedInvalidations(settings, targets ?? [], keys.fullKeys, keys.carriedOver);
    return resultOf();
  }
  if (!hasWork(context, { found, plan })) return resultOf();

  let held: DeployLock | undefined;
  // Every site write and the record's end check the lock; the record's start goes beside it.
  const locked: DeployContext = { ...context, beforeWrite: () => held?.assertHeld() };
  const taken = await lockForPlan(context, { found, plan, targets }, (attempt, deployId) => {
    const started = recorderOf(locked, deployId, attempt.found, attempt.plan);
    return (
      started && { recorder: started, written: started.start(), withdraw: () => started.withdraw() }
    );
  });
  ({ found, plan, targets } = taken);
  const { lock, deployId } = taken;
  // The bucket was deployed meanwhile by a deploy of the same build: nothing left to do.
  if (lock === undefined) return resultOf();
  held = lock;
  const done = { uploaded: 0, headersUpdated: 0, deleted: 0, invalidated: false };
  let recorder = taken.beside?.recorder;
  try {
    // The record says "started" before the first site write, so a kill leaves a true history.
    await taken.beside?.written;
    await writeChanges(locked, plan.sync, done, recorder);
    const deletion = await deleteRemoved(locked, plan.sync, done);
    if (!deletion.failed) recorder?.removed(plan.sync.deletes.map((object) => object.key));
    // The record is finished while CloudFront is asked to invalidate: it holds the site's
    // writes, all done by now, and nothing of the invalidation. Both end before the lock is
    // released with the state: a kill before that leaves a true history, and a lock and intent
    // the next deploy takes over, invalidating the intent's keys again.
    const finishing = recorder?.finish(deletion.failed ? 'failed' : 'complete').then(
      (etags) => ({ etags }),
      (error: unknown) => ({ error }),
    );
    recorder = undefined;
    let invalidation: Awaited<ReturnType<typeof invalidate>>;
    try {
      // Even when a deletion failed, the new files are live: their cached copies must go.
      invalidation = await invalidate(locked, settings, plan, targets ?? []);
    } finally {
      await finishing;
    }
    const recorded = await finishing;
    const unfinished = recorded && 'error' in recorded ? recorded.error : undefined;
    invalidations = invalidation.outcomes;
    done.invalidated = invalidation.accepted;
    const recordedEtags = recordedEtagsOf(recorded, found.state);
    // The recorded keys stay until every distribution has accepted them.
    const finished: DeployState = {
      ...stateFor(settings),
      pendingInvalidation: invalidation.accepted ? [] : plan.invalidationKeys,
      deployId,
      ...(recordedEtags !== undefined ? { recordedEtags } : {}),
    };
    // Every site write is done: a record that could not be finished is not a failed deploy.
    if (unfinished !== undefined) logger.warning(unfinishedRecordWarning(deployId, unfinished));
    const unrecorded = await lock.release(finished);
    if (deletion.failed) throw deletionFailed(deletion.error, invalidations, invalidation.failure);
    if (invalidation.failure) throw invalidation.failure;
    if (unrecorded === undefined) return resultOf({ deployId });
    const warning = unrecordedWarning(settings, unrecorded, done, invalidations.length > 0);
    logger.warning(warning);
    return resultOf({ unrecorded: warning, deployId });
  } catch (error) {
    // What was written so far is recorded; if even that fails, "started" stays, which is true.
    await recorder?.finish('failed').catch(() => {});
    throw new DeployFailure(
      resultOf({ failure: { message: errorMessage(error), ...done }, deployId }),
      error,
    );
  } finally {
    await lock.release(undefined);
  }
}

/** The record of a deploy that changes keys; undefined when it changes none or keeps no records. */
function recorderOf(
  context: DeployContext,
  deployId: string,
  found: Survey,
  plan: DeployPlan,
): DeployRecorder | undefined {
  if (context.settings.keepDeploys === 0 || plan.changedKeys.length === 0) return undefined;
  return new DeployRecorder(
    context,
    deployId,
    found.recordIds,
    plannedChanges(plan.sync, found.remote),
    carriedEtags(plan.sync),
    { kind: 'deploy', headerRules: stateFor(context.settings).headerRules },
  );
}

/**
 * How many ETags that are no MD5 the newest record lists, for the state: this deploy's, or the
 * last one's when this deploy wrote no record. Unknown (the next deploy reads the record) when
 * this deploy's record could not be finished, since the newest complete one is then older.
 */
function recordedEtagsOf(
  recorded: { etags: number } | { error: unknown } | undefined,
  previous: DeployState | undefined,
): number | undefined {
  if (recorded === undefined) return previous?.recordedEtags;
  return 'etags' in recorded ? recorded.etags : undefined;
}

function unfinishedRecordWarning(deployId: string, error: unknown): string {
  return `The site is deployed, but the last write of its record (deploy ${deployId}) failed: ${errorMessage(error)}. History shows this deploy as incomplete, which names every key it changed: a rollback to it is refused, one to an earlier deploy works.`;
}

function deletionFailed(
  error: unknown,
  invalidations: readonly DistributionInvalidation[],
  invalidationFailure: DeployError | undefined,
): DeployError {
  const ids = invalidations.flatMap((outcome) => outcome.ids);
  const sent =
    ids.length > 0 ? `invalidation ${ids.join(', ')} was sent` : 'nothing was invalidated';
  const also = invalidationFailure ? `\n${invalidationFailure.message}` : '';
  return new DeployError(
    `${errorMessage(error)}\nEvery upload finished and ${sent}, but some removed objects are still in the bucket. Fix the cause and re-run to delete them.${also}`,
    { cause: error },
  );
}

function summaryOf(
  context: DeployContext,
  plan: DeployPlan,
  started: number,
): Omit<DeployResult, 'invalidations'> {
  const { prefix } = context.settings;
  return {
    plan: plan.sync,
    dryRun: context.settings.dryRun,
    bytesUploaded: uploadBytes(plan.sync),
    changedPaths: plan.changedKeys.map((key) => `/${prefix}${key}`).sort(),
    durationMs: context.now() - started,
  };
}

/**
 * Every asset (uploads and header rewrites, multipart included) completes before the first page
 * is written, so a page never goes live before what it links; a failure stops the deploy before
 * any deletion.
 */
async function writeChanges(
  context: DeployContext,
  plan: SyncPlan,
  done: { uploaded: number; headersUpdated: number },
  recorder: DeployRecorder | undefined,
): Promise<void> {
  const { logger } = context;
  const progress = new Progress(logger, plan.uploads.length, uploadBytes(plan));
  if (plan.uploads.length > 0) progress.start();
  const countUpload = (upload: Upload, written: WrittenVersion) => {
    done.uploaded = progress.filesDone;
    recorder?.wrote(upload.file.key, written, upload.file);
  };
  const countRewrite = (update: HeaderUpdate, written: WrittenVersion, acl?: AclGrants) =>
    recorder?.wrote(update.file.key, written, update.file, acl);
  try {
    for (const pages of [false, true]) {
      const uploads = plan.uploads.filter((upload) => isPage(upload.file.key) === pages);
      // Pages wait for the last asset: the largest start first, so the last to finish is small.
      if (!pages) uploads.sort((a, b) => b.file.size - a.file.size);
      const updates = plan.headerUpdates.filter((update) => isPage(update.file.key) === pages);
      const what = pages ? 'pages' : 'files';
      if (uploads.length > 0) {
        await logger.group(`Uploading ${uploads.length} ${what}`, () =>
          uploadAll(context, uploads, progress, countUpload),
        );
      }
      if (updates.length > 0) {
        await logger.group(`Updating headers of ${updates.length} ${what}`, () =>
          updateAllHeaders(context, updates, undefined, countRewrite),
        );
        done.headersUpdated += updates.length;
      }
    }
  } catch (error) {
    throw new DeployError(
      `${errorMessage(error)}\nThe deploy stopped: ${progress.filesDone} of ${plan.uploads.length} uploads had finished; nothing was deleted and nothing was invalidated. Fix the cause and re-run: files already uploaded will be skipped, and every changed path will be invalidated.`,
      { cause: error },
    );
  }
}

/** Deletions come last, after every write succeeded; a failure is returned, not thrown. */
async function deleteRemoved(
  context: DeployContext,
  plan: SyncPlan,
  done: { deleted: number },
): Promise<{ failed: false } | { failed: true; error: unknown }> {
  if (plan.deletes.length === 0) return { failed: false };
  try {
    await context.logger.group(`Deleting ${plan.deletes.length} objects`, () =>
      deleteAll(context, plan.deletes),
    );
    done.deleted = plan.deletes.length;
    return { failed: false };
  } catch (error) {
    return { failed: true, error };
  }
}

/** Every distribution's invalidation; a failure is returned, with whether all were accepted. */
async function invalidate(
  context: DeployContext,
  settings: Settings,
  plan: DeployPlan,
  targets: readonly DistributionTarget[],
): Promise<{
  outcomes: readonly DistributionInvalidation[];
  accepted: boolean;
  failure: DeployError | undefined;
}> {
  if (targets.length === 0) return { outcomes: [], accepted: true, failure: undefined };
  const { fullKeys, carriedOver } = invalidationTargetsOf(settings, plan);
  const { outcomes, failure } = await context.logger.group('Invalidating', () =>
    invalidateAll(context, targets, fullKeys, carriedOver),
  );
  return { outcomes, accepted: outcomes.every((outcome) => outcome.accepted), failure };
}
