import { describe, expect, it } from 'vitest';
import { operationsFor } from '../../src/aws/operations.js';
import {
  type AwsOperation,
  type PolicySettings,
  permissionsFor,
} from '../../src/aws/permissions.js';
import {
  formatPolicy,
  minimalPolicy,
  type PolicyStatement,
  policyNotes,
  statementFor,
} from '../../src/aws/policy.js';
import { STATE_FILE_NAME } from '../../src/bucket/state.js';

const site: PolicySettings = {
  bucket: 'my-site',
  prefix: 'blog/',
  distributions: ['E2QWRUHAPOMQZL'],
  autoDistribution: false,
  acl: undefined,
  deleteRemoved: false,
  waitForInvalidation: false,
  invalidate: 'changed',
  invalidateExtraPaths: [],
};

function statement(settings: PolicySettings, sid: string): PolicyStatement | undefined {
  return minimalPolicy(settings).Statement.find((candidate) => candidate.Sid === sid);
}

function allActions(settings: PolicySettings): string[] {
  return minimalPolicy(settings).Statement.flatMap((candidate) => candidate.Action);
}

describe('permissionsFor', () => {
  it('grants s3:ListBucket on the bucket ARN, without /*', () => {
    expect(permissionsFor('ListObjectsV2', site)).toEqual([
      expect.objectContaining({ action: 's3:ListBucket', resource: 'arn:aws:s3:::my-site' }),
    ]);
  });

  it('grants object actions on the objects under the prefix', () => {
    expect(permissionsFor('PutObject', site)).toEqual([
      expect.objectContaining({ action: 's3:PutObject', resource: 'arn:aws:s3:::my-site/blog/*' }),
    ]);
    const noPrefix = permissionsFor('PutObject', { ...site, prefix: '' });
    expect(noPrefix.map((need) => need.resource)).toEqual(['arn:aws:s3:::my-site/*']);
  });

  it('adds s3:PutObjectAcl to every write that carries an ACL', () => {
    const withAcl = { ...site, acl: 'public-read' as const };
    for (const operation of ['PutObject', 'CopyObject', 'CreateMultipartUpload'] as const) {
      expect(permissionsFor(operation, withAcl).map((need) => need.action)).toContain(
        's3:PutObjectAcl',
      );
    }
    expect(permissionsFor('PutObject', site).map((need) => need.action)).not.toContain(
      's3:PutObjectAcl',
    );
    expect(permissionsFor('UploadPart', withAcl).map((need) => need.action)).toEqual([
      's3:PutObject',
    ]);
  });

  it('maps each operation to the IAM action S3 authorises it as', () => {
    const actions = (operation: AwsOperation) =>
      permissionsFor(operation, site).map((need) => need.action);
    expect(actions('HeadObject')).toEqual(['s3:GetObject']);
    expect(actions('GetObject')).toEqual(['s3:GetObject']);
    expect(actions('CopyObject')).toEqual(['s3:GetObject', 's3:PutObject', 's3:PutObjectAcl']);
    expect(actions('UploadPartCopy')).toEqual(actions('CopyObject'));
    expect(actions('GetObjectAcl')).toEqual(['s3:GetObjectAcl']);
    expect(actions('UploadPart')).toEqual(['s3:PutObject']);
    expect(actions('CompleteMultipartUpload')).toEqual(['s3:PutObject']);
    expect(actions('AbortMultipartUpload')).toEqual(['s3:AbortMultipartUpload']);
    expect(actions('DeleteObjects')).toEqual(['s3:DeleteObject']);
  });

  it('names the state file the GetObject reads', () => {
    const [need] = permissionsFor('GetObject', site);
    expect(need?.why).toContain(`blog/${STATE_FILE_NAME}`);
    expect(need?.resource).toBe('arn:aws:s3:::my-site/blog/*');
  });

  it('puts "*" for the unknown account in the distribution ARN, and says so', () => {
    const [need] = permissionsFor('CreateInvalidation', site);
    expect(need?.action).toBe('cloudfront:CreateInvalidation');
    expect(need?.resource).toBe('arn:aws:cloudfront::*:distribution/E2QWRUHAPOMQZL');
    expect(need?.why).toMatch(/account ID/);
    expect(permissionsFor('GetInvalidation', site)[0]?.resource).toBe(need?.resource);
  });

  it('reads the config of the distribution, and lists distributions only with auto', () => {
    expect(permissionsFor('GetDistributionConfig', site)).toEqual([
      expect.objectContaining({
        action: 'cloudfront:GetDistributionConfig',
        resource: 'arn:aws:cloudfront::*:distribution/E2QWRUHAPOMQZL',
      }),
    ]);
    expect(permissionsFor('ListDistributions', site)).toEqual([]);
    expect(operationsFor(site)).not.toContain('ListDistributions');
    const auto = { ...site, distributions: [], autoDistribution: true };
    expect(permissionsFor('ListDistributions', auto)).toEqual([
      expect.objectContaining({ action: 'cloudfront:ListDistributions', resource: '*' }),
    ]);
    expect(operationsFor(auto)).toContain('ListDistributions');
  });

  it('needs nothing from CloudFront without a distribution', () => {
    expect(permissionsFor('CreateInvalidation', { ...site, distributions: [] })).toEqual([]);
  });
});

