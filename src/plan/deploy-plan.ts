import type { DeployContext } from '../aws/context.js';
import { sameState, stateFor } from '../bucket/state.js';
import { readHeaders } from '../bucket/transfer.js';
import { invalidates } from '../cloudfront/origins.js';
import { Exclusion } from '../inputs/exclusion.js';
import { planHeaderUpdates, planSync, type SyncPlan, unchangedCount } from './plan.js';
import type { Survey } from './survey.js';

export interface DeployPlan {
  readonly sync: SyncPlan;
  /** Keys (under the prefix) this deploy writes or deletes. */
  readonly changedKeys: readonly string[];
  /** Changed keys plus those an earlier deploy recorded and did not see invalidated. */
  readonly invalidationKeys: readonly string[];
  /** The recorded keys that this deploy does not change itself. */
  readonly carriedOverKeys: readonly string[];
  /** The state object differs from what this deploy leaves (rules, ACL or pending keys). */
  readonly stateOutdated: boolean;
}

/** Content diff, then header drift (inspecting objects only when the rules changed). */
export async function planDeploy(context: DeployContext, found: Survey): Promise<DeployPlan> {
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
  const changed = new Set(changedKeys);
  const pending = found.state?.pendingInvalidation ?? [];
  const carriedOverKeys = invalidates(settings) ? pending.filter((key) => !changed.has(key)) : [];
  if (carriedOverKeys.length > 0) {
    logger.info(
      `${carriedOverKeys.length} path(s) changed by an earlier deploy that did not finish invalidating are invalidated now.`,
    );
  }
  const invalidationKeys = [...changedKeys, ...carriedOverKeys];
  return {
    sync,
    changedKeys,
    invalidationKeys,
    carriedOverKeys,
    stateOutdated: found.state === undefined || !sameState(found.state, desired),
  };
}
