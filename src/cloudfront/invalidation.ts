import { randomBytes } from 'node:crypto';
import { awsErrorName, sdkErrorOf } from '../aws/aws-errors.js';
import { cloudFrontCall, type DeployContext } from '../aws/context.js';
import { CLOUDFRONT_API } from '../aws/fast-cloudfront.js';
import { isTransientError, type RetryOptions } from '../aws/retry.js';
import { DeployError, errorMessage } from '../base/errors.js';
import { STATE_FILE_NAME } from '../bucket/state.js';
import { invalidationBatchXml, invalidationIdOf } from './cloudfront-xml.js';
import { MAX_PATHS_PER_REQUEST } from './invalidation-paths.js';
import {
  type DistributionPlan,
  type DistributionTarget,
  planDistributionInvalidations,
  type TargetSettings,
} from './origins.js';

/** What happened on one distribution: its plan, and what CloudFront made of it. */
export interface DistributionInvalidation extends DistributionPlan {
  /** Invalidation IDs, one per batch of up to 3,000 paths; empty in a dry run. */
  readonly ids: readonly string[];
  /** Seconds spent waiting for completion, when wait-for-invalidation is on. */
  readonly waitedSeconds: number | undefined;
  /** True when CloudFront accepted every batch (or there was nothing to send). */
  readonly accepted: boolean;
  /** Why this distribution's invalidation failed (not accepted, or waiting for it failed). */
  readonly error?: string;
}

export interface InvalidationRun {
  readonly outcomes: readonly DistributionInvalidation[];
  /** Every distribution's failure in one error; undefined when all went well. */
  readonly failure: DeployError | undefined;
}

const TOO_MANY_IN_PROGRESS = 'TooManyInvalidationsInProgress';
// Past this many paths the retry command in an error message offers `/*` instead of the list.
const MAX_PATHS_IN_COMMAND = 50;

/**
 * The CallerReference of one batch of one deploy. It stays the same on every retry of that
 * request, so a request whose response was lost is answered with the invalidation it created
 * rather than a duplicate. It is new for every deploy: CloudFront answers a reused reference with
 * the old invalidation, which may predate this deploy's uploads.
 */
export function callerReference(
  deployId: string,
  batch: number,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const run = env.GITHUB_RUN_ID ? `${env.GITHUB_RUN_ID}-${env.GITHUB_RUN_ATTEMPT ?? '1'}` : 'local';
  return `s3-cf-sync-${run}-${deployId}-${batch}`;
}

/** What a dry run reports: each distribution's plan, nothing sent. */
export function plannedInvalidations(
  settings: TargetSettings,
  targets: readonly DistributionTarget[],
  keys: readonly string[],
  carriedOver: ReadonlySet<string>,
): DistributionInvalidation[] {
  return planDistributionInvalidations(settings, targets, keys, carriedOver).map((plan) => ({
    ...plan,
    ids: [],
    waitedSeconds: undefined,
    accepted: false,
  }));
}

/**
 * Invalidates the changed keys (full keys, prefix included) on every target, each with its own
 * mapping and its own invalidation; one failing does not stop the others. Nothing is thrown:
 * the caller may forget the recorded keys only when every outcome is `accepted`.
 * TooManyInvalidationsInProgress, throttling and 5xx are retried with backoff;
 * `invalidation-timeout` bounds the retries and the waits together.
 */
export async function invalidateAll(
  context: DeployContext,
  targets: readonly DistributionTarget[],
  keys: readonly string[],
  carriedOver: ReadonlySet<string>,
): Promise<InvalidationRun> {
  const deadline = context.now() + context.settings.invalidationTimeoutSeconds * 1000;
  const plans = planDistributionInvalidations(context.settings, targets, keys, carriedOver);
  const errors: DeployError[] = [];
  const sent: DistributionInvalidation[] = [];
  for (const [index, plan] of plans.entries()) {
    context.logger.progress?.({
      phase: 'invalidating',
      done: index,
      total: plans.length,
      detail: `${plan.paths.length} path${plan.paths.length === 1 ? '' : 's'} on ${plan.distribution}`,
    });
    sent.push(await send(context, plan, deadline, errors));
  }
  const outcomes: DistributionInvalidation[] = [];
  for (const outcome of sent) outcomes.push(await waitFor(context, outcome, deadline, errors));
  return { outcomes, failure: combined(errors) };
}

