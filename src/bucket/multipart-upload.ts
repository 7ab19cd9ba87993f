import { createHash } from 'node:crypto';
import { type FileHandle, open } from 'node:fs/promises';
import type { PutObjectCommandInput } from '@aws-sdk/client-s3';
import { awsErrorName } from '../aws/aws-errors.js';
import { awsCall, type DeployContext } from '../aws/context.js';
import type { AwsOperation } from '../aws/permissions.js';
import { mapConcurrent } from '../base/concurrency.js';
import { showControlCharacters } from '../base/control-characters.js';
import { multipartEtagOf, ownPartSize } from '../local/hashing.js';
import { type WrittenVersion, writtenVersionOf } from './deploy-record.js';

type ObjectParams = Pick<
  PutObjectCommandInput,
  'Bucket' | 'Key' | 'ContentType' | 'CacheControl' | 'ACL'
>;

/**
 * Uploads a large file in parts read straight from disk. Part buffers are taken from
 * `partSlots`, so memory stays at part size x concurrency whatever the file sizes.
 */
export async function uploadMultipart(
  context: DeployContext,
  params: ObjectParams,
  path: string,
  size: number,
): Promise<WrittenVersion> {
  const { s3 } = context;
  const { Bucket, Key } = params;
  const call = <T>(operation: AwsOperation, send: () => Promise<T>) =>
    awsCall(context, operation, Key, send);
  // Opened first: a file that cannot be read never leaves an upload to abort.
  const file = await open(path, 'r');
  try {
    const created = await call('CreateMultipartUpload', () =>
      s3.call((client, sdk) => client.send(new sdk.CreateMultipartUploadCommand(params))),
    );
    const UploadId = created.UploadId;
    try {
      const parts = await uploadParts(context, params, file, path, size, UploadId);
      return await completeUpload(context, params, UploadId, parts);
    } catch (error) {
      // Parts of an unfinished upload are billed until aborted.
      await s3
        .call((client, sdk) =>
          client.send(new sdk.AbortMultipartUploadCommand({ Bucket, Key, UploadId })),
        )
        .catch(() => {});
      throw error;
    }
  } finally {
    await file.close();
  }
}

export interface UploadedPart {
  readonly PartNumber: number;
  readonly ETag: string | undefined;
  readonly md5: Buffer;
}

async function uploadParts(
  context: DeployContext,
  { Bucket, Key }: ObjectParams,
  file: FileHandle,
  path: string,
  size: number,
  UploadId: string | undefined,
): Promise<UploadedPart[]> {
  const partSize = ownPartSize(size);
  const partNumbers = Array.from({ length: Math.ceil(size / partSize) }, (_, index) => index + 1);
  return mapConcurrent(partNumbers, 4, (PartNumber) =>
    context.partSlots.use(async () => {
      const length = Math.min(partSize, size - (PartNumber - 1) * partSize);
      const body = Buffer.allocUnsafe(length);
      const { bytesRead } = await file.read(body, 0, length, (PartNumber - 1) * partSize);
      if (bytesRead !== length)
        throw new Error(`${showControlCharacters(path)} changed size while it was uploaded.`);
      const md5 = createHash('md5').update(body).digest();
      const part = await awsCall(context, 'UploadPart', Key, () =>
        context.s3.call((client, sdk) =>
          client.send(
            new sdk.UploadPartCommand({
              Bucket,
              Key,
              UploadId,
              PartNumber,
              Body: body,
              ContentMD5: md5.toString('base64'),
            }),
          ),
        ),
      );
      return { PartNumber, ETag: part.ETag, md5 };
    }),
  );
}

/**
 * Completes the upload. If a retried Complete finds the upload gone (the first one succeeded
 * but its answer was lost), the object is checked against the ETag the parts must produce.
 */
export async function completeUpload(
  context: DeployContext,
  { Bucket, Key }: Pick<ObjectParams, 'Bucket' | 'Key'>,
  UploadId: string | undefined,
  parts: readonly UploadedPart[],
): Promise<WrittenVersion> {
  const Parts = parts.map(({ PartNumber, ETag }) => ({ PartNumber, ETag }));
  let attempts = 0;
  try {
    const answer = await awsCall(context, 'CompleteMultipartUpload', Key, () => {
      attempts += 1;
      return context.s3.call((client, sdk) =>
        client.send(
          new sdk.CompleteMultipartUploadCommand({
            Bucket,
            Key,
            UploadId,
            MultipartUpload: { Parts },
          }),
        ),
      );
    });
    return writtenVersionOf(answer);
  } catch (error) {
    if (attempts < 2 || awsErrorName(error) !== 'NoSuchUpload') throw error;
    const expected = multipartEtagOf(parts.map((part) => part.md5));
    const head = await awsCall(context, 'HeadObject', Key, () =>
      context.s3.call((client, sdk) => client.send(new sdk.HeadObjectCommand({ Bucket, Key }))),
    );
    if (head.ETag?.replaceAll('"', '') !== expected) throw error;
    return writtenVersionOf(head);
  }
}