describe('operationsFor', () => {
  it('sends DeleteObjects only with delete-removed', () => {
    expect(operationsFor(site)).not.toContain('DeleteObjects');
    expect(operationsFor({ ...site, deleteRemoved: true })).toContain('DeleteObjects');
  });

  it('talks to CloudFront only with a distribution', () => {
    expect(operationsFor({ ...site, distributions: [] })).not.toContain('CreateInvalidation');
    expect(operationsFor(site)).toContain('CreateInvalidation');
  });

  it('treats invalidate "none" as no CloudFront unless extra paths are given', () => {
    expect(operationsFor({ ...site, invalidate: 'none' })).not.toContain('CreateInvalidation');
    const extra = { ...site, invalidate: 'none' as const, invalidateExtraPaths: ['/feed.xml'] };
    expect(operationsFor(extra)).toContain('CreateInvalidation');
  });

  it('polls GetInvalidation only when waiting for the invalidation', () => {
    expect(operationsFor(site)).not.toContain('GetInvalidation');
    expect(operationsFor({ ...site, waitForInvalidation: true })).toContain('GetInvalidation');
    expect(operationsFor({ ...site, distributions: [], waitForInvalidation: true })).not.toContain(
      'GetInvalidation',
    );
  });
});

describe('minimalPolicy', () => {
  it('grants a dry run reads only: list, read objects, check the distribution', () => {
    const dryRun = { ...site, deleteRemoved: true, acl: 'public-read' as const, dryRun: true };
    expect(allActions(dryRun).sort()).toEqual([
      'cloudfront:GetDistributionConfig',
      's3:GetObject',
      's3:ListBucket',
    ]);
    expect(allActions({ ...dryRun, distributions: [] }).sort()).toEqual([
      's3:GetObject',
      's3:ListBucket',
    ]);
    // Without acl, objects whose headers would be rewritten have their ACL read.
    expect(allActions({ ...dryRun, acl: undefined, distributions: [] }).sort()).toEqual([
      's3:GetObject',
      's3:GetObjectAcl',
      's3:ListBucket',
    ]);
  });

  it('lists the bucket on the bucket ARN, limited to the prefix the deploy sends', () => {
    expect(statement(site, 'ListBucket')).toEqual({
      Sid: 'ListBucket',
      Effect: 'Allow',
      Action: ['s3:ListBucket'],
      Resource: 'arn:aws:s3:::my-site',
      Condition: { StringLike: { 's3:prefix': ['blog/', 'blog/*'] } },
    });
  });

  it('adds no prefix condition when the whole bucket is the site', () => {
    const listing = statement({ ...site, prefix: '' }, 'ListBucket');
    expect(listing?.Resource).toBe('arn:aws:s3:::my-site');
    expect(listing).not.toHaveProperty('Condition');
  });

  it('grants reads and writes on the objects under the prefix only', () => {
    expect(statement(site, 'ObjectRead')).toEqual({
      Sid: 'ObjectRead',
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:GetObjectAcl'],
      Resource: 'arn:aws:s3:::my-site/blog/*',
    });
    expect(statement(site, 'ObjectWrite')).toEqual({
      Sid: 'ObjectWrite',
      Effect: 'Allow',
      Action: ['s3:AbortMultipartUpload', 's3:PutObject', 's3:PutObjectAcl'],
      Resource: 'arn:aws:s3:::my-site/blog/*',
    });
  });

  it('without the acl input, grants reading ACLs and sending them again, since S3 never copies them', () => {
    expect(allActions(site)).toContain('s3:GetObjectAcl');
    expect(allActions(site)).toContain('s3:PutObjectAcl');
    const withAcl = { ...site, acl: 'public-read' as const };
    expect(allActions(withAcl)).not.toContain('s3:GetObjectAcl');
    expect(statement(withAcl, 'ObjectWrite')?.Action).toEqual([
      's3:AbortMultipartUpload',
      's3:PutObject',
      's3:PutObjectAcl',
    ]);
  });

  it('has no s3:DeleteObject statement without delete-removed', () => {
    expect(statement(site, 'ObjectDelete')).toBeUndefined();
    expect(allActions(site)).not.toContain('s3:DeleteObject');
    expect(statement({ ...site, deleteRemoved: true }, 'ObjectDelete')).toEqual({
      Sid: 'ObjectDelete',
      Effect: 'Allow',
      Action: ['s3:DeleteObject'],
      Resource: 'arn:aws:s3:::my-site/blog/*',
    });
  });

  it('has a CloudFront statement only with a distribution, GetInvalidation only when waiting', () => {
    expect(statement({ ...site, distributions: [] }, 'Invalidate')).toBeUndefined();
    expect(statement(site, 'Invalidate')).toEqual({
      Sid: 'Invalidate',
      Effect: 'Allow',
      Action: ['cloudfront:CreateInvalidation', 'cloudfront:GetDistributionConfig'],
      Resource: 'arn:aws:cloudfront::*:distribution/E2QWRUHAPOMQZL',
    });
    expect(statement({ ...site, waitForInvalidation: true }, 'Invalidate')?.Action).toEqual([
      'cloudfront:CreateInvalidation',
      'cloudfront:GetDistributionConfig',
      'cloudfront:GetInvalidation',
    ]);
    expect(statement(site, 'FindDistributions')).toBeUndefined();
  });

  it('grants each of several distributions by its own ARN', () => {
    const both = { ...site, distributions: ['E2QWRUHAPOMQZL', 'E1WWWEXAMPLE99'] };
    expect(statement(both, 'Invalidate')?.Resource).toEqual([
      'arn:aws:cloudfront::*:distribution/E1WWWEXAMPLE99',
      'arn:aws:cloudfront::*:distribution/E2QWRUHAPOMQZL',
    ]);
  });

  it('with distribution auto, grants ListDistributions on "*" and the rest on every distribution, and says why', () => {
    const auto = { ...site, distributions: [], autoDistribution: true };
    expect(statement(auto, 'FindDistributions')).toEqual({
      Sid: 'FindDistributions',
      Effect: 'Allow',
      Action: ['cloudfront:ListDistributions'],
      Resource: '*',
    });
    expect(statement(auto, 'Invalidate')).toEqual({
      Sid: 'Invalidate',
      Effect: 'Allow',
      Action: ['cloudfront:CreateInvalidation', 'cloudfront:GetDistributionConfig'],
      Resource: 'arn:aws:cloudfront::*:distribution/*',
    });
    expect(policyNotes(auto).join(' ')).toContain('distribution/*');
    // Without auto, only the KMS note: print-policy cannot know the bucket's key.
    expect(policyNotes(site)).toEqual([expect.stringContaining('kms:GenerateDataKey')]);
  });

  it('prints the same JSON for the same settings, statements in a fixed order', () => {
    const full = {
      ...site,
      acl: 'private' as const,
      deleteRemoved: true,
      waitForInvalidation: true,
    };
    const policy = minimalPolicy(full);
    expect(policy.Version).toBe('2012-10-17');
    expect(policy.Statement.map((candidate) => candidate.Sid)).toEqual([
      'ListBucket',
      'ObjectRead',
      'ObjectWrite',
      'ObjectDelete',
      'Invalidate',
    ]);
    expect(formatPolicy(minimalPolicy({ ...full }))).toBe(formatPolicy(policy));
    expect(formatPolicy(policy)).toBe(JSON.stringify(policy, null, 2));
  });

  it('never grants an object action on the bucket ARN or a bucket action on objects', () => {
    for (const candidate of minimalPolicy({ ...site, deleteRemoved: true }).Statement) {
      const resources = [candidate.Resource].flat();
      const isBucketStatement = candidate.Action.includes('s3:ListBucket');
      for (const resource of resources) {
        if (!resource.startsWith('arn:aws:s3:::')) continue;
        expect(resource.includes('/')).toBe(!isBucketStatement);
      }
    }
  });
});

