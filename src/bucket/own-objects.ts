import { createHash } from 'node:crypto';
import { awsErrorName } from '../aws/aws-errors.js';
import { awsCall, type DeployContext } from '../aws/context.js';
import { hexToBase64 } from '../local/hashing.js';

/** What a conditional write expects to replace: that ETag, or no object at all. */
export type WriteCondition = { readonly etag: string } | 'absent' | 'any';

/** One of this action's own objects as read, with what its server said about its age. */
export interface OwnObject {
  readonly text: string;
  readonly etag: string;
  /** By the server's clock. */
  readonly lastModified: number | undefined;
  /** Server's `Date` minus LastModified: the age by one clock, immune to this runner's skew. */
  readonly ageMs: number | undefined;
}

/**
 * How this run's endpoint takes If-Match, learnt from its answers, once per run:
 * - `quoted`: as HTTP and AWS S3 want it (`"etag"`), the form tried first;
 * - `bare`: Ceph RGW 16 compares the header with the bare ETag and refuses the quoted form;
 * - `none`: conditions are refused (501, or 412 on the object's own ETag) or ignored: own
 *   objects are written without them and the deploy lock is advisory.
 */
type IfMatchForm = 'quoted' | 'bare' | 'none';

interface Conditions {
  form: IfMatchForm;
  probed: boolean;
}

const byRun = new WeakMap<object, Conditions>();

function conditionsOf(context: DeployContext): Conditions {
  let conditions = byRun.get(context.settings);
  if (!conditions) {
    conditions = { form: 'quoted', probed: false };
    byRun.set(context.settings, conditions);
  }
  return conditions;
}

/** Whether this run's own writes still carry conditions (false once they were found not to work). */
export function conditionsWork(context: DeployContext): boolean {
  return conditionsOf(context).form !== 'none';
}

/** One of this action's own objects as stored; undefined when there is none. */
export async function readOwnObject(
  context: DeployContext,
  name: string,
): Promise<OwnObject | undefined> {
  const Key = context.settings.prefix + name;
  try {
    return await awsCall(context, 'GetObject', Key, async () => {
      const fast = await fastOwnObject(context, Key);
      return fast !== 'unanswered' ? fast : await sdkOwnObject(context, Key);
    });
  } catch (error) {
    if (awsErrorName(error) === 'NoSuchKey') return undefined;
    throw error;
  }
}

/** The body is read inside the call: a connection dropped mid-body is retried like any other. */
async function sdkOwnObject(context: DeployContext, Key: string): Promise<OwnObject> {
  let served: string | undefined;
  const response = await context.s3.call((client, sdk) => {
    const command = new sdk.GetObjectCommand({ Bucket: context.settings.bucket, Key });
    command.middlewareStack.add(
      (next) => async (args) => {
        const out = await next(args);
        served = (out.response as { headers?: Record<string, string> }).headers?.date;
        return out;
      },
      { step: 'deserialize', name: 'ownObjectServerDate' },
    );
    return client.send(command);
  });
  const text = (await response.Body?.transformToString()) ?? '';
  const lastModified = response.LastModified?.getTime();
  const now = served === undefined ? Number.NaN : Date.parse(served);
  return {
    text,
    etag: unquoted(response.ETag) ?? '',
    lastModified,
    ageMs: lastModified !== undefined && Number.isFinite(now) ? now - lastModified : undefined,
  };
}

/** An own object by our own GET (fast-s3.ts); 'unanswered': the SDK is to read it. */
async function fastOwnObject(
  { fast }: DeployContext,
  Key: string,
): Promise<OwnObject | undefined | 'unanswered'> {
  const answer = await fast?.get(Key, {});
  if (answer === undefined) return 'unanswered';
  const { status, headers, body } = answer;
  if (status === 404 && body.includes('<Code>NoSuchKey</Code>')) return undefined;
  if (status !== 200) {
    fast?.stop(`GetObject ${Key} was answered ${status}.`);
    return 'unanswered';
  }
  const lastModified = headers['last-modified'] ? Date.parse(headers['last-modified']) : Number.NaN;
  const now = headers.date ? Date.parse(headers.date) : Number.NaN;
  const known = Number.isFinite(lastModified);
  return {
    text: body.toString('utf8'),
    etag: unquoted(headers.etag) ?? '',
    lastModified: known ? lastModified : undefined,
    ageMs: known && Number.isFinite(now) ? now - lastModified : undefined,
  };
}

/**
 * Writes one of this action's own objects, only if it is still what the deploy saw (S3's
 * conditional writes: 412 PreconditionFailed otherwise). Returns the new ETag. A refusal is
 * checked by reading the object back: if it holds this very body, the write landed (a retry
 * after a lost answer); if it still has the ETag the condition named, the server refused a
 * true condition, so the next form is tried (quoted, then bare, then none, with one warning).
 */
