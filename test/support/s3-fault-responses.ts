// S3 error bodies, DeleteObjects results and AWS multipart ETags for the fault-injecting proxy.
// Kept independent of src/: the proxy is the oracle the code under test is checked against.
import { createHash, randomBytes } from 'node:crypto';

/** What a fault rule answers: an S3 error, a reset connection, or no answer at all. */
export type FaultResponse =
  | 'SlowDown'
  | 'InternalError'
  | 'ServiceUnavailable'
  | 'AccessDenied'
  | 'AccessControlListNotSupported'
  | 'NoSuchBucket'
  | 'InvalidRequest'
  | 'PreconditionFailed'
  | 'NotImplemented'
  | 'reset'
  | 'hang'
  | 'stall';

/** reset: the connection is reset; hang: the request is read, never answered; stall: not even read. */
export type S3ErrorCode = Exclude<FaultResponse, 'reset' | 'hang' | 'stall'>;

export const ERROR_STATUS: Readonly<Record<S3ErrorCode, number>> = {
  SlowDown: 503,
  InternalError: 500,
  ServiceUnavailable: 503,
  AccessDenied: 403,
  AccessControlListNotSupported: 400,
  NoSuchBucket: 404,
  InvalidRequest: 400,
  PreconditionFailed: 412,
  NotImplemented: 501,
};

export interface S3ErrorContext {
  readonly operation: string;
  readonly bucket: string | undefined;
  readonly key: string | undefined;
}

// The IAM action S3 authorises each operation as (DeleteObjects: s3:DeleteObject per key).
const IAM_ACTIONS: Readonly<Record<string, string>> = {
  ListObjectsV2: 'ListBucket',
  ListObjects: 'ListBucket',
  HeadBucket: 'ListBucket',
  HeadObject: 'GetObject',
  CopyObject: 'PutObject',
  CreateMultipartUpload: 'PutObject',
  UploadPart: 'PutObject',
  UploadPartCopy: 'PutObject',
  CompleteMultipartUpload: 'PutObject',
  DeleteObjects: 'DeleteObject',
  ListParts: 'ListMultipartUploadParts',
  ListMultipartUploads: 'ListBucketMultipartUploads',
  ListBuckets: 'ListAllMyBuckets',
};

export function iamActionOf(operation: string): string {
  return `s3:${IAM_ACTIONS[operation] ?? operation}`;
}

function accessDeniedMessage({ operation, bucket, key }: S3ErrorContext): string {
  const action = iamActionOf(operation);
  const resource =
    bucket === undefined ? '*' : `arn:aws:s3:::${bucket}${key === undefined ? '' : `/${key}`}`;
  return (
    `User: arn:aws:iam::123456789012:user/deployer is not authorized to perform: ${action} ` +
    `on resource: "${resource}" because no identity-based policy allows the ${action} action`
  );
}

const MESSAGES: Readonly<Record<S3ErrorCode, (context: S3ErrorContext) => string>> = {
  SlowDown: () => 'Please reduce your request rate.',
  InternalError: () => 'We encountered an internal error. Please try again.',
  ServiceUnavailable: () => 'Service is unable to handle request.',
  AccessDenied: accessDeniedMessage,
  AccessControlListNotSupported: () => 'The bucket does not allow ACLs',
  NoSuchBucket: () => 'The specified bucket does not exist',
  // What S3 says to a CopyObject of more than 5 GiB.
  InvalidRequest: () =>
    'The specified copy source is larger than the maximum allowable size for a copy source: 5368709120',
  PreconditionFailed: () => 'At least one of the pre-conditions you specified did not hold',
  NotImplemented: () => 'A header you provided implies functionality that is not implemented',
};

export function newRequestId(): string {
  return randomBytes(8).toString('hex').toUpperCase();
}

