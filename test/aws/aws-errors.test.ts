import { Readable } from 'node:stream';
import {
  AccessDenied as CloudFrontAccessDenied,
  NoSuchDistribution,
} from '@aws-sdk/client-cloudfront';
import {
  HeadObjectCommand,
  ListObjectsV2Command,
  NoSuchBucket,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isAccessDenied, redactSecrets } from '../../src/aws/aws-errors.js';
import { explainAwsError } from '../../src/aws/explain-error.js';
import type { AwsOperation, PolicySettings } from '../../src/aws/permissions.js';
import { DeployError } from '../../src/base/errors.js';

const settings: PolicySettings = {
  bucket: 'my-site',
  prefix: 'blog/',
  distributions: ['E2QWRUHAPOMQZL'],
  autoDistribution: false,
  acl: undefined,
  deleteRemoved: true,
  waitForInvalidation: false,
  invalidate: 'changed',
  invalidateExtraPaths: [],
};
const ACCESS_KEY = 'AKIAIOSFODNN7EXAMPLE';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const LOOKS_LIKE_A_KEY = /A(KI|SI)A[A-Z0-9]{16}/;
const list = new ListObjectsV2Command({ Bucket: 'my-site' });

const s3Error = (name: string, status: number, message: string) =>
  new S3ServiceException({
    name,
    $fault: 'client',
    $metadata: { httpStatusCode: status },
    message,
  });

function explain(
  error: unknown,
  operation: AwsOperation,
  key?: string,
  overrides?: Partial<PolicySettings>,
) {
  return explainAwsError(error, {
    operation,
    settings: { ...settings, ...overrides },
    ...(key ? { key } : {}),
  });
}

/** The error the real SDK raises for one HTTP answer: no network, the response is canned. */
async function sdkError(status: number, xml: string, send: (s3: S3Client) => Promise<unknown>) {
  const body = () => Readable.from(xml ? [Buffer.from(xml)] : []);
  const s3 = new S3Client({
    region: 'us-east-1',
    credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: SECRET },
    maxAttempts: 1,
    requestHandler: {
      handle: async () => ({ response: { statusCode: status, headers: {}, body: body() } }),
    },
  });
  return send(s3).then(
    () => expect.unreachable('the canned error was accepted'),
    (error: unknown) => error,
  );
}

const errorXml = (code: string, message: string, extra = '') =>
  `<Error><Code>${code}</Code><Message>${message}</Message>${extra}<RequestId>R1</RequestId></Error>`;

/** The message AWS sends with an AccessDenied, naming the action and resource. */
const deniedBy = (
  action: string,
  resource: string,
  because = `no identity-based policy allows the ${action} action`,
) =>
  `User: arn:aws:iam::123456789012:user/deployer is not authorized to perform: ${action} on resource: ${resource} because ${because}`;

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('access denied', () => {
  it('names the operation, key, action, exact resource and the statement to add', () => {
    const error = explain(
      s3Error('AccessDenied', 403, 'Access Denied'),
      'PutObject',
      'blog/index.html',
    );
    expect(error).toBeInstanceOf(DeployError);
    expect(error.message).toContain('PutObject for s3://my-site/blog/index.html');
    expect(error.message).toContain('s3:PutObject on arn:aws:s3:::my-site/blog/*');
    expect(JSON.parse(statementIn(error.message))).toEqual({
      Effect: 'Allow',
      Action: ['s3:PutObject'],
      Resource: 'arn:aws:s3:::my-site/blog/*',
    });
    expect(error.message).toContain('print-policy');
  });

  it('says the ListBucket resource is the bucket ARN without /*', () => {
    const error = explain(s3Error('AccessDenied', 403, 'Access Denied'), 'ListObjectsV2');
    expect(error.message).toContain('s3:ListBucket on arn:aws:s3:::my-site ');
    expect(error.message).toContain('"Resource": "arn:aws:s3:::my-site"');
    expect(error.message).toMatch(/WITHOUT "\/\*"/);
  });

  it('prefers the action AWS names in its message', async () => {
    const message = deniedBy('s3:PutObjectAcl', '"arn:aws:s3:::my-site/blog/index.html"');
    const put = new PutObjectCommand({ Bucket: 'my-site', Key: 'blog/index.html', Body: 'x' });
    const raw = await sdkError(403, errorXml('AccessDenied', message), (s3) => s3.send(put));
    const error = explain(raw, 'PutObject', 'blog/index.html', { acl: 'public-read' });
    expect(error.message).toContain(
      'Missing permission: s3:PutObjectAcl on arn:aws:s3:::my-site/blog/*',
    );
    expect(error.message).not.toContain('permission: s3:PutObject on');
    expect(JSON.parse(statementIn(error.message)).Action).toEqual(['s3:PutObjectAcl']);
  });

  it('keeps the resource AWS names for an action outside this policy, such as a KMS key', () => {
    const key = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const raw = s3Error('AccessDenied', 403, deniedBy('kms:GenerateDataKey', key));
    expect(explain(raw, 'PutObject', 'blog/a.css').message).toContain(
      `kms:GenerateDataKey on ${key}`,
    );
  });

  it('says an explicit Deny cannot be fixed by adding an Allow', () => {
    const because = 'of an explicit deny in a resource-based policy';
    const message = deniedBy('s3:DeleteObject', '"arn:aws:s3:::my-site/blog/old.html"', because);
    const error = explain(s3Error('AccessDenied', 403, message), 'DeleteObjects', 'blog/old.html');
    expect(error.message).toMatch(/explicit Deny: adding an Allow will not help/);
    expect(error.message).toContain('s3:DeleteObject on arn:aws:s3:::my-site/blog/*');
  });

  it('explains a HeadObject 403, which has no body, with s3:GetObject and the 404 rule', async () => {
    const head = new HeadObjectCommand({ Bucket: 'my-site', Key: 'blog/a.html' });
    const raw = await sdkError(403, '', (s3) => s3.send(head));
    expect(isAccessDenied(raw)).toBe(true);
    const error = explain(raw, 'HeadObject', 'blog/a.html');
    expect(error).toBeInstanceOf(DeployError);
    expect(error.message).toContain('s3:GetObject on arn:aws:s3:::my-site/blog/*');
    expect(error.message).toContain(
      'Without s3:ListBucket on arn:aws:s3:::my-site, S3 also answers 403',
    );
    expect(error.message).not.toContain('UnknownError');
  });

  it('explains a CloudFront AccessDenied with the distribution ARN', () => {
    const message =
      'User: arn:aws:iam::123456789012:user/deployer is not authorized to perform: cloudfront:CreateInvalidation';
    const raw = new CloudFrontAccessDenied({ $metadata: { httpStatusCode: 403 }, message });
    const error = explain(raw, 'CreateInvalidation');
    expect(error.message).toContain('CloudFront distribution E2QWRUHAPOMQZL');
    expect(error.message).toContain(
      'cloudfront:CreateInvalidation on arn:aws:cloudfront::*:distribution/E2QWRUHAPOMQZL',
    );
  });

  it('treats only permission 403s as access denied', () => {
    expect(isAccessDenied(s3Error('AccessDenied', 403, 'Access Denied'))).toBe(true);
    expect(isAccessDenied(s3Error('SignatureDoesNotMatch', 403, 'no'))).toBe(false);
    expect(isAccessDenied(s3Error('NoSuchBucket', 404, 'no'))).toBe(false);
    expect(isAccessDenied(new Error('socket hang up'))).toBe(false);
    expect(isAccessDenied(undefined)).toBe(false);
  });
});

