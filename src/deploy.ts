import type { DeployContext } from './context.js';
import { needsInvalidation } from './distribution-origins.js';
import { type DistributionTarget, resolveDistributions } from './distributions.js';
import { DeployError, errorMessage } from './errors.js';
import { globMatcher } from './header-rules.js';
import {
  type DistributionInvalidation,
  invalidateAll,
  plannedInvalidations,
} from './invalidation.js';
import { planHeaderUpdates, planSync, type SyncPlan, unchangedCount, uploadBytes } from './plan.js';
import { Progress } from './progress.js';
import { stateFor, writeState } from './state.js';
import { type Survey, survey } from './survey.js';
import { deleteAll, readHeaders, updateAllHeaders, uploadAll } from './transfer.js';

export interface DeployResult {
  readonly plan: SyncPlan;
  readonly dryRun: boolean;
  readonly bytesUploaded: number;
  /** URL paths ('/' + prefix + key) of every object written or deleted. */
  readonly changedPaths: readonly string[];
  /** One entry per distribution; empty when nothing was (or would be) sent to CloudFront. */
  readonly invalidations: readonly DistributionInvalidation[];
  readonly durationMs: number;
}

interface DeployPlan {
  readonly sync: SyncPlan;
  readonly changedKeys: readonly string[];
  /** Changed keys plus those whose invalidation failed last time (under the prefix). */
  readonly invalidationKeys: readonly string[];
  /** The keys among invalidationKeys that an earlier deploy left to invalidate. */
  readonly pendingKeys: readonly string[];
  readonly stateChanged: boolean;
}

/** The whole deploy: survey both sides, plan, write, delete, invalidate, in that order. */
export async function deploy(context: DeployContext): Promise<DeployResult> {
  const { settings, logger } = context;
  const started = context.now();
  const found = await survey(context);
  const plan = await logger.group('Planning', () => planDeploy(context, found));
  // A wrong distribution is bad input: refuse it before anything is written.
  const fullKeys = plan.invalidationKeys.map((key) => settings.prefix + key);
  const targets = needsInvalidation(settings, fullKeys) ? await resolveDistributions(context) : [];
  const carriedOver = new Set(plan.pendingKeys.map((key) => settings.prefix + key));
  const result = {
    plan: plan.sync,
    dryRun: settings.dryRun,
    bytesUploaded: uploadBytes(plan.sync),
    changedPaths: plan.changedKeys.map((key) => `/${settings.prefix}${key}`).sort(),
  };
  if (settings.dryRun) {
    logger.info('Dry run: nothing was written.');
    const invalidations = plannedInvalidations(settings, targets, fullKeys, carriedOver);
    return { ...result, invalidations, durationMs: context.now() - started };
  }
  await writeChanges(context, plan.sync);
  if (plan.stateChanged) await writeState(context, stateFor(settings));
  const deletion = await deleteRemoved(context, plan.sync);
  // Even when a deletion failed, the new files are live: their cached copies must go.
  const invalidations = await invalidate(context, plan, targets, fullKeys, carriedOver);
  if (deletion.failed) {
    const ids = invalidations.flatMap((outcome) => outcome.ids);
    const sent =
      ids.length > 0 ? `invalidation ${ids.join(', ')} was sent` : 'nothing needed invalidating';
    throw new DeployError(
      `${errorMessage(deletion.error)}\nEvery upload finished and ${sent}, but some removed objects are still in the bucket. Fix the cause and re-run to delete them.`,
      { cause: deletion.error },
    );
  }
  return { ...result, invalidations, durationMs: context.now() - started };
}

