import { createHash } from 'node:crypto';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { awsErrorName } from './aws-errors.js';
import { awsCall, type DeployContext } from './context.js';
import { hexToBase64 } from './hashing.js';
import type { Settings } from './settings.js';

/** The one object this action keeps in the bucket, under the prefix; never synced. */
export const STATE_FILE_NAME = '.s3-cf-sync.json';
// Bump when the way headers are derived changes, so every object is checked again.
const HEADER_LOGIC_VERSION = 1;

export interface DeployState {
  readonly version: 1;
  /** Fingerprint of the header rules last applied to every object. */
  readonly headerRules: string;
  readonly acl: string;
  /** Keys (under the prefix) whose invalidation failed: the next deploy sends them again. */
  readonly pendingInvalidation: readonly string[];
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

export async function readState(context: DeployContext): Promise<DeployState | undefined> {
  const { s3, settings } = context;
  const Key = settings.prefix + STATE_FILE_NAME;
  let text: string;
  try {
    const response = await awsCall(context, 'GetObject', Key, () =>
      s3.send(new GetObjectCommand({ Bucket: settings.bucket, Key })),
    );
    text = (await response.Body?.transformToString()) ?? '';
  } catch (error) {
    // No state yet: the first deploy with this action (or with this prefix).
    if (awsErrorName(error) === 'NoSuchKey') return undefined;
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as Partial<DeployState>;
    if (parsed.version !== 1 || typeof parsed.headerRules !== 'string') return undefined;
    const pending = Array.isArray(parsed.pendingInvalidation) ? parsed.pendingInvalidation : [];
    return {
      version: 1,
      headerRules: parsed.headerRules,
      acl: String(parsed.acl ?? ''),
      pendingInvalidation: pending.filter((key): key is string => typeof key === 'string'),
    };
  } catch {
    // Unreadable state only means every object's headers are checked once more.
    return undefined;
  }
}

export async function writeState(context: DeployContext, state: DeployState): Promise<void> {
  const { s3, settings } = context;
  const Key = settings.prefix + STATE_FILE_NAME;
  const body = `${JSON.stringify(state, null, 2)}\n`;
  const md5 = createHash('md5').update(body).digest('hex');
  await awsCall(context, 'PutObject', Key, () =>
    s3.send(
      new PutObjectCommand({
        Bucket: settings.bucket,
        Key,
        Body: body,
        ContentType: 'application/json',
        CacheControl: 'no-store',
        ContentMD5: hexToBase64(md5),
      }),
    ),
  );
}
