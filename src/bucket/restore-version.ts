import { awsErrorName } from '../aws/aws-errors.js';
import { awsCall, type DeployContext } from '../aws/context.js';
import { type WrittenVersion, writtenVersionOf } from './deploy-record.js';
import { copyInParts, copySource, S3_COPY_LIMITS } from './header-rewrite.js';

/** The version to bring back, and the ACL the write that made it sent. */
export interface VersionToRestore {
  readonly key: string;
  readonly versionId: string;
  readonly etag: string;
  readonly size: number;
  readonly acl: { readonly canned?: string; readonly grants?: Readonly<Record<string, string>> };
}

/**
 * Copies an old version over the key, server-side: its bytes, content headers and metadata come
 * along (MetadataDirective COPY); S3 never copies ACLs, so the recorded one is sent with the copy.
 */
export async function restoreVersion(
  context: DeployContext,
  restore: VersionToRestore,
): Promise<WrittenVersion> {
  const { settings } = context;
  const Key = settings.prefix + restore.key;
  const CopySource = `${copySource(settings.bucket, Key)}?versionId=${encodeURIComponent(restore.versionId)}`;
  const acl = restore.acl.canned ? { ACL: restore.acl.canned } : (restore.acl.grants ?? {});
  const copy = async (grants: object) => {
    if (restore.size > S3_COPY_LIMITS.maxCopyBytes) {
      // A multipart copy takes the new headers from CreateMultipartUpload: not this path's job.
      return copyInParts(
        context,
        { Bucket: settings.bucket, Key, ...grants },
        { CopySource, CopySourceIfMatch: `"${restore.etag}"` },
        restore.size,
      );
    }
    const answer = await awsCall(context, 'CopyObject', Key, () =>
      context.s3.call((client, sdk) =>
        client.send(
          new sdk.CopyObjectCommand({ Bucket: settings.bucket, Key, CopySource, ...grants }),
        ),
      ),
    );
    return writtenVersionOf({ ETag: answer.CopyObjectResult?.ETag, VersionId: answer.VersionId });
  };
  try {
    return await copy(acl);
  } catch (error) {
    // An ACL recorded before the bucket's ACLs were disabled no longer applies.
    if (awsErrorName(error) !== 'AccessControlListNotSupported') throw error;
    return copy({});
  }
}
