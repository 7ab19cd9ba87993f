import { closeSync, createReadStream, openSync, type ReadStream, readSync } from 'node:fs';
import type { DeleteObjectsCommandOutput } from '@aws-sdk/client-s3';
import { awsCall, type DeployContext } from '../aws/context.js';
import { explainAwsError } from '../aws/explain-error.js';
import { isTransientError } from '../aws/retry.js';
import { mapConcurrent } from '../base/concurrency.js';
import { showControlCharacters } from '../base/control-characters.js';
import { progressCounter } from '../base/logger.js';
import {
  type AclGrants,
  desiredHeaders,
  headerDifferences,
  type ObjectHeaders,
  type StoredHeaders,
} from '../inputs/object-headers.js';
import { hexToBase64, SMALL_FILE_BYTES } from '../local/hashing.js';
import { type WrittenVersion, writtenVersionOf } from './deploy-record.js';
import {
  type CopyLimits,
  readAcl,
  rewriteObject,
  S3_COPY_LIMITS,
  storedHeadersOf,
} from './header-rewrite.js';
import { uploadMultipart } from './multipart-upload.js';
import type { HeaderUpdate, RemoteObject, Upload } from './objects.js';

/** What an upload reports when it finishes: the progress line counts it (report/progress.ts). */
export interface UploadProgress {
  done(bytes: number): void;
}

type DeleteObjectsError = NonNullable<DeleteObjectsCommandOutput['Errors']>[number];

function objectParams(context: DeployContext, key: string, headers: ObjectHeaders) {
  const { settings } = context;
  return {
    Bucket: settings.bucket,
    Key: settings.prefix + key,
    ContentType: headers.contentType,
    ...(headers.cacheControl ? { CacheControl: headers.cacheControl } : {}),
    ...(settings.acl ? { ACL: settings.acl } : {}),
  };
}

/** Uploads every planned file; the first failure stops new uploads and is thrown. */
export async function uploadAll(
  context: DeployContext,
  uploads: readonly Upload[],
  progress: UploadProgress,
  onUploaded?: (upload: Upload, written: WrittenVersion) => void,
) {
  await mapConcurrent(uploads, context.settings.concurrency, async (upload) => {
    const written = await uploadOne(context, upload);
    context.logger.detail(`${upload.reason === 'new' ? 'Added' : 'Updated'} ${upload.file.key}`);
    progress.done(upload.file.size);
    onUploaded?.(upload, written);
  });
}

/** One file, in one PUT or in parts; what S3 answered (ETag, version) for the deploy record. */
async function uploadOne(
  context: DeployContext,
  { file, headers }: Upload,
): Promise<WrittenVersion> {
  const params = objectParams(context, file.key, headers);
  if (file.size >= context.settings.multipartThreshold) {
    return uploadMultipart(context, params, file.path, file.size);
  }
  const put = (Body: Buffer | ReadStream) =>
    context.s3.call((client, sdk) =>
      client.send(
        new sdk.PutObjectCommand({
          ...params,
          Body,
          ContentLength: file.size,
          ContentMD5: hexToBase64(file.md5),
        }),
      ),
    );
  if (file.size < SMALL_FILE_BYTES) {
    // Small bodies are sent from a pooled buffer, which every retry reuses.
    return context.buffers.use(async (buffer) => {
      const body = readInto(file.path, file.size, buffer);
      const answer = await awsCall(context, 'PutObject', params.Key, async () => {
        const fast = await fastPut(context, params, body, hexToBase64(file.md5));
        return fast ?? (await put(body));
      });
      return writtenVersionOf(answer);
    });
  }
  const answer = await awsCall(context, 'PutObject', params.Key, async () => {
    // A fresh stream per attempt; closed even when S3 answers before reading it all.
    const body = createReadStream(file.path);
    try {
      return await put(body);
    } finally {
      body.destroy();
    }
  });
  return writtenVersionOf(answer);
}