describe('statementFor', () => {
  it('turns the needs of one operation into an Allow statement to paste', () => {
    const json = statementFor(permissionsFor('CopyObject', { ...site, acl: 'public-read' }));
    expect(JSON.parse(json)).toEqual({
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:PutObject', 's3:PutObjectAcl'],
      Resource: 'arn:aws:s3:::my-site/blog/*',
    });
  });

  it('lists every resource when the needs span the bucket and its objects', () => {
    const needs = [...permissionsFor('ListObjectsV2', site), ...permissionsFor('GetObject', site)];
    expect(JSON.parse(statementFor(needs)).Resource).toEqual([
      'arn:aws:s3:::my-site',
      'arn:aws:s3:::my-site/blog/*',
    ]);
  });
});

describe('deploy records and rollback', () => {
  const actionsOf = (settings: PolicySettings) =>
    new Set(minimalPolicy(settings).Statement.flatMap((statement) => statement.Action));

  it('a rollback needs exactly s3:GetObjectVersion, s3:GetBucketVersioning and s3:ListBucketVersions more', () => {
    const deploying = { ...site, deleteRemoved: true, keepDeploys: 30 };
    const rollingBack = { ...site, keepDeploys: 30, rollbackTo: 'previous' };
    const added = [...actionsOf(rollingBack)].filter((action) => !actionsOf(deploying).has(action));
    expect(added.sort()).toEqual([
      's3:GetBucketVersioning',
      's3:GetObjectVersion',
      's3:ListBucketVersions',
    ]);
    // GetBucketVersioning has no s3:prefix: it gets a statement without the prefix condition.
    const prefixed = minimalPolicy({ ...rollingBack, prefix: 'blog/' }).Statement;
    expect(prefixed.find((s) => s.Sid === 'BucketVersioning')).toEqual({
      Sid: 'BucketVersioning',
      Effect: 'Allow',
      Action: ['s3:GetBucketVersioning'],
      Resource: 'arn:aws:s3:::my-site',
    });
    expect(prefixed.find((s) => s.Sid === 'ListBucket')?.Action).toContain('s3:ListBucketVersions');
  });

  it('without delete-removed, a deploy may delete only its own old records', () => {
    const statement = minimalPolicy({ ...site, prefix: 'blog/', keepDeploys: 30 }).Statement.find(
      (s) => s.Sid === 'ObjectDelete',
    );
    expect(statement?.Resource).toBe('arn:aws:s3:::my-site/blog/.s3-cf-sync.deploy.*');
    const none = minimalPolicy({ ...site, keepDeploys: 0 }).Statement;
    expect(none.find((s) => s.Sid === 'ObjectDelete')).toBeUndefined();
  });
});
