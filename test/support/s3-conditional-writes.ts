// S3's conditional writes for the fault proxy (s3rver ignores If-None-Match and If-Match): each
// write to one key is checked and applied in turn, as S3 does atomically.
import type { IncomingMessage } from 'node:http';
import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';

/**
 * How the proxy treats `If-None-Match: *` and `If-Match` on a write, as measured on real servers:
 * - true: as AWS S3 does (and MinIO, R2): the quoted or bare ETag, 412 when it fails;
 * - false: forwarded to s3rver, which ignores them silently (as some S3-compatible servers do);
 * - 'unsupported': 501 NotImplemented, as Backblaze B2 and Aliyun OSS answer;
 * - 'rgw': as Ceph RGW 16.2: If-Match holds only for the bare ETag (the quoted form always
 *   fails), and If-Match on a missing key is 412;
 * - 'rgw-versioned': as RGW 16.2 on a versioned bucket: If-None-Match ignored, If-Match always 412.
 */
export type ConditionalWriteMode = boolean | 'unsupported' | 'rgw' | 'rgw-versioned';

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

  async function holds(
    req: IncomingMessage,
    bucket: string,
    key: string,
    mode: ConditionalWriteMode,
  ): Promise<boolean> {
    const noneMatch = req.headers['if-none-match'];
    const match = req.headers['if-match'];
    if (mode === 'rgw-versioned') return typeof match !== 'string';
    const etag = await currentEtag(bucket, key);
    if (noneMatch === '*' && etag !== undefined) return false;
    // RGW 16 compares the header as sent with the bare ETag.
    const sent = mode === 'rgw' ? match : match?.replaceAll('"', '');
    if (typeof sent === 'string' && sent !== etag) return false;
    return true;
  }

  return (
    req: IncomingMessage,
    bucket: string,
    key: string,
    mode: ConditionalWriteMode,
    apply: () => Promise<void>,
    refuse: () => Promise<void>,
  ): Promise<void> => {
    const queueKey = `${bucket}/${key}`;
    const turn = (queues.get(queueKey) ?? Promise.resolve()).then(async () =>
      (await holds(req, bucket, key, mode)) ? apply() : refuse(),
    );
    queues.set(
      queueKey,
      turn.catch(() => {}),
    );
    return turn;
  };
}