/** PutObject by our own request (src/aws/fast-s3.ts); undefined: the SDK is to send it. */
async function fastPut(
  { fast }: DeployContext,
  params: ReturnType<typeof objectParams>,
  body: Buffer,
  contentMd5: string,
) {
  const answer = await fast?.put(params.Key, body, {
    contentType: params.ContentType,
    contentMd5,
    cacheControl: params.CacheControl,
    acl: params.ACL,
  });
  if (answer === undefined) return undefined;
  const header = (name: string) => {
    const value = answer.headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  return { ETag: header('etag'), VersionId: header('x-amz-version-id') };
}

/**
 * A small file read whole into `buffer`. Synchronously: the file was just hashed, so it is in the
 * page cache, and fs/promises' open, read and close cost more than the read (0.4 ms a file, 6%
 * of a first deploy's CPU).
 */
function readInto(path: string, size: number, buffer: Buffer): Buffer {
  const file = openSync(path, 'r');
  try {
    const bytesRead = readSync(file, buffer, 0, size, 0);
    if (bytesRead !== size)
      throw new Error(`${showControlCharacters(path)} changed size while it was uploaded.`);
    return buffer.subarray(0, size);
  } finally {
    closeSync(file);
  }
}

/**
 * Rewrites headers in place: a copy onto itself, only if the object is still the one diffed,
 * keeping every header, the storage class, the encryption and the ACL that the rules do not set.
 */
export async function updateAllHeaders(
  context: DeployContext,
  updates: readonly HeaderUpdate[],
  limits: CopyLimits = S3_COPY_LIMITS,
  onRewritten?: (update: HeaderUpdate, written: WrittenVersion, acl: AclGrants | undefined) => void,
) {
  const updated = progressCounter(context.logger, 'updating headers', updates.length);
  await mapConcurrent(updates, context.settings.concurrency, async (update) => {
    const { key } = update.file;
    // Read in planning when the rules changed; a rewrite for a new "acl" alone reads it here.
    const read =
      update.stored?.kept && update.stored.size !== undefined
        ? update.stored
        : await headObject(context, key);
    const acl = context.settings.acl ? undefined : (read.acl ?? (await readAcl(context, key)));
    const stored = { ...read, size: read.size ?? update.file.size, ...(acl ? { acl } : {}) };
    const written = await rewriteObject(
      context,
      { key, etag: update.etag, headers: update.headers, stored },
      limits,
    );
    context.logger.detail(`Headers ${key} (${update.differences.join(', ')})`);
    updated();
    onRewritten?.(update, written, acl);
  });
}

/**
 * Reads the current headers of objects (HeadObject), for header-drift detection. Without the
 * "acl" input, the ACL of each object whose headers differ is read too, before anything is
 * written: a rewrite must send it again.
 */
export async function readHeaders(context: DeployContext, keys: readonly string[]) {
  const { settings } = context;
  const headers = new Map<string, StoredHeaders>();
  const read = progressCounter(context.logger, 'reading headers', keys.length);
  await mapConcurrent(keys, settings.concurrency, async (key) => {
    const stored = await headObject(context, key);
    const differs = headerDifferences(stored, desiredHeaders(key, settings)).length > 0;
    const acl = differs && !settings.acl ? await readAcl(context, key) : undefined;
    headers.set(key, acl ? { ...stored, acl } : stored);
    read();
  });
  return headers;
}

async function headObject(context: DeployContext, key: string): Promise<StoredHeaders> {
  const Key = context.settings.prefix + key;
  const head = await awsCall(context, 'HeadObject', Key, () =>
    context.s3.call((client, sdk) =>
      client.send(new sdk.HeadObjectCommand({ Bucket: context.settings.bucket, Key })),
    ),
  );
  return storedHeadersOf(head);
}

// DeleteObjects takes at most 1,000 keys a request.
const DELETE_BATCH = 1000;

export async function deleteAll(context: DeployContext, objects: readonly RemoteObject[]) {
  const batches: RemoteObject[][] = [];
  for (let start = 0; start < objects.length; start += DELETE_BATCH) {
    batches.push(objects.slice(start, start + DELETE_BATCH));
  }
  const deleted = progressCounter(context.logger, 'deleting', objects.length);
  await mapConcurrent(batches, Math.min(4, context.settings.concurrency), async (batch) => {
    let pending = batch.map((object) => ({ Key: context.settings.prefix + object.key }));
    // No key: a failure of the whole request is about the batch, not its first key.
    const failed = await awsCall(context, 'DeleteObjects', undefined, async () => {
      const result = await context.s3.call((client, sdk) =>
        client.send(
          new sdk.DeleteObjectsCommand({
            Bucket: context.settings.bucket,
            Delete: { Objects: pending, Quiet: true },
          }),
        ),
      );
      const errors = result.Errors ?? [];
      // S3 also reports InternalError or SlowDown per key, in a 200: send those keys again.
      if (errors.length > 0 && errors.every((error) => isTransientError(keyError(error)))) {
        pending = errors.map((error) => ({ Key: error.Key ?? '' }));
        const [first] = errors;
        throw Object.assign(keyError(first), { message: `${first?.Key}: ${first?.Message}` });
      }
      return errors;
    });
    // The failure to show is one that retrying cannot cure, such as AccessDenied.
    const failure = failed.find((error) => !isTransientError(keyError(error)));
    if (failure) {
      throw explainAwsError(keyError(failure), {
        operation: 'DeleteObjects',
        settings: context.settings,
        key: failure.Key ?? '',
      });
    }
    for (const object of batch) context.logger.detail(`Deleted ${object.key}`);
    deleted(batch.length);
  });
}

/** One key's failure in a DeleteObjects result, shaped like the SDK's errors. */
function keyError(failure: DeleteObjectsError | undefined): Error {
  return Object.assign(new Error(failure?.Message ?? 'DeleteObjects failed'), {
    name: failure?.Code ?? 'DeleteFailed',
    $metadata: { httpStatusCode: failure?.Code === 'AccessDenied' ? 403 : 400 },
  });
}
