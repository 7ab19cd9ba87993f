import { type AwsOperation, distributionArns, type PolicySettings } from './permissions.js';

// Which calls a deploy (or a dry run, or a rollback) with these settings may send: the policy
// grants what permissions.ts says each of them needs, and nothing else.

/** True when the deploy talks to CloudFront at all. */
export function usesCloudFront(settings: PolicySettings): boolean {
  if (distributionArns(settings).length === 0) return false;
  return settings.invalidate !== 'none' || settings.invalidateExtraPaths.length > 0;
}

/** Every operation a deploy with these settings may send, in a fixed order. */
export function operationsFor(settings: PolicySettings): AwsOperation[] {
  if (settings.rollbackTo) return rollbackOperations(settings);
  // A dry run lists, reads the state file, headers (and ACLs of objects to rewrite), and reads
  // each distribution's config to check it serves the bucket.
  if (settings.dryRun)
    return [
      'ListObjectsV2',
      'HeadObject',
      'GetObject',
      ...(settings.acl ? [] : (['GetObjectAcl'] as const)),
      ...dryRunCloudFront(settings),
    ];
  const operations: AwsOperation[] = [
    'ListObjectsV2',
    'HeadObject',
    'GetObject',
    'PutObject',
    'CopyObject',
    ...(settings.acl ? [] : (['GetObjectAcl'] as const)),
    'CreateMultipartUpload',
    'UploadPart',
    'UploadPartCopy',
    'CompleteMultipartUpload',
    'AbortMultipartUpload',
  ];
  if (settings.deleteRemoved || (settings.keepDeploys ?? 0) > 0) operations.push('DeleteObjects');
  operations.push(...writeCloudFront(settings));
  return operations;
}

/** A rollback reads the records, the versioning and the versions, then copies, deletes, invalidates. */
function rollbackOperations(settings: PolicySettings): AwsOperation[] {
  const reads: AwsOperation[] = [
    'ListObjectsV2',
    'GetObject',
    'GetBucketVersioning',
    'ListObjectVersions',
  ];
  if (settings.dryRun) return [...reads, ...dryRunCloudFront(settings)];
  return [
    ...reads,
    'PutObject',
    'CopyObject',
    'CreateMultipartUpload',
    'UploadPartCopy',
    'CompleteMultipartUpload',
    'AbortMultipartUpload',
    'DeleteObjects',
    ...writeCloudFront(settings),
  ];
}

function writeCloudFront(settings: PolicySettings): AwsOperation[] {
  const operations: AwsOperation[] = [];
  if (usesCloudFront(settings)) {
    // ListInvalidations only stands in for a denied GetDistributionConfig: this policy allows that.
    if (settings.autoDistribution) operations.push('ListDistributions');
    operations.push('GetDistributionConfig', 'CreateInvalidation');
    if (settings.waitForInvalidation) operations.push('GetInvalidation');
  }
  return operations;
}

function dryRunCloudFront(settings: PolicySettings): AwsOperation[] {
  if (!usesCloudFront(settings)) return [];
  return settings.autoDistribution
    ? ['ListDistributions', 'GetDistributionConfig']
    : ['GetDistributionConfig'];
}
