// S3's conditional writes for the sorted-listing proxy (s3rver ignores If-None-Match and If-Match),
// checked against the proxy's own index instead of asking s3rver, so a deploy's requests stay
// what S3 would see. Writes to one key take turns: the check, s3rver's write and the index's
// refresh after it are one step, as S3 makes the check and the write one.
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { ERROR_STATUS, newHostId, newRequestId, s3ErrorXml } from './s3-errors.js';
import { readAll, sendXml } from './s3-exchange.js';

// PutObject and CompleteMultipartUpload, the writes S3 takes these conditions on (not CopyObject).
const CONDITIONAL_OPERATIONS: Readonly<Record<string, string>> = {
  PUT: 'PutObject',
  COMPLETE_MULTIPART: 'CompleteMultipartUpload',
};

/** How S3 refuses a write whose condition does not hold. */
export type Refusal = 'PreconditionFailed' | 'NoSuchKey';

/**
 * The error S3 answers a write whose `If-None-Match: *` or `If-Match` does not hold for the
 * key's current ETag (undefined: no such key); undefined when the write may go ahead. S3 takes
 * If-Match's ETag quoted or bare, and answers it on a missing key with 404 NoSuchKey (S3 User
 * Guide, "Conditional write behavior").
 */
export function refusalOf(
  operation: string,
  headers: IncomingHttpHeaders,
  etag: string | undefined,
): Refusal | undefined {
  if (CONDITIONAL_OPERATIONS[operation] === undefined) return undefined;
  const noneMatch = headers['if-none-match'];
  const match = headers['if-match'];
  if (noneMatch === '*' && etag !== undefined) return 'PreconditionFailed';
  if (typeof match !== 'string') return undefined;
  if (etag === undefined) return 'NoSuchKey';
  return match.replaceAll('"', '') === etag ? undefined : 'PreconditionFailed';
}

/** Answers a refused write as S3 does (status, body, headers), once the request is read. */
export async function refuseWrite(
  incoming: IncomingMessage,
  response: ServerResponse,
  target: { readonly operation: string; readonly bucket: string; readonly key: string },
  refusal: Refusal,
): Promise<number> {
  await readAll(incoming); // S3 reads the request before answering
  const requestId = newRequestId();
  const hostId = newHostId();
  const operation = CONDITIONAL_OPERATIONS[target.operation] ?? target.operation;
  const xml = s3ErrorXml(refusal, { ...target, operation }, requestId, hostId);
  const status = ERROR_STATUS[refusal];
  sendXml(response, status, xml, {
    'content-type': 'application/xml',
    'x-amz-request-id': requestId,
    'x-amz-id-2': hostId,
  });
  return status;
}

/** Runs each piece of work given for a key once the work given before it for that key is done. */
export function keyTurns(): (id: string, work: () => Promise<void>) => Promise<void> {
  const queues = new Map<string, Promise<void>>();
  return (id, work) => {
    const turn = (queues.get(id) ?? Promise.resolve()).then(work);
    const done = turn.catch(() => {});
    queues.set(id, done);
    // Forgotten once idle: a deploy writes each of many thousand keys once.
    void done.then(() => {
      if (queues.get(id) === done) queues.delete(id);
    });
    return turn;
  };
}
