// A fault-injecting HTTP proxy between the AWS SDK and s3rver: records every request as an
// S3 operation, answers chosen requests with real S3 errors, resets or hangs, emulates a bucket
// with ACLs disabled, keeps object ACLs, answers UploadPartCopy, can read request bodies slowly,
// and gives chosen keys AWS-style multipart ETags (s3rver only knows MD5s).
import {
  Agent,
  createServer,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  request,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeline, type Readable, Transform } from 'node:stream';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { conditionalWrites, isConditionalWrite } from './s3-conditional-writes.js';
import { copyPart, copySourceOf, sourceSize } from './s3-fault-copies.js';
import {
  aclRefused,
  deleteRequestKeys,
  deleteResultWithDenied,
  ERROR_STATUS,
  type FaultResponse,
  type FaultRule,
  type FaultRuleHandle,
  MultipartEtagHasher,
  newRequestId,
  RuleState,
  rewriteXmlEtags,
  s3ErrorXml,
  s3OperationOf,
  s3TargetOf,
  withoutDeleteKeys,
} from './s3-fault-responses.js';
import { type AclGrant, aclXml, grantsOfHeaders } from './s3-object-acls.js';
import { S3RVER_CREDENTIALS } from './s3-server.js';

export {
  awsMultipartEtag,
  type FaultResponse,
  type FaultRule,
  type FaultRuleHandle,
  s3OperationOf,
  s3TargetOf,
} from './s3-fault-responses.js';

export interface S3RequestRecord {
  readonly operation: string;
  readonly method: string;
  readonly url: string;
  readonly bucket: string | undefined;
  readonly key: string | undefined;
  /** The keys of a DeleteObjects request. */
  deleteKeys?: string[];
  /** The request's headers named in RECORDED_HEADERS (lower-case names). */
  readonly headers: Readonly<Record<string, string>>;
  /** The status answered; null while pending or without a response (reset, hang, upstream failure). */
  status: number | null;
  /** The fault injected, if any (refused by `aclsDisabled`: AccessControlListNotSupported). */
  fault: FaultResponse | null;
}

/** How to make a key's ETag: from the stored bytes in parts of `partSize`, or a fixed value. */
export type MultipartEtagSpec = { readonly partSize: number } | { readonly etag: string };

export interface S3FaultProxy {
  readonly endpoint: string;
  readonly port: number;
  /** Every request so far, in arrival order; empty it with `operations.length = 0`. */
  readonly operations: S3RequestRecord[];
  /** Like a bucket with Object Ownership = bucket owner enforced. */
  aclsDisabled: boolean;
  /** Keys (of any bucket) whose ETag listings, HeadObject, GetObject and CompleteMultipartUpload rewrite. */
  readonly multipartEtags: Map<string, MultipartEtagSpec>;
  /**
   * Object ACLs by key, set by every write through the proxy (private without ACL headers) and
   * answered to GetObjectAcl; a key not in it is private. With `aclsDisabled`, always private.
   */
  readonly objectAcls: Map<string, AclGrant[]>;
  /** Like S3's 5 GiB: a CopyObject of a larger source is refused with InvalidRequest. */
  maxCopyBytes: number;
  /** Request bodies are read at this rate, pushing back on the sender like a slow link. */
  bodyBytesPerSecond: number | undefined;
  /**
   * Honour `If-None-Match: *` and `If-Match` on PutObject and CompleteMultipartUpload as AWS does
   * (s3rver ignores them): 412 PreconditionFailed when the condition fails. On by default;
   * 'unsupported' answers 501 NotImplemented to them, as some S3-compatible servers do.
   */
  conditionalWrites: boolean | 'unsupported';
  addRule(rule: FaultRule): FaultRuleHandle;
  clearRules(): void;
  stop(): Promise<void>;
}