describe('recognised errors', () => {
  it('explains that the bucket has ACLs disabled and that the acl input must go', () => {
    const raw = s3Error('AccessControlListNotSupported', 400, 'The bucket does not allow ACLs');
    const error = explain(raw, 'PutObject', 'blog/index.html', { acl: 'public-read' });
    expect(error).toBeInstanceOf(DeployError);
    expect(error.message).toContain('Remove the "acl" input');
    expect(error.message).toContain('Bucket owner enforced');
    expect(error.message).toContain('April 2023');
    expect(error.message).toContain('bucket policy');
    expect(error.message).toContain('Origin Access Control');
  });

  it('names the bucket when it does not exist', () => {
    const raw = new NoSuchBucket({
      $metadata: { httpStatusCode: 404 },
      message: 'The specified bucket does not exist',
    });
    const error = explain(raw, 'ListObjectsV2');
    expect(error.message).toContain('Bucket "my-site" does not exist');
    for (const input of ['"bucket" input', '"endpoint" input', '"region"'])
      expect(error.message).toContain(input);
  });

  it('names the distribution input when the distribution does not exist', () => {
    const message = 'The specified distribution does not exist.';
    const error = explain(
      new NoSuchDistribution({ $metadata: { httpStatusCode: 404 }, message }),
      'CreateInvalidation',
    );
    expect(error.message).toContain('"E2QWRUHAPOMQZL"');
    expect(error.message).toContain('"distribution" input');
  });

  it('names the region input and the right region for a PermanentRedirect', async () => {
    const endpoint = '<Endpoint>my-site.s3.eu-west-1.amazonaws.com</Endpoint>';
    const xml = errorXml('PermanentRedirect', 'Use the specified endpoint.', endpoint);
    const raw = await sdkError(301, xml, (s3) => s3.send(list));
    expect(explain(raw, 'ListObjectsV2').message).toContain('"region" input to "eu-west-1"');
  });

  it('reads the region AWS expects from AuthorizationHeaderMalformed', () => {
    const message =
      "The authorization header is malformed; the region 'us-east-1' is wrong; expecting 'ap-southeast-2'";
    const raw = s3Error('AuthorizationHeaderMalformed', 400, message);
    expect(explain(raw, 'ListObjectsV2').message).toContain('"region" input to "ap-southeast-2"');
  });
});

// Every source the SDK's default credential chain reads before it gives up.
const CREDENTIAL_SOURCES = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_PROFILE',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
];

