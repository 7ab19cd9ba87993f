// The S3 errors the fault proxy answers, with the real service's codes, statuses and messages.
import { randomBytes } from 'node:crypto';
import { xmlEscape } from './s3-xml.js';

/** What a fault rule answers: an S3 error, a reset connection, or no answer at all. */
export type FaultResponse =
  | 'SlowDown'
  | 'InternalError'
  | 'ServiceUnavailable'
  | 'AccessDenied'
  | 'AccessControlListNotSupported'
  | 'NoSuchBucket'
  | 'NoSuchKey'
  | 'InvalidRequest'
  | 'PreconditionFailed'
  | 'NotImplemented'
  | 'NoSuchVersion'
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
  NoSuchKey: 404,
  InvalidRequest: 400,
  PreconditionFailed: 412,
  NotImplemented: 501,
  NoSuchVersion: 404,
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
  NoSuchKey: () => 'The specified key does not exist.',
  // What S3 says to a CopyObject of more than 5 GiB.
  InvalidRequest: () =>
    'The specified copy source is larger than the maximum allowable size for a copy source: 5368709120',
  PreconditionFailed: () => 'At least one of the pre-conditions you specified did not hold',
  NotImplemented: () => 'A header you provided implies functionality that is not implemented',
  NoSuchVersion: () => 'The specified version does not exist.',
};

export function newRequestId(): string {
  return randomBytes(8).toString('hex').toUpperCase();
}

/** An extended request id, as S3 sends it in `x-amz-id-2` and an error's `<HostId>`. */
export function newHostId(): string {
  return randomBytes(48).toString('base64');
}

/** The XML body S3 sends with an error status. */
export function s3ErrorXml(
  code: S3ErrorCode,
  context: S3ErrorContext,
  requestId: string,
  hostId = newHostId(),
): string {
  const extra =
    code === 'NoSuchBucket' && context.bucket !== undefined
      ? `<BucketName>${xmlEscape(context.bucket)}</BucketName>`
      : code === 'NoSuchKey' && context.key !== undefined
        ? `<Key>${xmlEscape(context.key)}</Key>`
        : '';
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error><Code>${code}</Code><Message>${xmlEscape(MESSAGES[code](context))}</Message>${extra}` +
    `<RequestId>${requestId}</RequestId><HostId>${hostId}</HostId></Error>`
  );
}
