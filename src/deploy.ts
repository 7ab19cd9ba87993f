import type { DeployContext } from './context.js';
import { DeployError, errorMessage } from './errors.js';
import { Exclusion } from './exclusion.js';
import { checkDistribution, createInvalidations } from './invalidation.js';
import { type InvalidationRequestPlan, planInvalidation } from './invalidation-paths.js';
import { planHeaderUpdates, planSync, type SyncPlan, unchangedCount, uploadBytes } from './plan.js';
import { Progress } from './progress.js';
import { stateFor, writeState } from './state.js';
import { type Survey, survey } from './survey.js';
import { deleteAll, readHeaders, updateAllHeaders, uploadAll } from './transfer.js';

export interface InvalidationOutcome extends InvalidationRequestPlan {
  readonly ids: readonly string[];
  readonly waitedSeconds: number | undefined;
}

export interface DeployResult {
  readonly plan: SyncPlan;
  readonly dryRun: boolean;
  readonly bytesUploaded: number;
  /** URL paths ('/' + prefix + key) of every object written or deleted. */
  readonly changedPaths: readonly string[];
  readonly invalidation: InvalidationOutcome | undefined;
  readonly durationMs: number;
}

interface DeployPlan {
  readonly sync: SyncPlan;
  readonly invalidation: InvalidationRequestPlan | undefined;
  readonly changedKeys: readonly string[];
  /** Changed keys plus those whose invalidation failed last time. */
  readonly invalidationKeys: readonly string[];
  readonly stateChanged: boolean;
}

/** The whole deploy: survey both sides, plan, write, delete, invalidate, in that order. */
export async function deploy(context: DeployContext): Promise<DeployResult> {
  const { settings, logger } = context;
  const started = context.now();
  const found = await survey(context);
  const plan = await logger.group('Planning', () => planDeploy(context, found));
  // A wrong distribution ID is bad input: refuse it before anything is written.
  if (plan.invalidation && plan.invalidation.paths.length > 0) await checkDistribution(context);
  const result = {
    plan: plan.sync,
    dryRun: settings.dryRun,
    bytesUploaded: uploadBytes(plan.sync),
    changedPaths: plan.changedKeys.map((key) => `/${settings.prefix}${key}`).sort(),
  };
  if (settings.dryRun) {
    logger.info('Dry run: nothing was written.');
    const invalidation = plan.invalidation && {
      ...plan.invalidation,
      ids: [],
      waitedSeconds: undefined,
    };
    return { ...result, invalidation, durationMs: context.now() - started };
  }
  await writeChanges(context, plan.sync);
  if (plan.stateChanged) await writeState(context, stateFor(settings));
  const deletion = await deleteRemoved(context, plan.sync);
  // Even when a deletion failed, the new files are live: their cached copies must go.
  const invalidation = await invalidate(context, plan);
  if (deletion.failed) {
    const sent = invalidation
      ? `invalidation ${invalidation.ids.join(', ')} was sent`
      : 'nothing needed invalidating';
    throw new DeployError(
      `${errorMessage(deletion.error)}\nEvery upload finished and ${sent}, but some removed objects are still in the bucket. Fix the cause and re-run to delete them.`,
      { cause: deletion.error },
    );
  }
  return { ...result, invalidation, durationMs: context.now() - started };
}

/** Content diff, then header drift (inspecting objects only when the rules changed). */
async function planDeploy(context: DeployContext, found: Survey): Promise<DeployPlan> {
  const { settings, logger } = context;
  const exclusion = new Exclusion(settings.exclude);
  const contentPlan = planSync(found.local, found.remote, {
    ...settings,
    isExcluded: (key) => exclusion.excludes(key),
    skipped: found.skipped,
  });
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
    stateChanged: rulesChanged || aclChanged || pending.length > 0,
    invalidation: planInvalidationFor(context, invalidationKeys),
  };
}

function planInvalidationFor(
  context: DeployContext,
  changedKeys: readonly string[],
): InvalidationRequestPlan | undefined {
  const { settings } = context;
  if (!settings.distribution) return undefined;
  // Nothing changed: nothing is stale in the cache, whatever the mode (explicit paths aside).
  if (changedKeys.length === 0 && settings.invalidateExtraPaths.length === 0) return undefined;
  return planInvalidation(
    changedKeys.map((key) => settings.prefix + key),
    {
      mode: settings.invalidate,
      extraPaths: settings.invalidateExtraPaths,
      indexForms: settings.invalidateIndexForms,
      maxPaths: settings.invalidationMaxPaths,
    },
  );
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

async function invalidate(
  context: DeployContext,
  { invalidation, invalidationKeys }: DeployPlan,
): Promise<InvalidationOutcome | undefined> {
  if (!invalidation || invalidation.paths.length === 0) return undefined;
  const remember = () =>
    writeState(context, { ...stateFor(context.settings), pendingInvalidation: invalidationKeys });
  return context.logger.group('Invalidating', async () => ({
    ...invalidation,
    ...(await createInvalidations(context, invalidation.paths, remember)),
  }));
}
