import { randomBytes } from 'node:crypto';
import type { DeployContext } from './aws/context.js';
import { DeployError, errorMessage } from './base/errors.js';
import { acquireLock } from './bucket/deploy-lock.js';
import {
  type DeployState,
  isPreconditionFailed,
  sameState,
  stateFor,
  writeState,
} from './bucket/state.js';
import { deleteAll, updateAllHeaders, uploadAll } from './bucket/transfer.js';
import { type DistributionTarget, resolveDistributions } from './cloudfront/distributions.js';
import {
  type DistributionInvalidation,
  invalidateAll,
  plannedInvalidations,
} from './cloudfront/invalidation.js';
import { invalidates, needsInvalidation } from './cloudfront/origins.js';
import type { Settings } from './inputs/settings.js';
import { type DeployPlan, planDeploy } from './plan/deploy-plan.js';
import { isPage, type SyncPlan, uploadBytes } from './plan/plan.js';
import { survey } from './plan/survey.js';
import { DeployFailure, type DeployResult } from './report/deploy-result.js';
import { Progress } from './report/progress.js';

// Under the lock the state can only move if a deploy ignored the lock: give up after this many.
const MAX_REPLANS = 3;

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
  if (!hasWork(settings, plan)) return resultOf();

  const lock = await acquireLock(context, found.lockEtag, context.lockTiming);
  const locked: DeployContext = { ...context, beforeWrite: () => lock.assertHeld() };
  const done = { uploaded: 0, headersUpdated: 0, deleted: 0, invalidated: false };
  const deployId = randomBytes(6).toString('hex');
  try {
    // The intent is a conditional write on the state the plan was made from: if another deploy
    // wrote since the survey, the plan is stale and is made again, now under the lock.
    let stateEtag: string | undefined;
    let intent = intentOf(context, found.state, plan, deployId);
    for (let attempt = 1; stateEtag === undefined; attempt++) {
      try {
        const condition = found.stateEtag ? { etag: found.stateEtag } : ('absent' as const);
        stateEtag = await writeState(locked, intent, condition);
      } catch (error) {
        if (!isPreconditionFailed(error) || attempt >= MAX_REPLANS) throw error;
        logger.info('Another deploy changed the bucket since it was listed: listing it again.');
        found = await survey(context);
        plan = await logger.group('Planning again', () => planDeploy(context, found));
        targets = await targetsFor(context, plan, targets);
        intent = intentOf(context, found.state, plan, deployId);
      }
    }
    await writeChanges(locked, plan.sync, done);
    const deletion = await deleteRemoved(locked, plan.sync, done);
    // Even when a deletion failed, the new files are live: their cached copies must go.
    const invalidation = await invalidate(locked, settings, plan, targets ?? []);
    invalidations = invalidation.outcomes;
    done.invalidated = invalidation.accepted;
    // The recorded keys stay until every distribution has accepted them.
    const finished: DeployState = {
      ...stateFor(settings),
      pendingInvalidation: invalidation.accepted ? [] : plan.invalidationKeys,
      deployId,
    };
    if (!sameState(finished, intent)) {
      await writeState(locked, finished, { etag: stateEtag });
    }
    if (deletion.failed) throw deletionFailed(deletion.error, invalidations, invalidation.failure);
    if (invalidation.failure) throw invalidation.failure;
    return resultOf();
  } catch (error) {
    throw new DeployFailure(
      resultOf({ failure: { message: errorMessage(error), ...done } }),
      error,
    );
  } finally {
    await lock.release();
  }
}

/** The distributions to invalidate, read once, the first time the plan has anything for them. */
async function targetsFor(
  context: DeployContext,
  plan: DeployPlan,
  resolved: readonly DistributionTarget[] | undefined,
): Promise<readonly DistributionTarget[] | undefined> {
  if (resolved !== undefined) return resolved;
  const { fullKeys } = invalidationTargetsOf(context.settings, plan);
  return needsInvalidation(context.settings, fullKeys) ? resolveDistributions(context) : undefined;
}

/** The keys to invalidate with the prefix (as CloudFront origins see them), and those carried over. */
function invalidationTargetsOf(settings: Settings, plan: DeployPlan) {
  return {
    fullKeys: plan.invalidationKeys.map((key) => settings.prefix + key),
    carriedOver: new Set(plan.carriedOverKeys.map((key) => settings.prefix + key)),
  };
}

function hasWork(settings: Settings, plan: DeployPlan): boolean {
  const { sync } = plan;
  return (
    sync.uploads.length + sync.headerUpdates.length + sync.deletes.length > 0 ||
    needsInvalidation(settings, invalidationTargetsOf(settings, plan).fullKeys) ||
    plan.stateOutdated
  );
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
 * The state recorded before the first write: the old header rules (they are not applied yet) and
 * every key this deploy may change, so that a deploy killed at any point leaves the next one
 * enough to invalidate what viewers could see stale.
 */
function intentOf(
  context: DeployContext,
  previous: DeployState | undefined,
  plan: DeployPlan,
  deployId: string,
): DeployState {
  const base = previous ?? { ...stateFor(context.settings), headerRules: '' };
  return {
    ...base,
    pendingInvalidation: invalidates(context.settings) ? plan.invalidationKeys : [],
    deployId,
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
): Promise<void> {
  const { logger } = context;
  const progress = new Progress(logger, plan.uploads.length, uploadBytes(plan));
  if (plan.uploads.length > 0) progress.start();
  const countUpload = () => {
    done.uploaded = progress.filesDone;
  };
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
          updateAllHeaders(context, updates),
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
