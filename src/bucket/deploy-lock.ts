import { randomBytes } from 'node:crypto';
import type { DeployContext, LockTiming } from '../aws/context.js';
import { DeployError, errorMessage } from '../base/errors.js';
import { isPreconditionFailed, md5Hex, readOwnObject, writeOwnObject } from './state.js';

export const LOCK_FILE_NAME = '.s3-cf-sync.lock';
/** What a released lock holds: its ETag (an MD5) says "free" in a listing, unread. */
const RELEASED_BODY = '{"released":true}\n';
export const RELEASED_ETAG = md5Hex(RELEASED_BODY);

export const LOCK_TIMING: LockTiming = { heartbeatMs: 15_000, staleMs: 60_000, pollMs: 5_000 };

interface LockBody {
  readonly owner: string;
  /** `owner/repo#run_id` on a runner, so a re-run of the same run may take over at once. */
  readonly run?: string;
  readonly attempt?: number;
  readonly started: string;
  readonly beat: number;
  /** Set in a released lock (read when its ETag is not an MD5, as with SSE-KMS). */
  readonly released?: true;
}

interface SeenLock {
  readonly etag: string;
  readonly body: Partial<LockBody> | undefined;
  /** When this waiter first saw that ETag, by its own clock. */
  readonly since: number;
  readonly lastModified: number | undefined;
}

/**
 * A deploy's hold on bucket + prefix, taken with S3 conditional writes: `If-None-Match: *`
 * creates it, `If-Match` on its ETag renews, takes over or releases it. It is never deleted
 * (releasing writes a fixed body), so the lock needs no s3:DeleteObject.
 */
// After a cancel (SIGINT, then SIGTERM 7.5 s later on the runner), writes in flight get this long
// to end before the lock is released anyway and the process exits.
const CANCEL_GRACE_MS = 4_000;

export class DeployLock {
  private timer: NodeJS.Timeout | undefined;
  private beating: Promise<void> = Promise.resolve();
  private lost: DeployError | undefined;
  private cancelled: DeployError | undefined;
  private releasing: Promise<void> | undefined;
  private lastBeat: number;
  /**
   * A cancelled job (cancel-in-progress, a new push) stops writing and frees the lock, so the
   * deploy that replaces it need not wait for the lock to go stale.
   */
  private readonly onSignal = (signal: NodeJS.Signals) => {
    if (this.cancelled) return;
    this.cancelled = new DeployError(
      `The job was cancelled (${signal}) during the deploy: it stopped writing and released the deploy lock. A re-run finishes the job and invalidates every changed path.`,
    );
    this.context.logger.warning(this.cancelled.message);
    setTimeout(() => {
      this.release().finally(() => process.exit(1));
    }, CANCEL_GRACE_MS).unref();
  };

  constructor(
    private readonly context: DeployContext,
    private etag: string,
    private body: LockBody,
    private readonly timing: LockTiming,
  ) {
    this.lastBeat = context.now();
    this.timer = setInterval(() => {
      this.beating = this.beating.then(() => this.beat());
    }, timing.heartbeatMs);
    this.timer.unref();
    process.on('SIGINT', this.onSignal);
    process.on('SIGTERM', this.onSignal);
  }

  /** Throws once another deploy has taken the lock over: this one must not write any more. */
  assertHeld(): void {
    if (this.cancelled) throw this.cancelled;
    if (this.lost) throw this.lost;
    if (this.context.now() - this.lastBeat > this.timing.staleMs) {
      this.lost = new DeployError(
        `The deploy lock ${this.name()} could not be renewed for ${Math.round(this.timing.staleMs / 1000)} s, so another deploy may have taken it over: this deploy stopped writing. Re-run to finish.`,
      );
      throw this.lost;
    }
  }

  private name(): string {
    return `s3://${this.context.settings.bucket}/${this.context.settings.prefix}${LOCK_FILE_NAME}`;
  }

  private async beat(): Promise<void> {
    if (this.lost || this.timer === undefined) return;
    const body = { ...this.body, beat: this.body.beat + 1 };
    try {
      this.etag = await writeLock(this.context, body, { etag: this.etag });
      this.body = body;
      this.lastBeat = this.context.now();
    } catch (error) {
      if (isPreconditionFailed(error)) {
        this.lost = new DeployError(
          `Another deploy took over the deploy lock ${this.name()} (it thought this one had died): this deploy stopped writing. Re-run to finish, and make deploys of one site wait for each other with a "concurrency:" group.`,
        );
      } else {
        this.context.logger.debug(`Renewing the deploy lock failed: ${errorMessage(error)}`);
      }
    }
  }

  /** Frees the lock for the next deploy (once); a failure only leaves it to go stale. */
  release(): Promise<void> {
    this.releasing ??= this.releaseOnce();
    return this.releasing;
  }

  private async releaseOnce(): Promise<void> {
    process.off('SIGINT', this.onSignal);
    process.off('SIGTERM', this.onSignal);
    clearInterval(this.timer);
    this.timer = undefined;
    await this.beating;
    if (this.lost) return;
    try {
      await writeOwnObjectRaw(this.context, RELEASED_BODY, { etag: this.etag });
    } catch (error) {
      this.context.logger.warning(
        `Could not release the deploy lock ${this.name()} (${errorMessage(error)}): the next deploy takes it over once it is ${Math.round(this.timing.staleMs / 1000)} s old.`,
      );
    }
  }
}

