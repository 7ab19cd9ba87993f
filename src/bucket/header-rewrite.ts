import type {
  CopyObjectCommandOutput,
  CreateMultipartUploadCommandInput,
  GetObjectAclCommandOutput,
  HeadObjectCommandOutput,
} from '@aws-sdk/client-s3';
import { awsErrorName } from '../aws/aws-errors.js';
import { awsCall, type DeployContext } from '../aws/context.js';
import { mapConcurrent } from '../base/concurrency.js';
import type {
  AclGrants,
  KeptHeaders,
  ObjectHeaders,
  StoredHeaders,
} from '../inputs/object-headers.js';
import { ownPartSize } from '../local/hashing.js';
import { type WrittenVersion, writtenVersionOf } from './deploy-record.js';
import { completeUpload } from './multipart-upload.js';

const GiB = 1024 ** 3;

export interface CopyLimits {
  /** The largest object one CopyObject copies; larger ones are copied in parts. */
  readonly maxCopyBytes: number;
}

/** S3's limit: one CopyObject copies at most 5 GiB. */
export const S3_COPY_LIMITS: CopyLimits = { maxCopyBytes: 5 * GiB };

/** The managed headers and everything else HeadObject says a rewrite must keep. */
export function storedHeadersOf(head: HeadObjectCommandOutput): StoredHeaders {
  const kept: Record<string, unknown> = {
    ContentDisposition: head.ContentDisposition,
    ContentLanguage: head.ContentLanguage,
    ContentEncoding: head.ContentEncoding,
    Expires: head.Expires,
    Metadata: head.Metadata && Object.keys(head.Metadata).length > 0 ? head.Metadata : undefined,
    WebsiteRedirectLocation: head.WebsiteRedirectLocation,
    StorageClass: head.StorageClass,
    ServerSideEncryption: head.ServerSideEncryption,
    SSEKMSKeyId: head.SSEKMSKeyId,
    BucketKeyEnabled: head.BucketKeyEnabled,
  };
  for (const name of Object.keys(kept)) if (kept[name] === undefined) delete kept[name];
  return {
    contentType: head.ContentType ?? '',
    cacheControl: head.CacheControl,
    ...(head.ContentLength !== undefined ? { size: head.ContentLength } : {}),
    kept: kept as KeptHeaders,
  };
}

const GRANT_HEADER: Readonly<Record<string, keyof AclGrants>> = {
  FULL_CONTROL: 'GrantFullControl',
  READ: 'GrantRead',
  READ_ACP: 'GrantReadACP',
  WRITE_ACP: 'GrantWriteACP',
};

/**
 * An object's ACL as grant headers for the copy, so copy and ACL are one request (a kill
 * between two would leave the object private). `{}` when only the owner has access: a plain
 * copy gives exactly that, also on buckets with ACLs disabled, where S3 reports no other grant.
 */
export function grantsOf(acl: Pick<GetObjectAclCommandOutput, 'Owner' | 'Grants'>): AclGrants {
  const owner = acl.Owner?.ID;
  const grants = acl.Grants ?? [];
  const ownerOnly = grants.every(
    (grant) => grant.Grantee?.ID === owner && grant.Permission === 'FULL_CONTROL',
  );
  if (ownerOnly) return {};
  const headers: Partial<Record<keyof AclGrants, string[]>> = {};
  for (const { Grantee: grantee, Permission: permission } of grants) {
    const header = GRANT_HEADER[permission ?? ''];
    const who = grantee?.URI
      ? `uri="${grantee.URI}"`
      : grantee?.ID
        ? `id="${grantee.ID}"`
        : grantee?.EmailAddress && `emailAddress="${grantee.EmailAddress}"`;
    // WRITE means nothing on an object; a grantee without a name cannot be sent back.
    if (header === undefined || !who) continue;
    headers[header] = [...(headers[header] ?? []), who];
  }
  return Object.fromEntries(
    Object.entries(headers).map(([header, grantees]) => [header, grantees.join(', ')]),
  );
}

/** Reads the ACL a rewrite must send again (S3 never copies ACLs). */
export async function readAcl(context: DeployContext, key: string): Promise<AclGrants> {
  const Key = context.settings.prefix + key;
  const acl = await awsCall(context, 'GetObjectAcl', Key, () =>
    context.s3.call((client, sdk) =>
      client.send(new sdk.GetObjectAclCommand({ Bucket: context.settings.bucket, Key })),
    ),
  );
  return grantsOf(acl);
}

export interface Rewrite {
  readonly key: string;
  /** The ETag diffed: the copy happens only if the object is still that one. */
  readonly etag: string;
  readonly headers: ObjectHeaders;
  readonly stored: StoredHeaders & { readonly size: number };
}