/** The XML body S3 sends with an error status. */
export function s3ErrorXml(code: S3ErrorCode, context: S3ErrorContext, requestId: string): string {
  const extra =
    code === 'NoSuchBucket' && context.bucket !== undefined
      ? `<BucketName>${xmlEscape(context.bucket)}</BucketName>`
      : '';
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error><Code>${code}</Code><Message>${xmlEscape(MESSAGES[code](context))}</Message>${extra}` +
    `<RequestId>${requestId}</RequestId><HostId>${randomBytes(48).toString('base64')}</HostId></Error>`
  );
}

export function xmlEscape(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}

export function xmlUnescape(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(Number.parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(Number(entity.slice(1)));
    return (
      ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[entity] ?? ''
    );
  });
}

function keyOf(xmlFragment: string): string | undefined {
  const match = /<Key>([\s\S]*?)<\/Key>/.exec(xmlFragment);
  return match?.[1] === undefined ? undefined : xmlUnescape(match[1]);
}

/** The keys of a DeleteObjects request body. */
export function deleteRequestKeys(xml: string): string[] {
  return [...xml.matchAll(/<Object>([\s\S]*?)<\/Object>/g)].flatMap((m) => keyOf(m[1] ?? '') ?? []);
}

/**
 * A DeleteObjects request body without the objects whose key is in `drop`, with `headers`
 * updated to match it: length, Content-MD5, SHA-256; CRC checksums, no longer right, dropped.
 */
export function withoutDeleteKeys(
  body: Buffer,
  drop: ReadonlySet<string>,
  headers: Record<string, number | string | string[] | undefined>,
): Buffer {
  const xml = body
    .toString('utf8')
    .replace(/<Object>([\s\S]*?)<\/Object>/g, (whole, inner: string) =>
      drop.has(keyOf(inner) ?? '') ? '' : whole,
    );
  const rewritten = Buffer.from(xml);
  headers['content-length'] = rewritten.length;
  if (headers['content-md5'] !== undefined) {
    headers['content-md5'] = createHash('md5').update(rewritten).digest('base64');
  }
  if (/^[0-9a-f]{64}$/.test(String(headers['x-amz-content-sha256']))) {
    headers['x-amz-content-sha256'] = createHash('sha256').update(rewritten).digest('hex');
  }
  for (const name of Object.keys(headers)) {
    if (name.startsWith('x-amz-checksum-')) delete headers[name];
  }
  return rewritten;
}

/** A DeleteResult (the upstream one, or an empty one) with a per-key AccessDenied for `denied`. */
export function deleteResultWithDenied(
  upstreamXml: string | undefined,
  denied: readonly string[],
): string {
  const errors = denied
    .map(
      (key) =>
        `<Error><Key>${xmlEscape(key)}</Key><Code>AccessDenied</Code><Message>Access Denied</Message></Error>`,
    )
    .join('');
  if (upstreamXml?.includes('</DeleteResult>')) {
    return upstreamXml.replace('</DeleteResult>', `${errors}</DeleteResult>`);
  }
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<DeleteResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${errors}</DeleteResult>`
  );
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

