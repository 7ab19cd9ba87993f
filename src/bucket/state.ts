import { createHash } from 'node:crypto';
import { isAccessDenied, sdkErrorOf } from '../aws/aws-errors.js';
import type { DeployContext } from '../aws/context.js';
import type { Settings } from '../inputs/settings.js';
import { readOwnObject, type WriteCondition, writeOwnObject } from './own-objects.js';

/** Every object this action keeps under the prefix starts so; none is ever synced as a site file. */
export const OWN_OBJECT_PREFIX = '.s3-cf-sync';
/** The state: header rules last applied, and the keys still to invalidate. */
export const STATE_FILE_NAME = '.s3-cf-sync.json';

/**
 * Whether a key (under the prefix) is one of this action's objects: its own at the top, or those
 * of a deploy to a deeper prefix, which a deploy here must never delete or overwrite either.
 */
export function isOwnObject(key: string): boolean {
  return key.startsWith(OWN_OBJECT_PREFIX) || key.includes(`/${OWN_OBJECT_PREFIX}`);
}

// Bump when the way headers are derived changes, so every object is checked again.
const HEADER_LOGIC_VERSION = 1;

export interface DeployState {
  readonly version: 1;
  /** Fingerprint of the header rules last applied to every object. */
  readonly headerRules: string;
  readonly acl: string;
  /**
   * Keys (under the prefix) that were written, or were about to be, and are not yet known to be
   * invalidated. Recorded before the first write of a deploy, cleared only once CloudFront has
   * accepted them, so a deploy that dies in between leaves them for the next one to invalidate.
   */
  readonly pendingInvalidation: readonly string[];
  /**
   * The deploy that wrote it, new for every deploy: S3's ETag is the MD5 of the body, so without
   * it a deploy that changes nothing else would leave the ETag unmoved, and a deploy that planned
   * before it could not tell that it wrote.
   */
  readonly deployId?: string;
  /**
   * How many objects the newest deploy record lists with an ETag that is no MD5 (SSE-KMS, SSE-C,
   * multipart), as the deploy that wrote this state left the prefix. 0 lets the next deploy skip
   * reading that record; absent (an earlier version, a deploy without a record) it is read.
   */
  readonly recordedEtags?: number;
  /**
   * The deploy lock: set while a deploy writes (its intent and heartbeats carry it), absent once
   * it has finished. Lock and state are one object, so taking the lock and recording the intent
   * are one conditional write, and recording completion and releasing are another.
   */
  readonly lock?: LockHolder;
}

/** Who holds the deploy lock. */
export interface LockHolder {
  readonly owner: string;
  /** `owner/repo#run_id` on a runner, so a re-run of the same run may take over at once. */
  readonly run?: string;
  readonly attempt?: number;
  readonly started: string;
  /** Counts the holder's heartbeats: each one changes the object's ETag. */
  readonly beat: number;
}

/** The state as read, with the ETag that a conditional write must match (undefined: absent). */
export interface StoredState {
  readonly state: DeployState | undefined;
  readonly etag: string | undefined;
  /** The read was refused (403): absent if the listing does not show the object, else an error. */
  readonly refused?: unknown;
  /** When it was last written, by the server's clock, and its age by that clock. */
  readonly lastModified?: number | undefined;
  readonly ageMs?: number | undefined;
}

export function stateFor(
  settings: Pick<Settings, 'contentType' | 'cacheControl' | 'acl'>,
): DeployState {
  const rules = {
    logic: HEADER_LOGIC_VERSION,
    contentType: settings.contentType.map(({ glob, value }) => [glob, value]),
    cacheControl: settings.cacheControl.map(({ glob, value }) => [glob, value]),
  };
  const headerRules = createHash('sha256').update(JSON.stringify(rules)).digest('hex').slice(0, 16);
  return { version: 1, headerRules, acl: settings.acl ?? '', pendingInvalidation: [] };
}

export async function readState(context: DeployContext): Promise<StoredState> {
  try {
    // None yet: the first deploy with this action (or with this prefix).
    const stored = await readOwnObject(context, STATE_FILE_NAME);
    return stored
      ? {
          state: parseState(stored.text),
          etag: stored.etag,
          lastModified: stored.lastModified,
          ageMs: stored.ageMs,
        }
      : { state: undefined, etag: undefined };
  } catch (error) {
    // S3 answers 403 for a missing key unless the caller may list it, and whether an s3:prefix
    // condition counts for that is undocumented: the listing, read at the same time, decides.
    if (isAccessDenied(sdkErrorOf(error)))
      return { state: undefined, etag: undefined, refused: error };
    throw error;
  }
}

function lockOf(value: unknown): { lock?: LockHolder } {
  if (typeof value !== 'object' || value === null) return {};
  const { owner, run, attempt, started, beat } = value as Partial<
    Record<keyof LockHolder, unknown>
  >;
  return {
    lock: {
      owner: String(owner ?? ''),
      ...(typeof run === 'string' ? { run } : {}),
      ...(typeof attempt === 'number' ? { attempt } : {}),
      started: String(started ?? ''),
      beat: typeof beat === 'number' ? beat : 0,
    },
  };
}

function parseState(text: string): DeployState | undefined {
  try {
    const parsed = JSON.parse(text) as Partial<DeployState>;
    if (parsed.version !== 1 || typeof parsed.headerRules !== 'string') return undefined;
    const pending = Array.isArray(parsed.pendingInvalidation) ? parsed.pendingInvalidation : [];
    return {
      version: 1,
      headerRules: parsed.headerRules,
      acl: String(parsed.acl ?? ''),
      pendingInvalidation: pending.filter((key): key is string => typeof key === 'string'),
      ...(typeof parsed.deployId === 'string' ? { deployId: parsed.deployId } : {}),
      ...(Number.isSafeInteger(parsed.recordedEtags) && (parsed.recordedEtags ?? -1) >= 0
        ? { recordedEtags: parsed.recordedEtags }
        : {}),
      ...lockOf(parsed.lock),
    };
  } catch {
    // Unreadable state only means every object's headers are checked once more.
    return undefined;
  }
}

export function writeState(
  context: DeployContext,
  state: DeployState,
  condition: WriteCondition,
): Promise<string> {
  return writeOwnObject(context, STATE_FILE_NAME, stateBody(state), condition);
}

/** The body of the state object, as written. */
export function stateBody(state: DeployState): string {
  return `${JSON.stringify(state, null, 2)}\n`;
}

/**
 * Whether two states say the same, whichever deploy wrote them and whoever holds the lock (the
 * recorded ETag count belongs to the record, not to what the state asks of the bucket).
 */
export function sameState(a: DeployState, b: DeployState): boolean {
  const plain = ({ lock: _, recordedEtags: _etags, ...state }: DeployState) =>
    stateBody({ ...state, deployId: '' });
  return plain(a) === plain(b);
}