/** Copies one object onto itself with the new headers and everything else it had. */
export async function rewriteObject(
  context: DeployContext,
  { key, etag, headers, stored }: Rewrite,
  limits: CopyLimits,
): Promise<WrittenVersion> {
  const { settings } = context;
  const Key = settings.prefix + key;
  const target = {
    Bucket: settings.bucket,
    Key,
    ...stored.kept,
    ContentType: headers.contentType,
    ...(headers.cacheControl ? { CacheControl: headers.cacheControl } : {}),
  };
  const grants = settings.acl ? { ACL: settings.acl } : (stored.acl ?? {});
  const source = {
    CopySource: copySource(settings.bucket, Key),
    CopySourceIfMatch: `"${etag}"`,
  };
  const copy = async (acl: object) =>
    stored.size > limits.maxCopyBytes
      ? copyInParts(context, { ...target, ...acl }, source, stored.size)
      : copiedVersionOf(
          await awsCall(context, 'CopyObject', Key, () =>
            context.s3.call((client, sdk) =>
              client.send(
                // Tags are kept: TaggingDirective defaults to COPY.
                new sdk.CopyObjectCommand({
                  ...target,
                  ...acl,
                  ...source,
                  MetadataDirective: 'REPLACE',
                }),
              ),
            ),
          ),
        );
  try {
    return await copy(grants);
  } catch (error) {
    // Grants read from a bucket whose ACLs were disabled since: they no longer apply.
    if (settings.acl || awsErrorName(error) !== 'AccessControlListNotSupported') throw error;
    return copy({});
  }
}

/** What a CopyObject answered: the copy's ETag (in the result body) and version. */
export function copiedVersionOf(answer: CopyObjectCommandOutput): WrittenVersion {
  return writtenVersionOf({ ETag: answer.CopyObjectResult?.ETag, VersionId: answer.VersionId });
}

type CopyTarget = Omit<CreateMultipartUploadCommandInput, 'UploadId'>;

/** Above 5 GiB: a multipart upload whose parts are server-side copies of byte ranges. */
export async function copyInParts(
  context: DeployContext,
  target: CopyTarget & { readonly Bucket: string; readonly Key: string },
  source: { readonly CopySource: string; readonly CopySourceIfMatch: string },
  size: number,
): Promise<WrittenVersion> {
  const { s3 } = context;
  const { Bucket, Key } = target;
  const created = await awsCall(context, 'CreateMultipartUpload', Key, () =>
    s3.call((client, sdk) => client.send(new sdk.CreateMultipartUploadCommand(target))),
  );
  const UploadId = created.UploadId;
  try {
    const parts = await mapConcurrent(copyPartRanges(size), 4, async (part) => {
      const copied = await awsCall(context, 'UploadPartCopy', Key, () =>
        s3.call((client, sdk) =>
          client.send(
            new sdk.UploadPartCopyCommand({
              Bucket,
              Key,
              UploadId,
              PartNumber: part.PartNumber,
              ...source,
              CopySourceRange: part.range,
            }),
          ),
        ),
      );
      const ETag = copied.CopyPartResult?.ETag;
      return { PartNumber: part.PartNumber, ETag, md5: md5OfEtag(ETag) };
    });
    return await completeUpload(context, { Bucket, Key }, UploadId, parts);
  } catch (error) {
    // Parts of an unfinished upload are billed until aborted.
    await s3
      .call((client, sdk) =>
        client.send(new sdk.AbortMultipartUploadCommand({ Bucket, Key, UploadId })),
      )
      .catch(() => {});
    throw error;
  }
}

/**
 * The byte ranges of a multipart copy, in this action's own part size: an object it uploaded
 * keeps its ETag, and any other gets one the next deploy recognises.
 */
export function copyPartRanges(size: number): { PartNumber: number; range: string }[] {
  const partSize = ownPartSize(size);
  return Array.from({ length: Math.ceil(size / partSize) }, (_, index) => {
    const first = index * partSize;
    const last = Math.min(size, first + partSize) - 1;
    return { PartNumber: index + 1, range: `bytes=${first}-${last}` };
  });
}

/** A part's ETag is the MD5 of its bytes (unencrypted or SSE-S3); anything else gives none. */
function md5OfEtag(etag: string | undefined): Buffer {
  const hex = etag?.replaceAll('"', '') ?? '';
  return /^[0-9a-f]{32}$/.test(hex) ? Buffer.from(hex, 'hex') : Buffer.alloc(0);
}

/** `BUCKET/KEY` with each key segment encoded: S3 decodes the whole header. */
export function copySource(bucket: string, key: string): string {
  return `${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
}