/** Bucket, key (decoded) and query of a path-style request URL (`/bucket/key?query`). */
export function s3TargetOf(url: string) {
  const q = url.indexOf('?');
  const path = (q < 0 ? url : url.slice(0, q)).replace(/^\//, '');
  const slash = path.indexOf('/');
  const bucket = decodeURIComponent(slash < 0 ? path : path.slice(0, slash)) || undefined;
  const key = slash < 0 ? undefined : decodeURIComponent(path.slice(slash + 1)) || undefined;
  return { bucket, key, query: new URLSearchParams(q < 0 ? '' : url.slice(q + 1)) };
}

type Routes = readonly (readonly [method: string, queryParameter: string, operation: string])[];
const BUCKET_SUBRESOURCES = Object.entries({
  acl: 'BucketAcl',
  policy: 'BucketPolicy',
  cors: 'BucketCors',
  website: 'BucketWebsite',
  location: 'BucketLocation',
  versioning: 'BucketVersioning',
  tagging: 'BucketTagging',
  lifecycle: 'BucketLifecycleConfiguration',
  ownershipControls: 'BucketOwnershipControls',
  publicAccessBlock: 'PublicAccessBlock',
});
// First match wins; '' matches any query.
const BUCKET_ROUTES: Routes = [
  ...BUCKET_SUBRESOURCES.flatMap(([parameter, name]) =>
    ['Get', 'Put', 'Delete'].map(
      (verb) => [verb.toUpperCase(), parameter, `${verb}${name}`] as const,
    ),
  ),
  ['GET', 'list-type', 'ListObjectsV2'],
  ['GET', 'uploads', 'ListMultipartUploads'],
  ['GET', 'versions', 'ListObjectVersions'],
  ['GET', '', 'ListObjects'],
  ['HEAD', '', 'HeadBucket'],
  ['PUT', '', 'CreateBucket'],
  ['DELETE', '', 'DeleteBucket'],
  ['POST', 'delete', 'DeleteObjects'],
];
const OBJECT_ROUTES: Routes = [
  ['GET', 'acl', 'GetObjectAcl'],
  ['GET', 'tagging', 'GetObjectTagging'],
  ['GET', 'uploadId', 'ListParts'],
  ['GET', '', 'GetObject'],
  ['HEAD', '', 'HeadObject'],
  ['PUT', 'acl', 'PutObjectAcl'],
  ['PUT', 'tagging', 'PutObjectTagging'],
  ['PUT', 'uploadId', 'UploadPart'],
  ['PUT', '', 'PutObject'],
  ['POST', 'uploads', 'CreateMultipartUpload'],
  ['POST', 'uploadId', 'CompleteMultipartUpload'],
  ['POST', 'restore', 'RestoreObject'],
  ['DELETE', 'uploadId', 'AbortMultipartUpload'],
  ['DELETE', 'tagging', 'DeleteObjectTagging'],
  ['DELETE', '', 'DeleteObject'],
];
const COPIES: Readonly<Record<string, string>> = {
  PutObject: 'CopyObject',
  UploadPart: 'UploadPartCopy',
};

/** The S3 operation a path-style request performs, from its method, URL and headers. */
export function s3OperationOf(
  method: string,
  url: string,
  headers: Readonly<Record<string, string | string[] | undefined>>,
): string {
  const { bucket, key, query } = s3TargetOf(url);
  const verb = method.toUpperCase();
  if (bucket === undefined) return verb === 'GET' ? 'ListBuckets' : 'Unknown';
  const routes = key === undefined ? BUCKET_ROUTES : OBJECT_ROUTES;
  const route = routes.find(
    ([m, parameter]) => m === verb && (parameter === '' || query.has(parameter)),
  );
  const operation = route?.[2] ?? 'Unknown';
  return headers['x-amz-copy-source'] === undefined ? operation : (COPIES[operation] ?? operation);
}

/** True when a bucket with ACLs disabled refuses the request: only bucket-owner-full-control passes. */
export function aclRefused(
  operation: string,
  headers: Readonly<Record<string, string | string[] | undefined>>,
): boolean {
  const acl = headers['x-amz-acl'];
  if (acl !== undefined) return acl !== 'bucket-owner-full-control';
  if (Object.keys(headers).some((name) => name.startsWith('x-amz-grant-'))) return true;
  return operation === 'PutObjectAcl' || operation === 'PutBucketAcl'; // an ACL in the body
}

export interface FaultRule {
  /** S3 operation name(s) as `s3OperationOf` derives them; any operation when absent. */
  readonly operation?: string | readonly string[];
  readonly bucket?: string;
  /** Requests without a key never match a rule with one. In DeleteObjects, matched per key. */
  readonly key?: string | RegExp;
  /** How many faults the rule injects at most (default: no limit). */
  readonly times?: number;
  /** Fault only every Nth matching request (the Nth, 2Nth, ...). Default 1. */
  readonly every?: number;
  /** Let this many matching requests through before the first fault. Default 0. */
  readonly after?: number;
  readonly respond: FaultResponse;
}

export interface FaultRuleHandle {
  readonly rule: FaultRule;
  /** Matching requests (DeleteObjects keys for a rule with `key`) so far, and faults injected. */
  readonly matched: number;
  readonly fired: number;
  remove(): void;
}

export class RuleState implements FaultRuleHandle {
  matched = 0;
  fired = 0;
  constructor(
    readonly rule: FaultRule,
    private readonly rules: RuleState[],
  ) {}

  /** Counts a matching request and says whether it gets the fault. */
  trigger(operation: string, bucket: string | undefined, key: string | undefined): boolean {
    const { rule } = this;
    if (rule.operation !== undefined && ![rule.operation].flat().includes(operation)) return false;
    if (rule.bucket !== undefined && rule.bucket !== bucket) return false;
    if (rule.key !== undefined) {
      if (key === undefined) return false;
      if (typeof rule.key === 'string' ? rule.key !== key : !rule.key.test(key)) return false;
    }
    this.matched += 1;
    if (this.matched <= (rule.after ?? 0)) return false;
    if (this.fired >= (rule.times ?? Number.POSITIVE_INFINITY)) return false;
    if ((this.matched - (rule.after ?? 0)) % (rule.every ?? 1) !== 0) return false;
    this.fired += 1;
    return true;
  }

  remove(): void {
    const at = this.rules.indexOf(this);
    if (at >= 0) this.rules.splice(at, 1);
  }
}
