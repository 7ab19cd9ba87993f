// A fault-injecting HTTP proxy between the AWS SDK and s3rver: records every request as an
// S3 operation, answers chosen requests with real S3 errors, resets or hangs, emulates a bucket
// with ACLs disabled, keeps object ACLs, answers UploadPartCopy, can read request bodies slowly,
// and gives chosen keys AWS-style multipart ETags (s3rver only knows MD5s). Each behaviour lives
// in its own module; this one puts them in order, on the way in and on the way back.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream';
import {
  type ConditionalWriteMode,
  conditionalWrites,
  isConditionalWrite,
} from './s3-conditional-writes.js';
import { answerDeleteObjects, deleteResultWithDenied } from './s3-delete-objects.js';
import {
  answerFault,
  exchangeOf,
  readAll,
  type S3Exchange,
  type S3RequestRecord,
  sendXml,
  withoutHopByHop,
} from './s3-exchange.js';
import { answerPartCopy, copyTooLarge } from './s3-fault-copies.js';
import { type FaultRule, type FaultRuleHandle, FaultRules } from './s3-fault-rules.js';
import { KmsEtags, withCopyEtag } from './s3-kms-etags.js';
import { type MultipartEtagSpec, MultipartEtags } from './s3-multipart-etags.js';
import { type AclGrant, aclRefused, ObjectAcls } from './s3-object-acls.js';
import { S3RVER_CREDENTIALS } from './s3-server.js';
import { Upstream, type UpstreamCredentials } from './s3-upstream.js';
import type { VersionStore } from './s3-version-store.js';
import { type Rerouted, Versioning } from './s3-versioning.js';

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
   * (s3rver ignores them): 412 PreconditionFailed when the condition fails. On by default; the
   * other modes behave as the S3-compatible servers named in ConditionalWriteMode.
   */
  conditionalWrites: ConditionalWriteMode;
  /**
   * S3 versioning as AWS documents it (off until `versions.status = 'Enabled'`, or a
   * PutBucketVersioning through the proxy): writes answer x-amz-version-id, reads and copy
   * sources take ?versionId=, deletes add delete markers, ListObjectVersions, GetBucketVersioning.
   */
  readonly versions: VersionStore;
  /** Like a bucket whose default encryption is SSE-KMS: every write gets a random, non-MD5 ETag. */
  kmsEtags: boolean;
  addRule(rule: FaultRule): FaultRuleHandle;
  clearRules(): void;
  stop(): Promise<void>;
}

export interface S3FaultProxyOptions {
  /** To read objects upstream for multipart ETags; s3rver's by default. */
  readonly credentials?: UpstreamCredentials;
}

