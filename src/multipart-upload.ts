import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  type PutObjectCommandInput,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { mapConcurrent } from './concurrency.js';
import { awsCall, type DeployContext } from './context.js';
import { ownPartSize } from './hashing.js';
import type { AwsOperation } from './permissions.js';

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
): Promise<void> {
  const { s3 } = context;
  const call = <T>(operation: AwsOperation, send: () => Promise<T>) =>
    awsCall(context, operation, params.Key, send);
  const created = await call('CreateMultipartUpload', () =>
    s3.send(new CreateMultipartUploadCommand(params)),
  );
  const UploadId = created.UploadId;
  const partSize = ownPartSize(size);
  const partNumbers = Array.from({ length: Math.ceil(size / partSize) }, (_, index) => index + 1);
  const file = await open(path, 'r');
  try {
    const parts = await mapConcurrent(partNumbers, 4, (PartNumber) =>
      context.partSlots.use(async () => {
        const length = Math.min(partSize, size - (PartNumber - 1) * partSize);
        const body = Buffer.allocUnsafe(length);
        const { bytesRead } = await file.read(body, 0, length, (PartNumber - 1) * partSize);
        if (bytesRead !== length) throw new Error(`${path} changed size while it was uploaded.`);
        const ContentMD5 = createHash('md5').update(body).digest('base64');
        const { Bucket, Key } = params;
        const part = await call('UploadPart', () =>
          s3.send(
            new UploadPartCommand({ Bucket, Key, UploadId, PartNumber, Body: body, ContentMD5 }),
          ),
        );
        return { PartNumber, ETag: part.ETag };
      }),
    );
    await call('CompleteMultipartUpload', () =>
      s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: params.Bucket,
          Key: params.Key,
          UploadId,
          MultipartUpload: { Parts: parts },
        }),
      ),
    );
  } catch (error) {
    // Parts of an unfinished upload are billed until aborted.
    await s3
      .send(new AbortMultipartUploadCommand({ Bucket: params.Bucket, Key: params.Key, UploadId }))
      .catch(() => {});
    throw error;
  } finally {
    await file.close();
  }
}
