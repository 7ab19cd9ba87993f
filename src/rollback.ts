import type { DeployContext } from './aws/context.js';
import { mapConcurrent } from './base/concurrency.js';
import { DeployError, errorMessage } from './base/errors.js';
import { readRecords } from './bucket/deploy-history.js';
import {
  type DeployLock,
  LOCK_TIMING,
  newHolder,
  seenLock,
  takeLock,
  waitForLock,
  whyFree,
} from './bucket/deploy-lock.js';
import { newDeployId, recordIds, recordName } from './bucket/deploy-record.js';
import { listRemoteObjects } from './bucket/listing.js';
import { listObjectVersions, versioningStatus } from './bucket/object-versions.js';
import { restoreVersion } from './bucket/restore-version.js';
import {
  type DeployState,
  type LockHolder,
  readState,
  STATE_FILE_NAME,
  type StoredState,
  stateFor,
} from './bucket/state.js';
import { deleteAll } from './bucket/transfer.js';
import { type DistributionTarget, resolveDistributions } from './cloudfront/distributions.js';
import type { DistributionInvalidation } from './cloudfront/invalidation.js';
import { invalidateAll, plannedInvalidations } from './cloudfront/invalidation.js';
import { invalidates, needsInvalidation } from './cloudfront/origins.js';
import type { Settings } from './inputs/settings.js';
import { DeployRecorder } from './plan/deploy-recorder.js';
import { isPage } from './plan/plan.js';
import { planRollback, type RollbackPlan } from './plan/rollback-plan.js';
import {
  refuseTarget,
  refuseUnsafeRollback,
  refuseWithoutVersioning,
  rollbackTarget,
} from './plan/rollback-refusals.js';
import { rollbackSyncPlan } from './plan/rollback-sync-plan.js';
import { DeployFailure, type DeployResult } from './report/deploy-result.js';
import { unrecordedWarning } from './report/unrecorded.js';

/**
 * Makes the prefix serve exactly what it served right after a recorded deploy: the versions later
 * deploys replaced are copied back server-side, the keys they added are deleted, the changed paths
 * invalidated; under the deploy lock, and recorded as a deploy itself. Refuses, writing nothing,
 * when that cannot be done exactly (no versioning, expired versions, keys changed by another tool).
 */
export async function rollback(context: DeployContext): Promise<DeployResult> {
  const { settings, logger } = context;
  const started = context.now();
  const mine = newHolder(context);
  const planned = await plannedWhenFree(context, mine);
  const { plan } = planned;
  refuseUnsafeRollback(settings, plan);
  const keys = keysOf(settings, plan, planned.stored.state);
  const targets = needsInvalidation(settings, keys.fullKeys)
    ? await resolveDistributions(context)
    : [];
  let invalidations: readonly DistributionInvalidation[] = [];
  let deployId: string | undefined;
  const resultOf = (extra: Partial<DeployResult> = {}): DeployResult => ({
    plan: rollbackSyncPlan(plan),
    dryRun: settings.dryRun,
    bytesUploaded: 0,
    changedPaths: keys.changed.map((key) => `/${settings.prefix}${key}`).sort(),
    invalidations,
    durationMs: context.now() - started,
    rollbackTo: plan.target.id,
    ...(deployId ? { deployId } : {}),
    ...extra,
  });
  logger.info(
    `Rollback to ${plan.target.id}: ${plan.restores.length} to restore, ${plan.deletes.length} to delete.`,
  );
  if (settings.dryRun) {
    invalidations = plannedInvalidations(settings, targets, keys.fullKeys, keys.carriedOver);
    return resultOf();
  }
  if (keys.changed.length === 0) return resultOf();

  deployId = newDeployId(context.now(), planned.ids.at(-1));
  const lock = await lockWithIntent(context, planned.stored, keys.invalidation, deployId, mine);
  const locked: DeployContext = { ...context, beforeWrite: () => lock.assertHeld() };
  const done = { uploaded: 0, headersUpdated: 0, deleted: 0, invalidated: false };
  const recorder = new DeployRecorder(
    locked,
    deployId,
    planned.ids,
    plannedRestores(plan),
    planned.carried,
    {
      kind: 'rollback',
      rollbackTo: plan.target.id,
      headerRules: plan.target.headerRules ?? '',
    },
  );
  try {
    await recorder.start();
    await restoreAll(locked, plan, recorder, done);
    await removeAdded(locked, plan, recorder, done);
    const invalidation = await invalidateRollback(locked, targets, keys);
    invalidations = invalidation.outcomes;
    done.invalidated = invalidation.outcomes.every((outcome) => outcome.accepted);
    // The restored objects carry the target deploy's headers: its rules are the ones applied.
    const finished: DeployState = {
      ...stateFor(settings),
      headerRules: plan.target.headerRules ?? '',
      acl: plan.target.acl,
      pendingInvalidation: done.invalidated ? [] : keys.invalidation,
      deployId,
    };
    // As for a deploy: the record first, then the state with the lock released (deploy.ts).
    await recorder.finish('complete');
    const unrecorded = await lock.release(finished);
    if (invalidation.failure) throw invalidation.failure;
    if (unrecorded === undefined) return resultOf();
    const warning = unrecordedWarning(settings, unrecorded, done, invalidations.length > 0);
    logger.warning(warning);
    return resultOf({ unrecorded: warning });
  } catch (error) {
    await recorder.finish('failed').catch(() => {});
    throw new DeployFailure(
      resultOf({ failure: { message: errorMessage(error), ...done } }),
      error,
    );
  } finally {
    await lock.release(undefined);
  }
}

