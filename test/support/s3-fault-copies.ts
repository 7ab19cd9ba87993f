// UploadPartCopy for the fault proxy: s3rver answers it NotImplemented, so the proxy reads the
// source range upstream and uploads it as the part, honouring x-amz-copy-source-if-match.
import type { IncomingHttpHeaders } from 'node:http';
import {
  GetObjectCommand,
  HeadObjectCommand,
  type S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { answerFault, answerXml, readAll, type S3Exchange } from './s3-exchange.js';
import { s3TargetOf } from './s3-routing.js';
import { xmlEscape } from './s3-xml.js';

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

/** InvalidRequest for a CopyObject whose source is larger than `maxCopyBytes`, as S3 refuses it. */
export async function copyTooLarge(
  reader: S3Client,
  { record, forwardHeaders }: S3Exchange,
  maxCopyBytes: number,
) {
  // The source as forwarded: a version's copy reads the kept bytes (s3-versioning.ts).
  const source = copySourceOf(forwardHeaders as IncomingHttpHeaders);
  if (record.operation !== 'CopyObject' || source === undefined) return undefined;
  const size = await sourceSize(reader, source);
  return size > maxCopyBytes ? ('InvalidRequest' as const) : undefined;
}

type EtagOf = (bucket: string, key: string, upstreamEtag: string) => Promise<string | undefined>;

/** Answers an UploadPartCopy, performed upstream; 412 when its If-Match fails. */
export async function answerPartCopy(reader: S3Client, exchange: S3Exchange, etagOf: EtagOf) {
  const { req, record } = exchange;
  await readAll(req);
  const xml = await copyPart(reader, record.url, req.headers, etagOf);
  if (xml === undefined) return answerFault(exchange, 'PreconditionFailed', true);
  return answerXml(exchange, xml, true);
}

/**
 * Performs an UploadPartCopy upstream. `etagOf` gives the ETag clients see for the source
 * (rewritten for keys with multipart ETags); undefined result: the If-Match failed.
 */
export async function copyPart(
  reader: S3Client,
  url: string,
  headers: IncomingHttpHeaders,
  etagOf: EtagOf,
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
