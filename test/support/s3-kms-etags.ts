// SSE-KMS ETags for the fault proxy: on a bucket whose default encryption is a KMS key (and with
// DSSE-KMS or SSE-C), S3 gives every write an ETag that is no MD5 of the bytes and differs per
// write, even for the same bytes. s3rver only knows MD5s, so the proxy makes one up per write.
import { randomBytes } from 'node:crypto';
import type { OutgoingHttpHeaders } from 'node:http';
import type { S3RequestRecord } from './s3-exchange.js';
import type { MultipartEtagSpec } from './s3-multipart-etags.js';

const WRITES = new Set(['PutObject', 'CopyObject', 'CompleteMultipartUpload']);

export class KmsEtags {
  enabled = false;

  /** `specs`: the keys whose ETag the proxy rewrites in listings, HEAD, GET and Complete. */
  constructor(private readonly specs: Map<string, MultipartEtagSpec>) {}

  /** After a successful write: a fresh ETag for the key, answered now and from then on. */
  written(record: S3RequestRecord, headers: OutgoingHttpHeaders): string | undefined {
    const { operation, key } = record;
    if (!this.enabled || key === undefined || !WRITES.has(operation)) return undefined;
    const etag = randomBytes(16).toString('hex');
    this.specs.set(key, { etag });
    if (operation === 'PutObject') headers.etag = `"${etag}"`;
    return etag;
  }
}

/** CopyObject answers its ETag in the body: `<CopyObjectResult><ETag>`. */
export function withCopyEtag(xml: string, etag: string): string {
  return xml.replace(/<ETag>[\s\S]*?<\/ETag>/, `<ETag>&quot;${etag}&quot;</ETag>`);
}
