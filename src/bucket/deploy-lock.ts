import { randomBytes } from 'node:crypto';
import type { DeployContext, LockTiming } from '../aws/context.js';
import { DeployError, errorMessage } from '../base/errors.js';
import {
  conditionsWork,
  isPreconditionFailed,
  probeIgnoredConditions,
  writeOwnObject,
} from './own-objects.js';
import {
  type DeployState,
  type LockHolder,
  readState,
  STATE_FILE_NAME,
  type StoredState,
  stateBody,
} from './state.js';

export const LOCK_TIMING: LockTiming = { heartbeatMs: 15_000, staleMs: 60_000, pollMs: 5_000 };

// After a cancel (SIGINT, then SIGTERM 7.5 s later on the runner), writes in flight get this long
// to end before the lock is released anyway and the process exits.
const CANCEL_GRACE_MS = 4_000;

/** The lock as a waiter saw it: the state object's ETag, its holder, and since when. */
export interface SeenLock {
  readonly etag: string | undefined;
  readonly holder: LockHolder | undefined;
  /** When this waiter first saw that ETag, by its own clock. */
  readonly since: number;
  readonly lastModified: number | undefined;
  /** The object's age by the server's own clock (its Date header minus LastModified). */
  readonly ageMs: number | undefined;
}

export type FreeBecause = 'free' | 'stale' | 'earlier attempt';

export function seenLock(stored: StoredState, now: number, before?: SeenLock): SeenLock {
  const since = before && before.etag === stored.etag ? before.since : now;
  return {
    etag: stored.etag,
    holder: stored.state?.lock,
    since,
    lastModified: stored.lastModified,
    ageMs: stored.ageMs,
  };
}

/** Why the lock may be taken: no holder, one that died, or an earlier attempt of this run. */
export function whyFree(
  seen: SeenLock,
  mine: LockHolder,
  now: number,
  timing: LockTiming,
): FreeBecause | undefined {
  if (seen.holder === undefined) return 'free';
  // Unchanged for staleMs by the waiter's clock, or by the server's: the holder stopped renewing.
  if (now - seen.since >= timing.staleMs) return 'stale';
  if (seen.ageMs !== undefined && seen.ageMs >= timing.staleMs) return 'stale';
  // Last modified by S3's clock against ours (no Date header): allow for skew.
  if (seen.lastModified !== undefined && now - seen.lastModified > 5 * timing.staleMs)
    return 'stale';
  const { run, attempt } = seen.holder;
  // A re-run starts only after the earlier attempt ended: that attempt's lock is dead.
  const earlier =
    mine.run !== undefined &&
    run === mine.run &&
    typeof attempt === 'number' &&
    attempt < (mine.attempt ?? 0);
  return earlier ? 'earlier attempt' : undefined;
}

export function newHolder(context: DeployContext): LockHolder {
  return {
    owner: randomBytes(8).toString('hex'),
    ...runOf(process.env),
    started: new Date(context.now()).toISOString(),
    beat: 0,
  };
}

function runOf(env: NodeJS.ProcessEnv): Pick<LockHolder, 'run' | 'attempt'> {
  if (!env.GITHUB_RUN_ID) return {};
  return {
    run: `${env.GITHUB_REPOSITORY ?? ''}#${env.GITHUB_RUN_ID}`,
    attempt: Number(env.GITHUB_RUN_ATTEMPT ?? '1'),
  };
}

export function describeHolder(holder: LockHolder | undefined): string {
  const { run, attempt, started } = holder ?? {};
  const who = run ? `run ${run}${attempt ? ` attempt ${attempt}` : ''}` : 'a deploy';
  return started ? `${who}, started ${started}` : who;
}

/**
 * Waits while another deploy holds the lock, reading only the state object, with a backoff
 * (equal jitter, doubling from pollMs/8 up to pollMs): at most 4 + lock-timeout / (pollMs/2)
 * reads, 243 for the default 600 s. Returns the lock as last seen once it may be taken; throws
 * at the deadline, having written nothing.
 */
export async function waitForLock(
  context: DeployContext,
  first: SeenLock,
  mine: LockHolder,
  deadline: number,
  timing: LockTiming,
): Promise<SeenLock> {
  const { logger, settings } = context;
  const started = context.now();
  logger.info(`Waiting for another deploy to finish (${describeHolder(first.holder)}).`);
  let seen = first;
  for (let round = 0; ; round++) {
    if (context.now() >= deadline) {
      throw new DeployError(
        `Another deploy of s3://${settings.bucket}/${settings.prefix} is in progress (${describeHolder(seen.holder)}): waited ${Math.round((context.now() - started) / 1000)} s, the "lock-timeout". Nothing was written. Re-run once it has finished, or give the workflow a "concurrency:" group so deploys queue.`,
      );
    }
    await context.sleep(Math.min(backoffMs(round, timing.pollMs), deadline - context.now()));
    seen = seenLock(await readState(context), context.now(), seen);
    if (whyFree(seen, mine, context.now(), timing)) return seen;
  }
}