export interface S3FaultProxyOptions {
  /** To read objects upstream for multipart ETags; s3rver's by default. */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

export const RECORDED_HEADERS = [
  'x-amz-acl',
  'x-amz-copy-source',
  'x-amz-metadata-directive',
  'content-md5',
  'content-type',
  'content-length',
  'content-encoding',
  'cache-control',
  'if-match',
  'if-none-match',
  'content-disposition',
  'content-language',
  'expires',
  'x-amz-storage-class',
  'x-amz-website-redirect-location',
  'x-amz-server-side-encryption',
  'x-amz-server-side-encryption-',
  'x-amz-tagging-directive',
  'x-amz-copy-source-',
  'x-amz-grant-',
  'x-amz-meta-', // and every other header starting so
  'x-amz-checksum-',
];
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'upgrade', 'expect'];

function readAll(stream: Readable): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

function sendXml(res: ServerResponse, status: number, xml: string, headers: OutgoingHttpHeaders) {
  delete headers['transfer-encoding'];
  headers['content-length'] = Buffer.byteLength(xml);
  res.writeHead(status, headers).end(xml);
}

export async function startS3FaultProxy(
  upstream: string,
  options: S3FaultProxyOptions = {},
): Promise<S3FaultProxy> {
  const target = new URL(upstream);
  const agent = new Agent({ keepAlive: true });
  const rules: RuleState[] = [];
  const operations: S3RequestRecord[] = [];
  const multipartEtags = new Map<string, MultipartEtagSpec>();
  const objectAcls = new Map<string, AclGrant[]>();
  // The ACL a multipart upload gives its object when completed, by key.
  const uploadAcls = new Map<string, AclGrant[]>();
  const computed = new Map<string, { upstreamEtag: string; partSize: number; etag: string }>();
  let reader: S3Client | undefined;
  const upstreamClient = () => {
    reader ??= new S3Client({
      endpoint: upstream,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: options.credentials ?? S3RVER_CREDENTIALS,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    return reader;
  };

  const conditional = conditionalWrites(upstreamClient);

  // The rewritten ETag of bucket/key, from the bytes stored upstream (read with a signed GET of
  // our own), cached while the upstream ETag (s3rver's MD5 of the whole object) stays the same.
  async function etagOf(bucket: string, key: string, upstreamEtag: string) {
    const spec = multipartEtags.get(key);
    if (spec === undefined || 'etag' in spec) return spec?.etag;
    const cached = computed.get(`${bucket}/${key}`);
    if (cached?.upstreamEtag === upstreamEtag && cached.partSize === spec.partSize) {
      return cached.etag;
    }
    const object = await upstreamClient().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const hasher = new MultipartEtagHasher(spec.partSize);
    for await (const chunk of object.Body as Readable) hasher.update(chunk as Buffer);
    const etag = hasher.digest();
    const stored = object.ETag?.replaceAll('"', '') ?? upstreamEtag;
    computed.set(`${bucket}/${key}`, { upstreamEtag: stored, partSize: spec.partSize, etag });
    return etag;
  }

  // The first rule that fires; in DeleteObjects, rules without a key apply to the request and
  // rules with one to each key inside.
  function faultFor(record: S3RequestRecord, key: string | undefined, perKey = false) {
    const candidates = perKey ? rules.filter(({ rule }) => rule.key !== undefined) : rules;
    return candidates.find((rule) => rule.trigger(record.operation, record.bucket, key))?.rule
      .respond;
  }

  async function answerFault(
    req: IncomingMessage,
    res: ServerResponse,
    record: S3RequestRecord,
    fault: FaultResponse,
    bodyRead: boolean,
  ) {
    record.fault = fault;
    if (fault === 'stall') return; // neither read nor answered: the sender's buffers fill up
    if (!bodyRead) await readAll(req); // S3 reads the request before answering
    if (fault === 'hang') return; // stop() closes the connection
    if (fault === 'reset') return void req.socket.resetAndDestroy();
    const requestId = newRequestId();
    record.status = ERROR_STATUS[fault];
    const xml = s3ErrorXml(fault, record, requestId);
    sendXml(res, record.status, xml, {
      'content-type': 'application/xml',
      'x-amz-request-id': requestId,
    });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      const recorded = RECORDED_HEADERS.some((wanted) =>
        wanted.endsWith('-') ? name.startsWith(wanted) : name === wanted,
      );
      if (recorded && typeof value === 'string') headers[name] = value;
    }
    const operation = s3OperationOf(method, url, req.headers);
    const { bucket, key } = s3TargetOf(url);
    const record: S3RequestRecord = {
      operation,
      method,
      url,
      bucket,
      key,
      headers,
      status: null,
      fault: null,
    };
    operations.push(record);
    const forwardHeaders: OutgoingHttpHeaders = { ...req.headers };
    for (const name of HOP_BY_HOP) delete forwardHeaders[name];

    if (operation !== 'DeleteObjects') {
      const refused = proxy.aclsDisabled && aclRefused(operation, req.headers);
      const fault =
        faultFor(record, key) ??
        (refused ? 'AccessControlListNotSupported' : undefined) ??
        (await copyTooLarge(operation, req));
      if (fault !== undefined) return answerFault(req, res, record, fault, false);
      if (operation === 'GetObjectAcl') return answerAcl(req, res, record);
      if (operation === 'UploadPartCopy') return answerPartCopy(req, res, record);
      if (!proxy.conditionalWrites || !isConditionalWrite(operation, req) || !bucket || !key) {
        return forward(req, res, record, forwardHeaders, undefined, []);
      }
      if (proxy.conditionalWrites === 'unsupported') {
        return answerFault(req, res, record, 'NotImplemented', false);
      }
      return conditional(
        req,
        bucket,
        key,
        () =>
          new Promise<void>((resolve) => {
            res.once('close', resolve);
            forward(req, res, record, forwardHeaders, undefined, []);
          }),
        () => answerFault(req, res, record, 'PreconditionFailed', false),
      );
    }
    // DeleteObjects is buffered (at most 1,000 keys) to match rules per key: S3 authorises it
    // per key, answering 200 with an AccessDenied error for each key refused.
    let body = await readAll(req);
    const keys = deleteRequestKeys(body.toString('utf8'));
    record.deleteKeys = keys;
    const whole = faultFor(record, undefined);
    const perKey = whole === undefined ? keys.map((k) => faultFor(record, k, true)) : [];
    const other = [whole, ...perKey].find(
      (fault) => fault !== undefined && fault !== 'AccessDenied',
    );
    if (other !== undefined) return answerFault(req, res, record, other, true);
    const denied =
      whole === 'AccessDenied' ? keys : keys.filter((_, i) => perKey[i] === 'AccessDenied');
    if (denied.length > 0) {
      record.fault = 'AccessDenied';
      if (denied.length === keys.length) {
        record.status = 200;
        const xml = deleteResultWithDenied(undefined, denied);
        return sendXml(res, 200, xml, { 'content-type': 'application/xml' });
      }
      body = withoutDeleteKeys(body, new Set(denied), forwardHeaders);
    }
    forward(req, res, record, forwardHeaders, body, denied);
  }

  async function copyTooLarge(operation: string, req: IncomingMessage) {
    const source = copySourceOf(req.headers);
    if (operation !== 'CopyObject' || source === undefined) return undefined;
    const size = await sourceSize(upstreamClient(), source);
    return size > proxy.maxCopyBytes ? ('InvalidRequest' as const) : undefined;
  }

  async function answerAcl(req: IncomingMessage, res: ServerResponse, record: S3RequestRecord) {
    await readAll(req);
    const stored = proxy.aclsDisabled ? undefined : objectAcls.get(record.key ?? '');
    record.status = 200;
    sendXml(res, 200, aclXml(stored ?? grantsOfHeaders({})), { 'content-type': 'application/xml' });
  }

  async function answerPartCopy(
    req: IncomingMessage,
    res: ServerResponse,
    record: S3RequestRecord,
  ) {
    await readAll(req);
    const xml = await copyPart(upstreamClient(), record.url, req.headers, etagOf);
    if (xml === undefined) return answerFault(req, res, record, 'PreconditionFailed', true);
    record.status = 200;
    sendXml(res, 200, xml, { 'content-type': 'application/xml' });
  }

  /** After a successful write: the ACL it gave the object. */
  function rememberAcl({ operation, key = '', headers }: S3RequestRecord) {
    if (operation === 'PutObject' || operation === 'CopyObject') {
      objectAcls.set(key, grantsOfHeaders(headers));
    }
    // A multipart upload's ACL waits under its key until the upload is completed.
    if (operation === 'CreateMultipartUpload') uploadAcls.set(key, grantsOfHeaders(headers));
    if (operation === 'CompleteMultipartUpload') {
      objectAcls.set(key, uploadAcls.get(key) ?? grantsOfHeaders({}));
      uploadAcls.delete(key);
    }
  }

  function throttled(): Transform {
    const rate = proxy.bodyBytesPerSecond ?? Number.POSITIVE_INFINITY;
    return new Transform({
      highWaterMark: 16 * 1024,
      transform(chunk: Buffer, _encoding, done) {
        setTimeout(() => done(null, chunk), (chunk.length / rate) * 1000);
      },
    });
  }

  function forward(
    req: IncomingMessage,
    res: ServerResponse,
    record: S3RequestRecord,
    headers: OutgoingHttpHeaders,
    body: Buffer | undefined,
    denied: readonly string[],
  ) {
    const upstreamRequest = request({
      host: target.hostname,
      port: target.port,
      method: record.method,
      path: record.url,
      headers, // Host included, unchanged: it is part of the SigV4 signature
      agent,
    });
    upstreamRequest.on('error', () => res.destroy());
    upstreamRequest.on('response', (response) => {
      respond(response, res, record, denied).catch(() => res.destroy());
    });
    if (body !== undefined) upstreamRequest.end(body);
    else if (proxy.bodyBytesPerSecond === undefined) pipeline(req, upstreamRequest, () => {});
    else pipeline(req, throttled(), upstreamRequest, () => {});
  }

  async function respond(
    response: IncomingMessage,
    res: ServerResponse,
    record: S3RequestRecord,
    denied: readonly string[],
  ) {
    const status = response.statusCode ?? 502;
    const headers: OutgoingHttpHeaders = { ...response.headers };
    for (const name of HOP_BY_HOP) delete headers[name];
    const { operation, bucket, key } = record;
    const registered = key !== undefined && multipartEtags.has(key);
    if (status >= 200 && status < 300) rememberAcl(record);
    if (status >= 200 && status < 300 && bucket !== undefined) {
      if (registered && (operation === 'HeadObject' || operation === 'GetObject')) {
        const etag = await etagOf(bucket, key, String(response.headers.etag).replaceAll('"', ''));
        if (etag !== undefined) headers.etag = `"${etag}"`;
      }
      const listing = operation === 'ListObjectsV2' || operation === 'ListObjects';
      if (
        (listing && multipartEtags.size > 0) ||
        (registered && operation === 'CompleteMultipartUpload') ||
        denied.length > 0
      ) {
        let xml = (await readAll(response)).toString('utf8');
        xml = await rewriteXmlEtags(xml, (k, upstreamEtag) => etagOf(bucket, k, upstreamEtag));
        if (denied.length > 0) xml = deleteResultWithDenied(xml, denied);
        record.status = status;
        return sendXml(res, status, xml, headers);
      }
    }
    record.status = status;
    res.writeHead(status, headers);
    pipeline(response, res, () => {});
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const proxy: S3FaultProxy = {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    operations,
    aclsDisabled: false,
    conditionalWrites: true,
    multipartEtags,
    objectAcls,
    maxCopyBytes: 5 * 1024 ** 3,
    bodyBytesPerSecond: undefined,
    addRule(rule) {
      const state = new RuleState(rule, rules);
      rules.push(state);
      return state;
    },
    clearRules() {
      rules.length = 0;
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
      reader?.destroy();
    },
  };
  return proxy;
}
