import type { Settings } from '../inputs/settings.js';
import { operationsFor, usesCloudFront } from './operations.js';
import { type PermissionNeed, type PolicySettings, permissionsFor } from './permissions.js';

// The permission table (permissions.ts) says what each call needs; this renders it as IAM JSON:
// the whole minimal policy for print-policy and the README, or one statement for an error.

export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: 'Allow';
  readonly Action: string[];
  readonly Resource: string | string[];
  readonly Condition?: { readonly StringLike: { readonly 's3:prefix': string[] } };
}

export interface PolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: PolicyStatement[];
}

// Statement order and names are fixed, so the printed policy never changes without a cause.
const STATEMENT_OF_ACTION: Readonly<Record<string, string>> = {
  's3:ListBucket': 'ListBucket',
  's3:ListBucketVersions': 'ListBucket',
  // No s3:prefix in its request context: the ListBucket statement's condition would refuse it.
  's3:GetBucketVersioning': 'BucketVersioning',
  's3:GetObject': 'ObjectRead',
  's3:GetObjectVersion': 'ObjectRead',
  's3:GetObjectAcl': 'ObjectRead',
  's3:PutObject': 'ObjectWrite',
  's3:PutObjectAcl': 'ObjectWrite',
  's3:AbortMultipartUpload': 'ObjectWrite',
  's3:DeleteObject': 'ObjectDelete',
  'cloudfront:ListDistributions': 'FindDistributions',
  'cloudfront:GetDistributionConfig': 'Invalidate',
  'cloudfront:ListInvalidations': 'Invalidate',
  'cloudfront:CreateInvalidation': 'Invalidate',
  'cloudfront:GetInvalidation': 'Invalidate',
};
const STATEMENT_ORDER = [
  'ListBucket',
  'BucketVersioning',
  'ObjectRead',
  'ObjectWrite',
  'ObjectDelete',
  'FindDistributions',
  'Invalidate',
];

/** The least-privilege IAM policy for a deploy with these settings. */
export function minimalPolicy(settings: PolicySettings): PolicyDocument {
  const groups = new Map<string, { actions: Set<string>; resources: Set<string> }>();
  for (const need of operationsFor(settings).flatMap((operation) =>
    permissionsFor(operation, settings),
  )) {
    const sid = STATEMENT_OF_ACTION[need.action] ?? 'Other';
    const group = groups.get(sid) ?? { actions: new Set(), resources: new Set() };
    group.actions.add(need.action);
    group.resources.add(need.resource);
    groups.set(sid, group);
  }
  const Statement = [...STATEMENT_ORDER, 'Other'].flatMap((sid): PolicyStatement[] => {
    const group = groups.get(sid);
    if (!group) return [];
    const base = { Sid: sid, Effect: 'Allow' as const, ...actionsAndResources(group) };
    return [
      sid === 'ListBucket' && settings.prefix
        ? { ...base, Condition: prefixCondition(settings) }
        : base,
    ];
  });
  return { Version: '2012-10-17', Statement };
}

/**
 * ListObjectsV2 sends s3:prefix = the prefix itself ('blog/'). S3 also checks ListBucket,
 * with the key as s3:prefix, to answer 404 rather than 403 for a missing key such as the
 * state file ('blog/.s3-cf-sync.json'). Both patterns below match exactly those.
 */
function prefixCondition(settings: Pick<Settings, 'prefix'>) {
  return { StringLike: { 's3:prefix': [settings.prefix, `${settings.prefix}*`] } };
}

function actionsAndResources(group: { actions: Set<string>; resources: Set<string> }) {
  const resources = [...group.resources].sort();
  return {
    Action: [...group.actions].sort(),
    Resource: resources.length === 1 && resources[0] !== undefined ? resources[0] : resources,
  };
}

/** What a person must know about the printed policy that JSON cannot say. */
export function policyNotes(settings: PolicySettings): string[] {
  return [kmsNote(settings), ...autoDistributionNotes(settings)];
}

/** What a bucket encrypted with a customer managed KMS key needs besides; only AWS knows the key. */
export function kmsStatement(keyArn = 'arn:aws:kms:REGION:ACCOUNT:key/KEY-ID'): string {
  return JSON.stringify(
    { Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: keyArn },
    null,
    2,
  );
}

function kmsNote(settings: Pick<Settings, 'bucket'>): string {
  return (
    'If the bucket encrypts with SSE-KMS (or DSSE-KMS) under a customer managed key, S3 also ' +
    'needs kms:GenerateDataKey to write and kms:Decrypt to read (and to copy) on that key: add\n' +
    `${kmsStatement()}\nOnly AWS knows the key's ARN: \`aws s3api get-bucket-encryption --bucket ` +
    `${settings.bucket}\` shows it (the AWS managed key aws/s3 needs nothing).`
  );
}

function autoDistributionNotes(settings: PolicySettings): string[] {
  if (!settings.autoDistribution || !usesCloudFront(settings)) return [];
  return [
    'With distribution "auto" the distribution IDs are only found at deploy time, so the ' +
      'CloudFront actions are granted on every distribution of the account (distribution/*), and ' +
      'cloudfront:ListDistributions on "*" (the only resource IAM allows for it). To narrow the ' +
      'policy, replace distribution/* with the IDs the deploy log names, or give those IDs as ' +
      'the "distribution" input instead of auto.',
  ];
}

export function formatPolicy(policy: PolicyDocument): string {
  return JSON.stringify(policy, null, 2);
}

/** One Allow statement granting exactly these needs, as copy-pasteable JSON. */
export function statementFor(needs: readonly PermissionNeed[]): string {
  const actions = new Set(needs.map((need) => need.action));
  const resources = new Set(needs.map((need) => need.resource));
  return JSON.stringify(
    { Effect: 'Allow', ...actionsAndResources({ actions, resources }) },
    null,
    2,
  );
}
