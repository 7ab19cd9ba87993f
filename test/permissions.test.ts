import { describe, expect, it } from 'vitest';
import {
  type AwsOperation,
  formatPolicy,
  minimalPolicy,
  operationsFor,
  type PolicySettings,
  type PolicyStatement,
  permissionsFor,
  statementFor,
} from '../src/permissions.js';
import { STATE_FILE_NAME } from '../src/state.js';

const site: PolicySettings = {
  bucket: 'my-site',
  prefix: 'blog/',
  distribution: 'E2QWRUHAPOMQZL',
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
      expect(permissionsFor(operation, site).map((need) => need.action)).not.toContain(
        's3:PutObjectAcl',
      );
    }
    expect(permissionsFor('UploadPart', withAcl).map((need) => need.action)).toEqual([
      's3:PutObject',
    ]);
  });

  it('maps each operation to the IAM action S3 authorises it as', () => {
    const actions = (operation: AwsOperation) =>
      permissionsFor(operation, site).map((need) => need.action);
    expect(actions('HeadObject')).toEqual(['s3:GetObject']);
    expect(actions('GetObject')).toEqual(['s3:GetObject']);
    expect(actions('CopyObject')).toEqual(['s3:GetObject', 's3:PutObject']);
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

  it('needs nothing from CloudFront without a distribution', () => {
    expect(permissionsFor('CreateInvalidation', { ...site, distribution: '' })).toEqual([]);
  });
});

describe('operationsFor', () => {
  it('sends DeleteObjects only with delete-removed', () => {
    expect(operationsFor(site)).not.toContain('DeleteObjects');
    expect(operationsFor({ ...site, deleteRemoved: true })).toContain('DeleteObjects');
  });

  it('talks to CloudFront only with a distribution', () => {
    expect(operationsFor({ ...site, distribution: '' })).not.toContain('CreateInvalidation');
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
    expect(operationsFor({ ...site, distribution: '', waitForInvalidation: true })).not.toContain(
      'GetInvalidation',
    );
  });
});

describe('minimalPolicy', () => {
  it('grants a dry run reads only: list, read objects, check the distribution', () => {
    const dryRun = { ...site, deleteRemoved: true, acl: 'public-read' as const, dryRun: true };
    expect(allActions(dryRun).sort()).toEqual([
      'cloudfront:ListInvalidations',
      's3:GetObject',
      's3:ListBucket',
    ]);
    expect(allActions({ ...dryRun, distribution: '' }).sort()).toEqual([
      's3:GetObject',
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
      Action: ['s3:GetObject'],
      Resource: 'arn:aws:s3:::my-site/blog/*',
    });
    expect(statement(site, 'ObjectWrite')).toEqual({
      Sid: 'ObjectWrite',
      Effect: 'Allow',
      Action: ['s3:AbortMultipartUpload', 's3:PutObject'],
      Resource: 'arn:aws:s3:::my-site/blog/*',
    });
  });

  it('grants s3:PutObjectAcl only with the acl input', () => {
    expect(allActions(site)).not.toContain('s3:PutObjectAcl');
    expect(statement({ ...site, acl: 'public-read' }, 'ObjectWrite')?.Action).toEqual([
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
    expect(statement({ ...site, distribution: '' }, 'Invalidate')).toBeUndefined();
    expect(statement(site, 'Invalidate')).toEqual({
      Sid: 'Invalidate',
      Effect: 'Allow',
      Action: ['cloudfront:CreateInvalidation', 'cloudfront:ListInvalidations'],
      Resource: 'arn:aws:cloudfront::*:distribution/E2QWRUHAPOMQZL',
    });
    expect(statement({ ...site, waitForInvalidation: true }, 'Invalidate')?.Action).toEqual([
      'cloudfront:CreateInvalidation',
      'cloudfront:GetInvalidation',
      'cloudfront:ListInvalidations',
    ]);
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
