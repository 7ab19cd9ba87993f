import type { CopyObjectCommandInput } from '@aws-sdk/client-s3';
import { contentTypeFor } from './content-type.js';
import { firstMatch } from './header-rules.js';
import type { Settings } from './settings.js';

/** The headers an object should carry. No uploader metadata (uid, gid, mtime) ever. */
export interface ObjectHeaders {
  readonly contentType: string;
  readonly cacheControl: string | undefined;
}

/**
 * What a header rewrite must carry over from HeadObject: a copy with `MetadataDirective:
 * REPLACE` drops every header it does not send, and storage class and encryption fall back to
 * the bucket defaults.
 */
export type KeptHeaders = Pick<
  CopyObjectCommandInput,
  | 'ContentDisposition'
  | 'ContentLanguage'
  | 'ContentEncoding'
  | 'Expires'
  | 'Metadata'
  | 'WebsiteRedirectLocation'
  | 'StorageClass'
  | 'ServerSideEncryption'
  | 'SSEKMSKeyId'
  | 'BucketKeyEnabled'
>;

/** S3 never copies an ACL: the grants to send again, as CopyObject's grant headers. */
export type AclGrants = Pick<
  CopyObjectCommandInput,
  'GrantFullControl' | 'GrantRead' | 'GrantReadACP' | 'GrantWriteACP'
>;

/** An object's headers as read back from S3, with what a rewrite of it must keep. */
export interface StoredHeaders extends ObjectHeaders {
  readonly size?: number;
  readonly kept?: KeptHeaders;
  /** Read only for objects to rewrite without the "acl" input; `{}` when private. */
  readonly acl?: AclGrants;
}

export type HeaderSettings = Pick<Settings, 'contentType' | 'cacheControl'>;

export function desiredHeaders(key: string, settings: HeaderSettings): ObjectHeaders {
  return {
    contentType: contentTypeFor(key, settings.contentType),
    cacheControl: firstMatch(settings.cacheControl, key),
  };
}

/** Names of the headers that differ, e.g. ['Content-Type']; empty when they match. */
export function headerDifferences(current: ObjectHeaders, desired: ObjectHeaders): string[] {
  const differences: string[] = [];
  if (normalise(current.contentType) !== normalise(desired.contentType))
    differences.push('Content-Type');
  if ((current.cacheControl ?? '') !== (desired.cacheControl ?? ''))
    differences.push('Cache-Control');
  return differences;
}

// `text/html;charset=utf-8` and `text/html; charset=UTF-8` are the same type.
function normalise(contentType: string): string {
  return contentType.toLowerCase().replace(/\s*;\s*/g, ';');
}
