import { DeployError } from '../base/errors.js';
import type { DeployRecord } from '../bucket/deploy-record.js';
import type { Settings } from '../inputs/settings.js';
import type { RollbackPlan } from './rollback-plan.js';

// A refusal names at most this many keys, then how many more.
const KEYS_NAMED = 20;

type Target = Pick<Settings, 'bucket' | 'prefix' | 'rollbackTo'>;

const where = (settings: Target) => `s3://${settings.bucket}/${settings.prefix}`;

/** The deploy to roll back to: the ID given, or for "previous" the one before the latest. */
export function rollbackTarget(settings: Target, ids: readonly string[]): string {
  const wanted = settings.rollbackTo;
  const there = ids.length
    ? `Recorded deploys: ${ids.slice(-5).reverse().join(', ')}${ids.length > 5 ? ', ...' : ''} (s3-cf-sync history ${where(settings)} lists them).`
    : 'No deploy is recorded there yet: only deploys by this version of the action, which record themselves, can be rolled back to.';
  if (wanted === 'previous') {
    const previous = ids[ids.length - 2];
    if (previous === undefined)
      throw new DeployError(
        `Cannot roll back ${where(settings)} to the previous deploy: fewer than two deploys are recorded. ${there}`,
        { badInput: true },
      );
    return previous;
  }
  if (!ids.includes(wanted))
    throw new DeployError(
      `Input "rollback-to" is invalid: no deploy ${JSON.stringify(wanted)} is recorded in ${where(settings)}. ${there}`,
      { badInput: true },
    );
  return wanted;
}

export function refuseWithoutVersioning(settings: Target, status: string): void {
  if (status === 'Enabled') return;
  const state = status === 'Suspended' ? 'is suspended' : 'was never turned on';
  throw new DeployError(
    `Cannot roll back: versioning of bucket "${settings.bucket}" ${state}, so S3 did not keep the versions a rollback copies back. Nothing was written. Turn it on with:\n  aws s3api put-bucket-versioning --bucket ${settings.bucket} --versioning-configuration Status=Enabled\nDeploys from then on can be rolled back (README: "Roll back the site").`,
  );
}

/** Only a deploy that finished has a "right after it" to go back to. */
export function refuseTarget(
  records: readonly DeployRecord[],
  targetId: string,
  ids: readonly string[],
): void {
  const target = records.find((record) => record.id === targetId);
  if (target === undefined)
    throw new DeployError(
      `Cannot roll back to ${targetId}: its record could not be read. Nothing was written.`,
    );
  if (target.status !== 'complete')
    throw new DeployError(
      `Cannot roll back to ${targetId}: that deploy did not finish (${target.status === 'failed' ? 'it failed' : 'it was stopped'}), so what it left is no state the site was meant to be in. Nothing was written. Choose a finished deploy (${ids.join(', ')}).`,
    );
}

/** Expired versions always refuse; keys another tool changed refuse unless forced. */
export function refuseUnsafeRollback(
  settings: Target & Pick<Settings, 'rollbackForce'>,
  plan: RollbackPlan,
): void {
  const id = plan.target.id;
  if (plan.missing.length > 0)
    throw new DeployError(
      `Cannot roll back ${where(settings)} to ${id}: ${plan.missing.length} recorded version(s) no longer exist (a lifecycle rule or a person deleted them): ${named(plan.missing)}. Nothing was written.`,
    );
  if (plan.foreign.length > 0 && !settings.rollbackForce) {
    const keys = plan.foreign.map(({ key, now }) =>
      now
        ? `${key} (now version ${now.versionId}, written ${new Date(now.lastModified).toISOString()})`
        : `${key} (now deleted)`,
    );
    throw new DeployError(
      `Cannot roll back ${where(settings)} to ${id}: ${plan.foreign.length} key(s) were changed by another tool since: ${named(keys)}. Rolling back would overwrite those changes. Nothing was written. To roll back anyway, run it again with --force (input rollback-force: true).`,
    );
  }
}

function named(keys: readonly string[]): string {
  const shown = keys.slice(0, KEYS_NAMED).join(', ');
  return keys.length > KEYS_NAMED ? `${shown} and ${keys.length - KEYS_NAMED} more` : shown;
}
