// One request through the fault proxy: its record, and the ways the proxy answers it itself
// (with XML, or with a fault) instead of forwarding it.
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { ERROR_STATUS, type FaultResponse, newRequestId, s3ErrorXml } from './s3-errors.js';
import { s3OperationOf, s3TargetOf } from './s3-routing.js';

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

/** A request being served: what came in, where the answer goes, and what is recorded of it. */
export interface S3Exchange {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly record: S3RequestRecord;
  /** The request's headers as forwarded upstream (a DeleteObjects rewrite changes them). */
  readonly forwardHeaders: OutgoingHttpHeaders;
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
  // Tells the action's own reads (src/aws/fast-s3.ts) from the SDK's.
  'user-agent',
];
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'upgrade', 'expect'];

/** The exchange of a request just arrived, its record not yet answered. */
export function exchangeOf(req: IncomingMessage, res: ServerResponse): S3Exchange {
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
  return { req, res, record, forwardHeaders: withoutHopByHop(req.headers) };
}

export function withoutHopByHop(headers: OutgoingHttpHeaders): OutgoingHttpHeaders {
  const copy: OutgoingHttpHeaders = { ...headers };
  for (const name of HOP_BY_HOP) delete copy[name];
  return copy;
}

export function readAll(stream: Readable): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

export function sendXml(
  res: ServerResponse,
  status: number,
  xml: string,
  headers: OutgoingHttpHeaders,
) {
  delete headers['transfer-encoding'];
  headers['content-length'] = Buffer.byteLength(xml);
  res.writeHead(status, headers).end(xml);
}

/** Answers 200 with XML of the proxy's own, once the request is read. */
export async function answerXml({ req, res, record }: S3Exchange, xml: string, bodyRead = false) {
  if (!bodyRead) await readAll(req);
  record.status = 200;
  sendXml(res, 200, xml, { 'content-type': 'application/xml' });
}

/** Answers with a fault: an S3 error as S3 sends it, a reset, or no answer. */
export async function answerFault(
  { req, res, record }: S3Exchange,
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