/** Equal jitter: half the ceiling plus a random half; the ceiling doubles from max/8 to max. */
export function backoffMs(round: number, maxMs: number, random = Math.random): number {
  const ceiling = Math.min(maxMs, (maxMs / 8) * 2 ** round);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * Takes the lock and records the intent in one write, conditional on the state object being
 * what the survey read (its ETag, or absent). Undefined when another deploy wrote first.
 */
export async function takeLock(
  context: DeployContext,
  stateEtag: string | undefined,
  intent: DeployState,
  timing: LockTiming,
): Promise<DeployLock | undefined> {
  if (intent.lock === undefined) throw new Error('an intent without a lock holder');
  const body = stateBody(intent);
  try {
    const etag = await writeOwn(context, body, stateEtag ? { etag: stateEtag } : 'absent');
    return new DeployLock(context, etag, intent, timing);
  } catch (error) {
    if (isPreconditionFailed(error)) return undefined;
    throw error;
  }
}

function writeOwn(
  context: DeployContext,
  body: string,
  condition: { etag: string } | 'absent',
): Promise<string> {
  // The lock's own writes are not site writes: they must not wait on the lock itself.
  return writeOwnObject({ ...context, beforeWrite: undefined }, STATE_FILE_NAME, body, condition);
}

/**
 * A deploy's hold on bucket + prefix: the state object with a `lock` field. The holder renews
 * it (a heartbeat that also shows the intent is still current), and releasing writes the final
 * state without the field. Every write is conditional on the ETag of the previous one.
 */
export class DeployLock {
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<unknown> = Promise.resolve();
  private lost: DeployError | undefined;
  private cancelled: DeployError | undefined;
  private released: Promise<unknown> | undefined;
  private lastBeat: number;
  private readonly onSignal = (signal: NodeJS.Signals) => {
    if (this.cancelled) return;
    this.cancelled = new DeployError(
      `The job was cancelled (${signal}) during the deploy: it stopped writing and released the deploy lock. A re-run finishes the job and invalidates every changed path.`,
    );
    this.context.logger.warning(this.cancelled.message);
    setTimeout(() => {
      this.release(undefined).finally(() => process.exit(1));
    }, CANCEL_GRACE_MS).unref();
  };

  constructor(
    private readonly context: DeployContext,
    private etag: string,
    private state: DeployState,
    private readonly timing: LockTiming,
  ) {
    this.lastBeat = context.now();
    this.timer = setInterval(() => this.serially(() => this.beat()), timing.heartbeatMs);
    this.timer.unref();
    process.on('SIGINT', this.onSignal);
    process.on('SIGTERM', this.onSignal);
    // Once per run, off the critical path: does the endpoint ignore conditions altogether?
    this.serially(() => probeIgnoredConditions(context, STATE_FILE_NAME, stateBody(state)));
  }

  /** Throws once another deploy may have taken the lock over: this one must not write any more. */
  assertHeld(): void {
    if (this.cancelled) throw this.cancelled;
    if (this.lost) throw this.lost;
    if (this.context.now() - this.lastBeat > this.timing.staleMs) {
      this.lost = new DeployError(
        `The deploy lock in ${this.name()} could not be renewed for ${Math.round(this.timing.staleMs / 1000)} s, so another deploy may have taken it over: this deploy stopped writing. Re-run to finish.`,
      );
      throw this.lost;
    }
  }

  /** Whether the lock keeps deploys apart (false: the endpoint has no working conditions). */
  get enforced(): boolean {
    return conditionsWork(this.context);
  }

  private name(): string {
    return `s3://${this.context.settings.bucket}/${this.context.settings.prefix}${STATE_FILE_NAME}`;
  }

  private serially<T>(write: () => Promise<T>): Promise<T> {
    const turn = this.chain.then(write);
    this.chain = turn.catch(() => {});
    return turn;
  }

  private async beat(): Promise<void> {
    if (this.lost || this.timer === undefined || !this.state.lock) return;
    const state = { ...this.state, lock: { ...this.state.lock, beat: this.state.lock.beat + 1 } };
    try {
      await this.write(state);
      this.lastBeat = this.context.now();
    } catch (error) {
      if (isPreconditionFailed(error)) {
        this.lost = new DeployError(
          `Another deploy took over the deploy lock in ${this.name()} (it thought this one had died): this deploy stopped writing. Re-run to finish, and make deploys of one site wait for each other with a "concurrency:" group.`,
        );
      } else {
        this.context.logger.debug(`Renewing the deploy lock failed: ${errorMessage(error)}`);
      }
    }
  }

  private async write(state: DeployState): Promise<void> {
    this.etag = await writeOwn(this.context, stateBody(state), { etag: this.etag });
    this.state = state;
  }

  /**
   * Records the final state and frees the lock, in one write (once). Without a final state (a
   * failure or a cancel) the intent stays recorded and only the lock is removed. Resolves to
   * the error when that write failed (the lock then goes stale; the intent is still there).
   */
  release(final: DeployState | undefined): Promise<unknown> {
    this.released ??= this.releaseOnce(final);
    return this.released;
  }

  private async releaseOnce(final: DeployState | undefined): Promise<unknown> {
    process.off('SIGINT', this.onSignal);
    process.off('SIGTERM', this.onSignal);
    clearInterval(this.timer);
    this.timer = undefined;
    return this.serially(async () => {
      if (this.lost) return this.lost;
      const { lock: _, ...unlocked } = final ?? this.state;
      try {
        await this.write(unlocked);
        return undefined;
      } catch (error) {
        return error;
      }
    });
  }
}