export async function startS3FaultProxy(
  upstreamEndpoint: string,
  options: S3FaultProxyOptions = {},
): Promise<S3FaultProxy> {
  const upstream = new Upstream(upstreamEndpoint, options.credentials ?? S3RVER_CREDENTIALS);
  const client = () => upstream.client();
  const rules = new FaultRules();
  const operations: S3RequestRecord[] = [];
  const etags = new MultipartEtags(client);
  const etagOf = (bucket: string, key: string, upstreamEtag: string) =>
    etags.etagOf(bucket, key, upstreamEtag);
  const acls = new ObjectAcls();
  const kms = new KmsEtags(etags.specs);
  const versioning = new Versioning(client);
  // What clients see of a stored object's ETag (a KMS or multipart one of the proxy's, or s3rver's).
  const visibleEtag = async (bucket: string, key: string, upstreamEtag: string) =>
    (await etagOf(bucket, key, upstreamEtag)) ?? upstreamEtag;
  const conditional = conditionalWrites(client, visibleEtag);

  // On the way in: each step answers the request itself or passes it on; the last forwards it.
  async function handle(exchange: S3Exchange): Promise<void> {
    const { req, record } = exchange;
    operations.push(record);
    const hold = rules.holdFor(record, record.key);
    if (hold) await hold;
    if (record.operation === 'DeleteObjects') {
      return answerDeleteObjects(exchange, rules, (body, denied) =>
        forward(exchange, body, denied),
      );
    }
    const fault =
      rules.faultFor(record, record.key) ??
      (proxy.aclsDisabled && aclRefused(record.operation, req.headers)
        ? 'AccessControlListNotSupported'
        : undefined);
    if (fault !== undefined) return answerFault(exchange, fault, false);
    if (record.operation === 'GetObjectAcl') return acls.answer(exchange, () => proxy.aclsDisabled);
    const routed = await versioning.route(exchange);
    if (routed === true) return;
    const tooLarge = await copyTooLarge(client(), exchange, proxy.maxCopyBytes);
    if (tooLarge !== undefined) return answerFault(exchange, tooLarge, false);
    if (record.operation === 'UploadPartCopy') return answerPartCopy(client(), exchange, etagOf);
    return conditionalWrite(exchange, routed);
  }

  function conditionalWrite(exchange: S3Exchange, routed?: Rerouted): Promise<void> | undefined {
    const { req, res, record } = exchange;
    const { operation, bucket, key } = record;
    const mode = proxy.conditionalWrites;
    if (!mode || !isConditionalWrite(operation, req) || !bucket || !key) {
      forward(exchange, undefined, [], routed);
      return;
    }
    if (mode === 'unsupported') return answerFault(exchange, 'NotImplemented', false);
    const apply = () =>
      new Promise<void>((resolve) => {
        res.once('close', resolve);
        forward(exchange);
      });
    return conditional(req, bucket, key, mode, apply, () =>
      answerFault(exchange, 'PreconditionFailed', false),
    );
  }

  function forward(
    exchange: S3Exchange,
    body?: Buffer,
    denied: readonly string[] = [],
    routed?: Rerouted,
  ): void {
    const bytesPerSecond = proxy.bodyBytesPerSecond;
    upstream.forward(exchange, { body, bytesPerSecond, path: routed?.path }, (response) =>
      respond(exchange, response, denied, routed),
    );
  }

  // On the way back: what the proxy remembers of a success, and how it rewrites the answer.
  async function respond(
    { res, record }: S3Exchange,
    response: IncomingMessage,
    denied: readonly string[],
    routed?: Rerouted,
  ) {
    const status = response.statusCode ?? 502;
    const headers = withoutHopByHop(response.headers);
    const succeeded = status >= 200 && status < 300;
    if (succeeded) acls.remember(record);
    const { bucket, key = '' } = record;
    if (succeeded && bucket !== undefined) {
      const kmsEtag = kms.written(record, headers);
      await versioning.answered(
        record,
        headers,
        async (stored) => kmsEtag ?? visibleEtag(bucket, key, stored),
        denied,
      );
      await etags.rewriteHeader(record, headers);
      Object.assign(headers, routed?.answerHeaders);
      const copied = kmsEtag !== undefined && record.operation === 'CopyObject';
      if (etags.rewritesBody(record) || denied.length > 0 || copied) {
        let xml = await etags.rewriteBody(bucket, (await readAll(response)).toString('utf8'));
        if (copied) xml = withCopyEtag(xml, kmsEtag);
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
    handle(exchangeOf(req, res)).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const proxy: S3FaultProxy = {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    operations,
    aclsDisabled: false,
    conditionalWrites: true,
    versions: versioning.store,
    get kmsEtags() {
      return kms.enabled;
    },
    set kmsEtags(on: boolean) {
      kms.enabled = on;
    },
    multipartEtags: etags.specs,
    objectAcls: acls.objects,
    maxCopyBytes: 5 * 1024 ** 3,
    bodyBytesPerSecond: undefined,
    addRule: (rule) => rules.add(rule),
    clearRules: () => rules.clear(),
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      upstream.destroy();
    },
  };
  return proxy;
}
