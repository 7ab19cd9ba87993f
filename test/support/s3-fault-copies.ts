// UploadPartCopy for the fault proxy: s3rver answers it NotImplemented, so the proxy reads the
// source range upstream and uploads it as the part, honouring x-amz-copy-source-if-match.
import type { IncomingHttpHeaders } from 'node:http';
import {
  GetObjectCommand,
  HeadObjectCommand,
  type S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { s3TargetOf, xmlEscape } from './s3-fault-responses.js';

export interface CopySource {
  readonly bucket: string;
  readonly key: string;
}

/** `x-amz-copy-source`: `BUCKET/KEY` (optionally with a leading `/`), each segment encoded. */
export function copySourceOf(headers: IncomingHttpHeaders): CopySource | undefined {
  const header = headers['x-amz-copy-source'];
  if (typeof header !== 'string') return undefined;
  const [bucket = '', ...segments] = header.replace(/^\//, '').split('?')[0]?.split('/') ?? [];
  return { bucket: decodeURIComponent(bucket), key: segments.map(decodeURIComponent).join('/') };
}

/** The size of the copy source, read upstream. */
export async function sourceSize(reader: S3Client, source: CopySource): Promise<number> {
  const head = await reader.send(new HeadObjectCommand({ Bucket: source.bucket, Key: source.key }));
  return head.ContentLength ?? 0;
}

/**
 * Performs an UploadPartCopy upstream. `etagOf` gives the ETag clients see for the source
 * (rewritten for keys with multipart ETags); undefined result: the If-Match failed.
 */
export async function copyPart(
  reader: S3Client,
  url: string,
  headers: IncomingHttpHeaders,
  etagOf: (bucket: string, key: string, upstreamEtag: string) => Promise<string | undefined>,
): Promise<string | undefined> {
  const source = copySourceOf(headers);
  const { bucket, key, query } = s3TargetOf(url);
  if (source === undefined || bucket === undefined || key === undefined) {
    throw new Error(`not an UploadPartCopy: ${url}`);
  }
  const range = headers['x-amz-copy-source-range'];
  const object = await reader.send(
    new GetObjectCommand({
      Bucket: source.bucket,
      Key: source.key,
      ...(typeof range === 'string' ? { Range: range } : {}),
    }),
  );
  const upstreamEtag = object.ETag?.replaceAll('"', '') ?? '';
  const seen = (await etagOf(source.bucket, source.key, upstreamEtag)) ?? upstreamEtag;
  const ifMatch = headers['x-amz-copy-source-if-match'];
  if (typeof ifMatch === 'string' && ifMatch.replaceAll('"', '') !== seen) {
    await object.Body?.transformToByteArray();
    return undefined;
  }
  const bytes = Buffer.from((await object.Body?.transformToByteArray()) ?? []);
  const part = await reader.send(
    new UploadPartCommand({
      Bucket: bucket,
      Key: key,
      UploadId: query.get('uploadId') ?? '',
      PartNumber: Number(query.get('partNumber')),
      Body: bytes,
    }),
  );
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<CopyPartResult><LastModified>${new Date().toISOString()}</LastModified>` +
    `<ETag>${xmlEscape(part.ETag ?? '')}</ETag></CopyPartResult>`
  );
}
