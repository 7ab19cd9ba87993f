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
import { type MultipartEtagSpec, MultipartEtags } from './s3-multipart-etags.js';
import { type AclGrant, aclRefused, ObjectAcls } from './s3-object-acls.js';
import { S3RVER_CREDENTIALS } from './s3-server.js';
import { Upstream, type UpstreamCredentials } from './s3-upstream.js';

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
  const conditional = conditionalWrites(client);

  // On the way in: each step answers the request itself or passes it on; the last forwards it.
  async function handle(exchange: S3Exchange): Promise<void> {
    const { req, record } = exchange;
    operations.push(record);
    if (record.operation === 'DeleteObjects') {
      return answerDeleteObjects(exchange, rules, (body, denied) =>
        forward(exchange, body, denied),
      );
    }
    const fault =
      rules.faultFor(record, record.key) ??
      (proxy.aclsDisabled && aclRefused(record.operation, req.headers)
        ? 'AccessControlListNotSupported'
        : undefined) ??
      (await copyTooLarge(client(), exchange, proxy.maxCopyBytes));
    if (fault !== undefined) return answerFault(exchange, fault, false);
    if (record.operation === 'GetObjectAcl') return acls.answer(exchange, () => proxy.aclsDisabled);
    if (record.operation === 'UploadPartCopy') return answerPartCopy(client(), exchange, etagOf);
    return conditionalWrite(exchange);
  }

  function conditionalWrite(exchange: S3Exchange): Promise<void> | undefined {
    const { req, res, record } = exchange;
    const { operation, bucket, key } = record;
    const mode = proxy.conditionalWrites;
    if (!mode || !isConditionalWrite(operation, req) || !bucket || !key) {
      forward(exchange);
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

  function forward(exchange: S3Exchange, body?: Buffer, denied: readonly string[] = []): void {
    const bytesPerSecond = proxy.bodyBytesPerSecond;
    upstream.forward(exchange, { body, bytesPerSecond }, (response) =>
      respond(exchange, response, denied),
    );
  }

  // On the way back: what the proxy remembers of a success, and how it rewrites the answer.
  async function respond(
    { res, record }: S3Exchange,
    response: IncomingMessage,
    denied: readonly string[],
  ) {
    const status = response.statusCode ?? 502;
    const headers = withoutHopByHop(response.headers);
    const succeeded = status >= 200 && status < 300;
    if (succeeded) acls.remember(record);
    if (succeeded && record.bucket !== undefined) {
      await etags.rewriteHeader(record, headers);
      if (etags.rewritesBody(record) || denied.length > 0) {
        let xml = await etags.rewriteBody(
          record.bucket,
          (await readAll(response)).toString('utf8'),
        );
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
