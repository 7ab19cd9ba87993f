import type { Settings } from '../inputs/settings.js';
/** Every AWS API call a deploy can make; the key to the permissions each one needs. */
export type AwsOperation =
  | 'ListObjectsV2'
  | 'HeadObject'
  | 'GetObject'
  | 'PutObject'
  | 'CopyObject'
  | 'GetObjectAcl'
  | 'CreateMultipartUpload'
  | 'UploadPart'
  | 'UploadPartCopy'
  | 'CompleteMultipartUpload'
  | 'AbortMultipartUpload'
  | 'DeleteObjects'
  | 'GetBucketVersioning'
  | 'ListObjectVersions'
  | 'GetDistributionConfig'
  | 'ListDistributions'
  | 'ListInvalidations'
  | 'CreateInvalidation'
  | 'GetInvalidation';

/** One IAM action on one exact resource ARN, and the reason the deploy needs it. */
export interface PermissionNeed {
  readonly action: string;
  readonly resource: string;
  readonly why: string;
}

/** The settings that decide which calls are made and on which resources. */
export type PolicySettings = Pick<
  Settings,
  | 'bucket'
  | 'prefix'
  | 'distributions'
  | 'autoDistribution'
  | 'acl'
  | 'deleteRemoved'
  | 'waitForInvalidation'
  | 'invalidate'
  | 'invalidateExtraPaths'
> &
  Partial<Pick<Settings, 'dryRun' | 'keepDeploys' | 'rollbackTo'>>;

/** `s3:ListBucket` is a bucket action: its resource is the bucket ARN, with no `/*`. */
export function bucketArn(settings: Pick<Settings, 'bucket'>): string {
  return `arn:aws:s3:::${settings.bucket}`;
}

/** Object actions apply to keys: every key under the prefix (or in the bucket). */
export function objectsArn(settings: Pick<Settings, 'bucket' | 'prefix'>): string {
  return `arn:aws:s3:::${settings.bucket}/${settings.prefix}*`;
}

/** The deploy records (.s3-cf-sync.deploy.ID.json) at the prefix: pruning deletes only these. */
export function recordsArn(settings: Pick<Settings, 'bucket' | 'prefix'>): string {
  return `arn:aws:s3:::${settings.bucket}/${settings.prefix}.s3-cf-sync.deploy.*`;
}

/** The account ID is part of a CloudFront ARN but unknown here, so `*` stands for it. */
export function distributionArn(distributionId: string): string {
  return `arn:aws:cloudfront::*:distribution/${distributionId}`;
}

/** The distributions a deploy may touch: the given IDs, or with `auto` any of the account's. */
export function distributionArns(
  settings: Pick<Settings, 'distributions' | 'autoDistribution'>,
): string[] {
  return settings.autoDistribution
    ? [distributionArn('*')]
    : settings.distributions.map(distributionArn);
}

const ACCOUNT_NOTE = 'the account ID in the ARN is "*" because this action cannot know it';

