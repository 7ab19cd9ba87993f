import { createHash } from 'node:crypto';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { awsErrorName, isAccessDenied, sdkErrorOf } from '../aws/aws-errors.js';
import { awsCall, type DeployContext } from '../aws/context.js';
import type { Settings } from '../inputs/settings.js';
import { hexToBase64 } from '../local/hashing.js';

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
}

/** The state as read, with the ETag that a conditional write must match (undefined: absent). */
export interface StoredState {
  readonly state: DeployState | undefined;
  readonly etag: string | undefined;
  /** The read was refused (403): absent if the listing does not show the object, else an error. */
  readonly refused?: unknown;
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

/** One of this action's own objects as stored; undefined when there is none. */
export async function readOwnObject(
  context: DeployContext,
  name: string,
): Promise<{ text: string; etag: string; lastModified: number | undefined } | undefined> {
  const { s3, settings } = context;
  const Key = settings.prefix + name;
  try {
    const response = await awsCall(context, 'GetObject', Key, () =>
      s3.send(new GetObjectCommand({ Bucket: settings.bucket, Key })),
    );
    return {
      text: (await response.Body?.transformToString()) ?? '',
      etag: unquoted(response.ETag) ?? '',
      lastModified: response.LastModified?.getTime(),
    };
  } catch (error) {
    if (awsErrorName(error) === 'NoSuchKey') return undefined;
    throw error;
  }
}

export async function readState(context: DeployContext): Promise<StoredState> {
  try {
    // None yet: the first deploy with this action (or with this prefix).
    const stored = await readOwnObject(context, STATE_FILE_NAME);
    return stored
      ? { state: parseState(stored.text), etag: stored.etag }
      : { state: undefined, etag: undefined };
  } catch (error) {
    // S3 answers 403 for a missing key unless the caller may list it, and whether an s3:prefix
    // condition counts for that is undocumented: the listing, read at the same time, decides.
    if (isAccessDenied(sdkErrorOf(error)))
      return { state: undefined, etag: undefined, refused: error };
    throw error;
  }
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
    };
  } catch {
    // Unreadable state only means every object's headers are checked once more.
    return undefined;
  }
}

// Said once per deploy (its settings object), not at every write of the lock and the state.
const warnedUnconditional = new WeakSet<object>();

/** What a conditional write expects to replace: that ETag, or no object at all. */
export type WriteCondition = { readonly etag: string } | 'absent' | 'any';

/**
 * Writes one of this action's own objects, only if it is still what the deploy saw (S3's
 * conditional writes: 412 PreconditionFailed otherwise). Returns the new ETag.
 */
export async function writeOwnObject(
  context: DeployContext,
  name: string,
  body: string,
  condition: WriteCondition,
): Promise<string> {
  const { s3, settings } = context;
  const Key = settings.prefix + name;
  const md5 = md5Hex(body);
  const put = (when: WriteCondition) =>
    awsCall(context, 'PutObject', Key, () =>
      s3.send(
        new PutObjectCommand({
          Bucket: settings.bucket,
          Key,
          Body: body,
          ContentType: 'application/json',
          CacheControl: 'no-store',
          ContentMD5: hexToBase64(md5),
          ...(when === 'absent' ? { IfNoneMatch: '*' } : {}),
          ...(typeof when === 'object' ? { IfMatch: `"${when.etag}"` } : {}),
        }),
      ),
    );
  try {
    return unquoted((await put(condition)).ETag) ?? md5;
  } catch (error) {
    if (condition === 'any' || awsErrorName(error) !== 'NotImplemented') throw error;
    // An S3-compatible endpoint without conditional writes: deploys cannot lock each other out.
    if (!warnedUnconditional.has(context.settings)) {
      warnedUnconditional.add(context.settings);
      context.logger.warning(
        `The endpoint does not support conditional writes (If-None-Match / If-Match): this deploy writes its lock and state without them, so two deploys at once are not kept apart. Give the workflow a "concurrency:" group.`,
      );
    }
    return unquoted((await put('any')).ETag) ?? md5;
  }
}

export function writeState(
  context: DeployContext,
  state: DeployState,
  condition: WriteCondition,
): Promise<string> {
  return writeOwnObject(context, STATE_FILE_NAME, stateBody(state), condition);
}

function stateBody(state: DeployState): string {
  return `${JSON.stringify(state, null, 2)}\n`;
}

/** Whether two states say the same, whichever deploy wrote them. */
export function sameState(a: DeployState, b: DeployState): boolean {
  return stateBody({ ...a, deployId: '' }) === stateBody({ ...b, deployId: '' });
}

/** A conditional write lost: the object is no longer what this deploy saw. */
export function isPreconditionFailed(error: unknown): boolean {
  const name = awsErrorName(error);
  return name === 'PreconditionFailed' || name === 'ConditionalRequestConflict';
}

export function md5Hex(text: string): string {
  return createHash('md5').update(text).digest('hex');
}

function unquoted(etag: string | undefined): string | undefined {
  return etag?.replaceAll('"', '');
}
