import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { S3ServiceException } from '@aws-sdk/client-s3';
import { expect, test } from 'vitest';
import { explainAwsError } from '../src/aws/explain-error.js';

const README = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');

test("the README's AccessDenied example is the message the action prints", () => {
  const denied = new S3ServiceException({
    name: 'AccessDenied',
    $fault: 'client',
    $metadata: { httpStatusCode: 403 },
    message:
      'User: arn:aws:sts::123456789012:assumed-role/site-deploy/gh is not authorized to perform: s3:ListBucket on resource: "arn:aws:s3:::my-site-bucket" because no identity-based policy allows the s3:ListBucket action',
  });
  const settings = {
    bucket: 'my-site-bucket',
    prefix: '',
    distributions: [],
    autoDistribution: false,
    acl: undefined,
    deleteRemoved: false,
    waitForInvalidation: false,
    invalidate: 'changed',
    invalidateExtraPaths: [],
  } as const;
  const message = explainAwsError(denied, { operation: 'ListObjectsV2', settings }).message;
  const example =
    /<!-- denied-example:start -->\n```\n([\s\S]*?)\n```\n<!-- denied-example:end -->/.exec(
      README,
    )?.[1];
  expect(example).toBe(message);
});