/**
 * Takes the lock, waiting while another deploy holds it, for up to `lock-timeout`. `listedEtag`
 * is the lock's ETag in the bucket listing (undefined when there is none), which spares a read
 * when the lock is free.
 */
export async function acquireLock(
  context: DeployContext,
  listedEtag: string | undefined,
  timing: LockTiming = LOCK_TIMING,
): Promise<DeployLock> {
  const { logger, settings } = context;
  const started = context.now();
  const deadline = started + settings.lockTimeoutSeconds * 1000;
  const body: LockBody = {
    owner: randomBytes(8).toString('hex'),
    ...runOf(process.env),
    started: new Date(started).toISOString(),
    beat: 0,
  };
  let seen: SeenLock | undefined =
    listedEtag === undefined
      ? undefined
      : { etag: listedEtag, body: undefined, since: started, lastModified: undefined };
  let waiting = false;
  for (;;) {
    const free = seen && whyFree(seen, body, context.now(), timing);
    if (seen === undefined || free) {
      try {
        const etag = await writeLock(context, body, seen ? { etag: seen.etag } : 'absent');
        if (seen && free !== 'released') {
          const why =
            free === 'earlier attempt'
              ? 'an earlier attempt of this workflow run, which has ended'
              : 'it had not been renewed for a minute or more, so that deploy had stopped';
          logger.warning(`Took over the deploy lock of ${describeHolder(seen)}: ${why}.`);
        }
        return new DeployLock(context, etag, body, timing);
      } catch (error) {
        if (!isPreconditionFailed(error)) throw error;
      }
    }
    const current = await readLock(context);
    // Staleness counts from when this waiter first saw the ETag, by its own clock.
    const since = current?.etag === seen?.etag ? seen?.since : undefined;
    seen = current && { ...current, since: since ?? context.now() };
    if (seen === undefined || whyFree(seen, body, context.now(), timing)) continue;
    if (context.now() >= deadline) {
      throw new DeployError(
        `Another deploy of s3://${settings.bucket}/${settings.prefix} is in progress (${describeHolder(seen)}): waited ${Math.round((context.now() - started) / 1000)} s, the "lock-timeout". Nothing was written. Re-run once it has finished, or give the workflow a "concurrency:" group so deploys queue.`,
      );
    }
    if (!waiting) {
      waiting = true;
      logger.info(`Waiting for another deploy to finish (${describeHolder(seen)}).`);
    }
    await context.sleep(Math.min(timing.pollMs, Math.max(0, deadline - context.now())));
  }
}

/** Why a lock may be taken: released, left by a deploy that died, or an earlier attempt's. */
function whyFree(
  seen: SeenLock,
  mine: LockBody,
  now: number,
  timing: LockTiming,
): 'released' | 'stale' | 'earlier attempt' | undefined {
  if (seen.etag === RELEASED_ETAG || seen.body?.released === true) return 'released';
  if (now - seen.since >= timing.staleMs) return 'stale';
  // Last modified by S3's clock: a lock untouched for many heartbeats is stale on sight.
  if (seen.lastModified !== undefined && now - seen.lastModified > 5 * timing.staleMs)
    return 'stale';
  const { run, attempt } = seen.body ?? {};
  // A re-run starts only after the earlier attempt ended: that attempt's lock is dead.
  const earlier =
    mine.run !== undefined &&
    run === mine.run &&
    typeof attempt === 'number' &&
    attempt < (mine.attempt ?? 0);
  return earlier ? 'earlier attempt' : undefined;
}

function describeHolder(seen: SeenLock): string {
  const { run, attempt, started } = seen.body ?? {};
  const who = run ? `run ${run}${attempt ? ` attempt ${attempt}` : ''}` : 'a deploy';
  return started ? `${who}, started ${started}` : who;
}

function runOf(env: NodeJS.ProcessEnv): Pick<LockBody, 'run' | 'attempt'> {
  if (!env.GITHUB_RUN_ID) return {};
  return {
    run: `${env.GITHUB_REPOSITORY ?? ''}#${env.GITHUB_RUN_ID}`,
    attempt: Number(env.GITHUB_RUN_ATTEMPT ?? '1'),
  };
}

function writeLock(
  context: DeployContext,
  body: LockBody,
  condition: { etag: string } | 'absent',
): Promise<string> {
  return writeOwnObjectRaw(context, `${JSON.stringify(body)}\n`, condition);
}

function writeOwnObjectRaw(
  context: DeployContext,
  body: string,
  condition: { etag: string } | 'absent',
): Promise<string> {
  // The lock's own writes are not site writes: they must not wait on the lock itself.
  return writeOwnObject({ ...context, beforeWrite: undefined }, LOCK_FILE_NAME, body, condition);
}

async function readLock(context: DeployContext): Promise<Omit<SeenLock, 'since'> | undefined> {
  const stored = await readOwnObject(context, LOCK_FILE_NAME);
  if (!stored) return undefined;
  let body: Partial<LockBody> | undefined;
  try {
    body = JSON.parse(stored.text) as Partial<LockBody>;
  } catch {}
  return { etag: stored.etag, body, lastModified: stored.lastModified };
}