async function send(
  context: DeployContext,
  plan: DistributionPlan,
  deadline: number,
  errors: DeployError[],
): Promise<DistributionInvalidation> {
  const ids: string[] = [];
  const base = { ...plan, ids, waitedSeconds: undefined };
  if (plan.paths.length === 0) return { ...base, accepted: true };
  try {
    await sendBatches(context, plan.distribution, plan.paths, deadline, ids);
    return { ...base, accepted: true };
  } catch (error) {
    const failure = notInvalidated(context, plan, ids, error);
    errors.push(failure);
    return { ...base, accepted: false, error: failure.message };
  }
}

async function waitFor(
  context: DeployContext,
  outcome: DistributionInvalidation,
  deadline: number,
  errors: DeployError[],
): Promise<DistributionInvalidation> {
  if (!context.settings.waitForInvalidation || !outcome.accepted || outcome.ids.length === 0) {
    return outcome;
  }
  try {
    const waitedSeconds = await waitForAll(context, outcome.distribution, outcome.ids, deadline);
    return { ...outcome, waitedSeconds };
  } catch (error) {
    const failure =
      error instanceof DeployError ? error : new DeployError(errorMessage(error), { cause: error });
    errors.push(failure);
    return { ...outcome, error: failure.message };
  }
}

function combined(errors: readonly DeployError[]): DeployError | undefined {
  if (errors.length <= 1) return errors[0];
  return new DeployError(errors.map((error) => error.message).join('\n\n'), {
    cause: errors[0],
  });
}

async function sendBatches(
  context: DeployContext,
  distribution: string,
  paths: readonly string[],
  deadline: number,
  ids: string[],
): Promise<void> {
  const { logger } = context;
  // A new reference for every distribution and deploy, the same on every retry of one batch.
  const deployId = randomBytes(6).toString('hex');
  // The whole list is a long line; a terminal shows it with --verbose, the summary lists it.
  logger.detail(`Invalidating ${pathList(paths)} on CloudFront ${distribution}.`);
  for (let start = 0; start < paths.length; start += MAX_PATHS_PER_REQUEST) {
    const batch = paths.slice(start, start + MAX_PATHS_PER_REQUEST);
    const CallerReference = callerReference(deployId, start / MAX_PATHS_PER_REQUEST + 1);
    const input = {
      DistributionId: distribution,
      InvalidationBatch: { CallerReference, Paths: { Quantity: batch.length, Items: [...batch] } },
    };
    const response = await cloudFrontCall(
      context,
      'CreateInvalidation',
      distribution,
      async () => {
        const fast = await context.fastCloudFront?.post(
          `${CLOUDFRONT_API}/distribution/${distribution}/invalidation`,
          invalidationBatchXml(CallerReference, batch),
        );
        const fastId = fast && invalidationIdOf(fast.body.toString('utf8'));
        // Sent again through the SDK when ours was not understood: the same CallerReference
        // makes CloudFront answer with the invalidation it created, not a second one.
        if (fastId) return { Invalidation: { Id: fastId } };
        return context.cloudFront.call((client, sdk) =>
          client.send(new sdk.CreateInvalidationCommand(input)),
        );
      },
      creationRetry(context, deadline),
    );
    const id = response.Invalidation?.Id;
    if (!id) throw new Error('CloudFront accepted the invalidation but returned no ID.');
    ids.push(id);
    logger.info(`Invalidation ${id} created on ${distribution} for ${batch.length} path(s).`);
  }
}

function creationRetry(context: DeployContext, deadline: number): RetryOptions {
  return {
    attempts: Number.POSITIVE_INFINITY,
    baseDelayMs: 2_000,
    maxDelayMs: 60_000,
    deadlineMs: Math.max(0, deadline - context.now()),
    sleep: context.sleep,
    now: context.now,
    isRetryable: (error) => isTransientError(error) || awsErrorName(error) === TOO_MANY_IN_PROGRESS,
  };
}

