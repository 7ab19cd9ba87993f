// S3's conditional writes for the fault proxy (s3rver ignores If-None-Match and If-Match): each
// write to one key is checked and applied in turn, as S3 does atomically.
import type { IncomingMessage } from 'node:http';
import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';

/**
 * How the proxy treats `If-None-Match: *` and `If-Match` on a write: true honours them as AWS
 * does, false forwards them to s3rver (which ignores them), 'unsupported' answers 501.
 */
export type ConditionalWriteMode = boolean | 'unsupported';

export function isConditionalWrite(operation: string, req: IncomingMessage): boolean {
  return (
    (operation === 'PutObject' || operation === 'CompleteMultipartUpload') &&
    (req.headers['if-none-match'] !== undefined || req.headers['if-match'] !== undefined)
  );
}

/**
 * Serialises conditional writes per key; `apply` forwards the write, `refuse` answers 412.
 * `visible` turns the stored ETag into the one clients were given (KMS, multipart).
 */
export function conditionalWrites(
  upstream: () => S3Client,
  visible: (bucket: string, key: string, storedEtag: string) => Promise<string> = async (
    _bucket,
    _key,
    etag,
  ) => etag,
) {
  const queues = new Map<string, Promise<void>>();

  async function currentEtag(bucket: string, key: string): Promise<string | undefined> {
    try {
      const head = await upstream().send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      return visible(bucket, key, head.ETag?.replaceAll('"', '') ?? '');
    } catch (error) {
      if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404)
        return undefined;
      throw error;
    }
  }

  async function holds(req: IncomingMessage, bucket: string, key: string): Promise<boolean> {
    const noneMatch = req.headers['if-none-match'];
    const match = req.headers['if-match'];
    const etag = await currentEtag(bucket, key);
    if (noneMatch === '*' && etag !== undefined) return false;
    if (typeof match === 'string' && match.replaceAll('"', '') !== etag) return false;
    return true;
  }

  return (
    req: IncomingMessage,
    bucket: string,
    key: string,
    apply: () => Promise<void>,
    refuse: () => Promise<void>,
  ): Promise<void> => {
    const queueKey = `${bucket}/${key}`;
    const turn = (queues.get(queueKey) ?? Promise.resolve()).then(async () =>
      (await holds(req, bucket, key)) ? apply() : refuse(),
    );
    queues.set(
      queueKey,
      turn.catch(() => {}),
    );
    return turn;
  };
}