export async function writeOwnObject(
  context: DeployContext,
  name: string,
  body: string | Buffer,
  condition: WriteCondition,
): Promise<string> {
  // Bytes once: the SDK would copy a string body for the signature and again for the socket.
  if (typeof body === 'string') return writeOwnObject(context, name, Buffer.from(body), condition);
  const conditions = conditionsOf(context);
  const md5 = md5Hex(body);
  const when = conditions.form === 'none' ? 'any' : condition;
  try {
    return unquoted((await putOwn(context, name, body, md5, when, conditions.form)).ETag) ?? md5;
  } catch (error) {
    if (when === 'any') throw error;
    if (awsErrorName(error) === 'NotImplemented') {
      giveUpConditions(context, 'answers them with 501 NotImplemented');
      return writeOwnObject(context, name, body, 'any');
    }
    // A 409 is a race with another write: never a sign that conditions do not work.
    if (!isPreconditionFailed(error) || awsErrorName(error) === 'ConditionalRequestConflict')
      throw error;
    const stored = await readOwnObject({ ...context, beforeWrite: undefined }, name);
    if (stored?.etag === md5) return md5;
    const refusedTruth =
      typeof when === 'object' ? stored?.etag === when.etag : stored === undefined;
    if (!refusedTruth) throw error;
    if (typeof when === 'object' && conditions.form === 'quoted') {
      conditions.form = 'bare';
      context.logger.info(
        'The endpoint refused If-Match with the quoted ETag of an object that has that ETag: trying the bare ETag, as Ceph RGW 16 wants it.',
      );
    } else {
      giveUpConditions(context, 'refuses them even when they hold (412 on the current ETag)');
    }
    return writeOwnObject(context, name, body, condition);
  }
}

function putOwn(
  context: DeployContext,
  name: string,
  body: string | Buffer,
  md5: string,
  when: WriteCondition,
  form: IfMatchForm,
) {
  const { s3, settings } = context;
  const Key = settings.prefix + name;
  const ifMatch = (etag: string) => (form === 'bare' ? etag : `"${etag}"`);
  return awsCall(context, 'PutObject', Key, () =>
    s3.call((client, sdk) =>
      client.send(
        new sdk.PutObjectCommand({
          Bucket: settings.bucket,
          Key,
          Body: body,
          ContentType: 'application/json',
          CacheControl: 'no-store',
          ContentMD5: hexToBase64(md5),
          ...(when === 'absent' ? { IfNoneMatch: '*' } : {}),
          ...(typeof when === 'object' ? { IfMatch: ifMatch(when.etag) } : {}),
        }),
      ),
    ),
  );
}

// No object ever has this ETag: a condition on it must fail wherever conditions are honoured.
const NEVER_ETAG = md5Hex('s3-cf-sync: an ETag no object has');

/**
 * Finds out, once per run, whether the endpoint ignores conditions: it rewrites an own object
 * with the very body it holds, on an ETag the object cannot have. Honoured: 412 (or 404), and
 * nothing is written. Ignored: the object is written again with the same bytes (no harm), and
 * this run's lock becomes advisory. AWS S3 honours conditions: no request is sent there.
 */
export async function probeIgnoredConditions(
  context: DeployContext,
  name: string,
  body: string,
): Promise<void> {
  const conditions = conditionsOf(context);
  if (conditions.probed || conditions.form === 'none' || isAwsEndpoint(context)) return;
  conditions.probed = true;
  try {
    await putOwn(context, name, body, md5Hex(body), { etag: NEVER_ETAG }, conditions.form);
  } catch (error) {
    if (isPreconditionFailed(error)) return;
    context.logger.debug(`The conditional-write probe failed: ${String(error)}`);
    return;
  }
  giveUpConditions(context, 'ignores them (a write on an ETag the object does not have succeeded)');
}

function giveUpConditions(context: DeployContext, why: string): void {
  const conditions = conditionsOf(context);
  if (conditions.form === 'none') return;
  conditions.form = 'none';
  context.logger.warning(
    `The endpoint does not support conditional writes (If-None-Match / If-Match): it ${why}. This deploy writes its lock and state without them, so the lock is only advisory and two deploys at once are not kept apart. Give the workflow a "concurrency:" group.`,
  );
}

/** AWS S3 itself: no endpoint, or an amazonaws.com one. It honours conditional writes. */
export function isAwsEndpoint(
  context: { readonly settings: { readonly endpoint: string | undefined } },
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  const endpoint =
    context.settings.endpoint || env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL || '';
  if (endpoint === '') return true;
  try {
    return /(^|\.)amazonaws\.com(\.cn)?$/.test(new URL(endpoint).hostname);
  } catch {
    return false;
  }
}

/**
 * A conditional write lost: the object is no longer what this deploy saw. AWS answers 404
 * NoSuchKey to If-Match on a missing key (RGW 412).
 */
export function isPreconditionFailed(error: unknown): boolean {
  const name = awsErrorName(error);
  return (
    name === 'PreconditionFailed' || name === 'ConditionalRequestConflict' || name === 'NoSuchKey'
  );
}

export function md5Hex(content: string | Uint8Array): string {
  return createHash('md5').update(content).digest('hex');
}

function unquoted(etag: string | undefined): string | undefined {
  return etag?.replaceAll('"', '');
}
