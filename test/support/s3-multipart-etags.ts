// AWS multipart ETags for the fault proxy (s3rver only knows MD5s): computing them, and putting
// them in the listings and CompleteMultipartUpload results s3rver answers.
import { createHash } from 'node:crypto';
import type { OutgoingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { S3RequestRecord } from './s3-exchange.js';
import { keyOf, xmlUnescape } from './s3-xml.js';

/** How to make a key's ETag: from the stored bytes in parts of `partSize`, or a fixed value. */
export type MultipartEtagSpec = { readonly partSize: number } | { readonly etag: string };

/** The keys (of any bucket) given multipart ETags, and the ETags computed for them. */
export class MultipartEtags {
  readonly specs = new Map<string, MultipartEtagSpec>();
  private readonly computed = new Map<
    string,
    { upstreamEtag: string; partSize: number; etag: string }
  >();

  constructor(private readonly upstream: () => S3Client) {}

  /**
   * The rewritten ETag of bucket/key, from the bytes stored upstream (read with a signed GET of
   * our own), cached while the upstream ETag (s3rver's MD5 of the whole object) stays the same.
   */
  async etagOf(bucket: string, key: string, upstreamEtag: string): Promise<string | undefined> {
    const spec = this.specs.get(key);
    if (spec === undefined || 'etag' in spec) return spec?.etag;
    const cached = this.computed.get(`${bucket}/${key}`);
    if (cached?.upstreamEtag === upstreamEtag && cached.partSize === spec.partSize) {
      return cached.etag;
    }
    const object = await this.upstream().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const hasher = new MultipartEtagHasher(spec.partSize);
    for await (const chunk of object.Body as Readable) hasher.update(chunk as Buffer);
    const etag = hasher.digest();
    const stored = object.ETag?.replaceAll('"', '') ?? upstreamEtag;
    this.computed.set(`${bucket}/${key}`, { upstreamEtag: stored, partSize: spec.partSize, etag });
    return etag;
  }

  /** In a successful HeadObject or GetObject of a registered key: the ETag header rewritten. */
  async rewriteHeader(record: S3RequestRecord, headers: OutgoingHttpHeaders): Promise<void> {
    const { operation, bucket, key } = record;
    if (bucket === undefined || key === undefined || !this.specs.has(key)) return;
    if (operation !== 'HeadObject' && operation !== 'GetObject') return;
    const etag = await this.etagOf(bucket, key, String(headers.etag).replaceAll('"', ''));
    if (etag !== undefined) headers.etag = `"${etag}"`;
  }

  /** True when a successful answer's XML carries ETags to rewrite. */
  rewritesBody({ operation, key }: S3RequestRecord): boolean {
    const listing = operation === 'ListObjectsV2' || operation === 'ListObjects';
    const registered = key !== undefined && this.specs.has(key);
    return (
      (listing && this.specs.size > 0) || (registered && operation === 'CompleteMultipartUpload')
    );
  }

  rewriteBody(bucket: string, xml: string): Promise<string> {
    return rewriteXmlEtags(xml, (key, upstreamEtag) => this.etagOf(bucket, key, upstreamEtag));
  }
}

/**
 * Replaces, in a listing (ListObjects V1/V2) or a CompleteMultipartUpload result, the ETag
 * of each entry whose key `etagOf` knows; `etagOf` gets the key and the upstream ETag unquoted.
 */
export async function rewriteXmlEtags(
  xml: string,
  etagOf: (key: string, upstreamEtag: string) => Promise<string | undefined>,
): Promise<string> {
  const entry = /<(Contents|CompleteMultipartUploadResult)\b[^>]*>([\s\S]*?)<\/\1>/g;
  const replacements = new Map<string, string>();
  for (const match of xml.matchAll(entry)) {
    const key = keyOf(match[2] ?? '');
    const etag = /<ETag>([\s\S]*?)<\/ETag>/.exec(match[2] ?? '')?.[1];
    if (key === undefined || etag === undefined) continue;
    const replaced = await etagOf(key, xmlUnescape(etag).replaceAll('"', ''));
    if (replaced !== undefined) replacements.set(match[0], replaced);
  }
  return xml.replace(entry, (whole) => {
    const etag = replacements.get(whole);
    return etag === undefined
      ? whole
      : whole.replace(/<ETag>[\s\S]*?<\/ETag>/, `<ETag>&quot;${etag}&quot;</ETag>`);
  });
}

/** Incremental AWS multipart ETag, `md5(concat(binary md5 of each part))-N`, unquoted. */
export class MultipartEtagHasher {
  private readonly digests: Buffer[] = [];
  private part = createHash('md5');
  private filled = 0;

  constructor(private readonly partSize: number) {
    if (!(partSize > 0)) throw new RangeError(`part size must be positive: ${partSize}`);
  }

  update(chunk: Uint8Array): void {
    for (let offset = 0; offset < chunk.length; ) {
      const take = Math.min(this.partSize - this.filled, chunk.length - offset);
      this.part.update(chunk.subarray(offset, offset + take));
      this.filled += take;
      offset += take;
      if (this.filled === this.partSize) {
        this.digests.push(this.part.digest());
        this.part = createHash('md5');
        this.filled = 0;
      }
    }
  }

  digest(): string {
    // An upload has at least one part, even an empty one.
    if (this.filled > 0 || this.digests.length === 0) this.digests.push(this.part.digest());
    const all = createHash('md5').update(Buffer.concat(this.digests)).digest('hex');
    return `${all}-${this.digests.length}`;
  }
}

/** The ETag S3 gives an object uploaded in parts of `partSize` bytes (the last one shorter). */
export function awsMultipartEtag(bytes: Uint8Array, partSize: number): string {
  const hasher = new MultipartEtagHasher(partSize);
  hasher.update(bytes);
  return hasher.digest();
}