/**
 * The plan, made when no other deploy holds the lock: while one does, it waits (as a deploy does,
 * up to lock-timeout) and plans again, since that deploy changed the bucket.
 */
async function plannedWhenFree(context: DeployContext, mine: LockHolder) {
  const timing = context.lockTiming ?? LOCK_TIMING;
  const deadline = context.now() + context.settings.lockTimeoutSeconds * 1000;
  const plan = (title: string) => context.logger.group(title, () => planFor(context));
  let planned = await plan('Planning the rollback');
  let seen = seenLock(planned.stored, context.now());
  while (whyFree(seen, mine, context.now(), timing) === undefined) {
    seen = await waitForLock(context, seen, mine, deadline, timing);
    planned = await plan('Planning the rollback again');
    seen = seenLock(planned.stored, context.now(), seen);
  }
  return planned;
}

/** The lock and the keys about to change in one write, conditional on the state planned from. */
async function lockWithIntent(
  context: DeployContext,
  stored: StoredState,
  keys: readonly string[],
  deployId: string,
  lock: LockHolder,
): Promise<DeployLock> {
  const intent: DeployState = {
    ...(stored.state ?? { ...stateFor(context.settings), headerRules: '' }),
    pendingInvalidation: keys,
    deployId,
    lock,
  };
  const taken = await takeLock(context, stored.etag, intent, context.lockTiming ?? LOCK_TIMING);
  if (taken) return taken;
  throw new DeployError(
    'Another deploy wrote to the bucket while the rollback was planned: nothing was written. Run the rollback again.',
  );
}

/** Everything read before anything is written: the records, the versions, and the plan. */
async function planFor(context: DeployContext) {
  const { settings } = context;
  const own = new Map<string, string>();
  const [, stored] = await Promise.all([listRemoteObjects(context, own), readState(context)]);
  if (stored.refused !== undefined && own.has(STATE_FILE_NAME)) throw stored.refused;
  const ids = recordIds(own.keys());
  const targetId = rollbackTarget(settings, ids);
  refuseWithoutVersioning(settings, await versioningStatus(context));
  const records = await readRecords(context, ids);
  refuseTarget(records, targetId, ids);
  const versions = await listObjectVersions(context);
  const plan = planRollback({
    records,
    targetId,
    versions: versions.site,
    targetWrittenAt: versions.own.get(recordName(targetId))?.[0]?.lastModified ?? 0,
    force: settings.rollbackForce,
    acl: settings.acl,
  });
  // The newest complete record's ETags stay true for every key the rollback leaves alone.
  const latest = [...records].reverse().find((record) => record.status === 'complete');
  return { plan, stored, ids, carried: { ...latest?.etags } };
}

/** The keys the rollback changes, plus those an earlier deploy left to invalidate. */
function keysOf(settings: Settings, plan: RollbackPlan, state: DeployState | undefined) {
  const changed = [...plan.restores.map((r) => r.key), ...plan.deletes.map((d) => d.key)];
  const changedSet = new Set(changed);
  const pending = invalidates(settings)
    ? (state?.pendingInvalidation ?? []).filter((key) => !changedSet.has(key))
    : [];
  const invalidation = [...changed, ...pending];
  return {
    changed,
    invalidation,
    fullKeys: invalidation.map((key) => settings.prefix + key),
    carriedOver: new Set(pending.map((key) => settings.prefix + key)),
  };
}

async function removeAdded(
  context: DeployContext,
  plan: RollbackPlan,
  recorder: DeployRecorder,
  done: { deleted: number },
): Promise<void> {
  if (plan.deletes.length === 0) return;
  await context.logger.group(`Deleting ${plan.deletes.length} objects later deploys added`, () =>
    deleteAll(context, plan.deletes),
  );
  recorder.removed(plan.deletes.map((removal) => removal.key));
  done.deleted = plan.deletes.length;
}

async function invalidateRollback(
  context: DeployContext,
  targets: readonly DistributionTarget[],
  keys: ReturnType<typeof keysOf>,
) {
  if (targets.length === 0) return { outcomes: [], failure: undefined };
  return context.logger.group('Invalidating', () =>
    invalidateAll(context, targets, keys.fullKeys, keys.carriedOver),
  );
}

/** Assets first, pages last, as a deploy writes them: a page never links what is not back yet. */
async function restoreAll(
  context: DeployContext,
  plan: RollbackPlan,
  recorder: DeployRecorder,
  done: { uploaded: number },
): Promise<void> {
  for (const pages of [false, true]) {
    const restores = plan.restores.filter((restore) => isPage(restore.key) === pages);
    if (restores.length === 0) continue;
    await context.logger.group(`Restoring ${restores.length} ${pages ? 'pages' : 'files'}`, () =>
      mapConcurrent(restores, context.settings.concurrency, async (restore) => {
        const written = await restoreVersion(context, restore);
        recorder.wrote(restore.key, written, { md5: restore.md5 ?? '', size: restore.size });
        done.uploaded += 1;
        context.logger.info(`Restored ${restore.key} (version ${restore.versionId})`);
      }),
    );
  }
}

function plannedRestores(plan: RollbackPlan) {
  return [
    ...plan.restores.map((restore) => ({
      key: restore.key,
      action: 'restore' as const,
      before: restore.before,
    })),
    ...plan.deletes.map((removal) => ({
      key: removal.key,
      action: 'delete' as const,
      before: { etag: removal.etag, size: removal.size },
    })),
  ];
}
