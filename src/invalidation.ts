import { randomBytes } from 'node:crypto';
import {
  CreateInvalidationCommand,
  GetInvalidationCommand,
  ListInvalidationsCommand,
} from '@aws-sdk/client-cloudfront';
import { awsErrorName, isAccessDenied, sdkErrorOf } from './aws-errors.js';
import { awsCall, type DeployContext } from './context.js';
import { DeployError, errorMessage } from './errors.js';
import { MAX_PATHS_PER_REQUEST } from './invalidation-paths.js';
import { distributionArn } from './permissions.js';
import { isTransientError, type RetryOptions } from './retry.js';
import { STATE_FILE_NAME } from './state.js';

export interface InvalidationResult {
  readonly ids: readonly string[];
  /** Seconds spent waiting for completion, when wait-for-invalidation is on. */
  readonly waitedSeconds: number | undefined;
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

/**
 * Fails before anything is written when the distribution does not exist. ListInvalidations with
 * MaxItems 1 is the cheapest read of a distribution. Without permission for it the deploy goes
 * on with a warning: this check must not break a policy that allows CreateInvalidation only.
 */
export async function checkDistribution(context: DeployContext): Promise<void> {
  const { settings, logger } = context;
  if (settings.distribution === '') return;
  try {
    await awsCall(context, 'ListInvalidations', undefined, () =>
      context.cloudFront.send(
        new ListInvalidationsCommand({ DistributionId: settings.distribution, MaxItems: 1 }),
      ),
    );
  } catch (error) {
    // NoSuchDistribution and credential errors arrive explained; only a refusal is tolerated.
    if (!isAccessDenied(sdkErrorOf(error))) throw error;
    logger.warning(
      `Could not check that CloudFront distribution ${settings.distribution} exists before deploying: ` +
        `cloudfront:ListInvalidations on ${distributionArn(settings)} is not allowed. A wrong ID ` +
        'would only show after the upload. Add that permission (print-policy: true prints the policy).',
    );
  }
}

/**
 * Sends the paths in batches within the API limit. TooManyInvalidationsInProgress, throttling and
 * 5xx are retried with backoff; `invalidation-timeout` bounds the retries and the wait together.
 * Runs after the files are written, so every failure says so and how to invalidate by hand.
 */
export async function createInvalidations(
  context: DeployContext,
  paths: readonly string[],
): Promise<InvalidationResult> {
  const deadline = context.now() + context.settings.invalidationTimeoutSeconds * 1000;
  const ids: string[] = [];
  try {
    await sendBatches(context, paths, deadline, ids);
  } catch (error) {
    // The keys stay recorded in the state object: the next deploy sends them again.
    throw notInvalidated(context, paths, ids, error, true);
  }
  const waitedSeconds = context.settings.waitForInvalidation
    ? await waitForAll(context, ids, deadline)
    : undefined;
  return { ids, waitedSeconds };
}

async function sendBatches(
  context: DeployContext,
  paths: readonly string[],
  deadline: number,
  ids: string[],
): Promise<void> {
  const { settings, logger } = context;
  const deployId = randomBytes(6).toString('hex');
  logger.info(`Invalidating ${pathList(paths)} on CloudFront ${settings.distribution}.`);
  for (let start = 0; start < paths.length; start += MAX_PATHS_PER_REQUEST) {
    const batch = paths.slice(start, start + MAX_PATHS_PER_REQUEST);
    const CallerReference = callerReference(deployId, start / MAX_PATHS_PER_REQUEST + 1);
    const command = new CreateInvalidationCommand({
      DistributionId: settings.distribution,
      InvalidationBatch: { CallerReference, Paths: { Quantity: batch.length, Items: [...batch] } },
    });
    const response = await awsCall(
      context,
      'CreateInvalidation',
      undefined,
      () => context.cloudFront.send(command),
      creationRetry(context, deadline),
    );
    const id = response.Invalidation?.Id;
    if (!id) throw new Error('CloudFront accepted the invalidation but returned no ID.');
    ids.push(id);
    logger.info(`Invalidation ${id} created for ${batch.length} path(s).`);
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
  paths: readonly string[],
  created: readonly string[],
  error: unknown,
  remembered: boolean,
): DeployError {
  const { settings } = context;
  const timeout = `invalidation-timeout (${settings.invalidationTimeoutSeconds} s)`;
  // Retryable errors are retried until the deadline: one that ends the retries means time ran out.
  const reason =
    awsErrorName(error) === TOO_MANY_IN_PROGRESS
      ? `CloudFront distribution ${settings.distribution} still had too many invalidations in progress ` +
        `(TooManyInvalidationsInProgress) when ${timeout} ran out: it allows 3,000 file paths and ` +
        '15 wildcard paths in progress at once, counting other deploys. Raise invalidation-timeout ' +
        'to wait longer.'
      : isTransientError(sdkErrorOf(error))
        ? `${errorMessage(error)}
CloudFront was still failing when ${timeout} ran out.`
        : errorMessage(error);
  const partial =
    created.length > 0 ? ` Invalidation(s) ${created.join(', ')} were created before that.` : '';
  const retry = remembered
    ? `The paths are remembered in ${settings.prefix}${STATE_FILE_NAME}: the next deploy (a re-run ` +
      'will do) sends them again. To invalidate now instead, run:'
    : 'The invalidation must be retried: a re-run will not resend it, since the files are now ' +
      'unchanged. Once the cause is fixed, run:';
  return new DeployError(
    `${reason}\nThe files are deployed, but the invalidation failed, so CloudFront keeps serving ` +
      `cached copies until they expire.${partial} ${retry}\n` +
      retryCommand(settings.distribution, paths),
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
  ids: readonly string[],
  deadline: number,
): Promise<number> {
  const started = context.now();
  const seconds = (ms: number) => Math.round(ms / 1000);
  let delay = 5_000;
  for (const id of ids) {
    for (;;) {
      const status = await invalidationStatus(context, id);
      if (status === 'Completed') break;
      const waited = seconds(context.now() - started);
      if (context.now() + delay > deadline) {
        throw new DeployError(
          `Invalidation ${id} is still in progress after waiting ${waited} s: ` +
            `invalidation-timeout (${context.settings.invalidationTimeoutSeconds} s) ran out. The files ` +
            'are deployed and CloudFront will finish the invalidation on its own; raise ' +
            'invalidation-timeout to wait longer, or set wait-for-invalidation to false.',
        );
      }
      context.logger.info(
        `Invalidation ${id} is ${status}; waited ${waited} s, next check in ${seconds(delay)} s.`,
      );
      await context.sleep(delay);
      delay = Math.min(delay * 1.5, 20_000);
    }
  }
  return seconds(context.now() - started);
}

async function invalidationStatus(context: DeployContext, id: string): Promise<string> {
  const { distribution } = context.settings;
  try {
    const response = await awsCall(context, 'GetInvalidation', undefined, () =>
      context.cloudFront.send(new GetInvalidationCommand({ DistributionId: distribution, Id: id })),
    );
    return response.Invalidation?.Status ?? 'InProgress';
  } catch (error) {
    throw new DeployError(
      `${errorMessage(error)}\nInvalidation ${id} was created and the files are deployed; only waiting for it failed.`,
      { cause: error },
    );
  }
}