/** Content diff, then header drift (inspecting objects only when the rules changed). */
async function planDeploy(context: DeployContext, found: Survey): Promise<DeployPlan> {
  const { settings, logger } = context;
  const excluded = settings.exclude.map(globMatcher);
  const isExcluded = (key: string) => excluded.some((matches) => matches(key));
  const contentPlan = planSync(found.local, found.remote, { ...settings, isExcluded });
  const desired = stateFor(settings);
  const rulesChanged = found.state?.headerRules !== desired.headerRules;
  const aclChanged = settings.acl !== undefined && found.state?.acl !== desired.acl;
  if (rulesChanged && contentPlan.unchanged.length > 0) {
    logger.info(
      `Header rules changed since the last deploy: checking ${contentPlan.unchanged.length} unchanged objects.`,
    );
  }
  const current = rulesChanged
    ? await readHeaders(
        context,
        contentPlan.unchanged.map((file) => file.key),
      )
    : new Map();
  const headerUpdates = planHeaderUpdates(contentPlan.unchanged, found.remote, current, {
    ...settings,
    aclChanged,
  });
  const sync: SyncPlan = { ...contentPlan, headerUpdates };
  const changedKeys = [
    ...sync.uploads.map((upload) => upload.file.key),
    ...sync.headerUpdates.map((update) => update.file.key),
    ...sync.deletes.map((object) => object.key),
  ];
  logger.info(
    `Plan: ${sync.uploads.length} to upload, ${headerUpdates.length} header updates, ${sync.deletes.length} to delete, ${unchangedCount(sync)} unchanged.`,
  );
  const pending = found.state?.pendingInvalidation ?? [];
  if (pending.length > 0) {
    logger.info(
      `${pending.length} path(s) whose invalidation failed last time are invalidated again.`,
    );
  }
  const invalidationKeys = [...new Set([...changedKeys, ...pending])];
  return {
    sync,
    changedKeys,
    invalidationKeys,
    pendingKeys: pending,
    stateChanged: rulesChanged || aclChanged || pending.length > 0,
  };
}

/** Uploads, then header rewrites; a failure stops the deploy before any deletion. */
async function writeChanges(context: DeployContext, plan: SyncPlan): Promise<void> {
  const { logger } = context;
  const progress = new Progress(logger, plan.uploads.length, uploadBytes(plan));
  try {
    if (plan.uploads.length > 0) {
      await logger.group(`Uploading ${plan.uploads.length} files`, () =>
        uploadAll(context, plan.uploads, progress),
      );
    }
    if (plan.headerUpdates.length > 0) {
      await logger.group(`Updating headers of ${plan.headerUpdates.length} objects`, () =>
        updateAllHeaders(context, plan.headerUpdates),
      );
    }
  } catch (error) {
    throw new DeployError(
      `${errorMessage(error)}\nThe deploy stopped: ${progress.filesDone} of ${plan.uploads.length} uploads had finished; nothing was deleted and nothing was invalidated. Fix the cause and re-run: files already uploaded will be skipped.`,
      { cause: error },
    );
  }
}

/** Deletions come last, after every write succeeded; a failure is returned, not thrown. */
async function deleteRemoved(
  context: DeployContext,
  plan: SyncPlan,
): Promise<{ failed: false } | { failed: true; error: unknown }> {
  if (plan.deletes.length === 0) return { failed: false };
  try {
    await context.logger.group(`Deleting ${plan.deletes.length} objects`, () =>
      deleteAll(context, plan.deletes),
    );
    return { failed: false };
  } catch (error) {
    return { failed: true, error };
  }
}

/**
 * Every distribution's invalidation. When one is not accepted, its keys are recorded in the state
 * object so the next deploy sends them again (the failure message says so), then it fails.
 */
async function invalidate(
  context: DeployContext,
  { invalidationKeys }: DeployPlan,
  targets: readonly DistributionTarget[],
  fullKeys: readonly string[],
  carriedOver: ReadonlySet<string>,
): Promise<readonly DistributionInvalidation[]> {
  if (targets.length === 0) return [];
  const { outcomes, failure } = await context.logger.group('Invalidating', () =>
    invalidateAll(context, targets, fullKeys, carriedOver),
  );
  if (failure === undefined) return outcomes;
  if (outcomes.every((outcome) => outcome.accepted)) throw failure;
  const pendingInvalidation = invalidationKeys;
  try {
    await writeState(context, { ...stateFor(context.settings), pendingInvalidation });
  } catch (error) {
    throw new DeployError(
      `${failure.message}\nRecording the paths for the next deploy failed too (${errorMessage(error)}): run the command(s) above.`,
      { cause: failure },
    );
  }
  throw failure;
}