/** The IAM actions and exact resource ARNs one operation needs with these settings. */
export function permissionsFor(
  operation: AwsOperation,
  settings: PolicySettings,
): PermissionNeed[] {
  const objects = objectsArn(settings);
  const onObjects = (action: string, why: string): PermissionNeed => ({
    action,
    resource: objects,
    why,
  });
  const aclNeed = settings.acl
    ? [
        onObjects(
          's3:PutObjectAcl',
          `the "acl" input sets the ACL "${settings.acl}" on every write`,
        ),
      ]
    : [];
  const carriedAclNeed = onObjects(
    's3:PutObjectAcl',
    'sends a public or shared ACL again when headers are rewritten, because S3 never copies ACLs',
  );
  switch (operation) {
    case 'ListObjectsV2':
      return [
        {
          action: 's3:ListBucket',
          resource: bucketArn(settings),
          why: 'lists the objects already deployed',
        },
      ];
    case 'HeadObject':
      return [
        onObjects('s3:GetObject', 'reads the headers of deployed objects to find header changes'),
      ];
    case 'GetObject':
      return [
        onObjects(
          's3:GetObject',
          `reads the deploy state file ${settings.prefix}.s3-cf-sync.json and the deploy records`,
        ),
      ];
    case 'PutObject':
      return [
        onObjects(
          's3:PutObject',
          'uploads new and changed files, the deploy state file and the deploy record',
        ),
        ...aclNeed,
      ];
    case 'CopyObject':
    case 'UploadPartCopy':
      if (settings.rollbackTo) return rollbackCopyNeeds(settings, aclNeed, onObjects);
      return [
        onObjects(
          's3:GetObject',
          'reads the source when headers are rewritten by copying an object onto itself',
        ),
        onObjects(
          's3:PutObject',
          'writes the copy when headers are rewritten by copying an object onto itself',
        ),
        ...(settings.acl ? aclNeed : [carriedAclNeed]),
      ];
    case 'GetObjectAcl':
      return [
        onObjects(
          's3:GetObjectAcl',
          'reads the ACL of an object before its headers are rewritten, because S3 never copies ACLs (with the "acl" input set, it is not read)',
        ),
      ];
    case 'CreateMultipartUpload':
      return [
        onObjects(
          's3:PutObject',
          'starts the upload of a file above multipart-threshold, or the copy of an object above 5 GiB',
        ),
        ...(settings.acl ? aclNeed : [carriedAclNeed]),
      ];
    case 'UploadPart':
      return [onObjects('s3:PutObject', 'uploads one part of a large file')];
    case 'CompleteMultipartUpload':
      return [onObjects('s3:PutObject', 'assembles the uploaded parts of a large file')];
    case 'AbortMultipartUpload':
      return [
        onObjects(
          's3:AbortMultipartUpload',
          'discards the parts of a failed upload, which are billed until aborted',
        ),
      ];
    case 'DeleteObjects':
      return deleteNeeds(settings, onObjects);
    case 'GetBucketVersioning':
      return [
        {
          action: 's3:GetBucketVersioning',
          resource: bucketArn(settings),
          why: 'a rollback checks that the bucket keeps versions before anything is written',
        },
      ];
    case 'ListObjectVersions':
      return [
        {
          action: 's3:ListBucketVersions',
          resource: bucketArn(settings),
          why: 'a rollback lists the versions under the prefix to find the recorded ones',
        },
      ];
    case 'GetDistributionConfig':
      return cloudFrontNeed(
        settings,
        'cloudfront:GetDistributionConfig',
        'checks before anything is written that the distribution serves this bucket, and reads its origin paths and default root object',
      );
    case 'ListDistributions':
      // ListDistributions cannot be limited to some distributions: IAM only allows it on "*".
      return settings.autoDistribution
        ? [
            {
              action: 'cloudfront:ListDistributions',
              resource: '*',
              why: 'distribution "auto" looks for the distributions whose origin is this bucket; this action is only granted on "*"',
            },
          ]
        : [];
    case 'ListInvalidations':
      return cloudFrontNeed(
        settings,
        'cloudfront:ListInvalidations',
        'checks that the distribution exists when cloudfront:GetDistributionConfig is not allowed',
      );
    case 'CreateInvalidation':
      return cloudFrontNeed(
        settings,
        'cloudfront:CreateInvalidation',
        'clears the CloudFront cache of changed paths',
      );
    case 'GetInvalidation':
      return cloudFrontNeed(
        settings,
        'cloudfront:GetInvalidation',
        'waits for the invalidation to complete',
      );
  }
}

type OnObjects = (action: string, why: string) => PermissionNeed;

/** A rollback copies recorded versions back: reading an old version is s3:GetObjectVersion. */
function rollbackCopyNeeds(
  settings: PolicySettings,
  aclNeed: PermissionNeed[],
  onObjects: OnObjects,
): PermissionNeed[] {
  return [
    onObjects('s3:GetObjectVersion', 'reads the recorded version that a rollback copies back'),
    onObjects('s3:PutObject', 'writes the copy of the recorded version over the current object'),
    ...(settings.acl
      ? aclNeed
      : [
          onObjects(
            's3:PutObjectAcl',
            'sends the recorded ACL with the copy (S3 never copies ACLs)',
          ),
        ]),
  ];
}

/** Removed files (delete-removed, or keys a rollback takes out), and old deploy records. */
function deleteNeeds(settings: PolicySettings, onObjects: OnObjects): PermissionNeed[] {
  if (settings.deleteRemoved || settings.rollbackTo)
    return [
      onObjects(
        's3:DeleteObject',
        `deletes ${settings.rollbackTo ? 'the keys later deploys added' : 'removed files'}; DeleteObjects is authorised per key as s3:DeleteObject`,
      ),
    ];
  return [
    {
      action: 's3:DeleteObject',
      resource: recordsArn(settings),
      why: "removes the deploy records beyond keep-deploys, and the record of an attempt that lost the race for the deploy lock (only those: the site's files are never deleted without delete-removed)",
    },
  ];
}

function cloudFrontNeed(settings: PolicySettings, action: string, why: string): PermissionNeed[] {
  // Without a distribution this operation is never sent.
  return distributionArns(settings).map((resource) => ({
    action,
    resource,
    why: `${why}; ${ACCOUNT_NOTE}`,
  }));
}
