import type { DeployContext } from '../aws/context.js';
import { DeployError } from '../base/errors.js';
import {
  backoffMs,
  type DeployLock,
  describeHolder,
  type FreeBecause,
  LOCK_TIMING,
  newHolder,
  type SeenLock,
  seenLock,
  takeLock,
  waitForLock,
  whyFree,
} from '../bucket/deploy-lock.js';
import { newDeployId } from '../bucket/deploy-record.js';
import { type DeployState, type LockHolder, stateFor } from '../bucket/state.js';
import { type DistributionTarget, resolveDistributions } from '../cloudfront/distributions.js';
import { invalidates, needsInvalidation } from '../cloudfront/origins.js';
import type { Settings } from '../inputs/settings.js';
import { type DeployPlan, planDeploy } from './deploy-plan.js';
import { type Survey, survey } from './survey.js';

// The plan a deploy writes from, made under the deploy lock: deploy.ts calls lockForPlan once
// the first plan has something to write.

// Lost races for the lock before giving up (each one waits a backoff and plans again).
const MAX_LOST_RACES = 5;
// Listings again because the state moved while the bucket was listed, before going on anyway.
const MAX_RELISTS = 3;

/** A survey, its plan, and the distributions it invalidates (read once). */
export interface Planned {
  readonly found: Survey;
  readonly plan: DeployPlan;
  readonly targets: readonly DistributionTarget[] | undefined;
}

/**
 * A write sent beside the lock's own (the deploy record's "started"): the deploy awaits it before
 * its first site write; it is withdrawn when the lock is lost, since that attempt writes nothing.
 */
export interface BesideLock {
  readonly written: Promise<void>;
  withdraw(): Promise<void>;
}

/**
 * Takes the deploy lock with the intent in one conditional write on the state the plan was made
 * from. While another deploy holds the lock it waits (reading only the state), then lists and
 * plans again, since the bucket changed; a lost race (412) also plans again. Without a lock in
 * the result, a fresh plan found nothing left to do.
 */
export async function lockForPlan<Beside extends BesideLock>(
  context: DeployContext,
  first: Planned,
  beside?: (attempt: Planned, deployId: string) => Beside | undefined,
): Promise<Planned & { lock: DeployLock | undefined; deployId: string; beside?: Beside }> {
  const timing = context.lockTiming ?? LOCK_TIMING;
  const deadline = context.now() + context.settings.lockTimeoutSeconds * 1000;
  const mine = newHolder(context);
  let current = first;
  let seen: SeenLock | undefined;
  for (let lostRaces = 0, relisted = 0; ; ) {
    const { found } = current;
    seen = seenLock(found.stored, context.now(), seen);
    const why = whyFree(seen, mine, context.now(), timing);
    if (why === undefined) {
      seen = await waitForLock(context, seen, mine, deadline, timing);
      current = await replan(
        context,
        current,
        'The other deploy finished: listing the bucket again.',
      );
    } else if (found.listedStateEtag !== found.stateEtag && relisted < MAX_RELISTS) {
      // A server whose listing shows ETags differently would never agree: the conditional take
      // still keeps deploys apart, so after a few tries it goes on.
      relisted += 1;
      current = await replan(
        context,
        current,
        'A deploy wrote while the bucket was listed: listing it again.',
      );
    } else {
      // The ID of this deploy's record, later than every recorded one (bucket/deploy-record.ts).
      const deployId = newDeployId(context.now(), found.recordIds.at(-1));
      const intent = intentOf(context, found.state, current.plan, deployId, mine);
      // Beside the lock, not after it: the first site write waits for both.
      const alongside = beside?.(current, deployId);
      const [taking, writing] = await Promise.allSettled([
        takeLock(context, found.stateEtag, intent, timing),
        alongside?.written,
      ]);
      const lock = taking.status === 'fulfilled' ? taking.value : undefined;
      if (lock) {
        if (why !== 'free') warnTakeover(context, seen, why);
        return { ...current, lock, deployId, ...(alongside ? { beside: alongside } : {}) };
      }
      if (alongside && writing.status === 'fulfilled') await alongside.withdraw();
      if (taking.status === 'rejected') throw taking.reason;
      lostRaces += 1;
      if (lostRaces > MAX_LOST_RACES || context.now() >= deadline) {
        throw new DeployError(
          `Other deploys of s3://${context.settings.bucket}/${context.settings.prefix} kept writing its state first (${lostRaces} times): nothing was written. Give the workflow a "concurrency:" group so deploys queue.`,
        );
      }
      await context.sleep(backoffMs(lostRaces, timing.pollMs));
      current = await replan(
        context,
        current,
        'Another deploy changed the bucket since it was listed: listing it again.',
      );
    }
    if (!hasWork(context, current)) return { ...current, lock: undefined, deployId: '' };
  }
}

async function replan(context: DeployContext, before: Planned, why: string): Promise<Planned> {
  context.logger.info(why);
  const found = await survey(context);
  const plan = await context.logger.group('Planning again', () => planDeploy(context, found));
  return { found, plan, targets: await targetsFor(context, plan, before.targets) };
}

function warnTakeover(context: DeployContext, seen: SeenLock, why: FreeBecause | undefined): void {
  const reason =
    why === 'earlier attempt'
      ? 'an earlier attempt of this workflow run, which has ended'
      : 'it had not been renewed for a minute or more, so that deploy had stopped';
  context.logger.warning(`Took over the deploy lock of ${describeHolder(seen.holder)}: ${reason}.`);
}

/** The distributions to invalidate, read once, the first time the plan has anything for them. */
export async function targetsFor(
  context: DeployContext,
  plan: DeployPlan,
  resolved: readonly DistributionTarget[] | undefined,
): Promise<readonly DistributionTarget[] | undefined> {
  if (resolved !== undefined) return resolved;
  const { fullKeys } = invalidationTargetsOf(context.settings, plan);
  return needsInvalidation(context.settings, fullKeys) ? resolveDistributions(context) : undefined;
}

/** The keys to invalidate with the prefix (as CloudFront origins see them), and those carried over. */
export function invalidationTargetsOf(settings: Settings, plan: DeployPlan) {
  return {
    fullKeys: plan.invalidationKeys.map((key) => settings.prefix + key),
    carriedOver: new Set(plan.carriedOverKeys.map((key) => settings.prefix + key)),
  };
}

export function hasWork(
  context: DeployContext,
  { found, plan }: Omit<Planned, 'targets'>,
): boolean {
  const { settings } = context;
  const { sync } = plan;
  return (
    sync.uploads.length + sync.headerUpdates.length + sync.deletes.length > 0 ||
    needsInvalidation(settings, invalidationTargetsOf(settings, plan).fullKeys) ||
    plan.stateOutdated ||
    leftLocked(context, found)
  );
}

/**
 * A lock left by a deploy that ended without writing its last state (it failed, or was killed)
 * and is dead by now (stale on sight, or an earlier attempt of this run): a re-run frees it even
 * when nothing else changed. A live holder's lock is left alone. No lock: no cost.
 */
function leftLocked(context: DeployContext, found: Survey): boolean {
  if (found.state?.lock === undefined) return false;
  const timing = context.lockTiming ?? LOCK_TIMING;
  const now = context.now();
  const why = whyFree(seenLock(found.stored, now), newHolder(context), now, timing);
  return why === 'stale' || why === 'earlier attempt';
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
  lock: LockHolder,
): DeployState {
  const base = previous ?? { ...stateFor(context.settings), headerRules: '' };
  return {
    ...base,
    pendingInvalidation: invalidates(context.settings) ? plan.invalidationKeys : [],
    deployId,
    lock,
  };
}