describe('credentials', () => {
  it('points to the standard credential chain when none are found', async () => {
    for (const name of CREDENTIAL_SOURCES) vi.stubEnv(name, undefined);
    vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
    vi.stubEnv('AWS_CONFIG_FILE', '/nonexistent/config');
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', '/nonexistent/credentials');
    const raw = await new S3Client({ region: 'us-east-1' }).send(list).then(
      () => expect.unreachable('credentials were found'),
      (error: unknown) => error,
    );
    expect((raw as Error).name).toBe('CredentialsProviderError');
    const error = explain(raw, 'ListObjectsV2');
    expect(error).toBeInstanceOf(DeployError);
    expect(error.message).toContain('aws-actions/configure-aws-credentials');
    expect(error.message).toContain('AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY');
  });

  it('never shows the access key, even when the S3 error carries it', async () => {
    const fields = `<AWSAccessKeyId>${ACCESS_KEY}</AWSAccessKeyId><StringToSign>AWS4</StringToSign>`;
    const xml = errorXml('SignatureDoesNotMatch', `Signature mismatch for ${ACCESS_KEY}`, fields);
    const raw = await sdkError(403, xml, (s3) => s3.send(list));
    expect(JSON.stringify(raw)).toMatch(LOOKS_LIKE_A_KEY);
    const error = explain(raw, 'ListObjectsV2');
    expect(error.message).toContain('SignatureDoesNotMatch');
    expect(error.message).not.toMatch(LOOKS_LIKE_A_KEY);
    expect(JSON.stringify(error.cause)).not.toMatch(LOOKS_LIKE_A_KEY);
    expect(String((error.cause as Error).stack)).not.toMatch(LOOKS_LIKE_A_KEY);
  });

  it('explains InvalidAccessKeyId and ExpiredToken without printing secrets', () => {
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', SECRET);
    for (const [name, status] of [
      ['InvalidAccessKeyId', 403],
      ['ExpiredToken', 400],
    ] as const) {
      const error = explain(
        s3Error(name, status, `Bad ${ACCESS_KEY} ${SECRET}`),
        'PutObject',
        'blog/a.html',
      );
      expect(error.message).toContain(name);
      expect(error.message).toContain('configure-aws-credentials');
      expect(error.message).not.toMatch(LOOKS_LIKE_A_KEY);
      expect(error.message).not.toContain(SECRET);
    }
  });
});

describe('anything else', () => {
  it('wraps the error with the operation and target, keeping it as the cause', () => {
    const raw = s3Error('InvalidStorageClass', 400, 'The storage class you specified is not valid');
    const error = explain(raw, 'PutObject', 'blog/a.html');
    expect(error).not.toBeInstanceOf(DeployError);
    expect(error.message).toBe(
      'PutObject failed for s3://my-site/blog/a.html: InvalidStorageClass (HTTP 400): The storage class you specified is not valid',
    );
    expect(error.cause).toBe(raw);
  });

  it('names the error and its status when the server sent no message (Ceph RGW)', () => {
    // RGW answers <Code>PreconditionFailed</Code><Message></Message>: the SDK says "UnknownError".
    const refused = explain(s3Error('PreconditionFailed', 412, 'UnknownError'), 'PutObject', 'x');
    expect(refused.message).toBe(
      'PutObject failed for s3://my-site/x: PreconditionFailed (HTTP 412)',
    );
    const lost = explain(s3Error('UnknownError', 500, 'UnknownError'), 'PutObject', 'x');
    expect(lost.message).toBe('PutObject failed for s3://my-site/x: HTTP 500');
  });

  it('removes access keys and signed URL parameters from any message', () => {
    const query = `X-Amz-Credential=${ACCESS_KEY}%2F20250101%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Signature=${'0a'.repeat(32)}`;
    const url = `https://my-site.s3.amazonaws.com/blog/a.html?X-Amz-Algorithm=AWS4-HMAC-SHA256&${query}`;
    const error = explain(new Error(`connect failed for ${url}`), 'GetObject', 'blog/a.html');
    expect(error.message).not.toMatch(LOOKS_LIKE_A_KEY);
    expect(error.message).not.toMatch(/X-Amz-Signature=[0-9a-f]/);
    expect(error.message).toContain('X-Amz-Signature=[redacted]');
  });

  it("removes Authorization header values and this process's secret key", () => {
    const header = `AWS4-HMAC-SHA256 Credential=${ACCESS_KEY}/20250101/us-east-1/s3/aws4_request, Signature=abc`;
    const clean = redactSecrets(`Authorization: ${header}\nsecret=${SECRET}`, {
      AWS_SECRET_ACCESS_KEY: SECRET,
    });
    expect(clean).not.toMatch(LOOKS_LIKE_A_KEY);
    expect(clean).not.toContain(SECRET);
    expect(clean).not.toContain('Signature=abc');
  });

  it('returns a DeployError untouched', () => {
    const deployError = new DeployError('already explained');
    expect(explain(deployError, 'PutObject')).toBe(deployError);
  });
});

/** The JSON statement inside an error message. */
function statementIn(message: string): string {
  const start = message.indexOf('{');
  return message.slice(start, message.indexOf('\n}', start) + 2);
}