/** The files are written but not invalidated: says why, and what to run once the cause is fixed. */
function notInvalidated(
  context: DeployContext,
  plan: DistributionPlan,
  created: readonly string[],
  error: unknown,
): DeployError {
  const { settings } = context;
  const { distribution, paths } = plan;
  const timeout = `invalidation-timeout (${settings.invalidationTimeoutSeconds} s)`;
  // Retryable errors are retried until the deadline: one that ends the retries means time ran out.
  const reason =
    awsErrorName(error) === TOO_MANY_IN_PROGRESS
      ? `CloudFront distribution ${distribution} still had too many invalidations in progress ` +
        `(TooManyInvalidationsInProgress) when ${timeout} ran out: it allows 3,000 file paths and ` +
        '15 wildcard paths in progress at once, counting other deploys. Raise invalidation-timeout ' +
        'to wait longer.'
      : isTransientError(sdkErrorOf(error))
        ? `${errorMessage(error)}
CloudFront was still failing when ${timeout} ran out.`
        : errorMessage(error);
  const partial =
    created.length > 0 ? ` Invalidation(s) ${created.join(', ')} were created before that.` : '';
  return new DeployError(
    `${reason}\nThe files are deployed, but the invalidation on CloudFront distribution ` +
      `${distribution} failed, so it keeps serving cached copies until they expire.${partial} ` +
      `The paths stay recorded in ${settings.prefix}${STATE_FILE_NAME}: the next deploy (a ` +
      're-run will do) sends them again. To invalidate now instead, run:\n' +
      retryCommand(distribution, paths),
    { cause: error },
  );
}

function retryCommand(distribution: string, paths: readonly string[]): string {
  const listed = paths.length <= MAX_PATHS_IN_COMMAND;
  const command = `aws cloudfront create-invalidation --distribution-id ${distribution} --paths ${(listed
    ? paths
    : ['/*']
  )
    .map(shellQuote)
    .join(' ')}`;
  return listed ? command : `${command}\n(or the ${paths.length} paths listed above in the log)`;
}

function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

function pathList(paths: readonly string[]): string {
  const shown = paths.slice(0, MAX_PATHS_IN_COMMAND).join(' ');
  const more =
    paths.length > MAX_PATHS_IN_COMMAND ? ` and ${paths.length - MAX_PATHS_IN_COMMAND} more` : '';
  return `${paths.length} path(s): ${shown}${more}`;
}

/** Polls every invalidation until it completes, with growing pauses, until the deadline. */
async function waitForAll(
  context: DeployContext,
  distribution: string,
  ids: readonly string[],
  deadline: number,
): Promise<number> {
  const started = context.now();
  const seconds = (ms: number) => Math.round(ms / 1000);
  let delay = 5_000;
  for (const [index, id] of ids.entries()) {
    for (;;) {
      const status = await invalidationStatus(context, distribution, id);
      if (status === 'Completed') break;
      context.logger.progress?.({
        phase: 'waiting for CloudFront',
        done: index,
        total: ids.length,
        detail: `${id} on ${distribution} is ${status}`,
      });
      const waited = seconds(context.now() - started);
      if (context.now() + delay > deadline) {
        throw new DeployError(
          `Invalidation ${id} on ${distribution} is still in progress after waiting ${waited} s: ` +
            `invalidation-timeout (${context.settings.invalidationTimeoutSeconds} s) ran out. The files ` +
            'are deployed and CloudFront will finish the invalidation on its own; raise ' +
            'invalidation-timeout to wait longer, or set wait-for-invalidation to false.',
        );
      }
      context.logger.detail(
        `Invalidation ${id} on ${distribution} is ${status}; waited ${waited} s, next check in ${seconds(delay)} s.`,
      );
      await context.sleep(delay);
      delay = Math.min(delay * 1.5, 20_000);
    }
  }
  return seconds(context.now() - started);
}

async function invalidationStatus(
  context: DeployContext,
  distribution: string,
  id: string,
): Promise<string> {
  try {
    const response = await cloudFrontCall(context, 'GetInvalidation', distribution, () =>
      context.cloudFront.call((client, sdk) =>
        client.send(new sdk.GetInvalidationCommand({ DistributionId: distribution, Id: id })),
      ),
    );
    return response.Invalidation?.Status ?? 'InProgress';
  } catch (error) {
    throw new DeployError(
      `${errorMessage(error)}\nInvalidation ${id} was created and the files are deployed; only waiting for it failed.`,
      { cause: error },
    );
  }
}
